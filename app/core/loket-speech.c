/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-speech"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#if HAVE_ESPEAK_NG
#include <espeak-ng/espeak_ng.h>
#endif
#if HAVE_PCAUDIO
#include <pcaudiolib/audio.h>
#endif

#include "loket-speech.h"

/**
 * LoketSpeech:
 *
 * Read-aloud for a kiosk that cannot rely on the citizen's own screen reader (EN 301 549
 * clause 5.1.3): speaks text in the interface language through the espeak-ng library, on one
 * worker thread that owns the engine (espeak-ng is not thread-safe), so the main loop never
 * waits for speech.
 *
 * The engine runs in synchronous mode and hands its samples to a callback that either plays them
 * through pcaudiolib (PulseAudio or ALSA, as espeak-ng's own player does) or writes them to a WAV
 * file (tests, and kiosks without a sound card). The callback checks a generation counter on
 * every buffer, so stop and pause take effect within one buffer (60 ms of audio).
 *
 * Languages without a voice: Tigrinya (espeak-ng 1.51 has none). Nothing is spoken for them; the
 * window says that read-aloud is not available in this language. Amharic, which uses the same
 * script, is a different language and is not used in its place.
 *
 * Private data: text passed with %LOKET_SPEECH_PRIVATE is replaced by "Private information
 * skipped." unless loket_speech_set_private_allowed() was called (a headset is connected, or the
 * citizen confirmed) — EN 301 549 5.1.3.8 and 5.1.3.9.
 */

typedef struct
{
  char             *text;
  LoketSpeechFlags  flags;
} Segment;

typedef struct _Job Job;

struct _Job
{
  LoketSpeech *speech;     /* (owned) */
  guint        generation;
  char        *voice;      /* (owned) */
  GPtrArray   *texts;      /* (owned) of (owned) char*: the segments as spoken */
  guint        first;      /* index of texts[0] in the utterance */
  guint        offset;     /* characters of texts[0] already spoken (resume) */
  gboolean     truncate;   /* file output: a new utterance starts a new file */

  /* Worker side */
  guint        current;    /* index in the utterance being spoken */
  guint        position;   /* characters of it spoken, from the word events */
  gboolean     stopped;
  gboolean     failed;
};

struct _LoketSpeech
{
  GObject           parent_instance;

  GMainContext     *main_context;   /* (owned): where results are delivered */
  char             *wav_path;       /* (owned) (nullable): write to this file instead of playing */
  gboolean          real_time;      /* file output takes as long as playing would */

  /* Main thread */
  LoketSpeechState  state;
  LoketLanguage     language;
  GPtrArray        *utterance;      /* (owned) of (owned) Segment */
  guint             pending_jobs;   /* queued or running jobs of the current generation */
  guint             paused_index;
  guint             paused_offset;
  gboolean          private_allowed;
  gboolean          enabled;

  /* Shared with the worker */
  int               generation;     /* atomic: bumped to stop what is being spoken */
  GMutex            progress_lock;
  guint             progress_generation;
  guint             progress_index;
  guint             progress_position;

  /* Worker thread only, while a job of this object runs */
  FILE             *wav;            /* (owned) (nullable) */
  guint32           wav_bytes;
};

/* The engine is one per process (espeak-ng keeps global state), and so is its worker thread and
 * the sound device. Jobs hold a reference to their LoketSpeech until the main thread got the
 * result. The engine is never terminated: espeak-ng 1.51's espeak_ng_Terminate() waits for an
 * event thread that synchronous mode never starts. */
typedef struct
{
  GAsyncQueue         *jobs;        /* (owned) of (owned) Job */
  gboolean             ready;
  gboolean             failed;
  int                  sample_rate;
#if HAVE_PCAUDIO
  struct audio_object *audio;       /* (owned) (nullable) */
#endif
  gboolean             audio_warned;
} Engine;

static Engine engine;

G_DEFINE_FINAL_TYPE (LoketSpeech, loket_speech, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_ENABLED,
  PROP_PRIVATE_ALLOWED,
  N_PROPS
};

