/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-idle-warning"

#include "config.h"

#include <glib/gi18n.h>

#include "loket-idle-warning.h"
#include "loket-tone.h"

/**
 * LoketIdleWarning:
 *
 * "Are you still there?": covers the whole window while the idle countdown runs, with the
 * seconds left in large figures, a chime, and — when read-aloud is on — speech (EAA: more than
 * one sense). One tap anywhere on it gives the full time again (WCAG 2.2.1). It also says that a
 * sign-in is about to reach its limit.
 */
struct _LoketIdleWarning
{
  AdwBin        parent_instance;

  LoketContext *context; /* (owned) (nullable) */
  LoketIdle    *idle;    /* (owned) (nullable) */

  GtkLabel     *title_label;
  GtkLabel     *countdown_label;
  GtkLabel     *message_label;
  GtkButton    *more_button;
};

G_DEFINE_FINAL_TYPE (LoketIdleWarning, loket_idle_warning, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_countdown (LoketIdleWarning *self)
{
  guint seconds = loket_idle_get_seconds_left (self->idle);
  g_autofree char *text = NULL;

  /* Translators: the time left before the kiosk wipes everything; shown in large figures */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", seconds), seconds);
  gtk_label_set_label (self->countdown_label, text);
}

static void
speak (LoketIdleWarning *self)
{
  LoketSpeech *speech = loket_context_get_speech (self->context);
  LoketLanguage language = loket_context_get_language (self->context);
  g_autofree char *text = NULL;

  if (speech == NULL || !loket_speech_get_enabled (speech) || !loket_speech_has_voice (language))
    return;
  text = g_strconcat (gtk_label_get_text (self->title_label), "\n",
                      gtk_label_get_text (self->countdown_label), "\n",
                      gtk_label_get_text (self->message_label), NULL);
  loket_speech_speak (speech, language, text, LOKET_SPEECH_NONE);
}

static void
on_state_cb (LoketIdleWarning *self)
{
  LoketIdleState state = loket_idle_get_state (self->idle);

  if (state == LOKET_IDLE_STATE_ACTIVE)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  if (state == LOKET_IDLE_STATE_WARNING)
    {
      gtk_label_set_label (self->title_label, _("Are you still there?"));
      gtk_label_set_label (self->message_label,
                           _("Touch the screen if you need more time. If you do not, everything you did "
                             "here will be removed, so that the next person cannot see it."));
      gtk_button_set_label (self->more_button, _("I need more time"));
    }
  else
    {
      guint minutes = g_settings_get_uint (loket_context_get_settings (self->context), "sign-in-limit") / 60;
      g_autofree char *message = NULL;

      /* Translators: %u is the most minutes a sign-in lasts (DigiD: 15) */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "For your safety a sign-in lasts at most %u minute. Then you "
                                              "are signed out. You can sign in again.",
                                              "For your safety a sign-in lasts at most %u minutes. Then you "
                                              "are signed out. You can sign in again.", minutes), minutes);
      gtk_label_set_label (self->title_label, _("Your sign-in ends soon"));
      gtk_label_set_label (self->message_label, message);
      gtk_button_set_label (self->more_button, _("OK"));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->more_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_button_get_label (self->more_button), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_label (self->title_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_label_get_label (self->message_label), -1);
  update_countdown (self);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->more_button));

  /* Sound and speech: not only for people who look at the screen. */
  if (!loket_tone_play ())
    gtk_widget_error_bell (GTK_WIDGET (self));
  speak (self);
}

static void
on_more_clicked_cb (LoketIdleWarning *self)
{
  if (self->idle != NULL)
    loket_idle_activity (self->idle);
}

static void
on_pressed_cb (GtkGestureClick  *gesture,
               int               n_press,
               double            x,
               double            y,
               LoketIdleWarning *self)
{
  on_more_clicked_cb (self);
}

static void
loket_idle_warning_dispose (GObject *object)
{
  LoketIdleWarning *self = LOKET_IDLE_WARNING (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_IDLE_WARNING);
  g_clear_object (&self->idle);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (loket_idle_warning_parent_class)->dispose (object);
}

static void
loket_idle_warning_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LoketIdleWarning *self = LOKET_IDLE_WARNING (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_idle_warning_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LoketIdleWarning *self = LOKET_IDLE_WARNING (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      loket_idle_warning_set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_idle_warning_class_init (LoketIdleWarningClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_idle_warning_dispose;
  object_class->get_property = loket_idle_warning_get_property;
  object_class->set_property = loket_idle_warning_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, LOKET_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/loket-idle-warning.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketIdleWarning, title_label);
  gtk_widget_class_bind_template_child (widget_class, LoketIdleWarning, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, LoketIdleWarning, message_label);
  gtk_widget_class_bind_template_child (widget_class, LoketIdleWarning, more_button);
  gtk_widget_class_bind_template_callback (widget_class, on_more_clicked_cb);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT_DIALOG);
  gtk_widget_class_set_css_name (widget_class, "loket-idle-warning");
}

static void
loket_idle_warning_init (LoketIdleWarning *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* A tap anywhere on the warning, not only on its button. */
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

LoketContext *
loket_idle_warning_get_context (LoketIdleWarning *self)
{
  g_return_val_if_fail (LOKET_IS_IDLE_WARNING (self), NULL);
  return self->context;
}

void
loket_idle_warning_set_context (LoketIdleWarning *self,
                                LoketContext     *context)
{
  g_return_if_fail (LOKET_IS_IDLE_WARNING (self));
  g_return_if_fail (context == NULL || LOKET_IS_CONTEXT (context));

  if (self->idle != NULL)
    g_signal_handlers_disconnect_by_data (self->idle, self);
  g_clear_object (&self->idle);
  if (!g_set_object (&self->context, context))
    return;
  if (context != NULL)
    {
      self->idle = g_object_ref (loket_context_get_idle (context));
      g_signal_connect_object (self->idle, "notify::state", G_CALLBACK (on_state_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->idle, "notify::seconds-left", G_CALLBACK (update_countdown), self,
                               G_CONNECT_SWAPPED);
      if (loket_idle_get_state (self->idle) != LOKET_IDLE_STATE_ACTIVE)
        on_state_cb (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}
