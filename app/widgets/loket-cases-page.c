/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-cases-page"

#include "config.h"

#include <glib/gi18n.h>

#include "loket-cases-page.h"
#include "loket-sign-in-page.h"
#include "loket-window.h"
#include "loket-zaken-client.h"

/**
 * LoketCasesPage:
 *
 * "My cases" (location "cases"): the signed-in citizen's zaken from the ZGW Zaken API, newest
 * first, each with where it is in plain words. A request sent from this kiosk appears here as
 * soon as the intake has made its zaak. Without sign-in, the page offers to sign in.
 */
struct _LoketCasesPage
{
  LoketPage          parent_instance;

  GCancellable      *cancellable; /* (owned) (nullable) */
  gboolean           retry_signs_in;

  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  GtkListBox        *list;
  AdwStatusPage     *status_page;
  GtkWidget         *action_button;
};

G_DEFINE_FINAL_TYPE (LoketCasesPage, loket_cases_page, LOKET_TYPE_PAGE)

static LoketContext *
get_context (LoketCasesPage *self)
{
  return loket_page_get_context (LOKET_PAGE (self));
}

static void
clear_list (LoketCasesPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

static void
show_message (LoketCasesPage *self,
              const char     *title,
              const char     *description,
              const char     *action,
              gboolean        sign_in)
{
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  if (action != NULL)
    {
      gtk_button_set_label (GTK_BUTTON (self->action_button), action);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->action_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      action, -1);
    }
  gtk_widget_set_visible (self->action_button, action != NULL);
  self->retry_signs_in = sign_in;
  gtk_stack_set_visible_child_name (self->stack, "message");
}

/* "2026-01-20" → "20 January 2026" in the citizen's language. */
static char *
format_iso_date (const char *iso)
{
  LoketDate date = { LOKET_DATE_FULL, 0, 0, 0 };

  if (iso == NULL || sscanf (iso, "%4u-%2u-%2u", &date.year, &date.month, &date.day) != 3
      || !g_date_valid_dmy (date.day, date.month, date.year))
    return NULL;
  return loket_date_format (&date);
}

static void
add_case (LoketCasesPage *self,
          LoketCase      *item)
{
  LoketLanguage language = loket_page_get_language (LOKET_PAGE (self));
  LoketCatalog *catalog = loket_context_get_catalog (get_context (self));
  LoketService *service = loket_catalog_lookup_service (catalog, item->omschrijving);
  const char *title = service ? loket_text_get (loket_service_get_title (service), language, NULL)
                              : item->omschrijving;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *state_label = gtk_label_new (loket_case_state_describe (item->state));
  g_autofree char *started = format_iso_date (item->startdatum);
  g_autofree char *details = NULL;
  GtkWidget *details_label;
  g_autofree char *accessible = NULL;

  if (started != NULL)
    /* Translators: %1$s is a case number, %2$s the date the case started */
    details = g_strdup_printf (_("Case number %1$s · started %2$s"), item->identificatie, started);
  else
    /* Translators: %s is a case number */
    details = g_strdup_printf (_("Case number %s"), item->identificatie);
  details_label = gtk_label_new (details);

  gtk_widget_set_margin_top (box, 16);
  gtk_widget_set_margin_bottom (box, 16);
  gtk_widget_set_margin_start (box, 16);
  gtk_widget_set_margin_end (box, 16);
  gtk_widget_add_css_class (title_label, "heading");
  gtk_widget_add_css_class (state_label, "loket-case-state");
  gtk_widget_add_css_class (details_label, "dim-label");
  /* What someone asked the municipality for is theirs: read aloud only privately. */
  gtk_widget_add_css_class (title_label, "loket-private");
  gtk_widget_add_css_class (details_label, "loket-private");
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), state_label);
  gtk_box_append (GTK_BOX (box), details_label);
  for (GtkWidget *w = gtk_widget_get_first_child (box); w; w = gtk_widget_get_next_sibling (w))
    {
      gtk_label_set_wrap (GTK_LABEL (w), TRUE);
      gtk_label_set_xalign (GTK_LABEL (w), 0);
    }
  gtk_list_box_append (self->list, box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (box)), FALSE);
  accessible = g_strdup_printf ("%s. %s %s", title, loket_case_state_describe (item->state), details);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
