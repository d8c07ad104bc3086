/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-discovery"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "loket-discovery.h"
#include "loket-error.h"
#include "loket-http.h"

/**
 * LoketDiscovery:
 *
 * Reads and keeps the back-end's discovery document, `{base}/.well-known/loket`, which names
 * every endpoint (the OAuth ones with RFC 8414's names), and owns the #SoupSession of the
 * citizen's requests. A document is used for %LOKET_DISCOVERY_MAX_AGE seconds; a failed request
 * is not cached.
 */
struct _LoketDiscovery
{
  GObject         parent_instance;

  char           *base_url;  /* (owned): without a trailing '/' */
  SoupSession    *session;   /* (owned) */
  LoketEndpoints *endpoints; /* (owned) (nullable): the last document read */
  LoketEndpoints *last;      /* (owned) (nullable): the same, kept past invalidation */
  gint64          loaded;    /* monotonic time of @endpoints */
};

G_DEFINE_FINAL_TYPE (LoketDiscovery, loket_discovery, G_TYPE_OBJECT)

static char *
dup_url (JsonObject  *object,
         const char  *member,
         gboolean     required,
         GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                     "The discovery document has no %s", member);
      return NULL;
    }
  if (json_node_get_value_type (node) != G_TYPE_STRING
      || (value = json_node_get_string (node)) == NULL
      || !(g_str_has_prefix (value, "http://") || g_str_has_prefix (value, "https://"))
      || !g_uri_is_valid (value, G_URI_FLAGS_NONE, NULL))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                   "The discovery document's %s is not an absolute URL", member);
      return NULL;
    }
  return g_strdup (value);
}

/**
 * loket_endpoints_parse:
 *
 * Returns: (transfer full): the endpoints of a discovery document, or %NULL with
 *   %LOKET_ERROR_INVALID_DATA when it lacks the sign-in endpoints or a URL is not absolute
 */
LoketEndpoints *
loket_endpoints_parse (GBytes  *document,
                       GError **error)
{
  g_autoptr(LoketEndpoints) endpoints = g_new0 (LoketEndpoints, 1);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *client_id;
  GError *local_error = NULL;

  g_return_val_if_fail (document != NULL, NULL);

  if ((root = loket_http_parse_json (document, error)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                           "The discovery document is not an object");
      return NULL;
    }
  object = json_node_get_object (root);

  endpoints->device_authorization_endpoint = dup_url (object, "device_authorization_endpoint",
                                                      TRUE, &local_error);
  if (local_error == NULL)
    endpoints->token_endpoint = dup_url (object, "token_endpoint", TRUE, &local_error);
  if (local_error == NULL)
    endpoints->verification_uri = dup_url (object, "verification_uri", FALSE, &local_error);
  if (local_error == NULL)
    endpoints->userinfo_endpoint = dup_url (object, "userinfo_endpoint", FALSE, &local_error);
  if (local_error == NULL)
    endpoints->brp_personen_endpoint = dup_url (object, "brp_personen_endpoint", FALSE, &local_error);
  if (local_error == NULL)
    endpoints->correction_endpoint = dup_url (object, "correction_endpoint", FALSE, &local_error);
  if (local_error == NULL)
    endpoints->desk_endpoint = dup_url (object, "desk_endpoint", FALSE, &local_error);
  if (local_error == NULL)
    endpoints->intake_endpoint = dup_url (object, "intake_endpoint", FALSE, &local_error);
  if (local_error == NULL)
    endpoints->zaken_endpoint = dup_url (object, "zaken_endpoint", FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  client_id = loket_json_get_string (object, "client_id");
  if (client_id == NULL || *client_id == '\0')
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                           "The discovery document has no client_id");
      return NULL;
    }
  endpoints->client_id = g_strdup (client_id);
  endpoints->intake_public_key =
    g_strdup (loket_json_get_string (object, "intake_public_key"));
  endpoints->zgw_client_id =
    g_strdup (loket_json_get_string (object, "zgw_client_id"));
  if (endpoints->zaken_endpoint != NULL)
    while (g_str_has_suffix (endpoints->zaken_endpoint, "/"))
      endpoints->zaken_endpoint[strlen (endpoints->zaken_endpoint) - 1] = '\0';
  return g_steal_pointer (&endpoints);
}

LoketEndpoints *
loket_endpoints_copy (const LoketEndpoints *endpoints)
{
  LoketEndpoints *copy;

  g_return_val_if_fail (endpoints != NULL, NULL);

  copy = g_new0 (LoketEndpoints, 1);
  copy->device_authorization_endpoint = g_strdup (endpoints->device_authorization_endpoint);
  copy->token_endpoint = g_strdup (endpoints->token_endpoint);
  copy->verification_uri = g_strdup (endpoints->verification_uri);
  copy->userinfo_endpoint = g_strdup (endpoints->userinfo_endpoint);
  copy->brp_personen_endpoint = g_strdup (endpoints->brp_personen_endpoint);
  copy->correction_endpoint = g_strdup (endpoints->correction_endpoint);
  copy->desk_endpoint = g_strdup (endpoints->desk_endpoint);
  copy->client_id = g_strdup (endpoints->client_id);
  copy->intake_endpoint = g_strdup (endpoints->intake_endpoint);
  copy->intake_public_key = g_strdup (endpoints->intake_public_key);
  copy->zaken_endpoint = g_strdup (endpoints->zaken_endpoint);
  copy->zgw_client_id = g_strdup (endpoints->zgw_client_id);
  return copy;
}

