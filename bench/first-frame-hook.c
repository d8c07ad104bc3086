/* SPDX-License-Identifier: EUPL-1.2 */
/* Loaded with LD_PRELOAD by bench-startup into Loket and into the minimal window alike: wraps
 * gtk_window_present() and writes "first-frame <monotonic µs>" to the file descriptor in
 * LOKET_BENCH_FD once the first window has painted its first frame. The same hook for both, so
 * the ratio compares like with like. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void gtk_window_present (GtkWindow *window);

static gboolean reported;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  const char *fd = g_getenv ("LOKET_BENCH_FD");
  char line[64];
  int length;

  if (reported)
    return;
  reported = TRUE;
  length = g_snprintf (line, sizeof line, "first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  if (write (fd ? atoi (fd) : STDERR_FILENO, line, length) != length)
    g_warning ("first-frame-hook: could not report");
}

void
gtk_window_present (GtkWindow *window)
{
  static void (*real_present) (GtkWindow *);
  GdkFrameClock *clock;

  if (real_present == NULL)
    real_present = (void (*) (GtkWindow *)) dlsym (RTLD_NEXT, "gtk_window_present");
  real_present (window);
  if (!reported && (clock = gtk_widget_get_frame_clock (GTK_WIDGET (window))) != NULL)
    g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);
}
