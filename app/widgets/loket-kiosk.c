/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-kiosk"

#include "config.h"

#include "loket-kiosk.h"

/*
 * No way out of the kiosk (issue 8). In kiosk mode:
 * - no inspector: not from GTK_DEBUG (cleared before GTK starts, see the application), not from
 *   Ctrl+Shift+I/D (LoketWindow refuses ::enable-debugging, and the keys are swallowed here);
 * - no shortcut that quits, closes, minimises or leaves full screen: the keys are swallowed
 *   before any widget sees them, a close request is refused, and the window goes back to full
 *   screen if anything takes it out;
 * - no link opens a browser: the default handlers of GtkLabel and GtkLinkButton
 *   ::activate-link are replaced by one that does nothing;
 * - no file dialog (Loket has none), and a dropped file or URI is swallowed.
 */

static gboolean
swallow_link (GtkWidget  *widget,
              const char *uri,
              gpointer    user_data)
{
  g_message ("A link was not opened: the kiosk has no browser");
  return TRUE;
}

static gboolean
swallow_link_button (GtkLinkButton *button)
{
  g_message ("A link was not opened: the kiosk has no browser");
  return TRUE;
}

/**
 * loket_kiosk_lock_down:
 *
 * Process-wide: links open nothing, and the inspector cannot be opened interactively.
 */
void
loket_kiosk_lock_down (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      /* The signals exist once the classes are initialised. */
      g_type_class_unref (g_type_class_ref (GTK_TYPE_LABEL));
      g_type_class_unref (g_type_class_ref (GTK_TYPE_LINK_BUTTON));
      g_signal_override_class_handler ("activate-link", GTK_TYPE_LABEL, G_CALLBACK (swallow_link));
      g_signal_override_class_handler ("activate-link", GTK_TYPE_LINK_BUTTON,
                                       G_CALLBACK (swallow_link_button));
      g_once_init_leave (&done, 1);
    }
  gtk_window_set_interactive_debugging (FALSE);
}

/**
 * loket_kiosk_is_blocked_key:
 *
 * Returns: whether a key combination could leave or disturb the kiosk: quit, close, minimise,
 *   full screen, the inspector, open/save/print dialogs, help, menus
 */
gboolean
loket_kiosk_is_blocked_key (guint           keyval,
                            GdkModifierType state)
{
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK | GDK_SUPER_MASK |
                                  GDK_META_MASK | GDK_HYPER_MASK);
  guint key = gdk_keyval_to_lower (keyval);

  if (mods & (GDK_SUPER_MASK | GDK_META_MASK | GDK_HYPER_MASK))
    return TRUE;
  switch (key)
    {
    case GDK_KEY_F1: case GDK_KEY_F2: case GDK_KEY_F3: case GDK_KEY_F4: case GDK_KEY_F5:
    case GDK_KEY_F6: case GDK_KEY_F7: case GDK_KEY_F8: case GDK_KEY_F9: case GDK_KEY_F10:
    case GDK_KEY_F11: case GDK_KEY_F12:
    case GDK_KEY_Super_L: case GDK_KEY_Super_R: case GDK_KEY_Menu: case GDK_KEY_Print:
      return TRUE;
    default:
      break;
    }
  if (mods & GDK_CONTROL_MASK)
    {
      switch (key)
        {
        /* Copy, cut, paste, select all and undo stay: they only touch the citizen's own text. */
        case GDK_KEY_a: case GDK_KEY_c: case GDK_KEY_x: case GDK_KEY_v: case GDK_KEY_z:
        case GDK_KEY_BackSpace: case GDK_KEY_Delete: case GDK_KEY_Left: case GDK_KEY_Right:
        case GDK_KEY_Home: case GDK_KEY_End:
          return (mods & GDK_ALT_MASK) != 0; /* Ctrl+Alt+…: the compositor's, never ours */
        default:
          return TRUE;
        }
    }
  if ((mods & GDK_ALT_MASK) && key != GDK_KEY_Left)
    return TRUE;
  return FALSE;
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   gpointer               user_data)
{
  if (!loket_kiosk_is_blocked_key (keyval, state))
    return GDK_EVENT_PROPAGATE;
  g_debug ("Key swallowed in kiosk mode");
  return GDK_EVENT_STOP;
}

static gboolean
on_close_request_cb (GtkWindow *window)
{
  g_message ("Close request refused in kiosk mode");
  return TRUE;
}

static gboolean
refullscreen_cb (gpointer user_data)
{
  gtk_window_fullscreen (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_fullscreened_cb (GtkWindow *window)
{
  if (!gtk_window_is_fullscreen (window))
    g_idle_add_full (G_PRIORITY_DEFAULT, refullscreen_cb, g_object_ref (window), g_object_unref);
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            gpointer       user_data)
{
  g_debug ("A drop of files was ignored in kiosk mode");
  return TRUE;
}

/**
 * loket_kiosk_lock_window:
 *
 * Locks @window down: see the top of this file.
 */
void
loket_kiosk_lock_window (GtkWindow *window)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY | GDK_ACTION_MOVE);

  g_return_if_fail (GTK_IS_WINDOW (window));

  loket_kiosk_lock_down ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);

  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drop), GTK_PHASE_CAPTURE);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (window), GTK_EVENT_CONTROLLER (drop));

  gtk_window_set_deletable (window, FALSE);
  gtk_window_set_decorated (window, FALSE);
  g_signal_connect (window, "close-request", G_CALLBACK (on_close_request_cb), NULL);
  g_signal_connect (window, "notify::fullscreened", G_CALLBACK (on_fullscreened_cb), NULL);
  gtk_window_fullscreen (window);
}
