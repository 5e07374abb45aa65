/* bb-mailbox-slot.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "bb-mailbox.h"

G_BEGIN_DECLS

/*
 * BbMailboxSlot: one position of a BbMailboxSlots list. The slot stays the same
 * object while the mailbox it holds changes; "mailbox" (BbMailbox, read-only) is
 * notified when it does, so a list row bound to the slot follows it.
 */
#define BB_TYPE_MAILBOX_SLOT (bb_mailbox_slot_get_type ())

G_DECLARE_FINAL_TYPE (BbMailboxSlot, bb_mailbox_slot, BB, MAILBOX_SLOT, GObject)

/* The mailbox at the slot's position; NULL past the end of the list. */
BbMailbox     *bb_mailbox_slot_get_mailbox  (BbMailboxSlot *self);

/* For BbMailboxSlots. */
BbMailboxSlot *bb_mailbox_slot_new          (guint          position,
                                             BbMailbox     *mailbox);
guint          bb_mailbox_slot_get_position (BbMailboxSlot *self);
/* Takes @mailbox; notifies "mailbox" when the slot holds another one. */
void           bb_mailbox_slot_take_mailbox (BbMailboxSlot *self,
                                             BbMailbox     *mailbox);

G_END_DECLS
