/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void   loket_test_init         (int    *argc,
                                char ***argv);
void   loket_test_init_ui      (int    *argc,
                                char ***argv);
char  *loket_test_source_path  (const char *first_element,
                                ...) G_GNUC_NULL_TERMINATED;
GBytes *loket_test_load_data   (const char *name);

G_END_DECLS
