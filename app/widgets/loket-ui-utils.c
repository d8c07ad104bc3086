/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-ui-utils"

#include "config.h"

#include <glib/gi18n.h>

#include "loket-ui-utils.h"

/**
 * loket_fill_language_buttons:
 * @container: a #GtkBox or #GtkFlowBox
 *
 * Adds a button for every enabled language, named in that language, that switches to it.
 * Languages whose interface is not translated yet are shown but cannot be chosen.
 */
void
loket_fill_language_buttons (GtkWidget    *container,
                             LoketContext *context)
{
  g_auto(GStrv) enabled = g_settings_get_strv (loket_context_get_settings (context),
                                               "enabled-languages");
  LoketLanguage current = loket_context_get_language (context);

  for (guint i = 0; enabled[i] != NULL; i++)
    {
      LoketLanguage language;
      GtkWidget *button;
      GtkWidget *label;

      if (!loket_language_from_code (enabled[i], &language))
        continue;

      label = gtk_label_new (loket_language_get_native_name (language));
      /* Each name is written in its own script and direction, whatever the interface's. */
      gtk_widget_set_direction (label, loket_language_is_rtl (language) ? GTK_TEXT_DIR_RTL
                                                                         : GTK_TEXT_DIR_LTR);
      button = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_add_css_class (button, "loket-language-button");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.set-language");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", enabled[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      loket_language_get_native_name (language), -1);
      if (!loket_language_has_translation (language))
        {
          gtk_widget_set_sensitive (button, FALSE);
          gtk_widget_set_tooltip_text (button, _("This language is not available yet"));
        }
      if (language == current)
        {
          gtk_widget_add_css_class (button, "suggested-action");
          gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
                                       GTK_ACCESSIBLE_TRISTATE_TRUE, -1);
        }

      if (GTK_IS_FLOW_BOX (container))
        gtk_flow_box_append (GTK_FLOW_BOX (container), button);
      else
        gtk_box_append (GTK_BOX (container), button);
    }
}

/**
 * loket_show_fallback_note:
 * @anchor: a widget showing a catalog text, in a #GtkBox
 * @language: the language the citizen chose
 * @shown: the language the text is shown in
 *
 * Where a longer text is not written in the citizen's language, a small note just above it says
 * which language it is shown in instead (issue 9): never an empty space, never a surprise. The note
 * is made the first time it is needed and hidden when the text is in the right language.
 */
void
loket_show_fallback_note (GtkWidget     *anchor,
                          LoketLanguage  language,
                          LoketLanguage  shown)
{
  GtkWidget *parent = gtk_widget_get_parent (anchor);
  GtkWidget *note = g_object_get_data (G_OBJECT (anchor), "loket-fallback-note");
  gboolean needed = shown != language && gtk_widget_get_visible (anchor);

  if (note == NULL)
    {
      if (!needed || !GTK_IS_BOX (parent))
        return;
      note = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_label_set_xalign (GTK_LABEL (note), 0);
      gtk_widget_add_css_class (note, "loket-fallback-note");
      gtk_widget_add_css_class (note, "dim-label");
      gtk_box_insert_child_after (GTK_BOX (parent), note, gtk_widget_get_prev_sibling (anchor));
      g_object_set_data (G_OBJECT (anchor), "loket-fallback-note", note);
    }

  gtk_widget_set_visible (note, needed);
  if (!needed)
    return;
  gtk_label_set_label (GTK_LABEL (note),
                       shown == LOKET_LANGUAGE_NL
                       ? _("This text is not in your language yet. Here it is in Dutch.")
                       : _("This text is not in your language yet. Here it is in English."));
}

/**
 * loket_text_dup_isolated:
 *
 * A catalog text to put inside a sentence of the interface ("When: %s"): where it falls back to a
 * language written in the other direction, it is wrapped in Unicode directional isolates, so that
 * an English deadline in an Arabic sentence keeps its full stop at its own end.
 *
 * Returns: (transfer full): the text
 */
char *
loket_text_dup_isolated (const LoketText *text,
                         LoketLanguage    language)
{
  LoketLanguage shown;
  const char *value = loket_text_get (text, language, &shown);

  if (loket_language_is_rtl (shown) != loket_language_is_rtl (language))
    return g_strconcat ("\u2068", value, "\u2069", NULL);
  return g_strdup (value);
}

/**
 * loket_set_label_text:
 *
 * Shows a catalog text in @language, falling back to English or Dutch where it was not written
 * in @language; the label then says which language it shows, for screen readers and for the
 * text direction.
 *
 * Returns: the language the text is shown in
 */
LoketLanguage
loket_set_label_text (GtkLabel        *label,
                      const LoketText *text,
                      LoketLanguage    language)
{
  LoketLanguage shown;
  const char *value;

  if (text == NULL)
    {
      gtk_label_set_label (label, "");
      gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
      return language;
    }

  value = loket_text_get (text, language, &shown);
  gtk_label_set_label (label, value);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  if (shown != language)
    gtk_widget_set_direction (GTK_WIDGET (label), loket_language_is_rtl (shown) ? GTK_TEXT_DIR_RTL
                                                                                : GTK_TEXT_DIR_LTR);
  else
    gtk_widget_set_direction (GTK_WIDGET (label), GTK_TEXT_DIR_NONE);
  return shown;
}
