/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test-sync"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-store.h"
#include "loket-sync.h"
#include "loket-test-server.h"
#include "loket-test-utils.h"

typedef struct
{
  LoketTestServer *server;
  LoketStore      *store;
  GBytes          *document;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->document = loket_test_load_data ("catalog-search.json");
  fixture->server = loket_test_server_new ();
  loket_test_server_set_catalog (fixture->server, fixture->document, "\"v1\"");

  fixture->store = loket_store_new (NULL);
  loket_store_open_async (fixture->store, NULL, loket_test_ready_cb, &result);
  g_assert_true (loket_store_open_finish (fixture->store, loket_test_wait (&result), &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gpointer weak = fixture->store;

  g_object_add_weak_pointer (weak, &weak);
  g_clear_object (&fixture->store);
  while (weak != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_pointer (&fixture->server, loket_test_server_free);
  g_clear_pointer (&fixture->document, g_bytes_unref);
}

static LoketSyncResult *
run_sync (Fixture  *fixture,
          GError  **error)
{
  g_autoptr(LoketSync) sync = loket_sync_new (fixture->store,
                                              loket_test_server_get_url (fixture->server), NULL);
  g_autoptr(GAsyncResult) result = NULL;

  /* Short limits, so a hanging server costs a second and a 4 MiB body is too big. */
  loket_sync_set_limits (sync, 1, 3000, 256 * 1024);
  loket_sync_run_async (sync, NULL, loket_test_ready_cb, &result);
  return loket_sync_run_finish (sync, loket_test_wait (&result), error);
}

static LoketStoreInfo *
get_info (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LoketStoreInfo *info;

  loket_store_get_info_async (fixture->store, NULL, loket_test_ready_cb, &result);
  info = loket_store_get_info_finish (fixture->store, loket_test_wait (&result), &error);
  g_assert_no_error (error);
  return info;
}

static void
test_ok_and_not_modified (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(LoketSyncResult) result = NULL;
  g_autoptr(LoketSyncResult) again = NULL;
  g_autoptr(LoketStoreInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *summary_again = NULL;

  result = run_sync (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->outcome, ==, LOKET_SYNC_UPDATED);
  g_assert_nonnull (result->catalog);
  summary = loket_sync_result_describe (result);
  g_assert_cmpstr (summary, ==, "catalog updated: 2 life events, 3 services, etag \"v1\"");

  again = run_sync (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->outcome, ==, LOKET_SYNC_UNCHANGED);
  g_assert_null (again->catalog);
  summary_again = loket_sync_result_describe (again);
  g_assert_cmpstr (summary_again, ==, "catalog unchanged (304)");

  info = get_info (fixture);
  g_assert_cmpstr (info->etag, ==, "\"v1\"");
  g_assert_cmpuint (info->n_services, ==, 3);
}

typedef struct
{
  LoketTestFault  fault;
  int             code;
  const char     *message; /* a pattern the message must match */
} FaultCase;

static const FaultCase fault_cases[] = {
  { LOKET_TEST_FAULT_NOT_FOUND, LOKET_ERROR_NOT_FOUND, "*/catalog answered 404 Not Found" },
  { LOKET_TEST_FAULT_SERVER_ERROR, LOKET_ERROR_UNAVAILABLE, "*/catalog answered 500 Internal Server Error" },
  { LOKET_TEST_FAULT_HANG, LOKET_ERROR_TIMEOUT, "*/catalog did not answer in time*" },
  { LOKET_TEST_FAULT_DROP, LOKET_ERROR_NETWORK, "*/catalog closed the connection without answering*" },
  { LOKET_TEST_FAULT_TRUNCATED, LOKET_ERROR_NETWORK, "*/catalog closed the connection before the whole body arrived*" },
  { LOKET_TEST_FAULT_MALFORMED, LOKET_ERROR_INVALID_DATA, "catalog.json: not valid JSON*" },
  { LOKET_TEST_FAULT_WRONG_SHAPE, LOKET_ERROR_INVALID_DATA,
    "catalog.json: document: field \"services\": expected an array, found a string" },
  { LOKET_TEST_FAULT_TOO_BIG, LOKET_ERROR_INVALID_DATA, "*/catalog announced 4194304 bytes, more than the limit of 262144" },
  { LOKET_TEST_FAULT_TOO_BIG_CHUNKED, LOKET_ERROR_INVALID_DATA, "*/catalog sent a body larger than the limit of 262144 bytes" },
  { LOKET_TEST_FAULT_DEEP, LOKET_ERROR_INVALID_DATA, "catalog.json: nested deeper than 64 levels" },
  { LOKET_TEST_FAULT_WRONG_TYPE, LOKET_ERROR_INVALID_DATA, "*/catalog answered with content type text/html, expected application/json" },
  { LOKET_TEST_FAULT_DISCOVERY_BAD, LOKET_ERROR_INVALID_DATA, "*/.well-known/loket: field \"catalog_endpoint\": missing or not a string" },
};

/* A good catalog first; then each fault: no crash, a clear message, the store untouched. */
static void
test_fault (Fixture       *fixture,
            gconstpointer  user_data)
{
  const FaultCase *fault = user_data;
  g_autoptr(LoketSyncResult) first = NULL;
  g_autoptr(LoketSyncResult) result = NULL;
  g_autoptr(LoketStoreInfo) before = NULL;
  g_autoptr(LoketStoreInfo) after = NULL;
  g_autoptr(GError) error = NULL;

  first = run_sync (fixture, &error);
  g_assert_no_error (error);
  before = get_info (fixture);

  /* A new version is on offer, so the client cannot get away with a 304. */
  loket_test_server_set_catalog (fixture->server, fixture->document, "\"v2\"");
  loket_test_server_set_fault (fixture->server, fault->fault);
  result = run_sync (fixture, &error);
  g_assert_null (result);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_error (error, LOKET_ERROR, fault->code);
  if (!g_pattern_match_simple (fault->message, error->message))
    g_error ("\"%s\" does not match \"%s\"", error->message, fault->message);

  after = get_info (fixture);
  g_assert_cmpstr (after->etag, ==, "\"v1\"");
  g_assert_cmpstr (after->etag, ==, before->etag);
  g_assert_cmpuint (after->n_life_events, ==, before->n_life_events);
  g_assert_cmpuint (after->n_services, ==, before->n_services);
  g_assert_true (g_date_time_equal (after->updated, before->updated));

  /* And the next good answer is taken as usual. */
  g_clear_error (&error);
  loket_test_server_set_fault (fixture->server, LOKET_TEST_FAULT_NONE);
  g_clear_pointer (&result, loket_sync_result_free);
  result = run_sync (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->outcome, ==, LOKET_SYNC_UPDATED);
  g_assert_cmpstr (result->info->etag, ==, "\"v2\"");
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(LoketSync) sync = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LoketSyncResult) sync_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup (loket_test_server_get_url (fixture->server));

  /* A port nobody listens on any more. */
  g_clear_pointer (&fixture->server, loket_test_server_free);
  sync = loket_sync_new (fixture->store, url, NULL);
  loket_sync_run_async (sync, NULL, loket_test_ready_cb, &result);
  sync_result = loket_sync_run_finish (sync, loket_test_wait (&result), &error);
  g_assert_null (sync_result);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NETWORK);
}

/* ---------------------------------------------------------------------------------------------
 * Through the real binary
 * ------------------------------------------------------------------------------------------- */

static int
run_loket (const char  *option,
           const char  *backend,
           char       **out)
{
  const char *binary = g_getenv ("LOKET_BINARY");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (binary);
  /* The store goes to this test's own scratch folder (G_TEST_OPTION_ISOLATE_DIRS). */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, binary, option, "--backend", backend, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("%s stdout: %s stderr: %s", option, *out, err);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static JsonObject *
parse_health (const char *out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_command_line (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char *url = loket_test_server_get_url (fixture->server);
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) health = NULL;
  g_autoptr(GDateTime) updated = NULL;
  g_autofree char *dead = NULL;
  JsonObject *catalog, *backends;

  g_assert_cmpint (run_loket ("--sync", url, &out), ==, 0);
  g_assert_cmpstr (out, ==, "catalog updated: 2 life events, 3 services, etag \"v1\"\n");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_loket ("--sync", url, &out), ==, 0);
  g_assert_cmpstr (out, ==, "catalog unchanged (304)\n");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_loket ("--health", url, &out), ==, 0);
  health = parse_health (out);
  g_assert_cmpstr (json_object_get_string_member (health, "status"), ==, "ok");
  catalog = json_object_get_object_member (health, "catalog");
  g_assert_cmpstr (json_object_get_string_member (catalog, "etag"), ==, "\"v1\"");
  updated = g_date_time_new_from_iso8601 (json_object_get_string_member (catalog, "updated"), NULL);
  g_assert_nonnull (updated);
  g_assert_cmpint (json_object_get_int_member (catalog, "life_events"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (catalog, "services"), ==, 3);
  backends = json_object_get_object_member (health, "backends");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (backends, "discovery"),
                                                 "reachable"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (backends, "catalog"),
                                                 "reachable"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&health, json_object_unref);

  /* A failing back-end: --sync says why and fails; --health is degraded; the cache stays. */
  loket_test_server_set_catalog (fixture->server, fixture->document, "\"v2\"");
  loket_test_server_set_fault (fixture->server, LOKET_TEST_FAULT_SERVER_ERROR);
  g_assert_cmpint (run_loket ("--sync", url, &out), ==, 1);
  g_assert_true (g_str_has_prefix (out, "sync failed: "));
  g_assert_true (g_str_has_suffix (out, "/catalog answered 500 Internal Server Error\n"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_loket ("--health", url, &out), ==, 1);
  health = parse_health (out);
  g_assert_cmpstr (json_object_get_string_member (health, "status"), ==, "degraded");
  catalog = json_object_get_object_member (health, "catalog");
  g_assert_cmpstr (json_object_get_string_member (catalog, "etag"), ==, "\"v1\"");
  backends = json_object_get_object_member (health, "backends");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (backends, "discovery"),
                                                 "reachable"));
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (backends, "catalog"),
                                                  "reachable"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&health, json_object_unref);

  /* Nobody home. */
  dead = g_strdup (url);
  g_clear_pointer (&fixture->server, loket_test_server_free);
  g_assert_cmpint (run_loket ("--sync", dead, &out), ==, 1);
  g_assert_true (g_str_has_prefix (out, "sync failed: "));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_loket ("--health", dead, &out), ==, 1);
  health = parse_health (out);
  g_assert_cmpstr (json_object_get_string_member (health, "status"), ==, "degraded");
}

int
main (int   argc,
      char *argv[])
{
  loket_test_init (&argc, &argv);
  /* Sync failures are logged as messages; the loopback server must not be reached via a proxy. */
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("no_proxy");

  g_test_add ("/loket/sync/ok-and-304", Fixture, NULL, fixture_set_up, test_ok_and_not_modified,
              fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      static const char * const names[] = {
        "404", "500", "timeout", "dropped-connection", "truncated-body", "malformed-json",
        "wrong-shape", "too-big", "too-big-chunked", "nested-100000", "wrong-content-type",
        "bad-discovery",
      };
      g_autofree char *path = g_strconcat ("/loket/sync/fault/", names[i], NULL);

      G_STATIC_ASSERT (G_N_ELEMENTS (names) == G_N_ELEMENTS (fault_cases));
      g_test_add (path, Fixture, &fault_cases[i], fixture_set_up, test_fault, fixture_tear_down);
    }
  g_test_add ("/loket/sync/unreachable", Fixture, NULL, fixture_set_up, test_unreachable,
              fixture_tear_down);
  g_test_add ("/loket/sync/command-line", Fixture, NULL, fixture_set_up, test_command_line,
              fixture_tear_down);

  return g_test_run ();
}
