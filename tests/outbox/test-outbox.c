/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * The sealed outbox against the real reference intake on loopback: delivered within a second
 * online; queued and kept while the intake is unreachable or failing; delivered when it is back,
 * also by a new process after a restart; the row deleted after delivery; the database never holds
 * the submission in the clear; backoff with full jitter.
 */
#define _GNU_SOURCE
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "outbox-test-common.h"

#define CANARY "CANARY-Spui-70-2511BT"

typedef struct
{
  LoketOutbox *outbox;
  char        *key;
  GError      *error;
  gboolean     done;
  GPtrArray   *delivered; /* of (owned) char*: keys */
  GPtrArray   *cases;     /* of (owned) char*: identificatie */
  guint        rejected;
} Fixture;

static gboolean
is_done (gpointer data)
{
  return ((Fixture *) data)->done;
}

static gboolean
is_empty (gpointer data)
{
  return loket_outbox_get_n_pending (((Fixture *) data)->outbox) == 0;
}

static void
on_delivered_cb (LoketOutbox *outbox,
                 const char  *key,
                 const char  *identificatie,
                 Fixture     *fixture)
{
  g_ptr_array_add (fixture->delivered, g_strdup (key));
  g_ptr_array_add (fixture->cases, g_strdup (identificatie));
}

static void
on_rejected_cb (LoketOutbox *outbox,
                const char  *key,
                Fixture     *fixture)
{
  fixture->rejected++;
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *fixture = user_data;

  if (g_task_get_source_tag (G_TASK (result)) == loket_outbox_open_async)
    loket_outbox_open_finish (LOKET_OUTBOX (source), result, &fixture->error);
  else if (g_task_get_source_tag (G_TASK (result)) == loket_outbox_flush_async)
    loket_outbox_flush_finish (LOKET_OUTBOX (source), result, &fixture->error);
  else
    fixture->key = loket_outbox_enqueue_finish (LOKET_OUTBOX (source), result, &fixture->error);
  fixture->done = TRUE;
}

static void
fixture_open (Fixture    *fixture,
              const char *path)
{
  fixture->outbox = loket_outbox_new (path);
  fixture->delivered = g_ptr_array_new_with_free_func (g_free);
  fixture->cases = g_ptr_array_new_with_free_func (g_free);
  loket_outbox_set_backoff (fixture->outbox, 50, 400);
  loket_outbox_set_seed (fixture->outbox, 7);
  g_signal_connect (fixture->outbox, "delivered", G_CALLBACK (on_delivered_cb), fixture);
  g_signal_connect (fixture->outbox, "rejected", G_CALLBACK (on_rejected_cb), fixture);
  fixture->done = FALSE;
  loket_outbox_open_async (fixture->outbox, NULL, on_done_cb, fixture);
  g_assert_true (wait_until (is_done, fixture, 5000));
  g_assert_no_error (fixture->error);
}

static void
fixture_flush (Fixture *fixture)
{
  fixture->done = FALSE;
  loket_outbox_flush_async (fixture->outbox, NULL, on_done_cb, fixture);
  g_assert_true (wait_until (is_done, fixture, 5000));
  g_assert_no_error (fixture->error);
}

