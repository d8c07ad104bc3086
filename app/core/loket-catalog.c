/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-catalog"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "loket-catalog.h"
#include "loket-catalog-private.h"
#include "loket-error.h"

struct _LoketCatalog
{
  GObject     parent_instance;

  GListStore *life_events;   /* (owned) of LoketLifeEvent, in grid order */
  GHashTable *events_by_id;  /* (owned) id → LoketLifeEvent (unowned) */
  GHashTable *services;      /* (owned) id → LoketService (owned) */
  GHashTable *organisations; /* (owned) id → LoketOrganisation (owned) */
  LoketRules *rules;         /* (owned): the benefit rules (data/rules/README.md) */
};

G_DEFINE_FINAL_TYPE (LoketCatalog, loket_catalog, G_TYPE_OBJECT)

/* Where the parser is, for error messages that name the file, the object and the field. */
typedef struct
{
  const char *file;
  char       *object; /* (owned) for example `life_event "moving", step "report-move"` */
} Where;

/* One array element still to be built, with the file it came from. */
typedef struct
{
  const char *file;
  JsonObject *object; /* (unowned): the parsers below keep the trees alive */
  guint       index;
} Pending;

static const char *item_kinds[] = { "organisations", "services", "life_events", "forms", "rules",
                                     "rule_parameters" };

static gboolean G_GNUC_PRINTF (4, 5)
fail (const Where  *where,
      const char   *field,
      GError      **error,
      const char   *format,
      ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  if (field != NULL)
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                 "%s: %s: field \"%s\": %s", where->file, where->object, field, problem);
  else
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                 "%s: %s: %s", where->file, where->object, problem);
  return FALSE;
}

static const char *
describe_node (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    case G_TYPE_INT64:
      return "an integer";
    case G_TYPE_DOUBLE:
      return "a number";
    default:
      return "a value of another type";
    }
}

static gboolean
is_string_node (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
check_fields (const Where         *where,
              JsonObject          *object,
              const char * const  *allowed,
              GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        return fail (where, l->data, error, "unknown field");
    }
  return TRUE;
}

static gboolean
read_string (const Where  *where,
             JsonObject   *object,
             const char   *field,
             gboolean      required,
             char        **out,
             GError      **error)
{
  JsonNode *node = json_object_get_member (object, field);
  const char *value;

  *out = NULL;
  if (node == NULL)
    return required ? fail (where, field, error, "missing") : TRUE;
  if (!is_string_node (node))
    return fail (where, field, error, "expected a string, found %s", describe_node (node));

  value = json_node_get_string (node);
  if (*value == '\0')
    return fail (where, field, error, "is empty");

  *out = g_strdup (value);
  return TRUE;
}

static gboolean
is_valid_id (const char *id)
{
  for (const char *p = id; *p; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_id (const Where  *where,
         JsonObject   *object,
         char        **out,
         GError      **error)
{
  if (!read_string (where, object, "id", TRUE, out, error))
    return FALSE;
  if (!is_valid_id (*out))
    {
      g_clear_pointer (out, g_free);
      return fail (where, "id", error, "only lower-case letters, digits and '-' are allowed");
    }
  return TRUE;
}

static gboolean
read_url (const Where  *where,
          JsonObject   *object,
          const char   *field,
          gboolean      required,
          char        **out,
          GError      **error)
{
  if (!read_string (where, object, field, required, out, error))
    return FALSE;
  if (*out != NULL && !g_str_has_prefix (*out, "https://") && !g_str_has_prefix (*out, "http://"))
    {
      g_clear_pointer (out, g_free);
      return fail (where, field, error, "expected an http(s) URL");
    }
  return TRUE;
}

static gboolean
read_boolean (const Where  *where,
              JsonObject   *object,
              const char   *field,
              gboolean     *out,
              GError      **error)
{
  JsonNode *node = json_object_get_member (object, field);

  *out = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (where, field, error, "expected a boolean, found %s", describe_node (node));

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_text (const Where  *where,
           JsonObject   *object,
           const char   *field,
           gboolean      required,
           LoketText   **out,
           GError      **error)
{
  static const LoketLanguage required_languages[] = { LOKET_LANGUAGE_NL, LOKET_LANGUAGE_EN };
  JsonNode *node = json_object_get_member (object, field);
  g_autoptr(LoketText) text = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *languages;

  *out = NULL;
  if (node == NULL)
    return required ? fail (where, field, error, "missing") : TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (where, field, error, "expected a text object such as {\"nl\": …, \"en\": …}, found %s",
                 describe_node (node));

  text = loket_text_new ();
  languages = json_node_get_object (node);
  members = json_object_get_members (languages);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *code = l->data;
      JsonNode *value = json_object_get_member (languages, code);
      LoketLanguage language;

      if (!loket_language_from_code (code, &language))
        return fail (where, field, error, "unknown language code \"%s\"", code);
      if (!is_string_node (value))
        return fail (where, field, error, "the \"%s\" text: expected a string, found %s",
                     code, describe_node (value));
      if (*json_node_get_string (value) == '\0')
        return fail (where, field, error, "the \"%s\" text is empty", code);

      loket_text_set (text, language, json_node_get_string (value));
    }

  for (guint i = 0; i < G_N_ELEMENTS (required_languages); i++)
    {
      if (loket_text_get_exact (text, required_languages[i]) == NULL)
        return fail (where, field, error, "the \"%s\" text is missing",
                     loket_language_get_code (required_languages[i]));
    }

  *out = g_steal_pointer (&text);
  return TRUE;
}

static JsonArray *
read_array (const Where  *where,
            JsonObject   *object,
            const char   *field,
            gboolean      required,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, field);

  if (node == NULL)
    {
      if (required)
        fail (where, field, error, "missing");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (where, field, error, "expected an array, found %s", describe_node (node));
      return NULL;
    }
  return json_node_get_array (node);
}

static void
where_set (Where      *where,
           const char *kind,
           const char *id,
           guint       index)
{
  g_free (where->object);
  if (id != NULL)
    where->object = g_strdup_printf ("%s \"%s\"", kind, id);
  else
    where->object = g_strdup_printf ("%s[%u]", kind, index);
}

static JsonObject *
element_object (Where     *where,
                JsonArray *array,
                guint      index,
                GError   **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (where, NULL, error, "expected an object, found %s", describe_node (node));
      return NULL;
    }
  return json_node_get_object (node);
}

