/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Faults on demand: per route a delay, a status code, a malformed or truncated
 * body, or a dropped connection. Set with --fault ROUTE:KIND[:ARG] or with the
 * loopback-only control endpoint /_control/faults.
 */
#define G_LOG_DOMAIN "loket-backend"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lrb.h"

typedef struct
{
  guint delay_ms;
  LrbFaultKind kind;
  guint status;
  int times;                    /* -1: every request; N: the next N requests */
} LrbFault;

struct _LrbFaults
{
  GHashTable *by_route;         /* route name → LrbFault */
};

static const char *const route_names[] = {
  "discovery", "catalog", "device_authorization", "token", "userinfo", "verification",
  "brp", "zaken", "intake", "desk", "correction",
};

static const char *const kind_names[] = {
  [LRB_FAULT_NONE] = "none",
  [LRB_FAULT_STATUS] = "status",
  [LRB_FAULT_MALFORMED] = "malformed",
  [LRB_FAULT_TRUNCATED] = "truncated",
  [LRB_FAULT_DROP] = "drop",
};

gboolean
lrb_route_name_is_valid (const char *route)
{
  for (gsize i = 0; i < G_N_ELEMENTS (route_names); i++)
    if (g_strcmp0 (route, route_names[i]) == 0)
      return TRUE;
  return FALSE;
}

LrbFaults *
lrb_faults_new (void)
{
  LrbFaults *faults = g_new0 (LrbFaults, 1);

  faults->by_route = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return faults;
}

void
lrb_faults_free (LrbFaults *faults)
{
  if (faults == NULL)
    return;
  g_hash_table_unref (faults->by_route);
  g_free (faults);
}

static LrbFault *
faults_lookup (LrbFaults  *faults,
               const char *route)
{
  LrbFault *fault = g_hash_table_lookup (faults->by_route, route);

  if (fault == NULL)
    {
      fault = g_new0 (LrbFault, 1);
      fault->times = -1;
      g_hash_table_insert (faults->by_route, g_strdup (route), fault);
    }
  return fault;
}

static gboolean
parse_uint (const char *text,
            guint       min,
            guint       max,
            guint      *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/* Applies KIND with ARG (may be NULL) to ROUTE. */
static gboolean
faults_set (LrbFaults   *faults,
            const char  *route,
            const char  *kind,
            const char  *arg,
            int          times,
            GError     **error)
{
  LrbFault *fault;
  guint value = 0;

  if (!lrb_route_name_is_valid (route))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "unknown route “%s”", route);
      return FALSE;
    }

  if (g_strcmp0 (kind, "delay") == 0)
    {
      if (!parse_uint (arg, 0, 600000, &value))
        goto bad_arg;
      fault = faults_lookup (faults, route);
      fault->delay_ms = value;
    }
  else if (g_strcmp0 (kind, "status") == 0)
    {
      if (!parse_uint (arg, 100, 599, &value))
        goto bad_arg;
      fault = faults_lookup (faults, route);
      fault->kind = LRB_FAULT_STATUS;
      fault->status = value;
    }
  else if (g_strcmp0 (kind, "malformed") == 0
           || g_strcmp0 (kind, "truncated") == 0
           || g_strcmp0 (kind, "drop") == 0)
    {
      fault = faults_lookup (faults, route);
      fault->kind = kind[0] == 'm' ? LRB_FAULT_MALFORMED
                  : kind[0] == 't' ? LRB_FAULT_TRUNCATED : LRB_FAULT_DROP;
    }
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "unknown fault kind “%s” (delay, status, malformed, truncated, drop)",
                   kind ? kind : "");
      return FALSE;
    }

  fault->times = times;
  return TRUE;

bad_arg:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "fault “%s” needs a number (delay: milliseconds, status: 100–599)", kind);
  return FALSE;
}

gboolean
lrb_faults_add_spec (LrbFaults   *faults,
                     const char  *spec,
                     GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ":", 3);

  if (g_strv_length (parts) < 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "fault “%s” is not ROUTE:KIND[:ARG]", spec);
      return FALSE;
    }
  return faults_set (faults, parts[0], parts[1], parts[2], -1, error);
}

