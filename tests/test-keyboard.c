/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * The on-screen keyboard (issue 10): it types into a focused entry in every layout, Arabic and
 * Ge'ez included, without taking the focus; the numeric pad comes for a BSN field; in the kiosk
 * window it appears when a field gets the focus and goes when the field goes.
 */
#define G_LOG_DOMAIN "loket-test-keyboard"

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "loket-application.h"
#include "loket-keyboard.h"
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

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_mapped (child))
        continue;
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_type (child, type)) != NULL)
        return found;
    }
  return NULL;
}

/* The visible key of @keyboard that shows @label. */
static GtkWidget *
find_key (GtkWidget  *root,
          const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_key (child, label)) != NULL)
        return found;
    }
  return NULL;
}

static void
check_key_sizes (GtkWidget *root,
                 int        minimum)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_BUTTON (child))
        {
          /* A key must never take the focus from the field. */
          g_assert_false (gtk_widget_get_focus_on_click (child));
          g_assert_false (gtk_widget_get_can_focus (child));
          g_assert_cmpint (gtk_widget_get_height (child), >=, minimum);
          g_assert_cmpint (gtk_widget_get_width (child), >=, minimum);
        }
      else
        check_key_sizes (child, minimum);
    }
}

/* Taps each key in @keys (space separated; "⇧" is shift, "⌫" backspace, "#N" vowel order N). */
static void
tap (LoketKeyboard *keyboard,
     const char    *keys)
{
  g_auto(GStrv) labels = g_strsplit (keys, " ", -1);

  for (guint i = 0; labels[i] != NULL; i++)
    {
      GtkWidget *key = NULL;

      if (g_str_equal (labels[i], "⇧"))
        {
          GtkWidget *shift = gtk_widget_get_first_child (gtk_widget_get_last_child (GTK_WIDGET (keyboard)));

          g_assert_true (GTK_IS_TOGGLE_BUTTON (shift));
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (shift), TRUE);
          continue;
        }
      if (g_str_equal (labels[i], "space") || g_str_equal (labels[i], "Enter"))
        {
          /* The bottom row: shift, switch, space, backspace, enter. */
          GtkWidget *bottom = gtk_widget_get_last_child (GTK_WIDGET (keyboard));

          key = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (gtk_widget_get_first_child (bottom)));
          if (g_str_equal (labels[i], "Enter"))
            key = gtk_widget_get_prev_sibling (gtk_widget_get_last_child (bottom));
          g_signal_emit_by_name (key, "clicked");
          lt_iterate ();
          continue;
        }
      if (g_str_equal (labels[i], "⌫"))
        {
          loket_keyboard_backspace (keyboard);
          continue;
        }
      if (labels[i][0] == '#')
        {
          /* The first row: the seven vowel orders of the Ge'ez syllable just typed. */
          guint order = atoi (labels[i] + 1);

          key = gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (keyboard)));
          for (guint k = 0; k < order; k++)
            key = gtk_widget_get_next_sibling (key);
        }
      else
        key = find_key (GTK_WIDGET (keyboard), labels[i]);
      if (key == NULL)
        g_error ("No key %s", labels[i]);
      g_assert_true (gtk_widget_is_sensitive (key));
      g_signal_emit_by_name (key, "clicked");
      lt_iterate ();
    }
}

static int activations;

static void
on_activate_cb (void)
{
  activations++;
}

