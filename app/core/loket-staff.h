/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "loket-idle.h"

G_BEGIN_DECLS

#define LOKET_STAFF_FREE_ATTEMPTS 3   /* wrong PINs before the first wait */
#define LOKET_STAFF_FIRST_WAIT    30  /* seconds; doubles with every further wrong PIN */
#define LOKET_STAFF_MAX_WAIT      900 /* seconds */

gboolean  loket_staff_pin_is_acceptable (const char *pin);
char     *loket_staff_hash_pin          (const char *pin,
                                         GError    **error);

#define LOKET_TYPE_STAFF_LOCK (loket_staff_lock_get_type ())
G_DECLARE_FINAL_TYPE (LoketStaffLock, loket_staff_lock, LOKET, STAFF_LOCK, GObject)

LoketStaffLock *loket_staff_lock_new           (const char          *pin_hash);
void            loket_staff_lock_set_clock     (LoketStaffLock      *self,
                                                LoketIdleClock       clock,
                                                gpointer             user_data);
gboolean        loket_staff_lock_has_pin       (LoketStaffLock      *self);
guint           loket_staff_lock_get_wait      (LoketStaffLock      *self);
void            loket_staff_lock_check_async   (LoketStaffLock      *self,
                                                const char          *pin,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        loket_staff_lock_check_finish  (LoketStaffLock      *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
