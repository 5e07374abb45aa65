/* bb-mailbox-filter.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bb-mailbox-model.h"

G_BEGIN_DECLS

/*
 * BbMailboxFilter: the mailboxes of a BbMailboxModel that match a search text and a
 * domain, as a GListModel of BbMailbox (the model's own live items). The search text
 * matches case-insensitively (Unicode case folding, NFC) as a substring of the address
 * or of the display name; the domain must equal the address's domain, folded. A
 * search that narrows the previous one filters only the current matches; the folded
 * index searched is the model's (bb_mailbox_model_prepare_search() builds it ahead).
 * Each change emits one items-changed, covering only the part of the list that
 * differs; new mailboxes committed to the model are filtered as they come.
 *
 * Properties: "model" (BbMailboxModel, construct-only), "search" (string, NULL or ""
 * shows all), "domain" (string, NULL or "" means every domain), "n-items" (uint,
 * read-only).
 */
#define BB_TYPE_MAILBOX_FILTER (bb_mailbox_filter_get_type ())

G_DECLARE_FINAL_TYPE (BbMailboxFilter, bb_mailbox_filter, BB, MAILBOX_FILTER, GObject)

BbMailboxFilter *bb_mailbox_filter_new          (BbMailboxModel  *model);
BbMailboxModel  *bb_mailbox_filter_get_model    (BbMailboxFilter *self);
/* "" when none */
const char      *bb_mailbox_filter_get_search   (BbMailboxFilter *self);
void             bb_mailbox_filter_set_search   (BbMailboxFilter *self,
                                                 const char      *search);
/* "" when none */
const char      *bb_mailbox_filter_get_domain   (BbMailboxFilter *self);
void             bb_mailbox_filter_set_domain   (BbMailboxFilter *self,
                                                 const char      *domain);
guint            bb_mailbox_filter_get_n_items  (BbMailboxFilter *self);
/* The model position of the mailbox shown at @filtered_position. */
guint            bb_mailbox_filter_get_position (BbMailboxFilter *self,
                                                 guint            filtered_position);
/* Selects or deselects every mailbox the filter shows, in one model operation. */
void             bb_mailbox_filter_select_shown (BbMailboxFilter *self,
                                                 gboolean         selected);

G_END_DECLS
