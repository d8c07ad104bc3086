/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test-rules"

#include "config.h"

#include <math.h>
#include <string.h>

#include "loket-catalog.h"
#include "loket-error.h"
#include "loket-i18n.h"
#include "loket-rules.h"
#include "loket-session.h"
#include "loket-sign-in.h"
#include "loket-test-shim.h"

/*
 * The rules engine (issue 6): the bundled rules and their parameters, a table of cases at and
 * around every boundary of every rule, the anonymous questions, texts in every language, bad rule
 * files, and the whole way from a test person of the reference back-end — signed in with the
 * device flow, the catalog and its rules synced from the back-end — to the outcomes.
 */

#define YEAR 2026

static LoketRules *
bundled_rules (void)
{
  static LoketCatalog *catalog;
  g_autoptr(GError) error = NULL;

  if (catalog == NULL)
    {
      catalog = loket_catalog_new_from_resource (RESOURCE_BASE "/catalog/", &error);
      g_assert_no_error (error);
    }
  return loket_catalog_get_rules (catalog);
}

/* ---- the table ---- */

/* A fact value, or UNKNOWN for a fact nobody gave. */
#define UNKNOWN (-1.0)

typedef struct
{
  const char   *rule;
  double        age, partner, children, income, assets, renting, owner, low, low_years;
  LoketOutcome  outcome;
  LoketQuestion question; /* for NEEDS_ANSWER */
} Case;

/* Everything that makes every rule likely for a single adult. */
#define OK_SINGLE 40, 0, 1, 20000, 1000, 1, 0, 1, 5

static const Case cases[] = {
  /* zorgtoeslag: 18+, income ≤ € 40 857 / € 51 142, assets ≤ € 146 011 / € 184 633 */
  { "zorgtoeslag", 17, 0, 0, 20000, 0, 0, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "zorgtoeslag", 18, 0, 0, 20000, 0, 0, 0, 0, 0, LOKET_OUTCOME_LIKELY },
  { "zorgtoeslag", 40, 0, 0, 40857, 0, 0, 0, 0, 0, LOKET_OUTCOME_LIKELY },
  { "zorgtoeslag", 40, 0, 0, 40858, 0, 0, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "zorgtoeslag", 40, 1, 0, 51142, 0, 0, 0, 0, 0, LOKET_OUTCOME_LIKELY },
  { "zorgtoeslag", 40, 1, 0, 51143, 0, 0, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "zorgtoeslag", 40, 0, 0, 20000, 146011, 0, 0, 0, 0, LOKET_OUTCOME_LIKELY },
  { "zorgtoeslag", 40, 0, 0, 20000, 146012, 0, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "zorgtoeslag", 40, 1, 0, 20000, 184633, 0, 0, 0, 0, LOKET_OUTCOME_LIKELY },
  { "zorgtoeslag", 40, 1, 0, 20000, 184634, 0, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "zorgtoeslag", 40, UNKNOWN, 0, 20000, 0, 0, 0, 0, 0, LOKET_OUTCOME_NEEDS_ANSWER, LOKET_QUESTION_HOUSEHOLD },
  { "zorgtoeslag", UNKNOWN, 0, 0, 20000, 0, 0, 0, 0, 0, LOKET_OUTCOME_NEEDS_ANSWER, LOKET_QUESTION_AGE },
  { "zorgtoeslag", 40, 0, 0, UNKNOWN, 0, 0, 0, 0, 0, LOKET_OUTCOME_NEEDS_ANSWER, LOKET_QUESTION_INCOME },
  /* a hard "no" needs no more answers */
  { "zorgtoeslag", 17, UNKNOWN, 0, UNKNOWN, UNKNOWN, 0, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },

  /* huurtoeslag: 18+, renting a self-contained home, income below the zero point, assets */
  { "huurtoeslag", 17, 0, 0, 20000, 0, 1, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "huurtoeslag", 18, 0, 0, 20000, 0, 1, 0, 0, 0, LOKET_OUTCOME_LIKELY },
  { "huurtoeslag", 40, 0, 0, 20000, 0, 0, 1, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "huurtoeslag", 40, 0, 0, 46682, 0, 1, 0, 0, 0, LOKET_OUTCOME_LIKELY },
  { "huurtoeslag", 40, 0, 0, 46683, 0, 1, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "huurtoeslag", 40, 1, 0, 60141, 0, 1, 0, 0, 0, LOKET_OUTCOME_LIKELY },
  { "huurtoeslag", 40, 1, 0, 60142, 0, 1, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "huurtoeslag", 40, 0, 0, 20000, 38479, 1, 0, 0, 0, LOKET_OUTCOME_LIKELY },
  { "huurtoeslag", 40, 0, 0, 20000, 38480, 1, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "huurtoeslag", 40, 1, 0, 20000, 76958, 1, 0, 0, 0, LOKET_OUTCOME_LIKELY },
  { "huurtoeslag", 40, 1, 0, 20000, 76959, 1, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "huurtoeslag", 40, 0, 0, 20000, 0, UNKNOWN, UNKNOWN, 0, 0, LOKET_OUTCOME_NEEDS_ANSWER, LOKET_QUESTION_HOUSING },

  /* kinderbijslag: at least one child under 18; no income or asset test */
  { "kinderbijslag", 30, 0, 0, 20000, 0, 0, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "kinderbijslag", 30, 0, 1, 20000, 0, 0, 0, 0, 0, LOKET_OUTCOME_LIKELY },
  { "kinderbijslag", 30, 1, 3, 500000, 9e6, 0, 1, 0, 0, LOKET_OUTCOME_LIKELY },
  { "kinderbijslag", UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, 0, 0, 0, 0, LOKET_OUTCOME_NEEDS_ANSWER, LOKET_QUESTION_CHILDREN },

  /* kindgebonden budget: a child, income below the zero point, assets as zorgtoeslag */
  { "kindgebonden-budget", 30, 0, 0, 20000, 0, 0, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "kindgebonden-budget", 30, 0, 1, 108600, 0, 0, 0, 0, 0, LOKET_OUTCOME_LIKELY },
  { "kindgebonden-budget", 30, 0, 1, 108601, 0, 0, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "kindgebonden-budget", 30, 1, 1, 73100, 0, 0, 0, 0, 0, LOKET_OUTCOME_LIKELY },
  { "kindgebonden-budget", 30, 1, 1, 73101, 0, 0, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "kindgebonden-budget", 30, 0, 2, 20000, 146011, 0, 0, 0, 0, LOKET_OUTCOME_LIKELY },
  { "kindgebonden-budget", 30, 0, 2, 20000, 146012, 0, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "kindgebonden-budget", 30, 1, 2, 20000, 184634, 0, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },

  /* AOW: shown from 60 */
  { "aow", 59, 0, 0, 0, 0, 0, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "aow", 60, 0, 0, 0, 0, 0, 0, 0, 0, LOKET_OUTCOME_LIKELY },
  { "aow", 80, 1, 0, 0, 0, 0, 0, 0, 0, LOKET_OUTCOME_LIKELY },

  /* individuele inkomenstoeslag: 21 to 66, 3+ years of low income, bijstand assets; the
   * municipality decides, so never more than "maybe" */
  { "individuele-inkomenstoeslag", 20, 0, 0, 0, 0, 0, 0, 1, 5, LOKET_OUTCOME_UNLIKELY },
  { "individuele-inkomenstoeslag", 21, 0, 0, 0, 0, 0, 0, 1, 5, LOKET_OUTCOME_MAYBE },
  { "individuele-inkomenstoeslag", 66, 0, 0, 0, 0, 0, 0, 1, 5, LOKET_OUTCOME_MAYBE },
  { "individuele-inkomenstoeslag", 67, 0, 0, 0, 0, 0, 0, 1, 5, LOKET_OUTCOME_UNLIKELY },
  { "individuele-inkomenstoeslag", 40, 0, 0, 0, 0, 0, 0, 1, 2.99, LOKET_OUTCOME_UNLIKELY },
  { "individuele-inkomenstoeslag", 40, 0, 0, 0, 0, 0, 0, 1, 3, LOKET_OUTCOME_MAYBE },
  { "individuele-inkomenstoeslag", 40, 0, 0, 0, 8000, 0, 0, 1, 5, LOKET_OUTCOME_MAYBE },
  { "individuele-inkomenstoeslag", 40, 0, 0, 0, 8001, 0, 0, 1, 5, LOKET_OUTCOME_UNLIKELY },
  { "individuele-inkomenstoeslag", 40, 1, 0, 0, 16000, 0, 0, 1, 5, LOKET_OUTCOME_MAYBE },
  { "individuele-inkomenstoeslag", 40, 1, 0, 0, 16001, 0, 0, 1, 5, LOKET_OUTCOME_UNLIKELY },

  /* kwijtschelding: income at bijstand level, bijstand assets; a home owner: maybe */
  { "kwijtschelding", 40, 0, 0, 0, 0, 1, 0, 0, 0, LOKET_OUTCOME_UNLIKELY },
  { "kwijtschelding", 40, 0, 0, 0, 0, 1, 0, 1, 0, LOKET_OUTCOME_LIKELY },
  { "kwijtschelding", 40, 0, 0, 0, 8000, 1, 0, 1, 0, LOKET_OUTCOME_LIKELY },
  { "kwijtschelding", 40, 0, 0, 0, 8001, 1, 0, 1, 0, LOKET_OUTCOME_UNLIKELY },
  { "kwijtschelding", 40, 0, 0, 0, 0, 0, 1, 1, 0, LOKET_OUTCOME_MAYBE },
  { "kwijtschelding", 40, 0, 0, 0, 0, UNKNOWN, UNKNOWN, 1, 0, LOKET_OUTCOME_NEEDS_ANSWER, LOKET_QUESTION_HOUSING },
};

