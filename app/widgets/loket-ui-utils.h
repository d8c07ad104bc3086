/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "loket-context.h"

G_BEGIN_DECLS

void loket_fill_language_buttons (GtkWidget    *container,
                                  LoketContext *context);
void loket_set_label_text        (GtkLabel        *label,
                                  const LoketText *text,
                                  LoketLanguage    language);

G_END_DECLS