/* Reads an element's id first, so that every later message names the object by it. */
static gboolean
begin_object (Where       *where,
              const char  *kind,
              Pending     *pending,
              char       **id,
              GError     **error)
{
  JsonNode *node = json_object_get_member (pending->object, "id");
  const char *label = node && is_string_node (node) ? json_node_get_string (node) : NULL;

  where->file = pending->file;
  where_set (where, kind, label, pending->index);
  return read_id (where, pending->object, id, error);
}

static gboolean
build_organisation (LoketCatalog *self,
                    Pending      *pending,
                    GError      **error)
{
  static const char * const fields[] = { "id", "name", "url", NULL };
  g_autoptr(LoketOrganisation) org = g_object_new (LOKET_TYPE_ORGANISATION, NULL);
  Where where = { 0 };
  gboolean ok;

  ok = begin_object (&where, "organisation", pending, &org->id, error)
       && check_fields (&where, pending->object, fields, error)
       && read_text (&where, pending->object, "name", TRUE, &org->name, error)
       && read_url (&where, pending->object, "url", TRUE, &org->url, error);
  if (ok && g_hash_table_contains (self->organisations, org->id))
    ok = fail (&where, "id", error, "duplicate id");
  if (ok)
    {
      char *key = g_strdup (org->id);

      g_hash_table_insert (self->organisations, key, g_steal_pointer (&org));
    }

  g_free (where.object);
  return ok;
}

static gboolean
read_organisation_ref (LoketCatalog       *self,
                       const Where        *where,
                       JsonObject         *object,
                       LoketOrganisation **out,
                       GError            **error)
{
  g_autofree char *id = NULL;
  LoketOrganisation *org;

  if (!read_string (where, object, "organisation", TRUE, &id, error))
    return FALSE;
  org = g_hash_table_lookup (self->organisations, id);
  if (org == NULL)
    return fail (where, "organisation", error, "unknown organisation \"%s\"", id);

  *out = g_object_ref (org);
  return TRUE;
}

/* ---- Forms (README.md, "Form") ------------------------------------------------------- */

