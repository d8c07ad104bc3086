/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-bench-kiosk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "loket-application.h"
#include "loket-session.h"
#include "loket-sign-in-page.h"
#include "loket-test-shim.h"
#include "loket-test-utils.h"
#include "loket-window.h"

/*
 * The kiosk in use (issue 11), in the real application against the real reference back-end:
 *   - language switch: from the action to the rebuilt window's first painted frame (goal ≤ 100 ms);
 *   - wipe to welcome: from "Stop / start again" on a life-event page to the welcome page's first
 *     painted frame (goal ≤ 200 ms);
 *   - memory growth over LOKET_BENCH_SESSIONS (default 500) complete sessions — sign in with the
 *     phone (device flow, userinfo, BRP), "What we already know", browse a life event, wipe —
 *     as PSS of this process after session 50 (caches warm) and after the last (goal < 0.5 MB).
 *
 *   bench-kiosk PATH-TO-loket-reference-backend
 *
 * With LOKET_BENCH_SESSIONS=2 LOKET_BENCH_REPEAT=2 it is also the UI journey that
 * tests/sanitizers/valgrind-journey runs under memcheck.
 */

static LoketApplication *app;
static guint repeat = 20; /* LOKET_BENCH_REPEAT: timed language switches and wipes */
static LbServer *backend;
static LoketTestShim *shim;

static LoketWindow *
get_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (LOKET_IS_WINDOW (l->data))
      return l->data;
  g_assert_not_reached ();
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Runs the main loop until the window has painted a frame; the time it did, in µs. */
static gint64
wait_frame (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean painted = FALSE;
  gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  while (!painted && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
  return g_get_monotonic_time ();
}

static const char *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  return NULL;
}

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *text,
             const char *css_class)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_mapped (child))
        continue;
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type)
          && (text == NULL || g_strcmp0 (widget_text (child), text) == 0)
          && (css_class == NULL || gtk_widget_has_css_class (child, css_class)))
        return child;
      if ((found = find_widget (child, type, text, css_class)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
wait_for_widget (GType       type,
                 const char *text,
                 const char *css_class)
{
  gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  GtkWidget *found;

  while ((found = find_widget (loket_window_get_page (get_window ()), type, text, css_class)) == NULL
         && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  if (found == NULL)
    g_error ("no %s \"%s\" on %s", g_type_name (type), text ? text : "", loket_window_get_location (get_window ()));
  return found;
}

static void
wait_for_location (const char *location)
{
  gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (g_strcmp0 (loket_window_get_location (get_window ()), location) != 0
         && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  if (g_strcmp0 (loket_window_get_location (get_window ()), location) != 0)
    g_error ("still on %s, not %s", loket_window_get_location (get_window ()), location);
}

static void
navigate_to (const char *location)
{
  gtk_widget_activate_action (GTK_WIDGET (get_window ()), "win.navigate", "s", location);
  iterate ();
}

static void
speed_up (void)
{
  for (GtkWidget *page = gtk_widget_get_first_child (gtk_widget_get_parent (loket_window_get_page (get_window ())));
       page != NULL; page = gtk_widget_get_next_sibling (page))
    if (LOKET_IS_SIGN_IN_PAGE (page))
      loket_sign_in_page_set_time_unit (LOKET_SIGN_IN_PAGE (page), 100);
}

static double
pss_mb (void)
{
  g_autofree char *contents = NULL;
  const char *line;

  /* Freed memory goes back to the system first (glibc keeps freed heap of every thread's arena
   * otherwise, and PSS then swings by tens of MB from one sample to the next), so PSS counts
   * what is still held. */
  malloc_trim (0);
  if (!g_file_get_contents ("/proc/self/smaps_rollup", &contents, NULL, NULL)
      || (line = strstr (contents, "\nPss:")) == NULL)
    return -1;
  return g_ascii_strtoull (line + 5, NULL, 10) / 1024.0;
}

/* Widgets in every window: a number that grows from session to session is a page not let go. */
static guint
count_widgets (GtkWidget *root)
{
  guint n = 1;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child);
  return n;
}

static guint
all_widgets (void)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    n += count_widgets (l->data);
  return n;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        GArray     *ms,
        double      goal)
{
  g_array_sort (ms, compare_doubles);
  g_print ("%-22s median %6.1f ms, worst %6.1f ms over %u (goal <= %.0f ms)\n", what,
           g_array_index (ms, double, ms->len / 2), g_array_index (ms, double, ms->len - 1), ms->len, goal);
}

static void
bench_language_switch (void)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  loket_window_start_over (get_window ());
  wait_frame (GTK_WIDGET (get_window ()));
  navigate_to ("life-events");
  navigate_to ("life-event:moving");
  wait_frame (GTK_WIDGET (get_window ()));
  for (guint i = 0; i < repeat + 1; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double elapsed;

      gtk_widget_activate_action (GTK_WIDGET (get_window ()), "app.set-language", "s", i % 2 ? "nl" : "en");
      elapsed = (wait_frame (GTK_WIDGET (get_window ())) - start) / 1000.0;
      if (i > 0) /* the first builds the templates' caches */
        g_array_append_val (ms, elapsed);
      iterate ();
    }
  report ("language switch", ms, 100);
}

static void
bench_wipe (void)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < repeat; i++)
    {
      gint64 start;
      double elapsed;

      navigate_to ("life-events");
      navigate_to ("life-event:moving");
      wait_frame (GTK_WIDGET (get_window ()));
      start = g_get_monotonic_time ();
      gtk_widget_activate_action (GTK_WIDGET (get_window ()), "win.start-over", NULL);
      elapsed = (wait_frame (GTK_WIDGET (get_window ())) - start) / 1000.0;
      g_assert_cmpstr (loket_window_get_location (get_window ()), ==, "welcome");
      g_array_append_val (ms, elapsed);
      iterate ();
    }
  report ("wipe to welcome", ms, 200);
}

