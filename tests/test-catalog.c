/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test-catalog"

#include "config.h"

#include <string.h>

#include "loket-catalog.h"
#include "loket-error.h"
#include "loket-session.h"
#include "loket-test-utils.h"

/* A small valid catalog in three files, mutated by the bad-input cases below. */
static const char *orgs_json =
  "{\"organisations\": [{\"id\": \"gemeente\", \"name\": {\"nl\": \"Gemeente\", \"en\": \"Municipality\"},"
  " \"url\": \"https://www.example.nl/\"}]}";
static const char *services_json =
  "{\"services\": [{\"id\": \"verhuizing\", \"title\": {\"nl\": \"Verhuizing doorgeven\", \"en\": \"Report a move\"},"
  " \"summary\": {\"nl\": \"Geef uw nieuwe adres door.\", \"en\": \"Give your new address.\"},"
  " \"body\": {\"nl\": \"Tekst.\", \"en\": \"Text.\"}, \"organisation\": \"gemeente\","
  " \"source\": \"https://www.rijksoverheid.nl/\","
  " \"upl\": \"http://standaarden.overheid.nl/owms/terms/verhuizing\"}]}";
static const char *event_json =
  "{\"life_events\": [{\"id\": \"moving\", \"order\": 1, \"icon\": \"loket-moving-symbolic\","
  " \"title\": {\"nl\": \"Verhuizen\", \"en\": \"Moving house\", \"ar\": \"الانتقال\"},"
  " \"summary\": {\"nl\": \"U gaat verhuizen.\", \"en\": \"You are moving.\"},"
  " \"steps\": ["
  "  {\"id\": \"report\", \"title\": {\"nl\": \"Doorgeven\", \"en\": \"Report\"},"
  "   \"body\": {\"nl\": \"Geef het door.\", \"en\": \"Report it.\"}, \"organisation\": \"gemeente\","
  "   \"service\": \"verhuizing\", \"source\": \"https://wetten.overheid.nl/BWBR0033715\"},"
  "  {\"id\": \"insurer\", \"title\": {\"nl\": \"Verzekeraar\", \"en\": \"Insurer\"},"
  "   \"body\": {\"nl\": \"Bel.\", \"en\": \"Call.\"}, \"organisation\": \"gemeente\","
  "   \"with_previous\": \"and\", \"source\": \"https://www.example.nl/\", \"unverified\": true},"
  "  {\"id\": \"toeslag\", \"title\": {\"nl\": \"Toeslag\", \"en\": \"Benefit\"},"
  "   \"body\": {\"nl\": \"Wijzig.\", \"en\": \"Change.\"}, \"organisation\": \"gemeente\","
  "   \"source\": \"https://www.example.nl/\"}"
  " ],"
  " \"rights\": [{\"text\": {\"nl\": \"Recht.\", \"en\": \"Right.\"}, \"source\": \"https://www.example.nl/\"}],"
  " \"obligations\": [{\"text\": {\"nl\": \"Plicht.\", \"en\": \"Duty.\"}, \"source\": \"https://www.example.nl/\"}]"
  "}]}";

static LoketCatalog *
load_three (const char  *orgs,
            const char  *services,
            const char  *event,
            GError     **error)
{
  const char *names[] = { "organisations.json", "services.json", "life-events/moving.json" };
  g_autoptr(GBytes) b0 = g_bytes_new_static (orgs, strlen (orgs));
  g_autoptr(GBytes) b1 = g_bytes_new_static (services, strlen (services));
  g_autoptr(GBytes) b2 = g_bytes_new_static (event, strlen (event));
  GBytes *contents[] = { b0, b1, b2 };

  return loket_catalog_new_from_files (names, contents, 3, error);
}

static char *
replace (const char *haystack,
         const char *needle,
         const char *replacement)
{
  g_auto(GStrv) parts = g_strsplit (haystack, needle, 2);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  return g_strconcat (parts[0], replacement, parts[1], NULL);
}

