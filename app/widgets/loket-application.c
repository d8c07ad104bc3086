/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-application"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "loket-admin.h"
#include "loket-application.h"
#include "loket-desk-window.h"
#include "loket-staff.h"
#include "loket-sync.h"
#include "loket-window.h"

struct _LoketApplication
{
  AdwApplication  parent_instance;

  LoketContext   *context;     /* (owned) (nullable) until startup */
  GtkCssProvider *hc_provider; /* (owned) (nullable) while high contrast is off */
  char           *backend_url; /* (owned) (nullable): --backend */
  gboolean        windowed;
  gboolean        desk;        /* --desk: the service desk's queue (issue 8) */

  LoketSync      *sync;        /* (owned) (nullable) until the store is open */
  GCancellable   *cancellable; /* (owned) (nullable): store and sync work, cancelled at shutdown */
  guint           sync_id;     /* the next periodic sync */
  gboolean        syncing;
};

G_DEFINE_FINAL_TYPE (LoketApplication, loket_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "windowed", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run in a normal window instead of full screen (for development)"), NULL },
  { "backend", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Use this back-end base URL instead of the configured one, for this run"), N_("URL") },
  { "sync", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Sync the catalog with the back-end now, print a one-line summary and exit"), NULL },
  { "health", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the state of the catalog and the back-ends as JSON and exit"), NULL },
  { "desk", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the service desk's queue of tickets, for staff"), NULL },
  { "set-staff-pin", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Read a new staff PIN (6 to 32 digits) from standard input, store its hash and exit"), NULL },
  { NULL }
};

/* Text sizes as a factor of the normal size; the step from one to the next is large enough to
 * notice at arm's length from a kiosk screen. */
static const double text_scale[] = { 1.0, 1.35, 1.7 };

static LoketWindow *
find_window (LoketApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (LOKET_IS_WINDOW (l->data))
        return l->data;
    }
  return NULL;
}

static LoketWindow *
create_window (LoketApplication *self)
{
  gboolean kiosk = loket_context_get_kiosk_mode (self->context) && !self->windowed;

  return loket_window_new (GTK_APPLICATION (self), self->context, kiosk);
}

static void
apply_direction (LoketApplication *self)
{
  LoketLanguage language = loket_context_get_language (self->context);

  gtk_widget_set_default_direction (loket_language_is_rtl (language) ? GTK_TEXT_DIR_RTL
                                                                     : GTK_TEXT_DIR_LTR);
}

static void
apply_text_size (LoketApplication *self)
{
  GtkSettings *settings = gtk_settings_get_default ();
  LoketTextSize size = loket_context_get_text_size (self->context);

  if (settings != NULL)
    g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * text_scale[size]), NULL);
}

static void
apply_high_contrast (LoketApplication *self)
{
  GdkDisplay *display = gdk_display_get_default ();
  gboolean high_contrast = loket_context_get_high_contrast (self->context);

  if (display == NULL || high_contrast == (self->hc_provider != NULL))
    return;

  if (high_contrast)
    {
      self->hc_provider = gtk_css_provider_new ();
      gtk_css_provider_load_from_resource (self->hc_provider, RESOURCE_BASE "/style-hc.css");
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (self->hc_provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
    }
  else
    {
      gtk_style_context_remove_provider_for_display (display,
                                                     GTK_STYLE_PROVIDER (self->hc_provider));
      g_clear_object (&self->hc_provider);
    }
}

static gboolean
destroy_window_cb (gpointer window)
{
  gtk_window_destroy (window);
  return G_SOURCE_REMOVE;
}

static void
on_context_language_cb (LoketApplication *self,
                        GParamSpec       *pspec,
                        LoketContext     *context)
{
  LoketWindow *old_window = find_window (self);
  g_autoptr(GVariant) state = NULL;
  LoketWindow *window;

  apply_direction (self);
  if (old_window == NULL)
    return;

  /* GtkBuilder translates when a template is built, so the window is built again in the new
   * language and put back where the citizen was. It is built at the old one's size, so it is laid
   * out once and not again when the display confirms its size; the old one is hidden now and torn
   * down after the new one's first frame, which need not wait for it (issue 11: ≤ 100 ms). */
  state = loket_window_save_state (old_window);
  window = create_window (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (old_window)))
    gtk_window_set_default_size (GTK_WINDOW (window),
                                 gtk_widget_get_width (GTK_WIDGET (old_window)),
                                 gtk_widget_get_height (GTK_WIDGET (old_window)));
  if (gtk_window_is_maximized (GTK_WINDOW (old_window)))
    gtk_window_maximize (GTK_WINDOW (window));
  loket_window_restore_state (window, state);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_set_visible (GTK_WIDGET (old_window), FALSE);
  g_idle_add_full (G_PRIORITY_LOW, destroy_window_cb, g_object_ref (old_window), g_object_unref);
}

static void
set_language_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  LoketApplication *self = user_data;
  LoketLanguage language;

  if (!loket_language_from_code (g_variant_get_string (parameter, NULL), &language))
    {
      g_warning ("Unknown language code");
      return;
    }
  loket_context_set_language (self->context, language);
}

static const GActionEntry app_actions[] = {
  { "set-language", set_language_activated, "s" },
};

static void schedule_sync (LoketApplication *self);

static void
on_sync_finished_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(LoketApplication) self = user_data;
  g_autoptr(LoketSyncResult) sync_result = NULL;
  g_autoptr(GError) error = NULL;

  sync_result = loket_sync_run_finish (LOKET_SYNC (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->syncing = FALSE;
  if (sync_result == NULL)
    {
      /* The stored catalog stays in use; the window says from when it is. */
      loket_context_set_catalog_status (self->context, TRUE,
                                        loket_context_get_catalog_date (self->context));
    }
  else
    {
      if (sync_result->catalog != NULL)
        loket_context_set_catalog (self->context, sync_result->catalog);
      loket_context_set_catalog_status (self->context, FALSE, sync_result->info->updated);
    }
  schedule_sync (self);
}

static void
start_sync (LoketApplication *self)
{
  if (self->syncing || self->sync == NULL)
    return;

  self->syncing = TRUE;
  loket_sync_run_async (self->sync, self->cancellable, on_sync_finished_cb, g_object_ref (self));
}

static gboolean
on_sync_timeout_cb (gpointer user_data)
{
  LoketApplication *self = user_data;

  self->sync_id = 0;
  start_sync (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_sync (LoketApplication *self)
{
  guint interval = g_settings_get_uint (loket_context_get_settings (self->context), "sync-interval");

  g_clear_handle_id (&self->sync_id, g_source_remove);
  self->sync_id = g_timeout_add_seconds (interval, on_sync_timeout_cb, self);
}

static void
on_catalog_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(LoketApplication) self = user_data;
  g_autoptr(LoketCatalog) catalog = NULL;
  g_autoptr(LoketStoreInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backend_url = NULL;
  g_autofree char *catalog_url = NULL;

  catalog = loket_store_load_catalog_finish (LOKET_STORE (object), result, &info, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (catalog == NULL)
    g_warning ("Cannot load the stored catalog, showing the bundled one: %s", error->message);
  else
    {
      /* The bundled catalog is already shown; a synced one replaces it. */
      if (!info->bundled)
        loket_context_set_catalog (self->context, catalog);
      loket_context_set_catalog_status (self->context, FALSE, info->updated);
    }

  backend_url = loket_context_dup_backend_url (self->context);
  catalog_url = g_settings_get_string (loket_context_get_settings (self->context), "catalog-url");
  self->sync = loket_sync_new (LOKET_STORE (object), backend_url, catalog_url);
  start_sync (self);
}

static void
on_store_opened_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LoketApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!loket_store_open_finish (LOKET_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The catalog store cannot be used; showing the bundled catalog without "
                   "search or sync: %s", error->message);
      return;
    }

  loket_store_load_catalog_async (LOKET_STORE (object), self->cancellable, on_catalog_loaded_cb,
                                  g_object_ref (self));
}

/* `--sync` and `--health`: run without a display, before GTK is initialised. */
static int
run_admin_command (LoketApplication *self,
                   gboolean          health)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  g_autofree char *output = NULL;
  int code;

  if (health)
    code = loket_admin_run_health (settings, self->backend_url, &output);
  else
    code = loket_admin_run_sync (settings, self->backend_url, &output);

  g_print ("%s\n", output);
  return code;
}

/* `--set-staff-pin` (issue 8): only the hash is stored; the key is locked on a kiosk, so this is
 * for the administrator who writes the dconf database. */
static int
set_staff_pin (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  char line[64] = { 0 };
  gsize length;

  if (!g_settings_is_writable (settings, "staff-pin-hash"))
    {
      g_printerr (_("The staff PIN is locked on this machine. Set staff-pin-hash in the dconf "
                    "database instead (see data/kiosk/README.md).\n"));
      return 1;
    }
  if (fgets (line, sizeof line, stdin) == NULL)
    {
      g_printerr (_("No PIN was given on standard input.\n"));
      return 1;
    }
  length = strcspn (line, "\r\n");
  line[length] = '\0';
  hash = loket_staff_hash_pin (line, &error);
  explicit_bzero (line, sizeof line);
  if (hash == NULL)
    {
      g_printerr (_("The PIN must have 6 to 32 digits.\n"));
      return 1;
    }
  g_settings_set_string (settings, "staff-pin-hash", hash);
  g_settings_sync ();
  g_print ("%s\n", hash);
  return 0;
}

/* The staff member's own language, from the desktop's locale, for `--desk`. */
static LoketLanguage
staff_language (LoketLanguage fallback)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *code = g_strndup (names[i], strcspn (names[i], "_.@"));
      LoketLanguage language;

      if (loket_language_from_code (code, &language))
        return language;
    }
  return fallback;
}

