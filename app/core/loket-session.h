/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

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

G_END_DECLS
