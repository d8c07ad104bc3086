/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "loket-discovery.h"

G_BEGIN_DECLS

/**
 * LoketCaseState:
 * @LOKET_CASE_RECEIVED: the first status: the municipality has the request
 * @LOKET_CASE_IN_PROGRESS: a later status that is not the last
 * @LOKET_CASE_DONE: the final status (or the case has an end date)
 * @LOKET_CASE_UNKNOWN: the case has no status yet
 *
 * Where a case is, in words a citizen understands (loket_case_state_describe()).
 */
typedef enum
{
  LOKET_CASE_UNKNOWN,
  LOKET_CASE_RECEIVED,
  LOKET_CASE_IN_PROGRESS,
  LOKET_CASE_DONE,
} LoketCaseState;

/**
 * LoketCase:
 * @identificatie: the case number, for example "LOKET-2026-000001"
 * @omschrijving: what the case is about: a catalog service id for requests sent by a kiosk
 * @startdatum: (nullable): "YYYY-MM-DD"
 * @due_date: (nullable): "YYYY-MM-DD", the date the municipality must have decided by
 * @state: where it is
 *
 * One zaak of the signed-in citizen, from the ZGW Zaken API.
 */
typedef struct
{
  char           *identificatie;
  char           *omschrijving;
  char           *startdatum;
  char           *due_date;
  LoketCaseState  state;
} LoketCase;

void        loket_case_free                (LoketCase          *item);
const char *loket_case_state_describe      (LoketCaseState      state);
char       *loket_zaken_make_jwt           (const char         *client_id,
                                            const char         *secret,
                                            gint64              issued_at);

void        loket_zaken_client_list_async  (SoupSession        *session,
                                            const LoketEndpoints *endpoints,
                                            const char         *secret,
                                            const char         *bsn,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
GPtrArray  *loket_zaken_client_list_finish (GAsyncResult       *result,
                                            GError            **error);

GPtrArray  *loket_zaken_parse_cases        (GBytes             *body,
                                            GPtrArray         **statuses,
                                            GError            **error);
char       *loket_zaken_parse_status       (GBytes             *body,
                                            GError            **error);
gboolean    loket_zaken_parse_status_type  (GBytes             *body,
                                            LoketCaseState     *state,
                                            GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketCase, loket_case_free)

G_END_DECLS
