/* SPDX-License-Identifier: EUPL-1.2 */
/* Sign-in (RFC 8628 device flow, verification page) and BRP Personen. */
#include <string.h>

#include "backend-harness.h"

#define GRANT "urn:ietf:params:oauth:grant-type:device_code"
#define BRP "/haalcentraal/api/brp/personen"

static LbResponse *
authorize (LbServer *server)
{
  LbResponse *r = lb_post_form (server, "/oauth/device_authorization", "client_id", "loket-kiosk", NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return r;
}

static LbResponse *
poll (LbServer   *server,
      const char *device_code)
{
  return lb_post_form (server, "/oauth/token", "grant_type", GRANT, "device_code", device_code,
                       "client_id", "loket-kiosk", NULL);
}

static void
assert_oauth_error (LbResponse *r,
                    guint       status,
                    const char *error)
{
  g_assert_cmpuint (r->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "application/json");
  g_assert_cmpstr (lb_member_string (r, "error"), ==, error);
}

static void
test_device_flow (void)
{
  LbServer *server = lb_start ("--interval", "5", NULL);
  g_autoptr(LbResponse) d = authorize (server);
  JsonObject *o = lb_object (d);
  const char *user_code = json_object_get_string_member (o, "user_code");
  const char *device_code = json_object_get_string_member (o, "device_code");
  g_autofree char *verification = g_strconcat (server->base_url, "/device", NULL);
  g_autofree char *page_path = NULL;
  g_autoptr(LbResponse) pending = NULL, slow = NULL, page = NULL, approve = NULL;
  g_autoptr(LbResponse) token = NULL, reuse = NULL;

  g_assert_true (g_regex_match_simple ("^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$",
                                       user_code, 0, 0));
  g_assert_cmpstr (json_object_get_string_member (o, "verification_uri"), ==, verification);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (o, "verification_uri_complete"),
                                   user_code));
  g_assert_cmpint (json_object_get_int_member (o, "expires_in"), ==, 300);
  g_assert_cmpint (json_object_get_int_member (o, "interval"), ==, 5);

  pending = poll (server, device_code);
  assert_oauth_error (pending, 400, "authorization_pending");
  slow = poll (server, device_code);
  assert_oauth_error (slow, 400, "slow_down");

  page_path = g_strdup_printf ("/device?user_code=%s", user_code);
  page = lb_get (server, page_path, NULL);
  g_assert_cmpuint (page->status, ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (page->body, NULL), user_code));
  g_assert_nonnull (strstr (g_bytes_get_data (page->body, NULL), "999993653"));

  /* the code is accepted in lower case and without the dash */
  {
    g_autofree char *loose = g_ascii_strdown (user_code, -1);

    memmove (loose + 4, loose + 5, 5);
    approve = lb_post_form (server, "/device", "user_code", loose, "bsn", "999970124",
                            "action", "approve", NULL);
  }
  g_assert_cmpuint (approve->status, ==, 200);
  token = poll (server, device_code);
  g_assert_cmpuint (token->status, ==, 200);
  g_assert_cmpstr (lb_member_string (token, "token_type"), ==, "Bearer");
  g_assert_cmpuint (strlen (lb_member_string (token, "access_token")), >=, 32);
  g_assert_cmpint (json_object_get_int_member (lb_object (token), "expires_in"), >, 0);
  reuse = poll (server, device_code);
  assert_oauth_error (reuse, 400, "invalid_grant");
  lb_stop (server);
}

