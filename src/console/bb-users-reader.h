/* bb-users-reader.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bb-console-parse.h"

G_BEGIN_DECLS

/*
 * The users/list success reply (PROTOCOL.md 3.6) read in one pass over the bytes,
 * straight into the BbMailboxModel, without a JSON tree.
 *
 * It returns exactly what bb_console_reply_classify() followed by
 * bb_parse_users_list() would (same mailboxes in the same order, same display names,
 * same n_invalid and n_duplicates), or NULL when the reply is not the plain success
 * case it knows: any HTTP status but 200, an error reply, a member or value it does
 * not handle itself (a repeated known member, a \u0000 escape, a number that is not a
 * short integer, deep nesting), or anything that is not strict JSON. NULL means "use
 * the generic path", which then gives the right outcome, error or not; it never
 * accepts a body that bb_json_check_strict() refuses.
 */
BbMailboxList *bb_users_reader_read          (guint    http_status,
                                              GBytes  *body);

/* What BbConsole runs first on a users/list reply (in its worker thread for big
 * replies): bb_users_reader_read(), then bb_mailbox_model_prepare_search() on the
 * model. NULL (never an error) sends the reply down the generic path. */
gpointer       bb_users_reader_read_prepared (guint    http_status,
                                              GBytes  *body,
                                              GError **error);

G_END_DECLS
