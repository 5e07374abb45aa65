/* bb-mailbox-row.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bb-mailbox.h"

G_BEGIN_DECLS

#define BB_TYPE_MAILBOX_ROW (bb_mailbox_row_get_type ())

G_DECLARE_FINAL_TYPE (BbMailboxRow, bb_mailbox_row, BB, MAILBOX_ROW, GtkWidget)

/*
 * One row of the mailboxes list: a check button whose label is the display name
 * (emphasised) above the address (dim); a mailbox without a name shows its address
 * alone. The check button is bound both ways to the mailbox's "selected" and its
 * accessible name is "Select <name or address>". Rows are recycled by the list
 * view, so binding a mailbox is cheap: two labels, one binding, one a11y label.
 *
 * Property: "mailbox" (BbMailbox*, read-write, may be NULL).
 */
GtkWidget  *bb_mailbox_row_new         (void);
BbMailbox  *bb_mailbox_row_get_mailbox (BbMailboxRow *self);
void        bb_mailbox_row_set_mailbox (BbMailboxRow *self,
                                        BbMailbox    *mailbox);
/* The check button (tests toggle it like a user would). */
GtkWidget  *bb_mailbox_row_get_check   (BbMailboxRow *self);

/* A factory of rows for a list view whose items are BbMailboxSlot (a row follows
 * its slot's "mailbox") or BbMailbox. */
GtkListItemFactory *bb_mailbox_row_factory_new (void);

G_END_DECLS
