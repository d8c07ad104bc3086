/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * The rules engine: benefit rules as data (data/rules/README.md), evaluated against what the
 * kiosk knows — register facts after sign-in, a few answers before. Never "yes": likely, maybe,
 * unlikely, or which answer is still missing.
 */
#define G_LOG_DOMAIN "loket-rules"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "loket-error.h"
#include "loket-rules.h"

/* ------------------------------------------------------------------------------------------ */
/* Facts                                                                                       */

typedef struct
{
  gboolean known;
  gboolean from_register;
  double   low;
  double   high;
} Range;

struct _LoketRuleFacts
{
  Range   facts[LOKET_N_RULE_FACTS];
  int     answers[LOKET_N_QUESTIONS]; /* option index, -1 if not answered */
  GArray *child_ages;                 /* (owned) (nullable) of guint, when the register knows them */
  GDate   birth;                      /* invalid unless the register gave a full date */
  char   *municipality;               /* (owned) (nullable) */
};

static const char *fact_names[LOKET_N_RULE_FACTS] = {
  "age", "partner", "children", "income", "assets", "renting", "home_owner", "low_income",
  "low_income_years",
};

/* The bands of the anonymous questions: 2026 thresholds (design/benefit-rules.md §10), cut
 * exactly at the limits so that a band is wholly below or above a limit where possible. */
typedef struct
{
  double low;
  double high;
} Band;

static const Band age_bands[] = { { 0, 17 }, { 18, 20 }, { 21, 66 }, { 67, 120 } };
static const Band income_bands[] = {
  { 0, 29736 }, { 29737, 40857 }, { 40858, 51142 }, { 51143, 60141 }, { 60142, INFINITY },
};
static const Band asset_bands[] = {
  { 0, 8000 }, { 8001, 16000 }, { 16001, 38479 }, { 38480, 146011 }, { 146012, INFINITY },
};
static const Band children_bands[] = { { 0, 0 }, { 1, 1 }, { 2, 2 }, { 3, INFINITY } };

LoketRuleFacts *
loket_rule_facts_new (void)
{
  LoketRuleFacts *facts = g_new0 (LoketRuleFacts, 1);

  for (guint i = 0; i < LOKET_N_QUESTIONS; i++)
    facts->answers[i] = -1;
  g_date_clear (&facts->birth, 1);
  return facts;
}

void
loket_rule_facts_free (LoketRuleFacts *facts)
{
  if (facts == NULL)
    return;
  g_clear_pointer (&facts->child_ages, g_array_unref);
  g_free (facts->municipality);
  g_free (facts);
}

void
loket_rule_facts_set (LoketRuleFacts *facts,
                      LoketRuleFact   fact,
                      double          low,
                      double          high)
{
  g_return_if_fail (facts != NULL);
  g_return_if_fail (fact < LOKET_N_RULE_FACTS);
  g_return_if_fail (low <= high);

  facts->facts[fact] = (Range) { TRUE, FALSE, low, high };
}

void
loket_rule_facts_unset (LoketRuleFacts *facts,
                        LoketRuleFact   fact)
{
  g_return_if_fail (facts != NULL);
  g_return_if_fail (fact < LOKET_N_RULE_FACTS);

  facts->facts[fact] = (Range) { FALSE, FALSE, 0, 0 };
}

gboolean
loket_rule_facts_get (const LoketRuleFacts *facts,
                      LoketRuleFact         fact,
                      double               *low,
                      double               *high)
{
  g_return_val_if_fail (facts != NULL, FALSE);
  g_return_val_if_fail (fact < LOKET_N_RULE_FACTS, FALSE);

  if (low != NULL)
    *low = facts->facts[fact].low;
  if (high != NULL)
    *high = facts->facts[fact].high;
  return facts->facts[fact].known;
}

gboolean
loket_rule_facts_get_from_register (const LoketRuleFacts *facts,
                                    LoketRuleFact         fact)
{
  g_return_val_if_fail (facts != NULL, FALSE);
  g_return_val_if_fail (fact < LOKET_N_RULE_FACTS, FALSE);

  return facts->facts[fact].known && facts->facts[fact].from_register;
}

/**
 * loket_rule_facts_set_child_ages:
 *
 * The ages of the children under 18 living with the citizen; also sets the number of children.
 */
void
loket_rule_facts_set_child_ages (LoketRuleFacts *facts,
                                 const guint    *ages,
                                 guint           n_ages)
{
  g_return_if_fail (facts != NULL);
  g_return_if_fail (ages != NULL || n_ages == 0);

  g_clear_pointer (&facts->child_ages, g_array_unref);
  facts->child_ages = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_ages);
  g_array_append_vals (facts->child_ages, ages, n_ages);
  loket_rule_facts_set (facts, LOKET_RULE_FACT_CHILDREN, n_ages, n_ages);
}

static void
set_band (LoketRuleFacts *facts,
          LoketRuleFact   fact,
          const Band     *band)
{
  /* A register fact is better than an answer: keep it. */
  if (facts->facts[fact].from_register)
    return;
  loket_rule_facts_set (facts, fact, band->low, band->high);
}

/**
 * loket_rule_facts_answer:
 * @option: the index of the chosen option (see loket_question_dup_option())
 *
 * Records an anonymous answer as the facts it stands for.
 */
void
loket_rule_facts_answer (LoketRuleFacts *facts,
                         LoketQuestion   question,
                         guint           option)
{
  g_return_if_fail (facts != NULL);
  g_return_if_fail (question < LOKET_N_QUESTIONS);
  g_return_if_fail (option < loket_question_get_n_options (question));

  facts->answers[question] = option;
  switch (question)
    {
    case LOKET_QUESTION_HOUSEHOLD:
      set_band (facts, LOKET_RULE_FACT_PARTNER, &(Band) { option, option });
      break;
    case LOKET_QUESTION_AGE:
      set_band (facts, LOKET_RULE_FACT_AGE, &age_bands[option]);
      break;
    case LOKET_QUESTION_INCOME:
      set_band (facts, LOKET_RULE_FACT_INCOME, &income_bands[option]);
      break;
    case LOKET_QUESTION_ASSETS:
      set_band (facts, LOKET_RULE_FACT_ASSETS, &asset_bands[option]);
      break;
    case LOKET_QUESTION_HOUSING:
      set_band (facts, LOKET_RULE_FACT_RENTING, &(Band) { option == 0, option == 0 });
      set_band (facts, LOKET_RULE_FACT_HOME_OWNER, &(Band) { option == 2, option == 2 });
      break;
    case LOKET_QUESTION_CHILDREN:
      if (facts->child_ages == NULL)
        set_band (facts, LOKET_RULE_FACT_CHILDREN, &children_bands[option]);
      break;
    case LOKET_QUESTION_LOW_INCOME:
      set_band (facts, LOKET_RULE_FACT_LOW_INCOME, &(Band) { option > 0, option > 0 });
      if (option == 0)
        set_band (facts, LOKET_RULE_FACT_LOW_INCOME_YEARS, &(Band) { 0, 0 });
      else if (option == 1)
        set_band (facts, LOKET_RULE_FACT_LOW_INCOME_YEARS, &(Band) { 0, 2.99 });
      else
        set_band (facts, LOKET_RULE_FACT_LOW_INCOME_YEARS, &(Band) { 3, 100 });
      break;
    case LOKET_N_QUESTIONS:
    default:
      g_assert_not_reached ();
    }
}