static LoketRuleFacts *
facts_of (const Case *c)
{
  LoketRuleFacts *facts = loket_rule_facts_new ();
  const double values[] = { c->age, c->partner, c->children, c->income, c->assets, c->renting,
                            c->owner, c->low, c->low_years };

  G_STATIC_ASSERT (G_N_ELEMENTS (values) == LOKET_N_RULE_FACTS);
  for (guint f = 0; f < LOKET_N_RULE_FACTS; f++)
    if (values[f] != UNKNOWN)
      loket_rule_facts_set (facts, f, values[f], values[f]);
  return facts;
}

static void
test_table (void)
{
  LoketRules *rules = bundled_rules ();
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      LoketRule *rule = loket_rules_lookup (rules, c->rule);
      g_autoptr(LoketRuleFacts) facts = facts_of (c);
      g_autoptr(LoketRuleResult) result = NULL;

      g_assert_nonnull (rule);
      result = loket_rules_evaluate (rules, rule, facts, YEAR, LOKET_LANGUAGE_EN);
      if (result->outcome != c->outcome)
        g_error ("case %u (%s): outcome %d, expected %d (%s)", i, c->rule, result->outcome,
                 c->outcome, result->reason);
      if (c->outcome == LOKET_OUTCOME_NEEDS_ANSWER)
        g_assert_cmpint (result->question, ==, c->question);
      g_assert_nonnull (result->reason);
      g_assert_cmpstr (result->reason, !=, "");
      g_assert_null (strchr (result->reason, '{'));
      g_hash_table_add (seen, (gpointer) c->rule);
    }

  /* Every rule has its cases. */
  g_assert_cmpuint (g_hash_table_size (seen), ==, loket_rules_get_n_rules (rules));
  g_assert_cmpuint (loket_rules_get_n_rules (rules), >=, 7);
  g_hash_table_unref (seen);
}

