/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-form-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "loket-error.h"
#include "loket-form-page.h"
#include "loket-prefill.h"
#include "loket-ui-utils.h"
#include "loket-window.h"

/**
 * LoketFormPage:
 *
 * A request at the kiosk: location "form:SERVICE" or "form:SERVICE/LIFE_EVENT". What the session
 * already knows (after sign-in: the BRP) is shown as known, with its source, and not asked; the
 * rest is one question per row. Errors are shown GOV.UK-style: a summary at the top that links
 * to each field, and next to the field what is wrong and how to fix it, with what was typed
 * kept; every message is the field's accessible description and is spoken when read-aloud is on.
 * "Send" seals the answers into the outbox; only once they are on disk does the receipt say
 * "received".
 */
struct _LoketFormPage
{
  LoketPage          parent_instance;

  LoketService      *service;       /* (owned) (nullable) */
  LoketForm         *form;          /* (owned) (nullable) */
  char              *life_event_id; /* (owned) (nullable) */
  LoketFacts        *facts;         /* (owned) (nullable) */
  GPtrArray         *rows;          /* (owned) of (owned) FieldRow */
  GDate              today;         /* invalid: the real date */
  GCancellable      *cancellable;   /* (owned) (nullable): the submission under way */
  GBytes            *submission;    /* (owned) (nullable): while the endpoints are read */
  GHashTable        *kept;          /* (owned) (nullable): field id → typed text, across sign-in */
  char              *kept_service;  /* (owned) (nullable): the form @kept belongs to */

  GtkScrolledWindow *scroller;
  GtkLabel          *title_label;
  GtkLabel          *intro_label;
  GtkWidget         *summary_box;
  GtkWidget         *summary_list;
  GtkWidget         *known_box;
  GtkListBox        *known_list;
  GtkWidget         *sign_in_box;
  GtkWidget         *fields_box;
  GtkLabel          *status_label;
  GtkWidget         *send_button;
};

G_DEFINE_FINAL_TYPE (LoketFormPage, loket_form_page, LOKET_TYPE_PAGE)

typedef struct
{
  const LoketFormField *field;       /* (unowned): the form outlives the row */
  GtkWidget            *error_label; /* (unowned) */
  GtkWidget            *entry;       /* (unowned) (nullable) */
  GPtrArray            *choices;     /* (owned) (nullable) of (unowned) GtkCheckButton */
} FieldRow;

static void
field_row_free (FieldRow *row)
{
  g_clear_pointer (&row->choices, g_ptr_array_unref);
  g_free (row);
}

static LoketContext *
get_context (LoketFormPage *self)
{
  return loket_page_get_context (LOKET_PAGE (self));
}

static void
get_today (LoketFormPage *self,
           GDate         *today)
{
  if (g_date_valid (&self->today))
    *today = self->today;
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_clear (today, 1);
      g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }
}

static void
free_kept (gpointer text)
{
  memset (text, 0, strlen (text));
  g_free (text);
}

static void
remove_children (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

/* Personal data typed in the entries is cleared when the visit ends. */
static void
clear_form (LoketFormPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->submission, g_bytes_unref);
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);

      if (row->entry != NULL)
        gtk_editable_set_text (GTK_EDITABLE (row->entry), "");
    }
  g_ptr_array_set_size (self->rows, 0);
  remove_children (self->fields_box);
  remove_children (GTK_WIDGET (self->known_list));
  remove_children (self->summary_list);
  gtk_widget_set_visible (self->summary_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  g_clear_pointer (&self->facts, loket_facts_unref);
  g_clear_object (&self->form);
  g_clear_object (&self->service);
  g_clear_pointer (&self->life_event_id, g_free);
  gtk_widget_set_sensitive (self->send_button, TRUE);
}

static void
forget_kept (LoketFormPage *self)
{
  g_clear_pointer (&self->kept, g_hash_table_unref);
  g_clear_pointer (&self->kept_service, g_free);
}

static const char *
describe_source (const char *source)
{
  if (g_strcmp0 (source, LOKET_FACT_SOURCE_BRP) == 0)
    return _("Source: Basisregistratie Personen (BRP)");
  return _("Source: what you told us before");
}

