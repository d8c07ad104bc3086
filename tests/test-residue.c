/* SPDX-License-Identifier: EUPL-1.2 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "loket-test-residue"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "loket-application.h"
#include "loket-desk-window.h"
#include "loket-handover-page.h"
#include "loket-idle-warning.h"
#include "loket-kiosk.h"
#include "loket-sign-in-page.h"
#include "loket-staff.h"
#include "loket-test-shim.h"
#include "loket-test-ui.h"
#include "loket-test-utils.h"
#include "loket-window.h"

/*
 * Issue 8 in the real application against the real reference back-end: the idle warning driven
 * by a fake clock, the full wipe, "Talk to a person" and its desk ticket, assisted mode, the desk
 * window, the kiosk lockdown, and the residue test: a complete signed-in journey, then the idle
 * timeout, then no trace of the citizen in the SQLite files (with -wal), the log, the widgets, the
 * clipboard or the desk's queue.
 */

static LoketApplication *app;
static LbServer *backend;
static LoketTestShim *shim;
static GString *log_record;
static gint64 fake_now;

/* The citizen of the journey: 999970124, Pieter van Paassen, Kerkstraat 12 bis, 3011 AB Rotterdam. */
static const char *const needles[] = {
  "999970124", "999 97 01 24", "Pieter", "Paassen", "Kerkstraat", "3011 AB", "3011AB", "Pia Pauw",
  "999970136", "Pero", "Peet", "Pelle", "12 juni 1987", "12 June 1987", "1987-06-12",
  /* The new address of the request sent on the journey. */
  "Spui", "2511 BT", "2511BT",
};

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

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

static LoketContext *
context (void)
{
  return loket_application_get_context (app);
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
wait_for_widget (GtkWidget  *root,
                 GType       type,
                 const char *text,
                 const char *css_class)
{
  gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  GtkWidget *found = NULL;

  while ((found = find_widget (root ? root : loket_window_get_page (lt_get_window ()), type, text, css_class)) == NULL
         && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return found;
}

static GtkWidget *
page_widget (GType type,
             const char *text,
             const char *css_class)
{
  return wait_for_widget (NULL, type, text, css_class);
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
      if (GTK_IS_BUTTON (child) || GTK_IS_ENTRY (child) || GTK_IS_CHECK_BUTTON (child))
        {
          int min_height;

          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, &min_height, NULL, NULL, NULL);
          if ((GTK_IS_BUTTON (child) || GTK_IS_CHECK_BUTTON (child)) && min_height < 64)
            g_error ("%s (%s) is %d px high", G_OBJECT_TYPE_NAME (child), widget_text (child), min_height);
          if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL)
              && !gtk_test_accessible_has_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
            g_error ("%s (%s) has no accessible name", G_OBJECT_TYPE_NAME (child), widget_text (child));
          (*n_checked)++;
        }
      check_buttons (child, n_checked);
    }
}

static LoketIdle *
fake_idle (void)
{
  LoketIdle *idle = loket_context_get_idle (context ());

  fake_now = 1000 * G_USEC_PER_SEC;
  loket_idle_set_clock (idle, fake_clock, NULL);
  return idle;
}

static void
advance (double seconds)
{
  fake_now += (gint64) (seconds * G_USEC_PER_SEC);
  loket_idle_tick (loket_context_get_idle (context ()));
  lt_iterate ();
}

