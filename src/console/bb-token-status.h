/* bb-token-status.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A tokening job's counters, PROTOCOL.md 3.9. */
typedef struct {
  gint64     successful;
  gint64     failed;
  gint64     total;
  gboolean   done;              /* the reply's "done": true */
  GPtrArray *failed_users;      /* char*, never NULL (may be empty) */
  GPtrArray *successful_users;  /* char*, never NULL (may be empty) */
} BbTokenStatus;

#define BB_TYPE_TOKEN_STATUS (bb_token_status_get_type ())

GType          bb_token_status_get_type    (void) G_GNUC_CONST;
BbTokenStatus *bb_token_status_new         (void);
BbTokenStatus *bb_token_status_copy        (const BbTokenStatus *self);
void           bb_token_status_free        (BbTokenStatus       *self);
/* total > 0 (a total of 0 means there is no job) */
gboolean       bb_token_status_has_job     (const BbTokenStatus *self);
/* done, or successful + failed >= total > 0 */
gboolean       bb_token_status_is_finished (const BbTokenStatus *self);
/* Same counters (successful, failed, total, done). */
gboolean       bb_token_status_equal       (const BbTokenStatus *a,
                                            const BbTokenStatus *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BbTokenStatus, bb_token_status_free)

G_END_DECLS
