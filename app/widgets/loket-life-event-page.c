/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-life-event-page"

#include "config.h"

#include <glib/gi18n.h>

#include "loket-entitlements-view.h"
#include "loket-life-event-page.h"
#include "loket-sign-in-card.h"
#include "loket-step-row.h"
#include "loket-ui-utils.h"

/**
 * LoketLifeEventPage:
 *
 * One life event as a step-by-step checklist (GOV.UK's step-by-step pattern), with the
 * citizen's rights and obligations below it.
 */
struct _LoketLifeEventPage
{
  LoketPage          parent_instance;

  LoketLifeEvent    *event; /* (owned) (nullable) */

  GtkScrolledWindow *scroller;
  GtkImage          *icon;
  GtkLabel          *title_label;
  GtkLabel          *summary_label;
  GtkWidget         *desk_first_label;
  GtkWidget         *handover_first_button; /* issue 8 */
  GtkWidget         *handover_button;       /* issue 8 */
  GtkLabel          *progress_label;
  GtkListBox        *steps_list;
  GtkListBox        *rights_list;
  GtkListBox        *obligations_list;
  LoketEntitlementsView *entitlements_view;
};

G_DEFINE_FINAL_TYPE (LoketLifeEventPage, loket_life_event_page, LOKET_TYPE_PAGE)

static GtkWidget *
create_step_row_cb (gpointer item,
                    gpointer user_data)
{
  LoketPage *page = user_data;

  return loket_step_row_new (LOKET_STEP (item), loket_page_get_context (page));
}

static GtkWidget *
create_fact_row_cb (gpointer item,
                    gpointer user_data)
{
  GtkWidget *label = gtk_label_new (gtk_string_object_get_string (item));
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "loket-fact");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

/* The facts as texts in the citizen's language; a fact that could not be confirmed says so. */
static GListModel *
facts_model (GPtrArray     *facts,
             LoketLanguage  language,
             LoketLanguage *shown)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  *shown = language;
  for (guint i = 0; i < facts->len; i++)
    {
      LoketFact *fact = facts->pdata[i];
      LoketLanguage fact_shown;
      const char *text = loket_text_get (fact->text, language, &fact_shown);

      if (fact_shown != language)
        *shown = fact_shown;

      if (fact->unverified)
        {
          /* Translators: %s is a right or obligation that has not been confirmed yet */
          g_autofree char *marked = g_strdup_printf (_("%s (to be checked: ask at the desk)"), text);
          gtk_string_list_append (list, marked);
        }
      else
        gtk_string_list_append (list, text);
    }
  return G_LIST_MODEL (list);
}

static void
update_progress (LoketLifeEventPage *self)
{
  LoketSession *session;
  g_autofree char *text = NULL;
  guint n_steps, n_done;

  if (self->event == NULL)
    return;

  session = loket_context_get_session (loket_page_get_context (LOKET_PAGE (self)));
  n_steps = g_list_model_get_n_items (loket_life_event_get_steps (self->event));
  n_done = loket_session_count_done (session, loket_life_event_get_id (self->event));
  /* Translators: progress through a checklist, for example "2 of 6 steps done" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u step done", "%u of %u steps done",
                                       n_steps), n_done, n_steps);
  gtk_label_set_label (self->progress_label, text);
}

static void
show_event (LoketLifeEventPage *self,
            LoketLifeEvent     *event)
{
  LoketLanguage language = loket_page_get_language (LOKET_PAGE (self));
  g_autoptr(GListModel) rights = NULL;
  g_autoptr(GListModel) obligations = NULL;
  LoketLanguage rights_shown, obligations_shown;

  g_set_object (&self->event, event);
  loket_entitlements_view_set_life_event (self->entitlements_view,
                                          event ? loket_life_event_get_id (event) : NULL);

  if (event == NULL)
    {
      gtk_list_box_bind_model (self->steps_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->rights_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->obligations_list, NULL, NULL, NULL, NULL);
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->summary_label, "");
      return;
    }

  gtk_image_set_from_icon_name (self->icon, loket_life_event_get_icon_name (event));
  loket_set_label_text (self->title_label, loket_life_event_get_title (event), language);
  loket_set_label_text (self->summary_label, loket_life_event_get_summary (event), language);
  gtk_widget_set_visible (self->desk_first_label, loket_life_event_get_desk_first (event));
  /* Issue 8: "Talk to a person" on every life event; first when the catalog says so. */
  {
    g_autofree char *handover = g_strconcat ("handover:", loket_life_event_get_id (event), NULL);

    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->handover_first_button), "s", handover);
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->handover_button), "s", handover);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (self->handover_first_button), "win.navigate");
    gtk_actionable_set_action_name (GTK_ACTIONABLE (self->handover_button), "win.navigate");
    gtk_widget_set_visible (self->handover_first_button, loket_life_event_get_desk_first (event));
    gtk_widget_set_visible (self->handover_button, !loket_life_event_get_desk_first (event));
  }

  gtk_list_box_bind_model (self->steps_list, loket_life_event_get_steps (event),
                           create_step_row_cb, self, NULL);
  rights = facts_model (loket_life_event_get_rights (event), language, &rights_shown);
  obligations = facts_model (loket_life_event_get_obligations (event), language, &obligations_shown);
  /* Issue 9: a note above a list that is not in the citizen's language. */
  loket_show_fallback_note (GTK_WIDGET (self->rights_list), language, rights_shown);
  loket_show_fallback_note (GTK_WIDGET (self->obligations_list), language, obligations_shown);
  {
    GListModel *steps = loket_life_event_get_steps (event);
    LoketLanguage steps_shown = language;

    /* The steps' deadlines ("When: …") are full sentences, not always translated yet. */
    for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
      {
        g_autoptr(LoketStep) step = g_list_model_get_item (steps, i);
        LoketLanguage shown;

        if (loket_step_get_deadline (step) != NULL)
          {
            loket_text_get (loket_step_get_deadline (step), language, &shown);
            if (shown != language)
              steps_shown = shown;
          }
      }
    loket_show_fallback_note (GTK_WIDGET (self->steps_list), language, steps_shown);
  }
  gtk_list_box_bind_model (self->rights_list, rights, create_fact_row_cb, NULL, NULL);
  gtk_list_box_bind_model (self->obligations_list, obligations, create_fact_row_cb, NULL, NULL);
  update_progress (self);
}

