/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-handover-page"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "loket-entitlements-view.h"
#include "loket-error.h"
#include "loket-handover-page.h"
#include "loket-sign-in-page.h"
#include "loket-staff.h"
#include "loket-ui-utils.h"
#include "loket-window.h"

/**
 * LoketHandoverPage:
 *
 * Location "handover:EVENT": "Talk to a person", the warm hand-over. The citizen says what they
 * need (an interpreter, read-aloud, larger text) and gets a ticket for the desk; the ticket
 * carries the life event, the language, the needs and what was done here by catalog ids — never
 * a BSN or a name. The number is shown large, with the estimated wait.
 *
 * Assisted mode: a staff member who comes to the kiosk opens the staff view of this visit with
 * the staff PIN (rate-limited); leaving it, or the end of the visit, leaves nothing behind.
 */
struct _LoketHandoverPage
{
  LoketPage          parent_instance;

  LoketLifeEvent    *event;        /* (owned) (nullable) */
  GCancellable      *cancellable;  /* (owned) (nullable): the ticket being made */
  LoketStaffLock    *staff_lock;   /* (owned) (nullable) */
  LoketIdleClock     staff_clock;
  gpointer           staff_clock_data;
  guint              wait_id;      /* counts down the wait before the next PIN */

  GtkScrolledWindow *scroller;
  GtkLabel          *event_label;
  GtkCheckButton    *interpreter_check;
  GtkCheckButton    *read_aloud_check;
  GtkCheckButton    *larger_text_check;
  GtkWidget         *ticket_button;
  GtkLabel          *status_label;
  GtkWidget         *request_box;
  GtkWidget         *ticket_box;
  GtkLabel          *number_label;
  GtkLabel          *wait_label;
  GtkWidget         *staff_button;
  GtkRevealer       *pin_revealer;
  GtkEditable       *pin_entry;
  GtkWidget         *pin_button;
  GtkLabel          *pin_status;
  GtkWidget         *staff_box;
  GtkLabel          *staff_summary;
};

G_DEFINE_FINAL_TYPE (LoketHandoverPage, loket_handover_page, LOKET_TYPE_PAGE)

static const char *
describe_need (const char *code)
{
  if (g_str_equal (code, LOKET_DESK_NEED_INTERPRETER))
    return _("An interpreter");
  if (g_str_equal (code, LOKET_DESK_NEED_READ_ALOUD))
    return _("Texts read aloud");
  if (g_str_equal (code, LOKET_DESK_NEED_LARGER_TEXT))
    return _("Larger text");
  if (g_str_equal (code, LOKET_DESK_NEED_CONTRAST))
    return _("High contrast");
  return code;
}

/**
 * loket_handover_describe_ticket:
 *
 * What the staff member reads about a ticket, in the interface language now set (the desk's).
 *
 * Returns: (transfer full): lines of text
 */
