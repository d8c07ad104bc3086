/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-error"

#include "config.h"

#include "loket-error.h"

G_DEFINE_QUARK (loket-error-quark, loket_error)

/**
 * loket_error_convert_gio:
 * @error: (inout) (nullable): an error, or %NULL
 *
 * Turns a #G_IO_ERROR into the matching #LOKET_ERROR, keeping the message for the log.
 *
 * Returns: %TRUE if @error was converted or already a #LOKET_ERROR
 */
gboolean
loket_error_convert_gio (GError **error)
{
  if (error == NULL || *error == NULL)
    return FALSE;

  if ((*error)->domain == LOKET_ERROR)
    return TRUE;

  if ((*error)->domain != G_IO_ERROR)
    return FALSE;

  switch ((*error)->code)
    {
    case G_IO_ERROR_CANCELLED:
      /* Cancellation stays a G_IO_ERROR: callers return silently on it. */
      return FALSE;
    case G_IO_ERROR_TIMED_OUT:
      (*error)->code = LOKET_ERROR_TIMEOUT;
      break;
    case G_IO_ERROR_NOT_FOUND:
      (*error)->code = LOKET_ERROR_NOT_FOUND;
      break;
    case G_IO_ERROR_INVALID_DATA:
    case G_IO_ERROR_PARTIAL_INPUT:
    case G_IO_ERROR_MESSAGE_TOO_LARGE:
      (*error)->code = LOKET_ERROR_INVALID_DATA;
      break;
    case G_IO_ERROR_NO_SPACE:
    case G_IO_ERROR_READ_ONLY:
    case G_IO_ERROR_PERMISSION_DENIED:
      (*error)->code = LOKET_ERROR_STORAGE;
      break;
    default:
      (*error)->code = LOKET_ERROR_NETWORK;
      break;
    }
  (*error)->domain = LOKET_ERROR;
  return TRUE;
}
