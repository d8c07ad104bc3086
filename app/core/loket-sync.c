/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-sync"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "loket-error.h"
#include "loket-http.h"
#include "loket-sync.h"

/**
 * LoketSync:
 *
 * Brings the back-end's catalog into the #LoketStore. It reads the discovery document at
 * `{backend}/.well-known/loket` (member `catalog_endpoint`) unless a catalog URL is configured,
 * then asks for the catalog with `If-None-Match`. A 304 keeps what is stored; a 200 is read up
 * to a maximum size, checked for its content type, and handed to the store, which checks its
 * nesting depth before json-glib parses it, validates it whole and only then replaces the old
 * catalog in one transaction. Every request has an I/O timeout and an overall deadline, and
 * follows no redirects. All of it is async on the main context: the parsing and the writing run
 * on the store's worker thread.
 */
struct _LoketSync
{
  GObject      parent_instance;

  LoketStore  *store;       /* (owned) */
  SoupSession *session;     /* (owned) */
  char        *backend_url; /* (owned) (nullable): base URL, without a trailing '/' */
  char        *catalog_url; /* (owned) (nullable): overrides discovery */
  guint        deadline_ms;
  gsize        max_body;
};

G_DEFINE_FINAL_TYPE (LoketSync, loket_sync, G_TYPE_OBJECT)

#define READ_CHUNK (64 * 1024)
#define CATALOG_DOCUMENT_NAME "catalog.json"

/* One GET, from the request to the whole body (or only the status). */
typedef struct
{
  char         *url;          /* (owned) */
  SoupMessage  *msg;          /* (owned) */
  GInputStream *stream;       /* (owned) (nullable) */
  GByteArray   *body;         /* (owned) (nullable) */
  GCancellable *cancellable;  /* (owned): cancelled by the caller's or by the deadline */
  GCancellable *parent;       /* (owned) (nullable): the caller's */
  gulong        parent_id;
  GSource      *deadline;     /* (owned) (nullable) */
  guint         deadline_ms;
  gboolean      timed_out;
  gsize         max_body;
  gboolean      status_only;
} Fetch;

typedef struct
{
  guint   status;
  GBytes *body; /* (owned) (nullable) */
  char   *etag; /* (owned) (nullable) */
} FetchResult;

typedef struct
{
  char           *etag;        /* (owned) (nullable): of the stored catalog */
  char           *catalog_url; /* (owned) (nullable) */
  gboolean        probe_mode;
  LoketSyncProbe  probe;
} RunData;

static void
fetch_free (Fetch *fetch)
{
  if (fetch->parent != NULL)
    g_cancellable_disconnect (fetch->parent, fetch->parent_id);
  if (fetch->deadline != NULL)
    g_source_destroy (fetch->deadline);
  g_clear_pointer (&fetch->deadline, g_source_unref);
  g_clear_object (&fetch->parent);
  g_clear_object (&fetch->cancellable);
  g_clear_object (&fetch->stream);
  g_clear_object (&fetch->msg);
  g_clear_pointer (&fetch->body, g_byte_array_unref);
  g_free (fetch->url);
  g_free (fetch);
}

static void
fetch_result_free (FetchResult *result)
{
  g_clear_pointer (&result->body, g_bytes_unref);
  g_free (result->etag);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FetchResult, fetch_result_free)

static void
run_data_free (RunData *data)
{
  g_free (data->etag);
  g_free (data->catalog_url);
  g_free (data);
}

/* ---------------------------------------------------------------------------------------------
 * One GET with limits
 * ------------------------------------------------------------------------------------------- */

static gboolean
is_json_content_type (const char *type)
{
  if (type == NULL)
    return FALSE;
  return g_ascii_strcasecmp (type, "application/json") == 0
         || (g_ascii_strncasecmp (type, "application/", 12) == 0
             && g_str_has_suffix (type, "+json"));
}