char *
loket_handover_describe_ticket (LoketCatalog          *catalog,
                                const LoketDeskTicket *ticket,
                                LoketLanguage          language)
{
  LoketLifeEvent *event = loket_catalog_lookup_life_event (catalog, ticket->life_event);
  g_autoptr(LoketDeskSummary) summary = loket_desk_summary_parse (ticket->summary);
  GString *text = g_string_new (NULL);
  LoketLanguage citizen;

  if (loket_language_from_code (ticket->language, &citizen))
    /* Translators: %s is the name of a language in that language, such as "العربية" */
    g_string_append_printf (text, _("Language: %s"), loket_language_get_native_name (citizen));
  else
    g_string_append_printf (text, _("Language: %s"), ticket->language);

  if (ticket->needs != NULL && ticket->needs[0] != NULL)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("Needs:"));
      for (guint i = 0; ticket->needs[i] != NULL; i++)
        g_string_append_printf (text, "%s %s", i ? "," : "", describe_need (ticket->needs[i]));
    }

  if (summary == NULL)
    {
      if (ticket->summary != NULL && *ticket->summary != '\0')
        g_string_append_printf (text, "\n%s", ticket->summary);
      return g_string_free (text, FALSE);
    }

  if (event != NULL)
    {
      GListModel *steps = loket_life_event_get_steps (event);
      guint n_done = g_strv_length (summary->steps_done);

      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Done on the kiosk: %u of %u step",
                                                 "Done on the kiosk: %u of %u steps",
                                                 g_list_model_get_n_items (steps)),
                              n_done, g_list_model_get_n_items (steps));
      for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
        {
          g_autoptr(LoketStep) step = g_list_model_get_item (steps, i);

          if (g_strv_contains ((const char *const *) summary->steps_done, loket_step_get_id (step)))
            g_string_append_printf (text, "\n  ✓ %s",
                                    loket_text_get (loket_step_get_title (step), language, NULL));
        }
    }
  if (summary->entitlements[0] != NULL)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("May be entitled to:"));
      for (guint i = 0; summary->entitlements[i] != NULL; i++)
        {
          LoketService *service = loket_catalog_lookup_service (catalog, summary->entitlements[i]);

          g_string_append_printf (text, "\n  • %s", service
                                  ? loket_text_get (loket_service_get_title (service), language, NULL)
                                  : summary->entitlements[i]);
        }
    }
  g_string_append_c (text, '\n');
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u request sent from the kiosk",
                                             "%u requests sent from the kiosk", summary->n_requests),
                          summary->n_requests);
  return g_string_free (text, FALSE);
}

/**
 * loket_handover_build_summary:
 *
 * @n_requests: requests sent in this visit
 *
 * Returns: (transfer full): the summary of this visit for a ticket about @event: the steps
 *   ticked, what the citizen may be entitled to (ids, loket_entitlements_dup_found()) and the
 *   number of requests sent
 */
char *
loket_handover_build_summary (LoketContext   *context,
                              LoketLifeEvent *event,
                              guint           n_requests)
{
  LoketSession *session = loket_context_get_session (context);
  GListModel *steps = loket_life_event_get_steps (event);
  g_autoptr(GStrvBuilder) done = g_strv_builder_new ();
  g_auto(GStrv) done_ids = NULL;
  g_auto(GStrv) found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
    {
      g_autoptr(LoketStep) step = g_list_model_get_item (steps, i);

      if (loket_session_get_step_done (session, loket_life_event_get_id (event), loket_step_get_id (step)))
        g_strv_builder_add (done, loket_step_get_id (step));
    }
  done_ids = g_strv_builder_end (done);
  found = loket_entitlements_dup_found (context, loket_life_event_get_id (event));
  return loket_desk_summary_build ((const char *const *) done_ids, (const char *const *) found,
                                   n_requests);
}

static guint
n_requests (LoketHandoverPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return LOKET_IS_WINDOW (root) ? loket_window_get_n_requests (LOKET_WINDOW (root)) : 0;
}

static void
set_status (LoketHandoverPage *self,
            const char        *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), *text != '\0');
  if (*text != '\0' && LOKET_IS_WINDOW (root))
    loket_window_announce (LOKET_WINDOW (root), text);
}

static void
show_ticket (LoketHandoverPage     *self,
             const LoketDeskTicket *ticket)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *wait = NULL;
  g_autofree char *spoken = NULL;

  gtk_label_set_label (self->number_label, ticket->number);
  if (ticket->estimated_wait_minutes == 0)
    wait = g_strdup (_("You are next."));
  else
    /* Translators: the estimated wait at the desk */
    wait = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Waiting time: about %u minute",
                                         "Waiting time: about %u minutes",
                                         (gulong) ticket->estimated_wait_minutes),
                            (guint) ticket->estimated_wait_minutes);
  gtk_label_set_label (self->wait_label, wait);
  gtk_widget_set_visible (self->request_box, FALSE);
  gtk_widget_set_visible (self->ticket_box, TRUE);

  /* Translators: read aloud when the ticket is made; %s is the number, such as A001 */
  spoken = g_strdup_printf (_("Your number is %s."), ticket->number);
  if (LOKET_IS_WINDOW (root))
    {
      g_autofree char *text = g_strconcat (spoken, " ", wait, NULL);

      loket_window_announce (LOKET_WINDOW (root), text);
    }
}

