/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test-store"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "loket-catalog.h"
#include "loket-error.h"
#include "loket-search.h"
#include "loket-store.h"
#include "loket-test-server.h"
#include "loket-test-utils.h"

/* Schema 1 exactly as it shipped, to test the migration from it. */
static const char schema_v1[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE documents (name TEXT PRIMARY KEY, body BLOB NOT NULL);"
  "CREATE TABLE items (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, item_id TEXT NOT NULL,"
  "                    location TEXT NOT NULL, position INTEGER NOT NULL);"
  "CREATE TABLE texts (item INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,"
  "                    language TEXT NOT NULL, title TEXT NOT NULL, summary TEXT,"
  "                    PRIMARY KEY (item, language)) WITHOUT ROWID;"
  "CREATE VIRTUAL TABLE search USING fts5 (item UNINDEXED, title, summary, body, "
  "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
  "PRAGMA user_version = 1;";

static LoketStore *
open_store (const char *path)
{
  g_autoptr(LoketStore) store = loket_store_new (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  loket_store_open_async (store, NULL, loket_test_ready_cb, &result);
  g_assert_true (loket_store_open_finish (store, loket_test_wait (&result), &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

/* Drops the last reference and waits until the worker has closed the database. */
static void
close_store (LoketStore **store)
{
  gpointer weak = *store;

  g_object_add_weak_pointer (weak, &weak);
  g_clear_object (store);
  while (weak != NULL)
    g_main_context_iteration (NULL, TRUE);
}

static LoketStoreInfo *
get_info (LoketStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LoketStoreInfo *info;

  loket_store_get_info_async (store, NULL, loket_test_ready_cb, &result);
  info = loket_store_get_info_finish (store, loket_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

static LoketCatalog *
load_catalog (LoketStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LoketCatalog *catalog;

  loket_store_load_catalog_async (store, NULL, loket_test_ready_cb, &result);
  catalog = loket_store_load_catalog_finish (store, loket_test_wait (&result), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

static LoketCatalog *
replace (LoketStore  *store,
         GBytes      *document,
         const char  *etag,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  loket_store_replace_catalog_async (store, "catalog.json", document, etag, NULL,
                                     loket_test_ready_cb, &result);
  return loket_store_replace_catalog_finish (store, loket_test_wait (&result), NULL, error);
}

static GListModel *
search (LoketStore    *store,
        const char    *text,
        LoketLanguage  language)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model;

  loket_store_search_async (store, text, language, 20, NULL, loket_test_ready_cb, &result);
  model = loket_store_search_finish (store, loket_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

/* Whether a result opens @location; if @title is given, its title must match that pattern. */
static gboolean
finds (LoketStore    *store,
       const char    *text,
       LoketLanguage  language,
       const char    *location,
       const char    *title)
{
  g_autoptr(GListModel) model = search (store, text, language);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketSearchResult) hit = g_list_model_get_item (model, i);

      if (g_str_equal (loket_search_result_get_location (hit), location))
        {
          if (title != NULL && !g_pattern_match_simple (title, loket_search_result_get_title (hit)))
            g_error ("\"%s\": title \"%s\" does not match \"%s\"", text,
                     loket_search_result_get_title (hit), title);
          return TRUE;
        }
    }
  return FALSE;
}

static char *
db_query (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
assert_bundled (LoketStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCatalog) bundled = loket_catalog_new_from_resource (RESOURCE_BASE "/catalog/", &error);
  g_autoptr(LoketStoreInfo) info = get_info (store);
  g_autoptr(LoketCatalog) stored = load_catalog (store);

  g_assert_no_error (error);
  g_assert_true (info->bundled);
  g_assert_null (info->etag);
  g_assert_cmpuint (info->n_life_events, ==, g_list_model_get_n_items (loket_catalog_get_life_events (bundled)));
  g_assert_cmpuint (info->n_services, ==, loket_catalog_get_n_services (bundled));
  g_assert_cmpuint (g_list_model_get_n_items (loket_catalog_get_life_events (stored)), ==,
                    info->n_life_events);
}

static void
test_seed (void)
{
  g_autofree char *path = loket_store_dup_default_path ();
  g_autoptr(LoketStore) store = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *version = NULL;

  /* The default path follows XDG_DATA_HOME (isolated per test). */
  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  store = open_store (NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  assert_bundled (store);

  journal = db_query (path, "PRAGMA journal_mode");
  version = db_query (path, "PRAGMA user_version");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (atoi (version), ==, LOKET_STORE_SCHEMA_VERSION);

  /* Opening again does not seed again. */
  close_store (&store);
  store = open_store (NULL);
  assert_bundled (store);
}

static void
test_migration (void)
{
  g_autofree char *path = loket_store_dup_default_path ();
  g_autofree char *directory = g_path_get_dirname (path);
  g_autoptr(GBytes) document = loket_test_load_data ("catalog-search.json");
  g_autoptr(LoketStore) store = NULL;
  g_autoptr(LoketStoreInfo) info = NULL;
  g_autoptr(LoketCatalog) catalog = NULL;
  g_autoptr(GListModel) hits = NULL;
  g_autofree char *version = NULL;
  g_autofree char *rules = NULL;
  g_autofree char *updated = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* A store written by a build that knew schema 1, holding a synced catalog. */
  g_assert_cmpint (g_mkdir_with_parents (directory, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, schema_v1, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO meta VALUES ('etag', '\"v1\"'), "
                                     "('updated', '2024-05-01T10:00:00Z'), ('source', 'backend'), "
                                     "('life_events', '2'), ('services', '3')", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO documents VALUES ('catalog.json', ?)", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, g_bytes_get_data (document, NULL), g_bytes_get_size (document),
                     SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  store = open_store (NULL);
  info = get_info (store);
  catalog = load_catalog (store);
  g_assert_cmpstr (info->etag, ==, "\"v1\"");
  g_assert_false (info->bundled);
  g_assert_nonnull (loket_catalog_lookup_life_event (catalog, "business"));
  /* The migration rebuilt the search index from the stored document. */
  hits = search (store, "huurtoe", LOKET_LANGUAGE_NL);
  g_assert_cmpuint (g_list_model_get_n_items (hits), >, 0);
  close_store (&store);

  version = db_query (path, "PRAGMA user_version");
  rules = db_query (path, "SELECT name FROM sqlite_master WHERE name = 'rules'");
  updated = db_query (path, "SELECT value FROM meta WHERE key = 'updated'");
  g_assert_cmpint (atoi (version), ==, LOKET_STORE_SCHEMA_VERSION);
  g_assert_cmpstr (rules, ==, "rules");
  g_assert_cmpstr (updated, ==, "2024-05-01T10:00:00Z");
}

static guint
count_aside (const char *path)
{
  g_autofree char *directory = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, ".corrupt-", NULL);
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix) && !g_str_has_suffix (name, "-wal")
        && !g_str_has_suffix (name, "-shm"))
      n++;
  return n;
}

static void
test_corruption (void)
{
  g_autofree char *path = loket_store_dup_default_path ();
  g_autoptr(GBytes) document = loket_test_load_data ("catalog-search.json");
  g_autoptr(LoketStore) store = open_store (NULL);
  g_autoptr(LoketCatalog) catalog = replace (store, document, "\"x\"", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) hits = NULL;
  char garbage[8192];

  g_assert_nonnull (catalog);
  close_store (&store);

  /* Garbage over the whole file: not a database any more. */
  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) (i * 31 + 7);
  g_file_set_contents (path, garbage, sizeof garbage, &error);
  g_assert_no_error (error);

  g_test_expect_message ("loket-store", G_LOG_LEVEL_WARNING, "*moved it aside*");
  store = open_store (NULL);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (count_aside (path), ==, 1);
  assert_bundled (store);

  /* And it works: a catalog can be stored and searched again. */
  g_clear_object (&catalog);
  catalog = replace (store, document, "\"y\"", &error);
  g_assert_no_error (error);
  hits = search (store, "huurtoe", LOKET_LANGUAGE_NL);
  g_assert_cmpuint (g_list_model_get_n_items (hits), >, 0);

  /* A store from a future version is moved aside too rather than misread. */
  close_store (&store);
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_test_expect_message ("loket-store", G_LOG_LEVEL_WARNING, "*moved it aside*");
  store = open_store (NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (count_aside (path), ==, 2);
  assert_bundled (store);
}

static void
test_replace (void)
{
  g_autoptr(GBytes) document = loket_test_load_data ("catalog-search.json");
  g_autoptr(GBytes) bad = g_bytes_new_static ("{\"version\": 1, \"life_events\": []}", 33);
  g_autoptr(LoketStore) store = open_store (NULL);
  g_autoptr(LoketCatalog) catalog = NULL;
  g_autoptr(LoketStoreInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  catalog = replace (store, document, "\"t1\"", &error);
  g_assert_no_error (error);
  info = get_info (store);
  g_assert_cmpstr (info->etag, ==, "\"t1\"");
  g_assert_cmpuint (info->n_life_events, ==, 2);
  g_assert_cmpuint (info->n_services, ==, 3);
  g_assert_false (info->bundled);

  /* A document that fails validation changes nothing. */
  g_clear_object (&catalog);
  g_clear_pointer (&info, loket_store_info_free);
  catalog = replace (store, bad, "\"t2\"", &error);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA);
  g_assert_null (catalog);
  info = get_info (store);
  g_assert_cmpstr (info->etag, ==, "\"t1\"");
  g_assert_cmpuint (info->n_services, ==, 3);
}

static void
test_build_query (void)
{
  const struct { const char *input; const char *query; } cases[] = {
    { "huurtoeslag", "\"huurtoeslag\"*" },
    { "  Huur  toeslag! ", "\"Huur\"* \"toeslag\"*" },
    { "café", "\"cafe\"*" },
    { "\"huur\" OR x*", "\"huur\"* \"OR\"* \"x\"*" },
    { "title:paspoort NEAR(a b)", "\"title\"* \"paspoort\"* \"NEAR\"* \"a\"* \"b\"*" },
    { "\"*-()^:", NULL },
    { "", NULL },
    { "zasiłek", "\"zasilek\"*" },
    { "الإيجار", "\"الايجار\"*" },
    { "ሰላም፡ዓለም", "\"ሰላም\"* \"ዓለም\"*" },
    /* Letters other than ASCII in lower case; any punctuation splits words. */
    { "«Huurtoeslag»—ПЕРЕЇЗД", "\"Huurtoeslag\"* \"переізд\"*" },
    { "KİRA، ılık", "\"KIRA\"* \"ilik\"*" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = loket_search_build_query (cases[i].input);

      g_assert_cmpstr (query, ==, cases[i].query);
    }
}

static void
test_search (void)
{
  g_autoptr(GBytes) document = loket_test_load_data ("catalog-search.json");
  g_autoptr(LoketStore) store = open_store (NULL);
  g_autoptr(LoketCatalog) catalog = replace (store, document, "\"s\"", NULL);
  const char *rent = "step:moving/rent";
  g_autoptr(GListModel) hits = NULL;

  g_assert_nonnull (catalog);

  /* Prefix: two keystrokes are enough; the best hit opens the step with the service, once. */
  g_assert_true (finds (store, "hu", LOKET_LANGUAGE_NL, rent, NULL));
  hits = search (store, "huurtoesl", LOKET_LANGUAGE_NL);
  g_assert_cmpuint (g_list_model_get_n_items (hits), ==, 1);
  {
    g_autoptr(LoketSearchResult) first = g_list_model_get_item (hits, 0);

    g_assert_cmpuint (loket_search_result_get_kind (first), !=, LOKET_SEARCH_KIND_LIFE_EVENT);
    g_assert_true (g_str_has_prefix (loket_search_result_get_title (first), "Huurtoeslag"));
    g_assert_cmpstr (loket_search_result_get_location (first), ==, rent);
  }

  /* Cross-language: Dutch typed, English interface, English title. */
  g_assert_true (finds (store, "huurtoeslag", LOKET_LANGUAGE_EN, rent, "*ent benefit"));
  g_assert_true (finds (store, "rent", LOKET_LANGUAGE_NL, rent, "Huurtoeslag*"));
  /* A language without a text falls back to English for the title. */
  g_assert_true (finds (store, "terras", LOKET_LANGUAGE_UK, "step:business/terrace", "Apply for a terrace"));

  /* Diacritics, both ways, and case. */
  g_assert_true (finds (store, "cafe", LOKET_LANGUAGE_NL, "step:business/terrace", NULL));
  g_assert_true (finds (store, "CAFÉ", LOKET_LANGUAGE_NL, "step:business/terrace", NULL));
  g_assert_true (finds (store, "zasilek", LOKET_LANGUAGE_PL, rent, "Dodatek mieszkaniowy"));
  g_assert_true (finds (store, "mieszkan", LOKET_LANGUAGE_PL, rent, "Dodatek mieszkaniowy"));

  /* Arabic: with or without hamza on the alif, without the vowel marks of the text. */
  g_assert_true (finds (store, "الإيجار", LOKET_LANGUAGE_AR, rent, "بدل الإيجار"));
  g_assert_true (finds (store, "الايجار", LOKET_LANGUAGE_AR, rent, NULL));
  g_assert_true (finds (store, "مال", LOKET_LANGUAGE_AR, rent, NULL));
  g_assert_true (finds (store, "الانتق", LOKET_LANGUAGE_AR, "life-event:moving", "الانتقال إلى منزل جديد"));

  /* Ukrainian: Cyrillic prefixes, any case. */
  g_assert_true (finds (store, "оренд", LOKET_LANGUAGE_UK, rent, "Допомога на оренду житла"));
  g_assert_true (finds (store, "ПЕРЕЇЗ", LOKET_LANGUAGE_UK, "life-event:moving", "Переїзд"));
  g_assert_true (finds (store, "повідом", LOKET_LANGUAGE_UK, "step:moving/report", NULL));

  /* Ge'ez (Tigrinya): whole syllables, prefixes, and the Ethiopic word space. */
  g_assert_true (finds (store, "ኪራይ", LOKET_LANGUAGE_TI, rent, "ናይ ኪራይ ሓገዝ"));
  g_assert_true (finds (store, "ኪራ", LOKET_LANGUAGE_TI, rent, NULL));
  g_assert_true (finds (store, "ምቕያር፡ገዛ", LOKET_LANGUAGE_TI, "life-event:moving", NULL));

  /* Punctuation of any script around or between words. */
  g_assert_true (finds (store, "«huurtoeslag»", LOKET_LANGUAGE_NL, rent, NULL));
  g_assert_true (finds (store, "ОРЕНДУ—житла", LOKET_LANGUAGE_UK, rent, NULL));

  /* Words must all match; FTS syntax typed by someone is only text. */
  g_assert_false (finds (store, "huurtoeslag paspoort", LOKET_LANGUAGE_NL, rent, NULL));
  g_clear_object (&hits);
  hits = search (store, "\" OR * NEAR( -x title:", LOKET_LANGUAGE_NL);
  g_clear_object (&hits);
  hits = search (store, "\"\"\"", LOKET_LANGUAGE_NL);
  g_assert_cmpuint (g_list_model_get_n_items (hits), ==, 0);

  /* A service no step leads to has no page, so it is not found. */
  g_clear_object (&hits);
  hits = search (store, "zeldzaam", LOKET_LANGUAGE_NL);
  g_assert_cmpuint (g_list_model_get_n_items (hits), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  loket_test_init (&argc, &argv);

  g_test_add_func ("/loket/store/seed", test_seed);
  g_test_add_func ("/loket/store/migration", test_migration);
  g_test_add_func ("/loket/store/corruption", test_corruption);
  g_test_add_func ("/loket/store/replace", test_replace);
  g_test_add_func ("/loket/store/build-query", test_build_query);
  g_test_add_func ("/loket/store/search", test_search);

  return g_test_run ();
}