int
loket_rule_facts_get_answer (const LoketRuleFacts *facts,
                             LoketQuestion         question)
{
  g_return_val_if_fail (facts != NULL, -1);
  g_return_val_if_fail (question < LOKET_N_QUESTIONS, -1);

  return facts->answers[question];
}

guint
loket_rule_facts_get_n_answers (const LoketRuleFacts *facts)
{
  guint n = 0;

  g_return_val_if_fail (facts != NULL, 0);

  for (guint i = 0; i < LOKET_N_QUESTIONS; i++)
    n += facts->answers[i] >= 0;
  return n;
}

static int
age_on (const LoketDate *birth,
        const GDate     *today)
{
  int age = (int) g_date_get_year (today) - (int) birth->year;

  if (g_date_get_month (today) < birth->month
      || (g_date_get_month (today) == birth->month && g_date_get_day (today) < birth->day))
    age--;
  return age;
}

static void
set_register (LoketRuleFacts *facts,
              LoketRuleFact   fact,
              double          low,
              double          high)
{
  facts->facts[fact] = (Range) { TRUE, TRUE, low, high };
}

/**
 * loket_rule_facts_set_person:
 * @person: (nullable): the signed-in citizen, or %NULL to forget the register facts
 * @today: the date ages are counted on
 *
 * Fills in what the register knows: age, a married or registered partner, children under 18
 * and their ages, the municipality. Answers already given stay for what the register does not
 * know (a partner one is not married to is not in the register).
 */
void
loket_rule_facts_set_person (LoketRuleFacts *facts,
                             LoketPerson    *person,
                             const GDate    *today)
{
  const LoketDate *birth;
  g_autoptr(GArray) ages = NULL;

  g_return_if_fail (facts != NULL);
  g_return_if_fail (person == NULL || LOKET_IS_PERSON (person));
  g_return_if_fail (today != NULL && g_date_valid (today));

  for (guint i = 0; i < LOKET_N_RULE_FACTS; i++)
    if (facts->facts[i].from_register)
      facts->facts[i] = (Range) { FALSE, FALSE, 0, 0 };
  g_clear_pointer (&facts->child_ages, g_array_unref);
  g_clear_pointer (&facts->municipality, g_free);
  g_date_clear (&facts->birth, 1);

  /* Answers the register does not override are applied again below. */
  if (person != NULL)
    {
      birth = loket_person_get_birth (person);
      if (birth->kind == LOKET_DATE_FULL && g_date_valid_dmy (birth->day, birth->month, birth->year))
        {
          int age = age_on (birth, today);

          g_date_set_dmy (&facts->birth, birth->day, birth->month, birth->year);
          set_register (facts, LOKET_RULE_FACT_AGE, age, age);
        }
      else if (birth->kind == LOKET_DATE_YEAR_MONTH || birth->kind == LOKET_DATE_YEAR)
        {
          int age = (int) g_date_get_year (today) - (int) birth->year;

          set_register (facts, LOKET_RULE_FACT_AGE, MAX (age - 1, 0), age);
        }

      for (guint i = 0; i < loket_person_get_n_partners (person); i++)
        {
          const LoketRelative *partner = loket_person_get_partner (person, i);

          if (partner->union_end.kind == LOKET_DATE_NONE && partner->death.kind == LOKET_DATE_NONE)
            set_register (facts, LOKET_RULE_FACT_PARTNER, 1, 1);
        }

      ages = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; i < loket_person_get_n_children (person); i++)
        {
          const LoketRelative *child = loket_person_get_child (person, i);
          int age;

          if (child->birth.kind != LOKET_DATE_FULL || child->death.kind != LOKET_DATE_NONE)
            continue;
          age = age_on (&child->birth, today);
          if (age >= 0 && age < 18)
            {
              guint value = age;

              g_array_append_val (ages, value);
            }
        }
      facts->child_ages = g_array_ref (ages);
      set_register (facts, LOKET_RULE_FACT_CHILDREN, ages->len, ages->len);
      facts->municipality = g_strdup (loket_person_get_municipality (person));
    }

  for (guint q = 0; q < LOKET_N_QUESTIONS; q++)
    if (facts->answers[q] >= 0)
      loket_rule_facts_answer (facts, q, facts->answers[q]);
}

const GDate *
loket_rule_facts_get_birth (const LoketRuleFacts *facts)
{
  g_return_val_if_fail (facts != NULL, NULL);

  return g_date_valid (&facts->birth) ? &facts->birth : NULL;
}

const char *
loket_rule_facts_get_municipality (const LoketRuleFacts *facts)
{
  g_return_val_if_fail (facts != NULL, NULL);

  return facts->municipality;
}

/* ------------------------------------------------------------------------------------------ */
/* Questions                                                                                   */

LoketQuestion
loket_rule_fact_get_question (LoketRuleFact fact)
{
  switch (fact)
    {
    case LOKET_RULE_FACT_AGE:
      return LOKET_QUESTION_AGE;
    case LOKET_RULE_FACT_PARTNER:
      return LOKET_QUESTION_HOUSEHOLD;
    case LOKET_RULE_FACT_CHILDREN:
      return LOKET_QUESTION_CHILDREN;
    case LOKET_RULE_FACT_INCOME:
      return LOKET_QUESTION_INCOME;
    case LOKET_RULE_FACT_ASSETS:
      return LOKET_QUESTION_ASSETS;
    case LOKET_RULE_FACT_RENTING:
    case LOKET_RULE_FACT_HOME_OWNER:
      return LOKET_QUESTION_HOUSING;
    case LOKET_RULE_FACT_LOW_INCOME:
    case LOKET_RULE_FACT_LOW_INCOME_YEARS:
      return LOKET_QUESTION_LOW_INCOME;
    case LOKET_N_RULE_FACTS:
    default:
      g_return_val_if_reached (LOKET_QUESTION_HOUSEHOLD);
    }
}

/**
 * loket_question_get_text:
 *
 * Returns: the question in the current language
 */
