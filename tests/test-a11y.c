/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Read-aloud in the kiosk window (issue 10): it stops on request, when the citizen leaves the
 * page, on a touch and when the visit ends; state changes are said; personal data is said only
 * after the citizen agreed.
 */
#define G_LOG_DOMAIN "loket-test-a11y"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "loket-application.h"
#include "loket-test-ui.h"
#include "loket-test-utils.h"
#include "loket-window.h"

static LoketApplication *app;

static void
wait_frames (guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_usleep (20000);
      lt_iterate ();
    }
}

static LoketSpeech *
start (void)
{
  LoketSpeech *speech = loket_context_get_speech (loket_application_get_context (app));

  loket_window_start_over (lt_get_window ());
  lt_iterate ();
  if (speech == NULL)
    return NULL;
  gtk_widget_activate_action (GTK_WIDGET (lt_get_window ()), "win.read-aloud", NULL);
  lt_iterate ();
  g_assert_true (loket_speech_get_enabled (speech));
  g_assert_cmpuint (loket_speech_get_state (speech), ==, LOKET_SPEECH_STATE_SPEAKING);
  return speech;
}

static void
test_stop (void)
{
  LoketSpeech *speech = start ();
  g_autofree char *welcome = NULL;
  g_autofree char *text = NULL;
  GtkWidget *stack;
  g_autoptr(GListModel) controllers = NULL;
  gboolean pressed = FALSE;

  if (speech == NULL)
    {
      g_test_skip ("Built without espeak-ng");
      return;
    }

  /* On request: the same button again. */
  gtk_widget_activate_action (GTK_WIDGET (lt_get_window ()), "win.read-aloud", NULL);
  lt_iterate ();
  g_assert_false (loket_speech_get_enabled (speech));
  g_assert_cmpuint (loket_speech_get_state (speech), ==, LOKET_SPEECH_STATE_IDLE);

  /* Leaving the page: what was said of it stops, the new page is read instead. */
  gtk_widget_activate_action (GTK_WIDGET (lt_get_window ()), "win.read-aloud", NULL);
  lt_iterate ();
  welcome = loket_speech_dup_text (speech);
  gtk_widget_activate_action (GTK_WIDGET (lt_get_window ()), "win.navigate", "s", "life-events");
  wait_frames (3);
  text = loket_speech_dup_text (speech);
  g_assert_cmpstr (text, !=, welcome);
  g_assert_null (strstr (text, welcome));
  g_clear_pointer (&text, g_free);

  /* A touch on the page interrupts; read-aloud stays on for the next page. */
  g_assert_cmpuint (loket_speech_get_state (speech), ==, LOKET_SPEECH_STATE_SPEAKING);
  stack = gtk_widget_get_parent (loket_window_get_page (lt_get_window ()));
  g_assert_true (GTK_IS_STACK (stack));
  controllers = gtk_widget_observe_controllers (stack);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        {
          g_signal_emit_by_name (controller, "pressed", 1, 10.0, 10.0);
          pressed = TRUE;
        }
    }
  g_assert_true (pressed);
  lt_iterate ();
  g_assert_cmpuint (loket_speech_get_state (speech), ==, LOKET_SPEECH_STATE_IDLE);
  g_assert_true (loket_speech_get_enabled (speech));

  /* The visit ends: silence. */
  gtk_widget_activate_action (GTK_WIDGET (lt_get_window ()), "win.start-over", NULL);
  lt_iterate ();
  g_assert_false (loket_speech_get_enabled (speech));
  g_assert_cmpuint (loket_speech_get_state (speech), ==, LOKET_SPEECH_STATE_IDLE);
}

/* A step ticked, a toast, an error: each is said as it happens. */
static void
test_state_changes (void)
{
  LoketSpeech *speech = start ();
  LoketContext *context = loket_application_get_context (app);
  LoketLifeEvent *event = loket_catalog_lookup_life_event (loket_context_get_catalog (context), "moving");
  g_autoptr(LoketStep) step = NULL;
  g_autofree char *text = NULL;
  const char *title;

  if (speech == NULL)
    {
      g_test_skip ("Built without espeak-ng");
      return;
    }

  step = g_list_model_get_item (loket_life_event_get_steps (event), 0);
  title = loket_text_get (loket_step_get_title (step), loket_context_get_language (context), NULL);
  loket_session_set_step_done (loket_context_get_session (context), "moving", loket_step_get_id (step), TRUE);
  lt_iterate ();
  text = loket_speech_dup_text (speech);
  g_test_message ("Step ticked: %s", text);
  g_assert_nonnull (strstr (text, title));
  g_assert_cmpstr (text, !=, title);
  g_clear_pointer (&text, g_free);

  loket_window_add_toast (lt_get_window (), "Uw aanvraag is verstuurd.");
  text = loket_speech_dup_text (speech);
  g_assert_cmpstr (text, ==, "Uw aanvraag is verstuurd.");
  g_clear_pointer (&text, g_free);

  loket_window_announce (lt_get_window (), "Dit veld is nog leeg.");
  text = loket_speech_dup_text (speech);
  g_assert_cmpstr (text, ==, "Dit veld is nog leeg.");

  loket_window_start_over (lt_get_window ());
  lt_iterate ();
}

