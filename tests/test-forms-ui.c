/* SPDX-License-Identifier: EUPL-1.2 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "loket-test-forms-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "loket-application.h"
#include "loket-form-page.h"
#include "loket-prefill.h"
#include "loket-receipt-page.h"
#include "loket-sign-in-page.h"
#include "loket-test-shim.h"
#include "loket-test-ui.h"
#include "loket-test-utils.h"
#include "loket-window.h"
#include "loket-zaken-client.h"

/*
 * Issue 7 in the real application against the real reference back-end: a step's "Do this now",
 * sign-in from the form, prefilled facts shown (with their source) and not asked, a validation
 * error next to its field with what was typed kept, "Send" into the sealed outbox, the receipt
 * (reference, date, QR code without personal data, printed to PDF and read back with pdftotext),
 * the new case in "My cases"; then the same offline: queued, and delivered once the intake is back.
 */

static LoketApplication *app;
static LbServer *backend;
static LoketTestShim *shim;

/* The citizen: 999970124, Pieter van Paassen, Kerkstraat 12 bis, 3011 AB Rotterdam. */
static const char *const personal[] = {
  "999970124", "Pieter", "Paassen", "Kerkstraat", "3011", "Spui", "2511",
};

static LoketContext *
get_context (void)
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
    return adw_status_page_get_title (ADW_STATUS_PAGE (widget));
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

static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      collect (child, type, found);
    }
}

static GtkWidget *
page (void)
{
  return loket_window_get_page (lt_get_window ());
}

static GtkWidget *
wait_for_widget (GType       type,
                 const char *text,
                 const char *css_class)
{
  gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  GtkWidget *found = NULL;

  while ((found = find_widget (page (), type, text, css_class)) == NULL && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return found;
}

static void
wait_for_location_prefix (const char *prefix)
{
  gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (!g_str_has_prefix (loket_window_get_location (lt_get_window ()), prefix)
         && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_true (g_str_has_prefix (loket_window_get_location (lt_get_window ()), prefix));
}

/* Every button and entry: an accessible name, and at least 64 px high. */
static guint
check_controls (GtkWidget *root)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (GTK_IS_BUTTON (child) || GTK_IS_ENTRY (child) || GTK_IS_CHECK_BUTTON (child))
        {
          int height;

          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
          if (height < 64)
            g_error ("%s (%s) is %d px high", G_OBJECT_TYPE_NAME (child), widget_text (child), height);
          if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL)
              && !gtk_test_accessible_has_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY)
              && (!GTK_IS_BUTTON (child) || gtk_button_get_label (GTK_BUTTON (child)) == NULL)
              && (!GTK_IS_CHECK_BUTTON (child) || gtk_check_button_get_label (GTK_CHECK_BUTTON (child)) == NULL))
            g_error ("%s (%s) has no accessible name", G_OBJECT_TYPE_NAME (child), widget_text (child));
          n++;
        }
      n += check_controls (child);
    }
  return n;
}

static gboolean
has_personal_data (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (personal); i++)
    if (text != NULL && strstr (text, personal[i]) != NULL)
      {
        g_test_message ("found %s", personal[i]);
        return TRUE;
      }
  return FALSE;
}

static gint64
intake_unique (void)
{
  g_autoptr(LbResponse) stats = lb_get (backend, "/intake/stats", NULL);

  g_assert_cmpuint (stats->status, ==, 200);
  return json_object_get_int_member (lb_object (stats), "unique");
}

