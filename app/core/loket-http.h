/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define LOKET_HTTP_DEFAULT_DEADLINE 15000     /* milliseconds, per request, start to end */
#define LOKET_HTTP_MAX_BODY         (1 << 20) /* bytes of an answer about one citizen */

SoupSession *loket_http_session_new     (void);
SoupMessage *loket_http_message_new     (const char          *method,
                                         const char          *url,
                                         GError             **error);
void         loket_http_send_async      (SoupSession         *session,
                                         SoupMessage         *msg,
                                         guint                deadline_ms,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GBytes      *loket_http_send_finish     (SoupSession         *session,
                                         GAsyncResult        *result,
                                         GError             **error);
void         loket_http_set_bearer      (SoupMessage         *msg,
                                         const char          *token);
void         loket_http_clear_bearer    (SoupMessage         *msg);
gboolean     loket_http_check_status    (SoupMessage         *msg,
                                         GError             **error);
JsonNode    *loket_http_parse_json      (GBytes              *body,
                                         GError             **error);

const char  *loket_json_get_string      (JsonObject          *object,
                                         const char          *member);
gint64       loket_json_get_int         (JsonObject          *object,
                                         const char          *member,
                                         gint64               default_value);
gboolean     loket_json_get_boolean     (JsonObject          *object,
                                         const char          *member,
                                         gboolean             default_value);

G_END_DECLS
