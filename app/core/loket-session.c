/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-session"

#include "config.h"

#include <string.h>

#include "loket-session.h"

/**
 * LoketSession:
 *
 * Everything of one citizen's visit, in memory only: which steps they ticked off, and (once
 * sign-in exists) what the registers returned. Nothing here is ever written to disk or to a log.
 * loket_session_wipe() zeroes what Loket owns and starts an empty visit.
 */
struct _LoketSession
{
  GObject       parent_instance;

  GHashTable   *done_steps;  /* (owned) "event/step" → NULL */
  GCancellable *cancellable; /* (owned) cancelled on wipe: every request of this visit */
};

G_DEFINE_FINAL_TYPE (LoketSession, loket_session, G_TYPE_OBJECT)

enum
{
  STEP_CHANGED,
  WIPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
step_key (const char *life_event_id,
          const char *step_id)
{
  return g_strconcat (life_event_id, "/", step_id, NULL);
}

static void
free_zeroed (gpointer data)
{
  char *str = data;

  if (str != NULL)
    memset (str, 0, strlen (str));
  g_free (str);
}

static void
loket_session_dispose (GObject *object)
{
  LoketSession *self = LOKET_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->done_steps, g_hash_table_unref);

  G_OBJECT_CLASS (loket_session_parent_class)->dispose (object);
}

static void
loket_session_class_init (LoketSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_session_dispose;

  /**
   * LoketSession::step-changed:
   *
   * A step was ticked off or unticked.
   */
  signals[STEP_CHANGED] = g_signal_new ("step-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING,
                                        G_TYPE_BOOLEAN);
  /**
   * LoketSession::wiped:
   *
   * Everything of the visit was dropped; pages showing any of it reset themselves.
   */
  signals[WIPED] = g_signal_new ("wiped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
loket_session_init (LoketSession *self)
{
  self->done_steps = g_hash_table_new_full (g_str_hash, g_str_equal, free_zeroed, NULL);
  self->cancellable = g_cancellable_new ();
}

LoketSession *
loket_session_new (void)
{
  return g_object_new (LOKET_TYPE_SESSION, NULL);
}

gboolean
loket_session_get_step_done (LoketSession *self,
                             const char   *life_event_id,
                             const char   *step_id)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (LOKET_IS_SESSION (self), FALSE);
  g_return_val_if_fail (life_event_id != NULL && step_id != NULL, FALSE);

  key = step_key (life_event_id, step_id);
  return g_hash_table_contains (self->done_steps, key);
}

void
loket_session_set_step_done (LoketSession *self,
                             const char   *life_event_id,
                             const char   *step_id,
                             gboolean      done)
{
  g_autofree char *key = NULL;

  g_return_if_fail (LOKET_IS_SESSION (self));
  g_return_if_fail (life_event_id != NULL && step_id != NULL);

  done = !!done;
  if (loket_session_get_step_done (self, life_event_id, step_id) == done)
    return;

  key = step_key (life_event_id, step_id);
  if (done)
    g_hash_table_add (self->done_steps, g_steal_pointer (&key));
  else
    g_hash_table_remove (self->done_steps, key);

  g_signal_emit (self, signals[STEP_CHANGED], 0, life_event_id, step_id, done);
}

guint
loket_session_count_done (LoketSession *self,
                          const char   *life_event_id)
{
  g_autofree char *prefix = NULL;
  GHashTableIter iter;
  gpointer key;
  guint n = 0;

  g_return_val_if_fail (LOKET_IS_SESSION (self), 0);
  g_return_val_if_fail (life_event_id != NULL, 0);

  prefix = g_strconcat (life_event_id, "/", NULL);
  g_hash_table_iter_init (&iter, self->done_steps);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix))
      n++;
  return n;
}

/**
 * loket_session_get_cancellable:
 *
 * Returns: (transfer none): the cancellable every request of this visit uses; it is cancelled
 *   and replaced when the session is wiped
 */
GCancellable *
loket_session_get_cancellable (LoketSession *self)
{
  g_return_val_if_fail (LOKET_IS_SESSION (self), NULL);

  return self->cancellable;
}

void
loket_session_wipe (LoketSession *self)
{
  g_return_if_fail (LOKET_IS_SESSION (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_hash_table_remove_all (self->done_steps);

  g_message ("Session wiped");
  g_signal_emit (self, signals[WIPED], 0);
}
