/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test-desk"

#include "config.h"

#include <string.h>

#include "backend/backend-harness.h"
#include "loket-desk-client.h"
#include "loket-discovery.h"
#include "loket-error.h"
#include "loket-http.h"
#include "loket-staff.h"

/*
 * The warm hand-over against the real reference back-end: a ticket holds the life event, the
 * language, the needs and a summary of ids — never a BSN or a name; the desk lists the queue and
 * calls the next ticket. And the staff PIN of assisted mode: an Argon2 hash, rate-limited.
 */

static LbServer *backend;

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
desk_endpoint (SoupSession **session)
{
  g_autoptr(LoketDiscovery) discovery = loket_discovery_new (backend->base_url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LoketEndpoints) endpoints = NULL;
  g_autoptr(GError) error = NULL;

  loket_discovery_load_async (discovery, NULL, store_result_cb, &result);
  endpoints = loket_discovery_load_finish (discovery, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (endpoints->desk_endpoint);
  *session = g_object_ref (loket_discovery_get_session (discovery));
  return g_strdup (endpoints->desk_endpoint);
}

static LoketDeskTicket *
create (SoupSession       *session,
        const char        *endpoint,
        const char        *life_event,
        const char        *language,
        const char *const *needs,
        const char        *summary,
        GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  loket_desk_create_ticket_async (session, endpoint, life_event, language, needs, summary, NULL,
                                  store_result_cb, &result);
  return loket_desk_create_ticket_finish (wait_result (&result), error);
}

static GPtrArray *
list (SoupSession *session,
      const char  *endpoint)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets;

  loket_desk_list_async (session, endpoint, NULL, store_result_cb, &result);
  tickets = loket_desk_list_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  return tickets;
}

static LoketDeskTicket *
call_next (SoupSession *session,
           const char  *endpoint,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  loket_desk_call_next_async (session, endpoint, NULL, store_result_cb, &result);
  return loket_desk_call_next_finish (wait_result (&result), error);
}

static void
test_summary (void)
{
  const char *steps[] = { "register-death", "inform-pension", NULL };
  const char *entitlements[] = { "aow-survivor", NULL };
  g_autofree char *text = loket_desk_summary_build (steps, entitlements, 2);
  g_autoptr(LoketDeskSummary) summary = loket_desk_summary_parse (text);

  g_assert_nonnull (summary);
  g_assert_cmpstrv (summary->steps_done, steps);
  g_assert_cmpstrv (summary->entitlements, entitlements);
  g_assert_cmpuint (summary->n_requests, ==, 2);
  g_assert_null (loket_desk_summary_parse ("Some free text from another desk system"));
  g_assert_null (loket_desk_summary_parse (""));

  /* Members of the wrong type (an object, an array, a string) are no critical, just absent. */
  {
    g_autoptr(LoketDeskSummary) odd =
      loket_desk_summary_parse ("{\"steps_done\":{},\"entitlements\":[1,{},\"zorgtoeslag\"],"
                                "\"requests_sent\":{\"n\":3}}");

    g_assert_nonnull (odd);
    g_assert_cmpuint (g_strv_length (odd->steps_done), ==, 0);
    g_assert_cmpstrv (odd->entitlements, ((const char *[]) { "zorgtoeslag", NULL }));
    g_assert_cmpuint (odd->n_requests, ==, 0);
  }

  g_assert_true (loket_desk_text_is_safe ("A001, 3 of 6 steps, 12:30"));
  g_assert_false (loket_desk_text_is_safe ("bsn 999970124"));
  g_assert_false (loket_desk_text_is_safe ("999 97 01 24"));
  g_assert_false (loket_desk_text_is_safe ("999.970.124"));
}