static void
on_ticket_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LoketHandoverPage) self = user_data;
  g_autoptr(LoketDeskTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  ticket = loket_desk_create_ticket_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (self->ticket_button, TRUE);
  if (ticket == NULL)
    {
      set_status (self, _("No ticket could be made. Please go to the desk, or try again."));
      return;
    }
  set_status (self, "");
  show_ticket (self, ticket);
}

static void
on_endpoints_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LoketHandoverPage) self = user_data;
  g_autoptr(LoketEndpoints) endpoints = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) needs = g_strv_builder_new ();
  g_auto(GStrv) need_codes = NULL;
  g_autofree char *summary = NULL;
  LoketContext *context = loket_page_get_context (LOKET_PAGE (self));

  endpoints = loket_discovery_load_finish (LOKET_DISCOVERY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->event == NULL)
    return;
  if (endpoints == NULL || endpoints->desk_endpoint == NULL)
    {
      gtk_widget_set_sensitive (self->ticket_button, TRUE);
      set_status (self, _("No ticket could be made. Please go to the desk, or try again."));
      return;
    }

  if (gtk_check_button_get_active (self->interpreter_check))
    g_strv_builder_add (needs, LOKET_DESK_NEED_INTERPRETER);
  if (gtk_check_button_get_active (self->read_aloud_check))
    g_strv_builder_add (needs, LOKET_DESK_NEED_READ_ALOUD);
  if (gtk_check_button_get_active (self->larger_text_check))
    g_strv_builder_add (needs, LOKET_DESK_NEED_LARGER_TEXT);
  if (loket_context_get_high_contrast (context))
    g_strv_builder_add (needs, LOKET_DESK_NEED_CONTRAST);
  need_codes = g_strv_builder_end (needs);
  summary = loket_handover_build_summary (context, self->event, n_requests (self));

  loket_desk_create_ticket_async (loket_discovery_get_session (LOKET_DISCOVERY (object)),
                                  endpoints->desk_endpoint, loket_life_event_get_id (self->event),
                                  loket_language_get_code (loket_context_get_language (context)),
                                  (const char *const *) need_codes, summary, self->cancellable,
                                  on_ticket_cb, g_object_ref (self));
}

static void
on_ticket_clicked_cb (LoketHandoverPage *self)
{
  LoketContext *context = loket_page_get_context (LOKET_PAGE (self));

  if (self->event == NULL)
    return;
  gtk_widget_set_sensitive (self->ticket_button, FALSE);
  set_status (self, _("Making your ticket…"));
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  loket_discovery_load_async (loket_context_get_discovery (context), self->cancellable,
                              on_endpoints_cb, g_object_ref (self));
}

/* ---- assisted mode ---- */

static void
leave_staff_view (LoketHandoverPage *self)
{
  gboolean was_open = gtk_widget_get_visible (self->staff_box);

  gtk_editable_set_text (self->pin_entry, "");
  gtk_label_set_label (self->pin_status, "");
  gtk_label_set_label (self->staff_summary, "");
  gtk_widget_set_visible (self->staff_box, FALSE);
  gtk_revealer_set_reveal_child (self->pin_revealer, FALSE);
  g_clear_handle_id (&self->wait_id, g_source_remove);
  if (was_open)
    g_message ("Assisted mode closed");
}

static LoketStaffLock *
get_staff_lock (LoketHandoverPage *self)
{
  /* Made once and kept: the wait after wrong PINs must survive leaving the page. */
  if (self->staff_lock == NULL)
    {
      GSettings *settings = loket_context_get_settings (loket_page_get_context (LOKET_PAGE (self)));
      g_autofree char *hash = g_settings_get_string (settings, "staff-pin-hash");

      self->staff_lock = loket_staff_lock_new (hash);
      if (self->staff_clock != NULL)
        loket_staff_lock_set_clock (self->staff_lock, self->staff_clock, self->staff_clock_data);
    }
  return self->staff_lock;
}

