/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Loket reference back-end: shared declarations.
 *
 * Every module keeps its own state behind an opaque pointer in LrbServer and
 * exposes one request handler; lrb-server.c routes requests to them, applies
 * injected faults and logs every request without personal data.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define LRB_RESOURCE_BASE "/nl/eenloket/Loket/backend"
#define LRB_DEFAULT_PORT 8470

typedef struct _LrbServer LrbServer;
typedef struct _LrbFaults LrbFaults;
typedef struct _LrbCatalog LrbCatalog;
typedef struct _LrbOAuth LrbOAuth;
typedef struct _LrbBrp LrbBrp;
typedef struct _LrbZgw LrbZgw;
typedef struct _LrbIntake LrbIntake;
typedef struct _LrbDesk LrbDesk;

typedef struct
{
  int port;
  char *catalog_dir;
  char *client_id;
  int device_code_ttl;
  int token_ttl;
  int interval;
  char *zgw_client_id;
  char *zgw_secret;
  int jwt_max_age;
  int zgw_page_size;
  char *key_file;
  char *state_file;
  char **faults;
} LrbConfig;

struct _LrbServer
{
  LrbConfig *config;
  SoupServer *soup;
  char *base_url;
  LrbFaults *faults;
  LrbCatalog *catalog;
  LrbOAuth *oauth;
  LrbBrp *brp;
  LrbZgw *zgw;
  LrbIntake *intake;
  LrbDesk *desk;
  guint corrections;
};

typedef void (*LrbHandler) (LrbServer         *self,
                            SoupServerMessage *msg,
                            const char        *path,
                            GHashTable        *query);

/* lrb-server.c */
LrbServer  *lrb_server_new            (LrbConfig   *config,
                                       GError     **error);
gboolean    lrb_server_listen         (LrbServer   *self,
                                       GError     **error);
void        lrb_server_free           (LrbServer   *self);
char       *lrb_server_url            (LrbServer   *self,
                                       const char  *path);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrbServer, lrb_server_free)

/* lrb-http.c: responses, problem details, request helpers */
void        lrb_send_json             (SoupServerMessage *msg,
                                       guint              status,
                                       JsonNode          *node);
void        lrb_send_json_object      (SoupServerMessage *msg,
                                       guint              status,
                                       JsonObject        *object);
void        lrb_send_text             (SoupServerMessage *msg,
                                       guint              status,
                                       const char        *content_type,
                                       const char        *text);
JsonObject *lrb_problem_new           (SoupServerMessage *msg,
                                       guint              status,
                                       const char        *title,
                                       const char        *detail);
void        lrb_send_problem_object   (SoupServerMessage *msg,
                                       JsonObject        *problem);
void        lrb_send_problem          (SoupServerMessage *msg,
                                       guint              status,
                                       const char        *title,
                                       const char        *detail);
void        lrb_problem_add_invalid   (JsonObject        *problem,
                                       const char        *name,
                                       const char        *code,
                                       const char        *reason);
void        lrb_send_oauth_error      (SoupServerMessage *msg,
                                       guint              status,
                                       const char        *error,
                                       const char        *description);
JsonNode   *lrb_read_json             (SoupServerMessage *msg,
                                       GError           **error);
GBytes     *lrb_request_bytes         (SoupServerMessage *msg);
GHashTable *lrb_read_form             (SoupServerMessage *msg);
const char *lrb_bearer_token          (SoupServerMessage *msg);
gboolean    lrb_method_is             (SoupServerMessage *msg,
                                       const char        *method);
void        lrb_send_method_not_allowed (SoupServerMessage *msg,
                                         const char        *allow);
gboolean    lrb_content_type_is       (SoupServerMessage *msg,
                                       const char        *type);
gboolean    lrb_peer_is_loopback      (SoupServerMessage *msg);
char       *lrb_now_iso8601           (void);
char       *lrb_today                 (void);
char       *lrb_random_token          (gsize bytes);
char       *lrb_uuid                  (void);
JsonNode   *lrb_json_deep_copy        (JsonNode    *node);
JsonObject *lrb_json_object_deep_copy (JsonObject  *object);
gboolean    lrb_json_get_string       (JsonObject  *object,
                                       const char  *member,
                                       const char **out);

/* lrb-faults.c */
LrbFaults  *lrb_faults_new            (void);
void        lrb_faults_free           (LrbFaults   *faults);
gboolean    lrb_faults_add_spec       (LrbFaults   *faults,
                                       const char  *spec,
                                       GError     **error);

