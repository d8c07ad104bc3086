/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-bench-startup"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loket-catalog.h"
#include "loket-catalog-items.h"

/*
 * Start to first frame and memory after it (issue 11), in one run, for three programs started
 * the same way on the same display:
 *   - Loket (the real binary, kiosk mode),
 *   - a minimal GTK 4 + libadwaita window built in the same tree (the yardstick: goal ≤ 1.3×),
 *   - the same life-event page as static HTML in Chromium's kiosk mode (Debian's chromium; the
 *     HTML is made here from the bundled catalog), when chromium is installed.
 * Start: from just before the spawn to the first painted frame (GTK: the frame clock's first
 * after-paint, reported by first-frame-hook.so; Chromium: the page's first-contentful-paint).
 * Memory: PSS (/proc/PID/smaps_rollup) one second after the first frame, summed over every
 * process of the program. Medians of LOKET_BENCH_RUNS runs (default 7), interleaved.
 *
 *   bench-startup LOKET MINIMAL HOOK.so
 */

#define SETTLE_MS 1000

typedef struct
{
  const char *name;
  GArray     *start_ms; /* double */
  GArray     *pss_kb;   /* double */
} Program;

static double
median (GArray *values)
{
  g_autoptr(GArray) sorted = g_array_copy (values);

  if (sorted->len == 0)
    return -1;
  for (guint i = 1; i < sorted->len; i++)
    for (guint j = i; j > 0 && g_array_index (sorted, double, j - 1) > g_array_index (sorted, double, j); j--)
      {
        double t = g_array_index (sorted, double, j);

        g_array_index (sorted, double, j) = g_array_index (sorted, double, j - 1);
        g_array_index (sorted, double, j - 1) = t;
      }
  return g_array_index (sorted, double, sorted->len / 2);
}

static guint64
pss_of (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/smaps_rollup", pid);
  g_autofree char *contents = NULL;
  const char *line;

  if (!g_file_get_contents (path, &contents, NULL, NULL) || (line = strstr (contents, "\nPss:")) == NULL)
    return 0;
  return g_ascii_strtoull (line + 5, NULL, 10);
}

static GPid
parent_of (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *contents = NULL;
  const char *end;

  if (!g_file_get_contents (path, &contents, NULL, NULL) || (end = strrchr (contents, ')')) == NULL)
    return 0;
  /* ") S PPID …" */
  return (GPid) atoi (end + 4);
}

/* PSS of @root and every process below it. */
static guint64
pss_of_tree (GPid root)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint64 total = pss_of (root);

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      GPid pid = atoi (name), p;

      if (pid <= 0 || pid == root)
        continue;
      for (p = parent_of (pid); p > 1 && p != root; p = parent_of (p))
        ;
      if (p == root)
        total += pss_of (pid);
    }
  return total;
}

static void
stop (GPid pid)
{
  int status;

  kill (pid, SIGTERM);
  for (guint i = 0; i < 300 && waitpid (pid, &status, WNOHANG) == 0; i++)
    g_usleep (10000);
  if (waitpid (pid, &status, WNOHANG) == 0)
    {
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
    }
}

/* Reads lines from @fd until one starts with @prefix or @timeout_ms pass. */
static char *
read_line_with (int         fd,
                const char *prefix,
                guint       timeout_ms)
{
  g_autoptr(GIOChannel) channel = g_io_channel_unix_new (fd);
  gint64 end = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  g_autoptr(GString) buffer = g_string_new (NULL);

  g_io_channel_set_flags (channel, G_IO_FLAG_NONBLOCK, NULL);
  g_io_channel_set_encoding (channel, NULL, NULL);
  while (g_get_monotonic_time () < end)
    {
      char chunk[4096];
      gsize n = 0;
      GIOStatus status = g_io_channel_read_chars (channel, chunk, sizeof chunk, &n, NULL);
      char *found, *eol;

      g_string_append_len (buffer, chunk, n);
      if ((found = strstr (buffer->str, prefix)) != NULL && (eol = strchr (found, '\n')) != NULL)
        return g_strndup (found, eol - found);
      if (status == G_IO_STATUS_EOF)
        break;
      if (n == 0)
        g_usleep (1000);
    }
  return NULL;
}

