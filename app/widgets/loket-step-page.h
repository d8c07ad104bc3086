/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "loket-page.h"

G_BEGIN_DECLS

#define LOKET_TYPE_STEP_PAGE (loket_step_page_get_type ())
G_DECLARE_FINAL_TYPE (LoketStepPage, loket_step_page, LOKET, STEP_PAGE, LoketPage)

G_END_DECLS