/* ---- reasons and amounts ---- */

static LoketRuleResult *
evaluate (const char     *id,
          LoketRuleFacts *facts,
          LoketLanguage   language)
{
  LoketRules *rules = bundled_rules ();

  return loket_rules_evaluate (rules, loket_rules_lookup (rules, id), facts, YEAR, language);
}

static void
test_reasons (void)
{
  const Case over = { "zorgtoeslag", 40, 0, 0, 45000, 0, 0, 0, 0, 0 };
  g_autoptr(LoketRuleFacts) facts = facts_of (&over);
  g_autoptr(LoketRuleResult) en = evaluate ("zorgtoeslag", facts, LOKET_LANGUAGE_EN);
  g_autoptr(LoketRuleResult) nl = evaluate ("zorgtoeslag", facts, LOKET_LANGUAGE_NL);
  g_autoptr(LoketRuleResult) ar = evaluate ("zorgtoeslag", facts, LOKET_LANGUAGE_AR);
  LoketRule *rule = loket_rules_lookup (bundled_rules (), "zorgtoeslag");

  /* The limit is written into the reason, in the reader's way of writing amounts. */
  g_assert_cmpint (en->outcome, ==, LOKET_OUTCOME_UNLIKELY);
  g_assert_nonnull (strstr (en->reason, "€40,857"));
  g_assert_nonnull (strstr (nl->reason, "€ 40.857"));
  g_assert_nonnull (strstr (nl->reason, "Uw inkomen is hoger"));
  g_assert_nonnull (strstr (ar->reason, "40,857"));
  g_assert_true (g_str_has_prefix (loket_rule_get_legal_basis_url (rule), "https://wetten.overheid.nl/BWBR0018451"));
  g_assert_cmpstr (loket_rule_get_service_id (rule), ==, "zorgtoeslag");
}

static void
test_amounts (void)
{
  g_autoptr(LoketRuleFacts) facts = loket_rule_facts_new ();
  const guint baby[] = { 0 }, ages[] = { 5, 6, 11, 12, 17 }, teen[] = { 12 }, older[] = { 16 };
  g_autofree char *text = NULL;
  LoketRuleResult *r;

  loket_rule_facts_set (facts, LOKET_RULE_FACT_PARTNER, 0, 0);
  loket_rule_facts_set (facts, LOKET_RULE_FACT_INCOME, 20000, 20000);
  loket_rule_facts_set (facts, LOKET_RULE_FACT_ASSETS, 0, 0);

  /* kinderbijslag per quarter by the child's age: 0–5, 6–11, 12–17 */
  loket_rule_facts_set_child_ages (facts, baby, 1);
  r = evaluate ("kinderbijslag", facts, LOKET_LANGUAGE_NL);
  g_assert_true (r->has_amount);
  g_assert_cmpfloat_with_epsilon (r->amount_min, 295.07, 0.001);
  g_assert_cmpfloat_with_epsilon (r->amount_max, 295.07, 0.001);
  g_assert_true (r->estimate); /* the 2026 amounts are [U] */
  text = loket_rule_result_dup_amount (r, LOKET_LANGUAGE_NL);
  g_assert_cmpstr (text, ==, "€ 295,07 a quarter"); /* the untranslated pattern in tests */
  g_clear_pointer (&text, g_free);
  loket_rule_result_free (r);

  loket_rule_facts_set_child_ages (facts, ages, G_N_ELEMENTS (ages));
  r = evaluate ("kinderbijslag", facts, LOKET_LANGUAGE_EN);
  g_assert_cmpfloat_with_epsilon (r->amount_max, 295.07 + 2 * 358.30 + 2 * 421.53, 0.001);
  loket_rule_result_free (r);

  /* Children whose ages are not known: the range from all young to all teenagers. */
  loket_rule_facts_set (facts, LOKET_RULE_FACT_CHILDREN, 2, 2);
  {
    g_autoptr(LoketRuleFacts) anonymous = loket_rule_facts_new ();

    loket_rule_facts_answer (anonymous, LOKET_QUESTION_CHILDREN, 2);
    r = evaluate ("kinderbijslag", anonymous, LOKET_LANGUAGE_EN);
    g_assert_cmpint (r->outcome, ==, LOKET_OUTCOME_LIKELY);
    g_assert_cmpfloat_with_epsilon (r->amount_min, 2 * 295.07, 0.001);
    g_assert_cmpfloat_with_epsilon (r->amount_max, 2 * 421.53, 0.001);
    text = loket_rule_result_dup_amount (r, LOKET_LANGUAGE_EN);
    g_assert_cmpstr (text, ==, "€590.14 to €843.06 a quarter");
    g_clear_pointer (&text, g_free);
    loket_rule_result_free (r);

    /* "3 or more": at least three children's worth */
    loket_rule_facts_answer (anonymous, LOKET_QUESTION_CHILDREN, 3);
    r = evaluate ("kinderbijslag", anonymous, LOKET_LANGUAGE_EN);
    g_assert_true (isinf (r->amount_max));
    text = loket_rule_result_dup_amount (r, LOKET_LANGUAGE_EN);
    g_assert_cmpstr (text, ==, "at least €885.21 a quarter");
    g_clear_pointer (&text, g_free);
    loket_rule_result_free (r);
  }

  /* kindgebonden budget: per child, age supplements 12–15 and 16–17, single-parent extra */
  loket_rule_facts_set_child_ages (facts, baby, 1);
  r = evaluate ("kindgebonden-budget", facts, LOKET_LANGUAGE_EN);
  g_assert_cmpint (r->outcome, ==, LOKET_OUTCOME_LIKELY);
  g_assert_cmpfloat (r->amount_min, ==, 0);
  g_assert_cmpfloat_with_epsilon (r->amount_max, 2580 + 3416, 0.001);
  loket_rule_result_free (r);
  loket_rule_facts_set_child_ages (facts, teen, 1);
  r = evaluate ("kindgebonden-budget", facts, LOKET_LANGUAGE_EN);
  g_assert_cmpfloat_with_epsilon (r->amount_max, 2580 + 724 + 3416, 0.001);
  loket_rule_result_free (r);
  loket_rule_facts_set_child_ages (facts, older, 1);
  loket_rule_facts_set (facts, LOKET_RULE_FACT_PARTNER, 1, 1);
  r = evaluate ("kindgebonden-budget", facts, LOKET_LANGUAGE_EN);
  g_assert_cmpfloat_with_epsilon (r->amount_max, 2580 + 964, 0.001);
  loket_rule_result_free (r);

  /* zorgtoeslag: up to the maximum for a single person or a couple */
  r = evaluate ("zorgtoeslag", facts, LOKET_LANGUAGE_EN);
  loket_rule_result_free (r);
  loket_rule_facts_set (facts, LOKET_RULE_FACT_AGE, 30, 30);
  r = evaluate ("zorgtoeslag", facts, LOKET_LANGUAGE_EN);
  g_assert_cmpint (r->outcome, ==, LOKET_OUTCOME_LIKELY);
  g_assert_cmpfloat (r->amount_max, ==, 246);
  text = loket_rule_result_dup_amount (r, LOKET_LANGUAGE_EN);
  g_assert_cmpstr (text, ==, "up to €246 a month");
  loket_rule_result_free (r);
}