static void
test_device_errors (void)
{
  LbServer *server = lb_start ("--device-code-ttl", "1", NULL);
  g_autoptr(LbResponse) d1 = authorize (server);
  g_autoptr(LbResponse) d2 = authorize (server);
  g_autoptr(LbResponse) deny = NULL, denied = NULL, badbsn = NULL, badcode = NULL, expired = NULL;
  g_autoptr(LbResponse) late = NULL, grant = NULL, client = NULL, device_client = NULL, unknown = NULL;

  badbsn = lb_post_form (server, "/device", "user_code", lb_member_string (d1, "user_code"),
                         "bsn", "123456789", "action", "approve", NULL);
  g_assert_cmpuint (badbsn->status, ==, 400);
  badcode = lb_post_form (server, "/device", "user_code", "BCDF-GHJK", "bsn", "999993653", NULL);
  g_assert_cmpuint (badcode->status, ==, 400);
  deny = lb_post_form (server, "/device", "user_code", lb_member_string (d1, "user_code"),
                       "action", "deny", NULL);
  g_assert_cmpuint (deny->status, ==, 200);
  denied = poll (server, lb_member_string (d1, "device_code"));
  assert_oauth_error (denied, 400, "access_denied");

  grant = lb_post_form (server, "/oauth/token", "grant_type", "password", "client_id", "loket-kiosk", NULL);
  assert_oauth_error (grant, 400, "unsupported_grant_type");
  client = lb_post_form (server, "/oauth/token", "grant_type", GRANT, "device_code",
                         lb_member_string (d2, "device_code"), "client_id", "someone-else", NULL);
  assert_oauth_error (client, 401, "invalid_client");
  device_client = lb_post_form (server, "/oauth/device_authorization", "client_id", "x", NULL);
  assert_oauth_error (device_client, 401, "invalid_client");
  unknown = poll (server, "no-such-device-code");
  assert_oauth_error (unknown, 400, "invalid_grant");

  g_usleep (1200 * 1000);
  expired = poll (server, lb_member_string (d2, "device_code"));
  assert_oauth_error (expired, 400, "expired_token");
  late = lb_post_form (server, "/device", "user_code", lb_member_string (d2, "user_code"),
                       "bsn", "999993653", NULL);
  g_assert_cmpuint (late->status, ==, 400);
  lb_stop (server);
}

/* ---- BRP ---- */

static LbResponse *
brp (LbServer   *server,
     const char *token,
     const char *body)
{
  g_autofree char *auth = token ? g_strconcat ("Bearer ", token, NULL) : NULL;
  const char *headers[] = { "Authorization", auth, NULL };

  return lb_post_json (server, BRP, token ? headers : NULL, body);
}

static JsonObject *
only_person (LbResponse *r)
{
  JsonObject *o = lb_object (r);
  JsonArray *personen;

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (o, "type"), ==, "RaadpleegMetBurgerservicenummer");
  personen = json_object_get_array_member (o, "personen");
  g_assert_cmpuint (json_array_get_length (personen), ==, 1);
  return json_array_get_object_element (personen, 0);
}

static void
test_brp_gateway_rules (void)
{
  LbServer *server = lb_start ("--token-ttl", "2", NULL);
  g_autofree char *token = lb_sign_in (server, "999990676");
  g_autofree char *unknown_token = lb_sign_in (server, "111222333");
  g_autoptr(LbResponse) none = brp (server, NULL, "{\"type\":\"RaadpleegMetBurgerservicenummer\","
                                    "\"burgerservicenummer\":[\"999990676\"],\"fields\":[\"naam\"]}");
  g_autoptr(LbResponse) bogus = brp (server, "not-a-token", "{}");
  g_autoptr(LbResponse) other = brp (server, token, "{\"type\":\"RaadpleegMetBurgerservicenummer\","
                                     "\"burgerservicenummer\":[\"999993653\"],\"fields\":[\"naam\"]}");
  g_autoptr(LbResponse) mine = brp (server, token, "{\"type\":\"RaadpleegMetBurgerservicenummer\","
                                    "\"burgerservicenummer\":[\"999990676\"],"
                                    "\"fields\":[\"burgerservicenummer\",\"naam.voornamen\",\"naam.geslachtsnaam\"]}");
  g_autoptr(LbResponse) notfound = brp (server, unknown_token,
                                        "{\"type\":\"RaadpleegMetBurgerservicenummer\","
                                        "\"burgerservicenummer\":[\"111222333\"],\"fields\":[\"naam\"]}");
  g_autoptr(LbResponse) expired = NULL;
  g_autoptr(LbResponse) form = lb_request (server, "POST", BRP, NULL, "text/plain", "x", 1);
  JsonObject *p, *naam;

  lb_assert_problem (none, 401);
  lb_assert_problem (bogus, 401);
  lb_assert_problem (other, 403);
  p = only_person (mine);
  g_assert_cmpuint (json_object_get_size (p), ==, 2);
  naam = json_object_get_object_member (p, "naam");
  g_assert_cmpuint (json_object_get_size (naam), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (naam, "voornamen"), ==, "Cornelia Francisca");
  g_assert_cmpuint (notfound->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (lb_object (notfound),
                                                                       "personen")), ==, 0);
  lb_assert_problem (form, 415);
  g_usleep (2100 * 1000);
  expired = brp (server, token, "{\"type\":\"RaadpleegMetBurgerservicenummer\","
                 "\"burgerservicenummer\":[\"999990676\"],\"fields\":[\"naam\"]}");
  lb_assert_problem (expired, 401);
  lb_stop (server);
}