static void
sign_in_from_form (const char *bsn)
{
  GtkWidget *code;
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (GtkWidget *p = gtk_widget_get_first_child (gtk_widget_get_parent (page ())); p;
       p = gtk_widget_get_next_sibling (p))
    if (LOKET_IS_SIGN_IN_PAGE (p))
      loket_sign_in_page_set_time_unit (LOKET_SIGN_IN_PAGE (p), 100);
  lt_click (wait_for_widget (GTK_TYPE_BUTTON, gettext ("Sign in"), NULL));
  wait_for_location_prefix ("sign-in:form:");
  code = wait_for_widget (GTK_TYPE_LABEL, NULL, "loket-user-code");
  g_assert_nonnull (code);
  while (*gtk_label_get_label (GTK_LABEL (code)) == '\0' && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  loket_test_shim_approve (shim, gtk_label_get_label (GTK_LABEL (code)), bsn, TRUE);
  wait_for_location_prefix ("form:");
}

/* Fills the questions of the move form (new address, date, people) in page order. */
static GPtrArray *
fill_move_form (const char *postcode)
{
  g_autoptr(GDateTime) soon = g_date_time_add_days (g_date_time_new_now_local (), 3);
  g_autofree char *date = g_date_time_format (soon, "%d-%m-%Y");
  GPtrArray *entries = g_ptr_array_new ();
  const char *answers[] = { "Spui", "70", postcode, "Den Haag", date, "2" };

  collect (page (), GTK_TYPE_ENTRY, entries);
  /* Only what is missing is asked: BSN, name and current postcode are known. */
  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (answers));
  for (guint i = 0; i < entries->len; i++)
    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[i]), answers[i]);
  return entries;
}

static GtkWidget *
wait_for_status (const char *css_class)
{
  return wait_for_widget (GTK_TYPE_LABEL, NULL, css_class);
}

