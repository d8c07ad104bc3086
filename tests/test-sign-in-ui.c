/* SPDX-License-Identifier: EUPL-1.2 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "loket-test-sign-in-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "loket-application.h"
#include "loket-sign-in-page.h"
#include "loket-test-shim.h"
#include "loket-test-ui.h"
#include "loket-test-utils.h"
#include "loket-window.h"

/*
 * The sign-in and "What we already know" pages in the real application, against the real
 * reference back-end, and the privacy test of issue 5: a complete sign-in journey, a wipe, then
 * no trace of the citizen in the files under XDG_DATA_HOME/XDG_CACHE_HOME, in everything
 * logged (G_MESSAGES_DEBUG=all) and in every widget's text.
 */

static LoketApplication *app;
static LbServer *backend;
static LoketTestShim *shim;
static GString *log_record;

/* The citizen of the journey: 999970124, Pieter van Paassen, Kerkstraat 12 bis, Rotterdam. */
static const char *const needles[] = {
  "999970124", "Pieter", "Paassen", "Kerkstraat", "3011 AB", "3011AB", "Pia Pauw", "999970136",
  "Pero", "Peet", "Pelle", "12 juni 1987", "12 June 1987",
};

static GLogWriterOutput
record_log_cb (GLogLevelFlags   level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") || g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      {
        if (fields[i].length < 0)
          g_string_append (log_record, fields[i].value);
        else
          g_string_append_len (log_record, fields[i].value, fields[i].length);
        g_string_append_c (log_record, '\n');
      }
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static const char *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (GTK_IS_EDITABLE (widget))
    return gtk_editable_get_text (GTK_EDITABLE (widget));
  if (ADW_IS_STATUS_PAGE (widget))
    return adw_status_page_get_description (ADW_STATUS_PAGE (widget));
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
  GtkWidget *found = NULL;

  while ((found = find_widget (loket_window_get_page (lt_get_window ()), type, text, css_class)) == NULL
         && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return found;
}

static void
wait_for_location (const char *location)
{
  gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (g_strcmp0 (loket_window_get_location (lt_get_window ()), location) != 0
         && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, location);
}

static void
speed_up (void)
{
  for (GtkWidget *page = gtk_widget_get_first_child (gtk_widget_get_parent (loket_window_get_page (lt_get_window ())));
       page != NULL; page = gtk_widget_get_next_sibling (page))
    if (LOKET_IS_SIGN_IN_PAGE (page))
      loket_sign_in_page_set_time_unit (LOKET_SIGN_IN_PAGE (page), 100);
}

/* Every button: an accessible name, and at least 64 px high. */
static void
check_buttons (GtkWidget *root,
               guint     *n_checked)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (GTK_IS_BUTTON (child) || GTK_IS_ENTRY (child))
        {
          int min_height;

          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, &min_height, NULL, NULL, NULL);
          if (GTK_IS_BUTTON (child) && min_height < 64)
            g_error ("%s (%s) is %d px high", G_OBJECT_TYPE_NAME (child),
                     gtk_button_get_label (GTK_BUTTON (child)), min_height);
          if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL)
              && !gtk_test_accessible_has_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
            g_error ("%s (%s) has no accessible name", G_OBJECT_TYPE_NAME (child),
                     GTK_IS_BUTTON (child) ? gtk_button_get_label (GTK_BUTTON (child)) : "");
          (*n_checked)++;
        }
      check_buttons (child, n_checked);
    }
}

