/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "loket-device-flow.h"
#include "loket-discovery.h"
#include "loket-session.h"

G_BEGIN_DECLS

/**
 * LoketSignInState:
 * @LOKET_SIGN_IN_IDLE: nothing started, or cancelled
 * @LOKET_SIGN_IN_STARTING: asking the back-end for a code
 * @LOKET_SIGN_IN_WAITING: the code is shown; waiting for the citizen to sign in on their phone
 * @LOKET_SIGN_IN_FETCHING: signed in; asking the BRP what it knows
 * @LOKET_SIGN_IN_DONE: the session is signed in
 * @LOKET_SIGN_IN_FAILED: it went wrong; see loket_sign_in_get_error()
 */
typedef enum
{
  LOKET_SIGN_IN_IDLE,
  LOKET_SIGN_IN_STARTING,
  LOKET_SIGN_IN_WAITING,
  LOKET_SIGN_IN_FETCHING,
  LOKET_SIGN_IN_DONE,
  LOKET_SIGN_IN_FAILED,
} LoketSignInState;

#define LOKET_TYPE_SIGN_IN (loket_sign_in_get_type ())
G_DECLARE_FINAL_TYPE (LoketSignIn, loket_sign_in, LOKET, SIGN_IN, GObject)

LoketSignIn           *loket_sign_in_new            (LoketDiscovery *discovery,
                                                     LoketSession   *session);
void                   loket_sign_in_start          (LoketSignIn    *self);
void                   loket_sign_in_cancel         (LoketSignIn    *self);
LoketSignInState       loket_sign_in_get_state      (LoketSignIn    *self);
const LoketDeviceCode *loket_sign_in_get_code       (LoketSignIn    *self);
gint64                 loket_sign_in_get_expires_at (LoketSignIn    *self);
const GError          *loket_sign_in_get_error      (LoketSignIn    *self);
void                   loket_sign_in_set_time_unit  (LoketSignIn    *self,
                                                     guint           ms_per_second);
void                   loket_sign_in_set_brp_deadline (LoketSignIn  *self,
                                                     guint           deadline_ms);

G_END_DECLS
