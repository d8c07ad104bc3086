/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Personal deadlines: the dates by which a citizen must act, computed from their own dates
 * (a move, a birth, a death, the date of birth for AOW) and written out in their language.
 *
 * Sources (design/life-events.md):
 * - moving: report from 4 weeks before until 5 days after the move, Wet BRP art. 2.39,
 *   https://wetten.overheid.nl/BWBR0033715/2026-10-01#Artikel2.39
 * - birth: within 3 days after the day of birth, BW 1:19e,
 *   https://wetten.overheid.nl/BWBR0002656/2025-07-05#Artikel19e
 * - death: burial or cremation not before 36 hours and not after the 6th working day after the
 *   death, Wet op de lijkbezorging art. 16, https://wetten.overheid.nl/BWBR0005009/2026-07-01#Artikel16 ;
 *   the death is registered before that (BW 1:19h).
 * - a term in a law that ends on a Saturday, Sunday or public holiday runs until the next
 *   working day; the public holidays are those of Algemene termijnenwet art. 1 and 3,
 *   https://wetten.overheid.nl/BWBR0002448/2013-04-30
 */
#define G_LOG_DOMAIN "loket-deadlines"

#include "config.h"

#include <glib/gi18n.h>

#include "loket-deadlines.h"

void
loket_deadline_free (LoketDeadline *deadline)
{
  if (deadline == NULL)
    return;
  g_free (deadline->title);
  g_free (deadline->text);
  g_free (deadline);
}

/**
 * loket_date_get_easter:
 *
 * Easter Sunday of @year in the Gregorian calendar (the anonymous Gregorian algorithm).
 */
void
loket_date_get_easter (guint  year,
                       GDate *easter)
{
  guint a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  guint f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  guint i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  guint m = (a + 11 * h + 22 * l) / 451;
  guint month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;

  g_return_if_fail (easter != NULL);

  g_date_clear (easter, 1);
  g_date_set_dmy (easter, day, month, year);
}

/**
 * loket_date_is_public_holiday:
 *
 * Whether @date is a public holiday of the Algemene termijnenwet (art. 3): New Year's Day,
 * Easter Monday, Ascension Day, Whit Monday, Christmas Day and Boxing Day, King's Day (27 April,
 * or 26 April when the 27th is a Sunday) and 5 May. Easter and Whit Sunday are Sundays anyway.
 */
gboolean
loket_date_is_public_holiday (const GDate *date)
{
  guint day, year;
  GDateMonth month;
  GDate easter;
  int offset;

  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  day = g_date_get_day (date);
  month = g_date_get_month (date);
  year = g_date_get_year (date);

  if ((month == G_DATE_JANUARY && day == 1) || (month == G_DATE_DECEMBER && (day == 25 || day == 26))
      || (month == G_DATE_MAY && day == 5))
    return TRUE;
  if (month == G_DATE_APRIL && (day == 26 || day == 27))
    {
      GDate kings;

      g_date_clear (&kings, 1);
      g_date_set_dmy (&kings, 27, G_DATE_APRIL, year);
      if (g_date_get_weekday (&kings) == G_DATE_SUNDAY)
        return day == 26;
      return day == 27;
    }

  loket_date_get_easter (year, &easter);
  offset = g_date_days_between (&easter, date);
  return offset == 1 || offset == 39 || offset == 50;
}

gboolean
loket_date_is_working_day (const GDate *date)
{
  GDateWeekday weekday;

  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  weekday = g_date_get_weekday (date);
  return weekday != G_DATE_SATURDAY && weekday != G_DATE_SUNDAY && !loket_date_is_public_holiday (date);
}

/**
 * loket_date_extend_to_working_day:
 *
 * A term that ends on a Saturday, Sunday or public holiday runs until the next working day
 * (Algemene termijnenwet art. 1).
 */
void
loket_date_extend_to_working_day (GDate *date)
{
  g_return_if_fail (date != NULL && g_date_valid (date));

  while (!loket_date_is_working_day (date))
    g_date_add_days (date, 1);
}

/**
 * loket_date_add_working_days:
 *
 * Moves @date to the @n_days-th working day after it.
 */
void
loket_date_add_working_days (GDate *date,
                             guint  n_days)
{
  g_return_if_fail (date != NULL && g_date_valid (date));

  while (n_days > 0)
    {
      g_date_add_days (date, 1);
      if (loket_date_is_working_day (date))
        n_days--;
    }
}

