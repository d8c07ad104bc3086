/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/**
 * LoketEndpoints:
 * @device_authorization_endpoint: RFC 8628 device authorization
 * @token_endpoint: the OAuth token endpoint
 * @verification_uri: (nullable): where a citizen signs in
 * @userinfo_endpoint: (nullable): the OpenID Connect userinfo endpoint, whose `bsn` claim names
 *   the signed-in citizen
 * @brp_personen_endpoint: (nullable): Haal Centraal BRP Personen
 * @correction_endpoint: (nullable): correction reports (terugmeldingen)
 * @desk_endpoint: (nullable): the service desk's queue (issue 8)
 * @client_id: the OAuth client id of the kiosk
 * @intake_endpoint: (nullable): where sealed submissions go (`POST`, raw sealed bytes)
 * @intake_public_key: (nullable): base64 of the intake's 32-byte `crypto_box` public key
 * @zaken_endpoint: (nullable): the ZGW Zaken API root, without a trailing '/'
 * @zgw_client_id: (nullable): the client id the ZGW APIs expect in their JWT
 *
 * What the discovery document `{backend}/.well-known/loket` names. All URLs are absolute.
 */
typedef struct
{
  char *device_authorization_endpoint;
  char *token_endpoint;
  char *verification_uri;
  char *userinfo_endpoint;
  char *brp_personen_endpoint;
  char *correction_endpoint;
  char *desk_endpoint;
  char *client_id;
  char *intake_endpoint;
  char *intake_public_key;
  char *zaken_endpoint;
  char *zgw_client_id;
} LoketEndpoints;

LoketEndpoints *loket_endpoints_parse (GBytes               *document,
                                       GError              **error);
LoketEndpoints *loket_endpoints_copy  (const LoketEndpoints *endpoints);
void            loket_endpoints_free  (LoketEndpoints       *endpoints);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketEndpoints, loket_endpoints_free)

#define LOKET_DISCOVERY_MAX_AGE (10 * 60) /* seconds a discovery document is used */

#define LOKET_TYPE_DISCOVERY (loket_discovery_get_type ())
G_DECLARE_FINAL_TYPE (LoketDiscovery, loket_discovery, LOKET, DISCOVERY, GObject)

LoketDiscovery *loket_discovery_new         (const char          *base_url);
const char     *loket_discovery_get_base_url (LoketDiscovery     *self);
SoupSession    *loket_discovery_get_session (LoketDiscovery      *self);
void            loket_discovery_load_async  (LoketDiscovery      *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
LoketEndpoints *loket_discovery_load_finish (LoketDiscovery      *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void            loket_discovery_invalidate  (LoketDiscovery      *self);
LoketEndpoints *loket_discovery_dup_last    (LoketDiscovery      *self);

G_END_DECLS