static void
fixture_close (Fixture *fixture)
{
  fixture_flush (fixture);
  g_clear_object (&fixture->outbox);
  g_clear_pointer (&fixture->key, g_free);
  g_clear_pointer (&fixture->delivered, g_ptr_array_unref);
  g_clear_pointer (&fixture->cases, g_ptr_array_unref);
  /* Let the worker's last references go on this thread. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static char *
enqueue (Fixture      *fixture,
         IntakeConfig *config)
{
  static const char *json = "{\"service\": \"verhuizing-doorgeven\", \"life_event\": \"moving\", "
                            "\"bsn\": \"999993653\", \"fields\": {\"new_street\": \"" CANARY "\"}, "
                            "\"submitted_at\": \"2026-03-01T10:00:00Z\", \"language\": \"nl\"}";
  g_autoptr(GBytes) submission = g_bytes_new_static (json, strlen (json));

  g_clear_pointer (&fixture->key, g_free);
  fixture->done = FALSE;
  loket_outbox_enqueue_async (fixture->outbox, config->endpoint, config->public_key, submission, NULL,
                              on_done_cb, fixture);
  g_assert_true (wait_until (is_done, fixture, 5000));
  g_assert_no_error (fixture->error);
  g_assert_nonnull (fixture->key);
  g_assert_true (g_uuid_string_is_valid (fixture->key));
  return g_strdup (fixture->key);
}

static char *
temp_db (void)
{
  g_autofree char *dir = g_dir_make_tmp ("loket-outbox-XXXXXX", NULL);

  return g_build_filename (dir, "outbox.db", NULL);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, NULL))
    return FALSE;
  return memmem (data, length, needle, strlen (needle)) != NULL;
}

static void
test_online (void)
{
  LbServer *server = lb_startv (NULL);
  IntakeConfig config = { 0 };
  g_autofree char *path = temp_db ();
  g_autofree char *key = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  Fixture fixture = { 0 };
  gint64 start;
  IntakeStats stats;

  intake_config_load (server, &config);
  fixture_open (&fixture, path);
  loket_outbox_start (fixture.outbox);

  start = g_get_monotonic_time ();
  key = enqueue (&fixture, &config);
  g_assert_true (wait_until (is_empty, &fixture, 1000));
  g_test_message ("delivered %.1f ms after the enqueue call",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_cmpuint (fixture.delivered->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture.delivered, 0), ==, key);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture.cases, 0), "LOKET-"));

  stats = intake_stats (server);
  g_assert_cmpint (stats.unique, ==, 1);
  g_assert_cmpint (stats.duplicates, ==, 0);

  /* The delivered row is gone, and nothing of the submission is left in the files. */
  fixture_flush (&fixture);
  g_assert_cmpint (count_rows (path, NULL), ==, 0);
  g_assert_false (file_contains (path, CANARY));
  g_assert_false (file_contains (wal, CANARY));
  g_assert_false (file_contains (path, key));
  g_assert_false (file_contains (wal, key));

  fixture_close (&fixture);
  intake_config_clear (&config);
  lb_stop (server);
}

/* Offline: the submission is committed (sealed, never in the clear), kept through failures, and
 * sent with the same key when the intake answers again. */
static void
test_offline_then_back (void)
{
  LbServer *server = lb_startv (NULL);
  IntakeConfig config = { 0 };
  g_autofree char *path = temp_db ();
  g_autofree char *key = NULL;
  g_autoptr(LbResponse) fault = NULL;
  g_autoptr(LbResponse) clear = NULL;
  Fixture fixture = { 0 };
  IntakeStats stats;

  intake_config_load (server, &config);
  fault = lb_post_json (server, "/_control/faults", NULL, "{\"spec\": \"intake:status:503\"}");
  g_assert_cmpuint (fault->status, ==, 200);

  fixture_open (&fixture, path);
  loket_outbox_start (fixture.outbox);
  key = enqueue (&fixture, &config);

  /* Several attempts fail; the submission stays, sealed. */
  wait_until (is_empty, &fixture, 800);
  g_assert_cmpuint (loket_outbox_get_n_pending (fixture.outbox), ==, 1);
  g_assert_true (loket_outbox_is_pending (fixture.outbox, key));
  g_assert_cmpint (count_rows (path, NULL), ==, 1);
  g_assert_false (file_contains (path, CANARY));
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);

    g_assert_true (file_contains (wal, key) || file_contains (path, key));
    g_assert_false (file_contains (wal, CANARY));
  }

  clear = lb_request (server, "DELETE", "/_control/faults", NULL, NULL, NULL, 0);
  g_assert_cmpuint (clear->status, ==, 200);
  g_assert_true (wait_until (is_empty, &fixture, 3000));
  g_assert_cmpuint (fixture.delivered->len, ==, 1);

  stats = intake_stats (server);
  g_assert_cmpint (stats.unique, ==, 1);
  fixture_flush (&fixture);
  g_assert_cmpint (count_rows (path, NULL), ==, 0);

  fixture_close (&fixture);
  intake_config_clear (&config);
  lb_stop (server);
}

/* The kiosk restarts while the intake is down: a new outbox on the same file sends it later. */
static void
test_restart (void)
{
  LbServer *server = lb_startv (NULL);
  IntakeConfig config = { 0 };
  g_autofree char *path = temp_db ();
  g_autofree char *key = NULL;
  g_autoptr(LbResponse) fault = NULL;
  g_autoptr(LbResponse) clear = NULL;
  Fixture fixture = { 0 };

  intake_config_load (server, &config);
  fault = lb_post_json (server, "/_control/faults", NULL, "{\"spec\": \"intake:drop\"}");

  fixture_open (&fixture, path);
  loket_outbox_start (fixture.outbox);
  key = enqueue (&fixture, &config);
  wait_until (is_empty, &fixture, 300);
  loket_outbox_stop (fixture.outbox);
  fixture_close (&fixture);
  g_assert_cmpint (count_rows (path, NULL), ==, 1);

  clear = lb_request (server, "DELETE", "/_control/faults", NULL, NULL, NULL, 0);
  fixture_open (&fixture, path);
  g_assert_cmpuint (loket_outbox_get_n_pending (fixture.outbox), ==, 1);
  g_assert_true (loket_outbox_is_pending (fixture.outbox, key));
  loket_outbox_start (fixture.outbox);
  g_assert_true (wait_until (is_empty, &fixture, 2000));
  g_assert_cmpstr (g_ptr_array_index (fixture.delivered, 0), ==, key);
  g_assert_cmpint (intake_stats (server).unique, ==, 1);

  fixture_close (&fixture);
  g_assert_cmpint (count_rows (path, NULL), ==, 0);
  intake_config_clear (&config);
  lb_stop (server);
}

