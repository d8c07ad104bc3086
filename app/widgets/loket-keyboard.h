/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "loket-keyboard-layouts.h"

G_BEGIN_DECLS

#define LOKET_TYPE_KEYBOARD (loket_keyboard_get_type ())
G_DECLARE_FINAL_TYPE (LoketKeyboard, loket_keyboard, LOKET, KEYBOARD, GtkBox)

GtkWidget           *loket_keyboard_new                 (void);
void                 loket_keyboard_track_focus         (LoketKeyboard       *self,
                                                         GtkWindow           *window);
gboolean             loket_keyboard_get_active          (LoketKeyboard       *self);
gboolean             loket_keyboard_get_auto_show       (LoketKeyboard       *self);
void                 loket_keyboard_set_auto_show       (LoketKeyboard       *self,
                                                         gboolean             auto_show);
LoketKeyboardLayout  loket_keyboard_get_layout          (LoketKeyboard       *self);
void                 loket_keyboard_set_layout          (LoketKeyboard       *self,
                                                         LoketKeyboardLayout  layout);
void                 loket_keyboard_set_letters_layout  (LoketKeyboard       *self,
                                                         LoketKeyboardLayout  layout);
GtkWidget           *loket_keyboard_get_target          (LoketKeyboard       *self);
void                 loket_keyboard_type                (LoketKeyboard       *self,
                                                         const char          *text);
void                 loket_keyboard_backspace           (LoketKeyboard       *self);

G_END_DECLS
