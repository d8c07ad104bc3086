/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Crash test (issue 7): a child process enqueues and delivers submissions through the sealed
 * outbox; it is SIGKILLed at random moments, many times, and restarted. At the end one last run
 * drains the outbox, and the reference intake's statistics must show every confirmed submission
 * arrived, and none twice.
 *
 * A kill between the child's "BEGIN" and "ENQ" leaves it open whether that submission was
 * committed (the commit may have finished just before the kill): such a submission may or may
 * not arrive, so the intake's unique count lies between the confirmed count and the confirmed
 * count plus those open cases. A submission the citizen was told about ("ENQ") is never lost.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "outbox-test-common.h"

#define N_KILLS         30
#define PER_RUN         12
#define MAX_RUN_MS      2000

static char *child_path;

typedef struct
{
  guint begun;
  guint confirmed;
  gboolean empty;
} RunLog;

static RunLog
read_log (GSubprocess *process)
{
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  RunLog log = { 0 };
  const char *p;

  g_subprocess_communicate (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  p = out ? g_bytes_get_data (out, NULL) : NULL;
  if (p == NULL)
    return log;
  text = g_strndup (p, g_bytes_get_size (out));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_equal (lines[i], "BEGIN"))
        log.begun++;
      else if (g_str_equal (lines[i], "ENQ"))
        log.confirmed++;
      else if (g_str_equal (lines[i], "EMPTY"))
        log.empty = TRUE;
    }
  return log;
}

static GSubprocess *
spawn_child (const char   *db,
             IntakeConfig *config,
             guint         count)
{
  g_autofree char *n = g_strdup_printf ("%u", count);
  g_autoptr(GError) error = NULL;
  GSubprocess *process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, child_path, db,
                                           config->endpoint, config->public_key_base64, n, NULL);

  g_assert_no_error (error);
  return process;
}

static void
test_kill_and_restart (void)
{
  LbServer *server = lb_startv (NULL);
  IntakeConfig config = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("loket-crash-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "outbox.db", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  guint confirmed = 0, open_cases = 0, killed_mid_enqueue = 0;
  IntakeStats stats;

  intake_config_load (server, &config);

  for (guint run = 0; run < N_KILLS; run++)
    {
      g_autoptr(GSubprocess) child = spawn_child (db, &config, PER_RUN);
      guint delay_ms = g_rand_int_range (rand, 2, 150);
      RunLog log;

      g_usleep (delay_ms * 1000);
      g_subprocess_force_exit (child); /* SIGKILL */
      log = read_log (child);
      g_subprocess_wait (child, NULL, NULL);
      g_assert_true (g_subprocess_get_if_signaled (child) || g_subprocess_get_exit_status (child) == 0);

      confirmed += log.confirmed;
      if (log.begun > log.confirmed)
        {
          open_cases += log.begun - log.confirmed;
          killed_mid_enqueue++;
        }
      g_assert_cmpuint (log.begun - log.confirmed, <=, 1);
    }

  /* The last run is not killed: it delivers what is left and exits when the outbox is empty. */
  {
    g_autoptr(GSubprocess) child = spawn_child (db, &config, 0);
    RunLog log;

    log = read_log (child);
    g_subprocess_wait (child, NULL, NULL);
    g_assert_true (g_subprocess_get_if_exited (child));
    g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
    g_assert_true (log.empty);
  }

  stats = intake_stats (server);
  g_test_message ("%u kills (%u during an enqueue); %u confirmed, %u open; intake: received %"
                  G_GINT64_FORMAT ", unique %" G_GINT64_FORMAT ", duplicates %" G_GINT64_FORMAT,
                  N_KILLS, killed_mid_enqueue, confirmed, open_cases, stats.received, stats.unique,
                  stats.duplicates);
  g_assert_cmpuint (confirmed, >, 0);
  /* Nothing lost … */
  g_assert_cmpint (stats.unique, >=, confirmed);
  /* … nothing twice: one zaak per committed submission; a resend after a kill is deduplicated. */
  g_assert_cmpint (stats.unique, <=, confirmed + open_cases);
  g_assert_cmpint (stats.received, ==, stats.unique + stats.duplicates);
  /* Nothing stays on the kiosk. */
  g_assert_cmpint (count_rows (db, NULL), ==, 0);

  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
    g_remove (db);
    g_rmdir (dir);
  }
  intake_config_clear (&config);
  lb_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  lb_init (&argc, &argv);
  child_path = g_strdup (argc > 2 ? argv[2] : g_getenv ("LOKET_OUTBOX_CRASH_CHILD"));
  g_assert_nonnull (child_path);

  g_test_add_func ("/loket/outbox/crash/kill-and-restart", test_kill_and_restart);

  return g_test_run ();
}
