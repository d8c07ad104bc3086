/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "backend/backend-harness.h"

G_BEGIN_DECLS

typedef struct _LoketTestShim LoketTestShim;

LoketTestShim *loket_test_shim_new     (LbServer      *backend);
const char    *loket_test_shim_get_url (LoketTestShim *shim);
void           loket_test_shim_approve (LoketTestShim *shim,
                                        const char    *user_code,
                                        const char    *bsn,
                                        gboolean       approve);
void           loket_test_shim_fault   (LoketTestShim *shim,
                                        const char    *spec);
void           loket_test_shim_free    (LoketTestShim *shim);

G_END_DECLS
