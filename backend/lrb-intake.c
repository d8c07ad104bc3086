/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Intake: POST {intake_endpoint} with a sealed submission —
 * crypto_box_seal() of a JSON document to the back-end's public key, sent as
 * raw bytes (application/octet-stream) — and an Idempotency-Key header. The
 * back-end opens the box, validates the document and creates a zaak; the same
 * key again returns the same zaak and is counted once.
 * GET {intake_endpoint}/stats → {"received", "unique", "duplicates"}.
 */
#define G_LOG_DOMAIN "loket-backend"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "loket-bsn.h"
#include "lrb.h"

#define MAX_SUBMISSION (1024 * 1024)

static const char *const languages[] = { "nl", "en", "ar", "uk", "tr", "pl", "ti" };

typedef struct
{
  char *uuid;
  char *identificatie;
  char *url;
  char *bsn;
  char *omschrijving;
  char *startdatum;
} Submission;

struct _LrbIntake
{
  LrbServer *server;
  guint8 public_key[crypto_box_PUBLICKEYBYTES];
  guint8 secret_key[crypto_box_SECRETKEYBYTES];
  GHashTable *by_key;           /* Idempotency-Key → Submission */
  GPtrArray *order;             /* keys in arrival order, for the state file */
  guint64 received;
  guint64 duplicates;
  guint counter;
};

static void
submission_free (gpointer data)
{
  Submission *s = data;

  g_free (s->uuid);
  g_free (s->identificatie);
  g_free (s->url);
  g_free (s->bsn);
  g_free (s->omschrijving);
  g_free (s->startdatum);
  g_free (s);
}

char *
lrb_intake_public_key (LrbIntake *intake)
{
  return g_base64_encode (intake->public_key, sizeof intake->public_key);
}

/* The key file holds the base64 of the 32-byte secret key; it is created
 * (mode 0600) when it does not exist. */
static gboolean
load_or_create_key (LrbIntake   *intake,
                    const char  *path,
                    GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree guchar *raw = NULL;
  g_autofree char *encoded = NULL;
  gsize len = 0;

  if (path == NULL)
    {
      crypto_box_keypair (intake->public_key, intake->secret_key);
      return TRUE;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!g_file_get_contents (path, &text, NULL, error))
        return FALSE;
      raw = g_base64_decode (g_strstrip (text), &len);
      if (len != crypto_box_SECRETKEYBYTES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: not a base64 crypto_box secret key", path);
          return FALSE;
        }
      memcpy (intake->secret_key, raw, len);
      sodium_memzero (raw, len);
      return crypto_scalarmult_base (intake->public_key, intake->secret_key) == 0;
    }
  crypto_box_keypair (intake->public_key, intake->secret_key);
  encoded = g_base64_encode (intake->secret_key, sizeof intake->secret_key);
  if (!g_file_set_contents_full (path, encoded, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  return TRUE;
}

/* ---- state file ---- */

static void
save_state (LrbIntake *intake)
{
  const char *path = intake->server->config->state_file;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "received");
  json_builder_add_int_value (builder, intake->received);
  json_builder_set_member_name (builder, "duplicates");
  json_builder_add_int_value (builder, intake->duplicates);
  json_builder_set_member_name (builder, "counter");
  json_builder_add_int_value (builder, intake->counter);
  json_builder_set_member_name (builder, "submissions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < intake->order->len; i++)
    {
      const char *key = intake->order->pdata[i];
      Submission *s = g_hash_table_lookup (intake->by_key, key);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, key);
      json_builder_set_member_name (builder, "uuid");
      json_builder_add_string_value (builder, s->uuid);
      json_builder_set_member_name (builder, "identificatie");
      json_builder_add_string_value (builder, s->identificatie);
      json_builder_set_member_name (builder, "bsn");
      json_builder_add_string_value (builder, s->bsn);
      json_builder_set_member_name (builder, "omschrijving");
      json_builder_add_string_value (builder, s->omschrijving);
      json_builder_set_member_name (builder, "startdatum");
      json_builder_add_string_value (builder, s->startdatum);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_warning ("Could not save the intake state: %s", error->message);
}

static Submission *
register_submission (LrbIntake  *intake,
                     const char *key,
                     const char *uuid,
                     const char *identificatie,
                     const char *bsn,
                     const char *omschrijving,
                     const char *startdatum)
{
  Submission *s = g_new0 (Submission, 1);
  JsonObject *zaak = lrb_zgw_create_intake_zaak (intake->server->zgw, uuid, identificatie, bsn,
                                                 omschrijving, startdatum);

  s->uuid = g_strdup (json_object_get_string_member (zaak, "uuid"));
  s->identificatie = g_strdup (json_object_get_string_member (zaak, "identificatie"));
  s->url = g_strdup (json_object_get_string_member (zaak, "url"));
  s->bsn = g_strdup (bsn);
  s->omschrijving = g_strdup (omschrijving);
  s->startdatum = g_strdup (json_object_get_string_member (zaak, "startdatum"));
  g_hash_table_insert (intake->by_key, g_strdup (key), s);
  g_ptr_array_add (intake->order, g_strdup (key));
  return s;
}

static gboolean
load_state (LrbIntake   *intake,
            GError     **error)
{
  const char *path = intake->server->config->state_file;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *items;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;
  root = json_node_get_object (json_parser_get_root (parser));
  intake->received = json_object_get_int_member_with_default (root, "received", 0);
  intake->duplicates = json_object_get_int_member_with_default (root, "duplicates", 0);
  intake->counter = json_object_get_int_member_with_default (root, "counter", 0);
  items = json_object_get_array_member (root, "submissions");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      register_submission (intake,
                           json_object_get_string_member (item, "key"),
                           json_object_get_string_member (item, "uuid"),
                           json_object_get_string_member (item, "identificatie"),
                           json_object_get_string_member (item, "bsn"),
                           json_object_get_string_member (item, "omschrijving"),
                           json_object_get_string_member (item, "startdatum"));
    }
  return TRUE;
}

