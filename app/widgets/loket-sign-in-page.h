/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "loket-page.h"

G_BEGIN_DECLS

#define LOKET_TYPE_SIGN_IN_PAGE (loket_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (LoketSignInPage, loket_sign_in_page, LOKET, SIGN_IN_PAGE, LoketPage)

GdkTexture *loket_qr_texture_new             (const char      *text,
                                              int              module_size);
const char *loket_sign_in_describe_error     (const GError    *error);
void        loket_sign_in_page_set_time_unit (LoketSignInPage *self,
                                              guint            ms_per_second);
void        loket_sign_in_page_set_brp_deadline (LoketSignInPage *self,
                                              guint            deadline_ms);

G_END_DECLS
