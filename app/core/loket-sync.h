/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "loket-catalog.h"
#include "loket-store.h"

G_BEGIN_DECLS

/**
 * LoketSyncOutcome:
 * @LOKET_SYNC_UPDATED: a new catalog was validated and stored
 * @LOKET_SYNC_UNCHANGED: the back-end said the stored catalog is current (304)
 */
typedef enum
{
  LOKET_SYNC_UPDATED,
  LOKET_SYNC_UNCHANGED,
} LoketSyncOutcome;

/**
 * LoketSyncResult:
 * @outcome: what happened
 * @info: what the store holds now
 * @catalog: (nullable): the new catalog, when @outcome is %LOKET_SYNC_UPDATED
 */
typedef struct
{
  LoketSyncOutcome  outcome;
  LoketStoreInfo   *info;
  LoketCatalog     *catalog;
} LoketSyncResult;

void  loket_sync_result_free     (LoketSyncResult       *result);
char *loket_sync_result_describe (const LoketSyncResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketSyncResult, loket_sync_result_free)

/**
 * LoketSyncProbe:
 * @discovery_used: whether the discovery document was asked for (no catalog-url override)
 * @discovery_reachable: whether it answered with a usable document
 * @catalog_reachable: whether the catalog endpoint answered 200 or 304
 *
 * What `loket --health` reports about the back-ends.
 */
typedef struct
{
  gboolean discovery_used;
  gboolean discovery_reachable;
  gboolean catalog_reachable;
} LoketSyncProbe;

/* Limits libsoup does not set by itself. */
#define LOKET_SYNC_DEFAULT_IO_TIMEOUT   10        /* seconds, per connect, read or write */
#define LOKET_SYNC_DEFAULT_DEADLINE     30000     /* milliseconds, per request, start to end */
#define LOKET_SYNC_DEFAULT_MAX_BODY     (16 << 20) /* bytes of a catalog document */
#define LOKET_SYNC_MAX_DISCOVERY_BODY   (64 << 10) /* bytes of a discovery document */

#define LOKET_TYPE_SYNC (loket_sync_get_type ())
G_DECLARE_FINAL_TYPE (LoketSync, loket_sync, LOKET, SYNC, GObject)

LoketSync       *loket_sync_new          (LoketStore          *store,
                                          const char          *backend_url,
                                          const char          *catalog_url);
void             loket_sync_set_limits   (LoketSync           *self,
                                          guint                io_timeout_seconds,
                                          guint                deadline_ms,
                                          gsize                max_body);
void             loket_sync_run_async    (LoketSync           *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
LoketSyncResult *loket_sync_run_finish   (LoketSync           *self,
                                          GAsyncResult        *result,
                                          GError             **error);
void             loket_sync_probe_async  (LoketSync           *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean         loket_sync_probe_finish (LoketSync           *self,
                                          GAsyncResult        *result,
                                          LoketSyncProbe      *probe);

G_END_DECLS
