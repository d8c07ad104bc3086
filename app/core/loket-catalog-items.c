/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-catalog-items"

#include "config.h"

#include "loket-catalog-private.h"

G_DEFINE_FINAL_TYPE (LoketOrganisation, loket_organisation, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (LoketService, loket_service, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (LoketStep, loket_step, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (LoketLifeEvent, loket_life_event, G_TYPE_OBJECT)

/* Every item has one read-only property, its id; the rest is read through accessors because
 * the texts depend on the language the caller shows. */
enum { PROP_0, PROP_ID, N_PROPS };

void
loket_fact_free (LoketFact *fact)
{
  g_clear_pointer (&fact->text, loket_text_unref);
  g_free (fact->source);
  g_free (fact);
}

static GParamSpec *
id_pspec (void)
{
  return g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

/* LoketOrganisation */

static void
loket_organisation_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  if (prop_id == PROP_ID)
    g_value_set_string (value, LOKET_ORGANISATION (object)->id);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
loket_organisation_finalize (GObject *object)
{
  LoketOrganisation *self = LOKET_ORGANISATION (object);

  g_free (self->id);
  g_clear_pointer (&self->name, loket_text_unref);
  g_free (self->url);

  G_OBJECT_CLASS (loket_organisation_parent_class)->finalize (object);
}

static void
loket_organisation_class_init (LoketOrganisationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = loket_organisation_finalize;
  object_class->get_property = loket_organisation_get_property;
  g_object_class_install_property (object_class, PROP_ID, id_pspec ());
}

static void
loket_organisation_init (LoketOrganisation *self)
{
}

const char *
loket_organisation_get_id (LoketOrganisation *self)
{
  g_return_val_if_fail (LOKET_IS_ORGANISATION (self), NULL);
  return self->id;
}

const LoketText *
loket_organisation_get_name (LoketOrganisation *self)
{
  g_return_val_if_fail (LOKET_IS_ORGANISATION (self), NULL);
  return self->name;
}

const char *
loket_organisation_get_url (LoketOrganisation *self)
{
  g_return_val_if_fail (LOKET_IS_ORGANISATION (self), NULL);
  return self->url;
}

/* LoketService */

static void
loket_service_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  if (prop_id == PROP_ID)
    g_value_set_string (value, LOKET_SERVICE (object)->id);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
loket_service_finalize (GObject *object)
{
  LoketService *self = LOKET_SERVICE (object);

  g_free (self->id);
  g_clear_pointer (&self->title, loket_text_unref);
  g_clear_pointer (&self->summary, loket_text_unref);
  g_clear_pointer (&self->body, loket_text_unref);
  g_clear_object (&self->organisation);
  g_free (self->source);
  g_free (self->upl);
  g_clear_object (&self->form);

  G_OBJECT_CLASS (loket_service_parent_class)->finalize (object);
}

static void
loket_service_class_init (LoketServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = loket_service_finalize;
  object_class->get_property = loket_service_get_property;
  g_object_class_install_property (object_class, PROP_ID, id_pspec ());
}

static void
loket_service_init (LoketService *self)
{
}

const char *
loket_service_get_id (LoketService *self)
{
  g_return_val_if_fail (LOKET_IS_SERVICE (self), NULL);
  return self->id;
}

const LoketText *
loket_service_get_title (LoketService *self)
{
  g_return_val_if_fail (LOKET_IS_SERVICE (self), NULL);
  return self->title;
}

const LoketText *
loket_service_get_summary (LoketService *self)
{
  g_return_val_if_fail (LOKET_IS_SERVICE (self), NULL);
  return self->summary;
}

const LoketText *
loket_service_get_body (LoketService *self)
{
  g_return_val_if_fail (LOKET_IS_SERVICE (self), NULL);
  return self->body;
}

LoketOrganisation *
loket_service_get_organisation (LoketService *self)
{
  g_return_val_if_fail (LOKET_IS_SERVICE (self), NULL);
  return self->organisation;
}

const char *
loket_service_get_source (LoketService *self)
{
  g_return_val_if_fail (LOKET_IS_SERVICE (self), NULL);
  return self->source;
}

const char *
loket_service_get_upl (LoketService *self)
{
  g_return_val_if_fail (LOKET_IS_SERVICE (self), NULL);
  return self->upl;
}

gboolean
loket_service_get_unverified (LoketService *self)
{
  g_return_val_if_fail (LOKET_IS_SERVICE (self), FALSE);
  return self->unverified;
}

/**
 * loket_service_get_form:
 *
 * Returns: (transfer none) (nullable): the form to request the service at the kiosk, if it has one
 */
LoketForm *
loket_service_get_form (LoketService *self)
{
  g_return_val_if_fail (LOKET_IS_SERVICE (self), NULL);
  return self->form;
}

/* LoketStep */

static void
loket_step_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  if (prop_id == PROP_ID)
    g_value_set_string (value, LOKET_STEP (object)->id);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
loket_step_finalize (GObject *object)
{
  LoketStep *self = LOKET_STEP (object);

  g_free (self->id);
  g_free (self->life_event_id);
  g_clear_pointer (&self->title, loket_text_unref);
  g_clear_pointer (&self->body, loket_text_unref);
  g_clear_pointer (&self->needs, loket_text_unref);
  g_clear_pointer (&self->deadline, loket_text_unref);
  g_clear_pointer (&self->cost, loket_text_unref);
  g_clear_object (&self->organisation);
  g_clear_object (&self->service);
  g_free (self->source);

  G_OBJECT_CLASS (loket_step_parent_class)->finalize (object);
}

static void
loket_step_class_init (LoketStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = loket_step_finalize;
  object_class->get_property = loket_step_get_property;
  g_object_class_install_property (object_class, PROP_ID, id_pspec ());
}

static void
loket_step_init (LoketStep *self)
{
}

const char *
loket_step_get_id (LoketStep *self)
{
  g_return_val_if_fail (LOKET_IS_STEP (self), NULL);
  return self->id;
}

const char *
loket_step_get_life_event_id (LoketStep *self)
{
  g_return_val_if_fail (LOKET_IS_STEP (self), NULL);
  return self->life_event_id;
}

/**
 * loket_step_get_number:
 *
 * The step's number in its checklist; steps joined to the one before with "and" or "or" share
 * that step's number.
 */
guint
loket_step_get_number (LoketStep *self)
{
  g_return_val_if_fail (LOKET_IS_STEP (self), 0);
  return self->number;
}

LoketStepJoin
loket_step_get_join (LoketStep *self)
{
  g_return_val_if_fail (LOKET_IS_STEP (self), LOKET_STEP_JOIN_NONE);
  return self->join;
}

const LoketText *
loket_step_get_title (LoketStep *self)
{
  g_return_val_if_fail (LOKET_IS_STEP (self), NULL);
  return self->title;
}

const LoketText *
loket_step_get_body (LoketStep *self)
{
  g_return_val_if_fail (LOKET_IS_STEP (self), NULL);
  return self->body;
}

const LoketText *
loket_step_get_needs (LoketStep *self)
{
  g_return_val_if_fail (LOKET_IS_STEP (self), NULL);
  return self->needs;
}

const LoketText *
loket_step_get_deadline (LoketStep *self)
{
  g_return_val_if_fail (LOKET_IS_STEP (self), NULL);
  return self->deadline;
}

const LoketText *
loket_step_get_cost (LoketStep *self)
{
  g_return_val_if_fail (LOKET_IS_STEP (self), NULL);
  return self->cost;
}

LoketOrganisation *
loket_step_get_organisation (LoketStep *self)
{
  g_return_val_if_fail (LOKET_IS_STEP (self), NULL);
  return self->organisation;
}

LoketService *
loket_step_get_service (LoketStep *self)
{
  g_return_val_if_fail (LOKET_IS_STEP (self), NULL);
  return self->service;
}

const char *
loket_step_get_source (LoketStep *self)
{
  g_return_val_if_fail (LOKET_IS_STEP (self), NULL);
  return self->source;
}

gboolean
loket_step_get_automatic (LoketStep *self)
{
  g_return_val_if_fail (LOKET_IS_STEP (self), FALSE);
  return self->automatic;
}

gboolean
loket_step_get_unverified (LoketStep *self)
{
  g_return_val_if_fail (LOKET_IS_STEP (self), FALSE);
  return self->unverified;
}

/* LoketLifeEvent */

static void
loket_life_event_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  if (prop_id == PROP_ID)
    g_value_set_string (value, LOKET_LIFE_EVENT (object)->id);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
loket_life_event_finalize (GObject *object)
{
  LoketLifeEvent *self = LOKET_LIFE_EVENT (object);

  g_free (self->id);
  g_free (self->icon_name);
  g_clear_pointer (&self->title, loket_text_unref);
  g_clear_pointer (&self->summary, loket_text_unref);
  g_clear_object (&self->steps);
  g_clear_pointer (&self->rights, g_ptr_array_unref);
  g_clear_pointer (&self->obligations, g_ptr_array_unref);

  G_OBJECT_CLASS (loket_life_event_parent_class)->finalize (object);
}

static void
loket_life_event_class_init (LoketLifeEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = loket_life_event_finalize;
  object_class->get_property = loket_life_event_get_property;
  g_object_class_install_property (object_class, PROP_ID, id_pspec ());
}

static void
loket_life_event_init (LoketLifeEvent *self)
{
  self->steps = g_list_store_new (LOKET_TYPE_STEP);
  self->rights = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_fact_free);
  self->obligations = g_ptr_array_new_with_free_func ((GDestroyNotify) loket_fact_free);
}

const char *
loket_life_event_get_id (LoketLifeEvent *self)
{
  g_return_val_if_fail (LOKET_IS_LIFE_EVENT (self), NULL);
  return self->id;
}

int
loket_life_event_get_order (LoketLifeEvent *self)
{
  g_return_val_if_fail (LOKET_IS_LIFE_EVENT (self), 0);
  return self->order;
}

const char *
loket_life_event_get_icon_name (LoketLifeEvent *self)
{
  g_return_val_if_fail (LOKET_IS_LIFE_EVENT (self), NULL);
  return self->icon_name;
}

const LoketText *
loket_life_event_get_title (LoketLifeEvent *self)
{
  g_return_val_if_fail (LOKET_IS_LIFE_EVENT (self), NULL);
  return self->title;
}

const LoketText *
loket_life_event_get_summary (LoketLifeEvent *self)
{
  g_return_val_if_fail (LOKET_IS_LIFE_EVENT (self), NULL);
  return self->summary;
}

/**
 * loket_life_event_get_steps:
 *
 * Returns: (transfer none): the steps, a list model of #LoketStep in checklist order
 */
GListModel *
loket_life_event_get_steps (LoketLifeEvent *self)
{
  g_return_val_if_fail (LOKET_IS_LIFE_EVENT (self), NULL);
  return G_LIST_MODEL (self->steps);
}

/**
 * loket_life_event_get_rights:
 *
 * Returns: (transfer none) (element-type LoketFact): the citizen's rights
 */
GPtrArray *
loket_life_event_get_rights (LoketLifeEvent *self)
{
  g_return_val_if_fail (LOKET_IS_LIFE_EVENT (self), NULL);
  return self->rights;
}

/**
 * loket_life_event_get_obligations:
 *
 * Returns: (transfer none) (element-type LoketFact): the citizen's obligations
 */
GPtrArray *
loket_life_event_get_obligations (LoketLifeEvent *self)
{
  g_return_val_if_fail (LOKET_IS_LIFE_EVENT (self), NULL);
  return self->obligations;
}

gboolean
loket_life_event_get_desk_first (LoketLifeEvent *self)
{
  g_return_val_if_fail (LOKET_IS_LIFE_EVENT (self), FALSE);
  return self->desk_first;
}

/**
 * loket_life_event_lookup_step:
 *
 * Returns: (transfer none) (nullable): the step with @step_id
 */
LoketStep *
loket_life_event_lookup_step (LoketLifeEvent *self,
                              const char     *step_id)
{
  guint n;

  g_return_val_if_fail (LOKET_IS_LIFE_EVENT (self), NULL);
  g_return_val_if_fail (step_id != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->steps));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LoketStep) step = g_list_model_get_item (G_LIST_MODEL (self->steps), i);

      if (g_str_equal (step->id, step_id))
        return step; /* the store keeps it alive */
    }
  return NULL;
}
