/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * The letters of the on-screen keyboard (issue 10). Kiosks have no keyboard, so the kiosk brings
 * one for every language it speaks. Each row is a list of keys separated by spaces; the shifted
 * row is written out in full, because the capitals of Turkish (i → İ, ı → I) do not follow a rule
 * that a generic upper-case function knows.
 */
#define G_LOG_DOMAIN "loket-keyboard"

#include "config.h"

#include <glib/gi18n.h>

#include "loket-keyboard-layouts.h"

#define MAX_ROWS 4

typedef struct
{
  const char *id;
  const char *name;        /* translatable */
  const char *short_name;  /* a few letters of the layout itself, on the switch key */
  gboolean    rtl;
  const char *rows[MAX_ROWS];
  const char *shifted[MAX_ROWS];  /* NULL: the layout has no capitals */
} LayoutInfo;

static const LayoutInfo layouts[LOKET_KEYBOARD_N_LAYOUTS] = {
  [LOKET_KEYBOARD_LATIN_NL] = {
    "latin-nl", N_("Latin letters, Dutch"), "ABC", FALSE,
    { "q w e r t y u i o p", "a s d f g h j k l", "z x c v b n m - '", "é è ë ï ö ü ó á" },
    { "Q W E R T Y U I O P", "A S D F G H J K L", "Z X C V B N M - '", "É È Ë Ï Ö Ü Ó Á" },
  },
  [LOKET_KEYBOARD_LATIN_TR] = {
    "latin-tr", N_("Latin letters, Turkish"), "ÇĞŞ", FALSE,
    { "q w e r t y u ı o p ğ ü", "a s d f g h j k l ş i", "z x c v b n m ö ç - '" },
    { "Q W E R T Y U I O P Ğ Ü", "A S D F G H J K L Ş İ", "Z X C V B N M Ö Ç - '" },
  },
  [LOKET_KEYBOARD_LATIN_PL] = {
    "latin-pl", N_("Latin letters, Polish"), "ĄĘŁ", FALSE,
    { "q w e r t y u i o p", "a s d f g h j k l", "z x c v b n m - '", "ą ć ę ł ń ó ś ź ż" },
    { "Q W E R T Y U I O P", "A S D F G H J K L", "Z X C V B N M - '", "Ą Ć Ę Ł Ń Ó Ś Ź Ż" },
  },
  [LOKET_KEYBOARD_ARABIC] = {
    "arabic", N_("Arabic letters"), "أبت", TRUE,
    { "ض ص ث ق ف غ ع ه خ ح ج", "ش س ي ب ل ا ت ن م ك ط", "ئ ء ؤ ر ى ة و ز ظ د ذ", "أ إ آ ، ؟ -" },
    { NULL },
  },
  [LOKET_KEYBOARD_CYRILLIC_UK] = {
    "cyrillic-uk", N_("Ukrainian letters"), "АБВ", FALSE,
    { "й ц у к е н г ш щ з х ї", "ф і в а п р о л д ж є ґ", "я ч с м и т ь б ю ' -" },
    { "Й Ц У К Е Н Г Ш Щ З Х Ї", "Ф І В А П Р О Л Д Ж Є Ґ", "Я Ч С М И Т Ь Б Ю ' -" },
  },
  /* The consonants of Tigrinya in their first order; the vowel-order row turns them into the
   * other six syllables of their series. */
  [LOKET_KEYBOARD_ETHIOPIC] = {
    "ethiopic", N_("Tigrinya letters"), "ሀለሐ", FALSE,
    { "ሀ ለ ሐ መ ረ ሰ ሸ ቀ ቐ በ ቨ", "ተ ቸ ነ ኘ አ ከ ኸ ወ ዐ ዘ ዠ", "የ ደ ጀ ገ ጠ ጨ ጰ ጸ ፈ ፐ", "። ፣ -" },
    { NULL },
  },
  [LOKET_KEYBOARD_NUMERIC] = {
    "numeric", N_("Numbers"), "123", FALSE,
    { "1 2 3", "4 5 6", "7 8 9", "- 0" },
    { NULL },
  },
};

/**
 * loket_keyboard_layout_for_language:
 *
 * Returns: the letters that write @language
 */
