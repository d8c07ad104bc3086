/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * HTTP helpers: JSON and RFC 9457 problem responses, RFC 6749 OAuth errors,
 * request body and header access.
 */
#define G_LOG_DOMAIN "loket-backend"

#include "config.h"

#include <string.h>
#include <sodium.h>

#include "lrb.h"

void
lrb_send_text (SoupServerMessage *msg,
               guint              status,
               const char        *content_type,
               const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

void
lrb_send_json (SoupServerMessage *msg,
               guint              status,
               JsonNode          *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  lrb_send_text (msg, status, "application/json", text);
}

void
lrb_send_json_object (SoupServerMessage *msg,
                      guint              status,
                      JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  lrb_send_json (msg, status, node);
}

/* The problem's type is an "about:blank"-style URI per status; the instance is
 * the request path without its query, so it never carries personal data. */
JsonObject *
lrb_problem_new (SoupServerMessage *msg,
                 guint              status,
                 const char        *title,
                 const char        *detail)
{
  JsonObject *problem = json_object_new ();
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *type = NULL;

  type = g_strdup_printf ("https://datatracker.ietf.org/doc/html/rfc9110#status.%u", status);
  json_object_set_string_member (problem, "type", type);
  json_object_set_string_member (problem, "title",
                                 title ? title : soup_status_get_phrase (status));
  json_object_set_int_member (problem, "status", status);
  json_object_set_string_member (problem, "detail", detail ? detail : "");
  json_object_set_string_member (problem, "instance", g_uri_get_path (uri));
  return problem;
}

void
lrb_problem_add_invalid (JsonObject *problem,
                         const char *name,
                         const char *code,
                         const char *reason)
{
  JsonObject *param = json_object_new ();
  JsonArray *params;

  if (!json_object_has_member (problem, "invalidParams"))
    json_object_set_array_member (problem, "invalidParams", json_array_new ());
  params = json_object_get_array_member (problem, "invalidParams");

  json_object_set_string_member (param, "name", name);
  json_object_set_string_member (param, "code", code);
  json_object_set_string_member (param, "reason", reason);
  json_array_add_object_element (params, param);
}

void
lrb_send_problem_object (SoupServerMessage *msg,
                         JsonObject        *problem)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  guint status = json_object_get_int_member (problem, "status");

  json_node_set_object (node, problem);
  text = json_to_string (node, FALSE);
  lrb_send_text (msg, status, "application/problem+json", text);
}

void
lrb_send_problem (SoupServerMessage *msg,
                  guint              status,
                  const char        *title,
                  const char        *detail)
{
  g_autoptr(JsonObject) problem = lrb_problem_new (msg, status, title, detail);

  lrb_send_problem_object (msg, problem);
}

/* RFC 6749 §5.2: {"error": …, "error_description": …}, no caching. */
void
lrb_send_oauth_error (SoupServerMessage *msg,
                      guint              status,
                      const char        *error,
                      const char        *description)
{
  g_autoptr(JsonObject) body = json_object_new ();
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  json_object_set_string_member (body, "error", error);
  if (description != NULL)
    json_object_set_string_member (body, "error_description", description);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Basic realm=\"loket\"");
  lrb_send_json_object (msg, status, body);
}

GBytes *
lrb_request_bytes (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  return soup_message_body_flatten (body);
}

JsonNode *
lrb_read_json (SoupServerMessage *msg,
               GError           **error)
{
  g_autoptr(GBytes) bytes = lrb_request_bytes (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The request has no body.");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, size, error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

GHashTable *
lrb_read_form (SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = lrb_request_bytes (msg);
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *text = g_strndup (data, size);

  return soup_form_decode (text);
}

const char *
lrb_bearer_token (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;
  value += 7;
  while (*value == ' ')
    value++;
  return *value ? value : NULL;
}

gboolean
lrb_method_is (SoupServerMessage *msg,
               const char        *method)
{
  return g_strcmp0 (soup_server_message_get_method (msg), method) == 0;
}

void
lrb_send_method_not_allowed (SoupServerMessage *msg,
                             const char        *allow)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *detail = g_strdup_printf ("Allowed methods: %s.", allow);

  soup_message_headers_replace (headers, "Allow", allow);
  lrb_send_problem (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL, detail);
}

gboolean
lrb_content_type_is (SoupServerMessage *msg,
                     const char        *type)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);

  return content_type != NULL && g_ascii_strcasecmp (content_type, type) == 0;
}

gboolean
lrb_peer_is_loopback (SoupServerMessage *msg)
{
  GSocketAddress *address = soup_server_message_get_remote_address (msg);

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return FALSE;
  return g_inet_address_get_is_loopback (
      g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

char *
lrb_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

char *
lrb_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* Opaque random string, base64url without padding. */
char *
lrb_random_token (gsize bytes)
{
  g_autofree guint8 *raw = g_malloc (bytes);
  gsize out_len = sodium_base64_ENCODED_LEN (bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *out = g_malloc (out_len);

  randombytes_buf (raw, bytes);
  sodium_bin2base64 (out, out_len, raw, bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

char *
lrb_uuid (void)
{
  return g_uuid_string_random ();
}

gboolean
lrb_json_get_string (JsonObject  *object,
                     const char  *member,
                     const char **out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_string (node);
  return TRUE;
}

/* json_node_copy() shares objects and arrays; this copies them. */
JsonNode *
lrb_json_deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *from = json_node_get_object (node);
      JsonObject *to = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, from);
      while (json_object_iter_next (&iter, &name, &member))
        json_object_set_member (to, name, lrb_json_deep_copy (member));
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, to);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *from = json_node_get_array (node);
      JsonArray *to = json_array_sized_new (json_array_get_length (from));

      for (guint i = 0; i < json_array_get_length (from); i++)
        json_array_add_element (to, lrb_json_deep_copy (json_array_get_element (from, i)));
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, to);
      return copy;
    }
  return json_node_copy (node);
}

JsonObject *
lrb_json_object_deep_copy (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) copy = NULL;

  json_node_set_object (node, object);
  copy = lrb_json_deep_copy (node);
  return json_node_dup_object (copy);
}
