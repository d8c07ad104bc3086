/* SPDX-License-Identifier: EUPL-1.2 */
/* A Haal Centraal BRP answer (POST /personen): loket_brp_parse_personen() and the person model,
 * read back as the "What we already know" page reads it. */

#include "fuzz-common.h"
#include "loket-brp-client.h"
#include "loket-person.h"

static void
read_relative (const LoketRelative *relative)
{
  const LoketDate *dates[] = { &relative->birth, &relative->death, &relative->union_start,
                               &relative->union_end };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    g_free (loket_date_format (dates[i]));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GError) error = NULL;

  persons = loket_brp_parse_personen (body, &error);
  g_assert ((persons == NULL) == (error != NULL));
  for (guint i = 0; persons != NULL && i < persons->len; i++)
    {
      LoketPerson *person = g_ptr_array_index (persons, i);
      const char * const *lines = loket_person_get_address_lines (person);

      g_free (loket_date_format (loket_person_get_birth (person)));
      g_free (loket_date_format (loket_person_get_death (person)));
      loket_person_get_name (person);
      loket_person_get_municipality (person);
      for (guint j = 0; lines != NULL && lines[j] != NULL; j++)
        g_assert (g_utf8_validate (lines[j], -1, NULL));
      for (guint j = 0; j < loket_person_get_n_partners (person); j++)
        read_relative (loket_person_get_partner (person, j));
      for (guint j = 0; j < loket_person_get_n_children (person); j++)
        read_relative (loket_person_get_child (person, j));
      loket_person_clear (person);
    }
  return 0;
}
