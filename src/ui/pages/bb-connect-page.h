/* bb-connect-page.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bb-console.h"

G_BEGIN_DECLS

/**
 * BbConnectState:
 * @BB_CONNECT_STATE_FORM: the form, nothing wrong (also after Cancel)
 * @BB_CONNECT_STATE_BUSY: ping, features and flocks are running
 * @BB_CONNECT_STATE_CONNECTED: the Console answered; the flock picker is shown
 * @BB_CONNECT_STATE_ERROR: the form with an error (see bb_connect_page_get_error())
 * @BB_CONNECT_STATE_UNAVAILABLE: the Console has Office365 mail tokens switched off
 */
typedef enum {
  BB_CONNECT_STATE_FORM,
  BB_CONNECT_STATE_BUSY,
  BB_CONNECT_STATE_CONNECTED,
  BB_CONNECT_STATE_ERROR,
  BB_CONNECT_STATE_UNAVAILABLE,
} BbConnectState;

#define BB_TYPE_CONNECT_STATE (bb_connect_state_get_type ())
GType bb_connect_state_get_type (void) G_GNUC_CONST;

#define BB_TYPE_CONNECT_PAGE (bb_connect_page_get_type ())

G_DECLARE_FINAL_TYPE (BbConnectPage, bb_connect_page, BB, CONNECT_PAGE, GtkWidget)

/*
 * The first page: Console address and API token, then ping → features → flocks.
 *
 * Properties (all notify only on a real change):
 *   "state"          BbConnectState, read-only
 *   "console"        BbConsole, read-only: set in CONNECTED, NULL otherwise; its
 *                    flock-id follows the picker
 *   "address"        string, read-write: the text of the address field
 *   "flock-id"       string, read-write: the flock to pick when flocks arrive, then
 *                    the picked one (default "flock:default")
 *   "flock-name"     string, read-only: the picked flock's name in CONNECTED, else NULL
 *   "error-message"  string, read-only: the headline shown in ERROR, else NULL
 *   "timeout"        uint, read-write: seconds per request for the Consoles the page
 *                    creates; 0 (default) keeps the client's default (30 s)
 *   "remember-token" boolean, read-write: the form's "Remember token" switch
 *                    (default TRUE). After a successful connect the token is saved in
 *                    the keyring for that Console, or, when FALSE, a saved one is removed
 *   "keyring-busy"   boolean, read-only: a keyring lookup, store or clear is running
 *   "token-from-keyring" boolean, read-only: the token field holds the token saved
 *                    for the address's Console (cleared as soon as the user edits it)
 *
 * The keyring (bb-secrets.h): when an address is set with bb_connect_page_set_address()
 * (the remembered one at start, or a prefill) and when the address field loses focus,
 * the token saved for that Console fills an empty token field. A token the user typed
 * is never replaced.
 *
 * Signal "connected" (BbConsole *console): the user pressed Continue in CONNECTED.
 * The console is ready to use (token set, flock-id set to the picked flock).
 *
 * Actions on the page: "page.connect" (enabled when both fields are filled and not
 * busy), "page.cancel" (BUSY → FORM, silently), "page.disconnect" (back to the form,
 * keeping the address and token), "page.continue" (emits "connected").
 */
GtkWidget      *bb_connect_page_new               (void);
BbConnectState  bb_connect_page_get_state         (BbConnectPage *self);
BbConsole      *bb_connect_page_get_console       (BbConnectPage *self);
const char     *bb_connect_page_get_address       (BbConnectPage *self);
void            bb_connect_page_set_address       (BbConnectPage *self,
                                                   const char    *address);
/* Fills the token field. The token is never a property and never logged. */
void            bb_connect_page_set_auth_token    (BbConnectPage *self,
                                                   const char    *token);
const char     *bb_connect_page_get_flock_id      (BbConnectPage *self);
void            bb_connect_page_set_flock_id      (BbConnectPage *self,
                                                   const char    *flock_id);
const char     *bb_connect_page_get_flock_name    (BbConnectPage *self);
const char     *bb_connect_page_get_error_message (BbConnectPage *self);
/* The error behind ERROR (BB_CONSOLE_ERROR domain in practice), else NULL. */
const GError   *bb_connect_page_get_error         (BbConnectPage *self);
/* Same as activating "page.connect"; does nothing unless the action is enabled. */
void            bb_connect_page_connect           (BbConnectPage *self);

G_END_DECLS
