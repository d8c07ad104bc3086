/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "loket-context.h"

G_BEGIN_DECLS

#define LOKET_TYPE_IDLE_WARNING (loket_idle_warning_get_type ())
G_DECLARE_FINAL_TYPE (LoketIdleWarning, loket_idle_warning, LOKET, IDLE_WARNING, AdwBin)

LoketContext *loket_idle_warning_get_context (LoketIdleWarning *self);
void          loket_idle_warning_set_context (LoketIdleWarning *self,
                                              LoketContext     *context);

G_END_DECLS
