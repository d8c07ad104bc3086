/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-device-flow"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "loket-bsn.h"
#include "loket-device-flow.h"
#include "loket-error.h"
#include "loket-http.h"
#include "loket-secure.h"

/**
 * LoketDeviceFlow:
 *
 * The kiosk's side of the OAuth 2.0 Device Authorization Grant (RFC 8628): ask for a device
 * code and a user code, then poll the token endpoint until the citizen has signed in on their
 * phone. Polling waits `interval` seconds between requests and 5 seconds more after every
 * `slow_down`; `expired_token` (or the code's own lifetime running out) gives
 * %LOKET_ERROR_EXPIRED and `access_denied` %LOKET_ERROR_DENIED. The device code never leaves
 * this object and is zeroed with it. Only events are logged, never a code or a token.
 */
struct _LoketDeviceFlow
{
  GObject         parent_instance;

  SoupSession    *session;     /* (owned) */
  LoketEndpoints *endpoints;   /* (owned) */
  char           *device_code; /* (owned) (nullable): secret, zeroed */
  gint64          expires_at;  /* monotonic µs */
  guint           interval;    /* seconds */
  guint           time_unit;   /* milliseconds per protocol second; 1000 but in tests */
};

G_DEFINE_FINAL_TYPE (LoketDeviceFlow, loket_device_flow, G_TYPE_OBJECT)

#define DEFAULT_INTERVAL 5
#define SLOW_DOWN_STEP   5

void
loket_device_code_free (LoketDeviceCode *code)
{
  if (code == NULL)
    return;
  g_free (code->user_code);
  g_free (code->verification_uri);
  g_free (code->verification_uri_complete);
  g_free (code);
}

void
loket_access_token_free (LoketAccessToken *token)
{
  if (token == NULL)
    return;
  loket_secure_free (token->access_token);
  g_free (token);
}

static SoupMessage *
form_message (const char  *url,
              GHashTable  *form,
              GError     **error)
{
  g_autoptr(SoupMessage) msg = loket_http_message_new ("POST", url, error);
  g_autoptr(GBytes) body = NULL;
  char *encoded;

  if (msg == NULL)
    return NULL;
  encoded = soup_form_encode_hash (form);
  body = g_bytes_new_with_free_func (encoded, strlen (encoded), loket_secure_free, encoded);
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");
  return g_steal_pointer (&msg);
}

static gboolean
uint_member (JsonObject *object,
             const char *member,
             guint      *value)
{
  gint64 n = loket_json_get_int (object, member, -1); /* -1: absent or not an integer */

  if (n < 0 || n > G_MAXINT32)
    return FALSE;
  *value = (guint) n;
  return TRUE;
}

/**
 * loket_device_code_parse:
 * @root: the device authorization answer
 * @device_code: (out): the device code, a secret: free it with loket_secure_free()
 *
 * Decodes a device authorization answer (RFC 8628 §3.2); also the fuzz target's entry.
 *
 * Returns: (transfer full) (nullable): the codes, or %NULL with %LOKET_ERROR_INVALID_DATA
 */
LoketDeviceCode *
loket_device_code_parse (JsonNode  *root,
                         char     **device_code,
                         GError   **error)
{
  g_autoptr(LoketDeviceCode) code = g_new0 (LoketDeviceCode, 1);
  JsonObject *object_;
  const char *device, *user_code, *uri, *complete;
  guint interval = DEFAULT_INTERVAL;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (device_code != NULL, NULL);

  object_ = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  device = object_ ? loket_json_get_string (object_, "device_code") : NULL;
  user_code = object_ ? loket_json_get_string (object_, "user_code") : NULL;
  uri = object_ ? loket_json_get_string (object_, "verification_uri") : NULL;
  complete = object_ ? loket_json_get_string (object_, "verification_uri_complete") : NULL;
  if (device == NULL || *device == '\0' || user_code == NULL || *user_code == '\0'
      || uri == NULL || !uint_member (object_, "expires_in", &code->expires_in)
      || code->expires_in == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                   "The device authorization answer lacks a required member");
      return NULL;
    }
  if (json_object_has_member (object_, "interval") && !uint_member (object_, "interval", &interval))
    interval = DEFAULT_INTERVAL;

  code->user_code = g_strdup (user_code);
  code->verification_uri = g_strdup (uri);
  code->verification_uri_complete = g_strdup (complete);
  code->interval = interval;
  *device_code = g_strdup (device);
  return g_steal_pointer (&code);
}

