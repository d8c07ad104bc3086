/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-desk"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "loket-catalog.h"
#include "loket-desk-client.h"
#include "loket-error.h"
#include "loket-http.h"

/*
 * The warm hand-over: a ticket for the service desk. The kiosk sends the life event, the
 * language, what the citizen needs (read-aloud, larger text, an interpreter) and what was
 * already done, by catalog ids — never a BSN or a name. The same client serves `loket --desk`:
 * the queue and "call next".
 */

void
loket_desk_ticket_free (LoketDeskTicket *ticket)
{
  if (ticket == NULL)
    return;
  g_free (ticket->id);
  g_free (ticket->number);
  g_free (ticket->life_event);
  g_free (ticket->language);
  g_strfreev (ticket->needs);
  g_free (ticket->summary);
  g_free (ticket->status);
  g_free (ticket);
}

void
loket_desk_summary_free (LoketDeskSummary *summary)
{
  if (summary == NULL)
    return;
  g_strfreev (summary->steps_done);
  g_strfreev (summary->entitlements);
  g_free (summary);
}

/**
 * loket_desk_text_is_safe:
 *
 * Returns: %FALSE if @text holds a run of nine or more digits, the shape of a BSN: such a text
 *   never leaves the kiosk in a ticket
 */
gboolean
loket_desk_text_is_safe (const char *text)
{
  guint run = 0;

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (++run >= 9)
            return FALSE;
        }
      else if (!((*p == ' ' || *p == '.' || *p == '-') && run > 0 && g_ascii_isdigit (p[1])))
        run = 0;
    }
  return TRUE;
}

static void
add_ids (JsonBuilder       *builder,
         const char        *name,
         const char *const *ids)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    json_builder_add_string_value (builder, ids[i]);
  json_builder_end_array (builder);
}

/**
 * loket_desk_summary_build:
 *
 * Returns: (transfer full): the ticket's summary: a small JSON object of ids and a count
 */
char *
loket_desk_summary_build (const char *const *steps_done,
                          const char *const *entitlements,
                          guint              n_requests)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_ids (builder, "steps_done", steps_done);
  add_ids (builder, "entitlements", entitlements);
  json_builder_set_member_name (builder, "requests_sent");
  json_builder_add_int_value (builder, n_requests);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static char **
dup_ids (JsonObject *object,
         const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (item));
        }
    }
  return g_strv_builder_end (builder);
}

/**
 * loket_desk_summary_parse:
 *
 * Returns: (transfer full) (nullable): the summary of a ticket made by a kiosk, or %NULL if it
 *   is another kind of text
 */
LoketDeskSummary *
loket_desk_summary_parse (const char *summary)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  LoketDeskSummary *result;
  JsonObject *object;

  if (summary == NULL || !loket_json_check_depth (summary, strlen (summary), 8)
      || !json_parser_load_from_data (parser, summary, -1, NULL)
      || json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  object = json_node_get_object (json_parser_get_root (parser));
  result = g_new0 (LoketDeskSummary, 1);
  result->steps_done = dup_ids (object, "steps_done");
  result->entitlements = dup_ids (object, "entitlements");
  result->n_requests = (guint) CLAMP (loket_json_get_int (object, "requests_sent", 0),
                                      0, G_MAXUINT);
  return result;
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  return g_strdup (loket_json_get_string (object, name));
}

/**
 * loket_desk_ticket_from_json:
 * @node: a ticket as the desk back-end answers it
 *
 * Returns: (transfer full): the ticket, or %NULL with @error set
 */
LoketDeskTicket *
loket_desk_ticket_from_json (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(LoketDeskTicket) ticket = g_new0 (LoketDeskTicket, 1);
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA, "A ticket must be an object");
      return NULL;
    }
  object = json_node_get_object (node);
  ticket->id = dup_member (object, "id");
  ticket->number = dup_member (object, "number");
  ticket->life_event = dup_member (object, "life_event");
  ticket->language = dup_member (object, "language");
  ticket->summary = dup_member (object, "summary");
  ticket->status = dup_member (object, "status");
  ticket->needs = dup_ids (object, "needs");
  ticket->estimated_wait_minutes =
    MAX (0, loket_json_get_int (object, "estimated_wait_minutes", 0));
  if (ticket->id == NULL || ticket->number == NULL || ticket->life_event == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                   "A ticket needs an id, a number and a life event");
      return NULL;
    }
  return g_steal_pointer (&ticket);
}

