/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-window"

#include "config.h"

#include <glib/gi18n.h>

#include "loket-keyboard.h"
#include "loket-cases-page.h"
#include "loket-form-page.h"
#include "loket-handover-page.h"
#include "loket-idle-warning.h"
#include "loket-kiosk.h"
#include "loket-life-event-page.h"
#include "loket-life-events-page.h"
#include "loket-my-data-page.h"
#include "loket-receipt-page.h"
#include "loket-sign-in-page.h"
#include "loket-step-page.h"
#include "loket-ui-utils.h"
#include "loket-welcome-page.h"
#include "loket-widget-state.h"
#include "loket-window.h"

/* The kinds of page, by the first part of a location. Only the welcome page is built with the
 * window; every other page is built the first time it is shown, so the first frame (and the first
 * frame after a language switch, which builds the window again) waits only for what it shows. */
typedef enum
{
  PAGE_WELCOME,
  PAGE_LIFE_EVENTS,
  PAGE_LIFE_EVENT,
  PAGE_STEP,
  PAGE_SIGN_IN,
  PAGE_MY_DATA,
  PAGE_FORM,
  PAGE_RECEIPT,
  PAGE_CASES,
  PAGE_HANDOVER,
  N_PAGE_KINDS
} PageKind;

static const struct
{
  const char *name;
  gboolean    needs_argument;
  GType     (*get_type) (void);
} page_kinds[N_PAGE_KINDS] = {
  [PAGE_WELCOME]     = { "welcome",     FALSE, loket_welcome_page_get_type },
  [PAGE_LIFE_EVENTS] = { "life-events", FALSE, loket_life_events_page_get_type },
  [PAGE_LIFE_EVENT]  = { "life-event",  TRUE,  loket_life_event_page_get_type },
  [PAGE_STEP]        = { "step",        TRUE,  loket_step_page_get_type },
  [PAGE_SIGN_IN]     = { "sign-in",     FALSE, loket_sign_in_page_get_type },
  [PAGE_MY_DATA]     = { "my-data",     FALSE, loket_my_data_page_get_type },
  [PAGE_FORM]        = { "form",        TRUE,  loket_form_page_get_type },
  [PAGE_RECEIPT]     = { "receipt",     TRUE,  loket_receipt_page_get_type },
  [PAGE_CASES]       = { "cases",       FALSE, loket_cases_page_get_type },
  [PAGE_HANDOVER]    = { "handover",    TRUE,  loket_handover_page_get_type },
};

/**
 * LoketWindow:
 *
 * The kiosk's one window: a top bar that stays on every page (back, language, text size,
 * contrast, stop), and a stack of pages. A page is reached by a *location* — "welcome",
 * "life-events", "life-event:ID" or "step:EVENT/STEP" — through `win.navigate`; `win.back` pops
 * the back stack.
 */
struct _LoketWindow
{
  AdwApplicationWindow  parent_instance;

  LoketContext         *context;  /* (owned) */
  char                 *location; /* (owned) */
  GQueue                history;  /* (owned) of (owned) char*: locations to go back to */
  gboolean              kiosk;

  GtkWidget            *back_button;
  GtkWidget            *read_aloud_button;
  GtkWidget            *speech_controls;
  guint                 read_page_id;  /* reads the page once it is filled */
  GtkWidget            *language_button;
  GtkWidget            *language_box;
  GtkWidget            *text_size_box;
  GtkWidget            *high_contrast_button;
  GtkWidget            *stop_button;
  GtkLabel             *title_label;
  GtkStack             *stack;
  AdwToastOverlay      *toast_overlay;
  LoketKeyboard        *keyboard;
  gboolean              private_asked;  /* once per visit: may personal data be read aloud? */
  GtkWidget            *idle_warning;   /* issue 8 */
  GHashTable           *receipts;       /* (owned): requests sent in this visit, for the desk ticket */
  LoketPage            *pages[N_PAGE_KINDS]; /* built when first shown, see page_kinds */
};

