/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * LoketSearchKind:
 *
 * What a search result is; the order is the order of the catalog's tree.
 */
typedef enum
{
  LOKET_SEARCH_KIND_LIFE_EVENT,
  LOKET_SEARCH_KIND_STEP,
  LOKET_SEARCH_KIND_SERVICE,
} LoketSearchKind;

#define LOKET_TYPE_SEARCH_RESULT (loket_search_result_get_type ())
G_DECLARE_FINAL_TYPE (LoketSearchResult, loket_search_result, LOKET, SEARCH_RESULT, GObject)

LoketSearchResult *loket_search_result_new          (LoketSearchKind    kind,
                                                     const char        *location,
                                                     const char        *title,
                                                     const char        *summary);
LoketSearchKind    loket_search_result_get_kind     (LoketSearchResult *self);
const char        *loket_search_result_get_location (LoketSearchResult *self);
const char        *loket_search_result_get_title    (LoketSearchResult *self);
const char        *loket_search_result_get_summary  (LoketSearchResult *self);

char              *loket_search_normalize           (const char        *text);
char              *loket_search_build_query         (const char        *input);

G_END_DECLS