static void
test_journey (void)
{
  LoketOutbox *outbox = loket_context_get_outbox (get_context ());
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new ();
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *reference = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *error_label, *status, *source;
  const char *qr;
  const char *argv[4];
  gint64 unique_before = intake_unique ();
  gint64 sent_at, delivered_after;
  int exit_status;

  loket_window_start_over (lt_get_window ());
  lt_iterate ();
  lt_navigate_to ("life-events");
  lt_navigate_to ("step:moving/report-move");

  /* The step's service has a form: "Do this now". */
  lt_screenshot ("step-do-now-nl.png");
  lt_click (wait_for_widget (GTK_TYPE_BUTTON, gettext ("Do this now"), NULL));
  g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "form:verhuizing-doorgeven/moving");

  /* Not signed in: everything is asked, and signing in is offered; what was typed stays. */
  collect (page (), GTK_TYPE_ENTRY, errors);
  g_assert_cmpuint (errors->len, ==, 9);
  gtk_editable_set_text (GTK_EDITABLE (errors->pdata[3]), "Spuistraat");
  g_ptr_array_set_size (errors, 0);
  sign_in_from_form ("999970124");
  g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "form:verhuizing-doorgeven/moving");
  collect (page (), GTK_TYPE_ENTRY, errors);
  g_assert_cmpuint (errors->len, ==, 6);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (errors->pdata[0])), ==, "Spuistraat");
  g_ptr_array_set_size (errors, 0);

  /* Prefilled facts are shown as known, with their source, and not asked. */
  g_assert_nonnull (wait_for_widget (GTK_TYPE_LABEL, "Pieter van Paassen", "loket-known-value"));
  g_assert_nonnull (find_widget (page (), GTK_TYPE_LABEL, "999970124", "loket-known-value"));
  g_assert_nonnull (find_widget (page (), GTK_TYPE_LABEL, "3011 AB", "loket-known-value"));
  source = find_widget (page (), GTK_TYPE_LABEL, NULL, "loket-source");
  g_assert_cmpstr (widget_text (source), ==, gettext ("Source: Basisregistratie Personen (BRP)"));

  /* A postcode with SA: the message next to the field and in the summary; what was typed stays. */
  entries = fill_move_form ("2511 SA");
  lt_click (find_widget (page (), GTK_TYPE_BUTTON, gettext ("Send"), NULL));
  error_label = find_widget (page (), GTK_TYPE_LABEL, NULL, "loket-field-error");
  g_assert_nonnull (error_label);
  g_test_message ("error: %s", gtk_label_get_label (GTK_LABEL (error_label)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), !=, "");
  g_assert_nonnull (find_widget (page (), GTK_TYPE_BUTTON, gtk_label_get_label (GTK_LABEL (error_label)),
                                 "loket-error-link"));
  g_assert_nonnull (find_widget (page (), GTK_TYPE_LABEL, gettext ("There is a problem"), NULL));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entries->pdata[2])), ==, "2511 SA");
  g_assert_true (gtk_widget_has_css_class (entries->pdata[2], "error"));
  g_assert_true (gtk_test_accessible_has_property (entries->pdata[2], GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  g_assert_false (gtk_widget_has_css_class (entries->pdata[0], "error"));
  g_assert_cmpuint (intake_unique (), ==, unique_before);
  g_assert_cmpuint (check_controls (page ()), >=, 8);
  lt_screenshot ("form-error-nl.png");
  gtk_widget_grab_focus (entries->pdata[2]);
  lt_screenshot ("form-error-field-nl.png");

  /* Mended: sent, sealed in the outbox first, delivered within a second. */
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[2]), "2511 BT");
  sent_at = g_get_monotonic_time ();
  lt_click (find_widget (page (), GTK_TYPE_BUTTON, gettext ("Send"), NULL));
  wait_for_location_prefix ("receipt:");
  status = wait_for_status ("success");
  g_assert_nonnull (status);
  delivered_after = (g_get_monotonic_time () - sent_at) / 1000;
  g_test_message ("Send to delivered: %" G_GINT64_FORMAT " ms", delivered_after);
  g_print ("# online: Send to delivered in %" G_GINT64_FORMAT " ms\n", delivered_after);
  g_assert_cmpuint (loket_outbox_get_n_pending (outbox), ==, 0);
  g_assert_cmpint (intake_unique (), ==, unique_before + 1);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (status)), "LOKET-"));

  /* The receipt: a reference, a date, a QR code with nothing personal in it. */
  reference = g_strdup (loket_receipt_page_get_reference (LOKET_RECEIPT_PAGE (page ())));
  g_assert_true (g_regex_match_simple ("^LK-[0-9A-F]{4}-[0-9A-F]{4}$", reference, 0, 0));
  g_assert_nonnull (find_widget (page (), GTK_TYPE_LABEL, reference, NULL));
  qr = loket_receipt_page_get_qr_text (LOKET_RECEIPT_PAGE (page ()));
  g_test_message ("QR: %s", qr);
  g_assert_nonnull (strstr (qr, reference));
  g_assert_false (has_personal_data (qr));
  g_assert_nonnull (find_widget (page (), GTK_TYPE_IMAGE, NULL, "loket-qr"));
  g_assert_cmpuint (check_controls (page ()), >=, 3);
  lt_screenshot ("receipt-nl.png");

  /* The printable receipt, exported to PDF and read back. */
  tmp = g_dir_make_tmp ("loket-receipt-XXXXXX", &error);
  g_assert_no_error (error);
  pdf = g_build_filename (tmp, "receipt.pdf", NULL);
  g_assert_true (loket_receipt_page_export_pdf (LOKET_RECEIPT_PAGE (page ()), pdf, &error));
  g_assert_no_error (error);
  argv[0] = "pdftotext";
  argv[1] = pdf;
  argv[2] = "-";
  argv[3] = NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &text, NULL, &exit_status, &error))
    {
      g_test_skip ("pdftotext is not installed (poppler-utils)");
      return;
    }
  g_test_message ("PDF text: %s", text);
  g_assert_nonnull (strstr (text, reference));
  g_assert_nonnull (strstr (text, gettext ("What happens next")));
  g_assert_false (has_personal_data (text));
  g_unlink (pdf);
  g_rmdir (tmp);
  if (g_getenv ("LOKET_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *copy = g_build_filename (g_getenv ("LOKET_SCREENSHOT_DIR"), "receipt-nl.pdf", NULL);

      g_assert_true (loket_receipt_page_export_pdf (LOKET_RECEIPT_PAGE (page ()), copy, NULL));
    }

  /* My cases: the new request is there, in words. */
  lt_click (wait_for_widget (GTK_TYPE_BUTTON, gettext ("My cases"), NULL));
  g_assert_cmpstr (loket_window_get_location (lt_get_window ()), ==, "cases");
  {
    GtkWidget *state = wait_for_widget (GTK_TYPE_LABEL, NULL, "loket-case-state");
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    gboolean found = FALSE;
    const char *case_number = strstr (gtk_label_get_label (GTK_LABEL (status)), "LOKET-");
    g_autofree char *number = g_strndup (case_number, strlen ("LOKET-2026-000001"));

    g_assert_nonnull (state);
    collect (page (), GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      if (strstr (gtk_label_get_label (labels->pdata[i]), number) != NULL)
        found = TRUE;
    g_assert_true (found);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (state)), ==,
                     loket_case_state_describe (LOKET_CASE_RECEIVED));
  }
  lt_screenshot ("cases-nl.png");
}