static void
one_session (guint i)
{
  static const char *const citizens[] = { "999970124", "999993653", "999990676" };
  LoketSession *session = loket_context_get_session (loket_application_get_context (app));
  GtkWidget *code;
  gint64 end;

  loket_window_start_over (get_window ());
  iterate ();
  speed_up ();
  navigate_to ("life-events");
  navigate_to ("life-event:moving");
  g_signal_emit_by_name (wait_for_widget (GTK_TYPE_BUTTON, gettext ("Sign in"), NULL), "clicked");
  code = wait_for_widget (GTK_TYPE_LABEL, NULL, "loket-user-code");
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (*gtk_label_get_label (GTK_LABEL (code)) == '\0' && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  loket_test_shim_approve (shim, gtk_label_get_label (GTK_LABEL (code)), citizens[i % G_N_ELEMENTS (citizens)], TRUE);
  wait_for_location ("my-data");
  while (loket_session_get_person (session) == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  if (loket_session_get_person (session) == NULL)
    g_error ("session %u: the BRP answer did not arrive", i);
  navigate_to ("life-event:baby");
  navigate_to ("life-events");
  loket_window_start_over (get_window ());
  iterate ();
  if (loket_session_get_signed_in (session))
    g_error ("session %u: still signed in after the wipe", i);
}

/* Caches fill during the first sessions (fonts and glyphs, QR code sizes, SQLite's page cache):
 * growth is counted from here. */
#define WARM_UP 50u

static void
bench_sessions (guint n)
{
  double base = 0, last;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 1; i <= n; i++)
    {
      one_session (i);
      if (i == MIN (WARM_UP, n))
        {
          base = pss_mb ();
          g_print ("sessions: PSS after %u: %.2f MB, %u widgets\n", i, base, all_widgets ());
        }
      else if (i % 50 == 0 || i == n)
        g_print ("sessions: PSS after %u: %.2f MB, %u widgets\n", i, pss_mb (), all_widgets ());
    }
  last = pss_mb ();
  g_print ("sessions: %u complete sessions in %.1f s; growth from session %u to %u: %.2f MB (goal < 0.5 MB)\n",
           n, (g_get_monotonic_time () - start) / 1e6, MIN (WARM_UP, n), n, last - base);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *sessions = g_getenv ("LOKET_BENCH_SESSIONS");

  if (g_getenv ("LOKET_BENCH_REPEAT"))
    repeat = MAX (1, atoi (g_getenv ("LOKET_BENCH_REPEAT")));

  if (argc > 1)
    g_setenv ("LOKET_BACKEND", argv[1], TRUE);
  g_setenv ("LOKET_SPEECH_FILE", "/dev/null", TRUE);
  loket_test_init_ui (&argc, &argv);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
  if (!gtk_init_check ())
    {
      g_print ("kiosk: skipped, no display (run under xvfb-run)\n");
      return 0;
    }

  backend = lb_start ("--interval", "0", NULL);
  shim = loket_test_shim_new (backend);
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);

    g_settings_set_string (settings, "backend-url", loket_test_shim_get_url (shim));
  }
  app = loket_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  wait_frame (GTK_WIDGET (get_window ()));

  bench_language_switch ();
  bench_wipe ();
  bench_sessions (sessions ? (guint) atoi (sessions) : 500);

  /* Destroying a window takes it out of the list: take the head each time. */
  while (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL)
    gtk_window_destroy (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  g_clear_object (&app);
  loket_test_shim_free (shim);
  lb_stop (backend);
  return 0;
}