/* ---- the anonymous questions ---- */

static void
test_questions (void)
{
  LoketRules *rules = bundled_rules ();
  g_autoptr(LoketRuleFacts) facts = loket_rule_facts_new ();
  g_autoptr(GPtrArray) results = NULL;
  guint asked = 0;
  int question;

  /* Money worries: the questions come one at a time until every rule has an answer. */
  while (TRUE)
    {
      g_clear_pointer (&results, g_ptr_array_unref);
      results = loket_rules_evaluate_event (rules, "money-worries", facts, YEAR, LOKET_LANGUAGE_EN);
      if ((question = loket_rules_next_question (results)) < 0)
        break;
      g_assert_cmpint (loket_rule_facts_get_answer (facts, question), ==, -1);
      /* a single person of 40, low income for years, little savings, renting, one child */
      switch (question)
        {
        case LOKET_QUESTION_HOUSEHOLD: loket_rule_facts_answer (facts, question, 0); break;
        case LOKET_QUESTION_AGE: loket_rule_facts_answer (facts, question, 2); break;
        case LOKET_QUESTION_INCOME: loket_rule_facts_answer (facts, question, 0); break;
        case LOKET_QUESTION_ASSETS: loket_rule_facts_answer (facts, question, 0); break;
        case LOKET_QUESTION_HOUSING: loket_rule_facts_answer (facts, question, 0); break;
        case LOKET_QUESTION_CHILDREN: loket_rule_facts_answer (facts, question, 1); break;
        case LOKET_QUESTION_LOW_INCOME: loket_rule_facts_answer (facts, question, 2); break;
        default: g_assert_not_reached ();
        }
      asked++;
      g_assert_cmpuint (asked, <=, LOKET_N_QUESTIONS);
    }
  g_assert_cmpuint (loket_rule_facts_get_n_answers (facts), ==, asked);
  for (guint i = 0; i < results->len; i++)
    {
      LoketRuleResult *r = results->pdata[i];

      g_assert_cmpint (r->outcome, !=, LOKET_OUTCOME_NEEDS_ANSWER);
      g_assert_cmpint (r->outcome, !=, LOKET_OUTCOME_UNLIKELY);
    }
  /* Most hopeful first. */
  g_assert_cmpint (((LoketRuleResult *) results->pdata[0])->outcome, ==, LOKET_OUTCOME_LIKELY);

  /* No rule needs more than five answers for a first answer. */
  for (guint i = 0; i < loket_rules_get_n_rules (rules); i++)
    {
      LoketRule *rule = loket_rules_get_rule (rules, i);
      g_autoptr(LoketRuleFacts) fresh = loket_rule_facts_new ();
      guint n = 0;

      while (TRUE)
        {
          g_autoptr(LoketRuleResult) r = loket_rules_evaluate (rules, rule, fresh, YEAR, LOKET_LANGUAGE_EN);

          if (r->outcome != LOKET_OUTCOME_NEEDS_ANSWER)
            break;
          loket_rule_facts_answer (fresh, r->question, r->question == LOKET_QUESTION_AGE ? 2 : 0);
          n++;
        }
      g_assert_cmpuint (n, <=, 5);
    }

  /* A band across a limit gives "maybe", not a false certainty: a single person earning
   * € 40 858 – € 51 142 is above the zorgtoeslag limit, but may still get huurtoeslag. */
  {
    g_autoptr(LoketRuleFacts) band = loket_rule_facts_new ();
    g_autoptr(LoketRuleResult) zorg = NULL;
    g_autoptr(LoketRuleResult) huur = NULL;

    loket_rule_facts_answer (band, LOKET_QUESTION_HOUSEHOLD, 0);
    loket_rule_facts_answer (band, LOKET_QUESTION_AGE, 2);
    loket_rule_facts_answer (band, LOKET_QUESTION_INCOME, 2);
    loket_rule_facts_answer (band, LOKET_QUESTION_ASSETS, 0);
    loket_rule_facts_answer (band, LOKET_QUESTION_HOUSING, 0);
    zorg = evaluate ("zorgtoeslag", band, LOKET_LANGUAGE_EN);
    huur = evaluate ("huurtoeslag", band, LOKET_LANGUAGE_EN);
    g_assert_cmpint (zorg->outcome, ==, LOKET_OUTCOME_UNLIKELY);
    g_assert_cmpint (huur->outcome, ==, LOKET_OUTCOME_MAYBE);
    g_assert_nonnull (strstr (huur->reason, "close to a limit"));
  }

  /* Every option has words. */
  for (LoketQuestion q = 0; q < LOKET_N_QUESTIONS; q++)
    {
      g_assert_nonnull (loket_question_get_text (q));
      g_assert_cmpuint (loket_question_get_n_options (q), >=, 2);
      for (guint o = 0; o < loket_question_get_n_options (q); o++)
        {
          g_autofree char *text = loket_question_dup_option (q, o, LOKET_LANGUAGE_NL);

          g_assert_cmpstr (text, !=, "");
        }
    }
}

