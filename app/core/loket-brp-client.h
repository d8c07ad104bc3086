/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "loket-person.h"

G_BEGIN_DECLS

extern const char * const loket_brp_default_fields[];

#define LOKET_TYPE_BRP_CLIENT (loket_brp_client_get_type ())
G_DECLARE_FINAL_TYPE (LoketBrpClient, loket_brp_client, LOKET, BRP_CLIENT, GObject)

LoketBrpClient *loket_brp_client_new          (SoupSession         *session,
                                               const char          *endpoint);
void            loket_brp_client_set_deadline (LoketBrpClient      *self,
                                               guint                deadline_ms);
void            loket_brp_client_query_async  (LoketBrpClient      *self,
                                               const char          *token,
                                               const char * const  *bsns,
                                               const char * const  *fields,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray      *loket_brp_client_query_finish (LoketBrpClient      *self,
                                               GAsyncResult        *result,
                                               GError             **error);

char           *loket_brp_build_request       (const char * const  *bsns,
                                               const char * const  *fields);
GPtrArray      *loket_brp_parse_personen      (GBytes              *body,
                                               GError             **error);

G_END_DECLS
