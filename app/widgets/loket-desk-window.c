/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-desk-window"

#include "config.h"

#include <glib/gi18n.h>

#include "loket-desk-client.h"
#include "loket-error.h"
#include "loket-desk-window.h"
#include "loket-handover-page.h"
#include "loket-sign-in-page.h"

/**
 * LoketDeskWindow:
 *
 * `loket --desk`: the same application on a staff desktop. The queue of tickets made on the
 * kiosks, oldest first, each with what the citizen already did there, in the staff member's
 * language; "Call next" calls the oldest one. The queue refreshes itself every few seconds.
 */
struct _LoketDeskWindow
{
  AdwApplicationWindow  parent_instance;

  LoketContext         *context;      /* (owned) */
  GCancellable         *cancellable;  /* (owned) */
  guint                 refresh_id;
  guint                 n_waiting;
  gboolean              busy;

  GtkLabel             *called_number;
  GtkLabel             *called_details;
  GtkWidget            *called_box;
  GtkWidget            *call_button;
  GtkLabel             *waiting_label;
  GtkListBox           *queue_list;
  GtkLabel             *status_label;
};

G_DEFINE_FINAL_TYPE (LoketDeskWindow, loket_desk_window, ADW_TYPE_APPLICATION_WINDOW)

#define REFRESH_SECONDS 5

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef void (*EndpointReady) (LoketDeskWindow *self,
                               SoupSession     *session,
                               const char      *endpoint);

static char *
ticket_title (LoketDeskWindow       *self,
              const LoketDeskTicket *ticket)
{
  LoketLifeEvent *event = loket_catalog_lookup_life_event (loket_context_get_catalog (self->context),
                                                           ticket->life_event);

  if (event == NULL)
    return g_strdup (ticket->life_event);
  return g_strdup (loket_text_get (loket_life_event_get_title (event),
                                   loket_context_get_language (self->context), NULL));
}

static GtkWidget *
ticket_row (LoketDeskWindow       *self,
            const LoketDeskTicket *ticket)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *number = gtk_label_new (ticket->number);
  g_autofree char *title = ticket_title (self, ticket);
  g_autofree char *details = loket_handover_describe_ticket (loket_context_get_catalog (self->context),
                                                             ticket, loket_context_get_language (self->context));
  g_autofree char *wait = NULL;
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *details_label = gtk_label_new (details);
  GtkWidget *wait_label;

  /* Translators: how long a ticket in the desk's queue will still wait */
  if (ticket->estimated_wait_minutes == 0)
    /* Translators: in the desk's queue, the ticket that is called next */
    wait = g_strdup (_("next"));
  else
    wait = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %u minute", "about %u minutes",
                                         (gulong) ticket->estimated_wait_minutes),
                            (guint) ticket->estimated_wait_minutes);
  wait_label = gtk_label_new (wait);
  gtk_widget_add_css_class (number, "loket-desk-number");
  gtk_widget_set_valign (number, GTK_ALIGN_START);
  gtk_widget_add_css_class (title_label, "title-3");
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (details_label), 0);
  gtk_label_set_wrap (GTK_LABEL (details_label), TRUE);
  gtk_widget_set_hexpand (text_box, TRUE);
  gtk_widget_set_valign (wait_label, GTK_ALIGN_START);
  gtk_widget_add_css_class (wait_label, "dim-label");
  gtk_box_append (GTK_BOX (text_box), title_label);
  gtk_box_append (GTK_BOX (text_box), details_label);
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), text_box);
  gtk_box_append (GTK_BOX (box), wait_label);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, ticket->number, -1);
  return row;
}

static void
set_status (LoketDeskWindow *self,
            const char      *text)
{
  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), *text != '\0');
}

typedef struct
{
  LoketDeskWindow *self;     /* (owned) */
  EndpointReady    ready;
} EndpointRequest;

static void
on_endpoints_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  EndpointRequest *request = user_data;
  g_autoptr(LoketDeskWindow) self = request->self;
  g_autoptr(LoketEndpoints) endpoints = NULL;
  g_autoptr(GError) error = NULL;
  EndpointReady ready = request->ready;

  g_free (request);
  endpoints = loket_discovery_load_finish (LOKET_DISCOVERY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (endpoints == NULL || endpoints->desk_endpoint == NULL)
    {
      self->busy = FALSE;
      gtk_widget_set_sensitive (self->call_button, TRUE);
      set_status (self, _("The queue cannot be reached. Check the network; the list tries again by itself."));
      return;
    }
  ready (self, loket_discovery_get_session (LOKET_DISCOVERY (object)), endpoints->desk_endpoint);
}

static void
with_endpoint (LoketDeskWindow *self,
               EndpointReady    ready)
{
  EndpointRequest *request = g_new0 (EndpointRequest, 1);

  request->self = g_object_ref (self);
  request->ready = ready;
  loket_discovery_load_async (loket_context_get_discovery (self->context), self->cancellable,
                              on_endpoints_cb, request);
}