typedef enum
{
  LRB_FAULT_NONE,
  LRB_FAULT_STATUS,
  LRB_FAULT_MALFORMED,
  LRB_FAULT_TRUNCATED,
  LRB_FAULT_DROP,
} LrbFaultKind;

typedef struct
{
  guint delay_ms;
  LrbFaultKind kind;
  guint status;
} LrbFaultAction;

gboolean    lrb_faults_take           (LrbFaults      *faults,
                                       const char     *route,
                                       LrbFaultAction *action);
void        lrb_faults_handle         (LrbServer *self, SoupServerMessage *msg,
                                       const char *path, GHashTable *query);
gboolean    lrb_route_name_is_valid   (const char  *route);

/* lrb-discovery.c */
void        lrb_discovery_handle      (LrbServer *self, SoupServerMessage *msg,
                                       const char *path, GHashTable *query);

/* lrb-catalog.c */
LrbCatalog *lrb_catalog_new           (const char  *dir,
                                       GError     **error);
void        lrb_catalog_free          (LrbCatalog  *catalog);
gboolean    lrb_catalog_has_life_event (LrbCatalog *catalog,
                                        const char *id);
void        lrb_catalog_handle        (LrbServer *self, SoupServerMessage *msg,
                                       const char *path, GHashTable *query);
void        lrb_catalog_control       (LrbServer *self, SoupServerMessage *msg,
                                       const char *path, GHashTable *query);

/* lrb-oauth.c */
LrbOAuth   *lrb_oauth_new             (void);
void        lrb_oauth_free            (LrbOAuth    *oauth);
const char *lrb_oauth_token_bsn       (LrbServer   *self,
                                       const char  *token);
const char *lrb_require_citizen       (LrbServer         *self,
                                       SoupServerMessage *msg);
void        lrb_oauth_device_handle   (LrbServer *self, SoupServerMessage *msg,
                                       const char *path, GHashTable *query);
void        lrb_oauth_token_handle    (LrbServer *self, SoupServerMessage *msg,
                                       const char *path, GHashTable *query);
void        lrb_oauth_verify_handle   (LrbServer *self, SoupServerMessage *msg,
                                       const char *path, GHashTable *query);
void        lrb_oauth_userinfo_handle (LrbServer *self, SoupServerMessage *msg,
                                       const char *path, GHashTable *query);

/* lrb-brp.c */
LrbBrp     *lrb_brp_new               (GError     **error);
void        lrb_brp_free              (LrbBrp      *brp);
GPtrArray  *lrb_brp_list_persons      (LrbBrp      *brp);
gboolean    lrb_brp_field_is_valid    (LrbBrp      *brp,
                                       const char  *field);
void        lrb_brp_handle            (LrbServer *self, SoupServerMessage *msg,
                                       const char *path, GHashTable *query);

/* lrb-zgw.c */
LrbZgw     *lrb_zgw_new               (const char  *base_url,
                                       GError     **error);
void        lrb_zgw_free              (LrbZgw      *zgw);
JsonObject *lrb_zgw_create_intake_zaak (LrbZgw     *zgw,
                                        const char *uuid,
                                        const char *identificatie,
                                        const char *bsn,
                                        const char *omschrijving,
                                        const char *startdatum);
void        lrb_zgw_handle            (LrbServer *self, SoupServerMessage *msg,
                                       const char *path, GHashTable *query);

/* lrb-intake.c */
LrbIntake  *lrb_intake_new            (LrbServer   *self,
                                       GError     **error);
void        lrb_intake_free           (LrbIntake   *intake);
char       *lrb_intake_public_key     (LrbIntake   *intake);
void        lrb_intake_handle         (LrbServer *self, SoupServerMessage *msg,
                                       const char *path, GHashTable *query);

/* lrb-desk.c */
LrbDesk    *lrb_desk_new              (void);
void        lrb_desk_free             (LrbDesk     *desk);
gboolean    lrb_text_has_bsn          (const char  *text);
void        lrb_desk_handle           (LrbServer *self, SoupServerMessage *msg,
                                       const char *path, GHashTable *query);

/* lrb-correction.c */
void        lrb_correction_handle     (LrbServer *self, SoupServerMessage *msg,
                                       const char *path, GHashTable *query);

G_END_DECLS
