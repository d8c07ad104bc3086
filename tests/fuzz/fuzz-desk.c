/* SPDX-License-Identifier: EUPL-1.2 */
/* The service desk's answers: a ticket, the queue, and the summary a ticket carries (written by a
 * kiosk, but read back from the desk back-end), each through its decoder in loket-desk-client.c. */

#include "fuzz-common.h"
#include "loket-desk-client.h"
#include "loket-http.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(LoketDeskTicket) ticket = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(LoketDeskSummary) summary = loket_desk_summary_parse (text);

  g_assert (summary == NULL || (summary->steps_done != NULL && summary->entitlements != NULL));
  if ((root = loket_http_parse_json (body, &error)) == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }

  ticket = loket_desk_ticket_from_json (root, &error);
  g_assert ((ticket == NULL) == (error != NULL));
  g_assert (ticket == NULL
            || (ticket->id != NULL && ticket->number != NULL && ticket->life_event != NULL));
  g_clear_error (&error);

  queue = loket_desk_queue_from_json (root, &error);
  g_assert ((queue == NULL) == (error != NULL));
  return 0;
}
