/* bb-progress-page.h
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
 * BbProgressState:
 * @BB_PROGRESS_STATE_IDLE: nothing followed (before bb_progress_page_start(), after stop)
 * @BB_PROGRESS_STATE_FOLLOWING: polling status while the job runs
 * @BB_PROGRESS_STATE_FINISHED: the job finished; the summary is shown
 * @BB_PROGRESS_STATE_RETRYING: create for the failed mailboxes is running
 * @BB_PROGRESS_STATE_NO_JOB: the Console reports no job for the flock (total 0, three
 *   replies in a row)
 *
 * Lost contact is not a state: polling carries on, see "connection-lost".
 */
typedef enum {
  BB_PROGRESS_STATE_IDLE,
  BB_PROGRESS_STATE_FOLLOWING,
  BB_PROGRESS_STATE_FINISHED,
  BB_PROGRESS_STATE_RETRYING,
  BB_PROGRESS_STATE_NO_JOB,
} BbProgressState;

#define BB_TYPE_PROGRESS_STATE (bb_progress_state_get_type ())
GType bb_progress_state_get_type (void) G_GNUC_CONST;

#define BB_TYPE_PROGRESS_PAGE (bb_progress_page_get_type ())

G_DECLARE_FINAL_TYPE (BbProgressPage, bb_progress_page, BB, PROGRESS_PAGE, GtkWidget)

/*
 * Step 7: follows the flock's tokening job through status (PROTOCOL.md 3.9): a poll
 * every 1.5 s, the next one scheduled only after the previous reply (never two at a
 * time); after an error a banner "Lost contact with the Console — still trying" and
 * backoff 2, 4, 8, then 10 s. It never sends create by itself: only "Retry Failed
 * Mailboxes", after its own confirm dialog, does.
 *
 * Within one job the counters shown never move backwards (the maximum seen of each).
 * The elapsed time comes from a monotonic clock, redrawn by a 1 s timer that runs only
 * while the page is mapped and the job runs.
 *
 * Properties (read-only unless said, notify only on a real change):
 *   "flow"              BbFlow*, read-write
 *   "state"             BbProgressState
 *   "running"           boolean: FOLLOWING or RETRYING (the window asks before closing)
 *   "connection-lost"   boolean: the last status read failed; polling carries on
 *   "connection-message" string: why (the client's or the Console's message), else NULL
 *   "successful", "failed", "total"  uint64: the counters shown
 *   "failed-addresses"  GStrv: the failed mailboxes in the order they appeared
 *
 * Signals:
 *   "token-more": "Token More Mailboxes" on the summary; the window goes back to the
 *                 mailboxes page.
 *
 * Actions: "page.retry-failed" (the confirm dialog "Retry failed mailboxes?", responses
 * "cancel"/"retry"; enabled when finished with failed addresses), "page.token-more",
 * "page.check-status" (after a failed retry: follow whatever status shows).
 *
 * Closing: the window calls bb_progress_page_confirm_close_async() from its
 * close-request handler; it answers TRUE at once when no job runs, otherwise after
 * the dialog "A tokening job is running. The Console carries on inserting bait emails
 * if you close Baitbox." (responses "cancel"/"close"). Disposing the page stops
 * polling.
 */
GtkWidget        *bb_progress_page_new                  (void);
BbFlow           *bb_progress_page_get_flow             (BbProgressPage       *self);
void              bb_progress_page_set_flow             (BbProgressPage       *self,
                                                         BbFlow               *flow);
BbProgressState   bb_progress_page_get_state            (BbProgressPage       *self);
gboolean          bb_progress_page_get_running          (BbProgressPage       *self);
gboolean          bb_progress_page_get_connection_lost  (BbProgressPage       *self);
const char       *bb_progress_page_get_connection_message (BbProgressPage     *self);
guint64           bb_progress_page_get_successful       (BbProgressPage       *self);
guint64           bb_progress_page_get_failed           (BbProgressPage       *self);
guint64           bb_progress_page_get_total            (BbProgressPage       *self);
/* NULL-terminated, owned by the page. */
const char * const *bb_progress_page_get_failed_addresses (BbProgressPage     *self);
/* The message of a failed retry's create (shown in the summary), else NULL. */
const char       *bb_progress_page_get_error_message    (BbProgressPage       *self);

/* Called by the window each time the page is shown. */
void              bb_progress_page_activate             (BbProgressPage       *self);
/*
 * Starts following the flow's flock job from scratch (counters reset, first status read
 * at once). @expected_total is shown until the first reply with a job (0: unknown).
 */
void              bb_progress_page_start                (BbProgressPage       *self,
                                                         guint                 expected_total);
/* Stops polling and the timers (the window closes); the shown counters stay. */
void              bb_progress_page_stop                 (BbProgressPage       *self);
/*
 * What the retry dialog's "retry" response calls: create with exactly the failed
 * addresses, then follows the new job. Does nothing unless FINISHED with failed
 * addresses. Tests call it to bypass the dialog.
 */
void              bb_progress_page_retry_confirmed      (BbProgressPage       *self);

void              bb_progress_page_confirm_close_async  (BbProgressPage       *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
/* TRUE: the window may close. */
gboolean          bb_progress_page_confirm_close_finish (BbProgressPage       *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* For tests: applies one status reply as if polling had received it. */
void              _bb_progress_page_apply_status        (BbProgressPage       *self,
                                                         const BbTokenStatus  *status);

G_END_DECLS
