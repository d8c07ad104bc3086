/* SPDX-License-Identifier: EUPL-1.2 */
#include <glib.h>

#include "loket-bsn.h"

static void
test_valid (void)
{
  /* RvIG test set and the recordings in shared/reference/ */
  const char *valid[] = {
    "999993653", "999970124", "999990421", "999990676", "999970136",
    "999970173", "999999709", "999993847", "111222333",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (loket_bsn_is_valid (valid[i]));
}

static void
test_invalid (void)
{
  const char *invalid[] = {
    "999993654",   /* last digit off */
    "123456789",   /* fails the elfproef */
    "000000000",   /* all zeros: passes the sum, still not a BSN */
    "99999365",    /* eight digits */
    "9999936530",  /* ten digits */
    "99999365a",
    "9999 93653",
    " 999993653",
    "999.99.3653",
    "",
    "-99993653",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (loket_bsn_is_valid (invalid[i]));
}

static void
test_null (void)
{
  g_assert_false (loket_bsn_is_valid (NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/loket/bsn/valid", test_valid);
  g_test_add_func ("/loket/bsn/invalid", test_invalid);
  g_test_add_func ("/loket/bsn/null", test_null);
  return g_test_run ();
}
