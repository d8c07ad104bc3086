/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test-hostile"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sodium.h>
#include <string.h>

#include "loket-brp-client.h"
#include "loket-correction.h"
#include "loket-device-flow.h"
#include "loket-discovery.h"
#include "loket-error.h"
#include "loket-http.h"
#include "loket-outbox.h"
#include "loket-sign-in-page.h"
#include "loket-store.h"
#include "loket-sync.h"
#include "loket-zaken-client.h"

/*
 * The hostile-server suite (issue 11): every connector of the kiosk against a real SoupServer on
 * 127.0.0.1 that misbehaves in one way per run — wrong status, wrong content type, wrong JSON,
 * huge, deep, slow, dropped, truncated, redirect loops, wrong charset, invalid UTF-8, a TLS server
 * with a certificate nobody trusts, and more (faults[] below). For each pair: no crash, no
 * critical, an answer within a bound, a LOKET_ERROR whose citizen message is a specific one, and
 * nothing lost (the stored catalog stays, a sealed submission stays in the outbox).
 *
 * The server's path is /FAULT/ENDPOINT: the fault applies to that request only, so a connector
 * that needs a good first step (the token poll after a device code) gets it from /ok/….
 */

typedef enum
{
  ANSWER_OK,          /* a good answer for the endpoint */
  ANSWER_STATUS,      /* the status in the table, a JSON body */
  ANSWER_BODY,        /* 200 (or the status), the content type and body in the table */
  ANSWER_REDIRECT_LOOP,
  ANSWER_REDIRECT_AWAY,
  ANSWER_HANG,
  ANSWER_SLOW,
  ANSWER_DROP,
  ANSWER_TRUNCATED,
  ANSWER_HUGE,
  ANSWER_ENDLESS,
  ANSWER_DEEP,
  ANSWER_RAW,         /* the bytes in the table, as they are, then close */
  ANSWER_HEADER_FLOOD,
  ANSWER_GZIP_LIE,
  ANSWER_REFUSED,     /* nobody listens (the URL points elsewhere) */
  ANSWER_TLS,         /* a TLS server with a self-signed certificate */
} Answer;

typedef struct
{
  const char *name;
  Answer      answer;
  guint       status;
  const char *content_type;
  const char *body;
  const char *valid_for; /* connectors that may take this answer as a good one */
} Fault;

