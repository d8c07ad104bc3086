/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test"

#include "config.h"

#include <locale.h>

#include "loket-i18n.h"
#include "loket-test-utils.h"

static void
init (int     *argc,
      char  ***argv,
      gboolean isolate)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_unsetenv ("GTK_DEBUG");

  loket_i18n_init (g_getenv ("LOKET_LOCALEDIR"));
  if (isolate)
    g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  else
    g_test_init (argc, argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
}

/**
 * loket_test_init:
 *
 * What every Loket test does first: isolated XDG folders, the memory settings back-end, the
 * build's message catalogues, and warnings made fatal.
 */
void
loket_test_init (int    *argc,
                 char ***argv)
{
  init (argc, argv, TRUE);
}

/**
 * loket_test_init_ui:
 *
 * As loket_test_init(), for tests that show widgets. GLib's isolation also replaces
 * XDG_DATA_DIRS, which hides the MIME database (GTK then cannot tell an SVG icon from a stream)
 * and the icon themes; so the user folders are pointed at a fresh temporary folder instead and the
 * system folders stay.
 */
void
loket_test_init_ui (int    *argc,
                    char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("loket-test-XXXXXX", &error);
  const struct { const char *variable, *folder; } dirs[] = {
    { "XDG_DATA_HOME", "data" }, { "XDG_CONFIG_HOME", "config" }, { "XDG_CACHE_HOME", "cache" },
    { "XDG_STATE_HOME", "state" }, { "XDG_RUNTIME_DIR", "runtime" },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (home, dirs[i].folder, NULL);

      g_mkdir_with_parents (path, 0700);
      g_setenv (dirs[i].variable, path, TRUE);
    }
  init (argc, argv, FALSE);
}

/**
 * loket_test_source_path:
 *
 * Returns: (transfer full): a path inside the project's source tree
 */
char *
loket_test_source_path (const char *first_element,
                        ...)
{
  const char *root = g_getenv ("LOKET_SOURCE_ROOT");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *element;
  va_list args;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer) root);
  va_start (args, first_element);
  for (element = first_element; element != NULL; element = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) element);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

/**
 * loket_test_load_data:
 * @name: a file in tests/data/
 *
 * Returns: (transfer full): its contents
 */
GBytes *
loket_test_load_data (const char *name)
{
  g_autofree char *path = loket_test_source_path ("tests", "data", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}