static void
on_list_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LoketDeskWindow) self = user_data;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *waiting = NULL;

  tickets = loket_desk_list_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (tickets == NULL)
    {
      set_status (self, _("The queue cannot be reached. Check the network; the list tries again by itself."));
      return;
    }
  set_status (self, "");
  /* GTK 4.8 has no gtk_list_box_remove_all(). */
  for (GtkWidget *row; (row = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list))) != NULL;)
    gtk_list_box_remove (self->queue_list, row);
  for (guint i = 0; i < tickets->len; i++)
    gtk_list_box_append (self->queue_list, ticket_row (self, tickets->pdata[i]));
  self->n_waiting = tickets->len;
  if (tickets->len == 0)
    waiting = g_strdup (_("Nobody is waiting."));
  else
    waiting = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person is waiting",
                                            "%u people are waiting", tickets->len), tickets->len);
  gtk_label_set_label (self->waiting_label, waiting);
  gtk_widget_set_sensitive (self->call_button, tickets->len > 0);
}

static void
list_ready (LoketDeskWindow *self,
            SoupSession     *session,
            const char      *endpoint)
{
  loket_desk_list_async (session, endpoint, self->cancellable, on_list_cb, g_object_ref (self));
}

/**
 * loket_desk_window_refresh:
 *
 * Reads the queue again now.
 */
void
loket_desk_window_refresh (LoketDeskWindow *self)
{
  g_return_if_fail (LOKET_IS_DESK_WINDOW (self));

  if (self->busy)
    return;
  self->busy = TRUE;
  with_endpoint (self, list_ready);
}

static void
on_called_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LoketDeskWindow) self = user_data;
  g_autoptr(LoketDeskTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *details = NULL;
  g_autofree char *text = NULL;

  ticket = loket_desk_call_next_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  gtk_widget_set_sensitive (self->call_button, TRUE);
  if (ticket == NULL)
    {
      set_status (self, g_error_matches (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND)
                        ? _("Nobody is waiting.") : _("The queue cannot be reached. Check the network; the list tries again by itself."));
      loket_desk_window_refresh (self);
      return;
    }
  title = ticket_title (self, ticket);
  details = loket_handover_describe_ticket (loket_context_get_catalog (self->context), ticket,
                                            loket_context_get_language (self->context));
  text = g_strconcat (title, "\n", details, NULL);
  gtk_label_set_label (self->called_number, ticket->number);
  gtk_label_set_label (self->called_details, text);
  gtk_widget_set_visible (self->called_box, TRUE);
  loket_desk_window_refresh (self);
}

static void
call_ready (LoketDeskWindow *self,
            SoupSession     *session,
            const char      *endpoint)
{
  loket_desk_call_next_async (session, endpoint, self->cancellable, on_called_cb, g_object_ref (self));
}

static void
on_call_clicked_cb (LoketDeskWindow *self)
{
  if (self->busy)
    return;
  self->busy = TRUE;
  gtk_widget_set_sensitive (self->call_button, FALSE);
  with_endpoint (self, call_ready);
}

static gboolean
on_refresh_cb (gpointer user_data)
{
  loket_desk_window_refresh (user_data);
  return G_SOURCE_CONTINUE;
}

static void
loket_desk_window_constructed (GObject *object)
{
  LoketDeskWindow *self = LOKET_DESK_WINDOW (object);

  G_OBJECT_CLASS (loket_desk_window_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  loket_desk_window_refresh (self);
  self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, on_refresh_cb, self);
}

static void
loket_desk_window_dispose (GObject *object)
{
  LoketDeskWindow *self = LOKET_DESK_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_DESK_WINDOW);

  G_OBJECT_CLASS (loket_desk_window_parent_class)->dispose (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
}

static void
loket_desk_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, LOKET_DESK_WINDOW (object)->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_desk_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTEXT:
      LOKET_DESK_WINDOW (object)->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_desk_window_class_init (LoketDeskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = loket_desk_window_constructed;
  object_class->dispose = loket_desk_window_dispose;
  object_class->get_property = loket_desk_window_get_property;
  object_class->set_property = loket_desk_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, LOKET_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/loket-desk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketDeskWindow, called_number);
  gtk_widget_class_bind_template_child (widget_class, LoketDeskWindow, called_details);
  gtk_widget_class_bind_template_child (widget_class, LoketDeskWindow, called_box);
  gtk_widget_class_bind_template_child (widget_class, LoketDeskWindow, call_button);
  gtk_widget_class_bind_template_child (widget_class, LoketDeskWindow, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, LoketDeskWindow, queue_list);
  gtk_widget_class_bind_template_child (widget_class, LoketDeskWindow, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_call_clicked_cb);
}

static void
loket_desk_window_init (LoketDeskWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

LoketDeskWindow *
loket_desk_window_new (GtkApplication *application,
                       LoketContext   *context)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (LOKET_IS_CONTEXT (context), NULL);

  return g_object_new (LOKET_TYPE_DESK_WINDOW, "application", application, "context", context, NULL);
}

guint
loket_desk_window_get_n_waiting (LoketDeskWindow *self)
{
  g_return_val_if_fail (LOKET_IS_DESK_WINDOW (self), 0);
  return self->n_waiting;
}
