/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "loket-catalog.h"
#include "loket-i18n.h"

G_BEGIN_DECLS

/**
 * LoketStoreInfo:
 * @etag: (nullable): the back-end's entity tag of the stored catalog; %NULL for the bundled one
 * @updated: when the stored catalog was last written or confirmed by the back-end (UTC)
 * @n_life_events: how many life events it has
 * @n_services: how many services it has
 * @bundled: whether it is the catalog shipped with Loket (never synced)
 *
 * What the store holds, for `--health`, the offline notice and `--sync`'s summary.
 */
typedef struct
{
  char      *etag;
  GDateTime *updated;
  guint      n_life_events;
  guint      n_services;
  gboolean   bundled;
} LoketStoreInfo;

#define LOKET_TYPE_STORE_INFO (loket_store_info_get_type ())
GType           loket_store_info_get_type (void) G_GNUC_CONST;
LoketStoreInfo *loket_store_info_copy     (const LoketStoreInfo *info);
void            loket_store_info_free     (LoketStoreInfo       *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketStoreInfo, loket_store_info_free)

/* The newest schema this build knows (PRAGMA user_version). */
#define LOKET_STORE_SCHEMA_VERSION 4

#define LOKET_TYPE_STORE (loket_store_get_type ())
G_DECLARE_FINAL_TYPE (LoketStore, loket_store, LOKET, STORE, GObject)

LoketStore     *loket_store_new                     (const char          *path);
char           *loket_store_dup_default_path        (void);
const char     *loket_store_get_path                (LoketStore          *self);
void            loket_store_set_bundle              (LoketStore          *self,
                                                     const char          *resource_path);

void            loket_store_open_async              (LoketStore          *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        loket_store_open_finish             (LoketStore          *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

void            loket_store_load_catalog_async      (LoketStore          *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
LoketCatalog   *loket_store_load_catalog_finish     (LoketStore          *self,
                                                     GAsyncResult        *result,
                                                     LoketStoreInfo     **info,
                                                     GError             **error);

void            loket_store_replace_catalog_async   (LoketStore          *self,
                                                     const char          *name,
                                                     GBytes              *document,
                                                     const char          *etag,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
LoketCatalog   *loket_store_replace_catalog_finish  (LoketStore          *self,
                                                     GAsyncResult        *result,
                                                     LoketStoreInfo     **info,
                                                     GError             **error);

void            loket_store_mark_checked_async      (LoketStore          *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
LoketStoreInfo *loket_store_mark_checked_finish     (LoketStore          *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

void            loket_store_get_info_async          (LoketStore          *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
LoketStoreInfo *loket_store_get_info_finish         (LoketStore          *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

void            loket_store_search_async            (LoketStore          *self,
                                                     const char          *text,
                                                     LoketLanguage        language,
                                                     guint                limit,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GListModel     *loket_store_search_finish           (LoketStore          *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
