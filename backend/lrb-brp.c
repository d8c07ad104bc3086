/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * BRP: Haal Centraal BRP API Personen 2.x, RaadpleegMetBurgerservicenummer,
 * behind a gateway rule: a citizen's bearer token is required and only that
 * citizen's own record may be read (401 without a token, 403 for another BSN).
 */
#define G_LOG_DOMAIN "loket-backend"

#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "lrb.h"

#define QUERY_TYPE "RaadpleegMetBurgerservicenummer"

struct _LrbBrp
{
  GHashTable *persons;          /* BSN → JsonNode (object, "_" members removed) */
  GPtrArray *order;             /* BSNs in file order */
  GHashTable *fields;           /* valid `fields` paths (fields-Persoon.csv) */
};

/* Delivered with the data they qualify, never asked for (spec §fields). */
static const char *const automatic_fields[] = {
  "geheimhoudingPersoonsgegevens", "inOnderzoek", "opschortingBijhouding", "rni",
  "verificatie", "indicatieVastgesteldVerblijftNietOpAdres",
};

static const char *const query_types[] = {
  QUERY_TYPE, "ZoekMetGeslachtsnaamEnGeboortedatum", "ZoekMetNaamEnGemeenteVanInschrijving",
  "ZoekMetPostcodeEnHuisnummer", "ZoekMetStraatHuisnummerEnGemeenteVanInschrijving",
  "ZoekMetNummeraanduidingIdentificatie", "ZoekMetAdresseerbaarObjectIdentificatie",
};

static void
strip_private (JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l; l = l->next)
    if (((const char *) l->data)[0] == '_')
      json_object_remove_member (object, l->data);
}

static gboolean
load_persons (LrbBrp  *brp,
              GError **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (LRB_RESOURCE_BASE "/personen.json", 0, error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *persons;

  if (bytes == NULL
      || !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), error))
    return FALSE;
  persons = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "personen");
  for (guint i = 0; i < json_array_get_length (persons); i++)
    {
      JsonNode *node = json_node_copy (json_array_get_element (persons, i));
      JsonObject *person = json_node_get_object (node);
      char *bsn = g_strdup (json_object_get_string_member (person, "burgerservicenummer"));

      strip_private (person);
      g_hash_table_insert (brp->persons, bsn, node);
      g_ptr_array_add (brp->order, bsn);
    }
  return TRUE;
}

static gboolean
load_fields (LrbBrp  *brp,
             GError **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (LRB_RESOURCE_BASE "/fields-Persoon.csv",
                                                     0, error);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (bytes == NULL)
    return FALSE;
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  lines = g_strsplit (text, "\n", -1);
  for (gsize i = 1; lines[i]; i++)      /* line 0 is the header "pad" */
    {
      char *line = g_strstrip (lines[i]);

      if (*line)
        g_hash_table_add (brp->fields, g_strdup (line));
    }
  return TRUE;
}

LrbBrp *
lrb_brp_new (GError **error)
{
  LrbBrp *brp = g_new0 (LrbBrp, 1);

  brp->persons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) json_node_unref);
  brp->order = g_ptr_array_new ();
  brp->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!load_persons (brp, error) || !load_fields (brp, error))
    {
      lrb_brp_free (brp);
      return NULL;
    }
  return brp;
}

void
lrb_brp_free (LrbBrp *brp)
{
  if (brp == NULL)
    return;
  g_ptr_array_unref (brp->order);
  g_hash_table_unref (brp->persons);
  g_hash_table_unref (brp->fields);
  g_free (brp);
}

/* Pairs: BSN, full name (for the verification page). */
GPtrArray *
lrb_brp_list_persons (LrbBrp *brp)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < brp->order->len; i++)
    {
      const char *bsn = brp->order->pdata[i];
      JsonObject *person = json_node_get_object (g_hash_table_lookup (brp->persons, bsn));
      JsonObject *naam = json_object_get_object_member (person, "naam");
      const char *name = NULL;

      if (naam == NULL || !lrb_json_get_string (naam, "volledigeNaam", &name))
        name = "?";
      g_ptr_array_add (out, g_strdup (bsn));
      g_ptr_array_add (out, g_strdup (name));
    }
  return out;
}