static const Fault faults[] = {
  { "status-500", ANSWER_STATUS, 500, NULL, NULL },
  { "status-502", ANSWER_STATUS, 502, NULL, NULL },
  { "status-503-retry-after", ANSWER_STATUS, 503, NULL, NULL },
  { "status-404", ANSWER_STATUS, 404, NULL, NULL },
  { "status-401", ANSWER_STATUS, 401, NULL, NULL },
  { "status-403", ANSWER_STATUS, 403, NULL, NULL },
  { "status-429", ANSWER_STATUS, 429, NULL, NULL },
  { "status-418", ANSWER_STATUS, 418, NULL, NULL },
  { "status-204-no-content", ANSWER_STATUS, 204, NULL, NULL, "correction" },
  { "redirect-loop", ANSWER_REDIRECT_LOOP, 302, NULL, NULL },
  { "redirect-away", ANSWER_REDIRECT_AWAY, 301, NULL, NULL },
  { "html-portal", ANSWER_BODY, 200, "text/html", "<html><body>Log in to the Wi-Fi</body></html>" },
  { "not-json", ANSWER_BODY, 200, "application/json", "{\"personen\": [ {\"naam\": " },
  { "empty-body", ANSWER_BODY, 200, "application/json", "" },
  { "blank-body", ANSWER_BODY, 200, "application/json", " \n\t " },
  { "json-array", ANSWER_BODY, 200, "application/json", "[1, 2, 3]" },
  { "json-string", ANSWER_BODY, 200, "application/json", "\"ok\"" },
  { "wrong-member-types", ANSWER_BODY, 200, "application/json",
    "{\"device_code\": 1, \"user_code\": [], \"verification_uri\": {}, \"expires_in\": \"600\","
    " \"access_token\": 7, \"token_type\": null, \"bsn\": 999990676, \"personen\": {\"a\": 1},"
    " \"catalog_endpoint\": 5, \"results\": \"none\", \"count\": \"x\", \"version\": \"1\"}",
    "correction" },
  { "object-members", ANSWER_BODY, 200, "application/json",
    "{\"results\": [{\"identificatie\": {}, \"omschrijving\": [], \"status\": {}, \"einddatum\": []}],"
    " \"client_id\": {}, \"device_code\": {}, \"user_code\": {}, \"access_token\": [], \"bsn\": {},"
    " \"personen\": [{\"naam\": {\"voornamen\": {}}, \"burgerservicenummer\": []}], \"version\": {}}",
    "correction zaken" },
  { "out-of-range-numbers", ANSWER_BODY, 200, "application/json",
    "{\"device_code\": \"d\", \"user_code\": \"U\", \"verification_uri\": \"http://127.0.0.1/\","
    " \"expires_in\": -5, \"interval\": 1e400, \"access_token\": \"t\", \"token_type\": \"Bearer\","
    " \"personen\": [{\"geboorte\": {\"datum\": {\"type\": \"JaarDatum\", \"jaar\": 99999999999999999999}}}]}",
    "token brp correction" },
  { "nul-in-strings", ANSWER_BODY, 200, "application/json",
    "{\"bsn\": \"9999\\u000090676\", \"personen\": [{\"naam\": {\"voornamen\": \"A\\u0000B\"}}],"
    " \"catalog_endpoint\": \"http://127.0.0.1\\u0000.evil/\"}", "brp correction" },
  { "invalid-utf8", ANSWER_BODY, 200, "application/json",
    "{\"bsn\": \"\xff\xfe\", \"personen\": [{\"naam\": {\"voornamen\": \"\xc3\x28\"}}]}" },
  { "latin1-charset", ANSWER_BODY, 200, "application/json; charset=iso-8859-1",
    "{\"personen\": [{\"naam\": {\"voornamen\": \"Ren\xe9\"}}], \"bsn\": \"Ren\xe9\"}" },
  { "utf16-bom", ANSWER_BODY, 200, "application/json", "\xff\xfe{\x00}\x00" },
  { "problem-json", ANSWER_BODY, 400, "application/problem+json",
    "{\"type\": \"about:blank\", \"title\": \"<script>alert(1)</script>\", \"status\": \"400\","
    " \"invalid-params\": [[[[]]]]}" },
  { "deep-nesting", ANSWER_DEEP, 200, NULL, NULL },
  { "huge-body", ANSWER_HUGE, 200, NULL, NULL },
  { "endless-chunked", ANSWER_ENDLESS, 200, NULL, NULL },
  { "hang", ANSWER_HANG, 0, NULL, NULL },
  { "slow-drip", ANSWER_SLOW, 200, NULL, NULL },
  { "dropped", ANSWER_DROP, 0, NULL, NULL },
  { "truncated", ANSWER_TRUNCATED, 200, NULL, NULL },
  { "garbage-status-line", ANSWER_RAW, 0, NULL, "SPDY/9 banana\r\n\r\n{}" },
  { "bad-chunk", ANSWER_RAW, 0, NULL,
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    "zz\r\n{}\r\n0\r\n\r\n" },
  { "lying-content-length", ANSWER_RAW, 0, NULL,
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n{}" },
  { "header-flood", ANSWER_HEADER_FLOOD, 200, NULL, NULL },
  { "gzip-lie", ANSWER_GZIP_LIE, 200, NULL, NULL, "userinfo correction" },
  { "connection-refused", ANSWER_REFUSED, 0, NULL, NULL },
  { "tls-untrusted", ANSWER_TLS, 0, NULL, NULL },
};

/* ---- the server ---- */

typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  SoupServer   *tls_server;
  char         *url;
  char         *tls_url;
  char         *refused_url;
  GMutex        mutex;
  GCond         cond;
  GPtrArray    *held;    /* hung connections, closed at the end */
  guint         hits;
} Server;

