/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <time.h>

#include "loket-catalog.h"
#include "loket-search.h"
#include "loket-store.h"
#include "loket-sync.h"
#include "loket-test-server.h"

/**
 * The catalog benchmark: a synthetic catalog of 10,000 services in seven languages, served by
 * the loopback back-end, synced into a fresh store; then search as you type. Prints search
 * latency per keystroke (p50/p99), the full sync, the 304 revalidation, and the longest stall of
 * the main loop during the full sync. Figures are printed, not asserted; the CPU time of the
 * process is printed beside the time on the clock, which on a shared machine varies with its load.
 *
 * Every service has a title of 3 words, a summary of 10 and a body of 30, and every step (one per
 * service) a title of 3 words and a body of 15, in each of the seven languages: 4.3 million words,
 * about 49 MB of JSON. The words follow Zipf's law over a vocabulary of 20,000 words per language;
 * the searches type words of middling frequency, one keystroke at a time.
 *
 * For scale, it also times the two parts of a full sync that no store can skip: checking and
 * parsing the document (loket_catalog_new_from_document), and FTS5 alone on its texts: the rows
 * the store indexes, folded the same way, inserted into a bare contentless FTS5 table in memory,
 * in one transaction, with nothing else written.
 */

#define N_SERVICES 10000
#define N_EVENTS 10
#define N_QUERIES 80

static const char * const codes[] = { "nl", "en", "ar", "uk", "tr", "pl", "ti" };

/* Syllables that words of each language are made of: enough of them that, as in real text, a
 * prefix of two or three letters narrows the words down (a dozen syllables would make every
 * four-letter prefix as common as "the"). */
static const char * const syllables[][48] = {
  { "aan", "af", "be", "bij", "blijf", "boek", "dag", "der", "dienst", "door", "er", "gaan",
    "ge", "geld", "gen", "heid", "hou", "huis", "huur", "in", "ing", "jaar", "kind", "ko",
    "la", "lijk", "maak", "me", "meld", "na", "ne", "ning", "of", "om", "pas", "re",
    "recht", "ring", "school", "slag", "stel", "te", "toe", "uit", "ver", "vraag", "werk", "zorg" },
  { "ab", "ac", "al", "an", "ap", "ben", "car", "cer", "che", "cil", "com", "con",
    "coun", "de", "dis", "e", "en", "er", "ex", "fit", "for", "gen", "hou", "in",
    "ing", "ion", "is", "la", "li", "ment", "mit", "ness", "ous", "pass", "per", "ply",
    "port", "pro", "re", "rent", "sing", "sion", "ta", "tax", "ter", "tion", "un", "ver" },
  { "ب", "بد", "ت", "تس", "ج", "جا", "ح", "خد", "د", "ر", "ز", "س",
    "سا", "ش", "ص", "ض", "ط", "ع", "عد", "غ", "ف", "ق", "ك", "ل",
    "م", "مس", "مع", "ن", "ه", "و", "ي", "ال", "إي", "أ", "ة", "ات",
    "ين", "ون", "يح", "صر", "شه", "رخ", "طل", "قا", "كت", "نو", "سك", "عم" },
  { "а", "би", "ва", "ві", "да", "де", "до", "дом", "жи", "за", "зо", "ка",
    "ки", "ко", "ла", "ли", "ль", "ма", "ме", "мо", "на", "не", "ні", "но",
    "ор", "па", "по", "пра", "ра", "ре", "ри", "ро", "са", "сі", "ст", "та",
    "те", "ти", "тло", "ть", "ува", "ус", "ць", "ці", "ча", "ше", "ість", "ення" },
  { "a", "ba", "baş", "be", "bil", "ça", "da", "de", "dım", "e", "el", "er",
    "ev", "ge", "gi", "hir", "i", "il", "in", "ka", "ke", "ki", "la", "lar",
    "le", "ler", "li", "lik", "ma", "me", "mek", "ni", "o", "ol", "ra", "re",
    "ri", "ru", "sa", "se", "şe", "ta", "te", "ti", "u", "vu", "ya", "yar" },
  { "ba", "bez", "by", "cja", "cze", "da", "dek", "do", "dzie", "go", "i", "ja",
    "ka", "ki", "ko", "la", "le", "li", "łek", "ma", "mi", "miesz", "na", "nia",
    "nie", "no", "o", "od", "po", "pra", "prze", "ra", "re", "ro", "sa", "si",
    "sta", "ta", "te", "to", "tek", "u", "wa", "wie", "wy", "za", "żą", "ści" },
  /* Ge'ez writes a syllable per character. */
  { "ሀ", "ለ", "ሐ", "መ", "ሰ", "ረ", "ሸ", "ቀ", "በ", "ተ", "ቸ", "ነ",
    "አ", "ከ", "ወ", "ዘ", "የ", "ደ", "ጀ", "ገ", "ጠ", "ፈ", "ሉ", "ሊ",
    "ላ", "ል", "ሎ", "ም", "ሚ", "ማ", "ር", "ሪ", "ራ", "ስ", "ሲ", "ሳ",
    "ት", "ቲ", "ታ", "ን", "ኒ", "ና", "ክ", "ኪ", "ካ", "ዝ", "ይ", "ሓ" },
};

