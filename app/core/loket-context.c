/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-context"

#include "config.h"

#include "loket-context.h"

/**
 * LoketContext:
 *
 * The shared services of one kiosk: settings, the catalog, the current visit and how it is
 * presented (language, text size, contrast). The application makes one and hands it to windows
 * and pages as a construct-only property, so a test can build one of its own.
 */
struct _LoketContext
{
  GObject        parent_instance;

  GSettings     *settings; /* (owned) */
  LoketCatalog  *catalog;  /* (owned) */
  LoketSession  *session;  /* (owned) */
  LoketLanguage  language;
  LoketTextSize  text_size;
  gboolean       high_contrast;
  char          *backend_url; /* (owned) (nullable): overrides the setting for this run */
  LoketStore    *store;        /* (owned) (nullable): the local catalog store and search */
  GDateTime     *catalog_date; /* (owned) (nullable): when the catalog was last confirmed */
  gboolean       offline;      /* the last sync could not reach the back-end */
  LoketDiscovery *discovery;   /* (owned) (nullable): made on first use, for the backend URL */
  LoketSpeech   *speech;       /* (owned) (nullable): read-aloud, stopped when the visit ends */
  LoketIdle     *idle;         /* (owned) (nullable): made on first use; the idle timeout (issue 8) */
  LoketOutbox   *outbox;       /* (owned) (nullable): sealed submissions waiting for delivery */
};

G_DEFINE_FINAL_TYPE (LoketContext, loket_context, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_CATALOG,
  PROP_SESSION,
  PROP_LANGUAGE,
  PROP_TEXT_SIZE,
  PROP_HIGH_CONTRAST,
  PROP_STORE,
  PROP_OFFLINE,
  PROP_CATALOG_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static LoketLanguage
default_language (LoketContext *self)
{
  g_autofree char *code = g_settings_get_string (self->settings, "default-language");
  LoketLanguage language = LOKET_LANGUAGE_NL;

  loket_language_from_code (code, &language);
  return language;
}

static void
loket_context_constructed (GObject *object)
{
  LoketContext *self = LOKET_CONTEXT (object);

  G_OBJECT_CLASS (loket_context_parent_class)->constructed (object);

  g_assert (self->settings != NULL);
  self->language = default_language (self);
  self->text_size = g_settings_get_enum (self->settings, "text-size");
  self->high_contrast = g_settings_get_boolean (self->settings, "high-contrast");
}

static void
loket_context_dispose (GObject *object)
{
  LoketContext *self = LOKET_CONTEXT (object);

  g_clear_object (&self->speech);
  g_clear_object (&self->idle);
  g_clear_object (&self->session);
  g_clear_object (&self->catalog);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->outbox);
  g_clear_object (&self->discovery);
  g_clear_pointer (&self->backend_url, g_free);
  g_clear_pointer (&self->catalog_date, g_date_time_unref);

  G_OBJECT_CLASS (loket_context_parent_class)->dispose (object);
}

