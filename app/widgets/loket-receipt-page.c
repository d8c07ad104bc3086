/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-receipt-page"

#include "config.h"

#include <glib/gi18n.h>
#include <qrencode.h>
#include <string.h>

#include "loket-receipt-page.h"
#include "loket-sign-in-page.h"
#include "loket-ui-utils.h"
#include "loket-window.h"

/**
 * LoketReceiptPage:
 *
 * After "Send": location "receipt:KEY/SERVICE[/LIFE_EVENT]", where KEY is the submission's
 * idempotency key. The submission is already sealed and on disk. Shows the reference number
 * (made from the key: no personal data), whether it reached the municipality or waits in the
 * outbox, what happens next and by when (the form's decision_days as working days, as a date in
 * the citizen's language), a QR code of the reference, and a printable copy.
 */
struct _LoketReceiptPage
{
  LoketPage          parent_instance;

  char              *key;           /* (owned) (nullable) */
  char              *reference;     /* (owned) (nullable) */
  char              *qr_text;       /* (owned) (nullable) */
  char              *case_number;   /* (owned) (nullable): the zaak, once delivered */
  char              *due_text;      /* (owned) (nullable) */
  char              *life_event_id; /* (owned) (nullable) */
  LoketService      *service;       /* (owned) (nullable) */
  guint              queued_id;
  guint              queued_delay;
  gulong             delivered_id;
  LoketOutbox       *outbox;        /* (owned) (nullable) */

  GtkScrolledWindow *scroller;
  GtkLabel          *reference_label;
  GtkLabel          *status_label;
  GtkImage          *qr_image;
  GtkLabel          *next_label;
  GtkLabel          *due_label;
  GtkWidget         *print_button;
  GtkWidget         *cases_button;
};

G_DEFINE_FINAL_TYPE (LoketReceiptPage, loket_receipt_page, LOKET_TYPE_PAGE)

#define QUEUED_DELAY_MS 2000 /* online, delivery takes well under a second */

/**
 * loket_add_working_days:
 *
 * Moves @date @days working days (Monday to Friday) on.
 */
void
loket_add_working_days (GDate *date,
                        guint  days)
{
  g_return_if_fail (date != NULL && g_date_valid (date));

  while (days > 0)
    {
      g_date_add_days (date, 1);
      if (g_date_get_weekday (date) != G_DATE_SATURDAY && g_date_get_weekday (date) != G_DATE_SUNDAY)
        days--;
    }
}

static void
set_status (LoketReceiptPage *self,
            const char       *text,
            const char       *css_class)
{
  gtk_label_set_label (self->status_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), css_class);
}

static void
show_delivered (LoketReceiptPage *self)
{
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->queued_id, g_source_remove);
  if (self->case_number != NULL)
    /* Translators: %s is the municipality's case number, for example LOKET-2026-000001 */
    text = g_strdup_printf (_("Sent to the municipality. Their case number is %s."), self->case_number);
  else
    text = g_strdup (_("Sent to the municipality."));
  set_status (self, text, "success");
}

static gboolean
on_queued_timeout_cb (gpointer user_data)
{
  LoketReceiptPage *self = user_data;
  GtkWidget *window;

  self->queued_id = 0;
  if (self->outbox != NULL && self->key != NULL && loket_outbox_is_pending (self->outbox, self->key))
    {
      const char *text = _("The kiosk cannot reach the municipality right now. Your request is saved "
                           "safely and locked, so only the municipality can read it. It will be sent "
                           "automatically as soon as the connection is back. You do not need to do "
                           "anything.");

      set_status (self, text, "warning");
      window = gtk_widget_get_ancestor (GTK_WIDGET (self), LOKET_TYPE_WINDOW);
      if (window != NULL)
        loket_window_announce (LOKET_WINDOW (window), text);
    }
  return G_SOURCE_REMOVE;
}

static void
on_outbox_delivered_cb (LoketOutbox      *outbox,
                        const char       *key,
                        const char       *identificatie,
                        LoketReceiptPage *self)
{
  if (self->key == NULL || g_strcmp0 (key, self->key) != 0)
    return;
  g_free (self->case_number);
  self->case_number = g_strdup (identificatie);
  show_delivered (self);
}