LrbIntake *
lrb_intake_new (LrbServer  *server,
                GError    **error)
{
  LrbIntake *intake = g_new0 (LrbIntake, 1);

  intake->server = server;
  intake->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, submission_free);
  intake->order = g_ptr_array_new_with_free_func (g_free);
  if (!load_or_create_key (intake, server->config->key_file, error)
      || !load_state (intake, error))
    {
      g_prefix_error (error, "intake: ");
      lrb_intake_free (intake);
      return NULL;
    }
  return intake;
}

void
lrb_intake_free (LrbIntake *intake)
{
  if (intake == NULL)
    return;
  sodium_memzero (intake->secret_key, sizeof intake->secret_key);
  g_hash_table_unref (intake->by_key);
  g_ptr_array_unref (intake->order);
  g_free (intake);
}

/* ---- submissions ---- */

static gboolean
is_language (const char *code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (code, languages[i]))
      return TRUE;
  return FALSE;
}

static void
require_string (JsonObject *doc,
                const char *member,
                JsonObject *problem)
{
  const char *value = NULL;

  if (!json_object_has_member (doc, member))
    lrb_problem_add_invalid (problem, member, "required", "Parameter is verplicht.");
  else if (!lrb_json_get_string (doc, member, &value) || *value == '\0')
    lrb_problem_add_invalid (problem, member, "string", "Waarde moet een niet-lege tekst zijn.");
}

/* The submission document, see README.md "Intake submission format". */
static void
validate_submission (JsonNode   *root,
                     JsonObject *problem)
{
  JsonObject *doc;
  const char *value = NULL;
  JsonNode *fields, *bsn;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      lrb_problem_add_invalid (problem, "submission", "object",
                               "The opened submission is not a JSON object.");
      return;
    }
  doc = json_node_get_object (root);
  require_string (doc, "service", problem);
  require_string (doc, "submitted_at", problem);
  require_string (doc, "language", problem);
  if (lrb_json_get_string (doc, "submitted_at", &value) && *value)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (value, NULL);

      if (when == NULL)
        lrb_problem_add_invalid (problem, "submitted_at", "date-time",
                                 "Waarde is geen RFC 3339 datum-tijd.");
    }
  if (lrb_json_get_string (doc, "language", &value) && *value && !is_language (value))
    lrb_problem_add_invalid (problem, "language", "enum", "Onbekende taalcode.");
  if (json_object_has_member (doc, "life_event")
      && !lrb_json_get_string (doc, "life_event", &value))
    lrb_problem_add_invalid (problem, "life_event", "string", "Waarde moet een tekst zijn.");
  fields = json_object_get_member (doc, "fields");
  if (fields == NULL)
    lrb_problem_add_invalid (problem, "fields", "required", "Parameter is verplicht.");
  else if (!JSON_NODE_HOLDS_OBJECT (fields))
    lrb_problem_add_invalid (problem, "fields", "object", "Waarde moet een object zijn.");
  bsn = json_object_get_member (doc, "bsn");
  if (bsn != NULL && !JSON_NODE_HOLDS_NULL (bsn)
      && (!lrb_json_get_string (doc, "bsn", &value) || !loket_bsn_is_valid (value)))
    lrb_problem_add_invalid (problem, "bsn", "bsn", "Waarde is geen geldig BSN.");
}

