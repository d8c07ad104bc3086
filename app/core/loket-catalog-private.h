/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "loket-catalog-items.h"
#include "loket-form.h"

G_BEGIN_DECLS

/* Instance structs of the catalog items, shared by loket-catalog-items.c and the parser in
 * loket-catalog.c, which fills them in once and never changes them afterwards. */

struct _LoketOrganisation
{
  GObject    parent_instance;
  char      *id;
  LoketText *name;
  char      *url;
};

struct _LoketService
{
  GObject            parent_instance;
  char              *id;
  LoketText         *title;
  LoketText         *summary;
  LoketText         *body;
  LoketOrganisation *organisation; /* (owned) */
  char              *source;
  char              *upl;          /* (nullable) */
  gboolean           unverified;
  LoketForm         *form;         /* (owned) (nullable): what the kiosk asks to request it */
};

struct _LoketStep
{
  GObject            parent_instance;
  char              *id;
  char              *life_event_id;
  guint              number;
  LoketStepJoin      join;
  LoketText         *title;
  LoketText         *body;
  LoketText         *needs;        /* (nullable) */
  LoketText         *deadline;     /* (nullable) */
  LoketText         *cost;         /* (nullable) */
  LoketOrganisation *organisation; /* (owned) */
  LoketService      *service;      /* (owned) (nullable) */
  char              *source;
  gboolean           automatic;
  gboolean           unverified;
};

struct _LoketLifeEvent
{
  GObject     parent_instance;
  char       *id;
  int         order;
  char       *icon_name;
  LoketText  *title;
  LoketText  *summary;
  GListStore *steps;       /* (owned) of LoketStep */
  GPtrArray  *rights;      /* (owned) of LoketFact */
  GPtrArray  *obligations; /* (owned) of LoketFact */
  gboolean    desk_first;
};

G_END_DECLS