static GtkWidget *
find_any (GtkWidget *root,
          GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_any (child, type)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
idle_warning (void)
{
  return find_any (GTK_WIDGET (lt_get_window ()), LOKET_TYPE_IDLE_WARNING);
}

static void
start_over (void)
{
  loket_window_start_over (lt_get_window ());
  lt_iterate ();
  loket_idle_set_clock (loket_context_get_idle (context ()), fake_clock, NULL);
}

/* ---- the idle warning ---- */

static void
test_idle_warning (void)
{
  LoketIdle *idle;
  GtkWidget *warning;
  guint n_checked = 0;
  const char *languages[] = { "nl", "ar" };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *name = g_strdup_printf ("idle-warning-%s.png", languages[i]);
      GtkWidget *countdown;

      start_over ();
      idle = fake_idle ();
      gtk_widget_activate_action (GTK_WIDGET (lt_get_window ()), "app.set-language", "s", languages[i]);
      lt_iterate ();
      lt_navigate_to ("life-events");
      lt_navigate_to ("life-event:moving");
      loket_idle_activity (idle);

      /* Nothing for 119 s; the warning at 120 s, with a 30-second countdown. */
      advance (119);
      warning = find_any (GTK_WIDGET (lt_get_window ()), LOKET_TYPE_IDLE_WARNING);
      g_assert_nonnull (warning);
      g_assert_false (gtk_widget_get_visible (warning));
      advance (1);
      g_assert_true (gtk_widget_get_visible (warning));
      g_assert_true (gtk_widget_get_mapped (warning));
      countdown = find_widget (warning, GTK_TYPE_LABEL, NULL, "loket-countdown");
      g_assert_nonnull (countdown);
      g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (countdown)), "30"));
      advance (5);
      g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (countdown)), "25"));
      check_buttons (warning, &n_checked);
      lt_screenshot (name);

      /* One tap on the warning: more time, the page as it was. */
      lt_click (find_widget (warning, GTK_TYPE_BUTTON, NULL, "suggested-action"));
      g_assert_false (gtk_widget_get_visible (warning));
      g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "life-event:moving");
      advance (119);
      g_assert_false (gtk_widget_get_visible (warning));

      /* Nobody answers: the wipe at the end of the countdown, in the default language. */
      advance (1);
      g_assert_true (gtk_widget_get_visible (idle_warning ()));
      advance (29);
      g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "life-event:moving");
      advance (1);
      lt_iterate ();
      wait_for_location ("welcome");
      g_assert_cmpint (loket_context_get_language (context ()), ==, LOKET_LANGUAGE_NL);
      g_assert_false (gtk_widget_get_visible (idle_warning ()));
      g_assert_false (loket_idle_get_armed (loket_context_get_idle (context ())));
    }
  g_test_message ("%u controls checked on the warning", n_checked);

  /* With read-aloud on, the warning is also spoken (EAA: more than one sense). */
  {
    LoketSpeech *speech = loket_context_get_speech (context ());
    g_autofree char *said = NULL;

    if (speech == NULL || !loket_speech_has_voice (LOKET_LANGUAGE_NL))
      {
        g_test_message ("no voice: the spoken warning is not checked");
        return;
      }
    start_over ();
    idle = fake_idle ();
    lt_navigate_to ("life-events");
    loket_speech_set_enabled (speech, TRUE);
    loket_idle_activity (idle);
    advance (120);
    g_assert_true (gtk_widget_get_visible (idle_warning ()));
    said = loket_speech_dup_text (speech);
    g_assert_nonnull (strstr (said, gettext ("Are you still there?")));
    g_assert_nonnull (strstr (said, "30"));
    start_over ();
    g_assert_false (loket_speech_get_enabled (speech));
  }
}

/* ---- the full wipe ---- */

static gboolean
any_text (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_EDITABLE (child) && *gtk_editable_get_text (GTK_EDITABLE (child)) != '\0')
        return TRUE;
      if (GTK_IS_TEXT_VIEW (child))
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child));

          if (gtk_text_buffer_get_char_count (buffer) > 0)
            return TRUE;
        }
      if (any_text (child))
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *open_dialog;

