/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "loket-page.h"

G_BEGIN_DECLS

#define LOKET_TYPE_WELCOME_PAGE (loket_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (LoketWelcomePage, loket_welcome_page, LOKET, WELCOME_PAGE, LoketPage)

G_END_DECLS
