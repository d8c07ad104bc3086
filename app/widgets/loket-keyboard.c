/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-keyboard"

#include "config.h"

#include <glib/gi18n.h>

#include "loket-keyboard.h"

/**
 * LoketKeyboard:
 *
 * The kiosk's on-screen keyboard (issue 10): kiosks have no keyboard. It follows the focus of a
 * window: when a text field gets the focus it becomes active (the window shows it), with the
 * letters of the interface language, or the numeric pad when the field asks for digits
 * (#GtkInputPurpose); when the focus leaves, it becomes inactive. No key takes the focus, so the
 * text goes to the field that has it.
 *
 * Ge'ez for Tigrinya is a syllabary: a key per consonant types its first order (ለ), and the
 * vowel row above the keys then shows the seven syllables of that consonant (ለ ሉ ሊ ላ ሌ ል ሎ);
 * touching one replaces the syllable just typed.
 */
struct _LoketKeyboard
{
  GtkBox               parent_instance;

  GtkWidget           *order_row;
  GtkWidget           *rows_box;
  GtkWidget           *bottom_row;
  GtkWidget           *shift_button;
  GtkWidget           *switch_button;
  GtkWidget           *space_button;
  GtkWidget           *backspace_button;
  GtkWidget           *enter_button;

  GtkWindow           *window;   /* (weak) */
  GtkWidget           *target;   /* (weak): the focused text field */
  GtkEventController  *target_press;  /* (weak): on the field: a touch brings the keys back */
  LoketKeyboardLayout  layout;
  LoketKeyboardLayout  letters;  /* the letters when a field wants text */
  LoketKeyboardLayout  language_letters;  /* the letters of the interface language */
  guint                scroll_id;  /* keeps the field in sight while the keyboard slides in */
  guint                scroll_frames;
  gunichar             consonant;  /* Ge'ez: the first order of the syllable just typed, or 0 */
  gboolean             auto_show;
  gboolean             active;
};

