/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test-deadlines"

#include "config.h"

#include <string.h>

#include "loket-catalog.h"
#include "loket-deadlines.h"
#include "loket-test-utils.h"

/*
 * Personal deadlines (issue 6): public holidays, working days, the moving, birth and death terms
 * across weekends, holidays and month ends, the AOW date from the date of birth, and dates
 * written in every language.
 */

static GDate
ymd (guint year,
     guint month,
     guint day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return date;
}

static void
assert_date (const GDate *date,
             guint        year,
             guint        month,
             guint        day)
{
  char have[16], want[16];
  GDate expected = ymd (year, month, day);

  g_date_strftime (have, sizeof have, "%Y-%m-%d", date);
  g_date_strftime (want, sizeof want, "%Y-%m-%d", &expected);
  g_assert_cmpstr (have, ==, want);
}

static LoketDeadline *
find (GPtrArray  *deadlines,
      const char *id)
{
  for (guint i = 0; i < deadlines->len; i++)
    if (g_str_equal (((LoketDeadline *) deadlines->pdata[i])->id, id))
      return deadlines->pdata[i];
  g_error ("no deadline %s", id);
  return NULL;
}

static void
test_holidays (void)
{
  struct { guint y, m, d; gboolean holiday; } days[] = {
    { 2026, 1, 1, TRUE },    /* New Year's Day */
    { 2026, 4, 5, FALSE },   /* Easter Sunday: a Sunday, not on the list */
    { 2026, 4, 6, TRUE },    /* Easter Monday */
    { 2026, 4, 3, FALSE },   /* Good Friday is not a public holiday in the Algemene termijnenwet */
    { 2026, 4, 27, TRUE },   /* King's Day, a Monday */
    { 2025, 4, 26, TRUE },   /* 27 April 2025 is a Sunday: King's Day moves to the 26th */
    { 2025, 4, 27, FALSE },
    { 2026, 5, 5, TRUE },    /* Liberation Day */
    { 2026, 5, 14, TRUE },   /* Ascension Day: Easter + 39 */
    { 2026, 5, 25, TRUE },   /* Whit Monday: Easter + 50 */
    { 2026, 12, 25, TRUE },
    { 2026, 12, 26, TRUE },
    { 2026, 12, 24, FALSE },
    { 2027, 3, 29, TRUE },   /* Easter Monday 2027 */
    { 2024, 4, 1, TRUE },    /* Easter Monday 2024 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      GDate date = ymd (days[i].y, days[i].m, days[i].d);

      if (loket_date_is_public_holiday (&date) != days[i].holiday)
        g_error ("%u-%u-%u: holiday should be %d", days[i].y, days[i].m, days[i].d, days[i].holiday);
    }

  /* Easter Sundays known from the calendar */
  {
    struct { guint y, m, d; } easter[] = { { 2024, 3, 31 }, { 2025, 4, 20 }, { 2026, 4, 5 },
                                           { 2027, 3, 28 }, { 2038, 4, 25 }, { 2000, 4, 23 } };

    for (guint i = 0; i < G_N_ELEMENTS (easter); i++)
      {
        GDate date;

        loket_date_get_easter (easter[i].y, &date);
        assert_date (&date, easter[i].y, easter[i].m, easter[i].d);
      }
  }
}

static void
test_working_days (void)
{
  GDate date = ymd (2026, 11, 27); /* a Friday */

  g_assert_true (loket_date_is_working_day (&date));
  loket_date_add_working_days (&date, 1);
  assert_date (&date, 2026, 11, 30); /* Monday */

  date = ymd (2026, 12, 24); /* Thursday; 25 and 26 are holidays, then a weekend */
  loket_date_add_working_days (&date, 1);
  assert_date (&date, 2026, 12, 28);

  date = ymd (2026, 12, 26); /* Saturday and Boxing Day */
  loket_date_extend_to_working_day (&date);
  assert_date (&date, 2026, 12, 28);
}

static void
test_moving (void)
{
  struct { guint y, m, d; guint fy, fm, fd; guint uy, um, ud; } moves[] = {
    /* Wednesday move: 5 days later is a Monday */
    { 2026, 3, 4,   2026, 2, 4,   2026, 3, 9 },
    /* Monday 2 March: + 5 = Saturday 7 March → Monday 9 March */
    { 2026, 3, 2,   2026, 2, 2,   2026, 3, 9 },
    /* across a month end and a year end: 29 Dec + 5 = Sat 3 Jan 2026 → Mon 5 Jan */
    { 2025, 12, 29, 2025, 12, 1,  2026, 1, 5 },
    /* 28 days back across February in a leap year */
    { 2024, 3, 10,  2024, 2, 11,  2024, 3, 15 },
    /* + 5 lands on Liberation Day (Tue 5 May 2026) → Wednesday 6 May */
    { 2026, 4, 30,  2026, 4, 2,   2026, 5, 6 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      GDate move = ymd (moves[i].y, moves[i].m, moves[i].d);
      g_autoptr(GPtrArray) deadlines = loket_deadlines_for_event ("moving", &move, LOKET_LANGUAGE_EN);
      LoketDeadline *report = find (deadlines, "report-move");

      g_assert_cmpint (report->kind, ==, LOKET_DEADLINE_WINDOW);
      assert_date (&report->from, moves[i].fy, moves[i].fm, moves[i].fd);
      assert_date (&report->until, moves[i].uy, moves[i].um, moves[i].ud);
    }
}

static void
test_birth (void)
{
  struct { guint y, m, d; guint uy, um, ud; } births[] = {
    { 2026, 3, 2,   2026, 3, 5 },   /* Monday → Thursday */
    { 2026, 3, 5,   2026, 3, 9 },   /* Thursday → Sunday 8th → Monday 9th */
    { 2026, 3, 4,   2026, 3, 9 },   /* Wednesday → Saturday 7th → Monday 9th */
    { 2026, 1, 30,  2026, 2, 2 },   /* across a month end: Fri → Mon 2 Feb */
    { 2026, 12, 23, 2026, 12, 28 }, /* → Sat 26 Dec (Boxing Day) → Mon 28 Dec */
    { 2026, 12, 30, 2027, 1, 4 },   /* → Sat 2 Jan 2027 → Mon 4 Jan (year end) */
    { 2026, 4, 2,   2026, 4, 7 },   /* → Sun 5 April (Easter) → Mon 6 is Easter Monday → Tue 7 */
    { 2024, 2, 27,  2024, 3, 1 },   /* leap year: 27 Feb + 3 = Fri 1 March */
  };

  for (guint i = 0; i < G_N_ELEMENTS (births); i++)
    {
      GDate birth = ymd (births[i].y, births[i].m, births[i].d);
      g_autoptr(GPtrArray) deadlines = loket_deadlines_for_event ("baby", &birth, LOKET_LANGUAGE_EN);
      LoketDeadline *reg = find (deadlines, "register-birth");

      g_assert_cmpint (reg->kind, ==, LOKET_DEADLINE_BY);
      assert_date (&reg->until, births[i].uy, births[i].um, births[i].ud);
    }

  /* health insurance: four months, clamped at a short month */
  {
    GDate birth = ymd (2026, 10, 31);
    g_autoptr(GPtrArray) deadlines = loket_deadlines_for_event ("baby", &birth, LOKET_LANGUAGE_EN);

    assert_date (&find (deadlines, "insure-baby")->until, 2027, 2, 28);
  }
}

static void
test_death (void)
{
  GDate death = ymd (2026, 12, 22); /* Tuesday: 23, 24, [25, 26 holidays, 27 Sunday], 28, 29, 30 */
  g_autoptr(GPtrArray) deadlines = loket_deadlines_for_event ("death", &death, LOKET_LANGUAGE_EN);
  g_autoptr(GPtrArray) other = NULL;

  assert_date (&find (deadlines, "funeral")->until, 2026, 12, 31);
  assert_date (&find (deadlines, "register-death")->until, 2026, 12, 31);
  assert_date (&find (deadlines, "report-toeslagen")->until, 2027, 1, 19);
  assert_date (&find (deadlines, "inheritance-tax")->until, 2027, 8, 22);
  g_assert_true (find (deadlines, "inheritance-tax")->estimate);

  /* A Friday death: six working days is the Monday after next. */
  death = ymd (2026, 11, 27);
  other = loket_deadlines_for_event ("death", &death, LOKET_LANGUAGE_EN);
  assert_date (&find (other, "funeral")->until, 2026, 12, 7);

  /* Nothing for a life event without dated terms. */
  g_clear_pointer (&other, g_ptr_array_unref);
  other = loket_deadlines_for_event ("business", &death, LOKET_LANGUAGE_EN);
  g_assert_cmpuint (other->len, ==, 0);
}

static void
test_aow (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCatalog) catalog = loket_catalog_new_from_resource (RESOURCE_BASE "/catalog/", &error);
  LoketRules *rules;
  struct { guint y, m, d; gboolean known; guint ay, am, ad; gboolean unverified; } births[] = {
    { 1959, 6, 15,  TRUE, 2026, 6, 15, FALSE },  /* 67 */
    { 1960, 12, 31, TRUE, 2027, 12, 31, FALSE }, /* last day of the 67 group */
    { 1961, 1, 1,   TRUE, 2028, 4, 1, FALSE },   /* first day of 67 + 3 months */
    { 1961, 9, 30,  TRUE, 2028, 12, 30, FALSE },
    { 1961, 10, 1,  TRUE, 2029, 1, 1, FALSE },
    { 1962, 11, 30, TRUE, 2030, 2, 28, TRUE },   /* month end: 30 Feb does not exist; [U] row */
    { 1964, 9, 30,  TRUE, 2031, 12, 30, TRUE },
    { 1964, 10, 1,  FALSE },                     /* not fixed yet */
    { 1990, 5, 5,   FALSE },
    { 1956, 2, 29,  FALSE },                     /* before the table: already retired */
  };

  g_assert_no_error (error);
  rules = loket_catalog_get_rules (catalog);

  for (guint i = 0; i < G_N_ELEMENTS (births); i++)
    {
      GDate birth = ymd (births[i].y, births[i].m, births[i].d);
      g_autoptr(GPtrArray) deadlines = loket_deadlines_for_aow (rules, &birth, LOKET_LANGUAGE_NL);

      if (!births[i].known)
        {
          g_assert_cmpuint (deadlines->len, ==, 0);
          continue;
        }
      assert_date (&find (deadlines, "aow-start")->until, births[i].ay, births[i].am, births[i].ad);
      g_assert_cmpint (find (deadlines, "aow-start")->estimate, ==, births[i].unverified);
      g_assert_true (find (deadlines, "aow-letter")->estimate);
    }
}

static void
test_languages (void)
{
  GDate date = ymd (2026, 4, 6);
  struct { LoketLanguage language; const char *text; } dates[] = {
    { LOKET_LANGUAGE_NL, "maandag 6 april 2026" },
    { LOKET_LANGUAGE_EN, "Monday 6 April 2026" },
    { LOKET_LANGUAGE_AR, "الاثنين 6 أبريل 2026" },
    { LOKET_LANGUAGE_UK, "понеділок, 6 квітня 2026" },
    { LOKET_LANGUAGE_TR, "6 Nisan 2026 Pazartesi" },
    { LOKET_LANGUAGE_PL, "poniedziałek, 6 kwietnia 2026" },
    { LOKET_LANGUAGE_TI, "ሰኑይ 6 ሚያዝያ 2026" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *text = loket_date_format_long (&date, dates[i].language);

      g_assert_cmpstr (text, ==, dates[i].text);
    }

  /* The deadline's sentence carries the date in the citizen's language. */
  {
    GDate move = ymd (2026, 3, 4);
    g_autoptr(GPtrArray) deadlines = loket_deadlines_for_event ("moving", &move, LOKET_LANGUAGE_NL);
    LoketDeadline *report = find (deadlines, "report-move");

    g_assert_nonnull (strstr (report->text, "woensdag 4 februari 2026"));
    g_assert_nonnull (strstr (report->text, "maandag 9 maart 2026"));
    g_assert_nonnull (report->title);
  }

  /* Every month in every language has a name (no empty table entries). */
  for (LoketLanguage l = 0; l < LOKET_N_LANGUAGES; l++)
    for (guint m = 1; m <= 12; m++)
      {
        GDate d = ymd (2026, m, 1);
        g_autofree char *text = loket_date_format_long (&d, l);

        g_assert_cmpuint (strlen (text), >, 10);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("LANGUAGE", "en", TRUE);

  g_test_add_func ("/loket/deadlines/holidays", test_holidays);
  g_test_add_func ("/loket/deadlines/working-days", test_working_days);
  g_test_add_func ("/loket/deadlines/moving", test_moving);
  g_test_add_func ("/loket/deadlines/birth", test_birth);
  g_test_add_func ("/loket/deadlines/death", test_death);
  g_test_add_func ("/loket/deadlines/aow", test_aow);
  g_test_add_func ("/loket/deadlines/languages", test_languages);
  return g_test_run ();
}