static gboolean
read_integer (const Where  *where,
              JsonObject   *object,
              const char   *field,
              gboolean     *present,
              gint64       *out,
              GError      **error)
{
  JsonNode *node = json_object_get_member (object, field);

  *present = FALSE;
  *out = 0;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (where, field, error, "expected an integer, found %s", describe_node (node));

  *present = TRUE;
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_form_options (const Where     *where,
                   JsonObject      *object,
                   LoketFormField  *field,
                   GError         **error)
{
  static const char * const option_fields[] = { "value", "label", NULL };
  JsonArray *options = read_array (where, object, "options", TRUE, error);

  if (options == NULL)
    return FALSE;
  if (json_array_get_length (options) < 2)
    return fail (where, "options", error, "a choice needs at least two options");

  field->options = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_form_option_free);
  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s, options[%u]", where->object, i);
      Where option_where = { where->file, name };
      LoketFormOption *option = g_new0 (LoketFormOption, 1);
      JsonObject *option_object;

      g_ptr_array_add (field->options, option);
      if ((option_object = element_object (&option_where, options, i, error)) == NULL
          || !check_fields (&option_where, option_object, option_fields, error)
          || !read_string (&option_where, option_object, "value", TRUE, &option->value, error)
          || !read_text (&option_where, option_object, "label", TRUE, &option->label, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_form_field (const Where  *form_where,
                 JsonArray    *fields,
                 guint         index,
                 LoketForm    *form,
                 GError      **error)
{
  static const char * const field_fields[] = {
    "id", "type", "label", "hint", "required", "prefill", "min_days", "max_days", "min", "max",
    "max_length", "options", NULL
  };
  g_autoptr(LoketFormField) field = g_new0 (LoketFormField, 1);
  g_autofree char *name = g_strdup_printf ("%s, fields[%u]", form_where->object, index);
  g_autofree char *type = NULL;
  Where where = { form_where->file, name };
  JsonObject *object;
  gboolean has_required, has_length, has_days_min, has_days_max;
  gint64 required = TRUE, length, days_min, days_max;
  JsonNode *id_node;

  if ((object = element_object (&where, fields, index, error)) == NULL)
    return FALSE;
  id_node = json_object_get_member (object, "id");
  if (id_node != NULL && is_string_node (id_node))
    {
      g_free (name);
      name = g_strdup_printf ("%s, field \"%s\"", form_where->object, json_node_get_string (id_node));
      where.object = name;
    }

  if (!check_fields (&where, object, field_fields, error)
      || !read_string (&where, object, "id", TRUE, &field->id, error)
      || !read_string (&where, object, "type", TRUE, &type, error)
      || !read_text (&where, object, "label", TRUE, &field->label, error)
      || !read_text (&where, object, "hint", FALSE, &field->hint, error)
      || !read_string (&where, object, "prefill", FALSE, &field->prefill, error)
      || !read_integer (&where, object, "max_length", &has_length, &length, error))
    return FALSE;
  /* A field id is a member name of the submission's "fields": snake_case. */
  for (const char *p = field->id; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return fail (&where, "id", error, "only lower-case letters, digits and '_' are allowed");
  if (!loket_field_type_from_name (type, &field->type))
    return fail (&where, "type", error, "unknown type \"%s\"; expected text, bsn, postcode, iban, "
                 "date, number or choice", type);

  has_required = json_object_has_member (object, "required");
  if (has_required)
    {
      gboolean value;

      if (!read_boolean (&where, object, "required", &value, error))
        return FALSE;
      required = value;
    }
  field->required = has_required ? (gboolean) required : TRUE;

  if (has_length && (length < 1 || length > LOKET_VALIDATE_MAX_TEXT))
    return fail (&where, "max_length", error, "expected 1 to %d", LOKET_VALIDATE_MAX_TEXT);
  field->max_length = has_length ? (guint) length : 0;

  if (!read_integer (&where, object, "min_days", &has_days_min, &days_min, error)
      || !read_integer (&where, object, "max_days", &has_days_max, &days_max, error))
    return FALSE;
  if ((has_days_min || has_days_max) && field->type != LOKET_FIELD_DATE)
    return fail (&where, has_days_min ? "min_days" : "max_days", error, "only a date field has it");
  if (field->type == LOKET_FIELD_DATE)
    {
      field->has_min = has_days_min;
      field->min = days_min;
      field->has_max = has_days_max;
      field->max = days_max;
    }
  else if (field->type == LOKET_FIELD_NUMBER)
    {
      if (!read_integer (&where, object, "min", &field->has_min, &field->min, error)
          || !read_integer (&where, object, "max", &field->has_max, &field->max, error))
        return FALSE;
    }
  else if (json_object_has_member (object, "min") || json_object_has_member (object, "max"))
    return fail (&where, "min", error, "only a number field has it");
  if (field->has_min && field->has_max && field->min > field->max)
    return fail (&where, "max", error, "is smaller than the minimum");

  if (field->type == LOKET_FIELD_CHOICE)
    {
      if (!read_form_options (&where, object, field, error))
        return FALSE;
    }
  else if (json_object_has_member (object, "options"))
    return fail (&where, "options", error, "only a choice field has it");

  if (loket_form_lookup_field (form, field->id) != NULL)
    return fail (&where, "id", error, "duplicate field id");

  loket_form_add_field (form, g_steal_pointer (&field));
  return TRUE;
}

/* A form, either as a service's "form" member or as an element of a "forms" array (which names
 * its service). */
static gboolean
read_form (const Where  *service_where,
           JsonObject   *object,
           const char   *service_id,
           gboolean      in_forms_array,
           LoketForm   **out,
           GError      **error)
{
  static const char * const form_fields[] = { "fields", "next", "decision_days", NULL };
  static const char * const array_fields[] = { "service", "fields", "next", "decision_days", NULL };
  g_autoptr(LoketForm) form = NULL;
  g_autoptr(LoketText) next = NULL;
  g_autofree char *name = NULL;
  Where where = { service_where->file, NULL };
  JsonArray *fields;
  gboolean has_days;
  gint64 days;

  name = in_forms_array ? g_strdup_printf ("form of service \"%s\"", service_id)
                        : g_strdup_printf ("%s, form", service_where->object);
  where.object = name;
  form = loket_form_new (service_id);

  if (!check_fields (&where, object, in_forms_array ? array_fields : form_fields, error)
      || (fields = read_array (&where, object, "fields", TRUE, error)) == NULL
      || !read_text (&where, object, "next", TRUE, &next, error)
      || !read_integer (&where, object, "decision_days", &has_days, &days, error))
    return FALSE;
  if (json_array_get_length (fields) == 0)
    return fail (&where, "fields", error, "a form needs at least one field");
  if (has_days && (days < 0 || days > 366))
    return fail (&where, "decision_days", error, "expected 0 to 366");

  for (guint i = 0; i < json_array_get_length (fields); i++)
    if (!read_form_field (&where, fields, i, form, error))
      return FALSE;

  loket_form_set_next (form, next, has_days ? (guint) days : 0);
  *out = g_steal_pointer (&form);
  return TRUE;
}

/* An element of a "forms" array: attaches the form to the service it names. */
static gboolean
build_form (LoketCatalog *self,
            Pending      *pending,
            GError      **error)
{
  g_autofree char *service_id = NULL;
  g_autofree char *label = g_strdup_printf ("forms[%u]", pending->index);
  Where where = { pending->file, label };
  LoketService *service;

  if (!read_string (&where, pending->object, "service", TRUE, &service_id, error))
    return FALSE;
  service = g_hash_table_lookup (self->services, service_id);
  if (service == NULL)
    return fail (&where, "service", error, "unknown service \"%s\"", service_id);
  if (service->form != NULL)
    return fail (&where, "service", error, "service \"%s\" already has a form", service_id);

  return read_form (&where, pending->object, service_id, TRUE, &service->form, error);
}

static gboolean
build_service (LoketCatalog *self,
               Pending      *pending,
               GError      **error)
{
  static const char * const fields[] = {
    "id", "title", "summary", "body", "organisation", "source", "upl", "unverified", "form", NULL
  };
  g_autoptr(LoketService) service = g_object_new (LOKET_TYPE_SERVICE, NULL);
  Where where = { 0 };
  gboolean ok;

  ok = begin_object (&where, "service", pending, &service->id, error)
       && check_fields (&where, pending->object, fields, error)
       && read_text (&where, pending->object, "title", TRUE, &service->title, error)
       && read_text (&where, pending->object, "summary", TRUE, &service->summary, error)
       && read_text (&where, pending->object, "body", TRUE, &service->body, error)
       && read_organisation_ref (self, &where, pending->object, &service->organisation, error)
       && read_url (&where, pending->object, "source", TRUE, &service->source, error)
       && read_url (&where, pending->object, "upl", FALSE, &service->upl, error)
       && read_boolean (&where, pending->object, "unverified", &service->unverified, error);
  if (ok && json_object_has_member (pending->object, "form"))
    {
      JsonNode *form = json_object_get_member (pending->object, "form");

      if (!JSON_NODE_HOLDS_OBJECT (form))
        ok = fail (&where, "form", error, "expected an object, found %s", describe_node (form));
      else
        ok = read_form (&where, json_node_get_object (form), service->id, FALSE, &service->form, error);
    }
  if (ok && service->upl && !g_str_has_prefix (service->upl, "http://standaarden.overheid.nl/owms/terms/"))
    ok = fail (&where, "upl", error, "expected a UPL URI (http://standaarden.overheid.nl/owms/terms/…)");
  if (ok && g_hash_table_contains (self->services, service->id))
    ok = fail (&where, "id", error, "duplicate id");
  if (ok)
    {
      char *key = g_strdup (service->id);

      g_hash_table_insert (self->services, key, g_steal_pointer (&service));
    }

  g_free (where.object);
  return ok;
}

static gboolean
build_facts (const Where  *event_where,
             JsonObject   *object,
             const char   *field,
             GPtrArray    *facts,
             GError      **error)
{
  static const char * const fields[] = { "text", "source", "unverified", NULL };
  JsonArray *array = read_array (event_where, object, field, TRUE, error);
  guint n;

  if (array == NULL)
    return FALSE;

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketFact) fact = g_new0 (LoketFact, 1);
      g_autofree char *object_name = g_strdup_printf ("%s, %s[%u]", event_where->object, field, i);
      Where where = { event_where->file, object_name };
      JsonObject *fact_object;

      if ((fact_object = element_object (&where, array, i, error)) == NULL
          || !check_fields (&where, fact_object, fields, error)
          || !read_text (&where, fact_object, "text", TRUE, &fact->text, error)
          || !read_url (&where, fact_object, "source", TRUE, &fact->source, error)
          || !read_boolean (&where, fact_object, "unverified", &fact->unverified, error))
        return FALSE;

      g_ptr_array_add (facts, g_steal_pointer (&fact));
    }
  return TRUE;
}

static gboolean
read_join (const Where   *where,
           JsonObject    *object,
           LoketStepJoin *join,
           GError       **error)
{
  g_autofree char *value = NULL;

  *join = LOKET_STEP_JOIN_NONE;
  if (!read_string (where, object, "with_previous", FALSE, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  if (g_str_equal (value, "and"))
    *join = LOKET_STEP_JOIN_AND;
  else if (g_str_equal (value, "or"))
    *join = LOKET_STEP_JOIN_OR;
  else
    return fail (where, "with_previous", error, "expected \"and\" or \"or\", found \"%s\"", value);
  return TRUE;
}

static gboolean
build_step (LoketCatalog   *self,
            LoketLifeEvent *event,
            const Where    *event_where,
            JsonArray      *steps,
            guint           index,
            guint          *number,
            GHashTable     *step_ids,
            GError        **error)
{
  static const char * const fields[] = {
    "id", "title", "body", "organisation", "needs", "deadline", "cost", "service",
    "with_previous", "automatic", "source", "unverified", NULL
  };
  g_autoptr(LoketStep) step = g_object_new (LOKET_TYPE_STEP, NULL);
  g_autofree char *service_id = NULL;
  g_autofree char *object_name = NULL;
  Where where = { event_where->file, NULL };
  JsonObject *object;
  JsonNode *id_node;
  gboolean ok = FALSE;

  object_name = g_strdup_printf ("%s, steps[%u]", event_where->object, index);
  where.object = object_name;
  if ((object = element_object (&where, steps, index, error)) == NULL)
    return FALSE;

  id_node = json_object_get_member (object, "id");
  if (id_node != NULL && is_string_node (id_node))
    {
      g_free (object_name);
      object_name = g_strdup_printf ("%s, step \"%s\"", event_where->object, json_node_get_string (id_node));
      where.object = object_name;
    }

  if (!read_id (&where, object, &step->id, error)
      || !check_fields (&where, object, fields, error)
      || !read_text (&where, object, "title", TRUE, &step->title, error)
      || !read_text (&where, object, "body", TRUE, &step->body, error)
      || !read_organisation_ref (self, &where, object, &step->organisation, error)
      || !read_text (&where, object, "needs", FALSE, &step->needs, error)
      || !read_text (&where, object, "deadline", FALSE, &step->deadline, error)
      || !read_text (&where, object, "cost", FALSE, &step->cost, error)
      || !read_string (&where, object, "service", FALSE, &service_id, error)
      || !read_join (&where, object, &step->join, error)
      || !read_boolean (&where, object, "automatic", &step->automatic, error)
      || !read_url (&where, object, "source", TRUE, &step->source, error)
      || !read_boolean (&where, object, "unverified", &step->unverified, error))
    return FALSE;

  if (service_id != NULL)
    {
      LoketService *service = g_hash_table_lookup (self->services, service_id);

      if (service == NULL)
        return fail (&where, "service", error, "unknown service \"%s\"", service_id);
      step->service = g_object_ref (service);
    }

  if (step->join != LOKET_STEP_JOIN_NONE && index == 0)
    return fail (&where, "with_previous", error, "the first step has no step before it");
  if (g_hash_table_contains (step_ids, step->id))
    return fail (&where, "id", error, "duplicate step id");
  g_hash_table_add (step_ids, step->id);

  if (step->join == LOKET_STEP_JOIN_NONE)
    (*number)++;
  step->number = *number;
  step->life_event_id = g_strdup (event->id);
  g_list_store_append (event->steps, step);
  ok = TRUE;

  return ok;
}

static gboolean
build_life_event (LoketCatalog *self,
                  Pending      *pending,
                  GError      **error)
{
  static const char * const fields[] = {
    "id", "order", "icon", "title", "summary", "steps", "rights", "obligations", "desk_first", NULL
  };
  g_autoptr(LoketLifeEvent) event = g_object_new (LOKET_TYPE_LIFE_EVENT, NULL);
  Where where = { 0 };
  JsonArray *steps = NULL;
  JsonNode *order;
  /* The ids of the steps so far (owned by the steps), so a thousand steps are not compared pairwise. */
  g_autoptr(GHashTable) step_ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint number = 0;
  gboolean ok;

  ok = begin_object (&where, "life_event", pending, &event->id, error)
       && check_fields (&where, pending->object, fields, error)
       && read_string (&where, pending->object, "icon", TRUE, &event->icon_name, error)
       && read_text (&where, pending->object, "title", TRUE, &event->title, error)
       && read_text (&where, pending->object, "summary", TRUE, &event->summary, error)
       && read_boolean (&where, pending->object, "desk_first", &event->desk_first, error);

  if (ok)
    {
      order = json_object_get_member (pending->object, "order");
      if (order == NULL)
        ok = fail (&where, "order", error, "missing");
      else if (!JSON_NODE_HOLDS_VALUE (order) || json_node_get_value_type (order) != G_TYPE_INT64)
        ok = fail (&where, "order", error, "expected an integer, found %s", describe_node (order));
      else
        event->order = (int) CLAMP (json_node_get_int (order), G_MININT, G_MAXINT);
    }

  if (ok && (steps = read_array (&where, pending->object, "steps", TRUE, error)) == NULL)
    ok = FALSE;
  if (ok && json_array_get_length (steps) == 0)
    ok = fail (&where, "steps", error, "a life event needs at least one step");
  for (guint i = 0; ok && steps && i < json_array_get_length (steps); i++)
    ok = build_step (self, event, &where, steps, i, &number, step_ids, error);

  ok = ok
       && build_facts (&where, pending->object, "rights", event->rights, error)
       && build_facts (&where, pending->object, "obligations", event->obligations, error);

  if (ok && g_hash_table_contains (self->events_by_id, event->id))
    ok = fail (&where, "id", error, "duplicate id");
  if (ok)
    {
      g_hash_table_insert (self->events_by_id, g_strdup (event->id), event);
      g_list_store_append (self->life_events, event);
    }

  g_free (where.object);
  return ok;
}

static int
compare_life_events (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  LoketLifeEvent *ea = (LoketLifeEvent *) a;
  LoketLifeEvent *eb = (LoketLifeEvent *) b;

  if (ea->order != eb->order)
    return ea->order < eb->order ? -1 : 1;
  return g_strcmp0 (ea->id, eb->id);
}

/* Collects the elements of one file's item arrays; checks the file's shape on the way. */
static gboolean
collect_file (const char  *name,
              JsonNode    *root,
              GArray      *pending[],
              GError     **error)
{
  Where where = { name, (char *) "document" };
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return fail (&where, NULL, error, "expected an object at the top, found %s", describe_node (root));

  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      gboolean known = g_str_equal (member, "version");

      for (guint k = 0; k < G_N_ELEMENTS (item_kinds); k++)
        {
          JsonArray *array;

          if (!g_str_equal (member, item_kinds[k]))
            continue;
          known = TRUE;
          if ((array = read_array (&where, object, member, TRUE, error)) == NULL)
            return FALSE;
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              Where element_where = { name, NULL };
              Pending p = { name, NULL, i };
              g_autofree char *label = g_strdup_printf ("%s[%u]", member, i);

              element_where.object = label;
              if ((p.object = element_object (&element_where, array, i, error)) == NULL)
                return FALSE;
              g_array_append_val (pending[k], p);
            }
        }
      if (!known)
        return fail (&where, member, error, "unknown member; expected \"organisations\", "
                     "\"services\", \"life_events\", \"forms\", \"rules\" or \"rule_parameters\"");
    }
  return TRUE;
}

/* The benefit rules and their parameters; a rule's service must be in the catalog. */
static gboolean
build_rules (LoketCatalog *self,
             GArray       *rules,
             GArray       *parameters,
             GError      **error)
{
  for (guint i = 0; i < parameters->len; i++)
    {
      Pending *p = &g_array_index (parameters, Pending, i);

      if (!loket_rules_add_parameters (self->rules, p->file, p->object, error))
        return FALSE;
    }
  for (guint i = 0; i < rules->len; i++)
    {
      Pending *p = &g_array_index (rules, Pending, i);
      const char *service;

      if (!loket_rules_add_rule (self->rules, p->file, p->object, error))
        return FALSE;
      service = loket_rule_get_service_id (loket_rules_get_rule (self->rules, i));
      if (service != NULL && g_hash_table_lookup (self->services, service) == NULL)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                       "%s: rules[%u]: unknown service \"%s\"", p->file, p->index, service);
          return FALSE;
        }
    }
  return loket_rules_check (self->rules, error);
}

