/* SPDX-License-Identifier: EUPL-1.2 */
/* Discovery, catalog, intake, desk and correction reports, over real HTTP. */
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "backend-harness.h"

static char *catalog_dir;

static LbServer *
start_default (void)
{
  return lb_start ("--catalog-dir", catalog_dir, NULL);
}

static void
test_discovery (void)
{
  static const char *const members[] = {
    "catalog_endpoint", "device_authorization_endpoint", "token_endpoint",
    "brp_personen_endpoint", "zaken_endpoint", "intake_endpoint", "desk_endpoint",
    "correction_endpoint", "verification_uri", "issuer",
  };
  LbServer *server = start_default ();
  g_autoptr(LbResponse) r = lb_get (server, "/.well-known/loket", NULL);
  g_autoptr(LbResponse) missing = lb_get (server, "/no/such/thing", NULL);
  g_autoptr(LbResponse) post = lb_post_json (server, "/.well-known/loket", NULL, "{}");
  JsonObject *o = lb_object (r);
  gsize key_len = 0;
  g_autofree guchar *key = NULL;

  g_assert_cmpuint (r->status, ==, 200);
  for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const char *url = json_object_get_string_member (o, members[i]);

      g_assert_true (g_str_has_prefix (url, server->base_url));
    }
  key = g_base64_decode (json_object_get_string_member (o, "intake_public_key"), &key_len);
  g_assert_cmpuint (key_len, ==, crypto_box_PUBLICKEYBYTES);
  lb_assert_problem (missing, 404);
  lb_assert_problem (post, 405);
  lb_stop (server);
}

static void
test_catalog (void)
{
  LbServer *server = start_default ();
  g_autoptr(LbResponse) r = lb_get (server, "/catalog", NULL);
  JsonObject *o = lb_object (r);
  const char *etag = soup_message_headers_get_one (r->headers, "ETag");
  const char *inm[] = { "If-None-Match", etag, NULL };
  const char *other[] = { "If-None-Match", "\"something-else\"", NULL };
  g_autoptr(LbResponse) same = lb_get (server, "/catalog", inm);
  g_autoptr(LbResponse) changed = lb_get (server, "/catalog", other);
  g_autoptr(LbResponse) put = NULL, after = NULL, stale = NULL, restore = NULL, back = NULL;
  static const char replacement[] =
    "{\"version\":1,\"organisations\":[],\"services\":[],\"life_events\":[{\"id\":\"new\"}]}";

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_nonnull (etag);
  g_assert_true (etag[0] == '"');
  g_assert_cmpint (json_object_get_int_member (o, "version"), ==, 1);
  /* schema.json is not merged */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "organisations")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "services")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "life_events")), ==, 2);
  g_assert_cmpuint (same->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (same->body), ==, 0);
  g_assert_cmpuint (changed->status, ==, 200);

  /* the control API replaces the served document for the catalog-sync tests */
  put = lb_request (server, "PUT", "/_control/catalog", NULL, "application/json",
                    replacement, strlen (replacement));
  g_assert_cmpuint (put->status, ==, 200);
  after = lb_get (server, "/catalog", NULL);
  g_assert_cmpstr (g_bytes_get_data (after->body, NULL), ==, replacement);
  g_assert_cmpstr (soup_message_headers_get_one (after->headers, "ETag"), !=, etag);
  stale = lb_get (server, "/catalog", inm);
  g_assert_cmpuint (stale->status, ==, 200);
  restore = lb_request (server, "DELETE", "/_control/catalog", NULL, NULL, NULL, 0);
  g_assert_cmpuint (restore->status, ==, 200);
  back = lb_get (server, "/catalog", inm);
  g_assert_cmpuint (back->status, ==, 304);
  lb_stop (server);
}

static void
test_catalog_builtin (void)
{
  LbServer *server = lb_startv (NULL);
  g_autoptr(LbResponse) r = lb_get (server, "/catalog", NULL);
  JsonObject *o = lb_object (r);

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_true (json_object_has_member (o, "life_events"));
  g_assert_true (json_object_has_member (o, "services"));
  g_assert_true (json_object_has_member (o, "organisations"));
  lb_stop (server);
}

/* ---- intake ---- */

static GBytes *
seal (LbServer   *server,
      const char *json)
{
  g_autoptr(LbResponse) d = lb_get (server, "/.well-known/loket", NULL);
  gsize key_len = 0;
  g_autofree guchar *pk = g_base64_decode (lb_member_string (d, "intake_public_key"), &key_len);
  gsize len = strlen (json) + crypto_box_SEALBYTES;
  guint8 *out = g_malloc (len);

  g_assert_cmpint (crypto_box_seal (out, (const guint8 *) json, strlen (json), pk), ==, 0);
  return g_bytes_new_take (out, len);
}