/* A GTK program with the hook: start-to-first-frame in ms and its PSS. */
static gboolean
run_gtk (const char  *binary,
         const char  *hook,
         Program     *program)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { binary, NULL };
  int fds[2];
  GPid pid;
  gint64 start, frame;
  double pss;

  if (pipe (fds) != 0)
    return FALSE;
  env = g_environ_setenv (env, "LD_PRELOAD", hook, TRUE);
  {
    g_autofree char *fd = g_strdup_printf ("%d", fds[1]);

    env = g_environ_setenv (env, "LOKET_BENCH_FD", fd, TRUE);
  }
  start = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_LEAVE_DESCRIPTORS_OPEN
                      | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pid, &error))
    g_error ("%s: %s", binary, error->message);
  close (fds[1]);
  line = read_line_with (fds[0], "first-frame ", 30000);
  close (fds[0]);
  if (line == NULL)
    {
      g_printerr ("%s: no first frame within 30 s\n", program->name);
      stop (pid);
      return FALSE;
    }
  frame = g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10);
  g_usleep (SETTLE_MS * 1000);
  pss = pss_of_tree (pid);
  stop (pid);
  g_array_append_vals (program->start_ms, &(double) { (frame - start) / 1000.0 }, 1);
  g_array_append_vals (program->pss_kb, &pss, 1);
  return TRUE;
}

/* The "moving" life-event page as static HTML, from the bundled catalog, in Dutch. */
static char *
write_html (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCatalog) catalog = loket_catalog_new_from_resource (RESOURCE_BASE "/catalog/", &error);
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *path = g_build_filename (dir, "moving.html", NULL);
  LoketLifeEvent *event;
  GListModel *steps;

  if (catalog == NULL)
    g_error ("%s", error->message);
  event = loket_catalog_lookup_life_event (catalog, "moving");
  steps = loket_life_event_get_steps (event);
  g_string_append (html, "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>");
  g_string_append (html, loket_text_get (loket_life_event_get_title (event), LOKET_LANGUAGE_NL, NULL));
  g_string_append (html, "</title><style>body{font:20px/1.5 sans-serif;margin:2em 4em}"
                         "li{margin:1em 0;padding:1em;border:1px solid #ccc;border-radius:12px}"
                         "button{min-height:64px;font-size:20px}</style>"
                         "<script>new PerformanceObserver(function(l){l.getEntries().forEach(function(e){"
                         "console.log('LOKET-PAINT '+e.name+' '+(performance.timeOrigin+e.startTime));});})"
                         ".observe({type:'paint',buffered:true});</script></head><body><button>Stoppen"
                         "</button><h1>");
  g_string_append (html, loket_text_get (loket_life_event_get_title (event), LOKET_LANGUAGE_NL, NULL));
  g_string_append (html, "</h1><p>");
  g_string_append (html, loket_text_get (loket_life_event_get_summary (event), LOKET_LANGUAGE_NL, NULL));
  g_string_append (html, "</p><ol>");
  for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
    {
      g_autoptr(LoketStep) step = g_list_model_get_item (steps, i);
      g_autofree char *title = g_markup_escape_text (
        loket_text_get (loket_step_get_title (step), LOKET_LANGUAGE_NL, NULL), -1);
      const LoketText *body = loket_step_get_body (step);
      g_autofree char *text = g_markup_escape_text (
        body ? loket_text_get (body, LOKET_LANGUAGE_NL, NULL) : "", -1);

      g_string_append_printf (html, "<li><h2>%s</h2><p>%s</p><button>Lees meer</button></li>", title, text);
    }
  g_string_append (html, "</ol></body></html>\n");
  if (!g_file_set_contents (path, html->str, html->len, &error))
    g_error ("%s", error->message);
  return g_steal_pointer (&path);
}

