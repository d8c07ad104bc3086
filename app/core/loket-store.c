/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-store"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "loket-catalog.h"
#include "loket-db-worker.h"
#include "loket-error.h"
#include "loket-search.h"
#include "loket-store.h"

/**
 * LoketStore:
 *
 * The kiosk's local SQLite store: the catalog as the back-end (or the bundle) delivered it, the
 * items and texts derived from it, an FTS5 index over every language, and the back-end's ETag.
 * Nothing personal is ever written here.
 *
 * One #LoketDbWorker thread owns the connection; every operation is an async pair whose work runs
 * there in the order it was asked for, so the main loop never waits on the disk. The file lives in
 * `$XDG_DATA_HOME/loket/catalog.db`, in WAL mode with `synchronous=FULL` and `secure_delete=ON`,
 * and is migrated with `PRAGMA user_version`. A file that cannot be opened or fails its check is
 * moved aside to `*.corrupt-<timestamp>`, logged, and rebuilt from the bundled catalog.
 */
struct _LoketStore
{
  GObject        parent_instance;

  char          *path;        /* (owned): a file, or ":memory:" */
  char          *bundle_path; /* (owned): resource folder of the bundled catalog */
  LoketDbWorker *worker;      /* (owned) */
};

G_DEFINE_FINAL_TYPE (LoketStore, loket_store, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (LoketStoreInfo, loket_store_info, loket_store_info_copy, loket_store_info_free)

/* The search index holds one row per item and language, whose rowid is the item's id times
 * SEARCH_ROWS_PER_ITEM plus the language: so the index needs no copy of the texts (it is
 * contentless; the texts live in `texts` and `documents`), and rowid order is catalog order.
 * Prefix indexes for one, two and three characters make the short queries of someone who is
 * still typing a single doclist read. The texts are folded and split into words by
 * loket_search_normalize() before they reach the index, so the plain `ascii` tokenizer (which
 * only folds ASCII case) is enough, and it is the fastest. The index records in which columns a
 * word occurs, not where (`detail = column`): no query needs positions, and it is 40 % smaller. */
#define SEARCH_TABLE_SQL                                                                         \
  "CREATE VIRTUAL TABLE search USING fts5 (title, summary, body, content = '', "                \
  "tokenize = 'ascii', prefix = '1 2 3', detail = column)"
#define SEARCH_ROWS_PER_ITEM 8

G_STATIC_ASSERT (LOKET_N_LANGUAGES <= SEARCH_ROWS_PER_ITEM);

/* While the index is built, FTS5 keeps this many bytes of terms in memory before it writes them
 * out as one segment: the index of 10,000 services in seven languages is written in two or three
 * segments instead of hundreds of small ones that are merged again and again (half the time). */
#define SEARCH_BULK_HASH_SIZE 67108864

/* A query matching more rows than this is not ranked by bm25 over all its hits (see rank_hits):
 * bm25 costs time in proportion to the matches. */
#define SEARCH_MAX_RANKED_ROWS 200

/* One entry per schema version: entry N takes a database from user_version N to N + 1. Never
 * change an entry that has shipped; add one. */
static const char * const migrations[] = {
  /* 1: the catalog, its items and texts, the search index, and key/value metadata. */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE documents (name TEXT PRIMARY KEY, body BLOB NOT NULL);"
  "CREATE TABLE items (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, item_id TEXT NOT NULL,"
  "                    location TEXT NOT NULL, position INTEGER NOT NULL);"
  "CREATE TABLE texts (item INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,"
  "                    language TEXT NOT NULL, title TEXT NOT NULL, summary TEXT,"
  "                    PRIMARY KEY (item, language)) WITHOUT ROWID;"
  "CREATE VIRTUAL TABLE search USING fts5 (item UNINDEXED, title, summary, body, "
  "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');",
  /* 2: the rules of the entitlement checks, kept apart from the catalog documents. */
  "CREATE TABLE rules (id TEXT PRIMARY KEY, body BLOB NOT NULL);",
  /* 3: a contentless search index keyed by item and language. Opening the store indexes the
   * stored documents again (reindex_if_needed). */
  "DROP TABLE search;"
  "CREATE VIRTUAL TABLE search USING fts5 (title, summary, body, content = '', "
  "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');"
  "DELETE FROM texts;"
  "DELETE FROM items;",
  /* 4: the search index holds folded words (loket_search_normalize) and no positions; indexed
   * again like 3. */
  "DROP TABLE search;"
  SEARCH_TABLE_SQL ";"
  "DELETE FROM texts;"
  "DELETE FROM items;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == LOKET_STORE_SCHEMA_VERSION);

typedef struct
{
  LoketCatalog   *catalog; /* (owned) */
  LoketStoreInfo *info;    /* (owned) */
} CatalogResult;

static void
catalog_result_free (CatalogResult *result)
{
  g_clear_object (&result->catalog);
  g_clear_pointer (&result->info, loket_store_info_free);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CatalogResult, catalog_result_free)

typedef struct
{
  char      *path;        /* (owned) */
  char      *bundle_path; /* (owned) */
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data->bundle_path);
  g_free (data);
}

typedef struct
{
  char   *name;     /* (owned) */
  GBytes *document; /* (owned) */
  char   *etag;     /* (owned) (nullable) */
} ReplaceData;

static void
replace_data_free (ReplaceData *data)
{
  g_free (data->name);
  g_bytes_unref (data->document);
  g_free (data->etag);
  g_free (data);
}

typedef struct
{
  char          *query; /* (owned): a safe FTS5 query */
  LoketLanguage  language;
  guint          limit;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->query);
  g_free (data);
}