static void
show_wait (LoketHandoverPage *self)
{
  guint wait = loket_staff_lock_get_wait (get_staff_lock (self));
  g_autofree char *text = NULL;

  if (wait == 0)
    {
      gtk_label_set_label (self->pin_status, _("Wrong PIN. Try again."));
      gtk_widget_set_sensitive (self->pin_button, TRUE);
      return;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Wrong PIN. Wait %u second before you try again.",
                                       "Wrong PIN. Wait %u seconds before you try again.", wait), wait);
  gtk_label_set_label (self->pin_status, text);
  gtk_widget_set_sensitive (self->pin_button, FALSE);
}

static gboolean
on_wait_tick_cb (gpointer user_data)
{
  LoketHandoverPage *self = user_data;

  show_wait (self);
  if (loket_staff_lock_get_wait (get_staff_lock (self)) > 0)
    return G_SOURCE_CONTINUE;
  self->wait_id = 0;
  return G_SOURCE_REMOVE;
}

static void
open_staff_view (LoketHandoverPage *self)
{
  LoketContext *context = loket_page_get_context (LOKET_PAGE (self));
  LoketDeskTicket ticket = { 0 };
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GStrvBuilder) needs = g_strv_builder_new ();
  g_auto(GStrv) need_codes = NULL;

  g_clear_handle_id (&self->wait_id, g_source_remove);
  if (self->event == NULL)
    return;
  if (gtk_check_button_get_active (self->interpreter_check))
    g_strv_builder_add (needs, LOKET_DESK_NEED_INTERPRETER);
  if (loket_context_get_text_size (context) != LOKET_TEXT_SIZE_NORMAL)
    g_strv_builder_add (needs, LOKET_DESK_NEED_LARGER_TEXT);
  need_codes = g_strv_builder_end (needs);
  summary = loket_handover_build_summary (context, self->event, n_requests (self));
  ticket.life_event = (char *) loket_life_event_get_id (self->event);
  ticket.language = (char *) loket_language_get_code (loket_context_get_language (context));
  ticket.needs = need_codes;
  ticket.summary = summary;
  text = loket_handover_describe_ticket (loket_context_get_catalog (context), &ticket,
                                         loket_context_get_language (context));
  gtk_label_set_label (self->staff_summary, text);
  gtk_editable_set_text (self->pin_entry, "");
  gtk_label_set_label (self->pin_status, "");
  gtk_revealer_set_reveal_child (self->pin_revealer, FALSE);
  gtk_widget_set_visible (self->staff_box, TRUE);
}

static void
on_pin_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LoketHandoverPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean right = loket_staff_lock_check_finish (LOKET_STAFF_LOCK (object), result, &error);

  gtk_editable_set_text (self->pin_entry, "");
  gtk_widget_set_sensitive (self->pin_button, TRUE);
  if (right)
    {
      open_staff_view (self);
      return;
    }
  if (error != NULL && !loket_staff_lock_has_pin (LOKET_STAFF_LOCK (object)))
    {
      gtk_label_set_label (self->pin_status, _("Assisted mode is not set up on this kiosk."));
      return;
    }
  show_wait (self);
  if (loket_staff_lock_get_wait (LOKET_STAFF_LOCK (object)) > 0 && self->wait_id == 0)
    self->wait_id = g_timeout_add_seconds (1, on_wait_tick_cb, self);
}

static void
on_pin_activate_cb (LoketHandoverPage *self)
{
  g_autofree char *pin = g_strdup (gtk_editable_get_text (self->pin_entry));

  /* The lock itself refuses while the staff member must wait. */
  if (*pin == '\0')
    return;
  gtk_widget_set_sensitive (self->pin_button, FALSE);
  gtk_label_set_label (self->pin_status, _("Checking…"));
  loket_staff_lock_check_async (get_staff_lock (self), pin, NULL, on_pin_checked_cb,
                                g_object_ref (self));
  explicit_bzero (pin, strlen (pin));
}

static void
on_staff_clicked_cb (LoketHandoverPage *self)
{
  gtk_revealer_set_reveal_child (self->pin_revealer, !gtk_revealer_get_reveal_child (self->pin_revealer));
  if (gtk_revealer_get_reveal_child (self->pin_revealer))
    gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
}

static void
on_leave_staff_clicked_cb (LoketHandoverPage *self)
{
  leave_staff_view (self);
}

