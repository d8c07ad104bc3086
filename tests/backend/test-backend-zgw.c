/* SPDX-License-Identifier: EUPL-1.2 */
/* ZGW Zaken/Catalogi/Documenten as Open Zaak serves them. */
#include <string.h>

#include "backend-harness.h"

#define LIST "/zaken/api/v1/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn="

static void
assert_fout (LbResponse *r,
             guint       status,
             const char *code)
{
  JsonObject *o = lb_object (r);

  g_assert_cmpuint (r->status, ==, status);
  g_assert_cmpstr (json_object_get_string_member (o, "code"), ==, code);
  g_assert_cmpint (json_object_get_int_member (o, "status"), ==, status);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "instance"), "urn:uuid:"));
  g_assert_nonnull (json_object_get_string_member (o, "title"));
  g_assert_nonnull (json_object_get_string_member (o, "detail"));
}

static void
test_auth_and_crs (void)
{
  LbServer *server = lb_start ("--jwt-max-age", "60", NULL);
  g_autofree char *good = lb_zgw_auth ();
  g_autofree char *bad_jwt = lb_make_jwt ("loket-kiosk", "wrong-secret", g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *bad = g_strconcat ("Bearer ", bad_jwt, NULL);
  g_autofree char *old_jwt = lb_make_jwt ("loket-kiosk", "loket-dev-secret",
                                          g_get_real_time () / G_USEC_PER_SEC - 120);
  g_autofree char *old = g_strconcat ("Bearer ", old_jwt, NULL);
  g_autofree char *who_jwt = lb_make_jwt ("stranger", "loket-dev-secret", g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *who = g_strconcat ("Bearer ", who_jwt, NULL);
  g_autoptr(LbResponse) none = lb_get (server, LIST "999993653",
                                       (const char *[]) { "Accept-Crs", "EPSG:4326", NULL });
  g_autoptr(LbResponse) r_bad = lb_get (server, LIST "999993653",
                                        (const char *[]) { "Authorization", bad, "Accept-Crs", "EPSG:4326", NULL });
  g_autoptr(LbResponse) r_old = lb_get (server, LIST "999993653",
                                        (const char *[]) { "Authorization", old, "Accept-Crs", "EPSG:4326", NULL });
  g_autoptr(LbResponse) r_who = lb_get (server, LIST "999993653",
                                        (const char *[]) { "Authorization", who, "Accept-Crs", "EPSG:4326", NULL });
  g_autoptr(LbResponse) nocrs = lb_get (server, LIST "999993653",
                                        (const char *[]) { "Authorization", good, NULL });
  g_autoptr(LbResponse) wrongcrs = lb_get (server, LIST "999993653",
                                           (const char *[]) { "Authorization", good, "Accept-Crs", "EPSG:28992", NULL });
  g_autoptr(LbResponse) ok = lb_get (server, LIST "999993653",
                                     (const char *[]) { "Authorization", good, "Accept-Crs", "EPSG:4326", NULL });

  assert_fout (none, 403, "not_authenticated");
  assert_fout (r_bad, 403, "permission_denied");
  assert_fout (r_old, 403, "permission_denied");
  assert_fout (r_who, 403, "permission_denied");
  assert_fout (nocrs, 412, "precondition_failed");
  g_assert_cmpstr (json_object_get_string_member (lb_object (nocrs), "detail"), ==, "'Accept-Crs' header ontbreekt");
  assert_fout (wrongcrs, 406, "not_acceptable");
  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (ok->headers, "Content-Crs"), ==, "EPSG:4326");
  g_assert_cmpstr (soup_message_headers_get_one (ok->headers, "API-version"), ==, "1.5.1");
  lb_stop (server);
}

static void
test_cases_of_citizen (void)
{
  LbServer *server = lb_start ("--zgw-page-size", "1", NULL);
  g_autofree char *auth = lb_zgw_auth ();
  const char *h[] = { "Authorization", auth, "Accept-Crs", "EPSG:4326", NULL };
  const char *hc[] = { "Authorization", auth, NULL };
  g_autoptr(LbResponse) page1 = lb_get (server, LIST "999993653", h);
  g_autoptr(LbResponse) page2 = NULL, page3 = NULL, zaak = NULL, statussen = NULL, st = NULL, none = NULL;
  g_autoptr(LbResponse) missing = NULL;
  JsonObject *o = lb_object (page1), *z;
  g_autofree char *statussen_path = NULL;
  g_autofree char *zaak_url = NULL;

  g_assert_cmpint (json_object_get_int_member (o, "count"), ==, 2);
  g_assert_true (json_object_get_null_member (o, "previous"));
  g_assert_nonnull (json_object_get_string_member (o, "next"));
  page2 = lb_get (server, json_object_get_string_member (o, "next"), h);
  g_assert_cmpuint (page2->status, ==, 200);
  g_assert_true (json_object_get_null_member (lb_object (page2), "next"));
  g_assert_nonnull (json_object_get_string_member (lb_object (page2), "previous"));
  page3 = lb_get (server, LIST "999993653&page=3", h);
  assert_fout (page3, 404, "not_found");
  none = lb_get (server, LIST "999990676", h);
  g_assert_cmpint (json_object_get_int_member (lb_object (none), "count"), ==, 0);

  z = json_array_get_object_element (json_object_get_array_member (o, "results"), 0);
  zaak_url = g_strdup (json_object_get_string_member (z, "url"));
  zaak = lb_get (server, zaak_url, h);
  g_assert_cmpuint (zaak->status, ==, 200);
  g_assert_cmpstr (lb_member_string (zaak, "identificatie"), ==,
                   json_object_get_string_member (z, "identificatie"));
  g_assert_nonnull (lb_member_string (zaak, "status"));

  statussen_path = g_strdup_printf ("/zaken/api/v1/statussen?zaak=%s", zaak_url);
  {
    g_autofree char *escaped = g_uri_escape_string (zaak_url, NULL, FALSE);

    g_free (statussen_path);
    statussen_path = g_strdup_printf ("/zaken/api/v1/statussen?zaak=%s", escaped);
  }
  statussen = lb_get (server, statussen_path, hc);
  g_assert_cmpuint (statussen->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (lb_object (statussen), "count"), >=, 1);
  st = lb_get (server, json_object_get_string_member (
                 json_array_get_object_element (json_object_get_array_member (lb_object (statussen), "results"), 0),
                 "statustype"), hc);
  g_assert_cmpuint (st->status, ==, 200);
  g_assert_true (json_object_has_member (lb_object (st), "omschrijving"));
  g_assert_true (json_object_has_member (lb_object (st), "volgnummer"));
  missing = lb_get (server, "/zaken/api/v1/zaken/00000000-0000-0000-0000-000000000000", h);
  assert_fout (missing, 404, "not_found");
  lb_stop (server);
}

static void
test_create_flow (void)
{
  LbServer *server = lb_startv (NULL);
  g_autofree char *auth = lb_zgw_auth ();
  const char *h[] = { "Authorization", auth, "Accept-Crs", "EPSG:4326", "Content-Crs", "EPSG:4326", NULL };
  g_autoptr(LbResponse) types = lb_get (server, "/catalogi/api/v1/zaaktypen?identificatie=LOKET-AANVRAAG", h);
  JsonObject *zt = json_array_get_object_element (json_object_get_array_member (lb_object (types), "results"), 0);
  g_autofree char *zaak_body = g_strdup_printf ("{\"zaaktype\":\"%s\",\"bronorganisatie\":\"000000000\","
                                                "\"verantwoordelijkeOrganisatie\":\"000000000\","
                                                "\"startdatum\":\"2026-03-01\",\"omschrijving\":\"Test\"}",
                                                json_object_get_string_member (zt, "url"));
  g_autoptr(LbResponse) zaak = lb_post_json (server, "/zaken/api/v1/zaken", h, zaak_body);
  g_autoptr(LbResponse) rol = NULL, badrol = NULL, status = NULL, invalid = NULL, after = NULL, list = NULL;
  g_autofree char *rol_body = NULL, *bad_body = NULL, *status_body = NULL;

  g_assert_cmpuint (zaak->status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (zaak->headers, "Location"), ==, lb_member_string (zaak, "url"));
  g_assert_cmpstr (lb_member_string (zaak, "uiterlijkeEinddatumAfdoening"), ==, "2026-03-15");
  rol_body = g_strdup_printf ("{\"zaak\":\"%s\",\"betrokkeneType\":\"natuurlijk_persoon\",\"roltype\":\"%s\","
                              "\"roltoelichting\":\"x\",\"betrokkeneIdentificatie\":{\"inpBsn\":\"999990676\"}}",
                              lb_member_string (zaak, "url"),
                              json_array_get_string_element (json_object_get_array_member (zt, "roltypen"), 0));
  rol = lb_post_json (server, "/zaken/api/v1/rollen", h, rol_body);
  g_assert_cmpuint (rol->status, ==, 201);
  g_assert_cmpstr (lb_member_string (rol, "omschrijvingGeneriek"), ==, "initiator");
  bad_body = g_strdup_printf ("{\"zaak\":\"%s\",\"betrokkeneType\":\"niet_natuurlijk_persoon\",\"roltype\":\"%s\","
                              "\"roltoelichting\":\"x\",\"betrokkeneIdentificatie\":{\"innNnpId\":\"12345678\"}}",
                              lb_member_string (zaak, "url"),
                              json_array_get_string_element (json_object_get_array_member (zt, "roltypen"), 0));
  badrol = lb_post_json (server, "/zaken/api/v1/rollen", h, bad_body);
  assert_fout (badrol, 400, "invalid");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (lb_object (badrol), "invalidParams")), ==, 2);
  status_body = g_strdup_printf ("{\"zaak\":\"%s\",\"statustype\":\"%s\",\"datumStatusGezet\":\"2026-03-02T10:00:00Z\"}",
                                 lb_member_string (zaak, "url"),
                                 json_array_get_string_element (json_object_get_array_member (zt, "statustypen"), 2));
  status = lb_post_json (server, "/zaken/api/v1/statussen", h, status_body);
  g_assert_cmpuint (status->status, ==, 201);
  invalid = lb_post_json (server, "/zaken/api/v1/statussen", h, "{\"zaak\":\"http://nowhere/\"}");
  assert_fout (invalid, 400, "invalid");
  after = lb_get (server, lb_member_string (zaak, "url"), h);
  g_assert_cmpstr (lb_member_string (after, "status"), ==, lb_member_string (status, "url"));
  g_assert_cmpstr (lb_member_string (after, "einddatum"), ==, "2026-03-02");
  list = lb_get (server, LIST "999990676", h);
  g_assert_cmpint (json_object_get_int_member (lb_object (list), "count"), ==, 1);
  lb_stop (server);
}

int
main (int argc, char *argv[])
{
  lb_init (&argc, &argv);
  g_test_add_func ("/backend/zgw/auth-and-crs", test_auth_and_crs);
  g_test_add_func ("/backend/zgw/cases-of-citizen", test_cases_of_citizen);
  g_test_add_func ("/backend/zgw/create-flow", test_create_flow);
  return g_test_run ();
}