static void
test_ticket_and_queue (void)
{
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *endpoint = desk_endpoint (&session);
  const char *steps[] = { "register-death", NULL };
  const char *needs[] = { LOKET_DESK_NEED_READ_ALOUD, LOKET_DESK_NEED_INTERPRETER, NULL };
  g_autofree char *summary = loket_desk_summary_build (steps, NULL, 1);
  g_autoptr(LoketDeskTicket) first = NULL;
  g_autoptr(LoketDeskTicket) second = NULL;
  g_autoptr(LoketDeskTicket) called = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  first = create (session, endpoint, "death", "ar", needs, summary, &error);
  g_assert_no_error (error);
  g_assert_true (g_regex_match_simple ("^[A-Z][0-9]{3}$", first->number, 0, 0));
  g_assert_cmpstr (first->life_event, ==, "death");
  g_assert_cmpstr (first->language, ==, "ar");
  g_assert_cmpstrv (first->needs, needs);
  g_assert_cmpstr (first->summary, ==, summary);
  g_assert_cmpstr (first->status, ==, "waiting");
  g_test_message ("ticket %s, wait %" G_GINT64_FORMAT " min", first->number, first->estimated_wait_minutes);

  second = create (session, endpoint, "money-worries", "nl", NULL, summary, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->estimated_wait_minutes, >, first->estimated_wait_minutes);

  /* The desk: the queue in order, then "call next". */
  queue = list (session, endpoint);
  g_assert_cmpuint (queue->len, ==, 2);
  g_assert_cmpstr (((LoketDeskTicket *) queue->pdata[0])->number, ==, first->number);
  g_assert_cmpstr (((LoketDeskTicket *) queue->pdata[1])->number, ==, second->number);
  called = call_next (session, endpoint, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (called->number, ==, first->number);
  g_assert_cmpstr (called->status, ==, "called");
  g_clear_pointer (&queue, g_ptr_array_unref);
  queue = list (session, endpoint);
  g_assert_cmpuint (queue->len, ==, 1);
  g_assert_cmpint (((LoketDeskTicket *) queue->pdata[0])->estimated_wait_minutes, <=,
                   second->estimated_wait_minutes);
  g_clear_pointer (&called, loket_desk_ticket_free);
  called = call_next (session, endpoint, &error);
  g_assert_no_error (error);
  g_clear_pointer (&called, loket_desk_ticket_free);

  /* Nobody waiting. */
  called = call_next (session, endpoint, &error);
  g_assert_null (called);
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* An unknown life event: the back-end refuses it, and the client says so. */
  g_assert_null (create (session, endpoint, "no-such-event", "nl", NULL, summary, &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* What reached the back-end: nothing of a person. */
  log = lb_read_log (backend);
  g_assert_null (strstr (log, "9999"));
}

static void
test_no_bsn_leaves (void)
{
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *endpoint = desk_endpoint (&session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = list (session, endpoint);
  g_autoptr(GPtrArray) after = NULL;
  const char *bad_summaries[] = { "999970124", "BSN 999 97 01 24", "bsn: 999.970.124", NULL };

  /* Refused by the kiosk itself, before anything is sent. */
  for (guint i = 0; bad_summaries[i] != NULL; i++)
    {
      g_autoptr(LoketDeskTicket) ticket = create (session, endpoint, "death", "nl", NULL,
                                                  bad_summaries[i], &error);
      g_assert_null (ticket);
      g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA);
      g_clear_error (&error);
    }
  after = list (session, endpoint);
  g_assert_cmpuint (after->len, ==, before->len);
}

static gint64 fake_now;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

static gboolean
check_pin (LoketStaffLock *lock,
           const char     *pin,
           GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  loket_staff_lock_check_async (lock, pin, NULL, store_result_cb, &result);
  return loket_staff_lock_check_finish (lock, wait_result (&result), error);
}

static void
test_staff_pin (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(LoketStaffLock) lock = NULL;
  g_autoptr(LoketStaffLock) no_pin = loket_staff_lock_new ("");
  gint64 start;

  g_assert_false (loket_staff_pin_is_acceptable ("12345"));
  g_assert_false (loket_staff_pin_is_acceptable ("12345a"));
  g_assert_null (loket_staff_hash_pin ("1234", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_INVALID_DATA);
  g_clear_error (&error);

  start = g_get_monotonic_time ();
  hash = loket_staff_hash_pin ("482913", &error);
  g_assert_no_error (error);
  g_test_message ("crypto_pwhash_str took %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, "482913"));

  /* No PIN configured: no assisted mode. */
  g_assert_false (loket_staff_lock_has_pin (no_pin));
  g_assert_false (check_pin (no_pin, "482913", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_DENIED);
  g_clear_error (&error);

  lock = loket_staff_lock_new (hash);
  fake_now = 0;
  loket_staff_lock_set_clock (lock, fake_clock, NULL);
  g_assert_true (check_pin (lock, "482913", &error));
  g_assert_no_error (error);

  /* Three wrong PINs are free; then 30 s, 60 s, 120 s … */
  for (guint i = 0; i < LOKET_STAFF_FREE_ATTEMPTS - 1; i++)
    {
      g_assert_false (check_pin (lock, "000000", &error));
      g_assert_no_error (error);
      g_assert_cmpuint (loket_staff_lock_get_wait (lock), ==, 0);
    }
  g_assert_false (check_pin (lock, "000000", &error));
  g_assert_cmpuint (loket_staff_lock_get_wait (lock), ==, 30);
  /* While waiting even the right PIN is not checked. */
  g_assert_false (check_pin (lock, "482913", &error));
  g_assert_error (error, LOKET_ERROR, LOKET_ERROR_DENIED);
  g_clear_error (&error);
  fake_now += 30 * G_USEC_PER_SEC;
  g_assert_false (check_pin (lock, "111111", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (loket_staff_lock_get_wait (lock), ==, 60);
  fake_now += 60 * G_USEC_PER_SEC;
  g_assert_false (check_pin (lock, "222222", &error));
  g_assert_cmpuint (loket_staff_lock_get_wait (lock), ==, 120);
  for (guint i = 0; i < 10; i++)
    {
      fake_now += (gint64) loket_staff_lock_get_wait (lock) * G_USEC_PER_SEC;
      g_assert_false (check_pin (lock, "333333", &error));
    }
  g_assert_cmpuint (loket_staff_lock_get_wait (lock), ==, LOKET_STAFF_MAX_WAIT);
  fake_now += LOKET_STAFF_MAX_WAIT * G_USEC_PER_SEC;
  g_assert_true (check_pin (lock, "482913", &error));
  g_assert_cmpuint (loket_staff_lock_get_wait (lock), ==, 0);
}

/* `loket --set-staff-pin`: the PIN on standard input, only the hash out. */
static void
test_set_staff_pin_option (void)
{
  const char *binary = g_getenv ("LOKET_BINARY");
  const char *inputs[] = { "482913\n", "12\n", "abcdef\n" };
  const int expected[] = { 0, 1, 1 };

  if (binary == NULL)
    {
      g_test_skip ("LOKET_BINARY is not set");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL, *err = NULL;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                  G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, binary, "--set-staff-pin", NULL);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate_utf8 (process, inputs[i], NULL, &out, &err, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, expected[i]);
      if (expected[i] == 0)
        {
          g_assert_true (g_str_has_prefix (out, "$argon2id$"));
          g_assert_null (strstr (out, "482913"));
        }
      else
        g_assert_nonnull (strstr (err, "6"));
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  lb_init (&argc, &argv);
  backend = lb_start ("--interval", "0", NULL);

  g_test_add_func ("/loket/desk/summary", test_summary);
  g_test_add_func ("/loket/desk/ticket-and-queue", test_ticket_and_queue);
  g_test_add_func ("/loket/desk/no-bsn-leaves", test_no_bsn_leaves);
  g_test_add_func ("/loket/desk/staff-pin", test_staff_pin);
  g_test_add_func ("/loket/desk/set-staff-pin-option", test_set_staff_pin_option);
  ret = g_test_run ();
  lb_stop (backend);
  return ret;
}
