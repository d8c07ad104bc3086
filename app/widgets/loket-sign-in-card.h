/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "loket-context.h"

G_BEGIN_DECLS

#define LOKET_TYPE_SIGN_IN_CARD (loket_sign_in_card_get_type ())
G_DECLARE_FINAL_TYPE (LoketSignInCard, loket_sign_in_card, LOKET, SIGN_IN_CARD, GtkWidget)

G_END_DECLS
