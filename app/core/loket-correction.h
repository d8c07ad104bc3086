/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

void     loket_correction_send_async  (SoupSession         *session,
                                       const char          *endpoint,
                                       const char          *token,
                                       const char          *field,
                                       const char          *current_value,
                                       const char          *explanation,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean loket_correction_send_finish (GAsyncResult        *result,
                                       GError             **error);

G_END_DECLS
