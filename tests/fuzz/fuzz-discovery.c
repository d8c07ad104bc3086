/* SPDX-License-Identifier: EUPL-1.2 */
/* The discovery document (GET /.well-known/loket): loket_endpoints_parse(), and the intake's public
 * key as the outbox reads it from that document. */

#include "fuzz-common.h"
#include "loket-discovery.h"
#include "loket-outbox.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) document = g_bytes_new (data, size);
  g_autoptr(LoketEndpoints) endpoints = NULL;
  g_autoptr(LoketEndpoints) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autofree char *text = g_strndup ((const char *) data, size);

  endpoints = loket_endpoints_parse (document, &error);
  g_assert ((endpoints == NULL) == (error != NULL));
  if (endpoints != NULL)
    copy = loket_endpoints_copy (endpoints);

  g_clear_error (&error);
  key = loket_outbox_parse_public_key (text, &error);
  g_assert ((key == NULL) == (error != NULL));
  g_assert (key == NULL || g_bytes_get_size (key) == 32);
  return 0;
}
