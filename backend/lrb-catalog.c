/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Catalog: the merged document of the kiosk's catalog files (every *.json of
 * data/catalog/ except schema.json, embedded at build time, or of
 * --catalog-dir), with the benefit rules of data/rules (embedded under rules/, or
 * the rules/ directory beside --catalog-dir), served with a strong ETag.
 * PUT /_control/catalog replaces the served document, DELETE /_control/catalog restores the original.
 */
#define G_LOG_DOMAIN "loket-backend"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "lrb.h"

#define CATALOG_RESOURCE LRB_RESOURCE_BASE "/catalog"

struct _LrbCatalog
{
  GBytes *original;
  GBytes *bytes;
  char *etag;
  GHashTable *life_events;      /* ids */
};

/* "rules" and "rule_parameters" are the benefit rules of data/rules, embedded under rules/. */
static const char *const array_names[] = { "organisations", "services", "life_events", "forms",
                                           "rules", "rule_parameters" };

static gboolean
merge_document (JsonObject  *merged,
                const char  *name,
                const char  *data,
                gsize        size,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, size, error))
    {
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: not a JSON object", name);
      return FALSE;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (array_names); i++)
    {
      JsonArray *from, *to = json_object_get_array_member (merged, array_names[i]);
      JsonNode *node = json_object_get_member (json_node_get_object (root), array_names[i]);

      if (node == NULL)
        continue;
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: member “%s” is not an array", name, array_names[i]);
          return FALSE;
        }
      from = json_node_get_array (node);
      for (guint j = 0; j < json_array_get_length (from); j++)
        json_array_add_element (to, json_node_copy (json_array_get_element (from, j)));
    }
  return TRUE;
}

static gboolean
is_catalog_file (const char *name)
{
  return g_str_has_suffix (name, ".json") && !g_str_equal (name, "schema.json");
}

/* Collects relative paths of catalog files below DIR (disk), sorted. */
static void
collect_disk (const char *root,
              const char *rel,
              GPtrArray  *out)
{
  g_autofree char *dir_path = g_build_filename (root, rel, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child_rel = *rel ? g_build_filename (rel, name, NULL) : g_strdup (name);
      g_autofree char *child = g_build_filename (root, child_rel, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        collect_disk (root, child_rel, out);
      else if (is_catalog_file (name))
        g_ptr_array_add (out, g_steal_pointer (&child_rel));
    }
}

static void
collect_resources (const char *rel,
                   GPtrArray  *out)
{
  g_autofree char *dir = g_strconcat (CATALOG_RESOURCE, "/", rel, NULL);
  g_auto(GStrv) children = g_resources_enumerate_children (dir, 0, NULL);

  for (gsize i = 0; children && children[i]; i++)
    {
      g_autofree char *child_rel = g_strconcat (rel, children[i], NULL);

      if (g_str_has_suffix (children[i], "/"))
        collect_resources (child_rel, out);
      else if (is_catalog_file (children[i]))
        g_ptr_array_add (out, g_steal_pointer (&child_rel));
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static GBytes *
load_file (const char  *dir,
           const char  *rel,
           GError     **error)
{
  char *data = NULL;
  gsize size = 0;

  if (dir == NULL)
    {
      g_autofree char *path = g_strconcat (CATALOG_RESOURCE, "/", rel, NULL);

      return g_resources_lookup_data (path, 0, error);
    }
  else
    {
      g_autofree char *path = g_build_filename (dir, rel, NULL);

      if (!g_file_get_contents (path, &data, &size, error))
        return NULL;
      return g_bytes_new_take (data, size);
    }
}

static JsonObject *
empty_document (void)
{
  JsonObject *merged = json_object_new ();

  json_object_set_int_member (merged, "version", 1);
  for (gsize i = 0; i < G_N_ELEMENTS (array_names); i++)
    json_object_set_array_member (merged, array_names[i], json_array_new ());
  return merged;
}

static GBytes *
build_document (const char  *dir,
                GError     **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) merged = empty_document ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  char *text;

  if (dir != NULL)
    {
      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "catalog directory “%s” does not exist", dir);
          return NULL;
        }
      collect_disk (dir, "", files);
    }
  else
    {
      collect_resources ("", files);
    }
  g_ptr_array_sort (files, compare_paths);

  for (guint i = 0; i < files->len; i++)
    {
      const char *rel = g_ptr_array_index (files, i);
      g_autoptr(GBytes) bytes = load_file (dir, rel, error);
      gsize size = 0;
      const char *data;

      if (bytes == NULL)
        return NULL;
      data = g_bytes_get_data (bytes, &size);
      if (!merge_document (merged, rel, data, size, error))
        return NULL;
    }

  /* Beside a catalog directory (data/catalog), its rules directory (data/rules). */
  if (dir != NULL && json_array_get_length (json_object_get_array_member (merged, "rules")) == 0)
    {
      g_autofree char *rules_dir = g_build_filename (dir, "..", "rules", NULL);
      g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_free);

      if (g_file_test (rules_dir, G_FILE_TEST_IS_DIR))
        collect_disk (rules_dir, "", rules);
      g_ptr_array_sort (rules, compare_paths);
      for (guint i = 0; i < rules->len; i++)
        {
          g_autoptr(GBytes) bytes = load_file (rules_dir, rules->pdata[i], error);
          gsize size = 0;
          const char *data;

          if (bytes == NULL)
            return NULL;
          data = g_bytes_get_data (bytes, &size);
          if (!merge_document (merged, rules->pdata[i], data, size, error))
            return NULL;
        }
    }

  json_node_set_object (node, merged);
  text = json_to_string (node, TRUE);
  return g_bytes_new_take (text, strlen (text));
}

