/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "loket-context.h"

G_BEGIN_DECLS

#define LOKET_TYPE_STEP_ROW (loket_step_row_get_type ())
G_DECLARE_FINAL_TYPE (LoketStepRow, loket_step_row, LOKET, STEP_ROW, GtkListBoxRow)

GtkWidget *loket_step_row_new      (LoketStep    *step,
                                    LoketContext *context);
LoketStep *loket_step_row_get_step (LoketStepRow *self);

G_END_DECLS
