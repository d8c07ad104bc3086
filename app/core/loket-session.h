/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "loket-person.h"

G_BEGIN_DECLS

#define LOKET_TYPE_SESSION (loket_session_get_type ())
G_DECLARE_FINAL_TYPE (LoketSession, loket_session, LOKET, SESSION, GObject)

LoketSession *loket_session_new           (void);
gboolean      loket_session_get_step_done (LoketSession *self,
                                           const char   *life_event_id,
                                           const char   *step_id);
void          loket_session_set_step_done (LoketSession *self,
                                           const char   *life_event_id,
                                           const char   *step_id,
                                           gboolean      done);
guint         loket_session_count_done    (LoketSession *self,
                                           const char   *life_event_id);
GCancellable *loket_session_get_cancellable (LoketSession *self);
void          loket_session_wipe          (LoketSession *self);

void          loket_session_sign_in            (LoketSession *self,
                                                const char   *access_token,
                                                guint         expires_in,
                                                const char   *bsn,
                                                LoketPerson  *person);
void          loket_session_sign_out           (LoketSession *self);
void          loket_session_expire_sign_in     (LoketSession *self);
gboolean      loket_session_get_signed_in      (LoketSession *self);
gboolean      loket_session_get_sign_in_expired (LoketSession *self);
const char   *loket_session_get_access_token   (LoketSession *self);
const char   *loket_session_get_bsn            (LoketSession *self);
LoketPerson  *loket_session_get_person         (LoketSession *self);

G_END_DECLS
