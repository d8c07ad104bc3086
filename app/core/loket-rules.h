/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "loket-i18n.h"
#include "loket-person.h"
#include "loket-text.h"

G_BEGIN_DECLS

/**
 * LoketRuleFact:
 *
 * What the rules look at. Every fact is a range: an exact register fact is a range of one value,
 * an anonymous answer is a band ("income between € 29.737 and € 40.857"), and a fact nobody gave
 * is unknown, so the engine asks for it.
 */
typedef enum
{
  LOKET_RULE_FACT_AGE,              /* years */
  LOKET_RULE_FACT_PARTNER,          /* 0 or 1: lives together with a partner */
  LOKET_RULE_FACT_CHILDREN,         /* children under 18 living with the citizen */
  LOKET_RULE_FACT_INCOME,           /* gross yearly income of the household, euro */
  LOKET_RULE_FACT_ASSETS,           /* savings and investments minus debts, euro */
  LOKET_RULE_FACT_RENTING,          /* 0 or 1: rents a self-contained home */
  LOKET_RULE_FACT_HOME_OWNER,       /* 0 or 1 */
  LOKET_RULE_FACT_LOW_INCOME,       /* 0 or 1: income at about the bijstand level */
  LOKET_RULE_FACT_LOW_INCOME_YEARS, /* years with such an income */
  LOKET_N_RULE_FACTS
} LoketRuleFact;

/**
 * LoketQuestion:
 *
 * The simple questions an anonymous citizen is asked, at most one per missing fact.
 */
typedef enum
{
  LOKET_QUESTION_HOUSEHOLD,
  LOKET_QUESTION_AGE,
  LOKET_QUESTION_INCOME,
  LOKET_QUESTION_ASSETS,
  LOKET_QUESTION_HOUSING,
  LOKET_QUESTION_CHILDREN,
  LOKET_QUESTION_LOW_INCOME,
  LOKET_N_QUESTIONS
} LoketQuestion;

typedef enum
{
  LOKET_OUTCOME_LIKELY,
  LOKET_OUTCOME_MAYBE,
  LOKET_OUTCOME_NEEDS_ANSWER,
  LOKET_OUTCOME_UNLIKELY,
} LoketOutcome;

typedef enum
{
  LOKET_PERIOD_MONTH,
  LOKET_PERIOD_QUARTER,
  LOKET_PERIOD_YEAR,
} LoketPeriod;

/* The facts of one visit: kept in memory only, never stored or sent. */
typedef struct _LoketRuleFacts LoketRuleFacts;

LoketRuleFacts *loket_rule_facts_new          (void);
void            loket_rule_facts_free         (LoketRuleFacts   *facts);
void            loket_rule_facts_set          (LoketRuleFacts   *facts,
                                               LoketRuleFact     fact,
                                               double            low,
                                               double            high);
void            loket_rule_facts_unset        (LoketRuleFacts   *facts,
                                               LoketRuleFact     fact);
gboolean        loket_rule_facts_get          (const LoketRuleFacts *facts,
                                               LoketRuleFact     fact,
                                               double           *low,
                                               double           *high);
void            loket_rule_facts_set_child_ages (LoketRuleFacts *facts,
                                               const guint      *ages,
                                               guint             n_ages);
void            loket_rule_facts_answer       (LoketRuleFacts   *facts,
                                               LoketQuestion     question,
                                               guint             option);
int             loket_rule_facts_get_answer   (const LoketRuleFacts *facts,
                                               LoketQuestion     question);
guint           loket_rule_facts_get_n_answers (const LoketRuleFacts *facts);
void            loket_rule_facts_set_person   (LoketRuleFacts   *facts,
                                               LoketPerson      *person,
                                               const GDate      *today);
gboolean        loket_rule_facts_get_from_register (const LoketRuleFacts *facts,
                                               LoketRuleFact     fact);
const GDate    *loket_rule_facts_get_birth    (const LoketRuleFacts *facts);
const char     *loket_rule_facts_get_municipality (const LoketRuleFacts *facts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketRuleFacts, loket_rule_facts_free)

