/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-session"

#include "config.h"

#include <string.h>

#include "loket-secure.h"
#include "loket-session.h"

/**
 * LoketSession:
 *
 * Everything of one citizen's visit, in memory only: which steps they ticked off, and (once
 * sign-in exists) what the registers returned. Nothing here is ever written to disk or to a log.
 * loket_session_wipe() zeroes what Loket owns and starts an empty visit.
 *
 * Signed in, the session holds the citizen's access token, their BSN and what the BRP said
 * (#LoketPerson), all three or none. Signing out, the token's lifetime running out, a back-end
 * refusing the token, and a wipe all cancel the visit's requests and zero these.
 */
struct _LoketSession
{
  GObject       parent_instance;

  GHashTable   *done_steps;  /* (owned) "event/step" → NULL */
  GCancellable *cancellable; /* (owned) cancelled on wipe: every request of this visit */

  char         *access_token; /* (owned) (nullable): zeroed when dropped */
  char         *bsn;          /* (owned) (nullable): zeroed when dropped */
  LoketPerson  *person;       /* (owned) (nullable): cleared when dropped */
  guint         expiry_id;    /* the access token's end */
  gboolean      sign_in_expired;
};

G_DEFINE_FINAL_TYPE (LoketSession, loket_session, G_TYPE_OBJECT)

enum
{
  STEP_CHANGED,
  WIPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_SIGNED_IN,
  PROP_SIGN_IN_EXPIRED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
step_key (const char *life_event_id,
          const char *step_id)
{
  return g_strconcat (life_event_id, "/", step_id, NULL);
}

static void
free_zeroed (gpointer data)
{
  char *str = data;

  if (str != NULL)
    memset (str, 0, strlen (str));
  g_free (str);
}

static void
renew_cancellable (LoketSession *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

/* Zeroes and drops the token, the BSN and the person; TRUE if there was a sign-in. */
static gboolean
drop_personal_data (LoketSession *self)
{
  gboolean was_signed_in = self->access_token != NULL;

  g_clear_handle_id (&self->expiry_id, g_source_remove);
  loket_secure_clear (&self->access_token);
  loket_secure_clear (&self->bsn);
  if (self->person != NULL)
    loket_person_clear (self->person);
  g_clear_object (&self->person);
  return was_signed_in;
}

static void
set_sign_in_expired (LoketSession *self,
                     gboolean      expired)
{
  if (self->sign_in_expired == expired)
    return;
  self->sign_in_expired = expired;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGN_IN_EXPIRED]);
}

static gboolean
on_token_expired_cb (gpointer user_data)
{
  LoketSession *self = user_data;

  self->expiry_id = 0;
  loket_session_expire_sign_in (self);
  return G_SOURCE_REMOVE;
}

static void
loket_session_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LoketSession *self = LOKET_SESSION (object);

  switch (prop_id)
    {
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, loket_session_get_signed_in (self));
      break;
    case PROP_SIGN_IN_EXPIRED:
      g_value_set_boolean (value, self->sign_in_expired);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_session_dispose (GObject *object)
{
  LoketSession *self = LOKET_SESSION (object);

  drop_personal_data (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->done_steps, g_hash_table_unref);

  G_OBJECT_CLASS (loket_session_parent_class)->dispose (object);
}

static void
loket_session_class_init (LoketSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_session_dispose;
  object_class->get_property = loket_session_get_property;

  /**
   * LoketSession:signed-in:
   *
   * Whether a citizen is signed in: the session holds their token, BSN and BRP data.
   */
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * LoketSession:sign-in-expired:
   *
   * The last sign-in ended by itself (its time ran out, or a back-end refused the token), so a
   * page can say so. Cleared by a new sign-in, a sign-out and a wipe.
   */
  properties[PROP_SIGN_IN_EXPIRED] =
    g_param_spec_boolean ("sign-in-expired", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LoketSession::step-changed:
   *
   * A step was ticked off or unticked.
   */
  signals[STEP_CHANGED] = g_signal_new ("step-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING,
                                        G_TYPE_BOOLEAN);
  /**
   * LoketSession::wiped:
   *
   * Everything of the visit was dropped; pages showing any of it reset themselves.
   */
  signals[WIPED] = g_signal_new ("wiped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
loket_session_init (LoketSession *self)
{
  self->done_steps = g_hash_table_new_full (g_str_hash, g_str_equal, free_zeroed, NULL);
  self->cancellable = g_cancellable_new ();
}

LoketSession *
loket_session_new (void)
{
  return g_object_new (LOKET_TYPE_SESSION, NULL);
}

gboolean
loket_session_get_step_done (LoketSession *self,
                             const char   *life_event_id,
                             const char   *step_id)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (LOKET_IS_SESSION (self), FALSE);
  g_return_val_if_fail (life_event_id != NULL && step_id != NULL, FALSE);

  key = step_key (life_event_id, step_id);
  return g_hash_table_contains (self->done_steps, key);
}

void
loket_session_set_step_done (LoketSession *self,
                             const char   *life_event_id,
                             const char   *step_id,
                             gboolean      done)
{
  g_autofree char *key = NULL;

  g_return_if_fail (LOKET_IS_SESSION (self));
  g_return_if_fail (life_event_id != NULL && step_id != NULL);

  done = !!done;
  if (loket_session_get_step_done (self, life_event_id, step_id) == done)
    return;

  key = step_key (life_event_id, step_id);
  if (done)
    g_hash_table_add (self->done_steps, g_steal_pointer (&key));
  else
    g_hash_table_remove (self->done_steps, key);

  g_signal_emit (self, signals[STEP_CHANGED], 0, life_event_id, step_id, done);
}

guint
loket_session_count_done (LoketSession *self,
                          const char   *life_event_id)
{
  g_autofree char *prefix = NULL;
  GHashTableIter iter;
  gpointer key;
  guint n = 0;

  g_return_val_if_fail (LOKET_IS_SESSION (self), 0);
  g_return_val_if_fail (life_event_id != NULL, 0);

  prefix = g_strconcat (life_event_id, "/", NULL);
  g_hash_table_iter_init (&iter, self->done_steps);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix))
      n++;
  return n;
}

