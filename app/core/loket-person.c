/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-person"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "loket-error.h"
#include "loket-http.h"
#include "loket-person.h"
#include "loket-secure.h"

/**
 * LoketPerson:
 *
 * What the BRP (Haal Centraal BRP Personen 2.x) says about one citizen: name, date of birth,
 * address, partners and children. Built from the `Persoon` JSON, in memory only; every string
 * is zeroed when the person is cleared or finalized. Every part may be missing: the BRP returns
 * only the `fields` asked for.
 */
struct _LoketPerson
{
  GObject           parent_instance;

  char             *bsn;           /* (owned) (nullable) */
  char             *name;          /* (owned) (nullable): the full name */
  char             *given_names;   /* (owned) (nullable) */
  char             *family_name;   /* (owned) (nullable): with its prefix ("van Paassen") */
  LoketDate         birth;
  LoketDate         death;
  LoketAddressKind  address_kind;
  GStrv             address_lines; /* (owned): never NULL */
  char             *municipality;  /* (owned) (nullable) */
  GPtrArray        *partners;      /* (owned) of (owned) LoketRelative */
  GPtrArray        *children;      /* (owned) of (owned) LoketRelative */
};

G_DEFINE_FINAL_TYPE (LoketPerson, loket_person, G_TYPE_OBJECT)

static void
secure_strv_free (GStrv strv)
{
  if (strv == NULL)
    return;
  for (guint i = 0; strv[i] != NULL; i++)
    loket_secure_free (strv[i]);
  g_free (strv);
}

static void
relative_free (LoketRelative *relative)
{
  loket_secure_free (relative->bsn);
  loket_secure_free (relative->name);
  loket_secure_free (relative->union_kind);
  memset (relative, 0, sizeof *relative);
  g_free (relative);
}

static JsonObject *
object_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  const char *value = object ? loket_json_get_string (object, member) : NULL;

  return value != NULL && *value != '\0' ? value : NULL;
}

/* A number as a string: `huisnummer` is an integer in the spec. */
static char *
dup_number_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL)
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return g_strdup (string_member (object, member));
}

/* "Pieter van Paassen": volledigeNaam when given, else the parts. */
static char *
dup_name (JsonObject *naam)
{
  const char *full = string_member (naam, "volledigeNaam");
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  const char *member[] = { "voornamen", "voorvoegsel", "geslachtsnaam" };
  char *joined;

  if (naam == NULL)
    return NULL;
  if (full != NULL)
    return g_strdup (full);
  for (guint i = 0; i < G_N_ELEMENTS (member); i++)
    if (string_member (naam, member[i]) != NULL)
      g_strv_builder_add (parts, string_member (naam, member[i]));
  strv = g_strv_builder_end (parts);
  joined = strv[0] != NULL ? g_strjoinv (" ", strv) : NULL;
  return joined;
}

static char *
dup_family_name (JsonObject *naam)
{
  const char *prefix = string_member (naam, "voorvoegsel");
  const char *name = string_member (naam, "geslachtsnaam");

  if (name == NULL)
    return NULL;
  return prefix ? g_strconcat (prefix, " ", name, NULL) : g_strdup (name);
}

static guint
uint_member (JsonObject *object,
             const char *member)
{
  return (guint) CLAMP (loket_json_get_int (object, member, 0), 0, 9999);
}

/**
 * loket_date_parse:
 * @node: (nullable): a BRP `AbstractDatum`: `Datum`, `DatumOnbekend`, `JaarDatum` or
 *   `JaarMaandDatum`
 * @date: (out): the date
 *
 * Returns: %TRUE if @node is one of the four kinds, with valid values
 */
