/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-sign-in-page"

#include "config.h"

#include <glib/gi18n.h>
#include <qrencode.h>
#include <string.h>

#include "loket-error.h"
#include "loket-sign-in.h"
#include "loket-sign-in-page.h"
#include "loket-window.h"

/**
 * LoketSignInPage:
 *
 * Location "sign-in" or "sign-in:NEXT". Shows a large QR code of the verification URI with the
 * code, the user code in very large type for those who type it, and how long it stays valid,
 * while #LoketSignIn polls. Once signed in, the kiosk goes on to NEXT (the back stack stays as
 * it was), or back to where the citizen was; "Cancel" and "Back" return there at once. A
 * failure shows what happened in plain words, with "Try again".
 */
struct _LoketSignInPage
{
  LoketPage          parent_instance;

  LoketSignIn       *sign_in;  /* (owned) (nullable): made in setup */
  char              *next;     /* (owned) (nullable): where to go once signed in */
  guint              tick_id;  /* the countdown */
  guint              time_unit;
  guint              brp_deadline;

  GtkScrolledWindow *scroller;
  GtkStack          *state_stack;
  GtkLabel          *busy_label;
  GtkImage          *qr_image;
  GtkLabel          *uri_label;
  GtkLabel          *code_label;
  GtkLabel          *time_label;
  AdwStatusPage     *error_status;
};

G_DEFINE_FINAL_TYPE (LoketSignInPage, loket_sign_in_page, LOKET_TYPE_PAGE)

#define QR_QUIET_ZONE 4 /* modules of white around the code, as the standard asks */

/**
 * loket_qr_texture_new:
 * @text: what the code holds
 * @module_size: pixels per module
 *
 * Returns: (transfer full) (nullable): a QR code of @text (error correction M), black on white
 *   with its quiet zone, made with libqrencode; %NULL if @text cannot be encoded
 */
GdkTexture *
loket_qr_texture_new (const char *text,
                      int         module_size)
{
  QRcode *qr;
  g_autoptr(GBytes) bytes = NULL;
  guchar *pixels;
  int modules, size, stride;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (module_size > 0, NULL);

  qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == NULL)
    return NULL;

  modules = qr->width + 2 * QR_QUIET_ZONE;
  size = modules * module_size;
  stride = size * 3;
  pixels = g_malloc (stride * size);
  memset (pixels, 0xff, stride * size);
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++)
      {
        if ((qr->data[y * qr->width + x] & 1) == 0)
          continue;
        for (int dy = 0; dy < module_size; dy++)
          memset (pixels + ((y + QR_QUIET_ZONE) * module_size + dy) * stride
                  + (x + QR_QUIET_ZONE) * module_size * 3, 0, module_size * 3);
      }
  QRcode_free (qr);

  bytes = g_bytes_new_take (pixels, stride * size);
  return gdk_memory_texture_new (size, size, GDK_MEMORY_R8G8B8, bytes, stride);
}

/**
 * loket_sign_in_describe_error:
 *
 * Returns: what went wrong with a sign-in or a question to the BRP, in the citizen's words
 */
const char *
loket_sign_in_describe_error (const GError *error)
{
  if (error == NULL || error->domain != LOKET_ERROR)
    return _("Something went wrong. Please try again, or ask at the desk.");

  switch ((LoketError) error->code)
    {
    case LOKET_ERROR_EXPIRED:
      return _("The time to sign in has run out. Press “Try again” for a new code.");
    case LOKET_ERROR_DENIED:
      return _("The sign-in was refused on your phone. Nothing was shared. You can try again.");
    case LOKET_ERROR_NOT_FOUND:
      return _("You signed in, but the Basisregistratie Personen has no details for you. "
               "Please ask at the desk.");
    case LOKET_ERROR_TIMEOUT:
      return _("The register is taking too long to answer. Please try again in a moment.");
    case LOKET_ERROR_NETWORK:
      return _("The kiosk cannot reach the municipality right now. Please try again in a "
               "moment, or ask at the desk.");
    case LOKET_ERROR_UNAVAILABLE:
      return _("This service is not available right now. Please try again later, or ask at "
               "the desk.");
    case LOKET_ERROR_INVALID_DATA:
    case LOKET_ERROR_STORAGE:
    default:
      return _("Something went wrong on our side. Please try again, or ask at the desk.");
    }
}