/* ---- texts in every language ---- */

static void
test_languages (void)
{
  LoketRules *rules = bundled_rules ();

  for (guint i = 0; i < loket_rules_get_n_rules (rules); i++)
    {
      LoketRule *rule = loket_rules_get_rule (rules, i);
      g_autoptr(GPtrArray) texts = loket_rule_dup_texts (rule);

      g_assert_nonnull (loket_rule_get_legal_basis_title (rule));
      g_assert_true (g_str_has_prefix (loket_rule_get_legal_basis_url (rule), "https://wetten.overheid.nl/BWBR"));
      for (guint t = 0; t < texts->len; t++)
        for (LoketLanguage l = 0; l < LOKET_N_LANGUAGES; l++)
          {
            const char *text = loket_text_get_exact (texts->pdata[t], l);

            if (text == NULL)
              g_error ("rule %s, text %u: no %s text", loket_rule_get_id (rule), t,
                       loket_language_get_code (l));
            /* Not a copy of the English one (except names such as "AOW"). */
            if (l != LOKET_LANGUAGE_EN && strlen (text) > 12)
              g_assert_cmpstr (text, !=, loket_text_get_exact (texts->pdata[t], LOKET_LANGUAGE_EN));
          }

      /* A reason comes out in every language, with its amounts filled in. */
      for (LoketLanguage l = 0; l < LOKET_N_LANGUAGES; l++)
        {
          g_autoptr(LoketRuleFacts) facts = facts_of (&(Case) { "x", OK_SINGLE });
          g_autoptr(LoketRuleResult) r = loket_rules_evaluate (rules, rule, facts, YEAR, l);

          g_assert_cmpstr (r->reason, !=, "");
          g_assert_null (strchr (r->reason, '{'));
        }
    }
}

/* ---- parameters and years ---- */

static void
test_parameters (void)
{
  LoketRules *rules = bundled_rules ();
  double value;
  gboolean unverified;

  g_assert_cmpuint (loket_rules_get_parameter_year (rules, 2026), ==, 2026);
  g_assert_cmpuint (loket_rules_get_parameter_year (rules, 2030), ==, 2026);
  g_assert_cmpuint (loket_rules_get_parameter_year (rules, 2025), ==, 2025);
  g_assert_cmpuint (loket_rules_get_parameter_year (rules, 2010), ==, 2025);

  g_assert_true (loket_rules_get_parameter (rules, 2026, "zorgtoeslag.max_income", FALSE, &value, &unverified));
  g_assert_cmpfloat (value, ==, 40857);
  g_assert_false (unverified);
  g_assert_true (loket_rules_get_parameter (rules, 2025, "zorgtoeslag.max_income", TRUE, &value, &unverified));
  g_assert_cmpfloat (value, ==, 50206);
  g_assert_true (loket_rules_get_parameter (rules, 2026, "huurtoeslag.max_assets", FALSE, &value, &unverified));
  g_assert_true (unverified);

  /* The 2025 limits decide a 2025 question. */
  {
    const Case c = { "zorgtoeslag", 40, 0, 0, 40000, 0, 0, 0, 0, 0 };
    g_autoptr(LoketRuleFacts) facts = facts_of (&c);
    LoketRule *rule = loket_rules_lookup (rules, "zorgtoeslag");
    g_autoptr(LoketRuleResult) r2025 = loket_rules_evaluate (rules, rule, facts, 2025, LOKET_LANGUAGE_EN);
    g_autoptr(LoketRuleResult) r2026 = loket_rules_evaluate (rules, rule, facts, 2026, LOKET_LANGUAGE_EN);

    g_assert_cmpint (r2025->outcome, ==, LOKET_OUTCOME_UNLIKELY);
    g_assert_cmpint (r2026->outcome, ==, LOKET_OUTCOME_LIKELY);
  }
}

/* ---- bad rule files ---- */

