/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define LOKET_TYPE_DB_WORKER (loket_db_worker_get_type ())
G_DECLARE_FINAL_TYPE (LoketDbWorker, loket_db_worker, LOKET, DB_WORKER, GObject)

/**
 * LoketDbWorkerFunc:
 * @db: (inout) (nullable): the worker's connection; a job may open it or close it
 *
 * A job run on the worker thread. It must return @task exactly once.
 */
typedef void (*LoketDbWorkerFunc) (GTask         *task,
                                   sqlite3      **db,
                                   gpointer       task_data,
                                   GCancellable  *cancellable);

LoketDbWorker *loket_db_worker_new   (const char        *name);
void           loket_db_worker_queue (LoketDbWorker     *self,
                                      GTask             *task,
                                      LoketDbWorkerFunc  func);

G_END_DECLS