static void
add_known_row (LoketFormPage        *self,
               const LoketFormField *field,
               LoketLanguage         language)
{
  const char *source = NULL;
  const char *value = loket_facts_get (self->facts, field->prefill, &source);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (loket_text_get (field->label, language, NULL));
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *source_label = gtk_label_new (describe_source (source));
  g_autofree char *accessible = NULL;

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 16);
  gtk_widget_set_margin_end (box, 16);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_box_append (GTK_BOX (box), source_label);
  for (GtkWidget *w = title; w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      gtk_label_set_xalign (GTK_LABEL (w), 0);
      gtk_label_set_wrap (GTK_LABEL (w), TRUE);
    }
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (value_label, "loket-known-value");
  gtk_widget_add_css_class (value_label, "loket-private");
  gtk_widget_add_css_class (source_label, "loket-source");
  gtk_widget_add_css_class (source_label, "dim-label");
  gtk_list_box_append (self->known_list, box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (box)), FALSE);
  /* Translators: a field the kiosk already knows, read out: "Your name: Jan Jansen. Source: …" */
  accessible = g_strdup_printf (_("%s: %s. %s"), loket_text_get (field->label, language, NULL),
                                value, describe_source (source));
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
add_question (LoketFormPage        *self,
              const LoketFormField *field,
              LoketLanguage         language)
{
  FieldRow *row = g_new0 (FieldRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *label;
  GtkWidget *hint = NULL;
  const char *label_text = loket_text_get (field->label, language, NULL);
  g_autofree char *optional = NULL;

  row->field = field;
  if (!field->required)
    {
      /* Translators: a question's label for a question that may be left empty */
      optional = g_strdup_printf (_("%s (optional)"), label_text);
      label_text = optional;
    }
  label = gtk_label_new (label_text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "loket-question");
  gtk_box_append (GTK_BOX (box), label);

  if (field->hint != NULL)
    {
      hint = gtk_label_new (NULL);
      loket_set_label_text (GTK_LABEL (hint), field->hint, language);
      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_box_append (GTK_BOX (box), hint);
    }

  row->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (row->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (row->error_label), 0);
  gtk_widget_add_css_class (row->error_label, "loket-field-error");
  gtk_widget_set_visible (row->error_label, FALSE);
  gtk_box_append (GTK_BOX (box), row->error_label);

  if (field->type == LOKET_FIELD_CHOICE)
    {
      GtkCheckButton *group = NULL;

      row->choices = g_ptr_array_new ();
      for (guint i = 0; field->options != NULL && i < field->options->len; i++)
        {
          LoketFormOption *option = g_ptr_array_index (field->options, i);
          GtkWidget *check = gtk_check_button_new_with_label (loket_text_get (option->label, language, NULL));

          g_object_set_data_full (G_OBJECT (check), "value", g_strdup (option->value), g_free);
          if (group != NULL)
            gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
          else
            group = GTK_CHECK_BUTTON (check);
          gtk_widget_add_css_class (check, "loket-choice");
          gtk_box_append (GTK_BOX (box), check);
          g_ptr_array_add (row->choices, check);
        }
      gtk_accessible_update_relation (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      label, NULL, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label_text, -1);
    }
  else
    {
      row->entry = gtk_entry_new ();
      gtk_widget_add_css_class (row->entry, "loket-entry");
      gtk_entry_set_activates_default (GTK_ENTRY (row->entry), FALSE);
      if (field->type == LOKET_FIELD_BSN || field->type == LOKET_FIELD_NUMBER)
        gtk_entry_set_input_purpose (GTK_ENTRY (row->entry), GTK_INPUT_PURPOSE_DIGITS);
      else if (field->type == LOKET_FIELD_TEXT && field->max_length > 0)
        gtk_entry_set_max_length (GTK_ENTRY (row->entry), (int) field->max_length);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label_text, -1);
      if (hint != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (row->entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                        gtk_label_get_label (GTK_LABEL (hint)), -1);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), row->entry);
      if (self->kept != NULL && g_hash_table_contains (self->kept, field->id))
        gtk_editable_set_text (GTK_EDITABLE (row->entry), g_hash_table_lookup (self->kept, field->id));
      gtk_box_append (GTK_BOX (box), row->entry);
    }
  g_object_set_data (G_OBJECT (box), "field-id", field->id);
  gtk_box_append (GTK_BOX (self->fields_box), box);
  g_ptr_array_add (self->rows, row);
}

