/* SPDX-License-Identifier: EUPL-1.2 */
/* The yardstick of the start-up benchmark: the least a GTK 4 + libadwaita kiosk can be — one
 * full-screen AdwApplicationWindow with a heading, built with the same flags in the same tree. */
#include <adwaita.h>

static void
on_activate_cb (GApplication *app,
                gpointer      user_data)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *label = gtk_label_new ("Welkom");

  gtk_widget_add_css_class (label, "title-1");
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), label);
  /* The size Loket's window starts at (ui/loket-window.ui), so that both first frames paint a
   * screen's worth of pixels: without a window manager (Xvfb) "fullscreen" does not resize a
   * window, and a bare heading would otherwise be drawn in a window of 119 × 47 pixels. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_fullscreen (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("nl.eenloket.LoketBenchMinimal",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