static JsonNode *
open_box (LrbIntake         *intake,
          SoupServerMessage *msg,
          JsonObject        *problem)
{
  g_autoptr(GBytes) bytes = lrb_request_bytes (msg);
  gsize size = 0;
  const guint8 *sealed = g_bytes_get_data (bytes, &size);
  g_autofree guint8 *plain = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize plain_len;

  if (size <= crypto_box_SEALBYTES || size > MAX_SUBMISSION)
    {
      lrb_problem_add_invalid (problem, "body", "sealedBox", "The body is not a sealed box.");
      return NULL;
    }
  plain_len = size - crypto_box_SEALBYTES;
  plain = g_malloc (plain_len + 1);
  if (crypto_box_seal_open (plain, sealed, size, intake->public_key, intake->secret_key) != 0)
    {
      lrb_problem_add_invalid (problem, "body", "sealedBox",
                               "The sealed box cannot be opened with this back-end's key.");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, (const char *) plain, plain_len, NULL))
    {
      sodium_memzero (plain, plain_len);
      lrb_problem_add_invalid (problem, "submission", "json", "The opened submission is not JSON.");
      return NULL;
    }
  sodium_memzero (plain, plain_len);
  return json_node_copy (json_parser_get_root (parser));
}

static void
send_submission (SoupServerMessage *msg,
                 guint              status,
                 const char        *key,
                 Submission        *s)
{
  g_autoptr(JsonObject) reply = json_object_new ();

  json_object_set_string_member (reply, "zaak", s->url);
  json_object_set_string_member (reply, "uuid", s->uuid);
  json_object_set_string_member (reply, "identificatie", s->identificatie);
  json_object_set_string_member (reply, "idempotency_key", key);
  json_object_set_boolean_member (reply, "duplicate", status == SOUP_STATUS_OK);
  if (status == SOUP_STATUS_CREATED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", s->url);
  lrb_send_json_object (msg, status, reply);
}

static gboolean
valid_key (const char *key)
{
  gsize len = key ? strlen (key) : 0;

  if (len == 0 || len > 255)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isgraph (key[i]))
      return FALSE;
  return TRUE;
}

static void
handle_submit (LrbServer         *self,
               SoupServerMessage *msg)
{
  LrbIntake *intake = self->intake;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  g_autoptr(JsonObject) problem = lrb_problem_new (msg, SOUP_STATUS_BAD_REQUEST,
                                                   "Invalid submission",
                                                   "See invalidParams.");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *doc;
  Submission *s;
  const char *service, *bsn = NULL;
  g_autofree char *identificatie = NULL;
  g_autofree char *today = lrb_today ();

  if (!valid_key (key))
    {
      lrb_send_problem (msg, SOUP_STATUS_BAD_REQUEST, "Idempotency-Key required",
                        "Send an Idempotency-Key header of 1–255 visible ASCII characters.");
      return;
    }
  if (!lrb_content_type_is (msg, "application/octet-stream"))
    {
      lrb_send_problem (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, NULL,
                        "The body must be the raw sealed box, application/octet-stream.");
      return;
    }
  s = g_hash_table_lookup (intake->by_key, key);
  if (s != NULL)
    {
      intake->received++;
      intake->duplicates++;
      save_state (intake);
      send_submission (msg, SOUP_STATUS_OK, key, s);
      return;
    }

  root = open_box (intake, msg, problem);
  if (root != NULL)
    validate_submission (root, problem);
  if (json_object_has_member (problem, "invalidParams"))
    {
      lrb_send_problem_object (msg, problem);
      return;
    }

  doc = json_node_get_object (root);
  lrb_json_get_string (doc, "service", &service);
  lrb_json_get_string (doc, "bsn", &bsn);
  identificatie = g_strdup_printf ("LOKET-%.4s-%06u", today, ++intake->counter);
  s = register_submission (intake, key, NULL, identificatie, bsn, service, NULL);
  intake->received++;
  save_state (intake);
  send_submission (msg, SOUP_STATUS_CREATED, key, s);
}

static void
send_stats (LrbIntake         *intake,
            SoupServerMessage *msg)
{
  g_autoptr(JsonObject) stats = json_object_new ();

  json_object_set_int_member (stats, "received", intake->received);
  json_object_set_int_member (stats, "unique", g_hash_table_size (intake->by_key));
  json_object_set_int_member (stats, "duplicates", intake->duplicates);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  lrb_send_json_object (msg, SOUP_STATUS_OK, stats);
}

void
lrb_intake_handle (LrbServer         *self,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "API-Version", "1.0.0");
  if (g_str_equal (path, "/intake/stats"))
    {
      if (lrb_method_is (msg, "GET") || lrb_method_is (msg, "HEAD"))
        send_stats (self->intake, msg);
      else
        lrb_send_method_not_allowed (msg, "GET, HEAD");
    }
  else if (g_str_equal (path, "/intake"))
    {
      if (lrb_method_is (msg, "POST"))
        handle_submit (self, msg);
      else
        lrb_send_method_not_allowed (msg, "POST");
    }
  else
    {
      lrb_send_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such resource.");
    }
}
