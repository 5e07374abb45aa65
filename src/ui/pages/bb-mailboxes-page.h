/* bb-mailboxes-page.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bb-flow.h"

G_BEGIN_DECLS

/**
 * BbMailboxesState:
 * @BB_MAILBOXES_STATE_IDLE: nothing loaded yet (or the first load was cancelled)
 * @BB_MAILBOXES_STATE_LOADING: users/list is running
 * @BB_MAILBOXES_STATE_READY: the list is shown (the search may show none of it)
 * @BB_MAILBOXES_STATE_EMPTY: the Console listed no valid mailbox
 * @BB_MAILBOXES_STATE_ERROR: loading failed (see "error-message"); the flow's list
 *   and its selection are untouched
 */
typedef enum {
  BB_MAILBOXES_STATE_IDLE,
  BB_MAILBOXES_STATE_LOADING,
  BB_MAILBOXES_STATE_READY,
  BB_MAILBOXES_STATE_EMPTY,
  BB_MAILBOXES_STATE_ERROR,
} BbMailboxesState;

#define BB_TYPE_MAILBOXES_STATE (bb_mailboxes_state_get_type ())
GType bb_mailboxes_state_get_type (void) G_GNUC_CONST;

#define BB_TYPE_MAILBOXES_PAGE (bb_mailboxes_page_get_type ())

G_DECLARE_FINAL_TYPE (BbMailboxesPage, bb_mailboxes_page, BB, MAILBOXES_PAGE, GtkWidget)

/*
 * Step 4: the organisation's mailboxes (users/list), a virtualised list with a check
 * box per mailbox, a search, a domain filter, Select all/none/shown, import and
 * export of addresses, and "N of M selected". The list and the ticks live in the
 * flow (BbFlow:mailboxes), so they survive Back, reloads and failures.
 *
 * Properties (all notify only on a real change):
 *   "flow"           BbFlow, read-write
 *   "state"          BbMailboxesState, read-only
 *   "error-message"  string, read-only: the headline shown in ERROR, else NULL
 *   "summary-text"   string, read-only: "N of M selected", always shown
 *   "report-text"    string, read-only: the quiet line about skipped and merged
 *                    entries of the last load, or NULL when there were none
 *   "notice-text"    string, read-only: the dismissible banner (an import's outcome
 *                    or why a file was refused), NULL when none is shown
 *   "filter"         BbMailboxFilter, read-only: what the list shows
 *
 * Signals:
 *   "done"               Continue was pressed with at least one mailbox selected
 *   "sign-in-needed"     Microsoft 365 is not (or no longer) signed in for the flock
 *   "credentials-needed" the Console refused the Exchange user name or password
 *
 * Actions: "page.reload" (load again, keeping the ticks), "page.retry" (same, from
 * an error), "page.cancel" (stop loading, silently), "page.select-all",
 * "page.select-none", "page.select-shown" (Ctrl+A), "page.search" (Ctrl+F),
 * "page.import", "page.export", "page.dismiss-notice", "page.sign-in",
 * "page.credentials", "page.continue", "page.toggle-focused" (Space in the list:
 * toggles the row with the keyboard focus).
 */
GtkWidget        *bb_mailboxes_page_new               (void);
BbFlow           *bb_mailboxes_page_get_flow          (BbMailboxesPage *self);
void              bb_mailboxes_page_set_flow          (BbMailboxesPage *self,
                                                       BbFlow          *flow);
BbMailboxesState  bb_mailboxes_page_get_state         (BbMailboxesPage *self);
const char       *bb_mailboxes_page_get_error_message (BbMailboxesPage *self);
const char       *bb_mailboxes_page_get_summary_text  (BbMailboxesPage *self);
const char       *bb_mailboxes_page_get_report_text   (BbMailboxesPage *self);
const char       *bb_mailboxes_page_get_notice_text   (BbMailboxesPage *self);
GListModel       *bb_mailboxes_page_get_filter        (BbMailboxesPage *self);

/* Loads the list unless the flow already has one (or a load is running). */
void              bb_mailboxes_page_activate          (BbMailboxesPage *self);

/*
 * What page.import and page.export do once the file chooser has answered.
 *
 * Import reads @file (text or CSV, bb_address_list_parse), ticks every listed
 * address the organisation has and shows in the notice how many were ticked and
 * which addresses are not in the organisation. A file with an invalid address is
 * refused as a whole (INVALID_INPUT naming the line and address, also shown in
 * the notice) and nothing changes. @n_selected receives the number of mailboxes
 * the file named that are in the list.
 *
 * Export writes the selected addresses, one per line, replacing @file, and toasts
 * "Exported N addresses" when the page is in a BbWindow. @n_written receives N.
 */
void              bb_mailboxes_page_import_file       (BbMailboxesPage     *self,
                                                       GFile               *file,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean          bb_mailboxes_page_import_file_finish (BbMailboxesPage    *self,
                                                       GAsyncResult        *result,
                                                       guint               *n_selected,
                                                       GError             **error);
void              bb_mailboxes_page_export_file       (BbMailboxesPage     *self,
                                                       GFile               *file,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean          bb_mailboxes_page_export_file_finish (BbMailboxesPage    *self,
                                                       GAsyncResult        *result,
                                                       guint               *n_written,
                                                       GError             **error);

G_END_DECLS
