/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "loket-page.h"

G_BEGIN_DECLS

#define LOKET_TYPE_RECEIPT_PAGE (loket_receipt_page_get_type ())
G_DECLARE_FINAL_TYPE (LoketReceiptPage, loket_receipt_page, LOKET, RECEIPT_PAGE, LoketPage)

const char *loket_receipt_page_get_qr_text   (LoketReceiptPage *self);
const char *loket_receipt_page_get_reference (LoketReceiptPage *self);
gboolean    loket_receipt_page_export_pdf    (LoketReceiptPage *self,
                                              const char       *path,
                                              GError          **error);
void        loket_receipt_page_set_queued_delay (LoketReceiptPage *self,
                                                 guint             ms);

void        loket_add_working_days           (GDate            *date,
                                              guint             days);

G_END_DECLS
