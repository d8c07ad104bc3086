/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-admin"

#include "config.h"

#include <json-glib/json-glib.h>

#include "loket-admin.h"
#include "loket-outbox.h"
#include "loket-store.h"
#include "loket-sync.h"

/* What the commands print is an interface for scripts and monitoring, and is not translated. */

typedef struct
{
  GMainContext *context; /* (unowned) */
  GAsyncResult *result;  /* (owned) (nullable) */
} Waiter;

static void
on_ready_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_context_wakeup (waiter->context);
}

/* Iterates the command's own main context until the pending operation has finished. */
static GAsyncResult *
wait_for (Waiter *waiter)
{
  while (waiter->result == NULL)
    g_main_context_iteration (waiter->context, TRUE);
  return waiter->result;
}

static void
waiter_clear (Waiter *waiter)
{
  g_clear_object (&waiter->result);
}

static LoketSync *
create_sync (LoketStore *store,
             GSettings  *settings,
             const char *backend_url)
{
  g_autofree char *configured = g_settings_get_string (settings, "backend-url");
  g_autofree char *catalog_url = g_settings_get_string (settings, "catalog-url");

  return loket_sync_new (store, backend_url ? backend_url : configured, catalog_url);
}

static LoketStore *
open_store (Waiter   *waiter,
            GError  **error)
{
  g_autoptr(LoketStore) store = loket_store_new (NULL);
  gboolean ok;

  loket_store_open_async (store, NULL, on_ready_cb, waiter);
  ok = loket_store_open_finish (store, wait_for (waiter), error);
  waiter_clear (waiter);
  return ok ? g_steal_pointer (&store) : NULL;
}

static int
run_sync (GSettings  *settings,
          const char *backend_url,
          Waiter     *waiter,
          char      **output)
{
  g_autoptr(LoketStore) store = NULL;
  g_autoptr(LoketSync) sync = NULL;
  g_autoptr(LoketSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  if ((store = open_store (waiter, &error)) == NULL)
    {
      *output = g_strdup_printf ("sync failed: %s", error->message);
      return 1;
    }

  sync = create_sync (store, settings, backend_url);
  loket_sync_run_async (sync, NULL, on_ready_cb, waiter);
  result = loket_sync_run_finish (sync, wait_for (waiter), &error);
  waiter_clear (waiter);
  if (result == NULL)
    {
      *output = g_strdup_printf ("sync failed: %s", error->message);
      return 1;
    }

  *output = loket_sync_result_describe (result);
  return 0;
}

static void
add_backend (JsonBuilder *builder,
             const char  *name,
             gboolean     reachable)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reachable");
  json_builder_add_boolean_value (builder, reachable);
  json_builder_end_object (builder);
}

/* The outbox's counts, read without delivering anything. -1 when it cannot be opened. */
static void
read_outbox (Waiter *waiter,
             gint64 *pending,
             gint64 *rejected)
{
  g_autofree char *path = loket_outbox_dup_default_path ();
  g_autoptr(LoketOutbox) outbox = loket_outbox_new (path);
  g_autoptr(GError) error = NULL;

  *pending = *rejected = -1;
  loket_outbox_open_async (outbox, NULL, on_ready_cb, waiter);
  if (loket_outbox_open_finish (outbox, wait_for (waiter), &error))
    {
      *pending = loket_outbox_get_n_pending (outbox);
      *rejected = loket_outbox_get_n_rejected (outbox);
    }
  else
    g_message ("Health: %s", error->message);
  waiter_clear (waiter);
}

