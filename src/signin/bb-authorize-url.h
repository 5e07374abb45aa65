/* bb-authorize-url.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bb-console-parse.h"

G_BEGIN_DECLS

/*
 * The Microsoft authorize URL the sign-in page loads (PROTOCOL.md §4, step 2).
 *
 * 2020 replies: the URL is built as
 *   <endpoint>?client_id=…&response_type=code&response_mode=query&redirect_uri=…
 *   &scope=…&state=<state>&login_hint=<email>&prompt=select_account
 * with every value percent-encoded. client_id, redirect_uri, scope and the endpoint
 * come from the reply where present, otherwise from the settings arguments (empty
 * counts as absent; surrounding white space is trimmed). The endpoint falls back to
 * bb_authorize_url_default_endpoint() and the scope to bb_authorize_url_default_scope().
 * A missing client ID or redirect URI is BB_CONSOLE_ERROR_INVALID_INPUT with a
 * message pointing to Preferences. The endpoint must be https:// (http:// only on a
 * loopback host), else INVALID_INPUT. An endpoint with a query gets '&'; a fragment
 * is dropped. login_hint is left out when @login_hint is NULL or empty.
 *
 * 2025 replies: the reply's URL, unchanged except that login_hint=<email> is added
 * when its query has none and @login_hint is not empty. Its state and redirect_uri
 * are the Console's and are never touched.
 */
char       *bb_authorize_url_build             (const BbInitiateReply  *reply,
                                                const char             *login_hint,
                                                const char             *settings_authorize_endpoint,
                                                const char             *settings_client_id,
                                                const char             *settings_redirect_uri,
                                                const char             *settings_scope,
                                                GError                **error);

/* The redirect URI the sign-in will end on: 2020, the reply's or else the settings'
 * (NULL when neither); 2025, the redirect_uri in the URL's query (NULL if none). */
char       *bb_authorize_url_get_redirect_uri  (const BbInitiateReply  *reply,
                                                const char             *settings_redirect_uri);

/* "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize" */
const char *bb_authorize_url_default_endpoint  (void);
/* "openid offline_access https://graph.microsoft.com/.default": sign-in identity
 * plus every Graph permission the Console's application was granted by the admin
 * (the Microsoft identity platform allows .default next to the OIDC scopes). */
const char *bb_authorize_url_default_scope     (void);

G_END_DECLS