/* Each language has VOCABULARY_SIZE words of two to four syllables, used by Zipf's law as in real
 * text (the word of rank r in proportion to 1/r): the first few are the "de", "het" and "van" of
 * every sentence, and most words occur a handful of times. */
#define VOCABULARY_SIZE 20000

/* What a citizen types: a word of middling frequency, between these ranks ("huurtoeslag",
 * "passport"), not a word like "the", and not a word that occurs only once. */
#define TYPED_RANK_MIN 50
#define TYPED_RANK_MAX 8000

static GPtrArray *vocabulary[G_N_ELEMENTS (codes)];
static double zipf[VOCABULARY_SIZE]; /* cumulative weights of the ranks */

static char *
make_word (GRand *rand,
           guint  language)
{
  GString *word = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 2, 5);

  for (guint i = 0; i < n; i++)
    {
      guint syllable = g_rand_int_range (rand, 0, G_N_ELEMENTS (syllables[0]));

      g_string_append (word, syllables[language][syllable]);
    }
  return g_string_free (word, FALSE);
}

static void
build_vocabulary (GRand *rand)
{
  double sum = 0;

  for (guint l = 0; l < G_N_ELEMENTS (codes); l++)
    {
      vocabulary[l] = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < VOCABULARY_SIZE; i++)
        g_ptr_array_add (vocabulary[l], make_word (rand, l));
    }
  for (guint r = 0; r < VOCABULARY_SIZE; r++)
    zipf[r] = (sum += 1.0 / (r + 1));
}

/* A word of running text: its rank drawn by Zipf's law. */
static const char *
pick_word (GRand *rand,
           guint  language)
{
  double x;
  guint low = 0, high = VOCABULARY_SIZE - 1;

  x = g_rand_double (rand) * zipf[VOCABULARY_SIZE - 1];
  while (low < high)
    {
      guint mid = (low + high) / 2;

      if (zipf[mid] < x)
        low = mid + 1;
      else
        high = mid;
    }
  return vocabulary[language]->pdata[low];
}

static const char *
pick_typed_word (GRand *rand,
                 guint  language)
{
  return vocabulary[language]->pdata[g_rand_int_range (rand, TYPED_RANK_MIN, TYPED_RANK_MAX)];
}

static void
append_words (GString *out,
              GRand   *rand,
              guint    language,
              guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      const char *word = pick_word (rand, language);

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, word);
    }
}

static void
append_text (GString    *out,
             const char *field,
             GRand      *rand,
             guint       n_words)
{
  g_string_append_printf (out, "\"%s\": {", field);
  for (guint l = 0; l < G_N_ELEMENTS (codes); l++)
    {
      g_string_append_printf (out, "%s\"%s\": \"", l ? ", " : "", codes[l]);
      append_words (out, rand, l, n_words);
      g_string_append_c (out, '"');
    }
  g_string_append (out, "}");
}

