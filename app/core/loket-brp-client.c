/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-brp-client"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "loket-brp-client.h"
#include "loket-error.h"
#include "loket-http.h"
#include "loket-secure.h"

/**
 * LoketBrpClient:
 *
 * Asks Haal Centraal BRP API Personen 2.x (`POST {endpoint}`, `RaadpleegMetBurgerservicenummer`)
 * what the register knows about the signed-in citizen, with an explicit `fields` list and the
 * citizen's bearer token, as a municipal gateway expects. POST keeps the BSN out of URLs and
 * server logs. An empty `personen` list is an answer ("not found"), not an error. The request
 * body and the answer are zeroed once parsed; nothing is logged but the outcome.
 */
struct _LoketBrpClient
{
  GObject      parent_instance;

  SoupSession *session;     /* (owned) */
  char        *endpoint;    /* (owned) */
  guint        deadline_ms;
};

G_DEFINE_FINAL_TYPE (LoketBrpClient, loket_brp_client, G_TYPE_OBJECT)

/**
 * loket_brp_default_fields:
 *
 * What the "What we already know" page shows: name, birth, death, address (both forms),
 * municipality, partners and children. Nothing more (data minimisation).
 */
const char * const loket_brp_default_fields[] = {
  "burgerservicenummer",
  "naam",
  "geboorte",
  "overlijden",
  "verblijfplaats",
  "adressering",
  "gemeenteVanInschrijving",
  "partners",
  "kinderen",
  NULL
};

static void
on_query_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GBytes *body;
  GPtrArray *persons;

  body = loket_http_send_finish (SOUP_SESSION (object), result, &error);
  loket_http_clear_bearer (msg);
  if (body == NULL || !loket_http_check_status (msg, &error)
      || (persons = loket_brp_parse_personen (body, &error)) == NULL)
    {
      loket_secure_bytes_free (body);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("BRP query failed: %s", error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  loket_secure_bytes_free (body);
  g_debug ("BRP answered with %u person(s)", persons->len);
  g_task_return_pointer (task, persons, (GDestroyNotify) g_ptr_array_unref);
}

static void
loket_brp_client_dispose (GObject *object)
{
  LoketBrpClient *self = LOKET_BRP_CLIENT (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (loket_brp_client_parent_class)->dispose (object);
}

static void
loket_brp_client_finalize (GObject *object)
{
  LoketBrpClient *self = LOKET_BRP_CLIENT (object);

  g_clear_pointer (&self->endpoint, g_free);

  G_OBJECT_CLASS (loket_brp_client_parent_class)->finalize (object);
}

static void
loket_brp_client_class_init (LoketBrpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_brp_client_dispose;
  object_class->finalize = loket_brp_client_finalize;
}

static void
loket_brp_client_init (LoketBrpClient *self)
{
  self->deadline_ms = LOKET_HTTP_DEFAULT_DEADLINE;
}

/**
 * loket_brp_client_new:
 * @endpoint: the absolute URL of `…/personen`
 */
LoketBrpClient *
loket_brp_client_new (SoupSession *session,
                      const char  *endpoint)
{
  LoketBrpClient *self;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (endpoint != NULL, NULL);

  self = g_object_new (LOKET_TYPE_BRP_CLIENT, NULL);
  self->session = g_object_ref (session);
  self->endpoint = g_strdup (endpoint);
  return self;
}

/**
 * loket_brp_client_set_deadline:
 *
 * The most one query may take before it fails with %LOKET_ERROR_TIMEOUT.
 */
void
loket_brp_client_set_deadline (LoketBrpClient *self,
                               guint           deadline_ms)
{
  g_return_if_fail (LOKET_IS_BRP_CLIENT (self));
  g_return_if_fail (deadline_ms > 0);

  self->deadline_ms = deadline_ms;
}

/**
 * loket_brp_build_request:
 * @bsns: the BSNs to look up (1–20)
 * @fields: (nullable): the `fields` paths, or %NULL for #loket_brp_default_fields
 *
 * Returns: (transfer full): the JSON body; free it with loket_secure_free()
 */
char *
loket_brp_build_request (const char * const *bsns,
                         const char * const *fields)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonNode *root;
  char *body;

  g_return_val_if_fail (bsns != NULL && bsns[0] != NULL, NULL);

  if (fields == NULL)
    fields = loket_brp_default_fields;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "RaadpleegMetBurgerservicenummer");
  json_builder_set_member_name (builder, "burgerservicenummer");
  json_builder_begin_array (builder);
  for (guint i = 0; bsns[i] != NULL; i++)
    json_builder_add_string_value (builder, bsns[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (guint i = 0; fields[i] != NULL; i++)
    json_builder_add_string_value (builder, fields[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);
  loket_secure_json_node_free (root);
  return body;
}

/**
 * loket_brp_parse_personen:
 * @body: a `RaadpleegMetBurgerservicenummer` answer
 *
 * Returns: (transfer full) (element-type LoketPerson): the persons, possibly none; %NULL with
 *   %LOKET_ERROR_INVALID_DATA if @body is not such an answer
 */
GPtrArray *
loket_brp_parse_personen (GBytes  *body,
                          GError **error)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *root;
  JsonNode *personen;
  JsonArray *array;

  g_return_val_if_fail (body != NULL, NULL);

  if ((root = loket_http_parse_json (body, error)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root)
      || (personen = json_object_get_member (json_node_get_object (root), "personen")) == NULL
      || !JSON_NODE_HOLDS_ARRAY (personen))
    {
      loket_secure_json_node_free (root);
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                           "The BRP answer has no personen list");
      return NULL;
    }

  array = json_node_get_array (personen);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      LoketPerson *person;

      if (!JSON_NODE_HOLDS_OBJECT (element)
          || (person = loket_person_new_from_json (json_node_get_object (element), error)) == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                                 "A person in the BRP answer is not an object");
          loket_secure_json_node_free (root);
          return NULL;
        }
      g_ptr_array_add (persons, person);
    }
  loket_secure_json_node_free (root);
  return g_steal_pointer (&persons);
}

/**
 * loket_brp_client_query_async:
 * @token: (nullable): the citizen's access token, sent as a bearer token
 * @bsns: the BSNs to look up; at a kiosk, only the signed-in citizen's
 * @fields: (nullable): the `fields` paths, or %NULL for #loket_brp_default_fields
 */
void
loket_brp_client_query_async (LoketBrpClient      *self,
                              const char          *token,
                              const char * const  *bsns,
                              const char * const  *fields,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessage *msg;
  char *body;

  g_return_if_fail (LOKET_IS_BRP_CLIENT (self));
  g_return_if_fail (bsns != NULL && bsns[0] != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_brp_client_query_async);
  if ((msg = loket_http_message_new ("POST", self->endpoint, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, msg, g_object_unref);

  body = loket_brp_build_request (bsns, fields);
  bytes = g_bytes_new_with_free_func (body, strlen (body), loket_secure_free, body);
  soup_message_set_request_body_from_bytes (msg, "application/json; charset=utf-8", bytes);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");
  if (token != NULL)
    loket_http_set_bearer (msg, token);
  loket_http_send_async (self->session, msg, self->deadline_ms, cancellable, on_query_cb,
                         g_steal_pointer (&task));
}

/**
 * loket_brp_client_query_finish:
 *
 * Returns: (transfer full) (element-type LoketPerson): the persons found, possibly none
 */
GPtrArray *
loket_brp_client_query_finish (LoketBrpClient  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (LOKET_IS_BRP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
