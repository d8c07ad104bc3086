/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-sign-in"

#include "config.h"

#include "loket-brp-client.h"
#include "loket-error.h"
#include "loket-secure.h"
#include "loket-sign-in.h"

/**
 * LoketSignIn:
 *
 * One attempt to sign a citizen in, from the code on the screen to the BRP's answer in the
 * session: discovery → device code (#LoketSignIn:state WAITING) → poll → userinfo (whose BSN)
 * → BRP Personen → loket_session_sign_in(). The session becomes signed in only with all of it;
 * when a step fails, what was already received is zeroed and the state is FAILED with a
 * #LOKET_ERROR. Wiping the session cancels the attempt. Pages observe #LoketSignIn:state.
 */
struct _LoketSignIn
{
  GObject           parent_instance;

  LoketDiscovery   *discovery;   /* (owned) */
  LoketSession     *session;     /* (owned) */
  LoketSignInState  state;
  GCancellable     *cancellable; /* (owned) (nullable): the attempt in progress */
  gulong            session_cancel_id;
  GCancellable     *session_cancellable; /* (owned) (nullable) */
  LoketEndpoints   *endpoints;   /* (owned) (nullable) */
  LoketDeviceFlow  *flow;        /* (owned) (nullable) */
  LoketDeviceCode  *code;        /* (owned) (nullable) */
  gint64            expires_at;
  LoketAccessToken *token;       /* (owned) (nullable): until handed to the session */
  char             *bsn;         /* (owned) (nullable): until handed to the session */
  GError           *error;       /* (owned) (nullable) */
  guint             time_unit;
  guint             brp_deadline;
};

G_DEFINE_FINAL_TYPE (LoketSignIn, loket_sign_in, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A callback's context: the attempt it belongs to, so a late answer of a cancelled attempt is
 * dropped. */
typedef struct
{
  LoketSignIn  *self;        /* (owned) */
  GCancellable *cancellable; /* (owned) */
} Step;

static Step *
step_new (LoketSignIn *self)
{
  Step *step = g_new0 (Step, 1);

  step->self = g_object_ref (self);
  step->cancellable = g_object_ref (self->cancellable);
  return step;
}

static void
step_free (Step *step)
{
  g_object_unref (step->self);
  g_object_unref (step->cancellable);
  g_free (step);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Step, step_free)

static gboolean
step_is_current (Step         *step,
                 const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  return step->cancellable == step->self->cancellable
         && !g_cancellable_is_cancelled (step->cancellable);
}

static void
set_state (LoketSignIn      *self,
           LoketSignInState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
drop_attempt (LoketSignIn *self)
{
  if (self->session_cancel_id != 0)
    g_cancellable_disconnect (self->session_cancellable, self->session_cancel_id);
  self->session_cancel_id = 0;
  g_clear_object (&self->session_cancellable);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->flow);
  g_clear_pointer (&self->code, loket_device_code_free);
  g_clear_pointer (&self->token, loket_access_token_free);
  g_clear_pointer (&self->endpoints, loket_endpoints_free);
  loket_secure_clear (&self->bsn);
  self->expires_at = 0;
}

static void
fail (LoketSignIn *self,
      GError      *error)
{
  drop_attempt (self);
  g_clear_error (&self->error);
  self->error = error;
  set_state (self, LOKET_SIGN_IN_FAILED);
}

static void
on_persons_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  LoketSignIn *self = step->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) persons = NULL;

  persons = loket_brp_client_query_finish (LOKET_BRP_CLIENT (object), result, &error);
  if (!step_is_current (step, error))
    return;
  if (persons == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  if (persons->len != 1)
    {
      g_message ("The BRP does not know the signed-in citizen");
      fail (self, g_error_new_literal (LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                                       "The BRP answered with no person"));
      return;
    }

  loket_session_sign_in (self->session, self->token->access_token, self->token->expires_in,
                         self->bsn, persons->pdata[0]);
  drop_attempt (self);
  set_state (self, LOKET_SIGN_IN_DONE);
}