G_DEFINE_FINAL_TYPE (LoketWindow, loket_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_KIOSK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static LoketPage *
ensure_page (LoketWindow *self,
             PageKind     kind)
{
  if (self->pages[kind] == NULL)
    {
      self->pages[kind] = g_object_new (page_kinds[kind].get_type (),
                                        "context", self->context,
                                        NULL);
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->pages[kind]), page_kinds[kind].name);
    }
  return self->pages[kind];
}

static LoketPage *
page_for_location (LoketWindow  *self,
                   const char   *location,
                   const char  **argument)
{
  const char *colon = strchr (location, ':');
  g_autofree char *kind = colon ? g_strndup (location, colon - location) : g_strdup (location);

  *argument = colon ? colon + 1 : NULL;
  for (guint i = 0; i < N_PAGE_KINDS; i++)
    if (g_str_equal (kind, page_kinds[i].name))
      return page_kinds[i].needs_argument && (*argument == NULL || **argument == '\0')
             ? NULL : ensure_page (self, i);
  return NULL;
}

static void
update_title (LoketWindow *self)
{
  LoketPage *page = LOKET_PAGE (gtk_stack_get_visible_child (self->stack));
  const char *title = loket_page_get_title (page);

  gtk_label_set_label (self->title_label, title ? title : "");
}

static void
update_actions (LoketWindow *self)
{
  gboolean at_start = g_queue_is_empty (&self->history);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", !at_start);
  gtk_widget_set_visible (self->back_button, !at_start);
}

/* GTK 4.8 presents every page of the stack to assistive technology, shown or not: a screen reader
 * would read the pages behind the current one. */
static void
hide_other_pages (LoketWindow *self,
                  LoketPage   *page)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN,
                                 child != GTK_WIDGET (page), -1);
}

/* Shows @location without touching the back stack. */
static gboolean
show_location (LoketWindow *self,
               const char  *location)
{
  LoketPage *old_page = LOKET_PAGE (gtk_stack_get_visible_child (self->stack));
  const char *argument = NULL;
  LoketPage *page = page_for_location (self, location, &argument);

  if (page == NULL || !loket_page_switch_to (page, argument))
    {
      g_warning ("Cannot show location %s", location);
      return FALSE;
    }

  if (old_page != NULL && old_page != page)
    loket_page_switch_from (old_page);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (page));
  hide_other_pages (self, page);
  loket_page_set_scroll (page, 0);

  g_free (self->location);
  self->location = g_strdup (location);
  update_title (self);
  /* Issue 8: a receipt is shown once a request is sealed; the desk ticket counts them. */
  if (g_str_has_prefix (location, "receipt:"))
    g_hash_table_add (self->receipts, g_strdup (location));
  return TRUE;
}

static void
clear_history (LoketWindow *self)
{
  g_queue_clear_full (&self->history, g_free);
}

static void
navigate_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  loket_window_navigate (LOKET_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  loket_window_go_back (LOKET_WINDOW (widget));
}

static void
replace_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  loket_window_replace (LOKET_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
start_over_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  loket_window_start_over (LOKET_WINDOW (widget));
}

static void
larger_text_change_state (GSimpleAction *action,
                          GVariant      *state,
                          gpointer       user_data)
{
  LoketWindow *self = user_data;

  loket_context_set_text_size (self->context, g_variant_get_boolean (state)
                                              ? LOKET_TEXT_SIZE_LARGE : LOKET_TEXT_SIZE_NORMAL);
}

static const char * const text_size_names[] = { "normal", "large", "largest" };

/* The three text sizes, chosen directly from the top bar (issue 10). */
static void
text_size_change_state (GSimpleAction *action,
                        GVariant      *state,
                        gpointer       user_data)
{
  LoketWindow *self = user_data;
  const char *name = g_variant_get_string (state, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (text_size_names); i++)
    {
      if (g_str_equal (name, text_size_names[i]))
        loket_context_set_text_size (self->context, i);
    }
}

static void
high_contrast_change_state (GSimpleAction *action,
                            GVariant      *state,
                            gpointer       user_data)
{
  LoketWindow *self = user_data;

  loket_context_set_high_contrast (self->context, g_variant_get_boolean (state));
}