static gboolean
on_deadline_cb (gpointer user_data)
{
  Fetch *fetch = user_data;

  fetch->timed_out = TRUE;
  g_cancellable_cancel (fetch->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_parent_cancelled_cb (GCancellable *parent,
                        gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* Returns @error (owned) on @task, in the LOKET_ERROR domain with a message that says which URL
 * did what; a cancellation by the caller stays G_IO_ERROR_CANCELLED. @reading_body tells
 * whether the answer had begun. */
static void
fetch_return_error (GTask    *task,
                    GError   *error,
                    gboolean  reading_body)
{
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) owned = error;

  if (fetch->timed_out && g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_TIMEOUT,
                             "%s did not finish within %u ms", fetch->url, fetch->deadline_ms);
  else if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&owned));
  else if (owned->domain == LOKET_ERROR)
    g_task_return_error (task, g_steal_pointer (&owned));
  else if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_TIMEOUT,
                             reading_body ? "%s stopped sending in the middle of the body: %s"
                                          : "%s did not answer in time: %s",
                             fetch->url, owned->message);
  else if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT)
           || g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED)
           || g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_NETWORK,
                             reading_body ? "%s closed the connection before the whole body arrived: %s"
                                          : "%s closed the connection without answering: %s",
                             fetch->url, owned->message);
  else
    g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_NETWORK,
                             reading_body ? "%s failed while sending the body: %s"
                                          : "%s could not be reached: %s",
                             fetch->url, owned->message);
}

static void
fetch_return (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (fetch->msg);
  FetchResult *result = g_new0 (FetchResult, 1);

  result->status = soup_message_get_status (fetch->msg);
  result->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  if (fetch->body != NULL)
    result->body = g_byte_array_free_to_bytes (g_steal_pointer (&fetch->body));
  g_task_return_pointer (task, result, (GDestroyNotify) fetch_result_free);
}

static void
on_fetch_read_cb (GObject      *object,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (fetch->msg);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), res, &error);
  if (chunk == NULL)
    {
      fetch_return_error (task, error, TRUE);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      /* libsoup reports a short body itself; this catches it should a version not. */
      if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
          && (goffset) fetch->body->len != soup_message_headers_get_content_length (headers))
        {
          g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_NETWORK,
                                   "%s closed the connection before the whole body arrived "
                                   "(%u of %" G_GOFFSET_FORMAT " bytes)",
                                   fetch->url, fetch->body->len,
                                   soup_message_headers_get_content_length (headers));
          return;
        }
      fetch_return (task);
      return;
    }

  if (fetch->body->len + g_bytes_get_size (chunk) > fetch->max_body)
    {
      /* Stop reading at the cap: cancelling drops the connection. */
      g_cancellable_cancel (fetch->cancellable);
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                               "%s sent a body larger than the limit of %" G_GSIZE_FORMAT " bytes",
                               fetch->url, fetch->max_body);
      return;
    }

  g_byte_array_append (fetch->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (fetch->stream, READ_CHUNK, G_PRIORITY_DEFAULT, fetch->cancellable,
                                   on_fetch_read_cb, g_steal_pointer (&task));
}

static void
on_fetch_sent_cb (GObject      *object,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  const char *content_type;
  GError *error = NULL;
  guint status;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (object), res, &error);
  if (fetch->stream == NULL)
    {
      fetch_return_error (task, error, FALSE);
      return;
    }

  status = soup_message_get_status (fetch->msg);
  headers = soup_message_get_response_headers (fetch->msg);
  g_debug ("GET %s: %u", fetch->url, status);

  if (status == SOUP_STATUS_NOT_MODIFIED || (fetch->status_only && status == SOUP_STATUS_OK))
    {
      fetch_return (task);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      LoketError code = status == SOUP_STATUS_NOT_FOUND ? LOKET_ERROR_NOT_FOUND
                      : status >= 500 ? LOKET_ERROR_UNAVAILABLE
                      : LOKET_ERROR_INVALID_DATA;

      g_task_return_new_error (task, LOKET_ERROR, code, "%s answered %u %s", fetch->url, status,
                               soup_message_get_reason_phrase (fetch->msg)
                               ? soup_message_get_reason_phrase (fetch->msg) : "");
      return;
    }

  content_type = soup_message_headers_get_content_type (headers, NULL);
  if (!is_json_content_type (content_type))
    {
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                               "%s answered with content type %s, expected application/json",
                               fetch->url, content_type ? content_type : "(none)");
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (headers) > (goffset) fetch->max_body)
    {
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                               "%s announced %" G_GOFFSET_FORMAT " bytes, more than the limit of %"
                               G_GSIZE_FORMAT, fetch->url,
                               soup_message_headers_get_content_length (headers), fetch->max_body);
      return;
    }

  fetch->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (fetch->stream, READ_CHUNK, G_PRIORITY_DEFAULT, fetch->cancellable,
                                   on_fetch_read_cb, g_steal_pointer (&task));
}