G_DEFINE_FINAL_TYPE (LoketKeyboard, loket_keyboard, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_ACTIVE,
  PROP_AUTO_SHOW,
  PROP_LAYOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
make_key (LoketKeyboard *self,
          const char    *label)
{
  GtkWidget *key = gtk_button_new_with_label (label);

  gtk_widget_set_focus_on_click (key, FALSE);
  gtk_widget_set_can_focus (key, FALSE);
  gtk_widget_add_css_class (key, "loket-key");
  return key;
}

static void set_active (LoketKeyboard *self, gboolean active);

/* The switch key goes from the language's letters to the Latin ones (street names, e-mail),
 * then the numbers, then every other script. */
static LoketKeyboardLayout
next_layout (LoketKeyboard *self)
{
  LoketKeyboardLayout cycle[LOKET_KEYBOARD_N_LAYOUTS];
  guint n = 0;

  cycle[n++] = self->language_letters;
  if (self->language_letters != LOKET_KEYBOARD_LATIN_NL)
    cycle[n++] = LOKET_KEYBOARD_LATIN_NL;
  cycle[n++] = LOKET_KEYBOARD_NUMERIC;
  for (LoketKeyboardLayout l = 0; l < LOKET_KEYBOARD_NUMERIC; l++)
    if (l != self->language_letters && l != LOKET_KEYBOARD_LATIN_NL)
      cycle[n++] = l;

  for (guint i = 0; i < n; i++)
    if (cycle[i] == self->layout)
      return cycle[(i + 1) % n];
  return self->language_letters;
}

static void
on_key_clicked_cb (GtkButton     *key,
                   LoketKeyboard *self)
{
  const char *text = g_object_get_data (G_OBJECT (key), "loket-key-text");

  loket_keyboard_type (self, text);
}

static void on_order_clicked_cb (GtkButton *key, LoketKeyboard *self);

/* Ge'ez: the vowel row shows the seven syllables of the consonant just typed. */
static void
update_orders (LoketKeyboard *self)
{
  GtkWidget *child;
  char first[8] = { 0 };
  guint order = 0;

  gtk_widget_set_visible (self->order_row, self->layout == LOKET_KEYBOARD_ETHIOPIC);

  g_unichar_to_utf8 (self->consonant != 0 ? self->consonant : 0x1200, first);
  for (child = gtk_widget_get_first_child (self->order_row); child != NULL;
       child = gtk_widget_get_next_sibling (child), order++)
    {
      g_autofree char *syllable = loket_keyboard_ethiopic_syllable (first, order);
      /* Translators: accessible name of a key of the Tigrinya keyboard that changes the vowel
       * of the letter just typed; %s is the letter with that vowel */
      g_autofree char *name = g_strdup_printf (_("Change the last letter to %s"), syllable);

      gtk_button_set_label (GTK_BUTTON (child), syllable);
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_object_set_data_full (G_OBJECT (child), "loket-key-text", g_steal_pointer (&syllable), g_free);
      gtk_widget_set_sensitive (child, self->consonant != 0);
    }
}

static void
build_keys (LoketKeyboard *self)
{
  gboolean shifted = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->shift_button));
  guint n_rows = loket_keyboard_layout_get_n_rows (self->layout);
  LoketKeyboardLayout next = next_layout (self);
  g_autofree char *switch_name = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->rows_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->rows_box), child);

  /* The keys keep the order of their script, whatever the direction of the interface. */
  gtk_widget_set_direction (self->rows_box, loket_keyboard_layout_is_rtl (self->layout)
                                            ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
  for (guint i = 0; i < n_rows; i++)
    {
      g_auto(GStrv) keys = loket_keyboard_layout_dup_row (self->layout, i, shifted);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
      for (guint k = 0; keys[k] != NULL; k++)
        {
          GtkWidget *key = make_key (self, keys[k]);

          g_object_set_data_full (G_OBJECT (key), "loket-key-text", g_strdup (keys[k]), g_free);
          g_signal_connect (key, "clicked", G_CALLBACK (on_key_clicked_cb), self);
          gtk_box_append (GTK_BOX (row), key);
        }
      gtk_box_append (GTK_BOX (self->rows_box), row);
    }

  if (self->layout == LOKET_KEYBOARD_NUMERIC)
    gtk_widget_add_css_class (GTK_WIDGET (self), "loket-keyboard-numeric");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "loket-keyboard-numeric");
  gtk_widget_set_visible (self->shift_button, loket_keyboard_layout_has_shift (self->layout));
  gtk_widget_set_visible (self->space_button, self->layout != LOKET_KEYBOARD_NUMERIC);

  gtk_button_set_label (GTK_BUTTON (self->switch_button), loket_keyboard_layout_get_short_name (next));
  /* Translators: accessible name of the on-screen keyboard key that changes the letters; %s is
   * the name of the letters it changes to, such as "Arabic letters" */
  switch_name = g_strdup_printf (_("Change keyboard to %s"), loket_keyboard_layout_get_name (next));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->switch_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, switch_name, -1);
  gtk_widget_set_tooltip_text (self->switch_button, switch_name);
  update_orders (self);
}

static void
on_order_clicked_cb (GtkButton     *key,
                     LoketKeyboard *self)
{
  const char *syllable = g_object_get_data (G_OBJECT (key), "loket-key-text");
  GtkEditable *editable = self->target ? GTK_EDITABLE (self->target) : NULL;
  int position;

  if (editable == NULL || syllable == NULL)
    return;

  /* Replace the syllable before the cursor when it is of the same consonant. */
  position = gtk_editable_get_position (editable);
  if (position > 0)
    {
      g_autofree char *before = gtk_editable_get_chars (editable, position - 1, position);
      gunichar c = g_utf8_get_char (before);

      if (self->consonant != 0 && c >= self->consonant && c < self->consonant + LOKET_KEYBOARD_N_VOWEL_ORDERS)
        gtk_editable_delete_text (editable, position - 1, position);
    }
  position = gtk_editable_get_position (editable);
  gtk_editable_insert_text (editable, syllable, -1, &position);
  gtk_editable_set_position (editable, position);
}

static void
on_shift_toggled_cb (LoketKeyboard *self)
{
  build_keys (self);
}

static void
on_switch_clicked_cb (LoketKeyboard *self)
{
  LoketKeyboardLayout next = next_layout (self);

  if (next != LOKET_KEYBOARD_NUMERIC)
    self->letters = next;
  loket_keyboard_set_layout (self, next);
}

static void
on_space_clicked_cb (LoketKeyboard *self)
{
  loket_keyboard_type (self, " ");
}