static void
sync_presentation (LoketWindow *self)
{
  GAction *larger = g_action_map_lookup_action (G_ACTION_MAP (self), "larger-text");
  GAction *contrast = g_action_map_lookup_action (G_ACTION_MAP (self), "high-contrast");
  LoketTextSize size = loket_context_get_text_size (self->context);
  gboolean high_contrast = loket_context_get_high_contrast (self->context);

  g_simple_action_set_state (G_SIMPLE_ACTION (larger),
                             g_variant_new_boolean (size != LOKET_TEXT_SIZE_NORMAL));
  g_simple_action_set_state (G_SIMPLE_ACTION (contrast), g_variant_new_boolean (high_contrast));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "text-size")),
                             g_variant_new_string (text_size_names[size]));

  /* Classes for what CSS alone decides (touch target sizes, borders); the font size itself
   * follows the display's resolution, set by the application. */
  gtk_widget_remove_css_class (GTK_WIDGET (self), "loket-text-large");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "loket-text-largest");
  if (size == LOKET_TEXT_SIZE_LARGE)
    gtk_widget_add_css_class (GTK_WIDGET (self), "loket-text-large");
  else if (size == LOKET_TEXT_SIZE_LARGEST)
    gtk_widget_add_css_class (GTK_WIDGET (self), "loket-text-largest");

  if (high_contrast)
    gtk_widget_add_css_class (GTK_WIDGET (self), "loket-high-contrast");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "loket-high-contrast");
}

/* Read-aloud (issue 10). */

/* Reads @widget's visible labels, in tree order: the reading order of a page. A label that
 * shows personal data (class "loket-private", or a value on "What we already know") is private:
 * spoken only with a headset or after the citizen agreed. Returns whether there was any. */
static gboolean
collect_text (GtkWidget   *widget,
              LoketSpeech *speech)
{
  gboolean found_private = FALSE;

  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return FALSE;

  if (GTK_IS_LABEL (widget))
    {
      const char *label = gtk_label_get_text (GTK_LABEL (widget));
      gboolean private = gtk_widget_has_css_class (widget, "loket-private")
                         || gtk_widget_has_css_class (widget, "loket-data-value");

      if (label != NULL && *label != '\0')
        loket_speech_append (speech, label, private ? LOKET_SPEECH_PRIVATE : LOKET_SPEECH_NONE);
      return private && label != NULL && *label != '\0';
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    found_private |= collect_text (child, speech);
  return found_private;
}

static void read_page (LoketWindow *self);

static void
on_private_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        LoketWindow      *self)
{
  LoketSpeech *speech = loket_context_get_speech (self->context);

  if (g_str_equal (response, "read") && speech != NULL && loket_speech_get_enabled (speech))
    {
      loket_speech_set_private_allowed (speech, TRUE);
      read_page (self);
    }
}

/* Personal data is not said for anyone nearby to hear, unless the citizen agrees (issue 10). */
static void
ask_private (LoketWindow *self)
{
  AdwMessageDialog *dialog;

  if (self->private_asked)
    return;
  self->private_asked = TRUE;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Read your personal data aloud?"),
                                                       _("This page shows your personal data, such as your citizen service number and address. People near you can hear it. Use the headphones, or read it on the screen.")));
  adw_message_dialog_add_responses (dialog,
                                    "skip", _("Do not read it"),
                                    "read", _("Read it aloud"),
                                    NULL);
  adw_message_dialog_set_default_response (dialog, "skip");
  adw_message_dialog_set_close_response (dialog, "skip");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_private_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  loket_speech_append (loket_context_get_speech (self->context),
                       _("Read your personal data aloud?"), LOKET_SPEECH_NONE);
}

static gboolean
can_speak (LoketWindow *self)
{
  LoketSpeech *speech = loket_context_get_speech (self->context);

  return speech != NULL && loket_speech_has_voice (loket_context_get_language (self->context));
}