static void
expect_error (const char *rules_json,
              const char *params_json,
              const char *message)
{
  g_autoptr(GBytes) a = g_bytes_new (rules_json, strlen (rules_json));
  g_autoptr(GBytes) b = g_bytes_new (params_json, strlen (params_json));
  g_autoptr(GBytes) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCatalog) catalog = NULL;
  static const char events[] =
    "{\"services\":[{\"id\":\"svc\",\"title\":{\"nl\":\"a\",\"en\":\"a\"},\"summary\":{\"nl\":\"a\",\"en\":\"a\"},"
    "\"body\":{\"nl\":\"a\",\"en\":\"a\"},\"organisation\":\"org\",\"source\":\"https://example.nl/\"}],"
    "\"organisations\":[{\"id\":\"org\",\"name\":{\"nl\":\"a\",\"en\":\"a\"},\"url\":\"https://example.nl/\"}],"
    "\"life_events\":[{\"id\":\"moving\",\"order\":1,\"icon\":\"loket-moving-symbolic\","
    "\"title\":{\"nl\":\"a\",\"en\":\"a\"},\"summary\":{\"nl\":\"a\",\"en\":\"a\"},"
    "\"steps\":[{\"id\":\"s\",\"title\":{\"nl\":\"a\",\"en\":\"a\"},\"body\":{\"nl\":\"a\",\"en\":\"a\"},"
    "\"organisation\":\"org\",\"source\":\"https://example.nl/\"}],"
    "\"rights\":[],\"obligations\":[]}]}";
  const char *names[] = { "rules/x.json", "rules/parameters.json", "events.json" };
  GBytes *contents[3];

  c = g_bytes_new_static (events, strlen (events));
  contents[0] = a;
  contents[1] = b;
  contents[2] = c;
  catalog = loket_catalog_new_from_files (names, contents, 3, &error);
  if (message == NULL)
    {
      if (error != NULL && strstr (error->message, "rule") != NULL)
        g_error ("unexpected: %s", error->message);
      return;
    }
  g_assert_null (catalog);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA);
  if (strstr (error->message, message) == NULL)
    g_error ("\"%s\" does not say \"%s\"", error->message, message);
}

#define T "{\"nl\":\"Tekst\",\"en\":\"Text\"}"
#define RULE(conditions, extra) \
  "{\"rules\":[{\"id\":\"r\",\"title\":" T ",\"reason\":" T ",\"next_step\":" T "," \
  "\"legal_basis\":{\"title\":\"Wet\",\"url\":\"https://wetten.overheid.nl/BWBR1\"}," \
  "\"life_events\":[\"moving\"],\"conditions\":[" conditions "]" extra "}]}"
#define COND "{\"fact\":\"age\",\"min\":\"p.age\",\"else\":\"unlikely\",\"reason\":" T "}"
#define PARAMS(values) "{\"rule_parameters\":[{\"year\":2026,\"values\":{" values "}}]}"
#define AGE "\"p.age\":{\"value\":18,\"unit\":\"years\",\"year\":2026,\"source\":\"https://wetten.overheid.nl/x\"}"

static void
test_bad_files (void)
{
  /* The valid one, for contrast. */
  expect_error (RULE (COND, ""), PARAMS (AGE), NULL);
  expect_error (RULE (COND, ""), PARAMS ("\"p.age\":{\"value\":18,\"year\":2026}"), "source");
  expect_error (RULE (COND, ""), PARAMS ("\"p.age\":{\"value\":18,\"source\":\"x\"}"), "year");
  expect_error (RULE (COND, ""), PARAMS ("\"other\":{\"value\":1,\"year\":2026,\"source\":\"x\"}"),
                "parameter \"p.age\" is missing");
  expect_error (RULE ("{\"fact\":\"shoe_size\",\"min\":1,\"else\":\"unlikely\",\"reason\":" T "}", ""),
                PARAMS (AGE), "unknown \"fact\"");
  expect_error (RULE ("{\"fact\":\"age\",\"min\":1,\"else\":\"yes\",\"reason\":" T "}", ""),
                PARAMS (AGE), "\"else\"");
  expect_error (RULE ("{\"fact\":\"age\",\"min\":1,\"else\":\"unlikely\",\"reason\":{\"en\":\"x\"}}", ""),
                PARAMS (AGE), "\"nl\" and \"en\"");
  expect_error (RULE (COND, ",\"service\":\"nope\""), PARAMS (AGE), "unknown service");
  expect_error (RULE (COND, ",\"amount\":{\"period\":\"week\",\"terms\":[{\"param\":\"p.age\"}]}"),
                PARAMS (AGE), "period");
  expect_error ("{\"rules\":[{\"id\":\"r\",\"title\":" T ",\"reason\":" T ",\"next_step\":" T ","
                "\"legal_basis\":{\"title\":\"Wet\",\"url\":\"https://example.com/\"},"
                "\"life_events\":[],\"conditions\":[" COND "]}]}", PARAMS (AGE), "wetten.overheid.nl");
  expect_error (RULE (COND, ""), "{\"rule_parameters\":[]}", "no \"rule_parameters\"");
}

/* ---- formatting money ---- */

