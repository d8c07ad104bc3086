/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

/* Shared by the outbox tests and the benchmark: the reference intake's endpoint and key, its
 * statistics, and waiting on the main loop. */

#include <glib.h>
#include <sqlite3.h>

#include "backend-harness.h"
#include "loket-outbox.h"

typedef struct
{
  char   *endpoint;
  GBytes *public_key;
  char   *public_key_base64;
} IntakeConfig;

static inline void
intake_config_clear (IntakeConfig *config)
{
  g_clear_pointer (&config->endpoint, g_free);
  g_clear_pointer (&config->public_key, g_bytes_unref);
  g_clear_pointer (&config->public_key_base64, g_free);
}

static inline void
intake_config_load (LbServer     *server,
                    IntakeConfig *config)
{
  g_autoptr(LbResponse) discovery = lb_get (server, "/.well-known/loket", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (discovery->status, ==, 200);
  config->endpoint = g_strdup (lb_member_string (discovery, "intake_endpoint"));
  config->public_key_base64 = g_strdup (lb_member_string (discovery, "intake_public_key"));
  config->public_key = loket_outbox_parse_public_key (config->public_key_base64, &error);
  g_assert_no_error (error);
}

typedef struct
{
  gint64 received;
  gint64 unique;
  gint64 duplicates;
} IntakeStats;

static inline IntakeStats
intake_stats (LbServer *server)
{
  g_autoptr(LbResponse) response = lb_get (server, "/intake/stats", NULL);
  JsonObject *object = lb_object (response);
  IntakeStats stats = {
    json_object_get_int_member (object, "received"),
    json_object_get_int_member (object, "unique"),
    json_object_get_int_member (object, "duplicates"),
  };

  return stats;
}

static inline gboolean
on_wait_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until @done returns TRUE or @timeout_ms pass. */
static inline gboolean
wait_until (gboolean (*done) (gpointer),
            gpointer   data,
            guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_wait_timeout_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return done (data);
}

/* Rows in the outbox database, read through a connection of our own. */
static inline int
count_rows (const char *path,
            const char *where)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM outbox%s%s", where ? " WHERE " : "",
                                          where ? where : "");
  int n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}
