/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test-i18n-ui"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "loket-application.h"
#include "loket-page.h"
#include "loket-test-ui.h"
#include "loket-test-utils.h"
#include "loket-window.h"

/* Issue 9 in the real application: a language change keeps the citizen's place and what they
 * typed and ticked; Arabic is mirrored; no text is drawn with a missing glyph (a box); every page
 * in every language is pictured when LOKET_SCREENSHOT_DIR is set. */

static LoketApplication *app;

static const char * const languages[] = { "nl", "en", "ar", "uk", "tr", "pl", "ti" };

static void
wait_frames (guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_usleep (20000);
      lt_iterate ();
    }
}

static void
set_language (const char *code)
{
  gtk_widget_activate_action (GTK_WIDGET (lt_get_window ()), "app.set-language", "s", code);
  lt_iterate ();
  g_assert_cmpstr (loket_language_get_code (loket_context_get_language (loket_application_get_context (app))),
                   ==, code);
}

static void
start_over (void)
{
  loket_window_start_over (lt_get_window ());
  lt_iterate ();
}

/* Every widget of @type below @root, in tree order. */
static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      collect (child, type, found);
    }
}

static GPtrArray *
page_widgets (GType type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (loket_window_get_page (lt_get_window ()), type, found);
  return found;
}

static gboolean
has_label (const char *text)
{
  g_autoptr(GPtrArray) labels = page_widgets (GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0)
      return TRUE;
  return FALSE;
}

/* The form page, half filled in, through a language change and back. */
static void
test_switch_keeps_form (void)
{
  const char *location = "form:individuele-inkomenstoeslag";
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  GtkCheckButton *chosen = NULL;
  guint chosen_index = 0;
  const char *steps[] = { "ar", "uk", "ti", "nl" };

  start_over ();
  lt_navigate_to ("life-events");
  if (!loket_catalog_lookup_service (loket_context_get_catalog (loket_application_get_context (app)),
                                     "individuele-inkomenstoeslag"))
    {
      g_test_skip ("no form in the catalog");
      return;
    }
  lt_navigate_to (location);

  entries = page_widgets (GTK_TYPE_ENTRY);
  if (entries->len == 0)
    {
      g_test_skip ("the form page has no entries yet");
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), "1200");
  if (entries->len > 1)
    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[entries->len - 1]), "NL91 ABNA 0417 1643 00");
  /* A choice: the second option of the first question with options. */
  checks = page_widgets (GTK_TYPE_CHECK_BUTTON);
  choices = g_ptr_array_new ();
  for (guint i = 0; i < checks->len; i++)
    if (gtk_widget_has_css_class (checks->pdata[i], "loket-choice"))
      g_ptr_array_add (choices, checks->pdata[i]);
  if (choices->len >= 2)
    {
      chosen = choices->pdata[1];
      chosen_index = 1;
      gtk_check_button_set_active (chosen, TRUE);
    }

  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      g_autoptr(GPtrArray) after = NULL;

      set_language (steps[s]);
      g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, location);
      after = page_widgets (GTK_TYPE_ENTRY);
      g_assert_cmpuint (after->len, ==, entries->len);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (after->pdata[0])), ==, "1200");
      if (after->len > 1)
        g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (after->pdata[after->len - 1])), ==,
                         "NL91 ABNA 0417 1643 00");
      if (chosen != NULL)
        {
          g_autoptr(GPtrArray) now = page_widgets (GTK_TYPE_CHECK_BUTTON);
          g_autoptr(GPtrArray) now_choices = g_ptr_array_new ();

          for (guint i = 0; i < now->len; i++)
            if (gtk_widget_has_css_class (now->pdata[i], "loket-choice"))
              g_ptr_array_add (now_choices, now->pdata[i]);
          g_assert_cmpuint (now_choices->len, ==, choices->len);
          for (guint i = 0; i < now_choices->len; i++)
            g_assert_cmpint (gtk_check_button_get_active (now_choices->pdata[i]), ==, i == chosen_index);
        }
      g_test_message ("form kept through %s", steps[s]);
    }
  /* Back leads where it led before. */
  g_assert_true (loket_window_go_back (lt_get_window ()));
  g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "life-events");
  start_over ();
}