static Server *server;

static void
write_raw (GIOStream  *stream,
           const char *data,
           gsize       length)
{
  GOutputStream *out = g_io_stream_get_output_stream (stream);

  g_output_stream_write_all (out, data, length, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
}

static void
hold (GIOStream *stream)
{
  g_mutex_lock (&server->mutex);
  g_ptr_array_add (server->held, stream);
  g_mutex_unlock (&server->mutex);
}

static const char *
good_answer (const char *endpoint)
{
  if (g_str_equal (endpoint, "device_authorization"))
    return "{\"device_code\": \"dc\", \"user_code\": \"WDJB-MJHT\", \"verification_uri\":"
           " \"http://127.0.0.1/device\", \"expires_in\": 30, \"interval\": 1}";
  if (g_str_equal (endpoint, "token"))
    return "{\"access_token\": \"t\", \"token_type\": \"Bearer\", \"expires_in\": 900}";
  if (g_str_equal (endpoint, "userinfo"))
    return "{\"sub\": \"x\", \"bsn\": \"999990676\"}";
  return "{}";
}

/* On the server's thread, not the test's: takes @stream. */
static void
attach (GSource     *source,
        GSourceFunc  func,
        GIOStream   *stream)
{
  g_source_set_callback (source, func, stream, g_object_unref);
  g_source_attach (source, server->context);
  g_source_unref (source);
}

static gboolean
drip_cb (gpointer user_data)
{
  GIOStream *stream = user_data;
  GOutputStream *out = g_io_stream_get_output_stream (stream);

  /* One byte every 200 ms of a body announced as 10 kB: never idle long, never done. */
  return g_output_stream_write (out, " ", 1, NULL, NULL) == 1 && g_output_stream_flush (out, NULL, NULL)
         ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
endless_cb (gpointer user_data)
{
  GIOStream *stream = user_data;
  GOutputStream *out = g_io_stream_get_output_stream (stream);
  static char chunk[(1 << 20) + 16];
  static gsize length;
  guint *sent = g_object_get_data (G_OBJECT (stream), "sent");

  if (length == 0)
    {
      length = g_snprintf (chunk, 16, "%x\r\n", 1 << 20);
      memset (chunk + length, ' ', 1 << 20);
      chunk[length] = '[';
      length += 1 << 20;
      chunk[length++] = '\r';
      chunk[length++] = '\n';
    }
  if (sent == NULL)
    {
      sent = g_new0 (guint, 1);
      g_object_set_data_full (G_OBJECT (stream), "sent", sent, g_free);
    }
  if (++*sent > 512 || !g_output_stream_write_all (out, chunk, length, NULL, NULL, NULL))
    {
      g_io_stream_close (stream, NULL, NULL);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
handle_cb (SoupServer        *soup_server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  g_auto(GStrv) parts = g_strsplit (path + 1, "/", 2);
  const Fault *fault = NULL;
  const char *endpoint = parts[0] && parts[1] ? parts[1] : "";

  g_mutex_lock (&server->mutex);
  server->hits++;
  g_mutex_unlock (&server->mutex);

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    if (g_strcmp0 (parts[0], faults[i].name) == 0)
      fault = &faults[i];

  if (fault == NULL)
    {
      const char *body = good_answer (endpoint);

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
      return;
    }

  switch (fault->answer)
    {
    case ANSWER_OK:
    case ANSWER_REFUSED:
    case ANSWER_TLS:
      g_assert_not_reached ();

    case ANSWER_STATUS:
      soup_server_message_set_status (msg, fault->status, NULL);
      if (fault->status == 503)
        soup_message_headers_replace (response, "Retry-After", "1");
      if (fault->status != 204)
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                          "{\"error\": \"server_error\"}", 25);
      return;

    case ANSWER_BODY:
      soup_server_message_set_status (msg, fault->status, NULL);
      soup_server_message_set_response (msg, fault->content_type, SOUP_MEMORY_STATIC, fault->body,
                                        g_str_equal (fault->name, "utf16-bom") ? 6 : strlen (fault->body));
      return;

    case ANSWER_REDIRECT_LOOP:
      soup_server_message_set_redirect (msg, fault->status, path);
      return;

    case ANSWER_REDIRECT_AWAY:
      soup_server_message_set_redirect (msg, fault->status, "http://192.0.2.1/elsewhere");
      return;

    case ANSWER_HANG:
      hold (soup_server_message_steal_connection (msg));
      return;

    case ANSWER_SLOW:
      {
        GIOStream *stream = soup_server_message_steal_connection (msg);
        static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                   "Content-Length: 10000\r\n\r\n";

        write_raw (stream, head, strlen (head));
        hold (stream);
        attach (g_timeout_source_new (200), drip_cb, g_object_ref (stream));
        return;
      }

    case ANSWER_DROP:
      {
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

        g_io_stream_close (stream, NULL, NULL);
        return;
      }

    case ANSWER_TRUNCATED:
      {
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
        static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                   "Content-Length: 4000\r\nConnection: close\r\n\r\n{\"personen\": [";

        write_raw (stream, head, strlen (head));
        g_io_stream_close (stream, NULL, NULL);
        return;
      }

    case ANSWER_RAW:
      {
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

        write_raw (stream, fault->body, strlen (fault->body));
        g_io_stream_close (stream, NULL, NULL);
        return;
      }

    case ANSWER_HUGE:
      {
        gsize size = 24 << 20;
        char *body = g_malloc (size);

        memset (body, ' ', size);
        body[0] = '{';
        body[size - 1] = '}';
        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, size);
        return;
      }

    case ANSWER_ENDLESS:
      {
        /* Chunked with no length and no end: 1 MB chunks until the client hangs up (a cap of
         * 512 MB keeps a broken client from running this test forever). */
        GIOStream *stream = soup_server_message_steal_connection (msg);
        static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                   "Transfer-Encoding: chunked\r\n\r\n";

        write_raw (stream, head, strlen (head));
        attach (g_idle_source_new (), endless_cb, stream);
        return;
      }

    case ANSWER_DEEP:
      {
        gsize depth = 200000;
        char *body = g_malloc (2 * depth);

        memset (body, '[', depth);
        memset (body + depth, ']', depth);
        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, 2 * depth);
        return;
      }

    case ANSWER_HEADER_FLOOD:
      {
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
        g_autoptr(GString) head = g_string_new ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");

        for (guint i = 0; i < 20000; i++)
          g_string_append_printf (head, "X-Flood-%u: %s\r\n", i, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        g_string_append (head, "Content-Length: 2\r\n\r\n{}");
        write_raw (stream, head->str, head->len);
        g_io_stream_close (stream, NULL, NULL);
        return;
      }

    case ANSWER_GZIP_LIE:
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_replace (response, "Content-Encoding", "gzip");
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"bsn\": \"999990676\"}", 20);
      return;
    }
}

/* A throwaway self-signed certificate, made at test time with the openssl CLI: no key is committed. */
static GTlsCertificate *
throwaway_certificate (const char *dir)
{
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                         "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", NULL };
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;
  int wait_status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                     | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &wait_status, &error)
      || !g_spawn_check_wait_status (wait_status, NULL))
    return NULL;
  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_unlink (key);
  g_unlink (cert);
  return certificate;
}