static LbResponse *
submit (LbServer   *server,
        const char *key,
        GBytes     *sealed)
{
  const char *headers[] = { "Idempotency-Key", key, NULL };

  return lb_request (server, "POST", "/intake", key ? headers : NULL, "application/octet-stream",
                     g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
}

static const char submission[] =
  "{\"service\":\"verhuizing-doorgeven\",\"life_event\":\"moving\",\"bsn\":\"999993653\","
  "\"fields\":{\"new_address\":\"Spui 70\"},\"submitted_at\":\"2026-03-01T10:00:00Z\",\"language\":\"nl\"}";

static void
assert_stats (LbServer *server,
              gint64    received,
              gint64    unique,
              gint64    duplicates)
{
  g_autoptr(LbResponse) s = lb_get (server, "/intake/stats", NULL);
  JsonObject *o = lb_object (s);

  g_assert_cmpint (json_object_get_int_member (o, "received"), ==, received);
  g_assert_cmpint (json_object_get_int_member (o, "unique"), ==, unique);
  g_assert_cmpint (json_object_get_int_member (o, "duplicates"), ==, duplicates);
}

static gboolean
zaak_listed_for (LbServer   *server,
                 const char *bsn,
                 const char *zaak_url)
{
  g_autofree char *auth = lb_zgw_auth ();
  g_autofree char *path = g_strdup_printf ("/zaken/api/v1/zaken?"
                                           "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=%s", bsn);
  const char *headers[] = { "Authorization", auth, "Accept-Crs", "EPSG:4326", NULL };
  g_autoptr(LbResponse) r = lb_get (server, path, headers);
  JsonArray *results = json_object_get_array_member (lb_object (r), "results");

  for (guint i = 0; i < json_array_get_length (results); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (results, i), "url"),
                     zaak_url))
      return TRUE;
  return FALSE;
}

static void
test_intake (void)
{
  LbServer *server = start_default ();
  g_autoptr(GBytes) sealed = seal (server, submission);
  g_autoptr(GBytes) sealed2 = seal (server, submission);
  g_autoptr(LbResponse) first = submit (server, "key-1", sealed);
  g_autoptr(LbResponse) again = submit (server, "key-1", sealed2);
  g_autoptr(LbResponse) other = submit (server, "key-2", sealed);
  g_autoptr(LbResponse) nokey = submit (server, NULL, sealed);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("this is not a sealed box at all, not at all, no", 48);
  g_autoptr(LbResponse) bad = submit (server, "key-3", garbage);
  g_autoptr(GBytes) invalid = seal (server, "{\"service\":\"\",\"fields\":[],\"language\":\"xx\"}");
  g_autoptr(LbResponse) badjson = submit (server, "key-4", invalid);
  g_autoptr(LbResponse) wrongtype = lb_request (server, "POST", "/intake",
                                                (const char *[]) { "Idempotency-Key", "k5", NULL },
                                                "application/json", "{}", 2);
  const char *zaak;

  g_assert_cmpuint (first->status, ==, 201);
  zaak = lb_member_string (first, "zaak");
  g_assert_true (g_str_has_prefix (lb_member_string (first, "identificatie"), "LOKET-"));
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (lb_member_string (again, "zaak"), ==, zaak);
  g_assert_cmpuint (other->status, ==, 201);
  g_assert_cmpstr (lb_member_string (other, "zaak"), !=, zaak);
  lb_assert_problem (nokey, 400);
  lb_assert_problem (bad, 400);
  lb_assert_problem (badjson, 400);
  g_assert_true (json_object_has_member (lb_object (badjson), "invalidParams"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (lb_object (badjson),
                                                                       "invalidParams")), >=, 4);
  lb_assert_problem (wrongtype, 415);
  assert_stats (server, 3, 2, 1);
  g_assert_true (zaak_listed_for (server, "999993653", zaak));
  g_assert_false (zaak_listed_for (server, "999990676", zaak));
  lb_stop (server);
}