static void
fetch_async (LoketSync           *self,
             const char          *url,
             const char          *etag,
             gsize                max_body,
             gboolean             status_only,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SoupMessageHeaders *headers;
  Fetch *fetch;

  g_task_set_source_tag (task, fetch_async);

  fetch = g_new0 (Fetch, 1);
  fetch->url = g_strdup (url);
  fetch->max_body = max_body;
  fetch->status_only = status_only;
  fetch->deadline_ms = self->deadline_ms;
  fetch->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  fetch->msg = soup_message_new (SOUP_METHOD_GET, url);
  if (fetch->msg == NULL)
    {
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_INVALID_DATA, "Not a valid URL: %s", url);
      return;
    }
  /* A redirect could carry the request elsewhere; the catalog comes from where we asked. */
  soup_message_add_flags (fetch->msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (fetch->msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", etag);

  if (cancellable != NULL)
    {
      fetch->parent = g_object_ref (cancellable);
      fetch->parent_id = g_cancellable_connect (cancellable, G_CALLBACK (on_parent_cancelled_cb),
                                                fetch->cancellable, NULL);
    }
  fetch->deadline = g_timeout_source_new (self->deadline_ms);
  g_source_set_callback (fetch->deadline, on_deadline_cb, fetch, NULL);
  g_source_attach (fetch->deadline, g_main_context_get_thread_default ());

  soup_session_send_async (self->session, fetch->msg, G_PRIORITY_DEFAULT, fetch->cancellable,
                           on_fetch_sent_cb, g_steal_pointer (&task));
}

static FetchResult *
fetch_finish (LoketSync     *self,
              GAsyncResult  *result,
              GError       **error)
{
  g_assert (g_task_is_valid (result, self));

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------------------------------
 * The sync
 * ------------------------------------------------------------------------------------------- */

/* Reads `catalog_endpoint` from the discovery document; the same limits as for the catalog. */
static char *
parse_discovery (const char  *url,
                 GBytes      *body,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) uri = NULL;
  JsonNode *root;
  const char *value;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  if (!loket_json_check_depth (data, length, LOKET_JSON_MAX_DEPTH))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                   "%s: nested deeper than %d levels", url, LOKET_JSON_MAX_DEPTH);
      return NULL;
    }
  /* An empty body has no data pointer: json-glib would refuse it without an error (tests/fuzz). */
  if (length == 0 || !json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA, "%s: not valid JSON: %s", url,
                   local_error ? local_error->message : "empty document");
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                   "%s: expected an object at the top", url);
      return NULL;
    }
  value = loket_json_get_string (json_node_get_object (root), "catalog_endpoint");
  if (value == NULL)
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                   "%s: field \"catalog_endpoint\": missing or not a string", url);
      return NULL;
    }

  uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'
      || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                   "%s: field \"catalog_endpoint\": expected an absolute http(s) URL", url);
      return NULL;
    }
  return g_strdup (value);
}

static void
on_replaced_cb (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(LoketSyncResult) result = g_new0 (LoketSyncResult, 1);
  GError *error = NULL;

  result->outcome = LOKET_SYNC_UPDATED;
  result->catalog = loket_store_replace_catalog_finish (LOKET_STORE (object), res, &result->info,
                                                        &error);
  if (result->catalog == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) loket_sync_result_free);
}

static void
on_checked_cb (GObject      *object,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(LoketSyncResult) result = g_new0 (LoketSyncResult, 1);
  GError *error = NULL;

  result->outcome = LOKET_SYNC_UNCHANGED;
  result->info = loket_store_mark_checked_finish (LOKET_STORE (object), res, &error);
  if (result->info == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) loket_sync_result_free);
}

