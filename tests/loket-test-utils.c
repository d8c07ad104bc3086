/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test"

#include "config.h"

#include <locale.h>

#include "loket-i18n.h"
#include "loket-test-utils.h"

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
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_unsetenv ("GTK_DEBUG");

  loket_i18n_init (g_getenv ("LOKET_LOCALEDIR"));
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
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