static const char *const month_names[LOKET_N_LANGUAGES][12] = {
  [LOKET_LANGUAGE_NL] = { "januari", "februari", "maart", "april", "mei", "juni", "juli",
                          "augustus", "september", "oktober", "november", "december" },
  [LOKET_LANGUAGE_EN] = { "January", "February", "March", "April", "May", "June", "July",
                          "August", "September", "October", "November", "December" },
  [LOKET_LANGUAGE_AR] = { "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو",
                          "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر" },
  /* Ukrainian and Polish: the genitive, as after a day number */
  [LOKET_LANGUAGE_UK] = { "січня", "лютого", "березня", "квітня", "травня", "червня", "липня",
                          "серпня", "вересня", "жовтня", "листопада", "грудня" },
  [LOKET_LANGUAGE_TR] = { "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz",
                          "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık" },
  [LOKET_LANGUAGE_PL] = { "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca",
                          "sierpnia", "września", "października", "listopada", "grudnia" },
  /* Tigrinya: the names Eritrea uses for the months of the Gregorian calendar */
  [LOKET_LANGUAGE_TI] = { "ጥሪ", "ለካቲት", "መጋቢት", "ሚያዝያ", "ግንቦት", "ሰነ", "ሓምለ",
                          "ነሓሰ", "መስከረም", "ጥቅምቲ", "ሕዳር", "ታሕሳስ" },
};

/* Monday first, as GDateWeekday counts. */
static const char *const weekday_names[LOKET_N_LANGUAGES][7] = {
  [LOKET_LANGUAGE_NL] = { "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag" },
  [LOKET_LANGUAGE_EN] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" },
  [LOKET_LANGUAGE_AR] = { "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد" },
  [LOKET_LANGUAGE_UK] = { "понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота", "неділя" },
  [LOKET_LANGUAGE_TR] = { "Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar" },
  [LOKET_LANGUAGE_PL] = { "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela" },
  [LOKET_LANGUAGE_TI] = { "ሰኑይ", "ሰሉስ", "ረቡዕ", "ሓሙስ", "ዓርቢ", "ቀዳም", "ሰንበት" },
};

/**
 * loket_date_format_long:
 *
 * Writes @date with its weekday the way readers of @language write it, whatever the process
 * locale: "maandag 6 april 2026", "Monday 6 April 2026", "6 Nisan 2026 Pazartesi".
 *
 * Returns: (transfer full): the date
 */
char *
loket_date_format_long (const GDate   *date,
                        LoketLanguage  language)
{
  const char *month, *weekday;
  guint day, year;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (language < LOKET_N_LANGUAGES, NULL);

  month = month_names[language][g_date_get_month (date) - 1];
  weekday = weekday_names[language][g_date_get_weekday (date) - 1];
  day = g_date_get_day (date);
  year = g_date_get_year (date);

  switch (language)
    {
    case LOKET_LANGUAGE_TR:
      return g_strdup_printf ("%u %s %u %s", day, month, year, weekday);
    case LOKET_LANGUAGE_UK:
    case LOKET_LANGUAGE_PL:
      return g_strdup_printf ("%s, %u %s %u", weekday, day, month, year);
    case LOKET_LANGUAGE_NL:
    case LOKET_LANGUAGE_EN:
    case LOKET_LANGUAGE_AR:
    case LOKET_LANGUAGE_TI:
    case LOKET_N_LANGUAGES:
    default:
      return g_strdup_printf ("%s %u %s %u", weekday, day, month, year);
    }
}

static LoketDeadline *
deadline_new (const char        *id,
              LoketDeadlineKind  kind,
              const char        *title,
              const GDate       *from,
              const GDate       *until,
              gboolean           estimate,
              LoketLanguage      language)
{
  LoketDeadline *deadline = g_new0 (LoketDeadline, 1);
  g_autofree char *until_text = loket_date_format_long (until, language);

  deadline->id = id;
  deadline->kind = kind;
  deadline->title = g_strdup (title);
  deadline->estimate = estimate;
  g_date_clear (&deadline->from, 1);
  deadline->until = *until;

  switch (kind)
    {
    case LOKET_DEADLINE_WINDOW:
      {
        g_autofree char *from_text = loket_date_format_long (from, language);

        deadline->from = *from;
        /* Translators: both are dates, for example "From Monday 2 March 2026 until Friday 3 April 2026" */
        deadline->text = g_strdup_printf (_("From %s until %s"), from_text, until_text);
      }
      break;
    case LOKET_DEADLINE_ON:
      /* Translators: a date, for example "On Monday 6 April 2026" */
      deadline->text = g_strdup_printf (_("On %s"), until_text);
      break;
    case LOKET_DEADLINE_AROUND:
      /* Translators: a date, for example "Around Monday 6 April 2026" */
      deadline->text = g_strdup_printf (_("Around %s"), until_text);
      break;
    case LOKET_DEADLINE_BY:
    default:
      /* Translators: a date, for example "No later than Monday 6 April 2026" */
      deadline->text = g_strdup_printf (_("No later than %s"), until_text);
      break;
    }
  return deadline;
}

gboolean
loket_deadlines_event_has_date (const char *life_event_id)
{
  g_return_val_if_fail (life_event_id != NULL, FALSE);

  return g_str_equal (life_event_id, "moving") || g_str_equal (life_event_id, "baby")
         || g_str_equal (life_event_id, "death");
}