static gboolean
has_invalid_param (LbResponse *r,
                   const char *name,
                   const char *code)
{
  JsonArray *params = json_object_get_array_member (lb_object (r), "invalidParams");

  for (guint i = 0; i < json_array_get_length (params); i++)
    {
      JsonObject *p = json_array_get_object_element (params, i);

      if (g_str_equal (json_object_get_string_member (p, "name"), name)
          && g_str_equal (json_object_get_string_member (p, "code"), code))
        return TRUE;
    }
  return FALSE;
}

static void
test_brp_validation (void)
{
  LbServer *server = lb_startv (NULL);
  g_autofree char *token = lb_sign_in (server, "999993653");
  g_autoptr(LbResponse) badfield = brp (server, token, "{\"type\":\"RaadpleegMetBurgerservicenummer\","
                                        "\"burgerservicenummer\":[\"999993653\"],"
                                        "\"fields\":[\"naam\",\"schoenmaat\",\"inOnderzoek\",\"a b\"]}");
  g_autoptr(LbResponse) missing = brp (server, token, "{\"type\":\"RaadpleegMetBurgerservicenummer\"}");
  g_autoptr(LbResponse) pattern = brp (server, token, "{\"type\":\"RaadpleegMetBurgerservicenummer\","
                                       "\"burgerservicenummer\":[\"12345\"],\"fields\":[\"naam\"],\"x\":1}");
  g_autoptr(LbResponse) type = brp (server, token, "{\"type\":\"Zoek\",\"burgerservicenummer\":[\"999993653\"],"
                                    "\"fields\":[\"naam\"]}");
  g_autoptr(LbResponse) broken = brp (server, token, "{not json");

  lb_assert_problem (badfield, 400);
  g_assert_cmpstr (json_object_get_string_member (lb_object (badfield), "code"), ==, "paramsValidation");
  g_assert_true (has_invalid_param (badfield, "fields[1]", "fields"));
  g_assert_true (has_invalid_param (badfield, "fields[2]", "fields"));
  g_assert_true (has_invalid_param (badfield, "fields[3]", "pattern"));
  g_assert_false (has_invalid_param (badfield, "fields[0]", "fields"));
  lb_assert_problem (missing, 400);
  g_assert_true (has_invalid_param (missing, "burgerservicenummer", "required"));
  g_assert_true (has_invalid_param (missing, "fields", "required"));
  lb_assert_problem (pattern, 400);
  g_assert_true (has_invalid_param (pattern, "burgerservicenummer[0]", "pattern"));
  g_assert_true (has_invalid_param (pattern, "x", "unknownParam"));
  lb_assert_problem (type, 400);
  g_assert_true (has_invalid_param (type, "type", "value"));
  lb_assert_problem (broken, 400);
  lb_stop (server);
}

static JsonObject *
fetch (LbServer   *server,
       const char *bsn,
       const char *fields)
{
  g_autofree char *token = lb_sign_in (server, bsn);
  g_autofree char *body = g_strdup_printf ("{\"type\":\"RaadpleegMetBurgerservicenummer\","
                                           "\"burgerservicenummer\":[\"%s\"],\"fields\":%s}", bsn, fields);
  g_autoptr(LbResponse) r = brp (server, token, body);

  return json_object_ref (only_person (r));
}