static GtkWidget *
find_box (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BOX (child) && gtk_widget_get_mapped (child))
        return child;
      if ((found = find_box (child)) != NULL)
        return found;
    }
  return NULL;
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* A BSN on the page: skipped, and the citizen is asked; said only after "Read it aloud". */
static void
test_private (void)
{
  LoketSpeech *speech;
  GtkWidget *box, *label;
  AdwMessageDialog *dialog;
  g_autofree char *text = NULL;

  if (loket_context_get_speech (loket_application_get_context (app)) == NULL)
    {
      g_test_skip ("Built without espeak-ng");
      return;
    }
  loket_window_start_over (lt_get_window ());
  lt_iterate ();
  box = find_box (loket_window_get_page (lt_get_window ()));
  g_assert_nonnull (box);
  label = gtk_label_new ("999993653");
  gtk_widget_add_css_class (label, "loket-private");
  gtk_box_append (GTK_BOX (box), label);

  speech = start ();
  text = loket_speech_dup_text (speech);
  g_assert_null (strstr (text, "999993653"));
  g_clear_pointer (&text, g_free);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);

  adw_message_dialog_response (dialog, "read");
  lt_iterate ();
  g_assert_true (loket_speech_get_private_allowed (speech));
  text = loket_speech_dup_text (speech);
  g_assert_nonnull (strstr (text, "999993653"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_box_remove (GTK_BOX (box), label);

  /* A new visit asks again. */
  loket_window_start_over (lt_get_window ());
  lt_iterate ();
  g_assert_false (loket_speech_get_private_allowed (speech));
}

static const char *
describe (GtkWidget *widget)
{
  static char buffer[512];
  GString *path = g_string_new (NULL);

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    g_string_prepend (path, G_OBJECT_TYPE_NAME (w)), g_string_prepend (path, "/");
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    g_string_append_printf (path, " '%s'", gtk_button_get_label (GTK_BUTTON (widget)));
  g_strlcpy (buffer, path->str, sizeof buffer);
  g_string_free (path, TRUE);
  return buffer;
}

/* Tab goes through a page in reading order: top to bottom, and along a row in the direction
 * of the language (issue 10: the focus order follows the reading order). */
static void
check_focus_order (const char *location)
{
  LoketWindow *window = lt_get_window ();
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (window)) == GTK_TEXT_DIR_RTL;
  graphene_rect_t previous = GRAPHENE_RECT_INIT (0, 0, 0, 0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.navigate", "s", location);
  /* Past the stack's cross-fade, when both pages are there. */
  wait_frames (15);
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  for (guint i = 0; i < 300; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        break;
      focus = gtk_window_get_focus (GTK_WINDOW (window));
      if (focus == NULL || g_ptr_array_find (order, focus, NULL))
        break;
      /* A toast floats over the page, outside its reading order. */
      if (g_type_from_name ("AdwToastWidget") != 0
          && gtk_widget_get_ancestor (focus, g_type_from_name ("AdwToastWidget")) != NULL)
        continue;
      g_ptr_array_add (order, focus);
    }
  g_assert_cmpuint (order->len, >, 3);

  for (guint i = 0; i < order->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (order, i);
      GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
      graphene_rect_t bounds;

      /* Inside a scrolled page, positions are those of the page's content. */
      g_assert_true (gtk_widget_compute_bounds (widget, scroller ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller))
                                                                 : GTK_WIDGET (window), &bounds));
      if (scroller != NULL)
        {
          graphene_rect_t origin;

          g_assert_true (gtk_widget_compute_bounds (scroller, GTK_WIDGET (window), &origin));
          bounds.origin.y += origin.origin.y;
          bounds.origin.x += origin.origin.x;
        }
      /* A focusable child of the focusable widget before it (a button in a flow box child)
       * is the same place. */
      if (i > 0 && !gtk_widget_is_ancestor (widget, g_ptr_array_index (order, i - 1)))
        {
          gboolean same_row = bounds.origin.y < previous.origin.y + previous.size.height
                              && previous.origin.y < bounds.origin.y + bounds.size.height;

          if (same_row)
            {
              if (rtl ? bounds.origin.x > previous.origin.x : bounds.origin.x < previous.origin.x)
                {
                  g_autofree char *before = g_strdup (describe (g_ptr_array_index (order, i - 1)));

                  g_error ("%s: %s (x %.0f, y %.0f) comes after %s (x %.0f, y %.0f) but stands before it on the same row",
                           location, describe (widget), bounds.origin.x, bounds.origin.y, before,
                           previous.origin.x, previous.origin.y);
                }
            }
          else if (bounds.origin.y < previous.origin.y)
            {
              g_autofree char *before = g_strdup (describe (g_ptr_array_index (order, i - 1)));

              g_error ("%s: %s (y %.0f) comes after %s (y %.0f) but stands above it", location,
                       describe (widget), bounds.origin.y, before, previous.origin.y);
            }
        }
      previous = bounds;
    }
  g_test_message ("%s: %u focusable widgets in reading order", location, order->len);
}

