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

  /* Tests that do not call lb_init() (UI tests) name the binary in LOKET_BACKEND. */
  if (backend_path == NULL)
    backend_path = g_strdup (g_getenv ("LOKET_BACKEND"));
  g_assert_nonnull (backend_path);
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

/* ---- a parser for the YAML subset of the VCR.py cassettes (shared/reference/) ---- */

typedef struct
{
  char **lines;
  guint n;
  guint i;
} Yaml;

static int
indent_of (const char *line)
{
  int n = 0;

  while (line[n] == ' ')
    n++;
  return n;
}

static gboolean
is_blank (const char *line)
{
  return line[indent_of (line)] == '\0';
}

static void
skip_blank (Yaml *y)
{
  while (y->i < y->n && is_blank (y->lines[y->i]))
    y->i++;
}

static void
append_utf8 (GString *out,
             gunichar c)
{
  g_string_append_unichar (out, c);
}

static char *
unescape_double (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p; p++)
    {
      if (*p != '\\')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      switch (*p)
        {
        case 'n': g_string_append_c (out, '\n'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case '0': g_string_append_c (out, '\0'); break;
        case 'x':
          {
            char hex[3] = { p[1], p[2], 0 };

            append_utf8 (out, (gunichar) g_ascii_strtoull (hex, NULL, 16));
            p += 2;
            break;
          }
        case 'u':
          {
            char hex[5] = { p[1], p[2], p[3], p[4], 0 };

            append_utf8 (out, (gunichar) g_ascii_strtoull (hex, NULL, 16));
            p += 4;
            break;
          }
        case '\0':
          p--;
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

/* Folds the lines of a flow scalar: a line break becomes a space, an empty
 * line a newline, a trailing backslash in a double-quoted scalar joins. */
static char *
fold (GPtrArray *parts,
      gboolean   double_quoted)
{
  GString *out = g_string_new (NULL);

  for (guint k = 0; k < parts->len; k++)
    {
      const char *part = parts->pdata[k];

      if (k > 0)
        {
          if (*part == '\0')
            {
              g_string_append_c (out, '\n');
              continue;
            }
          if (double_quoted && out->len > 0 && out->str[out->len - 1] == '\\')
            g_string_truncate (out, out->len - 1);
          else if (out->len > 0 && out->str[out->len - 1] != '\n')
            g_string_append_c (out, ' ');
        }
      g_string_append (out, part);
    }
  return g_string_free (out, FALSE);
}

static JsonNode *
scalar_node (const char *text)
{
  JsonNode *node;
  gint64 value;

  if (g_str_equal (text, "null") || g_str_equal (text, "~") || *text == '\0')
    return json_node_new (JSON_NODE_NULL);
  node = json_node_new (JSON_NODE_VALUE);
  if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
    json_node_set_int (node, value);
  else if (g_str_equal (text, "true") || g_str_equal (text, "false"))
    json_node_set_boolean (node, g_str_equal (text, "true"));
  else
    json_node_set_string (node, text);
  return node;
}

/* A scalar starting with REST on the current line, continued on lines
 * indented deeper than MIN_INDENT. */
static JsonNode *
parse_scalar (Yaml       *y,
              const char *rest,
              int         min_indent)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  char quote = (*rest == '\'' || *rest == '"') ? *rest : 0;
  JsonNode *node;

  g_ptr_array_add (parts, g_strdup (rest));
  y->i++;
  while (y->i < y->n && (is_blank (y->lines[y->i]) || indent_of (y->lines[y->i]) > min_indent))
    {
      const char *line = y->lines[y->i];

      g_ptr_array_add (parts, g_strchomp (g_strdup (line + indent_of (line))));
      y->i++;
    }
  while (parts->len > 1 && *(char *) parts->pdata[parts->len - 1] == '\0')
    g_ptr_array_remove_index (parts, parts->len - 1);
  joined = fold (parts, quote == '"');
  node = json_node_new (JSON_NODE_VALUE);
  if (quote == '\'')
    {
      g_autoptr(GString) s = g_string_new_len (joined + 1, strlen (joined) - 2);

      g_string_replace (s, "''", "'", 0);
      json_node_set_string (node, s->str);
    }
  else if (quote == '"')
    {
      g_autofree char *inner = g_strndup (joined + 1, strlen (joined) - 2);
      g_autofree char *text = unescape_double (inner);

      json_node_set_string (node, text);
    }
  else
    {
      json_node_unref (node);
      node = scalar_node (g_strstrip (joined));
    }
  return node;
}

static JsonNode *parse_block (Yaml *y, int indent);

static JsonNode *
parse_sequence (Yaml *y,
                int   indent)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (skip_blank (y); y->i < y->n; skip_blank (y))
    {
      char *line = y->lines[y->i];

      if (indent_of (line) != indent || strncmp (line + indent, "- ", 2) != 0)
        break;
      line[indent] = ' ';       /* "- key: v" becomes a mapping one level deeper */
      if (!g_regex_match_simple ("^[^ ,'\"]+:( |$)", line + indent + 2, 0, 0))
        json_array_add_element (array, parse_scalar (y, line + indent + 2, indent));
      else
        json_array_add_element (array, parse_block (y, indent + 2));
    }
  json_node_take_array (node, array);
  return node;
}

static JsonNode *
parse_mapping (Yaml *y,
               int   indent)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (skip_blank (y); y->i < y->n; skip_blank (y))
    {
      const char *line = y->lines[y->i];
      const char *colon;
      g_autofree char *key = NULL;
      const char *rest;

      if (indent_of (line) != indent)
        break;
      colon = strstr (line + indent, ": ");
      if (colon == NULL && g_str_has_suffix (line, ":"))
        colon = line + strlen (line) - 1;
      if (colon == NULL)
        g_error ("YAML line %u not understood: %s", y->i + 1, line);
      key = g_strndup (line + indent, colon - line - indent);
      rest = colon[1] ? colon + 2 : "";
      while (*rest == ' ')
        rest++;
      if (*rest != '\0')
        {
          json_object_set_member (object, key, parse_scalar (y, rest, indent));
          continue;
        }
      y->i++;
      skip_blank (y);
      if (y->i < y->n && indent_of (y->lines[y->i]) == indent
          && strncmp (y->lines[y->i] + indent, "- ", 2) == 0)
        json_object_set_member (object, key, parse_sequence (y, indent));
      else if (y->i < y->n && indent_of (y->lines[y->i]) > indent)
        json_object_set_member (object, key, parse_block (y, indent_of (y->lines[y->i])));
      else
        json_object_set_null_member (object, key);
    }
  json_node_take_object (node, object);
  return node;
}

static JsonNode *
parse_block (Yaml *y,
             int   indent)
{
  skip_blank (y);
  if (strncmp (y->lines[y->i] + indent, "- ", 2) == 0)
    return parse_sequence (y, indent);
  return parse_mapping (y, indent);
}

JsonNode *
lb_yaml_load (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  Yaml y = { 0 };
  JsonNode *root;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  y.lines = g_strsplit (text, "\n", -1);
  y.n = g_strv_length (y.lines);
  root = parse_block (&y, 0);
  g_strfreev (y.lines);
  return root;
}

