/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-outbox"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>

#include "loket-db-worker.h"
#include "loket-error.h"
#include "loket-http.h"
#include "loket-outbox.h"

/**
 * LoketOutbox:
 *
 * The sealed outbox: what a citizen submits is sealed at once to the intake's public key
 * (libsodium `crypto_box_seal`, so the kiosk itself cannot read it back), written to SQLite
 * (WAL, `synchronous=FULL`) with a random idempotency key, and only then reported as received.
 * Delivery runs on the main loop with libsoup: up to #LOKET_OUTBOX_CONCURRENCY requests at a
 * time, the same `Idempotency-Key` on every attempt, exponential backoff with full jitter after a
 * failure, `Retry-After` honoured. A 2xx deletes the row (in batches, one transaction each); when
 * the outbox is empty the WAL is truncated, so nothing of a submission stays on the kiosk. A 4xx
 * that retrying cannot mend marks the row rejected, for staff.
 *
 * The database is its own file (`$XDG_DATA_HOME/loket/outbox.db`), apart from the catalog store:
 * the store may be rebuilt from the bundle at any time, the outbox never. One #LoketDbWorker
 * thread owns the connection; the main loop never waits on the disk.
 */
struct _LoketOutbox
{
  GObject        parent_instance;

  char          *path;           /* (owned) */
  LoketDbWorker *worker;         /* (owned) */
  SoupSession   *session;        /* (owned) */
  GCancellable  *cancellable;    /* (owned): in-flight deliveries */
  GRand         *rand;           /* (owned): the jitter */

  GPtrArray     *items;          /* (owned) of (owned) Item, in queue order */
  guint          in_flight;
  guint          n_rejected;
  guint          timer_id;
  gboolean       started;
  gboolean       opened;

  guint          base_ms;
  guint          cap_ms;
  guint          concurrency;

  GMutex         delete_lock;
  GArray        *to_delete;      /* (owned) of gint64 row ids, guarded by delete_lock */
  gboolean       delete_queued;  /* main thread only */
};

G_DEFINE_FINAL_TYPE (LoketOutbox, loket_outbox, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_N_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_DELIVERED,
  SIGNAL_REJECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  STATE_PENDING = 0,
  STATE_REJECTED = 1,
};

/* One entry per schema version: entry N takes the database from user_version N to N + 1. */
static const char * const migrations[] = {
  /* 1: sealed submissions waiting for delivery. */
  "CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "                     idempotency_key TEXT NOT NULL UNIQUE,"
  "                     endpoint TEXT NOT NULL,"
  "                     payload BLOB NOT NULL,"
  "                     created_at INTEGER NOT NULL,"
  "                     state INTEGER NOT NULL DEFAULT 0);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == LOKET_OUTBOX_SCHEMA_VERSION);

typedef struct
{
  gint64   id;
  char    *key;        /* (owned) */
  char    *endpoint;   /* (owned) */
  GBytes  *payload;    /* (owned): the sealed box */
  guint    attempts;
  gint64   next_at;    /* monotonic µs */
  gboolean in_flight;
  gboolean rejected;
} Item;

typedef struct
{
  char   *path;      /* (owned) */
  GPtrArray *rows;   /* (owned) of (owned) Item: the result */
} OpenData;

typedef struct
{
  char   *key;       /* (owned) */
  char   *endpoint;  /* (owned) */
  GBytes *payload;   /* (owned) */
  gint64  id;        /* the result */
} InsertData;

typedef struct
{
  LoketOutbox *self; /* (owned) */
  Item        *item; /* (unowned): lives while self does and the item is in flight */
  SoupMessage *msg;  /* (owned) */
} SendData;

static void
item_free (Item *item)
{
  g_free (item->key);
  g_free (item->endpoint);
  g_clear_pointer (&item->payload, g_bytes_unref);
  g_free (item);
}

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->rows, g_ptr_array_unref);
  g_free (data);
}

static void
insert_data_free (InsertData *data)
{
  g_free (data->key);
  g_free (data->endpoint);
  g_clear_pointer (&data->payload, g_bytes_unref);
  g_free (data);
}

static void
send_data_free (SendData *data)
{
  g_clear_object (&data->msg);
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendData, send_data_free)

static void schedule (LoketOutbox *self);

/* ---------------------------------------------------------------------------------------------
 * SQLite, on the worker thread
 * ------------------------------------------------------------------------------------------- */