gboolean
loket_date_parse (JsonNode  *node,
                  LoketDate *date)
{
  JsonObject *object;
  const char *type;

  g_return_val_if_fail (date != NULL, FALSE);

  memset (date, 0, sizeof *date);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  type = string_member (object, "type");

  if (g_strcmp0 (type, "Datum") == 0)
    {
      const char *iso = string_member (object, "datum");
      guint y, m, d;

      if (iso == NULL || sscanf (iso, "%4u-%2u-%2u", &y, &m, &d) != 3
          || !g_date_valid_dmy (d, m, y))
        return FALSE;
      *date = (LoketDate) { LOKET_DATE_FULL, y, m, d };
      return TRUE;
    }
  if (g_strcmp0 (type, "JaarMaandDatum") == 0)
    {
      guint y = uint_member (object, "jaar"), m = uint_member (object, "maand");

      if (y == 0 || m < 1 || m > 12)
        return FALSE;
      *date = (LoketDate) { LOKET_DATE_YEAR_MONTH, y, m, 0 };
      return TRUE;
    }
  if (g_strcmp0 (type, "JaarDatum") == 0)
    {
      guint y = uint_member (object, "jaar");

      if (y == 0)
        return FALSE;
      *date = (LoketDate) { LOKET_DATE_YEAR, y, 0, 0 };
      return TRUE;
    }
  if (g_strcmp0 (type, "DatumOnbekend") == 0)
    {
      date->kind = LOKET_DATE_UNKNOWN;
      return TRUE;
    }
  return FALSE;
}

static const char *
month_name (guint month)
{
  switch (month)
    {
    case 1: return C_("month", "January");
    case 2: return C_("month", "February");
    case 3: return C_("month", "March");
    case 4: return C_("month", "April");
    case 5: return C_("month", "May");
    case 6: return C_("month", "June");
    case 7: return C_("month", "July");
    case 8: return C_("month", "August");
    case 9: return C_("month", "September");
    case 10: return C_("month", "October");
    case 11: return C_("month", "November");
    case 12: return C_("month", "December");
    default: return "";
    }
}

/**
 * loket_date_format:
 *
 * Returns: (transfer full) (nullable): the date in the citizen's language, saying which parts
 *   the register does not know; %NULL for %LOKET_DATE_NONE
 */
char *
loket_date_format (const LoketDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  switch (date->kind)
    {
    case LOKET_DATE_FULL:
      /* Translators: a date: %1$u is the day, %2$s the month's name, %3$u the year */
      return g_strdup_printf (C_("date", "%1$u %2$s %3$u"), date->day, month_name (date->month),
                              date->year);
    case LOKET_DATE_YEAR_MONTH:
      /* Translators: a date whose day is not known: %1$s the month's name, %2$u the year */
      return g_strdup_printf (C_("date", "%1$s %2$u (day unknown)"), month_name (date->month),
                              date->year);
    case LOKET_DATE_YEAR:
      /* Translators: a date of which only the year is known */
      return g_strdup_printf (C_("date", "%u (day and month unknown)"), date->year);
    case LOKET_DATE_UNKNOWN:
      return g_strdup (C_("date", "Unknown"));
    case LOKET_DATE_NONE:
    default:
      return NULL;
    }
}

static void
parse_death (JsonObject *object,
             LoketDate  *death)
{
  JsonObject *overlijden = object_member (object, "overlijden");
  JsonObject *opschorting = object_member (object, "opschortingBijhouding");

  if (overlijden != NULL && loket_date_parse (json_object_get_member (overlijden, "datum"), death))
    return;
  if (overlijden != NULL)
    {
      death->kind = LOKET_DATE_UNKNOWN;
      return;
    }
  /* A suspended record with reason "O" (overlijden) is a deceased person too. */
  if (g_strcmp0 (string_member (object_member (opschorting, "reden"), "code"), "O") == 0
      && !loket_date_parse (json_object_get_member (opschorting, "datum"), death))
    death->kind = LOKET_DATE_UNKNOWN;
}

