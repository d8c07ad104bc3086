/* SPDX-License-Identifier: EUPL-1.2 */
#include "backend-harness.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

static char *backend_path;

/* The back-end binary is the first non-option argument (meson passes it). */
void
lb_init (int    *argc,
         char ***argv)
{
  /* Isolated dirs hide the GSettings schemas GIO's proxy modules want. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (*argc > 1)
    backend_path = g_strdup ((*argv)[1]);
  else
    backend_path = g_strdup (g_getenv ("LOKET_BACKEND"));
  if (backend_path == NULL)
    g_error ("pass the path of loket-reference-backend as the first argument");
}

LbServer *
lb_startv (const char *const *args)
{
  LbServer *server = g_new0 (LbServer, 1);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  server->tmpdir = g_dir_make_tmp ("lb-XXXXXX", &error);
  g_assert_no_error (error);
  server->stderr_path = g_build_filename (server->tmpdir, "stderr.log", NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, server->stderr_path);

  g_ptr_array_add (argv, backend_path);
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, "0");
  for (gsize i = 0; args && args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  server->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  server->base_url = g_data_input_stream_read_line (out, &len, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (server->base_url);
  g_assert_true (g_str_has_prefix (server->base_url, "http://127.0.0.1:"));
  server->session = soup_session_new_with_options ("timeout", 30, NULL);
  return server;
}

LbServer *
lb_start (const char *first_arg,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *a = first_arg; a; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return lb_startv ((const char *const *) args->pdata);
}

static void
server_free (LbServer *server)
{
  g_object_unref (server->process);
  g_object_unref (server->session);
  g_remove (server->stderr_path);
  g_rmdir (server->tmpdir);
  g_free (server->stderr_path);
  g_free (server->tmpdir);
  g_free (server->base_url);
  g_free (server);
}

/* SIGTERM must stop the back-end cleanly, with exit status 0. */
void
lb_stop (LbServer *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait_check (server->process, NULL, &error);
  g_assert_no_error (error);
  server_free (server);
}

/* SIGKILL: the crash the state file must survive. */
void
lb_kill (LbServer *server)
{
  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  server_free (server);
}

char *
lb_url (LbServer   *server,
        const char *path)
{
  if (g_str_has_prefix (path, "http"))
    return g_strdup (path);
  return g_strconcat (server->base_url, path, NULL);
}

char *
lb_read_log (LbServer *server)
{
  char *text = NULL;

  g_file_get_contents (server->stderr_path, &text, NULL, NULL);
  return text ? text : g_strdup ("");
}

LbResponse *
lb_request (LbServer          *server,
            const char        *method,
            const char        *path,
            const char *const *headers,
            const char        *content_type,
            const void        *body,
            gsize              length)
{
  g_autofree char *url = lb_url (server, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  LbResponse *response = g_new0 (LbResponse, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_nonnull (msg);
  for (gsize i = 0; headers && headers[i]; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i], headers[i + 1]);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, length);

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  response->body = soup_session_send_and_read (server->session, msg, NULL, &response->error);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (response->body != NULL && g_bytes_get_size (response->body) > 0
      && json_parser_load_from_data (parser, g_bytes_get_data (response->body, NULL),
                                     g_bytes_get_size (response->body), NULL))
    response->json = json_node_copy (json_parser_get_root (parser));
  return response;
}

LbResponse *
lb_get (LbServer          *server,
        const char        *path,
        const char *const *headers)
{
  return lb_request (server, "GET", path, headers, NULL, NULL, 0);
}

LbResponse *
lb_post_json (LbServer          *server,
              const char        *path,
              const char *const *headers,
              const char        *json)
{
  return lb_request (server, "POST", path, headers, "application/json", json, strlen (json));
}

LbResponse *
lb_post_form (LbServer   *server,
              const char *path,
              const char *first_field,
              ...)
{
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *encoded = NULL;
  va_list ap;

  va_start (ap, first_field);
  for (const char *k = first_field; k; k = va_arg (ap, const char *))
    g_hash_table_insert (form, (char *) k, va_arg (ap, char *));
  va_end (ap);
  encoded = soup_form_encode_hash (form);
  return lb_request (server, "POST", path, NULL, "application/x-www-form-urlencoded",
                     encoded, strlen (encoded));
}

void
lb_response_free (LbResponse *response)
{
  g_clear_error (&response->error);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response);
}