static void
test_focus_order (void)
{
  const char *languages[] = { "nl", "ar" };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      loket_window_start_over (lt_get_window ());
      lt_iterate ();
      gtk_widget_activate_action (GTK_WIDGET (lt_get_window ()), "app.set-language", "s", languages[i]);
      wait_frames (3);
      check_focus_order ("welcome");
      check_focus_order ("life-events");
      check_focus_order ("step:moving/report-move");
    }
  loket_window_start_over (lt_get_window ());
  lt_iterate ();
}

/* Pictures at the largest text size and in high contrast, in Dutch and Arabic, with the
 * keyboard out, for people to look at (LOKET_SCREENSHOT_DIR). Nothing may stick out of the
 * window at the largest size. */
static void
test_screenshots (void)
{
  const char *directory = g_getenv ("LOKET_SCREENSHOT_DIR");
  LoketContext *context = loket_application_get_context (app);
  const char *languages[] = { "nl", "ar" };
  const char *locations[] = { "welcome", "life-events", "step:moving/report-move" };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      LoketWindow *window;

      loket_window_start_over (lt_get_window ());
      lt_iterate ();
      gtk_widget_activate_action (GTK_WIDGET (lt_get_window ()), "app.set-language", "s", languages[i]);
      wait_frames (3);
      window = lt_get_window ();
      loket_context_set_text_size (context, LOKET_TEXT_SIZE_LARGEST);
      loket_context_set_high_contrast (context, TRUE);
      loket_keyboard_set_auto_show (loket_window_get_keyboard (window), TRUE);
      for (guint j = 0; j < G_N_ELEMENTS (locations); j++)
        {
          int minimum, natural;

          gtk_widget_activate_action (GTK_WIDGET (window), "win.navigate", "s", locations[j]);
          wait_frames (15);
          /* The window's content fits its width at the largest size: it reflows. */
          gtk_widget_measure (gtk_window_get_child (GTK_WINDOW (window)), GTK_ORIENTATION_HORIZONTAL, -1,
                              &minimum, &natural, NULL, NULL);
          g_test_message ("%s %s: minimum width %d px, window %d px", languages[i], locations[j],
                          minimum, gtk_widget_get_width (GTK_WIDGET (window)));
          g_assert_cmpint (minimum, <=, gtk_widget_get_width (GTK_WIDGET (window)));

          if (g_str_equal (locations[j], "life-events"))
            {
              GtkWidget *search = gtk_widget_get_first_child (loket_window_get_page (window));

              /* The search field, with the keyboard out. */
              while (search != NULL && !GTK_IS_SEARCH_ENTRY (search))
                {
                  GtkWidget *next = gtk_widget_get_first_child (search);

                  for (GtkWidget *c = next; c != NULL; c = gtk_widget_get_next_sibling (c))
                    if (GTK_IS_SEARCH_ENTRY (c))
                      next = c;
                  search = next;
                }
              if (search != NULL)
                {
                  gtk_widget_grab_focus (search);
                  wait_frames (25);
                }
            }
          if (directory != NULL)
            {
              g_autofree char *file = g_strdup_printf ("largest-hc-%s-%u.png", languages[i], j + 1);

              lt_save_picture (GTK_WIDGET (window), file);
            }
        }
    }
  loket_window_start_over (lt_get_window ());
  lt_iterate ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *speech_file = g_build_filename (g_get_tmp_dir (), "loket-test-a11y.wav", NULL);
  int ret;

  /* Read-aloud goes to a file: test machines have no sound card. */
  g_setenv ("LOKET_SPEECH_FILE", speech_file, TRUE);
  loket_test_init_ui (&argc, &argv);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);

  if (!gtk_init_check ())
    {
      g_test_skip ("No display");
      return g_test_run ();
    }

  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);

    g_settings_set_string (settings, "backend-url", "http://127.0.0.1:9");
  }
  app = lt_app_start ();

  g_test_add_func ("/loket/read-aloud/stop", test_stop);
  g_test_add_func ("/loket/read-aloud/state-changes", test_state_changes);
  g_test_add_func ("/loket/read-aloud/private", test_private);
  g_test_add_func ("/loket/a11y/focus-order", test_focus_order);
  g_test_add_func ("/loket/a11y/screenshots", test_screenshots);

  ret = g_test_run ();

  lt_app_stop ();
  return ret;
}
