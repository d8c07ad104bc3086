/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-step-page"

#include "config.h"

#include <glib/gi18n.h>

#include "loket-step-page.h"
#include "loket-ui-utils.h"
#include "loket-window.h"

/**
 * LoketStepPage:
 *
 * One step in full: what to do, who does it, what you need, when and at what cost, the service
 * behind it with its national product (UPL) URI, and the source the text rests on.
 */
struct _LoketStepPage
{
  LoketPage          parent_instance;

  LoketStep         *step; /* (owned) (nullable) */

  GtkScrolledWindow *scroller;
  GtkLabel          *position_label;
  GtkLabel          *title_label;
  GtkWidget         *unverified_label;
  GtkWidget         *automatic_label;
  GtkLabel          *body_label;
  AdwActionRow      *organisation_row;
  AdwActionRow      *needs_row;
  AdwActionRow      *deadline_row;
  AdwActionRow      *cost_row;
  GtkWidget         *service_box;
  GtkLabel          *service_title_label;
  GtkLabel          *service_body_label;
  GtkLabel          *upl_label;
  GtkWidget         *form_button;
  GtkLabel          *source_label;
  GtkCheckButton    *done_check;
};

G_DEFINE_FINAL_TYPE (LoketStepPage, loket_step_page, LOKET_TYPE_PAGE)

static void
set_row (AdwActionRow    *row,
         const LoketText *text,
         LoketLanguage    language)
{
  gtk_widget_set_visible (GTK_WIDGET (row), text != NULL);
  if (text != NULL)
    adw_action_row_set_subtitle (row, loket_text_get (text, language, NULL));
}

/* Steps joined with "and"/"or" share a number: the last step's number is the count. */
static guint
count_numbers (GListModel *steps)
{
  guint n = g_list_model_get_n_items (steps);
  g_autoptr(LoketStep) last = n ? g_list_model_get_item (steps, n - 1) : NULL;

  return last ? loket_step_get_number (last) : 0;
}

static LoketSession *
get_session (LoketStepPage *self)
{
  return loket_context_get_session (loket_page_get_context (LOKET_PAGE (self)));
}

static void
on_done_check_toggled_cb (LoketStepPage  *self,
                          GtkCheckButton *check)
{
  if (self->step == NULL)
    return;

  loket_session_set_step_done (get_session (self), loket_step_get_life_event_id (self->step),
                               loket_step_get_id (self->step), gtk_check_button_get_active (check));
}

/* "Do this now": the service's request form at the kiosk. */
static void
on_form_button_clicked_cb (LoketStepPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), LOKET_TYPE_WINDOW);
  LoketService *service = self->step ? loket_step_get_service (self->step) : NULL;
  g_autofree char *location = NULL;

  if (window == NULL || service == NULL || loket_service_get_form (service) == NULL)
    return;
  location = g_strdup_printf ("form:%s/%s", loket_service_get_id (service),
                              loket_step_get_life_event_id (self->step));
  loket_window_navigate (LOKET_WINDOW (window), location);
}

static void
on_session_step_changed_cb (LoketStepPage *self,
                            const char    *life_event_id,
                            const char    *step_id,
                            gboolean       done)
{
  if (self->step != NULL
      && g_str_equal (step_id, loket_step_get_id (self->step))
      && g_str_equal (life_event_id, loket_step_get_life_event_id (self->step)))
    gtk_check_button_set_active (self->done_check, done);
}