JsonObject *
lb_object (LbResponse *response)
{
  g_assert_no_error (response->error);
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

const char *
lb_member_string (LbResponse *response,
                  const char *member)
{
  JsonObject *object = lb_object (response);

  g_assert_true (json_object_has_member (object, member));
  return json_object_get_string_member (object, member);
}

/* RFC 9457: application/problem+json with type, title, status, detail, instance. */
void
lb_assert_problem (LbResponse *response,
                   guint       status)
{
  JsonObject *problem;
  const char *type = soup_message_headers_get_content_type (response->headers, NULL);

  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (type, ==, "application/problem+json");
  problem = lb_object (response);
  g_assert_cmpint (json_object_get_int_member (problem, "status"), ==, status);
  g_assert_nonnull (json_object_get_string_member (problem, "type"));
  g_assert_nonnull (json_object_get_string_member (problem, "title"));
  g_assert_nonnull (json_object_get_string_member (problem, "detail"));
  g_assert_nonnull (json_object_get_string_member (problem, "instance"));
}

char *
lb_sign_in (LbServer   *server,
            const char *bsn)
{
  g_autoptr(LbResponse) device = lb_post_form (server, "/oauth/device_authorization",
                                               "client_id", "loket-kiosk", NULL);
  g_autoptr(LbResponse) page = NULL;
  g_autoptr(LbResponse) token = NULL;

  g_assert_cmpuint (device->status, ==, 200);
  page = lb_post_form (server, "/device", "user_code", lb_member_string (device, "user_code"),
                       "bsn", bsn, "action", "approve", NULL);
  g_assert_cmpuint (page->status, ==, 200);
  token = lb_post_form (server, "/oauth/token",
                        "grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                        "device_code", lb_member_string (device, "device_code"),
                        "client_id", "loket-kiosk", NULL);
  g_assert_cmpuint (token->status, ==, 200);
  return g_strdup (lb_member_string (token, "access_token"));
}

static char *
b64url (const void *data,
        gsize       len)
{
  g_autofree char *b64 = g_base64_encode (data, len);
  GString *out = g_string_new (NULL);

  for (char *p = b64; *p && *p != '='; p++)
    g_string_append_c (out, *p == '+' ? '-' : *p == '/' ? '_' : *p);
  return g_string_free (out, FALSE);
}

char *
lb_make_jwt (const char *client_id,
             const char *secret,
             gint64      iat)
{
  static const char header[] = "{\"typ\":\"JWT\",\"alg\":\"HS256\"}";
  g_autofree char *payload = g_strdup_printf ("{\"iss\":\"%s\",\"iat\":%" G_GINT64_FORMAT ","
                                              "\"client_id\":\"%s\",\"user_id\":\"kiosk-1\","
                                              "\"user_representation\":\"Loket zuil test\"}",
                                              client_id, iat, client_id);
  g_autofree char *h = b64url (header, strlen (header));
  g_autofree char *p = b64url (payload, strlen (payload));
  g_autofree char *signing = g_strconcat (h, ".", p, NULL);
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autofree char *s = NULL;

  g_hmac_update (hmac, (const guchar *) signing, -1);
  g_hmac_get_digest (hmac, digest, &digest_len);
  s = b64url (digest, digest_len);
  return g_strconcat (signing, ".", s, NULL);
}

/* "Bearer <jwt>" for the default ZGW client. */
char *
lb_zgw_auth (void)
{
  g_autofree char *jwt = lb_make_jwt ("loket-kiosk", "loket-dev-secret",
                                      g_get_real_time () / G_USEC_PER_SEC);

  return g_strconcat ("Bearer ", jwt, NULL);
}
