/* bb-source-page.h
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
 * BbSourceState:
 * @BB_SOURCE_STATE_READY: the form is complete and valid: Continue is enabled
 * @BB_SOURCE_STATE_INVALID: something is missing or wrong (an invalid administrator
 *   email is explained under its field)
 */
typedef enum {
  BB_SOURCE_STATE_READY,
  BB_SOURCE_STATE_INVALID,
} BbSourceState;

#define BB_TYPE_SOURCE_STATE (bb_source_state_get_type ())
GType bb_source_state_get_type (void) G_GNUC_CONST;

#define BB_TYPE_SOURCE_PAGE (bb_source_page_get_type ())

G_DECLARE_FINAL_TYPE (BbSourcePage, bb_source_page, BB, SOURCE_PAGE, GtkWidget)

/*
 * Step 2: where the mailboxes come from. "Microsoft 365" asks for the administrator
 * email (login_hint and user_email; prefilled from GSettings "admin-email"),
 * "On-premises Exchange" for a user name and password, with "Remember password",
 * which keeps the password in the keyring under the Console's base URL and the user
 * name (bb-secrets.h) and fills it in again on the next visit.
 *
 * Properties (all notify only on a real change):
 *   "flow"    BbFlow*, read-write
 *   "state"   BbSourceState, read-only
 *   "source"  BbMailboxSource, read-write: the choice shown
 *
 * Signal "done": Continue was pressed in READY; the flow holds the source, the
 * administrator email (also saved to GSettings) or the Exchange credentials.
 *
 * Actions: "page.continue" (enabled in READY).
 */
GtkWidget       *bb_source_page_new        (void);
BbFlow          *bb_source_page_get_flow   (BbSourcePage    *self);
void             bb_source_page_set_flow   (BbSourcePage    *self,
                                            BbFlow          *flow);
BbSourceState    bb_source_page_get_state  (BbSourcePage    *self);
BbMailboxSource  bb_source_page_get_source (BbSourcePage    *self);
void             bb_source_page_set_source (BbSourcePage    *self,
                                            BbMailboxSource  source);
/* Called by the window each time the page is shown: fills what the flow knows and
 * looks up a remembered Exchange password for the user name shown. */
void             bb_source_page_activate   (BbSourcePage    *self);

G_END_DECLS