static void
loket_catalog_finalize (GObject *object)
{
  LoketCatalog *self = LOKET_CATALOG (object);

  g_clear_object (&self->life_events);
  g_clear_pointer (&self->events_by_id, g_hash_table_unref);
  g_clear_pointer (&self->services, g_hash_table_unref);
  g_clear_pointer (&self->organisations, g_hash_table_unref);
  g_clear_object (&self->rules);

  G_OBJECT_CLASS (loket_catalog_parent_class)->finalize (object);
}

static void
loket_catalog_class_init (LoketCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_catalog_finalize;
}

static void
loket_catalog_init (LoketCatalog *self)
{
  self->life_events = g_list_store_new (LOKET_TYPE_LIFE_EVENT);
  self->events_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->organisations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->rules = loket_rules_new ();
}

/**
 * loket_json_check_depth:
 *
 * Whether @data nests arrays and objects no deeper than @max_depth. A plain scan that knows
 * strings and escapes, run before a parser that would recurse on it.
 */
gboolean
loket_json_check_depth (const char *data,
                        gsize       length,
                        guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}

/**
 * loket_catalog_new_from_files:
 * @names: (array length=n_files): the files' names, used in error messages
 * @contents: (array length=n_files): the files' JSON
 *
 * Merges and validates catalog files (see data/catalog/README.md). Either every file is valid
 * and every reference resolves, or nothing is returned and @error names the file, the object and
 * the field.
 *
 * Returns: (transfer full) (nullable): the catalog
 */
