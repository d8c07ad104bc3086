/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

/* Quiet: decoders may log (g_message, g_debug) on every input; that costs more than the decoding. */
static inline void
fuzz_quiet_log (const char     *domain,
                GLogLevelFlags  level,
                const char     *message,
                gpointer        user_data)
{
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL | G_LOG_LEVEL_ERROR))
    g_log_default_handler (domain, level, message, user_data);
}

/* A critical or a warning is a bug on any input: make it fatal so the fuzzer stops there. */
static inline void
fuzz_setup (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_default_handler (fuzz_quiet_log, NULL);
}
