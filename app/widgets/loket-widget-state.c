/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-widget-state"

#include "config.h"

#include "loket-widget-state.h"

/**
 * SECTION:loket-widget-state
 *
 * What a citizen typed and ticked on a page, kept across a language change. The window is built
 * again in the new language (GtkBuilder translates templates only when it builds them), and the
 * page is shown at the same location, so it has the same widgets in the same places: each value is
 * saved under the path of child positions from the page down to its widget, with the widget's type
 * name as a check, and put back there. Pages need no code of their own for this, forms included.
 *
 * Kept: the text of entries and other editables, the active state of check and toggle buttons
 * that are not bound to an action (actions keep their own state), the selected item of drop-downs
 * and combo rows. The state is `a(ssv)`: (path, type name, value).
 *
 * Widgets that come and go with the language (the note that a text is not in the citizen's
 * language, see loket_show_fallback_note()) are not counted in a path.
 */

static gboolean
counts (GtkWidget *widget)
{
  return !gtk_widget_has_css_class (widget, "loket-fallback-note");
}

static void
save_widget (GtkWidget       *widget,
             const char      *path,
             GVariantBuilder *builder)
{
  const char *type = G_OBJECT_TYPE_NAME (widget);
  GParamSpec *selected;
  guint i = 0;

  if (GTK_IS_EDITABLE (widget))
    {
      /* An entry's inner GtkText is the same text: the outer editable is enough. */
      if (gtk_editable_get_editable (GTK_EDITABLE (widget)))
        g_variant_builder_add (builder, "(ssv)", path, type,
                               g_variant_new_string (gtk_editable_get_text (GTK_EDITABLE (widget))));
      return;
    }
  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (gtk_text_view_get_editable (GTK_TEXT_VIEW (widget)))
        g_variant_builder_add (builder, "(ssv)", path, type, g_variant_new_string (text));
      return;
    }
  if ((GTK_IS_CHECK_BUTTON (widget) || GTK_IS_TOGGLE_BUTTON (widget))
      && gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)) == NULL)
    {
      gboolean active = GTK_IS_CHECK_BUTTON (widget)
                        ? gtk_check_button_get_active (GTK_CHECK_BUTTON (widget))
                        : gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget));

      g_variant_builder_add (builder, "(ssv)", path, type, g_variant_new_boolean (active));
      /* A check button's label is not state; its children need no visit. */
      return;
    }
  /* GtkDropDown, AdwComboRow: a "selected" position. */
  selected = g_object_class_find_property (G_OBJECT_GET_CLASS (widget), "selected");
  if (selected != NULL && selected->value_type == G_TYPE_UINT && (selected->flags & G_PARAM_WRITABLE))
    {
      guint position;

      g_object_get (widget, "selected", &position, NULL);
      g_variant_builder_add (builder, "(ssv)", path, type, g_variant_new_uint32 (position));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *child_path = NULL;

      if (!counts (child))
        continue;
      child_path = g_strdup_printf ("%s/%u", path, i++);
      save_widget (child, child_path, builder);
    }
}

/**
 * loket_widget_state_save:
 * @root: a page
 *
 * Returns: (transfer full): the values of the input widgets below @root, as `a(ssv)`
 */
GVariant *
loket_widget_state_save (GtkWidget *root)
{
  GVariantBuilder builder;
  guint i = 0;

  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssv)"));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *path = NULL;

      if (!counts (child))
        continue;
      path = g_strdup_printf ("%u", i++);
      save_widget (child, path, &builder);
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static GtkWidget *
find_path (GtkWidget  *root,
           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  GtkWidget *widget = root;

  for (guint i = 0; parts[i] != NULL && widget != NULL; i++)
    {
      guint64 n = g_ascii_strtoull (parts[i], NULL, 10);

      widget = gtk_widget_get_first_child (widget);
      while (widget != NULL && !counts (widget))
        widget = gtk_widget_get_next_sibling (widget);
      while (widget != NULL && n > 0)
        {
          widget = gtk_widget_get_next_sibling (widget);
          if (widget != NULL && counts (widget))
            n--;
        }
    }
  return widget;
}

/**
 * loket_widget_state_restore:
 * @root: the same page, built again
 * @state: what loket_widget_state_save() returned for it
 *
 * Puts the values back. A value whose widget is no longer there, or is of another type, is
 * skipped.
 *
 * Returns: how many values were put back
 */
guint
loket_widget_state_restore (GtkWidget *root,
                            GVariant  *state)
{
  GVariantIter iter;
  const char *path;
  const char *type;
  GVariant *value;
  guint n = 0;

  g_return_val_if_fail (GTK_IS_WIDGET (root), 0);
  g_return_val_if_fail (g_variant_is_of_type (state, G_VARIANT_TYPE ("a(ssv)")), 0);

  g_variant_iter_init (&iter, state);
  while (g_variant_iter_loop (&iter, "(&s&sv)", &path, &type, &value))
    {
      GtkWidget *widget = find_path (root, path);

      if (widget == NULL || !g_str_equal (G_OBJECT_TYPE_NAME (widget), type))
        continue;

      if (GTK_IS_EDITABLE (widget) && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        {
          if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (widget)), g_variant_get_string (value, NULL)) != 0)
            gtk_editable_set_text (GTK_EDITABLE (widget), g_variant_get_string (value, NULL));
        }
      else if (GTK_IS_TEXT_VIEW (widget) && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)),
                                  g_variant_get_string (value, NULL), -1);
      else if (GTK_IS_CHECK_BUTTON (widget) && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        {
          /* A radio group has one active member: only the active one is set, which unsets the rest. */
          if (g_variant_get_boolean (value))
            gtk_check_button_set_active (GTK_CHECK_BUTTON (widget), TRUE);
          else if (gtk_check_button_get_active (GTK_CHECK_BUTTON (widget)))
            gtk_check_button_set_active (GTK_CHECK_BUTTON (widget), FALSE);
        }
      else if (GTK_IS_TOGGLE_BUTTON (widget) && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (widget), g_variant_get_boolean (value));
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
        g_object_set (widget, "selected", g_variant_get_uint32 (value), NULL);
      else
        continue;
      n++;
    }
  return n;
}
