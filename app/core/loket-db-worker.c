/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-db-worker"

#include "config.h"

#include "loket-db-worker.h"

/**
 * LoketDbWorker:
 *
 * One thread that owns one SQLite connection and runs queued jobs on it, one at a time, in the
 * order they were queued (a simplified `GsWorkerThread`). The connection is opened by a job and
 * closed on this thread when the worker goes away, so the main loop never waits on the disk.
 */
struct _LoketDbWorker
{
  GObject      parent_instance;

  GThread     *thread; /* (owned) */
  GAsyncQueue *jobs;   /* (owned) of (owned) Job */
};

G_DEFINE_FINAL_TYPE (LoketDbWorker, loket_db_worker, G_TYPE_OBJECT)

typedef struct
{
  GTask             *task; /* (owned) (nullable): NULL asks the thread to finish */
  LoketDbWorkerFunc  func;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->task);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static gboolean
release_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

static gpointer
run_thread (gpointer data)
{
  GAsyncQueue *jobs = data;
  sqlite3 *db = NULL;

  for (;;)
    {
      g_autoptr(Job) job = g_async_queue_pop (jobs);
      GMainContext *context;

      if (job->task == NULL)
        break;
      job->func (job->task, &db, g_task_get_task_data (job->task),
                 g_task_get_cancellable (job->task));

      /* Our reference goes back to the task's own context, after its callback: so the last
       * reference to the task, and to the object that started it, is dropped on that thread and
       * never here (where the store's owner would otherwise finalize it). */
      context = g_task_get_context (job->task);
      g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, release_cb,
                                  g_steal_pointer (&job->task), g_object_unref);
    }

  if (db != NULL)
    sqlite3_close_v2 (db);
  g_async_queue_unref (jobs);
  return NULL;
}

static void
loket_db_worker_dispose (GObject *object)
{
  LoketDbWorker *self = LOKET_DB_WORKER (object);

  if (self->thread != NULL)
    {
      g_async_queue_push (self->jobs, g_new0 (Job, 1));

      /* Normally the owner lets go on the main thread and we wait for the queue to drain. If the
       * last reference went away inside a job, the thread cannot wait for itself: it finishes on
       * its own. */
      if (g_thread_self () == self->thread)
        g_thread_unref (self->thread);
      else
        g_thread_join (self->thread);
      self->thread = NULL;
    }

  G_OBJECT_CLASS (loket_db_worker_parent_class)->dispose (object);
}

static void
loket_db_worker_finalize (GObject *object)
{
  LoketDbWorker *self = LOKET_DB_WORKER (object);

  g_clear_pointer (&self->jobs, g_async_queue_unref);

  G_OBJECT_CLASS (loket_db_worker_parent_class)->finalize (object);
}

static void
loket_db_worker_class_init (LoketDbWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_db_worker_dispose;
  object_class->finalize = loket_db_worker_finalize;
}

static void
loket_db_worker_init (LoketDbWorker *self)
{
  self->jobs = g_async_queue_new_full ((GDestroyNotify) job_free);
}

/**
 * loket_db_worker_new:
 * @name: the thread's name, for debuggers
 *
 * Returns: (transfer full): a worker with its thread running and no connection yet
 */
LoketDbWorker *
loket_db_worker_new (const char *name)
{
  LoketDbWorker *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (LOKET_TYPE_DB_WORKER, NULL);
  self->thread = g_thread_new (name, run_thread, g_async_queue_ref (self->jobs));
  return self;
}

/**
 * loket_db_worker_queue:
 * @func: what to run on the worker thread; it returns @task
 *
 * Queues @func after every job queued before it. The task's callback runs in the thread-default
 * main context of the caller, as GTask always does.
 */
void
loket_db_worker_queue (LoketDbWorker     *self,
                       GTask             *task,
                       LoketDbWorkerFunc  func)
{
  Job *job;

  g_return_if_fail (LOKET_IS_DB_WORKER (self));
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);
  g_return_if_fail (self->thread != NULL);

  job = g_new0 (Job, 1);
  job->task = g_object_ref (task);
  job->func = func;
  g_async_queue_push (self->jobs, job);
}
