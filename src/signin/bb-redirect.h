/* bb-redirect.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Reading Microsoft's answer to the sign-in (PROTOCOL.md §4, step 4) and the
 * navigation lockdown of the sign-in view. GLib only: GUri and g_uri_params.
 * Nothing here logs a code, a state or a full URL.
 */

/* TRUE when @uri and @redirect_uri both parse and have the same scheme and host
 * (ASCII case-insensitive), port (80 for http and 443 for https when omitted) and
 * path (exact, after GUri's percent-encoding normalisation; empty equals "/").
 * Query, fragment and user info are ignored. */
gboolean  bb_redirect_matches                (const char *uri,
                                              const char *redirect_uri);

typedef struct {
  char *code;               /* NULL when absent or empty */
  char *state;
  char *error;              /* when set, the sign-in failed: ignore code */
  char *error_description;
} BbRedirectResult;

void      bb_redirect_result_free            (BbRedirectResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BbRedirectResult, bb_redirect_result_free)

/* Parses the query of @uri (WWW-form rules: '+' is a space), or the fragment when
 * the query has neither code nor error. The result has a code or an error (or
 * both: the error wins). BB_CONSOLE_ERROR_PROTOCOL when @uri is not a valid
 * absolute URI, a parameter is malformed or not UTF-8, a key repeats (ambiguous),
 * or there is neither code nor error. */
BbRedirectResult *bb_redirect_parse          (const char  *uri,
                                              GError     **error);

/* TRUE when @result's state equals @expected_state (non-empty); otherwise
 * BB_CONSOLE_ERROR_PROTOCOL "The sign-in answer did not match this request…". */
gboolean  bb_redirect_check_state            (const BbRedirectResult  *result,
                                              const char              *expected_state,
                                              GError                 **error);

/* Plain, translated words for an OAuth 2.0 / Microsoft error code, followed by
 * the first line of @error_description (trimmed, shortened) in parentheses. */
char     *bb_redirect_describe_error         (const char *error,
                                              const char *error_description);

/* The sign-in view's lockdown: https:// with a host anywhere, http:// only to
 * loopback hosts, and about:blank; everything else is refused. */
gboolean  bb_redirect_is_allowed_navigation  (const char *uri);

G_END_DECLS