static void
test_money (void)
{
  struct { double amount; LoketLanguage language; const char *text; } money[] = {
    { 40857, LOKET_LANGUAGE_NL, "€ 40.857" },
    { 40857, LOKET_LANGUAGE_EN, "€40,857" },
    { 932.93, LOKET_LANGUAGE_NL, "€ 932,93" },
    { 932.93, LOKET_LANGUAGE_EN, "€932.93" },
    { 1637.57, LOKET_LANGUAGE_PL, "€ 1\u00a0637,57" },
    { 146011, LOKET_LANGUAGE_TR, "€ 146.011" },
    { 146011, LOKET_LANGUAGE_AR, "€ 146,011" },
    { 5, LOKET_LANGUAGE_NL, "€ 5" },
    { 1000000, LOKET_LANGUAGE_EN, "€1,000,000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (money); i++)
    {
      g_autofree char *text = loket_format_money (money[i].amount, money[i].language);

      g_assert_cmpstr (text, ==, money[i].text);
    }
}

/* ---- register facts: ages on the day, children turning 18 ---- */

static void
test_register_facts (void)
{
  static const char json[] =
    "{\"burgerservicenummer\":\"999990001\","
    "\"geboorte\":{\"datum\":{\"type\":\"Datum\",\"datum\":\"1959-11-28\"}},"
    "\"partners\":[{\"burgerservicenummer\":\"999990002\",\"soortVerbintenis\":{\"code\":\"H\"},"
    "  \"aangaanHuwelijkPartnerschap\":{\"datum\":{\"type\":\"Datum\",\"datum\":\"1990-01-01\"}},"
    "  \"ontbindingHuwelijkPartnerschap\":{\"datum\":{\"type\":\"Datum\",\"datum\":\"2000-01-01\"}}}],"
    "\"kinderen\":["
    "  {\"burgerservicenummer\":\"999990003\",\"geboorte\":{\"datum\":{\"type\":\"Datum\",\"datum\":\"2008-11-28\"}}},"
    "  {\"burgerservicenummer\":\"999990004\",\"geboorte\":{\"datum\":{\"type\":\"Datum\",\"datum\":\"2008-11-29\"}}},"
    "  {\"burgerservicenummer\":\"999990005\",\"geboorte\":{\"datum\":{\"type\":\"JaarDatum\",\"jaar\":2015}}}"
    "]}";
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LoketPerson) person = NULL;
  g_autoptr(LoketRuleFacts) facts = loket_rule_facts_new ();
  g_autoptr(GError) error = NULL;
  double low, high;
  GDate today, eve;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  person = loket_person_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);

  /* On the 67th birthday: 67. The day before: 66. */
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 28, G_DATE_NOVEMBER, 2026);
  eve = today;
  g_date_subtract_days (&eve, 1);
  loket_rule_facts_answer (facts, LOKET_QUESTION_HOUSEHOLD, 1);
  loket_rule_facts_set_person (facts, person, &today);
  g_assert_true (loket_rule_facts_get (facts, LOKET_RULE_FACT_AGE, &low, &high));
  g_assert_cmpfloat (low, ==, 67);
  g_assert_cmpfloat (high, ==, 67);
  /* A child who turns 18 today no longer counts, one who turns 18 tomorrow does; a child with
   * only a birth year is not counted from the register. */
  g_assert_true (loket_rule_facts_get (facts, LOKET_RULE_FACT_CHILDREN, &low, NULL));
  g_assert_cmpfloat (low, ==, 1);
  /* The marriage ended: the register says nothing about a partner, so the answer stays. */
  g_assert_false (loket_rule_facts_get_from_register (facts, LOKET_RULE_FACT_PARTNER));
  g_assert_true (loket_rule_facts_get (facts, LOKET_RULE_FACT_PARTNER, &low, NULL));
  g_assert_cmpfloat (low, ==, 1);
  g_assert_nonnull (loket_rule_facts_get_birth (facts));

  loket_rule_facts_set_person (facts, person, &eve);
  g_assert_true (loket_rule_facts_get (facts, LOKET_RULE_FACT_AGE, &low, NULL));
  g_assert_cmpfloat (low, ==, 66);
  g_assert_true (loket_rule_facts_get (facts, LOKET_RULE_FACT_CHILDREN, &low, NULL));
  g_assert_cmpfloat (low, ==, 2);
  {
    g_autoptr(LoketRuleResult) iit = NULL;

    loket_rule_facts_answer (facts, LOKET_QUESTION_LOW_INCOME, 2);
    loket_rule_facts_answer (facts, LOKET_QUESTION_ASSETS, 0);
    iit = evaluate ("individuele-inkomenstoeslag", facts, LOKET_LANGUAGE_EN);
    g_assert_cmpint (iit->outcome, ==, LOKET_OUTCOME_MAYBE);
    loket_rule_facts_set_person (facts, person, &today);
    g_clear_pointer (&iit, loket_rule_result_free);
    iit = evaluate ("individuele-inkomenstoeslag", facts, LOKET_LANGUAGE_EN);
    g_assert_cmpint (iit->outcome, ==, LOKET_OUTCOME_UNLIKELY);
  }
}

/* ---- end to end: a test person of the reference back-end ---- */