static void
on_backspace_clicked_cb (LoketKeyboard *self)
{
  loket_keyboard_backspace (self);
}

static void
on_enter_clicked_cb (LoketKeyboard *self)
{
  if (self->target == NULL)
    return;
  /* GtkText's "activate": an entry activates the window's default, a search runs. */
  g_signal_emit_by_name (self->target, "activate");
}

/* The page gets shorter as the keyboard slides in: keep the field in sight, above the keys. */
static gboolean
keep_target_in_sight_cb (GtkWidget     *widget,
                         GdkFrameClock *clock,
                         gpointer       user_data)
{
  LoketKeyboard *self = LOKET_KEYBOARD (widget);
  GtkWidget *scroller = self->target ? gtk_widget_get_ancestor (self->target, GTK_TYPE_SCROLLED_WINDOW) : NULL;
  graphene_rect_t bounds;

  if (scroller != NULL && gtk_widget_compute_bounds (self->target, scroller, &bounds))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      double bottom = bounds.origin.y + bounds.size.height + 16 - gtk_widget_get_height (scroller);
      double top = bounds.origin.y - 16;

      if (bottom > 0)
        gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + MIN (bottom, MAX (top, 0)));
      else if (top < 0)
        gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + top);
    }

  if (++self->scroll_frames < 60)
    return G_SOURCE_CONTINUE;
  self->scroll_id = 0;
  return G_SOURCE_REMOVE;
}

static void
set_active (LoketKeyboard *self,
            gboolean       active)
{
  if (self->active == active)
    return;
  self->active = active;
  if (active && self->scroll_id == 0)
    self->scroll_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), keep_target_in_sight_cb, NULL, NULL);
  self->scroll_frames = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static void
on_hide_clicked_cb (LoketKeyboard *self)
{
  set_active (self, FALSE);
}

/* Touching the field again brings back a keyboard the citizen hid. */
static void
on_target_pressed_cb (LoketKeyboard *self)
{
  if (self->target != NULL)
    set_active (self, self->auto_show);
}

static void
on_target_unmap_cb (LoketKeyboard *self)
{
  g_clear_weak_pointer (&self->target);
  set_active (self, FALSE);
}

static void
set_target (LoketKeyboard *self,
            GtkWidget     *target)
{
  if (self->target == target)
    return;
  if (self->target != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->target, on_target_unmap_cb, self);
      if (self->target_press != NULL)
        gtk_widget_remove_controller (self->target, self->target_press);
    }
  g_clear_weak_pointer (&self->target_press);
  g_set_weak_pointer (&self->target, target);
  if (target != NULL)
    {
      GtkGesture *press = gtk_gesture_click_new ();

      g_signal_connect_swapped (target, "unmap", G_CALLBACK (on_target_unmap_cb), self);
      gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (press), GTK_PHASE_CAPTURE);
      g_signal_connect_object (press, "pressed", G_CALLBACK (on_target_pressed_cb), self, G_CONNECT_SWAPPED);
      gtk_widget_add_controller (target, GTK_EVENT_CONTROLLER (press));
      g_set_weak_pointer (&self->target_press, GTK_EVENT_CONTROLLER (press));
    }
  self->consonant = 0;
}

static void
on_focus_widget_cb (LoketKeyboard *self)
{
  GtkWidget *focus = self->window ? gtk_window_get_focus (self->window) : NULL;

  /* GtkText is the part of every entry (plain, search, password, spin) that has the focus. */
  if (focus != NULL && GTK_IS_TEXT (focus) && gtk_editable_get_editable (GTK_EDITABLE (focus)))
    {
      GtkInputPurpose purpose = gtk_text_get_input_purpose (GTK_TEXT (focus));
      gboolean digits = purpose == GTK_INPUT_PURPOSE_DIGITS || purpose == GTK_INPUT_PURPOSE_NUMBER
                        || purpose == GTK_INPUT_PURPOSE_PHONE || purpose == GTK_INPUT_PURPOSE_PIN;

      if (focus != self->target)
        {
          set_target (self, focus);
          loket_keyboard_set_layout (self, digits ? LOKET_KEYBOARD_NUMERIC : self->letters);
        }
      set_active (self, self->auto_show);
    }
  else
    {
      set_target (self, NULL);
      set_active (self, FALSE);
    }
}

