/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-validate"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "loket-bsn.h"
#include "loket-validate.h"

/*
 * Validation of Dutch answers, as pure functions: a string in, a #LoketValidity and the
 * normalised value out (design/reliability-security.md §6). The messages follow the GOV.UK error
 * message pattern: what is wrong and how to fix it, in the words of the question, never "invalid".
 * The caller keeps what the citizen typed; these functions never change it.
 */

/* IBAN lengths per country (ISO 13616 registry, SEPA countries and a few neighbours). */
static const struct
{
  const char *country;
  guint       length;
} iban_lengths[] = {
  { "AD", 24 }, { "AT", 20 }, { "BE", 16 }, { "BG", 22 }, { "CH", 21 }, { "CY", 28 },
  { "CZ", 24 }, { "DE", 22 }, { "DK", 18 }, { "EE", 20 }, { "ES", 24 }, { "FI", 18 },
  { "FR", 27 }, { "GB", 22 }, { "GI", 23 }, { "GR", 27 }, { "HR", 21 }, { "HU", 28 },
  { "IE", 22 }, { "IS", 26 }, { "IT", 27 }, { "LI", 21 }, { "LT", 20 }, { "LU", 20 },
  { "LV", 21 }, { "MC", 27 }, { "MT", 31 }, { "NL", 18 }, { "NO", 15 }, { "PL", 28 },
  { "PT", 25 }, { "RO", 24 }, { "SE", 24 }, { "SI", 19 }, { "SK", 24 }, { "SM", 27 },
  { "TR", 26 }, { "UA", 29 }, { "VA", 22 },
};

