/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "loket-form.h"
#include "loket-text.h"

G_BEGIN_DECLS

/* The items of the catalog: read-only objects built by LoketCatalog from validated JSON. */

#define LOKET_TYPE_ORGANISATION (loket_organisation_get_type ())
G_DECLARE_FINAL_TYPE (LoketOrganisation, loket_organisation, LOKET, ORGANISATION, GObject)

#define LOKET_TYPE_SERVICE (loket_service_get_type ())
G_DECLARE_FINAL_TYPE (LoketService, loket_service, LOKET, SERVICE, GObject)

#define LOKET_TYPE_STEP (loket_step_get_type ())
G_DECLARE_FINAL_TYPE (LoketStep, loket_step, LOKET, STEP, GObject)

#define LOKET_TYPE_LIFE_EVENT (loket_life_event_get_type ())
G_DECLARE_FINAL_TYPE (LoketLifeEvent, loket_life_event, LOKET, LIFE_EVENT, GObject)

typedef enum
{
  LOKET_STEP_JOIN_NONE,
  LOKET_STEP_JOIN_AND,
  LOKET_STEP_JOIN_OR,
} LoketStepJoin;

/**
 * LoketFact:
 *
 * A right or an obligation of a life event, with the source it rests on.
 */
typedef struct
{
  LoketText *text;       /* (owned) */
  char      *source;     /* (owned) */
  gboolean   unverified;
} LoketFact;

void loket_fact_free (LoketFact *fact);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketFact, loket_fact_free)

const char        *loket_organisation_get_id   (LoketOrganisation *self);
const LoketText   *loket_organisation_get_name (LoketOrganisation *self);
const char        *loket_organisation_get_url  (LoketOrganisation *self);

const char        *loket_service_get_id           (LoketService *self);
const LoketText   *loket_service_get_title        (LoketService *self);
const LoketText   *loket_service_get_summary      (LoketService *self);
const LoketText   *loket_service_get_body         (LoketService *self);
LoketOrganisation *loket_service_get_organisation (LoketService *self);
const char        *loket_service_get_source       (LoketService *self);
const char        *loket_service_get_upl          (LoketService *self);
gboolean           loket_service_get_unverified   (LoketService *self);
LoketForm         *loket_service_get_form         (LoketService *self);

const char        *loket_step_get_id           (LoketStep *self);
const char        *loket_step_get_life_event_id (LoketStep *self);
guint              loket_step_get_number       (LoketStep *self);
LoketStepJoin      loket_step_get_join         (LoketStep *self);
const LoketText   *loket_step_get_title        (LoketStep *self);
const LoketText   *loket_step_get_body         (LoketStep *self);
const LoketText   *loket_step_get_needs        (LoketStep *self);
const LoketText   *loket_step_get_deadline     (LoketStep *self);
const LoketText   *loket_step_get_cost         (LoketStep *self);
LoketOrganisation *loket_step_get_organisation (LoketStep *self);
LoketService      *loket_step_get_service      (LoketStep *self);
const char        *loket_step_get_source       (LoketStep *self);
gboolean           loket_step_get_automatic    (LoketStep *self);
gboolean           loket_step_get_unverified   (LoketStep *self);

const char        *loket_life_event_get_id          (LoketLifeEvent *self);
int                loket_life_event_get_order       (LoketLifeEvent *self);
const char        *loket_life_event_get_icon_name   (LoketLifeEvent *self);
const LoketText   *loket_life_event_get_title       (LoketLifeEvent *self);
const LoketText   *loket_life_event_get_summary     (LoketLifeEvent *self);
GListModel        *loket_life_event_get_steps       (LoketLifeEvent *self);
GPtrArray         *loket_life_event_get_rights      (LoketLifeEvent *self);
GPtrArray         *loket_life_event_get_obligations (LoketLifeEvent *self);
gboolean           loket_life_event_get_desk_first  (LoketLifeEvent *self);
LoketStep         *loket_life_event_lookup_step     (LoketLifeEvent *self,
                                                     const char     *step_id);

G_END_DECLS