LoketCatalog *
loket_catalog_new_from_files (const char * const *names,
                              GBytes * const     *contents,
                              guint               n_files,
                              GError            **error)
{
  g_autoptr(LoketCatalog) self = g_object_new (LOKET_TYPE_CATALOG, NULL);
  g_autoptr(GPtrArray) parsers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) orgs = g_array_new (FALSE, FALSE, sizeof (Pending));
  g_autoptr(GArray) services = g_array_new (FALSE, FALSE, sizeof (Pending));
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (Pending));
  g_autoptr(GArray) forms = g_array_new (FALSE, FALSE, sizeof (Pending));
  g_autoptr(GArray) rules = g_array_new (FALSE, FALSE, sizeof (Pending));
  g_autoptr(GArray) rule_parameters = g_array_new (FALSE, FALSE, sizeof (Pending));
  GArray *pending[] = { orgs, services, events, forms, rules, rule_parameters };

  g_return_val_if_fail (names != NULL || n_files == 0, NULL);
  g_return_val_if_fail (contents != NULL || n_files == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < n_files; i++)
    {
      /* Mutable: sealing every node of a large catalog costs a third of the parse, and nothing
       * keeps a node once the catalog is built. */
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) local_error = NULL;
      gsize length;
      const char *data = g_bytes_get_data (contents[i], &length);

      if (!loket_json_check_depth (data, length, LOKET_JSON_MAX_DEPTH))
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                       "%s: nested deeper than %d levels", names[i], LOKET_JSON_MAX_DEPTH);
          return NULL;
        }
      if (length > 0 && !json_parser_load_from_data (parser, data, length, &local_error))
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                       "%s: not valid JSON: %s", names[i], local_error->message);
          return NULL;
        }
      /* An empty file has no data pointer, which json-glib refuses with a critical (tests/fuzz). */
      if (length == 0 || json_parser_get_root (parser) == NULL)
        {
          g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA, "%s: empty document", names[i]);
          return NULL;
        }
      if (!collect_file (names[i], json_parser_get_root (parser), pending, error))
        return NULL;
      g_ptr_array_add (parsers, g_steal_pointer (&parser));
    }

  for (guint i = 0; i < orgs->len; i++)
    if (!build_organisation (self, &g_array_index (orgs, Pending, i), error))
      return NULL;
  for (guint i = 0; i < services->len; i++)
    if (!build_service (self, &g_array_index (services, Pending, i), error))
      return NULL;
  for (guint i = 0; i < forms->len; i++)
    if (!build_form (self, &g_array_index (forms, Pending, i), error))
      return NULL;
  for (guint i = 0; i < events->len; i++)
    if (!build_life_event (self, &g_array_index (events, Pending, i), error))
      return NULL;
  if (!build_rules (self, rules, rule_parameters, error))
    return NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->life_events)) == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                   "%s: the catalog has no life events", n_files ? names[0] : "catalog");
      return NULL;
    }

  g_list_store_sort (self->life_events, compare_life_events, NULL);
  return g_steal_pointer (&self);
}

