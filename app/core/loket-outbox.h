/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Delivery retries: full jitter, base 2 s, cap 5 min (design/reliability-security.md §4.2). */
#define LOKET_OUTBOX_BACKOFF_BASE_MS   2000
#define LOKET_OUTBOX_BACKOFF_CAP_MS    (5 * 60 * 1000)
#define LOKET_OUTBOX_CONCURRENCY       8
#define LOKET_OUTBOX_DEADLINE_S        15
/* The newest schema of the outbox database this build knows (PRAGMA user_version). */
#define LOKET_OUTBOX_SCHEMA_VERSION    1

#define LOKET_TYPE_OUTBOX (loket_outbox_get_type ())
G_DECLARE_FINAL_TYPE (LoketOutbox, loket_outbox, LOKET, OUTBOX, GObject)

LoketOutbox *loket_outbox_new                (const char          *path);
char        *loket_outbox_dup_default_path   (void);
const char  *loket_outbox_get_path           (LoketOutbox         *self);
void         loket_outbox_set_backoff        (LoketOutbox         *self,
                                              guint                base_ms,
                                              guint                cap_ms);
void         loket_outbox_set_concurrency    (LoketOutbox         *self,
                                              guint                n);
void         loket_outbox_set_seed           (LoketOutbox         *self,
                                              guint32              seed);

void         loket_outbox_open_async         (LoketOutbox         *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean     loket_outbox_open_finish        (LoketOutbox         *self,
                                              GAsyncResult        *result,
                                              GError             **error);

void         loket_outbox_enqueue_async      (LoketOutbox         *self,
                                              const char          *endpoint,
                                              GBytes              *public_key,
                                              GBytes              *submission,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char        *loket_outbox_enqueue_finish     (LoketOutbox         *self,
                                              GAsyncResult        *result,
                                              GError             **error);

void         loket_outbox_flush_async        (LoketOutbox         *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean     loket_outbox_flush_finish       (LoketOutbox         *self,
                                              GAsyncResult        *result,
                                              GError             **error);

void         loket_outbox_start              (LoketOutbox         *self);
void         loket_outbox_stop               (LoketOutbox         *self);
void         loket_outbox_retry_now          (LoketOutbox         *self);
guint        loket_outbox_get_n_pending      (LoketOutbox         *self);
guint        loket_outbox_get_n_rejected     (LoketOutbox         *self);
gboolean     loket_outbox_is_pending         (LoketOutbox         *self,
                                              const char          *key);

guint64      loket_outbox_backoff_delay      (guint                attempt,
                                              guint                base_ms,
                                              guint                cap_ms,
                                              double               random);
char        *loket_outbox_reference_for_key  (const char          *key);
GBytes      *loket_outbox_parse_public_key   (const char          *base64,
                                              GError             **error);

G_END_DECLS
