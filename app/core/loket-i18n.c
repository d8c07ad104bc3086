/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-i18n"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "loket-i18n.h"

typedef struct
{
  const char *code;
  const char *native_name;
  gboolean    rtl;
} LanguageInfo;

static const LanguageInfo languages[LOKET_N_LANGUAGES] = {
  [LOKET_LANGUAGE_NL] = { "nl", "Nederlands", FALSE },
  [LOKET_LANGUAGE_EN] = { "en", "English", FALSE },
  [LOKET_LANGUAGE_AR] = { "ar", "العربية", TRUE },
  [LOKET_LANGUAGE_UK] = { "uk", "Українська", FALSE },
  [LOKET_LANGUAGE_TR] = { "tr", "Türkçe", FALSE },
  [LOKET_LANGUAGE_PL] = { "pl", "Polski", FALSE },
  [LOKET_LANGUAGE_TI] = { "ti", "ትግርኛ", FALSE },
};

static LoketLanguage current_language = LOKET_LANGUAGE_NL;
static char *current_localedir = NULL;

/* glibc's message catalogue counter: bumping it makes gettext drop its cache after LANGUAGE changed. */
extern int _nl_msg_cat_cntr;

const char *
loket_language_get_code (LoketLanguage language)
{
  g_return_val_if_fail (language < LOKET_N_LANGUAGES, NULL);

  return languages[language].code;
}

const char *
loket_language_get_native_name (LoketLanguage language)
{
  g_return_val_if_fail (language < LOKET_N_LANGUAGES, NULL);

  return languages[language].native_name;
}

gboolean
loket_language_is_rtl (LoketLanguage language)
{
  g_return_val_if_fail (language < LOKET_N_LANGUAGES, FALSE);

  return languages[language].rtl;
}

gboolean
loket_language_from_code (const char    *code,
                          LoketLanguage *language)
{
  g_return_val_if_fail (code != NULL, FALSE);

  for (guint i = 0; i < LOKET_N_LANGUAGES; i++)
    {
      if (g_str_equal (code, languages[i].code))
        {
          if (language != NULL)
            *language = i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * loket_language_has_translation:
 *
 * Whether the interface is translated into @language: English is the source language; every other
 * language counts once its message catalogue is installed.
 */
gboolean
loket_language_has_translation (LoketLanguage language)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (language < LOKET_N_LANGUAGES, FALSE);

  if (language == LOKET_LANGUAGE_EN)
    return TRUE;

  path = g_build_filename (current_localedir ? current_localedir : LOCALEDIR,
                           languages[language].code, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static void
apply_language (LoketLanguage language)
{
  /* LANGUAGE takes priority over LC_MESSAGES in glibc's gettext, also under C.UTF-8. English is
   * the source language, so "en" needs no catalogue: gettext falls back to the msgid. */
  g_setenv ("LANGUAGE", languages[language].code, TRUE);
  ++_nl_msg_cat_cntr;
  setlocale (LC_ALL, "");
  current_language = language;
}

/**
 * loket_i18n_init:
 * @localedir: (nullable): where the message catalogues are, or %NULL for the installed ones
 *
 * Sets up gettext. GLib decides once per process, at the first g_dgettext(), whether to translate
 * at all; under C.UTF-8 with no catalogue for the first language it decides "never", and GtkBuilder
 * templates stay untranslated for good (toolchain.md, pitfall 4). So the first lookup is made while
 * a shipped catalogue (Dutch) is active.
 */
void
loket_i18n_init (const char *localedir)
{
  g_free (current_localedir);
  current_localedir = g_strdup (localedir ? localedir : LOCALEDIR);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, current_localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  apply_language (LOKET_LANGUAGE_NL);
  (void) g_dgettext (GETTEXT_PACKAGE, "");
}

void
loket_i18n_set_language (LoketLanguage language)
{
  g_return_if_fail (language < LOKET_N_LANGUAGES);

  apply_language (language);
  g_message ("Language set to %s", languages[language].code);
}

LoketLanguage
loket_i18n_get_language (void)
{
  return current_language;
}
