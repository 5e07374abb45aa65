/* bb-mailbox-slots.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bb-mailbox-slot.h"

G_BEGIN_DECLS

/*
 * BbMailboxSlots: what a GtkListView shows of a list model of BbMailbox, as a
 * GListModel of BbMailboxSlot: the slot at a position stays the same object while
 * the mailbox it holds changes. A change of the list is announced as a change of
 * its length at the end only, and the slots before it notify "mailbox" when they
 * hold another mailbox. GTK 4.8's list view destroys the row widget of every item
 * removed and builds new ones for those added, about 200 rows each time, which
 * costs 50–100 ms when a search restores the list; following slots, it keeps its
 * rows and only rebinds the ones whose mailbox changed. A list that grows from a
 * few items (so the view builds rows) grows a step per frame (main context), the
 * first step at once: "n-items" may lag the model's for a few frames.
 *
 * Property: "model" (GListModel of BbMailbox, may be NULL).
 */
#define BB_TYPE_MAILBOX_SLOTS (bb_mailbox_slots_get_type ())

G_DECLARE_FINAL_TYPE (BbMailboxSlots, bb_mailbox_slots, BB, MAILBOX_SLOTS, GObject)

BbMailboxSlots  *bb_mailbox_slots_new           (GListModel      *model);
GListModel      *bb_mailbox_slots_get_model     (BbMailboxSlots  *self);
void             bb_mailbox_slots_set_model     (BbMailboxSlots  *self,
                                                 GListModel      *model);

G_END_DECLS
