/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-secure"

#include "config.h"

#include <string.h>

#include "loket-secure.h"

/*
 * Personal data (a token, a BSN, what the BRP returned) lives only in memory, and the bytes Loket
 * owns are overwritten before they are freed, so that a later allocation cannot show them.
 * What GTK, Pango or the allocator copied is out of reach; the kiosk restarts between sessions
 * for that (reliability-security.md §3.3).
 */

/* The compiler must not drop the memset of memory about to be freed. */
static void
zero (void  *data,
      gsize  length)
{
  volatile guchar *p = data;

  while (length--)
    *p++ = 0;
}

/**
 * loket_secure_free:
 * @str: (nullable) (transfer full): a string
 *
 * Overwrites @str with zeroes, then frees it. Usable as a #GDestroyNotify.
 */
void
loket_secure_free (gpointer str)
{
  if (str == NULL)
    return;
  zero (str, strlen (str));
  g_free (str);
}

/**
 * loket_secure_clear:
 * @str: (inout) (nullable): a pointer to a string
 *
 * loket_secure_free() and set to %NULL.
 */
void
loket_secure_clear (char **str)
{
  g_return_if_fail (str != NULL);

  loket_secure_free (g_steal_pointer (str));
}

/**
 * loket_secure_bytes_free:
 * @bytes: (nullable) (transfer full): a body that may hold personal data
 *
 * Takes the bytes back from @bytes without a copy when this was the last reference, and zeroes
 * them before they are freed.
 */
void
loket_secure_bytes_free (GBytes *bytes)
{
  gsize size = 0;
  gpointer data;

  if (bytes == NULL)
    return;
  data = g_bytes_unref_to_data (bytes, &size);
  if (data != NULL)
    zero (data, size);
  g_free (data);
}

static void
zero_node (JsonNode *node)
{
  if (node == NULL)
    return;
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          zero_node (member);
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          zero_node (json_array_get_element (array, i));
        break;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          /* json-glib hands out its own copy: overwrite it in place. */
          char *str = (char *) json_node_get_string (node);

          if (str != NULL)
            zero (str, strlen (str));
        }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

/**
 * loket_secure_json_node_free:
 * @node: (nullable) (transfer full): a parsed answer that may hold personal data
 *
 * Zeroes every string value of @node, then drops it.
 */
void
loket_secure_json_node_free (JsonNode *node)
{
  if (node == NULL)
    return;
  if (json_node_is_immutable (node))
    {
      json_node_unref (node);
      return;
    }
  zero_node (node);
  json_node_unref (node);
}