static void
loket_context_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LoketContext *self = LOKET_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, loket_language_get_code (self->language));
      break;
    case PROP_TEXT_SIZE:
      g_value_set_uint (value, self->text_size);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;
    case PROP_CATALOG_DATE:
      g_value_set_boxed (value, self->catalog_date);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_context_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LoketContext *self = LOKET_CONTEXT (object);
  LoketLanguage language;

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_CATALOG:
      if (self->catalog == NULL)
        self->catalog = g_value_dup_object (value);
      else
        loket_context_set_catalog (self, g_value_get_object (value));
      break;
    case PROP_STORE:
      loket_context_set_store (self, g_value_get_object (value));
      break;
    case PROP_LANGUAGE:
      if (loket_language_from_code (g_value_get_string (value), &language))
        loket_context_set_language (self, language);
      break;
    case PROP_TEXT_SIZE:
      loket_context_set_text_size (self, g_value_get_uint (value));
      break;
    case PROP_HIGH_CONTRAST:
      loket_context_set_high_contrast (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_context_class_init (LoketContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = loket_context_constructed;
  object_class->dispose = loket_context_dispose;
  object_class->get_property = loket_context_get_property;
  object_class->set_property = loket_context_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Replaced when a sync brings a new catalog; pages that list it follow notify::catalog. */
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, LOKET_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LOKET_TYPE_SESSION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, "nl",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT_SIZE] =
    g_param_spec_uint ("text-size", NULL, NULL, LOKET_TEXT_SIZE_NORMAL, LOKET_TEXT_SIZE_LARGEST,
                       LOKET_TEXT_SIZE_NORMAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGH_CONTRAST] =
    g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LOKET_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG_DATE] =
    g_param_spec_boxed ("catalog-date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
loket_context_init (LoketContext *self)
{
  self->session = loket_session_new ();
}

LoketContext *
loket_context_new (GSettings    *settings,
                   LoketCatalog *catalog)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (LOKET_IS_CATALOG (catalog), NULL);

  return g_object_new (LOKET_TYPE_CONTEXT, "settings", settings, "catalog", catalog, NULL);
}

GSettings *
loket_context_get_settings (LoketContext *self)
{
  g_return_val_if_fail (LOKET_IS_CONTEXT (self), NULL);
  return self->settings;
}

LoketCatalog *
loket_context_get_catalog (LoketContext *self)
{
  g_return_val_if_fail (LOKET_IS_CONTEXT (self), NULL);
  return self->catalog;
}

LoketSession *
loket_context_get_session (LoketContext *self)
{
  g_return_val_if_fail (LOKET_IS_CONTEXT (self), NULL);
  return self->session;
}

LoketLanguage
loket_context_get_language (LoketContext *self)
{
  g_return_val_if_fail (LOKET_IS_CONTEXT (self), LOKET_LANGUAGE_NL);
  return self->language;
}

/**
 * loket_context_set_language:
 *
 * Switches the language of the interface (gettext) and of the catalog texts. Windows listen to
 * #LoketContext:language and rebuild themselves where the citizen was.
 */
void
loket_context_set_language (LoketContext  *self,
                            LoketLanguage  language)
{
  g_return_if_fail (LOKET_IS_CONTEXT (self));
  g_return_if_fail (language < LOKET_N_LANGUAGES);

  if (self->language == language && loket_i18n_get_language () == language)
    return;

  loket_i18n_set_language (language);
  self->language = language;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

LoketTextSize
loket_context_get_text_size (LoketContext *self)
{
  g_return_val_if_fail (LOKET_IS_CONTEXT (self), LOKET_TEXT_SIZE_NORMAL);
  return self->text_size;
}

void
loket_context_set_text_size (LoketContext  *self,
                             LoketTextSize  size)
{
  g_return_if_fail (LOKET_IS_CONTEXT (self));
  g_return_if_fail (size <= LOKET_TEXT_SIZE_LARGEST);

  if (self->text_size == size)
    return;
  self->text_size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_SIZE]);
}

gboolean
loket_context_get_high_contrast (LoketContext *self)
{
  g_return_val_if_fail (LOKET_IS_CONTEXT (self), FALSE);
  return self->high_contrast;
}

void
loket_context_set_high_contrast (LoketContext *self,
                                 gboolean      high_contrast)
{
  g_return_if_fail (LOKET_IS_CONTEXT (self));

  high_contrast = !!high_contrast;
  if (self->high_contrast == high_contrast)
    return;
  self->high_contrast = high_contrast;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
}

gboolean
loket_context_get_kiosk_mode (LoketContext *self)
{
  g_return_val_if_fail (LOKET_IS_CONTEXT (self), TRUE);
  return g_settings_get_boolean (self->settings, "kiosk-mode");
}

