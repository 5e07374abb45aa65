/* bb-mailbox-private.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bb-mailbox.h"
#include "bb-mailbox-model.h"

G_BEGIN_DECLS

/*
 * Between BbMailbox and BbMailboxModel only. A view is a BbMailbox whose address,
 * display name and "selected" live in @model at @position; the view holds a strong
 * reference on @model, the model only a weak one on its live views.
 */
BbMailbox *_bb_mailbox_new_view          (BbMailboxModel *model,
                                          guint           position);
/* Valid while the view is being disposed too (the model's weak-ref callback). */
guint      _bb_mailbox_get_view_position (BbMailbox      *self);
/* The model changed this view's selection: emit notify::selected. */
void       _bb_mailbox_notify_selected   (BbMailbox      *self);

G_END_DECLS
