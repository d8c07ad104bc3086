/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "loket-i18n.h"

G_BEGIN_DECLS

/**
 * LoketSpeechFlags:
 * @LOKET_SPEECH_NONE: text anyone nearby may hear
 * @LOKET_SPEECH_PRIVATE: personal data (a BSN, an address): spoken only when
 *   loket_speech_set_private_allowed() says so (a headset is connected, or the citizen confirmed)
 */
typedef enum
{
  LOKET_SPEECH_NONE    = 0,
  LOKET_SPEECH_PRIVATE = 1 << 0,
} LoketSpeechFlags;

typedef enum
{
  LOKET_SPEECH_STATE_IDLE,
  LOKET_SPEECH_STATE_SPEAKING,
  LOKET_SPEECH_STATE_PAUSED,
} LoketSpeechState;

#define LOKET_TYPE_SPEECH (loket_speech_get_type ())
G_DECLARE_FINAL_TYPE (LoketSpeech, loket_speech, LOKET, SPEECH, GObject)

gboolean          loket_speech_is_supported        (void);
gboolean          loket_speech_has_voice           (LoketLanguage     language);
LoketSpeech      *loket_speech_new                 (void);
LoketSpeech      *loket_speech_new_for_file        (const char       *wav_path,
                                                    gboolean          real_time);
LoketSpeechState  loket_speech_get_state           (LoketSpeech      *self);
gboolean          loket_speech_speak               (LoketSpeech      *self,
                                                    LoketLanguage     language,
                                                    const char       *text,
                                                    LoketSpeechFlags  flags);
void              loket_speech_append              (LoketSpeech      *self,
                                                    const char       *text,
                                                    LoketSpeechFlags  flags);
char             *loket_speech_dup_text            (LoketSpeech      *self);
void              loket_speech_pause               (LoketSpeech      *self);
void              loket_speech_resume              (LoketSpeech      *self);
void              loket_speech_stop                (LoketSpeech      *self);
gboolean          loket_speech_repeat              (LoketSpeech      *self);
gboolean          loket_speech_get_private_allowed (LoketSpeech      *self);
void              loket_speech_set_private_allowed (LoketSpeech      *self,
                                                    gboolean          allowed);
gboolean          loket_speech_get_enabled         (LoketSpeech      *self);
void              loket_speech_set_enabled         (LoketSpeech      *self,
                                                    gboolean          enabled);
void              loket_speech_reset               (LoketSpeech      *self);

G_END_DECLS
