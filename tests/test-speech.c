/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test-speech"

#include "config.h"

#include <math.h>
#include <string.h>

#include "loket-context.h"
#include "loket-i18n.h"
#include "loket-speech.h"
#include "loket-test-utils.h"

/* A page's worth of text in every language with a voice. */
static const struct
{
  LoketLanguage  language;
  const char    *text;
} samples[] = {
  { LOKET_LANGUAGE_NL, "Welkom op het gemeentehuis. Vertel ons wat er in uw leven gebeurt." },
  { LOKET_LANGUAGE_EN, "Welcome to the town hall. Tell us what is happening in your life." },
  { LOKET_LANGUAGE_AR, "مرحبا بكم في البلدية. أخبرونا بما يحدث في حياتكم." },
  { LOKET_LANGUAGE_UK, "Ласкаво просимо до ратуші. Розкажіть нам, що відбувається у вашому житті." },
  { LOKET_LANGUAGE_TR, "Belediyeye hoş geldiniz. Hayatınızda neler olduğunu bize anlatın." },
  { LOKET_LANGUAGE_PL, "Witamy w ratuszu. Powiedz nam, co dzieje się w twoim życiu." },
};

static const char long_text[] =
  "Als u gaat verhuizen, geeft u uw nieuwe adres door aan de gemeente. Dat kan vanaf vier weken "
  "voor de verhuizing tot vijf dagen erna. De gemeente geeft het door aan de Belastingdienst, "
  "de zorgverzekeraar en andere organisaties. Wilt u hulp? Vraag het aan de balie, wij helpen u "
  "graag met elke stap.";

typedef struct
{
  guint  n_samples;
  double rms;
  int    sample_rate;
} WavInfo;

/* Reads a 16-bit mono WAV file and measures how loud it is (root mean square). */
static WavInfo
read_wav (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  WavInfo info = { 0, 0.0, 0 };
  gsize length;
  guint32 data_bytes, rate;
  double sum = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >=, 44);
  g_assert_true (memcmp (contents, "RIFF", 4) == 0 && memcmp (contents + 8, "WAVEfmt ", 8) == 0);
  g_assert_true (memcmp (contents + 36, "data", 4) == 0);
  memcpy (&rate, contents + 24, 4);
  memcpy (&data_bytes, contents + 40, 4);
  info.sample_rate = GUINT32_FROM_LE (rate);
  data_bytes = GUINT32_FROM_LE (data_bytes);
  g_assert_cmpuint (data_bytes, ==, length - 44);

  info.n_samples = data_bytes / 2;
  for (guint i = 0; i < info.n_samples; i++)
    {
      gint16 sample;

      memcpy (&sample, contents + 44 + 2 * i, 2);
      sample = GINT16_FROM_LE (sample);
      sum += (double) sample * sample;
    }
  info.rms = info.n_samples ? sqrt (sum / info.n_samples) : 0;
  return info;
}

