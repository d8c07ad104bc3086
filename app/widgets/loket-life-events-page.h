/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "loket-page.h"

G_BEGIN_DECLS

#define LOKET_TYPE_LIFE_EVENTS_PAGE (loket_life_events_page_get_type ())
G_DECLARE_FINAL_TYPE (LoketLifeEventsPage, loket_life_events_page, LOKET, LIFE_EVENTS_PAGE, LoketPage)

G_END_DECLS