/**
 * loket_catalog_new_from_document:
 *
 * Validates one merged catalog document, as the back-end serves it.
 *
 * Returns: (transfer full) (nullable): the catalog
 */
LoketCatalog *
loket_catalog_new_from_document (const char  *name,
                                 GBytes      *document,
                                 GError     **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (document != NULL, NULL);

  return loket_catalog_new_from_files (&name, &document, 1, error);
}

static void
collect_resource_files (const char *resource_path,
                        const char *prefix,
                        GPtrArray  *names,
                        GPtrArray  *contents)
{
  g_auto(GStrv) children = g_resources_enumerate_children (resource_path, 0, NULL);

  if (children == NULL)
    return;

  for (guint i = 0; children[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (resource_path, children[i], NULL);
      g_autofree char *name = g_strconcat (prefix, children[i], NULL);

      if (g_str_has_suffix (children[i], "/"))
        collect_resource_files (path, name, names, contents);
      else if (g_str_has_suffix (children[i], ".json") && !g_str_equal (children[i], "schema.json"))
        {
          GBytes *bytes = g_resources_lookup_data (path, 0, NULL);

          if (bytes != NULL)
            {
              g_ptr_array_add (names, g_steal_pointer (&name));
              g_ptr_array_add (contents, bytes);
            }
        }
    }
}

/**
 * loket_catalog_new_from_resource:
 * @resource_path: a resource folder, ending in '/'
 *
 * Loads the catalog bundled in the GResource, so the kiosk works with no network at all.
 *
 * Returns: (transfer full) (nullable): the catalog
 */
LoketCatalog *
loket_catalog_new_from_resource (const char  *resource_path,
                                 GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_return_val_if_fail (resource_path != NULL && g_str_has_suffix (resource_path, "/"), NULL);

  collect_resource_files (resource_path, "", names, contents);
  if (names->len == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND,
                   "No catalog files in resource %s", resource_path);
      return NULL;
    }

  return loket_catalog_new_from_files ((const char * const *) names->pdata,
                                       (GBytes * const *) contents->pdata, names->len, error);
}

