/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test"

#include "config.h"

#include <glib/gstdio.h>

#include "loket-test-ui.h"

static LoketApplication *app;

/**
 * lt_app_start:
 *
 * Creates, registers and activates the application the test drives; once per test program.
 *
 * Returns: (transfer none): the application
 */
LoketApplication *
lt_app_start (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (app);
  app = loket_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  lt_iterate ();
  return app;
}

/**
 * lt_app_stop:
 *
 * Destroys every window of the application and drops it.
 */
void
lt_app_stop (void)
{
  /* a copy: destroying a window changes the application's list */
  g_autoptr(GList) windows = NULL;

  if (app == NULL)
    return;
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));
  for (GList *l = windows; l; l = l->next)
    gtk_window_destroy (l->data);
  lt_iterate ();
  g_clear_object (&app);
}

/**
 * lt_get_window:
 *
 * Returns: (transfer none): the kiosk window, the most recent when a language switch rebuilt it
 */
LoketWindow *
lt_get_window (void)
{
  g_assert_nonnull (app);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (LOKET_IS_WINDOW (l->data))
      return l->data;
  g_assert_not_reached ();
}

/**
 * lt_iterate:
 *
 * Runs the main loop until nothing more is ready.
 */
void
lt_iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/**
 * lt_wait_ms:
 *
 * Runs the main loop for @ms milliseconds of wall time: for animations and the back-end.
 */
void
lt_wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/**
 * lt_navigate_to:
 *
 * Goes to @location as a citizen's tap would, and checks the window is there.
 */
void
lt_navigate_to (const char *location)
{
  gtk_widget_activate_action (GTK_WIDGET (lt_get_window ()), "win.navigate", "s", location);
  lt_iterate ();
  g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, location);
}

/**
 * lt_click:
 *
 * Clicks @button, which must be there and sensitive.
 */
void
lt_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  lt_iterate ();
}

static GskRenderNode *
snapshot_node (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

/**
 * lt_render:
 *
 * Renders what @widget shows now. Just after a page or the window was rebuilt it may not have
 * been drawn yet, which gives an empty snapshot: the main loop then runs a little longer, up to two
 * seconds.
 *
 * Returns: (transfer full) (nullable): the picture, or %NULL when @widget drew nothing
 */
GdkTexture *
lt_render (GtkWidget *widget)
{
  g_autoptr(GskRenderNode) node = NULL;
  GtkNative *native = gtk_widget_get_native (widget);

  for (guint attempt = 0; attempt < 40 && node == NULL; attempt++)
    {
      if (attempt > 0)
        lt_wait_ms (50);
      if (gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0
          && gtk_widget_get_height (widget) > 0)
        node = snapshot_node (widget);
    }
  if (node == NULL || native == NULL || gtk_native_get_renderer (native) == NULL)
    return NULL;
  return gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                      &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                           gtk_widget_get_height (widget)));
}

/**
 * lt_save_picture:
 *
 * Saves what @widget shows now as @name (a PNG) in $LOKET_SCREENSHOT_DIR, for people to look at;
 * nothing when that is not set. A picture that could not be taken is reported, not failed: it is
 * not what the test checks.
 */
void
lt_save_picture (GtkWidget  *widget,
                 const char *name)
{
  const char *directory = g_getenv ("LOKET_SCREENSHOT_DIR");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;

  if (directory == NULL)
    return;
  g_mkdir_with_parents (directory, 0755);
  file = g_build_filename (directory, name, NULL);
  texture = lt_render (widget);
  if (texture == NULL)
    {
      g_test_message ("no picture %s: nothing was drawn", name);
      return;
    }
  g_assert_true (gdk_texture_save_to_png (texture, file));
}

/**
 * lt_screenshot:
 *
 * As lt_save_picture() of the window, once the stack's crossfade is over.
 */
void
lt_screenshot (const char *name)
{
  if (g_getenv ("LOKET_SCREENSHOT_DIR") == NULL)
    return;
  lt_wait_ms (800);
  lt_save_picture (GTK_WIDGET (lt_get_window ()), name);
}