static void
test_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCatalog) catalog = load_three (orgs_json, services_json, event_json, &error);
  LoketLifeEvent *event;
  LoketStep *step;

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  g_assert_cmpuint (g_list_model_get_n_items (loket_catalog_get_life_events (catalog)), ==, 1);
  g_assert_cmpuint (loket_catalog_get_n_services (catalog), ==, 1);

  event = loket_catalog_lookup_life_event (catalog, "moving");
  g_assert_nonnull (event);
  g_assert_cmpstr (loket_text_get (loket_life_event_get_title (event), LOKET_LANGUAGE_AR, NULL),
                   ==, "الانتقال");

  /* "and" shares the number of the step before it. */
  g_assert_cmpuint (loket_step_get_number (loket_life_event_lookup_step (event, "report")), ==, 1);
  step = loket_life_event_lookup_step (event, "insurer");
  g_assert_cmpuint (loket_step_get_number (step), ==, 1);
  g_assert_cmpint (loket_step_get_join (step), ==, LOKET_STEP_JOIN_AND);
  g_assert_true (loket_step_get_unverified (step));
  step = loket_life_event_lookup_step (event, "toeslag");
  g_assert_cmpuint (loket_step_get_number (step), ==, 2);

  step = loket_life_event_lookup_step (event, "report");
  g_assert_cmpstr (loket_service_get_upl (loket_step_get_service (step)), ==,
                   "http://standaarden.overheid.nl/owms/terms/verhuizing");
  g_assert_cmpuint (loket_life_event_get_rights (event)->len, ==, 1);
  g_assert_cmpuint (loket_life_event_get_obligations (event)->len, ==, 1);
}

/* Each bad document: rejected, never a crash, and the message names file, object and field. */
typedef struct
{
  const char *name;
  int         file;        /* which of the three files to mutate */
  const char *needle;
  const char *replacement;
  const char *expected[3]; /* substrings the message must contain */
} BadCase;

static const BadCase bad_cases[] = {
  { "missing-field", 2, "\"summary\": {\"nl\": \"U gaat verhuizen.\", \"en\": \"You are moving.\"},", "",
    { "life-events/moving.json", "life_event \"moving\"", "field \"summary\": missing" } },
  { "wrong-type", 2, "\"order\": 1", "\"order\": \"first\"",
    { "life-events/moving.json", "life_event \"moving\"", "field \"order\": expected an integer, found a string" } },
  { "unknown-language", 2, "\"ar\": \"الانتقال\"", "\"de\": \"Umzug\"",
    { "life-events/moving.json", "life_event \"moving\"", "field \"title\": unknown language code \"de\"" } },
  { "dutch-missing", 0, "{\"nl\": \"Gemeente\", \"en\": \"Municipality\"}", "{\"en\": \"Municipality\"}",
    { "organisations.json", "organisation \"gemeente\"", "field \"name\": the \"nl\" text is missing" } },
  { "dangling-service", 2, "\"service\": \"verhuizing\"", "\"service\": \"verhuizen\"",
    { "life-events/moving.json", "life_event \"moving\", step \"report\"", "field \"service\": unknown service \"verhuizen\"" } },
  { "dangling-service-organisation", 1, "\"organisation\": \"gemeente\"", "\"organisation\": \"gemeentee\"",
    { "services.json", "service \"verhuizing\"", "field \"organisation\": unknown organisation \"gemeentee\"" } },
  { "duplicate-step", 2, "{\"id\": \"insurer\"", "{\"id\": \"report\"",
    { "life-events/moving.json", "step \"report\"", "field \"id\": duplicate step id" } },
  { "unknown-field", 2, "\"icon\":", "\"colour\": \"red\", \"icon\":",
    { "life-events/moving.json", "life_event \"moving\"", "field \"colour\": unknown field" } },
  { "bad-join", 2, "\"with_previous\": \"and\"", "\"with_previous\": \"maybe\"",
    { "life-events/moving.json", "step \"insurer\"", "field \"with_previous\": expected \"and\" or \"or\"" } },
  { "bad-source", 2, "\"source\": \"https://wetten.overheid.nl/BWBR0033715\"", "\"source\": \"wetten\"",
    { "life-events/moving.json", "step \"report\"", "field \"source\": expected an http(s) URL" } },
  { "bad-upl", 1, "http://standaarden.overheid.nl/owms/terms/verhuizing", "https://example.org/verhuizing",
    { "services.json", "service \"verhuizing\"", "field \"upl\"" } },
  { "not-json", 1, "{\"services\": [", "{\"services\": [[",
    { "services.json", "", "" } },
  { "steps-not-array", 2, "\"steps\": [", "\"steps\": {\"a\": [",
    { "life-events/moving.json", "", "" } },
  { "empty-text", 2, "\"Report\"", "\"\"",
    { "life-events/moving.json", "step \"report\"", "field \"title\": the \"en\" text is empty" } },
  { "top-level-typo", 0, "{\"organisations\":", "{\"organisation\":",
    { "organisations.json", "document", "field \"organisation\": unknown member" } },
};

