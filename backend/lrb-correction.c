/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Correction reports (terugmelding): a signed-in citizen reports that a
 * register value is wrong. POST {correction_endpoint} with {field,
 * current_value?, proposed_value?, explanation} → 202 {id, status, received}.
 * Reports are counted, never stored or logged with their content.
 */
#define G_LOG_DOMAIN "loket-backend"

#include "config.h"

#include "lrb.h"

static void
validate_report (LrbServer  *self,
                 JsonObject *body,
                 JsonObject *problem)
{
  const char *value = NULL;
  static const char *const optional[] = { "current_value", "proposed_value" };

  if (!lrb_json_get_string (body, "field", &value))
    lrb_problem_add_invalid (problem, "field", "required", "The BRP field path is required.");
  else if (!lrb_brp_field_is_valid (self->brp, value))
    lrb_problem_add_invalid (problem, "field", "fields", "Not a field of BRP API Personen.");
  if (!lrb_json_get_string (body, "explanation", &value) || *value == '\0')
    lrb_problem_add_invalid (problem, "explanation", "required", "An explanation is required.");
  for (gsize i = 0; i < G_N_ELEMENTS (optional); i++)
    {
      JsonNode *node = json_object_get_member (body, optional[i]);

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node)
          && (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING))
        lrb_problem_add_invalid (problem, optional[i], "string", "Must be a text or null.");
    }
}

void
lrb_correction_handle (LrbServer         *self,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) problem = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *id = NULL, *now = NULL, *location = NULL;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "API-Version", "1.0.0");
  if (!g_str_equal (path, "/terugmeldingen"))
    {
      lrb_send_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such resource.");
      return;
    }
  if (!lrb_method_is (msg, "POST"))
    {
      lrb_send_method_not_allowed (msg, "POST");
      return;
    }
  if (lrb_require_citizen (self, msg) == NULL)
    return;

  root = lrb_read_json (msg, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      lrb_send_problem (msg, SOUP_STATUS_BAD_REQUEST, "Invalid report",
                        error ? error->message : "The body must be a JSON object.");
      return;
    }
  problem = lrb_problem_new (msg, SOUP_STATUS_BAD_REQUEST, "Invalid report", "See invalidParams.");
  validate_report (self, json_node_get_object (root), problem);
  if (json_object_has_member (problem, "invalidParams"))
    {
      lrb_send_problem_object (msg, problem);
      return;
    }

  self->corrections++;
  id = lrb_uuid ();
  now = lrb_now_iso8601 ();
  location = g_strconcat (self->base_url, "/terugmeldingen/", id, NULL);
  reply = json_object_new ();
  json_object_set_string_member (reply, "id", id);
  json_object_set_string_member (reply, "status", "received");
  json_object_set_string_member (reply, "received", now);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
  lrb_send_json_object (msg, SOUP_STATUS_ACCEPTED, reply);
}
