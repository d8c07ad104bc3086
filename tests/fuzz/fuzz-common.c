/* SPDX-License-Identifier: EUPL-1.2 */
/* What every fuzz target does first, in both builds (libFuzzer and the corpus replay). */

#include "fuzz-common.h"

/* Quiet: decoders may log (g_message, g_debug) on every input, which costs more than decoding. */
static void
quiet_log (const char     *domain,
           GLogLevelFlags  level,
           const char     *message,
           gpointer        user_data)
{
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL | G_LOG_LEVEL_ERROR))
    g_log_default_handler (domain, level, message, user_data);
}

/* A critical or a warning is a bug on any input: made fatal so the fuzzer stops there. */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_default_handler (quiet_log, NULL);
  return 0;
}