static void
loket_keyboard_dispose (GObject *object)
{
  LoketKeyboard *self = LOKET_KEYBOARD (object);

  set_target (self, NULL);
  if (self->scroll_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_id);
  self->scroll_id = 0;
  if (self->window != NULL)
    g_signal_handlers_disconnect_by_func (self->window, on_focus_widget_cb, self);
  g_clear_weak_pointer (&self->window);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_KEYBOARD);

  G_OBJECT_CLASS (loket_keyboard_parent_class)->dispose (object);
}

static void
loket_keyboard_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LoketKeyboard *self = LOKET_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_AUTO_SHOW:
      g_value_set_boolean (value, self->auto_show);
      break;
    case PROP_LAYOUT:
      g_value_set_int (value, self->layout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_keyboard_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LoketKeyboard *self = LOKET_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_AUTO_SHOW:
      loket_keyboard_set_auto_show (self, g_value_get_boolean (value));
      break;
    case PROP_LAYOUT:
      loket_keyboard_set_layout (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_keyboard_class_init (LoketKeyboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_keyboard_dispose;
  object_class->get_property = loket_keyboard_get_property;
  object_class->set_property = loket_keyboard_set_property;

  /**
   * LoketKeyboard:active:
   *
   * A text field has the focus and the keyboard should be shown.
   */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LoketKeyboard:auto-show:
   *
   * Whether a focused text field makes the keyboard active: in kiosk mode, where there is no
   * other keyboard.
   */
  properties[PROP_AUTO_SHOW] =
    g_param_spec_boolean ("auto-show", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAYOUT] =
    g_param_spec_int ("layout", NULL, NULL, 0, LOKET_KEYBOARD_N_LAYOUTS - 1, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/loket-keyboard.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketKeyboard, order_row);
  gtk_widget_class_bind_template_child (widget_class, LoketKeyboard, rows_box);
  gtk_widget_class_bind_template_child (widget_class, LoketKeyboard, bottom_row);
  gtk_widget_class_bind_template_child (widget_class, LoketKeyboard, shift_button);
  gtk_widget_class_bind_template_child (widget_class, LoketKeyboard, switch_button);
  gtk_widget_class_bind_template_child (widget_class, LoketKeyboard, space_button);
  gtk_widget_class_bind_template_child (widget_class, LoketKeyboard, backspace_button);
  gtk_widget_class_bind_template_child (widget_class, LoketKeyboard, enter_button);
  gtk_widget_class_bind_template_callback (widget_class, on_shift_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_switch_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_space_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_backspace_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_enter_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_hide_clicked_cb);
}

static void
loket_keyboard_init (LoketKeyboard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint order = 0; order < LOKET_KEYBOARD_N_VOWEL_ORDERS; order++)
    {
      GtkWidget *key = make_key (self, "");

      g_signal_connect (key, "clicked", G_CALLBACK (on_order_clicked_cb), self);
      gtk_box_append (GTK_BOX (self->order_row), key);
    }
  self->layout = self->letters = self->language_letters = LOKET_KEYBOARD_LATIN_NL;
  build_keys (self);
}

GtkWidget *
loket_keyboard_new (void)
{
  return g_object_new (LOKET_TYPE_KEYBOARD, NULL);
}

/**
 * loket_keyboard_track_focus:
 * @window: the window whose text fields the keyboard types into
 *
 * Follows @window's focus: a focused text field makes the keyboard active (when
 * #LoketKeyboard:auto-show is set) and the target of its keys.
 */
void
loket_keyboard_track_focus (LoketKeyboard *self,
                            GtkWindow     *window)
{
  g_return_if_fail (LOKET_IS_KEYBOARD (self));
  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (self->window == NULL);

  g_set_weak_pointer (&self->window, window);
  g_signal_connect_object (window, "notify::focus-widget", G_CALLBACK (on_focus_widget_cb), self,
                           G_CONNECT_SWAPPED);
  on_focus_widget_cb (self);
}

gboolean
loket_keyboard_get_active (LoketKeyboard *self)
{
  g_return_val_if_fail (LOKET_IS_KEYBOARD (self), FALSE);

  return self->active;
}

gboolean
loket_keyboard_get_auto_show (LoketKeyboard *self)
{
  g_return_val_if_fail (LOKET_IS_KEYBOARD (self), FALSE);

  return self->auto_show;
}

void
loket_keyboard_set_auto_show (LoketKeyboard *self,
                              gboolean       auto_show)
{
  g_return_if_fail (LOKET_IS_KEYBOARD (self));

  auto_show = !!auto_show;
  if (self->auto_show == auto_show)
    return;
  self->auto_show = auto_show;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_SHOW]);
  set_active (self, auto_show && self->target != NULL);
}