/* Ticked steps and the search the citizen typed stay through a language change. */
static void
test_switch_keeps_steps_and_search (void)
{
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) search = NULL;
  GtkCheckButton *first = NULL;

  start_over ();
  lt_navigate_to ("life-events");
  lt_navigate_to ("life-event:moving");
  checks = page_widgets (GTK_TYPE_CHECK_BUTTON);
  g_assert_cmpuint (checks->len, >, 1);
  first = checks->pdata[0];
  gtk_check_button_set_active (first, TRUE);
  lt_iterate ();
  g_assert_cmpuint (loket_session_count_done (loket_context_get_session (loket_application_get_context (app)),
                                              "moving"), ==, 1);

  /* Scrolled down a little: the page opens there again. */
  wait_frames (6);
  loket_page_set_scroll (LOKET_PAGE (loket_window_get_page (lt_get_window ())), 200);
  wait_frames (2);
  g_assert_cmpfloat (loket_page_get_scroll (LOKET_PAGE (loket_window_get_page (lt_get_window ()))), ==, 200);

  set_language ("tr");
  wait_frames (8);
  g_test_message ("scroll after the switch: %.0f",
                  loket_page_get_scroll (LOKET_PAGE (loket_window_get_page (lt_get_window ()))));
  g_assert_cmpfloat (loket_page_get_scroll (LOKET_PAGE (loket_window_get_page (lt_get_window ()))), ==, 200);
  {
    g_autoptr(GPtrArray) now = page_widgets (GTK_TYPE_CHECK_BUTTON);

    g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "life-event:moving");
    g_assert_true (gtk_check_button_get_active (now->pdata[0]));
    g_assert_false (gtk_check_button_get_active (now->pdata[1]));
    g_assert_true (has_label ("Adım adım"));
  }

  /* The search field on the life events page. */
  gtk_widget_activate_action (GTK_WIDGET (lt_get_window ()), "win.back", NULL);
  lt_iterate ();
  g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "life-events");
  search = page_widgets (GTK_TYPE_SEARCH_ENTRY);
  g_assert_cmpuint (search->len, ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (search->pdata[0]), "paspoort");
  set_language ("pl");
  {
    g_autoptr(GPtrArray) now = page_widgets (GTK_TYPE_SEARCH_ENTRY);

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (now->pdata[0])), ==, "paspoort");
  }
  start_over ();
}

/* Arabic is drawn right to left: the window, the pages, and the icons that point. */
static void
test_rtl (void)
{
  g_autoptr(GPtrArray) images = NULL;

  start_over ();
  set_language ("ar");
  lt_navigate_to ("life-events");
  lt_navigate_to ("life-event:moving");
  wait_frames (4);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (lt_get_window ())), ==, GTK_TEXT_DIR_RTL);
  g_assert_cmpint (gtk_widget_get_direction (loket_window_get_page (lt_get_window ())), ==, GTK_TEXT_DIR_RTL);
  g_assert_true (has_label ("خطوة بخطوة"));

  /* The back button's arrow: GTK picks go-previous-symbolic-rtl for a right-to-left widget. */
  images = g_ptr_array_new ();
  collect (GTK_WIDGET (lt_get_window ()), GTK_TYPE_IMAGE, images);
  for (guint i = 0; i < images->len; i++)
    {
      const char *name = gtk_image_get_icon_name (images->pdata[i]);
      g_autoptr(GtkIconPaintable) icon = NULL;
      g_autoptr(GFile) file = NULL;
      g_autofree char *path = NULL;

      if (g_strcmp0 (name, "go-previous-symbolic") != 0)
        continue;
      icon = gtk_icon_theme_lookup_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                         name, NULL, 32, 1,
                                         gtk_widget_get_direction (images->pdata[i]), 0);
      file = gtk_icon_paintable_get_file (icon);
      path = file ? g_file_get_path (file) : NULL;
      g_test_message ("back arrow in Arabic: %s", path ? path : gtk_icon_paintable_get_icon_name (icon));
      if (path != NULL)
        g_assert_nonnull (strstr (path, "-rtl"));
    }

  /* A life event's icon that points (moving house: an arrow) has a mirrored form. */
  {
    g_autoptr(GtkIconPaintable) icon =
      gtk_icon_theme_lookup_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                  "loket-moving-symbolic", NULL, 64, 1, GTK_TEXT_DIR_RTL, 0);
    g_autoptr(GFile) file = gtk_icon_paintable_get_file (icon);
    g_autofree char *uri = file ? g_file_get_uri (file) : NULL;

    g_test_message ("moving icon in Arabic: %s", uri);
    g_assert_nonnull (uri);
    g_assert_nonnull (strstr (uri, "loket-moving-symbolic-rtl"));
  }

  set_language ("nl");
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (lt_get_window ())), ==, GTK_TEXT_DIR_LTR);
  start_over ();
}

