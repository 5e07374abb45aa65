/* bench-common.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bb-mailbox-model.h"

G_BEGIN_DECLS

/* A users/list reply of @n valid mailboxes built as the emulator builds it (the same
 * four entry shapes, the same names, the same five invalid or duplicate extras). */
GBytes         *bench_make_reply       (guint        n);

/* Milliseconds since an arbitrary start (CLOCK_MONOTONIC). */
double          bench_now_ms           (void);

/* The floor of the list load: json_parser_load_from_data() alone; returns ms. */
double          bench_json_floor_ms    (GBytes      *reply);

/* What the window does with the reply bytes, through the function BbConsole calls:
 * bb_users_reader_read_prepared(), which fills the mailbox model and its search index
 * in one pass; bb_console_reply_classify() + bb_parse_users_list() only when the
 * reader hands the reply back. Aborts on error. */
BbMailboxModel *bench_load_model       (GBytes      *reply);

/* The two halves of bench_load_model(), to time them apart. bench_parse_list() sets
 * bench_last_streamed when the streaming reader read the reply, else
 * bench_last_classify_ms to the time bb_console_reply_classify() took (0 when
 * streamed). */
extern double   bench_last_classify_ms;
extern gboolean bench_last_streamed;
gpointer        bench_parse_list       (GBytes      *reply);  /* BbMailboxList* */
BbMailboxModel *bench_model_from_list  (gpointer     list);
void            bench_list_free        (gpointer     list);

/* Resident set in KiB (/proc/self/statm) and its peak (VmHWM). */
gsize           bench_rss_kib          (void);
gsize           bench_peak_rss_kib     (void);

/* Prints one result line: {"bench": NAME, KEY: VALUE, ...} with @fmt giving the rest
 * of the members (already JSON), and flushes stdout. */
void            bench_emit             (const char  *name,
                                        const char  *fmt,
                                        ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
