/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-tone"

#include "config.h"

#include <gio/gio.h>
#include <math.h>

#if HAVE_PCAUDIO
#include <pcaudiolib/audio.h>
#endif

#include "loket-tone.h"

/*
 * The idle warning's sound (EAA: more than one sensory channel): a soft two-note chime of 0.6 s,
 * generated here and played through pcaudiolib, the path read-aloud uses, in a thread.
 */

#define TONE_RATE 22050

/**
 * loket_tone_render:
 *
 * Writes the chime into @samples (mono, signed 16 bit).
 *
 * Returns: the number of samples written
 */
gsize
loket_tone_render (gint16 *samples,
                   gsize   n_samples,
                   guint   rate)
{
  gsize n = MIN (n_samples, (gsize) (rate * 0.6));

  for (gsize i = 0; i < n; i++)
    {
      double t = (double) i / rate;
      double frequency = t < 0.3 ? 660.0 : 880.0;
      double local = t < 0.3 ? t : t - 0.3;
      double envelope = MIN (1.0, local * 100) * exp (-local * 9);

      samples[i] = (gint16) (9000 * envelope * sin (2 * G_PI * frequency * t));
    }
  return n;
}

#if HAVE_PCAUDIO
static void
play_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autofree gint16 *samples = g_new (gint16, TONE_RATE);
  gsize n = loket_tone_render (samples, TONE_RATE, TONE_RATE);
  struct audio_object *audio = create_audio_device_object (NULL, "Loket", "Warning");

  if (audio != NULL && audio_object_open (audio, AUDIO_OBJECT_FORMAT_S16LE, TONE_RATE, 1) == 0)
    {
      audio_object_write (audio, samples, n * sizeof (gint16));
      audio_object_drain (audio);
      audio_object_close (audio);
    }
  if (audio != NULL)
    audio_object_destroy (audio);
  g_task_return_boolean (task, TRUE);
}
#endif

/**
 * loket_tone_play:
 *
 * Plays the chime without waiting for it.
 *
 * Returns: %FALSE if this build cannot play sound
 */
gboolean
loket_tone_play (void)
{
#if HAVE_PCAUDIO
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  if (g_getenv ("LOKET_NO_SOUND") != NULL)
    return FALSE;
  g_task_run_in_thread (task, play_thread);
  return TRUE;
#else
  return FALSE;
#endif
}