const char *
loket_question_get_text (LoketQuestion question)
{
  switch (question)
    {
    case LOKET_QUESTION_HOUSEHOLD:
      return _("Do you live together with a partner?");
    case LOKET_QUESTION_AGE:
      return _("How old are you?");
    case LOKET_QUESTION_INCOME:
      return _("What is your gross income per year? Count your partner's income too, and your holiday pay.");
    case LOKET_QUESTION_ASSETS:
      return _("How much do you have in savings and investments, minus debts? Count your partner's too.");
    case LOKET_QUESTION_HOUSING:
      return _("How do you live?");
    case LOKET_QUESTION_CHILDREN:
      return _("How many children under 18 live with you?");
    case LOKET_QUESTION_LOW_INCOME:
      return _("Is your income about as low as social assistance (bijstand)? That is about € 1,400 a month after tax for one person, € 2,000 for a couple.");
    case LOKET_N_QUESTIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static const guint n_options[LOKET_N_QUESTIONS] = {
  [LOKET_QUESTION_HOUSEHOLD] = 2,
  [LOKET_QUESTION_AGE] = G_N_ELEMENTS (age_bands),
  [LOKET_QUESTION_INCOME] = G_N_ELEMENTS (income_bands),
  [LOKET_QUESTION_ASSETS] = G_N_ELEMENTS (asset_bands),
  [LOKET_QUESTION_HOUSING] = 3,
  [LOKET_QUESTION_CHILDREN] = G_N_ELEMENTS (children_bands),
  [LOKET_QUESTION_LOW_INCOME] = 3,
};

guint
loket_question_get_n_options (LoketQuestion question)
{
  g_return_val_if_fail (question < LOKET_N_QUESTIONS, 0);

  return n_options[question];
}

static char *
dup_money_band (const Band    *band,
                LoketLanguage  language)
{
  g_autofree char *low = loket_format_money (band->low, language);
  g_autofree char *high = loket_format_money (band->high, language);

  if (band->low == 0)
    /* Translators: an answer about money, for example "Up to € 29,736" */
    return g_strdup_printf (_("Up to %s"), high);
  if (isinf (band->high))
    {
      g_autofree char *below = loket_format_money (band->low - 1, language);

      /* Translators: an answer about money, for example "More than € 60,141" */
      return g_strdup_printf (_("More than %s"), below);
    }
  /* Translators: an answer about money, for example "€ 29,737 to € 40,857" */
  return g_strdup_printf (_("%s to %s"), low, high);
}

/**
 * loket_question_dup_option:
 *
 * Returns: (transfer full): the answer @option in the current language, amounts written for
 *   @language
 */
char *
loket_question_dup_option (LoketQuestion question,
                           guint         option,
                           LoketLanguage language)
{
  g_return_val_if_fail (question < LOKET_N_QUESTIONS, NULL);
  g_return_val_if_fail (option < n_options[question], NULL);

  switch (question)
    {
    case LOKET_QUESTION_HOUSEHOLD:
      return g_strdup (option == 0 ? _("No, I live without a partner")
                                   : _("Yes: married, registered partners or living together"));
    case LOKET_QUESTION_AGE:
      {
        const char *ages[] = { N_("Younger than 18"), N_("18, 19 or 20"), N_("21 to 66"),
                               N_("67 or older") };
        return g_strdup (_(ages[option]));
      }
    case LOKET_QUESTION_INCOME:
      return dup_money_band (&income_bands[option], language);
    case LOKET_QUESTION_ASSETS:
      return dup_money_band (&asset_bands[option], language);
    case LOKET_QUESTION_HOUSING:
      {
        const char *homes[] = { N_("I rent a home with my own front door, kitchen and toilet"),
                                N_("I rent a room, or I live with other people"),
                                N_("I own my home") };
        return g_strdup (_(homes[option]));
      }
    case LOKET_QUESTION_CHILDREN:
      {
        const char *children[] = { N_("None"), N_("1"), N_("2"), N_("3 or more") };
        return g_strdup (_(children[option]));
      }
    case LOKET_QUESTION_LOW_INCOME:
      {
        const char *low[] = { N_("No"), N_("Yes, for less than 3 years"),
                              N_("Yes, for 3 years or longer") };
        return g_strdup (_(low[option]));
      }
    case LOKET_N_QUESTIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Money                                                                                       */

/**
 * loket_format_money:
 *
 * Writes an amount of euros the way readers of @language expect: "€ 40.857" (nl),
 * "€40,857" (en), "€ 932,93" (nl). Whole amounts have no cents.
 *
 * Returns: (transfer full): the amount
 */
char *
loket_format_money (double        amount,
                    LoketLanguage language)
{
  const char *thousands = ",", *decimal = ".", *prefix = "€ ";
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 cents = (gint64) llround (amount * 100);
  gint64 whole = cents / 100;
  int len;

  switch (language)
    {
    case LOKET_LANGUAGE_NL:
    case LOKET_LANGUAGE_TR:
      thousands = ".";
      decimal = ",";
      break;
    case LOKET_LANGUAGE_UK:
    case LOKET_LANGUAGE_PL:
      thousands = "\u00a0";
      decimal = ",";
      break;
    case LOKET_LANGUAGE_EN:
      prefix = "€";
      break;
    case LOKET_LANGUAGE_AR:
    case LOKET_LANGUAGE_TI:
    case LOKET_N_LANGUAGES:
    default:
      break;
    }

  g_string_printf (digits, "%" G_GINT64_FORMAT, whole);
  len = digits->len;
  g_string_append (out, prefix);
  for (int i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, thousands);
      g_string_append_c (out, digits->str[i]);
    }
  if (cents % 100 != 0)
    g_string_append_printf (out, "%s%02d", decimal, (int) (cents % 100));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* Rules                                                                                       */

typedef struct
{
  LoketRuleFact  fact;
  char          *min_param; /* (owned) (nullable) */
  char          *max_param; /* (owned) (nullable) */
  double         min;       /* when min_param is NULL; -INFINITY if none */
  double         max;       /* when max_param is NULL; INFINITY if none */
  LoketOutcome   otherwise; /* when the condition clearly fails: UNLIKELY or MAYBE */
  LoketText     *reason;    /* (owned) */
} Condition;

typedef struct
{
  char    *param;      /* (owned) */
  gboolean per_child;
  guint    child_min;
  guint    child_max;
  gboolean when_single;
} Term;

struct _LoketRule
{
  GObject       parent_instance;

  char         *id;
  LoketText    *title;
  LoketText    *reason;
  LoketText    *next_step;
  char         *basis_title;
  char         *basis_url;
  char         *service;      /* (nullable) */
  gboolean      automatic;
  LoketOutcome  outcome;      /* when every condition is met */
  GStrv         life_events;
  GArray       *conditions;   /* of Condition */
  gboolean      has_amount;
  LoketPeriod   period;
  gboolean      up_to;
  GArray       *terms;        /* of Term */
};

G_DEFINE_FINAL_TYPE (LoketRule, loket_rule, G_TYPE_OBJECT)

static void
condition_clear (gpointer data)
{
  Condition *c = data;

  g_free (c->min_param);
  g_free (c->max_param);
  g_clear_pointer (&c->reason, loket_text_unref);
}

static void
term_clear (gpointer data)
{
  g_free (((Term *) data)->param);
}

static void
loket_rule_finalize (GObject *object)
{
  LoketRule *self = LOKET_RULE (object);

  g_free (self->id);
  g_clear_pointer (&self->title, loket_text_unref);
  g_clear_pointer (&self->reason, loket_text_unref);
  g_clear_pointer (&self->next_step, loket_text_unref);
  g_free (self->basis_title);
  g_free (self->basis_url);
  g_free (self->service);
  g_strfreev (self->life_events);
  g_clear_pointer (&self->conditions, g_array_unref);
  g_clear_pointer (&self->terms, g_array_unref);

  G_OBJECT_CLASS (loket_rule_parent_class)->finalize (object);
}

static void
loket_rule_class_init (LoketRuleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_rule_finalize;
}

static void
loket_rule_init (LoketRule *self)
{
  self->conditions = g_array_new (FALSE, TRUE, sizeof (Condition));
  g_array_set_clear_func (self->conditions, condition_clear);
  self->terms = g_array_new (FALSE, TRUE, sizeof (Term));
  g_array_set_clear_func (self->terms, term_clear);
}

const char *
loket_rule_get_id (LoketRule *self)
{
  g_return_val_if_fail (LOKET_IS_RULE (self), NULL);
  return self->id;
}

const LoketText *
loket_rule_get_title (LoketRule *self)
{
  g_return_val_if_fail (LOKET_IS_RULE (self), NULL);
  return self->title;
}

const LoketText *
loket_rule_get_reason (LoketRule *self)
{
  g_return_val_if_fail (LOKET_IS_RULE (self), NULL);
  return self->reason;
}

const LoketText *
loket_rule_get_next_step (LoketRule *self)
{
  g_return_val_if_fail (LOKET_IS_RULE (self), NULL);
  return self->next_step;
}

const char *
loket_rule_get_legal_basis_title (LoketRule *self)
{
  g_return_val_if_fail (LOKET_IS_RULE (self), NULL);
  return self->basis_title;
}

const char *
loket_rule_get_legal_basis_url (LoketRule *self)
{
  g_return_val_if_fail (LOKET_IS_RULE (self), NULL);
  return self->basis_url;
}

const char *
loket_rule_get_service_id (LoketRule *self)
{
  g_return_val_if_fail (LOKET_IS_RULE (self), NULL);
  return self->service;
}

gboolean
loket_rule_get_automatic (LoketRule *self)
{
  g_return_val_if_fail (LOKET_IS_RULE (self), FALSE);
  return self->automatic;
}

gboolean
loket_rule_applies_to_event (LoketRule  *self,
                             const char *life_event_id)
{
  g_return_val_if_fail (LOKET_IS_RULE (self), FALSE);
  g_return_val_if_fail (life_event_id != NULL, FALSE);

  return g_strv_contains ((const char * const *) self->life_events, life_event_id);
}

/**
 * loket_rule_dup_texts:
 *
 * Returns: (transfer container) (element-type LoketText): every text of the rule a citizen may
 *   read (title, reasons, next step), for checks that each is in every language
 */
GPtrArray *
loket_rule_dup_texts (LoketRule *self)
{
  GPtrArray *texts = g_ptr_array_new ();

  g_return_val_if_fail (LOKET_IS_RULE (self), NULL);

  g_ptr_array_add (texts, self->title);
  g_ptr_array_add (texts, self->reason);
  g_ptr_array_add (texts, self->next_step);
  for (guint i = 0; i < self->conditions->len; i++)
    g_ptr_array_add (texts, g_array_index (self->conditions, Condition, i).reason);
  return texts;
}

/* ------------------------------------------------------------------------------------------ */
/* Parameters                                                                                  */

typedef struct
{
  double   single;
  double   partner;
  gboolean by_partner;
  gboolean unverified;
  GArray  *table;      /* (owned) (nullable) of AowRow, for "aow.ages" */
} Param;

typedef struct
{
  GDate    from;
  GDate    until;
  guint    years;
  guint    months;
  gboolean unverified;
} AowRow;

static void
param_free (gpointer data)
{
  Param *p = data;

  g_clear_pointer (&p->table, g_array_unref);
  g_free (p);
}

struct _LoketRules
{
  GObject     parent_instance;

  GPtrArray  *rules;  /* (owned) of LoketRule */
  GHashTable *years;  /* (owned) year → GHashTable name → Param */
};

G_DEFINE_FINAL_TYPE (LoketRules, loket_rules, G_TYPE_OBJECT)

static void
loket_rules_finalize (GObject *object)
{
  LoketRules *self = LOKET_RULES (object);

  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_clear_pointer (&self->years, g_hash_table_unref);

  G_OBJECT_CLASS (loket_rules_parent_class)->finalize (object);
}

static void
loket_rules_class_init (LoketRulesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_rules_finalize;
}

static void
loket_rules_init (LoketRules *self)
{
  self->rules = g_ptr_array_new_with_free_func (g_object_unref);
  self->years = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify) g_hash_table_unref);
}

LoketRules *
loket_rules_new (void)
{
  return g_object_new (LOKET_TYPE_RULES, NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* Parsing                                                                                     */

static gboolean G_GNUC_PRINTF (4, 5)
fail (GError    **error,
      const char *file,
      const char *what,
      const char *format,
      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA, "%s: %s: %s", file, what, message);
  return FALSE;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_number (JsonNode *node,
            double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

static gboolean
get_boolean (JsonObject *object,
             const char *member,
             gboolean   *out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

static LoketText *
read_text (JsonObject  *object,
           const char  *member,
           const char  *file,
           const char  *what,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(LoketText) text = loket_text_new ();
  g_autoptr(GList) codes = NULL;
  g_autofree char *where = g_strdup_printf ("%s, \"%s\"", what, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, file, where, "expected a text object such as {\"nl\": …, \"en\": …}");
      return NULL;
    }
  codes = json_object_get_members (json_node_get_object (node));
  for (GList *l = codes; l != NULL; l = l->next)
    {
      const char *value = get_string (json_node_get_object (node), l->data);
      LoketLanguage language;

      if (!loket_language_from_code (l->data, &language))
        {
          fail (error, file, where, "unknown language code \"%s\"", (const char *) l->data);
          return NULL;
        }
      if (value == NULL || *value == '\0')
        {
          fail (error, file, where, "the \"%s\" text is empty or not a string", (const char *) l->data);
          return NULL;
        }
      loket_text_set (text, language, value);
    }
  if (loket_text_get_exact (text, LOKET_LANGUAGE_NL) == NULL
      || loket_text_get_exact (text, LOKET_LANGUAGE_EN) == NULL)
    {
      fail (error, file, where, "the \"nl\" and \"en\" texts are required");
      return NULL;
    }
  return g_steal_pointer (&text);
}

static gboolean
read_bound (JsonObject  *object,
            const char  *member,
            double       none,
            double      *value,
            char       **param,
            const char  *file,
            const char  *what,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *name;

  *value = none;
  *param = NULL;
  if (node == NULL)
    return TRUE;
  if (get_number (node, value))
    return TRUE;
  if ((name = get_string (object, member)) != NULL && *name != '\0')
    {
      *param = g_strdup (name);
      return TRUE;
    }
  return fail (error, file, what, "\"%s\" must be a number or a parameter name", member);
}

static gboolean
read_fact (const char    *name,
           LoketRuleFact *fact)
{
  for (guint i = 0; i < LOKET_N_RULE_FACTS; i++)
    if (g_strcmp0 (name, fact_names[i]) == 0)
      {
        *fact = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
read_conditions (LoketRule   *rule,
                 JsonObject  *object,
                 const char  *file,
                 const char  *what,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, "conditions");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, file, what, "\"conditions\" must be an array");
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("%s, condition %u", what, i);
      Condition c = { 0 };
      const char *otherwise;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return fail (error, file, where, "expected an object");
      o = json_node_get_object (element);
      if (!read_fact (get_string (o, "fact"), &c.fact))
        return fail (error, file, where, "unknown \"fact\"; see data/rules/README.md");
      otherwise = get_string (o, "else");
      if (g_strcmp0 (otherwise, "unlikely") == 0)
        c.otherwise = LOKET_OUTCOME_UNLIKELY;
      else if (g_strcmp0 (otherwise, "maybe") == 0)
        c.otherwise = LOKET_OUTCOME_MAYBE;
      else
        return fail (error, file, where, "\"else\" must be \"unlikely\" or \"maybe\"");
      if ((c.reason = read_text (o, "reason", file, where, error)) == NULL)
        return FALSE;
      g_array_append_val (rule->conditions, c);
      {
        Condition *added = &g_array_index (rule->conditions, Condition, rule->conditions->len - 1);

        if (!read_bound (o, "min", -INFINITY, &added->min, &added->min_param, file, where, error)
            || !read_bound (o, "max", INFINITY, &added->max, &added->max_param, file, where, error))
          return FALSE;
        if (!json_object_has_member (o, "min") && !json_object_has_member (o, "max"))
          return fail (error, file, where, "needs \"min\", \"max\" or both");
      }
    }
  if (rule->conditions->len == 0)
    return fail (error, file, what, "\"conditions\" is empty");
  return TRUE;
}

static gboolean
read_amount (LoketRule   *rule,
             JsonObject  *object,
             const char  *file,
             const char  *what,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, "amount");
  const char *period;
  JsonObject *amount;
  JsonArray *terms;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, file, what, "\"amount\" must be an object");
  amount = json_node_get_object (node);
  period = get_string (amount, "period");
  if (g_strcmp0 (period, "month") == 0)
    rule->period = LOKET_PERIOD_MONTH;
  else if (g_strcmp0 (period, "quarter") == 0)
    rule->period = LOKET_PERIOD_QUARTER;
  else if (g_strcmp0 (period, "year") == 0)
    rule->period = LOKET_PERIOD_YEAR;
  else
    return fail (error, file, what, "amount \"period\" must be \"month\", \"quarter\" or \"year\"");
  if (!get_boolean (amount, "up_to", &rule->up_to))
    return fail (error, file, what, "amount \"up_to\" must be a boolean");
  node = json_object_get_member (amount, "terms");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return fail (error, file, what, "amount \"terms\" must be a non-empty array");
  terms = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (terms); i++)
    {
      JsonNode *element = json_array_get_element (terms, i);
      Term t = { 0 };
      JsonObject *o;
      JsonNode *ages;

      if (!JSON_NODE_HOLDS_OBJECT (element) || get_string (json_node_get_object (element), "param") == NULL)
        return fail (error, file, what, "amount term %u needs a \"param\"", i);
      o = json_node_get_object (element);
      if (!get_boolean (o, "when_single", &t.when_single))
        return fail (error, file, what, "amount term %u: \"when_single\" must be a boolean", i);
      if ((ages = json_object_get_member (o, "per_child")) != NULL)
        {
          double a, b;

          if (!JSON_NODE_HOLDS_ARRAY (ages) || json_array_get_length (json_node_get_array (ages)) != 2
              || !get_number (json_array_get_element (json_node_get_array (ages), 0), &a)
              || !get_number (json_array_get_element (json_node_get_array (ages), 1), &b)
              || a < 0 || b > 17 || a > b)
            return fail (error, file, what, "amount term %u: \"per_child\" must be [from, to] ages 0–17", i);
          t.per_child = TRUE;
          t.child_min = a;
          t.child_max = b;
        }
      t.param = g_strdup (get_string (o, "param"));
      g_array_append_val (rule->terms, t);
    }
  rule->has_amount = TRUE;
  return TRUE;
}

/**
 * loket_rules_add_rule:
 * @file: the file @object came from, for error messages
 * @object: one element of a "rules" array
 *
 * Reads one rule (data/rules/README.md). References to parameters are checked by
 * loket_rules_check(), once every file is read.
 */
gboolean
loket_rules_add_rule (LoketRules  *self,
                      const char  *file,
                      JsonObject  *object,
                      GError     **error)
{
  g_autoptr(LoketRule) rule = g_object_new (LOKET_TYPE_RULE, NULL);
  g_autofree char *what = NULL;
  const char *id, *outcome;
  JsonNode *basis, *events;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (LOKET_IS_RULES (self), FALSE);
  g_return_val_if_fail (file != NULL && object != NULL, FALSE);

  id = get_string (object, "id");
  if (id == NULL || *id == '\0' || strspn (id, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen (id))
    return fail (error, file, "rule", "\"id\" must be a string of a-z, 0-9 and -");
  what = g_strdup_printf ("rule \"%s\"", id);
  if (loket_rules_lookup (self, id) != NULL)
    return fail (error, file, what, "the id is used twice");
  rule->id = g_strdup (id);

  if ((rule->title = read_text (object, "title", file, what, error)) == NULL
      || (rule->reason = read_text (object, "reason", file, what, error)) == NULL
      || (rule->next_step = read_text (object, "next_step", file, what, error)) == NULL)
    return FALSE;

  basis = json_object_get_member (object, "legal_basis");
  if (basis == NULL || !JSON_NODE_HOLDS_OBJECT (basis)
      || get_string (json_node_get_object (basis), "title") == NULL
      || !g_str_has_prefix (get_string (json_node_get_object (basis), "url") ?: "",
                            "https://wetten.overheid.nl/"))
    return fail (error, file, what, "\"legal_basis\" needs a \"title\" and a \"url\" on https://wetten.overheid.nl/");
  rule->basis_title = g_strdup (get_string (json_node_get_object (basis), "title"));
  rule->basis_url = g_strdup (get_string (json_node_get_object (basis), "url"));

  events = json_object_get_member (object, "life_events");
  if (events == NULL || !JSON_NODE_HOLDS_ARRAY (events))
    return fail (error, file, what, "\"life_events\" must be an array of life event ids");
  for (guint i = 0; i < json_array_get_length (json_node_get_array (events)); i++)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (events), i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        return fail (error, file, what, "\"life_events\" must hold strings");
      g_strv_builder_add (builder, json_node_get_string (e));
    }
  rule->life_events = g_strv_builder_end (builder);

  rule->service = g_strdup (get_string (object, "service"));
  if (!get_boolean (object, "automatic", &rule->automatic))
    return fail (error, file, what, "\"automatic\" must be a boolean");
  outcome = get_string (object, "outcome");
  if (outcome == NULL || g_str_equal (outcome, "likely"))
    rule->outcome = LOKET_OUTCOME_LIKELY;
  else if (g_str_equal (outcome, "maybe"))
    rule->outcome = LOKET_OUTCOME_MAYBE;
  else
    return fail (error, file, what, "\"outcome\" must be \"likely\" or \"maybe\"");

  if (!read_conditions (rule, object, file, what, error) || !read_amount (rule, object, file, what, error))
    return FALSE;

  g_ptr_array_add (self->rules, g_steal_pointer (&rule));
  return TRUE;
}

static gboolean
parse_iso_date (const char *text,
                GDate      *date)
{
  guint y, m, d;
  char end;

  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &end) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

static gboolean
read_aow_table (Param       *param,
                JsonNode    *node,
                const char  *file,
                const char  *what,
                GError     **error)
{
  JsonArray *rows;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, file, what, "\"table\" must be an array");
  rows = json_node_get_array (node);
  param->table = g_array_new (FALSE, TRUE, sizeof (AowRow));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *element = json_array_get_element (rows, i);
      AowRow row = { 0 };
      double years, months;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return fail (error, file, what, "table row %u: expected an object", i);
      o = json_node_get_object (element);
      g_date_clear (&row.from, 1);
      g_date_clear (&row.until, 1);
      if (get_string (o, "born_from") == NULL || get_string (o, "born_until") == NULL)
        return fail (error, file, what, "table row %u: needs \"born_from\" and \"born_until\"", i);
      if (!parse_iso_date (get_string (o, "born_from"), &row.from)
          || !parse_iso_date (get_string (o, "born_until"), &row.until)
          || !get_number (json_object_get_member (o, "years"), &years)
          || !get_number (json_object_get_member (o, "months"), &months)
          || !get_boolean (o, "unverified", &row.unverified))
        return fail (error, file, what, "table row %u: bad dates, \"years\" or \"months\"", i);
      if (years < 60 || years > 80 || months < 0 || months > 11 || g_date_compare (&row.from, &row.until) > 0)
        return fail (error, file, what, "table row %u: an AOW age of 60–80 years and 0–11 months, "
                     "\"born_from\" not after \"born_until\"", i);
      row.years = years;
      row.months = months;
      g_array_append_val (param->table, row);
    }
  return TRUE;
}