static gboolean
collect_directory_files (GFile      *directory,
                         const char *prefix,
                         GPtrArray  *names,
                         GPtrArray  *contents,
                         GError    **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_object_unref);
  GFileInfo *info;

  children = g_file_enumerate_children (directory, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE, 0, NULL, error);
  if (children == NULL)
    return FALSE;

  while ((info = g_file_enumerator_next_file (children, NULL, error)) != NULL)
    g_ptr_array_add (infos, info);

  for (guint i = 0; i < infos->len; i++)
    {
      const char *child = g_file_info_get_name (infos->pdata[i]);
      g_autoptr(GFile) file = g_file_get_child (directory, child);
      g_autofree char *name = g_strconcat (prefix, child, NULL);

      if (g_file_info_get_file_type (infos->pdata[i]) == G_FILE_TYPE_DIRECTORY)
        {
          g_autofree char *sub_prefix = g_strconcat (name, "/", NULL);

          if (!collect_directory_files (file, sub_prefix, names, contents, error))
            return FALSE;
        }
      else if (g_str_has_suffix (child, ".json") && !g_str_equal (child, "schema.json"))
        {
          GBytes *bytes = g_file_load_bytes (file, NULL, NULL, error);

          if (bytes == NULL)
            return FALSE;
          g_ptr_array_add (names, g_steal_pointer (&name));
          g_ptr_array_add (contents, bytes);
        }
    }
  return TRUE;
}

