/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The administrators' commands, `loket --sync` and `loket --health`: no display needed. Each
 * runs in a main context of its own and returns the process's exit code. */

int   loket_admin_run_sync   (GSettings  *settings,
                              const char *backend_url,
                              char      **output);
int   loket_admin_run_health (GSettings  *settings,
                              const char *backend_url,
                              char      **output);

G_END_DECLS
