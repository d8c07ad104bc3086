/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "loket-page.h"

G_BEGIN_DECLS

#define LOKET_TYPE_MY_DATA_PAGE (loket_my_data_page_get_type ())
G_DECLARE_FINAL_TYPE (LoketMyDataPage, loket_my_data_page, LOKET, MY_DATA_PAGE, LoketPage)

G_END_DECLS
