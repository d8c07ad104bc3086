/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Test harness: starts the real loket-reference-backend as a subprocess and
 * talks to it over HTTP on loopback with libsoup.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  SoupSession *session;
  char *base_url;
  char *stderr_path;
  char *tmpdir;
} LbServer;

typedef struct
{
  guint status;
  GError *error;
  GBytes *body;
  SoupMessageHeaders *headers;
  JsonNode *json;
} LbResponse;

void        lb_init               (int          *argc,
                                   char       ***argv);
LbServer   *lb_start              (const char   *first_arg,
                                   ...) G_GNUC_NULL_TERMINATED;
LbServer   *lb_startv             (const char *const *args);
void        lb_stop               (LbServer     *server);
void        lb_kill               (LbServer     *server);
char       *lb_url                (LbServer     *server,
                                   const char   *path);
char       *lb_read_log           (LbServer     *server);

LbResponse *lb_request            (LbServer     *server,
                                   const char   *method,
                                   const char   *path,
                                   const char *const *headers,
                                   const char   *content_type,
                                   const void   *body,
                                   gsize         length);
LbResponse *lb_get                (LbServer     *server,
                                   const char   *path,
                                   const char *const *headers);
LbResponse *lb_post_json          (LbServer     *server,
                                   const char   *path,
                                   const char *const *headers,
                                   const char   *json);
LbResponse *lb_post_form          (LbServer     *server,
                                   const char   *path,
                                   const char   *first_field,
                                   ...) G_GNUC_NULL_TERMINATED;
void        lb_response_free      (LbResponse   *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LbResponse, lb_response_free)

JsonObject *lb_object             (LbResponse   *response);
const char *lb_member_string      (LbResponse   *response,
                                   const char   *member);
void        lb_assert_problem     (LbResponse   *response,
                                   guint         status);

char       *lb_sign_in            (LbServer     *server,
                                   const char   *bsn);
char       *lb_make_jwt           (const char   *client_id,
                                   const char   *secret,
                                   gint64        iat);
char       *lb_zgw_auth           (void);

JsonNode   *lb_yaml_load          (const char   *path);

G_END_DECLS