static void
read_page (LoketWindow *self)
{
  LoketSpeech *speech = loket_context_get_speech (self->context);

  if (speech == NULL)
    return;
  if (!can_speak (self))
    {
      loket_speech_set_enabled (speech, FALSE);
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Read-aloud is not available in this language")));
      return;
    }

  loket_speech_set_enabled (speech, TRUE);
  loket_speech_speak (speech, loket_context_get_language (self->context),
                      gtk_label_get_text (self->title_label), LOKET_SPEECH_NONE);
  if (collect_text (gtk_stack_get_visible_child (self->stack), speech)
      && !loket_speech_get_private_allowed (speech))
    ask_private (self);
}

static gboolean
on_read_page_idle_cb (gpointer user_data)
{
  LoketWindow *self = user_data;

  self->read_page_id = 0;
  /* Not when the visit ended in the meantime. */
  if (loket_speech_get_enabled (loket_context_get_speech (self->context)))
    read_page (self);
  return G_SOURCE_REMOVE;
}

static void
read_aloud_change_state (GSimpleAction *action,
                         GVariant      *state,
                         gpointer       user_data)
{
  LoketWindow *self = user_data;
  LoketSpeech *speech = loket_context_get_speech (self->context);

  if (speech == NULL)
    return;
  if (g_variant_get_boolean (state))
    read_page (self);
  else
    loket_speech_set_enabled (speech, FALSE);
}

static void
read_pause_change_state (GSimpleAction *action,
                         GVariant      *state,
                         gpointer       user_data)
{
  LoketWindow *self = user_data;
  LoketSpeech *speech = loket_context_get_speech (self->context);

  if (speech == NULL)
    return;
  if (g_variant_get_boolean (state))
    loket_speech_pause (speech);
  else
    loket_speech_resume (speech);
}

static void
read_repeat_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  LoketWindow *self = user_data;
  LoketSpeech *speech = loket_context_get_speech (self->context);

  if (speech != NULL && !loket_speech_repeat (speech))
    read_page (self);
}

static void
read_page_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  read_page (LOKET_WINDOW (user_data));
}

static void
sync_speech (LoketWindow *self)
{
  LoketSpeech *speech = loket_context_get_speech (self->context);
  gboolean enabled = speech != NULL && loket_speech_get_enabled (speech);
  gboolean paused = speech != NULL && loket_speech_get_state (speech) == LOKET_SPEECH_STATE_PAUSED;

  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "read-aloud")),
                             g_variant_new_boolean (enabled));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "read-pause")),
                             g_variant_new_boolean (paused));
  gtk_widget_set_visible (self->speech_controls, enabled);
}

static void
on_speech_failed_cb (LoketWindow *self)
{
  loket_speech_set_enabled (loket_context_get_speech (self->context), FALSE);
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("Read-aloud does not work right now. Please ask at the desk.")));
}

static const GActionEntry window_actions[] = {
  { "larger-text", NULL, NULL, "false", larger_text_change_state },
  { "high-contrast", NULL, NULL, "false", high_contrast_change_state },
  { "text-size", NULL, "s", "'normal'", text_size_change_state },
  { "read-aloud", NULL, NULL, "false", read_aloud_change_state },
  { "read-pause", NULL, NULL, "false", read_pause_change_state },
  { "read-repeat", read_repeat_activated },
  { "read-page", read_page_activated },
};

static void
build_language_menu (LoketWindow *self)
{
  LoketLanguage current = loket_context_get_language (self->context);

  g_autofree char *name = NULL;

  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->language_button),
                             loket_language_get_native_name (current));
  /* Translators: accessible name of the language menu; %s is the current language's own name */
  name = g_strdup_printf (_("Language: %s"), loket_language_get_native_name (current));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->language_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  /* GTK 4.8 exposes the menu button's inner toggle button to assistive technology. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_first_child (self->language_button)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  loket_fill_language_buttons (self->language_box, self->context);
}

static void
on_stack_visible_child_cb (LoketWindow *self)
{
  LoketSpeech *speech = loket_context_get_speech (self->context);

  update_title (self);

  /* In read-aloud mode every page is read as it opens; what was being said stops at once. */
  if (speech != NULL && loket_speech_get_enabled (speech))
    {
      loket_speech_stop (speech);
      g_clear_handle_id (&self->read_page_id, g_source_remove);
      self->read_page_id = g_idle_add (on_read_page_idle_cb, self);
    }
}