static void
build_form (LoketFormPage *self)
{
  LoketLanguage language = loket_page_get_language (LOKET_PAGE (self));
  LoketSession *session = loket_context_get_session (get_context (self));
  guint n_known = 0;

  gtk_label_set_label (self->title_label, loket_text_get (loket_service_get_title (self->service), language, NULL));
  self->facts = loket_facts_new_for_person (loket_session_get_signed_in (session)
                                            ? loket_session_get_person (session) : NULL);
  for (guint i = 0; i < loket_form_get_n_fields (self->form); i++)
    {
      const LoketFormField *field = loket_form_get_field (self->form, i);

      if (loket_form_field_is_known (field, self->facts))
        {
          add_known_row (self, field, language);
          n_known++;
        }
      else
        add_question (self, field, language);
    }
  forget_kept (self);
  /* Issue 9: questions not written in the citizen's language yet come with a note saying so. */
  {
    LoketLanguage shown = language;

    for (guint i = 0; i < loket_form_get_n_fields (self->form); i++)
      {
        LoketLanguage field_shown;

        loket_text_get (loket_form_get_field (self->form, i)->label, language, &field_shown);
        if (field_shown != language)
          shown = field_shown;
      }
    loket_show_fallback_note (self->fields_box, language, shown);
  }
  gtk_widget_set_visible (self->known_box, n_known > 0);
  gtk_widget_set_visible (self->sign_in_box, !loket_session_get_signed_in (session));
  gtk_label_set_label (self->intro_label,
                       n_known > 0 ? _("We only ask what we do not know yet. Check what we already know, "
                                       "then answer the questions below.")
                                   : _("Answer the questions below. Your answers are sent safely to the "
                                       "municipality."));
}

static const char *
row_value (FieldRow *row)
{
  if (row->entry != NULL)
    return gtk_editable_get_text (GTK_EDITABLE (row->entry));
  for (guint i = 0; row->choices != NULL && i < row->choices->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (row->choices, i)))
      return g_object_get_data (G_OBJECT (g_ptr_array_index (row->choices, i)), "value");
  return NULL;
}

static GtkWidget *
row_focus_widget (FieldRow *row)
{
  return row->entry ? row->entry : g_ptr_array_index (row->choices, 0);
}

static void
set_row_error (FieldRow   *row,
               const char *message)
{
  GtkWidget *target = row_focus_widget (row);

  gtk_label_set_label (GTK_LABEL (row->error_label), message ? message : "");
  gtk_widget_set_visible (row->error_label, message != NULL);
  if (row->entry != NULL)
    {
      if (message != NULL)
        gtk_widget_add_css_class (row->entry, "error");
      else
        gtk_widget_remove_css_class (row->entry, "error");
    }
  gtk_accessible_update_state (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_STATE_INVALID,
                               message ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE, -1);
  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    message, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
on_summary_link_clicked_cb (GtkButton *button,
                            GtkWidget *target)
{
  gtk_widget_grab_focus (target);
}

static void
announce (LoketFormPage *self,
          const char    *text)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), LOKET_TYPE_WINDOW);

  if (window != NULL)
    loket_window_announce (LOKET_WINDOW (window), text);
}

static void
show_status (LoketFormPage *self,
             const char    *message)
{
  gtk_label_set_label (self->status_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
  announce (self, message);
}

/* Checks every question; shows the errors and fills @answers with the normalised answers. */
static guint
check_answers (LoketFormPage *self,
               GHashTable    *answers)
{
  LoketLanguage language = loket_page_get_language (LOKET_PAGE (self));
  g_autoptr(GString) spoken = g_string_new (NULL);
  GDate today;
  guint n_errors = 0;

  get_today (self, &today);
  remove_children (self->summary_list);
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);
      g_autofree char *normalised = NULL;
      LoketValidity validity = loket_form_field_validate (row->field, row_value (row), &today, &normalised);

      if (validity == LOKET_VALIDITY_OK)
        {
          set_row_error (row, NULL);
          if (normalised != NULL)
            g_hash_table_insert (answers, row->field->id, g_steal_pointer (&normalised));
        }
      else
        {
          g_autofree char *message = loket_form_field_message (row->field, validity, &today, language);
          GtkWidget *link = gtk_button_new_with_label (message);

          set_row_error (row, message);
          gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (link))), TRUE);
          gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (link))), 0);
          gtk_widget_add_css_class (link, "flat");
          gtk_widget_add_css_class (link, "loket-error-link");
          gtk_accessible_update_property (GTK_ACCESSIBLE (link), GTK_ACCESSIBLE_PROPERTY_LABEL, message, -1);
          g_signal_connect (link, "clicked", G_CALLBACK (on_summary_link_clicked_cb), row_focus_widget (row));
          gtk_box_append (GTK_BOX (self->summary_list), link);
          g_string_append_printf (spoken, " %s", message);
          n_errors++;
        }
    }
  gtk_widget_set_visible (self->summary_box, n_errors > 0);
  if (n_errors > 0)
    {
      g_autofree char *text = g_strdup_printf ("%s.%s", _("There is a problem"), spoken->str);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self->summary_box), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      spoken->str, -1);
      gtk_widget_grab_focus (self->summary_box);
      loket_page_set_scroll (LOKET_PAGE (self), 0);
      announce (self, text);
    }
  return n_errors;
}