/**
 * loket_access_token_parse:
 * @reply: a token answer with status 200
 *
 * Decodes a successful token answer (RFC 6749 §5.1); also the fuzz target's entry.
 *
 * Returns: (transfer full) (nullable): the token, or %NULL with %LOKET_ERROR_INVALID_DATA
 */
LoketAccessToken *
loket_access_token_parse (JsonObject  *reply,
                          GError     **error)
{
  LoketAccessToken *access;
  const char *type = loket_json_get_string (reply, "token_type");
  const char *token = loket_json_get_string (reply, "access_token");

  if (token == NULL || *token == '\0' || type == NULL || g_ascii_strcasecmp (type, "Bearer") != 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                   "The token answer lacks a bearer access token");
      return NULL;
    }
  access = g_new0 (LoketAccessToken, 1);
  access->access_token = g_strdup (token);
  if (!uint_member (reply, "expires_in", &access->expires_in))
    access->expires_in = 0;
  return access;
}

/**
 * loket_userinfo_parse:
 * @root: the userinfo answer
 *
 * Returns: (transfer full) (nullable): the valid `bsn` claim (free it with loket_secure_free()),
 *   or %NULL with %LOKET_ERROR_INVALID_DATA
 */
char *
loket_userinfo_parse (JsonNode  *root,
                      GError   **error)
{
  const char *bsn = NULL;

  if (JSON_NODE_HOLDS_OBJECT (root))
    bsn = loket_json_get_string (json_node_get_object (root), "bsn");
  if (bsn == NULL || !loket_bsn_is_valid (bsn))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                   "The userinfo answer has no valid bsn claim");
      return NULL;
    }
  return g_strdup (bsn);
}

/* ---- start ---- */

static void
on_device_code_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoketDeviceFlow *self = g_task_get_source_object (task);
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(LoketDeviceCode) code = NULL;
  char *device_code = NULL;
  guint interval;

  body = loket_http_send_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL || !loket_http_check_status (msg, &error)
      || (root = loket_http_parse_json (body, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if ((code = loket_device_code_parse (root, &device_code, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  interval = code->interval;

  loket_secure_clear (&self->device_code);
  self->device_code = g_steal_pointer (&device_code);
  self->interval = MAX (interval, 1);
  self->expires_at = g_get_monotonic_time ()
                     + (gint64) code->expires_in * self->time_unit * G_TIME_SPAN_MILLISECOND;
  g_debug ("Device code issued, valid %u s, interval %u s", code->expires_in, interval);
  g_task_return_pointer (task, g_steal_pointer (&code), (GDestroyNotify) loket_device_code_free);
}

/* ---- poll ---- */

typedef struct
{
  SoupMessage  *msg;         /* (owned) (nullable): the request in flight */
  guint         timer;       /* the next poll */
  GCancellable *cancellable; /* (owned) (nullable) */
  gulong        cancelled_id;
} Poll;

static void
poll_free (Poll *poll)
{
  if (poll->cancelled_id != 0)
    g_cancellable_disconnect (poll->cancellable, poll->cancelled_id);
  g_clear_object (&poll->cancellable);
  g_clear_handle_id (&poll->timer, g_source_remove);
  g_clear_object (&poll->msg);
  g_free (poll);
}

static void schedule_poll (GTask *task);

static void
on_token_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoketDeviceFlow *self = g_task_get_source_object (task);
  Poll *poll = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = g_steal_pointer (&poll->msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  JsonNode *root = NULL;
  JsonObject *reply;
  const char *oauth_error;
  guint status;

  body = loket_http_send_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  status = soup_message_get_status (msg);
  root = loket_http_parse_json (body, NULL);
  g_clear_pointer (&body, loket_secure_bytes_free);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_clear_pointer (&root, loket_secure_json_node_free);
      if (!loket_http_check_status (msg, &error))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                                 "The token answer is not a JSON object");
      return;
    }
  reply = json_node_get_object (root);

  if (status == SOUP_STATUS_OK)
    {
      LoketAccessToken *access = loket_access_token_parse (reply, &error);

      if (access == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          loket_secure_clear (&self->device_code);
          g_message ("Sign-in approved");
          g_task_return_pointer (task, access, (GDestroyNotify) loket_access_token_free);
        }
      loket_secure_json_node_free (root);
      return;
    }

  oauth_error = loket_json_get_string (reply, "error");
  if (g_strcmp0 (oauth_error, "authorization_pending") == 0)
    schedule_poll (g_steal_pointer (&task));
  else if (g_strcmp0 (oauth_error, "slow_down") == 0)
    {
      self->interval += SLOW_DOWN_STEP;
      g_debug ("Asked to slow down: polling every %u s", self->interval);
      schedule_poll (g_steal_pointer (&task));
    }
  else if (g_strcmp0 (oauth_error, "expired_token") == 0)
    {
      g_message ("Sign-in code expired");
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_EXPIRED, "The device code expired");
    }
  else if (g_strcmp0 (oauth_error, "access_denied") == 0)
    {
      g_message ("Sign-in refused");
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_DENIED, "The citizen refused");
    }
  else if (!loket_http_check_status (msg, &error) && oauth_error == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                             "The token endpoint answered %u with error %s", status,
                             oauth_error ? oauth_error : "(none)");
  loket_secure_json_node_free (root);
}

