/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "loket-context.h"

G_BEGIN_DECLS

#define LOKET_TYPE_APPLICATION (loket_application_get_type ())
G_DECLARE_FINAL_TYPE (LoketApplication, loket_application, LOKET, APPLICATION, AdwApplication)

LoketApplication *loket_application_new         (void);
LoketContext     *loket_application_get_context (LoketApplication *self);

G_END_DECLS
