/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test-idle"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "loket-idle.h"
#include "loket-tone.h"

/*
 * The idle monitor against a fake monotonic clock: the warning after the timeout, the countdown,
 * one tap for more time, the wipe at zero, rest until the next citizen, and the sign-in limit
 * (DigiD: 15 minutes) with its warning a minute before.
 */

static gint64 fake_now;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

static void
advance (LoketIdle *idle,
         double     seconds)
{
  fake_now += (gint64) (seconds * G_USEC_PER_SEC);
  loket_idle_tick (idle);
}

static void
count_cb (gpointer instance,
          gpointer user_data)
{
  (*(guint *) user_data)++;
}

static LoketIdle *
new_idle (guint timeout,
          guint warning)
{
  LoketIdle *idle = loket_idle_new (timeout, warning);

  fake_now = 1000 * G_USEC_PER_SEC;
  loket_idle_set_clock (idle, fake_clock, NULL);
  return idle;
}

static void
test_warning_and_expiry (void)
{
  g_autoptr(LoketIdle) idle = new_idle (120, 30);
  guint expired = 0, extended = 0;

  g_signal_connect (idle, "expired", G_CALLBACK (count_cb), &expired);
  g_signal_connect (idle, "extended", G_CALLBACK (count_cb), &extended);

  /* Nobody has touched the kiosk: nothing to watch, however long. */
  g_assert_false (loket_idle_get_armed (idle));
  advance (idle, 3600);
  g_assert_cmpuint (expired, ==, 0);
  g_assert_cmpuint (loket_idle_get_state (idle), ==, LOKET_IDLE_STATE_ACTIVE);

  /* A tap starts the visit. */
  loket_idle_activity (idle);
  g_assert_true (loket_idle_get_armed (idle));
  advance (idle, 119.9);
  g_assert_cmpuint (loket_idle_get_state (idle), ==, LOKET_IDLE_STATE_ACTIVE);
  advance (idle, 0.1);
  g_assert_cmpuint (loket_idle_get_state (idle), ==, LOKET_IDLE_STATE_WARNING);
  g_assert_cmpuint (loket_idle_get_seconds_left (idle), ==, 30);
  advance (idle, 10.5);
  g_assert_cmpuint (loket_idle_get_seconds_left (idle), ==, 20);

  /* One tap: the full time again. */
  loket_idle_activity (idle);
  g_assert_cmpuint (extended, ==, 1);
  g_assert_cmpuint (loket_idle_get_state (idle), ==, LOKET_IDLE_STATE_ACTIVE);
  advance (idle, 119);
  g_assert_cmpuint (loket_idle_get_state (idle), ==, LOKET_IDLE_STATE_ACTIVE);
  advance (idle, 1);
  g_assert_cmpuint (loket_idle_get_state (idle), ==, LOKET_IDLE_STATE_WARNING);

  /* Unlimited extensions (WCAG 2.2.1 asks for at least ten). */
  for (guint i = 0; i < 20; i++)
    {
      advance (idle, 29);
      g_assert_cmpuint (loket_idle_get_state (idle), ==, LOKET_IDLE_STATE_WARNING);
      loket_idle_activity (idle);
      advance (idle, 120);
    }
  g_assert_cmpuint (extended, ==, 21);
  g_assert_cmpuint (expired, ==, 0);

  /* Nobody answers: the wipe, exactly when the countdown reaches zero. */
  advance (idle, 29.9);
  g_assert_cmpuint (expired, ==, 0);
  g_assert_cmpuint (loket_idle_get_seconds_left (idle), ==, 1);
  advance (idle, 0.1);
  g_assert_cmpuint (expired, ==, 1);
  g_assert_cmpuint (loket_idle_get_state (idle), ==, LOKET_IDLE_STATE_ACTIVE);
  g_assert_false (loket_idle_get_armed (idle));
  advance (idle, 3600);
  g_assert_cmpuint (expired, ==, 1);
}

static void
test_minimum_warning (void)
{
  /* A configuration asking for a shorter countdown still gets 30 s. */
  g_autoptr(LoketIdle) idle = new_idle (60, 5);

  g_assert_cmpuint (loket_idle_get_warning (idle), ==, LOKET_IDLE_MIN_WARNING);
  loket_idle_activity (idle);
  advance (idle, 60);
  g_assert_cmpuint (loket_idle_get_seconds_left (idle), ==, 30);
}

