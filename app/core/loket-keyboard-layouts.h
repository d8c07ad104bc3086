/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

#include "loket-i18n.h"

G_BEGIN_DECLS

/**
 * LoketKeyboardLayout:
 * @LOKET_KEYBOARD_LATIN_NL: Latin letters with the Dutch accented vowels (also for English)
 * @LOKET_KEYBOARD_LATIN_TR: Latin letters with ç ğ ı İ ö ş ü
 * @LOKET_KEYBOARD_LATIN_PL: Latin letters with ą ć ę ł ń ó ś ź ż
 * @LOKET_KEYBOARD_ARABIC: Arabic letters, written right to left
 * @LOKET_KEYBOARD_CYRILLIC_UK: Ukrainian Cyrillic, with ґ є і ї
 * @LOKET_KEYBOARD_ETHIOPIC: Ge'ez for Tigrinya: one key per consonant, and a row that chooses the
 *   vowel order of the syllable the consonant keys type
 * @LOKET_KEYBOARD_NUMERIC: digits for a BSN, postcode digits, IBAN digits and dates
 *
 * The on-screen keyboard's layouts. The interface language chooses the letters; an entry whose
 * input purpose is digits or a number gets the numeric pad.
 */
typedef enum
{
  LOKET_KEYBOARD_LATIN_NL,
  LOKET_KEYBOARD_LATIN_TR,
  LOKET_KEYBOARD_LATIN_PL,
  LOKET_KEYBOARD_ARABIC,
  LOKET_KEYBOARD_CYRILLIC_UK,
  LOKET_KEYBOARD_ETHIOPIC,
  LOKET_KEYBOARD_NUMERIC,
  LOKET_KEYBOARD_N_LAYOUTS
} LoketKeyboardLayout;

/* The seven vowel orders of a Ge'ez syllable: ä u i a e ə o. */
#define LOKET_KEYBOARD_N_VOWEL_ORDERS 7

LoketKeyboardLayout  loket_keyboard_layout_for_language  (LoketLanguage        language);
const char          *loket_keyboard_layout_get_id        (LoketKeyboardLayout  layout);
const char          *loket_keyboard_layout_get_name      (LoketKeyboardLayout  layout);
const char          *loket_keyboard_layout_get_short_name (LoketKeyboardLayout layout);
gboolean             loket_keyboard_layout_is_rtl        (LoketKeyboardLayout  layout);
gboolean             loket_keyboard_layout_has_shift     (LoketKeyboardLayout  layout);
guint                loket_keyboard_layout_get_n_rows    (LoketKeyboardLayout  layout);
char               **loket_keyboard_layout_dup_row       (LoketKeyboardLayout  layout,
                                                          guint                row,
                                                          gboolean             shifted);
char                *loket_keyboard_ethiopic_syllable    (const char          *consonant,
                                                          guint                order);

G_END_DECLS
