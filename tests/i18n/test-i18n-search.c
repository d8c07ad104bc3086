/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test-i18n-search"

#include "config.h"

#include "loket-search.h"
#include "loket-store.h"
#include "loket-test-server.h"
#include "loket-test-utils.h"

/* Issue 9: search finds content in the citizen's language and in Dutch, and shows the results in
 * the citizen's language. The real store on a temporary SQLite file, seeded with the bundled catalog. */

static LoketStore *store;

static GListModel *
search (const char    *text,
        LoketLanguage  language)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model;

  loket_store_search_async (store, text, language, 20, NULL, loket_test_ready_cb, &result);
  model = loket_store_search_finish (store, loket_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

/* The title of the result that opens @location, or NULL if none does. */
static char *
title_of (const char    *text,
          LoketLanguage  language,
          const char    *location)
{
  g_autoptr(GListModel) model = search (text, language);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LoketSearchResult) hit = g_list_model_get_item (model, i);

      if (g_str_equal (loket_search_result_get_location (hit), location))
        return g_strdup (loket_search_result_get_title (hit));
    }
  return NULL;
}

typedef struct
{
  const char    *text;      /* what the citizen types */
  LoketLanguage  language;  /* the interface's language */
  const char    *location;  /* what must be found */
  const char    *title;     /* its title as shown: in the interface's language */
} Case;

static const Case cases[] = {
  /* In the citizen's own language. */
  { "Переїзд", LOKET_LANGUAGE_UK, "life-event:moving", "Переїзд" },
  { "الانتقال", LOKET_LANGUAGE_AR, "life-event:moving", "الانتقال إلى سكن جديد" },
  { "Taşınma", LOKET_LANGUAGE_TR, "life-event:moving", "Taşınma" },
  { "przeprowadzka", LOKET_LANGUAGE_PL, "life-event:moving", "Przeprowadzka" },
  { "ምቕያር", LOKET_LANGUAGE_TI, "life-event:moving", "ገዛ ምቕያር" },
  { "Moving", LOKET_LANGUAGE_EN, "life-event:moving", "Moving house" },
  /* In Dutch, the words on letters and at the desk, whatever the interface's language. */
  { "verhuizen", LOKET_LANGUAGE_AR, "life-event:moving", "الانتقال إلى سكن جديد" },
  { "verhuizen", LOKET_LANGUAGE_UK, "life-event:moving", "Переїзд" },
  { "verhuizen", LOKET_LANGUAGE_TI, "life-event:moving", "ገዛ ምቕያር" },
  { "Verhuizen", LOKET_LANGUAGE_NL, "life-event:moving", "Verhuizen" },
};

/* Every case on one store: GLib's isolated folders exist only while a test runs. */
static void
test_languages (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint failed = 0;

  store = loket_store_new (NULL);
  loket_store_open_async (store, NULL, loket_test_ready_cb, &result);
  g_assert_true (loket_store_open_finish (store, loket_test_wait (&result), &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autofree char *title = title_of (c->text, c->language, c->location);

      g_test_message ("\"%s\" in %s → %s", c->text, loket_language_get_code (c->language),
                      title ? title : "(not found)");
      if (g_strcmp0 (title, c->title) != 0)
        failed++;
    }
  g_clear_object (&store);
  g_assert_cmpuint (failed, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  loket_test_init (&argc, &argv);

  g_test_add_func ("/loket/i18n/search", test_languages);
  return g_test_run ();
}
