/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * loket-reference-backend: the government services Loket talks to, emulated
 * on loopback for the demo and the tests. See backend/README.md.
 */
#define G_LOG_DOMAIN "loket-backend"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>

#include "lrb.h"

static const char description[] =
  "Serves on 127.0.0.1 only and prints its base URL (http://127.0.0.1:PORT) as the first\n"
  "line of standard output once it accepts connections. GET /.well-known/loket lists\n"
  "every endpoint:\n"
  "  catalog_endpoint               GET /catalog (ETag, If-None-Match → 304)\n"
  "  device_authorization_endpoint  POST /oauth/device_authorization (RFC 8628)\n"
  "  token_endpoint                 POST /oauth/token\n"
  "  verification_uri               GET/POST /device (test sign-in page)\n"
  "  brp_personen_endpoint          POST /haalcentraal/api/brp/personen (bearer token)\n"
  "  zaken_endpoint                 /zaken/api/v1 (also /catalogi/api/v1, /documenten/api/v1;\n"
  "                                 JWT HS256, Accept-Crs: EPSG:4326)\n"
  "  intake_endpoint                POST /intake (sealed box, Idempotency-Key), GET /intake/stats\n"
  "  intake_public_key              base64 of the crypto_box public key\n"
  "  desk_endpoint                  POST/GET /desk/tickets, POST /desk/tickets/next\n"
  "  correction_endpoint            POST /terugmeldingen (bearer token)\n"
  "\n"
  "Control API (loopback peers only):\n"
  "  GET /_control/faults           list faults\n"
  "  POST|PUT /_control/faults      {\"route\":R,\"kind\":K,\"arg\":A,\"times\":N} or {\"spec\":\"R:K:A\"}\n"
  "  DELETE /_control/faults[?route=R]  clear faults\n"
  "  PUT /_control/catalog          replace the served catalog document (body: JSON)\n"
  "  DELETE /_control/catalog       serve the original catalog again\n"
  "\n"
  "Faults (--fault ROUTE:KIND[:ARG], repeatable):\n"
  "  ROUTE  discovery, catalog, device_authorization, token, verification, brp, zaken,\n"
  "         intake, desk, correction\n"
  "  KIND   delay:MS, status:CODE, malformed, truncated, drop\n"
  "\n"
  "Every request is logged to standard error as METHOD ROUTE STATUS DURATION, without\n"
  "query strings, bodies or any other personal data. SIGTERM or SIGINT stops cleanly.";

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static void
config_clear (LrbConfig *config)
{
  g_free (config->catalog_dir);
  g_free (config->client_id);
  g_free (config->zgw_client_id);
  g_free (config->zgw_secret);
  g_free (config->key_file);
  g_free (config->state_file);
  g_strfreev (config->faults);
}

static gboolean
check_config (LrbConfig  *config,
              GError    **error)
{
  if (config->port < 0 || config->port > 65535)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--port must be 0–65535");
      return FALSE;
    }
  if (config->device_code_ttl < 1 || config->token_ttl < 1 || config->interval < 0
      || config->jwt_max_age < 1 || config->zgw_page_size < 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "durations and the page size must be positive");
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  LrbConfig config = {
    .port = LRB_DEFAULT_PORT,
    .device_code_ttl = 300,
    .token_ttl = 900,
    .interval = 5,
    .jwt_max_age = 3600,
    .zgw_page_size = 100,
  };
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &config.port,
      "Port on 127.0.0.1 (0 picks a free port; default 8470)", "N" },
    { "catalog-dir", 0, 0, G_OPTION_ARG_FILENAME, &config.catalog_dir,
      "Serve the catalog files of DIR instead of the built-in data/catalog", "DIR" },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &config.client_id,
      "OAuth client_id of the kiosk (default loket-kiosk)", "ID" },
    { "device-code-ttl", 0, 0, G_OPTION_ARG_INT, &config.device_code_ttl,
      "Lifetime of device and user codes in seconds (default 300)", "S" },
    { "token-ttl", 0, 0, G_OPTION_ARG_INT, &config.token_ttl,
      "Lifetime of access tokens in seconds (default 900)", "S" },
    { "interval", 0, 0, G_OPTION_ARG_INT, &config.interval,
      "Minimum polling interval in seconds given to devices (default 5)", "S" },
    { "zgw-client-id", 0, 0, G_OPTION_ARG_STRING, &config.zgw_client_id,
      "ZGW JWT client ID (default loket-kiosk)", "ID" },
    { "zgw-secret", 0, 0, G_OPTION_ARG_STRING, &config.zgw_secret,
      "ZGW JWT HS256 secret (default loket-dev-secret; a development value)", "SECRET" },
    { "jwt-max-age", 0, 0, G_OPTION_ARG_INT, &config.jwt_max_age,
      "Reject ZGW JWTs whose iat is older than S seconds (default 3600)", "S" },
    { "zgw-page-size", 0, 0, G_OPTION_ARG_INT, &config.zgw_page_size,
      "Page size of ZGW lists (default 100)", "N" },
    { "key-file", 0, 0, G_OPTION_ARG_FILENAME, &config.key_file,
      "Intake key: base64 crypto_box secret key; created if missing (default: new key per run)", "FILE" },
    { "state-file", 0, 0, G_OPTION_ARG_FILENAME, &config.state_file,
      "Keep intake submissions and counts in FILE so they survive a restart", "FILE" },
    { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &config.faults,
      "Inject a fault, ROUTE:KIND[:ARG] (repeatable, see below)", "SPEC" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— Loket reference back-end");
  g_autoptr(GError) error = NULL;
  g_autoptr(LrbServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context, description);
  if (!g_option_context_parse (context, &argc, &argv, &error) || !check_config (&config, &error))
    {
      g_printerr ("loket-reference-backend: %s\n", error->message);
      config_clear (&config);
      return 2;
    }
  if (config.client_id == NULL)
    config.client_id = g_strdup ("loket-kiosk");
  if (config.zgw_client_id == NULL)
    config.zgw_client_id = g_strdup ("loket-kiosk");
  if (config.zgw_secret == NULL)
    config.zgw_secret = g_strdup ("loket-dev-secret");

  if (sodium_init () < 0)
    {
      g_printerr ("loket-reference-backend: libsodium failed to initialise\n");
      config_clear (&config);
      return 1;
    }

  server = lrb_server_new (&config, &error);
  if (server == NULL || !lrb_server_listen (server, &error))
    {
      g_printerr ("loket-reference-backend: %s\n", error->message);
      g_clear_pointer (&server, lrb_server_free);
      config_clear (&config);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_unix_signal_add (SIGINT, on_signal, loop);

  printf ("%s\n", server->base_url);
  fflush (stdout);
  g_message ("listening on %s", server->base_url);
  g_main_loop_run (loop);
  g_message ("stopping");

  g_clear_pointer (&server, lrb_server_free);
  config_clear (&config);
  return 0;
}
