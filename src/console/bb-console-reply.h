/* bb-console-reply.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Classifies one HTTP reply that arrived whole (transport failures are handled
 * by BbConsole before this), PROTOCOL.md section 2, first matching rule wins:
 *   HTTP 401/403                                  → AUTH
 *   HTTP 429                                      → RATE_LIMITED (*retry_after set from
 *                                                   @retry_after_header: delta-seconds or
 *                                                   HTTP-date; -1 when absent/unparseable)
 *   JSON object with "result": "error"            → AUTH when "message" is "Unauthorized" or
 *                                                   "Invalid auth_token", else CONSOLE with the
 *                                                   message verbatim (whatever the status)
 *   HTTP 404                                      → UNSUPPORTED
 *   HTTP 5xx                                      → SERVER (message has the status line)
 *   HTTP 2xx and "result": "success"              → success: returns the root object (ref'd)
 *   anything else (not JSON, not an object, missing/other "result", invalid UTF-8,
 *   other status)                                 → PROTOCOL
 * The body is never put in an error message; PROTOCOL details go to g_debug with the
 * body truncated to 1 KiB. @body may be NULL (empty). @retry_after may be NULL.
 */
JsonObject *bb_console_reply_classify (guint        http_status,
                                       const char  *reason_phrase,
                                       const char  *retry_after_header,
                                       GBytes      *body,
                                       gint64      *retry_after,
                                       GError     **error);

/* Parses @body as a JSON object (UTF-8 checked first). NULL + PROTOCOL otherwise. */
JsonObject *bb_console_reply_parse_object (GBytes  *body,
                                           GError **error);

G_END_DECLS
