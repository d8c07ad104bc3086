/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-life-events-page"

#include "config.h"

#include <glib/gi18n.h>

#include "loket-life-event-tile.h"
#include "loket-life-events-page.h"

/**
 * LoketLifeEventsPage:
 *
 * The grid of life events: everything in Loket is reached through one of them.
 */
struct _LoketLifeEventsPage
{
  LoketPage          parent_instance;

  GtkScrolledWindow *scroller;
  GtkFlowBox        *tiles;
};

G_DEFINE_FINAL_TYPE (LoketLifeEventsPage, loket_life_events_page, LOKET_TYPE_PAGE)

static GtkWidget *
create_tile_cb (gpointer item,
                gpointer user_data)
{
  LoketPage *page = user_data;

  return loket_life_event_tile_new (LOKET_LIFE_EVENT (item), loket_page_get_language (page));
}

static void
loket_life_events_page_setup (LoketPage *page)
{
  LoketLifeEventsPage *self = LOKET_LIFE_EVENTS_PAGE (page);
  LoketCatalog *catalog = loket_context_get_catalog (loket_page_get_context (page));

  gtk_flow_box_bind_model (self->tiles, loket_catalog_get_life_events (catalog),
                           create_tile_cb, self, NULL);

  /* The tile itself is the button; its flow-box cell would be a second, silent focus stop. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
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
loket_life_events_page_class_init (LoketLifeEventsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LoketPageClass *page_class = LOKET_PAGE_CLASS (klass);

  page_class->setup = loket_life_events_page_setup;
  page_class->get_title = loket_life_events_page_get_title;
  page_class->get_scroller = loket_life_events_page_get_scroller;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/loket-life-events-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventsPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventsPage, tiles);
}

static void
loket_life_events_page_init (LoketLifeEventsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