static void
test_bad (gconstpointer data)
{
  const BadCase *bad = data;
  const char *files[] = { orgs_json, services_json, event_json };
  g_autofree char *mutated = replace (files[bad->file], bad->needle, bad->replacement);
  g_autoptr(LoketCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  files[bad->file] = mutated;
  catalog = load_three (files[0], files[1], files[2], &error);

  g_assert_null (catalog);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA);
  g_test_message ("%s: %s", bad->name, error->message);
  for (guint i = 0; i < G_N_ELEMENTS (bad->expected); i++)
    g_assert_nonnull (strstr (error->message, bad->expected[i]));
}

static void
test_bad_dangling_organisation_message (void)
{
  g_autofree char *event = replace (event_json, "\"organisation\": \"gemeente\",   \"service\"",
                                    "\"organisation\": \"nowhere\",   \"service\"");
  g_autoptr(LoketCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  catalog = load_three (orgs_json, services_json, event, &error);
  g_assert_null (catalog);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==,
                   "life-events/moving.json: life_event \"moving\", step \"report\": "
                   "field \"organisation\": unknown organisation \"nowhere\"");
}

static void
test_too_deep (void)
{
  GString *deep = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCatalog) catalog = NULL;

  /* 100,000 levels: json-glib 1.6 would overflow its stack on this. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  bytes = g_string_free_to_bytes (deep);

  catalog = loket_catalog_new_from_document ("catalog", bytes, &error);
  g_assert_null (catalog);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "nested deeper"));

  g_assert_true (loket_json_check_depth ("{\"a\": \"[[[[[[\"}", 14, 2));
  g_assert_false (loket_json_check_depth ("[[[1]]]", 7, 2));
  g_assert_true (loket_json_check_depth ("[[\"\\\"[[[\"]]", 11, 2));
}

static void
check_bundled (LoketCatalog *catalog)
{
  GListModel *events = loket_catalog_get_life_events (catalog);
  static const char *expected[] = {
    "moving", "baby", "death", "retiring", "job-loss", "business", "turning-18", "new-in-nl",
    "money-worries", "care",
  };

  g_assert_cmpuint (g_list_model_get_n_items (events), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(LoketLifeEvent) event = g_list_model_get_item (events, i);
      GListModel *steps = loket_life_event_get_steps (event);

      g_assert_cmpstr (loket_life_event_get_id (event), ==, expected[i]);
      g_assert_cmpuint (g_list_model_get_n_items (steps), >=, 3);
      g_assert_cmpuint (loket_life_event_get_rights (event)->len, >=, 1);
      g_assert_cmpuint (loket_life_event_get_obligations (event)->len, >=, 1);

      /* Titles for the tiles and the steps exist in every language. */
      for (guint lang = 0; lang < LOKET_N_LANGUAGES; lang++)
        g_assert_nonnull (loket_text_get_exact (loket_life_event_get_title (event), lang));
      for (guint s = 0; s < g_list_model_get_n_items (steps); s++)
        {
          g_autoptr(LoketStep) step = g_list_model_get_item (steps, s);

          g_assert_true (g_str_has_prefix (loket_step_get_source (step), "https://"));
          for (guint lang = 0; lang < LOKET_N_LANGUAGES; lang++)
            g_assert_nonnull (loket_text_get_exact (loket_step_get_title (step), lang));
        }
    }

  g_assert_true (loket_life_event_get_desk_first (loket_catalog_lookup_life_event (catalog, "death")));
  g_assert_true (loket_life_event_get_desk_first (loket_catalog_lookup_life_event (catalog, "money-worries")));
  g_assert_true (loket_life_event_get_desk_first (loket_catalog_lookup_life_event (catalog, "care")));
  g_assert_false (loket_life_event_get_desk_first (loket_catalog_lookup_life_event (catalog, "moving")));
}

