/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gsize    loket_tone_render (gint16   *samples,
                            gsize     n_samples,
                            guint     rate);
gboolean loket_tone_play   (void);

G_END_DECLS
