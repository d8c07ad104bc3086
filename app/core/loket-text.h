/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib-object.h>

#include "loket-i18n.h"

G_BEGIN_DECLS

#define LOKET_TYPE_TEXT (loket_text_get_type ())

/**
 * LoketText:
 *
 * A text of the catalog in every language it was written in, for example
 * `{"nl": "Verhuizen", "en": "Moving house"}`. Immutable once built; reference counted.
 */
typedef struct _LoketText LoketText;

GType       loket_text_get_type  (void) G_GNUC_CONST;
LoketText  *loket_text_new       (void);
LoketText  *loket_text_ref       (LoketText     *text);
void        loket_text_unref     (LoketText     *text);
void        loket_text_set       (LoketText     *text,
                                  LoketLanguage  language,
                                  const char    *value);
const char *loket_text_get_exact (const LoketText *text,
                                  LoketLanguage  language);
const char *loket_text_get       (const LoketText *text,
                                  LoketLanguage  language,
                                  LoketLanguage *shown_language);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketText, loket_text_unref)

G_END_DECLS