static void
iterate_until (gboolean (*done) (gpointer),
               gpointer  data,
               guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

typedef struct
{
  LoketSignIn      *sign_in;
  LoketSignInState  state;
} Wait;

static gboolean
state_reached (gpointer data)
{
  Wait *w = data;
  LoketSignInState state = loket_sign_in_get_state (w->sign_in);

  return state == w->state || state == LOKET_SIGN_IN_FAILED;
}

static void
test_backend_person (void)
{
  LbServer *backend = lb_start ("--interval", "0", NULL);
  LoketTestShim *shim = loket_test_shim_new (backend);
  g_autoptr(LoketDiscovery) discovery = loket_discovery_new (loket_test_shim_get_url (shim));
  g_autoptr(LoketSession) session = loket_session_new ();
  g_autoptr(LoketSignIn) sign_in = loket_sign_in_new (discovery, session);
  g_autoptr(LbResponse) document = NULL;
  g_autoptr(LoketCatalog) catalog = NULL;
  g_autoptr(LoketRuleFacts) facts = loket_rule_facts_new ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  LoketRules *rules;
  LoketRuleResult *kinderbijslag = NULL, *kgb = NULL;
  double low, high;
  Wait wait = { sign_in, LOKET_SIGN_IN_WAITING };
  GDate today;

  /* The rules come with the catalog the back-end serves, as the kiosk syncs it. */
  document = lb_get (backend, "/catalog", NULL);
  g_assert_cmpuint (document->status, ==, 200);
  catalog = loket_catalog_new_from_document ("catalog", document->body, &error);
  g_assert_no_error (error);
  rules = loket_catalog_get_rules (catalog);
  g_assert_cmpuint (loket_rules_get_n_rules (rules), ==, loket_rules_get_n_rules (bundled_rules ()));

  /* Sign in as Pieter van Paassen with the device flow. */
  loket_sign_in_set_time_unit (sign_in, 100);
  loket_sign_in_start (sign_in);
  iterate_until (state_reached, &wait, 20000);
  g_assert_cmpint (loket_sign_in_get_state (sign_in), ==, LOKET_SIGN_IN_WAITING);
  loket_test_shim_approve (shim, loket_sign_in_get_code (sign_in)->user_code, "999970124", TRUE);
  wait.state = LOKET_SIGN_IN_DONE;
  iterate_until (state_reached, &wait, 20000);
  g_assert_cmpint (loket_sign_in_get_state (sign_in), ==, LOKET_SIGN_IN_DONE);

  /* An answer given before signing in carries over; the register fills in the rest. */
  loket_rule_facts_answer (facts, LOKET_QUESTION_INCOME, 1);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 28, G_DATE_NOVEMBER, 2026);
  loket_rule_facts_set_person (facts, loket_session_get_person (session), &today);
  g_assert_true (loket_rule_facts_get (facts, LOKET_RULE_FACT_PARTNER, &low, &high));
  g_assert_true (loket_rule_facts_get_from_register (facts, LOKET_RULE_FACT_PARTNER));
  g_assert_cmpfloat (low, ==, 1);
  g_assert_true (loket_rule_facts_get (facts, LOKET_RULE_FACT_CHILDREN, &low, &high));
  g_assert_cmpfloat (low, ==, 4); /* born 2023, 2018, 2017, 2016 */
  g_assert_true (loket_rule_facts_get (facts, LOKET_RULE_FACT_AGE, &low, &high));
  g_assert_cmpfloat (low, ==, high);
  g_assert_true (loket_rule_facts_get (facts, LOKET_RULE_FACT_INCOME, &low, &high));
  g_assert_cmpfloat (high, ==, 40857);
  g_assert_nonnull (loket_rule_facts_get_municipality (facts));

  results = loket_rules_evaluate_event (rules, "baby", facts, 2026, LOKET_LANGUAGE_NL);
  for (guint i = 0; i < results->len; i++)
    {
      LoketRuleResult *r = results->pdata[i];

      if (g_str_equal (loket_rule_get_id (r->rule), "kinderbijslag"))
        kinderbijslag = r;
      else if (g_str_equal (loket_rule_get_id (r->rule), "kindgebonden-budget"))
        kgb = r;
    }
  g_assert_nonnull (kinderbijslag);
  g_assert_cmpint (kinderbijslag->outcome, ==, LOKET_OUTCOME_LIKELY);
  /* ages 3, 7, 9 and 10 on 28 November 2026 */
  g_assert_cmpfloat_with_epsilon (kinderbijslag->amount_max, 295.07 + 3 * 358.30, 0.001);
  g_assert_nonnull (strstr (kinderbijslag->reason, "kind jonger dan 18"));
  /* kindgebonden budget still waits for the savings question */
  g_assert_nonnull (kgb);
  g_assert_cmpint (kgb->outcome, ==, LOKET_OUTCOME_NEEDS_ANSWER);
  g_assert_cmpint (kgb->question, ==, LOKET_QUESTION_ASSETS);
  g_assert_cmpint (loket_rules_next_question (results), ==, LOKET_QUESTION_ASSETS);

  /* Signing out forgets the register facts; the answers stay for this visit. */
  loket_rule_facts_set_person (facts, NULL, &today);
  g_assert_false (loket_rule_facts_get (facts, LOKET_RULE_FACT_PARTNER, NULL, NULL));
  g_assert_true (loket_rule_facts_get (facts, LOKET_RULE_FACT_INCOME, NULL, NULL));

  loket_session_wipe (session);
  g_clear_object (&sign_in);
  loket_test_shim_free (shim);
  lb_stop (backend);
}

/* A catalog directory served by the back-end brings the rules directory beside it. */
static void
test_backend_catalog_dir (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("LOKET_SOURCE_ROOT"), "data", "catalog", NULL);
  LbServer *backend = lb_start ("--catalog-dir", dir, NULL);
  g_autoptr(LbResponse) document = lb_get (backend, "/catalog", NULL);
  g_autoptr(LoketCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (document->status, ==, 200);
  catalog = loket_catalog_new_from_document ("catalog", document->body, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loket_rules_get_n_rules (loket_catalog_get_rules (catalog)), ==,
                    loket_rules_get_n_rules (bundled_rules ()));
  lb_stop (backend);
}

/* Not a speed test: a figure for the report (meson test -v rules). */
static void
test_figures (void)
{
  LoketRules *rules = bundled_rules ();
  g_autoptr(LoketRuleFacts) facts = facts_of (&(Case) { "x", OK_SINGLE });
  gint64 start = g_get_monotonic_time ();
  guint n = 2000;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) results = loket_rules_evaluate_event (rules, "money-worries", facts, YEAR,
                                                                 LOKET_LANGUAGE_NL);

      g_assert_cmpuint (results->len, ==, 5);
    }
  g_test_message ("evaluating the 5 rules of a life event: %.1f microseconds",
                  (double) (g_get_monotonic_time () - start) / n);
}

int
main (int   argc,
      char *argv[])
{
  lb_init (&argc, &argv);
  g_setenv ("LANGUAGE", "en", TRUE);

  g_test_add_func ("/loket/rules/table", test_table);
  g_test_add_func ("/loket/rules/reasons", test_reasons);
  g_test_add_func ("/loket/rules/amounts", test_amounts);
  g_test_add_func ("/loket/rules/questions", test_questions);
  g_test_add_func ("/loket/rules/languages", test_languages);
  g_test_add_func ("/loket/rules/parameters", test_parameters);
  g_test_add_func ("/loket/rules/bad-files", test_bad_files);
  g_test_add_func ("/loket/rules/money", test_money);
  g_test_add_func ("/loket/rules/register-facts", test_register_facts);
  g_test_add_func ("/loket/rules/backend-person", test_backend_person);
  g_test_add_func ("/loket/rules/backend-catalog-dir", test_backend_catalog_dir);
  g_test_add_func ("/loket/rules/figures", test_figures);
  return g_test_run ();
}