static void
submission_failed (LoketFormPage *self,
                   const char    *message)
{
  g_clear_pointer (&self->submission, g_bytes_unref);
  gtk_widget_set_sensitive (self->send_button, TRUE);
  show_status (self, message);
}

static void
on_enqueued_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LoketFormPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = loket_outbox_enqueue_finish (LOKET_OUTBOX (object), result, &error);
  g_autofree char *location = NULL;
  GtkWidget *window;

  if (key == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Cannot store a submission: %s", error->message);
      submission_failed (self, _("Your request could not be saved on this kiosk, so nothing was sent. "
                                 "Please try again, or ask at the desk."));
      return;
    }

  g_message ("A request for %s is sealed and stored", loket_form_get_service_id (self->form));
  location = self->life_event_id
    ? g_strdup_printf ("receipt:%s/%s/%s", key, loket_form_get_service_id (self->form), self->life_event_id)
    : g_strdup_printf ("receipt:%s/%s", key, loket_form_get_service_id (self->form));
  window = gtk_widget_get_ancestor (GTK_WIDGET (self), LOKET_TYPE_WINDOW);
  if (window != NULL)
    loket_window_replace (LOKET_WINDOW (window), location);
}

static void
on_endpoints_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LoketFormPage) self = user_data;
  g_autoptr(LoketEndpoints) endpoints = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) public_key = NULL;
  g_autoptr(GBytes) submission = g_steal_pointer (&self->submission);
  LoketOutbox *outbox = loket_context_get_outbox (get_context (self));

  endpoints = loket_discovery_load_finish (LOKET_DISCOVERY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || submission == NULL)
    return;
  /* Offline: seal to the key the back-end published last; the outbox sends it later. */
  if (endpoints == NULL)
    endpoints = loket_discovery_dup_last (LOKET_DISCOVERY (object));
  if (endpoints == NULL || endpoints->intake_endpoint == NULL || endpoints->intake_public_key == NULL
      || outbox == NULL
      || (public_key = loket_outbox_parse_public_key (endpoints->intake_public_key, NULL)) == NULL)
    {
      submission_failed (self, _("This kiosk cannot send requests right now, so nothing was sent. "
                                 "Please ask at the desk."));
      return;
    }
  loket_outbox_enqueue_async (outbox, endpoints->intake_endpoint, public_key, submission,
                              self->cancellable, on_enqueued_cb, g_object_ref (self));
}

static void
on_send_clicked_cb (LoketFormPage *self)
{
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  LoketContext *context = get_context (self);

  if (self->form == NULL || self->submission != NULL || !gtk_widget_get_sensitive (self->send_button))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  if (check_answers (self, answers) > 0)
    return;

  gtk_widget_set_sensitive (self->send_button, FALSE);
  self->submission = loket_form_build_submission (self->form, self->life_event_id, answers, self->facts,
                                                  now, loket_context_get_language (context));
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  loket_discovery_load_async (loket_context_get_discovery (context), self->cancellable, on_endpoints_cb,
                              g_object_ref (self));
}

static void
keep_answers (LoketFormPage *self)
{
  forget_kept (self);
  self->kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_kept);
  self->kept_service = g_strdup (loket_service_get_id (self->service));
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);

      if (row->entry != NULL && *gtk_editable_get_text (GTK_EDITABLE (row->entry)) != '\0')
        g_hash_table_insert (self->kept, g_strdup (row->field->id),
                             g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->entry))));
    }
}

/* Signed out or the sign-in ended while the form is open: what the register said goes from the
 * screen; what the citizen typed stays. */
static void
on_session_signed_in_cb (LoketFormPage *self)
{
  g_autoptr(LoketService) service = NULL;
  g_autofree char *life_event_id = NULL;

  if (self->service == NULL || self->facts == NULL || loket_facts_get_size (self->facts) == 0
      || loket_session_get_signed_in (loket_context_get_session (get_context (self))))
    return;
  keep_answers (self);
  service = g_object_ref (self->service);
  life_event_id = g_strdup (self->life_event_id);
  clear_form (self);
  self->service = g_steal_pointer (&service);
  self->form = g_object_ref (loket_service_get_form (self->service));
  self->life_event_id = g_steal_pointer (&life_event_id);
  build_form (self);
}

