/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-entitlements-view"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "loket-deadlines.h"
#include "loket-entitlements-view.h"
#include "loket-validate.h"

/**
 * LoketEntitlementsView:
 *
 * On a life event: "You are probably entitled to …" with the reason, an estimate and the next
 * step, from a few anonymous answers or, after sign-in, from the register; and the citizen's own
 * deadlines as real dates. The answers live with the session (in memory only): they survive a
 * language change and a sign-in, and are wiped with the session.
 */
struct _LoketEntitlementsView
{
  GtkWidget     parent_instance;

  LoketContext *context;       /* (owned) (nullable) */
  char         *life_event_id; /* (owned) (nullable) */
  GDate         date;          /* the event's date (or the birth date for AOW), if given */
  gboolean      date_from_register; /* forgotten at sign-out: nothing personal stays on screen */
  GListStore   *results;       /* (owned) of Item (LoketRuleResult) */
  GListStore   *deadlines;     /* (owned) of Item (LoketDeadline) */

  GtkWidget    *box;
  GtkLabel     *intro_label;
  GtkWidget    *question_box;
  GtkLabel     *question_count_label;
  GtkLabel     *question_label;
  GtkWidget    *options_box;
  GtkListBox   *results_list;
  GtkWidget    *dates_heading;
  GtkWidget    *date_box;
  GtkLabel     *date_label;
  GtkEntry     *date_entry;
  GtkLabel     *date_error_label;
  GtkListBox   *deadlines_list;
};

