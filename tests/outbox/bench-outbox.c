/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Benchmark (issue 7): drain 1,000 queued submissions to the reference intake on loopback.
 * Prints the time to enqueue them (each one sealed and committed with synchronous=FULL) and the
 * time to deliver all of them and delete their rows. Goal: drain ≤ 5 s.
 *
 *   meson test --benchmark -C <builddir> --verbose outbox-drain
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "outbox-test-common.h"

#define N_SUBMISSIONS 1000

typedef struct
{
  LoketOutbox *outbox;
  guint        enqueued;
  gboolean     opened;
  gboolean     flushed;
} Bench;

static gboolean
is_opened (gpointer data)
{
  return ((Bench *) data)->opened;
}

static gboolean
all_enqueued (gpointer data)
{
  return ((Bench *) data)->enqueued == N_SUBMISSIONS;
}

static gboolean
is_flushed (gpointer data)
{
  return ((Bench *) data)->flushed;
}

static gboolean
is_empty (gpointer data)
{
  return loket_outbox_get_n_pending (((Bench *) data)->outbox) == 0;
}

static void
on_opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  loket_outbox_open_finish (LOKET_OUTBOX (source), result, &error);
  g_assert_no_error (error);
  ((Bench *) user_data)->opened = TRUE;
}

static void
on_enqueued_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = loket_outbox_enqueue_finish (LOKET_OUTBOX (source), result, &error);

  g_assert_no_error (error);
  ((Bench *) user_data)->enqueued++;
}

static void
on_flushed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  loket_outbox_flush_finish (LOKET_OUTBOX (source), result, &error);
  g_assert_no_error (error);
  ((Bench *) user_data)->flushed = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  LbServer *server;
  IntakeConfig config = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  Bench bench = { 0 };
  gint64 t0, t1, t2;
  IntakeStats stats;

  lb_init (&argc, &argv);
  server = lb_startv (NULL);
  intake_config_load (server, &config);
  dir = g_dir_make_tmp ("loket-bench-outbox-XXXXXX", NULL);
  path = g_build_filename (dir, "outbox.db", NULL);

  bench.outbox = loket_outbox_new (path);
  loket_outbox_open_async (bench.outbox, NULL, on_opened_cb, &bench);
  g_assert_true (wait_until (is_opened, &bench, 5000));

  /* Queued while "offline" (delivery not started), as after a night without network. */
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < N_SUBMISSIONS; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"service\": \"verhuizing-doorgeven\", \"fields\": "
                                               "{\"n\": \"%u\", \"new_street\": \"Spui\"}, "
                                               "\"submitted_at\": \"2026-03-01T10:00:00Z\", "
                                               "\"language\": \"nl\"}", i);
      g_autoptr(GBytes) submission = g_bytes_new (json, strlen (json));

      loket_outbox_enqueue_async (bench.outbox, config.endpoint, config.public_key, submission, NULL,
                                  on_enqueued_cb, &bench);
    }
  g_assert_true (wait_until (all_enqueued, &bench, 120000));
  t1 = g_get_monotonic_time ();

  loket_outbox_start (bench.outbox);
  g_assert_true (wait_until (is_empty, &bench, 120000));
  loket_outbox_flush_async (bench.outbox, NULL, on_flushed_cb, &bench);
  g_assert_true (wait_until (is_flushed, &bench, 120000));
  t2 = g_get_monotonic_time ();

  stats = intake_stats (server);
  g_assert_cmpint (stats.unique, ==, N_SUBMISSIONS);
  g_assert_cmpint (count_rows (path, NULL), ==, 0);

  g_print ("enqueue %d submissions (sealed, committed one by one, synchronous=FULL): %.2f s\n",
           N_SUBMISSIONS, (t1 - t0) / 1e6);
  g_print ("drain %d submissions to the reference intake (delivered and deleted): %.2f s "
           "(goal <= 5 s)\n", N_SUBMISSIONS, (t2 - t1) / 1e6);
  g_print ("intake: received %" G_GINT64_FORMAT ", unique %" G_GINT64_FORMAT ", duplicates %"
           G_GINT64_FORMAT "\n", stats.received, stats.unique, stats.duplicates);

  g_clear_object (&bench.outbox);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
    g_remove (path);
    g_rmdir (dir);
  }
  intake_config_clear (&config);
  lb_stop (server);
  return (t2 - t1) <= 5 * G_USEC_PER_SEC ? 0 : 1;
}
