/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LoketLanguage:
 *
 * The languages Loket speaks, in the order the welcome page offers them.
 */
typedef enum
{
  LOKET_LANGUAGE_NL,
  LOKET_LANGUAGE_EN,
  LOKET_LANGUAGE_AR,
  LOKET_LANGUAGE_UK,
  LOKET_LANGUAGE_TR,
  LOKET_LANGUAGE_PL,
  LOKET_LANGUAGE_TI,
  LOKET_N_LANGUAGES
} LoketLanguage;

const char   *loket_language_get_code        (LoketLanguage  language);
const char   *loket_language_get_native_name (LoketLanguage  language);
gboolean      loket_language_is_rtl          (LoketLanguage  language);
gboolean      loket_language_has_translation (LoketLanguage  language);
gboolean      loket_language_from_code       (const char    *code,
                                              LoketLanguage *language);

void          loket_i18n_init                (const char    *localedir);
void          loket_i18n_set_language        (LoketLanguage  language);
LoketLanguage loket_i18n_get_language        (void);

G_END_DECLS