static void
test_wipe_resets_everything (void)
{
  LoketContext *ctx = context ();
  LoketSession *session = loket_context_get_session (ctx);
  GdkClipboard *clipboard;
  GtkWidget *entry;
  LoketSpeech *speech = loket_context_get_speech (ctx);

  start_over ();
  lt_navigate_to ("life-events");
  lt_navigate_to ("life-event:death");
  loket_session_set_step_done (session, "death", "register-death", TRUE);
  loket_context_set_text_size (ctx, LOKET_TEXT_SIZE_LARGEST);
  loket_context_set_high_contrast (ctx, TRUE);
  lt_navigate_to ("handover:death");
  /* Something typed (the staff PIN field is the page's entry) and something copied. */
  lt_click (page_widget (GTK_TYPE_BUTTON, NULL, "flat"));
  entry = find_any (loket_window_get_page (lt_get_window ()), GTK_TYPE_PASSWORD_ENTRY);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "123456");
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (lt_get_window ()));
  gdk_clipboard_set_text (clipboard, "Kerkstraat 12");
  g_assert_nonnull (gdk_clipboard_get_content (clipboard));
  if (speech != NULL)
    loket_speech_set_enabled (speech, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (lt_get_window ()), "app.set-language", "s", "ar");
  lt_iterate ();
  g_assert_cmpint (loket_context_get_language (ctx), ==, LOKET_LANGUAGE_AR);

  /* A dialog left open (the personal-data question of read-aloud is one). */
  {
    GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (lt_get_window ()), "Kerkstraat 12", NULL);

    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &open_dialog);
    open_dialog = dialog;
    gtk_window_present (GTK_WINDOW (dialog));
    lt_iterate ();
  }

  /* "Stop", in the top bar of every page. */
  g_assert_nonnull (find_widget (GTK_WIDGET (lt_get_window ()), GTK_TYPE_BUTTON, NULL, "destructive-action"));
  lt_click (find_widget (GTK_WIDGET (lt_get_window ()), GTK_TYPE_BUTTON, NULL, "destructive-action"));
  lt_iterate ();
  lt_wait_ms (100);

  g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "welcome");
  g_assert_cmpint (loket_context_get_language (ctx), ==, LOKET_LANGUAGE_NL);
  g_assert_cmpint (loket_context_get_text_size (ctx), ==, LOKET_TEXT_SIZE_NORMAL);
  g_assert_false (loket_context_get_high_contrast (ctx));
  g_assert_cmpuint (loket_session_count_done (session, "death"), ==, 0);
  g_assert_false (loket_session_get_signed_in (session));
  g_assert_false (any_text (GTK_WIDGET (lt_get_window ())));
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (lt_get_window ()));
  g_assert_null (gdk_clipboard_get_content (clipboard));
  if (speech != NULL)
    {
      g_assert_false (loket_speech_get_enabled (speech));
      g_assert_cmpint (loket_speech_get_state (speech), !=, LOKET_SPEECH_STATE_SPEAKING);
    }
  g_assert_null (open_dialog);
  /* Back is not possible: the history is gone. */
  g_assert_false (loket_window_go_back (lt_get_window ()));
}

/* ---- talk to a person ---- */

static const char *
wait_for_ticket (void)
{
  GtkWidget *number = wait_for_widget (NULL, GTK_TYPE_LABEL, NULL, "loket-ticket-number");
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_nonnull (number);
  while (*gtk_label_get_label (GTK_LABEL (number)) == '\0' && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  return gtk_label_get_label (GTK_LABEL (number));
}

static void
test_handover (void)
{
  const char *languages[] = { "nl", "ar" };
  GtkWidget *first, *last;
  guint n_checked = 0;

  /* First for a death, money worries and care; last elsewhere. */
  start_over ();
  lt_navigate_to ("life-events");
  const char *first_events[] = { "death", "money-worries", "care" };
  for (guint i = 0; i < G_N_ELEMENTS (first_events); i++)
    {
      g_autofree char *location = g_strconcat ("life-event:", first_events[i], NULL);

      lt_navigate_to (location);
      first = page_widget (GTK_TYPE_BUTTON, NULL, "loket-handover-first");
      g_assert_nonnull (first);
      g_assert_null (find_widget (loket_window_get_page (lt_get_window ()), GTK_TYPE_BUTTON, NULL,
                                  "loket-handover-button"));
    }
  lt_navigate_to ("life-event:moving");
  last = page_widget (GTK_TYPE_BUTTON, NULL, "loket-handover-button");
  g_assert_nonnull (last);
  lt_click (last);
  g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "handover:moving");

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *name = g_strdup_printf ("handover-%s.png", languages[i]);
      const char *number;

      start_over ();
      gtk_widget_activate_action (GTK_WIDGET (lt_get_window ()), "app.set-language", "s", languages[i]);
      lt_iterate ();
      lt_navigate_to ("life-events");
      lt_navigate_to ("life-event:death");
      loket_session_set_step_done (loket_context_get_session (context ()), "death", "register-death", TRUE);
      lt_click (page_widget (GTK_TYPE_BUTTON, NULL, "loket-handover-first"));
      g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "handover:death");
      gtk_check_button_set_active (GTK_CHECK_BUTTON (find_any (loket_window_get_page (lt_get_window ()),
                                                                GTK_TYPE_CHECK_BUTTON)), TRUE);
      check_buttons (GTK_WIDGET (lt_get_window ()), &n_checked);
      lt_click (page_widget (GTK_TYPE_BUTTON, NULL, "suggested-action"));
      number = wait_for_ticket ();
      g_assert_true (g_regex_match_simple ("^[A-Z][0-9]{3}$", number, 0, 0));
      g_test_message ("ticket %s in %s", number, languages[i]);
      lt_screenshot (name);
    }

  /* What the desk received: the life event, language, needs and ids — nothing of a person. */
  {
    g_autoptr(LbResponse) queue = lb_get (backend, "/desk/tickets", NULL);
    g_autofree char *body = g_strndup (g_bytes_get_data (queue->body, NULL), g_bytes_get_size (queue->body));

    g_assert_cmpuint (queue->status, ==, 200);
    g_assert_nonnull (strstr (body, "\"interpreter\""));
    g_assert_nonnull (strstr (body, "register-death"));
    g_assert_nonnull (strstr (body, "\"ar\""));
  }
  g_test_message ("%u controls checked", n_checked);
  start_over ();
}