G_DEFINE_FINAL_TYPE (LoketEntitlementsView, loket_entitlements_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define FACTS_KEY "loket-entitlements-facts"

/* A list item holding one result or one deadline. */
#define ITEM_TYPE (item_get_type ())
G_DECLARE_FINAL_TYPE (Item, item, LOKET, ENTITLEMENT_ITEM, GObject)

struct _Item
{
  GObject        parent_instance;
  gpointer       data;    /* (owned) */
  GDestroyNotify destroy;
};

G_DEFINE_FINAL_TYPE (Item, item, G_TYPE_OBJECT)

static void
item_finalize (GObject *object)
{
  Item *self = (Item *) object;

  g_clear_pointer (&self->data, self->destroy);
  G_OBJECT_CLASS (item_parent_class)->finalize (object);
}

static void
item_class_init (ItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = item_finalize;
}

static void
item_init (Item *self)
{
}

static Item *
item_new (gpointer       data,
          GDestroyNotify destroy)
{
  Item *item = g_object_new (ITEM_TYPE, NULL);

  item->data = data;
  item->destroy = destroy;
  return item;
}

static LoketLanguage
get_language (LoketEntitlementsView *self)
{
  return self->context ? loket_context_get_language (self->context) : LOKET_LANGUAGE_NL;
}

static void
get_today (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

/* The facts of this visit, kept on the session so they outlive a rebuilt window. */
static LoketRuleFacts *
get_facts (LoketEntitlementsView *self)
{
  LoketSession *session = loket_context_get_session (self->context);
  LoketRuleFacts *facts = g_object_get_data (G_OBJECT (session), FACTS_KEY);

  if (facts == NULL)
    {
      facts = loket_rule_facts_new ();
      g_object_set_data_full (G_OBJECT (session), FACTS_KEY, facts,
                              (GDestroyNotify) loket_rule_facts_free);
    }
  return facts;
}

static GtkWidget *
add_label (GtkWidget  *box,
           const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

/* The step of this life event that leads to @service_id, for "Apply". */
static LoketStep *
find_step (LoketEntitlementsView *self,
           const char            *service_id)
{
  LoketCatalog *catalog = loket_context_get_catalog (self->context);
  LoketLifeEvent *event = loket_catalog_lookup_life_event (catalog, self->life_event_id);
  GListModel *steps;

  if (event == NULL || service_id == NULL)
    return NULL;
  steps = loket_life_event_get_steps (event);
  for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
    {
      g_autoptr(LoketStep) step = g_list_model_get_item (steps, i);
      LoketService *service = loket_step_get_service (step);

      if (service != NULL && g_strcmp0 (loket_service_get_id (service), service_id) == 0)
        return step;
    }
  return NULL;
}

static const char *
outcome_text (LoketOutcome outcome)
{
  switch (outcome)
    {
    case LOKET_OUTCOME_LIKELY:
      return _("You are probably entitled to this");
    case LOKET_OUTCOME_MAYBE:
      return _("You may be entitled to this");
    case LOKET_OUTCOME_NEEDS_ANSWER:
      return _("Answer the question above to know more");
    case LOKET_OUTCOME_UNLIKELY:
    default:
      return _("You are probably not entitled to this");
    }
}

static GtkWidget *
create_result_row_cb (gpointer item,
                      gpointer user_data)
{
  LoketEntitlementsView *self = user_data;
  LoketRuleResult *result = ((Item *) item)->data;
  LoketLanguage language = get_language (self);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *status;
  g_autofree char *amount = loket_rule_result_dup_amount (result, language);
  g_autofree char *basis = NULL;
  g_autofree char *accessible = NULL;
  const char *title = loket_text_get (loket_rule_get_title (result->rule), language, NULL);

  gtk_widget_set_margin_top (box, 14);
  gtk_widget_set_margin_bottom (box, 14);
  gtk_widget_set_margin_start (box, 16);
  gtk_widget_set_margin_end (box, 16);
  add_label (box, title, "title-4");
  status = add_label (box, outcome_text (result->outcome), "loket-entitlement-status");
  gtk_widget_add_css_class (status, result->outcome == LOKET_OUTCOME_LIKELY ? "success"
                                    : result->outcome == LOKET_OUTCOME_UNLIKELY ? "dim-label"
                                    : "warning");

  if (result->outcome != LOKET_OUTCOME_NEEDS_ANSWER)
    /* Translators: %s is the reason in plain words, for example "You have a child under 18 …" */
    add_label (box, result->reason, NULL);

  if (amount != NULL)
    {
      g_autofree char *line = NULL;

      if (result->estimate)
        /* Translators: %s is an amount such as "up to € 129 a month"; the figure is not certain */
        line = g_strdup_printf (_("Estimate: %s"), amount);
      else
        /* Translators: %s is an amount such as "€ 295.07 a quarter" */
        line = g_strdup_printf (_("Amount: %s"), amount);
      add_label (box, line, "loket-entitlement-amount");
    }
  else if (result->estimate && result->outcome != LOKET_OUTCOME_NEEDS_ANSWER)
    add_label (box, _("Some of these figures are estimates. The official check decides."), "dim-label");

  if (result->outcome == LOKET_OUTCOME_LIKELY || result->outcome == LOKET_OUTCOME_MAYBE)
    {
      LoketStep *step = find_step (self, loket_rule_get_service_id (result->rule));
      const char *municipality = loket_rule_facts_get_municipality (get_facts (self));

      /* A heading of its own, so that the text keeps its own direction (Arabic). */
      add_label (box, _("Next step"), "heading");
      if (loket_rule_get_automatic (result->rule))
        add_label (box, _("Nothing. It comes automatically."), NULL);
      else
        add_label (box, loket_text_get (loket_rule_get_next_step (result->rule), language, NULL), NULL);
      if (municipality != NULL && g_strcmp0 (loket_rule_get_service_id (result->rule),
                                             "kwijtschelding-gemeentelijke-belastingen") == 0)
        {
          /* Translators: %s is the name of a municipality */
          g_autofree char *yours = g_strdup_printf (_("Your municipality: %s"), municipality);
          add_label (box, yours, "dim-label");
        }
      if (step != NULL && !loket_rule_get_automatic (result->rule))
        {
          g_autofree char *target = g_strdup_printf ("step:%s/%s", self->life_event_id,
                                                     loket_step_get_id (step));
          GtkWidget *button = gtk_button_new_with_label (_("How to apply"));
          g_autofree char *name = g_strdup_printf (_("How to apply: %s"), title);

          gtk_widget_set_halign (button, GTK_ALIGN_START);
          gtk_widget_add_css_class (button, "pill");
          gtk_widget_add_css_class (button, "suggested-action");
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.navigate");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          name, -1);
          gtk_box_append (GTK_BOX (box), button);
        }
    }

  /* Translators: %s names a law and its articles, for example "Wet op de zorgtoeslag, art. 1–3" */
  basis = g_strdup_printf (_("Law: %s"), loket_rule_get_legal_basis_title (result->rule));
  add_label (box, basis, "dim-label");
  gtk_widget_set_tooltip_text (box, loket_rule_get_legal_basis_url (result->rule));

  accessible = g_strdup_printf ("%s: %s", title, outcome_text (result->outcome));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static GtkWidget *
create_deadline_row_cb (gpointer item,
                        gpointer user_data)
{
  LoketDeadline *deadline = ((Item *) item)->data;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *accessible = g_strdup_printf ("%s: %s", deadline->title, deadline->text);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 16);
  gtk_widget_set_margin_end (box, 16);
  add_label (box, deadline->title, "title-4");
  add_label (box, deadline->text, NULL);
  if (deadline->estimate)
    add_label (box, _("Estimate: the letter you get gives the exact date."), "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void update (LoketEntitlementsView *self);

/* The register's newest child born in the last four months, for the baby's dates. */
static gboolean
find_recent_birth (LoketSession *session,
                   const GDate  *today,
                   GDate        *birth)
{
  LoketPerson *person = loket_session_get_signed_in (session) ? loket_session_get_person (session) : NULL;
  gboolean found = FALSE;

  for (guint i = 0; person != NULL && i < loket_person_get_n_children (person); i++)
    {
      const LoketRelative *child = loket_person_get_child (person, i);
      GDate date;

      if (child->birth.kind != LOKET_DATE_FULL
          || !g_date_valid_dmy (child->birth.day, child->birth.month, child->birth.year))
        continue;
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, child->birth.day, child->birth.month, child->birth.year);
      if (g_date_days_between (&date, today) >= 0 && g_date_days_between (&date, today) <= 122
          && (!found || g_date_compare (&date, birth) > 0))
        {
          *birth = date;
          found = TRUE;
        }
    }
  return found;
}

static void
on_option_clicked_cb (GtkButton             *button,
                      LoketEntitlementsView *self)
{
  LoketQuestion question = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "question"));
  guint option = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "option"));

  loket_rule_facts_answer (get_facts (self), question, option);
  update (self);
}