static void
on_userinfo_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  LoketSignIn *self = step->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketBrpClient) brp = NULL;
  char *bsn;
  const char *bsns[2] = { NULL, NULL };

  bsn = loket_userinfo_fetch_finish (result, &error);
  if (!step_is_current (step, error))
    {
      loket_secure_free (bsn);
      return;
    }
  if (bsn == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  self->bsn = bsn;

  brp = loket_brp_client_new (loket_discovery_get_session (self->discovery),
                              self->endpoints->brp_personen_endpoint);
  if (self->brp_deadline > 0)
    loket_brp_client_set_deadline (brp, self->brp_deadline);
  bsns[0] = self->bsn;
  loket_brp_client_query_async (brp, self->token->access_token, bsns, NULL, self->cancellable,
                                on_persons_cb, step_new (self));
}

static void
on_token_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  LoketSignIn *self = step->self;
  g_autoptr(GError) error = NULL;
  LoketAccessToken *token;

  token = loket_device_flow_poll_finish (LOKET_DEVICE_FLOW (object), result, &error);
  if (!step_is_current (step, error))
    {
      loket_access_token_free (token);
      return;
    }
  if (token == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  self->token = token;
  set_state (self, LOKET_SIGN_IN_FETCHING);

  if (self->endpoints->userinfo_endpoint == NULL || self->endpoints->brp_personen_endpoint == NULL)
    {
      fail (self, g_error_new_literal (LOKET_ERROR, LOKET_ERROR_UNAVAILABLE,
                                       "The back-end names no userinfo or BRP endpoint"));
      return;
    }
  loket_userinfo_fetch_async (loket_discovery_get_session (self->discovery),
                              self->endpoints->userinfo_endpoint, self->token->access_token,
                              self->cancellable, on_userinfo_cb, step_new (self));
}

static void
on_code_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  LoketSignIn *self = step->self;
  g_autoptr(GError) error = NULL;
  LoketDeviceCode *code;

  code = loket_device_flow_start_finish (LOKET_DEVICE_FLOW (object), result, &error);
  if (!step_is_current (step, error))
    {
      loket_device_code_free (code);
      return;
    }
  if (code == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  self->code = code;
  self->expires_at = g_get_monotonic_time ()
                     + (gint64) code->expires_in * self->time_unit * G_TIME_SPAN_MILLISECOND;
  set_state (self, LOKET_SIGN_IN_WAITING);
  loket_device_flow_poll_async (self->flow, self->cancellable, on_token_cb, step_new (self));
}

static void
on_endpoints_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  LoketSignIn *self = step->self;
  g_autoptr(GError) error = NULL;
  LoketEndpoints *endpoints;

  endpoints = loket_discovery_load_finish (LOKET_DISCOVERY (object), result, &error);
  if (!step_is_current (step, error))
    {
      g_clear_pointer (&endpoints, loket_endpoints_free);
      return;
    }
  if (endpoints == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  self->endpoints = endpoints;
  self->flow = loket_device_flow_new (loket_discovery_get_session (self->discovery), endpoints);
  loket_device_flow_set_time_unit (self->flow, self->time_unit);
  loket_device_flow_start_async (self->flow, self->cancellable, on_code_cb, step_new (self));
}