static GBytes *
build_catalog (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  GString *out = g_string_new ("{\"version\": 1, \"organisations\": [{\"id\": \"gemeente\", "
                               "\"name\": {\"nl\": \"Gemeente\", \"en\": \"Municipality\"}, "
                               "\"url\": \"https://example.org/\"}], \"services\": [");

  build_vocabulary (rand);
  for (guint i = 0; i < N_SERVICES; i++)
    {
      g_string_append_printf (out, "%s{\"id\": \"s%u\", ", i ? ", " : "", i);
      append_text (out, "title", rand, 3);
      g_string_append (out, ", ");
      append_text (out, "summary", rand, 10);
      g_string_append (out, ", ");
      append_text (out, "body", rand, 30);
      g_string_append (out, ", \"organisation\": \"gemeente\", \"source\": \"https://example.org/s\"}");
    }
  g_string_append (out, "], \"life_events\": [");

  for (guint e = 0; e < N_EVENTS; e++)
    {
      g_string_append_printf (out, "%s{\"id\": \"e%u\", \"order\": %u, \"icon\": \"loket-e-symbolic\", ",
                              e ? ", " : "", e, e);
      append_text (out, "title", rand, 2);
      g_string_append (out, ", ");
      append_text (out, "summary", rand, 8);
      g_string_append (out, ", \"rights\": [], \"obligations\": [], \"steps\": [");
      for (guint s = 0; s < N_SERVICES / N_EVENTS; s++)
        {
          g_string_append_printf (out, "%s{\"id\": \"st%u\", ", s ? ", " : "", s);
          append_text (out, "title", rand, 3);
          g_string_append (out, ", ");
          append_text (out, "body", rand, 15);
          g_string_append_printf (out, ", \"organisation\": \"gemeente\", \"service\": \"s%u\", "
                                  "\"source\": \"https://example.org/st\"}", e * (N_SERVICES / N_EVENTS) + s);
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "]}");
  return g_string_free_to_bytes (out);
}

/* CPU time of the whole process in ms: on a shared machine it varies much less than the time on
 * the clock, so it is printed beside it. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The main-loop watchdog: a 1 ms timeout whose late arrivals measure how long the loop stalled. */
typedef struct
{
  gint64 last;
  gint64 longest;
} Watchdog;

static gboolean
on_tick_cb (gpointer user_data)
{
  Watchdog *watchdog = user_data;
  gint64 now = g_get_monotonic_time ();

  if (watchdog->last != 0)
    watchdog->longest = MAX (watchdog->longest, now - watchdog->last);
  watchdog->last = now;
  return G_SOURCE_CONTINUE;
}

/* The longest stall of the main loop over one second while it has nothing to do: what the load
 * of the machine alone causes, to compare the stall during the sync with. */
static gint64
idle_stall (void)
{
  Watchdog watchdog = { 0 };
  guint tick = g_timeout_add (1, on_tick_cb, &watchdog);
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return watchdog.longest;
}

typedef struct
{
  sqlite3_stmt *insert;
  guint         n_rows;
} Rows;

/* One row per language, as index_item() in loket-store.c writes them: a language none of the
 * three texts is written in has no row. */
static void
insert_row (Rows            *rows,
            const LoketText *title,
            const LoketText *summary,
            const LoketText *body)
{
  for (LoketLanguage language = 0; language < LOKET_N_LANGUAGES; language++)
    {
      const char *title_text = loket_text_get_exact (title, language);
      const char *summary_text = summary ? loket_text_get_exact (summary, language) : NULL;
      const char *body_text = body ? loket_text_get_exact (body, language) : NULL;
      g_autofree char *folded_title = NULL;
      g_autofree char *folded_summary = NULL;
      g_autofree char *folded_body = NULL;

      if (title_text == NULL && summary_text == NULL && body_text == NULL)
        continue;

      folded_title = loket_search_normalize (title_text ? title_text : "");
      folded_summary = loket_search_normalize (summary_text ? summary_text : "");
      folded_body = loket_search_normalize (body_text ? body_text : "");
      sqlite3_reset (rows->insert);
      sqlite3_bind_text (rows->insert, 1, folded_title, -1, SQLITE_STATIC);
      sqlite3_bind_text (rows->insert, 2, folded_summary, -1, SQLITE_STATIC);
      sqlite3_bind_text (rows->insert, 3, folded_body, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (rows->insert), ==, SQLITE_DONE);
      rows->n_rows++;
    }
}

/* FTS5 alone (see the top of this file): the table of SEARCH_TABLE_SQL with @options for its
 * prefix indexes, and the bulk hash size of SEARCH_BULK_HASH_SIZE, both in loket-store.c.
 * Returns the time in ms. */
static double
index_alone (LoketCatalog *catalog,
             const char   *options,
             guint        *n_rows)
{
  g_autofree char *create = g_strdup_printf (
    "CREATE VIRTUAL TABLE search USING fts5 (title, summary, body, content = '', "
    "tokenize = 'ascii', %s detail = column);"
    "INSERT INTO search (search, rank) VALUES ('hashsize', 67108864);"
    "INSERT INTO search (search, rank) VALUES ('automerge', 0);", options);
  g_autoptr(GHashTable) services = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *events = loket_catalog_get_life_events (catalog);
  Rows rows = { NULL, 0 };
  sqlite3 *db = NULL;
  gint64 start;
  double ms;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, create, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO search (title, summary, body) "
                                           "VALUES (?1, ?2, ?3)", -1, &rows.insert, NULL),
                   ==, SQLITE_OK);

  start = g_get_monotonic_time ();
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(LoketLifeEvent) event = g_list_model_get_item (events, i);
      GListModel *steps = loket_life_event_get_steps (event);

      insert_row (&rows, loket_life_event_get_title (event),
                  loket_life_event_get_summary (event), NULL);
      for (guint j = 0; j < g_list_model_get_n_items (steps); j++)
        {
          g_autoptr(LoketStep) step = g_list_model_get_item (steps, j);
          LoketService *service = loket_step_get_service (step);

          insert_row (&rows, loket_step_get_title (step), NULL, loket_step_get_body (step));
          if (service == NULL
              || !g_hash_table_add (services, (gpointer) loket_service_get_id (service)))
            continue;
          insert_row (&rows, loket_service_get_title (service),
                      loket_service_get_summary (service), loket_service_get_body (service));
        }
    }
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  ms = (g_get_monotonic_time () - start) / 1000.0;

  sqlite3_finalize (rows.insert);
  sqlite3_close (db);
  *n_rows = rows.n_rows;
  return ms;
}