static int
run_health (GSettings  *settings,
            const char *backend_url,
            Waiter     *waiter,
            char      **output)
{
  g_autoptr(LoketStore) store = NULL;
  g_autoptr(LoketSync) sync = NULL;
  g_autoptr(LoketStoreInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  LoketSyncProbe probe = { 0 };
  gint64 outbox_pending, outbox_rejected;
  const char *status;
  gboolean reachable = FALSE;
  int code;

  if ((store = open_store (waiter, &error)) != NULL)
    {
      loket_store_get_info_async (store, NULL, on_ready_cb, waiter);
      info = loket_store_get_info_finish (store, wait_for (waiter), &error);
      waiter_clear (waiter);

      sync = create_sync (store, settings, backend_url);
      loket_sync_probe_async (sync, NULL, on_ready_cb, waiter);
      reachable = loket_sync_probe_finish (sync, wait_for (waiter), &probe);
      waiter_clear (waiter);
    }
  if (error != NULL)
    g_message ("Health: %s", error->message);
  read_outbox (waiter, &outbox_pending, &outbox_rejected);

  /* error: no usable catalog; degraded: the cache is served but a back-end does not answer. */
  if (info == NULL)
    status = "error", code = 2;
  else if (!reachable)
    status = "degraded", code = 1;
  else
    status = "ok", code = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);

  json_builder_set_member_name (builder, "catalog");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "etag");
  if (info != NULL && info->etag != NULL)
    json_builder_add_string_value (builder, info->etag);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "updated");
  if (info != NULL)
    {
      g_autofree char *updated = g_date_time_format_iso8601 (info->updated);

      json_builder_add_string_value (builder, updated);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "life_events");
  json_builder_add_int_value (builder, info ? info->n_life_events : 0);
  json_builder_set_member_name (builder, "services");
  json_builder_add_int_value (builder, info ? info->n_services : 0);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "backends");
  json_builder_begin_object (builder);
  if (probe.discovery_used)
    add_backend (builder, "discovery", probe.discovery_reachable);
  add_backend (builder, "catalog", probe.catalog_reachable);
  json_builder_end_object (builder);

  /* Submissions waiting for the intake, and those it refused (for staff); null if unreadable. */
  json_builder_set_member_name (builder, "outbox");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pending");
  if (outbox_pending >= 0)
    json_builder_add_int_value (builder, outbox_pending);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "rejected");
  if (outbox_rejected >= 0)
    json_builder_add_int_value (builder, outbox_rejected);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  *output = json_generator_to_data (generator, NULL);
  return code;
}

static int
run_command (GSettings  *settings,
             const char *backend_url,
             gboolean    health,
             char      **output)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  Waiter waiter = { context, NULL };
  int code;

  g_main_context_push_thread_default (context);
  code = health ? run_health (settings, backend_url, &waiter, output)
                : run_sync (settings, backend_url, &waiter, output);
  /* Let the finished tasks' last sources run before the context goes. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  return code;
}

/**
 * loket_admin_run_sync:
 * @backend_url: (nullable): overrides the configured back-end for this run
 * @output: (out) (transfer full): the one line to print, without a newline
 *
 * Syncs the catalog now.
 *
 * Returns: 0 when the catalog is current (updated or unchanged), 1 with the reason otherwise
 */
int
loket_admin_run_sync (GSettings   *settings,
                      const char  *backend_url,
                      char       **output)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), 1);
  g_return_val_if_fail (output != NULL, 1);

  return run_command (settings, backend_url, FALSE, output);
}

/**
 * loket_admin_run_health:
 * @backend_url: (nullable): overrides the configured back-end for this run
 * @output: (out) (transfer full): the JSON document to print
 *
 * Reports on the store and the back-ends as JSON: `status` (`ok`, `degraded` or `error`),
 * `catalog` (`etag`, `updated` in ISO 8601, `life_events`, `services`) and `backends` (per
 * service, `reachable`).
 *
 * Returns: 0 when all is well, 1 when degraded, 2 on error
 */
int
loket_admin_run_health (GSettings   *settings,
                        const char  *backend_url,
                        char       **output)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), 2);
  g_return_val_if_fail (output != NULL, 2);

  return run_command (settings, backend_url, TRUE, output);
}