static void
on_session_cancelled_cb (GCancellable *session_cancellable,
                         GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
on_session_wiped_cb (LoketSignIn *self)
{
  if (self->state != LOKET_SIGN_IN_IDLE)
    loket_sign_in_cancel (self);
}

static void
loket_sign_in_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LoketSignIn *self = LOKET_SIGN_IN (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_sign_in_dispose (GObject *object)
{
  LoketSignIn *self = LOKET_SIGN_IN (object);

  drop_attempt (self);
  g_clear_object (&self->session);
  g_clear_object (&self->discovery);

  G_OBJECT_CLASS (loket_sign_in_parent_class)->dispose (object);
}

static void
loket_sign_in_finalize (GObject *object)
{
  LoketSignIn *self = LOKET_SIGN_IN (object);

  g_clear_error (&self->error);

  G_OBJECT_CLASS (loket_sign_in_parent_class)->finalize (object);
}

static void
loket_sign_in_class_init (LoketSignInClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = loket_sign_in_get_property;
  object_class->dispose = loket_sign_in_dispose;
  object_class->finalize = loket_sign_in_finalize;

  /* A #LoketSignInState. */
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, LOKET_SIGN_IN_IDLE, LOKET_SIGN_IN_FAILED,
                       LOKET_SIGN_IN_IDLE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
loket_sign_in_init (LoketSignIn *self)
{
  self->time_unit = 1000;
}

LoketSignIn *
loket_sign_in_new (LoketDiscovery *discovery,
                   LoketSession   *session)
{
  LoketSignIn *self;

  g_return_val_if_fail (LOKET_IS_DISCOVERY (discovery), NULL);
  g_return_val_if_fail (LOKET_IS_SESSION (session), NULL);

  self = g_object_new (LOKET_TYPE_SIGN_IN, NULL);
  self->discovery = g_object_ref (discovery);
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "wiped", G_CALLBACK (on_session_wiped_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

/**
 * loket_sign_in_start:
 *
 * Starts a new attempt; one in progress is cancelled first.
 */
void
loket_sign_in_start (LoketSignIn *self)
{
  g_return_if_fail (LOKET_IS_SIGN_IN (self));

  drop_attempt (self);
  g_clear_error (&self->error);
  self->cancellable = g_cancellable_new ();
  self->session_cancellable = g_object_ref (loket_session_get_cancellable (self->session));
  self->session_cancel_id = g_cancellable_connect (self->session_cancellable,
                                                   G_CALLBACK (on_session_cancelled_cb),
                                                   g_object_ref (self->cancellable),
                                                   g_object_unref);
  g_message ("Sign-in started");
  set_state (self, LOKET_SIGN_IN_STARTING);
  loket_discovery_load_async (self->discovery, self->cancellable, on_endpoints_cb, step_new (self));
}

/**
 * loket_sign_in_cancel:
 *
 * Stops the attempt and zeroes what it received; the state goes back to IDLE.
 */
void
loket_sign_in_cancel (LoketSignIn *self)
{
  g_return_if_fail (LOKET_IS_SIGN_IN (self));

  if (self->state == LOKET_SIGN_IN_STARTING || self->state == LOKET_SIGN_IN_WAITING
      || self->state == LOKET_SIGN_IN_FETCHING)
    g_message ("Sign-in cancelled");
  drop_attempt (self);
  g_clear_error (&self->error);
  set_state (self, LOKET_SIGN_IN_IDLE);
}

LoketSignInState
loket_sign_in_get_state (LoketSignIn *self)
{
  g_return_val_if_fail (LOKET_IS_SIGN_IN (self), LOKET_SIGN_IN_IDLE);

  return self->state;
}

/**
 * loket_sign_in_get_code:
 *
 * Returns: (nullable): the codes to show, while WAITING
 */
const LoketDeviceCode *
loket_sign_in_get_code (LoketSignIn *self)
{
  g_return_val_if_fail (LOKET_IS_SIGN_IN (self), NULL);

  return self->code;
}

/**
 * loket_sign_in_get_expires_at:
 *
 * Returns: the monotonic time (µs) at which the code shown stops working, or 0
 */
gint64
loket_sign_in_get_expires_at (LoketSignIn *self)
{
  g_return_val_if_fail (LOKET_IS_SIGN_IN (self), 0);

  return self->expires_at;
}

/**
 * loket_sign_in_get_error:
 *
 * Returns: (nullable): why the attempt FAILED, a #LOKET_ERROR
 */
const GError *
loket_sign_in_get_error (LoketSignIn *self)
{
  g_return_val_if_fail (LOKET_IS_SIGN_IN (self), NULL);

  return self->error;
}

/**
 * loket_sign_in_set_time_unit:
 *
 * For tests: see loket_device_flow_set_time_unit().
 */
void
loket_sign_in_set_time_unit (LoketSignIn *self,
                             guint        ms_per_second)
{
  g_return_if_fail (LOKET_IS_SIGN_IN (self));
  g_return_if_fail (ms_per_second > 0);

  self->time_unit = ms_per_second;
}

/**
 * loket_sign_in_set_brp_deadline:
 *
 * The most the BRP may take to answer (default %LOKET_HTTP_DEFAULT_DEADLINE).
 */
void
loket_sign_in_set_brp_deadline (LoketSignIn *self,
                                guint        deadline_ms)
{
  g_return_if_fail (LOKET_IS_SIGN_IN (self));

  self->brp_deadline = deadline_ms;
}