/* A 4xx that a retry cannot mend: kept for staff, not retried, not counted as pending. */
static void
test_rejected (void)
{
  LbServer *server = lb_startv (NULL);
  IntakeConfig config = { 0 };
  g_autofree char *path = temp_db ();
  g_autofree char *key = NULL;
  g_autoptr(LbResponse) fault = NULL;
  Fixture fixture = { 0 };

  intake_config_load (server, &config);
  fault = lb_post_json (server, "/_control/faults", NULL, "{\"spec\": \"intake:status:400\"}");
  fixture_open (&fixture, path);
  loket_outbox_start (fixture.outbox);
  g_test_expect_message ("loket-outbox", G_LOG_LEVEL_WARNING, "*refused a submission with status 400*");
  key = enqueue (&fixture, &config);
  g_assert_true (wait_until (is_empty, &fixture, 2000));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (fixture.rejected, ==, 1);
  g_assert_cmpuint (loket_outbox_get_n_rejected (fixture.outbox), ==, 1);
  g_assert_false (loket_outbox_is_pending (fixture.outbox, key));
  fixture_flush (&fixture);
  g_assert_cmpint (count_rows (path, "state = 1"), ==, 1);

  fixture_close (&fixture);
  intake_config_clear (&config);
  lb_stop (server);
}

static void
test_backoff (void)
{
  /* Full jitter: uniform in [0, min (cap, base × 2^attempt)). */
  g_assert_cmpuint (loket_outbox_backoff_delay (0, 2000, 300000, 0.0), ==, 0);
  g_assert_cmpuint (loket_outbox_backoff_delay (0, 2000, 300000, 0.5), ==, 1000);
  g_assert_cmpuint (loket_outbox_backoff_delay (1, 2000, 300000, 0.5), ==, 2000);
  g_assert_cmpuint (loket_outbox_backoff_delay (3, 2000, 300000, 0.999), ==, 15984);
  g_assert_cmpuint (loket_outbox_backoff_delay (7, 2000, 300000, 0.5), ==, 128000);
  g_assert_cmpuint (loket_outbox_backoff_delay (8, 2000, 300000, 0.5), ==, 150000);
  g_assert_cmpuint (loket_outbox_backoff_delay (40, 2000, 300000, 0.5), ==, 150000);
  g_assert_cmpuint (loket_outbox_backoff_delay (1000, 2000, 300000, 1.0), <=, 300000);

  /* Spread: over many draws the mean is about half the ceiling, and no draw exceeds it. */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (1);
    double sum = 0;

    for (guint i = 0; i < 10000; i++)
      {
        guint64 d = loket_outbox_backoff_delay (4, 2000, 300000, g_rand_double (rand));

        g_assert_cmpuint (d, <, 32000);
        sum += d;
      }
    g_assert_cmpfloat (sum / 10000, >, 15000);
    g_assert_cmpfloat (sum / 10000, <, 17000);
  }
}

static void
test_reference (void)
{
  g_autofree char *reference = loket_outbox_reference_for_key ("1a2b3c4d-5e6f-4a1b-9c2d-0e1f2a3b4c5d");

  g_assert_cmpstr (reference, ==, "LK-1A2B-3C4D");
}

int
main (int   argc,
      char *argv[])
{
  lb_init (&argc, &argv);

  g_test_add_func ("/loket/outbox/online", test_online);
  g_test_add_func ("/loket/outbox/offline-then-back", test_offline_then_back);
  g_test_add_func ("/loket/outbox/restart", test_restart);
  g_test_add_func ("/loket/outbox/rejected", test_rejected);
  g_test_add_func ("/loket/outbox/backoff", test_backoff);
  g_test_add_func ("/loket/outbox/reference", test_reference);

  return g_test_run ();
}