static gboolean
on_poll_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  LoketDeviceFlow *self = g_task_get_source_object (task);
  Poll *poll = g_task_get_task_data (task);
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  poll->timer = 0;
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }
  if (g_get_monotonic_time () >= self->expires_at || self->device_code == NULL)
    {
      g_message ("Sign-in code expired");
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_EXPIRED, "The device code expired");
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  g_hash_table_insert (form, "grant_type", LOKET_DEVICE_GRANT_TYPE);
  g_hash_table_insert (form, "device_code", self->device_code);
  g_hash_table_insert (form, "client_id", self->endpoints->client_id);
  poll->msg = form_message (self->endpoints->token_endpoint, form, &error);
  if (poll->msg == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }
  loket_http_send_async (self->session, poll->msg, 0, g_task_get_cancellable (task), on_token_cb,
                         task);
  return G_SOURCE_REMOVE;
}

/* Takes @task; the next poll after the current interval. */
static void
schedule_poll (GTask *task)
{
  LoketDeviceFlow *self = g_task_get_source_object (task);
  Poll *poll = g_task_get_task_data (task);

  g_assert (poll->timer == 0);
  poll->timer = g_timeout_add (self->interval * self->time_unit, on_poll_timeout_cb, task);
}

/* A request in flight ends by itself; a wait for the next poll is cut short. */
static void
on_poll_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  GTask *task = user_data;
  Poll *poll = g_task_get_task_data (task);

  if (poll->timer == 0)
    return;
  g_source_remove (poll->timer);
  poll->timer = g_idle_add (on_poll_timeout_cb, task);
}

