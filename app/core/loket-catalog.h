/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "loket-catalog-items.h"
#include "loket-rules.h"

G_BEGIN_DECLS

#define LOKET_TYPE_CATALOG (loket_catalog_get_type ())
G_DECLARE_FINAL_TYPE (LoketCatalog, loket_catalog, LOKET, CATALOG, GObject)

/* Deeper documents are refused before json-glib sees them (json-glib 1.6 overflows its stack at
 * about 75,000 levels); the catalog itself needs six. */
#define LOKET_JSON_MAX_DEPTH 64

LoketCatalog      *loket_catalog_new_from_files      (const char * const *names,
                                                      GBytes * const     *contents,
                                                      guint               n_files,
                                                      GError            **error);
LoketCatalog      *loket_catalog_new_from_document   (const char         *name,
                                                      GBytes             *document,
                                                      GError            **error);
LoketCatalog      *loket_catalog_new_from_resource   (const char         *resource_path,
                                                      GError            **error);
LoketCatalog      *loket_catalog_new_from_directory  (GFile              *directory,
                                                      GError            **error);

GListModel        *loket_catalog_get_life_events     (LoketCatalog       *self);
guint              loket_catalog_get_n_services      (LoketCatalog       *self);
LoketLifeEvent    *loket_catalog_lookup_life_event   (LoketCatalog       *self,
                                                      const char         *id);
LoketService      *loket_catalog_lookup_service      (LoketCatalog       *self,
                                                      const char         *id);
LoketOrganisation *loket_catalog_lookup_organisation (LoketCatalog       *self,
                                                      const char         *id);
LoketRules        *loket_catalog_get_rules           (LoketCatalog       *self);

gboolean           loket_json_check_depth            (const char         *data,
                                                      gsize               length,
                                                      guint               max_depth);

G_END_DECLS
