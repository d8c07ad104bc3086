/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "loket-context.h"

G_BEGIN_DECLS

#define LOKET_TYPE_DESK_WINDOW (loket_desk_window_get_type ())
G_DECLARE_FINAL_TYPE (LoketDeskWindow, loket_desk_window, LOKET, DESK_WINDOW, AdwApplicationWindow)

LoketDeskWindow *loket_desk_window_new     (GtkApplication  *application,
                                            LoketContext    *context);
void             loket_desk_window_refresh (LoketDeskWindow *self);
guint            loket_desk_window_get_n_waiting (LoketDeskWindow *self);

G_END_DECLS