static void
loket_device_flow_dispose (GObject *object)
{
  LoketDeviceFlow *self = LOKET_DEVICE_FLOW (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (loket_device_flow_parent_class)->dispose (object);
}

static void
loket_device_flow_finalize (GObject *object)
{
  LoketDeviceFlow *self = LOKET_DEVICE_FLOW (object);

  loket_secure_clear (&self->device_code);
  g_clear_pointer (&self->endpoints, loket_endpoints_free);

  G_OBJECT_CLASS (loket_device_flow_parent_class)->finalize (object);
}

static void
loket_device_flow_class_init (LoketDeviceFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_device_flow_dispose;
  object_class->finalize = loket_device_flow_finalize;
}

static void
loket_device_flow_init (LoketDeviceFlow *self)
{
  self->time_unit = 1000;
  self->interval = DEFAULT_INTERVAL;
}

/**
 * loket_device_flow_new:
 * @session: the HTTP session
 * @endpoints: where the device authorization and token endpoints are, and the client id
 */
LoketDeviceFlow *
loket_device_flow_new (SoupSession          *session,
                       const LoketEndpoints *endpoints)
{
  LoketDeviceFlow *self;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (endpoints != NULL, NULL);

  self = g_object_new (LOKET_TYPE_DEVICE_FLOW, NULL);
  self->session = g_object_ref (session);
  self->endpoints = loket_endpoints_copy (endpoints);
  return self;
}

/**
 * loket_device_flow_set_time_unit:
 * @ms_per_second: how long a protocol second lasts, in milliseconds (1000)
 *
 * For tests: runs intervals, `slow_down` and the code's lifetime on a faster clock.
 */
void
loket_device_flow_set_time_unit (LoketDeviceFlow *self,
                                 guint            ms_per_second)
{
  g_return_if_fail (LOKET_IS_DEVICE_FLOW (self));
  g_return_if_fail (ms_per_second > 0);

  self->time_unit = ms_per_second;
}

/**
 * loket_device_flow_get_interval:
 *
 * Returns: the seconds between polls now, after any `slow_down`
 */
guint
loket_device_flow_get_interval (LoketDeviceFlow *self)
{
  g_return_val_if_fail (LOKET_IS_DEVICE_FLOW (self), 0);

  return self->interval;
}

void
loket_device_flow_start_async (LoketDeviceFlow     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  SoupMessage *msg;

  g_return_if_fail (LOKET_IS_DEVICE_FLOW (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_device_flow_start_async);

  g_hash_table_insert (form, "client_id", self->endpoints->client_id);
  g_hash_table_insert (form, "scope", "openid bsn");
  if ((msg = form_message (self->endpoints->device_authorization_endpoint, form, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, msg, g_object_unref);
  loket_http_send_async (self->session, msg, 0, cancellable, on_device_code_cb,
                         g_steal_pointer (&task));
}

/**
 * loket_device_flow_start_finish:
 *
 * Returns: (transfer full): the codes to show
 */
LoketDeviceCode *
loket_device_flow_start_finish (LoketDeviceFlow  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (LOKET_IS_DEVICE_FLOW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * loket_device_flow_poll_async:
 *
 * Polls the token endpoint, after the interval, until the citizen signed in, refused, or the
 * code expired. Call after loket_device_flow_start_finish().
 */
void
loket_device_flow_poll_async (LoketDeviceFlow     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  Poll *poll;

  g_return_if_fail (LOKET_IS_DEVICE_FLOW (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_device_flow_poll_async);
  poll = g_new0 (Poll, 1);
  g_task_set_task_data (task, poll, (GDestroyNotify) poll_free);
  if (cancellable != NULL)
    {
      poll->cancellable = g_object_ref (cancellable);
      poll->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_poll_cancelled_cb),
                                                  task, NULL);
    }

  if (self->device_code == NULL)
    {
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_EXPIRED, "No device code");
      g_object_unref (task);
      return;
    }
  schedule_poll (task);
}

/**
 * loket_device_flow_poll_finish:
 *
 * Returns: (transfer full): the access token
 */
LoketAccessToken *
loket_device_flow_poll_finish (LoketDeviceFlow  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (LOKET_IS_DEVICE_FLOW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- userinfo ---- */

static void
on_userinfo_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GBytes *body;
  JsonNode *root = NULL;
  char *bsn;

  body = loket_http_send_finish (SOUP_SESSION (object), result, &error);
  loket_http_clear_bearer (msg);
  if (body == NULL || !loket_http_check_status (msg, &error)
      || (root = loket_http_parse_json (body, &error)) == NULL)
    {
      loket_secure_bytes_free (body);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  loket_secure_bytes_free (body);

  if ((bsn = loket_userinfo_parse (root, &error)) == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, bsn, loket_secure_free);
  loket_secure_json_node_free (root);
}

/**
 * loket_userinfo_fetch_async:
 * @endpoint: the OpenID Connect userinfo endpoint
 * @token: the citizen's access token
 *
 * Asks who signed in: the `bsn` claim (as Open Formulieren's DigiD brokers name it).
 */
void
loket_userinfo_fetch_async (SoupSession         *session,
                            const char          *endpoint,
                            const char          *token,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *msg;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (token != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_userinfo_fetch_async);
  if ((msg = loket_http_message_new ("GET", endpoint, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, msg, g_object_unref);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");
  loket_http_set_bearer (msg, token);
  loket_http_send_async (session, msg, 0, cancellable, on_userinfo_cb, g_steal_pointer (&task));
}

/**
 * loket_userinfo_fetch_finish:
 *
 * Returns: (transfer full): the citizen's BSN; free it with loket_secure_free()
 */
char *
loket_userinfo_fetch_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