static void
show_question (LoketEntitlementsView *self,
               int                    question)
{
  LoketRuleFacts *facts = get_facts (self);
  LoketLanguage language = get_language (self);
  GtkWidget *child;
  g_autofree char *count = NULL;

  while ((child = gtk_widget_get_first_child (self->options_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->options_box), child);

  gtk_widget_set_visible (self->question_box, question >= 0);
  if (question < 0)
    return;

  /* Translators: counts the questions answered so far; the kiosk never asks more than a few */
  count = g_strdup_printf (_("Question %u"), loket_rule_facts_get_n_answers (facts) + 1);
  gtk_label_set_label (self->question_count_label, count);
  gtk_label_set_label (self->question_label, loket_question_get_text (question));
  for (guint i = 0; i < loket_question_get_n_options (question); i++)
    {
      g_autofree char *text = loket_question_dup_option (question, i, language);
      GtkWidget *button = gtk_button_new_with_label (text);
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (button, "loket-answer");
      g_object_set_data (G_OBJECT (button), "question", GUINT_TO_POINTER (question));
      g_object_set_data (G_OBJECT (button), "option", GUINT_TO_POINTER (i));
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_option_clicked_cb), self, 0);
      gtk_box_append (GTK_BOX (self->options_box), button);
    }
}

static void
update_deadlines (LoketEntitlementsView *self)
{
  LoketLanguage language = get_language (self);
  g_autoptr(GPtrArray) deadlines = NULL;
  LoketRules *rules = loket_catalog_get_rules (loket_context_get_catalog (self->context));

  g_list_store_remove_all (self->deadlines);
  gtk_widget_set_visible (GTK_WIDGET (self->date_error_label), FALSE);
  if (self->life_event_id == NULL || !g_date_valid (&self->date))
    return;
  if (g_str_equal (self->life_event_id, "retiring"))
    deadlines = loket_deadlines_for_aow (rules, &self->date, language);
  else
    deadlines = loket_deadlines_for_event (self->life_event_id, &self->date, language);

  for (guint i = 0; i < deadlines->len; i++)
    {
      g_autoptr(Item) item = item_new (deadlines->pdata[i], (GDestroyNotify) loket_deadline_free);

      deadlines->pdata[i] = NULL;
      g_list_store_append (self->deadlines, item);
    }
  g_ptr_array_set_free_func (deadlines, NULL);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->deadlines)) == 0
      && g_str_equal (self->life_event_id, "retiring"))
    {
      gtk_label_set_label (self->date_error_label,
                           _("Your AOW age is not fixed yet. It is at least 67 years and 3 months."));
      gtk_widget_set_visible (GTK_WIDGET (self->date_error_label), TRUE);
    }
}

