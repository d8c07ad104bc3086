/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* What the citizen needs at the desk; the ticket carries these codes. */
#define LOKET_DESK_NEED_READ_ALOUD   "read-aloud"
#define LOKET_DESK_NEED_LARGER_TEXT  "larger-text"
#define LOKET_DESK_NEED_CONTRAST     "high-contrast"
#define LOKET_DESK_NEED_INTERPRETER  "interpreter"

/**
 * LoketDeskTicket:
 * @id: the back-end's id
 * @number: the number called out and shown ("A001")
 * @life_event: the catalog life-event id
 * @language: the citizen's language code
 * @needs: (array zero-terminated=1): need codes
 * @summary: what was done on the kiosk, see loket_desk_summary_build()
 * @status: "waiting" or "called"
 * @estimated_wait_minutes: minutes until this ticket is called, as the back-end estimates it
 */
typedef struct
{
  char   *id;
  char   *number;
  char   *life_event;
  char   *language;
  char  **needs;
  char   *summary;
  char   *status;
  gint64  estimated_wait_minutes;
} LoketDeskTicket;

void             loket_desk_ticket_free          (LoketDeskTicket *ticket);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketDeskTicket, loket_desk_ticket_free)

/**
 * LoketDeskSummary:
 * @steps_done: (array zero-terminated=1) (nullable): ids of the steps ticked
 * @entitlements: (array zero-terminated=1) (nullable): ids of what the citizen may be entitled to
 * @n_requests: requests sent from the kiosk
 *
 * What was already done on the kiosk, by catalog ids only: the desk shows it in the staff
 * member's language. Never a name or a number of a person.
 */
typedef struct
{
  char  **steps_done;
  char  **entitlements;
  guint   n_requests;
} LoketDeskSummary;

void              loket_desk_summary_free        (LoketDeskSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketDeskSummary, loket_desk_summary_free)
char             *loket_desk_summary_build       (const char *const *steps_done,
                                                  const char *const *entitlements,
                                                  guint              n_requests);
LoketDeskSummary *loket_desk_summary_parse       (const char        *summary);
LoketDeskTicket  *loket_desk_ticket_from_json    (JsonNode          *node,
                                                  GError           **error);
GPtrArray        *loket_desk_queue_from_json     (JsonNode          *root,
                                                  GError           **error);
gboolean          loket_desk_text_is_safe        (const char        *text);

void             loket_desk_create_ticket_async  (SoupSession         *session,
                                                  const char          *endpoint,
                                                  const char          *life_event,
                                                  const char          *language,
                                                  const char *const   *needs,
                                                  const char          *summary,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
LoketDeskTicket *loket_desk_create_ticket_finish (GAsyncResult        *result,
                                                  GError             **error);
void             loket_desk_list_async           (SoupSession         *session,
                                                  const char          *endpoint,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray       *loket_desk_list_finish          (GAsyncResult        *result,
                                                  GError             **error);
void             loket_desk_call_next_async      (SoupSession         *session,
                                                  const char          *endpoint,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
LoketDeskTicket *loket_desk_call_next_finish     (GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
