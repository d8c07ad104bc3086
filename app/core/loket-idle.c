/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-idle"

#include "config.h"

#include "loket-idle.h"

/**
 * LoketIdle:
 *
 * Watches for a kiosk left alone. The window reports every tap and key press with
 * loket_idle_activity(); the first one after a wipe arms the monitor. After #LoketIdle:timeout
 * seconds without input the state becomes %LOKET_IDLE_STATE_WARNING and a countdown of
 * #LoketIdle:warning seconds runs; input during the countdown gives the full time again
 * (::extended). When it reaches zero, ::expired asks for the wipe, and the monitor rests until
 * the next citizen touches the screen.
 *
 * A sign-in has its own limit, the back-end's session time (DigiD: 15 minutes): a minute before
 * it the state becomes %LOKET_IDLE_STATE_LIMIT_WARNING, and at the limit ::sign-in-limit asks for a
 * sign-out. It cannot be extended.
 *
 * All times come from a monotonic clock (a wall-clock jump changes nothing); tests set a fake
 * one with loket_idle_set_clock() and call loket_idle_tick().
 */
struct _LoketIdle
{
  GObject         parent_instance;

  LoketIdleClock  clock;
  gpointer        clock_data;
  guint           timeout;       /* seconds */
  guint           warning;       /* seconds */
  gboolean        armed;
  gint64          last_activity; /* µs, monotonic */
  gint64          sign_in_end;   /* µs, or 0 when nobody is signed in */
  gboolean        limit_seen;    /* the citizen dismissed the sign-in warning */
  LoketIdleState  state;
  guint           seconds_left;
  guint           tick_id;
};

G_DEFINE_FINAL_TYPE (LoketIdle, loket_idle, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_SECONDS_LEFT,
  N_PROPS
};