/* ---- assisted mode ---- */

static LoketHandoverPage *
handover_page (void)
{
  GtkWidget *page = loket_window_get_page (lt_get_window ());

  g_assert_true (LOKET_IS_HANDOVER_PAGE (page));
  return LOKET_HANDOVER_PAGE (page);
}

static void
enter_pin (const char *pin)
{
  GtkWidget *entry = find_any (loket_window_get_page (lt_get_window ()), GTK_TYPE_PASSWORD_ENTRY);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_editable_set_text (GTK_EDITABLE (entry), pin);
  g_signal_emit_by_name (entry, "activate");
  /* Wait until the check has finished: the entry is emptied. */
  while (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0' && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  lt_iterate ();
}

static void
test_assisted_mode (void)
{
  GSettings *settings = loket_context_get_settings (context ());
  g_autofree char *hash = loket_staff_hash_pin ("482913", NULL);
  g_autofree char *wait_text = NULL;

  g_settings_set_string (settings, "staff-pin-hash", hash);
  start_over ();
  lt_navigate_to ("life-events");
  lt_navigate_to ("life-event:care");
  lt_navigate_to ("handover:care");
  fake_now = 0;
  loket_handover_page_set_staff_clock (handover_page (), fake_clock, NULL);
  lt_click (page_widget (GTK_TYPE_BUTTON, NULL, "flat"));

  for (guint i = 0; i < LOKET_STAFF_FREE_ATTEMPTS; i++)
    enter_pin ("000000");
  /* Rate-limited: even the right PIN waits. */
  wait_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Wrong PIN. Wait %u second before you try again.",
                                            "Wrong PIN. Wait %u seconds before you try again.", 30), 30);
  g_assert_nonnull (find_widget (loket_window_get_page (lt_get_window ()), GTK_TYPE_LABEL, wait_text, NULL));
  enter_pin ("482913");
  g_assert_null (find_widget (loket_window_get_page (lt_get_window ()), GTK_TYPE_BUTTON,
                              gettext ("Leave the staff view"), NULL));
  fake_now += 30 * G_USEC_PER_SEC;
  enter_pin ("482913");
  g_assert_nonnull (wait_for_widget (NULL, GTK_TYPE_BUTTON, gettext ("Leave the staff view"), NULL));
  g_assert_nonnull (page_widget (GTK_TYPE_LABEL, gettext ("Staff view of this visit"), NULL));
  lt_screenshot ("assisted-nl.png");

  /* Leaving leaves nothing: no summary, no PIN. */
  lt_click (page_widget (GTK_TYPE_BUTTON, gettext ("Leave the staff view"), NULL));
  g_assert_null (find_widget (loket_window_get_page (lt_get_window ()), GTK_TYPE_LABEL,
                              gettext ("Staff view of this visit"), NULL));
  g_assert_false (any_text (loket_window_get_page (lt_get_window ())));
  g_settings_reset (settings, "staff-pin-hash");
  start_over ();
}

/* ---- the desk ---- */

static void collect (GtkWidget *root,
                     GType      type,
                     GPtrArray *found);

