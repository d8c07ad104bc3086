/* SPDX-License-Identifier: EUPL-1.2 */
/* Faults on demand: flags and the loopback control endpoint. */
#include <string.h>

#include "backend-harness.h"

/* libsoup may hand over a short body without an error when the peer closes
 * early; either way fewer bytes arrived than Content-Length announced. */
static gboolean
is_truncated (LbResponse *r)
{
  if (r->error != NULL)
    return TRUE;
  return r->body != NULL
      && g_bytes_get_size (r->body) < (gsize) soup_message_headers_get_content_length (r->headers);
}

static void
test_fault_flags (void)
{
  LbServer *server = lb_start ("--fault", "discovery:delay:300", "--fault", "catalog:status:503",
                               "--fault", "desk:malformed", "--fault", "intake:truncated",
                               "--fault", "correction:drop", NULL);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(LbResponse) slow = lb_get (server, "/.well-known/loket", NULL);
  gint64 took = g_get_monotonic_time () - start;
  g_autoptr(LbResponse) status = lb_get (server, "/catalog", NULL);
  g_autoptr(LbResponse) malformed = lb_get (server, "/desk/tickets", NULL);
  g_autoptr(LbResponse) truncated = lb_get (server, "/intake/stats", NULL);
  g_autoptr(LbResponse) dropped = lb_post_json (server, "/terugmeldingen", NULL, "{}");
  g_autoptr(LbResponse) healthy = lb_get (server, "/intake/stats", (const char *[]) { "X", "y", NULL });
  g_autofree char *log = NULL;

  g_assert_cmpuint (slow->status, ==, 200);
  g_assert_cmpint (took, >=, 300 * 1000);
  lb_assert_problem (status, 503);
  g_assert_cmpuint (malformed->status, ==, 200);
  g_assert_null (malformed->json);
  g_assert_true (is_truncated (truncated));
  g_assert_nonnull (dropped->error);
  g_assert_true (is_truncated (healthy));       /* the fault holds for every request */
  log = lb_read_log (server);
  g_assert_nonnull (strstr (log, "(fault: dropped connection)"));
  lb_stop (server);
}

static void
test_fault_control (void)
{
  LbServer *server = lb_startv (NULL);
  g_autoptr(LbResponse) set = lb_post_json (server, "/_control/faults", NULL,
                                            "{\"route\":\"brp\",\"kind\":\"status\",\"arg\":503,\"times\":1}");
  g_autoptr(LbResponse) set2 = lb_post_json (server, "/_control/faults", NULL, "{\"spec\":\"zaken:drop\"}");
  g_autoptr(LbResponse) bad = lb_post_json (server, "/_control/faults", NULL, "{\"spec\":\"nowhere:drop\"}");
  g_autoptr(LbResponse) badkind = lb_post_json (server, "/_control/faults", NULL,
                                                "{\"route\":\"brp\",\"kind\":\"explode\"}");
  g_autoptr(LbResponse) list = lb_get (server, "/_control/faults", NULL);
  g_autoptr(LbResponse) once = lb_post_json (server, "/haalcentraal/api/brp/personen", NULL, "{}");
  g_autoptr(LbResponse) then = lb_post_json (server, "/haalcentraal/api/brp/personen", NULL, "{}");
  g_autoptr(LbResponse) drop = lb_get (server, "/zaken/api/v1/zaken", NULL);
  g_autoptr(LbResponse) clear = lb_request (server, "DELETE", "/_control/faults", NULL, NULL, NULL, 0);
  g_autoptr(LbResponse) fine = lb_get (server, "/zaken/api/v1/zaken", NULL);
  JsonObject *faults;

  g_assert_cmpuint (set->status, ==, 200);
  g_assert_cmpuint (set2->status, ==, 200);
  lb_assert_problem (bad, 400);
  lb_assert_problem (badkind, 400);
  faults = json_object_get_object_member (lb_object (list), "faults");
  g_assert_true (json_object_has_member (faults, "brp"));
  g_assert_true (json_object_has_member (faults, "zaken"));
  lb_assert_problem (once, 503);
  lb_assert_problem (then, 401);        /* the fault was for one request only */
  g_assert_nonnull (drop->error);
  g_assert_cmpuint (clear->status, ==, 200);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (lb_object (clear), "faults")), ==, 0);
  g_assert_cmpuint (fine->status, ==, 403);
  lb_stop (server);
}

int
main (int argc, char *argv[])
{
  lb_init (&argc, &argv);
  g_test_add_func ("/backend/faults/flags", test_fault_flags);
  g_test_add_func ("/backend/faults/control", test_fault_control);
  return g_test_run ();
}
