/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-life-event-tile"

#include "config.h"

#include "loket-life-event-tile.h"
#include "loket-ui-utils.h"

/**
 * LoketLifeEventTile:
 *
 * A large tile with an icon and a short label that opens one life event.
 */
struct _LoketLifeEventTile
{
  GtkButton  parent_instance;

  GtkImage  *icon;
  GtkLabel  *label;
};

G_DEFINE_FINAL_TYPE (LoketLifeEventTile, loket_life_event_tile, GTK_TYPE_BUTTON)

static void
loket_life_event_tile_class_init (LoketLifeEventTileClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/loket-life-event-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventTile, icon);
  gtk_widget_class_bind_template_child (widget_class, LoketLifeEventTile, label);
}

static void
loket_life_event_tile_init (LoketLifeEventTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
loket_life_event_tile_new (LoketLifeEvent *event,
                           LoketLanguage   language)
{
  LoketLifeEventTile *self;
  g_autofree char *target = NULL;

  g_return_val_if_fail (LOKET_IS_LIFE_EVENT (event), NULL);

  self = g_object_new (LOKET_TYPE_LIFE_EVENT_TILE, NULL);
  target = g_strconcat ("life-event:", loket_life_event_get_id (event), NULL);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s", target);
  gtk_image_set_from_icon_name (self->icon, loket_life_event_get_icon_name (event));
  loket_set_label_text (self->label, loket_life_event_get_title (event), language);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_label (self->label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  loket_text_get (loket_life_event_get_summary (event), language, NULL),
                                  -1);
  return GTK_WIDGET (self);
}