/* A touch on the page stops what is being read (the citizen wants to act, not listen); the top
 * bar's controls (pause, again) are outside the page and keep working. */
static void
on_page_pressed_cb (LoketWindow *self)
{
  LoketSpeech *speech = loket_context_get_speech (self->context);

  if (speech != NULL && loket_speech_get_state (speech) == LOKET_SPEECH_STATE_SPEAKING)
    loket_speech_stop (speech);
}

/* State changes are said (issue 10): a step ticked or unticked. */
static void
on_step_changed_cb (LoketWindow *self,
                    const char  *life_event_id,
                    const char  *step_id,
                    gboolean     done)
{
  LoketLanguage language = loket_context_get_language (self->context);
  LoketLifeEvent *event = loket_catalog_lookup_life_event (loket_context_get_catalog (self->context),
                                                           life_event_id);
  LoketStep *step = event ? loket_life_event_lookup_step (event, step_id) : NULL;
  const char *title = step ? loket_text_get (loket_step_get_title (step), language, NULL) : NULL;
  g_autofree char *text = NULL;

  if (title == NULL)
    return;
  /* Translators: said aloud when the citizen ticks a step; %s is the step's title */
  text = g_strdup_printf (done ? _("Done: %s") : _("Not done yet: %s"), title);
  loket_window_announce (self, text);
}

static void
on_session_wiped_cb (LoketWindow *self)
{
  self->private_asked = FALSE;
}

/* Issue 8: every tap, key and scroll tells the idle monitor someone is there. */
static gboolean
on_input_cb (GtkEventControllerLegacy *controller,
             GdkEvent                 *event,
             LoketWindow              *self)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_KEY_PRESS:
    case GDK_SCROLL:
      loket_idle_activity (loket_context_get_idle (self->context));
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static gboolean
loket_window_enable_debugging (GtkWindow *window,
                               gboolean   toggle)
{
  LoketWindow *self = LOKET_WINDOW (window);

  /* GTK 4.8 opens the inspector on Ctrl+Shift+D/I unless told otherwise: a way out of the kiosk. */
  if (self->kiosk)
    return TRUE;
  return GTK_WINDOW_CLASS (loket_window_parent_class)->enable_debugging (window, toggle);
}