const char     *loket_question_get_text       (LoketQuestion     question);
guint           loket_question_get_n_options  (LoketQuestion     question);
char           *loket_question_dup_option     (LoketQuestion     question,
                                               guint             option,
                                               LoketLanguage     language);
LoketQuestion   loket_rule_fact_get_question  (LoketRuleFact     fact);

#define LOKET_TYPE_RULE (loket_rule_get_type ())
G_DECLARE_FINAL_TYPE (LoketRule, loket_rule, LOKET, RULE, GObject)

const char      *loket_rule_get_id                (LoketRule *self);
const LoketText *loket_rule_get_title             (LoketRule *self);
const LoketText *loket_rule_get_reason            (LoketRule *self);
const LoketText *loket_rule_get_next_step         (LoketRule *self);
const char      *loket_rule_get_legal_basis_title (LoketRule *self);
const char      *loket_rule_get_legal_basis_url   (LoketRule *self);
const char      *loket_rule_get_service_id        (LoketRule *self);
gboolean         loket_rule_get_automatic         (LoketRule *self);
gboolean         loket_rule_applies_to_event      (LoketRule *self,
                                                   const char *life_event_id);
GPtrArray       *loket_rule_dup_texts             (LoketRule *self);

/**
 * LoketRuleResult:
 * @rule: (unowned): the rule
 * @outcome: what the engine concluded
 * @question: for %LOKET_OUTCOME_NEEDS_ANSWER, the question that decides it
 * @reason: (owned): why, in plain words and the citizen's language
 * @has_amount: whether @amount_min … @amount_max is known
 * @amount_max: may be INFINITY ("at least @amount_min")
 * @estimate: a figure used was not confirmed in an official source
 */
typedef struct
{
  LoketRule    *rule;
  LoketOutcome  outcome;
  LoketQuestion question;
  char         *reason;
  gboolean      has_amount;
  double        amount_min;
  double        amount_max;
  LoketPeriod   period;
  gboolean      estimate;
} LoketRuleResult;

void  loket_rule_result_free          (LoketRuleResult *result);
char *loket_rule_result_dup_amount    (const LoketRuleResult *result,
                                       LoketLanguage          language);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketRuleResult, loket_rule_result_free)

#define LOKET_TYPE_RULES (loket_rules_get_type ())
G_DECLARE_FINAL_TYPE (LoketRules, loket_rules, LOKET, RULES, GObject)

LoketRules      *loket_rules_new                  (void);
gboolean         loket_rules_add_rule             (LoketRules  *self,
                                                   const char  *file,
                                                   JsonObject  *object,
                                                   GError     **error);
gboolean         loket_rules_add_parameters       (LoketRules  *self,
                                                   const char  *file,
                                                   JsonObject  *object,
                                                   GError     **error);
gboolean         loket_rules_check                (LoketRules  *self,
                                                   GError     **error);
guint            loket_rules_get_n_rules          (LoketRules  *self);
LoketRule       *loket_rules_get_rule             (LoketRules  *self,
                                                   guint        index);
LoketRule       *loket_rules_lookup               (LoketRules  *self,
                                                   const char  *id);
guint            loket_rules_get_parameter_year   (LoketRules  *self,
                                                   guint        year);
gboolean         loket_rules_get_parameter        (LoketRules  *self,
                                                   guint        year,
                                                   const char  *name,
                                                   gboolean     partner,
                                                   double      *value,
                                                   gboolean    *unverified);
LoketRuleResult *loket_rules_evaluate             (LoketRules  *self,
                                                   LoketRule   *rule,
                                                   const LoketRuleFacts *facts,
                                                   guint        year,
                                                   LoketLanguage language);
GPtrArray       *loket_rules_evaluate_event       (LoketRules  *self,
                                                   const char  *life_event_id,
                                                   const LoketRuleFacts *facts,
                                                   guint        year,
                                                   LoketLanguage language);
int              loket_rules_next_question        (GPtrArray   *results);
gboolean         loket_rules_get_aow_date         (LoketRules  *self,
                                                   guint        year,
                                                   const GDate *birth,
                                                   GDate       *aow_date,
                                                   gboolean    *unverified);

char            *loket_format_money               (double        amount,
                                                   LoketLanguage language);

G_END_DECLS