static void
show_step (LoketStepPage  *self,
           LoketLifeEvent *event,
           LoketStep      *step)
{
  LoketLanguage language = loket_page_get_language (LOKET_PAGE (self));
  LoketService *service;
  g_autofree char *position = NULL;
  g_autofree char *source = NULL;
  guint n_steps;

  g_clear_object (&self->step);
  if (step == NULL)
    {
      gtk_check_button_set_active (self->done_check, FALSE);
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->body_label, "");
      return;
    }

  n_steps = count_numbers (loket_life_event_get_steps (event));
  /* Translators: for example "Moving house · step 2 of 5" */
  position = g_strdup_printf (_("%s · step %u of %u"),
                              loket_text_get (loket_life_event_get_title (event), language, NULL),
                              loket_step_get_number (step), n_steps);
  gtk_label_set_label (self->position_label, position);

  loket_set_label_text (self->title_label, loket_step_get_title (step), language);
  loket_show_fallback_note (GTK_WIDGET (self->body_label), language,
                            loket_set_label_text (self->body_label, loket_step_get_body (step), language));
  gtk_widget_set_visible (self->automatic_label, loket_step_get_automatic (step));

  adw_action_row_set_subtitle (self->organisation_row,
                               loket_text_get (loket_organisation_get_name (loket_step_get_organisation (step)),
                                               language, NULL));
  set_row (self->needs_row, loket_step_get_needs (step), language);
  set_row (self->deadline_row, loket_step_get_deadline (step), language);
  set_row (self->cost_row, loket_step_get_cost (step), language);

  service = loket_step_get_service (step);
  gtk_widget_set_visible (self->service_box, service != NULL);
  gtk_widget_set_visible (self->form_button, service != NULL && loket_service_get_form (service) != NULL);
  gtk_widget_set_visible (self->unverified_label,
                          loket_step_get_unverified (step)
                          || (service != NULL && loket_service_get_unverified (service)));
  if (service != NULL)
    {
      loket_set_label_text (self->service_title_label, loket_service_get_title (service), language);
      loket_show_fallback_note (GTK_WIDGET (self->service_body_label), language,
                                loket_set_label_text (self->service_body_label,
                                                      loket_service_get_body (service), language));
      if (loket_service_get_upl (service) != NULL)
        {
          /* Translators: %s is a URI in the national list of government products (UPL) */
          g_autofree char *upl = g_strdup_printf (_("National product: %s"), loket_service_get_upl (service));
          gtk_label_set_label (self->upl_label, upl);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->upl_label), loket_service_get_upl (service) != NULL);
    }

  /* Translators: %s is the web address of the government page this text rests on */
  source = g_strdup_printf (_("Source: %s"), loket_step_get_source (step));
  gtk_label_set_label (self->source_label, source);

  self->step = g_object_ref (step);
  gtk_check_button_set_active (self->done_check,
                               loket_session_get_step_done (get_session (self),
                                                            loket_step_get_life_event_id (step),
                                                            loket_step_get_id (step)));
}

static void
loket_step_page_setup (LoketPage *page)
{
  g_signal_connect_object (get_session (LOKET_STEP_PAGE (page)), "step-changed",
                           G_CALLBACK (on_session_step_changed_cb), page, G_CONNECT_SWAPPED);
}

static gboolean
loket_step_page_switch_to (LoketPage  *page,
                           const char *argument)
{
  LoketStepPage *self = LOKET_STEP_PAGE (page);
  LoketCatalog *catalog = loket_context_get_catalog (loket_page_get_context (page));
  g_auto(GStrv) parts = g_strsplit (argument, "/", 2);
  LoketLifeEvent *event;
  LoketStep *step;

  if (g_strv_length (parts) != 2
      || (event = loket_catalog_lookup_life_event (catalog, parts[0])) == NULL
      || (step = loket_life_event_lookup_step (event, parts[1])) == NULL)
    return FALSE;

  show_step (self, event, step);
  return TRUE;
}

static void
loket_step_page_reset (LoketPage *page)
{
  show_step (LOKET_STEP_PAGE (page), NULL, NULL);
}

static const char *
loket_step_page_get_title (LoketPage *page)
{
  LoketStepPage *self = LOKET_STEP_PAGE (page);

  if (self->step == NULL)
    return NULL;
  return loket_text_get (loket_step_get_title (self->step), loket_page_get_language (page), NULL);
}

static GtkScrolledWindow *
loket_step_page_get_scroller (LoketPage *page)
{
  return LOKET_STEP_PAGE (page)->scroller;
}

static void
loket_step_page_dispose (GObject *object)
{
  LoketStepPage *self = LOKET_STEP_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_STEP_PAGE);
  g_clear_object (&self->step);

  G_OBJECT_CLASS (loket_step_page_parent_class)->dispose (object);
}

static void
loket_step_page_class_init (LoketStepPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LoketPageClass *page_class = LOKET_PAGE_CLASS (klass);

  object_class->dispose = loket_step_page_dispose;
  page_class->setup = loket_step_page_setup;
  page_class->switch_to = loket_step_page_switch_to;
  page_class->reset = loket_step_page_reset;
  page_class->get_title = loket_step_page_get_title;
  page_class->get_scroller = loket_step_page_get_scroller;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/loket-step-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, position_label);
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, unverified_label);
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, automatic_label);
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, body_label);
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, organisation_row);
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, needs_row);
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, deadline_row);
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, cost_row);
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, service_box);
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, service_title_label);
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, service_body_label);
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, upl_label);
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, form_button);
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, source_label);
  gtk_widget_class_bind_template_child (widget_class, LoketStepPage, done_check);
  gtk_widget_class_bind_template_callback (widget_class, on_done_check_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_form_button_clicked_cb);
}

static void
loket_step_page_init (LoketStepPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
