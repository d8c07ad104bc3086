/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Desk: the queue of the service desk. POST {desk_endpoint} creates a ticket
 * from {life_event, language, needs, summary}; a ticket holding anything
 * shaped like a BSN is refused with 422. GET {desk_endpoint} lists the queue,
 * GET {desk_endpoint}/{id} reads one ticket, POST {desk_endpoint}/next calls
 * the oldest waiting ticket.
 */
#define G_LOG_DOMAIN "loket-backend"

#include "config.h"

#include <string.h>

#include "loket-bsn.h"
#include "lrb.h"

#define MINUTES_PER_TICKET 5

struct _LrbDesk
{
  GPtrArray *tickets;           /* JsonObject, in arrival order */
  guint counter;
};

LrbDesk *
lrb_desk_new (void)
{
  LrbDesk *desk = g_new0 (LrbDesk, 1);

  desk->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  return desk;
}

void
lrb_desk_free (LrbDesk *desk)
{
  if (desk == NULL)
    return;
  g_ptr_array_unref (desk->tickets);
  g_free (desk);
}

/* A run of digits in which single spaces, dots or dashes may separate the
 * digits ("999 99 3653", "999.993.653"). Nine digits without separators are
 * always refused; with separators, when they pass the 11-check. */
gboolean
lrb_text_has_bsn (const char *text)
{
  const char *p = text;

  while (p && *p)
    {
      char digits[16];
      int n = 0;
      gboolean separated = FALSE;
      const char *q = p;

      if (!g_ascii_isdigit (*p))
        {
          p++;
          continue;
        }
      while (*q)
        {
          if (g_ascii_isdigit (*q))
            {
              if (n < (int) sizeof digits - 1)
                digits[n] = *q;
              n++;
              q++;
            }
          else if ((*q == ' ' || *q == '.' || *q == '-') && g_ascii_isdigit (q[1]))
            {
              separated = TRUE;
              q++;
            }
          else
            break;
        }
      if (n == 9)
        {
          digits[9] = '\0';
          if (!separated || loket_bsn_is_valid (digits))
            return TRUE;
        }
      p = q;
    }
  return FALSE;
}

static guint
waiting_count (LrbDesk *desk)
{
  guint n = 0;

  for (guint i = 0; i < desk->tickets->len; i++)
    n += g_str_equal (json_object_get_string_member (desk->tickets->pdata[i], "status"), "waiting");
  return n;
}

static JsonObject *
find_ticket (LrbDesk    *desk,
             const char *id)
{
  for (guint i = 0; i < desk->tickets->len; i++)
    if (g_str_equal (json_object_get_string_member (desk->tickets->pdata[i], "id"), id))
      return desk->tickets->pdata[i];
  return NULL;
}

static void
validate_ticket (LrbServer  *self,
                 JsonObject *body,
                 JsonObject *problem)
{
  const char *value = NULL;
  JsonNode *needs = json_object_get_member (body, "needs");

  if (!lrb_json_get_string (body, "life_event", &value))
    lrb_problem_add_invalid (problem, "life_event", "required", "A life event id is required.");
  else if (!lrb_catalog_has_life_event (self->catalog, value))
    lrb_problem_add_invalid (problem, "life_event", "unknown",
                             "The catalog has no life event with this id.");
  if (!lrb_json_get_string (body, "language", &value) || *value == '\0')
    lrb_problem_add_invalid (problem, "language", "required", "A language code is required.");
  if (!lrb_json_get_string (body, "summary", &value))
    lrb_problem_add_invalid (problem, "summary", "required", "A summary (text) is required.");
  if (needs == NULL || !JSON_NODE_HOLDS_ARRAY (needs))
    {
      lrb_problem_add_invalid (problem, "needs", "required", "needs must be a list of texts.");
      return;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (needs)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (needs), i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        {
          g_autofree char *name = g_strdup_printf ("needs[%u]", i);

          lrb_problem_add_invalid (problem, name, "string", "needs must be a list of texts.");
        }
    }
}

static gboolean
node_has_bsn (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        if (lrb_text_has_bsn (name) || node_has_bsn (member))
          return TRUE;
      return FALSE;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (node_has_bsn (json_array_get_element (array, i)))
          return TRUE;
      return FALSE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return lrb_text_has_bsn (json_node_get_string (node));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

      return lrb_text_has_bsn (text);
    }
  return FALSE;
}

