/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-staff"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "loket-error.h"
#include "loket-secure.h"
#include "loket-staff.h"

/*
 * Assisted mode: a staff member opens the staff view on the kiosk with a PIN. The PIN is kept
 * only as a libsodium crypto_pwhash (Argon2id) string in GSettings, locked by the administrator
 * (`loket --set-staff-pin`). Wrong PINs are rate-limited: after LOKET_STAFF_FREE_ATTEMPTS the
 * kiosk waits, longer after every further wrong PIN. Checking runs in a thread: Argon2 takes a
 * noticeable fraction of a second on purpose.
 */

gboolean
loket_staff_pin_is_acceptable (const char *pin)
{
  gsize length = pin ? strlen (pin) : 0;

  if (length < 6 || length > 32)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;
  return TRUE;
}

/**
 * loket_staff_hash_pin:
 *
 * Returns: (transfer full) (nullable): the crypto_pwhash string of @pin, for the
 *   `staff-pin-hash` setting
 */
char *
loket_staff_hash_pin (const char  *pin,
                      GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (!loket_staff_pin_is_acceptable (pin))
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA,
                           "A staff PIN has 6 to 32 digits");
      return NULL;
    }
  if (sodium_init () < 0
      || crypto_pwhash_str (hash, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, LOKET_ERROR, LOKET_ERROR_STORAGE, "Out of memory hashing the PIN");
      return NULL;
    }
  return g_strdup (hash);
}

struct _LoketStaffLock
{
  GObject         parent_instance;

  char           *pin_hash;   /* (owned) (nullable) */
  LoketIdleClock  clock;
  gpointer        clock_data;
  guint           failures;
  gint64          wait_until; /* µs, monotonic */
  gboolean        checking;
};

G_DEFINE_FINAL_TYPE (LoketStaffLock, loket_staff_lock, G_TYPE_OBJECT)

static gint64
real_clock (gpointer user_data)
{
  return g_get_monotonic_time ();
}

static void
loket_staff_lock_finalize (GObject *object)
{
  LoketStaffLock *self = LOKET_STAFF_LOCK (object);

  g_free (self->pin_hash);

  G_OBJECT_CLASS (loket_staff_lock_parent_class)->finalize (object);
}

static void
loket_staff_lock_class_init (LoketStaffLockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_staff_lock_finalize;
}

static void
loket_staff_lock_init (LoketStaffLock *self)
{
  self->clock = real_clock;
}

/**
 * loket_staff_lock_new:
 * @pin_hash: (nullable): the `staff-pin-hash` setting; empty or %NULL: no assisted mode
 */
LoketStaffLock *
loket_staff_lock_new (const char *pin_hash)
{
  LoketStaffLock *self = g_object_new (LOKET_TYPE_STAFF_LOCK, NULL);

  if (pin_hash != NULL && g_str_has_prefix (pin_hash, "$argon2"))
    self->pin_hash = g_strdup (pin_hash);
  return self;
}

void
loket_staff_lock_set_clock (LoketStaffLock *self,
                            LoketIdleClock  clock,
                            gpointer        user_data)
{
  g_return_if_fail (LOKET_IS_STAFF_LOCK (self));

  self->clock = clock ? clock : real_clock;
  self->clock_data = clock ? user_data : NULL;
}

gboolean
loket_staff_lock_has_pin (LoketStaffLock *self)
{
  g_return_val_if_fail (LOKET_IS_STAFF_LOCK (self), FALSE);
  return self->pin_hash != NULL;
}

/**
 * loket_staff_lock_get_wait:
 *
 * Returns: seconds before the next PIN may be tried; 0 now
 */
guint
loket_staff_lock_get_wait (LoketStaffLock *self)
{
  gint64 now;

  g_return_val_if_fail (LOKET_IS_STAFF_LOCK (self), 0);

  now = self->clock (self->clock_data);
  if (now >= self->wait_until)
    return 0;
  return (guint) ((self->wait_until - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LoketStaffLock *self = source_object;
  const char *pin = task_data;

  g_task_return_boolean (task, sodium_init () >= 0
                               && crypto_pwhash_str_verify (self->pin_hash, pin, strlen (pin)) == 0);
}

static void
on_checked_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  LoketStaffLock *self = LOKET_STAFF_LOCK (object);
  g_autoptr(GTask) task = user_data;
  gboolean right = g_task_propagate_boolean (G_TASK (result), NULL);

  self->checking = FALSE;
  if (right)
    {
      self->failures = 0;
      self->wait_until = 0;
      g_message ("Assisted mode opened");
      g_task_return_boolean (task, TRUE);
      return;
    }

  self->failures++;
  if (self->failures >= LOKET_STAFF_FREE_ATTEMPTS)
    {
      guint shift = MIN (self->failures - LOKET_STAFF_FREE_ATTEMPTS, 10);
      guint wait = MIN ((guint) LOKET_STAFF_FIRST_WAIT << shift, LOKET_STAFF_MAX_WAIT);

      self->wait_until = self->clock (self->clock_data) + (gint64) wait * G_USEC_PER_SEC;
    }
  g_message ("Wrong staff PIN (%u in a row)", self->failures);
  g_task_return_boolean (task, FALSE);
}

/**
 * loket_staff_lock_check_async:
 *
 * Checks @pin. Finishes with %TRUE or %FALSE, or with %LOKET_ERROR_DENIED while the kiosk makes
 * the staff member wait (loket_staff_lock_get_wait()), or when no PIN is set.
 */
void
loket_staff_lock_check_async (LoketStaffLock      *self,
                              const char          *pin,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) check = NULL;

  g_return_if_fail (LOKET_IS_STAFF_LOCK (self));
  g_return_if_fail (pin != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, loket_staff_lock_check_async);
  if (self->pin_hash == NULL)
    {
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_DENIED, "No staff PIN is set");
      return;
    }
  if (self->checking || loket_staff_lock_get_wait (self) > 0)
    {
      g_task_return_new_error (task, LOKET_ERROR, LOKET_ERROR_DENIED, "Wait before trying again");
      return;
    }

  self->checking = TRUE;
  check = g_task_new (self, NULL, on_checked_cb, g_steal_pointer (&task));
  g_task_set_task_data (check, g_strdup (pin), loket_secure_free);
  g_task_run_in_thread (check, check_thread);
}

gboolean
loket_staff_lock_check_finish (LoketStaffLock  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