gboolean
lrb_brp_field_is_valid (LrbBrp     *brp,
                        const char *field)
{
  return g_hash_table_contains (brp->fields, field);
}

/* ---- field filtering ---- */

/* Dates and code-table values (Waardetabel) are always delivered whole. */
static gboolean
is_whole_value (JsonNode *node)
{
  JsonObject *object;

  if (JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;
  object = json_node_get_object (node);
  return json_object_has_member (object, "langFormaat")
      || (json_object_has_member (object, "code") && json_object_get_size (object) <= 3
          && !json_object_has_member (object, "type"));
}

static void copy_path (JsonObject *src, JsonObject *dst, char **segments);

static void
copy_into_array (JsonArray  *src,
                 JsonObject *dst,
                 const char *key,
                 char      **rest)
{
  JsonArray *out;

  if (!json_object_has_member (dst, key))
    {
      out = json_array_new ();
      for (guint i = 0; i < json_array_get_length (src); i++)
        json_array_add_object_element (out, json_object_new ());
      json_object_set_array_member (dst, key, out);
    }
  out = json_object_get_array_member (dst, key);
  for (guint i = 0; i < json_array_get_length (src); i++)
    {
      JsonNode *item = json_array_get_element (src, i);

      if (JSON_NODE_HOLDS_OBJECT (item))
        copy_path (json_node_get_object (item), json_array_get_object_element (out, i), rest);
    }
}

static void
copy_path (JsonObject *src,
           JsonObject *dst,
           char      **segments)
{
  const char *key = segments[0];
  JsonNode *value = json_object_get_member (src, key);

  if (value == NULL)
    return;
  if (segments[1] == NULL || is_whole_value (value))
    {
      json_object_set_member (dst, key, lrb_json_deep_copy (value));
      return;
    }
  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      copy_into_array (json_node_get_array (value), dst, key, segments + 1);
      return;
    }
  if (!json_object_has_member (dst, key))
    json_object_set_object_member (dst, key, json_object_new ());
  /* a polymorphic object keeps its discriminator */
  if (json_object_has_member (json_node_get_object (value), "type"))
    json_object_set_member (json_object_get_object_member (dst, key), "type",
                            json_node_copy (json_object_get_member (json_node_get_object (value),
                                                                    "type")));
  copy_path (json_node_get_object (value), json_object_get_object_member (dst, key), segments + 1);
}

static void
prune_empty_objects (JsonArray *array)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node) && json_object_get_size (json_node_get_object (node)) == 0)
        json_array_remove_element (array, i--);
    }
}

/* leeftijd is derived on every request, for the living, from a full date. */
static void
add_age (JsonObject *person)
{
  JsonObject *geboorte, *datum;
  const char *type, *date;
  int y, m, d, age;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (json_object_has_member (person, "overlijden")
      || !json_object_has_member (person, "geboorte"))
    return;
  geboorte = json_object_get_object_member (person, "geboorte");
  if (!json_object_has_member (geboorte, "datum"))
    return;
  datum = json_object_get_object_member (geboorte, "datum");
  if (!lrb_json_get_string (datum, "type", &type) || !g_str_equal (type, "Datum")
      || !lrb_json_get_string (datum, "datum", &date)
      || sscanf (date, "%d-%d-%d", &y, &m, &d) != 3)
    return;
  age = g_date_time_get_year (now) - y;
  if (g_date_time_get_month (now) < m
      || (g_date_time_get_month (now) == m && g_date_time_get_day_of_month (now) < d))
    age--;
  json_object_set_int_member (person, "leeftijd", age);
}

static JsonObject *
filter_person (JsonObject *stored,
               JsonArray  *fields)
{
  g_autoptr(JsonObject) person = lrb_json_object_deep_copy (stored);
  JsonObject *out = json_object_new ();

  add_age (person);

  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      g_auto(GStrv) segments = g_strsplit (json_array_get_string_element (fields, i), ".", -1);

      copy_path (person, out, segments);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (automatic_fields); i++)
    if (json_object_has_member (person, automatic_fields[i]))
      json_object_set_member (out, automatic_fields[i],
                              lrb_json_deep_copy (json_object_get_member (person,
                                                                          automatic_fields[i])));
  return out;
}

/* ---- validation ---- */

