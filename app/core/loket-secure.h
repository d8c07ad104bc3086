/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void  loket_secure_free           (gpointer    str);
void  loket_secure_clear          (char      **str);
void  loket_secure_bytes_free     (GBytes     *bytes);
void  loket_secure_json_node_free (JsonNode   *node);

G_END_DECLS