/* A window with a text field, a BSN field and a button, and the keyboard below them. */
static void
test_layouts (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *bsn = gtk_entry_new ();
  GtkWidget *button = gtk_button_new_with_label ("OK");
  LoketKeyboard *keyboard = LOKET_KEYBOARD (loket_keyboard_new ());
  GtkWidget *text;
  const struct {
    LoketLanguage language;
    LoketKeyboardLayout layout;
    const char *keys;
    const char *expected;
  } cases[] = {
    { LOKET_LANGUAGE_NL, LOKET_KEYBOARD_LATIN_NL, "⇧ R u ï n e space c r è m e", "Ruïne crème" },
    { LOKET_LANGUAGE_EN, LOKET_KEYBOARD_LATIN_NL, "⇧ H o m e", "Home" },
    { LOKET_LANGUAGE_TR, LOKET_KEYBOARD_LATIN_TR, "⇧ İ ş ç i space ı ğ d ı r ö ü", "İşçi ığdıröü" },
    { LOKET_LANGUAGE_PL, LOKET_KEYBOARD_LATIN_PL, "⇧ Ł ó d ź space ą ć ę ń ś ż", "Łódź ąćęńśż" },
    { LOKET_LANGUAGE_AR, LOKET_KEYBOARD_ARABIC, "س ل ا م space ع ل ي ك م", "سلام عليكم" },
    { LOKET_LANGUAGE_UK, LOKET_KEYBOARD_CYRILLIC_UK, "⇧ К и ї в space ґ є і", "Київ ґєі" },
    /* ሰ, then ለ turned into ላ, then መ turned into ም: ሰላም (peace). */
    { LOKET_LANGUAGE_TI, LOKET_KEYBOARD_ETHIOPIC, "ሰ ለ #3 መ #5", "ሰላም" },
  };

  gtk_entry_set_input_purpose (GTK_ENTRY (bsn), GTK_INPUT_PURPOSE_DIGITS);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), bsn);
  gtk_box_append (GTK_BOX (box), button);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (keyboard));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 600);
  loket_keyboard_set_auto_show (keyboard, TRUE);
  loket_keyboard_track_focus (keyboard, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  wait_frames (5);
  g_signal_connect (entry, "activate", G_CALLBACK (on_activate_cb), NULL);

  /* Nothing focused that takes text: no keyboard. */
  gtk_widget_grab_focus (button);
  lt_iterate ();
  g_assert_false (loket_keyboard_get_active (keyboard));

  gtk_widget_grab_focus (entry);
  lt_iterate ();
  text = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_true (GTK_IS_TEXT (text));
  g_assert_true (loket_keyboard_get_active (keyboard));
  g_assert_true (loket_keyboard_get_target (keyboard) == text);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LoketKeyboardLayout layout = loket_keyboard_layout_for_language (cases[i].language);

      g_assert_cmpint (layout, ==, cases[i].layout);
      loket_keyboard_set_letters_layout (keyboard, layout);
      wait_frames (2);
      g_assert_cmpint (loket_keyboard_get_layout (keyboard), ==, layout);
      gtk_editable_set_text (GTK_EDITABLE (entry), "");
      tap (keyboard, cases[i].keys);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, cases[i].expected);
      /* The field keeps the focus all along. */
      g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == text);
      /* The keys keep their script's direction. */
      g_assert_cmpint (gtk_widget_get_direction (gtk_widget_get_next_sibling (gtk_widget_get_first_child (GTK_WIDGET (keyboard)))),
                       ==, layout == LOKET_KEYBOARD_ARABIC ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
      wait_frames (3);
      check_key_sizes (GTK_WIDGET (keyboard), 64);
      g_test_message ("%s: typed %s", loket_keyboard_layout_get_id (layout), cases[i].expected);
    }

  /* Backspace, a typed selection, and Enter. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  loket_keyboard_set_letters_layout (keyboard, LOKET_KEYBOARD_LATIN_NL);
  tap (keyboard, "a b c ⌫ d");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "abd");
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, 2);
  tap (keyboard, "x");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "xd");
  tap (keyboard, "Enter");
  g_assert_cmpint (activations, ==, 1);

  /* The switch key goes through the layouts, letters first, then the numbers. */
  tap (keyboard, "123 ÇĞŞ");
  g_assert_cmpint (loket_keyboard_get_layout (keyboard), ==, LOKET_KEYBOARD_LATIN_TR);

  /* A BSN field: the numeric pad, without a space bar; back in the text field, the letters. */
  gtk_widget_grab_focus (bsn);
  lt_iterate ();
  g_assert_true (loket_keyboard_get_active (keyboard));
  g_assert_cmpint (loket_keyboard_get_layout (keyboard), ==, LOKET_KEYBOARD_NUMERIC);
  wait_frames (2);
  g_assert_null (find_key (GTK_WIDGET (keyboard), "a"));
  tap (keyboard, "1 2 3 4 5 6 7 8 2");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (bsn)), ==, "123456782");
  wait_frames (3);
  check_key_sizes (GTK_WIDGET (keyboard), 64);
  gtk_widget_grab_focus (entry);
  lt_iterate ();
  g_assert_cmpint (loket_keyboard_get_layout (keyboard), ==, LOKET_KEYBOARD_LATIN_TR);

  /* The citizen hides the keys to see the page; a touch on the field brings them back. */
  g_signal_emit_by_name (gtk_widget_get_last_child (gtk_widget_get_last_child (GTK_WIDGET (keyboard))), "clicked");
  g_assert_false (loket_keyboard_get_active (keyboard));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == text);
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (text);
    gboolean pressed = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers) && !pressed; i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_GESTURE_CLICK (controller)
            && gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)) == GTK_PHASE_CAPTURE)
          {
            g_signal_emit_by_name (controller, "pressed", 1, 5.0, 5.0);
            pressed = loket_keyboard_get_active (keyboard);
          }
      }
    g_assert_true (pressed);
  }

  /* The focus leaves the fields: the keyboard goes, and types nowhere. */
  gtk_widget_grab_focus (button);
  lt_iterate ();
  g_assert_false (loket_keyboard_get_active (keyboard));
  g_assert_null (loket_keyboard_get_target (keyboard));

  gtk_window_destroy (GTK_WINDOW (window));
  lt_iterate ();
}