static gboolean
load_settings_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID_BASE, TRUE);
  return schema != NULL;
}

static int
loket_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  LoketApplication *self = LOKET_APPLICATION (application);

  if (g_variant_dict_contains (options, "windowed"))
    self->windowed = TRUE;
  g_variant_dict_lookup (options, "backend", "s", &self->backend_url);
  if (self->backend_url != NULL
      && !g_str_has_prefix (self->backend_url, "http://") && !g_str_has_prefix (self->backend_url, "https://"))
    {
      g_printerr (_("The back-end URL must start with http:// or https://\n"));
      return 1;
    }

  if (!load_settings_schema ())
    {
      g_printerr (_("The settings schema %s is not installed. Install Loket, or set "
                    "GSETTINGS_SCHEMA_DIR to the build's data folder.\n"), APP_ID_BASE);
      return 1;
    }

  if (g_variant_dict_contains (options, "sync") || g_variant_dict_contains (options, "health"))
    return run_admin_command (self, g_variant_dict_contains (options, "health"));
  if (g_variant_dict_contains (options, "set-staff-pin"))
    return set_staff_pin ();
  if (g_variant_dict_contains (options, "desk"))
    self->desk = TRUE;

  /* No way out of the kiosk (issue 8): GTK_DEBUG=interactive would open the inspector. */
  if (!self->windowed && !self->desk)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);

      if (g_settings_get_boolean (settings, "kiosk-mode"))
        g_unsetenv ("GTK_DEBUG");
    }

  return G_APPLICATION_CLASS (loket_application_parent_class)->handle_local_options (application, options);
}

