/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-zaken-client"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "loket-error.h"
#include "loket-http.h"
#include "loket-zaken-client.h"

/*
 * "My cases": the signed-in citizen's zaken from the ZGW Zaken API (as Open Zaak serves it).
 * The kiosk authenticates as a ZGW client with an HS256 JWT (client id from the discovery
 * document, secret from the `zgw-secret` setting) and asks
 * `GET {zaken}/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=BSN`; then, for the
 * words of each status, the zaak's status and its statustype (volgnummer, isEindstatus), one
 * request each, a statustype only once.
 */

typedef struct
{
  SoupSession *session;   /* (owned) */
  char        *auth;      /* (owned): "Bearer <jwt>" */
  GPtrArray   *cases;     /* (owned) of (owned) LoketCase: the result */
  GPtrArray   *statuses;  /* (owned) of (owned) char*: status URL per case, "" for none */
  GHashTable  *types;     /* (owned) statustype URL → GINT_TO_POINTER (LoketCaseState + 1) */
  guint        next;      /* the case whose status is asked next */
  char        *type_url;  /* (owned) (nullable): the statustype asked for case @next */
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_object (&data->session);
  if (data->auth != NULL)
    memset (data->auth, 0, strlen (data->auth));
  g_free (data->auth);
  g_clear_pointer (&data->cases, g_ptr_array_unref);
  g_clear_pointer (&data->statuses, g_ptr_array_unref);
  g_clear_pointer (&data->types, g_hash_table_unref);
  g_free (data->type_url);
  g_free (data);
}

void
loket_case_free (LoketCase *item)
{
  if (item == NULL)
    return;
  g_free (item->identificatie);
  g_free (item->omschrijving);
  g_free (item->startdatum);
  g_free (item->due_date);
  g_free (item);
}

/**
 * loket_case_state_describe:
 *
 * Returns: the state in plain words, in the interface language
 */
const char *
loket_case_state_describe (LoketCaseState state)
{
  switch (state)
    {
    case LOKET_CASE_RECEIVED:
      return _("Received. The municipality has your request and will start on it soon.");
    case LOKET_CASE_IN_PROGRESS:
      return _("Being handled. Someone at the municipality is working on your request.");
    case LOKET_CASE_DONE:
      return _("Finished. You have had, or will soon get, a letter with the decision.");
    case LOKET_CASE_UNKNOWN:
    default:
      return _("Waiting to be handled.");
    }
}

static char *
base64url (const guchar *data,
           gsize         length)
{
  char *text = g_base64_encode (data, length);
  gsize n = strlen (text);

  while (n > 0 && text[n - 1] == '=')
    text[--n] = '\0';
  for (char *p = text; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }
  return text;
}

/**
 * loket_zaken_make_jwt:
 * @issued_at: seconds since the epoch
 *
 * The JWT a ZGW API expects (the "ZGW API's autorisatie" scheme): HS256, with `iss` and
 * `client_id` the client id, `iat`, and the kiosk as user.
 *
 * Returns: (transfer full): the token
 */
char *
loket_zaken_make_jwt (const char *client_id,
                      const char *secret,
                      gint64      issued_at)
{
  static const char header[] = "{\"typ\":\"JWT\",\"alg\":\"HS256\"}";
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHmac) hmac = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *h = NULL;
  g_autofree char *p = NULL;
  g_autofree char *signing = NULL;
  g_autofree char *signature = NULL;
  guint8 digest[32];
  gsize digest_length = sizeof digest;

  g_return_val_if_fail (client_id != NULL, NULL);
  g_return_val_if_fail (secret != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "iss");
  json_builder_add_string_value (builder, client_id);
  json_builder_set_member_name (builder, "iat");
  json_builder_add_int_value (builder, issued_at);
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, client_id);
  json_builder_set_member_name (builder, "user_id");
  json_builder_add_string_value (builder, "loket-kiosk");
  json_builder_set_member_name (builder, "user_representation");
  json_builder_add_string_value (builder, "Loket");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  payload = json_generator_to_data (generator, NULL);

  h = base64url ((const guchar *) header, strlen (header));
  p = base64url ((const guchar *) payload, strlen (payload));
  signing = g_strconcat (h, ".", p, NULL);
  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  g_hmac_update (hmac, (const guchar *) signing, -1);
  g_hmac_get_digest (hmac, digest, &digest_length);
  signature = base64url (digest, digest_length);
  return g_strconcat (signing, ".", signature, NULL);
}

static SoupMessage *
new_request (ListData    *data,
             const char  *url,
             GError     **error)
{
  SoupMessage *msg = loket_http_message_new ("GET", url, error);
  SoupMessageHeaders *headers;

  if (msg == NULL)
    return NULL;
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Authorization", data->auth);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "Accept-Crs", "EPSG:4326");
  return msg;
}

