/* bb-console-error.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * BbConsoleError:
 *
 * The outcomes of PROTOCOL.md section 2. Every failed Console call ends in
 * exactly one of them; %BB_CONSOLE_ERROR_INVALID_INPUT is for input refused
 * before anything is sent.
 */
typedef enum {
  BB_CONSOLE_ERROR_AUTH,
  BB_CONSOLE_ERROR_UNSUPPORTED,
  BB_CONSOLE_ERROR_RATE_LIMITED,
  BB_CONSOLE_ERROR_SERVER,
  BB_CONSOLE_ERROR_PROTOCOL,
  BB_CONSOLE_ERROR_NETWORK,
  BB_CONSOLE_ERROR_TLS,
  BB_CONSOLE_ERROR_TIMEOUT,
  BB_CONSOLE_ERROR_CONSOLE,
  BB_CONSOLE_ERROR_CANCELLED,
  BB_CONSOLE_ERROR_INVALID_INPUT,
} BbConsoleError;

#define BB_CONSOLE_ERROR_N_CODES (BB_CONSOLE_ERROR_INVALID_INPUT + 1)

#define BB_CONSOLE_ERROR (bb_console_error_quark ())

GQuark      bb_console_error_quark   (void);
/* "AUTH", "UNSUPPORTED", … — stable names for logs, tests and --json. */
const char *bb_console_error_to_name (BbConsoleError code);

G_END_DECLS