static const char *
path_string (JsonObject *o,
             const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (gsize i = 0; parts[i + 1]; i++)
    o = json_object_get_object_member (o, parts[i]);
  return json_object_get_string_member (o, parts[g_strv_length (parts) - 1]);
}

static void
test_brp_persons (void)
{
  LbServer *server = lb_startv (NULL);
  g_autoptr(JsonObject) suzanne = fetch (server, "999993653",
                                         "[\"naam\",\"geboorte\",\"verblijfplaats\",\"nationaliteiten\","
                                         "\"adressering\",\"leeftijd\"]");
  g_autoptr(JsonObject) family = fetch (server, "999970124", "[\"partners\",\"kinderen.naam.voornamen\"]");
  g_autoptr(JsonObject) widow = fetch (server, "999980002", "[\"geboorte.datum\",\"partners\"]");
  g_autoptr(JsonObject) abroad = fetch (server, "999980026",
                                        "[\"verblijfplaats.verblijfadres.land\",\"geboorte.datum.jaar\"]");
  g_autoptr(JsonObject) unknown = fetch (server, "999980038", "[\"verblijfplaats\",\"geboorte.datum\"]");
  g_autoptr(JsonObject) dead = fetch (server, "999990421", "[\"burgerservicenummer\",\"adressering\"]");
  JsonArray *kinderen, *nat;
  JsonObject *partner;

  g_assert_cmpstr (path_string (suzanne, "naam.volledigeNaam"), ==, "Suzanne Moulin");
  g_assert_cmpstr (path_string (suzanne, "naam.voorletters"), ==, "S.");
  g_assert_cmpstr (path_string (suzanne, "geboorte.datum.type"), ==, "Datum");
  g_assert_cmpstr (path_string (suzanne, "verblijfplaats.type"), ==, "Adres");
  g_assert_cmpstr (path_string (suzanne, "adressering.adresregel1"), ==, "Spui 70");
  g_assert_cmpint (json_object_get_int_member (suzanne, "leeftijd"), >=, 40);
  nat = json_object_get_array_member (suzanne, "nationaliteiten");
  g_assert_cmpstr (path_string (json_array_get_object_element (nat, 0), "datumIngangGeldigheid.type"),
                   ==, "DatumOnbekend");

  kinderen = json_object_get_array_member (family, "kinderen");
  g_assert_cmpuint (json_array_get_length (kinderen), ==, 4);
  g_assert_cmpuint (json_object_get_size (json_array_get_object_element (kinderen, 0)), ==, 1);
  g_assert_cmpstr (path_string (json_array_get_object_element (kinderen, 2), "naam.voornamen"), ==, "Pelle");
  partner = json_array_get_object_element (json_object_get_array_member (family, "partners"), 0);
  g_assert_cmpstr (path_string (partner, "naam.voornamen"), ==, "Pia");
  g_assert_false (json_object_has_member (family, "naam"));

  g_assert_cmpstr (path_string (widow, "geboorte.datum.type"), ==, "JaarMaandDatum");
  g_assert_cmpstr (path_string (widow, "geboorte.datum.langFormaat"), ==, "mei 1948");
  partner = json_array_get_object_element (json_object_get_array_member (widow, "partners"), 0);
  g_assert_cmpstr (path_string (partner, "ontbindingHuwelijkPartnerschap.datum.datum"), ==, "2024-11-03");

  /* part of a date or code table gives the whole value; the discriminator stays */
  g_assert_cmpstr (path_string (abroad, "verblijfplaats.type"), ==, "VerblijfplaatsBuitenland");
  g_assert_cmpstr (path_string (abroad, "verblijfplaats.verblijfadres.land.omschrijving"), ==, "Turkije");
  g_assert_cmpstr (path_string (abroad, "geboorte.datum.type"), ==, "JaarDatum");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_object_get_object_member (abroad, "geboorte"), "datum"), "jaar"), ==, 1971);
  g_assert_cmpstr (path_string (unknown, "verblijfplaats.type"), ==, "VerblijfplaatsOnbekend");
  g_assert_cmpstr (path_string (unknown, "geboorte.datum.type"), ==, "DatumOnbekend");

  /* automatically delivered fields come with the person */
  g_assert_cmpstr (path_string (dead, "opschortingBijhouding.reden.code"), ==, "O");
  g_assert_false (json_object_has_member (dead, "leeftijd"));
  g_assert_false (json_object_has_member (dead, "naam"));
  lb_stop (server);
}