/* What the QR code holds: the reference, the service and the date, in the citizen's language;
 * nothing about the citizen. */
static char *
make_qr_text (LoketReceiptPage *self,
              LoketLanguage     language)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* Translators: the first line of the receipt's QR code */
  g_string_append_printf (text, "%s\n", _("Loket receipt"));
  /* Translators: a line of the receipt's QR code; %s is the reference number */
  g_string_append_printf (text, _("Reference: %s"), self->reference);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, "%s\n", loket_text_get (loket_service_get_title (self->service), language, NULL));
  if (self->due_text != NULL)
    g_string_append_printf (text, "%s\n", self->due_text);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_receipt (LoketReceiptPage *self)
{
  LoketLanguage language = loket_page_get_language (LOKET_PAGE (self));
  LoketForm *form = loket_service_get_form (self->service);
  g_autoptr(GdkTexture) qr = NULL;
  guint days = loket_form_get_decision_days (form);

  gtk_label_set_label (self->reference_label, self->reference);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reference_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->reference, -1);
  loket_set_label_text (self->next_label, loket_form_get_next (form), language);

  g_clear_pointer (&self->due_text, g_free);
  if (days > 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      GDate due;
      LoketDate date = { LOKET_DATE_FULL, 0, 0, 0 };
      g_autofree char *when = NULL;

      g_date_clear (&due, 1);
      g_date_set_dmy (&due, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
      loket_add_working_days (&due, days);
      date.year = g_date_get_year (&due);
      date.month = g_date_get_month (&due);
      date.day = g_date_get_day (&due);
      when = loket_date_format (&date);
      /* Translators: %s is a date, for example "5 December 2026" */
      self->due_text = g_strdup_printf (_("You will hear from the municipality by %s."), when);
    }
  gtk_label_set_label (self->due_label, self->due_text ? self->due_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->due_label), self->due_text != NULL);

  g_free (self->qr_text);
  self->qr_text = make_qr_text (self, language);
  qr = loket_qr_texture_new (self->qr_text, 6);
  gtk_image_set_from_paintable (self->qr_image, GDK_PAINTABLE (qr));

  gtk_widget_set_visible (self->cases_button,
                          loket_session_get_signed_in (loket_context_get_session (loket_page_get_context (LOKET_PAGE (self)))));

  if (self->outbox == NULL || !loket_outbox_is_pending (self->outbox, self->key))
    show_delivered (self);
  else
    {
      set_status (self, _("Your request is saved safely on this kiosk and is being sent to the municipality."),
                  NULL);
      g_clear_handle_id (&self->queued_id, g_source_remove);
      self->queued_id = g_timeout_add (self->queued_delay, on_queued_timeout_cb, self);
    }
}

/* ---- printing ---------------------------------------------------------------------------- */

static double
draw_text (GtkPrintContext *context,
           const char      *text,
           double           y,
           double           size,
           gboolean         bold,
           double           width)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");
  int height;

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_auto_dir (layout, TRUE);
  cairo_move_to (cr, 0, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_pixel_size (layout, NULL, &height);
  return y + height + size * 0.8;
}

