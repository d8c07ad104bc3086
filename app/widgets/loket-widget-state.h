/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GVariant *loket_widget_state_save    (GtkWidget *root);
guint     loket_widget_state_restore (GtkWidget *root,
                                      GVariant  *state);

G_END_DECLS
