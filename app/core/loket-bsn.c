/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Burgerservicenummer check: nine digits that pass the elfproef
 * (9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible by 11), and not all zeros.
 */
#define G_LOG_DOMAIN "loket-bsn"

#include "loket-bsn.h"

#include <string.h>

gboolean
loket_bsn_is_valid (const char *bsn)
{
  int sum = 0;

  if (bsn == NULL)
    return FALSE;

  for (int i = 0; i < 9; i++)
    {
      int digit;

      if (!g_ascii_isdigit (bsn[i]))
        return FALSE;
      digit = bsn[i] - '0';
      sum += (i < 8) ? (9 - i) * digit : -digit;
    }

  if (bsn[9] != '\0')
    return FALSE;

  if (strncmp (bsn, "000000000", 9) == 0)
    return FALSE;

  return sum % 11 == 0;
}
