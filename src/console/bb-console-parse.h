/* bb-console-parse.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bb-mailbox.h"
#include "bb-mailbox-model.h"
#include "bb-template.h"
#include "bb-token-status.h"

G_BEGIN_DECLS

/*
 * Typed readers of a classified success reply (the root object). Each is pure and
 * returns NULL with BB_CONSOLE_ERROR_PROTOCOL when the shape is wrong. Unknown
 * fields are ignored. Counters accept JSON integers ≥ 0 or strings of decimal digits
 * ("12"); anything else ("12.0", -1, "abc", 1.5, true) is PROTOCOL.
 */

/* features: name → boolean. Values true/false or the strings "true"/"false"; any
 * other value leaves the flag out. A missing "features" member gives an empty table.
 * Returns a GHashTable of char* → GINT_TO_POINTER (gboolean). */
GHashTable *bb_parse_features   (JsonObject  *root,
                                 GError     **error);

typedef struct {
  char *id;
  char *name;
} BbFlock;

void     bb_flock_free (BbFlock *flock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BbFlock, bb_flock_free)

/* "flocks": {"flock:default": "Default Flock", …} → GPtrArray of BbFlock*, in the
 * reply's order (free func set). Non-string names are PROTOCOL. */
GPtrArray  *bb_parse_flocks     (JsonObject  *root,
                                 GError     **error);

typedef enum {
  BB_INITIATE_2020 = 2020,
  BB_INITIATE_2025 = 2025,
} BbInitiateGeneration;

typedef struct {
  BbInitiateGeneration generation;
  char *state;          /* 2020: the reply's state; 2025: read from url's query, may be NULL */
  char *client_id;      /* optional (2020) */
  char *redirect_uri;   /* 2020: optional from reply; 2025: read from url's query */
  char *scope;          /* optional (2020) */
  char *authorize_url;  /* optional (2020): the authorize endpoint to use */
  char *url;            /* 2025: the full URL ("url", "oauth_url" or "authorization_url") */
} BbInitiateReply;

void             bb_initiate_reply_free (BbInitiateReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BbInitiateReply, bb_initiate_reply_free)

/* 2025 when a URL key is present (it wins), else 2020 when "state" is a non-empty
 * string; neither is PROTOCOL. */
BbInitiateReply *bb_parse_initiate (JsonObject  *root,
                                    GError     **error);

typedef struct {
  BbMailboxModel *model;  /* valid and de-duplicated, reply order, committed */
  guint      n_invalid;   /* entries skipped: no valid address */
  guint      n_duplicates;/* entries merged into an earlier spelling */
} BbMailboxList;

void           bb_mailbox_list_free (BbMailboxList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BbMailboxList, bb_mailbox_list_free)

/* "user_emails": array of strings or objects (address in "email", "mail" or
 * "userPrincipalName", first present string wins; name in "name" or "displayName").
 * A missing or non-array "user_emails" is PROTOCOL. */
BbMailboxList *bb_parse_users_list (JsonObject  *root,
                                    GError     **error);

/* "html"/"email_html", "subject"/"email_subject" (both required strings),
 * "sender"/"email_sender" (optional string; absent → NULL). */
BbTemplate    *bb_parse_template   (JsonObject  *root,
                                    GError     **error);

/* The counters at top level or nested under "status" (object); "done" optional
 * (true/false or "true"/"false"); "failed_users"/"successful_users" optional arrays
 * of strings or objects as in users/list (entries without an address skipped). */
BbTokenStatus *bb_parse_status     (JsonObject  *root,
                                    GError     **error);

G_END_DECLS
