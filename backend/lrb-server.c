/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * The server: one SoupServer handler routes by path prefix, applies injected
 * faults and logs every request (method, route name, status, duration) —
 * never the query string or the body, so no personal data reaches the log.
 */
#define G_LOG_DOMAIN "loket-backend"

#include "config.h"

#include <string.h>

#include "lrb.h"

typedef struct
{
  const char *name;
  const char *prefix;
  LrbHandler handler;
} LrbRoute;

static void control_handle (LrbServer *self, SoupServerMessage *msg,
                            const char *path, GHashTable *query);

static const LrbRoute routes[] = {
  { "discovery", "/.well-known", lrb_discovery_handle },
  { "catalog", "/catalog", lrb_catalog_handle },
  { "device_authorization", "/oauth/device_authorization", lrb_oauth_device_handle },
  { "token", "/oauth/token", lrb_oauth_token_handle },
  { "userinfo", "/oauth/userinfo", lrb_oauth_userinfo_handle },
  { "verification", "/device", lrb_oauth_verify_handle },
  { "brp", "/haalcentraal/api/brp", lrb_brp_handle },
  { "zaken", "/zaken/api/v1", lrb_zgw_handle },
  { "zaken", "/catalogi/api/v1", lrb_zgw_handle },
  { "zaken", "/documenten/api/v1", lrb_zgw_handle },
  { "intake", "/intake", lrb_intake_handle },
  { "desk", "/desk/tickets", lrb_desk_handle },
  { "correction", "/terugmeldingen", lrb_correction_handle },
  { "control", "/_control", control_handle },
};

typedef struct
{
  LrbServer *self;
  const LrbRoute *route;
  char *method;
  gint64 start;
  gboolean logged;
  LrbFaultAction fault;
  SoupServerMessage *msg;       /* only while a delay is pending */
  char *path;
  GHashTable *query;
} LrbRequest;

static void
request_free (gpointer data)
{
  LrbRequest *request = data;

  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_object (&request->msg);
  g_free (request);
}

static void
request_log (LrbRequest *request,
             guint       status,
             const char *note)
{
  double ms = (g_get_monotonic_time () - request->start) / 1000.0;

  if (request->logged)
    return;
  request->logged = TRUE;
  g_message ("%s %s %u %.1f ms%s%s", request->method,
             request->route ? request->route->name : "unknown",
             status, ms, note ? " " : "", note ? note : "");
}

static void
on_finished (SoupServerMessage *msg,
             gpointer           user_data)
{
  LrbRequest *request = user_data;

  request_log (request, soup_server_message_get_status (msg), NULL);
}

static const LrbRoute *
find_route (const char *path)
{
  for (gsize i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      gsize len = strlen (routes[i].prefix);

      if (strncmp (path, routes[i].prefix, len) == 0
          && (path[len] == '\0' || path[len] == '/'))
        return &routes[i];
    }
  return NULL;
}

/* Control API: answers only to loopback peers. */
static void
control_handle (LrbServer         *self,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query)
{
  if (!lrb_peer_is_loopback (msg))
    {
      lrb_send_problem (msg, SOUP_STATUS_FORBIDDEN, NULL,
                        "The control API answers only on loopback.");
      return;
    }
  if (g_str_equal (path, "/_control/faults"))
    lrb_faults_handle (self, msg, path, query);
  else if (g_str_equal (path, "/_control/catalog"))
    lrb_catalog_control (self, msg, path, query);
  else
    lrb_send_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such control resource.");
}

static void
write_status_line_and_headers (GString           *out,
                               SoupServerMessage *msg,
                               gsize              full_length)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  guint status = soup_server_message_get_status (msg);

  g_string_append_printf (out, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      if (g_ascii_strcasecmp (name, "Content-Length") == 0
          || g_ascii_strcasecmp (name, "Transfer-Encoding") == 0
          || g_ascii_strcasecmp (name, "Connection") == 0)
        continue;
      g_string_append_printf (out, "%s: %s\r\n", name, value);
    }
  g_string_append_printf (out, "Content-Length: %" G_GSIZE_FORMAT "\r\n", full_length);
  g_string_append (out, "Connection: close\r\n\r\n");
}

/* Truncated body: announce the full Content-Length, send half, close. The
 * writes go to a loopback socket and are a few hundred bytes. */
static void
send_truncated (LrbRequest        *request,
                SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GIOStream) stream = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  guint status = soup_server_message_get_status (msg);

  write_status_line_and_headers (out, msg, size);
  g_string_append_len (out, data, size / 2);
  stream = soup_server_message_steal_connection (msg);
  request_log (request, status, "(fault: truncated)");
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), out->str, out->len,
                             NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
send_dropped (LrbRequest        *request,
              SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  request_log (request, 0, "(fault: dropped connection)");
  g_io_stream_close (stream, NULL, NULL);
}

