/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * LoketIdleClock:
 *
 * Returns the monotonic time in microseconds. Tests give the monitor a fake one.
 */
typedef gint64 (*LoketIdleClock) (gpointer user_data);

typedef enum
{
  LOKET_IDLE_STATE_ACTIVE,       /* someone is using the kiosk, or nobody has started */
  LOKET_IDLE_STATE_WARNING,      /* no input for a while: the countdown runs */
  LOKET_IDLE_STATE_LIMIT_WARNING /* the sign-in reaches the back-end's session limit soon */
} LoketIdleState;

#define LOKET_IDLE_DEFAULT_TIMEOUT   120 /* seconds without input before the warning */
#define LOKET_IDLE_MIN_WARNING        30 /* seconds of countdown, at least (WCAG 2.2.1: 20) */
#define LOKET_IDLE_SIGN_IN_LIMIT (15 * 60) /* DigiD ends a session after 15 minutes */
#define LOKET_IDLE_LIMIT_WARNING_SECONDS 60

#define LOKET_TYPE_IDLE (loket_idle_get_type ())
G_DECLARE_FINAL_TYPE (LoketIdle, loket_idle, LOKET, IDLE, GObject)

LoketIdle      *loket_idle_new               (guint           timeout,
                                              guint           warning);
void            loket_idle_set_clock         (LoketIdle      *self,
                                              LoketIdleClock  clock,
                                              gpointer        user_data);
void            loket_idle_set_timeout       (LoketIdle      *self,
                                              guint           timeout);
guint           loket_idle_get_timeout       (LoketIdle      *self);
guint           loket_idle_get_warning       (LoketIdle      *self);
void            loket_idle_arm               (LoketIdle      *self);
void            loket_idle_disarm            (LoketIdle      *self);
gboolean        loket_idle_get_armed         (LoketIdle      *self);
void            loket_idle_activity          (LoketIdle      *self);
void            loket_idle_start_sign_in     (LoketIdle      *self,
                                              guint           limit);
void            loket_idle_end_sign_in       (LoketIdle      *self);
void            loket_idle_tick              (LoketIdle      *self);
LoketIdleState  loket_idle_get_state         (LoketIdle      *self);
guint           loket_idle_get_seconds_left  (LoketIdle      *self);

G_END_DECLS