static gboolean
is_string_node (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
matches (const char *pattern,
         const char *text)
{
  return g_regex_match_simple (pattern, text, 0, 0);
}

static void
validate_bsns (JsonObject *body,
               JsonObject *problem)
{
  JsonNode *node = json_object_get_member (body, "burgerservicenummer");
  JsonArray *array;

  if (node == NULL)
    {
      lrb_problem_add_invalid (problem, "burgerservicenummer", "required", "Parameter is verplicht.");
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      lrb_problem_add_invalid (problem, "burgerservicenummer", "array", "Parameter is geen array.");
      return;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    lrb_problem_add_invalid (problem, "burgerservicenummer", "minItems",
                             "Array bevat minder dan 1 items.");
  else if (json_array_get_length (array) > 20)
    lrb_problem_add_invalid (problem, "burgerservicenummer", "maxItems",
                             "Array bevat meer dan 20 items.");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!is_string_node (item) || !matches ("^[0-9]{9}$", json_node_get_string (item)))
        {
          g_autofree char *name = g_strdup_printf ("burgerservicenummer[%u]", i);

          lrb_problem_add_invalid (problem, name, "pattern",
                                   "Waarde voldoet niet aan patroon ^[0-9]{9}$.");
        }
    }
}

static void
validate_fields (LrbBrp     *brp,
                 JsonObject *body,
                 JsonObject *problem)
{
  JsonNode *node = json_object_get_member (body, "fields");
  JsonArray *array;

  if (node == NULL)
    {
      lrb_problem_add_invalid (problem, "fields", "required", "Parameter is verplicht.");
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      lrb_problem_add_invalid (problem, "fields", "array", "Parameter is geen array.");
      return;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    lrb_problem_add_invalid (problem, "fields", "minItems", "Array bevat minder dan 1 items.");
  else if (json_array_get_length (array) > 130)
    lrb_problem_add_invalid (problem, "fields", "maxItems", "Array bevat meer dan 130 items.");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *name = g_strdup_printf ("fields[%u]", i);
      const char *field = is_string_node (item) ? json_node_get_string (item) : NULL;

      if (field == NULL || !matches ("^[a-zA-Z0-9\\._]{1,200}$", field))
        lrb_problem_add_invalid (problem, name, "pattern",
                                 "Waarde voldoet niet aan patroon ^[a-zA-Z0-9\\._]{1,200}$.");
      else if (!lrb_brp_field_is_valid (brp, field))
        lrb_problem_add_invalid (problem, name, "fields",
                                 "Parameter bevat een niet bestaande veldnaam.");
    }
}

static void
validate_type (JsonObject *body,
               JsonObject *problem)
{
  JsonNode *node = json_object_get_member (body, "type");

  if (node == NULL)
    {
      lrb_problem_add_invalid (problem, "type", "required", "Parameter is verplicht.");
      return;
    }
  if (is_string_node (node) && g_str_equal (json_node_get_string (node), QUERY_TYPE))
    return;
  for (gsize i = 1; i < G_N_ELEMENTS (query_types); i++)
    if (is_string_node (node) && g_str_equal (json_node_get_string (node), query_types[i]))
      {
        lrb_problem_add_invalid (problem, "type", "value",
                                 "Zoektype wordt door deze referentie niet ondersteund.");
        return;
      }
  lrb_problem_add_invalid (problem, "type", "value", "Waarde is geen geldig zoek type.");
}

static void
validate_others (JsonObject *body,
                 JsonObject *problem)
{
  static const char *const known[] = {
    "type", "burgerservicenummer", "fields", "gemeenteVanInschrijving",
  };
  g_autoptr(GList) members = json_object_get_members (body);
  JsonNode *gemeente = json_object_get_member (body, "gemeenteVanInschrijving");

  if (gemeente != NULL
      && (!is_string_node (gemeente) || !matches ("^[0-9]{4}$", json_node_get_string (gemeente))))
    lrb_problem_add_invalid (problem, "gemeenteVanInschrijving", "pattern",
                             "Waarde voldoet niet aan patroon ^[0-9]{4}$.");

  for (GList *l = members; l; l = l->next)
    {
      gboolean found = FALSE;

      for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
        found |= g_str_equal (l->data, known[i]);
      if (!found)
        lrb_problem_add_invalid (problem, l->data, "unknownParam", "Parameter is niet verwacht.");
    }
}

