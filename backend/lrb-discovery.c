/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Discovery: GET /.well-known/loket lists every endpoint as an absolute URL,
 * so a kiosk is configured with the base URL only. The OAuth members use the
 * names of RFC 8414; /.well-known/openid-configuration carries those too.
 */
#define G_LOG_DOMAIN "loket-backend"

#include "config.h"

#include "lrb.h"

static void
set_url (LrbServer  *self,
         JsonObject *object,
         const char *member,
         const char *path)
{
  g_autofree char *url = lrb_server_url (self, path);

  json_object_set_string_member (object, member, url);
}

static JsonObject *
oauth_metadata (LrbServer *self)
{
  JsonObject *object = json_object_new ();
  JsonArray *grants = json_array_new ();

  json_object_set_string_member (object, "issuer", self->base_url);
  set_url (self, object, "device_authorization_endpoint", "/oauth/device_authorization");
  set_url (self, object, "token_endpoint", "/oauth/token");
  set_url (self, object, "userinfo_endpoint", "/oauth/userinfo");
  set_url (self, object, "verification_uri", "/device");
  json_array_add_string_element (grants, "urn:ietf:params:oauth:grant-type:device_code");
  json_object_set_array_member (object, "grant_types_supported", grants);
  return object;
}

void
lrb_discovery_handle (LrbServer         *self,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query)
{
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *key = NULL;

  if (!lrb_method_is (msg, "GET") && !lrb_method_is (msg, "HEAD"))
    {
      lrb_send_method_not_allowed (msg, "GET, HEAD");
      return;
    }

  if (g_str_equal (path, "/.well-known/openid-configuration"))
    {
      object = oauth_metadata (self);
      lrb_send_json_object (msg, SOUP_STATUS_OK, object);
      return;
    }
  if (!g_str_equal (path, "/.well-known/loket"))
    {
      lrb_send_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such resource.");
      return;
    }

  object = oauth_metadata (self);
  set_url (self, object, "catalog_endpoint", "/catalog");
  set_url (self, object, "brp_personen_endpoint", "/haalcentraal/api/brp/personen");
  set_url (self, object, "zaken_endpoint", "/zaken/api/v1");
  set_url (self, object, "catalogi_endpoint", "/catalogi/api/v1");
  set_url (self, object, "documenten_endpoint", "/documenten/api/v1");
  set_url (self, object, "intake_endpoint", "/intake");
  key = lrb_intake_public_key (self->intake);
  json_object_set_string_member (object, "intake_public_key", key);
  set_url (self, object, "desk_endpoint", "/desk/tickets");
  set_url (self, object, "correction_endpoint", "/terugmeldingen");
  json_object_set_string_member (object, "client_id", self->config->client_id);
  json_object_set_string_member (object, "zgw_client_id", self->config->zgw_client_id);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "API-Version", "1.0.0");
  lrb_send_json_object (msg, SOUP_STATUS_OK, object);
}