/**
 * loket_rules_add_parameters:
 * @object: one element of a "rule_parameters" array: `{"year": 2026, "values": {…}}`
 */
gboolean
loket_rules_add_parameters (LoketRules  *self,
                            const char  *file,
                            JsonObject  *object,
                            GError     **error)
{
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GList) names = NULL;
  double year;
  JsonNode *node;

  g_return_val_if_fail (LOKET_IS_RULES (self), FALSE);
  g_return_val_if_fail (file != NULL && object != NULL, FALSE);

  if (!get_number (json_object_get_member (object, "year"), &year) || year < 2000 || year > 2100)
    return fail (error, file, "rule_parameters", "\"year\" must be a year");
  if (g_hash_table_contains (self->years, GUINT_TO_POINTER ((guint) year)))
    return fail (error, file, "rule_parameters", "the year %u is given twice", (guint) year);
  node = json_object_get_member (object, "values");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, file, "rule_parameters", "\"values\" must be an object");

  values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, param_free);
  names = json_object_get_members (json_node_get_object (node));
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *value_node = json_object_get_member (json_node_get_object (node), l->data);
      g_autofree char *what = g_strdup_printf ("parameter \"%s\"", (const char *) l->data);
      Param *param;
      const char *source;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (value_node))
        return fail (error, file, what, "expected an object");
      o = json_node_get_object (value_node);
      param = g_new0 (Param, 1);
      g_hash_table_insert (values, g_strdup (l->data), param);
      source = get_string (o, "source");
      if (source == NULL || *source == '\0')
        return fail (error, file, what, "every figure needs its \"source\"");
      if (!get_number (json_object_get_member (o, "year"), &year))
        return fail (error, file, what, "every figure needs the \"year\" it holds for");
      if (!get_boolean (o, "unverified", &param->unverified))
        return fail (error, file, what, "\"unverified\" must be a boolean");
      if (json_object_has_member (o, "table"))
        {
          if (!read_aow_table (param, json_object_get_member (o, "table"), file, what, error))
            return FALSE;
        }
      else if (get_number (json_object_get_member (o, "value"), &param->single))
        param->partner = param->single;
      else if (get_number (json_object_get_member (o, "single"), &param->single)
               && get_number (json_object_get_member (o, "partner"), &param->partner))
        param->by_partner = TRUE;
      else
        return fail (error, file, what, "needs a \"value\", or \"single\" and \"partner\"");
    }

  year = json_node_get_int (json_object_get_member (object, "year"));
  g_hash_table_insert (self->years, GUINT_TO_POINTER ((guint) year), g_steal_pointer (&values));
  return TRUE;
}

