/* bb-console-error.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "bb-console-error.h"

G_DEFINE_QUARK (bb-console-error-quark, bb_console_error)

static const char * const error_names[] = {
  [BB_CONSOLE_ERROR_AUTH] = "AUTH",
  [BB_CONSOLE_ERROR_UNSUPPORTED] = "UNSUPPORTED",
  [BB_CONSOLE_ERROR_RATE_LIMITED] = "RATE_LIMITED",
  [BB_CONSOLE_ERROR_SERVER] = "SERVER",
  [BB_CONSOLE_ERROR_PROTOCOL] = "PROTOCOL",
  [BB_CONSOLE_ERROR_NETWORK] = "NETWORK",
  [BB_CONSOLE_ERROR_TLS] = "TLS",
  [BB_CONSOLE_ERROR_TIMEOUT] = "TIMEOUT",
  [BB_CONSOLE_ERROR_CONSOLE] = "CONSOLE",
  [BB_CONSOLE_ERROR_CANCELLED] = "CANCELLED",
  [BB_CONSOLE_ERROR_INVALID_INPUT] = "INVALID_INPUT",
};

/* The table must name every code, in order, so a new code cannot be added
 * without a name. */
G_STATIC_ASSERT (G_N_ELEMENTS (error_names) == BB_CONSOLE_ERROR_N_CODES);

const char *
bb_console_error_to_name (BbConsoleError code)
{
  if ((guint) code >= G_N_ELEMENTS (error_names))
    return "UNKNOWN";

  return error_names[code];
}