static gboolean
set_db_error (sqlite3     *db,
              int          rc,
              const char  *what,
              GError     **error)
{
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORAGE, "%s: %s (%d)", what,
               db ? sqlite3_errmsg (db) : sqlite3_errstr (rc), rc);
  return FALSE;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORAGE, "%s (%d)", message ? message : "", rc);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static char *
query_text (sqlite3     *db,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_db_error (db, rc, "Cannot query the outbox", error);
      return NULL;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else
    set_db_error (db, rc, "Cannot query the outbox", error);
  sqlite3_finalize (stmt);
  return result;
}

static gboolean
migrate (sqlite3  *db,
         GError  **error)
{
  g_autofree char *version_text = query_text (db, "PRAGMA user_version", error);
  gint64 version;

  if (version_text == NULL)
    return FALSE;
  version = g_ascii_strtoll (version_text, NULL, 10);
  if (version < 0 || version > LOKET_OUTBOX_SCHEMA_VERSION)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORAGE,
                   "Outbox schema version %" G_GINT64_FORMAT " is unknown to this build", version);
      return FALSE;
    }
  for (; version < LOKET_OUTBOX_SCHEMA_VERSION; version++)
    {
      g_autofree char *set_version =
        g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version + 1);

      if (!exec_sql (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec_sql (db, migrations[version], error) || !exec_sql (db, set_version, error))
        {
          exec_sql (db, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!exec_sql (db, "COMMIT", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
open_connection (const char  *path,
                 sqlite3    **out,
                 GError     **error)
{
  sqlite3 *db = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *check = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (db, rc, "Cannot open the outbox", error);
      sqlite3_close_v2 (db);
      return FALSE;
    }
  sqlite3_busy_timeout (db, 5000);

  /* FULL: a submission the citizen was told about survives a power cut, not only a crash. */
  if ((journal = query_text (db, "PRAGMA journal_mode = WAL", error)) == NULL
      || !exec_sql (db, "PRAGMA synchronous = FULL;"
                        "PRAGMA secure_delete = ON;", error)
      || (check = query_text (db, "PRAGMA quick_check", error)) == NULL
      || !migrate (db, error))
    {
      sqlite3_close_v2 (db);
      return FALSE;
    }
  if (!g_str_equal (check, "ok"))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORAGE, "The outbox failed its check: %s", check);
      sqlite3_close_v2 (db);
      return FALSE;
    }
  *out = db;
  return TRUE;
}

/* A damaged outbox is kept for staff, never deleted: it may hold sealed submissions. */
static gboolean
move_aside (const char  *path,
            GError     **error)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%" G_GINT64_FORMAT, path, g_get_real_time ());

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && g_rename (from, to) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORAGE, "Cannot move %s aside: %s", from,
                       g_strerror (saved_errno));
          return FALSE;
        }
    }
  g_warning ("The outbox %s could not be used; moved it aside to %s for staff", path, aside);
  return TRUE;
}

