/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-my-data-page"

#include "config.h"

#include <glib/gi18n.h>

#include "loket-correction.h"
#include "loket-error.h"
#include "loket-my-data-page.h"
#include "loket-secure.h"
#include "loket-sign-in-page.h"

/**
 * LoketMyDataPage:
 *
 * Location "my-data": "What we already know". The signed-in citizen's name, date of birth,
 * address, partners and children from the BRP on one calm page, every value with its source.
 * "Something is wrong?" next to a value sends a correction report (terugmelding); the kiosk
 * keeps nothing of it. Signed out, or when the sign-in ended, the page says so and offers to
 * sign in; everything shown is dropped at once.
 */
struct _LoketMyDataPage
{
  LoketPage          parent_instance;

  GListStore        *person_rows;   /* (owned) of LoketDataRow */
  GListStore        *address_rows;  /* (owned) */
  GListStore        *partner_rows;  /* (owned) */
  GListStore        *child_rows;    /* (owned) */
  char              *report_field;  /* (owned) (nullable): the BRP path being reported */
  char              *report_value;  /* (owned) (nullable): zeroed */
  GCancellable      *cancellable;   /* (owned) (nullable): a report being sent */

  GtkScrolledWindow *scroller;
  GtkStack          *state_stack;
  AdwStatusPage     *signed_out_status;
  GtkListBox        *person_list;
  GtkListBox        *address_list;
  GtkWidget         *partners_box;
  GtkListBox        *partners_list;
  GtkWidget         *children_box;
  GtkListBox        *children_list;
  GtkRevealer       *report_revealer;
  GtkLabel          *report_title;
  GtkEntry          *report_entry;
  GtkWidget         *send_button;
  GtkLabel          *report_status;
};

G_DEFINE_FINAL_TYPE (LoketMyDataPage, loket_my_data_page, LOKET_TYPE_PAGE)

/* ---- one value of the register ---- */

#define LOKET_TYPE_DATA_ROW (loket_data_row_get_type ())
G_DECLARE_FINAL_TYPE (LoketDataRow, loket_data_row, LOKET, DATA_ROW, GObject)

struct _LoketDataRow
{
  GObject  parent_instance;

  char    *label; /* (owned): what the value is, in the citizen's language */
  char    *value; /* (owned): personal, zeroed */
  char    *field; /* (owned): the BRP fields path, for a correction report */
};

G_DEFINE_FINAL_TYPE (LoketDataRow, loket_data_row, G_TYPE_OBJECT)

static void
loket_data_row_finalize (GObject *object)
{
  LoketDataRow *self = LOKET_DATA_ROW (object);

  g_free (self->label);
  loket_secure_free (self->value);
  g_free (self->field);

  G_OBJECT_CLASS (loket_data_row_parent_class)->finalize (object);
}

static void
loket_data_row_class_init (LoketDataRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_data_row_finalize;
}

static void
loket_data_row_init (LoketDataRow *self)
{
}

/* Takes @value. */
static void
add_row (GListStore *store,
         const char *label,
         char       *value,
         const char *field)
{
  LoketDataRow *row;

  if (value == NULL)
    return;
  row = g_object_new (LOKET_TYPE_DATA_ROW, NULL);
  row->label = g_strdup (label);
  row->value = value;
  row->field = g_strdup (field);
  g_list_store_append (store, row);
  g_object_unref (row);
}

/* ---- building the page ---- */

static char *
format_date (const LoketDate *date)
{
  return loket_date_format (date);
}

