/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "loket-page.h"

G_BEGIN_DECLS

#define LOKET_TYPE_LIFE_EVENT_PAGE (loket_life_event_page_get_type ())
G_DECLARE_FINAL_TYPE (LoketLifeEventPage, loket_life_event_page, LOKET, LIFE_EVENT_PAGE, LoketPage)

G_END_DECLS