static void
test_intake_state_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lb-state-XXXXXX", NULL);
  g_autofree char *state = g_build_filename (dir, "state.json", NULL);
  g_autofree char *key = g_build_filename (dir, "intake.key", NULL);
  LbServer *server = lb_start ("--catalog-dir", catalog_dir, "--state-file", state,
                               "--key-file", key, NULL);
  g_autoptr(GBytes) sealed = seal (server, submission);
  g_autoptr(LbResponse) first = submit (server, "crash-1", sealed);
  g_autoptr(LbResponse) dup = NULL;
  g_autofree char *zaak = g_strdup (lb_member_string (first, "zaak"));
  g_autofree char *zaak_path = NULL;
  g_autoptr(GBytes) resealed = NULL;

  g_assert_cmpuint (first->status, ==, 201);
  lb_kill (server);             /* a crash: no clean shutdown */

  server = lb_start ("--catalog-dir", catalog_dir, "--state-file", state, "--key-file", key, NULL);
  assert_stats (server, 1, 1, 0);
  /* the same key file: the kiosk's old ciphertext still opens */
  resealed = seal (server, submission);
  dup = submit (server, "crash-1", resealed);
  g_assert_cmpuint (dup->status, ==, 200);
  zaak_path = g_strdup (strstr (zaak, "/zaken/"));
  g_assert_cmpstr (strstr (lb_member_string (dup, "zaak"), "/zaken/"), ==, zaak_path);
  assert_stats (server, 2, 1, 1);
  lb_stop (server);
  g_remove (state);
  g_remove (key);
  g_rmdir (dir);
}

/* ---- desk ---- */

static LbResponse *
ticket (LbServer   *server,
        const char *summary,
        const char *needs)
{
  g_autofree char *json = g_strdup_printf ("{\"life_event\":\"moving\",\"language\":\"nl\","
                                           "\"needs\":%s,\"summary\":\"%s\"}", needs, summary);

  return lb_post_json (server, "/desk/tickets", NULL, json);
}

static void
test_desk (void)
{
  LbServer *server = start_default ();
  g_autoptr(LbResponse) a = ticket (server, "Verhuizing bekeken", "[]");
  g_autoptr(LbResponse) b = ticket (server, "Wil hulp bij formulier", "[\"tolk\",\"rolstoel\"]");
  g_autoptr(LbResponse) list = NULL, next = NULL, next2 = NULL, empty = NULL, one = NULL;
  g_autoptr(LbResponse) unknown = lb_post_json (server, "/desk/tickets", NULL,
                                                "{\"life_event\":\"nope\",\"language\":\"nl\","
                                                "\"needs\":[1],\"summary\":\"x\"}");
  static const char *const bsn_like[] = {
    "Mijn BSN is 999993653", "bsn 9999.93.653", "BSN 999 99 3653", "nummer 123456789",
  };
  JsonObject *o = lb_object (a);
  g_autofree char *path = NULL;

  g_assert_cmpuint (a->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (o, "number"), ==, "A001");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "waiting");
  g_assert_cmpstr (json_object_get_string_member (o, "life_event"), ==, "moving");
  g_assert_true (json_object_has_member (o, "id"));
  g_assert_true (json_object_has_member (o, "created"));
  g_assert_true (json_object_has_member (o, "estimated_wait_minutes"));
  g_assert_cmpuint (b->status, ==, 201);
  g_assert_cmpstr (lb_member_string (b, "number"), ==, "A002");
  g_assert_cmpint (json_object_get_int_member (lb_object (b), "estimated_wait_minutes"), >,
                   json_object_get_int_member (o, "estimated_wait_minutes"));
  lb_assert_problem (unknown, 400);

  for (gsize i = 0; i < G_N_ELEMENTS (bsn_like); i++)
    {
      g_autoptr(LbResponse) r = ticket (server, bsn_like[i], "[]");
      g_autoptr(LbResponse) n = ticket (server, "ok", "[\"999993653\"]");

      lb_assert_problem (r, 422);
      lb_assert_problem (n, 422);
    }
  {
    g_autoptr(LbResponse) phone = ticket (server, "Bel 06-12345678 op 2026-03-01", "[]");

    g_assert_cmpuint (phone->status, ==, 201);
  }

  list = lb_get (server, "/desk/tickets", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (lb_object (list), "tickets")), ==, 3);
  next = lb_request (server, "POST", "/desk/tickets/next", NULL, NULL, NULL, 0);
  g_assert_cmpuint (next->status, ==, 200);
  g_assert_cmpstr (lb_member_string (next, "number"), ==, "A001");
  g_assert_cmpstr (lb_member_string (next, "status"), ==, "called");
  path = g_strconcat ("/desk/tickets/", lb_member_string (b, "id"), NULL);
  one = lb_get (server, path, NULL);
  g_assert_cmpint (json_object_get_int_member (lb_object (one), "estimated_wait_minutes"), ==, 5);
  next2 = lb_request (server, "POST", "/desk/tickets/next", NULL, NULL, NULL, 0);
  g_assert_cmpstr (lb_member_string (next2, "number"), ==, "A002");
  g_clear_pointer (&next2, lb_response_free);
  next2 = lb_request (server, "POST", "/desk/tickets/next", NULL, NULL, NULL, 0);
  empty = lb_request (server, "POST", "/desk/tickets/next", NULL, NULL, NULL, 0);
  lb_assert_problem (empty, 404);
  lb_stop (server);
}

