/* bb-mailbox-model.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bb-mailbox.h"

G_BEGIN_DECLS

/*
 * BbMailboxModel: the organisation's mailboxes as a compact, array-backed GListModel of
 * BbMailbox. Addresses and names live in one string arena with offset arrays, selection
 * in a bitset with a running count, so 100,000 or 1,000,000 mailboxes cost a few dozen
 * bytes each and "N of M selected" never walks the list. BbMailbox items are created
 * lazily by g_list_model_get_item() as views onto a position: their "selected" property
 * reads and writes the model's bitset, and the model notifies live items when their
 * selection changes through the model (select all, select positions).
 *
 * Properties: "n-items" (uint, read-only), "n-selected" (uint, read-only, notifies).
 */
#define BB_TYPE_MAILBOX_MODEL (bb_mailbox_model_get_type ())

G_DECLARE_FINAL_TYPE (BbMailboxModel, bb_mailbox_model, BB, MAILBOX_MODEL, GObject)

BbMailboxModel *bb_mailbox_model_new               (void);
/* Building: appends without emitting items-changed; call bb_mailbox_model_commit() once
 * after a batch (it emits one items-changed for everything appended since). The caller
 * appends only valid, de-duplicated addresses. @display_name may be NULL. */
void            bb_mailbox_model_append            (BbMailboxModel *self,
                                                    const char     *address,
                                                    const char     *display_name);
/* As bb_mailbox_model_append(), unless an address with the same fold (bb_address_fold())
 * was appended before (committed or not): then nothing is appended and it returns
 * FALSE. @name_len is the length of @display_name in bytes (no NUL inside), or -1 when
 * it is NUL-terminated. It keeps the lookup table of bb_mailbox_model_find() up to date
 * as it goes, so de-duplicating a list costs no separate set. */
gboolean        bb_mailbox_model_append_unique     (BbMailboxModel *self,
                                                    const char     *address,
                                                    const char     *display_name,
                                                    gssize          name_len);
void            bb_mailbox_model_commit            (BbMailboxModel *self);

guint           bb_mailbox_model_get_n_items       (BbMailboxModel *self);
const char     *bb_mailbox_model_get_address       (BbMailboxModel *self,
                                                    guint           position);
/* "" when none */
const char     *bb_mailbox_model_get_display_name  (BbMailboxModel *self,
                                                    guint           position);
gboolean        bb_mailbox_model_get_selected      (BbMailboxModel *self,
                                                    guint           position);
void            bb_mailbox_model_set_selected      (BbMailboxModel *self,
                                                    guint           position,
                                                    gboolean        selected);
guint           bb_mailbox_model_get_n_selected    (BbMailboxModel *self);
void            bb_mailbox_model_select_all        (BbMailboxModel *self,
                                                    gboolean        selected);
void            bb_mailbox_model_select_positions  (BbMailboxModel *self,
                                                    const guint    *positions,
                                                    guint           n_positions,
                                                    gboolean        selected);
/* Case-insensitive exact lookup; -1 when absent. O(1) (hash built lazily on first use). */
gint            bb_mailbox_model_find              (BbMailboxModel *self,
                                                    const char     *address);
/* Builds now what searching and bb_mailbox_model_find() would otherwise build on first
 * use on the main thread: the folded search index and the lookup table. Call it where
 * the model is filled (a worker thread), before the model is shared: it is not
 * thread-safe. Costs about the size of the strings plus 8 to 16 bytes per mailbox. */
void            bb_mailbox_model_prepare_search    (BbMailboxModel *self);
/* For BbMailboxFilter: the folded text of the committed mailboxes, "address\0name\0"
 * per position (see bb_mailbox_model_fold_text()), built or extended on demand.
 * @offsets receives n_items + 1 offsets: position i starts at (*offsets)[i], and
 * (*offsets)[n_items] is the index length. Both stay valid until the next commit. */
const char     *bb_mailbox_model_get_search_index  (BbMailboxModel *self,
                                                    const guint32 **offsets);
/* Folds @text as the search index does: ASCII lower-cased; anything else made valid
 * UTF-8, case-folded, then NFC. NULL gives "". */
char           *bb_mailbox_model_fold_text         (const char     *text);
/* Selected addresses in list order, NULL-terminated; g_strfreev. */
char          **bb_mailbox_model_dup_selected      (BbMailboxModel *self);
/* The distinct domains of the addresses, folded as bb_address_fold() does, sorted by
 * strcmp(); for a domain filter. NULL-terminated (pdata is a strv); g_ptr_array_unref. */
GPtrArray      *bb_mailbox_model_dup_domains       (BbMailboxModel *self);

G_END_DECLS