static void
on_catalog_fetched_cb (GObject      *object,
                       GAsyncResult *res,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoketSync *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(FetchResult) fetched = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  fetched = fetch_finish (self, res, &error);

  if (data->probe_mode)
    {
      data->probe.catalog_reachable = fetched != NULL;
      if (error != NULL)
        {
          g_debug ("Catalog endpoint: %s", error->message);
          g_clear_error (&error);
        }
      g_task_return_boolean (task, data->probe.discovery_reachable || !data->probe.discovery_used);
      return;
    }

  if (fetched == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (fetched->status == SOUP_STATUS_NOT_MODIFIED)
    {
      if (data->etag == NULL)
        {
          g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                                   "%s answered 304 Not Modified to a request without an ETag",
                                   data->catalog_url);
          return;
        }
      cancellable = g_task_get_cancellable (task);
      loket_store_mark_checked_async (self->store, cancellable, on_checked_cb, g_steal_pointer (&task));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  loket_store_replace_catalog_async (self->store, CATALOG_DOCUMENT_NAME, fetched->body, fetched->etag,
                                     cancellable, on_replaced_cb, g_steal_pointer (&task));
}

/* Takes ownership of @task. */
static void
fetch_catalog (GTask *task)
{
  LoketSync *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  fetch_async (self, data->catalog_url, data->etag, self->max_body, data->probe_mode,
               cancellable, on_catalog_fetched_cb, task);
}

static void
on_discovery_fetched_cb (GObject      *object,
                         GAsyncResult *res,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoketSync *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(FetchResult) fetched = NULL;
  g_autofree char *url = g_strconcat (self->backend_url, "/.well-known/loket", NULL);
  GError *error = NULL;

  if ((fetched = fetch_finish (self, res, &error)) == NULL
      || (data->catalog_url = parse_discovery (url, fetched->body, &error)) == NULL)
    {
      if (data->probe_mode && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Discovery: %s", error->message);
          g_clear_error (&error);
          g_task_return_boolean (task, FALSE);
          return;
        }
      g_task_return_error (task, error);
      return;
    }

  data->probe.discovery_reachable = TRUE;
  fetch_catalog (g_steal_pointer (&task));
}

static void
on_info_cb (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoketSync *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(LoketStoreInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GCancellable *cancellable;

  /* A store without a catalog simply sends no If-None-Match. */
  info = loket_store_get_info_finish (LOKET_STORE (object), res, &error);
  if (info != NULL)
    data->etag = g_strdup (info->etag);
  else
    g_debug ("No stored catalog: %s", error->message);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->catalog_url != NULL)
    {
      data->catalog_url = g_strdup (self->catalog_url);
      fetch_catalog (g_steal_pointer (&task));
      return;
    }

  if (self->backend_url == NULL)
    {
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_NETWORK, "No back-end is configured");
      return;
    }

  data->probe.discovery_used = TRUE;
  url = g_strconcat (self->backend_url, "/.well-known/loket", NULL);
  cancellable = g_task_get_cancellable (task);
  fetch_async (self, url, NULL, LOKET_SYNC_MAX_DISCOVERY_BODY, FALSE, cancellable,
               on_discovery_fetched_cb, g_steal_pointer (&task));
}

static void
start_run (LoketSync           *self,
           gboolean             probe_mode,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  RunData *data = g_new0 (RunData, 1);

  data->probe_mode = probe_mode;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  loket_store_get_info_async (self->store, cancellable, on_info_cb, g_steal_pointer (&task));
}

static char *
normalize_url (const char *url)
{
  gsize length;

  if (url == NULL || *url == '\0')
    return NULL;
  length = strlen (url);
  while (length > 0 && url[length - 1] == '/')
    length--;
  return g_strndup (url, length);
}

static void
loket_sync_dispose (GObject *object)
{
  LoketSync *self = LOKET_SYNC (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (loket_sync_parent_class)->dispose (object);
}

static void
loket_sync_finalize (GObject *object)
{
  LoketSync *self = LOKET_SYNC (object);

  g_clear_pointer (&self->backend_url, g_free);
  g_clear_pointer (&self->catalog_url, g_free);

  G_OBJECT_CLASS (loket_sync_parent_class)->finalize (object);
}

static void
loket_sync_class_init (LoketSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_sync_dispose;
  object_class->finalize = loket_sync_finalize;
}

static void
loket_sync_init (LoketSync *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Loket/%s", PACKAGE_VERSION);

  self->deadline_ms = LOKET_SYNC_DEFAULT_DEADLINE;
  self->max_body = LOKET_SYNC_DEFAULT_MAX_BODY;
  /* The one place the HTTP session is built: user agent and timeouts. */
  self->session = soup_session_new_with_options ("user-agent", user_agent,
                                                 "timeout", LOKET_SYNC_DEFAULT_IO_TIMEOUT,
                                                 "idle-timeout", 60,
                                                 NULL);
}

/* ---------------------------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------------------------- */

void
loket_sync_result_free (LoketSyncResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->info, loket_store_info_free);
  g_clear_object (&result->catalog);
  g_free (result);
}

