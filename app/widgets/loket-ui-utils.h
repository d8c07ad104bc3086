/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "loket-context.h"

G_BEGIN_DECLS

void loket_fill_language_buttons (GtkWidget    *container,
                                  LoketContext *context);
LoketLanguage loket_set_label_text (GtkLabel        *label,
                                    const LoketText *text,
                                    LoketLanguage    language);
char *loket_text_dup_isolated    (const LoketText *text,
                                  LoketLanguage    language);
void loket_show_fallback_note    (GtkWidget       *anchor,
                                  LoketLanguage    language,
                                  LoketLanguage    shown);

G_END_DECLS