static double
sync_once (LoketStore      *store,
           const char      *url,
           Watchdog        *watchdog,
           LoketSyncOutcome expected,
           double          *cpu)
{
  g_autoptr(LoketSync) sync = loket_sync_new (store, url, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LoketSyncResult) sync_result = NULL;
  g_autoptr(GError) error = NULL;
  guint tick = 0;
  gint64 start;
  double cpu_start;

  loket_sync_set_limits (sync, 10, 60000, 256 << 20);
  if (watchdog != NULL)
    tick = g_timeout_add (1, on_tick_cb, watchdog);

  start = g_get_monotonic_time ();
  cpu_start = cpu_ms ();
  loket_sync_run_async (sync, NULL, loket_test_ready_cb, &result);
  sync_result = loket_sync_run_finish (sync, loket_test_wait (&result), &error);
  if (sync_result == NULL)
    g_error ("Sync failed: %s", error->message);
  g_assert (sync_result->outcome == expected);

  *cpu = cpu_ms () - cpu_start;
  if (tick != 0)
    g_source_remove (tick);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = g_dir_make_tmp ("loket-bench-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(LoketTestServer) server = NULL;
  g_autoptr(LoketStore) store = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  Watchdog watchdog = { 0 };
  g_autoptr(GArray) cpu_latencies = g_array_new (FALSE, FALSE, sizeof (double));
  double full, revalidate, full_cpu, revalidate_cpu, alone, alone_prefix;
  g_autoptr(LoketCatalog) catalog = NULL;
  guint n_rows;
  gint64 parse;
  guint n_hits = 0;
  gint64 idle;
  LoketStore *closed = NULL;

  g_assert_no_error (error);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  document = build_catalog ();
  server = loket_test_server_new ();
  loket_test_server_set_catalog (server, document, "\"bench-1\"");

  path = g_build_filename (directory, "catalog.db", NULL);
  store = loket_store_new (path);
  loket_store_open_async (store, NULL, loket_test_ready_cb, &result);
  if (!loket_store_open_finish (store, loket_test_wait (&result), &error))
    g_error ("%s", error->message);
  g_clear_object (&result);

  idle = idle_stall ();
  full = sync_once (store, loket_test_server_get_url (server), &watchdog, LOKET_SYNC_UPDATED,
                    &full_cpu);
  revalidate = sync_once (store, loket_test_server_get_url (server), NULL, LOKET_SYNC_UNCHANGED,
                          &revalidate_cpu);

  /* Typing words of every language, one keystroke at a time. */
  for (guint q = 0; q < N_QUERIES; q++)
    {
      guint language = q % G_N_ELEMENTS (codes);
      const char *word = pick_typed_word (rand, language);
      glong n_chars = g_utf8_strlen (word, -1);

      for (glong k = 1; k <= n_chars; k++)
        {
          g_autofree char *prefix = g_utf8_substring (word, 0, k);
          g_autoptr(GListModel) hits = NULL;
          gint64 start = g_get_monotonic_time ();
          double cpu_start = cpu_ms ();
          double ms, cpu;

          loket_store_search_async (store, prefix, language, 30, NULL, loket_test_ready_cb, &result);
          hits = loket_store_search_finish (store, loket_test_wait (&result), &error);
          g_assert_no_error (error);
          ms = (g_get_monotonic_time () - start) / 1000.0;
          cpu = cpu_ms () - cpu_start;
          g_array_append_val (latencies, ms);
          g_array_append_val (cpu_latencies, cpu);
          n_hits += g_list_model_get_n_items (hits) > 0;
          g_clear_object (&result);
        }
    }
  g_array_sort (latencies, compare_doubles);
  g_array_sort (cpu_latencies, compare_doubles);

  parse = g_get_monotonic_time ();
  catalog = loket_catalog_new_from_document ("bench", document, &error);
  parse = g_get_monotonic_time () - parse;
  g_assert_no_error (error);
  /* After the searches, whose figures it would disturb (its tables take hundreds of MB). Each
   * twice, alternated, the better of each: the first run in a process pays for growing the heap. */
  alone = index_alone (catalog, "", &n_rows);
  alone_prefix = index_alone (catalog, "prefix = '1 2 3',", &n_rows);
  alone = MIN (alone, index_alone (catalog, "", &n_rows));
  alone_prefix = MIN (alone_prefix, index_alone (catalog, "prefix = '1 2 3',", &n_rows));

  g_print ("catalog: %u services, %u life events, %u steps, 7 languages, %.1f MB of JSON\n",
           N_SERVICES, N_EVENTS, N_SERVICES, g_bytes_get_size (document) / 1e6);
  g_print ("search per keystroke: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%u keystrokes, %u with hits)\n",
           g_array_index (latencies, double, latencies->len / 2),
           g_array_index (latencies, double, (latencies->len * 99) / 100),
           g_array_index (latencies, double, latencies->len - 1), latencies->len, n_hits);
  g_print ("  CPU time: p50 %.2f ms, p99 %.2f ms\n",
           g_array_index (cpu_latencies, double, cpu_latencies->len / 2),
           g_array_index (cpu_latencies, double, (cpu_latencies->len * 99) / 100));
  g_print ("full sync: %.0f ms (CPU time %.0f ms)\n", full, full_cpu);
  g_print ("  the least json-glib and FTS5 need for it: checking and parsing the document "
           "%.0f ms; FTS5 alone on its texts (%u rows, in memory, nothing else written) %.0f ms "
           "with the store's prefix indexes, %.0f ms with none\n",
           parse / 1000.0, n_rows, alone_prefix, alone);
  g_print ("304 revalidation: %.1f ms (CPU time %.1f ms)\n", revalidate, revalidate_cpu);
  g_print ("longest main-loop stall during the full sync: %.1f ms (idle, for comparison: %.1f ms)\n",
           watchdog.longest / 1000.0, idle / 1000.0);

  /* The worker hands its last reference to a task back to this thread a moment after the task's
   * callback: the store (and its connection, and its WAL) goes away only then. */
  closed = store;
  g_object_add_weak_pointer (G_OBJECT (closed), (gpointer *) &closed);
  g_clear_object (&store);
  while (closed != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_unlink (path);
  g_rmdir (directory);
  for (guint l = 0; l < G_N_ELEMENTS (codes); l++)
    g_ptr_array_unref (vocabulary[l]);
  return 0;
}
