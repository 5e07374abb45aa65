/* bb-review-page.h
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
 * BbReviewState:
 * @BB_REVIEW_STATE_READY: the summary and the Insert button
 * @BB_REVIEW_STATE_CONFIRMING: the "Insert bait email?" dialog is open
 * @BB_REVIEW_STATE_CREATING: create is running (PROTOCOL.md 3.8, never resent)
 * @BB_REVIEW_STATE_ERROR: create failed; the error card says why and offers what fixes it
 */
typedef enum {
  BB_REVIEW_STATE_READY,
  BB_REVIEW_STATE_CONFIRMING,
  BB_REVIEW_STATE_CREATING,
  BB_REVIEW_STATE_ERROR,
} BbReviewState;

#define BB_TYPE_REVIEW_STATE (bb_review_state_get_type ())
GType bb_review_state_get_type (void) G_GNUC_CONST;

#define BB_TYPE_REVIEW_PAGE (bb_review_page_get_type ())

G_DECLARE_FINAL_TYPE (BbReviewPage, bb_review_page, BB, REVIEW_PAGE, GtkWidget)

/*
 * Step 6: "Insert “subject” into N mailboxes of flock “F”", the first few addresses,
 * the mailbox source, a warning when the bait email has unsaved edits, and Insert.
 * Insert opens a confirm dialog (AdwMessageDialog "Insert bait email?", responses
 * "cancel" and "insert"); only its "insert" response sends create, and create is
 * never sent again without the user confirming again ("Send Again").
 *
 * The headline names the SAVED template's subject (the draft's only when nothing is
 * saved), because the Console inserts the saved version.
 *
 * Properties (notify only on a real change):
 *   "flow"           BbFlow*, read-write
 *   "state"          BbReviewState, read-only
 *   "headline"       string, read-only: the headline as shown
 *   "error-message"  string, read-only: the message of the error behind ERROR
 *                    (the Console's words for CONSOLE, the client's for the rest), else NULL
 *
 * Signals:
 *   "started" (guint expected_total): a job is to be followed: create succeeded
 *       (ACCEPTED or RECOVERED; expected_total is the number of addresses sent), or
 *       the user chose "Follow the Running Job" / "Check Status" (expected_total 0).
 *       The window shows BbProgressPage and calls bb_progress_page_start().
 *   "edit-template": "Review Bait Email" in the unsaved-changes warning; the window
 *       goes back to the template page.
 *
 * Actions: "page.insert" (the confirm dialog), "page.send-again" (the same, after a
 * NETWORK/TIMEOUT/SERVER error), "page.check-status" and "page.follow" (emit "started"
 * with 0), "page.edit-template" (emits "edit-template").
 */
GtkWidget     *bb_review_page_new               (void);
BbFlow        *bb_review_page_get_flow          (BbReviewPage *self);
void           bb_review_page_set_flow          (BbReviewPage *self,
                                                 BbFlow       *flow);
BbReviewState  bb_review_page_get_state         (BbReviewPage *self);
const char    *bb_review_page_get_headline      (BbReviewPage *self);
const char    *bb_review_page_get_error_message (BbReviewPage *self);
/* The error behind ERROR (BB_CONSOLE_ERROR domain), else NULL. */
const GError  *bb_review_page_get_error         (BbReviewPage *self);
/* Called by the window each time the page is shown: refreshes the summary. */
void           bb_review_page_activate          (BbReviewPage *self);
/*
 * What the confirm dialog's "insert" response calls: sends create with the flow's
 * selected addresses and Exchange credentials. Does nothing while CREATING or when
 * nothing can be sent. Tests call it to bypass the dialog.
 */
void           bb_review_page_insert_confirmed  (BbReviewPage *self);

G_END_DECLS
