/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * LoketDateKind:
 * @LOKET_DATE_NONE: the register gave no date
 * @LOKET_DATE_FULL: day, month and year (`Datum`)
 * @LOKET_DATE_YEAR_MONTH: month and year only (`JaarMaandDatum`)
 * @LOKET_DATE_YEAR: the year only (`JaarDatum`)
 * @LOKET_DATE_UNKNOWN: the register says the date is unknown (`DatumOnbekend`)
 *
 * BRP dates are polymorphic: many are partly unknown.
 */
typedef enum
{
  LOKET_DATE_NONE,
  LOKET_DATE_FULL,
  LOKET_DATE_YEAR_MONTH,
  LOKET_DATE_YEAR,
  LOKET_DATE_UNKNOWN,
} LoketDateKind;

typedef struct
{
  LoketDateKind kind;
  guint         year;
  guint         month;
  guint         day;
} LoketDate;

/**
 * LoketAddressKind:
 * @LOKET_ADDRESS_NONE: no address was given
 * @LOKET_ADDRESS_DUTCH: an address in the Netherlands (`Adres`)
 * @LOKET_ADDRESS_LOCATION: a described location, such as a houseboat berth (`Locatie`)
 * @LOKET_ADDRESS_ABROAD: an address abroad (`VerblijfplaatsBuitenland`)
 * @LOKET_ADDRESS_UNKNOWN: the register does not know where the person lives
 *   (`VerblijfplaatsOnbekend`)
 */
typedef enum
{
  LOKET_ADDRESS_NONE,
  LOKET_ADDRESS_DUTCH,
  LOKET_ADDRESS_LOCATION,
  LOKET_ADDRESS_ABROAD,
  LOKET_ADDRESS_UNKNOWN,
} LoketAddressKind;

/**
 * LoketRelative:
 * @bsn: (nullable): their BSN; a child or partner not registered in NL has none
 * @name: (nullable): the name to show
 * @birth: date of birth
 * @death: date of death, when the register says they died
 * @union_kind: (nullable): for a partner, the code of `soortVerbintenis` ("H" marriage,
 *   "P" registered partnership)
 * @union_start: for a partner, when the marriage or partnership began
 * @union_end: for a partner, when it ended (%LOKET_DATE_NONE while it lasts)
 * @union_ended_by_death: the partnership ended because the partner died
 *
 * A partner or a child, as the BRP names them in `partners[]` and `kinderen[]`.
 */
typedef struct
{
  char      *bsn;
  char      *name;
  LoketDate  birth;
  LoketDate  death;
  char      *union_kind;
  LoketDate  union_start;
  LoketDate  union_end;
  gboolean   union_ended_by_death;
} LoketRelative;

#define LOKET_TYPE_PERSON (loket_person_get_type ())
G_DECLARE_FINAL_TYPE (LoketPerson, loket_person, LOKET, PERSON, GObject)

LoketPerson         *loket_person_new_from_json     (JsonObject   *persoon,
                                                     GError      **error);
const char          *loket_person_get_bsn           (LoketPerson  *self);
const char          *loket_person_get_name          (LoketPerson  *self);
const char          *loket_person_get_given_names   (LoketPerson  *self);
const char          *loket_person_get_family_name   (LoketPerson  *self);
const LoketDate     *loket_person_get_birth         (LoketPerson  *self);
const LoketDate     *loket_person_get_death         (LoketPerson  *self);
LoketAddressKind     loket_person_get_address_kind  (LoketPerson  *self);
const char * const  *loket_person_get_address_lines (LoketPerson  *self);
const char          *loket_person_get_municipality  (LoketPerson  *self);
guint                loket_person_get_n_partners    (LoketPerson  *self);
const LoketRelative *loket_person_get_partner       (LoketPerson  *self,
                                                     guint         index);
guint                loket_person_get_n_children    (LoketPerson  *self);
const LoketRelative *loket_person_get_child         (LoketPerson  *self,
                                                     guint         index);
void                 loket_person_clear             (LoketPerson  *self);

char                *loket_date_format              (const LoketDate *date);
gboolean             loket_date_parse               (JsonNode        *node,
                                                     LoketDate       *date);

G_END_DECLS