/**
 * loket_sync_result_describe:
 *
 * The one-line summary `loket --sync` prints. Not translated: scripts read it.
 *
 * Returns: (transfer full): for example "catalog updated: 10 life events, 42 services, etag "x""
 */
char *
loket_sync_result_describe (const LoketSyncResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  if (result->outcome == LOKET_SYNC_UNCHANGED)
    return g_strdup ("catalog unchanged (304)");

  return g_strdup_printf ("catalog updated: %u life events, %u services, etag %s",
                          result->info ? result->info->n_life_events : 0,
                          result->info ? result->info->n_services : 0,
                          result->info && result->info->etag ? result->info->etag : "(none)");
}

/**
 * loket_sync_new:
 * @backend_url: (nullable): the back-end's base URL; its discovery document names the catalog
 * @catalog_url: (nullable): the catalog's URL, when set (non-empty) used instead of discovery
 *
 * Returns: (transfer full): a sync for @store
 */
LoketSync *
loket_sync_new (LoketStore *store,
                const char *backend_url,
                const char *catalog_url)
{
  LoketSync *self;

  g_return_val_if_fail (LOKET_IS_STORE (store), NULL);

  self = g_object_new (LOKET_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  self->backend_url = normalize_url (backend_url);
  self->catalog_url = catalog_url && *catalog_url ? g_strdup (catalog_url) : NULL;
  return self;
}

/**
 * loket_sync_set_limits:
 * @io_timeout_seconds: for connecting and for each read or write
 * @deadline_ms: for one request from start to end, however slowly the server trickles
 * @max_body: the largest catalog document accepted, in bytes
 */
void
loket_sync_set_limits (LoketSync *self,
                       guint      io_timeout_seconds,
                       guint      deadline_ms,
                       gsize      max_body)
{
  g_return_if_fail (LOKET_IS_SYNC (self));
  g_return_if_fail (io_timeout_seconds > 0 && deadline_ms > 0 && max_body > 0);

  g_object_set (self->session, "timeout", io_timeout_seconds, NULL);
  self->deadline_ms = deadline_ms;
  self->max_body = max_body;
}

/**
 * loket_sync_run_async:
 *
 * Syncs the catalog once. A failure of any kind leaves the store as it was.
 */
void
loket_sync_run_async (LoketSync           *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (LOKET_IS_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_run (self, FALSE, loket_sync_run_async, cancellable, callback, user_data);
}

/**
 * loket_sync_run_finish:
 *
 * Returns: (transfer full) (nullable): what happened, or %NULL with @error saying why not
 */
LoketSyncResult *
loket_sync_run_finish (LoketSync     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  LoketSyncResult *sync_result;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LOKET_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == loket_sync_run_async, NULL);

  sync_result = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (sync_result == NULL)
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Catalog sync failed: %s", local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  g_debug ("Catalog sync: %s", sync_result->outcome == LOKET_SYNC_UPDATED ? "updated" : "unchanged");
  return sync_result;
}

/**
 * loket_sync_probe_async:
 *
 * Asks the discovery document and the catalog endpoint whether they answer, without reading or
 * storing a catalog: for `loket --health`.
 */
void
loket_sync_probe_async (LoketSync           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (LOKET_IS_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_run (self, TRUE, loket_sync_probe_async, cancellable, callback, user_data);
}

/**
 * loket_sync_probe_finish:
 * @probe: (out caller-allocates): what answered
 *
 * Returns: %TRUE if every back-end that was asked answered
 */
gboolean
loket_sync_probe_finish (LoketSync      *self,
                         GAsyncResult   *result,
                         LoketSyncProbe *probe)
{
  RunData *data;

  g_return_val_if_fail (LOKET_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == loket_sync_probe_async, FALSE);
  g_return_val_if_fail (probe != NULL, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  *probe = data->probe;
  return g_task_propagate_boolean (G_TASK (result), NULL) && data->probe.catalog_reachable;
}