static void
stop_countdown (LoketSignInPage *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

static gboolean
on_tick_cb (gpointer user_data)
{
  LoketSignInPage *self = user_data;
  gint64 left = loket_sign_in_get_expires_at (self->sign_in) - g_get_monotonic_time ();
  gint64 seconds = MAX (left, 0) / (gint64) self->time_unit / 1000;
  g_autofree char *text = NULL;

  /* Translators: how long the sign-in code still works; %d:%02d is minutes:seconds */
  text = g_strdup_printf (_("This code works for another %d:%02d minutes"),
                          (int) (seconds / 60), (int) (seconds % 60));
  gtk_label_set_label (self->time_label, text);
  return left > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
show_code (LoketSignInPage *self)
{
  const LoketDeviceCode *code = loket_sign_in_get_code (self->sign_in);
  const char *qr_text = code->verification_uri_complete ? code->verification_uri_complete
                                                        : code->verification_uri;
  g_autoptr(GdkTexture) texture = loket_qr_texture_new (qr_text, 8);

  gtk_image_set_from_paintable (self->qr_image, GDK_PAINTABLE (texture));
  if (texture != NULL)
    gtk_image_set_pixel_size (self->qr_image, gdk_texture_get_width (texture));
  gtk_label_set_label (self->uri_label, code->verification_uri);
  gtk_label_set_label (self->code_label, code->user_code);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->code_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, code->user_code, -1);
  stop_countdown (self);
  on_tick_cb (self);
  self->tick_id = g_timeout_add (MAX (self->time_unit / 4, 10), on_tick_cb, self);
  gtk_stack_set_visible_child_name (self->state_stack, "code");
}

static void
finish (LoketSignInPage *self)
{
  LoketWindow *window = LOKET_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  g_autofree char *next = g_steal_pointer (&self->next);

  if (next != NULL)
    loket_window_replace (window, next);
  else if (!loket_window_go_back (window))
    loket_window_replace (window, "my-data");
}

static void
on_sign_in_state_cb (LoketSignInPage *self)
{
  switch (loket_sign_in_get_state (self->sign_in))
    {
    case LOKET_SIGN_IN_STARTING:
      stop_countdown (self);
      gtk_label_set_label (self->busy_label, _("Getting a sign-in code…"));
      gtk_stack_set_visible_child_name (self->state_stack, "busy");
      break;
    case LOKET_SIGN_IN_WAITING:
      show_code (self);
      break;
    case LOKET_SIGN_IN_FETCHING:
      stop_countdown (self);
      gtk_label_set_label (self->busy_label,
                           _("You are signed in. Looking up what we already know…"));
      gtk_stack_set_visible_child_name (self->state_stack, "busy");
      break;
    case LOKET_SIGN_IN_DONE:
      stop_countdown (self);
      finish (self);
      break;
    case LOKET_SIGN_IN_FAILED:
      stop_countdown (self);
      adw_status_page_set_description (self->error_status,
                                       loket_sign_in_describe_error (loket_sign_in_get_error (self->sign_in)));
      gtk_stack_set_visible_child_name (self->state_stack, "error");
      break;
    case LOKET_SIGN_IN_IDLE:
    default:
      stop_countdown (self);
      break;
    }
}

static void
on_try_again_clicked_cb (LoketSignInPage *self)
{
  loket_sign_in_start (self->sign_in);
}

static void
clear_code (LoketSignInPage *self)
{
  gtk_image_clear (self->qr_image);
  gtk_label_set_label (self->code_label, "");
  gtk_label_set_label (self->uri_label, "");
  gtk_label_set_label (self->time_label, "");
}

static void
loket_sign_in_page_setup (LoketPage *page)
{
  LoketSignInPage *self = LOKET_SIGN_IN_PAGE (page);
  LoketContext *context = loket_page_get_context (page);

  self->sign_in = loket_sign_in_new (loket_context_get_discovery (context),
                                     loket_context_get_session (context));
  g_signal_connect_object (self->sign_in, "notify::state", G_CALLBACK (on_sign_in_state_cb), self,
                           G_CONNECT_SWAPPED);
}

static gboolean
loket_sign_in_page_switch_to (LoketPage  *page,
                              const char *argument)
{
  LoketSignInPage *self = LOKET_SIGN_IN_PAGE (page);

  g_free (self->next);
  self->next = argument && *argument ? g_strdup (argument) : NULL;
  clear_code (self);
  loket_sign_in_set_time_unit (self->sign_in, self->time_unit);
  loket_sign_in_set_brp_deadline (self->sign_in, self->brp_deadline);
  loket_sign_in_start (self->sign_in);
  return TRUE;
}

static void
loket_sign_in_page_switch_from (LoketPage *page)
{
  LoketSignInPage *self = LOKET_SIGN_IN_PAGE (page);

  /* Cancel, Back, Stop or done: nothing of this attempt stays. */
  stop_countdown (self);
  loket_sign_in_cancel (self->sign_in);
  clear_code (self);
}

static void
loket_sign_in_page_reset (LoketPage *page)
{
  LoketSignInPage *self = LOKET_SIGN_IN_PAGE (page);

  loket_sign_in_page_switch_from (page);
  g_clear_pointer (&self->next, g_free);
  gtk_stack_set_visible_child_name (self->state_stack, "busy");
}

static const char *
loket_sign_in_page_get_title (LoketPage *page)
{
  return _("Sign in");
}

static GtkScrolledWindow *
loket_sign_in_page_get_scroller (LoketPage *page)
{
  return LOKET_SIGN_IN_PAGE (page)->scroller;
}

static void
loket_sign_in_page_dispose (GObject *object)
{
  LoketSignInPage *self = LOKET_SIGN_IN_PAGE (object);

  stop_countdown (self);
  if (self->sign_in != NULL)
    loket_sign_in_cancel (self->sign_in);
  g_clear_object (&self->sign_in);
  g_clear_pointer (&self->next, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (loket_sign_in_page_parent_class)->dispose (object);
}

static void
loket_sign_in_page_class_init (LoketSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LoketPageClass *page_class = LOKET_PAGE_CLASS (klass);

  object_class->dispose = loket_sign_in_page_dispose;
  page_class->setup = loket_sign_in_page_setup;
  page_class->switch_to = loket_sign_in_page_switch_to;
  page_class->switch_from = loket_sign_in_page_switch_from;
  page_class->reset = loket_sign_in_page_reset;
  page_class->get_title = loket_sign_in_page_get_title;
  page_class->get_scroller = loket_sign_in_page_get_scroller;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/loket-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketSignInPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LoketSignInPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, LoketSignInPage, busy_label);
  gtk_widget_class_bind_template_child (widget_class, LoketSignInPage, qr_image);
  gtk_widget_class_bind_template_child (widget_class, LoketSignInPage, uri_label);
  gtk_widget_class_bind_template_child (widget_class, LoketSignInPage, code_label);
  gtk_widget_class_bind_template_child (widget_class, LoketSignInPage, time_label);
  gtk_widget_class_bind_template_child (widget_class, LoketSignInPage, error_status);
  gtk_widget_class_bind_template_callback (widget_class, on_try_again_clicked_cb);
}

static void
loket_sign_in_page_init (LoketSignInPage *self)
{
  self->time_unit = 1000;
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * loket_sign_in_page_set_time_unit:
 *
 * For tests: a faster clock for the sign-in's intervals and lifetime.
 */
void
loket_sign_in_page_set_time_unit (LoketSignInPage *self,
                                  guint            ms_per_second)
{
  g_return_if_fail (LOKET_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (ms_per_second > 0);

  self->time_unit = ms_per_second;
}

/**
 * loket_sign_in_page_set_brp_deadline:
 *
 * For tests: how long the BRP may take (0: the default).
 */
void
loket_sign_in_page_set_brp_deadline (LoketSignInPage *self,
                                     guint            deadline_ms)
{
  g_return_if_fail (LOKET_IS_SIGN_IN_PAGE (self));

  self->brp_deadline = deadline_ms;
}