static void
test_offline (void)
{
  LoketOutbox *outbox = loket_context_get_outbox (get_context ());
  g_autoptr(GPtrArray) entries = NULL;
  gint64 unique_before = intake_unique ();
  GtkWidget *status;

  g_assert_true (loket_session_get_signed_in (loket_context_get_session (get_context ())));
  loket_outbox_set_backoff (outbox, 100, 400);
  for (GtkWidget *p = gtk_widget_get_first_child (gtk_widget_get_parent (page ())); p;
       p = gtk_widget_get_next_sibling (p))
    if (LOKET_IS_RECEIPT_PAGE (p))
      loket_receipt_page_set_queued_delay (LOKET_RECEIPT_PAGE (p), 500);

  lt_navigate_to ("form:verhuizing-doorgeven/moving");
  entries = fill_move_form ("2511 BT");

  /* The back-end is down (discovery and intake): the request is sealed to the intake key read
   * before, kept, and the citizen is told so. */
  loket_discovery_invalidate (loket_context_get_discovery (get_context ()));
  loket_test_shim_fault (shim, "discovery:drop");
  loket_test_shim_fault (shim, "intake:drop");
  lt_click (find_widget (page (), GTK_TYPE_BUTTON, gettext ("Send"), NULL));
  wait_for_location_prefix ("receipt:");
  status = wait_for_status ("warning");
  g_assert_nonnull (status);
  g_test_message ("offline: %s", gtk_label_get_label (GTK_LABEL (status)));
  g_assert_cmpuint (loket_outbox_get_n_pending (outbox), ==, 1);
  lt_screenshot ("receipt-queued-nl.png");

  /* Back: delivered without the citizen doing anything, exactly once. */
  loket_test_shim_fault (shim, NULL);
  status = wait_for_status ("success");
  g_assert_nonnull (status);
  g_assert_cmpuint (loket_outbox_get_n_pending (outbox), ==, 0);
  g_assert_cmpint (intake_unique (), ==, unique_before + 1);
}

