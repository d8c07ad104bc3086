/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "loket-context.h"
#include "loket-keyboard.h"

G_BEGIN_DECLS

#define LOKET_TYPE_WINDOW (loket_window_get_type ())
G_DECLARE_FINAL_TYPE (LoketWindow, loket_window, LOKET, WINDOW, AdwApplicationWindow)

LoketWindow  *loket_window_new            (GtkApplication *application,
                                           LoketContext   *context,
                                           gboolean        kiosk);
LoketContext *loket_window_get_context    (LoketWindow    *self);
const char   *loket_window_get_location   (LoketWindow    *self);
GtkWidget    *loket_window_get_page       (LoketWindow    *self);
LoketKeyboard *loket_window_get_keyboard  (LoketWindow    *self);
void          loket_window_navigate       (LoketWindow    *self,
                                           const char     *location);
gboolean      loket_window_go_back        (LoketWindow    *self);
void          loket_window_replace        (LoketWindow    *self,
                                           const char     *location);
void          loket_window_start_over     (LoketWindow    *self);
GVariant     *loket_window_save_state     (LoketWindow    *self);
void          loket_window_restore_state  (LoketWindow    *self,
                                           GVariant       *state);

void          loket_window_announce       (LoketWindow    *self,
                                           const char     *text);
void          loket_window_add_toast      (LoketWindow    *self,
                                           const char     *text);

guint          loket_window_get_n_requests (LoketWindow    *self);

G_END_DECLS