static char *
describe_relative (const LoketRelative *relative,
                   gboolean             partner)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *birth = format_date (&relative->birth);
  g_autofree char *death = format_date (&relative->death);

  if (birth != NULL)
    /* Translators: %s is a date */
    g_string_append_printf (text, _("Born %s"), birth);
  if (relative->death.kind != LOKET_DATE_NONE)
    {
      if (text->len)
        g_string_append (text, "\n");
      if (death != NULL && relative->death.kind != LOKET_DATE_UNKNOWN)
        /* Translators: %s is a date */
        g_string_append_printf (text, _("Died %s"), death);
      else
        g_string_append (text, _("Died"));
    }
  if (partner)
    {
      g_autofree char *start = format_date (&relative->union_start);
      g_autofree char *end = format_date (&relative->union_end);
      gboolean partnership = g_strcmp0 (relative->union_kind, "P") == 0;

      if (text->len)
        g_string_append (text, "\n");
      if (relative->union_end.kind != LOKET_DATE_NONE)
        {
          if (relative->union_ended_by_death)
            g_string_append_printf (text, partnership
                                    /* Translators: %s is a date */
                                    ? _("Registered partnership ended by death on %s")
                                    /* Translators: %s is a date */
                                    : _("Marriage ended by death on %s"), end);
          else
            g_string_append_printf (text, partnership
                                    /* Translators: %s is a date */
                                    ? _("Registered partnership ended on %s")
                                    /* Translators: %s is a date */
                                    : _("Marriage ended on %s"), end);
        }
      else if (start != NULL)
        g_string_append_printf (text, partnership
                                /* Translators: %s is a date */
                                ? _("Registered partners since %s")
                                /* Translators: %s is a date */
                                : _("Married since %s"), start);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
relative_value (const LoketRelative *relative,
                gboolean             partner)
{
  g_autofree char *details = describe_relative (relative, partner);
  const char *name = relative->name ? relative->name : _("Name not known");

  return *details ? g_strconcat (name, "\n", details, NULL) : g_strdup (name);
}

static void
fill (LoketMyDataPage *self,
      LoketPerson     *person)
{
  const char * const *lines = loket_person_get_address_lines (person);
  char *address = NULL;

  add_row (self->person_rows, _("Name"), g_strdup (loket_person_get_name (person)), "naam");
  add_row (self->person_rows, _("Date of birth"), format_date (loket_person_get_birth (person)),
           "geboorte");

  switch (loket_person_get_address_kind (person))
    {
    case LOKET_ADDRESS_UNKNOWN:
      address = g_strdup (_("The register does not know where you live."));
      break;
    case LOKET_ADDRESS_NONE:
      break;
    case LOKET_ADDRESS_DUTCH:
    case LOKET_ADDRESS_LOCATION:
    case LOKET_ADDRESS_ABROAD:
    default:
      if (lines[0] != NULL)
        address = g_strjoinv ("\n", (char **) lines);
      break;
    }
  add_row (self->address_rows, loket_person_get_address_kind (person) == LOKET_ADDRESS_ABROAD
                               ? _("Address abroad") : _("Address"),
           address, "verblijfplaats");
  add_row (self->address_rows, _("Municipality"), g_strdup (loket_person_get_municipality (person)),
           "gemeenteVanInschrijving");

  for (guint i = 0; i < loket_person_get_n_partners (person); i++)
    add_row (self->partner_rows, _("Partner"),
             relative_value (loket_person_get_partner (person, i), TRUE), "partners");
  for (guint i = 0; i < loket_person_get_n_children (person); i++)
    add_row (self->child_rows, _("Child"),
             relative_value (loket_person_get_child (person, i), FALSE), "kinderen");

  gtk_widget_set_visible (self->partners_box, loket_person_get_n_partners (person) > 0);
  gtk_widget_set_visible (self->children_box, loket_person_get_n_children (person) > 0);
}

/* The line under the values: empty and hidden, or what happened to a report. */
static void
set_status (LoketMyDataPage *self,
            const char      *text)
{
  gtk_label_set_label (self->report_status, text);
  gtk_widget_set_visible (GTK_WIDGET (self->report_status), *text != '\0');
}

static void
close_report (LoketMyDataPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->report_field, g_free);
  loket_secure_clear (&self->report_value);
  gtk_editable_set_text (GTK_EDITABLE (self->report_entry), "");
  gtk_revealer_set_reveal_child (self->report_revealer, FALSE);
}

/* Drops everything shown and shows the page for @session's state. */
static void
update (LoketMyDataPage *self)
{
  LoketSession *session = loket_context_get_session (loket_page_get_context (LOKET_PAGE (self)));
  LoketPerson *person = loket_session_get_person (session);

  close_report (self);
  set_status (self, "");
  g_list_store_remove_all (self->person_rows);
  g_list_store_remove_all (self->address_rows);
  g_list_store_remove_all (self->partner_rows);
  g_list_store_remove_all (self->child_rows);

  if (loket_session_get_signed_in (session) && person != NULL)
    {
      fill (self, person);
      gtk_stack_set_visible_child_name (self->state_stack, "data");
      return;
    }

  if (loket_session_get_sign_in_expired (session))
    {
      adw_status_page_set_title (self->signed_out_status, _("Your sign-in has ended"));
      adw_status_page_set_description (self->signed_out_status,
                                       _("For your safety, a sign-in lasts only a short time. "
                                         "What was shown here has been removed. Sign in again "
                                         "to see it."));
    }
  else
    {
      adw_status_page_set_title (self->signed_out_status, _("You are not signed in"));
      adw_status_page_set_description (self->signed_out_status,
                                       _("Sign in with your phone to see what the government "
                                         "already knows about you."));
    }
  gtk_stack_set_visible_child_name (self->state_stack, "signed-out");
}