static void
draw_qr (GtkPrintContext *context,
         const char      *text,
         double           x,
         double           y,
         double           size)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  QRcode *qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  double module;

  if (qr == NULL)
    return;
  module = size / qr->width;
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int row = 0; row < qr->width; row++)
    for (int col = 0; col < qr->width; col++)
      if (qr->data[row * qr->width + col] & 1)
        cairo_rectangle (cr, x + col * module, y + row * module, module, module);
  cairo_fill (cr);
  QRcode_free (qr);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 LoketReceiptPage  *self)
{
  LoketLanguage language = loket_page_get_language (LOKET_PAGE (self));
  double width = gtk_print_context_get_width (context);
  double qr_size = MIN (width / 3, 160);
  double y = 0;
  g_autofree char *reference = NULL;
  const LoketText *next = loket_form_get_next (loket_service_get_form (self->service));

  cairo_set_source_rgb (gtk_print_context_get_cairo_context (context), 0, 0, 0);
  y = draw_text (context, _("We have received your request"), y, 20, TRUE, width);
  y = draw_text (context, loket_text_get (loket_service_get_title (self->service), language, NULL), y, 14,
                 FALSE, width);
  /* Translators: on the printed receipt; %s is the reference number */
  reference = g_strdup_printf (_("Your reference number: %s"), self->reference);
  y = draw_text (context, reference, y, 16, TRUE, width - qr_size - 24);
  if (self->case_number != NULL)
    {
      g_autofree char *case_text = g_strdup_printf (_("Sent to the municipality. Their case number is %s."),
                                                    self->case_number);

      y = draw_text (context, case_text, y, 12, FALSE, width - qr_size - 24);
    }
  draw_qr (context, self->qr_text, width - qr_size, 60, qr_size);
  y = MAX (y, 60 + qr_size + 24);
  y = draw_text (context, _("What happens next"), y, 16, TRUE, width);
  if (next != NULL)
    y = draw_text (context, loket_text_get (next, language, NULL), y, 12, FALSE, width);
  if (self->due_text != NULL)
    y = draw_text (context, self->due_text, y, 12, TRUE, width);
  draw_text (context, _("Keep this receipt. It holds no personal details."), y, 10, FALSE, width);
}

static GtkPrintOperation *
new_print_operation (LoketReceiptPage *self)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  /* Translators: the name of the printed receipt, as a print queue shows it */
  g_autofree char *name = g_strdup_printf (_("Receipt %s"), self->reference);

  gtk_print_operation_set_job_name (operation, name);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), self);
  return operation;
}

static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  LoketReceiptPage        *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      g_warning ("Cannot print a receipt: %s", error ? error->message : "unknown error");
      set_status (self, _("The printer is not working. Please write down your reference number, or scan the "
                          "code with your phone."), "warning");
    }
  g_object_unref (operation);
}

static void
on_print_clicked_cb (LoketReceiptPage *self)
{
  GtkPrintOperation *operation;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GError) error = NULL;

  if (self->service == NULL)
    return;
  operation = new_print_operation (self);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "done", G_CALLBACK (on_print_done_cb), self);
  /* The kiosk's printer is the default one: no dialog for the citizen. */
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT,
                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    g_debug ("Printing failed at once: %s", error ? error->message : "");
}

static void
on_done_clicked_cb (LoketReceiptPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), LOKET_TYPE_WINDOW);
  g_autofree char *location = NULL;

  if (window == NULL)
    return;
  location = self->life_event_id ? g_strdup_printf ("life-event:%s", self->life_event_id)
                                 : g_strdup ("life-events");
  loket_window_replace (LOKET_WINDOW (window), location);
}

/* ---- LoketPage --------------------------------------------------------------------------- */

static void
clear_receipt (LoketReceiptPage *self)
{
  g_clear_handle_id (&self->queued_id, g_source_remove);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->reference, g_free);
  g_clear_pointer (&self->qr_text, g_free);
  g_clear_pointer (&self->case_number, g_free);
  g_clear_pointer (&self->due_text, g_free);
  g_clear_pointer (&self->life_event_id, g_free);
  g_clear_object (&self->service);
  if (self->reference_label != NULL)
    {
      gtk_label_set_label (self->reference_label, "");
      gtk_image_clear (self->qr_image);
    }
}

static void
loket_receipt_page_setup (LoketPage *page)
{
  LoketReceiptPage *self = LOKET_RECEIPT_PAGE (page);
  LoketOutbox *outbox = loket_context_get_outbox (loket_page_get_context (page));

  if (outbox != NULL)
    {
      self->outbox = g_object_ref (outbox);
      self->delivered_id = g_signal_connect_object (outbox, "delivered", G_CALLBACK (on_outbox_delivered_cb),
                                                    self, 0);
    }
}