/* The kiosk window: the search field of the life-events page brings the keyboard in the
 * language's letters; leaving the page takes it away. */
static void
test_window (void)
{
  const char *directory = g_getenv ("LOKET_SCREENSHOT_DIR");
  const struct { const char *code; LoketKeyboardLayout layout; } languages[] = {
    { "nl", LOKET_KEYBOARD_LATIN_NL }, { "ar", LOKET_KEYBOARD_ARABIC }, { "ti", LOKET_KEYBOARD_ETHIOPIC },
  };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      LoketWindow *window;
      LoketKeyboard *keyboard;
      GtkWidget *search;

      loket_window_start_over (lt_get_window ());
      lt_iterate ();
      gtk_widget_activate_action (GTK_WIDGET (lt_get_window ()), "app.set-language", "s", languages[i].code);
      wait_frames (3);
      window = lt_get_window ();
      keyboard = loket_window_get_keyboard (window);
      /* Tests run the window outside kiosk mode. */
      loket_keyboard_set_auto_show (keyboard, TRUE);

      gtk_widget_activate_action (GTK_WIDGET (window), "win.navigate", "s", "life-events");
      wait_frames (3);
      search = find_type (loket_window_get_page (window), GTK_TYPE_SEARCH_ENTRY);
      g_assert_nonnull (search);
      gtk_widget_grab_focus (search);
      wait_frames (20);
      g_assert_true (loket_keyboard_get_active (keyboard));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (keyboard)));
      g_assert_cmpint (loket_keyboard_get_layout (keyboard), ==, languages[i].layout);
      g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (keyboard)), ==,
                       g_str_equal (languages[i].code, "ar") ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);

      if (languages[i].layout == LOKET_KEYBOARD_ARABIC)
        tap (keyboard, "ز و ا ج");
      else if (languages[i].layout == LOKET_KEYBOARD_ETHIOPIC)
        tap (keyboard, "ሰ ለ #3 መ #5");
      else
        tap (keyboard, "v e r h u i z e n");
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), !=, "");
      g_assert_true (gtk_widget_has_focus (gtk_window_get_focus (GTK_WINDOW (window))));
      g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)), search));

      if (directory != NULL)
        {
          g_autofree char *file = g_strdup_printf ("keyboard-%s.png", languages[i].code);

          wait_frames (10);
          lt_save_picture (GTK_WIDGET (window), file);
        }

      /* Leaving the page takes the keyboard away. */
      gtk_widget_activate_action (GTK_WIDGET (window), "win.navigate", "s", "welcome");
      wait_frames (3);
      g_assert_false (loket_keyboard_get_active (keyboard));
    }

  loket_window_start_over (lt_get_window ());
  lt_iterate ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

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

  g_test_add_func ("/loket/keyboard/layouts", test_layouts);
  g_test_add_func ("/loket/keyboard/window", test_window);

  ret = g_test_run ();

  lt_app_stop ();
  return ret;
}
