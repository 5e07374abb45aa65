/* bb-console-address.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * PROTOCOL.md section 1: a domain hash ("ab12cd34" → https://ab12cd34.canary.tools),
 * a host name (https assumed), or a full URL. https is required except for loopback
 * hosts (127.0.0.0/8, ::1, localhost) where http is allowed. Any path, query,
 * fragment or trailing slash is dropped. Returns the normalised base URL
 * ("https://host" or "http://127.0.0.1:8080", no trailing slash; IPv6 hosts in
 * brackets; default ports dropped), or NULL with BB_CONSOLE_ERROR_INVALID_INPUT
 * and a translated message saying why.
 */
char     *bb_console_address_normalize        (const char  *input,
                                               GError     **error);
/* TRUE for "localhost", any 127.0.0.0/8 address and ::1 (brackets allowed). */
gboolean  bb_console_address_is_loopback_host (const char  *host);

G_END_DECLS