/* A long text that is not in the citizen's language comes with a note saying so. */
static void
test_fallback_note (void)
{
  LoketCatalog *catalog = loket_context_get_catalog (loket_application_get_context (app));
  LoketLifeEvent *event = loket_catalog_lookup_life_event (catalog, "moving");
  g_autoptr(LoketStep) step = g_list_model_get_item (loket_life_event_get_steps (event), 0);
  g_autofree char *location = g_strconcat ("step:moving/", loket_step_get_id (step), NULL);
  g_autoptr(GPtrArray) labels = NULL;
  gboolean noted = FALSE;

  start_over ();
  lt_navigate_to ("life-events");
  lt_navigate_to (location);
  labels = page_widgets (GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    g_assert_false (gtk_widget_has_css_class (labels->pdata[i], "loket-fallback-note")
                    && gtk_widget_get_visible (labels->pdata[i]));

  set_language ("uk");
  g_clear_pointer (&labels, g_ptr_array_unref);
  labels = page_widgets (GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (labels->pdata[i], "loket-fallback-note")
        && gtk_widget_get_visible (labels->pdata[i]))
      {
        const char *text = gtk_label_get_text (labels->pdata[i]);

        g_test_message ("note: %s", text);
        /* In Ukrainian, not in English. */
        g_assert_null (strstr (text, "This text"));
        noted = TRUE;
      }
  g_assert_true (noted);
  start_over ();
}

/* Labels on the page drawn with a glyph the fonts do not have, and labels cut off. */
static guint
check_page_text (const char *language,
                 const char *page,
                 GString    *report)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  guint boxes = 0;

  collect (GTK_WIDGET (lt_get_window ()), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = labels->pdata[i];
      PangoLayout *layout;
      int unknown;

      if (!gtk_widget_get_mapped (GTK_WIDGET (label)) || *gtk_label_get_text (label) == '\0')
        continue;
      layout = gtk_label_get_layout (label);
      unknown = pango_layout_get_unknown_glyphs_count (layout);
      if (unknown > 0)
        {
          boxes += unknown;
          g_string_append_printf (report, "%s/%s: %d missing glyphs in \"%s\"\n", language, page,
                                  unknown, gtk_label_get_text (label));
        }
      {
        PangoRectangle ink, logical;

        /* A line wider than the label: the end of the text is drawn outside it, or cut off. */
        pango_layout_get_pixel_extents (layout, &ink, &logical);
        if (MAX (logical.width, ink.x + ink.width) > gtk_widget_get_width (GTK_WIDGET (label)) + 1)
          g_string_append_printf (report, "%s/%s: wider than its place (%d > %d px): \"%s\"\n", language,
                                  page, MAX (logical.width, ink.x + ink.width), gtk_widget_get_width (GTK_WIDGET (label)),
                                  gtk_label_get_text (label));
      }
      /* Drawn partly outside an ancestor that clips (a card, a scrolled page). */
      for (GtkWidget *ancestor = gtk_widget_get_parent (GTK_WIDGET (label)); ancestor != NULL;
           ancestor = gtk_widget_get_parent (ancestor))
        {
          graphene_rect_t bounds;

          if (gtk_widget_get_overflow (ancestor) != GTK_OVERFLOW_HIDDEN || GTK_IS_VIEWPORT (ancestor)
              || !gtk_widget_compute_bounds (GTK_WIDGET (label), ancestor, &bounds))
            continue;
          if (bounds.origin.x < -1 || bounds.origin.x + bounds.size.width > gtk_widget_get_width (ancestor) + 1)
            {
              g_string_append_printf (report, "%s/%s: cut off by %s: \"%s\"\n", language, page,
                                      G_OBJECT_TYPE_NAME (ancestor), gtk_label_get_text (label));
              break;
            }
        }
      if (pango_layout_is_ellipsized (layout))
        g_string_append_printf (report, "%s/%s: cut off: \"%s\"\n", language, page,
                                gtk_label_get_text (label));
    }
  return boxes;
}