/* One search hit as plain data, from the worker to the main thread. */
typedef struct
{
  LoketSearchKind  kind;
  char            *location;
  char            *title;
  char            *summary;
} SearchRow;

static void
search_row_free (SearchRow *row)
{
  g_free (row->location);
  g_free (row->title);
  g_free (row->summary);
  g_free (row);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SearchRow, search_row_free)

/* ---------------------------------------------------------------------------------------------
 * Helpers that run on the worker thread
 * ------------------------------------------------------------------------------------------- */

static gboolean
set_db_error (sqlite3     *db,
              int          rc,
              const char  *what,
              GError     **error)
{
  g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORAGE, "%s: %s (%d)", what,
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc), rc);
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
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORAGE, "%s (%d)",
                   message ? message : sqlite3_errstr (rc), rc);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_db_error (db, rc, "Cannot prepare a statement", error);
      return NULL;
    }
  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Runs a statement that returns one text, for example a PRAGMA. */
static char *
query_text (sqlite3     *db,
            const char  *sql,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    set_db_error (db, rc, sql, error);
  else
    g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORAGE, "%s: no result", sql);
  return NULL;
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
  if (version < 0 || version > LOKET_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORAGE,
                   "Schema version %" G_GINT64_FORMAT " is unknown to this build (newest %d)",
                   version, LOKET_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  for (; version < LOKET_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *set_version =
        g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version + 1);

      g_debug ("Migrating the store from schema %" G_GINT64_FORMAT, version);
      if (!exec_sql (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec_sql (db, migrations[version], error) || !exec_sql (db, set_version, error))
        {
          exec_sql (db, "ROLLBACK", NULL);
          g_prefix_error (error, "Migration to schema %" G_GINT64_FORMAT ": ", version + 1);
          return FALSE;
        }
      if (!exec_sql (db, "COMMIT", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
open_connection (const char  *path,
                 gboolean     verify,
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
      set_db_error (db, rc, "Cannot open the store", error);
      sqlite3_close_v2 (db);
      return FALSE;
    }
  sqlite3_busy_timeout (db, 5000);

  /* The first statements read the file: a file that is not a database fails here. */
  if ((journal = query_text (db, "PRAGMA journal_mode = WAL", error)) == NULL
      || !exec_sql (db, "PRAGMA synchronous = FULL;"
                        "PRAGMA secure_delete = ON;"
                        "PRAGMA foreign_keys = ON;"
                        /* The search index's hot pages stay in memory (32 MiB at most). */
                        "PRAGMA cache_size = -32768;"
                        "PRAGMA temp_store = MEMORY;", error)
      || (verify && (check = query_text (db, "PRAGMA quick_check", error)) == NULL))
    {
      sqlite3_close_v2 (db);
      return FALSE;
    }
  if (!g_str_equal (journal, "wal") && !g_str_equal (path, ":memory:"))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORAGE, "The store cannot use WAL (%s)", journal);
      sqlite3_close_v2 (db);
      return FALSE;
    }
  if (verify && !g_str_equal (check, "ok"))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORAGE, "The store failed its check: %s", check);
      sqlite3_close_v2 (db);
      return FALSE;
    }
  if (verify && !migrate (db, error))
    {
      sqlite3_close_v2 (db);
      return FALSE;
    }

  *out = db;
  return TRUE;
}

/* After a catalog is indexed, FTS5 keeps the hash table it gathered the new terms in, grown to
 * millions of slots, for as long as the connection lives, and walks every slot for each prefix
 * query: a fifth of a millisecond for every keystroke. A new connection to the file starts
 * without it. (A database in memory cannot be opened again, and keeps its connection.) */
static void
reconnect (sqlite3 **db)
{
  const char *filename = sqlite3_db_filename (*db, "main");
  g_autofree char *path = filename != NULL && *filename != '\0' ? g_strdup (filename) : NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *fresh = NULL;

  if (path == NULL)
    return;
  if (!open_connection (path, FALSE, &fresh, &error))
    {
      g_warning ("Cannot open the store again: %s", error->message);
      return;
    }
  sqlite3_close_v2 (*db);
  *db = fresh;
}

/* Moves the database and its WAL and shared-memory files aside, so nothing of it is lost for
 * whoever wants to look, and a new one can be built in its place. */
static gboolean
move_aside (const char  *path,
            const char  *reason,
            GError     **error)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *aside = g_strdup_printf ("%s.corrupt-%s", path, stamp);

  for (guint n = 2; g_file_test (aside, G_FILE_TEST_EXISTS); n++)
    {
      g_free (aside);
      aside = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, n);
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (!g_file_test (from, G_FILE_TEST_EXISTS))
        continue;
      if (g_rename (from, to) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORAGE, "Cannot move %s aside: %s",
                       from, g_strerror (saved_errno));
          return FALSE;
        }
    }

  g_warning ("The catalog store %s could not be used (%s); moved it aside to %s and built a new one",
             path, reason, aside);
  return TRUE;
}

