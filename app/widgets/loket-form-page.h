/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "loket-page.h"

G_BEGIN_DECLS

#define LOKET_TYPE_FORM_PAGE (loket_form_page_get_type ())
G_DECLARE_FINAL_TYPE (LoketFormPage, loket_form_page, LOKET, FORM_PAGE, LoketPage)

void loket_form_page_set_today (LoketFormPage *self,
                                const GDate   *today);

G_END_DECLS