static gboolean
run_chromium (const char *chromium,
              const char *page,
              const char *profile,
              Program    *program)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_filename_to_uri (page, NULL, NULL);
  g_autofree char *profile_arg = g_strdup_printf ("--user-data-dir=%s", profile);
  g_autofree char *line = NULL;
  const char *argv[] = { chromium, "--kiosk", "--no-sandbox", "--no-first-run", "--disable-gpu",
                         "--no-default-browser-check", "--disable-extensions", "--ozone-platform=x11",
                         "--enable-logging=stderr", "--v=0", profile_arg, url, NULL };
  int err_fd;
  GPid pid;
  gint64 start;
  double paint_ms, pss;

  start = g_get_real_time ();
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD
                                 | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pid, NULL, NULL, &err_fd, &error))
    {
      g_printerr ("chromium: %s\n", error->message);
      return FALSE;
    }
  line = read_line_with (err_fd, "LOKET-PAINT first-contentful-paint ", 60000);
  if (line == NULL)
    {
      g_printerr ("chromium: no first paint within 60 s\n");
      close (err_fd);
      stop (pid);
      return FALSE;
    }
  /* "LOKET-PAINT first-contentful-paint 1764350000123.4", then chromium's own quote. */
  paint_ms = g_ascii_strtod (line + strlen ("LOKET-PAINT first-contentful-paint "), NULL);
  g_usleep (SETTLE_MS * 1000);
  pss = pss_of_tree (pid);
  close (err_fd);
  stop (pid);
  g_array_append_vals (program->start_ms, &(double) { paint_ms - start / 1000.0 }, 1);
  g_array_append_vals (program->pss_kb, &pss, 1);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  const char *runs_env = g_getenv ("LOKET_BENCH_RUNS");
  guint runs = runs_env ? (guint) atoi (runs_env) : 7;
  g_autofree char *chromium = g_find_program_in_path ("chromium");
  g_autofree char *dir = g_dir_make_tmp ("loket-bench-startup-XXXXXX", NULL);
  g_autofree char *page = NULL;
  Program programs[] = {
    { "loket", g_array_new (FALSE, FALSE, sizeof (double)), g_array_new (FALSE, FALSE, sizeof (double)) },
    { "minimal GTK 4 + libadwaita", g_array_new (FALSE, FALSE, sizeof (double)), g_array_new (FALSE, FALSE, sizeof (double)) },
    { "chromium --kiosk, static HTML", g_array_new (FALSE, FALSE, sizeof (double)), g_array_new (FALSE, FALSE, sizeof (double)) },
  };

  if (argc != 4)
    g_error ("usage: bench-startup LOKET MINIMAL HOOK.so");
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("startup: skipped, no display (run under xvfb-run)\n");
      return 0;
    }
  page = write_html (dir);

  /* One warm-up of each (disk cache), then interleaved runs. */
  run_gtk (argv[1], argv[3], &programs[0]);
  run_gtk (argv[2], argv[3], &programs[1]);
  g_array_set_size (programs[0].start_ms, 0);
  g_array_set_size (programs[0].pss_kb, 0);
  g_array_set_size (programs[1].start_ms, 0);
  g_array_set_size (programs[1].pss_kb, 0);
  for (guint i = 0; i < runs; i++)
    {
      run_gtk (argv[1], argv[3], &programs[0]);
      run_gtk (argv[2], argv[3], &programs[1]);
      if (chromium != NULL)
        {
          g_autofree char *profile = g_build_filename (dir, "profile", NULL);

          run_chromium (chromium, page, profile, &programs[2]);
        }
    }

  g_print ("start to first frame and PSS after it (median of %u runs)\n", runs);
  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      if (programs[i].start_ms->len == 0)
        {
          g_print ("  %-32s not measured%s\n", programs[i].name,
                   i == 2 && chromium == NULL ? " (chromium is not installed)" : "");
          continue;
        }
      g_print ("  %-32s %7.1f ms   %8.1f MB PSS\n", programs[i].name, median (programs[i].start_ms),
               median (programs[i].pss_kb) / 1024.0);
    }
  if (programs[0].start_ms->len && programs[1].start_ms->len)
    g_print ("  loket / minimal start ratio:     %.2f (goal <= 1.30)\n",
             median (programs[0].start_ms) / median (programs[1].start_ms));
  if (programs[0].start_ms->len && programs[2].start_ms->len)
    g_print ("  chromium / loket start ratio:    %.2f; memory ratio %.2f\n",
             median (programs[2].start_ms) / median (programs[0].start_ms),
             median (programs[2].pss_kb) / median (programs[0].pss_kb));

  {
    g_autofree char *rm_argv = g_strdup_printf ("rm -rf '%s'", dir);

    g_spawn_command_line_sync (rm_argv, NULL, NULL, NULL, NULL);
  }
  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_array_unref (programs[i].start_ms);
      g_array_unref (programs[i].pss_kb);
    }
  return 0;
}
