/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-life-events-page"

#include "config.h"

#include <glib/gi18n.h>

#include "loket-life-event-tile.h"
#include "loket-life-events-page.h"
#include "loket-person.h"
#include "loket-search.h"

/**
 * LoketLifeEventsPage:
 *
 * The grid of life events: everything in Loket is reached through one of them. Above it a search
 * field finds life events, steps and services as the citizen types, in any language, and a calm
 * notice says from when the information is while the back-end cannot be reached.
 */
struct _LoketLifeEventsPage
{
  LoketPage          parent_instance;

  GtkScrolledWindow *scroller;
  GtkFlowBox        *tiles;
  GtkWidget         *offline_notice;
  GtkLabel          *offline_label;
  GtkSearchEntry    *search_entry;
  GtkStack          *content_stack;
  GtkListBox        *results;

  GListStore        *results_model;      /* (owned) of LoketSearchResult */
  GCancellable      *search_cancellable; /* (owned) (nullable): the search under way */
};

G_DEFINE_FINAL_TYPE (LoketLifeEventsPage, loket_life_events_page, LOKET_TYPE_PAGE)

/* Enough to choose from on one screen; more would only be scrolled past. */
#define MAX_RESULTS 30

static GtkWidget *
create_tile_cb (gpointer item,
                gpointer user_data)
{
  LoketPage *page = user_data;

  return loket_life_event_tile_new (LOKET_LIFE_EVENT (item), loket_page_get_language (page));
}

static const char *
describe_kind (LoketSearchKind kind)
{
  switch (kind)
    {
    case LOKET_SEARCH_KIND_LIFE_EVENT:
      /* Translators: the kind of a search result */
      return C_("search result", "Life event");
    case LOKET_SEARCH_KIND_STEP:
      /* Translators: the kind of a search result: one step of a life event */
      return C_("search result", "Step");
    case LOKET_SEARCH_KIND_SERVICE:
      /* Translators: the kind of a search result: something you can apply for or must do */
      return C_("search result", "Service");
    default:
      g_assert_not_reached ();
    }
}

static GtkWidget *
create_result_row_cb (gpointer item,
                      gpointer user_data)
{
  LoketSearchResult *result = LOKET_SEARCH_RESULT (item);
  const char *summary = loket_search_result_get_summary (result);
  g_autofree char *title = g_markup_escape_text (loket_search_result_get_title (result), -1);
  g_autofree char *subtitle = summary ? g_markup_escape_text (summary, -1) : NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *kind = gtk_label_new (describe_kind (loket_search_result_get_kind (result)));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (kind, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), kind);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  /* Activating the row opens the page, as every other way through Loket does. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.navigate");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", loket_search_result_get_location (result));
  return row;
}

static void
bind_tiles (LoketLifeEventsPage *self)
{
  LoketCatalog *catalog = loket_context_get_catalog (loket_page_get_context (LOKET_PAGE (self)));

  gtk_flow_box_bind_model (self->tiles, loket_catalog_get_life_events (catalog),
                           create_tile_cb, self, NULL);

  /* The tile itself is the button; its flow-box cell would be a second, silent focus stop. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
}

static void
update_offline_notice (LoketLifeEventsPage *self)
{
  LoketContext *context = loket_page_get_context (LOKET_PAGE (self));
  GDateTime *date = loket_context_get_catalog_date (context);
  gboolean offline = loket_context_get_offline (context) && date != NULL;

  gtk_widget_set_visible (self->offline_notice, offline);
  if (offline)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (date);
      LoketDate shown = { LOKET_DATE_FULL, g_date_time_get_year (local),
                          g_date_time_get_month (local), g_date_time_get_day_of_month (local) };
      /* the kiosk's language decides the format, not the machine's locale */
      g_autofree char *day = loket_date_format (&shown);
      /* Translators: shown while the kiosk cannot reach the municipality's server; %s is the
       * date of the information shown, like “28 november 2026” */
      g_autofree char *text = g_strdup_printf (_("Offline — information from %s"), day);

      gtk_label_set_label (self->offline_label, text);
    }
}

static void
cancel_search (LoketLifeEventsPage *self)
{
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
}