static LbResponse *
userinfo (LbServer   *server,
          const char *token)
{
  g_autofree char *auth = token ? g_strconcat ("Bearer ", token, NULL) : NULL;
  const char *headers[] = { "Authorization", auth, NULL };

  return lb_get (server, "/oauth/userinfo", token ? headers : NULL);
}

/* OpenID Connect UserInfo: the bearer of a token learns whose it is, and nobody else does. */
static void
test_userinfo (void)
{
  LbServer *server = lb_start ("--token-ttl", "2", NULL);
  g_autoptr(LbResponse) discovery = lb_get (server, "/.well-known/loket", NULL);
  g_autofree char *endpoint = lb_url (server, "/oauth/userinfo");
  g_autofree char *token = lb_sign_in (server, "999990676");
  g_autofree char *token2 = lb_sign_in (server, "999990676");
  g_autofree char *other = lb_sign_in (server, "999993653");
  g_autoptr(LbResponse) mine = userinfo (server, token);
  g_autoptr(LbResponse) again = userinfo (server, token2);
  g_autoptr(LbResponse) theirs = userinfo (server, other);
  g_autoptr(LbResponse) none = userinfo (server, NULL);
  g_autoptr(LbResponse) bogus = userinfo (server, "not-a-token");
  g_autoptr(LbResponse) expired = NULL;
  g_autofree char *log = NULL;

  g_assert_cmpstr (lb_member_string (discovery, "userinfo_endpoint"), ==, endpoint);

  g_assert_cmpuint (mine->status, ==, 200);
  g_assert_cmpstr (lb_member_string (mine, "bsn"), ==, "999990676");
  g_assert_cmpstr (soup_message_headers_get_one (mine->headers, "Cache-Control"), ==, "no-store");
  /* sub: a pseudonym, the same for the same citizen, never the BSN itself */
  g_assert_cmpstr (lb_member_string (mine, "sub"), ==, lb_member_string (again, "sub"));
  g_assert_cmpstr (lb_member_string (mine, "sub"), !=, lb_member_string (theirs, "sub"));
  g_assert_null (strstr (lb_member_string (mine, "sub"), "999990676"));
  g_assert_cmpstr (lb_member_string (theirs, "bsn"), ==, "999993653");

  g_assert_cmpuint (none->status, ==, 401);
  g_assert_cmpstr (soup_message_headers_get_one (none->headers, "WWW-Authenticate"), ==, "Bearer");
  g_assert_cmpuint (bogus->status, ==, 401);
  g_assert_cmpstr (lb_member_string (bogus, "error"), ==, "invalid_token");
  g_assert_nonnull (strstr (soup_message_headers_get_one (bogus->headers, "WWW-Authenticate"),
                            "invalid_token"));

  g_usleep (2100 * G_TIME_SPAN_MILLISECOND);
  expired = userinfo (server, token);
  g_assert_cmpuint (expired->status, ==, 401);

  /* the log names the route, never the token or the BSN */
  log = lb_read_log (server);
  g_assert_nonnull (strstr (log, "userinfo"));
  g_assert_null (strstr (log, "999990676"));
  g_assert_null (strstr (log, token));
  lb_stop (server);
}

int
main (int argc, char *argv[])
{
  lb_init (&argc, &argv);
  g_test_add_func ("/backend/oauth/device-flow", test_device_flow);
  g_test_add_func ("/backend/oauth/errors", test_device_errors);
  g_test_add_func ("/backend/oauth/userinfo", test_userinfo);
  g_test_add_func ("/backend/brp/gateway-rules", test_brp_gateway_rules);
  g_test_add_func ("/backend/brp/validation", test_brp_validation);
  g_test_add_func ("/backend/brp/persons", test_brp_persons);
  return g_test_run ();
}
