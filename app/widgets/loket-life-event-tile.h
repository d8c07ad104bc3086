/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "loket-catalog-items.h"

G_BEGIN_DECLS

#define LOKET_TYPE_LIFE_EVENT_TILE (loket_life_event_tile_get_type ())
G_DECLARE_FINAL_TYPE (LoketLifeEventTile, loket_life_event_tile, LOKET, LIFE_EVENT_TILE, GtkButton)

GtkWidget *loket_life_event_tile_new (LoketLifeEvent *event,
                                      LoketLanguage   language);

G_END_DECLS