/**
 * loket_deadlines_get_date_label:
 *
 * Returns: (nullable): the question for the date the deadlines of @life_event_id count from
 */
const char *
loket_deadlines_get_date_label (const char *life_event_id)
{
  g_return_val_if_fail (life_event_id != NULL, NULL);

  if (g_str_equal (life_event_id, "moving"))
    return _("When do you move?");
  if (g_str_equal (life_event_id, "baby"))
    return _("When was the baby born?");
  if (g_str_equal (life_event_id, "death"))
    return _("When did the person die?");
  return NULL;
}

/**
 * loket_deadlines_for_event:
 * @date: the day of the move, the birth or the death
 *
 * Returns: (transfer full) (element-type LoketDeadline): the deadlines, earliest first; empty
 *   for a life event without dated deadlines
 */
GPtrArray *
loket_deadlines_for_event (const char    *life_event_id,
                           const GDate   *date,
                           LoketLanguage  language)
{
  GPtrArray *deadlines = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_deadline_free);
  GDate from, until;

  g_return_val_if_fail (life_event_id != NULL, deadlines);
  g_return_val_if_fail (date != NULL && g_date_valid (date), deadlines);

  if (g_str_equal (life_event_id, "moving"))
    {
      from = *date;
      g_date_subtract_days (&from, 28);
      until = *date;
      g_date_add_days (&until, 5);
      loket_date_extend_to_working_day (&until);
      g_ptr_array_add (deadlines, deadline_new ("report-move", LOKET_DEADLINE_WINDOW,
                                                _("Report your move to your new municipality"),
                                                &from, &until, FALSE, language));
    }
  else if (g_str_equal (life_event_id, "baby"))
    {
      until = *date;
      g_date_add_days (&until, 3);
      loket_date_extend_to_working_day (&until);
      g_ptr_array_add (deadlines, deadline_new ("register-birth", LOKET_DEADLINE_BY,
                                                _("Register the birth at the municipality"),
                                                NULL, &until, FALSE, language));
      until = *date;
      g_date_add_months (&until, 4);
      g_ptr_array_add (deadlines, deadline_new ("insure-baby", LOKET_DEADLINE_BY,
                                                _("Add your baby to your health insurance"),
                                                NULL, &until, FALSE, language));
    }
  else if (g_str_equal (life_event_id, "death"))
    {
      until = *date;
      loket_date_add_working_days (&until, 6);
      g_ptr_array_add (deadlines, deadline_new ("register-death", LOKET_DEADLINE_BY,
                                                _("Register the death (before the funeral)"),
                                                NULL, &until, FALSE, language));
      g_ptr_array_add (deadlines, deadline_new ("funeral", LOKET_DEADLINE_BY,
                                                _("Burial or cremation, at least 36 hours after the death"),
                                                NULL, &until, FALSE, language));
      until = *date;
      g_date_add_days (&until, 28);
      g_ptr_array_add (deadlines, deadline_new ("report-toeslagen", LOKET_DEADLINE_BY,
                                                _("Tell Dienst Toeslagen about changes in your household"),
                                                NULL, &until, FALSE, language));
      until = *date;
      g_date_add_months (&until, 8);
      g_ptr_array_add (deadlines, deadline_new ("inheritance-tax", LOKET_DEADLINE_AROUND,
                                                _("Inheritance tax return, if the tax office sends you a letter"),
                                                NULL, &until, TRUE, language));
    }
  return deadlines;
}

/**
 * loket_deadlines_for_aow:
 * @birth: the date of birth
 *
 * Returns: (transfer full) (element-type LoketDeadline): the day AOW starts and when the SVB's
 *   letter comes; empty when the AOW age for @birth is not fixed yet
 */
GPtrArray *
loket_deadlines_for_aow (LoketRules    *rules,
                         const GDate   *birth,
                         LoketLanguage  language)
{
  GPtrArray *deadlines = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_deadline_free);
  gboolean unverified = FALSE;
  GDate start, letter;

  g_return_val_if_fail (LOKET_IS_RULES (rules), deadlines);
  g_return_val_if_fail (birth != NULL && g_date_valid (birth), deadlines);

  g_date_clear (&start, 1);
  if (!loket_rules_get_aow_date (rules, g_date_get_year (birth) + 67, birth, &start, &unverified))
    return deadlines;

  letter = start;
  g_date_subtract_months (&letter, 6);
  g_ptr_array_add (deadlines, deadline_new ("aow-letter", LOKET_DEADLINE_AROUND,
                                            _("The SVB sends you a letter to apply for AOW"),
                                            NULL, &letter, TRUE, language));
  g_ptr_array_add (deadlines, deadline_new ("aow-start", LOKET_DEADLINE_ON, _("Your AOW starts"),
                                            NULL, &start, unverified, language));
  return deadlines;
}