static gpointer
server_thread (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *dir = g_dir_make_tmp ("loket-hostile-XXXXXX", NULL);

  g_main_context_push_thread_default (server->context);
  server->server = soup_server_new ("server-header", "hostile", NULL);
  soup_server_add_handler (server->server, NULL, handle_cb, NULL, NULL);
  soup_server_listen_local (server->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server->server);

  /* A port nobody listens on: bound, then closed. */
  any = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string ("127.0.0.1", 0));
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_socket_bind (socket, G_SOCKET_ADDRESS (any), FALSE, NULL);
  bound = g_socket_get_local_address (socket, NULL);

  certificate = throwaway_certificate (dir);
  g_rmdir (dir);
  if (certificate != NULL)
    {
      g_autoptr(GSList) tls_uris = NULL;

      server->tls_server = soup_server_new ("tls-certificate", certificate, NULL);
      soup_server_add_handler (server->tls_server, NULL, handle_cb, NULL, NULL);
      soup_server_listen_local (server->tls_server, 0,
                                SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
      g_assert_no_error (error);
      tls_uris = soup_server_get_uris (server->tls_server);
      server->tls_url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (tls_uris->data));
      g_slist_free_full (g_steal_pointer (&tls_uris), (GDestroyNotify) g_uri_unref);
    }

  g_mutex_lock (&server->mutex);
  server->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  server->refused_url = g_strdup_printf ("http://127.0.0.1:%u",
                                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->mutex);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  g_main_loop_run (server->loop);

  for (guint i = 0; i < server->held->len; i++)
    g_io_stream_close (server->held->pdata[i], NULL, NULL);
  soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  if (server->tls_server != NULL)
    soup_server_disconnect (server->tls_server);
  g_clear_object (&server->tls_server);
  while (g_main_context_iteration (server->context, FALSE))
    ;
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

