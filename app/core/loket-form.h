/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "loket-i18n.h"
#include "loket-text.h"
#include "loket-validate.h"

G_BEGIN_DECLS

typedef enum
{
  LOKET_FIELD_TEXT,
  LOKET_FIELD_BSN,
  LOKET_FIELD_POSTCODE,
  LOKET_FIELD_IBAN,
  LOKET_FIELD_DATE,
  LOKET_FIELD_NUMBER,
  LOKET_FIELD_CHOICE,
} LoketFieldType;

/**
 * LoketFormOption:
 *
 * One answer of a choice field.
 */
typedef struct
{
  char      *value; /* (owned) */
  LoketText *label; /* (owned) */
} LoketFormOption;

/**
 * LoketFormField:
 *
 * One question of a form, as the catalog defines it (data/catalog/README.md, "Form").
 */
typedef struct
{
  char           *id;          /* (owned) */
  LoketFieldType  type;
  LoketText      *label;       /* (owned) */
  LoketText      *hint;        /* (owned) (nullable) */
  char           *prefill;     /* (owned) (nullable): a session fact, for example "person.bsn" */
  gboolean        required;
  gboolean        has_min;     /* dates: min_days; numbers: min */
  gboolean        has_max;
  gint64          min;
  gint64          max;
  guint           max_length;  /* text: 0 = LOKET_VALIDATE_MAX_TEXT */
  GPtrArray      *options;     /* (owned) (nullable) of LoketFormOption, choice only */
} LoketFormField;

#define LOKET_TYPE_FORM (loket_form_get_type ())
G_DECLARE_FINAL_TYPE (LoketForm, loket_form, LOKET, FORM, GObject)

/**
 * LoketFacts:
 *
 * What the session already knows about the citizen (after sign-in: the BRP), by fact name —
 * "person.bsn", "person.name", "person.birth_date", "person.street", "person.house_number",
 * "person.postcode", "person.city" — each with the source it came from. Read-only for forms.
 */
typedef struct _LoketFacts LoketFacts;

#define LOKET_TYPE_FACTS (loket_facts_get_type ())
GType        loket_facts_get_type   (void) G_GNUC_CONST;
LoketFacts  *loket_facts_new        (void);
LoketFacts  *loket_facts_ref        (LoketFacts  *facts);
void         loket_facts_unref      (LoketFacts  *facts);
void         loket_facts_set        (LoketFacts  *facts,
                                     const char  *name,
                                     const char  *value,
                                     const char  *source);
const char  *loket_facts_get        (LoketFacts  *facts,
                                     const char  *name,
                                     const char **source);
guint        loket_facts_get_size   (LoketFacts  *facts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketFacts, loket_facts_unref)

LoketForm            *loket_form_new               (const char       *service_id);
const char           *loket_form_get_service_id    (LoketForm        *self);
guint                 loket_form_get_n_fields      (LoketForm        *self);
const LoketFormField *loket_form_get_field         (LoketForm        *self,
                                                    guint             index);
const LoketFormField *loket_form_lookup_field      (LoketForm        *self,
                                                    const char       *id);
const LoketText      *loket_form_get_next          (LoketForm        *self);
guint                 loket_form_get_decision_days (LoketForm        *self);

void                  loket_form_add_field         (LoketForm        *self,
                                                    LoketFormField   *field);
void                  loket_form_set_next          (LoketForm        *self,
                                                    LoketText        *next,
                                                    guint             decision_days);

void                  loket_form_field_free        (LoketFormField   *field);
void                  loket_form_option_free       (LoketFormOption  *option);
gboolean              loket_field_type_from_name   (const char       *name,
                                                    LoketFieldType   *type);
void                  loket_form_field_get_bounds  (const LoketFormField *field,
                                                    const GDate      *today,
                                                    GDate            *earliest,
                                                    GDate            *latest);
LoketValidity         loket_form_field_validate    (const LoketFormField *field,
                                                    const char       *input,
                                                    const GDate      *today,
                                                    char            **normalised);
char                 *loket_form_field_message     (const LoketFormField *field,
                                                    LoketValidity     validity,
                                                    const GDate      *today,
                                                    LoketLanguage     language);
gboolean              loket_form_field_is_known    (const LoketFormField *field,
                                                    LoketFacts       *facts);

GBytes               *loket_form_build_submission  (LoketForm        *self,
                                                    const char       *life_event_id,
                                                    GHashTable       *answers,
                                                    LoketFacts       *facts,
                                                    GDateTime        *submitted_at,
                                                    LoketLanguage     language);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketFormField, loket_form_field_free)

G_END_DECLS