static void
test_desk_window (void)
{
  const char *languages[] = { "nl", "ar" };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *name = g_strdup_printf ("desk-%s.png", languages[i]);
      g_autoptr(LbResponse) a = NULL, b = NULL;
      LoketDeskWindow *desk;
      GtkWidget *called;
      gint64 end;
      guint before;

      start_over ();
      a = lb_post_json (backend, "/desk/tickets", NULL,
                        "{\"life_event\":\"death\",\"language\":\"ar\",\"needs\":[\"interpreter\"],"
                        "\"summary\":\"{\\\"steps_done\\\":[\\\"register-death\\\"],\\\"entitlements\\\":[],\\\"requests_sent\\\":1}\"}");
      b = lb_post_json (backend, "/desk/tickets", NULL,
                        "{\"life_event\":\"money-worries\",\"language\":\"nl\",\"needs\":[\"larger-text\"],"
                        "\"summary\":\"{\\\"steps_done\\\":[],\\\"entitlements\\\":[\\\"zorgtoeslag\\\"],\\\"requests_sent\\\":0}\"}");
      g_assert_cmpuint (a->status, ==, 201);
      /* The staff member's language, as `loket --desk` sets it: interface and catalog texts. */
      loket_context_set_language (context (), g_str_equal (languages[i], "ar") ? LOKET_LANGUAGE_AR
                                                                              : LOKET_LANGUAGE_NL);
      lt_iterate ();
      desk = loket_desk_window_new (GTK_APPLICATION (app), context ());
      gtk_window_present (GTK_WINDOW (desk));
      end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
      while (loket_desk_window_get_n_waiting (desk) < 2 && g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, TRUE);
      before = loket_desk_window_get_n_waiting (desk);
      g_assert_cmpuint (before, >=, 2);
      g_assert_nonnull (wait_for_widget (GTK_WIDGET (desk), GTK_TYPE_LABEL,
                                         lb_member_string (a, "number"), "loket-desk-number"));

      /* Call next: the oldest ticket, with what was done on the kiosk. */
      lt_click (wait_for_widget (GTK_WIDGET (desk), GTK_TYPE_BUTTON, NULL, "suggested-action"));
      called = wait_for_widget (GTK_WIDGET (desk), GTK_TYPE_LABEL, NULL, "loket-ticket-number");
      g_assert_nonnull (called);
      end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
      while (loket_desk_window_get_n_waiting (desk) != before - 1 && g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (loket_desk_window_get_n_waiting (desk), ==, before - 1);
      /* What the kiosk found the citizen may be entitled to, by name, in the staff member's language. */
      {
        g_autoptr(GPtrArray) labels = g_ptr_array_new ();
        LoketService *service = loket_catalog_lookup_service (loket_context_get_catalog (context ()),
                                                              "zorgtoeslag");
        const char *title = loket_text_get (loket_service_get_title (service),
                                            loket_context_get_language (context ()), NULL);
        gboolean shown = FALSE;

        collect (GTK_WIDGET (desk), GTK_TYPE_LABEL, labels);
        for (guint j = 0; j < labels->len; j++)
          shown |= strstr (gtk_label_get_text (labels->pdata[j]), title) != NULL;
        g_assert_true (shown);
      }
      lt_wait_ms (800); /* past the stack's crossfade */
      lt_save_picture (GTK_WIDGET (desk), name);
      gtk_window_destroy (GTK_WINDOW (desk));
      lt_iterate ();
      /* Empty the queue for the next round. */
      while (TRUE)
        {
          g_autoptr(LbResponse) next = lb_request (backend, "POST", "/desk/tickets/next", NULL, NULL, NULL, 0);

          if (next->status != 200)
            break;
        }
    }
  loket_context_set_language (context (), LOKET_LANGUAGE_NL);
  lt_iterate ();
}

/* ---- no way out ---- */

static guint
count_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  return g_list_model_get_n_items (toplevels);
}