/* A form with choices: each answer a large radio button; none chosen is an error, shown. */
static void
test_choices (void)
{
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  GtkWidget *error_label;

  lt_navigate_to ("form:individuele-inkomenstoeslag/money-worries");
  collect (page (), GTK_TYPE_CHECK_BUTTON, checks);
  g_assert_cmpuint (checks->len, >=, 4);
  g_assert_cmpuint (check_controls (page ()), >=, checks->len + 3);
  lt_click (find_widget (page (), GTK_TYPE_BUTTON, gettext ("Send"), NULL));
  error_label = find_widget (page (), GTK_TYPE_LABEL, NULL, "loket-field-error");
  g_assert_nonnull (error_label);
  g_test_message ("choice error: %s", gtk_label_get_label (GTK_LABEL (error_label)));
  g_assert_true (gtk_test_accessible_has_property (checks->pdata[0], GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  lt_screenshot ("form-choices-nl.png");
}

/* The sign-in ends while the form is open: the register's facts leave the screen, the answers stay. */
static void
test_sign_in_ends (void)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  lt_navigate_to ("form:verhuizing-doorgeven/moving");
  g_assert_nonnull (find_widget (page (), GTK_TYPE_LABEL, "Pieter van Paassen", "loket-known-value"));
  g_ptr_array_unref (fill_move_form ("2511 BT"));
  loket_session_expire_sign_in (loket_context_get_session (get_context ()));
  lt_iterate ();
  g_assert_null (find_widget (page (), GTK_TYPE_LABEL, NULL, "loket-known-value"));
  collect (page (), GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, 9);
  g_assert_cmpstr (gtk_editable_get_text (entries->pdata[0]), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (entries->pdata[3]), ==, "Spui");
  g_assert_cmpstr (gtk_editable_get_text (entries->pdata[5]), ==, "2511 BT");
}

static void
test_arabic (void)
{
  loket_context_set_language (get_context (), LOKET_LANGUAGE_AR);
  lt_wait_ms (300);
  lt_navigate_to ("form:verhuizing-doorgeven/moving");
  g_ptr_array_unref (fill_move_form ("2511 SA"));
  lt_click (find_widget (page (), GTK_TYPE_BUTTON, gettext ("Send"), NULL));
  g_assert_nonnull (find_widget (page (), GTK_TYPE_LABEL, NULL, "loket-field-error"));
  lt_screenshot ("form-error-ar.png");
  g_ptr_array_unref (fill_move_form ("2511 BT"));
  lt_click (find_widget (page (), GTK_TYPE_BUTTON, gettext ("Send"), NULL));
  wait_for_location_prefix ("receipt:");
  g_assert_nonnull (wait_for_status ("success"));
  lt_screenshot ("receipt-ar.png");
  loket_context_set_language (get_context (), LOKET_LANGUAGE_NL);
  lt_wait_ms (300);
}

/* After "Stop": nothing of the visit is left on the form, and My cases asks to sign in. */
static void
test_after_stop (void)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  loket_window_start_over (lt_get_window ());
  lt_wait_ms (200);
  g_assert_false (loket_session_get_signed_in (loket_context_get_session (get_context ())));
  lt_navigate_to ("cases");
  g_assert_nonnull (wait_for_widget (ADW_TYPE_STATUS_PAGE, gettext ("Sign in to see your cases"), NULL));
  lt_navigate_to ("form:verhuizing-doorgeven/moving");
  g_assert_null (find_widget (page (), GTK_TYPE_LABEL, NULL, "loket-known-value"));
  collect (page (), GTK_TYPE_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, 9);
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpstr (gtk_editable_get_text (entries->pdata[i]), ==, "");
}

static void
test_prefill_facts (void)
{
  g_autoptr(LoketFacts) none = loket_facts_new_for_person (NULL);

  g_assert_cmpuint (loket_facts_get_size (none), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

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

  g_test_add_func ("/loket/forms-ui/prefill-facts", test_prefill_facts);
  g_test_add_func ("/loket/forms-ui/journey", test_journey);
  g_test_add_func ("/loket/forms-ui/offline", test_offline);
  g_test_add_func ("/loket/forms-ui/choices", test_choices);
  g_test_add_func ("/loket/forms-ui/arabic", test_arabic);
  g_test_add_func ("/loket/forms-ui/sign-in-ends", test_sign_in_ends);
  g_test_add_func ("/loket/forms-ui/after-stop", test_after_stop);

  ret = g_test_run ();

  lt_app_stop ();
  loket_test_shim_free (shim);
  lb_stop (backend);
  return ret;
}