static void
open_job (GTask        *task,
          sqlite3     **db,
          gpointer      task_data,
          GCancellable *cancellable)
{
  OpenData *data = task_data;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (*db == NULL)
    {
      if (!g_str_equal (data->path, ":memory:"))
        {
          g_autofree char *directory = g_path_get_dirname (data->path);

          if (g_mkdir_with_parents (directory, 0700) != 0)
            {
              int saved_errno = errno;

              g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_STORAGE, "Cannot create %s: %s",
                                       directory, g_strerror (saved_errno));
              return;
            }
        }
      if (!open_connection (data->path, db, &error))
        {
          g_autoptr(GError) open_error = g_steal_pointer (&error);

          if (g_str_equal (data->path, ":memory:") || !move_aside (data->path, &error)
              || !open_connection (data->path, db, &error))
            {
              g_task_return_error (task, error ? g_steal_pointer (&error) : g_steal_pointer (&open_error));
              return;
            }
        }
    }

  rc = sqlite3_prepare_v2 (*db, "SELECT id, idempotency_key, endpoint, payload, state FROM outbox "
                                "ORDER BY id", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (*db, rc, "Cannot read the outbox", &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Item *item = g_new0 (Item, 1);

      item->id = sqlite3_column_int64 (stmt, 0);
      item->key = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      item->endpoint = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      item->payload = g_bytes_new (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
      item->rejected = sqlite3_column_int (stmt, 4) == STATE_REJECTED;
      g_ptr_array_add (data->rows, item);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (*db, rc, "Cannot read the outbox", &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
insert_job (GTask        *task,
            sqlite3     **db,
            gpointer      task_data,
            GCancellable *cancellable)
{
  InsertData *data = task_data;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (*db == NULL)
    {
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_STORAGE, "The outbox is not open");
      return;
    }

  rc = sqlite3_prepare_v2 (*db, "INSERT INTO outbox (idempotency_key, endpoint, payload, created_at) "
                                "VALUES (?, ?, ?, ?)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      gsize length;
      const void *payload = g_bytes_get_data (data->payload, &length);

      sqlite3_bind_text (stmt, 1, data->key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, data->endpoint, -1, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 3, payload, (int) length, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
      /* One statement, its own transaction: when it returns, the row is on disk (FULL). */
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (*db, rc, "Cannot write to the outbox", &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->id = sqlite3_last_insert_rowid (*db);
  g_task_return_boolean (task, TRUE);
}

static void
delete_job (GTask        *task,
            sqlite3     **db,
            gpointer      task_data,
            GCancellable *cancellable)
{
  LoketOutbox *self = g_task_get_source_object (task);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autofree char *remaining = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_OK;

  g_mutex_lock (&self->delete_lock);
  g_array_append_vals (ids, self->to_delete->data, self->to_delete->len);
  g_array_set_size (self->to_delete, 0);
  g_mutex_unlock (&self->delete_lock);

  if (*db == NULL || ids->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!exec_sql (*db, "BEGIN IMMEDIATE", &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  rc = sqlite3_prepare_v2 (*db, "DELETE FROM outbox WHERE id = ?", -1, &stmt, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < ids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK || !exec_sql (*db, "COMMIT", &error))
    {
      exec_sql (*db, "ROLLBACK", NULL);
      if (error == NULL)
        set_db_error (*db, rc, "Cannot delete from the outbox", &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* With nothing left, the WAL (which still holds the deleted pages) is emptied too. */
  remaining = query_text (*db, "SELECT count(*) FROM outbox", NULL);
  if (g_strcmp0 (remaining, "0") == 0)
    exec_sql (*db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);

  g_task_return_boolean (task, TRUE);
}

static void
reject_job (GTask        *task,
            sqlite3     **db,
            gpointer      task_data,
            GCancellable *cancellable)
{
  gint64 id = *(gint64 *) task_data;
  g_autofree char *sql = g_strdup_printf ("UPDATE outbox SET state = %d WHERE id = %" G_GINT64_FORMAT,
                                          STATE_REJECTED, id);
  g_autoptr(GError) error = NULL;

  if (*db != NULL && !exec_sql (*db, sql, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* ---------------------------------------------------------------------------------------------
 * Delivery, on the main loop
 * ------------------------------------------------------------------------------------------- */

static void
notify_pending (LoketOutbox *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
}

static void
on_job_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Outbox: %s", error->message);
}

static void queue_delete_job (LoketOutbox *self);

static void
on_delete_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LoketOutbox *self = LOKET_OUTBOX (source);
  g_autoptr(GError) error = NULL;
  gboolean more;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Outbox: %s", error->message);

  self->delete_queued = FALSE;
  g_mutex_lock (&self->delete_lock);
  more = self->to_delete->len > 0;
  g_mutex_unlock (&self->delete_lock);
  if (more)
    queue_delete_job (self);
}

static void
queue_delete_job (LoketOutbox *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->delete_queued || self->worker == NULL)
    return;
  self->delete_queued = TRUE;
  task = g_task_new (self, NULL, on_delete_done_cb, NULL);
  g_task_set_source_tag (task, queue_delete_job);
  loket_db_worker_queue (self->worker, task, delete_job);
}

static void
forget_item (LoketOutbox *self,
             Item        *item)
{
  gint64 id = item->id;

  g_mutex_lock (&self->delete_lock);
  g_array_append_val (self->to_delete, id);
  g_mutex_unlock (&self->delete_lock);
  queue_delete_job (self);

  g_ptr_array_remove (self->items, item);
  notify_pending (self);
}

static void
reject_item (LoketOutbox *self,
             Item        *item,
             guint        status)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_job_done_cb, NULL);
  gint64 *id = g_new (gint64, 1);

  /* The status only: the body of a problem could echo what the citizen sent. */
  g_warning ("The intake refused a submission with status %u; kept in the outbox for staff", status);
  *id = item->id;
  item->rejected = TRUE;
  self->n_rejected++;
  g_task_set_source_tag (task, reject_item);
  g_task_set_task_data (task, id, g_free);
  loket_db_worker_queue (self->worker, task, reject_job);
  g_signal_emit (self, signals[SIGNAL_REJECTED], 0, item->key);
  notify_pending (self);
}

/* Seconds from a Retry-After header (delta-seconds or an HTTP date); -1 without one. */
static gint64
parse_retry_after (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "Retry-After");
  g_autoptr(GDateTime) when = NULL;
  char *end = NULL;
  gint64 seconds;

  if (value == NULL)
    return -1;
  seconds = g_ascii_strtoll (value, &end, 10);
  if (end != value && *end == '\0' && seconds >= 0)
    return MIN (seconds, 3600);
  when = soup_date_time_new_from_http_string (value);
  if (when != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      return CLAMP (g_date_time_difference (when, now) / G_USEC_PER_SEC, 0, 3600);
    }
  return -1;
}

static void
retry_later (LoketOutbox *self,
             Item        *item,
             gint64       retry_after_s)
{
  guint64 delay_ms = loket_outbox_backoff_delay (item->attempts, self->base_ms, self->cap_ms,
                                                 g_rand_double (self->rand));

  if (retry_after_s >= 0)
    delay_ms = MAX (delay_ms, (guint64) retry_after_s * 1000);
  item->attempts++;
  item->next_at = g_get_monotonic_time () + (gint64) delay_ms * 1000;
}

static char *
read_identificatie (GBytes *body)
{
  g_autoptr(JsonNode) root = NULL;

  /* A receipt is small: anything larger is not one. */
  if (body == NULL || g_bytes_get_size (body) == 0 || g_bytes_get_size (body) > 64 * 1024
      || (root = loket_http_parse_json (body, NULL)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return g_strdup (loket_json_get_string (json_node_get_object (root), "identificatie"));
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SendData) data = user_data;
  LoketOutbox *self = data->self;
  Item *item = data->item;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  self->in_flight--;
  item->in_flight = FALSE;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  status = error ? 0 : soup_message_get_status (data->msg);
  if (status == SOUP_STATUS_OK || status == SOUP_STATUS_CREATED)
    {
      g_autofree char *identificatie = read_identificatie (body);
      g_autofree char *key = g_strdup (item->key);
      gint64 now = g_get_monotonic_time ();

      g_debug ("Delivered a submission after %u failed attempts", item->attempts);
      forget_item (self, item);

      /* The intake is reachable again: whatever waits for a retry goes now. */
      for (guint i = 0; i < self->items->len; i++)
        {
          Item *other = g_ptr_array_index (self->items, i);

          if (other->attempts > 0 && !other->in_flight && !other->rejected && other->next_at > now)
            other->next_at = now;
        }
      g_signal_emit (self, signals[SIGNAL_DELIVERED], 0, key, identificatie);
    }
  else if (status == 0 || status == 408 || status == 409 || status == 425 || status == 429
           || status >= 500)
    {
      if (error != NULL)
        g_debug ("Delivery failed, will retry: %s", error->message);
      else
        g_debug ("Delivery failed with status %u, will retry", status);
      retry_later (self, item, error ? -1 : parse_retry_after (data->msg));
    }
  else
    reject_item (self, item, status);

  schedule (self);
}

static void
send_item (LoketOutbox *self,
           Item        *item)
{
  SendData *data;
  SoupMessage *msg = soup_message_new ("POST", item->endpoint);

  if (msg == NULL)
    {
      reject_item (self, item, 0);
      return;
    }
  soup_message_set_request_body_from_bytes (msg, "application/octet-stream", item->payload);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", item->key);
  soup_message_set_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  item->in_flight = TRUE;
  self->in_flight++;
  data = g_new0 (SendData, 1);
  data->self = g_object_ref (self);
  data->item = item;
  data->msg = msg;
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                    on_sent_cb, data);
}

static gboolean
on_timer_cb (gpointer user_data)
{
  LoketOutbox *self = user_data;

  self->timer_id = 0;
  schedule (self);
  return G_SOURCE_REMOVE;
}

/* Sends what is due, as far as the concurrency allows, and sets a timer for what comes next. */
static void
schedule (LoketOutbox *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 next = G_MAXINT64;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (!self->started || !self->opened)
    return;

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      if (item->in_flight || item->rejected)
        continue;
      if (item->next_at <= now)
        {
          if (self->in_flight >= self->concurrency)
            return; /* on_sent_cb schedules again */
          send_item (self, item);
        }
      else
        next = MIN (next, item->next_at);
    }

  if (next != G_MAXINT64)
    self->timer_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) MAX (1, (next - now + 999) / 1000),
                                         on_timer_cb, self, NULL);
}

static void
on_opened_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoketOutbox *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!self->opened)
    {
      for (guint i = 0; i < data->rows->len; i++)
        {
          Item *item = g_ptr_array_index (data->rows, i);

          if (item->rejected)
            self->n_rejected++;
        }
      g_ptr_array_extend_and_steal (self->items, g_steal_pointer (&data->rows));
      self->opened = TRUE;
      if (self->items->len > 0)
        g_message ("The outbox holds %u submissions from before; delivering them",
                   loket_outbox_get_n_pending (self));
      notify_pending (self);
      schedule (self);
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_inserted_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoketOutbox *self = g_task_get_source_object (task);
  InsertData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  Item *item;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  item = g_new0 (Item, 1);
  item->id = data->id;
  item->key = g_strdup (data->key);
  item->endpoint = g_strdup (data->endpoint);
  item->payload = g_bytes_ref (data->payload);
  item->next_at = g_get_monotonic_time ();
  g_ptr_array_add (self->items, item);
  notify_pending (self);
  schedule (self);

  g_task_return_pointer (task, g_strdup (data->key), g_free);
}

/* ---------------------------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------------------------- */

static void
loket_outbox_dispose (GObject *object)
{
  LoketOutbox *self = LOKET_OUTBOX (object);

  self->started = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  /* Waits for queued jobs; the worker closes the connection on its own thread. */
  g_clear_object (&self->worker);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (loket_outbox_parent_class)->dispose (object);
}

static void
loket_outbox_finalize (GObject *object)
{
  LoketOutbox *self = LOKET_OUTBOX (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->to_delete, g_array_unref);
  g_mutex_clear (&self->delete_lock);

  G_OBJECT_CLASS (loket_outbox_parent_class)->finalize (object);
}

static void
loket_outbox_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LoketOutbox *self = LOKET_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_N_PENDING:
      g_value_set_uint (value, loket_outbox_get_n_pending (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_outbox_class_init (LoketOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_outbox_dispose;
  object_class->finalize = loket_outbox_finalize;
  object_class->get_property = loket_outbox_get_property;

  /**
   * LoketOutbox:n-pending:
   *
   * How many submissions wait for delivery (not counting rejected ones).
   */
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LoketOutbox::delivered:
   * @key: the idempotency key
   * @identificatie: (nullable): the case number the intake gave
   */
  signals[SIGNAL_DELIVERED] =
    g_signal_new ("delivered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_REJECTED] =
    g_signal_new ("rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");
}

static void
loket_outbox_init (LoketOutbox *self)
{
  self->worker = loket_db_worker_new ("loket-outbox");
  self->cancellable = g_cancellable_new ();
  self->rand = g_rand_new ();
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  self->to_delete = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_mutex_init (&self->delete_lock);
  self->base_ms = LOKET_OUTBOX_BACKOFF_BASE_MS;
  self->cap_ms = LOKET_OUTBOX_BACKOFF_CAP_MS;
  self->concurrency = LOKET_OUTBOX_CONCURRENCY;
  self->session = soup_session_new_with_options ("timeout", LOKET_OUTBOX_DEADLINE_S,
                                                 "idle-timeout", 60,
                                                 "max-conns", 2 * LOKET_OUTBOX_CONCURRENCY,
                                                 "max-conns-per-host", LOKET_OUTBOX_CONCURRENCY,
                                                 "user-agent", "Loket/" PACKAGE_VERSION,
                                                 NULL);
}

/* ---------------------------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------------------------- */

/**
 * loket_outbox_new:
 * @path: the database file, or ":memory:" for tests
 *
 * Returns: (transfer full): an outbox; open it with loket_outbox_open_async()
 */
LoketOutbox *
loket_outbox_new (const char *path)
{
  LoketOutbox *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (LOKET_TYPE_OUTBOX, NULL);
  self->path = g_strdup (path);
  return self;
}

/**
 * loket_outbox_dup_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/loket/outbox.db`
 */
char *
loket_outbox_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "loket", "outbox.db", NULL);
}

const char *
loket_outbox_get_path (LoketOutbox *self)
{
  g_return_val_if_fail (LOKET_IS_OUTBOX (self), NULL);

  return self->path;
}

/**
 * loket_outbox_set_backoff:
 *
 * The retry delays: full jitter over `min (cap, base × 2^attempt)` milliseconds.
 */
void
loket_outbox_set_backoff (LoketOutbox *self,
                          guint        base_ms,
                          guint        cap_ms)
{
  g_return_if_fail (LOKET_IS_OUTBOX (self));
  g_return_if_fail (base_ms > 0 && cap_ms >= base_ms);

  self->base_ms = base_ms;
  self->cap_ms = cap_ms;
}

void
loket_outbox_set_concurrency (LoketOutbox *self,
                              guint        n)
{
  g_return_if_fail (LOKET_IS_OUTBOX (self));
  g_return_if_fail (n > 0 && n <= 64);

  self->concurrency = n;
  g_object_set (self->session, "max-conns-per-host", n, "max-conns", 2 * n, NULL);
}

/* Makes the jitter repeatable, for tests. */
void
loket_outbox_set_seed (LoketOutbox *self,
                       guint32      seed)
{
  g_return_if_fail (LOKET_IS_OUTBOX (self));

  g_rand_set_seed (self->rand, seed);
}

/**
 * loket_outbox_open_async:
 *
 * Opens (or creates) the database on the worker thread and loads what waits in it, so that
 * loket_outbox_start() delivers submissions left from before a crash or restart.
 */
void
loket_outbox_open_async (LoketOutbox         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) job = NULL;
  OpenData *data;

  g_return_if_fail (LOKET_IS_OUTBOX (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_outbox_open_async);

  data = g_new0 (OpenData, 1);
  data->path = g_strdup (self->path);
  job = g_task_new (self, NULL, on_opened_cb, g_steal_pointer (&task));
  g_task_set_source_tag (job, open_job);
  g_task_set_task_data (job, data, (GDestroyNotify) open_data_free);
  loket_db_worker_queue (self->worker, job, open_job);
}

gboolean
loket_outbox_open_finish (LoketOutbox   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (LOKET_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == loket_outbox_open_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * loket_outbox_enqueue_async:
 * @endpoint: the intake URL this submission goes to
 * @public_key: the intake's 32-byte `crypto_box` public key
 * @submission: the submission document; sealed before this function returns. Let go of it
 *   (and zero it) right after: only the sealed box is kept.
 *
 * Seals @submission, then writes it to the outbox with a new idempotency key. The task completes
 * only after the row is committed: that is the moment to tell the citizen "received".
 */
void
loket_outbox_enqueue_async (LoketOutbox         *self,
                            const char          *endpoint,
                            GBytes              *public_key,
                            GBytes              *submission,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) job = NULL;
  InsertData *data;
  gsize key_length, length;
  const guint8 *key = NULL;
  const guint8 *plain;
  guint8 *sealed;

  g_return_if_fail (LOKET_IS_OUTBOX (self));
  g_return_if_fail (endpoint != NULL);
  g_return_if_fail (public_key != NULL);
  g_return_if_fail (submission != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_outbox_enqueue_async);

  key = g_bytes_get_data (public_key, &key_length);
  if (key_length != crypto_box_PUBLICKEYBYTES)
    {
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                               "The intake's public key has %" G_GSIZE_FORMAT " bytes, not %d",
                               key_length, crypto_box_PUBLICKEYBYTES);
      return;
    }

  plain = g_bytes_get_data (submission, &length);
  sealed = g_malloc (length + crypto_box_SEALBYTES);
  if (crypto_box_seal (sealed, plain, length, key) != 0)
    {
      g_free (sealed);
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_INVALID_DATA, "Cannot seal the submission");
      return;
    }

  data = g_new0 (InsertData, 1);
  data->key = g_uuid_string_random ();
  data->endpoint = g_strdup (endpoint);
  data->payload = g_bytes_new_take (sealed, length + crypto_box_SEALBYTES);

  job = g_task_new (self, NULL, on_inserted_cb, g_steal_pointer (&task));
  g_task_set_source_tag (job, insert_job);
  g_task_set_task_data (job, data, (GDestroyNotify) insert_data_free);
  loket_db_worker_queue (self->worker, job, insert_job);
}

/**
 * loket_outbox_enqueue_finish:
 *
 * Returns: (transfer full) (nullable): the submission's idempotency key, once it is on disk
 */
char *
loket_outbox_enqueue_finish (LoketOutbox   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (LOKET_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == loket_outbox_enqueue_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * loket_outbox_flush_async:
 *
 * Completes once every delivered submission is deleted from the database (and everything queued
 * on the worker before it is done): the point after which a process may exit and leave nothing.
 */
void
loket_outbox_flush_async (LoketOutbox         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LOKET_IS_OUTBOX (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_outbox_flush_async);
  loket_db_worker_queue (self->worker, task, delete_job);
}

gboolean
loket_outbox_flush_finish (LoketOutbox   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (LOKET_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == loket_outbox_flush_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * loket_outbox_start:
 *
 * Starts delivering (once the outbox is open). The kiosk starts it at launch; `--health` never.
 */
void
loket_outbox_start (LoketOutbox *self)
{
  g_return_if_fail (LOKET_IS_OUTBOX (self));

  if (self->started)
    return;
  self->started = TRUE;
  g_cancellable_reset (self->cancellable);
  schedule (self);
}

/* Stops delivering; requests in flight are cancelled and sent again on the next start. */
void
loket_outbox_stop (LoketOutbox *self)
{
  g_return_if_fail (LOKET_IS_OUTBOX (self));

  self->started = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
}

/* The network is back (for example, another request succeeded): retry everything now. */
void
loket_outbox_retry_now (LoketOutbox *self)
{
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (LOKET_IS_OUTBOX (self));

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      if (!item->in_flight && !item->rejected)
        item->next_at = now;
    }
  schedule (self);
}

guint
loket_outbox_get_n_pending (LoketOutbox *self)
{
  g_return_val_if_fail (LOKET_IS_OUTBOX (self), 0);

  return self->items->len - self->n_rejected;
}

guint
loket_outbox_get_n_rejected (LoketOutbox *self)
{
  g_return_val_if_fail (LOKET_IS_OUTBOX (self), 0);

  return self->n_rejected;
}

/* Whether the submission with idempotency key @key still waits for delivery. */
gboolean
loket_outbox_is_pending (LoketOutbox *self,
                         const char  *key)
{
  g_return_val_if_fail (LOKET_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      if (g_str_equal (item->key, key))
        return !item->rejected;
    }
  return FALSE;
}

/**
 * loket_outbox_backoff_delay:
 * @attempt: how many attempts failed before, 0 for the first retry
 * @random: a number in [0, 1)
 *
 * Full jitter (AWS, "Exponential Backoff And Jitter"): a delay drawn evenly from
 * `[0, min (cap, base × 2^attempt))` milliseconds. A pure function, for tests.
 */
guint64
loket_outbox_backoff_delay (guint  attempt,
                            guint  base_ms,
                            guint  cap_ms,
                            double random)
{
  guint64 ceiling = cap_ms;

  if (attempt < 32 && (guint64) base_ms << attempt < cap_ms)
    ceiling = (guint64) base_ms << attempt;
  random = CLAMP (random, 0.0, 1.0);
  return (guint64) (random * (double) ceiling) % (ceiling + 1);
}

/**
 * loket_outbox_reference_for_key:
 *
 * The citizen's reference for a submission, from its idempotency key: "LK-1A2B-3C4D". It carries
 * no personal data, and is known at once, also when the kiosk is offline.
 *
 * Returns: (transfer full): the reference
 */
char *
loket_outbox_reference_for_key (const char *key)
{
  char hex[9] = { 0 };
  guint n = 0;

  g_return_val_if_fail (key != NULL, NULL);

  for (const char *p = key; *p && n < 8; p++)
    if (g_ascii_isxdigit (*p))
      hex[n++] = g_ascii_toupper (*p);
  return g_strdup_printf ("LK-%.4s-%.4s", hex, hex + 4);
}

/**
 * loket_outbox_parse_public_key:
 * @base64: `intake_public_key` from the discovery document
 *
 * Returns: (transfer full) (nullable): the 32-byte key
 */
GBytes *
loket_outbox_parse_public_key (const char  *base64,
                               GError     **error)
{
  g_autofree guchar *key = NULL;
  gsize length = 0;

  g_return_val_if_fail (base64 != NULL, NULL);

  key = g_base64_decode (base64, &length);
  if (key == NULL || length != crypto_box_PUBLICKEYBYTES)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                   "The intake's public key is not %d bytes of base64", crypto_box_PUBLICKEYBYTES);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&key), length);
}