void
loket_endpoints_free (LoketEndpoints *endpoints)
{
  if (endpoints == NULL)
    return;
  g_free (endpoints->device_authorization_endpoint);
  g_free (endpoints->token_endpoint);
  g_free (endpoints->verification_uri);
  g_free (endpoints->userinfo_endpoint);
  g_free (endpoints->brp_personen_endpoint);
  g_free (endpoints->correction_endpoint);
  g_free (endpoints->desk_endpoint);
  g_free (endpoints->client_id);
  g_free (endpoints->intake_endpoint);
  g_free (endpoints->intake_public_key);
  g_free (endpoints->zaken_endpoint);
  g_free (endpoints->zgw_client_id);
  g_free (endpoints);
}

static void
on_document_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoketDiscovery *self = g_task_get_source_object (task);
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  LoketEndpoints *endpoints;

  body = loket_http_send_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL || !loket_http_check_status (msg, &error)
      || (endpoints = loket_endpoints_parse (body, &error)) == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot read the discovery document: %s", error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  loket_endpoints_free (self->endpoints);
  self->endpoints = endpoints;
  loket_endpoints_free (self->last);
  self->last = loket_endpoints_copy (endpoints);
  self->loaded = g_get_monotonic_time ();
  g_task_return_pointer (task, loket_endpoints_copy (endpoints),
                         (GDestroyNotify) loket_endpoints_free);
}

static void
loket_discovery_dispose (GObject *object)
{
  LoketDiscovery *self = LOKET_DISCOVERY (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (loket_discovery_parent_class)->dispose (object);
}

static void
loket_discovery_finalize (GObject *object)
{
  LoketDiscovery *self = LOKET_DISCOVERY (object);

  g_clear_pointer (&self->endpoints, loket_endpoints_free);
  g_clear_pointer (&self->last, loket_endpoints_free);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (loket_discovery_parent_class)->finalize (object);
}

static void
loket_discovery_class_init (LoketDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_discovery_dispose;
  object_class->finalize = loket_discovery_finalize;
}

static void
loket_discovery_init (LoketDiscovery *self)
{
  self->session = loket_http_session_new ();
}

/**
 * loket_discovery_new:
 * @base_url: the back-end's base URL
 */
LoketDiscovery *
loket_discovery_new (const char *base_url)
{
  LoketDiscovery *self;

  g_return_val_if_fail (base_url != NULL, NULL);

  self = g_object_new (LOKET_TYPE_DISCOVERY, NULL);
  self->base_url = g_strdup (base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  return self;
}

const char *
loket_discovery_get_base_url (LoketDiscovery *self)
{
  g_return_val_if_fail (LOKET_IS_DISCOVERY (self), NULL);

  return self->base_url;
}

/**
 * loket_discovery_get_session:
 *
 * Returns: (transfer none): the HTTP session for the endpoints it names
 */
SoupSession *
loket_discovery_get_session (LoketDiscovery *self)
{
  g_return_val_if_fail (LOKET_IS_DISCOVERY (self), NULL);

  return self->session;
}

void
loket_discovery_load_async (LoketDiscovery      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LOKET_IS_DISCOVERY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_discovery_load_async);

  if (self->endpoints != NULL
      && g_get_monotonic_time () - self->loaded < (gint64) LOKET_DISCOVERY_MAX_AGE * G_USEC_PER_SEC)
    {
      g_task_return_pointer (task, loket_endpoints_copy (self->endpoints),
                             (GDestroyNotify) loket_endpoints_free);
      return;
    }

  url = g_strconcat (self->base_url, "/.well-known/loket", NULL);
  if ((msg = loket_http_message_new ("GET", url, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");
  g_task_set_task_data (task, g_object_ref (msg), g_object_unref);
  loket_http_send_async (self->session, msg, 0, cancellable, on_document_cb,
                         g_steal_pointer (&task));
}

/**
 * loket_discovery_load_finish:
 *
 * Returns: (transfer full): the endpoints
 */
LoketEndpoints *
loket_discovery_load_finish (LoketDiscovery  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (LOKET_IS_DISCOVERY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * loket_discovery_invalidate:
 *
 * Forgets the document, so that the next load reads it again.
 */
void
loket_discovery_invalidate (LoketDiscovery *self)
{
  g_return_if_fail (LOKET_IS_DISCOVERY (self));

  g_clear_pointer (&self->endpoints, loket_endpoints_free);
}

/**
 * loket_discovery_dup_last:
 *
 * The last document read, however old: what the outbox seals to while the back-end cannot be
 * reached (a submission is sealed at once and sent later, so the kiosk works offline).
 *
 * Returns: (transfer full) (nullable): the endpoints, or %NULL if none was ever read
 */
LoketEndpoints *
loket_discovery_dup_last (LoketDiscovery *self)
{
  g_return_val_if_fail (LOKET_IS_DISCOVERY (self), NULL);

  return self->last ? loket_endpoints_copy (self->last) : NULL;
}