static void
send_malformed (SoupServerMessage *msg)
{
  static const char garbage[] = "{\"malformed\": [tru, \"unterminated";
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  /* A copy: setting the response replaces the header the type points into (found under ASan). */
  g_autofree char *type = g_strdup (soup_message_headers_get_content_type (headers, NULL));

  soup_server_message_set_response (msg, type ? type : "application/json",
                                    SOUP_MEMORY_STATIC, garbage, strlen (garbage));
}

static void
run_route (LrbRequest        *request,
           SoupServerMessage *msg)
{
  LrbServer *self = request->self;

  switch (request->fault.kind)
    {
    case LRB_FAULT_DROP:
      send_dropped (request, msg);
      return;
    case LRB_FAULT_STATUS:
      lrb_send_problem (msg, request->fault.status, NULL,
                        "Fault injected by the reference back-end.");
      return;
    case LRB_FAULT_NONE:
    case LRB_FAULT_MALFORMED:
    case LRB_FAULT_TRUNCATED:
    default:
      break;
    }

  request->route->handler (self, msg, request->path, request->query);

  if (request->fault.kind == LRB_FAULT_MALFORMED)
    send_malformed (msg);
  else if (request->fault.kind == LRB_FAULT_TRUNCATED)
    send_truncated (request, msg);
}

static gboolean
on_delay_done (gpointer user_data)
{
  LrbRequest *request = user_data;
  g_autoptr(SoupServerMessage) msg = g_steal_pointer (&request->msg);

  run_route (request, msg);
  if (request->fault.kind != LRB_FAULT_DROP && request->fault.kind != LRB_FAULT_TRUNCATED)
    soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

static void
server_callback (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  LrbServer *self = user_data;
  LrbRequest *request = g_new0 (LrbRequest, 1);

  request->self = self;
  request->route = find_route (path);
  request->method = g_strdup (soup_server_message_get_method (msg));
  request->start = g_get_monotonic_time ();
  request->path = g_strdup (path);
  request->query = query ? g_hash_table_ref (query) : NULL;
  g_signal_connect_data (msg, "finished", G_CALLBACK (on_finished), request,
                         (GClosureNotify) (void (*) (void)) request_free, 0);

  if (request->route == NULL)
    {
      lrb_send_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such resource.");
      return;
    }

  if (!g_str_equal (request->route->name, "control"))
    lrb_faults_take (self->faults, request->route->name, &request->fault);

  if (request->fault.delay_ms > 0)
    {
      request->msg = g_object_ref (msg);
      soup_server_message_pause (msg);
      g_timeout_add (request->fault.delay_ms, on_delay_done, request);
      return;
    }
  run_route (request, msg);
}

char *
lrb_server_url (LrbServer  *self,
                const char *path)
{
  return g_strconcat (self->base_url, path, NULL);
}

LrbServer *
lrb_server_new (LrbConfig  *config,
                GError    **error)
{
  g_autoptr(LrbServer) self = g_new0 (LrbServer, 1);

  self->config = config;
  self->faults = lrb_faults_new ();
  for (gsize i = 0; config->faults && config->faults[i]; i++)
    if (!lrb_faults_add_spec (self->faults, config->faults[i], error))
      return NULL;

  self->catalog = lrb_catalog_new (config->catalog_dir, error);
  if (self->catalog == NULL)
    return NULL;
  self->brp = lrb_brp_new (error);
  if (self->brp == NULL)
    return NULL;
  self->oauth = lrb_oauth_new ();
  self->desk = lrb_desk_new ();
  self->soup = soup_server_new ("server-header", "loket-reference-backend ", NULL);
  soup_server_add_handler (self->soup, NULL, server_callback, self, NULL);
  return g_steal_pointer (&self);
}

/* Listens on 127.0.0.1 only. Modules that put absolute URLs in their data are
 * created once the port, and with it the base URL, is known. */
gboolean
lrb_server_listen (LrbServer  *self,
                   GError    **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, self->config->port);
  GSList *uris;
  GUri *uri;

  if (!soup_server_listen (self->soup, address, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  g_return_val_if_fail (uris != NULL, FALSE);
  uri = uris->data;
  self->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->zgw = lrb_zgw_new (self->base_url, error);
  if (self->zgw == NULL)
    return FALSE;
  self->intake = lrb_intake_new (self, error);
  return self->intake != NULL;
}

void
lrb_server_free (LrbServer *self)
{
  if (self == NULL)
    return;
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->faults, lrb_faults_free);
  g_clear_pointer (&self->catalog, lrb_catalog_free);
  g_clear_pointer (&self->oauth, lrb_oauth_free);
  g_clear_pointer (&self->brp, lrb_brp_free);
  g_clear_pointer (&self->intake, lrb_intake_free);
  g_clear_pointer (&self->zgw, lrb_zgw_free);
  g_clear_pointer (&self->desk, lrb_desk_free);
  g_free (self->base_url);
  g_free (self);
}