static LoketRelative *
parse_relative (JsonObject *object,
                gboolean    partner)
{
  LoketRelative *relative = g_new0 (LoketRelative, 1);
  JsonObject *geboorte, *start, *end;

  relative->bsn = g_strdup (string_member (object, "burgerservicenummer"));
  relative->name = dup_name (object_member (object, "naam"));
  if ((geboorte = object_member (object, "geboorte")) != NULL)
    loket_date_parse (json_object_get_member (geboorte, "datum"), &relative->birth);
  parse_death (object, &relative->death);

  if (!partner)
    return relative;

  relative->union_kind = g_strdup (string_member (object_member (object, "soortVerbintenis"), "code"));
  start = object_member (object, "aangaanHuwelijkPartnerschap");
  end = object_member (object, "ontbindingHuwelijkPartnerschap");
  if (start != NULL)
    loket_date_parse (json_object_get_member (start, "datum"), &relative->union_start);
  if (end != NULL && !loket_date_parse (json_object_get_member (end, "datum"), &relative->union_end))
    relative->union_end.kind = LOKET_DATE_UNKNOWN;
  /* The reason of a dissolution, where a register gives it: "O" is the partner's death. */
  if (end != NULL)
    relative->union_ended_by_death =
      g_strcmp0 (string_member (object_member (end, "reden"), "code"), "O") == 0
      || relative->death.kind != LOKET_DATE_NONE;
  return relative;
}

static void
parse_relatives (JsonObject *object,
                 const char *member,
                 gboolean    partner,
                 GPtrArray  *out)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        g_ptr_array_add (out, parse_relative (json_node_get_object (element), partner));
    }
}

static void
add_line (GStrvBuilder *lines,
          const char   *line)
{
  if (line != NULL && *line != '\0')
    g_strv_builder_add (lines, line);
}

/* "Kerkstraat 12 bis", "3011 AB Rotterdam" from a verblijfadres. */
static void
add_dutch_address (GStrvBuilder *lines,
                   JsonObject   *adres)
{
  const char *street = string_member (adres, "korteStraatnaam");
  g_autofree char *number = dup_number_member (adres, "huisnummer");
  const char *letter = string_member (adres, "huisletter");
  const char *addition = string_member (adres, "huisnummertoevoeging");
  const char *postcode = string_member (adres, "postcode");
  const char *place = string_member (adres, "woonplaats");
  g_autoptr(GString) first = g_string_new (NULL);
  g_autoptr(GString) second = g_string_new (NULL);

  if (street == NULL)
    street = string_member (adres, "officieleStraatnaam");
  if (street != NULL)
    g_string_append (first, street);
  if (number != NULL)
    g_string_append_printf (first, "%s%s", first->len ? " " : "", number);
  if (letter != NULL)
    g_string_append (first, letter);
  if (addition != NULL)
    g_string_append_printf (first, " %s", addition);
  if (postcode != NULL && strlen (postcode) == 6)
    g_string_append_printf (second, "%.4s %s", postcode, postcode + 4);
  else if (postcode != NULL)
    g_string_append (second, postcode);
  if (place != NULL)
    g_string_append_printf (second, "%s%s", second->len ? " " : "", place);
  add_line (lines, first->str);
  add_line (lines, second->str);
  memset (first->str, 0, first->len);
  memset (second->str, 0, second->len);
  if (number != NULL)
    memset (number, 0, strlen (number));
}