/* Waits for the code on the sign-in page and returns it. */
static const char *
wait_for_code (void)
{
  GtkWidget *code = wait_for_widget (GTK_TYPE_LABEL, NULL, "loket-user-code");
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_nonnull (code);
  while (*gtk_label_get_label (GTK_LABEL (code)) == '\0' && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  return gtk_label_get_label (GTK_LABEL (code));
}

static void
test_sign_in_page (void)
{
  GtkWidget *qr, *time_label;
  g_autofree char *code = NULL;
  guint n_checked = 0;

  loket_window_start_over (lt_get_window ());
  lt_iterate ();
  speed_up ();
  lt_navigate_to ("life-events");
  lt_navigate_to ("life-event:moving");

  /* "Sign in" is offered on the life event, and never required to read it. */
  lt_click (wait_for_widget (GTK_TYPE_BUTTON, gettext ("Sign in"), NULL));
  g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "sign-in:my-data");

  code = g_strdup (wait_for_code ());
  g_assert_true (g_regex_match_simple ("^[A-Z]{4}-[A-Z]{4}$", code, 0, 0));
  qr = wait_for_widget (GTK_TYPE_IMAGE, NULL, "loket-qr");
  g_assert_nonnull (gtk_image_get_paintable (GTK_IMAGE (qr)));
  g_assert_cmpint (gtk_image_get_pixel_size (GTK_IMAGE (qr)), >=, 200);
  time_label = wait_for_widget (GTK_TYPE_LABEL, NULL, "loket-progress");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (time_label)), "Deze code werkt") ||
                 strstr (gtk_label_get_label (GTK_LABEL (time_label)), ":") != NULL);
  check_buttons (GTK_WIDGET (lt_get_window ()), &n_checked);
  lt_screenshot ("sign-in.png");

  /* "Cancel" returns exactly to where the citizen was. */
  lt_click (wait_for_widget (GTK_TYPE_BUTTON, NULL, "pill"));
  g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "life-event:moving");
  g_assert_true (loket_window_go_back (lt_get_window ()));
  g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "life-events");

  /* A malformed token answer: a clear message and "Try again", which works. */
  lt_navigate_to ("life-event:moving");
  lt_navigate_to ("sign-in");
  wait_for_code ();
  loket_test_shim_fault (shim, "token:malformed");
  g_assert_nonnull (wait_for_widget (ADW_TYPE_STATUS_PAGE, NULL, NULL));
  g_assert_cmpstr (widget_text (wait_for_widget (ADW_TYPE_STATUS_PAGE, NULL, NULL)), ==,
                   gettext ("Something went wrong on our side. Please try again, or ask at the desk."));
  check_buttons (GTK_WIDGET (lt_get_window ()), &n_checked);
  lt_screenshot ("sign-in-error.png");
  loket_test_shim_fault (shim, NULL);
  lt_click (wait_for_widget (GTK_TYPE_BUTTON, gettext ("Try again"), NULL));
  g_assert_cmpuint (strlen (wait_for_code ()), ==, 9);
  gtk_widget_activate_action (GTK_WIDGET (lt_get_window ()), "win.back", NULL);
  lt_iterate ();
  g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "life-event:moving");
  g_test_message ("%u controls checked", n_checked);
}

static gboolean
contains_needle (const char *haystack,
                 gsize       length,
                 const char *where)
{
  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    if (haystack != NULL && memmem (haystack, length, needles[i], strlen (needles[i])) != NULL)
      {
        g_test_message ("found %s in %s", needles[i], where);
        return TRUE;
      }
  return FALSE;
}

static guint
search_files (const char *directory)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;
  guint hits = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        hits += search_files (path);
      else if (g_file_get_contents (path, &contents, &length, NULL))
        hits += contains_needle (contents, length, path);
    }
  return hits;
}

static guint
search_widgets (GtkWidget *root)
{
  guint hits = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = widget_text (child);

      if (text != NULL)
        hits += contains_needle (text, strlen (text), G_OBJECT_TYPE_NAME (child));
      if (GTK_IS_LABEL (child) && gtk_label_get_text (GTK_LABEL (child)) != NULL)
        hits += contains_needle (gtk_label_get_text (GTK_LABEL (child)),
                                 strlen (gtk_label_get_text (GTK_LABEL (child))), "label text");
      hits += search_widgets (child);
    }
  return hits;
}