/**
 * loket_context_dup_backend_url:
 *
 * Returns: (transfer full): the back-end base URL: the one given for this run (`--backend`), or
 *   the configured one
 */
char *
loket_context_dup_backend_url (LoketContext *self)
{
  g_return_val_if_fail (LOKET_IS_CONTEXT (self), NULL);

  if (self->backend_url != NULL)
    return g_strdup (self->backend_url);
  return g_settings_get_string (self->settings, "backend-url");
}

void
loket_context_set_backend_url (LoketContext *self,
                               const char   *url)
{
  g_return_if_fail (LOKET_IS_CONTEXT (self));

  g_free (self->backend_url);
  self->backend_url = g_strdup (url);
  g_clear_object (&self->discovery);
}

/**
 * loket_context_start_over:
 *
 * Ends the visit: wipes the session and returns language, text size and contrast to the
 * kiosk's defaults, so the next citizen finds nothing of the last one.
 */
void
loket_context_start_over (LoketContext *self)
{
  g_return_if_fail (LOKET_IS_CONTEXT (self));

  /* Issue 8: also what the visit left in the HTTP connections, the speech and the timers. */
  if (self->speech != NULL)
    loket_speech_stop (self->speech);
  if (self->discovery != NULL)
    soup_session_abort (loket_discovery_get_session (self->discovery));
  if (self->idle != NULL)
    loket_idle_disarm (self->idle);
  loket_session_wipe (self->session);
  loket_context_set_text_size (self, g_settings_get_enum (self->settings, "text-size"));
  loket_context_set_high_contrast (self, g_settings_get_boolean (self->settings, "high-contrast"));
  loket_context_set_language (self, default_language (self));
}

/**
 * loket_context_set_catalog:
 *
 * Replaces the catalog, after a sync brought a new one or the store's was loaded.
 */
void
loket_context_set_catalog (LoketContext *self,
                           LoketCatalog *catalog)
{
  g_return_if_fail (LOKET_IS_CONTEXT (self));
  g_return_if_fail (LOKET_IS_CATALOG (catalog));

  if (g_set_object (&self->catalog, catalog))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
}

/**
 * loket_context_get_store:
 *
 * Returns: (transfer none) (nullable): the local catalog store, for search
 */
LoketStore *
loket_context_get_store (LoketContext *self)
{
  g_return_val_if_fail (LOKET_IS_CONTEXT (self), NULL);
  return self->store;
}

void
loket_context_set_store (LoketContext *self,
                         LoketStore   *store)
{
  g_return_if_fail (LOKET_IS_CONTEXT (self));
  g_return_if_fail (store == NULL || LOKET_IS_STORE (store));

  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * loket_context_get_outbox:
 *
 * Returns: (transfer none) (nullable): the sealed outbox of submitted requests
 */
LoketOutbox *
loket_context_get_outbox (LoketContext *self)
{
  g_return_val_if_fail (LOKET_IS_CONTEXT (self), NULL);
  return self->outbox;
}

void
loket_context_set_outbox (LoketContext *self,
                          LoketOutbox  *outbox)
{
  g_return_if_fail (LOKET_IS_CONTEXT (self));
  g_return_if_fail (outbox == NULL || LOKET_IS_OUTBOX (outbox));

  g_set_object (&self->outbox, outbox);
}

/**
 * loket_context_get_offline:
 *
 * Returns: whether the last sync could not reach the back-end, so the catalog shown may be old
 */
gboolean
loket_context_get_offline (LoketContext *self)
{
  g_return_val_if_fail (LOKET_IS_CONTEXT (self), FALSE);
  return self->offline;
}

/**
 * loket_context_get_catalog_date:
 *
 * Returns: (transfer none) (nullable): when the catalog shown was last written or confirmed
 */
GDateTime *
loket_context_get_catalog_date (LoketContext *self)
{
  g_return_val_if_fail (LOKET_IS_CONTEXT (self), NULL);
  return self->catalog_date;
}

/**
 * loket_context_set_catalog_status:
 * @offline: whether the back-end could not be reached
 * @catalog_date: (nullable): when the catalog was last written or confirmed
 *
 * What the "Offline — information from <date>" notice shows.
 */
void
loket_context_set_catalog_status (LoketContext *self,
                                  gboolean      offline,
                                  GDateTime    *catalog_date)
{
  g_return_if_fail (LOKET_IS_CONTEXT (self));

  offline = !!offline;
  if (catalog_date != self->catalog_date
      && (catalog_date == NULL || self->catalog_date == NULL
          || !g_date_time_equal (catalog_date, self->catalog_date)))
    {
      g_clear_pointer (&self->catalog_date, g_date_time_unref);
      self->catalog_date = catalog_date ? g_date_time_ref (catalog_date) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG_DATE]);
    }
  if (self->offline != offline)
    {
      self->offline = offline;
      g_message ("%s", offline ? "Went offline: showing the stored catalog" : "Back online");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
    }
}

