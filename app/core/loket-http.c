/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-http"

#include "config.h"

#include <string.h>

#include "loket-catalog.h"
#include "loket-error.h"
#include "loket-http.h"

/*
 * The requests of a citizen's visit (sign-in, BRP, correction reports): one POST or GET read
 * whole, with an overall deadline on top of libsoup's I/O timeout, no redirects, and errors in
 * the LOKET_ERROR domain. Nothing here logs a URL's query, a header or a body.
 */

typedef struct
{
  SoupMessage  *msg;         /* (owned) */
  GCancellable *cancellable; /* (owned): cancelled by the caller's or by the deadline */
  GCancellable *parent;      /* (owned) (nullable): the caller's */
  gulong        parent_id;
  GSource      *deadline;    /* (owned) (nullable) */
  gboolean      timed_out;
  GInputStream *stream;      /* (owned) (nullable): the body being read */
  GByteArray   *body;        /* (owned) (nullable): what was read so far */
} Request;

static void
request_free (Request *request)
{
  if (request->parent_id != 0)
    g_cancellable_disconnect (request->parent, request->parent_id);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  if (request->deadline != NULL)
    {
      g_source_destroy (request->deadline);
      g_source_unref (request->deadline);
    }
  g_clear_object (&request->parent);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->msg);
  g_free (request);
}

static gboolean
on_deadline_cb (gpointer user_data)
{
  Request *request = user_data;

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_parent_cancelled_cb (GCancellable *parent,
                        gpointer      user_data)
{
  GCancellable *cancellable = user_data;

  g_cancellable_cancel (cancellable);
}

static void
return_failure (GTask  *task,
                GError *error)
{
  Request *request = g_task_get_task_data (task);

  if (request->parent != NULL && g_cancellable_is_cancelled (request->parent))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  else if (request->timed_out)
    g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_TIMEOUT,
                             "No answer within the deadline");
  else
    {
      if (!loket_error_convert_gio (&error))
        {
          /* libsoup's own errors (a bad status line, a broken chunk) mean a broken answer. */
          g_autoptr(GError) broken = g_error_new (LOKET_ERROR, error->domain == SOUP_SESSION_ERROR
                                                  ? LOKET_ERROR_INVALID_DATA : LOKET_ERROR_NETWORK,
                                                  "%s", error->message);
          g_task_return_error (task, g_steal_pointer (&broken));
          g_error_free (error);
          return;
        }
      g_task_return_error (task, error);
      return;
    }
  g_error_free (error);
}

static void
return_too_big (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                           "The answer is larger than %d bytes", LOKET_HTTP_MAX_BODY);
  g_cancellable_cancel (request->cancellable);
}

static void read_next (GTask *task);

/* The body is read a piece at a time and no further than the limit: a server that sends without
 * end must not fill the memory (found by tests/hostile: the whole body used to be read first). */
static void
on_chunk_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) chunk = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      return_failure (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&request->body)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }
  if (request->body->len + g_bytes_get_size (chunk) > LOKET_HTTP_MAX_BODY)
    {
      return_too_big (task);
      return;
    }
  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_next (g_steal_pointer (&task));
}

static void
read_next (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                   request->cancellable, on_chunk_cb, task);
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL)
    {
      return_failure (task, error);
      return;
    }
  if (soup_message_headers_get_content_length (soup_message_get_response_headers (request->msg))
      > LOKET_HTTP_MAX_BODY)
    {
      return_too_big (task);
      return;
    }
  request->body = g_byte_array_new ();
  read_next (g_steal_pointer (&task));
}

/**
 * loket_http_session_new:
 *
 * Returns: (transfer full): the HTTP session of the citizen's requests: Loket's user agent, an
 *   I/O timeout
 */
SoupSession *
loket_http_session_new (void)
{
  return soup_session_new_with_options ("user-agent", "Loket/" PACKAGE_VERSION,
                                        "timeout", 10,
                                        "idle-timeout", 60,
                                        NULL);
}

/**
 * loket_http_message_new:
 *
 * Returns: (transfer full) (nullable): a message that follows no redirects, or %NULL with
 *   %LOKET_ERROR_INVALID_DATA if @url is not an absolute http(s) URL
 */
SoupMessage *
loket_http_message_new (const char  *method,
                        const char  *url,
                        GError     **error)
{
  SoupMessage *msg;

  g_return_val_if_fail (method != NULL, NULL);

  if (url == NULL || !(g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://"))
      || (msg = soup_message_new (method, url)) == NULL)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                           "Not an absolute http(s) URL");
      return NULL;
    }
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  return msg;
}

/**
 * loket_http_send_async:
 * @deadline_ms: the most the whole request may take, or 0 for %LOKET_HTTP_DEFAULT_DEADLINE
 *
 * Sends @msg and reads the whole answer. The status is left for the caller to judge
 * (loket_http_check_status()).
 */
void
loket_http_send_async (SoupSession         *session,
                       SoupMessage         *msg,
                       guint                deadline_ms,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SOUP_IS_MESSAGE (msg));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_http_send_async);
  /* The task itself must not return early on the caller's cancellable: the read callback
   * owns the task and returns exactly once. */
  g_task_set_check_cancellable (task, FALSE);

  request = g_new0 (Request, 1);
  request->msg = g_object_ref (msg);
  request->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (cancellable != NULL)
    {
      request->parent = g_object_ref (cancellable);
      request->parent_id = g_cancellable_connect (cancellable, G_CALLBACK (on_parent_cancelled_cb),
                                                  request->cancellable, NULL);
    }
  request->deadline = g_timeout_source_new (deadline_ms ? deadline_ms : LOKET_HTTP_DEFAULT_DEADLINE);
  g_source_set_callback (request->deadline, on_deadline_cb, request, NULL);
  g_source_attach (request->deadline, g_main_context_get_thread_default ());

  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, request->cancellable,
                           on_sent_cb, g_steal_pointer (&task));
}

