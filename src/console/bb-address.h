/* bb-address.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Mailbox addresses, PROTOCOL.md 3.6: exactly one '@'; a local part of 1–64 bytes
 * without white space, ',', '<', '>', '"' or ';'; a domain of at least two
 * dot-separated non-empty labels made of UTF-8 letters, digits and '-';
 * 254 bytes at most in all. @address must be valid UTF-8 (invalid UTF-8 is not valid).
 */
gboolean  bb_address_is_valid (const char *address);

/* The key two addresses share when they are the same mailbox (case-insensitive,
 * g_utf8_casefold). Free with g_free(). */
char     *bb_address_fold     (const char *address);

/*
 * A de-duplicating set of addresses that keeps the first spelling seen, in order.
 */
typedef struct _BbAddressSet BbAddressSet;

BbAddressSet *bb_address_set_new           (void);
void          bb_address_set_free          (BbAddressSet *self);
/* Returns TRUE when added, FALSE when an address with the same fold was already there. */
gboolean      bb_address_set_add           (BbAddressSet *self,
                                            const char   *address);
gboolean      bb_address_set_contains      (BbAddressSet *self,
                                            const char   *address);
guint         bb_address_set_get_length    (BbAddressSet *self);
/* The addresses in insertion order (borrowed, NULL-terminated). */
const char * const *bb_address_set_peek    (BbAddressSet *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BbAddressSet, bb_address_set_free)

/*
 * Reads a list of addresses typed or imported by a user (baitbox-cli token FILE,
 * the window's import): one per line or comma-separated (also ';'), blank lines
 * and white space around an address ignored; a CSV with a header is accepted when
 * one column holds addresses (an "email"/"mail"/"address" header or the first
 * column whose value contains '@'); quotes around fields are removed.
 * Duplicates are merged (counted in @n_duplicates). The first invalid address
 * refuses the whole list: NULL and BB_CONSOLE_ERROR_INVALID_INPUT with a message
 * naming the address and its 1-based line. @text need not be NUL-terminated;
 * invalid UTF-8 is refused naming the line.
 */
BbAddressSet *bb_address_list_parse        (const char  *text,
                                            gsize        length,
                                            guint       *n_duplicates,
                                            GError     **error);

/*
 * The `user_emails` value of PROTOCOL.md 3.8: validates every address (the first
 * invalid one refuses the whole request, INVALID_INPUT naming it), merges
 * duplicates case-insensitively keeping the first spelling, joins with ','
 * (no spaces). An empty list is INVALID_INPUT too. @n_unique receives the count.
 */
char         *bb_address_join_for_create   (const char * const *addresses,
                                            guint               n_addresses,
                                            guint              *n_unique,
                                            GError            **error);

G_END_DECLS
