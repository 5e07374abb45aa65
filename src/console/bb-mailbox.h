/* bb-mailbox.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BB_TYPE_MAILBOX (bb_mailbox_get_type ())

G_DECLARE_FINAL_TYPE (BbMailbox, bb_mailbox, BB, MAILBOX, GObject)

/*
 * One mailbox of the organisation. Properties: "address" (construct-only),
 * "display-name" (construct-only, may be NULL or empty), "selected" (read-write,
 * G_PARAM_EXPLICIT_NOTIFY, notifies only on a real change).
 *
 * The items of a BbMailboxModel are views onto the model: their strings are the
 * model's (a view's display name is "" rather than NULL when there is none) and their
 * "selected" is the model's selection, notified when it changes through the model.
 */
BbMailbox  *bb_mailbox_new              (const char *address,
                                         const char *display_name);
const char *bb_mailbox_get_address      (BbMailbox  *self);
const char *bb_mailbox_get_display_name (BbMailbox  *self);
gboolean    bb_mailbox_get_selected     (BbMailbox  *self);
void        bb_mailbox_set_selected     (BbMailbox  *self,
                                         gboolean    selected);

G_END_DECLS