/**
 * loket_session_get_cancellable:
 *
 * Returns: (transfer none): the cancellable every request of this visit uses; it is cancelled
 *   and replaced when the session is wiped
 */
GCancellable *
loket_session_get_cancellable (LoketSession *self)
{
  g_return_val_if_fail (LOKET_IS_SESSION (self), NULL);

  return self->cancellable;
}

void
loket_session_wipe (LoketSession *self)
{
  g_return_if_fail (LOKET_IS_SESSION (self));

  renew_cancellable (self);

  g_hash_table_remove_all (self->done_steps);
  if (drop_personal_data (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
  set_sign_in_expired (self, FALSE);

  g_message ("Session wiped");
  g_signal_emit (self, signals[WIPED], 0);
}

/**
 * loket_session_sign_in:
 * @access_token: the citizen's bearer token
 * @expires_in: seconds the token is valid, or 0 if unknown
 * @bsn: the citizen's BSN
 * @person: what the BRP said about them
 *
 * The citizen signed in. The session copies @access_token and @bsn and takes a reference on
 * @person; when @expires_in seconds have passed, the sign-in ends by itself.
 */
void
loket_session_sign_in (LoketSession *self,
                       const char   *access_token,
                       guint         expires_in,
                       const char   *bsn,
                       LoketPerson  *person)
{
  g_return_if_fail (LOKET_IS_SESSION (self));
  g_return_if_fail (access_token != NULL && bsn != NULL);
  g_return_if_fail (LOKET_IS_PERSON (person));

  drop_personal_data (self);
  self->access_token = g_strdup (access_token);
  self->bsn = g_strdup (bsn);
  self->person = g_object_ref (person);
  if (expires_in > 0)
    self->expiry_id = g_timeout_add_seconds (expires_in, on_token_expired_cb, self);
  set_sign_in_expired (self, FALSE);
  g_message ("Signed in");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

/**
 * loket_session_sign_out:
 *
 * The citizen signed out: their requests are cancelled and their personal data zeroed; the
 * rest of the visit (ticked steps) stays.
 */
void
loket_session_sign_out (LoketSession *self)
{
  g_return_if_fail (LOKET_IS_SESSION (self));

  renew_cancellable (self);
  set_sign_in_expired (self, FALSE);
  if (drop_personal_data (self))
    {
      g_message ("Signed out");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
    }
}

/**
 * loket_session_expire_sign_in:
 *
 * The sign-in ended by itself: the token's time ran out, or a back-end refused it (401). As
 * loket_session_sign_out(), and #LoketSession:sign-in-expired becomes %TRUE.
 */
void
loket_session_expire_sign_in (LoketSession *self)
{
  g_return_if_fail (LOKET_IS_SESSION (self));

  if (self->access_token == NULL)
    return;
  renew_cancellable (self);
  drop_personal_data (self);
  g_message ("Sign-in expired");
  set_sign_in_expired (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

gboolean
loket_session_get_signed_in (LoketSession *self)
{
  g_return_val_if_fail (LOKET_IS_SESSION (self), FALSE);

  return self->access_token != NULL;
}

gboolean
loket_session_get_sign_in_expired (LoketSession *self)
{
  g_return_val_if_fail (LOKET_IS_SESSION (self), FALSE);

  return self->sign_in_expired;
}

/**
 * loket_session_get_access_token:
 *
 * Returns: (nullable): the citizen's access token; never keep a copy
 */
const char *
loket_session_get_access_token (LoketSession *self)
{
  g_return_val_if_fail (LOKET_IS_SESSION (self), NULL);

  return self->access_token;
}

/**
 * loket_session_get_bsn:
 *
 * Returns: (nullable): the signed-in citizen's BSN; never keep a copy
 */
const char *
loket_session_get_bsn (LoketSession *self)
{
  g_return_val_if_fail (LOKET_IS_SESSION (self), NULL);

  return self->bsn;
}

/**
 * loket_session_get_person:
 *
 * Returns: (transfer none) (nullable): what the BRP said about the signed-in citizen; read it,
 *   never keep a reference past #LoketSession:signed-in turning %FALSE
 */
LoketPerson *
loket_session_get_person (LoketSession *self)
{
  g_return_val_if_fail (LOKET_IS_SESSION (self), NULL);

  return self->person;
}
