/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LoketValidity:
 *
 * What is wrong with one answer; every value has its own message (loket_validity_message()).
 * Pure functions below decide it; nothing here touches a widget.
 */
typedef enum
{
  LOKET_VALIDITY_OK,
  LOKET_VALIDITY_EMPTY,
  LOKET_VALIDITY_TOO_LONG,
  LOKET_VALIDITY_BSN_NOT_DIGITS,
  LOKET_VALIDITY_BSN_LENGTH,
  LOKET_VALIDITY_BSN_ZERO,
  LOKET_VALIDITY_BSN_CHECK,
  LOKET_VALIDITY_POSTCODE_FORMAT,
  LOKET_VALIDITY_POSTCODE_LETTERS,
  LOKET_VALIDITY_IBAN_FORMAT,
  LOKET_VALIDITY_IBAN_COUNTRY,
  LOKET_VALIDITY_IBAN_LENGTH,
  LOKET_VALIDITY_IBAN_CHECK,
  LOKET_VALIDITY_DATE_FORMAT,
  LOKET_VALIDITY_DATE_NOT_REAL,
  LOKET_VALIDITY_DATE_IN_FUTURE,
  LOKET_VALIDITY_DATE_TOO_EARLY,
  LOKET_VALIDITY_DATE_TOO_LATE,
  LOKET_VALIDITY_NUMBER_FORMAT,
  LOKET_VALIDITY_NUMBER_RANGE,
  LOKET_VALIDITY_CHOICE,
  LOKET_N_VALIDITIES
} LoketValidity;

/* The longest free text a form field takes. */
#define LOKET_VALIDATE_MAX_TEXT 200

LoketValidity loket_validate_bsn      (const char   *input,
                                       char        **normalised);
LoketValidity loket_validate_postcode (const char   *input,
                                       char        **normalised);
LoketValidity loket_validate_iban     (const char   *input,
                                       char        **normalised);
LoketValidity loket_validate_date     (const char   *input,
                                       const GDate  *earliest,
                                       const GDate  *latest,
                                       char        **normalised);
LoketValidity loket_validate_text     (const char   *input,
                                       guint         max_length,
                                       char        **normalised);
LoketValidity loket_validate_number   (const char   *input,
                                       gint64        minimum,
                                       gint64        maximum,
                                       char        **normalised);
gboolean      loket_validate_is_empty (const char   *input);

char         *loket_validity_message  (LoketValidity validity,
                                       const char   *label,
                                       const GDate  *earliest,
                                       const GDate  *latest);

G_END_DECLS