static void
show_browse (LoketLifeEventsPage *self)
{
  cancel_search (self);
  g_list_store_remove_all (self->results_model);
  gtk_stack_set_visible_child_name (self->content_stack, "browse");
}

static void
on_search_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LoketLifeEventsPage) self = user_data;
  g_autoptr(GListModel) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  /* A newer search cancelled this one: its results are stale. */
  hits = loket_store_search_finish (LOKET_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (hits == NULL)
    g_warning ("Search failed: %s", error->message);

  for (guint i = 0; hits != NULL && i < g_list_model_get_n_items (hits); i++)
    g_ptr_array_add (items, g_list_model_get_item (hits, i));
  g_list_store_splice (self->results_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results_model)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->content_stack, items->len > 0 ? "results" : "empty");
}

static void
on_search_entry_search_changed_cb (LoketLifeEventsPage *self,
                                   GtkSearchEntry      *entry)
{
  LoketContext *context = loket_page_get_context (LOKET_PAGE (self));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *query = loket_search_build_query (text);
  LoketStore *store = context ? loket_context_get_store (context) : NULL;

  if (query == NULL)
    {
      show_browse (self);
      return;
    }
  if (store == NULL)
    {
      cancel_search (self);
      g_list_store_remove_all (self->results_model);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }

  cancel_search (self);
  self->search_cancellable = g_cancellable_new ();
  loket_store_search_async (store, text, loket_page_get_language (LOKET_PAGE (self)), MAX_RESULTS,
                            self->search_cancellable, on_search_done_cb, g_object_ref (self));
}

static void
on_browse_button_clicked_cb (LoketLifeEventsPage *self,
                             GtkButton           *button)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  show_browse (self);
}

static void
loket_life_events_page_setup (LoketPage *page)
{
  LoketLifeEventsPage *self = LOKET_LIFE_EVENTS_PAGE (page);
  LoketContext *context = loket_page_get_context (page);

  bind_tiles (self);
  gtk_list_box_bind_model (self->results, G_LIST_MODEL (self->results_model),
                           create_result_row_cb, self, NULL);

  /* A sync may bring a new catalog, or find the back-end gone, while the page is shown. */
  g_signal_connect_object (context, "notify::catalog", G_CALLBACK (bind_tiles), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::offline", G_CALLBACK (update_offline_notice), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::catalog-date", G_CALLBACK (update_offline_notice), self,
                           G_CONNECT_SWAPPED);
  update_offline_notice (self);
}

static void
loket_life_events_page_reset (LoketPage *page)
{
  LoketLifeEventsPage *self = LOKET_LIFE_EVENTS_PAGE (page);

  /* What the last citizen searched for goes with them. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  show_browse (self);
}

static const char *
loket_life_events_page_get_title (LoketPage *page)
{
  return _("Life events");
}

static GtkScrolledWindow *
loket_life_events_page_get_scroller (LoketPage *page)
{
  return LOKET_LIFE_EVENTS_PAGE (page)->scroller;
}

static void
loket_life_events_page_dispose (GObject *object)
{
  LoketLifeEventsPage *self = LOKET_LIFE_EVENTS_PAGE (object);

  cancel_search (self);
  g_clear_object (&self->results_model);

  G_OBJECT_CLASS (loket_life_events_page_parent_class)->dispose (object);
}

static void
loket_life_events_page_class_init (LoketLifeEventsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LoketPageClass *page_class = LOKET_PAGE_CLASS (klass);

  object_class->dispose = loket_life_events_page_dispose;
  page_class->setup = loket_life_events_page_setup;
  page_class->reset = loket_life_events_page_reset;
  page_class->get_title = loket_life_events_page_get_title;
  page_class->get_scroller = loket_life_events_page_get_scroller;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/loket-life-events-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventsPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventsPage, tiles);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventsPage, offline_notice);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventsPage, offline_label);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventsPage, results);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_browse_button_clicked_cb);
}

static void
loket_life_events_page_init (LoketLifeEventsPage *self)
{
  self->results_model = g_list_store_new (LOKET_TYPE_SEARCH_RESULT);
  gtk_widget_init_template (GTK_WIDGET (self));
}