/* Sealed submissions left by an earlier run go out as soon as the outbox is open. */
static void
on_outbox_opened_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!loket_outbox_open_finish (LOKET_OUTBOX (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The outbox cannot be opened; requests cannot be sent: %s", error->message);
      return;
    }
  loket_outbox_start (LOKET_OUTBOX (object));
}

static void
loket_application_startup (GApplication *application)
{
  LoketApplication *self = LOKET_APPLICATION (application);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(LoketCatalog) catalog = NULL;
  g_autoptr(LoketStore) store = NULL;
  g_autoptr(LoketOutbox) outbox = NULL;
  g_autofree char *outbox_path = NULL;
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (loket_application_parent_class)->startup (application);

  /* The bundled catalog: the kiosk works with no network at all. */
  catalog = loket_catalog_new_from_resource (RESOURCE_BASE "/catalog/", &error);
  if (catalog == NULL)
    g_error ("The bundled catalog is invalid: %s", error->message);

  settings = g_settings_new (APP_ID_BASE);
  self->context = loket_context_new (settings, catalog);
  if (self->backend_url != NULL)
    loket_context_set_backend_url (self->context, self->backend_url);
  if (self->desk)
    loket_context_set_language (self->context, staff_language (loket_context_get_language (self->context)));

  /* Read-aloud through the sound card; LOKET_SPEECH_FILE writes it to a WAV file instead (tests,
   * and trying it on a machine without sound). */
  if (loket_speech_is_supported ())
    {
      const char *speech_file = g_getenv ("LOKET_SPEECH_FILE");
      g_autoptr(LoketSpeech) speech = speech_file ? loket_speech_new_for_file (speech_file, TRUE)
                                                  : loket_speech_new ();

      loket_context_set_speech (self->context, speech);
    }

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  g_signal_connect_object (self->context, "notify::language",
                           G_CALLBACK (on_context_language_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::text-size",
                           G_CALLBACK (apply_text_size), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::high-contrast",
                           G_CALLBACK (apply_high_contrast), self, G_CONNECT_SWAPPED);

  loket_i18n_set_language (loket_context_get_language (self->context));
  apply_direction (self);
  apply_text_size (self);
  apply_high_contrast (self);

  /* The window shows the bundled catalog at once; the store's (synced) one follows, then a sync
   * at start and every sync-interval. */
  self->cancellable = g_cancellable_new ();
  store = loket_store_new (NULL);
  loket_context_set_store (self->context, store);
  loket_store_open_async (store, self->cancellable, on_store_opened_cb, g_object_ref (self));

  /* The sealed outbox (issue 7), next to the store in the user's data folder. */
  outbox_path = loket_outbox_dup_default_path ();
  outbox = loket_outbox_new (outbox_path);
  loket_context_set_outbox (self->context, outbox);
  loket_outbox_open_async (outbox, self->cancellable, on_outbox_opened_cb, NULL);
}

static void
loket_application_shutdown (GApplication *application)
{
  LoketApplication *self = LOKET_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->sync_id, g_source_remove);

  G_APPLICATION_CLASS (loket_application_parent_class)->shutdown (application);
}