static void
on_report_clicked_cb (GtkButton *button,
                      gpointer   user_data)
{
  LoketMyDataPage *self = user_data;
  LoketDataRow *row = g_object_get_data (G_OBJECT (button), "loket-data-row");
  g_autofree char *title = NULL;

  close_report (self);
  self->report_field = g_strdup (row->field);
  self->report_value = g_strdup (row->value);
  /* Translators: %s is what the citizen reports as wrong: "Address", "Name", … */
  title = g_strdup_printf (_("Report a mistake in: %s"), row->label);
  gtk_label_set_label (self->report_title, title);
  set_status (self, "");
  gtk_widget_set_sensitive (self->send_button, TRUE);
  gtk_revealer_set_reveal_child (self->report_revealer, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->report_entry));
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  LoketDataRow *data = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (data->label);
  GtkWidget *value = gtk_label_new (data->value);
  GtkWidget *source = gtk_label_new (_("Source: Basisregistratie Personen (BRP)"));
  GtkWidget *report = gtk_button_new_with_label (_("Something is wrong?"));
  g_autofree char *report_name = NULL;

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (value, "loket-data-value");
  gtk_widget_add_css_class (source, "loket-source");
  gtk_widget_add_css_class (source, "dim-label");
  gtk_widget_add_css_class (box, "loket-data-row");
  gtk_widget_add_css_class (report, "flat");
  for (GtkWidget *w = label; w != NULL; w = w == label ? value : w == value ? source : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (w), 0);
      gtk_label_set_wrap (GTK_LABEL (w), TRUE);
      gtk_box_append (GTK_BOX (text), w);
    }
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (report, GTK_ALIGN_CENTER);
  /* Translators: accessible name of the button next to a value; %s is what it is ("Address") */
  report_name = g_strdup_printf (_("Something is wrong with: %s"), data->label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (report), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  report_name, -1);
  g_object_set_data_full (G_OBJECT (report), "loket-data-row", g_object_ref (data), g_object_unref);
  g_signal_connect (report, "clicked", G_CALLBACK (on_report_clicked_cb), user_data);

  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), report);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

static void
on_report_sent_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LoketMyDataPage) self = user_data;
  g_autoptr(GError) error = NULL;
  LoketSession *session;

  if (!loket_correction_send_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      session = loket_context_get_session (loket_page_get_context (LOKET_PAGE (self)));
      if (g_error_matches (error, LOKET_ERROR, LOKET_ERROR_EXPIRED))
        {
          /* The page follows the session to "Your sign-in has ended". */
          loket_session_expire_sign_in (session);
          return;
        }
      gtk_widget_set_sensitive (self->send_button, TRUE);
      set_status (self, loket_sign_in_describe_error (error));
      return;
    }

  close_report (self);
  gtk_label_set_label (self->report_status,
                       _("Thank you. The municipality will check this and contact you if "
                         "needed. This kiosk keeps nothing of your report."));
}

static void
on_endpoints_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LoketMyDataPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LoketEndpoints) endpoints = NULL;
  LoketSession *session;
  const char *explanation;

  endpoints = loket_discovery_load_finish (LOKET_DISCOVERY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->report_field == NULL)
    return;
  session = loket_context_get_session (loket_page_get_context (LOKET_PAGE (self)));
  if (endpoints == NULL || endpoints->correction_endpoint == NULL
      || loket_session_get_access_token (session) == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (LOKET_ERROR, LOKET_ERROR_UNAVAILABLE, "No correction endpoint");
      gtk_widget_set_sensitive (self->send_button, TRUE);
      set_status (self, loket_sign_in_describe_error (error));
      return;
    }

  explanation = gtk_editable_get_text (GTK_EDITABLE (self->report_entry));
  if (*explanation == '\0')
    explanation = _("The citizen reported at the kiosk that this is not correct.");
  loket_correction_send_async (loket_discovery_get_session (LOKET_DISCOVERY (object)),
                               endpoints->correction_endpoint,
                               loket_session_get_access_token (session),
                               self->report_field, self->report_value, explanation,
                               self->cancellable, on_report_sent_cb, g_object_ref (self));
}

static void
on_send_clicked_cb (LoketMyDataPage *self)
{
  LoketContext *context = loket_page_get_context (LOKET_PAGE (self));

  if (self->report_field == NULL)
    return;
  gtk_widget_set_sensitive (self->send_button, FALSE);
  set_status (self, _("Sending…"));
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  loket_discovery_load_async (loket_context_get_discovery (context), self->cancellable,
                              on_endpoints_cb, g_object_ref (self));
}

