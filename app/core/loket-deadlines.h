/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

#include "loket-i18n.h"
#include "loket-rules.h"

G_BEGIN_DECLS

/**
 * LoketDeadlineKind:
 * @LOKET_DEADLINE_BY: act no later than @until
 * @LOKET_DEADLINE_WINDOW: act from @from until @until
 * @LOKET_DEADLINE_ON: it happens on @until
 * @LOKET_DEADLINE_AROUND: it happens around @until (the letter gives the exact date)
 */
typedef enum
{
  LOKET_DEADLINE_BY,
  LOKET_DEADLINE_WINDOW,
  LOKET_DEADLINE_ON,
  LOKET_DEADLINE_AROUND,
} LoketDeadlineKind;

/**
 * LoketDeadline:
 * @id: a stable name, for example "report-move"
 * @title: (owned): what to do, in the current language
 * @text: (owned): when, with real dates in the citizen's language
 * @estimate: the date rests on a figure that was not confirmed, or on a letter still to come
 */
typedef struct
{
  const char        *id;
  LoketDeadlineKind  kind;
  GDate              from;
  GDate              until;
  char              *title;
  char              *text;
  gboolean           estimate;
} LoketDeadline;

void           loket_deadline_free             (LoketDeadline *deadline);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketDeadline, loket_deadline_free)

gboolean       loket_date_is_public_holiday    (const GDate   *date);
gboolean       loket_date_is_working_day       (const GDate   *date);
void           loket_date_extend_to_working_day (GDate        *date);
void           loket_date_add_working_days     (GDate         *date,
                                                guint          n_days);
void           loket_date_get_easter           (guint          year,
                                                GDate         *easter);
char          *loket_date_format_long          (const GDate   *date,
                                                LoketLanguage  language);

gboolean       loket_deadlines_event_has_date  (const char    *life_event_id);
const char    *loket_deadlines_get_date_label  (const char    *life_event_id);
GPtrArray     *loket_deadlines_for_event       (const char    *life_event_id,
                                                const GDate   *date,
                                                LoketLanguage  language);
GPtrArray     *loket_deadlines_for_aow         (LoketRules    *rules,
                                                const GDate   *birth,
                                                LoketLanguage  language);

G_END_DECLS
