/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "loket-catalog.h"
#include "loket-error.h"
#include "loket-form.h"
#include "loket-i18n.h"
#include "loket-test-utils.h"

static const char * const required_services[] = {
  "verhuizing-doorgeven", "aangifte-geboorte", "individuele-inkomenstoeslag",
  "kwijtschelding-gemeentelijke-belastingen", "schuldhulpverlening",
};

static LoketCatalog *
load_bundled (void)
{
  g_autoptr(GError) error = NULL;
  LoketCatalog *catalog = loket_catalog_new_from_resource (RESOURCE_BASE "/catalog/", &error);

  g_assert_no_error (error);
  return catalog;
}

static void
test_bundled_forms (void)
{
  g_autoptr(LoketCatalog) catalog = load_bundled ();

  for (gsize i = 0; i < G_N_ELEMENTS (required_services); i++)
    {
      LoketService *service = loket_catalog_lookup_service (catalog, required_services[i]);
      LoketForm *form;

      g_test_message ("service %s", required_services[i]);
      g_assert_nonnull (service);
      form = loket_service_get_form (service);
      g_assert_nonnull (form);
      g_assert_cmpstr (loket_form_get_service_id (form), ==, required_services[i]);
      g_assert_cmpuint (loket_form_get_n_fields (form), >=, 3);
      g_assert_nonnull (loket_form_get_next (form));
      g_assert_cmpuint (loket_form_get_decision_days (form), >, 0);
      /* The BSN is always known after sign-in, never asked again. */
      g_assert_cmpstr (loket_form_lookup_field (form, "bsn")->prefill, ==, "person.bsn");
    }
}

static void
test_move_window (void)
{
  g_autoptr(LoketCatalog) catalog = load_bundled ();
  LoketForm *form = loket_service_get_form (loket_catalog_lookup_service (catalog, "verhuizing-doorgeven"));
  const LoketFormField *move = loket_form_lookup_field (form, "move_date");
  GDate *today = g_date_new_dmy (2, G_DATE_MARCH, 2026);
  g_autofree char *normalised = NULL;
  g_autofree char *message = NULL;

  g_assert_cmpint (move->type, ==, LOKET_FIELD_DATE);
  /* Reporting is allowed from 4 weeks before until 5 days after the move: so the move date lies
   * from 5 days ago to 28 days ahead. */
  g_assert_cmpint (loket_form_field_validate (move, "25-2-2026", today, &normalised), ==, LOKET_VALIDITY_OK);
  g_assert_cmpstr (normalised, ==, "2026-02-25");
  g_assert_cmpint (loket_form_field_validate (move, "24-2-2026", today, NULL), ==, LOKET_VALIDITY_DATE_TOO_EARLY);
  g_assert_cmpint (loket_form_field_validate (move, "30-3-2026", today, NULL), ==, LOKET_VALIDITY_OK);
  g_assert_cmpint (loket_form_field_validate (move, "31-3-2026", today, NULL), ==, LOKET_VALIDITY_DATE_TOO_LATE);
  g_assert_cmpint (loket_form_field_validate (move, "30-2-2026", today, NULL), ==, LOKET_VALIDITY_DATE_NOT_REAL);
  g_assert_cmpint (loket_form_field_validate (move, "", today, NULL), ==, LOKET_VALIDITY_EMPTY);

  /* Messages come in the kiosk's language, labels and all. */
  loket_i18n_set_language (LOKET_LANGUAGE_EN);
  message = loket_form_field_message (move, LOKET_VALIDITY_DATE_TOO_LATE, today, LOKET_LANGUAGE_EN);
  g_assert_cmpstr (message, ==, "Date of your move must be on or before 30-3-2026.");
  g_clear_pointer (&message, g_free);
  loket_i18n_set_language (LOKET_LANGUAGE_NL);
  message = loket_form_field_message (move, LOKET_VALIDITY_DATE_TOO_LATE, today, LOKET_LANGUAGE_NL);
  g_assert_true (g_str_has_suffix (message, " moet op of voor 30-3-2026 zijn."));
  g_assert_null (strstr (message, "move"));
  g_date_free (today);
}