static void
test_journey_and_privacy (void)
{
  LoketSession *session = loket_context_get_session (loket_application_get_context (app));
  const char *code;
  guint n_checked = 0;
  guint hits;

  loket_window_start_over (lt_get_window ());
  lt_iterate ();
  speed_up ();
  lt_navigate_to ("life-events");
  lt_navigate_to ("life-event:moving");
  lt_click (wait_for_widget (GTK_TYPE_BUTTON, gettext ("Sign in"), NULL));
  code = wait_for_code ();

  /* The citizen approves on "their phone". */
  loket_test_shim_approve (shim, code, "999970124", TRUE);
  wait_for_location ("my-data");
  g_assert_true (loket_session_get_signed_in (session));

  /* What we already know: the person, the address, the partner and the children, with source. */
  g_assert_nonnull (wait_for_widget (GTK_TYPE_LABEL, "Pieter van Paassen", NULL));
  g_assert_nonnull (wait_for_widget (GTK_TYPE_LABEL, "Kerkstraat 12 bis\n3011 AB  ROTTERDAM", NULL));
  g_assert_nonnull (find_widget (loket_window_get_page (lt_get_window ()), GTK_TYPE_LABEL, NULL, "loket-source"));
  g_assert_true (g_str_has_prefix (widget_text (find_widget (loket_window_get_page (lt_get_window ()),
                                                             GTK_TYPE_LABEL, NULL, "loket-source")),
                                   "Bron: Basisregistratie Personen") ||
                 strstr (widget_text (find_widget (loket_window_get_page (lt_get_window ()),
                                                   GTK_TYPE_LABEL, NULL, "loket-source")),
                         "Basisregistratie Personen") != NULL);
  check_buttons (GTK_WIDGET (lt_get_window ()), &n_checked);
  lt_screenshot ("my-data.png");

  /* "Something is wrong?": a correction report, and the kiosk keeps nothing of it. */
  lt_click (find_widget (loket_window_get_page (lt_get_window ()), GTK_TYPE_BUTTON, NULL, "flat"));
  gtk_editable_set_text (GTK_EDITABLE (wait_for_widget (GTK_TYPE_ENTRY, NULL, NULL)), "Kerkstraat 14");
  lt_screenshot ("my-data-report.png");
  lt_click (wait_for_widget (GTK_TYPE_BUTTON, gettext ("Send to the municipality"), NULL));
  lt_wait_ms (500);
  g_assert_nonnull (wait_for_widget (GTK_TYPE_LABEL,
                                     gettext ("Thank you. The municipality will check this and contact you if "
                                              "needed. This kiosk keeps nothing of your report."), NULL));

  /* Back leads to where the citizen was before signing in, which now says they are signed in. */
  g_assert_true (loket_window_go_back (lt_get_window ()));
  g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "life-event:moving");
  g_assert_nonnull (wait_for_widget (GTK_TYPE_BUTTON, gettext ("What we already know"), NULL));

  /* Stop: the wipe. Then no trace of the citizen anywhere. */
  loket_window_start_over (lt_get_window ());
  lt_wait_ms (300);
  g_assert_false (loket_session_get_signed_in (session));
  g_assert_null (loket_session_get_person (session));

  hits = search_files (g_getenv ("XDG_DATA_HOME")) + search_files (g_getenv ("XDG_CACHE_HOME"));
  g_assert_cmpuint (hits, ==, 0);
  hits = contains_needle (log_record->str, log_record->len, "the log");
  g_assert_cmpuint (hits, ==, 0);
  /* Something was logged: the events, without the person. */
  g_assert_nonnull (strstr (log_record->str, "Sign-in approved"));
  g_assert_nonnull (strstr (log_record->str, "Session wiped"));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    hits += search_widgets (l->data);
  g_assert_cmpuint (hits, ==, 0);

  /* my-data after the wipe: nothing of the citizen, an offer to sign in. */
  lt_navigate_to ("my-data");
  g_assert_nonnull (wait_for_widget (ADW_TYPE_STATUS_PAGE, NULL, NULL));
  hits = search_widgets (GTK_WIDGET (lt_get_window ()));
  g_assert_cmpuint (hits, ==, 0);
}

static void
test_token_expires_mid_journey (void)
{
  LoketSession *session = loket_context_get_session (loket_application_get_context (app));

  loket_window_start_over (lt_get_window ());
  lt_iterate ();
  speed_up ();
  lt_navigate_to ("life-events");
  lt_navigate_to ("life-event:moving");
  lt_click (wait_for_widget (GTK_TYPE_BUTTON, gettext ("Sign in"), NULL));
  loket_test_shim_approve (shim, wait_for_code (), "999993653", TRUE);
  wait_for_location ("my-data");

  /* The session ends the sign-in (the back-end's token lives 4 s here): the page says so, and
   * the citizen stays where they are. */
  loket_session_expire_sign_in (session);
  lt_iterate ();
  g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "my-data");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (wait_for_widget (ADW_TYPE_STATUS_PAGE, NULL, NULL))),
                   ==, gettext ("Your sign-in has ended"));
  g_assert_null (find_widget (loket_window_get_page (lt_get_window ()), GTK_TYPE_LABEL, "Suzanne Moulin", NULL));
  lt_screenshot ("my-data-expired.png");
  loket_window_start_over (lt_get_window ());
  lt_iterate ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  log_record = g_string_new (NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_log_set_writer_func (record_log_cb, NULL, NULL);
  g_setenv ("GTK_A11Y", "test", TRUE);
  /* The back-end's path is the first argument. */
  if (argc > 1)
    g_setenv ("LOKET_BACKEND", argv[1], TRUE);
  loket_test_init_ui (&argc, &argv);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);

  if (!gtk_init_check ())
    {
      g_test_skip ("No display");
      return g_test_run ();
    }

  backend = lb_start ("--interval", "0", NULL);
  shim = loket_test_shim_new (backend);
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);

    g_settings_set_string (settings, "backend-url", loket_test_shim_get_url (shim));
  }

  app = lt_app_start ();

  g_test_add_func ("/loket/sign-in-ui/sign-in-page", test_sign_in_page);
  g_test_add_func ("/loket/sign-in-ui/journey-and-privacy", test_journey_and_privacy);
  g_test_add_func ("/loket/sign-in-ui/token-expires", test_token_expires_mid_journey);

  ret = g_test_run ();

  lt_app_stop ();
  loket_test_shim_free (shim);
  lb_stop (backend);
  g_string_free (log_record, TRUE);
  return ret;
}
