/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test-entitlements-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "loket-application.h"
#include "loket-desk-client.h"
#include "loket-entitlements-view.h"
#include "loket-handover-page.h"
#include "loket-test-shim.h"
#include "loket-test-ui.h"
#include "loket-test-utils.h"
#include "loket-window.h"

/*
 * The entitlements view on a life-event page (issue 6), in the real application: anonymous
 * questions one at a time until a first answer, the answers kept through a language change, the
 * register filling in the rest after signing in at the real reference back-end, personal dates,
 * touch sizes and accessible names; pictures in Dutch and Arabic when LOKET_SCREENSHOT_DIR is set.
 */

static LoketApplication *app;
static LbServer *backend;
static LoketTestShim *shim;

static GtkWidget *
find_view (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (LOKET_IS_ENTITLEMENTS_VIEW (child))
        return child;
      if ((found = find_view (child)) != NULL)
        return found;
    }
  return NULL;
}

static LoketEntitlementsView *
get_view (void)
{
  GtkWidget *view = find_view (loket_window_get_page (lt_get_window ()));

  g_assert_nonnull (view);
  return LOKET_ENTITLEMENTS_VIEW (view);
}

/* Collects the mapped buttons with css class @css_class below @root. */
static void
collect_buttons (GtkWidget  *root,
                 const char *css_class,
                 GPtrArray  *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (GTK_IS_BUTTON (child) && gtk_widget_has_css_class (child, css_class))
        g_ptr_array_add (out, child);
      collect_buttons (child, css_class, out);
    }
}

/* Every label text below @root, joined. */
static void
collect_text (GtkWidget *root,
              GString   *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (GTK_IS_LABEL (child))
        {
          g_string_append (out, gtk_label_get_label (GTK_LABEL (child)));
          g_string_append_c (out, '\n');
        }
      collect_text (child, out);
    }
}

static char *
view_text (void)
{
  GString *text = g_string_new (NULL);

  collect_text (GTK_WIDGET (get_view ()), text);
  return g_string_free (text, FALSE);
}

static void
check_touch_and_names (GtkWidget *root,
                       guint     *n_checked)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (GTK_IS_BUTTON (child) || GTK_IS_ENTRY (child))
        {
          int height;

          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
          if (height < 64)
            g_error ("%s is %d px high", G_OBJECT_TYPE_NAME (child), height);
          if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL)
              && !gtk_test_accessible_has_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY)
              && !(GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) != NULL))
            g_error ("%s has no accessible name", G_OBJECT_TYPE_NAME (child));
          (*n_checked)++;
        }
      check_touch_and_names (child, n_checked);
    }
}

/* The window with the page scrolled to the entitlements view. */
static void
screenshot_at (const char *name,
               gboolean    at_end)
{
  GtkWidget *view = GTK_WIDGET (get_view ());
  GtkWidget *scroller = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  graphene_point_t point;

  if (g_getenv ("LOKET_SCREENSHOT_DIR") == NULL)
    return;
  lt_wait_ms (800);
  if (scroller != NULL && gtk_widget_compute_point (view, scroller, &GRAPHENE_POINT_INIT (0, 0), &point))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

      double y = point.y - 16;

      if (at_end)
        y += gtk_widget_get_height (view) - 560;
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + y);
      lt_wait_ms (300);
    }
  lt_save_picture (GTK_WIDGET (lt_get_window ()), name);
}

/* Answers the question shown with its option @index; FALSE when no question is shown. */
static gboolean
answer (guint index)
{
  g_autoptr(GPtrArray) options = g_ptr_array_new ();

  lt_wait_ms (50);
  collect_buttons (GTK_WIDGET (get_view ()), "loket-answer", options);
  if (options->len == 0)
    return FALSE;
  g_assert_cmpuint (index, <, options->len);
  g_signal_emit_by_name (options->pdata[index], "clicked");
  lt_iterate ();
  return TRUE;
}

