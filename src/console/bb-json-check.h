/* bb-json-check.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * TRUE when [data, data + size) is exactly one JSON value as RFC 8259 writes it,
 * with only space, tab, CR and LF around and between its tokens: no second value,
 * no comments, no single quotes, no bare words, numbers by the grammar, escapes
 * among \" \\ \/ \b \f \n \r \t \uXXXX, and every \u surrogate properly paired.
 * Objects and arrays may nest at most @max_depth levels deep (the check itself
 * never recurses). Bytes from 0x80 up are accepted inside strings: checking that
 * they are UTF-8 is the caller's job (g_utf8_validate_len()). One linear pass.
 */
gboolean bb_json_check_strict (const char *data,
                               gsize       size,
                               gsize       max_depth);

/* The UTF-16 code unit written as the four hex digits at @digits (a \u escape's),
 * or -1 when fewer than four hex digits come before @end. */
int      bb_json_read_hex4    (const char *digits,
                               const char *end);

G_END_DECLS
