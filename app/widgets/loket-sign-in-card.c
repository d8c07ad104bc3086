/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-sign-in-card"

#include "config.h"

#include <glib/gi18n.h>

#include "loket-sign-in-card.h"

/**
 * LoketSignInCard:
 *
 * Offered wherever personal information helps (a life event, …): signed out, "Sign in" with a
 * word on why it is optional; signed in, "What we already know" and "Sign out". It never shows
 * a name, so nothing personal stays on a page the next citizen may see.
 */
struct _LoketSignInCard
{
  GtkWidget     parent_instance;

  LoketContext *context; /* (owned) (nullable) */

  GtkStack     *stack;
};

G_DEFINE_FINAL_TYPE (LoketSignInCard, loket_sign_in_card, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (LoketSignInCard *self)
{
  gboolean signed_in = loket_session_get_signed_in (loket_context_get_session (self->context));

  gtk_stack_set_visible_child_name (self->stack, signed_in ? "signed-in" : "signed-out");
}

static void
on_sign_out_clicked_cb (LoketSignInCard *self)
{
  if (self->context != NULL)
    loket_session_sign_out (loket_context_get_session (self->context));
}

static void
set_context (LoketSignInCard *self,
             LoketContext    *context)
{
  if (context == NULL || self->context == context)
    return;
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (loket_context_get_session (context), "notify::signed-in",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

static void
loket_sign_in_card_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LoketSignInCard *self = LOKET_SIGN_IN_CARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_sign_in_card_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (LOKET_SIGN_IN_CARD (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_sign_in_card_dispose (GObject *object)
{
  LoketSignInCard *self = LOKET_SIGN_IN_CARD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LOKET_TYPE_SIGN_IN_CARD);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (loket_sign_in_card_parent_class)->dispose (object);
}

static void
loket_sign_in_card_class_init (LoketSignInCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_sign_in_card_dispose;
  object_class->get_property = loket_sign_in_card_get_property;
  object_class->set_property = loket_sign_in_card_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, LOKET_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/loket-sign-in-card.ui");
  gtk_widget_class_bind_template_child (widget_class, LoketSignInCard, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_out_clicked_cb);
}

static void
loket_sign_in_card_init (LoketSignInCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
