/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-form"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "loket-form.h"

/**
 * LoketForm:
 *
 * The form of a service that can be requested at the kiosk: its questions, which session fact
 * answers each one already, how each is checked, and what happens after sending. Built by the
 * catalog parser from validated JSON and never changed afterwards.
 */
struct _LoketForm
{
  GObject     parent_instance;

  char       *service_id;    /* (owned) */
  GPtrArray  *fields;        /* (owned) of (owned) LoketFormField */
  LoketText  *next;          /* (owned) (nullable) */
  guint       decision_days;
};

G_DEFINE_FINAL_TYPE (LoketForm, loket_form, G_TYPE_OBJECT)

typedef struct
{
  char *value;  /* (owned) */
  char *source; /* (owned) (nullable) */
} Fact;

struct _LoketFacts
{
  gatomicrefcount  ref_count;
  GHashTable      *facts; /* (owned) name → (owned) Fact */
};

G_DEFINE_BOXED_TYPE (LoketFacts, loket_facts, loket_facts_ref, loket_facts_unref)

static const char * const field_type_names[] = {
  [LOKET_FIELD_TEXT] = "text",
  [LOKET_FIELD_BSN] = "bsn",
  [LOKET_FIELD_POSTCODE] = "postcode",
  [LOKET_FIELD_IBAN] = "iban",
  [LOKET_FIELD_DATE] = "date",
  [LOKET_FIELD_NUMBER] = "number",
  [LOKET_FIELD_CHOICE] = "choice",
};

/* Personal data is zeroed before its memory goes back to the allocator. */
static void
free_secret (char *text)
{
  if (text == NULL)
    return;
  sodium_memzero (text, strlen (text));
  g_free (text);
}

static void
fact_free (Fact *fact)
{
  free_secret (fact->value);
  g_free (fact->source);
  g_free (fact);
}

static void
loket_form_finalize (GObject *object)
{
  LoketForm *self = LOKET_FORM (object);

  g_clear_pointer (&self->service_id, g_free);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->next, loket_text_unref);

  G_OBJECT_CLASS (loket_form_parent_class)->finalize (object);
}

static void
loket_form_class_init (LoketFormClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_form_finalize;
}

static void
loket_form_init (LoketForm *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_form_field_free);
}

/* ---- LoketFacts ------------------------------------------------------------------------- */

LoketFacts *
loket_facts_new (void)
{
  LoketFacts *facts = g_new0 (LoketFacts, 1);

  g_atomic_ref_count_init (&facts->ref_count);
  facts->facts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) fact_free);
  return facts;
}

LoketFacts *
loket_facts_ref (LoketFacts *facts)
{
  g_return_val_if_fail (facts != NULL, NULL);

  g_atomic_ref_count_inc (&facts->ref_count);
  return facts;
}

void
loket_facts_unref (LoketFacts *facts)
{
  g_return_if_fail (facts != NULL);

  if (g_atomic_ref_count_dec (&facts->ref_count))
    {
      g_hash_table_unref (facts->facts);
      g_free (facts);
    }
}

/**
 * loket_facts_set:
 * @value: (nullable): %NULL forgets the fact
 * @source: (nullable): where it comes from, for example "BRP"
 */
void
loket_facts_set (LoketFacts *facts,
                 const char *name,
                 const char *value,
                 const char *source)
{
  Fact *fact;

  g_return_if_fail (facts != NULL);
  g_return_if_fail (name != NULL);

  if (value == NULL || *value == '\0')
    {
      g_hash_table_remove (facts->facts, name);
      return;
    }
  fact = g_new0 (Fact, 1);
  fact->value = g_strdup (value);
  fact->source = g_strdup (source);
  g_hash_table_replace (facts->facts, g_strdup (name), fact);
}

/**
 * loket_facts_get:
 * @source: (out) (optional) (transfer none): where the value came from
 *
 * Returns: (nullable): the value of the fact @name
 */
const char *
loket_facts_get (LoketFacts  *facts,
                 const char  *name,
                 const char **source)
{
  Fact *fact;

  g_return_val_if_fail (name != NULL, NULL);

  fact = facts ? g_hash_table_lookup (facts->facts, name) : NULL;
  if (source != NULL)
    *source = fact ? fact->source : NULL;
  return fact ? fact->value : NULL;
}

guint
loket_facts_get_size (LoketFacts *facts)
{
  g_return_val_if_fail (facts != NULL, 0);

  return g_hash_table_size (facts->facts);
}

/* ---- Fields ----------------------------------------------------------------------------- */

void
loket_form_option_free (LoketFormOption *option)
{
  if (option == NULL)
    return;
  g_free (option->value);
  g_clear_pointer (&option->label, loket_text_unref);
  g_free (option);
}

void
loket_form_field_free (LoketFormField *field)
{
  if (field == NULL)
    return;
  g_free (field->id);
  g_clear_pointer (&field->label, loket_text_unref);
  g_clear_pointer (&field->hint, loket_text_unref);
  g_free (field->prefill);
  g_clear_pointer (&field->options, g_ptr_array_unref);
  g_free (field);
}

