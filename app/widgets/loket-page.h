/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "loket-context.h"

G_BEGIN_DECLS

#define LOKET_TYPE_PAGE (loket_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (LoketPage, loket_page, LOKET, PAGE, GtkWidget)

struct _LoketPageClass
{
  GtkWidgetClass parent_class;

  /* Called once the page has a context. */
  void         (*setup)      (LoketPage  *page);
  /* Show what @argument names (a life event id, "event/step", …); FALSE if it does not exist. */
  gboolean     (*switch_to)  (LoketPage  *page,
                              const char *argument);
  void         (*switch_from)(LoketPage  *page);
  /* Forget everything of the visit: back to how a new citizen finds the page. */
  void         (*reset)      (LoketPage  *page);
  const char * (*get_title)  (LoketPage  *page);
  GtkScrolledWindow * (*get_scroller) (LoketPage *page);
};

LoketContext *loket_page_get_context    (LoketPage  *self);
void          loket_page_set_context    (LoketPage  *self,
                                         LoketContext *context);
gboolean      loket_page_switch_to      (LoketPage  *self,
                                         const char *argument);
void          loket_page_switch_from    (LoketPage  *self);
void          loket_page_reset          (LoketPage  *self);
const char   *loket_page_get_title      (LoketPage  *self);
double        loket_page_get_scroll     (LoketPage  *self);
void          loket_page_set_scroll     (LoketPage  *self,
                                         double      position);
LoketLanguage loket_page_get_language   (LoketPage  *self);

G_END_DECLS