on_cases_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LoketCasesPage) self = user_data;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;

  cases = loket_zaken_client_list_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (cases == NULL)
    {
      g_warning ("Cannot list the citizen's cases: %s", error->message);
      show_message (self, _("Your cases cannot be shown right now"),
                    loket_sign_in_describe_error (error), _("Try again"), FALSE);
      return;
    }
  clear_list (self);
  if (cases->len == 0)
    {
      show_message (self, _("You have no cases yet"),
                    _("When you send a request to the municipality, you can follow it here."), NULL, FALSE);
      return;
    }
  for (guint i = 0; i < cases->len; i++)
    add_case (self, g_ptr_array_index (cases, i));
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
on_endpoints_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LoketCasesPage) self = user_data;
  g_autoptr(LoketEndpoints) endpoints = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  LoketContext *context = get_context (self);
  LoketSession *session = loket_context_get_session (context);

  endpoints = loket_discovery_load_finish (LOKET_DISCOVERY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (endpoints == NULL || !loket_session_get_signed_in (session))
    {
      show_message (self, _("Your cases cannot be shown right now"),
                    loket_sign_in_describe_error (error), _("Try again"), FALSE);
      return;
    }
  secret = g_settings_get_string (loket_context_get_settings (context), "zgw-secret");
  loket_zaken_client_list_async (loket_discovery_get_session (LOKET_DISCOVERY (object)), endpoints, secret,
                                 loket_session_get_bsn (session), self->cancellable, on_cases_cb,
                                 g_object_ref (self));
}

static void
load (LoketCasesPage *self)
{
  LoketContext *context = get_context (self);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_list (self);

  if (!loket_session_get_signed_in (loket_context_get_session (context)))
    {
      show_message (self, _("Sign in to see your cases"),
                    _("Sign in with your phone to see your requests to the municipality and where "
                      "each one is."), _("Sign in"), TRUE);
      return;
    }
  show_message (self, _("Looking up your cases…"), NULL, NULL, FALSE);
  self->cancellable = g_cancellable_new ();
  loket_discovery_load_async (loket_context_get_discovery (context), self->cancellable, on_endpoints_cb,
                              g_object_ref (self));
}

static void
on_action_clicked_cb (LoketCasesPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), LOKET_TYPE_WINDOW);

  if (self->retry_signs_in)
    {
      if (window != NULL)
        loket_window_navigate (LOKET_WINDOW (window), "sign-in:cases");
      return;
    }
  load (self);
}

static gboolean
loket_cases_page_switch_to (LoketPage  *page,
                            const char *argument)
{
  load (LOKET_CASES_PAGE (page));
  return TRUE;
}

static void
loket_cases_page_switch_from (LoketPage *page)
{
  LoketCasesPage *self = LOKET_CASES_PAGE (page);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_list (self);
}

static const char *
loket_cases_page_get_title (LoketPage *page)
{
  return _("My cases");
}

static GtkScrolledWindow *
loket_cases_page_get_scroller (LoketPage *page)
{
  return LOKET_CASES_PAGE (page)->scroller;
}

static void
loket_cases_page_dispose (GObject *object)
{
  LoketCasesPage *self = LOKET_CASES_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_CASES_PAGE);

  G_OBJECT_CLASS (loket_cases_page_parent_class)->dispose (object);
}

static void
loket_cases_page_class_init (LoketCasesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LoketPageClass *page_class = LOKET_PAGE_CLASS (klass);

  object_class->dispose = loket_cases_page_dispose;
  page_class->switch_to = loket_cases_page_switch_to;
  page_class->switch_from = loket_cases_page_switch_from;
  page_class->reset = loket_cases_page_switch_from;
  page_class->get_title = loket_cases_page_get_title;
  page_class->get_scroller = loket_cases_page_get_scroller;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/loket-cases-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketCasesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesPage, list);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, LoketCasesPage, action_button);
  gtk_widget_class_bind_template_callback (widget_class, on_action_clicked_cb);
}

static void
loket_cases_page_init (LoketCasesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
