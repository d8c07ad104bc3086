/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean loket_bsn_is_valid (const char *bsn);

G_END_DECLS