static void
parse_address (LoketPerson *self,
               JsonObject  *persoon)
{
  JsonObject *verblijfplaats = object_member (persoon, "verblijfplaats");
  JsonObject *adressering = object_member (persoon, "adressering");
  JsonObject *adres = object_member (verblijfplaats, "verblijfadres");
  const char *type = string_member (verblijfplaats, "type");
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();
  gboolean use_adressering = FALSE;

  self->municipality = g_strdup (string_member (object_member (persoon, "gemeenteVanInschrijving"),
                                                "omschrijving"));

  if (g_strcmp0 (type, "Adres") == 0)
    self->address_kind = LOKET_ADDRESS_DUTCH;
  else if (g_strcmp0 (type, "Locatie") == 0)
    self->address_kind = LOKET_ADDRESS_LOCATION;
  else if (g_strcmp0 (type, "VerblijfplaatsBuitenland") == 0)
    self->address_kind = LOKET_ADDRESS_ABROAD;
  else if (g_strcmp0 (type, "VerblijfplaatsOnbekend") == 0)
    self->address_kind = LOKET_ADDRESS_UNKNOWN;
  else if (adressering != NULL && string_member (adressering, "adresregel1") != NULL)
    self->address_kind = LOKET_ADDRESS_DUTCH; /* only `adressering` was asked for */

  /* adressering.adresregel1..3 is the officially formatted address: shown when present. */
  if (self->address_kind != LOKET_ADDRESS_UNKNOWN && adressering != NULL
      && string_member (adressering, "adresregel1") != NULL)
    {
      use_adressering = TRUE;
      add_line (lines, string_member (adressering, "adresregel1"));
      add_line (lines, string_member (adressering, "adresregel2"));
      add_line (lines, string_member (adressering, "adresregel3"));
      if (self->address_kind == LOKET_ADDRESS_ABROAD || object_member (adressering, "land"))
        add_line (lines, string_member (object_member (adressering, "land"), "omschrijving"));
    }

  if (!use_adressering)
    switch (self->address_kind)
      {
      case LOKET_ADDRESS_DUTCH:
        add_dutch_address (lines, adres);
        break;
      case LOKET_ADDRESS_LOCATION:
        add_line (lines, string_member (adres, "locatiebeschrijving"));
        add_line (lines, string_member (verblijfplaats, "locatiebeschrijving"));
        add_line (lines, string_member (adres, "woonplaats"));
        break;
      case LOKET_ADDRESS_ABROAD:
        add_line (lines, string_member (adres, "regel1"));
        add_line (lines, string_member (adres, "regel2"));
        add_line (lines, string_member (adres, "regel3"));
        add_line (lines, string_member (object_member (adres, "land"), "omschrijving"));
        break;
      case LOKET_ADDRESS_UNKNOWN:
      case LOKET_ADDRESS_NONE:
      default:
        break;
      }

  secure_strv_free (self->address_lines);
  self->address_lines = g_strv_builder_end (lines);
}

static void
loket_person_finalize (GObject *object)
{
  LoketPerson *self = LOKET_PERSON (object);

  loket_person_clear (self);
  g_clear_pointer (&self->partners, g_ptr_array_unref);
  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_clear_pointer (&self->address_lines, g_strfreev);

  G_OBJECT_CLASS (loket_person_parent_class)->finalize (object);
}

static void
loket_person_class_init (LoketPersonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = loket_person_finalize;
}

static void
loket_person_init (LoketPerson *self)
{
  self->partners = g_ptr_array_new_with_free_func ((GDestroyNotify) relative_free);
  self->children = g_ptr_array_new_with_free_func ((GDestroyNotify) relative_free);
  self->address_lines = g_new0 (char *, 1);
}

/**
 * loket_person_new_from_json:
 * @persoon: one element of the BRP's `personen`
 *
 * Returns: (transfer full): the person, or %NULL with %LOKET_ERROR_INVALID_DATA if a member has
 *   the wrong shape
 */
LoketPerson *
loket_person_new_from_json (JsonObject  *persoon,
                            GError     **error)
{
  g_autoptr(LoketPerson) self = NULL;
  JsonObject *naam, *geboorte;
  JsonNode *bsn;

  g_return_val_if_fail (persoon != NULL, NULL);

  bsn = json_object_get_member (persoon, "burgerservicenummer");
  if (bsn != NULL && json_node_get_value_type (bsn) != G_TYPE_STRING)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                           "burgerservicenummer is not a string");
      return NULL;
    }

  self = g_object_new (LOKET_TYPE_PERSON, NULL);
  self->bsn = g_strdup (string_member (persoon, "burgerservicenummer"));
  naam = object_member (persoon, "naam");
  self->name = dup_name (naam);
  self->given_names = g_strdup (string_member (naam, "voornamen"));
  self->family_name = dup_family_name (naam);
  geboorte = object_member (persoon, "geboorte");
  if (geboorte != NULL)
    loket_date_parse (json_object_get_member (geboorte, "datum"), &self->birth);
  parse_death (persoon, &self->death);
  parse_address (self, persoon);
  parse_relatives (persoon, "partners", TRUE, self->partners);
  parse_relatives (persoon, "kinderen", FALSE, self->children);
  return g_steal_pointer (&self);
}