static void
loket_window_constructed (GObject *object)
{
  LoketWindow *self = LOKET_WINDOW (object);

  G_OBJECT_CLASS (loket_window_parent_class)->constructed (object);

  g_assert (self->context != NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);
  g_signal_connect_object (self->context, "notify::text-size",
                           G_CALLBACK (sync_presentation), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::high-contrast",
                           G_CALLBACK (sync_presentation), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child",
                           G_CALLBACK (on_stack_visible_child_cb), self, G_CONNECT_SWAPPED);
  sync_presentation (self);
  build_language_menu (self);

  /* The on-screen keyboard (issue 10): kiosks have no other. */
  loket_keyboard_set_letters_layout (self->keyboard, loket_keyboard_layout_for_language (
                                       loket_context_get_language (self->context)));
  loket_keyboard_set_auto_show (self->keyboard, self->kiosk);
  loket_keyboard_track_focus (self->keyboard, GTK_WINDOW (self));

  /* Read-aloud (issue 10): a touch on the page interrupts; state changes are said. */
  {
    GtkGesture *press = gtk_gesture_click_new ();

    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (press), GTK_PHASE_CAPTURE);
    g_signal_connect_object (press, "pressed", G_CALLBACK (on_page_pressed_cb), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->stack), GTK_EVENT_CONTROLLER (press));
  }
  g_signal_connect_object (loket_context_get_session (self->context), "step-changed",
                           G_CALLBACK (on_step_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (loket_context_get_session (self->context), "wiped",
                           G_CALLBACK (on_session_wiped_cb), self, G_CONNECT_SWAPPED);

  if (loket_context_get_speech (self->context) != NULL)
    {
      LoketSpeech *speech = loket_context_get_speech (self->context);

      g_signal_connect_object (speech, "notify::enabled", G_CALLBACK (sync_speech), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (speech, "notify::state", G_CALLBACK (sync_speech), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (speech, "failed", G_CALLBACK (on_speech_failed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  else
    gtk_widget_set_visible (self->read_aloud_button, FALSE);
  sync_speech (self);

  /* Issue 8: no way out in kiosk mode; the idle timeout wipes the visit. */
  if (self->kiosk)
    loket_kiosk_lock_window (GTK_WINDOW (self));
  {
    GtkEventController *input = gtk_event_controller_legacy_new ();

    gtk_event_controller_set_propagation_phase (input, GTK_PHASE_CAPTURE);
    g_signal_connect_object (input, "event", G_CALLBACK (on_input_cb), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self), input);
    g_signal_connect_object (loket_context_get_idle (self->context), "expired",
                             G_CALLBACK (loket_window_start_over), self, G_CONNECT_SWAPPED);
  }

  show_location (self, "welcome");
  update_actions (self);
}

static void
loket_window_dispose (GObject *object)
{
  LoketWindow *self = LOKET_WINDOW (object);

  clear_history (self);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->receipts, g_hash_table_unref);
  g_clear_handle_id (&self->read_page_id, g_source_remove);

  G_OBJECT_CLASS (loket_window_parent_class)->dispose (object);

  g_clear_object (&self->context);
}

static void
loket_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LoketWindow *self = LOKET_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_KIOSK:
      g_value_set_boolean (value, self->kiosk);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LoketWindow *self = LOKET_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_KIOSK:
      self->kiosk = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_window_class_init (LoketWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = loket_window_constructed;
  object_class->dispose = loket_window_dispose;
  object_class->get_property = loket_window_get_property;
  object_class->set_property = loket_window_set_property;
  window_class->enable_debugging = loket_window_enable_debugging;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, LOKET_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIOSK] =
    g_param_spec_boolean ("kiosk", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LOKET_TYPE_IDLE_WARNING);
  g_type_ensure (LOKET_TYPE_KEYBOARD);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/loket-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, read_aloud_button);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, speech_controls);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, language_button);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, language_box);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, text_size_box);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, high_contrast_button);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, keyboard);
  gtk_widget_class_bind_template_child (widget_class, LoketWindow, idle_warning);

  gtk_widget_class_install_action (widget_class, "win.navigate", "s", navigate_activated);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "win.replace", "s", replace_activated);
  gtk_widget_class_install_action (widget_class, "win.start-over", NULL, start_over_activated);

  /* Escape goes back, as a hardware "back" key on some kiosks does; nothing quits or closes. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
}

static void
loket_window_init (LoketWindow *self)
{
  g_queue_init (&self->history);
  self->receipts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

LoketWindow *
loket_window_new (GtkApplication *application,
                  LoketContext   *context,
                  gboolean        kiosk)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (LOKET_IS_CONTEXT (context), NULL);

  return g_object_new (LOKET_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       "kiosk", kiosk,
                       NULL);
}

/**
 * loket_window_get_context:
 *
 * Returns: (transfer none): the context
 */
LoketContext *
loket_window_get_context (LoketWindow *self)
{
  g_return_val_if_fail (LOKET_IS_WINDOW (self), NULL);

  return self->context;
}

const char *
loket_window_get_location (LoketWindow *self)
{
  g_return_val_if_fail (LOKET_IS_WINDOW (self), NULL);

  return self->location;
}

/**
 * loket_window_get_page:
 *
 * Returns: (transfer none): the page shown now
 */
