/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "loket-page.h"

G_BEGIN_DECLS

#define LOKET_TYPE_CASES_PAGE (loket_cases_page_get_type ())
G_DECLARE_FINAL_TYPE (LoketCasesPage, loket_cases_page, LOKET, CASES_PAGE, LoketPage)

G_END_DECLS