gboolean
lrb_faults_take (LrbFaults      *faults,
                 const char     *route,
                 LrbFaultAction *action)
{
  LrbFault *fault = g_hash_table_lookup (faults->by_route, route);

  memset (action, 0, sizeof *action);
  if (fault == NULL || fault->times == 0)
    return FALSE;
  if (fault->delay_ms == 0 && fault->kind == LRB_FAULT_NONE)
    return FALSE;

  action->delay_ms = fault->delay_ms;
  action->kind = fault->kind;
  action->status = fault->status;
  if (fault->times > 0 && --fault->times == 0)
    g_hash_table_remove (faults->by_route, route);
  return TRUE;
}

static JsonObject *
faults_to_json (LrbFaults *faults)
{
  JsonObject *root = json_object_new ();
  JsonObject *list = json_object_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, faults->by_route);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      LrbFault *fault = value;
      JsonObject *item = json_object_new ();

      json_object_set_int_member (item, "delay_ms", fault->delay_ms);
      json_object_set_string_member (item, "kind", kind_names[fault->kind]);
      if (fault->kind == LRB_FAULT_STATUS)
        json_object_set_int_member (item, "status", fault->status);
      json_object_set_int_member (item, "times", fault->times);
      json_object_set_object_member (list, key, item);
    }
  json_object_set_object_member (root, "faults", list);
  return root;
}

/* Body: {"route": "brp", "kind": "status", "arg": 503, "times": 1}
 *    or {"spec": "brp:status:503"}; "times" is optional. */
static gboolean
faults_set_from_json (LrbFaults   *faults,
                      JsonNode    *node,
                      GError     **error)
{
  JsonObject *object;
  const char *spec, *route, *kind, *arg_text = NULL;
  g_autofree char *arg = NULL;
  JsonNode *arg_node;
  int times = -1;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the body must be a JSON object");
      return FALSE;
    }
  object = json_node_get_object (node);
  if (json_object_has_member (object, "times"))
    times = (int) json_object_get_int_member (object, "times");
  if (times == 0)
    times = -1;

  if (lrb_json_get_string (object, "spec", &spec))
    {
      g_auto(GStrv) parts = g_strsplit (spec, ":", 3);

      if (g_strv_length (parts) < 2)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "fault “%s” is not ROUTE:KIND[:ARG]", spec);
          return FALSE;
        }
      return faults_set (faults, parts[0], parts[1], parts[2], times, error);
    }

  lrb_json_get_string (object, "route", &route);
  lrb_json_get_string (object, "kind", &kind);
  arg_node = json_object_get_member (object, "arg");
  if (arg_node != NULL && JSON_NODE_HOLDS_VALUE (arg_node))
    {
      if (json_node_get_value_type (arg_node) == G_TYPE_STRING)
        arg_text = json_node_get_string (arg_node);
      else
        arg_text = arg = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (arg_node));
    }
  return faults_set (faults, route ? route : "", kind, arg_text, times, error);
}

static void
faults_respond_list (LrbServer         *self,
                     SoupServerMessage *msg,
                     guint              status)
{
  g_autoptr(JsonObject) list = faults_to_json (self->faults);

  lrb_send_json_object (msg, status, list);
}

/* /_control/faults: GET lists, POST or PUT sets one fault, DELETE clears all
 * (or one route with ?route=NAME). */
void
lrb_faults_handle (LrbServer         *self,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query)
{
  if (lrb_method_is (msg, "GET"))
    {
      faults_respond_list (self, msg, SOUP_STATUS_OK);
    }
  else if (lrb_method_is (msg, "POST") || lrb_method_is (msg, "PUT"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = lrb_read_json (msg, &error);

      if (node == NULL || !faults_set_from_json (self->faults, node, &error))
        {
          lrb_send_problem (msg, SOUP_STATUS_BAD_REQUEST, "Invalid fault", error->message);
          return;
        }
      faults_respond_list (self, msg, SOUP_STATUS_OK);
    }
  else if (lrb_method_is (msg, "DELETE"))
    {
      const char *route = query ? g_hash_table_lookup (query, "route") : NULL;

      if (route != NULL)
        g_hash_table_remove (self->faults->by_route, route);
      else
        g_hash_table_remove_all (self->faults->by_route);
      faults_respond_list (self, msg, SOUP_STATUS_OK);
    }
  else
    {
      lrb_send_method_not_allowed (msg, "GET, POST, PUT, DELETE");
    }
}