static void
on_cancel_report_clicked_cb (LoketMyDataPage *self)
{
  close_report (self);
  set_status (self, "");
}

static void
on_sign_out_clicked_cb (LoketMyDataPage *self)
{
  loket_session_sign_out (loket_context_get_session (loket_page_get_context (LOKET_PAGE (self))));
}

static void
loket_my_data_page_setup (LoketPage *page)
{
  LoketMyDataPage *self = LOKET_MY_DATA_PAGE (page);
  LoketSession *session = loket_context_get_session (loket_page_get_context (page));

  g_signal_connect_object (session, "notify::signed-in", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "wiped", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static gboolean
loket_my_data_page_switch_to (LoketPage  *page,
                              const char *argument)
{
  update (LOKET_MY_DATA_PAGE (page));
  return TRUE;
}

static void
loket_my_data_page_reset (LoketPage *page)
{
  update (LOKET_MY_DATA_PAGE (page));
}

static const char *
loket_my_data_page_get_title (LoketPage *page)
{
  return _("What we already know");
}

static GtkScrolledWindow *
loket_my_data_page_get_scroller (LoketPage *page)
{
  return LOKET_MY_DATA_PAGE (page)->scroller;
}

static void
loket_my_data_page_dispose (GObject *object)
{
  LoketMyDataPage *self = LOKET_MY_DATA_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_MY_DATA_PAGE);
  g_clear_object (&self->person_rows);
  g_clear_object (&self->address_rows);
  g_clear_object (&self->partner_rows);
  g_clear_object (&self->child_rows);
  g_clear_pointer (&self->report_field, g_free);
  loket_secure_clear (&self->report_value);

  G_OBJECT_CLASS (loket_my_data_page_parent_class)->dispose (object);
}

static void
loket_my_data_page_class_init (LoketMyDataPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LoketPageClass *page_class = LOKET_PAGE_CLASS (klass);

  object_class->dispose = loket_my_data_page_dispose;
  page_class->setup = loket_my_data_page_setup;
  page_class->switch_to = loket_my_data_page_switch_to;
  page_class->reset = loket_my_data_page_reset;
  page_class->get_title = loket_my_data_page_get_title;
  page_class->get_scroller = loket_my_data_page_get_scroller;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/loket-my-data-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketMyDataPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LoketMyDataPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, LoketMyDataPage, signed_out_status);
  gtk_widget_class_bind_template_child (widget_class, LoketMyDataPage, person_list);
  gtk_widget_class_bind_template_child (widget_class, LoketMyDataPage, address_list);
  gtk_widget_class_bind_template_child (widget_class, LoketMyDataPage, partners_box);
  gtk_widget_class_bind_template_child (widget_class, LoketMyDataPage, partners_list);
  gtk_widget_class_bind_template_child (widget_class, LoketMyDataPage, children_box);
  gtk_widget_class_bind_template_child (widget_class, LoketMyDataPage, children_list);
  gtk_widget_class_bind_template_child (widget_class, LoketMyDataPage, report_revealer);
  gtk_widget_class_bind_template_child (widget_class, LoketMyDataPage, report_title);
  gtk_widget_class_bind_template_child (widget_class, LoketMyDataPage, report_entry);
  gtk_widget_class_bind_template_child (widget_class, LoketMyDataPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, LoketMyDataPage, report_status);
  gtk_widget_class_bind_template_callback (widget_class, on_send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_report_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_out_clicked_cb);
}

static void
loket_my_data_page_init (LoketMyDataPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->person_rows = g_list_store_new (LOKET_TYPE_DATA_ROW);
  self->address_rows = g_list_store_new (LOKET_TYPE_DATA_ROW);
  self->partner_rows = g_list_store_new (LOKET_TYPE_DATA_ROW);
  self->child_rows = g_list_store_new (LOKET_TYPE_DATA_ROW);
  gtk_list_box_bind_model (self->person_list, G_LIST_MODEL (self->person_rows), create_row_cb,
                           self, NULL);
  gtk_list_box_bind_model (self->address_list, G_LIST_MODEL (self->address_rows), create_row_cb,
                           self, NULL);
  gtk_list_box_bind_model (self->partners_list, G_LIST_MODEL (self->partner_rows), create_row_cb,
                           self, NULL);
  gtk_list_box_bind_model (self->children_list, G_LIST_MODEL (self->child_rows), create_row_cb,
                           self, NULL);
}