GtkWidget *
loket_window_get_page (LoketWindow *self)
{
  g_return_val_if_fail (LOKET_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child (self->stack);
}

/**
 * loket_window_get_keyboard:
 *
 * Returns: (transfer none): the on-screen keyboard
 */
LoketKeyboard *
loket_window_get_keyboard (LoketWindow *self)
{
  g_return_val_if_fail (LOKET_IS_WINDOW (self), NULL);

  return self->keyboard;
}

/**
 * loket_window_navigate:
 * @location: where to go: "welcome", "life-events", "life-event:ID" or "step:EVENT/STEP"
 *
 * Shows @location and remembers where the citizen came from, for "Back".
 */
void
loket_window_navigate (LoketWindow *self,
                       const char  *location)
{
  g_autofree char *previous = NULL;

  g_return_if_fail (LOKET_IS_WINDOW (self));
  g_return_if_fail (location != NULL);

  if (g_strcmp0 (location, self->location) == 0)
    return;

  previous = g_strdup (self->location);
  if (!show_location (self, location))
    return;

  if (g_str_equal (location, "welcome"))
    clear_history (self);
  else if (previous != NULL)
    g_queue_push_head (&self->history, g_steal_pointer (&previous));
  update_actions (self);
}

/**
 * loket_window_replace:
 * @location: where to go instead of the current page
 *
 * Shows @location in place of the current page: "Back" then leads to where the citizen was
 * before it (after sign-in, the sign-in page is not a place to go back to).
 */
void
loket_window_replace (LoketWindow *self,
                      const char  *location)
{
  g_return_if_fail (LOKET_IS_WINDOW (self));
  g_return_if_fail (location != NULL);

  if (show_location (self, location) && g_str_equal (location, "welcome"))
    clear_history (self);
  update_actions (self);
}

/**
 * loket_window_go_back:
 *
 * Returns: %TRUE if there was a page to go back to
 */
gboolean
loket_window_go_back (LoketWindow *self)
{
  g_autofree char *location = NULL;

  g_return_val_if_fail (LOKET_IS_WINDOW (self), FALSE);

  while ((location = g_queue_pop_head (&self->history)) != NULL)
    {
      /* A page that no longer exists (the catalog changed) is skipped. */
      if (show_location (self, location))
        break;
      g_clear_pointer (&location, g_free);
    }
  update_actions (self);
  return location != NULL;
}

/* Issue 8: whatever a page left in a text field or buffer. */
static void
clear_texts (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), "", 0);
  else if (GTK_IS_EDITABLE (widget) && !GTK_IS_SPIN_BUTTON (widget)
           && gtk_editable_get_delegate (GTK_EDITABLE (widget)) == NULL)
    gtk_editable_set_text (GTK_EDITABLE (widget), "");
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    clear_texts (child);
}

/**
 * loket_window_start_over:
 *
 * "Stop / start again": wipes the visit, resets every page and returns to the welcome page in
 * the kiosk's default language, text size and contrast.
 */
void
loket_window_start_over (LoketWindow *self)
{
  g_return_if_fail (LOKET_IS_WINDOW (self));

  clear_history (self);
  self->private_asked = FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    loket_page_reset (LOKET_PAGE (child));
  g_hash_table_remove_all (self->receipts);
  /* Issue 8, the full wipe: open dialogs, text fields, buffers and the clipboard too. */
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
      {
        g_autoptr(GtkWindow) dialog = g_list_model_get_item (toplevels, i - 1);

        if (gtk_window_get_transient_for (dialog) == GTK_WINDOW (self))
          gtk_window_destroy (dialog);
      }
  }
  clear_texts (GTK_WIDGET (self));
  gdk_clipboard_set_content (gtk_widget_get_clipboard (GTK_WIDGET (self)), NULL);
  gdk_clipboard_set_content (gtk_widget_get_primary_clipboard (GTK_WIDGET (self)), NULL);

  show_location (self, "welcome");
  update_actions (self);

  /* Last: a language change rebuilds the window, which must already be at the start. */
  loket_context_start_over (self->context);
}

/**
 * loket_window_save_state:
 *
 * Where the citizen is: the location, the back stack, the scroll position and what was typed or
 * ticked on the page (issue 9), so that a window rebuilt in another language opens at the same
 * place with the same values.
 *
 * Returns: (transfer full): a `(sasdv)` variant
 */
