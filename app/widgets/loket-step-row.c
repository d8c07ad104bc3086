/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-step-row"

#include "config.h"

#include <glib/gi18n.h>

#include "loket-step-row.h"
#include "loket-ui-utils.h"

/**
 * LoketStepRow:
 *
 * One step of a life event's checklist: its number (or "and"/"or" when it shares the number of
 * the step before), what to do, who does it, the deadline, a "Done" box for this visit, and a
 * way to read the whole step.
 */
struct _LoketStepRow
{
  GtkListBoxRow  parent_instance;

  LoketStep     *step;    /* (owned) */
  LoketContext  *context; /* (owned) */

  GtkLabel      *join_label;
  GtkLabel      *number_label;
  GtkLabel      *title_label;
  GtkLabel      *organisation_label;
  GtkLabel      *deadline_label;
  GtkWidget     *automatic_label;
  GtkWidget     *form_button;
  GtkCheckButton *done_check;
  GtkWidget     *more_button;
};

G_DEFINE_FINAL_TYPE (LoketStepRow, loket_step_row, GTK_TYPE_LIST_BOX_ROW)

static void
on_done_check_toggled_cb (LoketStepRow   *self,
                          GtkCheckButton *check)
{
  if (self->step == NULL)
    return;

  loket_session_set_step_done (loket_context_get_session (self->context),
                               loket_step_get_life_event_id (self->step),
                               loket_step_get_id (self->step),
                               gtk_check_button_get_active (check));
}

static void
on_session_step_changed_cb (LoketStepRow *self,
                            const char   *life_event_id,
                            const char   *step_id,
                            gboolean      done)
{
  if (g_str_equal (step_id, loket_step_get_id (self->step))
      && g_str_equal (life_event_id, loket_step_get_life_event_id (self->step)))
    gtk_check_button_set_active (self->done_check, done);
}

static void
on_session_wiped_cb (LoketStepRow *self)
{
  gtk_check_button_set_active (self->done_check, FALSE);
}

static void
fill (LoketStepRow *self)
{
  LoketLanguage language = loket_context_get_language (self->context);
  LoketStep *step = self->step;
  LoketOrganisation *org = loket_step_get_organisation (step);
  const char *title;
  g_autofree char *number = g_strdup_printf ("%u", loket_step_get_number (step));
  g_autofree char *target = g_strdup_printf ("step:%s/%s", loket_step_get_life_event_id (step),
                                             loket_step_get_id (step));
  g_autofree char *who = NULL;
  g_autofree char *done_name = NULL;
  g_autofree char *more_name = NULL;
  LoketService *service;

  switch (loket_step_get_join (step))
    {
    case LOKET_STEP_JOIN_AND:
      /* Translators: between two steps that belong together: do this one as well */
      gtk_label_set_label (self->join_label, _("and"));
      gtk_widget_set_visible (GTK_WIDGET (self->join_label), TRUE);
      gtk_widget_set_opacity (GTK_WIDGET (self->number_label), 0);
      break;
    case LOKET_STEP_JOIN_OR:
      /* Translators: between two steps of which the citizen does one */
      gtk_label_set_label (self->join_label, _("or"));
      gtk_widget_set_visible (GTK_WIDGET (self->join_label), TRUE);
      gtk_widget_set_opacity (GTK_WIDGET (self->number_label), 0);
      break;
    case LOKET_STEP_JOIN_NONE:
    default:
      break;
    }

  gtk_label_set_label (self->number_label, number);
  loket_set_label_text (self->title_label, loket_step_get_title (step), language);
  title = gtk_label_get_label (self->title_label);

  /* Translators: %s is an organisation, such as "Gemeente" or "SVB" */
  who = g_strdup_printf (_("Who: %s"), loket_text_get (loket_organisation_get_name (org), language, NULL));
  gtk_label_set_label (self->organisation_label, who);

  if (loket_step_get_deadline (step) != NULL)
    {
      /* Translators: %s is a deadline, such as "within 5 days after the move" */
      g_autofree char *when = loket_text_dup_isolated (loket_step_get_deadline (step), language);
      g_autofree char *deadline = g_strdup_printf (_("When: %s"), when);
      gtk_label_set_label (self->deadline_label, deadline);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->deadline_label), FALSE);

  gtk_widget_set_visible (self->automatic_label, loket_step_get_automatic (step));

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->more_button), "s", target);
  /* Issue 7: a step whose service has a form at the kiosk can be done from here. */
  service = loket_step_get_service (step);
  gtk_widget_set_visible (self->form_button, service != NULL && loket_service_get_form (service) != NULL);
  if (service != NULL && loket_service_get_form (service) != NULL)
    {
      g_autofree char *form_target = g_strdup_printf ("form:%s/%s", loket_service_get_id (service),
                                                      loket_step_get_life_event_id (step));
      /* Translators: accessible name of a button; %s is the title of a step */
      g_autofree char *form_name = g_strdup_printf (_("Do this now: %s"), title);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->form_button), "win.navigate");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->form_button), "s", form_target);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->form_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, form_name, -1);
    }
  /* Translators: accessible name of a check box; %u is the step number, %s its title */
  done_name = g_strdup_printf (_("Step %u done: %s"), loket_step_get_number (step), title);
  /* Translators: accessible name of a button; %s is the title of a step */
  more_name = g_strdup_printf (_("Read more about: %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->done_check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, done_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->more_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, more_name, -1);

  gtk_check_button_set_active (self->done_check,
                               loket_session_get_step_done (loket_context_get_session (self->context),
                                                            loket_step_get_life_event_id (step),
                                                            loket_step_get_id (step)));
}

static void
loket_step_row_dispose (GObject *object)
{
  LoketStepRow *self = LOKET_STEP_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_STEP_ROW);
  g_clear_object (&self->step);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (loket_step_row_parent_class)->dispose (object);
}

static void
loket_step_row_class_init (LoketStepRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_step_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/loket-step-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketStepRow, join_label);
  gtk_widget_class_bind_template_child (widget_class, LoketStepRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, LoketStepRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, LoketStepRow, organisation_label);
  gtk_widget_class_bind_template_child (widget_class, LoketStepRow, deadline_label);
  gtk_widget_class_bind_template_child (widget_class, LoketStepRow, automatic_label);
  gtk_widget_class_bind_template_child (widget_class, LoketStepRow, form_button);
  gtk_widget_class_bind_template_child (widget_class, LoketStepRow, done_check);
  gtk_widget_class_bind_template_child (widget_class, LoketStepRow, more_button);
  gtk_widget_class_bind_template_callback (widget_class, on_done_check_toggled_cb);
}

static void
loket_step_row_init (LoketStepRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
loket_step_row_new (LoketStep    *step,
                    LoketContext *context)
{
  LoketStepRow *self;

  g_return_val_if_fail (LOKET_IS_STEP (step), NULL);
  g_return_val_if_fail (LOKET_IS_CONTEXT (context), NULL);

  self = g_object_new (LOKET_TYPE_STEP_ROW, NULL);
  self->context = g_object_ref (context);
  self->step = g_object_ref (step);
  fill (self);

  g_signal_connect_object (loket_context_get_session (context), "step-changed",
                           G_CALLBACK (on_session_step_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (loket_context_get_session (context), "wiped",
                           G_CALLBACK (on_session_wiped_cb), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

/**
 * loket_step_row_get_step:
 *
 * Returns: (transfer none): the step
 */
LoketStep *
loket_step_row_get_step (LoketStepRow *self)
{
  g_return_val_if_fail (LOKET_IS_STEP_ROW (self), NULL);

  return self->step;
}
