/* bb-flow.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bb-console.h"
#include "bb-mailbox-model.h"

G_BEGIN_DECLS

/*
 * BbFlow: the state of one tokening run, shared by every page of the window (each page
 * has a "flow" construct property or a setter). It outlives pages: Back never loses it.
 * Pages never talk to each other; they read and write the flow and emit their own
 * "done"/"back" style signals that BbWindow turns into navigation.
 */

typedef enum {
  BB_MAILBOX_SOURCE_MICROSOFT_365,
  BB_MAILBOX_SOURCE_EXCHANGE,
} BbMailboxSource;

GType bb_mailbox_source_get_type (void) G_GNUC_CONST;
#define BB_TYPE_MAILBOX_SOURCE (bb_mailbox_source_get_type ())

#define BB_TYPE_FLOW (bb_flow_get_type ())

G_DECLARE_FINAL_TYPE (BbFlow, bb_flow, BB, FLOW, GObject)

/*
 * Properties (all G_PARAM_EXPLICIT_NOTIFY, notify only on change):
 *   "console"          BbConsole*   the connected Console (NULL before Connect)
 *   "flock-id"         string       mirrors the console's flock
 *   "flock-name"       string       for display
 *   "source"           BbMailboxSource
 *   "admin-email"      string       Microsoft 365 administrator (login_hint, user_email)
 *   "exchange-username" string
 *   "signed-in"        boolean      Microsoft 365 sign-in done for this flock
 *   "mailboxes"        BbMailboxModel* (read-only; the list from users/list, never NULL:
 *                                   an empty model before the list arrives)
 *   "n-mailboxes"      uint         read-only
 *   "n-selected"       uint         read-only, the model's running count (never a walk)
 *   "template"         BbTemplate*  (boxed) the template as saved on the Console, or NULL
 *   "draft"            BbTemplate*  (boxed) the user's edits (== template when unchanged)
 *   "draft-dirty"      boolean      read-only: draft differs from template
 * Setting a new console or flock resets signed-in, mailboxes, template and draft.
 */
BbFlow          *bb_flow_new                    (void);

BbConsole       *bb_flow_get_console            (BbFlow           *self);
void             bb_flow_set_console            (BbFlow           *self,
                                                 BbConsole        *console,
                                                 const char       *flock_name);
const char      *bb_flow_get_flock_id           (BbFlow           *self);
const char      *bb_flow_get_flock_name         (BbFlow           *self);

BbMailboxSource  bb_flow_get_source             (BbFlow           *self);
void             bb_flow_set_source             (BbFlow           *self,
                                                 BbMailboxSource   source);
const char      *bb_flow_get_admin_email        (BbFlow           *self);
void             bb_flow_set_admin_email        (BbFlow           *self,
                                                 const char       *email);
const char      *bb_flow_get_exchange_username  (BbFlow           *self);
/* The password is never a property and never logged; it is wiped when replaced. */
void             bb_flow_set_exchange_credentials (BbFlow         *self,
                                                 const char       *username,
                                                 const char       *password);
/* NULL for Microsoft 365; otherwise borrowed credentials valid until the next set. */
const BbExchangeCredentials *bb_flow_get_exchange (BbFlow         *self);

gboolean         bb_flow_get_signed_in          (BbFlow           *self);
void             bb_flow_set_signed_in          (BbFlow           *self,
                                                 gboolean          signed_in);

BbMailboxModel  *bb_flow_get_mailboxes          (BbFlow           *self);
/* Replaces the list. Selections of addresses present in both lists are carried over
 * (case-insensitive), so a reload or a retry never loses what the user ticked. */
void             bb_flow_set_mailboxes          (BbFlow           *self,
                                                 BbMailboxModel   *mailboxes);
guint            bb_flow_get_n_mailboxes        (BbFlow           *self);
guint            bb_flow_get_n_selected         (BbFlow           *self);
/* The selected addresses in list order, NULL-terminated (free with g_strfreev). */
char           **bb_flow_dup_selected_addresses (BbFlow           *self);

const BbTemplate *bb_flow_get_template          (BbFlow           *self);
void             bb_flow_set_template           (BbFlow           *self,
                                                 const BbTemplate *saved);
const BbTemplate *bb_flow_get_draft             (BbFlow           *self);
void             bb_flow_set_draft              (BbFlow           *self,
                                                 const BbTemplate *draft);
gboolean         bb_flow_get_draft_dirty        (BbFlow           *self);

G_END_DECLS