static char *
dup_meta (sqlite3    *db,
          const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT value FROM meta WHERE key = ?", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gboolean
set_meta (sqlite3     *db,
          const char  *key,
          const char  *value,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (value == NULL)
    stmt = prepare (db, "DELETE FROM meta WHERE key = ?1", error);
  else
    stmt = prepare (db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return set_db_error (db, rc, "Cannot write metadata", error);
  return TRUE;
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static LoketStoreInfo *
read_info (sqlite3  *db,
           GError  **error)
{
  g_autoptr(LoketStoreInfo) info = g_new0 (LoketStoreInfo, 1);
  g_autofree char *updated = dup_meta (db, "updated");
  g_autofree char *life_events = dup_meta (db, "life_events");
  g_autofree char *services = dup_meta (db, "services");
  g_autofree char *source = dup_meta (db, "source");

  if (updated == NULL || life_events == NULL || services == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "The store holds no catalog");
      return NULL;
    }

  info->etag = dup_meta (db, "etag");
  info->updated = g_date_time_new_from_iso8601 (updated, NULL);
  if (info->updated == NULL)
    info->updated = g_date_time_new_from_unix_utc (0);
  info->n_life_events = (guint) g_ascii_strtoull (life_events, NULL, 10);
  info->n_services = (guint) g_ascii_strtoull (services, NULL, 10);
  info->bundled = g_strcmp0 (source, "bundled") == 0;
  return g_steal_pointer (&info);
}

/* The index of one catalog: its items, their texts in every language, and the search rows. */
typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *item;
  sqlite3_stmt *text;
  sqlite3_stmt *search;
} Indexer;

static gboolean
index_item (Indexer          *indexer,
            LoketSearchKind   kind,
            const char       *item_id,
            const char       *location,
            guint             position,
            const LoketText  *title,
            const LoketText  *summary,
            const LoketText  *body,
            const LoketText  *subtitle,
            GError          **error)
{
  sqlite3_int64 rowid;
  int rc;

  sqlite3_reset (indexer->item);
  sqlite3_bind_int (indexer->item, 1, kind);
  sqlite3_bind_text (indexer->item, 2, item_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (indexer->item, 3, location, -1, SQLITE_STATIC);
  sqlite3_bind_int (indexer->item, 4, (int) position);
  if ((rc = sqlite3_step (indexer->item)) != SQLITE_DONE)
    return set_db_error (indexer->db, rc, "Cannot index an item", error);
  rowid = sqlite3_last_insert_rowid (indexer->db);

  for (LoketLanguage language = 0; language < LOKET_N_LANGUAGES; language++)
    {
      const char *code = loket_language_get_code (language);
      const char *title_text = loket_text_get_exact (title, language);
      const char *summary_text = summary ? loket_text_get_exact (summary, language) : NULL;
      const char *body_text = body ? loket_text_get_exact (body, language) : NULL;
      const char *shown_summary = subtitle ? loket_text_get_exact (subtitle, language) : summary_text;
      g_autofree char *folded_title = NULL;
      g_autofree char *folded_summary = NULL;
      g_autofree char *folded_body = NULL;

      if (title_text == NULL && summary_text == NULL && body_text == NULL)
        continue;

      if (title_text != NULL)
        {
          sqlite3_reset (indexer->text);
          sqlite3_bind_int64 (indexer->text, 1, rowid);
          sqlite3_bind_text (indexer->text, 2, code, -1, SQLITE_STATIC);
          sqlite3_bind_text (indexer->text, 3, title_text, -1, SQLITE_STATIC);
          sqlite3_bind_text (indexer->text, 4, shown_summary, -1, SQLITE_STATIC);
          if ((rc = sqlite3_step (indexer->text)) != SQLITE_DONE)
            return set_db_error (indexer->db, rc, "Cannot store a text", error);
        }

      folded_title = loket_search_normalize (title_text ? title_text : "");
      folded_summary = loket_search_normalize (summary_text ? summary_text : "");
      folded_body = loket_search_normalize (body_text ? body_text : "");
      sqlite3_reset (indexer->search);
      sqlite3_bind_int64 (indexer->search, 1, rowid * SEARCH_ROWS_PER_ITEM + language);
      sqlite3_bind_text (indexer->search, 2, folded_title, -1, SQLITE_STATIC);
      sqlite3_bind_text (indexer->search, 3, folded_summary, -1, SQLITE_STATIC);
      sqlite3_bind_text (indexer->search, 4, folded_body, -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (indexer->search)) != SQLITE_DONE)
        return set_db_error (indexer->db, rc, "Cannot index a text", error);
    }
  return TRUE;
}

/* Life events open their page, steps open theirs, and a service opens the first step that
 * leads to it; a service no step leads to has no page of its own and is not indexed. */
static gboolean
index_catalog (sqlite3       *db,
               LoketCatalog  *catalog,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) item = prepare (db, "INSERT INTO items (kind, item_id, location, position) "
                                              "VALUES (?1, ?2, ?3, ?4)", error);
  g_autoptr(sqlite3_stmt) text = prepare (db, "INSERT INTO texts (item, language, title, summary) "
                                              "VALUES (?1, ?2, ?3, ?4)", error);
  g_autoptr(sqlite3_stmt) search = prepare (db, "INSERT INTO search (rowid, title, summary, body) "
                                                "VALUES (?1, ?2, ?3, ?4)", error);
  g_autoptr(GHashTable) services = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *events = loket_catalog_get_life_events (catalog);
  Indexer indexer = { db, item, text, search };
  guint position = 0;

  if (item == NULL || text == NULL || search == NULL)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(LoketLifeEvent) event = g_list_model_get_item (events, i);
      const char *event_id = loket_life_event_get_id (event);
      g_autofree char *location = g_strconcat ("life-event:", event_id, NULL);
      GListModel *steps = loket_life_event_get_steps (event);

      if (!index_item (&indexer, LOKET_SEARCH_KIND_LIFE_EVENT, event_id, location, position++,
                       loket_life_event_get_title (event), loket_life_event_get_summary (event),
                       NULL, NULL, error))
        return FALSE;

      for (guint j = 0; j < g_list_model_get_n_items (steps); j++)
        {
          g_autoptr(LoketStep) step = g_list_model_get_item (steps, j);
          g_autofree char *step_location = g_strdup_printf ("step:%s/%s", event_id,
                                                            loket_step_get_id (step));
          LoketService *service = loket_step_get_service (step);

          if (!index_item (&indexer, LOKET_SEARCH_KIND_STEP, loket_step_get_id (step),
                           step_location, position++, loket_step_get_title (step), NULL,
                           loket_step_get_body (step), loket_life_event_get_title (event), error))
            return FALSE;

          if (service == NULL || g_hash_table_contains (services, loket_service_get_id (service)))
            continue;
          g_hash_table_add (services, (gpointer) loket_service_get_id (service));
          if (!index_item (&indexer, LOKET_SEARCH_KIND_SERVICE, loket_service_get_id (service),
                           step_location, position++, loket_service_get_title (service),
                           loket_service_get_summary (service), loket_service_get_body (service),
                           NULL, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Replaces the whole catalog in one transaction: a failure anywhere leaves the old one as it was. */
static gboolean
write_catalog (sqlite3             *db,
               const char * const  *names,
               GBytes * const      *documents,
               guint                n_documents,
               LoketCatalog        *catalog,
               const char          *etag,
               const char          *source,
               const char          *bundle_hash,
               const char          *updated,
               GError             **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *now = now_iso8601 ();
  g_autofree char *n_events = NULL;
  g_autofree char *n_services = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!exec_sql (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Dropping the index is much faster than deleting its rows one by one. The new one is built
   * in bulk: FTS5 gathers the terms of many rows in memory before it writes a segment, and
   * merges nothing while it loads, so the index ends up in a few large segments. (Only this
   * function ever writes to it, always to a new table.) */
  if (!exec_sql (db, "DELETE FROM documents;"
                     "DELETE FROM texts;"
                     "DELETE FROM items;"
                     "DROP TABLE search;"
                     SEARCH_TABLE_SQL ";"
                     "INSERT INTO search (search, rank)"
                     "  VALUES ('hashsize', " G_STRINGIFY (SEARCH_BULK_HASH_SIZE) ");"
                     "INSERT INTO search (search, rank) VALUES ('automerge', 0);", error))
    goto fail;

  if ((insert = prepare (db, "INSERT INTO documents (name, body) VALUES (?1, ?2)", error)) == NULL)
    goto fail;
  for (guint i = 0; i < n_documents; i++)
    {
      gsize length;
      const void *data = g_bytes_get_data (documents[i], &length);
      int rc;

      sqlite3_reset (insert);
      sqlite3_bind_text (insert, 1, names[i], -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (insert, 2, data ? data : "", length, SQLITE_STATIC);
      if ((rc = sqlite3_step (insert)) != SQLITE_DONE)
        {
          set_db_error (db, rc, "Cannot store the catalog", error);
          goto fail;
        }
    }

  n_events = g_strdup_printf ("%u", g_list_model_get_n_items (loket_catalog_get_life_events (catalog)));
  n_services = g_strdup_printf ("%u", loket_catalog_get_n_services (catalog));
  if (!index_catalog (db, catalog, error)
      || !set_meta (db, "etag", etag, error)
      || !set_meta (db, "updated", updated != NULL ? updated : now, error)
      || !set_meta (db, "source", source, error)
      || !set_meta (db, "bundle", bundle_hash, error)
      || !set_meta (db, "life_events", n_events, error)
      || !set_meta (db, "services", n_services, error))
    goto fail;

  if (!exec_sql (db, "COMMIT", error))
    goto fail;
  g_debug ("Wrote and indexed the catalog in %.0f ms",
           (g_get_monotonic_time () - start) / 1000.0);
  return TRUE;

fail:
  exec_sql (db, "ROLLBACK", NULL);
  return FALSE;
}

static void
collect_bundle (const char *resource_path,
                const char *prefix,
                GPtrArray  *names,
                GPtrArray  *contents)
{
  g_auto(GStrv) children = g_resources_enumerate_children (resource_path, 0, NULL);

  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (resource_path, children[i], NULL);
      g_autofree char *name = g_strconcat (prefix, children[i], NULL);

      if (g_str_has_suffix (children[i], "/"))
        collect_bundle (path, name, names, contents);
      else if (g_str_has_suffix (children[i], ".json") && !g_str_equal (children[i], "schema.json"))
        {
          GBytes *bytes = g_resources_lookup_data (path, 0, NULL);

          if (bytes != NULL)
            {
              g_ptr_array_add (names, g_steal_pointer (&name));
              g_ptr_array_add (contents, bytes);
            }
        }
    }
}

/* Seeds the store from the catalog in the GResource when it holds none, or when it holds an
 * older bundle (a new Loket version ships a new catalog; a synced catalog is kept). */
static gboolean
seed_from_bundle (sqlite3     *db,
                  const char  *bundle_path,
                  GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(LoketCatalog) catalog = NULL;
  g_autofree char *source = dup_meta (db, "source");
  g_autofree char *stored_hash = dup_meta (db, "bundle");
  const char *hash;

  collect_bundle (bundle_path, "", names, contents);
  if (names->len == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "No bundled catalog in %s", bundle_path);
      return FALSE;
    }

  for (guint i = 0; i < names->len; i++)
    {
      gsize length;
      const guchar *data = g_bytes_get_data (contents->pdata[i], &length);

      g_checksum_update (checksum, (const guchar *) names->pdata[i], -1);
      g_checksum_update (checksum, data, length);
    }
  hash = g_checksum_get_string (checksum);

  if (source != NULL && (!g_str_equal (source, "bundled") || g_strcmp0 (stored_hash, hash) == 0))
    return TRUE;

  catalog = loket_catalog_new_from_files ((const char * const *) names->pdata,
                                          (GBytes * const *) contents->pdata, names->len, error);
  if (catalog == NULL)
    return FALSE;

  g_debug ("Seeding the catalog store from the bundled catalog");
  return write_catalog (db, (const char * const *) names->pdata, (GBytes * const *) contents->pdata,
                        names->len, catalog, NULL, "bundled", hash, NULL, error);
}

static LoketCatalog *
read_catalog (sqlite3  *db,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT name, body FROM documents ORDER BY name", error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (contents, g_bytes_new (sqlite3_column_blob (stmt, 1),
                                              sqlite3_column_bytes (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (db, rc, "Cannot read the catalog", error);
      return NULL;
    }
  if (names->len == 0)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND, "The store holds no catalog");
      return NULL;
    }
  return loket_catalog_new_from_files ((const char * const *) names->pdata,
                                       (GBytes * const *) contents->pdata, names->len, error);
}

/* A migration that changes the index empties it; the stored documents are indexed again, and
 * everything the store says about them (entity tag, source, date) is kept. */
static gboolean
reindex_if_needed (sqlite3  *db,
                   GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT name, body FROM documents ORDER BY name", error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(LoketCatalog) catalog = NULL;
  g_autofree char *n_items = query_text (db, "SELECT count(*) FROM items", error);
  g_autofree char *etag = dup_meta (db, "etag");
  g_autofree char *source = dup_meta (db, "source");
  g_autofree char *bundle = dup_meta (db, "bundle");
  g_autofree char *updated = dup_meta (db, "updated");
  int rc;

  if (stmt == NULL || n_items == NULL)
    return FALSE;
  if (!g_str_equal (n_items, "0"))
    return TRUE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (contents, g_bytes_new (sqlite3_column_blob (stmt, 1),
                                              sqlite3_column_bytes (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    return set_db_error (db, rc, "Cannot read the catalog", error);
  if (names->len == 0)
    return TRUE;

  catalog = loket_catalog_new_from_files ((const char * const *) names->pdata,
                                          (GBytes * const *) contents->pdata, names->len, error);
  if (catalog == NULL)
    return FALSE;

  g_debug ("Indexing the stored catalog again");
  return write_catalog (db, (const char * const *) names->pdata, (GBytes * const *) contents->pdata,
                        names->len, catalog, etag, source != NULL ? source : "backend", bundle,
                        updated, error);
}

static gboolean
require_db (sqlite3  *db,
            GError  **error)
{
  if (db == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_STORAGE, "The store is not open");
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * Jobs
 * ------------------------------------------------------------------------------------------- */

static void
open_job (GTask        *task,
          sqlite3     **db,
          gpointer      task_data,
          GCancellable *cancellable)
{
  OpenData *data = task_data;
  gboolean is_file = !g_str_equal (data->path, ":memory:");
  g_autoptr(GError) error = NULL;

  if (*db != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (is_file)
    {
      g_autofree char *directory = g_path_get_dirname (data->path);

      if (g_mkdir_with_parents (directory, 0700) != 0)
        {
          int saved_errno = errno;

          g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_STORAGE,
                                   "Cannot create %s: %s", directory, g_strerror (saved_errno));
          return;
        }
    }

  if (!open_connection (data->path, TRUE, db, &error))
    {
      g_autoptr(GError) open_error = g_steal_pointer (&error);

      if (!is_file || !move_aside (data->path, open_error->message, &error)
          || !open_connection (data->path, TRUE, db, &error))
        {
          g_task_return_error (task, error ? g_steal_pointer (&error) : g_steal_pointer (&open_error));
          return;
        }
    }

  /* An index that cannot be rebuilt is not fatal: the bundle or the next sync replaces it. */
  if (!reindex_if_needed (*db, &error))
    {
      g_warning ("Cannot index the stored catalog: %s", error->message);
      g_clear_error (&error);
    }

  if (!seed_from_bundle (*db, data->bundle_path, &error))
    {
      g_autoptr(GError) info_error = NULL;
      g_autoptr(LoketStoreInfo) info = read_info (*db, &info_error);

      /* Without a bundle a store that already holds a catalog is still useful. */
      if (info == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_warning ("Cannot seed the catalog store: %s", error->message);
    }

  reconnect (db);
  g_task_return_boolean (task, TRUE);
}

static void
load_catalog_job (GTask        *task,
                  sqlite3     **db,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autoptr(CatalogResult) result = g_new0 (CatalogResult, 1);
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!require_db (*db, &error)
      || (result->catalog = read_catalog (*db, &error)) == NULL
      || (result->info = read_info (*db, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) catalog_result_free);
}

static void
replace_catalog_job (GTask        *task,
                     sqlite3     **db,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ReplaceData *data = task_data;
  g_autoptr(CatalogResult) result = g_new0 (CatalogResult, 1);
  const char *names[] = { data->name };
  GBytes *documents[] = { data->document };
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The whole document is validated before anything is written. */
  if (!require_db (*db, &error)
      || (result->catalog = loket_catalog_new_from_document (data->name, data->document, &error)) == NULL
      || !write_catalog (*db, names, documents, 1, result->catalog, data->etag, "backend", NULL,
                         NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  reconnect (db);
  if ((result->info = read_info (*db, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) catalog_result_free);
}

static void
mark_checked_job (GTask        *task,
                  sqlite3     **db,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autofree char *now = now_iso8601 ();
  LoketStoreInfo *info;
  GError *error = NULL;

  if (!require_db (*db, &error)
      || !set_meta (*db, "updated", now, &error)
      || (info = read_info (*db, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, info, (GDestroyNotify) loket_store_info_free);
}

static void
get_info_job (GTask        *task,
              sqlite3     **db,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LoketStoreInfo *info;
  GError *error = NULL;

  if (!require_db (*db, &error) || (info = read_info (*db, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, info, (GDestroyNotify) loket_store_info_free);
}

/* One item found by a search: the lower its tier, then its score, the better. */
typedef struct
{
  sqlite3_int64 item;
  guint         tier;
  double        score;
} SearchHit;

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const SearchHit *ha = a, *hb = b;

  if (ha->tier != hb->tier)
    return ha->tier < hb->tier ? -1 : 1;
  if (ha->score != hb->score)
    return ha->score < hb->score ? -1 : 1;
  return ha->item < hb->item ? -1 : ha->item > hb->item;
}

/* Counts the rows that match, up to @cap: FTS5 stops reading the doclist there. */
static int
count_matches (sqlite3     *db,
               const char  *query,
               int          cap,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT rowid FROM search WHERE search MATCH ?1 LIMIT ?2",
                                          error);
  int n = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, cap);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    n++;
  if (rc != SQLITE_DONE)
    {
      set_db_error (db, rc, "Search failed", error);
      return -1;
    }
  return n;
}

/* A selective query: every hit scored by bm25 (weights per column: title, summary, body), the
 * best language of each item counting. */
static gboolean
rank_all_hits (sqlite3     *db,
               const char  *query,
               guint        limit,
               GArray      *hits,
               GError     **error)
{
  static const char sql[] =
    "WITH hits AS MATERIALIZED ("
    "  SELECT rowid / " G_STRINGIFY (SEARCH_ROWS_PER_ITEM) " AS item,"
    "  bm25(search, 10.0, 4.0, 1.0) AS score FROM search WHERE search MATCH ?1)"
    " SELECT item, MIN(score) AS best FROM hits GROUP BY item ORDER BY best, item LIMIT ?2";
  g_autoptr(sqlite3_stmt) stmt = prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, (int) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SearchHit hit = { sqlite3_column_int64 (stmt, 0), 0, sqlite3_column_double (stmt, 1) };

      g_array_append_val (hits, hit);
    }
  if (rc != SQLITE_DONE)
    return set_db_error (db, rc, "Search failed", error);
  return TRUE;
}

/* A query that matches a large part of the catalog (one or two letters typed, or a very common
 * word): ranking every hit by bm25 would cost time in proportion to the whole catalog, and would
 * say little. Hits are ranked by where the words were found instead (all in the title, then in
 * the title and summary, then anywhere), and within that by catalog order (life events, then
 * their steps in order). Each tier reads the index in rowid order and stops at @limit items.
 * Runs the tiers from @first_tier to @end_tier (exclusive), after the @hits found so far. */
static const char * const tier_filters[] = { "{title} : ", "{title summary} : ", "" };

static gboolean
rank_by_tier (sqlite3     *db,
              const char  *query,
              guint        limit,
              guint        first_tier,
              guint        end_tier,
              GArray      *hits,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT rowid / " G_STRINGIFY (SEARCH_ROWS_PER_ITEM)
                                              " FROM search WHERE search MATCH ?1 ORDER BY rowid",
                                          error);
  g_autoptr(GHashTable) found = g_hash_table_new (NULL, NULL);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < hits->len; i++)
    g_hash_table_add (found, GSIZE_TO_POINTER ((gsize) g_array_index (hits, SearchHit, i).item));

  for (guint tier = first_tier; tier < end_tier && hits->len < limit; tier++)
    {
      g_autofree char *filtered = g_strconcat (tier_filters[tier], "(", query, ")", NULL);
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, filtered, -1, SQLITE_TRANSIENT);
      while (hits->len < limit && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          SearchHit hit = { sqlite3_column_int64 (stmt, 0), tier, 0.0 };

          if (!g_hash_table_add (found, GSIZE_TO_POINTER ((gsize) hit.item)))
            continue;
          g_array_append_val (hits, hit);
        }
      if (hits->len < limit && rc != SQLITE_DONE)
        return set_db_error (db, rc, "Search failed", error);
    }
  return TRUE;
}

/* Ranks the hits of @query. The titles come first: when they alone give @limit items, the query
 * is a broad one and nothing else needs to be read (counting its matches would cost more than
 * the whole search, because FTS5 gathers every match of a prefix before it returns the first).
 * Otherwise the matches are counted: a selective query is ranked by bm25, a broad one by tier. */
static gboolean
rank_hits (sqlite3     *db,
           const char  *query,
           guint        limit,
           GArray      *hits,
           GError     **error)
{
  int n_matches;

  if (!rank_by_tier (db, query, limit, 0, 1, hits, error))
    return FALSE;
  if (hits->len >= limit)
    return TRUE;

  if ((n_matches = count_matches (db, query, SEARCH_MAX_RANKED_ROWS + 1, error)) < 0)
    return FALSE;
  if (n_matches > SEARCH_MAX_RANKED_ROWS)
    return rank_by_tier (db, query, limit, 1, G_N_ELEMENTS (tier_filters), hits, error);

  g_array_set_size (hits, 0);
  return rank_all_hits (db, query, limit, hits, error);
}

/* Reads one hit as a row: its kind and location, and its title and summary in the first of
 * @languages it has a text in. Returns SQLITE_ROW, SQLITE_DONE when it has none, or an error. */
static int
read_hit (sqlite3_stmt        *item,
          sqlite3_stmt        *text,
          sqlite3_int64        id,
          const char * const  *languages,
          SearchRow          **out)
{
  g_autoptr(SearchRow) row = NULL;
  int rc;

  sqlite3_reset (item);
  sqlite3_bind_int64 (item, 1, id);
  if ((rc = sqlite3_step (item)) != SQLITE_ROW)
    return rc;

  row = g_new0 (SearchRow, 1);
  row->kind = CLAMP (sqlite3_column_int (item, 0), LOKET_SEARCH_KIND_LIFE_EVENT,
                     LOKET_SEARCH_KIND_SERVICE);
  row->location = g_strdup ((const char *) sqlite3_column_text (item, 1));

  for (guint i = 0; languages[i] != NULL; i++)
    {
      sqlite3_reset (text);
      sqlite3_bind_int64 (text, 1, id);
      sqlite3_bind_text (text, 2, languages[i], -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (text)) == SQLITE_DONE)
        continue;
      if (rc != SQLITE_ROW)
        return rc;
      row->title = g_strdup ((const char *) sqlite3_column_text (text, 0));
      row->summary = g_strdup ((const char *) sqlite3_column_text (text, 1));
      break;
    }
  if (row->location == NULL || row->title == NULL)
    return SQLITE_DONE;
  *out = g_steal_pointer (&row);
  return SQLITE_ROW;
}

static void
search_job (GTask        *task,
            sqlite3     **db,
            gpointer      task_data,
            GCancellable *cancellable)
{
  SearchData *data = task_data;
  /* The title and summary come in the interface's language, else English, else Dutch. */
  const char * const languages[] = { loket_language_get_code (data->language), "en", "nl", NULL };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) search_row_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (SearchHit));
  g_autoptr(sqlite3_stmt) item = NULL;
  g_autoptr(sqlite3_stmt) text = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!require_db (*db, &error)
      || !rank_hits (*db, data->query, data->limit, hits, &error)
      || (item = prepare (*db, "SELECT kind, location FROM items WHERE id = ?1", &error)) == NULL
      || (text = prepare (*db, "SELECT title, summary FROM texts WHERE item = ?1 AND language = ?2",
                          &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Equal scores fall back to catalog order, so results never shuffle between keystrokes. */
  g_array_sort (hits, compare_hits);
  for (guint i = 0; i < hits->len; i++)
    {
      SearchRow *row = NULL;
      int rc = read_hit (item, text, g_array_index (hits, SearchHit, i).item, languages, &row);

      if (rc == SQLITE_DONE)
        continue;
      if (rc != SQLITE_ROW)
        {
          set_db_error (*db, rc, "Search failed", &error);
          g_task_return_error (task, error);
          return;
        }
      /* A service opens the step that leads to it: one result per page, the best one. */
      if (g_hash_table_contains (seen, row->location))
        {
          search_row_free (row);
          continue;
        }
      g_hash_table_add (seen, row->location);
      g_ptr_array_add (rows, row);
    }
  g_task_return_pointer (task, g_steal_pointer (&rows), (GDestroyNotify) g_ptr_array_unref);
}

/* ---------------------------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------------------------- */

static void
loket_store_dispose (GObject *object)
{
  LoketStore *self = LOKET_STORE (object);

  /* Waits for queued jobs, then the worker closes the connection on its own thread. */
  g_clear_object (&self->worker);

  G_OBJECT_CLASS (loket_store_parent_class)->dispose (object);
}

static void
loket_store_finalize (GObject *object)
{
  LoketStore *self = LOKET_STORE (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->bundle_path, g_free);

  G_OBJECT_CLASS (loket_store_parent_class)->finalize (object);
}

static void
loket_store_class_init (LoketStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_store_dispose;
  object_class->finalize = loket_store_finalize;
}

static void
loket_store_init (LoketStore *self)
{
  self->bundle_path = g_strdup (RESOURCE_BASE "/catalog/");
}

/* ---------------------------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------------------------- */

LoketStoreInfo *
loket_store_info_copy (const LoketStoreInfo *info)
{
  LoketStoreInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (LoketStoreInfo, 1);
  copy->etag = g_strdup (info->etag);
  copy->updated = info->updated ? g_date_time_ref (info->updated) : NULL;
  copy->n_life_events = info->n_life_events;
  copy->n_services = info->n_services;
  copy->bundled = info->bundled;
  return copy;
}

void
loket_store_info_free (LoketStoreInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->etag);
  g_clear_pointer (&info->updated, g_date_time_unref);
  g_free (info);
}

/**
 * loket_store_dup_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/loket/catalog.db`
 */
char *
loket_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "loket", "catalog.db", NULL);
}

/**
 * loket_store_new:
 * @path: (nullable): the database file, ":memory:", or %NULL for the default path
 *
 * Makes a store and starts its worker thread. Nothing is read or written before
 * loket_store_open_async().
 *
 * Returns: (transfer full): the store
 */
LoketStore *
loket_store_new (const char *path)
{
  LoketStore *self = g_object_new (LOKET_TYPE_STORE, NULL);

  self->path = path != NULL ? g_strdup (path) : loket_store_dup_default_path ();
  self->worker = loket_db_worker_new ("loket-store");
  return self;
}

const char *
loket_store_get_path (LoketStore *self)
{
  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);

  return self->path;
}

/**
 * loket_store_set_bundle:
 * @resource_path: a resource folder ending in '/'
 *
 * Where the bundled catalog that seeds the store lives (the application's by default).
 */
void
loket_store_set_bundle (LoketStore *self,
                        const char *resource_path)
{
  g_return_if_fail (LOKET_IS_STORE (self));
  g_return_if_fail (resource_path != NULL && g_str_has_suffix (resource_path, "/"));

  g_free (self->bundle_path);
  self->bundle_path = g_strdup (resource_path);
}

/**
 * loket_store_open_async:
 *
 * Opens the database on the worker thread, migrates it, moves an unusable file aside and builds
 * a new one, and seeds it from the bundled catalog when it holds none.
 */
void
loket_store_open_async (LoketStore          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (LOKET_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (OpenData, 1);
  data->path = g_strdup (self->path);
  data->bundle_path = g_strdup (self->bundle_path);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_store_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  loket_db_worker_queue (self->worker, task, open_job);
}

gboolean
loket_store_open_finish (LoketStore    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (LOKET_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == loket_store_open_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * loket_store_load_catalog_async:
 *
 * Reads and validates the stored catalog on the worker thread.
 */
void
loket_store_load_catalog_async (LoketStore          *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LOKET_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_store_load_catalog_async);
  loket_db_worker_queue (self->worker, task, load_catalog_job);
}

static LoketCatalog *
propagate_catalog (GAsyncResult    *result,
                   LoketStoreInfo **info,
                   GError         **error)
{
  g_autoptr(CatalogResult) catalog_result = g_task_propagate_pointer (G_TASK (result), error);

  if (catalog_result == NULL)
    return NULL;
  if (info != NULL)
    *info = g_steal_pointer (&catalog_result->info);
  return g_steal_pointer (&catalog_result->catalog);
}

/**
 * loket_store_load_catalog_finish:
 * @info: (out) (optional) (transfer full): what the store holds
 *
 * Returns: (transfer full) (nullable): the stored catalog
 */
LoketCatalog *
loket_store_load_catalog_finish (LoketStore      *self,
                                 GAsyncResult    *result,
                                 LoketStoreInfo **info,
                                 GError         **error)
{
  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == loket_store_load_catalog_async, NULL);

  return propagate_catalog (result, info, error);
}

/**
 * loket_store_replace_catalog_async:
 * @name: the document's name, for error messages
 * @document: one merged catalog document
 * @etag: (nullable): its entity tag
 *
 * Validates @document whole on the worker thread and, only if it is valid, replaces the stored
 * catalog and its index with it in one transaction. A bad document leaves the store untouched.
 */
void
loket_store_replace_catalog_async (LoketStore          *self,
                                   const char          *name,
                                   GBytes              *document,
                                   const char          *etag,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReplaceData *data;

  g_return_if_fail (LOKET_IS_STORE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (document != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ReplaceData, 1);
  data->name = g_strdup (name);
  data->document = g_bytes_ref (document);
  data->etag = g_strdup (etag);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_store_replace_catalog_async);
  g_task_set_task_data (task, data, (GDestroyNotify) replace_data_free);
  loket_db_worker_queue (self->worker, task, replace_catalog_job);
}

/**
 * loket_store_replace_catalog_finish:
 * @info: (out) (optional) (transfer full): what the store holds now
 *
 * Returns: (transfer full) (nullable): the new catalog
 */
LoketCatalog *
loket_store_replace_catalog_finish (LoketStore      *self,
                                    GAsyncResult    *result,
                                    LoketStoreInfo **info,
                                    GError         **error)
{
  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == loket_store_replace_catalog_async,
                        NULL);

  return propagate_catalog (result, info, error);
}

/**
 * loket_store_mark_checked_async:
 *
 * Records that the back-end confirmed the stored catalog is current (a 304).
 */
void
loket_store_mark_checked_async (LoketStore          *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LOKET_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_store_mark_checked_async);
  loket_db_worker_queue (self->worker, task, mark_checked_job);
}

/**
 * loket_store_mark_checked_finish:
 *
 * Returns: (transfer full) (nullable): what the store holds now
 */
LoketStoreInfo *
loket_store_mark_checked_finish (LoketStore    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == loket_store_mark_checked_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
loket_store_get_info_async (LoketStore          *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LOKET_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_store_get_info_async);
  loket_db_worker_queue (self->worker, task, get_info_job);
}

/**
 * loket_store_get_info_finish:
 *
 * Returns: (transfer full) (nullable): what the store holds
 */
LoketStoreInfo *
loket_store_get_info_finish (LoketStore    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == loket_store_get_info_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * loket_store_search_async:
 * @text: what a citizen typed; it is never passed to FTS5 as syntax
 * @language: the interface's language, for the titles of the results
 * @limit: the most results to return
 *
 * Searches life events, steps and services in every language, by word prefix, ranked by bm25.
 */
void
loket_store_search_async (LoketStore          *self,
                          const char          *text,
                          LoketLanguage        language,
                          guint                limit,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *query = NULL;
  SearchData *data;

  g_return_if_fail (LOKET_IS_STORE (self));
  g_return_if_fail (text != NULL);
  g_return_if_fail (language < LOKET_N_LANGUAGES);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_store_search_async);

  query = loket_search_build_query (text);
  if (query == NULL || limit == 0)
    {
      g_task_return_pointer (task, g_ptr_array_new (), (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  data = g_new0 (SearchData, 1);
  data->query = g_steal_pointer (&query);
  data->language = language;
  data->limit = MIN (limit, 1000);
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);
  loket_db_worker_queue (self->worker, task, search_job);
}

/**
 * loket_store_search_finish:
 *
 * Builds the result objects on the calling (main) thread.
 *
 * Returns: (transfer full) (nullable): a #GListModel of #LoketSearchResult, best first
 */
GListModel *
loket_store_search_finish (LoketStore    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (LOKET_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == loket_store_search_async, NULL);

  rows = g_task_propagate_pointer (G_TASK (result), error);
  if (rows == NULL)
    return NULL;

  items = g_ptr_array_new_full (rows->len, g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    {
      SearchRow *row = rows->pdata[i];

      g_ptr_array_add (items, loket_search_result_new (row->kind, row->location, row->title,
                                                       row->summary));
    }
  store = g_list_store_new (LOKET_TYPE_SEARCH_RESULT);
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (g_steal_pointer (&store));
}