static void
update (LoketEntitlementsView *self)
{
  LoketRules *rules;
  LoketRuleFacts *facts;
  LoketSession *session;
  g_autoptr(GPtrArray) results = NULL;
  LoketLanguage language;
  GDate today;
  gboolean has_dates;
  int question;

  g_list_store_remove_all (self->results);
  if (self->context == NULL || self->life_event_id == NULL)
    {
      gtk_widget_set_visible (self->box, FALSE);
      return;
    }

  rules = loket_catalog_get_rules (loket_context_get_catalog (self->context));
  session = loket_context_get_session (self->context);
  facts = get_facts (self);
  language = get_language (self);
  get_today (&today);
  loket_rule_facts_set_person (facts, loket_session_get_signed_in (session)
                                      ? loket_session_get_person (session) : NULL, &today);

  results = loket_rules_evaluate_event (rules, self->life_event_id, facts,
                                        g_date_get_year (&today), language);
  question = loket_rules_next_question (results);
  for (guint i = 0; i < results->len; i++)
    {
      g_autoptr(Item) item = item_new (results->pdata[i], (GDestroyNotify) loket_rule_result_free);

      results->pdata[i] = NULL;
      g_list_store_append (self->results, item);
    }
  g_ptr_array_set_free_func (results, NULL);

  gtk_label_set_label (self->intro_label,
                       loket_session_get_signed_in (session)
                       ? _("We used what the register knows about you. Your answers are not saved.")
                       : _("Answer a few simple questions. You do not have to sign in, and your answers are not saved."));
  show_question (self, question);

  has_dates = loket_deadlines_event_has_date (self->life_event_id)
              || g_str_equal (self->life_event_id, "retiring");
  gtk_widget_set_visible (self->dates_heading, has_dates);
  gtk_widget_set_visible (self->date_box, has_dates);
  gtk_widget_set_visible (GTK_WIDGET (self->deadlines_list), has_dates);
  if (has_dates)
    {
      const char *label = g_str_equal (self->life_event_id, "retiring")
                          ? _("What is your date of birth?")
                          : loket_deadlines_get_date_label (self->life_event_id);

      gtk_label_set_label (self->date_label, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      /* The register's date of birth gives the AOW date without asking. */
      if (self->date_from_register && !loket_session_get_signed_in (session))
        {
          g_date_clear (&self->date, 1);
          gtk_editable_set_text (GTK_EDITABLE (self->date_entry), "");
          self->date_from_register = FALSE;
        }
      if (g_str_equal (self->life_event_id, "retiring") && !g_date_valid (&self->date)
          && loket_rule_facts_get_birth (facts) != NULL)
        {
          self->date = *loket_rule_facts_get_birth (facts);
          self->date_from_register = TRUE;
        }
      else if (g_str_equal (self->life_event_id, "baby") && !g_date_valid (&self->date))
        self->date_from_register = find_recent_birth (session, &today, &self->date);
      if (self->date_from_register)
        {
          g_autofree char *text = g_strdup_printf ("%u-%u-%u", g_date_get_day (&self->date),
                                                   g_date_get_month (&self->date),
                                                   g_date_get_year (&self->date));

          gtk_editable_set_text (GTK_EDITABLE (self->date_entry), text);
        }
      update_deadlines (self);
    }

  gtk_widget_set_visible (self->box, results->len > 0 || has_dates);
}

static void
on_date_activate_cb (LoketEntitlementsView *self)
{
  g_autofree char *normalised = NULL;
  LoketValidity validity;
  guint y, m, d;

  validity = loket_validate_date (gtk_editable_get_text (GTK_EDITABLE (self->date_entry)), NULL, NULL,
                                  &normalised);
  gtk_widget_set_visible (GTK_WIDGET (self->date_error_label), validity != LOKET_VALIDITY_OK);
  if (validity != LOKET_VALIDITY_OK)
    {
      g_autofree char *message = loket_validity_message (validity, gtk_label_get_label (self->date_label),
                                                         NULL, NULL);

      gtk_label_set_label (self->date_error_label, message);
      return;
    }
  g_date_clear (&self->date, 1);
  self->date_from_register = FALSE;
  if (sscanf (normalised, "%u-%u-%u", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
    g_date_set_dmy (&self->date, d, m, y);
  update_deadlines (self);
}

static void
on_session_wiped_cb (LoketEntitlementsView *self)
{
  /* The next citizen starts with nothing. */
  g_object_set_data (G_OBJECT (loket_context_get_session (self->context)), FACTS_KEY, NULL);
  g_date_clear (&self->date, 1);
  self->date_from_register = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), "");
  gtk_widget_set_visible (GTK_WIDGET (self->date_error_label), FALSE);
  update (self);
}

static void
set_context (LoketEntitlementsView *self,
             LoketContext          *context)
{
  LoketSession *session;

  if (context == NULL || self->context == context)
    return;
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  session = loket_context_get_session (context);
  g_signal_connect_object (session, "notify::signed-in", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "wiped", G_CALLBACK (on_session_wiped_cb), self, G_CONNECT_SWAPPED);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

static void
loket_entitlements_view_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  LoketEntitlementsView *self = LOKET_ENTITLEMENTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_entitlements_view_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (LOKET_ENTITLEMENTS_VIEW (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_entitlements_view_dispose (GObject *object)
{
  LoketEntitlementsView *self = LOKET_ENTITLEMENTS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_ENTITLEMENTS_VIEW);
  g_clear_object (&self->context);
  g_clear_object (&self->results);
  g_clear_object (&self->deadlines);

  G_OBJECT_CLASS (loket_entitlements_view_parent_class)->dispose (object);
}

static void
loket_entitlements_view_finalize (GObject *object)
{
  LoketEntitlementsView *self = LOKET_ENTITLEMENTS_VIEW (object);

  g_free (self->life_event_id);

  G_OBJECT_CLASS (loket_entitlements_view_parent_class)->finalize (object);
}

static void
loket_entitlements_view_class_init (LoketEntitlementsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_entitlements_view_dispose;
  object_class->finalize = loket_entitlements_view_finalize;
  object_class->get_property = loket_entitlements_view_get_property;
  object_class->set_property = loket_entitlements_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, LOKET_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/loket-entitlements-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketEntitlementsView, box);
  gtk_widget_class_bind_template_child (widget_class, LoketEntitlementsView, intro_label);
  gtk_widget_class_bind_template_child (widget_class, LoketEntitlementsView, question_box);
  gtk_widget_class_bind_template_child (widget_class, LoketEntitlementsView, question_count_label);
  gtk_widget_class_bind_template_child (widget_class, LoketEntitlementsView, question_label);
  gtk_widget_class_bind_template_child (widget_class, LoketEntitlementsView, options_box);
  gtk_widget_class_bind_template_child (widget_class, LoketEntitlementsView, results_list);
  gtk_widget_class_bind_template_child (widget_class, LoketEntitlementsView, dates_heading);
  gtk_widget_class_bind_template_child (widget_class, LoketEntitlementsView, date_box);
  gtk_widget_class_bind_template_child (widget_class, LoketEntitlementsView, date_label);
  gtk_widget_class_bind_template_child (widget_class, LoketEntitlementsView, date_entry);
  gtk_widget_class_bind_template_child (widget_class, LoketEntitlementsView, date_error_label);
  gtk_widget_class_bind_template_child (widget_class, LoketEntitlementsView, deadlines_list);
  gtk_widget_class_bind_template_callback (widget_class, on_date_activate_cb);
}

static void
loket_entitlements_view_init (LoketEntitlementsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_date_clear (&self->date, 1);
  self->results = g_list_store_new (ITEM_TYPE);
  self->deadlines = g_list_store_new (ITEM_TYPE);
  gtk_list_box_bind_model (self->results_list, G_LIST_MODEL (self->results), create_result_row_cb,
                           self, NULL);
  gtk_list_box_bind_model (self->deadlines_list, G_LIST_MODEL (self->deadlines),
                           create_deadline_row_cb, self, NULL);
  gtk_widget_set_visible (self->box, FALSE);
}

/**
 * loket_entitlements_view_set_life_event:
 * @life_event_id: (nullable): the life event shown, or %NULL for none
 */
void
loket_entitlements_view_set_life_event (LoketEntitlementsView *self,
                                        const char            *life_event_id)
{
  g_return_if_fail (LOKET_IS_ENTITLEMENTS_VIEW (self));

  if (g_strcmp0 (self->life_event_id, life_event_id) != 0)
    {
      g_free (self->life_event_id);
      self->life_event_id = g_strdup (life_event_id);
      g_date_clear (&self->date, 1);
      self->date_from_register = FALSE;
      gtk_widget_set_visible (GTK_WIDGET (self->date_error_label), FALSE);
      if (self->date_entry != NULL)
        {
          g_autofree char *today_text = NULL;
          GDate today;

          get_today (&today);
          today_text = g_strdup_printf ("%u-%u-%u", g_date_get_day (&today), g_date_get_month (&today),
                                        g_date_get_year (&today));
          gtk_editable_set_text (GTK_EDITABLE (self->date_entry),
                                 life_event_id && g_str_equal (life_event_id, "retiring") ? "" : today_text);
        }
    }
  update (self);
}

/**
 * loket_entitlements_view_get_facts:
 *
 * Returns: (transfer none): the facts of this visit (for tests)
 */
LoketRuleFacts *
loket_entitlements_view_get_facts (LoketEntitlementsView *self)
{
  g_return_val_if_fail (LOKET_IS_ENTITLEMENTS_VIEW (self), NULL);
  g_return_val_if_fail (self->context != NULL, NULL);

  return get_facts (self);
}

/**
 * loket_entitlements_view_set_date:
 *
 * Sets the event's date (the birth date for "retiring") as if the citizen typed it.
 */
void
loket_entitlements_view_set_date (LoketEntitlementsView *self,
                                  const GDate           *date)
{
  g_autofree char *text = NULL;

  g_return_if_fail (LOKET_IS_ENTITLEMENTS_VIEW (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  text = g_strdup_printf ("%u-%u-%u", g_date_get_day (date), g_date_get_month (date),
                          g_date_get_year (date));
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), text);
  on_date_activate_cb (self);
}

/**
 * loket_entitlements_dup_found:
 * @context: the kiosk's context
 * @life_event_id: the life event the citizen is doing
 *
 * What this visit found the citizen is likely or maybe entitled to for @life_event_id, from the
 * answers and register facts the entitlements view gathered: service ids only, nothing personal,
 * for the hand-over summary a desk sees.
 *
 * Returns: (transfer full): the service ids, possibly empty
 */
GStrv
loket_entitlements_dup_found (LoketContext *context,
                              const char   *life_event_id)
{
  LoketSession *session = loket_context_get_session (context);
  LoketRules *rules = loket_catalog_get_rules (loket_context_get_catalog (context));
  LoketRuleFacts *facts = g_object_get_data (G_OBJECT (session), FACTS_KEY);
  g_autoptr(GStrvBuilder) found = g_strv_builder_new ();
  g_autoptr(GPtrArray) results = NULL;
  GDate today;

  if (rules == NULL || facts == NULL)
    return g_strv_builder_end (found);

  get_today (&today);
  results = loket_rules_evaluate_event (rules, life_event_id, facts, g_date_get_year (&today),
                                        loket_context_get_language (context));
  for (guint i = 0; i < results->len; i++)
    {
      LoketRuleResult *result = results->pdata[i];
      const char *service = loket_rule_get_service_id (result->rule);

      if ((result->outcome == LOKET_OUTCOME_LIKELY || result->outcome == LOKET_OUTCOME_MAYBE)
          && service != NULL)
        g_strv_builder_add (found, service);
    }
  return g_strv_builder_end (found);
}