/**
 * loket_catalog_new_from_directory:
 *
 * Loads and validates the catalog files in @directory (data/catalog/ in the source tree), for
 * the build-time check and for editors.
 *
 * Returns: (transfer full) (nullable): the catalog
 */
LoketCatalog *
loket_catalog_new_from_directory (GFile   *directory,
                                  GError **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_return_val_if_fail (G_IS_FILE (directory), NULL);

  if (!collect_directory_files (directory, "", names, contents, error))
    {
      loket_error_convert_gio (error);
      return NULL;
    }

  return loket_catalog_new_from_files ((const char * const *) names->pdata,
                                       (GBytes * const *) contents->pdata, names->len, error);
}

/**
 * loket_catalog_get_life_events:
 *
 * Returns: (transfer none): the life events in grid order
 */
GListModel *
loket_catalog_get_life_events (LoketCatalog *self)
{
  g_return_val_if_fail (LOKET_IS_CATALOG (self), NULL);

  return G_LIST_MODEL (self->life_events);
}

guint
loket_catalog_get_n_services (LoketCatalog *self)
{
  g_return_val_if_fail (LOKET_IS_CATALOG (self), 0);

  return g_hash_table_size (self->services);
}

/**
 * loket_catalog_lookup_life_event:
 *
 * Returns: (transfer none) (nullable): the life event with @id
 */
LoketLifeEvent *
loket_catalog_lookup_life_event (LoketCatalog *self,
                                 const char   *id)
{
  g_return_val_if_fail (LOKET_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->events_by_id, id);
}

/**
 * loket_catalog_lookup_service:
 *
 * Returns: (transfer none) (nullable): the service with @id
 */
LoketService *
loket_catalog_lookup_service (LoketCatalog *self,
                              const char   *id)
{
  g_return_val_if_fail (LOKET_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->services, id);
}

/**
 * loket_catalog_lookup_organisation:
 *
 * Returns: (transfer none) (nullable): the organisation with @id
 */
LoketOrganisation *
loket_catalog_lookup_organisation (LoketCatalog *self,
                                   const char   *id)
{
  g_return_val_if_fail (LOKET_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->organisations, id);
}

/**
 * loket_catalog_get_rules:
 *
 * Returns: (transfer none): the benefit rules that came with the catalog (none if it had none)
 */
LoketRules *
loket_catalog_get_rules (LoketCatalog *self)
{
  g_return_val_if_fail (LOKET_IS_CATALOG (self), NULL);

  return self->rules;
}
