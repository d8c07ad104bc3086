/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "loket-context.h"
#include "loket-rules.h"

G_BEGIN_DECLS

#define LOKET_TYPE_ENTITLEMENTS_VIEW (loket_entitlements_view_get_type ())
G_DECLARE_FINAL_TYPE (LoketEntitlementsView, loket_entitlements_view, LOKET, ENTITLEMENTS_VIEW, GtkWidget)

void            loket_entitlements_view_set_life_event (LoketEntitlementsView *self,
                                                        const char            *life_event_id);
LoketRuleFacts *loket_entitlements_view_get_facts      (LoketEntitlementsView *self);
void            loket_entitlements_view_set_date       (LoketEntitlementsView *self,
                                                        const GDate           *date);
GStrv           loket_entitlements_dup_found           (LoketContext          *context,
                                                        const char            *life_event_id);

G_END_DECLS