/* Whether a parameter a rule names exists in @values, the parameters of @year. */
static gboolean
check_name (GHashTable  *values,
            guint        year,
            LoketRule   *rule,
            const char  *name,
            GError     **error)
{
  if (name == NULL || g_hash_table_contains (values, name))
    return TRUE;
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
               "rule \"%s\": parameter \"%s\" is missing in the parameters of %u", rule->id, name, year);
  return FALSE;
}

static gboolean
check_placeholders (GHashTable      *values,
                    guint            year,
                    LoketRule       *rule,
                    const LoketText *text,
                    GError         **error)
{
  for (guint l = 0; l < LOKET_N_LANGUAGES; l++)
    {
      const char *s = loket_text_get_exact (text, l);

      while (s != NULL && (s = strchr (s, '{')) != NULL)
        {
          const char *end = strchr (s, '}');
          g_autofree char *name = NULL;

          if (end == NULL)
            {
              g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                           "rule \"%s\": a \"{\" without \"}\" in the %s text", rule->id,
                           loket_language_get_code (l));
              return FALSE;
            }
          name = g_strndup (s + 1, end - s - 1);
          if (!check_name (values, year, rule, name, error))
            return FALSE;
          s = end;
        }
    }
  return TRUE;
}

/**
 * loket_rules_check:
 *
 * Every parameter a rule names exists in every year's parameters.
 */
