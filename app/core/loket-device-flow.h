/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "loket-discovery.h"

G_BEGIN_DECLS

#define LOKET_DEVICE_GRANT_TYPE "urn:ietf:params:oauth:grant-type:device_code"

/**
 * LoketDeviceCode:
 * @user_code: what the citizen types, if they do not scan
 * @verification_uri: where they type it
 * @verification_uri_complete: (nullable): the same with the code in it, for the QR code
 * @expires_in: seconds the code is valid
 * @interval: seconds between polls, as the server asked at the start
 */
typedef struct
{
  char  *user_code;
  char  *verification_uri;
  char  *verification_uri_complete;
  guint  expires_in;
  guint  interval;
} LoketDeviceCode;

void loket_device_code_free (LoketDeviceCode *code);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketDeviceCode, loket_device_code_free)

/**
 * LoketAccessToken:
 * @access_token: the bearer token (personal: zeroed when freed)
 * @expires_in: seconds it is valid, 0 if the server did not say
 */
typedef struct
{
  char  *access_token;
  guint  expires_in;
} LoketAccessToken;

void loket_access_token_free (LoketAccessToken *token);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketAccessToken, loket_access_token_free)

/* The decoders of the replies, separate from the I/O for the fuzz targets (tests/fuzz). */
LoketDeviceCode  *loket_device_code_parse  (JsonNode    *root,
                                            char       **device_code,
                                            GError     **error);
LoketAccessToken *loket_access_token_parse (JsonObject  *reply,
                                            GError     **error);
char             *loket_userinfo_parse     (JsonNode    *root,
                                            GError     **error);

#define LOKET_TYPE_DEVICE_FLOW (loket_device_flow_get_type ())
G_DECLARE_FINAL_TYPE (LoketDeviceFlow, loket_device_flow, LOKET, DEVICE_FLOW, GObject)

LoketDeviceFlow  *loket_device_flow_new           (SoupSession          *session,
                                                   const LoketEndpoints *endpoints);
void              loket_device_flow_set_time_unit (LoketDeviceFlow      *self,
                                                   guint                 ms_per_second);
guint             loket_device_flow_get_interval  (LoketDeviceFlow      *self);
void              loket_device_flow_start_async   (LoketDeviceFlow      *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
LoketDeviceCode  *loket_device_flow_start_finish  (LoketDeviceFlow      *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void              loket_device_flow_poll_async    (LoketDeviceFlow      *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
LoketAccessToken *loket_device_flow_poll_finish   (LoketDeviceFlow      *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

void              loket_userinfo_fetch_async      (SoupSession          *session,
                                                   const char           *endpoint,
                                                   const char           *token,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
char             *loket_userinfo_fetch_finish     (GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
