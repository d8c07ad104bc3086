/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-welcome-page"

#include "config.h"

#include <glib/gi18n.h>

#include "loket-ui-utils.h"
#include "loket-welcome-page.h"

/**
 * LoketWelcomePage:
 *
 * The first page a citizen sees: a greeting, the languages by their own names, larger text and
 * high contrast, and "Start".
 */
struct _LoketWelcomePage
{
  LoketPage          parent_instance;

  GtkScrolledWindow *scroller;
  GtkWidget         *language_flow;
  GtkWidget         *start_button;
};

G_DEFINE_FINAL_TYPE (LoketWelcomePage, loket_welcome_page, LOKET_TYPE_PAGE)

static void
loket_welcome_page_setup (LoketPage *page)
{
  LoketWelcomePage *self = LOKET_WELCOME_PAGE (page);

  loket_fill_language_buttons (self->language_flow, loket_page_get_context (page));
}

static const char *
loket_welcome_page_get_title (LoketPage *page)
{
  return _("Welcome");
}

static GtkScrolledWindow *
loket_welcome_page_get_scroller (LoketPage *page)
{
  return LOKET_WELCOME_PAGE (page)->scroller;
}

static void
loket_welcome_page_class_init (LoketWelcomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LoketPageClass *page_class = LOKET_PAGE_CLASS (klass);

  page_class->setup = loket_welcome_page_setup;
  page_class->get_title = loket_welcome_page_get_title;
  page_class->get_scroller = loket_welcome_page_get_scroller;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/loket-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketWelcomePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LoketWelcomePage, language_flow);
  gtk_widget_class_bind_template_child (widget_class, LoketWelcomePage, start_button);
}

/* A long press anywhere starts read-aloud: a way in that needs no sight (EN 301 549 5.2). */
static void
on_long_press_pressed_cb (GtkGestureLongPress *gesture,
                          double               x,
                          double               y,
                          LoketWelcomePage    *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.read-page", NULL);
}

static void
loket_welcome_page_init (LoketWelcomePage *self)
{
  GtkGesture *long_press;

  gtk_widget_init_template (GTK_WIDGET (self));

  long_press = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), FALSE);
  /* Capture phase: the press may start on a button, which then does not click. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (long_press), GTK_PHASE_CAPTURE);
  g_signal_connect_object (long_press, "pressed", G_CALLBACK (on_long_press_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (long_press));
}
