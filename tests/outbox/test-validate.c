/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "loket-i18n.h"
#include "loket-test-utils.h"
#include "loket-validate.h"

typedef struct
{
  const char    *input;
  LoketValidity  expected;
  const char    *normalised;
} Case;

static void
run_cases (const Case *cases,
           gsize       n,
           LoketValidity (*validate) (const char *, char **))
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *normalised = NULL;
      LoketValidity validity = validate (cases[i].input, &normalised);

      g_test_message ("input “%s”", cases[i].input ? cases[i].input : "(null)");
      g_assert_cmpint (validity, ==, cases[i].expected);
      g_assert_cmpstr (normalised, ==, cases[i].normalised);
    }
}

static void
test_bsn (void)
{
  static const Case cases[] = {
    { "999993653", LOKET_VALIDITY_OK, "999993653" },
    { "123456782", LOKET_VALIDITY_OK, "123456782" },
    { "249566758", LOKET_VALIDITY_OK, "249566758" },
    { " 9999.93.653 ", LOKET_VALIDITY_OK, "999993653" },
    { "9999-93-653", LOKET_VALIDITY_OK, "999993653" },
    { "12345672", LOKET_VALIDITY_OK, "012345672" },   /* eight digits of old get a leading 0 */
    { "123456789", LOKET_VALIDITY_BSN_CHECK, NULL },
    { "999993654", LOKET_VALIDITY_BSN_CHECK, NULL },
    { "000000000", LOKET_VALIDITY_BSN_ZERO, NULL },
    { "00000000", LOKET_VALIDITY_BSN_ZERO, NULL },
    { "99999365a", LOKET_VALIDITY_BSN_NOT_DIGITS, NULL },
    { "1234567", LOKET_VALIDITY_BSN_LENGTH, NULL },
    { "9999936530", LOKET_VALIDITY_BSN_LENGTH, NULL },
    { "", LOKET_VALIDITY_EMPTY, NULL },
    { "   ", LOKET_VALIDITY_EMPTY, NULL },
    { NULL, LOKET_VALIDITY_EMPTY, NULL },
  };

  run_cases (cases, G_N_ELEMENTS (cases), loket_validate_bsn);
}

/* Every single-digit substitution and adjacent transposition of valid numbers is caught. */
static void
test_bsn_mutations (void)
{
  static const char *seeds[] = { "999993653", "123456782", "249566758", "999970124", "111222333" };

  for (gsize s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      for (int i = 0; i < 9; i++)
        {
          char copy[10];

          for (char d = '0'; d <= '9'; d++)
            {
              memcpy (copy, seeds[s], 10);
              if (copy[i] == d)
                continue;
              copy[i] = d;
              g_assert_cmpint (loket_validate_bsn (copy, NULL), !=, LOKET_VALIDITY_OK);
            }
          if (i < 8 && seeds[s][i] != seeds[s][i + 1])
            {
              memcpy (copy, seeds[s], 10);
              copy[i] = seeds[s][i + 1];
              copy[i + 1] = seeds[s][i];
              g_assert_cmpint (loket_validate_bsn (copy, NULL), !=, LOKET_VALIDITY_OK);
            }
        }
    }
}

