/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <string.h>

/* Each target defines LLVMFuzzerTestOneInput(); fuzz-common.c, linked into every target, defines
 * LLVMFuzzerInitialize(): quiet logs, criticals and warnings fatal. */
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);