gboolean
loket_rules_check (LoketRules  *self,
                   GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (LOKET_IS_RULES (self), FALSE);

  if (self->rules->len > 0 && g_hash_table_size (self->years) == 0)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                           "rules: there are rules but no \"rule_parameters\"");
      return FALSE;
    }

  g_hash_table_iter_init (&iter, self->years);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint year = GPOINTER_TO_UINT (key);

      for (guint r = 0; r < self->rules->len; r++)
        {
          LoketRule *rule = self->rules->pdata[r];
          g_autoptr(GPtrArray) texts = loket_rule_dup_texts (rule);

          for (guint i = 0; i < rule->conditions->len; i++)
            {
              Condition *c = &g_array_index (rule->conditions, Condition, i);

              if (!check_name (value, year, rule, c->min_param, error)
                  || !check_name (value, year, rule, c->max_param, error))
                return FALSE;
            }
          for (guint i = 0; i < rule->terms->len; i++)
            if (!check_name (value, year, rule, g_array_index (rule->terms, Term, i).param, error))
              return FALSE;
          for (guint i = 0; i < texts->len; i++)
            if (!check_placeholders (value, year, rule, texts->pdata[i], error))
              return FALSE;
        }
    }
  return TRUE;
}

guint
loket_rules_get_n_rules (LoketRules *self)
{
  g_return_val_if_fail (LOKET_IS_RULES (self), 0);
  return self->rules->len;
}

/**
 * loket_rules_get_rule:
 *
 * Returns: (transfer none): the rule at @index, in file order
 */
LoketRule *
loket_rules_get_rule (LoketRules *self,
                      guint       index)
{
  g_return_val_if_fail (LOKET_IS_RULES (self), NULL);
  g_return_val_if_fail (index < self->rules->len, NULL);
  return self->rules->pdata[index];
}

/**
 * loket_rules_lookup:
 *
 * Returns: (transfer none) (nullable): the rule with @id
 */
LoketRule *
loket_rules_lookup (LoketRules *self,
                    const char *id)
{
  g_return_val_if_fail (LOKET_IS_RULES (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->rules->len; i++)
    if (g_str_equal (LOKET_RULE (self->rules->pdata[i])->id, id))
      return self->rules->pdata[i];
  return NULL;
}

/**
 * loket_rules_get_parameter_year:
 *
 * Returns: the year whose parameters hold for @year: @year itself, else the latest year before
 *   it, else the earliest year there is; 0 if there are no parameters
 */
guint
loket_rules_get_parameter_year (LoketRules *self,
                                guint       year)
{
  GHashTableIter iter;
  gpointer key;
  guint best = 0, earliest = G_MAXUINT;

  g_return_val_if_fail (LOKET_IS_RULES (self), 0);

  g_hash_table_iter_init (&iter, self->years);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint y = GPOINTER_TO_UINT (key);

      if (y <= year && y > best)
        best = y;
      earliest = MIN (earliest, y);
    }
  return best ? best : (earliest == G_MAXUINT ? 0 : earliest);
}

static Param *
lookup_param (LoketRules *self,
              guint       year,
              const char *name)
{
  GHashTable *values = g_hash_table_lookup (self->years,
                                            GUINT_TO_POINTER (loket_rules_get_parameter_year (self, year)));

  return values ? g_hash_table_lookup (values, name) : NULL;
}