/**
 * loket_person_clear:
 *
 * Zeroes and drops everything the person holds. Called when the session is wiped, so that a
 * reference kept elsewhere holds nothing personal any more.
 */
void
loket_person_clear (LoketPerson *self)
{
  g_return_if_fail (LOKET_IS_PERSON (self));

  loket_secure_clear (&self->bsn);
  loket_secure_clear (&self->name);
  loket_secure_clear (&self->given_names);
  loket_secure_clear (&self->family_name);
  loket_secure_clear (&self->municipality);
  secure_strv_free (g_steal_pointer (&self->address_lines));
  self->address_lines = g_new0 (char *, 1);
  self->address_kind = LOKET_ADDRESS_NONE;
  memset (&self->birth, 0, sizeof self->birth);
  memset (&self->death, 0, sizeof self->death);
  g_ptr_array_set_size (self->partners, 0);
  g_ptr_array_set_size (self->children, 0);
}

const char *
loket_person_get_bsn (LoketPerson *self)
{
  g_return_val_if_fail (LOKET_IS_PERSON (self), NULL);
  return self->bsn;
}

/**
 * loket_person_get_name:
 *
 * Returns: (nullable): the full name, "Pieter van Paassen"
 */
const char *
loket_person_get_name (LoketPerson *self)
{
  g_return_val_if_fail (LOKET_IS_PERSON (self), NULL);
  return self->name;
}

const char *
loket_person_get_given_names (LoketPerson *self)
{
  g_return_val_if_fail (LOKET_IS_PERSON (self), NULL);
  return self->given_names;
}

const char *
loket_person_get_family_name (LoketPerson *self)
{
  g_return_val_if_fail (LOKET_IS_PERSON (self), NULL);
  return self->family_name;
}

const LoketDate *
loket_person_get_birth (LoketPerson *self)
{
  g_return_val_if_fail (LOKET_IS_PERSON (self), NULL);
  return &self->birth;
}

const LoketDate *
loket_person_get_death (LoketPerson *self)
{
  g_return_val_if_fail (LOKET_IS_PERSON (self), NULL);
  return &self->death;
}

LoketAddressKind
loket_person_get_address_kind (LoketPerson *self)
{
  g_return_val_if_fail (LOKET_IS_PERSON (self), LOKET_ADDRESS_NONE);
  return self->address_kind;
}

/**
 * loket_person_get_address_lines:
 *
 * Returns: (transfer none): the address as it is written on an envelope; empty when unknown
 */
const char * const *
loket_person_get_address_lines (LoketPerson *self)
{
  g_return_val_if_fail (LOKET_IS_PERSON (self), NULL);
  return (const char * const *) self->address_lines;
}

const char *
loket_person_get_municipality (LoketPerson *self)
{
  g_return_val_if_fail (LOKET_IS_PERSON (self), NULL);
  return self->municipality;
}

guint
loket_person_get_n_partners (LoketPerson *self)
{
  g_return_val_if_fail (LOKET_IS_PERSON (self), 0);
  return self->partners->len;
}

const LoketRelative *
loket_person_get_partner (LoketPerson *self,
                          guint        index)
{
  g_return_val_if_fail (LOKET_IS_PERSON (self), NULL);
  g_return_val_if_fail (index < self->partners->len, NULL);
  return self->partners->pdata[index];
}

guint
loket_person_get_n_children (LoketPerson *self)
{
  g_return_val_if_fail (LOKET_IS_PERSON (self), 0);
  return self->children->len;
}

const LoketRelative *
loket_person_get_child (LoketPerson *self,
                        guint        index)
{
  g_return_val_if_fail (LOKET_IS_PERSON (self), NULL);
  g_return_val_if_fail (index < self->children->len, NULL);
  return self->children->pdata[index];
}