/* The option a single person of 40 on a low income, renting, with one child, gives. */
static guint
choose (const char *question)
{
  struct { const char *words; guint option; } choices[] = {
    { "partner", 0 }, { "How old", 2 }, { "gross income", 0 }, { "savings", 0 },
    { "How do you live", 0 }, { "children", 1 }, { "social assistance", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    if (strstr (question, choices[i].words) != NULL)
      return choices[i].option;
  g_error ("unexpected question: %s", question);
  return 0;
}

/* Answers the questions one at a time; returns how many were asked. */
static guint
answer_until (const char *needle)
{
  guint n = 0;

  while (TRUE)
    {
      g_autofree char *text = view_text ();
      const char *start = strstr (text, "Question ");
      g_auto(GStrv) lines = NULL;

      if (needle != NULL && strstr (text, needle) != NULL)
        break;
      if (start == NULL)
        break;
      lines = g_strsplit (start, "\n", 3);
      g_assert_true (answer (choose (lines[1])));
      n++;
      g_assert_cmpuint (n, <=, LOKET_N_QUESTIONS);
    }
  return n;
}

/* A fresh visit in English, on the life-event page at @location, as a citizen gets there. */
static void
open_in_english (const char *location)
{
  loket_window_start_over (lt_get_window ());
  lt_iterate ();
  loket_context_set_language (loket_window_get_context (lt_get_window ()), LOKET_LANGUAGE_EN);
  lt_iterate ();
  lt_wait_ms (200);
  lt_navigate_to ("life-events");
  lt_navigate_to (location);
}

static void
test_anonymous (void)
{
  g_autofree char *text = NULL;
  LoketRuleFacts *facts;
  guint first, n_checked = 0;

  open_in_english ("life-event:money-worries");
  lt_wait_ms (100);

  text = view_text ();
  g_assert_nonnull (strstr (text, "Question 1"));
  g_assert_nonnull (strstr (text, "Answer a few simple questions"));
  g_clear_pointer (&text, g_free);
  check_touch_and_names (GTK_WIDGET (get_view ()), &n_checked);
  g_assert_cmpuint (n_checked, >=, 2);

  /* A first "probably" after at most five answers. */
  first = answer_until ("You are probably entitled to this");
  g_assert_cmpuint (first, >=, 1);
  g_assert_cmpuint (first, <=, 5);
  answer_until (NULL);

  text = view_text ();
  g_test_message ("view: %s", text);
  g_assert_nonnull (strstr (text, "Estimate: up to €129 a month"));
  g_assert_nonnull (strstr (text, "Law: Wet op de zorgtoeslag"));
  g_assert_nonnull (strstr (text, "You may be entitled to this")); /* the municipal supplement */
  g_assert_null (strstr (text, "Question "));
  g_clear_pointer (&text, g_free);
  facts = loket_entitlements_view_get_facts (get_view ());
  g_assert_cmpint (loket_rule_facts_get_answer (facts, LOKET_QUESTION_HOUSEHOLD), ==, 0);

  /* A "How to apply" button leads to the step of this life event. */
  {
    g_autoptr(GPtrArray) apply = g_ptr_array_new ();

    collect_buttons (GTK_WIDGET (get_view ()), "suggested-action", apply);
    g_assert_cmpuint (apply->len, >=, 1);
    n_checked = 0;
    check_touch_and_names (GTK_WIDGET (get_view ()), &n_checked);
  }

  /* A hand-over to the desk carries what was found: service ids, nothing personal. */
  {
    LoketContext *context = loket_window_get_context (lt_get_window ());
    LoketLifeEvent *event = loket_catalog_lookup_life_event (loket_context_get_catalog (context),
                                                             "money-worries");
    g_autofree char *summary = loket_handover_build_summary (context, event, 0);
    g_autoptr(LoketDeskSummary) parsed = loket_desk_summary_parse (summary);

    g_test_message ("hand-over summary: %s", summary);
    g_assert_nonnull (parsed);
    g_assert_nonnull (parsed->entitlements);
    g_assert_true (g_strv_contains ((const char *const *) parsed->entitlements, "zorgtoeslag"));
    g_assert_true (loket_desk_text_is_safe (summary));
  }
}

static void
test_languages_and_dates (void)
{
  LoketContext *context;
  g_autofree char *text = NULL;
  GDate move;

  loket_window_start_over (lt_get_window ());
  lt_iterate ();
  context = loket_window_get_context (lt_get_window ());
  loket_context_set_language (context, LOKET_LANGUAGE_EN);
  lt_iterate ();
  lt_wait_ms (200);
  lt_navigate_to ("life-events");
  lt_navigate_to ("life-event:moving");
  answer_until (NULL);

  g_date_clear (&move, 1);
  g_date_set_dmy (&move, 4, G_DATE_MARCH, 2026);
  loket_entitlements_view_set_date (get_view (), &move);
  lt_iterate ();
  text = view_text ();
  g_assert_nonnull (strstr (text, "Wednesday 4 February 2026"));
  g_assert_nonnull (strstr (text, "Monday 9 March 2026"));
  g_clear_pointer (&text, g_free);

  /* Dutch: the window is rebuilt; the answers stay with the session. */
  loket_context_set_language (context, LOKET_LANGUAGE_NL);
  lt_iterate ();
  lt_wait_ms (200);
  lt_navigate_to ("life-event:moving");
  g_assert_cmpint (loket_rule_facts_get_answer (loket_entitlements_view_get_facts (get_view ()),
                                                LOKET_QUESTION_HOUSEHOLD), ==, 0);
  loket_entitlements_view_set_date (get_view (), &move);
  lt_iterate ();
  text = view_text ();
  g_assert_nonnull (strstr (text, "Zorgtoeslag"));
  g_assert_nonnull (strstr (text, "Uw inkomen"));
  g_assert_nonnull (strstr (text, "maandag 9 maart 2026"));
  g_clear_pointer (&text, g_free);
  lt_screenshot ("entitlements-nl.png");
  screenshot_at ("entitlements-dates-nl.png", TRUE);

  loket_context_set_language (context, LOKET_LANGUAGE_AR);
  lt_iterate ();
  lt_wait_ms (200);
  lt_navigate_to ("life-event:moving");
  loket_entitlements_view_set_date (get_view (), &move);
  lt_iterate ();
  text = view_text ();
  g_assert_nonnull (strstr (text, "إعانة الرعاية الصحية"));
  g_assert_nonnull (strstr (text, "مارس 2026"));
  g_clear_pointer (&text, g_free);
  lt_screenshot ("entitlements-ar.png");
  screenshot_at ("entitlements-dates-ar.png", TRUE);

  loket_context_set_language (context, LOKET_LANGUAGE_EN);
  lt_iterate ();
  lt_wait_ms (200);
}

static void
test_signed_in (void)
{
  LoketContext *context;
  LoketSession *session;
  g_autofree char *text = NULL;

  open_in_english ("life-event:baby");

  /* Sign in directly at the session with a person from the reference back-end's register. */
  context = loket_window_get_context (lt_get_window ());
  session = loket_context_get_session (context);
  {
    g_autofree char *path = loket_test_source_path ("backend", "data", "personen.json", NULL);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(LoketPerson) person = NULL;
    g_autoptr(GError) error = NULL;
    JsonArray *persons;

    /* A test person of the reference back-end's register; the sign-in journey itself is
     * covered by the sign-in-ui test and, in the core, by the rules test. */
    json_parser_load_from_file (parser, path, &error);
    g_assert_no_error (error);
    persons = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "personen");
    for (guint i = 0; i < json_array_get_length (persons); i++)
      {
        JsonObject *o = json_array_get_object_element (persons, i);

        if (g_strcmp0 (json_object_get_string_member_with_default (o, "burgerservicenummer", ""),
                       "999970124") == 0)
          person = loket_person_new_from_json (o, &error);
      }
    g_assert_no_error (error);
    g_assert_nonnull (person);
    loket_session_sign_in (session, "token", 900, "999970124", person);
  }
  lt_iterate ();
  text = view_text ();
  g_assert_nonnull (strstr (text, "We used what the register knows about you"));
  g_assert_nonnull (strstr (text, "Child benefit (kinderbijslag)"));
  g_assert_nonnull (strstr (text, "You are probably entitled to this"));
  /* four children of 3, 7, 9 and 10 (on 28 November 2026): known ages, one amount */
  g_assert_nonnull (strstr (text, "€1,369.97 a quarter"));
  /* The register knows the partner and the children; the child budget still asks for money. */
  g_assert_nonnull (strstr (text, "Question 1"));
  g_assert_null (strstr (text, "Do you live together with a partner?"));
  g_assert_null (strstr (text, "How many children"));
  g_clear_pointer (&text, g_free);
  lt_screenshot ("entitlements-signed-in-en.png");

  /* Retiring: the AOW date from the register's date of birth (12 June 1987: not fixed yet). */
  lt_navigate_to ("life-event:retiring");
  text = view_text ();
  g_assert_nonnull (strstr (text, "Your AOW age is not fixed yet"));
  g_clear_pointer (&text, g_free);
  /* Signing out takes the date of birth off the screen. */
  loket_session_sign_out (session);
  lt_iterate ();
  text = view_text ();
  g_assert_null (strstr (text, "1987"));
  g_assert_null (strstr (text, "not fixed yet"));
  g_clear_pointer (&text, g_free);
  {
    GtkWidget *entry = NULL;

    for (GtkWidget *w = GTK_WIDGET (get_view ()); w != NULL; )
      {
        if (GTK_IS_ENTRY (w))
          {
            entry = w;
            break;
          }
        if (gtk_widget_get_first_child (w) != NULL)
          w = gtk_widget_get_first_child (w);
        else
          {
            while (w != NULL && gtk_widget_get_next_sibling (w) == NULL && w != GTK_WIDGET (get_view ()))
              w = gtk_widget_get_parent (w);
            w = (w == NULL || w == GTK_WIDGET (get_view ())) ? NULL : gtk_widget_get_next_sibling (w);
          }
      }
    g_assert_nonnull (entry);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  }
  lt_navigate_to ("life-event:baby");
  loket_rule_facts_answer (loket_entitlements_view_get_facts (get_view ()), LOKET_QUESTION_INCOME, 0);
  loket_session_wipe (session);
  lt_iterate ();
  /* Wiping the session forgets every answer. */
  g_assert_cmpint (loket_rule_facts_get_answer (loket_entitlements_view_get_facts (get_view ()),
                                                LOKET_QUESTION_INCOME), ==, -1);
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

  g_test_add_func ("/loket/entitlements-ui/anonymous", test_anonymous);
  g_test_add_func ("/loket/entitlements-ui/languages-and-dates", test_languages_and_dates);
  g_test_add_func ("/loket/entitlements-ui/signed-in", test_signed_in);

  ret = g_test_run ();

  lt_app_stop ();
  loket_test_shim_free (shim);
  lb_stop (backend);
  return ret;
}