static gboolean
loket_receipt_page_switch_to (LoketPage  *page,
                              const char *argument)
{
  LoketReceiptPage *self = LOKET_RECEIPT_PAGE (page);
  LoketCatalog *catalog = loket_context_get_catalog (loket_page_get_context (page));
  g_auto(GStrv) parts = g_strsplit (argument ? argument : "", "/", 3);
  LoketService *service;

  if (g_strv_length (parts) < 2 || *parts[0] == '\0'
      || (service = loket_catalog_lookup_service (catalog, parts[1])) == NULL
      || loket_service_get_form (service) == NULL)
    return FALSE;
  if (self->outbox == NULL)
    loket_receipt_page_setup (page);

  clear_receipt (self);
  self->key = g_strdup (parts[0]);
  self->reference = loket_outbox_reference_for_key (self->key);
  self->service = g_object_ref (service);
  self->life_event_id = parts[2] && *parts[2] ? g_strdup (parts[2]) : NULL;
  show_receipt (self);
  return TRUE;
}

static void
loket_receipt_page_reset (LoketPage *page)
{
  clear_receipt (LOKET_RECEIPT_PAGE (page));
}

static const char *
loket_receipt_page_get_title (LoketPage *page)
{
  return _("Request received");
}

static GtkScrolledWindow *
loket_receipt_page_get_scroller (LoketPage *page)
{
  return LOKET_RECEIPT_PAGE (page)->scroller;
}

static void
loket_receipt_page_dispose (GObject *object)
{
  LoketReceiptPage *self = LOKET_RECEIPT_PAGE (object);

  clear_receipt (self);
  if (self->outbox != NULL)
    g_clear_signal_handler (&self->delivered_id, self->outbox);
  g_clear_object (&self->outbox);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_RECEIPT_PAGE);

  G_OBJECT_CLASS (loket_receipt_page_parent_class)->dispose (object);
}

static void
loket_receipt_page_class_init (LoketReceiptPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LoketPageClass *page_class = LOKET_PAGE_CLASS (klass);

  object_class->dispose = loket_receipt_page_dispose;
  page_class->setup = loket_receipt_page_setup;
  page_class->switch_to = loket_receipt_page_switch_to;
  page_class->reset = loket_receipt_page_reset;
  page_class->get_title = loket_receipt_page_get_title;
  page_class->get_scroller = loket_receipt_page_get_scroller;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/loket-receipt-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketReceiptPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LoketReceiptPage, reference_label);
  gtk_widget_class_bind_template_child (widget_class, LoketReceiptPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LoketReceiptPage, qr_image);
  gtk_widget_class_bind_template_child (widget_class, LoketReceiptPage, next_label);
  gtk_widget_class_bind_template_child (widget_class, LoketReceiptPage, due_label);
  gtk_widget_class_bind_template_child (widget_class, LoketReceiptPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, LoketReceiptPage, cases_button);
  gtk_widget_class_bind_template_callback (widget_class, on_print_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_done_clicked_cb);
}

static void
loket_receipt_page_init (LoketReceiptPage *self)
{
  self->queued_delay = QUEUED_DELAY_MS;
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* What the QR code on the page holds (tests check that no personal data is in it). */
const char *
loket_receipt_page_get_qr_text (LoketReceiptPage *self)
{
  g_return_val_if_fail (LOKET_IS_RECEIPT_PAGE (self), NULL);

  return self->qr_text;
}

const char *
loket_receipt_page_get_reference (LoketReceiptPage *self)
{
  g_return_val_if_fail (LOKET_IS_RECEIPT_PAGE (self), NULL);

  return self->reference;
}

/* How long the page waits for delivery before it says the request is queued. */
void
loket_receipt_page_set_queued_delay (LoketReceiptPage *self,
                                     guint             ms)
{
  g_return_if_fail (LOKET_IS_RECEIPT_PAGE (self));

  self->queued_delay = ms;
}

/**
 * loket_receipt_page_export_pdf:
 * @path: the PDF file to write
 *
 * Writes the printable receipt to @path, as the printer would get it.
 */
gboolean
loket_receipt_page_export_pdf (LoketReceiptPage  *self,
                               const char        *path,
                               GError           **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;

  g_return_val_if_fail (LOKET_IS_RECEIPT_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (self->service != NULL, FALSE);

  operation = new_print_operation (self);
  gtk_print_operation_set_export_filename (operation, path);
  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error)
         != GTK_PRINT_OPERATION_RESULT_ERROR;
}