LoketKeyboardLayout
loket_keyboard_layout_for_language (LoketLanguage language)
{
  switch (language)
    {
    case LOKET_LANGUAGE_TR:
      return LOKET_KEYBOARD_LATIN_TR;
    case LOKET_LANGUAGE_PL:
      return LOKET_KEYBOARD_LATIN_PL;
    case LOKET_LANGUAGE_AR:
      return LOKET_KEYBOARD_ARABIC;
    case LOKET_LANGUAGE_UK:
      return LOKET_KEYBOARD_CYRILLIC_UK;
    case LOKET_LANGUAGE_TI:
      return LOKET_KEYBOARD_ETHIOPIC;
    case LOKET_LANGUAGE_NL:
    case LOKET_LANGUAGE_EN:
    case LOKET_N_LANGUAGES:
    default:
      return LOKET_KEYBOARD_LATIN_NL;
    }
}

const char *
loket_keyboard_layout_get_id (LoketKeyboardLayout layout)
{
  g_return_val_if_fail (layout < LOKET_KEYBOARD_N_LAYOUTS, NULL);

  return layouts[layout].id;
}

/**
 * loket_keyboard_layout_get_name:
 *
 * Returns: the layout's name in the interface language, for the switch key's accessible name
 */
const char *
loket_keyboard_layout_get_name (LoketKeyboardLayout layout)
{
  g_return_val_if_fail (layout < LOKET_KEYBOARD_N_LAYOUTS, NULL);

  return _(layouts[layout].name);
}

/**
 * loket_keyboard_layout_get_short_name:
 *
 * Returns: a few letters of the layout in its own script, the same in every language
 */
const char *
loket_keyboard_layout_get_short_name (LoketKeyboardLayout layout)
{
  g_return_val_if_fail (layout < LOKET_KEYBOARD_N_LAYOUTS, NULL);

  return layouts[layout].short_name;
}

gboolean
loket_keyboard_layout_is_rtl (LoketKeyboardLayout layout)
{
  g_return_val_if_fail (layout < LOKET_KEYBOARD_N_LAYOUTS, FALSE);

  return layouts[layout].rtl;
}

gboolean
loket_keyboard_layout_has_shift (LoketKeyboardLayout layout)
{
  g_return_val_if_fail (layout < LOKET_KEYBOARD_N_LAYOUTS, FALSE);

  return layouts[layout].shifted[0] != NULL;
}

guint
loket_keyboard_layout_get_n_rows (LoketKeyboardLayout layout)
{
  guint n = 0;

  g_return_val_if_fail (layout < LOKET_KEYBOARD_N_LAYOUTS, 0);

  while (n < MAX_ROWS && layouts[layout].rows[n] != NULL)
    n++;
  return n;
}

/**
 * loket_keyboard_layout_dup_row:
 * @shifted: the capitals, when the layout has them
 *
 * Returns: (transfer full): what each key of @row types, in visual order for a left-to-right
 *   layout and in reading order for a right-to-left one
 */
char **
loket_keyboard_layout_dup_row (LoketKeyboardLayout layout,
                               guint               row,
                               gboolean            shifted)
{
  const char *keys;

  g_return_val_if_fail (layout < LOKET_KEYBOARD_N_LAYOUTS, NULL);
  g_return_val_if_fail (row < loket_keyboard_layout_get_n_rows (layout), NULL);

  keys = shifted && layouts[layout].shifted[row] != NULL ? layouts[layout].shifted[row]
                                                         : layouts[layout].rows[row];
  return g_strsplit (keys, " ", -1);
}

/**
 * loket_keyboard_ethiopic_syllable:
 * @consonant: a syllable of the first order (ä), such as ለ
 * @order: 0 to 6: ä u i a e ə o
 *
 * In Unicode each Ethiopic consonant has its seven orders in a row, starting at a multiple of
 * eight: ለ ሉ ሊ ላ ሌ ል ሎ is U+1208 to U+120E.
 *
 * Returns: (transfer full): the syllable of @consonant in @order, or a copy of @consonant when it
 *   is not an Ethiopic consonant (punctuation)
 */
char *
loket_keyboard_ethiopic_syllable (const char *consonant,
                                  guint       order)
{
  gunichar c;
  char buffer[8] = { 0 };

  g_return_val_if_fail (consonant != NULL, NULL);
  g_return_val_if_fail (order < LOKET_KEYBOARD_N_VOWEL_ORDERS, NULL);

  c = g_utf8_get_char_validated (consonant, -1);
  if (c < 0x1200 || c > 0x1357 || (c - 0x1200) % 8 != 0 || consonant[g_unichar_to_utf8 (c, NULL)] != '\0')
    return g_strdup (consonant);

  g_unichar_to_utf8 (c + order, buffer);
  return g_strdup (buffer);
}