static void
loket_life_event_page_setup (LoketPage *page)
{
  LoketSession *session = loket_context_get_session (loket_page_get_context (page));

  g_signal_connect_object (session, "step-changed", G_CALLBACK (update_progress), page,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "wiped", G_CALLBACK (update_progress), page,
                           G_CONNECT_SWAPPED);
}

static gboolean
loket_life_event_page_switch_to (LoketPage  *page,
                                 const char *argument)
{
  LoketLifeEventPage *self = LOKET_LIFE_EVENT_PAGE (page);
  LoketCatalog *catalog = loket_context_get_catalog (loket_page_get_context (page));
  LoketLifeEvent *event = loket_catalog_lookup_life_event (catalog, argument);

  if (event == NULL)
    return FALSE;
  if (event != self->event)
    show_event (self, event);
  return TRUE;
}

static void
loket_life_event_page_reset (LoketPage *page)
{
  show_event (LOKET_LIFE_EVENT_PAGE (page), NULL);
}

static const char *
loket_life_event_page_get_title (LoketPage *page)
{
  LoketLifeEventPage *self = LOKET_LIFE_EVENT_PAGE (page);

  if (self->event == NULL)
    return NULL;
  return loket_text_get (loket_life_event_get_title (self->event), loket_page_get_language (page), NULL);
}

static GtkScrolledWindow *
loket_life_event_page_get_scroller (LoketPage *page)
{
  return LOKET_LIFE_EVENT_PAGE (page)->scroller;
}

static void
loket_life_event_page_dispose (GObject *object)
{
  LoketLifeEventPage *self = LOKET_LIFE_EVENT_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_LIFE_EVENT_PAGE);
  g_clear_object (&self->event);

  G_OBJECT_CLASS (loket_life_event_page_parent_class)->dispose (object);
}

static void
loket_life_event_page_class_init (LoketLifeEventPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LoketPageClass *page_class = LOKET_PAGE_CLASS (klass);

  object_class->dispose = loket_life_event_page_dispose;
  page_class->setup = loket_life_event_page_setup;
  page_class->switch_to = loket_life_event_page_switch_to;
  page_class->reset = loket_life_event_page_reset;
  page_class->get_title = loket_life_event_page_get_title;
  page_class->get_scroller = loket_life_event_page_get_scroller;

  g_type_ensure (LOKET_TYPE_SIGN_IN_CARD);
  g_type_ensure (LOKET_TYPE_ENTITLEMENTS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/loket-life-event-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventPage, icon);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventPage, desk_first_label);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventPage, handover_first_button);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventPage, handover_button);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventPage, steps_list);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventPage, rights_list);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventPage, obligations_list);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventPage, entitlements_view);
}

static void
loket_life_event_page_init (LoketLifeEventPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