static void
test_kiosk_lockdown (void)
{
  LoketWindow *window = lt_get_window ();
  gboolean handled = FALSE;
  guint before = count_toplevels ();
  GtkWidget *label;
  const struct { guint key; GdkModifierType mods; gboolean blocked; } keys[] = {
    { GDK_KEY_q, GDK_CONTROL_MASK, TRUE }, { GDK_KEY_w, GDK_CONTROL_MASK, TRUE },
    { GDK_KEY_F4, GDK_ALT_MASK, TRUE }, { GDK_KEY_F11, 0, TRUE }, { GDK_KEY_F10, 0, TRUE },
    { GDK_KEY_I, GDK_CONTROL_MASK | GDK_SHIFT_MASK, TRUE }, { GDK_KEY_D, GDK_CONTROL_MASK | GDK_SHIFT_MASK, TRUE },
    { GDK_KEY_o, GDK_CONTROL_MASK, TRUE }, { GDK_KEY_p, GDK_CONTROL_MASK, TRUE }, { GDK_KEY_s, GDK_CONTROL_MASK, TRUE },
    { GDK_KEY_h, GDK_SUPER_MASK, TRUE }, { GDK_KEY_Tab, GDK_ALT_MASK, TRUE }, { GDK_KEY_F1, 0, TRUE },
    { GDK_KEY_BackSpace, GDK_CONTROL_MASK | GDK_ALT_MASK, TRUE }, { GDK_KEY_Delete, GDK_CONTROL_MASK | GDK_ALT_MASK, TRUE },
    { GDK_KEY_Print, 0, TRUE }, { GDK_KEY_m, GDK_SUPER_MASK, TRUE }, { GDK_KEY_space, GDK_ALT_MASK, TRUE },
    /* What a citizen needs keeps working. */
    { GDK_KEY_a, 0, FALSE }, { GDK_KEY_Tab, 0, FALSE }, { GDK_KEY_Return, 0, FALSE },
    { GDK_KEY_Escape, 0, FALSE }, { GDK_KEY_Left, GDK_ALT_MASK, FALSE }, { GDK_KEY_c, GDK_CONTROL_MASK, FALSE },
    { GDK_KEY_v, GDK_CONTROL_MASK, FALSE }, { GDK_KEY_A, GDK_SHIFT_MASK, FALSE },
  };

  /* The tests run the application in kiosk mode, as a kiosk does. */
  g_assert_true (loket_context_get_kiosk_mode (context ()));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (loket_kiosk_is_blocked_key (keys[i].key, keys[i].mods) != keys[i].blocked)
      g_error ("key %s with modifiers %x: blocked should be %d", gdk_keyval_name (keys[i].key),
               keys[i].mods, keys[i].blocked);

  /* The inspector cannot be opened, close requests are refused. */
  g_signal_emit_by_name (window, "enable-debugging", TRUE, &handled);
  lt_iterate ();
  g_assert_true (handled);
  g_assert_cmpuint (count_toplevels (), ==, before);
  gtk_window_close (GTK_WINDOW (window));
  lt_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (lt_get_window () == window);
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (window)));
  g_assert_false (gtk_window_get_decorated (GTK_WINDOW (window)));

  /* A link opens nothing. */
  label = gtk_label_new (NULL);
  g_object_ref_sink (label);
  gtk_label_set_markup (GTK_LABEL (label), "<a href=\"https://example.org/\">link</a>");
  handled = FALSE;
  g_signal_emit_by_name (label, "activate-link", "https://example.org/", &handled);
  g_assert_true (handled);
  g_assert_cmpuint (count_toplevels (), ==, before);
  g_object_unref (label);

  /* No file chooser anywhere in the window. */
  g_assert_null (find_any (GTK_WIDGET (window), GTK_TYPE_FILE_CHOOSER_WIDGET));
}

/* ---- the residue test ---- */

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
search_files (const char *directory,
              guint      *n_files)
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
        hits += search_files (path, n_files);
      else if (g_file_get_contents (path, &contents, &length, NULL))
        {
          g_test_message ("scanned %s (%" G_GSIZE_FORMAT " bytes)", name, length);
          (*n_files)++;
          hits += contains_needle (contents, length, path);
        }
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
      if (GTK_IS_TEXT_VIEW (child))
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child));
          GtkTextIter start, end;
          g_autofree char *contents = NULL;

          gtk_text_buffer_get_bounds (buffer, &start, &end);
          contents = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
          hits += contains_needle (contents, strlen (contents), "text view");
        }
      hits += search_widgets (child);
    }
  return hits;
}