static void
server_start (void)
{
  server = g_new0 (Server, 1);
  g_mutex_init (&server->mutex);
  g_cond_init (&server->cond);
  server->held = g_ptr_array_new_with_free_func (g_object_unref);
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  g_mutex_lock (&server->mutex);
  server->thread = g_thread_new ("hostile-server", server_thread, NULL);
  while (server->url == NULL)
    g_cond_wait (&server->cond, &server->mutex);
  g_mutex_unlock (&server->mutex);
}

static void
server_stop (void)
{
  g_main_loop_quit (server->loop);
  g_thread_join (server->thread);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_ptr_array_unref (server->held);
  g_free (server->url);
  g_free (server->tls_url);
  g_free (server->refused_url);
  g_clear_pointer (&server, g_free);
}

/* The URL of ENDPOINT under FAULT; NULL when the fault cannot be staged here (no openssl). */
static char *
fault_url (const Fault *fault,
           const char  *endpoint)
{
  if (fault->answer == ANSWER_REFUSED)
    return g_strdup_printf ("%s/%s", server->refused_url, endpoint);
  if (fault->answer == ANSWER_TLS)
    return server->tls_url ? g_strdup_printf ("%s/ok/%s", server->tls_url, endpoint) : NULL;
  return g_strdup_printf ("%s/%s/%s", server->url, fault->name, endpoint);
}

/* ---- the connectors ---- */

#define BOUND_MS 20000 /* no connector may take longer than this to give up */

static void
ready_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  gint64 end = g_get_monotonic_time () + BOUND_MS * G_TIME_SPAN_MILLISECOND;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

static SoupSession *
session_new (void)
{
  SoupSession *session = loket_http_session_new ();

  /* The kiosk's session with a short I/O timeout, so a hung server costs two seconds a case. */
  g_object_set (session, "timeout", 2, NULL);
  return session;
}

typedef gboolean (*Connector) (const Fault *fault, GError **error);

static gboolean
run_discovery (const Fault *fault,
               GError     **error)
{
  g_autofree char *base = fault_url (fault, "base");
  g_autoptr(LoketDiscovery) discovery = loket_discovery_new (base);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LoketEndpoints) endpoints = NULL;

  loket_discovery_load_async (discovery, NULL, ready_cb, &result);
  endpoints = loket_discovery_load_finish (discovery, wait_for (&result), error);
  return endpoints != NULL;
}

