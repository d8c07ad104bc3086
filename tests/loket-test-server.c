/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test-server"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "loket-test-server.h"

/**
 * LoketTestServer:
 *
 * A back-end on 127.0.0.1 with a port of its own choosing, in its own thread and main context
 * (GNOME Calendar's GcalSimpleServer pattern), so a test can block on a subprocess or iterate its
 * own loop while the server answers. It serves the discovery document and one catalog, and can
 * misbehave on demand.
 */
struct _LoketTestServer
{
  GThread      *thread;
  GMainContext *context;  /* (owned) */
  GMainLoop    *loop;     /* (owned) */
  SoupServer   *server;   /* (owned): used on the server thread only */
  char         *url;      /* (owned) */

  GMutex        mutex;    /* guards what follows */
  GCond         cond;
  GBytes       *document; /* (owned) (nullable) */
  char         *etag;     /* (owned) (nullable) */
  LoketTestFault fault;
  guint         hits;
  GPtrArray    *held;     /* (owned) of GIOStream: hung connections */
};

static void
write_raw (GIOStream  *stream,
           const char *data,
           gsize       length)
{
  GOutputStream *out = g_io_stream_get_output_stream (stream);

  g_output_stream_write_all (out, data, length, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
}

static void
serve_catalog (LoketTestServer   *self,
               SoupServerMessage *msg)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *if_none_match = soup_message_headers_get_one (request, "If-None-Match");
  g_autoptr(GBytes) document = NULL;
  g_autofree char *etag = NULL;
  LoketTestFault fault;

  g_mutex_lock (&self->mutex);
  document = self->document ? g_bytes_ref (self->document) : NULL;
  etag = g_strdup (self->etag);
  fault = self->fault;
  self->hits++;
  g_mutex_unlock (&self->mutex);

  switch (fault)
    {
    case LOKET_TEST_FAULT_NONE:
    case LOKET_TEST_FAULT_DISCOVERY_BAD:
      if (etag != NULL && g_strcmp0 (if_none_match, etag) == 0)
        {
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
          soup_message_headers_replace (response, "ETag", etag);
          return;
        }
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      if (etag != NULL)
        soup_message_headers_replace (response, "ETag", etag);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (document, NULL), g_bytes_get_size (document));
      return;

    case LOKET_TEST_FAULT_NOT_FOUND:
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;

    case LOKET_TEST_FAULT_SERVER_ERROR:
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
      return;

    case LOKET_TEST_FAULT_HANG:
      {
        GIOStream *stream = soup_server_message_steal_connection (msg);

        g_mutex_lock (&self->mutex);
        g_ptr_array_add (self->held, stream);
        g_mutex_unlock (&self->mutex);
        return;
      }

    case LOKET_TEST_FAULT_DROP:
      {
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

        g_io_stream_close (stream, NULL, NULL);
        return;
      }

    case LOKET_TEST_FAULT_TRUNCATED:
      {
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
        gsize length = g_bytes_get_size (document);
        g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                                 "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                                 "Connection: close\r\n\r\n", length);

        write_raw (stream, head, strlen (head));
        write_raw (stream, g_bytes_get_data (document, NULL), length / 2);
        g_io_stream_close (stream, NULL, NULL);
        return;
      }

    case LOKET_TEST_FAULT_MALFORMED:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"services\": [ {\"id\": ", 21);
      return;

    case LOKET_TEST_FAULT_WRONG_SHAPE:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"version\": 1, \"services\": \"none\"}", 34);
      return;

    case LOKET_TEST_FAULT_TOO_BIG:
      {
        gsize size = 4 << 20;
        char *body = g_malloc (size);

        memset (body, ' ', size);
        body[0] = '{';
        body[size - 1] = '}';
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, size);
        return;
      }

    case LOKET_TEST_FAULT_TOO_BIG_CHUNKED:
      {
        SoupMessageBody *body = soup_server_message_get_response_body (msg);
        char *chunk = g_malloc (64 * 1024);

        memset (chunk, ' ', 64 * 1024);
        chunk[0] = '[';
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
        soup_message_headers_set_content_type (response, "application/json", NULL);
        for (guint i = 0; i < 64; i++)
          soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, 64 * 1024);
        soup_message_body_complete (body);
        g_free (chunk);
        return;
      }

    case LOKET_TEST_FAULT_DEEP:
      {
        gsize depth = 100000;
        char *body = g_malloc (2 * depth);

        memset (body, '[', depth);
        memset (body + depth, ']', depth);
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, 2 * depth);
        return;
      }

    case LOKET_TEST_FAULT_WRONG_TYPE:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html>Log in to the Wi-Fi</html>", 32);
      return;

    default:
      g_assert_not_reached ();
    }
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  LoketTestServer *self = user_data;

  if (g_str_equal (path, "/.well-known/loket"))
    {
      g_autofree char *body = NULL;
      LoketTestFault fault;

      g_mutex_lock (&self->mutex);
      fault = self->fault;
      g_mutex_unlock (&self->mutex);

      if (fault == LOKET_TEST_FAULT_DISCOVERY_BAD)
        body = g_strdup ("{\"issuer\": \"loket\"}");
      else
        body = g_strdup_printf ("{\"issuer\": \"%s\", \"catalog_endpoint\": \"%s/catalog\"}",
                                self->url, self->url);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
      return;
    }
  if (g_str_equal (path, "/catalog"))
    {
      serve_catalog (self, msg);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static gpointer
run_thread (gpointer data)
{
  LoketTestServer *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, handle_cb, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  g_mutex_lock (&self->mutex);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  g_main_loop_run (self->loop);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->held->len; i++)
    g_io_stream_close (self->held->pdata[i], NULL, NULL);
  g_ptr_array_set_size (self->held, 0);
  g_mutex_unlock (&self->mutex);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

LoketTestServer *
loket_test_server_new (void)
{
  LoketTestServer *self = g_new0 (LoketTestServer, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  self->document = g_bytes_new_static ("{}", 2);

  g_mutex_lock (&self->mutex);
  self->thread = g_thread_new ("loket-test-server", run_thread, self);
  while (self->url == NULL)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
  return self;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
loket_test_server_free (LoketTestServer *self)
{
  g_main_context_invoke (self->context, quit_cb, self->loop);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_ptr_array_unref (self->held);
  g_clear_pointer (&self->document, g_bytes_unref);
  g_free (self->etag);
  g_free (self->url);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

const char *
loket_test_server_get_url (LoketTestServer *self)
{
  return self->url;
}

void
loket_test_server_set_catalog (LoketTestServer *self,
                               GBytes          *document,
                               const char      *etag)
{
  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->document, g_bytes_unref);
  self->document = g_bytes_ref (document);
  g_free (self->etag);
  self->etag = g_strdup (etag);
  g_mutex_unlock (&self->mutex);
}

void
loket_test_server_set_fault (LoketTestServer *self,
                             LoketTestFault   fault)
{
  g_mutex_lock (&self->mutex);
  self->fault = fault;
  g_mutex_unlock (&self->mutex);
}

guint
loket_test_server_get_hits (LoketTestServer *self)
{
  guint hits;

  g_mutex_lock (&self->mutex);
  hits = self->hits;
  g_mutex_unlock (&self->mutex);
  return hits;
}

void
loket_test_ready_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

GAsyncResult *
loket_test_wait (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}
