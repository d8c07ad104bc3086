/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-text"

#include "config.h"

#include "loket-text.h"

struct _LoketText
{
  char *values[LOKET_N_LANGUAGES]; /* (owned) (nullable) */
};

G_DEFINE_BOXED_TYPE (LoketText, loket_text, loket_text_ref, loket_text_unref)

static void
loket_text_free (LoketText *text)
{
  for (guint i = 0; i < LOKET_N_LANGUAGES; i++)
    g_free (text->values[i]);
}

LoketText *
loket_text_new (void)
{
  return g_atomic_rc_box_new0 (LoketText);
}

LoketText *
loket_text_ref (LoketText *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return g_atomic_rc_box_acquire (text);
}

void
loket_text_unref (LoketText *text)
{
  g_return_if_fail (text != NULL);

  g_atomic_rc_box_release_full (text, (GDestroyNotify) loket_text_free);
}

void
loket_text_set (LoketText     *text,
                LoketLanguage  language,
                const char    *value)
{
  g_return_if_fail (text != NULL);
  g_return_if_fail (language < LOKET_N_LANGUAGES);

  g_free (text->values[language]);
  text->values[language] = g_strdup (value);
}

/**
 * loket_text_get_exact:
 *
 * Returns: (nullable): the text in @language, or %NULL if it was not written in it
 */
const char *
loket_text_get_exact (const LoketText *text,
                      LoketLanguage    language)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (language < LOKET_N_LANGUAGES, NULL);

  return text->values[language];
}

/**
 * loket_text_get:
 * @shown_language: (out) (optional): the language of the returned text
 *
 * The text in @language; where it was not written in that language, the English text (for
 * languages other than Dutch and English, English is read by more newcomers than Dutch), then the
 * Dutch one. Never %NULL for a validated catalog text, which always has both.
 */
const char *
loket_text_get (const LoketText *text,
                LoketLanguage    language,
                LoketLanguage   *shown_language)
{
  static const LoketLanguage fallbacks[] = { LOKET_LANGUAGE_EN, LOKET_LANGUAGE_NL };

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (language < LOKET_N_LANGUAGES, NULL);

  if (text->values[language] != NULL)
    {
      if (shown_language)
        *shown_language = language;
      return text->values[language];
    }

  for (guint i = 0; i < G_N_ELEMENTS (fallbacks); i++)
    {
      if (text->values[fallbacks[i]] != NULL)
        {
          if (shown_language)
            *shown_language = fallbacks[i];
          return text->values[fallbacks[i]];
        }
    }

  if (shown_language)
    *shown_language = language;
  return "";
}