static void
test_bundled_directory (void)
{
  g_autofree char *path = loket_test_source_path ("data", "catalog", NULL);
  g_autoptr(GFile) directory = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCatalog) catalog = loket_catalog_new_from_directory (directory, &error);

  g_assert_no_error (error);
  check_bundled (catalog);
}

static void
test_bundled_resource (void)
{
  g_autofree char *path = loket_test_source_path ("data", "catalog", NULL);
  g_autoptr(GFile) directory = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCatalog) from_resource = loket_catalog_new_from_resource (RESOURCE_BASE "/catalog/", &error);
  g_autoptr(LoketCatalog) from_directory = loket_catalog_new_from_directory (directory, NULL);

  /* Every file of data/catalog/ is in the GResource: the kiosk ships what the editors wrote. */
  g_assert_no_error (error);
  check_bundled (from_resource);
  g_assert_cmpuint (loket_catalog_get_n_services (from_resource), ==,
                    loket_catalog_get_n_services (from_directory));
}

static void
test_text_fallback (void)
{
  g_autoptr(LoketText) text = loket_text_new ();
  LoketLanguage shown;

  loket_text_set (text, LOKET_LANGUAGE_NL, "Verhuizen");
  loket_text_set (text, LOKET_LANGUAGE_EN, "Moving house");

  g_assert_cmpstr (loket_text_get (text, LOKET_LANGUAGE_NL, &shown), ==, "Verhuizen");
  g_assert_cmpint (shown, ==, LOKET_LANGUAGE_NL);
  g_assert_cmpstr (loket_text_get (text, LOKET_LANGUAGE_UK, &shown), ==, "Moving house");
  g_assert_cmpint (shown, ==, LOKET_LANGUAGE_EN);
  g_assert_null (loket_text_get_exact (text, LOKET_LANGUAGE_UK));
}

static void
test_session (void)
{
  g_autoptr(LoketSession) session = loket_session_new ();
  GCancellable *cancellable = loket_session_get_cancellable (session);

  g_object_ref (cancellable);
  loket_session_set_step_done (session, "moving", "report", TRUE);
  loket_session_set_step_done (session, "moving", "insurer", TRUE);
  loket_session_set_step_done (session, "baby", "register", TRUE);
  g_assert_true (loket_session_get_step_done (session, "moving", "report"));
  g_assert_cmpuint (loket_session_count_done (session, "moving"), ==, 2);
  loket_session_set_step_done (session, "moving", "insurer", FALSE);
  g_assert_cmpuint (loket_session_count_done (session, "moving"), ==, 1);

  loket_session_wipe (session);
  g_assert_false (loket_session_get_step_done (session, "moving", "report"));
  g_assert_cmpuint (loket_session_count_done (session, "baby"), ==, 0);
  /* Requests of the old visit are cancelled; the new visit gets a fresh cancellable. */
  g_assert_true (g_cancellable_is_cancelled (cancellable));
  g_assert_false (g_cancellable_is_cancelled (loket_session_get_cancellable (session)));
  g_object_unref (cancellable);
}

int
main (int   argc,
      char *argv[])
{
  loket_test_init (&argc, &argv);
  /* The wipe logs a notable state change; that is expected here. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);

  g_test_add_func ("/loket/catalog/valid", test_valid);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/loket/catalog/bad/%s", bad_cases[i].name);
      g_test_add_data_func (path, &bad_cases[i], test_bad);
    }
  g_test_add_func ("/loket/catalog/bad/message", test_bad_dangling_organisation_message);
  g_test_add_func ("/loket/catalog/bad/too-deep", test_too_deep);
  g_test_add_func ("/loket/catalog/bundled/directory", test_bundled_directory);
  g_test_add_func ("/loket/catalog/bundled/resource", test_bundled_resource);
  g_test_add_func ("/loket/catalog/text-fallback", test_text_fallback);
  g_test_add_func ("/loket/session/steps-and-wipe", test_session);

  return g_test_run ();
}