static void
test_disarm (void)
{
  g_autoptr(LoketIdle) idle = new_idle (120, 30);
  guint expired = 0;

  g_signal_connect (idle, "expired", G_CALLBACK (count_cb), &expired);
  loket_idle_activity (idle);
  advance (idle, 125);
  g_assert_cmpuint (loket_idle_get_state (idle), ==, LOKET_IDLE_STATE_WARNING);
  /* "Stop" wiped the visit in the meantime. */
  loket_idle_disarm (idle);
  g_assert_cmpuint (loket_idle_get_state (idle), ==, LOKET_IDLE_STATE_ACTIVE);
  advance (idle, 600);
  g_assert_cmpuint (expired, ==, 0);
}

static void
test_sign_in_limit (void)
{
  g_autoptr(LoketIdle) idle = new_idle (120, 30);
  guint limit = 0, expired = 0;

  g_signal_connect (idle, "sign-in-limit", G_CALLBACK (count_cb), &limit);
  g_signal_connect (idle, "expired", G_CALLBACK (count_cb), &expired);
  loket_idle_activity (idle);
  loket_idle_start_sign_in (idle, 0);

  /* A busy citizen: taps every minute, so the idle timer never fires. */
  for (guint minute = 0; minute < 13; minute++)
    {
      advance (idle, 60);
      loket_idle_activity (idle);
    }
  advance (idle, 60 + 59); /* 14:59 → warning */
  /* 119 s since the last tap: not idle yet, but the sign-in ends in a second. */
  g_assert_cmpuint (loket_idle_get_state (idle), ==, LOKET_IDLE_STATE_LIMIT_WARNING);
  g_assert_cmpuint (loket_idle_get_seconds_left (idle), ==, 1);
  g_assert_cmpuint (limit, ==, 0);
  advance (idle, 1);
  g_assert_cmpuint (limit, ==, 1);
  /* …and 120 s without a tap by now: the idle countdown starts as usual. */
  g_assert_cmpuint (loket_idle_get_state (idle), ==, LOKET_IDLE_STATE_WARNING);
  g_assert_cmpuint (expired, ==, 0);
}

static void
test_sign_in_limit_warning (void)
{
  g_autoptr(LoketIdle) idle = new_idle (120, 30);
  guint limit = 0;

  g_signal_connect (idle, "sign-in-limit", G_CALLBACK (count_cb), &limit);
  loket_idle_activity (idle);
  loket_idle_start_sign_in (idle, 900);
  for (guint i = 0; i < 8; i++)
    {
      advance (idle, 100);
      loket_idle_activity (idle);
    }
  advance (idle, 39);                 /* 839 s: not yet */
  g_assert_cmpuint (loket_idle_get_state (idle), ==, LOKET_IDLE_STATE_ACTIVE);
  advance (idle, 1);                  /* 840 s: a minute before the limit */
  g_assert_cmpuint (loket_idle_get_state (idle), ==, LOKET_IDLE_STATE_LIMIT_WARNING);
  g_assert_cmpuint (loket_idle_get_seconds_left (idle), ==, 60);
  /* A tap: seen. It cannot be extended. */
  loket_idle_activity (idle);
  g_assert_cmpuint (loket_idle_get_state (idle), ==, LOKET_IDLE_STATE_ACTIVE);
  advance (idle, 59);
  g_assert_cmpuint (limit, ==, 0);
  advance (idle, 1);
  g_assert_cmpuint (limit, ==, 1);

  /* Signing out ends the limit. */
  loket_idle_start_sign_in (idle, 900);
  loket_idle_end_sign_in (idle);
  advance (idle, 100);
  loket_idle_activity (idle);
  advance (idle, 100);
  loket_idle_activity (idle);
  for (guint i = 0; i < 10; i++)
    {
      advance (idle, 100);
      loket_idle_activity (idle);
    }
  g_assert_cmpuint (limit, ==, 1);
}

