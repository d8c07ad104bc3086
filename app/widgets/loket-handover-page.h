/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "loket-desk-client.h"
#include "loket-page.h"

G_BEGIN_DECLS

#define LOKET_TYPE_HANDOVER_PAGE (loket_handover_page_get_type ())
G_DECLARE_FINAL_TYPE (LoketHandoverPage, loket_handover_page, LOKET, HANDOVER_PAGE, LoketPage)

char *loket_handover_describe_ticket (LoketCatalog          *catalog,
                                      const LoketDeskTicket *ticket,
                                      LoketLanguage          language);
char *loket_handover_build_summary   (LoketContext          *context,
                                      LoketLifeEvent        *event,
                                      guint                  n_requests);
void  loket_handover_page_set_staff_clock (LoketHandoverPage *self,
                                           LoketIdleClock     clock,
                                           gpointer           user_data);

G_END_DECLS
