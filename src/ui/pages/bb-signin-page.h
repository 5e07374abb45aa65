/* bb-signin-page.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bb-flow.h"

G_BEGIN_DECLS

/**
 * BbSigninState:
 * @BB_SIGNIN_STATE_IDLE: nothing running, no web view (before the first activate,
 *   after Cancel or bb_signin_page_reset())
 * @BB_SIGNIN_STATE_STARTING: initiate is running
 * @BB_SIGNIN_STATE_BROWSING: the Microsoft page is shown in the web view
 * @BB_SIGNIN_STATE_COMPLETING: the redirect arrived: oauth/token is running (2020) or
 *   the Console's callback page is loading (2025)
 * @BB_SIGNIN_STATE_SIGNED_IN: the flow is signed in
 * @BB_SIGNIN_STATE_ERROR: an error is shown (see "error-message"), with Try again
 */
typedef enum {
  BB_SIGNIN_STATE_IDLE,
  BB_SIGNIN_STATE_STARTING,
  BB_SIGNIN_STATE_BROWSING,
  BB_SIGNIN_STATE_COMPLETING,
  BB_SIGNIN_STATE_SIGNED_IN,
  BB_SIGNIN_STATE_ERROR,
} BbSigninState;

#define BB_TYPE_SIGNIN_STATE (bb_signin_state_get_type ())
GType bb_signin_state_get_type (void) G_GNUC_CONST;

#define BB_TYPE_SIGNIN_PAGE (bb_signin_page_get_type ())

G_DECLARE_FINAL_TYPE (BbSigninPage, bb_signin_page, BB, SIGNIN_PAGE, GtkWidget)

/*
 * Step 3: sign in with Microsoft in an embedded WebKitWebView (PROTOCOL.md §4).
 *
 * The view is built on the first activate, never earlier, and every attempt (the
 * first, each Try again, an activate after Cancel) gets a new view on a new
 * ephemeral network session, so no cookie survives an attempt. The redirect to the
 * redirect URI is caught in decide-policy: 2020, it is never loaded, the state is
 * checked and the code posted once to oauth/token; 2025, the Console's callback page
 * loads and a 2xx answer ends the sign-in. The code, the state and full URLs are
 * never logged; the host only, at debug level.
 *
 * Properties (all notify only on a real change):
 *   "flow"           BbFlow, read-write: console, admin email, signed-in
 *   "state"          BbSigninState, read-only
 *   "error-message"  string, read-only: the headline shown in ERROR, else NULL
 *   "current-host"   string, read-only: the host of the page in the view, else NULL
 *
 * Signals:
 *   "signed-in" (): the sign-in completed (the flow's signed-in is TRUE), or the user
 *                   pressed Continue on the "Signed in" state.
 *   "cancelled" (): the user cancelled (page.cancel); the page is back to IDLE.
 *
 * Actions: "page.cancel" (any state but IDLE and SIGNED_IN; Escape), "page.retry"
 * (Try again: a fresh attempt from initiate), "page.continue" (SIGNED_IN: emits
 * "signed-in").
 */
GtkWidget     *bb_signin_page_new               (void);
BbFlow        *bb_signin_page_get_flow          (BbSigninPage *self);
void           bb_signin_page_set_flow          (BbSigninPage *self,
                                                 BbFlow       *flow);
/* Called by the window each time the page is shown: starts a sign-in unless one is
 * running or shown (an error stays until Try again), or shows "Signed in" when the
 * flow already is. */
void           bb_signin_page_activate          (BbSigninPage *self);
/* Back or window close: cancels what runs, drops the view with its session and the
 * attempt's state, and returns to IDLE without emitting anything. */
void           bb_signin_page_reset             (BbSigninPage *self);
BbSigninState  bb_signin_page_get_state         (BbSigninPage *self);
const char    *bb_signin_page_get_error_message (BbSigninPage *self);
const char    *bb_signin_page_get_current_host  (BbSigninPage *self);
/* For tests only: the current WebKitWebView, or NULL when there is none. */
GtkWidget     *bb_signin_page_get_web_view      (BbSigninPage *self);

G_END_DECLS
