/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-correction"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "loket-correction.h"
#include "loket-error.h"
#include "loket-http.h"
#include "loket-secure.h"

/*
 * A correction report (terugmelding): the citizen says a value in the BRP is wrong. The kiosk
 * sends `{field, current_value?, explanation}` with the citizen's token and keeps nothing of it:
 * the body is zeroed once sent, and only "sent" or "failed" is logged.
 */

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  JsonNode *receipt = NULL;

  body = loket_http_send_finish (SOUP_SESSION (object), result, &error);
  loket_http_clear_bearer (msg);
  /* A receipt is a JSON object (or 204): a captive portal's 200 page, or an answer cut off,
   * must not pass for a delivered report (found by tests/hostile). */
  if (body != NULL && loket_http_check_status (msg, &error)
      && soup_message_get_status (msg) != SOUP_STATUS_NO_CONTENT
      && ((receipt = loket_http_parse_json (body, &error)) == NULL || !JSON_NODE_HOLDS_OBJECT (receipt)))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                           "The correction answer is not a receipt");
    }
  g_clear_pointer (&receipt, json_node_unref);
  loket_secure_bytes_free (body);
  if (body == NULL || error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Correction report failed: %s", error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_message ("Correction report sent");
  g_task_return_boolean (task, TRUE);
}

/**
 * loket_correction_send_async:
 * @endpoint: the correction endpoint from discovery
 * @token: the citizen's access token
 * @field: the BRP `fields` path the report is about ("verblijfplaats", "naam", …)
 * @current_value: (nullable): what the register shows now
 * @explanation: what the citizen says is wrong
 */
void
loket_correction_send_async (SoupSession         *session,
                             const char          *endpoint,
                             const char          *token,
                             const char          *field,
                             const char          *current_value,
                             const char          *explanation,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GBytes) bytes = NULL;
  JsonNode *root;
  SoupMessage *msg;
  char *body;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (token != NULL && field != NULL && explanation != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_correction_send_async);
  if ((msg = loket_http_message_new ("POST", endpoint, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, msg, g_object_unref);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "field");
  json_builder_add_string_value (builder, field);
  if (current_value != NULL)
    {
      json_builder_set_member_name (builder, "current_value");
      json_builder_add_string_value (builder, current_value);
    }
  json_builder_set_member_name (builder, "explanation");
  json_builder_add_string_value (builder, explanation);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);
  loket_secure_json_node_free (root);

  bytes = g_bytes_new_with_free_func (body, strlen (body), loket_secure_free, body);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  loket_http_set_bearer (msg, token);
  loket_http_send_async (session, msg, 0, cancellable, on_sent_cb, g_steal_pointer (&task));
}

gboolean
loket_correction_send_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