static LoketEndpoints *
endpoints_for (const Fault *fault,
               const char  *device_endpoint_fault)
{
  LoketEndpoints *endpoints = g_new0 (LoketEndpoints, 1);

  endpoints->device_authorization_endpoint =
    device_endpoint_fault ? fault_url (fault, "device_authorization")
                          : g_strdup_printf ("%s/ok/device_authorization", server->url);
  endpoints->token_endpoint = fault_url (fault, "token");
  endpoints->verification_uri = g_strdup_printf ("%s/ok/device", server->url);
  endpoints->client_id = g_strdup ("kiosk");
  return endpoints;
}

static gboolean
run_device_code (const Fault *fault,
                 GError     **error)
{
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(LoketEndpoints) endpoints = endpoints_for (fault, "yes");
  g_autoptr(LoketDeviceFlow) flow = loket_device_flow_new (session, endpoints);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LoketDeviceCode) code = NULL;

  loket_device_flow_start_async (flow, NULL, ready_cb, &result);
  code = loket_device_flow_start_finish (flow, wait_for (&result), error);
  return code != NULL;
}

static gboolean
run_token (const Fault *fault,
           GError     **error)
{
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(LoketEndpoints) endpoints = endpoints_for (fault, NULL);
  g_autoptr(LoketDeviceFlow) flow = loket_device_flow_new (session, endpoints);
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LoketDeviceCode) code = NULL;
  g_autoptr(LoketAccessToken) token = NULL;

  loket_device_flow_set_time_unit (flow, 20);
  loket_device_flow_start_async (flow, NULL, ready_cb, &started);
  code = loket_device_flow_start_finish (flow, wait_for (&started), error);
  g_assert_nonnull (code);
  loket_device_flow_poll_async (flow, NULL, ready_cb, &result);
  token = loket_device_flow_poll_finish (flow, wait_for (&result), error);
  return token != NULL;
}

static gboolean
run_userinfo (const Fault *fault,
              GError     **error)
{
  g_autoptr(SoupSession) session = session_new ();
  g_autofree char *url = fault_url (fault, "userinfo");
  g_autoptr(GAsyncResult) result = NULL;
  char *bsn;

  loket_userinfo_fetch_async (session, url, "token", NULL, ready_cb, &result);
  bsn = loket_userinfo_fetch_finish (wait_for (&result), error);
  g_free (bsn);
  return bsn != NULL;
}

