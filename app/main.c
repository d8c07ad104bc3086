/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket"

#include "config.h"

#include "loket-application.h"
#include "loket-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LoketApplication) app = NULL;
  const char *localedir = g_getenv ("LOKET_LOCALEDIR");

  loket_i18n_init (localedir);

  app = loket_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