gboolean
loket_rules_get_parameter (LoketRules *self,
                           guint       year,
                           const char *name,
                           gboolean    partner,
                           double     *value,
                           gboolean   *unverified)
{
  Param *param;

  g_return_val_if_fail (LOKET_IS_RULES (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if ((param = lookup_param (self, year, name)) == NULL)
    return FALSE;
  if (value != NULL)
    *value = partner ? param->partner : param->single;
  if (unverified != NULL)
    *unverified = param->unverified;
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Evaluation                                                                                  */

typedef enum
{
  STATUS_MET,
  STATUS_VIOLATED,
  STATUS_UNCERTAIN,
  STATUS_UNKNOWN,
} Status;

typedef struct
{
  LoketRules           *rules;
  const LoketRuleFacts *facts;
  guint                 year;
  gboolean              estimate;
  LoketRuleFact         missing; /* when a bound needs a fact that is unknown */
} Eval;

/* The partner fact, 0/1, or -1 when not known exactly. */
static int
partner_of (const LoketRuleFacts *facts)
{
  const Range *r = &facts->facts[LOKET_RULE_FACT_PARTNER];

  if (!r->known || r->low != r->high)
    return -1;
  return r->low > 0;
}

/* A bound's value; FALSE if it depends on whether there is a partner, which is not known. */
static gboolean
resolve (Eval       *eval,
         const char *name,
         double      literal,
         double     *out)
{
  Param *param;
  int partner;

  if (name == NULL)
    {
      *out = literal;
      return TRUE;
    }
  param = lookup_param (eval->rules, eval->year, name);
  g_assert (param != NULL); /* loket_rules_check() */
  eval->estimate |= param->unverified;
  if (!param->by_partner)
    {
      *out = param->single;
      return TRUE;
    }
  if ((partner = partner_of (eval->facts)) < 0)
    {
      eval->missing = LOKET_RULE_FACT_PARTNER;
      return FALSE;
    }
  *out = partner ? param->partner : param->single;
  return TRUE;
}

static Status
check_condition (Eval            *eval,
                 const Condition *c)
{
  const Range *fact = &eval->facts->facts[c->fact];
  double min, max;

  if (!fact->known)
    {
      eval->missing = c->fact;
      return STATUS_UNKNOWN;
    }
  if (!resolve (eval, c->min_param, c->min, &min) || !resolve (eval, c->max_param, c->max, &max))
    return STATUS_UNKNOWN;
  if (fact->high < min || fact->low > max)
    return STATUS_VIOLATED;
  if (fact->low >= min && fact->high <= max)
    return STATUS_MET;
  return STATUS_UNCERTAIN;
}

/* Replaces {parameter} by the amount it stands for. */
static char *
expand (Eval          *eval,
        const char    *text,
        LoketLanguage  language)
{
  g_autoptr(GString) out = g_string_new (NULL);
  int partner = partner_of (eval->facts);
  const char *s = text;

  while (*s != '\0')
    {
      const char *open = strchr (s, '{');
      const char *close = open ? strchr (open, '}') : NULL;
      g_autofree char *name = NULL;
      Param *param;

      if (open == NULL || close == NULL)
        {
          g_string_append (out, s);
          break;
        }
      g_string_append_len (out, s, open - s);
      name = g_strndup (open + 1, close - open - 1);
      if ((param = lookup_param (eval->rules, eval->year, name)) != NULL)
        {
          g_autofree char *money = loket_format_money (partner > 0 ? param->partner : param->single,
                                                       language);

          eval->estimate |= param->unverified;
          g_string_append (out, money);
        }
      s = close + 1;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The value one child of @age adds. */
static double
child_value (Eval      *eval,
             LoketRule *rule,
             guint      age)
{
  double sum = 0;

  for (guint i = 0; i < rule->terms->len; i++)
    {
      Term *t = &g_array_index (rule->terms, Term, i);
      double v;

      if (t->per_child && age >= t->child_min && age <= t->child_max && resolve (eval, t->param, 0, &v))
        sum += v;
    }
  return sum;
}

static void
compute_amount (Eval            *eval,
                LoketRule       *rule,
                LoketRuleResult *result)
{
  const LoketRuleFacts *facts = eval->facts;
  double low = 0, high = 0;
  gboolean per_child = FALSE;
  int partner = partner_of (facts);

  for (guint i = 0; i < rule->terms->len; i++)
    {
      Term *t = &g_array_index (rule->terms, Term, i);
      double v;

      if (t->per_child)
        {
          per_child = TRUE;
          continue;
        }
      if (!resolve (eval, t->param, 0, &v))
        return;
      if (t->when_single)
        {
          if (partner == 0)
            low += v, high += v;
          else if (partner < 0)
            high += v;
          continue;
        }
      low += v;
      high += v;
    }

  if (per_child)
    {
      const Range *children = &facts->facts[LOKET_RULE_FACT_CHILDREN];

      if (facts->child_ages != NULL)
        {
          for (guint i = 0; i < facts->child_ages->len; i++)
            {
              double v = child_value (eval, rule, g_array_index (facts->child_ages, guint, i));

              low += v;
              high += v;
            }
        }
      else if (children->known)
        {
          double least = INFINITY, most = 0;

          for (guint age = 0; age < 18; age++)
            {
              double v = child_value (eval, rule, age);

              least = MIN (least, v);
              most = MAX (most, v);
            }
          low += children->low * least;
          high = isinf (children->high) ? INFINITY : high + children->high * most;
        }
      else
        return;
    }

  result->has_amount = TRUE;
  result->amount_min = rule->up_to ? 0 : low;
  result->amount_max = high;
  result->period = rule->period;
  if (result->amount_max <= 0 || (result->amount_min == 0 && isinf (result->amount_max)))
    result->has_amount = FALSE;
}

/**
 * loket_rules_evaluate:
 * @year: the calendar year the answer is for
 * @language: the language of the reason
 *
 * Returns: (transfer full): the outcome for @rule with what @facts say
 */
LoketRuleResult *
loket_rules_evaluate (LoketRules           *self,
                      LoketRule            *rule,
                      const LoketRuleFacts *facts,
                      guint                 year,
                      LoketLanguage         language)
{
  g_autoptr(LoketRuleResult) result = g_new0 (LoketRuleResult, 1);
  Eval eval = { self, facts, year, FALSE, LOKET_RULE_FACT_AGE };
  const Condition *violated = NULL, *soft = NULL;
  gboolean uncertain = FALSE, unknown = FALSE;
  LoketRuleFact missing = LOKET_RULE_FACT_AGE;
  const LoketText *reason;

  g_return_val_if_fail (LOKET_IS_RULES (self), NULL);
  g_return_val_if_fail (LOKET_IS_RULE (rule), NULL);
  g_return_val_if_fail (facts != NULL, NULL);

  result->rule = rule;
  for (guint i = 0; i < rule->conditions->len; i++)
    {
      const Condition *c = &g_array_index (rule->conditions, Condition, i);

      switch (check_condition (&eval, c))
        {
        case STATUS_MET:
          break;
        case STATUS_VIOLATED:
          if (c->otherwise == LOKET_OUTCOME_UNLIKELY && violated == NULL)
            violated = c;
          else if (soft == NULL)
            soft = c;
          break;
        case STATUS_UNCERTAIN:
          uncertain = TRUE;
          break;
        case STATUS_UNKNOWN:
        default:
          if (!unknown)
            missing = eval.missing;
          unknown = TRUE;
          break;
        }
    }

  if (violated != NULL)
    {
      result->outcome = LOKET_OUTCOME_UNLIKELY;
      reason = violated->reason;
    }
  else if (unknown)
    {
      result->outcome = LOKET_OUTCOME_NEEDS_ANSWER;
      result->question = loket_rule_fact_get_question (missing);
      reason = NULL;
    }
  else if (soft != NULL)
    {
      result->outcome = LOKET_OUTCOME_MAYBE;
      reason = soft->reason;
    }
  else
    {
      result->outcome = uncertain ? LOKET_OUTCOME_MAYBE : rule->outcome;
      reason = rule->reason;
    }

  if (reason != NULL)
    {
      g_autofree char *text = expand (&eval, loket_text_get (reason, language, NULL), language);

      if (uncertain && violated == NULL && soft == NULL)
        /* Translators: %s explains why someone may get a benefit; the rest says why it is not sure */
        result->reason = g_strdup_printf (_("%s Your answers are close to a limit, so the official check decides."), text);
      else
        result->reason = g_steal_pointer (&text);
    }
  else
    result->reason = g_strdup (_("One more answer is needed."));

  if (rule->has_amount && (result->outcome == LOKET_OUTCOME_LIKELY || result->outcome == LOKET_OUTCOME_MAYBE))
    compute_amount (&eval, rule, result);
  result->estimate = eval.estimate;
  return g_steal_pointer (&result);
}

/**
 * loket_rules_evaluate_event:
 *
 * Returns: (transfer full) (element-type LoketRuleResult): the results of every rule that
 *   belongs to @life_event_id, most hopeful first
 */
GPtrArray *
loket_rules_evaluate_event (LoketRules           *self,
                            const char           *life_event_id,
                            const LoketRuleFacts *facts,
                            guint                 year,
                            LoketLanguage         language)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_rule_result_free);

  g_return_val_if_fail (LOKET_IS_RULES (self), results);
  g_return_val_if_fail (life_event_id != NULL, results);

  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  for (guint i = 0; i < self->rules->len; i++)
    if (loket_rule_applies_to_event (self->rules->pdata[i], life_event_id))
      g_ptr_array_add (all, loket_rules_evaluate (self, self->rules->pdata[i], facts, year, language));

  /* Most hopeful first, in file order within each outcome. */
  for (LoketOutcome o = LOKET_OUTCOME_LIKELY; o <= LOKET_OUTCOME_UNLIKELY; o++)
    for (guint i = 0; i < all->len; i++)
      if (((LoketRuleResult *) all->pdata[i])->outcome == o)
        g_ptr_array_add (results, all->pdata[i]);
  return results;
}

/**
 * loket_rules_next_question:
 * @results: (element-type LoketRuleResult): results of loket_rules_evaluate_event()
 *
 * Returns: the question that most results wait for (ties: the earlier question), or -1
 */
int
loket_rules_next_question (GPtrArray *results)
{
  guint votes[LOKET_N_QUESTIONS] = { 0 };
  int best = -1;

  g_return_val_if_fail (results != NULL, -1);

  for (guint i = 0; i < results->len; i++)
    {
      LoketRuleResult *r = results->pdata[i];

      if (r->outcome == LOKET_OUTCOME_NEEDS_ANSWER)
        votes[r->question]++;
    }
  for (int q = 0; q < LOKET_N_QUESTIONS; q++)
    if (votes[q] > 0 && (best < 0 || votes[q] > votes[best]))
      best = q;
  return best;
}

void
loket_rule_result_free (LoketRuleResult *result)
{
  if (result == NULL)
    return;
  g_free (result->reason);
  g_free (result);
}

/**
 * loket_rule_result_dup_amount:
 *
 * Returns: (transfer full) (nullable): the amount range in words, for example
 *   "up to € 129 a month"; %NULL when the result has no amount
 */
char *
loket_rule_result_dup_amount (const LoketRuleResult *result,
                              LoketLanguage          language)
{
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  if (!result->has_amount)
    return NULL;
  low = loket_format_money (result->amount_min, language);
  high = loket_format_money (result->amount_max, language);

  if (isinf (result->amount_max))
    switch (result->period)
      {
      case LOKET_PERIOD_MONTH:
        return g_strdup_printf (_("at least %s a month"), low);
      case LOKET_PERIOD_QUARTER:
        return g_strdup_printf (_("at least %s a quarter"), low);
      case LOKET_PERIOD_YEAR:
      default:
        return g_strdup_printf (_("at least %s a year"), low);
      }
  if (result->amount_min == 0)
    switch (result->period)
      {
      case LOKET_PERIOD_MONTH:
        return g_strdup_printf (_("up to %s a month"), high);
      case LOKET_PERIOD_QUARTER:
        return g_strdup_printf (_("up to %s a quarter"), high);
      case LOKET_PERIOD_YEAR:
      default:
        return g_strdup_printf (_("up to %s a year"), high);
      }
  if (result->amount_min == result->amount_max)
    switch (result->period)
      {
      case LOKET_PERIOD_MONTH:
        return g_strdup_printf (_("%s a month"), high);
      case LOKET_PERIOD_QUARTER:
        return g_strdup_printf (_("%s a quarter"), high);
      case LOKET_PERIOD_YEAR:
      default:
        return g_strdup_printf (_("%s a year"), high);
      }
  switch (result->period)
    {
    case LOKET_PERIOD_MONTH:
      /* Translators: an amount range, for example "€ 295 to € 422 a month" */
      return g_strdup_printf (_("%s to %s a month"), low, high);
    case LOKET_PERIOD_QUARTER:
      return g_strdup_printf (_("%s to %s a quarter"), low, high);
    case LOKET_PERIOD_YEAR:
    default:
      return g_strdup_printf (_("%s to %s a year"), low, high);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* AOW                                                                                         */

/**
 * loket_rules_get_aow_date:
 * @birth: the date of birth
 * @aow_date: (out): the day AOW starts
 * @unverified: (out) (optional): the AOW age for this birth date was not confirmed
 *
 * The day someone reaches AOW age: the birth date plus the AOW age of the row in the "aow.ages"
 * table that holds @birth. Someone born on 29 February reaches an age on 28 February in a year
 * without that day.
 *
 * Returns: %FALSE when the AOW age for @birth is not fixed yet
 */
gboolean
loket_rules_get_aow_date (LoketRules  *self,
                          guint        year,
                          const GDate *birth,
                          GDate       *aow_date,
                          gboolean    *unverified)
{
  Param *param;

  g_return_val_if_fail (LOKET_IS_RULES (self), FALSE);
  g_return_val_if_fail (birth != NULL && g_date_valid (birth), FALSE);
  g_return_val_if_fail (aow_date != NULL, FALSE);

  param = lookup_param (self, year, "aow.ages");
  if (param == NULL || param->table == NULL)
    return FALSE;

  for (guint i = 0; i < param->table->len; i++)
    {
      AowRow *row = &g_array_index (param->table, AowRow, i);

      if (g_date_compare (birth, &row->from) < 0 || g_date_compare (birth, &row->until) > 0)
        continue;
      *aow_date = *birth;
      g_date_add_months (aow_date, row->years * 12 + row->months);
      if (unverified != NULL)
        *unverified = row->unverified || param->unverified;
      return TRUE;
    }
  return FALSE;
}
