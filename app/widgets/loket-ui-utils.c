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
 * loket_set_label_text:
 *
 * Shows a catalog text in @language, falling back to English or Dutch where it was not written
 * in @language; the label then says which language it shows, for screen readers and for the
 * text direction.
 */
void
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
      return;
    }

  value = loket_text_get (text, language, &shown);
  gtk_label_set_label (label, value);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  if (shown != language)
    gtk_widget_set_direction (GTK_WIDGET (label), loket_language_is_rtl (shown) ? GTK_TEXT_DIR_RTL
                                                                                : GTK_TEXT_DIR_LTR);
}