static gboolean
run_brp (const Fault *fault,
         GError     **error)
{
  g_autoptr(SoupSession) session = session_new ();
  g_autofree char *url = fault_url (fault, "personen");
  g_autoptr(LoketBrpClient) client = loket_brp_client_new (session, url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  const char *bsns[] = { "999990676", NULL };

  loket_brp_client_set_deadline (client, 3000);
  loket_brp_client_query_async (client, "token", bsns, loket_brp_default_fields, NULL, ready_cb, &result);
  persons = loket_brp_client_query_finish (client, wait_for (&result), error);
  /* An empty list is an answer; a person made from garbage is not. */
  return persons != NULL;
}

static gboolean
run_correction (const Fault *fault,
                GError     **error)
{
  g_autoptr(SoupSession) session = session_new ();
  g_autofree char *url = fault_url (fault, "terugmeldingen");
  g_autoptr(GAsyncResult) result = NULL;

  loket_correction_send_async (session, url, "token", "verblijfplaats", "Spui 70",
                               "I moved last month", NULL, ready_cb, &result);
  return loket_correction_send_finish (wait_for (&result), error);
}

static LoketStore *
open_store (void)
{
  LoketStore *store = loket_store_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  loket_store_open_async (store, NULL, ready_cb, &result);
  g_assert_true (loket_store_open_finish (store, wait_for (&result), &error));
  g_assert_no_error (error);
  return store;
}

static gboolean
run_sync (const Fault *fault,
          GError     **error)
{
  g_autoptr(LoketStore) store = open_store ();
  g_autofree char *url = fault_url (fault, "catalog");
  g_autoptr(LoketSync) sync = loket_sync_new (store, NULL, url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(LoketSyncResult) outcome = NULL;
  g_autoptr(LoketCatalog) catalog = NULL;
  g_autoptr(GError) load_error = NULL;

  loket_sync_set_limits (sync, 2, 3000, 8 << 20);
  loket_sync_run_async (sync, NULL, ready_cb, &result);
  outcome = loket_sync_run_finish (sync, wait_for (&result), error);

  /* Nothing lost: the catalog the kiosk had (the bundled one) still loads. */
  loket_store_load_catalog_async (store, NULL, ready_cb, &loaded);
  catalog = loket_store_load_catalog_finish (store, wait_for (&loaded), NULL, &load_error);
  g_assert_no_error (load_error);
  g_assert_nonnull (catalog);
  g_assert_cmpuint (g_list_model_get_n_items (loket_catalog_get_life_events (catalog)), >, 0);
  return outcome != NULL;
}

static gboolean
run_zaken (const Fault *fault,
           GError     **error)
{
  g_autoptr(SoupSession) session = session_new ();
  g_autoptr(LoketEndpoints) endpoints = g_new0 (LoketEndpoints, 1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) cases = NULL;

  endpoints->zaken_endpoint = fault_url (fault, "zaken");
  endpoints->zgw_client_id = g_strdup ("loket");
  loket_zaken_client_list_async (session, endpoints, "secret", "999990676", NULL, ready_cb, &result);
  cases = loket_zaken_client_list_finish (wait_for (&result), error);
  return cases != NULL;
}

typedef struct
{
  gboolean done;
  GError  *error;
  char    *key;
} OutboxWait;

static void
outbox_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  OutboxWait *wait = user_data;

  if (g_task_get_source_tag (G_TASK (result)) == loket_outbox_open_async)
    loket_outbox_open_finish (LOKET_OUTBOX (source), result, &wait->error);
  else if (g_task_get_source_tag (G_TASK (result)) == loket_outbox_flush_async)
    loket_outbox_flush_finish (LOKET_OUTBOX (source), result, &wait->error);
  else
    wait->key = loket_outbox_enqueue_finish (LOKET_OUTBOX (source), result, &wait->error);
  wait->done = TRUE;
}

static void
outbox_wait (OutboxWait *wait)
{
  gint64 end = g_get_monotonic_time () + BOUND_MS * G_TIME_SPAN_MILLISECOND;

  while (!wait->done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_no_error (wait->error);
  wait->done = FALSE;
}

static gboolean
run_outbox (const Fault *fault,
            GError     **error)
{
  g_autofree char *dir = g_dir_make_tmp ("loket-hostile-outbox-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "outbox.db", NULL);
  g_autofree char *url = fault_url (fault, "intake");
  g_autoptr(LoketOutbox) outbox = loket_outbox_new (path);
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) submission = g_bytes_new_static ("{\"service\": \"x\"}", 16);
  guchar pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
  OutboxWait wait = { 0 };
  gint64 end;
  gboolean delivered;

  crypto_box_keypair (pk, sk);
  key = g_bytes_new (pk, sizeof pk);
  loket_outbox_set_backoff (outbox, 50, 200);
  loket_outbox_open_async (outbox, NULL, outbox_done_cb, &wait);
  outbox_wait (&wait);
  loket_outbox_start (outbox);
  loket_outbox_enqueue_async (outbox, url, key, submission, NULL, outbox_done_cb, &wait);
  outbox_wait (&wait);

  /* Give it a few attempts (or one slow one). */
  end = g_get_monotonic_time () + 2500 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < end && loket_outbox_get_n_pending (outbox) > 0)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);

  delivered = !loket_outbox_is_pending (outbox, wait.key);
  /* Nothing lost: not delivered means still in the outbox (pending, or kept for staff). */
  if (!delivered)
    g_assert_cmpuint (loket_outbox_get_n_pending (outbox) + loket_outbox_get_n_rejected (outbox), >=, 1);
  loket_outbox_stop (outbox);
  loket_outbox_flush_async (outbox, NULL, outbox_done_cb, &wait);
  outbox_wait (&wait);
  g_clear_object (&outbox);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  {
    /* Reopened, the submission is still there. */
    g_autoptr(LoketOutbox) again = loket_outbox_new (path);

    loket_outbox_open_async (again, NULL, outbox_done_cb, &wait);
    outbox_wait (&wait);
    if (!delivered)
      g_assert_true (loket_outbox_is_pending (again, wait.key)
                     || loket_outbox_get_n_rejected (again) == 1);
    loket_outbox_flush_async (again, NULL, outbox_done_cb, &wait);
    outbox_wait (&wait);
  }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (wait.key);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
    g_unlink (path);
    g_rmdir (dir);
  }
  /* Not delivered is the outbox's normal state under a bad intake: no error to show the citizen. */
  return TRUE;
}

