/* bb-console.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bb-console-error.h"
#include "bb-console-parse.h"

G_BEGIN_DECLS

#define BB_TYPE_CONSOLE (bb_console_get_type ())

G_DECLARE_FINAL_TYPE (BbConsole, bb_console, BB, CONSOLE, GObject)

/* Exchange credentials for users/list and create (is_exchange=true). */
typedef struct {
  const char *username;
  const char *password;
} BbExchangeCredentials;

typedef enum {
  BB_CREATE_ACCEPTED,   /* the Console answered success */
  BB_CREATE_RECOVERED,  /* the reply was lost, but status showed this job running: follow it */
} BbCreateOutcome;

/*
 * One Console. Properties:
 *   "base-url"        construct-only, the normalised address (see bb_console_address_normalize)
 *   "flock-id"        read-write, default "flock:default", sent with every Office365 call
 *   "timeout"         read-write, seconds per request, default 30
 *   "long-timeout"    read-write, seconds for users/list and create, default 120
 *   "retry-delay-ms"  read-write, first backoff delay of read-only retries, default 1000
 *                     (doubles each attempt; tests set it small)
 *   "max-retry-after" read-write, seconds, cap for honouring Retry-After, default 30
 * The auth token is set with bb_console_set_auth_token() and is never a property,
 * never logged, and only ever sent as the X-Canary-Auth-Token header.
 */
BbConsole  *bb_console_new                  (const char   *address,
                                             GError      **error);
const char *bb_console_get_base_url         (BbConsole    *self);
const char *bb_console_get_host             (BbConsole    *self);
const char *bb_console_get_flock_id         (BbConsole    *self);
void        bb_console_set_flock_id         (BbConsole    *self,
                                             const char   *flock_id);
void        bb_console_set_auth_token       (BbConsole    *self,
                                             const char   *token);
gboolean    bb_console_has_auth_token       (BbConsole    *self);
guint       bb_console_get_timeout          (BbConsole    *self);
void        bb_console_set_timeout          (BbConsole    *self,
                                             guint         seconds);
guint       bb_console_get_long_timeout     (BbConsole    *self);
void        bb_console_set_long_timeout     (BbConsole    *self,
                                             guint         seconds);
void        bb_console_set_retry_delay_ms   (BbConsole    *self,
                                             guint         ms);

/* GET /api/v1/ping */
void        bb_console_ping_async           (BbConsole            *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean    bb_console_ping_finish          (BbConsole            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* GET /api/v1/console/features → GHashTable char* → GINT_TO_POINTER(gboolean).
 * A 404 is not an error here: it gives an empty table (PROTOCOL.md 3.2). */
void        bb_console_features_async       (BbConsole            *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GHashTable *bb_console_features_finish      (BbConsole            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* GET /api/v1/flocks/list → GPtrArray of BbFlock* */
void        bb_console_flocks_async         (BbConsole            *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GPtrArray  *bb_console_flocks_finish        (BbConsole            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* POST initiate (never retried) */
void             bb_console_initiate_async  (BbConsole            *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
BbInitiateReply *bb_console_initiate_finish (BbConsole            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* POST oauth/token with code, state, user_email, flock_id (never retried) */
void        bb_console_oauth_token_async    (BbConsole            *self,
                                             const char           *code,
                                             const char           *state,
                                             const char           *user_email,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean    bb_console_oauth_token_finish   (BbConsole            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* POST users/list; @exchange NULL for Office365 (is_exchange=false). Retried as a read. */
void           bb_console_users_list_async  (BbConsole                   *self,
                                             const BbExchangeCredentials *exchange,
                                             GCancellable                *cancellable,
                                             GAsyncReadyCallback          callback,
                                             gpointer                     user_data);
BbMailboxList *bb_console_users_list_finish (BbConsole                   *self,
                                             GAsyncResult                *result,
                                             GError                     **error);

/* GET email template */
void        bb_console_template_get_async   (BbConsole            *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
BbTemplate *bb_console_template_get_finish  (BbConsole            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* POST email template: empty subject or html is INVALID_INPUT before sending;
 * email_sender sent only when template->sender is non-empty. Returns the saved template. */
void        bb_console_template_save_async  (BbConsole            *self,
                                             const BbTemplate     *template,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
BbTemplate *bb_console_template_save_finish (BbConsole            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/*
 * POST create, PROTOCOL.md 3.8 to the letter: addresses validated and de-duplicated
 * (INVALID_INPUT naming the first bad one, before anything is sent), a status
 * snapshot first, the POST never resent; on a timeout or dropped connection, status
 * is polled for up to @recovery_seconds (15 in production): a running job, or a
 * finished one whose counters differ from the snapshot, is this job
 * (BB_CREATE_RECOVERED); otherwise the original NETWORK/TIMEOUT error is returned
 * with a message saying whether no job exists or the job's fate is unknown.
 */
void            bb_console_create_async     (BbConsole                   *self,
                                             const char * const          *addresses,
                                             guint                        n_addresses,
                                             const BbExchangeCredentials *exchange,
                                             GCancellable                *cancellable,
                                             GAsyncReadyCallback          callback,
                                             gpointer                     user_data);
gboolean        bb_console_create_finish    (BbConsole                   *self,
                                             GAsyncResult                *result,
                                             BbCreateOutcome             *outcome,
                                             GError                     **error);
void            bb_console_set_create_recovery_seconds (BbConsole *self,
                                                        guint      seconds);

/* GET status: /api/v1/canarytoken/office365/status, falling back once per Console to
 * /canarytoken/office365/status on any 404 (remembered). Retried as a read. */
void           bb_console_status_async      (BbConsole            *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
BbTokenStatus *bb_console_status_finish     (BbConsole            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