/* Sends @msg; the task returns the parsed JSON root. */
static void
on_reply_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  JsonNode *root;

  body = loket_http_send_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL || !loket_http_check_status (msg, &error)
      || (root = loket_http_parse_json (body, &error)) == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Desk request failed: %s", error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static void
send_request (SoupSession         *session,
              const char          *method,
              const char          *url,
              char                *json, /* (transfer full) (nullable) */
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (session, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  SoupMessage *msg;

  g_task_set_source_tag (task, source_tag);
  if ((msg = loket_http_message_new (method, url, &error)) == NULL)
    {
      g_free (json);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, msg, g_object_unref);
  if (json != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_take (json, strlen (json));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  loket_http_send_async (session, msg, 0, cancellable, on_reply_cb, g_steal_pointer (&task));
}

/**
 * loket_desk_create_ticket_async:
 * @endpoint: the desk endpoint from discovery
 * @life_event: the catalog id of the life event
 * @language: the citizen's language code
 * @needs: (array zero-terminated=1) (nullable): need codes (`LOKET_DESK_NEED_*`)
 * @summary: from loket_desk_summary_build()
 *
 * Asks for a place in the desk's queue. A text shaped like a BSN is refused here, before
 * anything is sent.
 */
void
loket_desk_create_ticket_async (SoupSession         *session,
                                const char          *endpoint,
                                const char          *life_event,
                                const char          *language,
                                const char *const   *needs,
                                const char          *summary,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *json;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (endpoint != NULL && life_event != NULL && language != NULL && summary != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "life_event");
  json_builder_add_string_value (builder, life_event);
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, language);
  add_ids (builder, "needs", needs);
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, summary);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);

  if (!loket_desk_text_is_safe (json))
    {
      g_autoptr(GTask) task = g_task_new (session, cancellable, callback, user_data);

      g_free (json);
      g_task_set_source_tag (task, loket_desk_create_ticket_async);
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                               "A desk ticket must not hold personal numbers");
      return;
    }
  send_request (session, "POST", endpoint, json, loket_desk_create_ticket_async, cancellable,
                callback, user_data);
}

/**
 * loket_desk_create_ticket_finish:
 *
 * Returns: (transfer full): the ticket, with its number and estimated wait
 */
LoketDeskTicket *
loket_desk_create_ticket_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_autoptr(JsonNode) root = NULL;
  LoketDeskTicket *ticket;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  if ((root = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return NULL;
  if ((ticket = loket_desk_ticket_from_json (root, error)) != NULL)
    g_message ("Desk ticket %s made", ticket->number);
  return ticket;
}

void
loket_desk_list_async (SoupSession         *session,
                       const char          *endpoint,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autofree char *url = NULL;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (endpoint != NULL);

  url = g_strconcat (endpoint, "?status=waiting", NULL);
  send_request (session, "GET", url, NULL, loket_desk_list_async, cancellable, callback, user_data);
}

/**
 * loket_desk_queue_from_json:
 * @root: the desk back-end's answer to a listing: `{"tickets": [...]}`
 *
 * Returns: (transfer full) (element-type LoketDeskTicket): the tickets, or %NULL with @error set
 */
GPtrArray *
loket_desk_queue_from_json (JsonNode  *root,
                            GError   **error)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_desk_ticket_free);
  JsonNode *list;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || (list = json_object_get_member (json_node_get_object (root), "tickets")) == NULL
      || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA, "The queue must list tickets");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      LoketDeskTicket *ticket =
        loket_desk_ticket_from_json (json_array_get_element (json_node_get_array (list), i), error);

      if (ticket == NULL)
        return NULL;
      g_ptr_array_add (tickets, ticket);
    }
  return g_steal_pointer (&tickets);
}

/**
 * loket_desk_list_finish:
 *
 * Returns: (transfer full) (element-type LoketDeskTicket): the waiting tickets, oldest first
 */
GPtrArray *
loket_desk_list_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  if ((root = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return NULL;
  return loket_desk_queue_from_json (root, error);
}

void
loket_desk_call_next_async (SoupSession         *session,
                            const char          *endpoint,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *url = NULL;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (endpoint != NULL);

  url = g_strconcat (endpoint, "/next", NULL);
  send_request (session, "POST", url, NULL, loket_desk_call_next_async, cancellable, callback,
                user_data);
}

/**
 * loket_desk_call_next_finish:
 *
 * Returns: (transfer full) (nullable): the ticket called; %NULL with %LOKET_ERROR_NOT_FOUND when
 *   nobody is waiting
 */
LoketDeskTicket *
loket_desk_call_next_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  if ((root = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return NULL;
  return loket_desk_ticket_from_json (root, error);
}