GVariant *
loket_window_save_state (LoketWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) history = NULL;
  g_autoptr(GVariant) values = NULL;
  LoketPage *page;

  g_return_val_if_fail (LOKET_IS_WINDOW (self), NULL);

  for (GList *l = self->history.head; l != NULL; l = l->next)
    g_strv_builder_add (builder, l->data);
  history = g_strv_builder_end (builder);
  page = LOKET_PAGE (gtk_stack_get_visible_child (self->stack));
  values = loket_widget_state_save (GTK_WIDGET (page));

  return g_variant_ref_sink (g_variant_new ("(s^asdv)", self->location,
                                            history, loket_page_get_scroll (page), values));
}

typedef struct
{
  LoketPage *page;   /* (owned) */
  double     scroll;
} ScrollRestore;

static gboolean
restore_scroll_cb (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  ScrollRestore *restore = user_data;

  /* The page must be laid out before its scroller accepts the old position. */
  if (gtk_widget_get_height (GTK_WIDGET (restore->page)) == 0)
    return G_SOURCE_CONTINUE;

  loket_page_set_scroll (restore->page, restore->scroll);
  return G_SOURCE_REMOVE;
}

static void
scroll_restore_free (gpointer data)
{
  ScrollRestore *restore = data;

  g_object_unref (restore->page);
  g_free (restore);
}

void
loket_window_restore_state (LoketWindow *self,
                            GVariant    *state)
{
  g_autofree char *location = NULL;
  g_autofree const char **history = NULL;
  g_autoptr(GVariant) values = NULL;
  double scroll;

  g_return_if_fail (LOKET_IS_WINDOW (self));
  g_return_if_fail (state != NULL && g_variant_is_of_type (state, G_VARIANT_TYPE ("(sasdv)")));

  g_variant_get (state, "(s^a&sdv)", &location, &history, &scroll, &values);

  clear_history (self);
  for (guint i = 0; history[i] != NULL; i++)
    g_queue_push_tail (&self->history, g_strdup (history[i]));

  if (!show_location (self, location))
    show_location (self, "welcome");
  else if (g_variant_is_of_type (values, G_VARIANT_TYPE ("a(ssv)")))
    loket_widget_state_restore (gtk_stack_get_visible_child (self->stack), values);
  update_actions (self);

  if (scroll > 0)
    {
      ScrollRestore *restore = g_new0 (ScrollRestore, 1);

      restore->page = g_object_ref (LOKET_PAGE (gtk_stack_get_visible_child (self->stack)));
      restore->scroll = scroll;
      gtk_widget_add_tick_callback (GTK_WIDGET (self), restore_scroll_cb, restore,
                                    scroll_restore_free);
    }
}

/**
 * loket_window_announce:
 * @text: a message that just appeared, such as an error, in the interface language
 *
 * Says @text aloud when read-aloud is on, interrupting what was being read (EN 301 549 5.1.3.15:
 * input errors are spoken). GTK 4.8 has no way to announce to a screen reader, and a kiosk has
 * none: its own speech is the only voice.
 */
void
loket_window_announce (LoketWindow *self,
                       const char  *text)
{
  LoketSpeech *speech;

  g_return_if_fail (LOKET_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  speech = loket_context_get_speech (self->context);
  if (speech == NULL || !loket_speech_get_enabled (speech) || !can_speak (self))
    return;
  loket_speech_speak (speech, loket_context_get_language (self->context), text, LOKET_SPEECH_NONE);
}

/**
 * loket_window_add_toast:
 * @text: a short message, in the interface language
 *
 * Shows @text as a toast and says it when read-aloud is on: a state change the citizen should
 * notice whether they see it or not (issue 10).
 */
void
loket_window_add_toast (LoketWindow *self,
                        const char  *text)
{
  g_return_if_fail (LOKET_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
  loket_window_announce (self, text);
}

/**
 * loket_window_get_n_requests:
 *
 * Returns: how many requests were sent in this visit (receipts shown), for the desk ticket
 */
guint
loket_window_get_n_requests (LoketWindow *self)
{
  g_return_val_if_fail (LOKET_IS_WINDOW (self), 0);

  return g_hash_table_size (self->receipts);
}