gboolean
loket_field_type_from_name (const char     *name,
                            LoketFieldType *type)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (type != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (field_type_names); i++)
    {
      if (g_str_equal (name, field_type_names[i]))
        {
          *type = (LoketFieldType) i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * loket_form_field_get_bounds:
 * @today: the date the kiosk takes as today (injected by tests)
 * @earliest: (out): cleared when the field has no lower bound
 * @latest: (out): cleared when the field has no upper bound
 *
 * The dates a date field accepts: `min_days` and `max_days` from today. A move may be reported
 * from four weeks before until five days after the move: min_days -28 … max_days 5 are the
 * bounds of the *move date* seen from today — and a birth date has max_days 0.
 */
void
loket_form_field_get_bounds (const LoketFormField *field,
                             const GDate          *today,
                             GDate                *earliest,
                             GDate                *latest)
{
  g_return_if_fail (field != NULL);
  g_return_if_fail (today != NULL && g_date_valid (today));

  g_date_clear (earliest, 1);
  g_date_clear (latest, 1);
  if (field->type != LOKET_FIELD_DATE)
    return;
  if (field->has_min)
    {
      *earliest = *today;
      if (field->min < 0)
        g_date_subtract_days (earliest, (guint) -field->min);
      else
        g_date_add_days (earliest, (guint) field->min);
    }
  if (field->has_max)
    {
      *latest = *today;
      if (field->max < 0)
        g_date_subtract_days (latest, (guint) -field->max);
      else
        g_date_add_days (latest, (guint) field->max);
    }
}

/**
 * loket_form_field_validate:
 * @input: (nullable): what the citizen typed or chose
 * @today: the date the kiosk takes as today
 * @normalised: (out) (optional): the answer as it will be sent
 *
 * Checks one answer by the field's type and bounds. An empty optional answer is right.
 */
LoketValidity
loket_form_field_validate (const LoketFormField  *field,
                           const char            *input,
                           const GDate           *today,
                           char                 **normalised)
{
  GDate earliest, latest;
  LoketValidity validity = LOKET_VALIDITY_OK;

  g_return_val_if_fail (field != NULL, LOKET_VALIDITY_OK);
  g_return_val_if_fail (today != NULL, LOKET_VALIDITY_OK);

  if (normalised != NULL)
    *normalised = NULL;

  if (loket_validate_is_empty (input))
    {
      if (!field->required)
        return LOKET_VALIDITY_OK;
      return field->type == LOKET_FIELD_CHOICE ? LOKET_VALIDITY_CHOICE : LOKET_VALIDITY_EMPTY;
    }

  switch (field->type)
    {
    case LOKET_FIELD_TEXT:
      validity = loket_validate_text (input, field->max_length, normalised);
      break;
    case LOKET_FIELD_BSN:
      validity = loket_validate_bsn (input, normalised);
      break;
    case LOKET_FIELD_POSTCODE:
      validity = loket_validate_postcode (input, normalised);
      break;
    case LOKET_FIELD_IBAN:
      validity = loket_validate_iban (input, normalised);
      break;
    case LOKET_FIELD_DATE:
      loket_form_field_get_bounds (field, today, &earliest, &latest);
      validity = loket_validate_date (input,
                                      g_date_valid (&earliest) ? &earliest : NULL,
                                      g_date_valid (&latest) ? &latest : NULL,
                                      normalised);
      if (validity == LOKET_VALIDITY_DATE_TOO_LATE && field->has_max && field->max == 0)
        validity = LOKET_VALIDITY_DATE_IN_FUTURE;
      break;
    case LOKET_FIELD_NUMBER:
      validity = loket_validate_number (input, field->has_min ? field->min : 0,
                                        field->has_max ? field->max : G_GINT64_CONSTANT (999999999),
                                        normalised);
      break;
    case LOKET_FIELD_CHOICE:
      validity = LOKET_VALIDITY_CHOICE;
      for (guint i = 0; field->options && i < field->options->len; i++)
        {
          LoketFormOption *option = g_ptr_array_index (field->options, i);

          if (g_str_equal (option->value, input))
            {
              validity = LOKET_VALIDITY_OK;
              if (normalised != NULL)
                *normalised = g_strdup (input);
              break;
            }
        }
      break;
    default:
      g_assert_not_reached ();
    }
  return validity;
}

/**
 * loket_form_field_message:
 *
 * Returns: (transfer full) (nullable): the message for @validity in the current UI language,
 *   in the words of the field's label in @language
 */
char *
loket_form_field_message (const LoketFormField *field,
                          LoketValidity         validity,
                          const GDate          *today,
                          LoketLanguage         language)
{
  GDate earliest, latest;

  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (today != NULL, NULL);

  loket_form_field_get_bounds (field, today, &earliest, &latest);
  return loket_validity_message (validity, loket_text_get (field->label, language, NULL),
                                 g_date_valid (&earliest) ? &earliest : NULL,
                                 g_date_valid (&latest) ? &latest : NULL);
}

/**
 * loket_form_field_is_known:
 *
 * Whether the session already knows the answer, so the form shows it instead of asking.
 */
gboolean
loket_form_field_is_known (const LoketFormField *field,
                           LoketFacts           *facts)
{
  g_return_val_if_fail (field != NULL, FALSE);

  return field->prefill != NULL && facts != NULL && loket_facts_get (facts, field->prefill, NULL) != NULL;
}

/* ---- Form ------------------------------------------------------------------------------- */

LoketForm *
loket_form_new (const char *service_id)
{
  LoketForm *self;

  g_return_val_if_fail (service_id != NULL, NULL);

  self = g_object_new (LOKET_TYPE_FORM, NULL);
  self->service_id = g_strdup (service_id);
  return self;
}

const char *
loket_form_get_service_id (LoketForm *self)
{
  g_return_val_if_fail (LOKET_IS_FORM (self), NULL);

  return self->service_id;
}

guint
loket_form_get_n_fields (LoketForm *self)
{
  g_return_val_if_fail (LOKET_IS_FORM (self), 0);

  return self->fields->len;
}

const LoketFormField *
loket_form_get_field (LoketForm *self,
                      guint      index)
{
  g_return_val_if_fail (LOKET_IS_FORM (self), NULL);
  g_return_val_if_fail (index < self->fields->len, NULL);

  return g_ptr_array_index (self->fields, index);
}

const LoketFormField *
loket_form_lookup_field (LoketForm  *self,
                         const char *id)
{
  g_return_val_if_fail (LOKET_IS_FORM (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      LoketFormField *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->id, id))
        return field;
    }
  return NULL;
}

/**
 * loket_form_get_next:
 *
 * Returns: (nullable): what happens after sending, for the receipt
 */
const LoketText *
loket_form_get_next (LoketForm *self)
{
  g_return_val_if_fail (LOKET_IS_FORM (self), NULL);

  return self->next;
}

/* Within how many days the citizen hears back; 0 when the catalog does not say. */
guint
loket_form_get_decision_days (LoketForm *self)
{
  g_return_val_if_fail (LOKET_IS_FORM (self), 0);

  return self->decision_days;
}

/**
 * loket_form_add_field:
 * @field: (transfer full): the question
 */
void
loket_form_add_field (LoketForm      *self,
                      LoketFormField *field)
{
  g_return_if_fail (LOKET_IS_FORM (self));
  g_return_if_fail (field != NULL && field->id != NULL && field->label != NULL);

  g_ptr_array_add (self->fields, field);
}

/**
 * loket_form_set_next:
 * @next: (nullable) (transfer none): what happens after sending
 */
void
loket_form_set_next (LoketForm *self,
                     LoketText *next,
                     guint      decision_days)
{
  g_return_if_fail (LOKET_IS_FORM (self));

  g_clear_pointer (&self->next, loket_text_unref);
  self->next = next ? loket_text_ref (next) : NULL;
  self->decision_days = decision_days;
}

/**
 * loket_form_build_submission:
 * @life_event_id: (nullable): the life event the citizen came from
 * @answers: field id → normalised answer, for the questions asked
 * @facts: (nullable): what the session knew, for the questions not asked
 *
 * The intake's submission document (backend/README.md, "Intake submission format"): the answers,
 * the known facts the form uses, and the BSN when the citizen signed in. The caller seals it at
 * once and zeroes it (sodium_memzero) — it is personal data.
 *
 * Returns: (transfer full): UTF-8 JSON
 */
GBytes *
loket_form_build_submission (LoketForm     *self,
                             const char    *life_event_id,
                             GHashTable    *answers,
                             LoketFacts    *facts,
                             GDateTime     *submitted_at,
                             LoketLanguage  language)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *when = NULL;
  const char *bsn = loket_facts_get (facts, "person.bsn", NULL);
  char *text;
  gsize length;

  g_return_val_if_fail (LOKET_IS_FORM (self), NULL);
  g_return_val_if_fail (answers != NULL, NULL);
  g_return_val_if_fail (submitted_at != NULL, NULL);

  when = g_date_time_format_iso8601 (submitted_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, self->service_id);
  if (life_event_id != NULL)
    {
      json_builder_set_member_name (builder, "life_event");
      json_builder_add_string_value (builder, life_event_id);
    }
  if (bsn != NULL)
    {
      json_builder_set_member_name (builder, "bsn");
      json_builder_add_string_value (builder, bsn);
    }
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  for (guint i = 0; i < self->fields->len; i++)
    {
      LoketFormField *field = g_ptr_array_index (self->fields, i);
      const char *value = g_hash_table_lookup (answers, field->id);

      if (value == NULL && field->prefill != NULL)
        value = loket_facts_get (facts, field->prefill, NULL);
      if (value == NULL)
        continue;
      json_builder_set_member_name (builder, field->id);
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "submitted_at");
  json_builder_add_string_value (builder, when);
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, loket_language_get_code (language));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_with_free_func (text, length, (GDestroyNotify) free_secret, text);
}