static void
test_birth_date (void)
{
  g_autoptr(LoketCatalog) catalog = load_bundled ();
  LoketForm *form = loket_service_get_form (loket_catalog_lookup_service (catalog, "aangifte-geboorte"));
  const LoketFormField *birth = loket_form_lookup_field (form, "birth_date");
  const LoketFormField *other = loket_form_lookup_field (form, "other_parent_bsn");
  GDate *today = g_date_new_dmy (29, G_DATE_FEBRUARY, 2028);
  g_autofree char *message = NULL;

  g_assert_cmpint (loket_form_field_validate (birth, "29-2-2028", today, NULL), ==, LOKET_VALIDITY_OK);
  g_assert_cmpint (loket_form_field_validate (birth, "1-3-2028", today, NULL), ==, LOKET_VALIDITY_DATE_IN_FUTURE);
  loket_i18n_set_language (LOKET_LANGUAGE_EN);
  message = loket_form_field_message (birth, LOKET_VALIDITY_DATE_IN_FUTURE, today, LOKET_LANGUAGE_EN);
  g_assert_cmpstr (message, ==, "Date of birth of the child must be today or in the past.");

  /* Optional: empty is right, but what is typed is still checked. */
  g_assert_false (other->required);
  g_assert_cmpint (loket_form_field_validate (other, "", today, NULL), ==, LOKET_VALIDITY_OK);
  g_assert_cmpint (loket_form_field_validate (other, "000000000", today, NULL), ==, LOKET_VALIDITY_BSN_ZERO);
  g_date_free (today);
}

static void
test_prefill_and_submission (void)
{
  g_autoptr(LoketCatalog) catalog = load_bundled ();
  LoketForm *form = loket_service_get_form (loket_catalog_lookup_service (catalog, "verhuizing-doorgeven"));
  g_autoptr(LoketFacts) facts = loket_facts_new ();
  g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 2, 10, 0, 0);
  g_autoptr(GBytes) submission = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *source = NULL;
  guint asked = 0;
  JsonObject *doc, *fields;

  loket_facts_set (facts, "person.bsn", "999993653", "BRP");
  loket_facts_set (facts, "person.name", "Suzanne Moulin", "BRP");
  loket_facts_set (facts, "person.postcode", "2497 BV", "BRP");
  g_assert_cmpstr (loket_facts_get (facts, "person.name", &source), ==, "Suzanne Moulin");
  g_assert_cmpstr (source, ==, "BRP");

  for (guint i = 0; i < loket_form_get_n_fields (form); i++)
    {
      const LoketFormField *field = loket_form_get_field (form, i);

      if (!loket_form_field_is_known (field, facts))
        asked++;
    }
  /* BSN, name and current postcode are known: only what is missing is asked. */
  g_assert_cmpuint (asked, ==, loket_form_get_n_fields (form) - 3);

  g_hash_table_insert (answers, "new_street", "Spui");
  g_hash_table_insert (answers, "new_house_number", "70");
  g_hash_table_insert (answers, "new_postcode", "2511 BT");
  g_hash_table_insert (answers, "new_city", "Den Haag");
  g_hash_table_insert (answers, "move_date", "2026-03-10");
  g_hash_table_insert (answers, "people_moving", "1");
  submission = loket_form_build_submission (form, "moving", answers, facts, now, LOKET_LANGUAGE_NL);

  json_parser_load_from_data (parser, g_bytes_get_data (submission, NULL), g_bytes_get_size (submission), &error);
  g_assert_no_error (error);
  doc = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (doc, "service"), ==, "verhuizing-doorgeven");
  g_assert_cmpstr (json_object_get_string_member (doc, "life_event"), ==, "moving");
  g_assert_cmpstr (json_object_get_string_member (doc, "bsn"), ==, "999993653");
  g_assert_cmpstr (json_object_get_string_member (doc, "language"), ==, "nl");
  g_assert_cmpstr (json_object_get_string_member (doc, "submitted_at"), ==, "2026-03-02T10:00:00Z");
  fields = json_object_get_object_member (doc, "fields");
  g_assert_cmpstr (json_object_get_string_member (fields, "current_postcode"), ==, "2497 BV");
  g_assert_cmpstr (json_object_get_string_member (fields, "new_postcode"), ==, "2511 BT");
  g_assert_cmpuint (json_object_get_size (fields), ==, loket_form_get_n_fields (form));
}

