/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "loket-store.h"
#include "loket-sync.h"
#include "loket-test-server.h"

/**
 * The catalog benchmark: a synthetic catalog of 10,000 services in seven languages, served by
 * the loopback back-end, synced into a fresh store; then search as you type. Prints search
 * latency per keystroke (p50/p99), the full sync, the 304 revalidation, and the longest stall of
 * the main loop during the full sync. Figures are printed, not asserted.
 */

#define N_SERVICES 10000
#define N_EVENTS 10
#define N_QUERIES 60

static const char * const codes[] = { "nl", "en", "ar", "uk", "tr", "pl", "ti" };

static const char * const syllables[][12] = {
  { "huur", "toe", "slag", "ver", "gun", "ning", "aan", "vraag", "ge", "meen", "te", "zorg" },
  { "rent", "ben", "e", "fit", "ap", "ply", "per", "mit", "coun", "cil", "care", "tax" },
  { "بد", "ل", "إي", "جا", "ر", "مسا", "عد", "ة", "ت", "صر", "يح", "بل" },
  { "до", "по", "мо", "га", "ор", "ен", "да", "жи", "тло", "ві", "дом", "ість" },
  { "ki", "ra", "yar", "dım", "baş", "vu", "ru", "şe", "hir", "ğe", "çe", "iz" },
  { "za", "si", "łek", "do", "da", "tek", "miesz", "ka", "nio", "wy", "żą", "danie" },
  { "ና", "ይ", "ኪ", "ራ", "ሓ", "ገ", "ዝ", "ም", "ዝ", "ገ", "ባ", "ሰ" },
};

static GPtrArray *vocabulary[G_N_ELEMENTS (codes)];

static char *
make_word (GRand *rand,
           guint  language)
{
  GString *word = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 2, 5);

  for (guint i = 0; i < n; i++)
    g_string_append (word, syllables[language][g_rand_int_range (rand, 0, 12)]);
  return g_string_free (word, FALSE);
}

static void
append_words (GString *out,
              GRand   *rand,
              guint    language,
              guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      const char *word = vocabulary[language]->pdata[g_rand_int_range (rand, 0, vocabulary[language]->len)];

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

  for (guint l = 0; l < G_N_ELEMENTS (codes); l++)
    {
      vocabulary[l] = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < 3000; i++)
        g_ptr_array_add (vocabulary[l], make_word (rand, l));
    }

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

static double
sync_once (LoketStore      *store,
           const char      *url,
           Watchdog        *watchdog,
           LoketSyncOutcome expected)
{
  g_autoptr(LoketSync) sync = loket_sync_new (store, url, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LoketSyncResult) sync_result = NULL;
  g_autoptr(GError) error = NULL;
  guint tick = 0;
  gint64 start;

  loket_sync_set_limits (sync, 10, 60000, 256 << 20);
  if (watchdog != NULL)
    tick = g_timeout_add (1, on_tick_cb, watchdog);

  start = g_get_monotonic_time ();
  loket_sync_run_async (sync, NULL, loket_test_ready_cb, &result);
  sync_result = loket_sync_run_finish (sync, loket_test_wait (&result), &error);
  if (sync_result == NULL)
    g_error ("Sync failed: %s", error->message);
  g_assert (sync_result->outcome == expected);

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
  double full, revalidate;
  guint n_hits = 0;

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

  full = sync_once (store, loket_test_server_get_url (server), &watchdog, LOKET_SYNC_UPDATED);
  revalidate = sync_once (store, loket_test_server_get_url (server), NULL, LOKET_SYNC_UNCHANGED);

  /* Typing words of every language, one keystroke at a time. */
  for (guint q = 0; q < N_QUERIES; q++)
    {
      guint language = q % G_N_ELEMENTS (codes);
      const char *word = vocabulary[language]->pdata[g_rand_int_range (rand, 0, vocabulary[language]->len)];
      glong n_chars = g_utf8_strlen (word, -1);

      for (glong k = 1; k <= n_chars; k++)
        {
          g_autofree char *prefix = g_utf8_substring (word, 0, k);
          g_autoptr(GListModel) hits = NULL;
          gint64 start = g_get_monotonic_time ();
          double ms;

          loket_store_search_async (store, prefix, language, 30, NULL, loket_test_ready_cb, &result);
          hits = loket_store_search_finish (store, loket_test_wait (&result), &error);
          g_assert_no_error (error);
          ms = (g_get_monotonic_time () - start) / 1000.0;
          g_array_append_val (latencies, ms);
          n_hits += g_list_model_get_n_items (hits) > 0;
          g_clear_object (&result);
        }
    }
  g_array_sort (latencies, compare_doubles);

  g_print ("catalog: %u services, %u life events, %u steps, 7 languages, %.1f MB of JSON\n",
           N_SERVICES, N_EVENTS, N_SERVICES, g_bytes_get_size (document) / 1e6);
  g_print ("search per keystroke: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%u keystrokes, %u with hits)\n",
           g_array_index (latencies, double, latencies->len / 2),
           g_array_index (latencies, double, (latencies->len * 99) / 100),
           g_array_index (latencies, double, latencies->len - 1), latencies->len, n_hits);
  g_print ("full sync: %.0f ms\n", full);
  g_print ("304 revalidation: %.1f ms\n", revalidate);
  g_print ("longest main-loop stall during the full sync: %.1f ms\n", watchdog.longest / 1000.0);

  g_clear_object (&store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unlink (path);
  g_rmdir (directory);
  for (guint l = 0; l < G_N_ELEMENTS (codes); l++)
    g_ptr_array_unref (vocabulary[l]);
  return 0;
}