static void
save_screenshot (const char *language,
                 const char *name)
{
  g_autofree char *file = g_strdup_printf ("i18n-%s-%s.png", language, name);

  lt_save_picture (GTK_WIDGET (lt_get_window ()), file);
}

/* Every page in every language: no boxes; pictures when LOKET_SCREENSHOT_DIR is set. */
static void
test_every_page (void)
{
  const char *directory = g_getenv ("LOKET_SCREENSHOT_DIR");
  LoketCatalog *catalog = loket_context_get_catalog (loket_application_get_context (app));
  LoketLifeEvent *event = loket_catalog_lookup_life_event (catalog, "moving");
  g_autoptr(LoketStep) step = g_list_model_get_item (loket_life_event_get_steps (event), 0);
  g_autofree char *step_location = g_strconcat ("step:moving/", loket_step_get_id (step), NULL);
  const struct { const char *name, *location; } pages[] = {
    { "1-welcome", NULL }, { "2-life-events", "life-events" }, { "3-life-event", "life-event:moving" },
    { "4-step", step_location }, { "5-form", "form:verhuizing-doorgeven" }, { "6-sign-in", "sign-in" },
    { "7-my-data", "my-data" }, { "8-cases", "cases" }, { "9-handover", "handover:moving" },
  };
  g_autoptr(GString) report = g_string_new (NULL);
  guint boxes = 0, n_pages = 0;

  if (directory != NULL)
    g_mkdir_with_parents (directory, 0755);

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      start_over ();
      set_language (languages[l]);
      for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
        {
          if (pages[p].location != NULL)
            {
              gtk_widget_activate_action (GTK_WIDGET (lt_get_window ()), "win.navigate", "s", pages[p].location);
              lt_iterate ();
              if (g_strcmp0 (loket_window_get_location (lt_get_window ()), pages[p].location) != 0)
                continue; /* a page another issue has not made yet */
            }
          /* The on-screen keyboard follows the focus: the pictures show the pages themselves. */
          gtk_window_set_focus (GTK_WINDOW (lt_get_window ()), NULL);
          /* Past the stack's cross-fade (150 ms). */
          wait_frames (14);
          boxes += check_page_text (languages[l], pages[p].name, report);
          n_pages++;
          if (directory != NULL)
            save_screenshot (languages[l], pages[p].name);
        }
    }
  g_test_message ("%u pages checked in %zu languages", n_pages, G_N_ELEMENTS (languages));
  if (report->len > 0)
    g_test_message ("%s", report->str);
  g_assert_cmpuint (boxes, ==, 0);
  start_over ();
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

    /* No back-end: the kiosk runs on its bundled catalog. */
    g_settings_set_string (settings, "backend-url", "http://127.0.0.1:9");
  }

  app = lt_app_start ();

  g_test_add_func ("/loket/i18n/switch-keeps-form", test_switch_keeps_form);
  g_test_add_func ("/loket/i18n/switch-keeps-steps-and-search", test_switch_keeps_steps_and_search);
  g_test_add_func ("/loket/i18n/rtl", test_rtl);
  g_test_add_func ("/loket/i18n/fallback-note", test_fallback_note);
  g_test_add_func ("/loket/i18n/every-page", test_every_page);

  ret = g_test_run ();

  lt_app_stop ();
  return ret;
}