static void
test_correction (void)
{
  LbServer *server = start_default ();
  g_autofree char *token = lb_sign_in (server, "999990676");
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  const char *headers[] = { "Authorization", auth, NULL };
  static const char report[] = "{\"field\":\"naam.voornamen\",\"current_value\":\"Cornelia Francisca\","
                               "\"proposed_value\":\"Cornelia Francisca Maria\",\"explanation\":\"Derde voornaam ontbreekt\"}";
  g_autoptr(LbResponse) ok = lb_post_json (server, "/terugmeldingen", headers, report);
  g_autoptr(LbResponse) anon = lb_post_json (server, "/terugmeldingen", NULL, report);
  g_autoptr(LbResponse) bad = lb_post_json (server, "/terugmeldingen", headers,
                                            "{\"field\":\"schoenmaat\",\"explanation\":\"\"}");

  g_assert_cmpuint (ok->status, ==, 202);
  g_assert_nonnull (lb_member_string (ok, "id"));
  lb_assert_problem (anon, 401);
  lb_assert_problem (bad, 400);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (lb_object (bad), "invalidParams")), ==, 2);
  lb_stop (server);
}

/* Every request is logged (method, route, status, duration) — never a BSN,
 * a token, a body or a query string. */
static void
test_log_content (void)
{
  LbServer *server = start_default ();
  g_autofree char *token = lb_sign_in (server, "999993653");
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *zauth = lb_zgw_auth ();
  const char *h[] = { "Authorization", auth, NULL };
  const char *zh[] = { "Authorization", zauth, "Accept-Crs", "EPSG:4326", NULL };
  g_autoptr(LbResponse) brp = lb_post_json (server, "/haalcentraal/api/brp/personen", h,
                                            "{\"type\":\"RaadpleegMetBurgerservicenummer\","
                                            "\"burgerservicenummer\":[\"999993653\"],\"fields\":[\"naam\"]}");
  g_autoptr(LbResponse) zaken = lb_get (server, "/zaken/api/v1/zaken?"
                                        "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=999993653", zh);
  g_autoptr(LbResponse) desk = ticket (server, "999993653", "[]");
  g_autofree char *log = NULL;

  g_assert_cmpuint (brp->status, ==, 200);
  g_assert_cmpuint (zaken->status, ==, 200);
  g_assert_cmpuint (desk->status, ==, 422);
  log = lb_read_log (server);
  g_assert_nonnull (strstr (log, "POST brp 200"));
  g_assert_nonnull (strstr (log, "GET zaken 200"));
  g_assert_nonnull (strstr (log, "POST desk 422"));
  g_assert_nonnull (strstr (log, "POST token 200"));
  g_assert_null (strstr (log, "999993653"));
  g_assert_null (strstr (log, token));
  g_assert_null (strstr (log, "Moulin"));
  lb_stop (server);
}

int
main (int argc, char *argv[])
{
  const char *root = g_getenv ("LOKET_SOURCE_ROOT");

  lb_init (&argc, &argv);
  g_assert_cmpint (sodium_init (), >=, 0);
  catalog_dir = g_build_filename (root ? root : ".", "tests", "backend", "catalog", NULL);
  g_test_add_func ("/backend/discovery", test_discovery);
  g_test_add_func ("/backend/catalog/etag-and-control", test_catalog);
  g_test_add_func ("/backend/catalog/builtin", test_catalog_builtin);
  g_test_add_func ("/backend/intake/idempotency", test_intake);
  g_test_add_func ("/backend/intake/state-file-survives-crash", test_intake_state_file);
  g_test_add_func ("/backend/desk/queue", test_desk);
  g_test_add_func ("/backend/correction", test_correction);
  g_test_add_func ("/backend/log/no-personal-data", test_log_content);
  return g_test_run ();
}
