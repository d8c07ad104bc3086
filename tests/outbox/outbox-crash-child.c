/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * The process the crash test kills: opens the outbox at DB, starts delivering to ENDPOINT, and
 * enqueues COUNT submissions one after the other. It writes "BEGIN" before each enqueue and
 * "ENQ" once the enqueue has committed, unbuffered, so the parent knows what was confirmed.
 * When everything is enqueued and delivered it writes "EMPTY" and exits 0.
 *
 *   outbox-crash-child DB ENDPOINT PUBLIC_KEY_BASE64 COUNT
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loket-outbox.h"

typedef struct
{
  LoketOutbox *outbox;
  GBytes      *public_key;
  const char  *endpoint;
  guint        remaining;
  guint        serial;
  gboolean     enqueuing;
  GMainLoop   *loop;
} Child;

static void
say (const char *line)
{
  gsize length = strlen (line);

  if (write (STDOUT_FILENO, line, length) != (gssize) length)
    exit (3);
}

static void enqueue_next (Child *child);

static void
on_flushed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Child *child = user_data;
  g_autoptr(GError) error = NULL;

  if (!loket_outbox_flush_finish (LOKET_OUTBOX (source), result, &error))
    g_error ("flush: %s", error->message);
  say ("EMPTY\n");
  g_main_loop_quit (child->loop);
}

static void
check_done (Child *child)
{
  if (child->remaining == 0 && !child->enqueuing && loket_outbox_get_n_pending (child->outbox) == 0)
    {
      loket_outbox_flush_async (child->outbox, NULL, on_flushed_cb, child);
    }
}

static void
on_enqueued_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Child *child = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = loket_outbox_enqueue_finish (LOKET_OUTBOX (source), result, &error);

  if (key == NULL)
    g_error ("enqueue: %s", error->message);
  say ("ENQ\n");
  child->enqueuing = FALSE;
  enqueue_next (child);
}

static void
enqueue_next (Child *child)
{
  g_autoptr(GBytes) submission = NULL;
  char *json;

  if (child->remaining == 0)
    {
      check_done (child);
      return;
    }
  child->remaining--;
  child->enqueuing = TRUE;
  json = g_strdup_printf ("{\"service\": \"verhuizing-doorgeven\", \"fields\": {\"n\": \"%d-%u\"}, "
                          "\"submitted_at\": \"2026-03-01T10:00:00Z\", \"language\": \"nl\"}",
                          (int) getpid (), child->serial++);
  submission = g_bytes_new_take (json, strlen (json));
  say ("BEGIN\n");
  loket_outbox_enqueue_async (child->outbox, child->endpoint, child->public_key, submission, NULL,
                              on_enqueued_cb, child);
}

static void
on_pending_cb (LoketOutbox *outbox,
               GParamSpec  *pspec,
               Child       *child)
{
  check_done (child);
}

static void
on_opened_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Child *child = user_data;
  g_autoptr(GError) error = NULL;

  if (!loket_outbox_open_finish (LOKET_OUTBOX (source), result, &error))
    g_error ("open: %s", error->message);
  loket_outbox_start (child->outbox);
  enqueue_next (child);
}

int
main (int   argc,
      char *argv[])
{
  Child child = { 0 };
  g_autoptr(GError) error = NULL;

  if (argc != 5)
    {
      g_printerr ("usage: %s DB ENDPOINT PUBLIC_KEY_BASE64 COUNT\n", argv[0]);
      return 2;
    }
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  child.outbox = loket_outbox_new (argv[1]);
  child.endpoint = argv[2];
  child.public_key = loket_outbox_parse_public_key (argv[3], &error);
  if (child.public_key == NULL)
    g_error ("%s", error->message);
  child.remaining = (guint) g_ascii_strtoull (argv[4], NULL, 10);
  child.loop = g_main_loop_new (NULL, FALSE);

  /* Short delays: the test kills this process dozens of times in a few seconds. */
  loket_outbox_set_backoff (child.outbox, 20, 200);
  g_signal_connect (child.outbox, "notify::n-pending", G_CALLBACK (on_pending_cb), &child);
  loket_outbox_open_async (child.outbox, NULL, on_opened_cb, &child);
  g_main_loop_run (child.loop);

  g_object_unref (child.outbox);
  g_bytes_unref (child.public_key);
  g_main_loop_unref (child.loop);
  return 0;
}