static void
test_postcode (void)
{
  static const Case cases[] = {
    { "1234 AB", LOKET_VALIDITY_OK, "1234 AB" },
    { "1234ab", LOKET_VALIDITY_OK, "1234 AB" },
    { " 9999  zz ", LOKET_VALIDITY_OK, "9999 ZZ" },
    { "1000 AA", LOKET_VALIDITY_OK, "1000 AA" },
    { "0123 AB", LOKET_VALIDITY_POSTCODE_FORMAT, NULL },
    { "123 AB", LOKET_VALIDITY_POSTCODE_FORMAT, NULL },
    { "12345 AB", LOKET_VALIDITY_POSTCODE_FORMAT, NULL },
    { "1234 A", LOKET_VALIDITY_POSTCODE_FORMAT, NULL },
    { "1234 A1", LOKET_VALIDITY_POSTCODE_FORMAT, NULL },
    { "AB 1234", LOKET_VALIDITY_POSTCODE_FORMAT, NULL },
    { "1234-AB", LOKET_VALIDITY_POSTCODE_FORMAT, NULL },
    { "1234 SA", LOKET_VALIDITY_POSTCODE_LETTERS, NULL },
    { "1234 sd", LOKET_VALIDITY_POSTCODE_LETTERS, NULL },
    { "1234SS", LOKET_VALIDITY_POSTCODE_LETTERS, NULL },
    { "", LOKET_VALIDITY_EMPTY, NULL },
  };

  run_cases (cases, G_N_ELEMENTS (cases), loket_validate_postcode);
}

/* All 26² letter pairs: exactly SA, SD and SS are refused. */
static void
test_postcode_letters (void)
{
  guint refused = 0;

  for (char a = 'A'; a <= 'Z'; a++)
    for (char b = 'A'; b <= 'Z'; b++)
      {
        g_autofree char *code = g_strdup_printf ("5611 %c%c", a, b);

        if (loket_validate_postcode (code, NULL) != LOKET_VALIDITY_OK)
          {
            g_assert_true (a == 'S' && (b == 'A' || b == 'D' || b == 'S'));
            refused++;
          }
      }
  g_assert_cmpuint (refused, ==, 3);
}

static void
test_iban (void)
{
  static const Case cases[] = {
    { "NL91ABNA0417164300", LOKET_VALIDITY_OK, "NL91ABNA0417164300" },
    { "nl91 abna 0417 1643 00", LOKET_VALIDITY_OK, "NL91ABNA0417164300" },
    { "GB82WEST12345698765432", LOKET_VALIDITY_OK, "GB82WEST12345698765432" },
    { "DE89 3704 0044 0532 0130 00", LOKET_VALIDITY_OK, "DE89370400440532013000" },
    { "BE68539007547034", LOKET_VALIDITY_OK, "BE68539007547034" },
    { "NL91ABNA0417164301", LOKET_VALIDITY_IBAN_CHECK, NULL },
    { "NL19ABNA0417164300", LOKET_VALIDITY_IBAN_CHECK, NULL },
    { "NL91ABNA041716430", LOKET_VALIDITY_IBAN_LENGTH, NULL },
    { "DE8937040044053201300", LOKET_VALIDITY_IBAN_LENGTH, NULL },
    { "NL9112340417164300", LOKET_VALIDITY_IBAN_FORMAT, NULL },
    { "XX91ABNA0417164300", LOKET_VALIDITY_IBAN_COUNTRY, NULL },
    { "9191ABNA0417164300", LOKET_VALIDITY_IBAN_FORMAT, NULL },
    { "NL91-ABNA", LOKET_VALIDITY_IBAN_FORMAT, NULL },
    { "", LOKET_VALIDITY_EMPTY, NULL },
  };

  run_cases (cases, G_N_ELEMENTS (cases), loket_validate_iban);
}

static LoketValidity
validate_date_open (const char *input,
                    char      **normalised)
{
  return loket_validate_date (input, NULL, NULL, normalised);
}

