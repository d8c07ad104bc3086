/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test-zaken"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "loket-error.h"
#include "loket-prefill.h"
#include "loket-zaken-client.h"
#include "outbox-test-common.h"

/*
 * "My cases" and "ask only once" without a display: the discovery document's intake and Zaken
 * members, the kiosk's ZGW JWT against the real reference back-end, the citizen's cases with
 * their state in words, and the BRP person turned into prefill facts.
 */

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static gboolean
is_done (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static LoketEndpoints *
load_endpoints (LoketDiscovery *discovery)
{
  Wait wait = { NULL };
  g_autoptr(GError) error = NULL;
  LoketEndpoints *endpoints;

  loket_discovery_load_async (discovery, NULL, on_done_cb, &wait);
  g_assert_true (wait_until (is_done, &wait, 10000));
  endpoints = loket_discovery_load_finish (discovery, wait.result, &error);
  g_assert_no_error (error);
  g_object_unref (wait.result);
  return endpoints;
}

static GPtrArray *
list_cases (LoketDiscovery       *discovery,
            const LoketEndpoints *endpoints,
            const char           *secret,
            const char           *bsn,
            GError              **error)
{
  Wait wait = { NULL };
  GPtrArray *cases;

  loket_zaken_client_list_async (loket_discovery_get_session (discovery), endpoints, secret, bsn, NULL,
                                 on_done_cb, &wait);
  g_assert_true (wait_until (is_done, &wait, 10000));
  cases = loket_zaken_client_list_finish (wait.result, error);
  g_object_unref (wait.result);
  return cases;
}

static LoketCase *
find_case (GPtrArray  *cases,
           const char *identificatie)
{
  for (guint i = 0; i < cases->len; i++)
    {
      LoketCase *item = g_ptr_array_index (cases, i);

      if (g_str_equal (item->identificatie, identificatie))
        return item;
    }
  return NULL;
}

static void
test_cases (void)
{
  LbServer *server = lb_startv (NULL);
  g_autoptr(LoketDiscovery) discovery = loket_discovery_new (server->base_url);
  g_autoptr(LoketEndpoints) endpoints = load_endpoints (discovery);
  g_autoptr(LoketEndpoints) last = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *jwt = NULL;
  g_autofree char *auth = NULL;
  LoketCase *item;

  /* The discovery document names the intake and the Zaken API. */
  g_assert_true (g_str_has_suffix (endpoints->intake_endpoint, "/intake"));
  g_assert_nonnull (endpoints->intake_public_key);
  g_assert_nonnull (loket_outbox_parse_public_key (endpoints->intake_public_key, NULL));
  g_assert_true (g_str_has_suffix (endpoints->zaken_endpoint, "/zaken/api/v1"));
  g_assert_cmpstr (endpoints->zgw_client_id, ==, "loket-kiosk");
  last = loket_discovery_dup_last (discovery);
  g_assert_cmpstr (last->intake_public_key, ==, endpoints->intake_public_key);

  /* The kiosk's JWT is accepted; one signed with another secret is not. */
  jwt = loket_zaken_make_jwt ("loket-kiosk", "loket-dev-secret", g_get_real_time () / G_USEC_PER_SEC);
  g_assert_nonnull (strchr (strchr (jwt, '.') + 1, '.'));
  auth = g_strconcat ("Bearer ", jwt, NULL);
  {
    const char *headers[] = { "Authorization", auth, "Accept-Crs", "EPSG:4326", NULL };
    g_autoptr(LbResponse) response = lb_get (server, "/zaken/api/v1/zaken", headers);

    g_assert_cmpuint (response->status, ==, 200);
  }

  /* Suzanne Moulin's two cases: one being handled, one finished. */
  cases = list_cases (discovery, endpoints, "loket-dev-secret", "999993653", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 2);
  item = find_case (cases, "LOKET-2025-000101");
  g_assert (item != NULL);
  g_assert_cmpstr (item->omschrijving, ==, "Verhuizing doorgeven");
  g_assert_cmpint (item->state, ==, LOKET_CASE_IN_PROGRESS);
  item = find_case (cases, "LOKET-2025-000102");
  g_assert (item != NULL);
  g_assert_cmpint (item->state, ==, LOKET_CASE_DONE);
  /* Newest first. */
  g_assert_cmpstr (((LoketCase *) cases->pdata[0])->identificatie, ==, "LOKET-2025-000101");
  for (LoketCaseState s = LOKET_CASE_UNKNOWN; s <= LOKET_CASE_DONE; s++)
    g_assert_cmpstr (loket_case_state_describe (s), !=, "");

  /* Pieter van Paassen's one case was just received. */
  g_clear_pointer (&cases, g_ptr_array_unref);
  cases = list_cases (discovery, endpoints, "loket-dev-secret", "999970124", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 1);
  g_assert_cmpint (((LoketCase *) cases->pdata[0])->state, ==, LOKET_CASE_RECEIVED);

  /* Someone with no cases; and a kiosk with the wrong secret. */
  none = list_cases (discovery, endpoints, "loket-dev-secret", "999990676", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_null (list_cases (discovery, endpoints, "not-the-secret", "999993653", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_null (list_cases (discovery, endpoints, "", "999993653", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_UNAVAILABLE);

  lb_stop (server);
}

static void
test_prefill (void)
{
  static const char persoon_json[] =
    "{\"burgerservicenummer\":\"999970124\","
    " \"naam\":{\"voornamen\":\"Pieter\",\"geslachtsnaam\":\"Paassen\",\"voorvoegsel\":\"van\","
    "          \"volledigeNaam\":\"Pieter van Paassen\"},"
    " \"geboorte\":{\"datum\":{\"type\":\"Datum\",\"datum\":\"1987-06-12\"}},"
    " \"verblijfplaats\":{\"type\":\"Adres\",\"verblijfadres\":{\"officieleStraatnaam\":\"Kerkstraat\","
    "   \"korteStraatnaam\":\"Kerkstraat\",\"huisnummer\":12,\"huisnummertoevoeging\":\"bis\","
    "   \"postcode\":\"3011AB\",\"woonplaats\":\"Rotterdam\"}}}";
  g_autoptr(JsonNode) root = json_from_string (persoon_json, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketPerson) person = loket_person_new_from_json (json_node_get_object (root), &error);
  g_autoptr(LoketFacts) facts = NULL;
  g_autoptr(LoketFacts) nobody = loket_facts_new_for_person (NULL);
  const char *source = NULL;

  g_assert_no_error (error);
  facts = loket_facts_new_for_person (person);
  g_assert_cmpstr (loket_facts_get (facts, "person.bsn", &source), ==, "999970124");
  g_assert_cmpstr (source, ==, LOKET_FACT_SOURCE_BRP);
  g_assert_nonnull (loket_facts_get (facts, "person.name", NULL));
  g_assert_cmpstr (loket_facts_get (facts, "person.birth_date", NULL), ==, "1987-06-12");
  g_assert_cmpstr (loket_facts_get (facts, "person.postcode", NULL), ==, "3011 AB");
  g_assert_cmpstr (loket_facts_get (facts, "person.city", NULL), ==, "Rotterdam");
  g_assert_cmpstr (loket_facts_get (facts, "person.street", NULL), ==, "Kerkstraat");
  g_assert_cmpstr (loket_facts_get (facts, "person.house_number", NULL), ==, "12 bis");
  g_assert_cmpuint (loket_facts_get_size (nobody), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  lb_init (&argc, &argv);

  g_test_add_func ("/loket/zaken/cases", test_cases);
  g_test_add_func ("/loket/zaken/prefill", test_prefill);

  return g_test_run ();
}