enum
{
  EXPIRED,
  EXTENDED,
  SIGN_IN_LIMIT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gint64
real_clock (gpointer user_data)
{
  return g_get_monotonic_time ();
}

static gint64
now (LoketIdle *self)
{
  return self->clock (self->clock_data);
}

static guint
seconds_until (gint64 end,
               gint64 time)
{
  if (end <= time)
    return 0;
  return (guint) ((end - time + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

static void
set_state (LoketIdle      *self,
           LoketIdleState  state,
           guint           seconds_left)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (self->seconds_left != seconds_left)
    {
      self->seconds_left = seconds_left;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS_LEFT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
on_tick_cb (gpointer user_data)
{
  loket_idle_tick (user_data);
  return G_SOURCE_CONTINUE;
}

static void
update_timer (LoketIdle *self)
{
  gboolean needed = self->armed || self->sign_in_end != 0;

  if (needed && self->tick_id == 0)
    self->tick_id = g_timeout_add (250, on_tick_cb, self);
  else if (!needed)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
loket_idle_dispose (GObject *object)
{
  LoketIdle *self = LOKET_IDLE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  G_OBJECT_CLASS (loket_idle_parent_class)->dispose (object);
}

static void
loket_idle_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LoketIdle *self = LOKET_IDLE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;
    case PROP_SECONDS_LEFT:
      g_value_set_uint (value, self->seconds_left);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_idle_class_init (LoketIdleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = loket_idle_dispose;
  object_class->get_property = loket_idle_get_property;

  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, LOKET_IDLE_STATE_ACTIVE, LOKET_IDLE_STATE_LIMIT_WARNING,
                       LOKET_IDLE_STATE_ACTIVE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECONDS_LEFT] =
    g_param_spec_uint ("seconds-left", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LoketIdle::expired:
   *
   * Nobody answered the warning: wipe the visit.
   */
  signals[EXPIRED] = g_signal_new ("expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * LoketIdle::extended:
   *
   * Someone touched the kiosk during the countdown: the full time starts again.
   */
  signals[EXTENDED] = g_signal_new ("extended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * LoketIdle::sign-in-limit:
   *
   * The sign-in reached the back-end's session limit: sign out.
   */
  signals[SIGN_IN_LIMIT] = g_signal_new ("sign-in-limit", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
loket_idle_init (LoketIdle *self)
{
  self->clock = real_clock;
  self->timeout = LOKET_IDLE_DEFAULT_TIMEOUT;
  self->warning = LOKET_IDLE_MIN_WARNING;
}

/**
 * loket_idle_new:
 * @timeout: seconds without input before the warning
 * @warning: seconds the countdown lasts; at least %LOKET_IDLE_MIN_WARNING
 */
LoketIdle *
loket_idle_new (guint timeout,
                guint warning)
{
  LoketIdle *self = g_object_new (LOKET_TYPE_IDLE, NULL);

  self->timeout = MAX (timeout, 1);
  self->warning = MAX (warning, LOKET_IDLE_MIN_WARNING);
  return self;
}

/**
 * loket_idle_set_clock:
 * @clock: (nullable): the monotonic clock in µs; %NULL for the real one
 */
void
loket_idle_set_clock (LoketIdle      *self,
                      LoketIdleClock  clock,
                      gpointer        user_data)
{
  g_return_if_fail (LOKET_IS_IDLE (self));

  self->clock = clock ? clock : real_clock;
  self->clock_data = clock ? user_data : NULL;
  self->last_activity = now (self);
}

void
loket_idle_set_timeout (LoketIdle *self,
                        guint      timeout)
{
  g_return_if_fail (LOKET_IS_IDLE (self));

  self->timeout = MAX (timeout, 1);
}

guint
loket_idle_get_timeout (LoketIdle *self)
{
  g_return_val_if_fail (LOKET_IS_IDLE (self), 0);
  return self->timeout;
}

guint
loket_idle_get_warning (LoketIdle *self)
{
  g_return_val_if_fail (LOKET_IS_IDLE (self), 0);
  return self->warning;
}

/**
 * loket_idle_arm:
 *
 * A visit has begun: the time without input counts from now.
 */
void
loket_idle_arm (LoketIdle *self)
{
  g_return_if_fail (LOKET_IS_IDLE (self));

  self->armed = TRUE;
  self->last_activity = now (self);
  update_timer (self);
}

/**
 * loket_idle_disarm:
 *
 * The visit was wiped: nothing to watch until the next citizen touches the kiosk. Also ends
 * the sign-in limit.
 */
void
loket_idle_disarm (LoketIdle *self)
{
  g_return_if_fail (LOKET_IS_IDLE (self));

  self->armed = FALSE;
  self->sign_in_end = 0;
  self->limit_seen = FALSE;
  set_state (self, LOKET_IDLE_STATE_ACTIVE, 0);
  update_timer (self);
}

gboolean
loket_idle_get_armed (LoketIdle *self)
{
  g_return_val_if_fail (LOKET_IS_IDLE (self), FALSE);
  return self->armed;
}

/**
 * loket_idle_activity:
 *
 * Someone tapped, typed or scrolled. Arms the monitor, and during the countdown gives the full
 * time again; during the sign-in warning it means "seen".
 */
void
loket_idle_activity (LoketIdle *self)
{
  g_return_if_fail (LOKET_IS_IDLE (self));

  if (!self->armed)
    loket_idle_arm (self);
  self->last_activity = now (self);

  if (self->state == LOKET_IDLE_STATE_WARNING)
    {
      set_state (self, LOKET_IDLE_STATE_ACTIVE, 0);
      g_debug ("More time asked");
      g_signal_emit (self, signals[EXTENDED], 0);
    }
  else if (self->state == LOKET_IDLE_STATE_LIMIT_WARNING)
    {
      self->limit_seen = TRUE;
      set_state (self, LOKET_IDLE_STATE_ACTIVE, 0);
    }
}

/**
 * loket_idle_start_sign_in:
 * @limit: seconds the back-end's session lasts; 0 for %LOKET_IDLE_SIGN_IN_LIMIT
 *
 * A citizen signed in now.
 */
void
loket_idle_start_sign_in (LoketIdle *self,
                          guint      limit)
{
  g_return_if_fail (LOKET_IS_IDLE (self));

  if (limit == 0)
    limit = LOKET_IDLE_SIGN_IN_LIMIT;
  self->sign_in_end = now (self) + (gint64) limit * G_USEC_PER_SEC;
  self->limit_seen = FALSE;
  update_timer (self);
}

void
loket_idle_end_sign_in (LoketIdle *self)
{
  g_return_if_fail (LOKET_IS_IDLE (self));

  self->sign_in_end = 0;
  self->limit_seen = FALSE;
  if (self->state == LOKET_IDLE_STATE_LIMIT_WARNING)
    set_state (self, LOKET_IDLE_STATE_ACTIVE, 0);
  update_timer (self);
}

/**
 * loket_idle_tick:
 *
 * Looks at the clock. Runs by itself four times a second while there is something to watch;
 * tests call it after moving their fake clock.
 */
void
loket_idle_tick (LoketIdle *self)
{
  gint64 time;

  g_return_if_fail (LOKET_IS_IDLE (self));

  g_object_ref (self);
  time = now (self);

  if (self->sign_in_end != 0 && time >= self->sign_in_end)
    {
      self->sign_in_end = 0;
      self->limit_seen = FALSE;
      if (self->state == LOKET_IDLE_STATE_LIMIT_WARNING)
        set_state (self, LOKET_IDLE_STATE_ACTIVE, 0);
      g_message ("Sign-in reached the session limit");
      g_signal_emit (self, signals[SIGN_IN_LIMIT], 0);
    }

  if (self->armed)
    {
      gint64 warn_at = self->last_activity + (gint64) self->timeout * G_USEC_PER_SEC;
      gint64 expire_at = warn_at + (gint64) self->warning * G_USEC_PER_SEC;

      if (time >= expire_at)
        {
          self->armed = FALSE;
          set_state (self, LOKET_IDLE_STATE_ACTIVE, 0);
          g_message ("Idle timeout: the visit ends");
          g_signal_emit (self, signals[EXPIRED], 0);
        }
      else if (time >= warn_at)
        set_state (self, LOKET_IDLE_STATE_WARNING, seconds_until (expire_at, time));
      else if (self->state == LOKET_IDLE_STATE_WARNING)
        set_state (self, LOKET_IDLE_STATE_ACTIVE, 0);
    }

  if (self->state != LOKET_IDLE_STATE_WARNING && self->sign_in_end != 0 && !self->limit_seen
      && self->sign_in_end - time <= (gint64) LOKET_IDLE_LIMIT_WARNING_SECONDS * G_USEC_PER_SEC)
    set_state (self, LOKET_IDLE_STATE_LIMIT_WARNING, seconds_until (self->sign_in_end, time));
  else if (self->state == LOKET_IDLE_STATE_LIMIT_WARNING && self->sign_in_end == 0)
    set_state (self, LOKET_IDLE_STATE_ACTIVE, 0);

  update_timer (self);
  g_object_unref (self);
}

LoketIdleState
loket_idle_get_state (LoketIdle *self)
{
  g_return_val_if_fail (LOKET_IS_IDLE (self), LOKET_IDLE_STATE_ACTIVE);
  return self->state;
}

guint
loket_idle_get_seconds_left (LoketIdle *self)
{
  g_return_val_if_fail (LOKET_IS_IDLE (self), 0);
  return self->seconds_left;
}