static const char *
wait_for_code (void)
{
  GtkWidget *code = page_widget (GTK_TYPE_LABEL, NULL, "loket-user-code");
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_nonnull (code);
  while (*gtk_label_get_label (GTK_LABEL (code)) == '\0' && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  return gtk_label_get_label (GTK_LABEL (code));
}

static void
speed_up (void)
{
  for (GtkWidget *page = gtk_widget_get_first_child (gtk_widget_get_parent (loket_window_get_page (lt_get_window ())));
       page != NULL; page = gtk_widget_get_next_sibling (page))
    if (LOKET_IS_SIGN_IN_PAGE (page))
      loket_sign_in_page_set_time_unit (LOKET_SIGN_IN_PAGE (page), 100);
}

static void
sign_in (const char *bsn)
{
  start_over ();
  speed_up ();
  loket_idle_activity (loket_context_get_idle (context ()));
  lt_navigate_to ("life-events");
  lt_navigate_to ("life-event:moving");
  lt_click (page_widget (GTK_TYPE_BUTTON, gettext ("Sign in"), NULL));
  loket_test_shim_approve (shim, wait_for_code (), bsn, TRUE);
  wait_for_location ("my-data");
  g_assert_true (loket_session_get_signed_in (loket_context_get_session (context ())));
}

static void
test_sign_in_limit (void)
{
  LoketSession *session = loket_context_get_session (context ());

  sign_in ("999993653");
  /* A busy citizen who taps every minute: a minute before 15 minutes the warning, then signed out. */
  for (guint minute = 0; minute < 13; minute++)
    {
      advance (60);
      loket_idle_activity (loket_context_get_idle (context ()));
      lt_iterate ();
    }
  g_assert_true (loket_session_get_signed_in (session));
  g_assert_false (gtk_widget_get_visible (idle_warning ()));
  advance (60.5);
  g_assert_true (gtk_widget_get_visible (idle_warning ()));
  g_assert_nonnull (find_widget (idle_warning (), GTK_TYPE_LABEL, gettext ("Your sign-in ends soon"), NULL));
  lt_screenshot ("sign-in-limit-nl.png");
  loket_idle_activity (loket_context_get_idle (context ()));
  lt_iterate ();
  g_assert_false (gtk_widget_get_visible (idle_warning ()));
  advance (60);
  g_assert_false (loket_session_get_signed_in (session));
  g_assert_true (loket_session_get_sign_in_expired (session));
  g_assert_null (find_widget (loket_window_get_page (lt_get_window ()), GTK_TYPE_LABEL, "Suzanne Moulin", NULL));
  start_over ();
}

static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      else
        collect (child, type, found);
    }
}

static void
wait_for_location_prefix (const char *prefix)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!g_str_has_prefix (loket_window_get_location (lt_get_window ()), prefix) && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_true (g_str_has_prefix (loket_window_get_location (lt_get_window ()), prefix));
}

/* A request with the move form (issue 7): new address, date and people, sealed into the outbox. */
static void
send_move_request (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) soon = g_date_time_add_days (now, 3);
  g_autofree char *date = g_date_time_format (soon, "%d-%m-%Y");
  const char *answers[] = { "Spui", "70", "2511 BT", "Den Haag", date, "2" };
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  lt_navigate_to ("form:verhuizing-doorgeven/moving");
  lt_wait_ms (300);
  collect (loket_window_get_page (lt_get_window ()), GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (answers));
  for (guint i = 0; i < entries->len; i++)
    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[i]), answers[i]);
  lt_click (find_widget (loket_window_get_page (lt_get_window ()), GTK_TYPE_BUTTON, gettext ("Send"), NULL));
  wait_for_location_prefix ("receipt:");
  lt_wait_ms (1500); /* delivered from the outbox */
}