static void
on_finished_cb (LoketSpeech *speech,
                gpointer     user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Runs the main loop until @speech is idle again (or five seconds pass). */
static void
wait_idle (LoketSpeech *speech)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (loket_speech_get_state (speech) != LOKET_SPEECH_STATE_IDLE
         && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (loket_speech_get_state (speech), ==, LOKET_SPEECH_STATE_IDLE);
}

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static char *
temp_wav (const char *name)
{
  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
test_voices (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    g_assert_true (loket_speech_has_voice (samples[i].language));
  /* espeak-ng has no Tigrinya voice, and Amharic is not Tigrinya. */
  g_assert_false (loket_speech_has_voice (LOKET_LANGUAGE_TI));
}

static void
test_no_voice (void)
{
  g_autofree char *path = temp_wav ("no-voice.wav");
  g_autoptr(LoketSpeech) speech = loket_speech_new_for_file (path, FALSE);

  g_assert_false (loket_speech_speak (speech, LOKET_LANGUAGE_TI, "ሰላም", LOKET_SPEECH_NONE));
  g_assert_cmpuint (loket_speech_get_state (speech), ==, LOKET_SPEECH_STATE_IDLE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Private data is not spoken unless a headset is connected or the citizen said yes. */
static void
test_private (void)
{
  g_autofree char *path = temp_wav ("private.wav");
  g_autoptr(LoketSpeech) speech = loket_speech_new_for_file (path, FALSE);
  g_autofree char *skipped = NULL;
  g_autofree char *allowed = NULL;

  loket_i18n_set_language (LOKET_LANGUAGE_EN);
  loket_speech_speak (speech, LOKET_LANGUAGE_EN, "Your citizen service number is", LOKET_SPEECH_NONE);
  loket_speech_append (speech, "123456782", LOKET_SPEECH_PRIVATE);
  skipped = loket_speech_dup_text (speech);
  g_assert_cmpstr (skipped, ==, "Your citizen service number is\nPrivate information skipped.");
  g_assert_null (strstr (skipped, "123456782"));
  loket_speech_stop (speech);

  loket_speech_set_private_allowed (speech, TRUE);
  allowed = loket_speech_dup_text (speech);
  g_assert_cmpstr (allowed, ==, "Your citizen service number is\n123456782");

  /* The end of the visit takes the permission back. */
  loket_speech_reset (speech);
  g_assert_false (loket_speech_get_private_allowed (speech));
  wait_idle (speech);
}

static void
test_render (gconstpointer data)
{
  guint index = GPOINTER_TO_UINT (data);
  g_autofree char *name = g_strdup_printf ("speech-%s.wav", loket_language_get_code (samples[index].language));
  g_autofree char *path = temp_wav (name);
  g_autoptr(LoketSpeech) speech = loket_speech_new_for_file (path, FALSE);
  gboolean finished = FALSE;
  WavInfo info;

  g_signal_connect (speech, "finished", G_CALLBACK (on_finished_cb), &finished);
  g_assert_true (loket_speech_speak (speech, samples[index].language, samples[index].text,
                                     LOKET_SPEECH_NONE));
  g_assert_cmpuint (loket_speech_get_state (speech), ==, LOKET_SPEECH_STATE_SPEAKING);
  wait_idle (speech);
  g_assert_true (finished);

  info = read_wav (path);
  g_test_message ("%s: %.2f s of speech, RMS %.0f", loket_language_get_code (samples[index].language),
                  (double) info.n_samples / info.sample_rate, info.rms);
  /* A sentence takes seconds, and speech is far above silence (int16 full scale is 32767). */
  g_assert_cmpuint (info.n_samples, >, info.sample_rate * 2);
  g_assert_cmpfloat (info.rms, >, 500.0);
}

static guint
render_samples (const char *text,
                gboolean    real_time,
                guint       stop_after_ms,
                double     *stop_latency_ms)
{
  g_autofree char *path = temp_wav (stop_after_ms ? "speech-stopped.wav" : "speech-full.wav");
  g_autoptr(LoketSpeech) speech = loket_speech_new_for_file (path, real_time);
  WavInfo before, after;
  gint64 start;

  loket_speech_speak (speech, LOKET_LANGUAGE_NL, text, LOKET_SPEECH_NONE);
  if (stop_after_ms == 0)
    {
      wait_idle (speech);
      return read_wav (path).n_samples;
    }

  /* The main loop keeps running while the kiosk speaks. */
  wait_ms (stop_after_ms);
  g_assert_cmpuint (loket_speech_get_state (speech), ==, LOKET_SPEECH_STATE_SPEAKING);
  start = g_get_monotonic_time ();
  loket_speech_stop (speech);
  g_assert_cmpuint (loket_speech_get_state (speech), ==, LOKET_SPEECH_STATE_IDLE);

  /* Stopped within one buffer: the file stops growing. */
  wait_ms (150);
  before = read_wav (path);
  wait_ms (300);
  after = read_wav (path);
  *stop_latency_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpuint (before.n_samples, ==, after.n_samples);
  return after.n_samples;
}

static void
test_stop (void)
{
  guint full = render_samples (long_text, FALSE, 0, NULL);
  double latency = 0;
  guint stopped = render_samples (long_text, TRUE, 700, &latency);

  g_test_message ("full text %u samples; stopped after 0.7 s: %u samples", full, stopped);
  g_test_message ("from stop to the last check: %.0f ms", latency);
  g_assert_cmpuint (stopped, >, 0);
  g_assert_cmpuint (stopped, <, full / 2);
}

static void
test_pause_resume_repeat (void)
{
  g_autofree char *path = temp_wav ("speech-pause.wav");
  g_autoptr(LoketSpeech) speech = loket_speech_new_for_file (path, TRUE);
  guint full = render_samples (samples[0].text, FALSE, 0, NULL);
  gboolean finished = FALSE;
  guint paused, resumed;

  g_signal_connect (speech, "finished", G_CALLBACK (on_finished_cb), &finished);
  loket_speech_speak (speech, LOKET_LANGUAGE_NL, samples[0].text, LOKET_SPEECH_NONE);
  wait_ms (1200);
  loket_speech_pause (speech);
  g_assert_cmpuint (loket_speech_get_state (speech), ==, LOKET_SPEECH_STATE_PAUSED);
  wait_ms (400);
  paused = read_wav (path).n_samples;
  wait_ms (300);
  g_assert_cmpuint (read_wav (path).n_samples, ==, paused);
  g_assert_false (finished);

  /* Resume goes on from the last word; the whole takes about as long as without the pause. */
  loket_speech_resume (speech);
  g_assert_cmpuint (loket_speech_get_state (speech), ==, LOKET_SPEECH_STATE_SPEAKING);
  wait_idle (speech);
  g_assert_true (finished);
  resumed = read_wav (path).n_samples;
  g_test_message ("full %u, paused at %u, after resume %u samples", full, paused, resumed);
  g_assert_cmpuint (resumed, >, paused + full / 4);
  g_assert_cmpuint (resumed, <, full * 3 / 2);

  /* Repeat says it all again. */
  finished = FALSE;
  g_assert_true (loket_speech_repeat (speech));
  wait_idle (speech);
  g_assert_true (finished);
  /* espeak-ng varies its timing a little from run to run. */
  g_assert_cmpfloat (fabs ((double) read_wav (path).n_samples - full), <, full * 0.05);
}

/* Wiping the session (Stop / start again, or the idle timeout) silences the kiosk. */
static void
test_wipe (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  g_autoptr(LoketCatalog) catalog = loket_catalog_new_from_resource (RESOURCE_BASE "/catalog/", &error);
  g_autoptr(LoketContext) context = NULL;
  g_autofree char *path = temp_wav ("speech-wipe.wav");
  g_autoptr(LoketSpeech) speech = loket_speech_new_for_file (path, TRUE);

  g_assert_no_error (error);
  context = loket_context_new (settings, catalog);
  loket_context_set_speech (context, speech);
  loket_speech_set_enabled (speech, TRUE);
  loket_speech_set_private_allowed (speech, TRUE);
  loket_speech_speak (speech, LOKET_LANGUAGE_NL, long_text, LOKET_SPEECH_NONE);
  wait_ms (200);

  loket_session_wipe (loket_context_get_session (context));
  g_assert_cmpuint (loket_speech_get_state (speech), ==, LOKET_SPEECH_STATE_IDLE);
  g_assert_false (loket_speech_get_enabled (speech));
  g_assert_false (loket_speech_get_private_allowed (speech));
  g_assert_false (loket_speech_repeat (speech));
}

int
main (int   argc,
      char *argv[])
{
  loket_test_init (&argc, &argv);
  /* Session wipes are logged as notable events. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  if (!loket_speech_is_supported ())
    {
      g_test_skip ("Built without espeak-ng");
      return g_test_run ();
    }

  g_test_add_func ("/loket/speech/voices", test_voices);
  g_test_add_func ("/loket/speech/no-voice", test_no_voice);
  g_test_add_func ("/loket/speech/private", test_private);
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *name = g_strdup_printf ("/loket/speech/render/%s",
                                               loket_language_get_code (samples[i].language));

      g_test_add_data_func (name, GUINT_TO_POINTER (i), test_render);
    }
  g_test_add_func ("/loket/speech/stop", test_stop);
  g_test_add_func ("/loket/speech/pause-resume-repeat", test_pause_resume_repeat);
  g_test_add_func ("/loket/speech/wipe", test_wipe);

  return g_test_run ();
}