static void
test_date (void)
{
  static const Case cases[] = {
    { "27-3-2026", LOKET_VALIDITY_OK, "2026-03-27" },
    { "27/03/2026", LOKET_VALIDITY_OK, "2026-03-27" },
    { "27.3.2026", LOKET_VALIDITY_OK, "2026-03-27" },
    { "2026-03-27", LOKET_VALIDITY_OK, "2026-03-27" },
    { " 1-1-2000 ", LOKET_VALIDITY_OK, "2000-01-01" },
    { "29-2-2024", LOKET_VALIDITY_OK, "2024-02-29" },
    { "29-2-2025", LOKET_VALIDITY_DATE_NOT_REAL, NULL },
    { "29-2-1900", LOKET_VALIDITY_DATE_NOT_REAL, NULL },
    { "29-2-2000", LOKET_VALIDITY_OK, "2000-02-29" },
    { "31-4-2026", LOKET_VALIDITY_DATE_NOT_REAL, NULL },
    { "0-1-2026", LOKET_VALIDITY_DATE_NOT_REAL, NULL },
    { "1-13-2026", LOKET_VALIDITY_DATE_NOT_REAL, NULL },
    { "1-1-26", LOKET_VALIDITY_DATE_FORMAT, NULL },
    { "1 januari 2026", LOKET_VALIDITY_DATE_FORMAT, NULL },
    { "27-3", LOKET_VALIDITY_DATE_FORMAT, NULL },
    { "27-3-2026-1", LOKET_VALIDITY_DATE_FORMAT, NULL },
    { "", LOKET_VALIDITY_EMPTY, NULL },
  };

  run_cases (cases, G_N_ELEMENTS (cases), validate_date_open);
}

static void
test_date_bounds (void)
{
  GDate *earliest = g_date_new_dmy (25, G_DATE_FEBRUARY, 2026);
  GDate *latest = g_date_new_dmy (2, G_DATE_APRIL, 2026);

  g_assert_cmpint (loket_validate_date ("25-2-2026", earliest, latest, NULL), ==, LOKET_VALIDITY_OK);
  g_assert_cmpint (loket_validate_date ("2-4-2026", earliest, latest, NULL), ==, LOKET_VALIDITY_OK);
  g_assert_cmpint (loket_validate_date ("24-2-2026", earliest, latest, NULL), ==, LOKET_VALIDITY_DATE_TOO_EARLY);
  g_assert_cmpint (loket_validate_date ("3-4-2026", earliest, latest, NULL), ==, LOKET_VALIDITY_DATE_TOO_LATE);
  g_date_free (earliest);
  g_date_free (latest);
}

static LoketValidity
validate_number_small (const char *input,
                       char      **normalised)
{
  return loket_validate_number (input, 1, 20, normalised);
}

static void
test_number (void)
{
  static const Case cases[] = {
    { "3", LOKET_VALIDITY_OK, "3" },
    { " 20 ", LOKET_VALIDITY_OK, "20" },
    { "21", LOKET_VALIDITY_NUMBER_RANGE, NULL },
    { "0", LOKET_VALIDITY_NUMBER_RANGE, NULL },
    { "-1", LOKET_VALIDITY_NUMBER_RANGE, NULL },
    { "drie", LOKET_VALIDITY_NUMBER_FORMAT, NULL },
    { "1,5", LOKET_VALIDITY_NUMBER_FORMAT, NULL },
    { "", LOKET_VALIDITY_EMPTY, NULL },
  };

  run_cases (cases, G_N_ELEMENTS (cases), validate_number_small);
  g_assert_cmpint (loket_validate_number ("1.250", 0, 100000, NULL), ==, LOKET_VALIDITY_OK);
}

static void
test_text (void)
{
  g_autofree char *long_text = g_strnfill (LOKET_VALIDATE_MAX_TEXT + 1, 'x');
  g_autofree char *normalised = NULL;

  g_assert_cmpint (loket_validate_text ("  Spui  ", 0, &normalised), ==, LOKET_VALIDITY_OK);
  g_assert_cmpstr (normalised, ==, "Spui");
  g_assert_cmpint (loket_validate_text (long_text, 0, NULL), ==, LOKET_VALIDITY_TOO_LONG);
  g_assert_cmpint (loket_validate_text ("12345", 4, NULL), ==, LOKET_VALIDITY_TOO_LONG);
  g_assert_cmpint (loket_validate_text ("\t", 0, NULL), ==, LOKET_VALIDITY_EMPTY);
}