LoketKeyboardLayout
loket_keyboard_get_layout (LoketKeyboard *self)
{
  g_return_val_if_fail (LOKET_IS_KEYBOARD (self), LOKET_KEYBOARD_LATIN_NL);

  return self->layout;
}

/**
 * loket_keyboard_set_layout:
 *
 * Shows @layout's keys now, until the focus moves to another field.
 */
void
loket_keyboard_set_layout (LoketKeyboard       *self,
                           LoketKeyboardLayout  layout)
{
  g_return_if_fail (LOKET_IS_KEYBOARD (self));
  g_return_if_fail (layout < LOKET_KEYBOARD_N_LAYOUTS);

  if (self->layout == layout)
    return;
  self->layout = layout;
  self->consonant = 0;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->shift_button), FALSE);
  build_keys (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
}

/**
 * loket_keyboard_set_letters_layout:
 *
 * The letters of the interface language, for fields that want text (the numeric pad stays for
 * fields that want digits).
 */
void
loket_keyboard_set_letters_layout (LoketKeyboard       *self,
                                   LoketKeyboardLayout  layout)
{
  g_return_if_fail (LOKET_IS_KEYBOARD (self));
  g_return_if_fail (layout < LOKET_KEYBOARD_NUMERIC);

  self->letters = self->language_letters = layout;
  build_keys (self);
  if (self->layout != LOKET_KEYBOARD_NUMERIC)
    loket_keyboard_set_layout (self, layout);
}

/**
 * loket_keyboard_get_target:
 *
 * Returns: (transfer none) (nullable): the text field the keys type into
 */
GtkWidget *
loket_keyboard_get_target (LoketKeyboard *self)
{
  g_return_val_if_fail (LOKET_IS_KEYBOARD (self), NULL);

  return self->target;
}

/**
 * loket_keyboard_type:
 * @text: what a key types
 *
 * Types @text into the focused field at the cursor, in place of a selection. A capital ends the
 * shift; a Ge'ez consonant opens its vowel row.
 */
void
loket_keyboard_type (LoketKeyboard *self,
                     const char    *text)
{
  GtkEditable *editable;
  int start, end, position;
  gunichar c;

  g_return_if_fail (LOKET_IS_KEYBOARD (self));
  g_return_if_fail (text != NULL);

  if (self->target == NULL)
    return;
  editable = GTK_EDITABLE (self->target);

  if (gtk_editable_get_selection_bounds (editable, &start, &end))
    gtk_editable_delete_text (editable, start, end);
  position = gtk_editable_get_position (editable);
  gtk_editable_insert_text (editable, text, -1, &position);
  gtk_editable_set_position (editable, position);

  c = g_utf8_get_char (text);
  if (self->layout == LOKET_KEYBOARD_ETHIOPIC)
    {
      self->consonant = (c >= 0x1200 && c <= 0x1357 && (c - 0x1200) % 8 == 0) ? c : 0;
      update_orders (self);
    }
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->shift_button)) && *text != ' ')
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->shift_button), FALSE);
}

/**
 * loket_keyboard_backspace:
 *
 * Removes the selection, or the letter before the cursor.
 */
void
loket_keyboard_backspace (LoketKeyboard *self)
{
  GtkEditable *editable;
  int start, end, position;

  g_return_if_fail (LOKET_IS_KEYBOARD (self));

  if (self->target == NULL)
    return;
  editable = GTK_EDITABLE (self->target);

  if (gtk_editable_get_selection_bounds (editable, &start, &end))
    gtk_editable_delete_text (editable, start, end);
  else if ((position = gtk_editable_get_position (editable)) > 0)
    gtk_editable_delete_text (editable, position - 1, position);
  self->consonant = 0;
  update_orders (self);
}