/**
 * loket_http_send_finish:
 *
 * Returns: (transfer full): the body, whatever the status; %NULL with a #LOKET_ERROR, or
 *   %G_IO_ERROR_CANCELLED when the caller cancelled
 */
GBytes *
loket_http_send_finish (SoupSession   *session,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
loket_http_set_bearer (SoupMessage *msg,
                       const char  *token)
{
  g_autofree char *value = NULL;
  gsize length;

  g_return_if_fail (SOUP_IS_MESSAGE (msg));
  g_return_if_fail (token != NULL);

  value = g_strconcat ("Bearer ", token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
  length = strlen (value);
  memset (value, 0, length);
}

/**
 * loket_http_clear_bearer:
 *
 * Overwrites the token in @msg's Authorization header once the request is done.
 */
void
loket_http_clear_bearer (SoupMessage *msg)
{
  SoupMessageHeaders *headers;
  char *value;

  g_return_if_fail (SOUP_IS_MESSAGE (msg));

  headers = soup_message_get_request_headers (msg);
  value = (char *) soup_message_headers_get_one (headers, "Authorization");
  if (value != NULL)
    memset (value, 0, strlen (value));
  soup_message_headers_remove (headers, "Authorization");
}

/**
 * loket_http_check_status:
 *
 * Turns an unsuccessful status into the matching #LOKET_ERROR: 401 → %LOKET_ERROR_EXPIRED (the
 * sign-in ended), 403 → %LOKET_ERROR_DENIED, 404 → %LOKET_ERROR_NOT_FOUND, 408 and 504 →
 * %LOKET_ERROR_TIMEOUT, 429 and 5xx → %LOKET_ERROR_UNAVAILABLE, any other 4xx →
 * %LOKET_ERROR_INVALID_DATA (a request the back-end does not accept: a configuration error).
 */
gboolean
loket_http_check_status (SoupMessage  *msg,
                         GError      **error)
{
  guint status;
  LoketError code;

  g_return_val_if_fail (SOUP_IS_MESSAGE (msg), FALSE);

  status = soup_message_get_status (msg);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return TRUE;

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      code = LOKET_ERROR_EXPIRED;
      break;
    case SOUP_STATUS_FORBIDDEN:
      code = LOKET_ERROR_DENIED;
      break;
    case SOUP_STATUS_NOT_FOUND:
      code = LOKET_ERROR_NOT_FOUND;
      break;
    case SOUP_STATUS_REQUEST_TIMEOUT:
    case SOUP_STATUS_GATEWAY_TIMEOUT:
      code = LOKET_ERROR_TIMEOUT;
      break;
    case 429: /* Too Many Requests */
      code = LOKET_ERROR_UNAVAILABLE;
      break;
    default:
      code = status >= 500 ? LOKET_ERROR_UNAVAILABLE : LOKET_ERROR_INVALID_DATA;
    }
  g_set_error (error, LOKET_ERROR, code, "HTTP status %u", status);
  return FALSE;
}

/**
 * loket_http_parse_json:
 *
 * Returns: (transfer full): the JSON document in @body, or %NULL with
 *   %LOKET_ERROR_INVALID_DATA. Free it with loket_secure_json_node_free() when it may hold
 *   personal data.
 */
JsonNode *
loket_http_parse_json (GBytes  *body,
                       GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (body != NULL, NULL);

  data = g_bytes_get_data (body, &size);
  /* Found by tests/fuzz: json-glib recurses once per level (a deep document overflows the stack)
   * and takes a blank document without an error but with no root. */
  if (size > 0 && !loket_json_check_depth (data, size, LOKET_JSON_MAX_DEPTH))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                   "Not a JSON document: nested deeper than %d levels", LOKET_JSON_MAX_DEPTH);
      return NULL;
    }
  if (size == 0 || !json_parser_load_from_data (parser, data, size, &parse_error)
      || json_parser_get_root (parser) == NULL)
    {
      /* The parser's message quotes no content, only a position. */
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA, "Not a JSON document%s%s",
                   parse_error ? ": " : "", parse_error ? parse_error->message : "");
      return NULL;
    }
  return json_parser_steal_root (parser);
}

/* json-glib's json_object_get_*_member_with_default() complain with a critical when the member
 * is an object or an array: from a server that is a wrong answer, not a programming error. These
 * take a member only when it has the type asked for, and the default otherwise. */
static JsonNode *
typed_member (JsonObject *object,
              const char *member,
              GType       type)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && json_node_get_value_type (node) == type ? node : NULL;
}

/**
 * loket_json_get_string:
 *
 * Returns: (nullable): @member of @object if it is a string, else %NULL
 */
const char *
loket_json_get_string (JsonObject *object,
                       const char *member)
{
  JsonNode *node = typed_member (object, member, G_TYPE_STRING);

  return node ? json_node_get_string (node) : NULL;
}

/**
 * loket_json_get_int:
 *
 * Returns: @member of @object if it is an integer, else @default_value
 */
gint64
loket_json_get_int (JsonObject *object,
                    const char *member,
                    gint64      default_value)
{
  JsonNode *node = typed_member (object, member, G_TYPE_INT64);

  return node ? json_node_get_int (node) : default_value;
}

/**
 * loket_json_get_boolean:
 *
 * Returns: @member of @object if it is true or false, else @default_value
 */
gboolean
loket_json_get_boolean (JsonObject *object,
                        const char *member,
                        gboolean    default_value)
{
  JsonNode *node = typed_member (object, member, G_TYPE_BOOLEAN);

  return node ? json_node_get_boolean (node) : default_value;
}
