/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     loket_kiosk_lock_down        (void);
void     loket_kiosk_lock_window      (GtkWindow *window);
gboolean loket_kiosk_is_blocked_key   (guint            keyval,
                                       GdkModifierType  state);

G_END_DECLS
