/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-prefill"

#include "config.h"

#include <string.h>

#include "loket-prefill.h"
#include "loket-validate.h"

/*
 * Ask only once: what sign-in read from the Basisregistratie Personen becomes the facts a form
 * is prefilled with (loket-form.h names them). A form shows these as known, with their source,
 * and does not ask them again.
 */

static void
set_fact (LoketFacts *facts,
          const char *name,
          const char *value)
{
  if (value != NULL && *value != '\0')
    loket_facts_set (facts, name, value, LOKET_FACT_SOURCE_BRP);
}

/* "Kerkstraat 12 bis" → street "Kerkstraat", house number "12 bis". */
static void
add_street (LoketFacts *facts,
            const char *line)
{
  const char *number = NULL;
  g_autofree char *street = NULL;

  for (const char *p = line; *p; p++)
    if (g_ascii_isdigit (*p) && (p == line || p[-1] == ' '))
      {
        number = p;
        break;
      }
  if (number == NULL)
    {
      set_fact (facts, "person.street", line);
      return;
    }
  street = g_strstrip (g_strndup (line, number - line));
  set_fact (facts, "person.street", street);
  set_fact (facts, "person.house_number", number);
  memset (street, 0, strlen (street));
}

/* "3011 AB  ROTTERDAM" → postcode "3011 AB", city "ROTTERDAM". */
static void
add_place (LoketFacts *facts,
           const char *line)
{
  g_autofree char *head = g_strndup (line, 7);
  g_autofree char *postcode = NULL;

  if (strlen (line) >= 7 && loket_validate_postcode (head, &postcode) == LOKET_VALIDITY_OK)
    {
      g_autofree char *city = g_strstrip (g_strdup (line + 7));

      set_fact (facts, "person.postcode", postcode);
      set_fact (facts, "person.city", city);
      memset (postcode, 0, strlen (postcode));
      memset (city, 0, strlen (city));
    }
  else
    set_fact (facts, "person.city", line);
  memset (head, 0, strlen (head));
}

/**
 * loket_facts_new_for_person:
 * @person: (nullable): what the BRP said about the signed-in citizen
 *
 * Returns: (transfer full): the facts a form can be prefilled with, each with source
 *   %LOKET_FACT_SOURCE_BRP; empty when nobody signed in. Unref it when the form is done: the
 *   values are zeroed then.
 */
LoketFacts *
loket_facts_new_for_person (LoketPerson *person)
{
  LoketFacts *facts = loket_facts_new ();
  const LoketDate *birth;
  const char * const *lines;

  g_return_val_if_fail (person == NULL || LOKET_IS_PERSON (person), facts);

  if (person == NULL)
    return facts;

  set_fact (facts, "person.bsn", loket_person_get_bsn (person));
  set_fact (facts, "person.name", loket_person_get_name (person));
  birth = loket_person_get_birth (person);
  if (birth != NULL && birth->kind == LOKET_DATE_FULL)
    {
      g_autofree char *date = g_strdup_printf ("%04u-%02u-%02u", birth->year, birth->month, birth->day);

      set_fact (facts, "person.birth_date", date);
    }
  lines = loket_person_get_address_lines (person);
  if (loket_person_get_address_kind (person) == LOKET_ADDRESS_DUTCH && lines != NULL)
    {
      if (lines[0] != NULL)
        add_street (facts, lines[0]);
      if (lines[0] != NULL && lines[1] != NULL)
        add_place (facts, lines[1]);
    }
  return facts;
}
