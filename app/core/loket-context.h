/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "loket-catalog.h"
#include "loket-discovery.h"
#include "loket-i18n.h"
#include "loket-idle.h"
#include "loket-outbox.h"
#include "loket-session.h"
#include "loket-speech.h"
#include "loket-store.h"

G_BEGIN_DECLS

typedef enum
{
  LOKET_TEXT_SIZE_NORMAL,
  LOKET_TEXT_SIZE_LARGE,
  LOKET_TEXT_SIZE_LARGEST,
} LoketTextSize;

#define LOKET_TYPE_CONTEXT (loket_context_get_type ())
G_DECLARE_FINAL_TYPE (LoketContext, loket_context, LOKET, CONTEXT, GObject)

LoketContext  *loket_context_new               (GSettings     *settings,
                                                LoketCatalog  *catalog);
GSettings     *loket_context_get_settings      (LoketContext  *self);
LoketCatalog  *loket_context_get_catalog       (LoketContext  *self);
LoketSession  *loket_context_get_session       (LoketContext  *self);
LoketLanguage  loket_context_get_language      (LoketContext  *self);
void           loket_context_set_language      (LoketContext  *self,
                                                LoketLanguage  language);
LoketTextSize  loket_context_get_text_size     (LoketContext  *self);
void           loket_context_set_text_size     (LoketContext  *self,
                                                LoketTextSize  size);
gboolean       loket_context_get_high_contrast (LoketContext  *self);
void           loket_context_set_high_contrast (LoketContext  *self,
                                                gboolean       high_contrast);
gboolean       loket_context_get_kiosk_mode    (LoketContext  *self);
char          *loket_context_dup_backend_url   (LoketContext  *self);
void           loket_context_set_backend_url   (LoketContext  *self,
                                                const char    *url);
void           loket_context_start_over        (LoketContext  *self);
void           loket_context_set_catalog       (LoketContext  *self,
                                                LoketCatalog  *catalog);
LoketStore    *loket_context_get_store         (LoketContext  *self);
void           loket_context_set_store         (LoketContext  *self,
                                                LoketStore    *store);
gboolean       loket_context_get_offline       (LoketContext  *self);
GDateTime     *loket_context_get_catalog_date  (LoketContext  *self);
void           loket_context_set_catalog_status (LoketContext *self,
                                                 gboolean      offline,
                                                 GDateTime    *catalog_date);
LoketDiscovery *loket_context_get_discovery    (LoketContext  *self);

LoketOutbox   *loket_context_get_outbox        (LoketContext  *self);
void           loket_context_set_outbox        (LoketContext  *self,
                                                LoketOutbox   *outbox);

LoketIdle     *loket_context_get_idle          (LoketContext  *self);

LoketSpeech   *loket_context_get_speech        (LoketContext  *self);
void           loket_context_set_speech        (LoketContext  *self,
                                                LoketSpeech   *speech);

G_END_DECLS