static void
test_real_clock_runs_by_itself (void)
{
  g_autoptr(LoketIdle) idle = loket_idle_new (1, 30);
  gint64 end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  /* The real clock and the monitor's own timer: the warning comes without anyone ticking. */
  loket_idle_activity (idle);
  while (loket_idle_get_state (idle) != LOKET_IDLE_STATE_WARNING && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (loket_idle_get_state (idle), ==, LOKET_IDLE_STATE_WARNING);
  g_assert_cmpuint (loket_idle_get_seconds_left (idle), >=, 29);
}

/* data/kiosk: every value in the dconf database fits the schema, every key a passer-by must never
 * change is locked, and so is GTK's inspector keybinding. */
static void
test_dconf_locks (void)
{
  const char *root = g_getenv ("LOKET_SOURCE_ROOT");
  g_autofree char *db = NULL, *locks_path = NULL, *locks = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  g_auto(GStrv) lines = NULL;
  const char *must_lock[] = { "backend-url", "kiosk-mode", "idle-timeout", "idle-warning", "sign-in-limit",
                              "staff-pin-hash", NULL };

  if (root == NULL || g_settings_schema_source_get_default () == NULL)
    {
      g_test_skip ("No source tree or schemas");
      return;
    }
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), "nl.eenloket.Loket", TRUE);
  g_assert_nonnull (schema);
  db = g_build_filename (root, "data", "kiosk", "dconf", "db", "loket.d", "00-loket", NULL);
  locks_path = g_build_filename (root, "data", "kiosk", "dconf", "db", "loket.d", "locks", "00-loket", NULL);
  g_assert_true (g_key_file_load_from_file (keyfile, db, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);

  keys = g_key_file_get_keys (keyfile, "nl/eenloket/Loket", NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GSettingsSchemaKey) key = NULL;
      g_autofree char *text = g_key_file_get_value (keyfile, "nl/eenloket/Loket", keys[i], NULL);
      g_autoptr(GVariant) value = NULL;

      g_assert_true (g_settings_schema_has_key (schema, keys[i]));
      key = g_settings_schema_get_key (schema, keys[i]);
      value = g_variant_parse (g_settings_schema_key_get_value_type (key), text, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_settings_schema_key_range_check (key, value));
    }
  g_assert_false (g_key_file_get_boolean (keyfile, "org/gtk/gtk4/settings/debug",
                                          "enable-inspector-keybinding", &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (locks_path, &locks, NULL, &error));
  lines = g_strsplit (locks, "\n", -1);
  for (guint i = 0; must_lock[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat ("/nl/eenloket/Loket/", must_lock[i], NULL);

      g_assert_true (g_strv_contains ((const char *const *) lines, path));
    }
  g_assert_true (g_strv_contains ((const char *const *) lines,
                                  "/org/gtk/gtk4/settings/debug/enable-inspector-keybinding"));
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "/nl/eenloket/Loket/"))
      g_assert_true (g_settings_schema_has_key (schema, lines[i] + strlen ("/nl/eenloket/Loket/")));
}

/* The warning's chime: 0.6 s, audible, never clipping, silent at the end. */
static void
test_tone (void)
{
  gint16 samples[22050];
  gsize n = loket_tone_render (samples, G_N_ELEMENTS (samples), 22050);
  int peak = 0;

  g_assert_cmpuint (n, ==, (gsize) (22050 * 0.6));
  for (gsize i = 0; i < n; i++)
    peak = MAX (peak, ABS (samples[i]));
  g_assert_cmpint (peak, >, 4000);
  g_assert_cmpint (peak, <, 32767);
  g_assert_cmpint (ABS (samples[n - 1]), <, 2000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/loket/idle/warning-and-expiry", test_warning_and_expiry);
  g_test_add_func ("/loket/idle/minimum-warning", test_minimum_warning);
  g_test_add_func ("/loket/idle/disarm", test_disarm);
  g_test_add_func ("/loket/idle/sign-in-limit", test_sign_in_limit);
  g_test_add_func ("/loket/idle/sign-in-limit-warning", test_sign_in_limit_warning);
  g_test_add_func ("/loket/idle/real-clock", test_real_clock_runs_by_itself);
  g_test_add_func ("/loket/kiosk/dconf-locks", test_dconf_locks);
  g_test_add_func ("/loket/idle/tone", test_tone);
  return g_test_run ();
}