/* Drops spaces (and the dots and dashes people type in numbers); NULL when nothing is left. */
static char *
strip_separators (const char *input,
                  gboolean    also_punctuation)
{
  GString *out = g_string_new (NULL);

  for (const char *p = input; *p; p++)
    {
      if (g_ascii_isspace (*p))
        continue;
      if (also_punctuation && (*p == '.' || *p == '-'))
        continue;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

gboolean
loket_validate_is_empty (const char *input)
{
  if (input == NULL)
    return TRUE;
  for (const char *p = input; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static LoketValidity
finish (LoketValidity   validity,
        char           *value,
        char          **normalised)
{
  if (normalised != NULL)
    *normalised = validity == LOKET_VALIDITY_OK ? value : NULL;
  if (validity != LOKET_VALIDITY_OK || normalised == NULL)
    g_free (value);
  return validity;
}

/**
 * loket_validate_bsn:
 * @normalised: (out) (optional): the nine digits, when the answer is right
 *
 * A burgerservicenummer: nine digits (spaces, dots and dashes are allowed while typing) that pass
 * the 11-check, and not 000000000. An eight-digit number of old gets its leading zero.
 */
LoketValidity
loket_validate_bsn (const char  *input,
                    char       **normalised)
{
  g_autofree char *digits = NULL;
  gsize length;

  if (loket_validate_is_empty (input))
    return finish (LOKET_VALIDITY_EMPTY, NULL, normalised);

  digits = strip_separators (input, TRUE);
  for (const char *p = digits; *p; p++)
    if (!g_ascii_isdigit (*p))
      return finish (LOKET_VALIDITY_BSN_NOT_DIGITS, NULL, normalised);

  length = strlen (digits);
  if (length == 8)
    {
      char *padded = g_strconcat ("0", digits, NULL);

      g_free (digits);
      digits = padded;
      length = 9;
    }
  if (length != 9)
    return finish (LOKET_VALIDITY_BSN_LENGTH, NULL, normalised);
  if (strcmp (digits, "000000000") == 0)
    return finish (LOKET_VALIDITY_BSN_ZERO, NULL, normalised);
  if (!loket_bsn_is_valid (digits))
    return finish (LOKET_VALIDITY_BSN_CHECK, NULL, normalised);

  return finish (LOKET_VALIDITY_OK, g_steal_pointer (&digits), normalised);
}

/**
 * loket_validate_postcode:
 * @normalised: (out) (optional): "1234 AB"
 *
 * A Dutch postcode: four digits, the first not 0, then two letters, not SA, SD or SS. Case and
 * spaces do not matter.
 */
LoketValidity
loket_validate_postcode (const char  *input,
                         char       **normalised)
{
  g_autofree char *compact = NULL;
  char letters[3];

  if (loket_validate_is_empty (input))
    return finish (LOKET_VALIDITY_EMPTY, NULL, normalised);

  compact = strip_separators (input, FALSE);
  if (strlen (compact) != 6
      || compact[0] < '1' || compact[0] > '9'
      || !g_ascii_isdigit (compact[1]) || !g_ascii_isdigit (compact[2])
      || !g_ascii_isdigit (compact[3])
      || !g_ascii_isalpha (compact[4]) || !g_ascii_isalpha (compact[5]))
    return finish (LOKET_VALIDITY_POSTCODE_FORMAT, NULL, normalised);

  letters[0] = g_ascii_toupper (compact[4]);
  letters[1] = g_ascii_toupper (compact[5]);
  letters[2] = '\0';
  if (strcmp (letters, "SA") == 0 || strcmp (letters, "SD") == 0 || strcmp (letters, "SS") == 0)
    return finish (LOKET_VALIDITY_POSTCODE_LETTERS, NULL, normalised);

  return finish (LOKET_VALIDITY_OK, g_strdup_printf ("%.4s %s", compact, letters), normalised);
}

static guint
iban_length_for (const char *country)
{
  for (guint i = 0; i < G_N_ELEMENTS (iban_lengths); i++)
    if (strncmp (iban_lengths[i].country, country, 2) == 0)
      return iban_lengths[i].length;
  return 0;
}

/* ISO 13616: the first four characters moved to the end, letters as 10…35, mod 97 must be 1. */
static gboolean
iban_checksum_ok (const char *iban)
{
  gsize length = strlen (iban);
  guint remainder = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = iban[(i + 4) % length];

      if (g_ascii_isdigit (c))
        remainder = (remainder * 10 + (guint) (c - '0')) % 97;
      else
        remainder = (remainder * 100 + (guint) (c - 'A' + 10)) % 97;
    }
  return remainder == 1;
}

/**
 * loket_validate_iban:
 * @normalised: (out) (optional): upper case, no spaces
 *
 * An IBAN: country code, two check digits, the account; the length of its country; mod-97 = 1.
 * A Dutch IBAN also has a four-letter bank code and ten digits.
 */
LoketValidity
loket_validate_iban (const char  *input,
                     char       **normalised)
{
  g_autofree char *iban = NULL;
  gsize length;
  guint expected;

  if (loket_validate_is_empty (input))
    return finish (LOKET_VALIDITY_EMPTY, NULL, normalised);

  {
    g_autofree char *upper = g_ascii_strup (input, -1);

    iban = strip_separators (upper, FALSE);
  }
  length = strlen (iban);
  if (length < 5 || !g_ascii_isalpha (iban[0]) || !g_ascii_isalpha (iban[1])
      || !g_ascii_isdigit (iban[2]) || !g_ascii_isdigit (iban[3]))
    return finish (LOKET_VALIDITY_IBAN_FORMAT, NULL, normalised);
  for (gsize i = 4; i < length; i++)
    if (!g_ascii_isalnum (iban[i]))
      return finish (LOKET_VALIDITY_IBAN_FORMAT, NULL, normalised);

  expected = iban_length_for (iban);
  if (expected == 0)
    return finish (LOKET_VALIDITY_IBAN_COUNTRY, NULL, normalised);
  if (length != expected)
    return finish (LOKET_VALIDITY_IBAN_LENGTH, NULL, normalised);
  if (strncmp (iban, "NL", 2) == 0)
    {
      for (gsize i = 4; i < 8; i++)
        if (!g_ascii_isalpha (iban[i]))
          return finish (LOKET_VALIDITY_IBAN_FORMAT, NULL, normalised);
      for (gsize i = 8; i < 18; i++)
        if (!g_ascii_isdigit (iban[i]))
          return finish (LOKET_VALIDITY_IBAN_FORMAT, NULL, normalised);
    }
  if (!iban_checksum_ok (iban))
    return finish (LOKET_VALIDITY_IBAN_CHECK, NULL, normalised);

  return finish (LOKET_VALIDITY_OK, g_steal_pointer (&iban), normalised);
}

/* Reads up to @max digits; FALSE if there are none or too many. */
static gboolean
read_number (const char **p,
             guint        max,
             guint       *out)
{
  guint n = 0, value = 0;

  while (g_ascii_isdigit (**p))
    {
      if (++n > max)
        return FALSE;
      value = value * 10 + (guint) (**p - '0');
      (*p)++;
    }
  *out = value;
  return n > 0;
}

static gboolean
is_date_separator (char c)
{
  return c == '-' || c == '/' || c == '.' || c == ' ';
}

/**
 * loket_validate_date:
 * @earliest: (nullable): the first date allowed
 * @latest: (nullable): the last date allowed
 * @normalised: (out) (optional): "YYYY-MM-DD"
 *
 * A date as people in the Netherlands write it, day-month-year ("27-3-2026", "27/03/2026",
 * "27.3.2026"), or as "2026-03-27". It must exist (no 30 February; 29 February in leap years
 * only) and lie between @earliest and @latest. The caller injects "today" through those bounds,
 * so tests decide what today is.
 */
LoketValidity
loket_validate_date (const char   *input,
                     const GDate  *earliest,
                     const GDate  *latest,
                     char        **normalised)
{
  g_autofree char *text = NULL;
  const char *p;
  guint a, b, c, day, month, year;
  GDate date;

  if (loket_validate_is_empty (input))
    return finish (LOKET_VALIDITY_EMPTY, NULL, normalised);

  text = g_strstrip (g_strdup (input));
  p = text;
  if (!read_number (&p, 4, &a) || !is_date_separator (*p++)
      || !read_number (&p, 2, &b) || !is_date_separator (*p++)
      || !read_number (&p, 4, &c) || *p != '\0')
    return finish (LOKET_VALIDITY_DATE_FORMAT, NULL, normalised);

  if (a >= 1000)
    {
      year = a;
      month = b;
      day = c;
    }
  else
    {
      day = a;
      month = b;
      year = c;
    }
  if (year < 1000)
    return finish (LOKET_VALIDITY_DATE_FORMAT, NULL, normalised);
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return finish (LOKET_VALIDITY_DATE_NOT_REAL, NULL, normalised);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  if (earliest != NULL && g_date_compare (&date, earliest) < 0)
    return finish (LOKET_VALIDITY_DATE_TOO_EARLY, NULL, normalised);
  if (latest != NULL && g_date_compare (&date, latest) > 0)
    return finish (LOKET_VALIDITY_DATE_TOO_LATE, NULL, normalised);

  return finish (LOKET_VALIDITY_OK, g_strdup_printf ("%04u-%02u-%02u", year, month, day), normalised);
}

/**
 * loket_validate_text:
 * @max_length: the most characters allowed; 0 for #LOKET_VALIDATE_MAX_TEXT
 * @normalised: (out) (optional): without surrounding white space
 */
LoketValidity
loket_validate_text (const char  *input,
                     guint        max_length,
                     char       **normalised)
{
  g_autofree char *text = NULL;

  if (loket_validate_is_empty (input))
    return finish (LOKET_VALIDITY_EMPTY, NULL, normalised);
  if (!g_utf8_validate (input, -1, NULL))
    return finish (LOKET_VALIDITY_TOO_LONG, NULL, normalised);

  text = g_strstrip (g_strdup (input));
  if (g_utf8_strlen (text, -1) > (glong) (max_length ? max_length : LOKET_VALIDATE_MAX_TEXT))
    return finish (LOKET_VALIDITY_TOO_LONG, NULL, normalised);

  return finish (LOKET_VALIDITY_OK, g_steal_pointer (&text), normalised);
}

/**
 * loket_validate_number:
 * @normalised: (out) (optional): the number in plain digits
 *
 * A whole number between @minimum and @maximum; spaces and thousands dots are allowed.
 */
LoketValidity
loket_validate_number (const char  *input,
                       gint64       minimum,
                       gint64       maximum,
                       char       **normalised)
{
  g_autofree char *digits = NULL;
  gint64 value;
  char *end = NULL;

  if (loket_validate_is_empty (input))
    return finish (LOKET_VALIDITY_EMPTY, NULL, normalised);

  digits = strip_separators (input, FALSE);
  for (char *s = digits, *d = digits;; s++)
    {
      if (*s != '.')
        *d++ = *s;
      if (*s == '\0')
        break;
    }
  if (*digits == '\0' || strlen (digits) > 15)
    return finish (LOKET_VALIDITY_NUMBER_FORMAT, NULL, normalised);
  for (const char *p = digits + (*digits == '-' ? 1 : 0); *p; p++)
    if (!g_ascii_isdigit (*p))
      return finish (LOKET_VALIDITY_NUMBER_FORMAT, NULL, normalised);

  value = g_ascii_strtoll (digits, &end, 10);
  if (end == digits || *end != '\0')
    return finish (LOKET_VALIDITY_NUMBER_FORMAT, NULL, normalised);
  if (value < minimum || value > maximum)
    return finish (LOKET_VALIDITY_NUMBER_RANGE, NULL, normalised);

  return finish (LOKET_VALIDITY_OK, g_strdup_printf ("%" G_GINT64_FORMAT, value), normalised);
}

/* "Datum van verhuizing" → "datum van verhuizing", but "BSN" and "IBAN" stay as they are. */
static char *
label_in_sentence (const char *label)
{
  gunichar first, second;
  const char *rest;
  char buffer[8];
  gint n;

  if (label == NULL || *label == '\0')
    return g_strdup ("");

  first = g_utf8_get_char (label);
  rest = g_utf8_next_char (label);
  second = *rest ? g_utf8_get_char (rest) : 0;
  if (!g_unichar_isupper (first) || (second != 0 && !g_unichar_islower (second)))
    return g_strdup (label);

  n = g_unichar_to_utf8 (g_unichar_tolower (first), buffer);
  buffer[n] = '\0';
  return g_strconcat (buffer, rest, NULL);
}

static char *
format_date (const GDate *date)
{
  char buffer[32];

  if (date == NULL || !g_date_valid (date))
    return g_strdup ("");
  /* Translators: how a date is written in an error message, for example 27-3-2026; see strftime */
  g_date_strftime (buffer, sizeof buffer, C_("date format", "%-d-%-m-%Y"), date);
  return g_strdup (buffer);
}

/**
 * loket_validity_message:
 * @label: the question's label, as the form shows it
 * @earliest: (nullable): the first date allowed, for the date messages
 * @latest: (nullable): the last date allowed, for the date messages
 *
 * The message for one problem, in the current language: what is wrong and how to put it right.
 *
 * Returns: (transfer full) (nullable): the message, %NULL for #LOKET_VALIDITY_OK
 */
char *
loket_validity_message (LoketValidity  validity,
                        const char    *label,
                        const GDate   *earliest,
                        const GDate   *latest)
{
  g_autofree char *in_sentence = label_in_sentence (label);
  g_autofree char *first = format_date (earliest);
  g_autofree char *last = format_date (latest);

  g_return_val_if_fail (validity < LOKET_N_VALIDITIES, NULL);

  switch (validity)
    {
    case LOKET_VALIDITY_OK:
      return NULL;
    case LOKET_VALIDITY_EMPTY:
      if (label != NULL && g_str_has_suffix (label, "?"))
        /* Translators: an empty required field; %s is the question, like “How many children live with you?” */
        return g_strdup_printf (_("Answer the question: %s"), label);
      /* Translators: an empty required field; %s is the field's label, for example "your new postcode" */
      return g_strdup_printf (_("Enter %s."), in_sentence);
    case LOKET_VALIDITY_TOO_LONG:
      /* Translators: %s is the field's label */
      return g_strdup_printf (_("%s must be %d characters or fewer."), label, LOKET_VALIDATE_MAX_TEXT);
    case LOKET_VALIDITY_BSN_NOT_DIGITS:
      return g_strdup (_("A citizen service number (BSN) has only digits. Leave out letters and other signs."));
    case LOKET_VALIDITY_BSN_LENGTH:
      return g_strdup (_("A citizen service number (BSN) has 9 digits. Check that you typed all of them."));
    case LOKET_VALIDITY_BSN_ZERO:
      return g_strdup (_("000000000 is not a citizen service number. Enter the number on your passport or identity card."));
    case LOKET_VALIDITY_BSN_CHECK:
      return g_strdup (_("This citizen service number does not exist. Check that you typed every digit correctly."));
    case LOKET_VALIDITY_POSTCODE_FORMAT:
      return g_strdup (_("Enter the postcode as 4 digits and 2 letters, like 1234 AB."));
    case LOKET_VALIDITY_POSTCODE_LETTERS:
      return g_strdup (_("No postcode ends in SA, SD or SS. Check the letters of the postcode."));
    case LOKET_VALIDITY_IBAN_FORMAT:
      return g_strdup (_("Enter the IBAN as it is on your bank card, like NL91 ABNA 0417 1643 00."));
    case LOKET_VALIDITY_IBAN_COUNTRY:
      return g_strdup (_("An IBAN starts with the code of a country, like NL. Check the first 2 letters."));
    case LOKET_VALIDITY_IBAN_LENGTH:
      return g_strdup (_("This IBAN is too short or too long. A Dutch IBAN has 18 characters."));
    case LOKET_VALIDITY_IBAN_CHECK:
      return g_strdup (_("This IBAN does not exist. Check that you typed every character correctly."));
    case LOKET_VALIDITY_DATE_FORMAT:
      /* Translators: %s is the field's label */
      return g_strdup_printf (_("Enter %s as day, month and year, like 27-3-2026."), in_sentence);
    case LOKET_VALIDITY_DATE_NOT_REAL:
      /* Translators: %s is the field's label */
      return g_strdup_printf (_("%s must be a real date. Check the day and the month."), label);
    case LOKET_VALIDITY_DATE_IN_FUTURE:
      /* Translators: %s is the field's label */
      return g_strdup_printf (_("%s must be today or in the past."), label);
    case LOKET_VALIDITY_DATE_TOO_EARLY:
      /* Translators: the first %s is the field's label, the second the earliest date allowed */
      return g_strdup_printf (_("%s must be on or after %s."), label, first);
    case LOKET_VALIDITY_DATE_TOO_LATE:
      /* Translators: the first %s is the field's label, the second the latest date allowed */
      return g_strdup_printf (_("%s must be on or before %s."), label, last);
    case LOKET_VALIDITY_NUMBER_FORMAT:
      /* Translators: %s is the field's label */
      return g_strdup_printf (_("Enter %s in digits, like 12."), in_sentence);
    case LOKET_VALIDITY_NUMBER_RANGE:
      /* Translators: %s is the field's label */
      return g_strdup_printf (_("%s is higher or lower than this form takes. Check the number."), label);
    case LOKET_VALIDITY_CHOICE:
      if (label != NULL && g_str_has_suffix (label, "?"))
        /* Translators: nothing chosen; %s is the question, like “Do you rent your home?” */
        return g_strdup_printf (_("Choose an answer to the question: %s"), label);
      /* Translators: nothing chosen; %s is the field's label */
      return g_strdup_printf (_("Choose %s."), in_sentence);
    case LOKET_N_VALIDITIES:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}