static void
loket_application_activate (GApplication *application)
{
  LoketApplication *self = LOKET_APPLICATION (application);
  LoketWindow *window = find_window (self);

  if (self->desk)
    {
      GtkWindow *desk = gtk_application_get_active_window (GTK_APPLICATION (self));

      if (desk == NULL)
        desk = GTK_WINDOW (loket_desk_window_new (GTK_APPLICATION (self), self->context));
      gtk_window_present (desk);
      return;
    }
  if (window == NULL)
    window = create_window (self);
  gtk_window_present (GTK_WINDOW (window));
}

static void
loket_application_dispose (GObject *object)
{
  LoketApplication *self = LOKET_APPLICATION (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->sync_id, g_source_remove);
  g_clear_object (&self->sync);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->hc_provider);
  g_clear_object (&self->context);
  g_clear_pointer (&self->backend_url, g_free);

  G_OBJECT_CLASS (loket_application_parent_class)->dispose (object);
}

static void
loket_application_class_init (LoketApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = loket_application_dispose;
  app_class->handle_local_options = loket_application_handle_local_options;
  app_class->startup = loket_application_startup;
  app_class->activate = loket_application_activate;
  app_class->shutdown = loket_application_shutdown;
}

static void
loket_application_init (LoketApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

LoketApplication *
loket_application_new (void)
{
  return g_object_new (LOKET_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}

/**
 * loket_application_get_context:
 *
 * Returns: (transfer none) (nullable): the context, once the application has started up
 */
LoketContext *
loket_application_get_context (LoketApplication *self)
{
  g_return_val_if_fail (LOKET_IS_APPLICATION (self), NULL);

  return self->context;
}