/* @body's JSON object, or %NULL with @error set; @root holds the document. */
static JsonObject *
parse_object (GBytes    *body,
              JsonNode **root,
              GError   **error)
{
  if ((*root = loket_http_parse_json (body, error)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (*root))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA, "Not a JSON object");
      return NULL;
    }
  return json_node_get_object (*root);
}

/* The answer's body if @task's request (its "msg") succeeded, or %NULL with @error set. */
static GBytes *
read_body (GObject       *session,
           GAsyncResult  *result,
           GTask         *task,
           GError       **error)
{
  g_autoptr(GBytes) body = loket_http_send_finish (SOUP_SESSION (session), result, error);

  if (body == NULL || !loket_http_check_status (g_object_get_data (G_OBJECT (task), "msg"), error))
    return NULL;
  return g_steal_pointer (&body);
}

/**
 * loket_zaken_parse_cases:
 * @body: a page of the Zaken API's `GET /zaken`
 * @statuses: (out) (transfer full): for each case, the URL of its current status, or ""
 *
 * Decodes the cases of a page; entries that are not objects or have no case number are
 * skipped. Split from the I/O so it can be fuzzed (tests/fuzz/fuzz-zaken.c).
 *
 * Returns: (transfer full) (element-type LoketCase): the cases, or %NULL with @error set
 */
GPtrArray *
loket_zaken_parse_cases (GBytes     *body,
                         GPtrArray **statuses,
                         GError    **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) urls = NULL;
  JsonObject *page;
  JsonArray *results;

  if ((page = parse_object (body, &root, error)) == NULL)
    return NULL;
  if (!json_object_has_member (page, "results")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (page, "results")))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                           "The list of cases has no results");
      return NULL;
    }
  cases = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_case_free);
  urls = g_ptr_array_new_with_free_func (g_free);
  results = json_object_get_array_member (page, "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *zaak;
      LoketCase *item;
      const char *identificatie, *einddatum;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      zaak = json_node_get_object (node);
      /* A case without a number cannot be shown or asked about at a desk. */
      if ((identificatie = loket_json_get_string (zaak, "identificatie")) == NULL)
        continue;
      item = g_new0 (LoketCase, 1);
      item->identificatie = g_strdup (identificatie);
      item->omschrijving = g_strdup (loket_json_get_string (zaak, "omschrijving") ?: "");
      item->startdatum = g_strdup (loket_json_get_string (zaak, "startdatum"));
      item->due_date = g_strdup (loket_json_get_string (zaak, "uiterlijkeEinddatumAfdoening"));
      einddatum = loket_json_get_string (zaak, "einddatum");
      if (einddatum != NULL && *einddatum != '\0')
        item->state = LOKET_CASE_DONE;
      g_ptr_array_add (cases, item);
      g_ptr_array_add (urls, g_strdup (loket_json_get_string (zaak, "status") ?: ""));
    }
  *statuses = g_steal_pointer (&urls);
  return g_steal_pointer (&cases);
}

/**
 * loket_zaken_parse_status:
 * @body: a status of the Zaken API (`GET /statussen/{uuid}`)
 *
 * Returns: (transfer full): the URL of the status's type, "" when it has none, or %NULL with
 *   @error set
 */
char *
loket_zaken_parse_status (GBytes  *body,
                          GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *status = parse_object (body, &root, error);

  if (status == NULL)
    return NULL;
  return g_strdup (loket_json_get_string (status, "statustype") ?: "");
}

/**
 * loket_zaken_parse_status_type:
 * @body: a status type of the Catalogi API (`GET /statustypen/{uuid}`)
 * @state: (out): where a case with a status of this type is
 *
 * Returns: %FALSE with @error set if @body is not a status type
 */
gboolean
loket_zaken_parse_status_type (GBytes          *body,
                               LoketCaseState  *state,
                               GError         **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *type = parse_object (body, &root, error);

  if (type == NULL)
    return FALSE;
  if (loket_json_get_boolean (type, "isEindstatus", FALSE))
    *state = LOKET_CASE_DONE;
  else if (loket_json_get_int (type, "volgnummer", 0) == 1)
    *state = LOKET_CASE_RECEIVED;
  else
    *state = LOKET_CASE_IN_PROGRESS;
  return TRUE;
}

static void ask_next_status (GTask *task);

static void
set_state (ListData       *data,
           LoketCaseState  state)
{
  LoketCase *item = g_ptr_array_index (data->cases, data->next);

  if (item->state != LOKET_CASE_DONE)
    item->state = state;
  data->next++;
}