enum
{
  FINISHED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const voices[LOKET_N_LANGUAGES] = {
  [LOKET_LANGUAGE_NL] = "nl",
  [LOKET_LANGUAGE_EN] = "en",
  [LOKET_LANGUAGE_AR] = "ar",
  [LOKET_LANGUAGE_UK] = "uk",
  [LOKET_LANGUAGE_TR] = "tr",
  [LOKET_LANGUAGE_PL] = "pl",
  [LOKET_LANGUAGE_TI] = NULL, /* espeak-ng has no Tigrinya voice */
};

static void
segment_free (gpointer data)
{
  Segment *segment = data;

  g_free (segment->text);
  g_free (segment);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->speech);
  g_free (job->voice);
  g_clear_pointer (&job->texts, g_ptr_array_unref);
  g_free (job);
}

static void
set_state (LoketSpeech      *self,
           LoketSpeechState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Interrupts whatever is being spoken: the worker sees the new generation on its next buffer. */
static void
cancel_speaking (LoketSpeech *self)
{
  g_atomic_int_inc (&self->generation);
  self->pending_jobs = 0;
}

static const char *
spoken_text (LoketSpeech *self,
             Segment     *segment)
{
  if ((segment->flags & LOKET_SPEECH_PRIVATE) && !self->private_allowed)
    return _("Private information skipped.");
  return segment->text;
}

#if HAVE_ESPEAK_NG

static void
write_wav_header (LoketSpeech *self)
{
  guint32 rate = engine.sample_rate;
  guint32 byte_rate = rate * 2;
  guint32 riff = 36 + self->wav_bytes;
  guint16 format = 1, channels = 1, align = 2, bits = 16;
  guint32 fmt_size = 16;

  rewind (self->wav);
  fwrite ("RIFF", 1, 4, self->wav);
  riff = GUINT32_TO_LE (riff);
  fwrite (&riff, 4, 1, self->wav);
  fwrite ("WAVEfmt ", 1, 8, self->wav);
  fmt_size = GUINT32_TO_LE (fmt_size);
  fwrite (&fmt_size, 4, 1, self->wav);
  format = GUINT16_TO_LE (format);
  fwrite (&format, 2, 1, self->wav);
  channels = GUINT16_TO_LE (channels);
  fwrite (&channels, 2, 1, self->wav);
  rate = GUINT32_TO_LE (rate);
  fwrite (&rate, 4, 1, self->wav);
  byte_rate = GUINT32_TO_LE (byte_rate);
  fwrite (&byte_rate, 4, 1, self->wav);
  align = GUINT16_TO_LE (align);
  fwrite (&align, 2, 1, self->wav);
  bits = GUINT16_TO_LE (bits);
  fwrite (&bits, 2, 1, self->wav);
  fwrite ("data", 1, 4, self->wav);
  riff = GUINT32_TO_LE (self->wav_bytes);
  fwrite (&riff, 4, 1, self->wav);
  fseek (self->wav, 0, SEEK_END);
  fflush (self->wav);
}

static int
on_synth_cb (short        *samples,
             int           n_samples,
             espeak_EVENT *events)
{
  Job *job = events->user_data;
  LoketSpeech *self = job->speech;

  for (espeak_EVENT *event = events; event->type != espeakEVENT_LIST_TERMINATED; event++)
    {
      if (event->type == espeakEVENT_WORD && event->text_position > 0)
        job->position = event->text_position - 1;
    }

  if ((guint) g_atomic_int_get (&self->generation) != job->generation)
    return 1;

  if (samples != NULL && n_samples > 0)
    {
      if (self->wav != NULL)
        {
          fwrite (samples, 2, n_samples, self->wav);
          self->wav_bytes += n_samples * 2;
          if (self->real_time)
            g_usleep ((gulong) n_samples * G_USEC_PER_SEC / engine.sample_rate);
        }
#if HAVE_PCAUDIO
      else if (engine.audio != NULL)
        {
          /* Blocks while the device buffer is full: playback paces the worker. */
          int error = audio_object_write (engine.audio, samples, n_samples * 2);

          if (error != 0)
            {
              g_warning ("Cannot play speech: %s", audio_object_strerror (engine.audio, error));
              job->failed = TRUE;
              return 1;
            }
        }
#endif
    }

  g_mutex_lock (&self->progress_lock);
  self->progress_generation = job->generation;
  self->progress_index = job->current;
  self->progress_position = job->position;
  g_mutex_unlock (&self->progress_lock);

  return (guint) g_atomic_int_get (&self->generation) != job->generation;
}

static gboolean
ensure_engine (gboolean playback)
{
  espeak_ng_STATUS status;

  if (!engine.ready && !engine.failed)
    {
      /* espeak-ng sets LC_CTYPE to C.UTF-8 here, which the kiosk runs in anyway. */
      espeak_ng_InitializePath (NULL);
      status = espeak_ng_Initialize (NULL);
      if (status == ENS_OK)
        status = espeak_ng_InitializeOutput (ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
      if (status != ENS_OK)
        {
          char message[256];

          espeak_ng_GetStatusCodeMessage (status, message, sizeof message);
          g_warning ("Cannot start the speech engine: %s", message);
          engine.failed = TRUE;
          return FALSE;
        }
      espeak_SetSynthCallback (on_synth_cb);
      engine.sample_rate = espeak_ng_GetSampleRate ();
      engine.ready = TRUE;
    }
  if (!engine.ready)
    return FALSE;

#if HAVE_PCAUDIO
  if (playback && engine.audio == NULL)
    {
      struct audio_object *audio = create_audio_device_object (NULL, "Loket", "Read aloud");
      int error = audio ? audio_object_open (audio, AUDIO_OBJECT_FORMAT_S16LE,
                                             engine.sample_rate, 1) : -1;

      if (error != 0)
        {
          /* Said once; later attempts may find a device that was plugged in since. */
          if (!engine.audio_warned)
            g_warning ("Cannot open the sound device for speech: %s",
                       audio ? audio_object_strerror (audio, error) : "no device");
          engine.audio_warned = TRUE;
          g_clear_pointer (&audio, audio_object_destroy);
          return FALSE;
        }
      engine.audio = audio;
    }
#else
  if (playback)
    {
      g_warning ("Built without pcaudiolib: speech can only be written to a file");
      return FALSE;
    }
#endif
  return TRUE;
}

static void
run_job (LoketSpeech *self,
         Job         *job)
{
  if (!ensure_engine (self->wav_path == NULL) || espeak_ng_SetVoiceByName (job->voice) != ENS_OK)
    {
      job->failed = TRUE;
      return;
    }

  if (self->wav_path != NULL && (job->truncate || self->wav == NULL))
    {
      g_clear_pointer (&self->wav, fclose);
      self->wav = fopen (self->wav_path, "w+b");
      if (self->wav == NULL)
        {
          g_warning ("Cannot write speech to %s: %s", self->wav_path, g_strerror (errno));
          job->failed = TRUE;
          return;
        }
      self->wav_bytes = 0;
      write_wav_header (self);
    }

  for (guint i = 0; i < job->texts->len && !job->stopped && !job->failed; i++)
    {
      const char *text = g_ptr_array_index (job->texts, i);
      espeak_ng_STATUS status;

      job->current = job->first + i;
      job->position = i == 0 ? job->offset : 0;
      status = espeak_ng_Synthesize (text, strlen (text) + 1, job->position, POS_CHARACTER, 0,
                                     espeakCHARS_UTF8, NULL, job);
      if (status == ENS_SPEECH_STOPPED
          || (guint) g_atomic_int_get (&self->generation) != job->generation)
        job->stopped = TRUE;
      else if (status != ENS_OK)
        job->failed = TRUE;
    }

  if (self->wav != NULL)
    write_wav_header (self);
#if HAVE_PCAUDIO
  if (self->wav_path == NULL && engine.audio != NULL)
    {
      if (job->stopped || job->failed)
        audio_object_flush (engine.audio);
      else
        audio_object_drain (engine.audio);
    }
#endif
}

#endif /* HAVE_ESPEAK_NG */

static gboolean
on_job_done_cb (gpointer user_data)
{
  Job *job = user_data;
  LoketSpeech *self = job->speech;

  g_debug ("Job %u (now %d, %u pending) from segment %u: %s", job->generation,
           g_atomic_int_get (&self->generation), self->pending_jobs, job->first,
           job->failed ? "failed" : job->stopped ? "stopped" : "done");
  if (job->generation != (guint) g_atomic_int_get (&self->generation))
    goto out;

  if (job->failed)
    {
      cancel_speaking (self);
      set_state (self, LOKET_SPEECH_STATE_IDLE);
      g_signal_emit (self, signals[FAILED], 0);
    }
  else if (!job->stopped && self->pending_jobs > 0 && --self->pending_jobs == 0)
    {
      set_state (self, LOKET_SPEECH_STATE_IDLE);
      g_signal_emit (self, signals[FINISHED], 0);
    }

out:
  job_free (job);
  return G_SOURCE_REMOVE;
}

static gpointer
worker_thread (gpointer data)
{
  Job *job;

  while ((job = g_async_queue_pop (engine.jobs)) != NULL)
    {
      LoketSpeech *self = job->speech;
      GSource *source;

      if (job->generation == (guint) g_atomic_int_get (&self->generation))
        {
#if HAVE_ESPEAK_NG
          run_job (self, job);
#else
          job->failed = TRUE;
#endif
        }
      else
        job->stopped = TRUE;

      /* Not g_main_context_invoke(): it runs the callback right here when the main thread is
       * not iterating its context at this moment. */
      source = g_idle_source_new ();
      g_source_set_callback (source, on_job_done_cb, job, NULL);
      g_source_attach (source, self->main_context);
      g_source_unref (source);
    }
  return NULL;
}

static void
push_job (Job *job)
{
  static gsize started = 0;

  if (g_once_init_enter (&started))
    {
      engine.jobs = g_async_queue_new ();
      g_thread_unref (g_thread_new ("loket-speech", worker_thread, NULL));
      g_once_init_leave (&started, 1);
    }
  g_async_queue_push (engine.jobs, job);
}

/* Queues the utterance from segment @first on, @offset characters into it. */
static void
start_job (LoketSpeech *self,
           guint        first,
           guint        offset,
           gboolean     truncate)
{
  Job *job = g_new0 (Job, 1);

  job->speech = g_object_ref (self);
  job->generation = g_atomic_int_get (&self->generation);
  job->voice = g_strdup (voices[self->language]);
  job->texts = g_ptr_array_new_with_free_func (g_free);
  job->first = first;
  job->offset = offset;
  job->truncate = truncate;
  for (guint i = first; i < self->utterance->len; i++)
    g_ptr_array_add (job->texts, g_strdup (spoken_text (self, g_ptr_array_index (self->utterance, i))));

  self->pending_jobs++;
  push_job (job);
  set_state (self, LOKET_SPEECH_STATE_SPEAKING);
}

static void
loket_speech_finalize (GObject *object)
{
  LoketSpeech *self = LOKET_SPEECH (object);

  g_clear_pointer (&self->wav, fclose);
  g_clear_pointer (&self->utterance, g_ptr_array_unref);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->wav_path, g_free);
  g_mutex_clear (&self->progress_lock);

  G_OBJECT_CLASS (loket_speech_parent_class)->finalize (object);
}

static void
loket_speech_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LoketSpeech *self = LOKET_SPEECH (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_PRIVATE_ALLOWED:
      g_value_set_boolean (value, self->private_allowed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_speech_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LoketSpeech *self = LOKET_SPEECH (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      loket_speech_set_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_PRIVATE_ALLOWED:
      loket_speech_set_private_allowed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_speech_class_init (LoketSpeechClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = loket_speech_finalize;
  object_class->get_property = loket_speech_get_property;
  object_class->set_property = loket_speech_set_property;

  /* A #LoketSpeechState. */
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, 0, LOKET_SPEECH_STATE_PAUSED, LOKET_SPEECH_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Read-aloud mode: the window reads every page it shows while this is on. */
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRIVATE_ALLOWED] =
    g_param_spec_boolean ("private-allowed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LoketSpeech::finished:
   *
   * The utterance was spoken to its end.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * LoketSpeech::failed:
   *
   * Nothing can be spoken: no sound device, or no voice for the language.
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
loket_speech_init (LoketSpeech *self)
{
  self->main_context = g_main_context_ref_thread_default ();
  self->utterance = g_ptr_array_new_with_free_func (segment_free);
  g_mutex_init (&self->progress_lock);
}

/**
 * loket_speech_is_supported:
 *
 * Returns: whether Loket was built with the espeak-ng speech engine
 */
gboolean
loket_speech_is_supported (void)
{
  return HAVE_ESPEAK_NG;
}

/**
 * loket_speech_has_voice:
 *
 * Returns: whether text in @language can be spoken
 */
gboolean
loket_speech_has_voice (LoketLanguage language)
{
  g_return_val_if_fail (language < LOKET_N_LANGUAGES, FALSE);

  return loket_speech_is_supported () && voices[language] != NULL;
}

/**
 * loket_speech_new:
 *
 * Returns: (transfer full): speech through the sound card
 */
LoketSpeech *
loket_speech_new (void)
{
  return g_object_new (LOKET_TYPE_SPEECH, NULL);
}

/**
 * loket_speech_new_for_file:
 * @wav_path: the WAV file each utterance is written to (16-bit mono)
 * @real_time: take as long as playing would, as on a kiosk
 *
 * Returns: (transfer full): speech written to a file
 */
LoketSpeech *
loket_speech_new_for_file (const char *wav_path,
                           gboolean    real_time)
{
  LoketSpeech *self;

  g_return_val_if_fail (wav_path != NULL, NULL);

  self = g_object_new (LOKET_TYPE_SPEECH, NULL);
  self->wav_path = g_strdup (wav_path);
  self->real_time = real_time;
  return self;
}

LoketSpeechState
loket_speech_get_state (LoketSpeech *self)
{
  g_return_val_if_fail (LOKET_IS_SPEECH (self), LOKET_SPEECH_STATE_IDLE);

  return self->state;
}

/**
 * loket_speech_speak:
 * @text: what to say, in @language
 *
 * Interrupts what is being said and says @text.
 *
 * Returns: %FALSE if @language has no voice: nothing is said
 */
gboolean
loket_speech_speak (LoketSpeech      *self,
                    LoketLanguage     language,
                    const char       *text,
                    LoketSpeechFlags  flags)
{
  g_return_val_if_fail (LOKET_IS_SPEECH (self), FALSE);
  g_return_val_if_fail (language < LOKET_N_LANGUAGES, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  cancel_speaking (self);
  g_ptr_array_set_size (self->utterance, 0);
  self->language = language;
  if (!loket_speech_has_voice (language))
    {
      set_state (self, LOKET_SPEECH_STATE_IDLE);
      return FALSE;
    }

  loket_speech_append (self, text, flags);
  return TRUE;
}

/**
 * loket_speech_append:
 * @text: more to say, in the language of the last loket_speech_speak()
 *
 * Says @text after what is being said.
 */
void
loket_speech_append (LoketSpeech      *self,
                     const char       *text,
                     LoketSpeechFlags  flags)
{
  Segment *segment;

  g_return_if_fail (LOKET_IS_SPEECH (self));
  g_return_if_fail (text != NULL);

  if (!loket_speech_has_voice (self->language))
    return;

  segment = g_new0 (Segment, 1);
  segment->text = g_strdup (text);
  segment->flags = flags;
  g_ptr_array_add (self->utterance, segment);

  if (self->state != LOKET_SPEECH_STATE_PAUSED)
    start_job (self, self->utterance->len - 1, 0, self->state == LOKET_SPEECH_STATE_IDLE);
}

/**
 * loket_speech_dup_text:
 *
 * Returns: (transfer full): the utterance as it is spoken, private parts skipped unless allowed
 */
char *
loket_speech_dup_text (LoketSpeech *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (LOKET_IS_SPEECH (self), NULL);

  for (guint i = 0; i < self->utterance->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, spoken_text (self, g_ptr_array_index (self->utterance, i)));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
loket_speech_pause (LoketSpeech *self)
{
  g_return_if_fail (LOKET_IS_SPEECH (self));

  if (self->state != LOKET_SPEECH_STATE_SPEAKING)
    return;

  g_mutex_lock (&self->progress_lock);
  if (self->progress_generation == (guint) g_atomic_int_get (&self->generation))
    {
      self->paused_index = self->progress_index;
      self->paused_offset = self->progress_position;
    }
  else
    self->paused_index = self->paused_offset = 0;
  g_mutex_unlock (&self->progress_lock);

  cancel_speaking (self);
  set_state (self, LOKET_SPEECH_STATE_PAUSED);
}

/**
 * loket_speech_resume:
 *
 * Goes on from the word where loket_speech_pause() stopped.
 */
void
loket_speech_resume (LoketSpeech *self)
{
  g_return_if_fail (LOKET_IS_SPEECH (self));

  if (self->state != LOKET_SPEECH_STATE_PAUSED)
    return;

  if (self->paused_index >= self->utterance->len)
    {
      set_state (self, LOKET_SPEECH_STATE_IDLE);
      return;
    }
  start_job (self, self->paused_index, self->paused_offset, FALSE);
}

/**
 * loket_speech_stop:
 *
 * Stops speaking at once. What was said can still be repeated.
 */
void
loket_speech_stop (LoketSpeech *self)
{
  g_return_if_fail (LOKET_IS_SPEECH (self));

  cancel_speaking (self);
  set_state (self, LOKET_SPEECH_STATE_IDLE);
}

/**
 * loket_speech_repeat:
 *
 * Says the last utterance again from its start.
 *
 * Returns: %FALSE if there is nothing to repeat
 */
gboolean
loket_speech_repeat (LoketSpeech *self)
{
  g_return_val_if_fail (LOKET_IS_SPEECH (self), FALSE);

  if (self->utterance->len == 0 || !loket_speech_has_voice (self->language))
    return FALSE;

  cancel_speaking (self);
  start_job (self, 0, 0, TRUE);
  return TRUE;
}

gboolean
loket_speech_get_private_allowed (LoketSpeech *self)
{
  g_return_val_if_fail (LOKET_IS_SPEECH (self), FALSE);

  return self->private_allowed;
}

/**
 * loket_speech_set_private_allowed:
 * @allowed: a headset is connected, or the citizen confirmed that private data may be spoken
 */
void
loket_speech_set_private_allowed (LoketSpeech *self,
                                  gboolean     allowed)
{
  g_return_if_fail (LOKET_IS_SPEECH (self));

  allowed = !!allowed;
  if (self->private_allowed == allowed)
    return;
  self->private_allowed = allowed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIVATE_ALLOWED]);
}

gboolean
loket_speech_get_enabled (LoketSpeech *self)
{
  g_return_val_if_fail (LOKET_IS_SPEECH (self), FALSE);

  return self->enabled;
}

void
loket_speech_set_enabled (LoketSpeech *self,
                          gboolean     enabled)
{
  g_return_if_fail (LOKET_IS_SPEECH (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  if (!enabled)
    loket_speech_stop (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

/**
 * loket_speech_reset:
 *
 * The visit ended: stop, forget what was said, read-aloud off, private data not spoken.
 */
void
loket_speech_reset (LoketSpeech *self)
{
  g_return_if_fail (LOKET_IS_SPEECH (self));

  loket_speech_stop (self);
  g_ptr_array_set_size (self->utterance, 0);
  loket_speech_set_enabled (self, FALSE);
  loket_speech_set_private_allowed (self, FALSE);
}