static gboolean
check_request (SoupServerMessage *msg,
               const char        *path)
{
  if (!g_str_equal (path, "/haalcentraal/api/brp/personen"))
    {
      lrb_send_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such resource.");
      return FALSE;
    }
  if (!lrb_method_is (msg, "POST"))
    {
      lrb_send_method_not_allowed (msg, "POST");
      return FALSE;
    }
  if (!lrb_content_type_is (msg, "application/json"))
    {
      g_autoptr(JsonObject) problem = lrb_problem_new (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                                                       "Unsupported Media Type",
                                                       "The body must be application/json.");

      json_object_set_string_member (problem, "code", "unsupported");
      lrb_send_problem_object (msg, problem);
      return FALSE;
    }
  return TRUE;
}

static void
send_personen (LrbBrp            *brp,
               SoupServerMessage *msg,
               JsonObject        *body)
{
  JsonArray *bsns = json_object_get_array_member (body, "burgerservicenummer");
  JsonArray *fields = json_object_get_array_member (body, "fields");
  const char *gemeente = NULL;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *personen = json_array_new ();

  lrb_json_get_string (body, "gemeenteVanInschrijving", &gemeente);
  for (guint i = 0; i < json_array_get_length (bsns); i++)
    {
      JsonNode *stored = g_hash_table_lookup (brp->persons,
                                              json_array_get_string_element (bsns, i));
      JsonObject *person;

      if (stored == NULL)
        continue;
      person = json_node_get_object (stored);
      if (gemeente != NULL)
        {
          JsonObject *gvi = json_object_has_member (person, "gemeenteVanInschrijving")
                          ? json_object_get_object_member (person, "gemeenteVanInschrijving") : NULL;
          const char *code = NULL;

          if (gvi == NULL || !lrb_json_get_string (gvi, "code", &code) || !g_str_equal (code, gemeente))
            continue;
        }
      json_array_add_object_element (personen, filter_person (person, fields));
    }
  prune_empty_objects (personen);

  json_object_set_string_member (reply, "type", QUERY_TYPE);
  json_object_set_array_member (reply, "personen", personen);
  lrb_send_json_object (msg, SOUP_STATUS_OK, reply);
}

void
lrb_brp_handle (LrbServer         *self,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) problem = NULL;
  JsonObject *body;
  JsonArray *bsns;
  const char *citizen;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "API-Version", "2.7.0");
  if (!check_request (msg, path))
    return;
  citizen = lrb_require_citizen (self, msg);
  if (citizen == NULL)
    return;

  root = lrb_read_json (msg, &error);
  problem = lrb_problem_new (msg, SOUP_STATUS_BAD_REQUEST,
                             "Een of meerdere parameters zijn niet correct.",
                             "De foutieve parameter(s) zijn: zie invalidParams.");
  json_object_set_string_member (problem, "code", "paramsValidation");
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      json_object_set_string_member (problem, "title", "Ongeldige JSON.");
      json_object_set_string_member (problem, "detail", error ? error->message
                                                              : "The body must be a JSON object.");
      lrb_send_problem_object (msg, problem);
      return;
    }
  body = json_node_get_object (root);
  validate_type (body, problem);
  validate_bsns (body, problem);
  validate_fields (self->brp, body, problem);
  validate_others (body, problem);
  if (json_object_has_member (problem, "invalidParams"))
    {
      lrb_send_problem_object (msg, problem);
      return;
    }

  /* The gateway rule: a citizen reads only their own record. */
  bsns = json_object_get_array_member (body, "burgerservicenummer");
  for (guint i = 0; i < json_array_get_length (bsns); i++)
    if (!g_str_equal (json_array_get_string_element (bsns, i), citizen))
      {
        g_autoptr(JsonObject) forbidden =
          lrb_problem_new (msg, SOUP_STATUS_FORBIDDEN, "U bent niet geautoriseerd voor deze operatie.",
                           "A citizen may only read their own record.");

        json_object_set_string_member (forbidden, "code", "autorisation");
        lrb_send_problem_object (msg, forbidden);
        return;
      }
  send_personen (self->brp, msg, body);
}
