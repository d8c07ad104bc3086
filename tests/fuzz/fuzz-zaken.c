/* SPDX-License-Identifier: EUPL-1.2 */
/* "My cases": a page of the ZGW Zaken API's case list, a status and a status type, each through
 * its decoder in loket-zaken-client.c (which parses with loket_http_parse_json()). */

#include "fuzz-common.h"
#include "loket-zaken-client.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) statuses = NULL;
  g_autofree char *type_url = NULL;
  LoketCaseState state = LOKET_CASE_UNKNOWN;
  gboolean ok;

  cases = loket_zaken_parse_cases (body, &statuses, &error);
  g_assert ((cases == NULL) == (error != NULL));
  g_assert ((cases == NULL) == (statuses == NULL));
  for (guint i = 0; cases != NULL && i < cases->len; i++)
    {
      LoketCase *item = cases->pdata[i];

      g_assert (item->identificatie != NULL && item->omschrijving != NULL);
      g_assert (statuses->pdata[i] != NULL);
      g_assert (loket_case_state_describe (item->state) != NULL);
    }
  g_clear_error (&error);

  type_url = loket_zaken_parse_status (body, &error);
  g_assert ((type_url == NULL) == (error != NULL));
  g_clear_error (&error);

  ok = loket_zaken_parse_status_type (body, &state, &error);
  g_assert (ok == (error == NULL));
  g_assert (!ok || state == LOKET_CASE_RECEIVED || state == LOKET_CASE_IN_PROGRESS
            || state == LOKET_CASE_DONE);
  return 0;
}