static gboolean
catalog_set (LrbCatalog  *catalog,
             GBytes      *bytes,
             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *hash = NULL;
  JsonObject *root;
  JsonArray *events;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!json_parser_load_from_data (parser, data, size, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the catalog must be a JSON object");
      return FALSE;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  g_hash_table_remove_all (catalog->life_events);
  events = json_object_has_member (root, "life_events")
         ? json_object_get_array_member (root, "life_events") : NULL;
  for (guint i = 0; events && i < json_array_get_length (events); i++)
    {
      JsonNode *event = json_array_get_element (events, i);
      const char *id;

      if (JSON_NODE_HOLDS_OBJECT (event)
          && lrb_json_get_string (json_node_get_object (event), "id", &id))
        g_hash_table_add (catalog->life_events, g_strdup (id));
    }

  hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_free (catalog->etag);
  catalog->etag = g_strdup_printf ("\"%.32s\"", hash);
  g_clear_pointer (&catalog->bytes, g_bytes_unref);
  catalog->bytes = g_bytes_ref (bytes);
  return TRUE;
}

LrbCatalog *
lrb_catalog_new (const char  *dir,
                 GError     **error)
{
  LrbCatalog *catalog = g_new0 (LrbCatalog, 1);

  catalog->life_events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  catalog->original = build_document (dir, error);
  if (catalog->original == NULL || !catalog_set (catalog, catalog->original, error))
    {
      g_prefix_error (error, "catalog: ");
      lrb_catalog_free (catalog);
      return NULL;
    }
  return catalog;
}

void
lrb_catalog_free (LrbCatalog *catalog)
{
  if (catalog == NULL)
    return;
  g_clear_pointer (&catalog->original, g_bytes_unref);
  g_clear_pointer (&catalog->bytes, g_bytes_unref);
  g_clear_pointer (&catalog->life_events, g_hash_table_unref);
  g_free (catalog->etag);
  g_free (catalog);
}

gboolean
lrb_catalog_has_life_event (LrbCatalog *catalog,
                            const char *id)
{
  return g_hash_table_contains (catalog->life_events, id);
}

/* If-None-Match uses the weak comparison (RFC 9110 §13.1.2). */
static gboolean
etag_matches (const char *header,
              const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (header == NULL)
    return FALSE;
  tags = g_strsplit (header, ",", -1);
  for (gsize i = 0; tags[i]; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }
  return FALSE;
}

void
lrb_catalog_handle (LrbServer         *self,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query)
{
  LrbCatalog *catalog = self->catalog;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  if (!g_str_equal (path, "/catalog"))
    {
      lrb_send_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such resource.");
      return;
    }
  if (!lrb_method_is (msg, "GET") && !lrb_method_is (msg, "HEAD"))
    {
      lrb_send_method_not_allowed (msg, "GET, HEAD");
      return;
    }

  soup_message_headers_replace (response, "ETag", catalog->etag);
  soup_message_headers_replace (response, "Cache-Control", "no-cache");
  soup_message_headers_replace (response, "API-Version", "1.0.0");
  if (etag_matches (soup_message_headers_get_one (request, "If-None-Match"), catalog->etag))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (catalog->bytes, NULL),
                                    g_bytes_get_size (catalog->bytes));
}

void
lrb_catalog_control (LrbServer         *self,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query)
{
  LrbCatalog *catalog = self->catalog;
  g_autoptr(JsonObject) reply = json_object_new ();

  if (lrb_method_is (msg, "PUT"))
    {
      g_autoptr(GBytes) bytes = lrb_request_bytes (msg);
      g_autoptr(GError) error = NULL;

      if (!catalog_set (catalog, bytes, &error))
        {
          lrb_send_problem (msg, SOUP_STATUS_BAD_REQUEST, "Invalid catalog", error->message);
          return;
        }
    }
  else if (lrb_method_is (msg, "DELETE"))
    {
      catalog_set (catalog, catalog->original, NULL);
    }
  else if (!lrb_method_is (msg, "GET"))
    {
      lrb_send_method_not_allowed (msg, "GET, PUT, DELETE");
      return;
    }
  json_object_set_string_member (reply, "etag", catalog->etag);
  json_object_set_int_member (reply, "size", g_bytes_get_size (catalog->bytes));
  json_object_set_boolean_member (reply, "original",
                                  g_bytes_equal (catalog->bytes, catalog->original));
  lrb_send_json_object (msg, SOUP_STATUS_OK, reply);
}
