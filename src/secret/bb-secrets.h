/* bb-secrets.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

/*
 * The keyring layer (PROTOCOL.md section 1): the Console API token and a remembered
 * Exchange password live in the Secret Service, never in GSettings or a log line.
 *
 * Every @console_url is the normalised Console base URL as returned by
 * bb_console_address_normalize() ("https://ab12cd34.canary.tools"); this layer does
 * not normalise it again, so callers must, or two spellings of one Console would get
 * two items.
 *
 * Secrets handed back by this API live in non-pageable memory where possible: free
 * them with bb_secrets_free(), never g_free().
 *
 * When no Secret Service is reachable (no D-Bus session, no keyring daemon), the
 * calls fail with the libsecret, GDBus or GIO error; bb_secrets_error_is_unavailable()
 * recognises those so callers can fall back quietly.
 */

/* "io.github.baitbox.Baitbox.Token": attribute "console" (string). */
const SecretSchema *bb_secrets_get_token_schema             (void) G_GNUC_CONST;
#define BB_SECRETS_TOKEN_SCHEMA (bb_secrets_get_token_schema ())

/* "io.github.baitbox.Baitbox.Exchange": attributes "console" and "username" (strings). */
const SecretSchema *bb_secrets_get_exchange_schema          (void) G_GNUC_CONST;
#define BB_SECRETS_EXCHANGE_SCHEMA (bb_secrets_get_exchange_schema ())

/* Wipes and frees a secret returned by this API (secret_password_free). NULL is fine. */
void                bb_secrets_free                         (char                 *secret);

/* TRUE when @error says the Secret Service cannot be used at all (no session bus,
 * no keyring daemon, the service went away, the keyring stays locked); FALSE for
 * NULL, for a cancellation and for any other error. */
gboolean            bb_secrets_error_is_unavailable         (const GError         *error);

/* Stores (or replaces) the API token for @console_url in the default collection. */
void                bb_secrets_store_token_async            (const char           *console_url,
                                                             const char           *token,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean            bb_secrets_store_token_finish           (GAsyncResult         *result,
                                                             GError              **error);

/* The token for @console_url, or NULL without an error when none is saved.
 * Free with bb_secrets_free(). */
void                bb_secrets_lookup_token_async           (const char           *console_url,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
char               *bb_secrets_lookup_token_finish          (GAsyncResult         *result,
                                                             GError              **error);
/* The same, blocking: for baitbox-cli, which has no main loop running. */
char               *bb_secrets_lookup_token_sync            (const char           *console_url,
                                                             GCancellable         *cancellable,
                                                             GError              **error);

/* Removes the token for @console_url. TRUE on success, also when none was saved. */
void                bb_secrets_clear_token_async            (const char           *console_url,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean            bb_secrets_clear_token_finish           (GAsyncResult         *result,
                                                             GError              **error);

/* The Console URLs that have a saved token, sorted, without duplicates: a GPtrArray
 * of char * that frees its elements. Reads item attributes only; unlocks nothing. */
void                bb_secrets_list_consoles_async          (GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
GPtrArray          *bb_secrets_list_consoles_finish         (GAsyncResult         *result,
                                                             GError              **error);

/* A remembered Exchange password, keyed by Console and user name. Same rules as
 * the token functions above: lookup gives NULL without an error when none is saved,
 * clear succeeds when there was nothing to clear. */
void                bb_secrets_store_exchange_password_async  (const char           *console_url,
                                                               const char           *username,
                                                               const char           *password,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean            bb_secrets_store_exchange_password_finish (GAsyncResult         *result,
                                                               GError              **error);
void                bb_secrets_lookup_exchange_password_async (const char           *console_url,
                                                               const char           *username,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
char               *bb_secrets_lookup_exchange_password_finish (GAsyncResult        *result,
                                                                GError             **error);
void                bb_secrets_clear_exchange_password_async  (const char           *console_url,
                                                               const char           *username,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean            bb_secrets_clear_exchange_password_finish (GAsyncResult         *result,
                                                               GError              **error);

G_END_DECLS
