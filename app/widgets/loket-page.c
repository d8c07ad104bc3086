/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-page"

#include "config.h"

#include "loket-page.h"

/**
 * LoketPage:
 *
 * The base of every screen of the window. A page gets the #LoketContext, is switched to with an
 * argument naming what to show, and can be reset to how a new citizen finds it.
 */
typedef struct
{
  LoketContext *context; /* (owned) (nullable) */
} LoketPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (LoketPage, loket_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
loket_page_dispose (GObject *object)
{
  LoketPage *self = LOKET_PAGE (object);
  LoketPagePrivate *priv = loket_page_get_instance_private (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&priv->context);

  G_OBJECT_CLASS (loket_page_parent_class)->dispose (object);
}

static void
loket_page_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LoketPage *self = LOKET_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, loket_page_get_context (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, loket_page_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_page_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTEXT:
      loket_page_set_context (LOKET_PAGE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_page_class_init (LoketPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = loket_page_dispose;
  object_class->get_property = loket_page_get_property;
  object_class->set_property = loket_page_set_property;

  /* Set once, by the window's template binding, after the page is built. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, LOKET_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
loket_page_init (LoketPage *self)
{
}

/**
 * loket_page_get_context:
 *
 * Returns: (transfer none) (nullable): the context
 */
LoketContext *
loket_page_get_context (LoketPage *self)
{
  LoketPagePrivate *priv = loket_page_get_instance_private (self);

  g_return_val_if_fail (LOKET_IS_PAGE (self), NULL);

  return priv->context;
}

void
loket_page_set_context (LoketPage    *self,
                        LoketContext *context)
{
  LoketPagePrivate *priv = loket_page_get_instance_private (self);

  g_return_if_fail (LOKET_IS_PAGE (self));
  g_return_if_fail (context == NULL || LOKET_IS_CONTEXT (context));

  if (priv->context == context)
    return;
  g_return_if_fail (priv->context == NULL);

  priv->context = g_object_ref (context);
  if (LOKET_PAGE_GET_CLASS (self)->setup)
    LOKET_PAGE_GET_CLASS (self)->setup (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

gboolean
loket_page_switch_to (LoketPage  *self,
                      const char *argument)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (LOKET_IS_PAGE (self), FALSE);

  if (LOKET_PAGE_GET_CLASS (self)->switch_to)
    ok = LOKET_PAGE_GET_CLASS (self)->switch_to (self, argument);
  if (ok)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  return ok;
}

void
loket_page_switch_from (LoketPage *self)
{
  g_return_if_fail (LOKET_IS_PAGE (self));

  if (LOKET_PAGE_GET_CLASS (self)->switch_from)
    LOKET_PAGE_GET_CLASS (self)->switch_from (self);
}

void
loket_page_reset (LoketPage *self)
{
  g_return_if_fail (LOKET_IS_PAGE (self));

  if (LOKET_PAGE_GET_CLASS (self)->reset)
    LOKET_PAGE_GET_CLASS (self)->reset (self);
  loket_page_set_scroll (self, 0);
}

/**
 * loket_page_get_title:
 *
 * Returns: (nullable): the page's title in the current language, for the top bar
 */
const char *
loket_page_get_title (LoketPage *self)
{
  g_return_val_if_fail (LOKET_IS_PAGE (self), NULL);

  if (LOKET_PAGE_GET_CLASS (self)->get_title)
    return LOKET_PAGE_GET_CLASS (self)->get_title (self);
  return NULL;
}

static GtkAdjustment *
get_vadjustment (LoketPage *self)
{
  GtkScrolledWindow *scroller = NULL;

  if (LOKET_PAGE_GET_CLASS (self)->get_scroller)
    scroller = LOKET_PAGE_GET_CLASS (self)->get_scroller (self);
  return scroller ? gtk_scrolled_window_get_vadjustment (scroller) : NULL;
}

double
loket_page_get_scroll (LoketPage *self)
{
  GtkAdjustment *adjustment;

  g_return_val_if_fail (LOKET_IS_PAGE (self), 0);

  adjustment = get_vadjustment (self);
  return adjustment ? gtk_adjustment_get_value (adjustment) : 0;
}

void
loket_page_set_scroll (LoketPage *self,
                       double     position)
{
  GtkAdjustment *adjustment;

  g_return_if_fail (LOKET_IS_PAGE (self));

  if ((adjustment = get_vadjustment (self)) != NULL)
    gtk_adjustment_set_value (adjustment, position);
}

LoketLanguage
loket_page_get_language (LoketPage *self)
{
  LoketPagePrivate *priv = loket_page_get_instance_private (self);

  g_return_val_if_fail (LOKET_IS_PAGE (self), LOKET_LANGUAGE_NL);

  return priv->context ? loket_context_get_language (priv->context) : LOKET_LANGUAGE_NL;
}