/**
 * loket_context_get_speech:
 *
 * Returns: (transfer none) (nullable): read-aloud, if the application set it up
 */
LoketSpeech *
loket_context_get_speech (LoketContext *self)
{
  g_return_val_if_fail (LOKET_IS_CONTEXT (self), NULL);

  return self->speech;
}

/**
 * loket_context_set_speech:
 *
 * Read-aloud for every window. It stops, and forgets what it said, when the session is wiped.
 */
void
loket_context_set_speech (LoketContext *self,
                          LoketSpeech  *speech)
{
  g_return_if_fail (LOKET_IS_CONTEXT (self));
  g_return_if_fail (speech == NULL || LOKET_IS_SPEECH (speech));

  if (self->speech != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self->speech);
  if (!g_set_object (&self->speech, speech) || speech == NULL)
    return;
  g_signal_connect_object (self->session, "wiped", G_CALLBACK (loket_speech_reset), speech,
                           G_CONNECT_SWAPPED);
}

/**
 * loket_context_get_discovery:
 *
 * Returns: (transfer none): the back-end's discovery document and the HTTP session of the
 *   citizen's requests (sign-in, BRP), for the current back-end URL
 */
LoketDiscovery *
loket_context_get_discovery (LoketContext *self)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (LOKET_IS_CONTEXT (self), NULL);

  url = loket_context_dup_backend_url (self);
  if (self->discovery != NULL
      && !g_str_has_prefix (url, loket_discovery_get_base_url (self->discovery)))
    g_clear_object (&self->discovery);
  if (self->discovery == NULL)
    self->discovery = loket_discovery_new (url);
  return self->discovery;
}

static void
on_signed_in_cb (LoketContext *self)
{
  if (loket_session_get_signed_in (self->session))
    loket_idle_start_sign_in (self->idle, g_settings_get_uint (self->settings, "sign-in-limit"));
  else
    loket_idle_end_sign_in (self->idle);
}

/**
 * loket_context_get_idle:
 *
 * The idle monitor of the kiosk (issue 8), with the timeout and countdown from the settings. It
 * also ends a sign-in at the back-end's session limit. Windows show its warning and wipe the
 * visit on #LoketIdle::expired.
 *
 * Returns: (transfer none): the idle monitor
 */
LoketIdle *
loket_context_get_idle (LoketContext *self)
{
  g_return_val_if_fail (LOKET_IS_CONTEXT (self), NULL);

  if (self->idle == NULL)
    {
      self->idle = loket_idle_new (g_settings_get_uint (self->settings, "idle-timeout"),
                                   g_settings_get_uint (self->settings, "idle-warning"));
      g_signal_connect_object (self->session, "notify::signed-in", G_CALLBACK (on_signed_in_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->idle, "sign-in-limit", G_CALLBACK (loket_session_expire_sign_in),
                               self->session, G_CONNECT_SWAPPED);
    }
  return self->idle;
}