static void
test_residue (void)
{
  LoketSession *session = loket_context_get_session (context ());
  guint hits, n_files = 0;
  const char *dirs[] = { "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR" };

  /* The journey: sign in, see "What we already know", tick a step, talk to a person. */
  sign_in ("999970124");
  g_assert_nonnull (page_widget (GTK_TYPE_LABEL, "Pieter van Paassen", NULL));
  g_assert_nonnull (page_widget (GTK_TYPE_LABEL, "Kerkstraat 12 bis\n3011 AB  ROTTERDAM", NULL));
  /* The citizen copies the address, and types it into the correction field. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (lt_get_window ())), "Kerkstraat 12 bis");
  lt_click (find_widget (loket_window_get_page (lt_get_window ()), GTK_TYPE_BUTTON, NULL, "flat"));
  gtk_editable_set_text (GTK_EDITABLE (page_widget (GTK_TYPE_ENTRY, NULL, NULL)), "Kerkstraat 14, Pieter");
  g_assert_true (loket_window_go_back (lt_get_window ()));
  wait_for_location ("life-event:moving");
  send_move_request ();
  lt_navigate_to ("life-event:moving");
  {
    LoketLifeEvent *moving = loket_catalog_lookup_life_event (loket_context_get_catalog (context ()), "moving");
    g_autoptr(LoketStep) first_step = g_list_model_get_item (loket_life_event_get_steps (moving), 0);

    loket_session_set_step_done (session, "moving", loket_step_get_id (first_step), TRUE);
  }
  lt_click (page_widget (GTK_TYPE_BUTTON, NULL, "loket-handover-button"));
  lt_click (page_widget (GTK_TYPE_BUTTON, NULL, "suggested-action"));
  g_assert_true (g_regex_match_simple ("^[A-Z][0-9]{3}$", wait_for_ticket (), 0, 0));
  g_assert_cmpuint (loket_window_get_n_requests (lt_get_window ()), ==, 1);
  {
    /* The ticket says a request was sent and which step was done, by id. */
    g_autoptr(LbResponse) queue = lb_get (backend, "/desk/tickets", NULL);
    g_autofree char *body = g_strndup (g_bytes_get_data (queue->body, NULL), g_bytes_get_size (queue->body));

    g_assert_nonnull (strstr (body, "requests_sent\\\":1"));
  }

  /* The citizen walks away: the warning, then the wipe. */
  advance (LOKET_IDLE_DEFAULT_TIMEOUT);
  g_assert_true (gtk_widget_get_visible (idle_warning ()));
  {
    gint64 start = g_get_monotonic_time ();

    advance (LOKET_IDLE_MIN_WARNING);
    wait_for_location ("welcome");
    /* A figure, not an assertion: how long the wipe itself takes. */
    g_test_message ("wipe after expiry: %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  }
  lt_wait_ms (500);
  g_assert_false (loket_session_get_signed_in (session));
  g_assert_null (loket_session_get_person (session));

  /* The SQLite files (with -wal and -shm) and every other file the kiosk wrote. */
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    if (g_getenv (dirs[i]) != NULL)
      {
        hits = search_files (g_getenv (dirs[i]), &n_files);
        g_assert_cmpuint (hits, ==, 0);
      }
  g_test_message ("%u files scanned", n_files);
  g_assert_cmpuint (n_files, >, 0);
  /* The log: events, never the person. */
  g_assert_cmpuint (contains_needle (log_record->str, log_record->len, "the log"), ==, 0);
  g_assert_nonnull (strstr (log_record->str, "Sign-in approved"));
  g_assert_nonnull (strstr (log_record->str, "Idle timeout"));
  g_assert_nonnull (strstr (log_record->str, "Session wiped"));
  g_assert_nonnull (strstr (log_record->str, "Desk ticket"));
  g_assert_nonnull (strstr (log_record->str, "is sealed and stored"));
  g_test_message ("log: %" G_GSIZE_FORMAT " bytes searched", log_record->len);
  /* The widgets of every window, and the clipboard. */
  hits = 0;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    hits += search_widgets (l->data);
  g_assert_cmpuint (hits, ==, 0);
  g_assert_null (gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (lt_get_window ()))));
  /* The desk's queue and the back-end's log. */
  {
    g_autoptr(LbResponse) queue = lb_get (backend, "/desk/tickets", NULL);
    g_autofree char *log = lb_read_log (backend);

    g_assert_cmpuint (contains_needle (g_bytes_get_data (queue->body, NULL), g_bytes_get_size (queue->body),
                                       "the desk queue"), ==, 0);
    (void) log;
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  log_record = g_string_new (NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_setenv ("LOKET_NO_SOUND", "1", TRUE);
  {
    g_autofree char *wav = g_build_filename (g_get_tmp_dir (), "loket-test-residue-speech.wav", NULL);

    g_setenv ("LOKET_SPEECH_FILE", wav, TRUE);
  }
  g_log_set_writer_func (record_log_cb, NULL, NULL);
  g_setenv ("GTK_A11Y", "test", TRUE);
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

  g_test_add_func ("/loket/kiosk/idle-warning", test_idle_warning);
  g_test_add_func ("/loket/kiosk/wipe", test_wipe_resets_everything);
  g_test_add_func ("/loket/kiosk/handover", test_handover);
  g_test_add_func ("/loket/kiosk/assisted-mode", test_assisted_mode);
  g_test_add_func ("/loket/kiosk/desk-window", test_desk_window);
  g_test_add_func ("/loket/kiosk/lockdown", test_kiosk_lockdown);
  g_test_add_func ("/loket/kiosk/sign-in-limit", test_sign_in_limit);
  g_test_add_func ("/loket/kiosk/residue", test_residue);

  ret = g_test_run ();

  lt_app_stop ();
  loket_test_shim_free (shim);
  lb_stop (backend);
  g_string_free (log_record, TRUE);
  return ret;
}