/* One message per rule, each specific, none with the words GOV.UK and the design forbid. */
static void
test_messages (void)
{
  static const char *deny[] = { "invalid", "valid ", "error", "oops", "sorry", "please", "forbidden",
                                "illegal", "forgot" };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GDate *earliest = g_date_new_dmy (25, G_DATE_FEBRUARY, 2026);
  GDate *latest = g_date_new_dmy (2, G_DATE_APRIL, 2026);

  g_assert_null (loket_validity_message (LOKET_VALIDITY_OK, "Postcode", NULL, NULL));
  for (LoketValidity v = LOKET_VALIDITY_OK + 1; v < LOKET_N_VALIDITIES; v++)
    {
      char *message = loket_validity_message (v, "Date of your move", earliest, latest);
      g_autofree char *lower = g_ascii_strdown (message, -1);

      g_test_message ("%d: %s", v, message);
      g_assert_nonnull (message);
      g_assert_cmpuint (strlen (message), >, 10);
      g_assert_true (g_str_has_suffix (message, "."));
      for (gsize i = 0; i < G_N_ELEMENTS (deny); i++)
        g_assert_null (strstr (lower, deny[i]));
      g_assert_false (g_hash_table_contains (seen, message));
      g_hash_table_add (seen, message);
    }

  loket_i18n_set_language (LOKET_LANGUAGE_EN);
  {
    g_autofree char *empty = loket_validity_message (LOKET_VALIDITY_EMPTY, "Postcode of your new address",
                                                     NULL, NULL);
    g_autofree char *bsn = loket_validity_message (LOKET_VALIDITY_EMPTY, "BSN of the other parent",
                                                   NULL, NULL);
    g_autofree char *late = loket_validity_message (LOKET_VALIDITY_DATE_TOO_LATE, "Date of your move",
                                                    earliest, latest);

    g_assert_cmpstr (empty, ==, "Enter postcode of your new address.");
    g_assert_cmpstr (bsn, ==, "Enter BSN of the other parent.");
    g_assert_cmpstr (late, ==, "Date of your move must be on or before 2-4-2026.");
  }
  {
    /* a label that is a question is quoted whole, not bent into a sentence */
    g_autofree char *choice = loket_validity_message (LOKET_VALIDITY_CHOICE, "Do you rent your home?",
                                                      NULL, NULL);
    g_autofree char *empty = loket_validity_message (LOKET_VALIDITY_EMPTY, "How many children live with you?",
                                                     NULL, NULL);

    g_assert_cmpstr (choice, ==, "Choose an answer to the question: Do you rent your home?");
    g_assert_cmpstr (empty, ==, "Answer the question: How many children live with you?");
  }
  loket_i18n_set_language (LOKET_LANGUAGE_NL);
  {
    g_autofree char *empty = loket_validity_message (LOKET_VALIDITY_EMPTY, "postcode van uw nieuwe adres",
                                                     NULL, NULL);

    g_assert_cmpstr (empty, ==, "Vul postcode van uw nieuwe adres in.");
  }
  g_date_free (earliest);
  g_date_free (latest);
}

int
main (int   argc,
      char *argv[])
{
  loket_test_init (&argc, &argv);

  g_test_add_func ("/loket/validate/bsn", test_bsn);
  g_test_add_func ("/loket/validate/bsn-mutations", test_bsn_mutations);
  g_test_add_func ("/loket/validate/postcode", test_postcode);
  g_test_add_func ("/loket/validate/postcode-letters", test_postcode_letters);
  g_test_add_func ("/loket/validate/iban", test_iban);
  g_test_add_func ("/loket/validate/date", test_date);
  g_test_add_func ("/loket/validate/date-bounds", test_date_bounds);
  g_test_add_func ("/loket/validate/number", test_number);
  g_test_add_func ("/loket/validate/text", test_text);
  g_test_add_func ("/loket/validate/messages", test_messages);

  return g_test_run ();
}