/* ---- the page ---- */

static void
show_event (LoketHandoverPage *self,
            LoketLifeEvent    *event)
{
  LoketContext *context = loket_page_get_context (LOKET_PAGE (self));
  LoketSpeech *speech = loket_context_get_speech (context);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->event, event);
  leave_staff_view (self);
  gtk_widget_set_visible (self->request_box, TRUE);
  gtk_widget_set_visible (self->ticket_box, FALSE);
  gtk_widget_set_sensitive (self->ticket_button, TRUE);
  gtk_label_set_label (self->number_label, "");
  gtk_label_set_label (self->wait_label, "");
  set_status (self, "");
  gtk_check_button_set_active (self->interpreter_check, FALSE);
  gtk_check_button_set_active (self->read_aloud_check, speech != NULL && loket_speech_get_enabled (speech));
  gtk_check_button_set_active (self->larger_text_check,
                               loket_context_get_text_size (context) != LOKET_TEXT_SIZE_NORMAL);
  if (event == NULL)
    gtk_label_set_label (self->event_label, "");
  else
    loket_set_label_text (self->event_label, loket_life_event_get_title (event),
                          loket_page_get_language (LOKET_PAGE (self)));
}

static gboolean
loket_handover_page_switch_to (LoketPage  *page,
                               const char *argument)
{
  LoketHandoverPage *self = LOKET_HANDOVER_PAGE (page);
  LoketCatalog *catalog = loket_context_get_catalog (loket_page_get_context (page));
  LoketLifeEvent *event = loket_catalog_lookup_life_event (catalog, argument);

  if (event == NULL)
    return FALSE;
  if (event != self->event)
    show_event (self, event);
  return TRUE;
}

static void
loket_handover_page_switch_from (LoketPage *page)
{
  leave_staff_view (LOKET_HANDOVER_PAGE (page));
}

static void
loket_handover_page_reset (LoketPage *page)
{
  show_event (LOKET_HANDOVER_PAGE (page), NULL);
}

static const char *
loket_handover_page_get_title (LoketPage *page)
{
  return _("Talk to a person");
}

static GtkScrolledWindow *
loket_handover_page_get_scroller (LoketPage *page)
{
  return LOKET_HANDOVER_PAGE (page)->scroller;
}

static void
loket_handover_page_dispose (GObject *object)
{
  LoketHandoverPage *self = LOKET_HANDOVER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->wait_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_HANDOVER_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->event);
  g_clear_object (&self->staff_lock);

  G_OBJECT_CLASS (loket_handover_page_parent_class)->dispose (object);
}

static void
loket_handover_page_class_init (LoketHandoverPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LoketPageClass *page_class = LOKET_PAGE_CLASS (klass);

  object_class->dispose = loket_handover_page_dispose;
  page_class->switch_to = loket_handover_page_switch_to;
  page_class->switch_from = loket_handover_page_switch_from;
  page_class->reset = loket_handover_page_reset;
  page_class->get_title = loket_handover_page_get_title;
  page_class->get_scroller = loket_handover_page_get_scroller;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/loket-handover-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, event_label);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, interpreter_check);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, read_aloud_check);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, larger_text_check);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, ticket_button);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, request_box);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, ticket_box);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, number_label);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, wait_label);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, staff_button);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, pin_revealer);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, pin_button);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, pin_status);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, staff_box);
  gtk_widget_class_bind_template_child (widget_class, LoketHandoverPage, staff_summary);
  gtk_widget_class_bind_template_callback (widget_class, on_ticket_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_staff_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leave_staff_clicked_cb);
}

static void
loket_handover_page_init (LoketHandoverPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * loket_handover_page_set_staff_clock:
 *
 * For tests: the clock of the PIN's rate limit.
 */
void
loket_handover_page_set_staff_clock (LoketHandoverPage *self,
                                     LoketIdleClock     clock,
                                     gpointer           user_data)
{
  g_return_if_fail (LOKET_IS_HANDOVER_PAGE (self));

  self->staff_clock = clock;
  self->staff_clock_data = user_data;
  g_clear_object (&self->staff_lock);
}
