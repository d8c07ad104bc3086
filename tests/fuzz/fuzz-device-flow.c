/* SPDX-License-Identifier: EUPL-1.2 */
/* The sign-in answers: the device authorization answer, the token answer and the userinfo
 * answer, each through loket_http_parse_json() and its decoder in loket-device-flow.c. */

#include "fuzz-common.h"
#include "loket-device-flow.h"
#include "loket-http.h"
#include "loket-secure.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketDeviceCode) code = NULL;
  g_autoptr(LoketAccessToken) token = NULL;
  char *device_code = NULL;
  char *bsn;
  JsonNode *root;

  if ((root = loket_http_parse_json (body, &error)) == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }

  code = loket_device_code_parse (root, &device_code, &error);
  g_assert ((code == NULL) == (error != NULL));
  g_assert ((code == NULL) == (device_code == NULL));
  g_assert (code == NULL || (code->user_code != NULL && code->verification_uri != NULL));
  loket_secure_free (device_code);
  g_clear_error (&error);

  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      token = loket_access_token_parse (json_node_get_object (root), &error);
      g_assert ((token == NULL) == (error != NULL));
      g_clear_error (&error);
    }

  bsn = loket_userinfo_parse (root, &error);
  g_assert ((bsn == NULL) == (error != NULL));
  g_assert (bsn == NULL || strlen (bsn) == 9);
  loket_secure_free (bsn);
  loket_secure_json_node_free (root);
  return 0;
}