static void
create_ticket (LrbServer         *self,
               SoupServerMessage *msg)
{
  LrbDesk *desk = self->desk;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = lrb_read_json (msg, &error);
  g_autoptr(JsonObject) problem = lrb_problem_new (msg, SOUP_STATUS_BAD_REQUEST,
                                                   "Invalid ticket", "See invalidParams.");
  JsonObject *body, *ticket;
  g_autofree char *id = NULL, *number = NULL, *created = NULL, *location = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      lrb_send_problem (msg, SOUP_STATUS_BAD_REQUEST, "Invalid ticket",
                        error ? error->message : "The body must be a JSON object.");
      return;
    }
  if (node_has_bsn (root))
    {
      lrb_send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "Personal data in ticket",
                        "A desk ticket must not contain a BSN or anything shaped like one.");
      return;
    }
  body = json_node_get_object (root);
  validate_ticket (self, body, problem);
  if (json_object_has_member (problem, "invalidParams"))
    {
      lrb_send_problem_object (msg, problem);
      return;
    }

  id = lrb_uuid ();
  number = g_strdup_printf ("%c%03u", 'A' + (desk->counter / 1000) % 26, desk->counter % 1000 + 1);
  desk->counter++;
  created = lrb_now_iso8601 ();
  ticket = json_object_new ();
  json_object_set_string_member (ticket, "id", id);
  json_object_set_string_member (ticket, "number", number);
  json_object_set_string_member (ticket, "life_event", json_object_get_string_member (body, "life_event"));
  json_object_set_string_member (ticket, "language", json_object_get_string_member (body, "language"));
  json_object_set_member (ticket, "needs", lrb_json_deep_copy (json_object_get_member (body, "needs")));
  json_object_set_string_member (ticket, "summary", json_object_get_string_member (body, "summary"));
  json_object_set_string_member (ticket, "created", created);
  json_object_set_string_member (ticket, "status", "waiting");
  json_object_set_null_member (ticket, "called");
  json_object_set_int_member (ticket, "estimated_wait_minutes", waiting_count (desk) * MINUTES_PER_TICKET);
  g_ptr_array_add (desk->tickets, ticket);

  location = g_strconcat (self->base_url, "/desk/tickets/", id, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
  lrb_send_json_object (msg, SOUP_STATUS_CREATED, ticket);
}

static void
list_tickets (LrbDesk           *desk,
              SoupServerMessage *msg,
              GHashTable        *query)
{
  const char *status = query ? g_hash_table_lookup (query, "status") : NULL;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *tickets = json_array_new ();

  for (guint i = 0; i < desk->tickets->len; i++)
    {
      JsonObject *ticket = desk->tickets->pdata[i];

      if (status == NULL || g_str_equal (status, json_object_get_string_member (ticket, "status")))
        json_array_add_object_element (tickets, json_object_ref (ticket));
    }
  json_object_set_int_member (reply, "waiting", waiting_count (desk));
  json_object_set_array_member (reply, "tickets", tickets);
  lrb_send_json_object (msg, SOUP_STATUS_OK, reply);
}

static void
call_next (LrbDesk           *desk,
           SoupServerMessage *msg)
{
  for (guint i = 0; i < desk->tickets->len; i++)
    {
      JsonObject *ticket = desk->tickets->pdata[i];

      if (g_str_equal (json_object_get_string_member (ticket, "status"), "waiting"))
        {
          g_autofree char *now = lrb_now_iso8601 ();

          json_object_set_string_member (ticket, "status", "called");
          json_object_set_string_member (ticket, "called", now);
          json_object_set_int_member (ticket, "estimated_wait_minutes", 0);
          for (guint j = i + 1, n = 1; j < desk->tickets->len; j++)
            if (g_str_equal (json_object_get_string_member (desk->tickets->pdata[j], "status"), "waiting"))
              json_object_set_int_member (desk->tickets->pdata[j], "estimated_wait_minutes",
                                          MINUTES_PER_TICKET * n++);
          lrb_send_json_object (msg, SOUP_STATUS_OK, ticket);
          return;
        }
    }
  lrb_send_problem (msg, SOUP_STATUS_NOT_FOUND, "Queue empty", "No ticket is waiting.");
}

void
lrb_desk_handle (LrbServer         *self,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query)
{
  const char *rest = path + strlen ("/desk/tickets");

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "API-Version", "1.0.0");
  if (*rest == '\0')
    {
      if (lrb_method_is (msg, "POST"))
        create_ticket (self, msg);
      else if (lrb_method_is (msg, "GET"))
        list_tickets (self->desk, msg, query);
      else
        lrb_send_method_not_allowed (msg, "GET, POST");
    }
  else if (g_str_equal (rest, "/next"))
    {
      if (lrb_method_is (msg, "POST"))
        call_next (self->desk, msg);
      else
        lrb_send_method_not_allowed (msg, "POST");
    }
  else
    {
      JsonObject *ticket = find_ticket (self->desk, rest + 1);

      if (ticket == NULL)
        lrb_send_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such ticket.");
      else if (!lrb_method_is (msg, "GET"))
        lrb_send_method_not_allowed (msg, "GET");
      else
        lrb_send_json_object (msg, SOUP_STATUS_OK, ticket);
    }
}
