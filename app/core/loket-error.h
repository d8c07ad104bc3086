/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LOKET_ERROR (loket_error_quark ())

/**
 * LoketError:
 * @LOKET_ERROR_NETWORK: the back-end could not be reached
 * @LOKET_ERROR_TIMEOUT: the back-end did not answer in time
 * @LOKET_ERROR_NOT_FOUND: what was asked for does not exist
 * @LOKET_ERROR_INVALID_DATA: a document or reply was malformed or of the wrong shape
 * @LOKET_ERROR_STORAGE: the local store failed
 * @LOKET_ERROR_UNAVAILABLE: the service answered, but cannot serve now (5xx)
 * @LOKET_ERROR_EXPIRED: a sign-in code or a sign-in ended; the citizen signs in again
 * @LOKET_ERROR_DENIED: the citizen refused the sign-in, or may not see what was asked
 *
 * The one error domain of Loket. Converters map GIO, libsoup and json-glib errors into it;
 * only the window turns a code into a message for the citizen.
 */
typedef enum
{
  LOKET_ERROR_NETWORK,
  LOKET_ERROR_TIMEOUT,
  LOKET_ERROR_NOT_FOUND,
  LOKET_ERROR_INVALID_DATA,
  LOKET_ERROR_STORAGE,
  LOKET_ERROR_UNAVAILABLE,
  LOKET_ERROR_EXPIRED,
  LOKET_ERROR_DENIED,
} LoketError;

GQuark loket_error_quark (void);

gboolean loket_error_convert_gio (GError **error);

G_END_DECLS