static void
check_rejected (const char *forms_json,
                const char *expected)
{
  static const char *org = "{\"organisations\": [{\"id\": \"gemeente\", \"name\": {\"nl\": \"G\", \"en\": \"M\"}, "
                           "\"url\": \"https://x.nl/\"}]}";
  static const char *services = "{\"services\": [{\"id\": \"a\", \"title\": {\"nl\": \"A\", \"en\": \"A\"}, "
                                "\"summary\": {\"nl\": \"a\", \"en\": \"a\"}, \"body\": {\"nl\": \"b\", \"en\": \"b\"}, "
                                "\"organisation\": \"gemeente\", \"source\": \"https://x.nl/\"}], "
                                "\"life_events\": [{\"id\": \"e\", \"order\": 1, \"icon\": \"i\", "
                                "\"title\": {\"nl\": \"E\", \"en\": \"E\"}, \"summary\": {\"nl\": \"e\", \"en\": \"e\"}, "
                                "\"steps\": [{\"id\": \"s\", \"title\": {\"nl\": \"S\", \"en\": \"S\"}, "
                                "\"body\": {\"nl\": \"s\", \"en\": \"s\"}, \"organisation\": \"gemeente\", "
                                "\"service\": \"a\", \"source\": \"https://x.nl/\"}], \"rights\": [], \"obligations\": []}]}";
  const char *names[] = { "organisations.json", "services.json", "forms.json" };
  g_autoptr(GBytes) b0 = g_bytes_new_static (org, strlen (org));
  g_autoptr(GBytes) b1 = g_bytes_new_static (services, strlen (services));
  g_autoptr(GBytes) b2 = g_bytes_new_static (forms_json, strlen (forms_json));
  GBytes *contents[] = { b0, b1, b2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketCatalog) catalog = loket_catalog_new_from_files (names, contents, 3, &error);

  if (expected == NULL)
    {
      g_assert_no_error (error);
      g_assert_nonnull (loket_service_get_form (loket_catalog_lookup_service (catalog, "a")));
      return;
    }
  g_assert_null (catalog);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, expected));
}

#define FIELD(x) "{\"forms\": [{\"service\": \"a\", \"next\": {\"nl\": \"n\", \"en\": \"n\"}, \"fields\": [" x "]}]}"
#define LABEL "\"label\": {\"nl\": \"L\", \"en\": \"L\"}"

static void
test_form_errors (void)
{
  check_rejected (FIELD ("{\"id\": \"x\", \"type\": \"postcode\", " LABEL "}"), NULL);
  check_rejected (FIELD ("{\"id\": \"x\", \"type\": \"colour\", " LABEL "}"),
                  "forms.json: form of service \"a\", field \"x\": field \"type\": unknown type \"colour\"");
  check_rejected (FIELD ("{\"id\": \"x\", \"type\": \"text\", " LABEL ", \"min_days\": 1}"),
                  "field \"min_days\": only a date field has it");
  check_rejected (FIELD ("{\"id\": \"x\", \"type\": \"choice\", " LABEL ", \"options\": []}"),
                  "a choice needs at least two options");
  check_rejected (FIELD ("{\"id\": \"x\", \"type\": \"text\", " LABEL "}, {\"id\": \"x\", \"type\": \"text\", " LABEL "}"),
                  "duplicate field id");
  check_rejected (FIELD ("{\"id\": \"x\", \"type\": \"text\", " LABEL ", \"colour\": 1}"),
                  "field \"colour\": unknown field");
  check_rejected ("{\"forms\": [{\"service\": \"nope\", \"next\": {\"nl\": \"n\", \"en\": \"n\"}, \"fields\": []}]}",
                  "forms.json: forms[0]: field \"service\": unknown service \"nope\"");
}

int
main (int   argc,
      char *argv[])
{
  loket_test_init (&argc, &argv);

  g_test_add_func ("/loket/form/bundled", test_bundled_forms);
  g_test_add_func ("/loket/form/move-window", test_move_window);
  g_test_add_func ("/loket/form/birth-date", test_birth_date);
  g_test_add_func ("/loket/form/prefill-and-submission", test_prefill_and_submission);
  g_test_add_func ("/loket/form/errors", test_form_errors);

  return g_test_run ();
}