static void
on_sign_in_clicked_cb (LoketFormPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), LOKET_TYPE_WINDOW);
  g_autofree char *location = NULL;

  if (window == NULL || self->service == NULL)
    return;

  /* What was typed so far comes back once the citizen has signed in. */
  keep_answers (self);
  location = self->life_event_id
    ? g_strdup_printf ("sign-in:form:%s/%s", loket_service_get_id (self->service), self->life_event_id)
    : g_strdup_printf ("sign-in:form:%s", loket_service_get_id (self->service));
  loket_window_navigate (LOKET_WINDOW (window), location);
}

static void
loket_form_page_setup (LoketPage *page)
{
  g_signal_connect_object (loket_context_get_session (loket_page_get_context (page)), "notify::signed-in",
                           G_CALLBACK (on_session_signed_in_cb), page, G_CONNECT_SWAPPED);
}

static gboolean
loket_form_page_switch_to (LoketPage  *page,
                           const char *argument)
{
  LoketFormPage *self = LOKET_FORM_PAGE (page);
  LoketCatalog *catalog = loket_context_get_catalog (loket_page_get_context (page));
  g_auto(GStrv) parts = g_strsplit (argument ? argument : "", "/", 2);
  LoketService *service;

  if (parts[0] == NULL || (service = loket_catalog_lookup_service (catalog, parts[0])) == NULL
      || loket_service_get_form (service) == NULL)
    return FALSE;

  clear_form (self);
  if (g_strcmp0 (self->kept_service, loket_service_get_id (service)) != 0)
    forget_kept (self);
  self->service = g_object_ref (service);
  self->form = g_object_ref (loket_service_get_form (service));
  self->life_event_id = parts[1] && *parts[1] ? g_strdup (parts[1]) : NULL;
  build_form (self);
  return TRUE;
}

static void
loket_form_page_switch_from (LoketPage *page)
{
  clear_form (LOKET_FORM_PAGE (page));
}

static void
loket_form_page_reset (LoketPage *page)
{
  forget_kept (LOKET_FORM_PAGE (page));
  clear_form (LOKET_FORM_PAGE (page));
}

static const char *
loket_form_page_get_title (LoketPage *page)
{
  LoketFormPage *self = LOKET_FORM_PAGE (page);

  if (self->service == NULL)
    return NULL;
  return loket_text_get (loket_service_get_title (self->service), loket_page_get_language (page), NULL);
}

static GtkScrolledWindow *
loket_form_page_get_scroller (LoketPage *page)
{
  return LOKET_FORM_PAGE (page)->scroller;
}

static void
loket_form_page_dispose (GObject *object)
{
  LoketFormPage *self = LOKET_FORM_PAGE (object);

  forget_kept (self);
  if (self->rows != NULL)
    clear_form (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_FORM_PAGE);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (loket_form_page_parent_class)->dispose (object);
}

static void
loket_form_page_class_init (LoketFormPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LoketPageClass *page_class = LOKET_PAGE_CLASS (klass);

  object_class->dispose = loket_form_page_dispose;
  page_class->setup = loket_form_page_setup;
  page_class->switch_to = loket_form_page_switch_to;
  page_class->switch_from = loket_form_page_switch_from;
  page_class->reset = loket_form_page_reset;
  page_class->get_title = loket_form_page_get_title;
  page_class->get_scroller = loket_form_page_get_scroller;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/loket-form-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketFormPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LoketFormPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LoketFormPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, LoketFormPage, summary_box);
  gtk_widget_class_bind_template_child (widget_class, LoketFormPage, summary_list);
  gtk_widget_class_bind_template_child (widget_class, LoketFormPage, known_box);
  gtk_widget_class_bind_template_child (widget_class, LoketFormPage, known_list);
  gtk_widget_class_bind_template_child (widget_class, LoketFormPage, sign_in_box);
  gtk_widget_class_bind_template_child (widget_class, LoketFormPage, fields_box);
  gtk_widget_class_bind_template_child (widget_class, LoketFormPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LoketFormPage, send_button);
  gtk_widget_class_bind_template_callback (widget_class, on_send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_clicked_cb);
}

static void
loket_form_page_init (LoketFormPage *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) field_row_free);
  g_date_clear (&self->today, 1);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * loket_form_page_set_today:
 * @today: (nullable): the date to check answers against, for tests; %NULL for the real date
 */
void
loket_form_page_set_today (LoketFormPage *self,
                           const GDate   *today)
{
  g_return_if_fail (LOKET_IS_FORM_PAGE (self));

  if (today != NULL)
    self->today = *today;
  else
    g_date_clear (&self->today, 1);
}