static void
on_statustype_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  LoketCaseState state = LOKET_CASE_UNKNOWN;

  body = read_body (object, result, task, &error);
  if (body == NULL || !loket_zaken_parse_status_type (body, &state, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_hash_table_insert (data->types, g_steal_pointer (&data->type_url), GINT_TO_POINTER (state + 1));
  set_state (data, state);
  ask_next_status (g_steal_pointer (&task));
}

static void
on_status_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *type_url = NULL;
  gpointer known;
  GCancellable *cancellable;

  body = read_body (object, result, task, &error);
  if (body == NULL || (type_url = loket_zaken_parse_status (body, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (*type_url == '\0')
    {
      set_state (data, LOKET_CASE_UNKNOWN);
      ask_next_status (g_steal_pointer (&task));
      return;
    }
  if ((known = g_hash_table_lookup (data->types, type_url)) != NULL)
    {
      set_state (data, GPOINTER_TO_INT (known) - 1);
      ask_next_status (g_steal_pointer (&task));
      return;
    }
  if ((msg = new_request (data, type_url, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_free (data->type_url);
  data->type_url = g_steal_pointer (&type_url);
  g_object_set_data_full (G_OBJECT (task), "msg", g_object_ref (msg), g_object_unref);
  cancellable = g_task_get_cancellable (task);
  loket_http_send_async (data->session, msg, 0, cancellable, on_statustype_cb, g_steal_pointer (&task));
}

static void
ask_next_status (GTask *task)
{
  ListData *data = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  const char *url;

  while (data->next < data->cases->len && *(const char *) g_ptr_array_index (data->statuses, data->next) == '\0')
    set_state (data, LOKET_CASE_UNKNOWN);
  if (data->next >= data->cases->len)
    {
      g_task_return_pointer (task, g_steal_pointer (&data->cases), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  url = g_ptr_array_index (data->statuses, data->next);
  if ((msg = new_request (data, url, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "msg", g_object_ref (msg), g_object_unref);
  loket_http_send_async (data->session, msg, 0, g_task_get_cancellable (task), on_status_cb, task);
}

static void
on_list_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  GPtrArray *statuses = NULL;

  body = read_body (object, result, task, &error);
  if (body == NULL || (cases = loket_zaken_parse_cases (body, &statuses, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_ptr_array_extend_and_steal (data->cases, g_steal_pointer (&cases));
  g_ptr_array_extend_and_steal (data->statuses, statuses);
  ask_next_status (g_steal_pointer (&task));
}

/**
 * loket_zaken_client_list_async:
 * @endpoints: the discovery document (`zaken_endpoint`, `zgw_client_id`)
 * @secret: the ZGW secret (the `zgw-secret` setting)
 * @bsn: the signed-in citizen's BSN; it goes only into the query to the Zaken API
 *
 * Lists the citizen's cases, newest first, each with its state.
 */
void
loket_zaken_client_list_async (SoupSession          *session,
                               const LoketEndpoints *endpoints,
                               const char           *secret,
                               const char           *bsn,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *jwt = NULL;
  g_autofree char *url = NULL;
  g_autofree char *escaped = NULL;
  ListData *data;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (endpoints != NULL);
  g_return_if_fail (bsn != NULL);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_zaken_client_list_async);

  if (endpoints->zaken_endpoint == NULL || endpoints->zgw_client_id == NULL
      || secret == NULL || *secret == '\0')
    {
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_UNAVAILABLE,
                               "The back-end offers no Zaken API, or the kiosk has no ZGW secret");
      return;
    }

  data = g_new0 (ListData, 1);
  data->session = g_object_ref (session);
  jwt = loket_zaken_make_jwt (endpoints->zgw_client_id, secret, g_get_real_time () / G_USEC_PER_SEC);
  data->auth = g_strconcat ("Bearer ", jwt, NULL);
  data->cases = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_case_free);
  data->statuses = g_ptr_array_new_with_free_func (g_free);
  data->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  escaped = g_uri_escape_string (bsn, NULL, FALSE);
  url = g_strdup_printf ("%s/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=%s"
                         "&ordering=-startdatum", endpoints->zaken_endpoint, escaped);
  msg = new_request (data, url, &error);
  memset (url, 0, strlen (url));
  if (msg == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "msg", g_object_ref (msg), g_object_unref);
  loket_http_send_async (session, msg, 0, cancellable, on_list_cb, g_steal_pointer (&task));
}

/**
 * loket_zaken_client_list_finish:
 *
 * Returns: (transfer full) (element-type LoketCase): the cases
 */
GPtrArray *
loket_zaken_client_list_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