/* ---- the cases ---- */

typedef struct
{
  const char *name;
  Connector   run;
  gboolean    expect_error; /* every fault must fail it (else: no crash, nothing lost is enough) */
} ConnectorInfo;

static const ConnectorInfo connectors[] = {
  { "discovery", run_discovery, TRUE },
  { "device-code", run_device_code, TRUE },
  { "token", run_token, TRUE },
  { "userinfo", run_userinfo, TRUE },
  { "brp", run_brp, TRUE },
  { "correction", run_correction, TRUE },
  { "sync", run_sync, TRUE },
  { "outbox", run_outbox, FALSE },
  { "zaken", run_zaken, TRUE },
};

typedef struct
{
  const ConnectorInfo *connector;
  const Fault         *fault;
} Case;

static const char *generic_message;

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = fault_url (c->fault, "x");
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  if (url == NULL)
    {
      g_test_skip ("openssl is not installed: no TLS server");
      return;
    }

  ok = c->connector->run (c->fault, &error);
  g_test_message ("%s under %s: %s in %.0f ms%s%s", c->connector->name, c->fault->name,
                  ok ? "accepted" : "refused", (g_get_monotonic_time () - start) / 1000.0,
                  error ? ": " : "", error ? error->message : "");

  /* No false success where nothing valid was sent. */
  if (c->connector->expect_error && !(c->fault->valid_for && strstr (c->fault->valid_for, c->connector->name)))
    g_assert_false (ok);
  if (!ok && c->connector->run != run_outbox)
    {
      /* A clear message: our error domain, so the page can say what happened in words. */
      g_assert_nonnull (error);
      g_assert_cmpstr (g_quark_to_string (error->domain), ==, g_quark_to_string (LOKET_ERROR));
      g_assert_cmpstr (error->message, !=, "");
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpstr (loket_sign_in_describe_error (error), !=, generic_message);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  int status;

  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);
  /* Criticals are bugs; warnings (the outbox reports a refused submission) are not. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  if (g_getenv ("LOKET_HOSTILE_SURVEY"))
    g_test_set_nonfatal_assertions ();
  if (sodium_init () < 0)
    g_error ("libsodium did not start");
  generic_message = loket_sign_in_describe_error (NULL);
  server_start ();

  for (guint i = 0; i < G_N_ELEMENTS (connectors); i++)
    for (guint j = 0; j < G_N_ELEMENTS (faults); j++)
      {
        Case *c = g_new0 (Case, 1);
        g_autofree char *path = g_strdup_printf ("/hostile/%s/%s", connectors[i].name, faults[j].name);

        c->connector = &connectors[i];
        c->fault = &faults[j];
        g_ptr_array_add (cases, c);
        g_test_add_data_func (path, c, test_case);
      }

  status = g_test_run ();
  server_stop ();
  return status;
}
