/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "loket-application.h"
#include "loket-window.h"

G_BEGIN_DECLS

/* What the tests that drive the real application share: its one application, its window, the
 * main loop, and pictures of what is on screen. */

LoketApplication *lt_app_start      (void);
void              lt_app_stop       (void);
LoketWindow      *lt_get_window     (void);

void              lt_iterate        (void);
void              lt_wait_ms        (guint       ms);
void              lt_navigate_to    (const char *location);
void              lt_click          (GtkWidget  *button);

GdkTexture       *lt_render         (GtkWidget  *widget);
void              lt_save_picture   (GtkWidget  *widget,
                                     const char *name);
void              lt_screenshot     (const char *name);

G_END_DECLS
