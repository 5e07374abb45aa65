/* client-common.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bb-console.h"
#include "bb-test-utils.h"

G_BEGIN_DECLS

/* One emulator and one BbConsole per test, with short delays so the suite stays fast. */
typedef struct {
  BbTestEmulator *emu;
  BbConsole      *console;
} Fixture;

/* @data: NULL or a NULL-terminated array of extra emulator arguments. */
void          fixture_setup        (Fixture       *f,
                                    gconstpointer  data);
void          fixture_teardown     (Fixture       *f,
                                    gconstpointer  data);

/* A GAsyncReadyCallback storing a reference to the result in *(GAsyncResult **) user_data. */
void          capture_cb           (GObject       *object,
                                    GAsyncResult  *result,
                                    gpointer       user_data);
/* Iterates the main context until *slot is set; returns it (owned by the slot). */
GAsyncResult *wait_result          (GAsyncResult **slot);

/* record.counts[endpoint], 0 when absent. */
gint64        record_count         (BbTestEmulator *emu,
                                    const char     *endpoint);

/* POST /_emulator/fault endpoint=@endpoint kind=@kind count=@count, then the
 * NULL-terminated name, value pairs. */
void          set_fault            (BbTestEmulator *emu,
                                    const char     *endpoint,
                                    const char     *kind,
                                    guint           count,
                                    ...) G_GNUC_NULL_TERMINATED;

/* What the demo Microsoft page gives when the admin accepts: the code from the
 * redirect to @redirect_uri, read without following it (as the sign-in view does). */
char         *accept_consent       (BbTestEmulator *emu,
                                    const char     *redirect_uri,
                                    const char     *state);

/* Milliseconds since @start (g_get_monotonic_time). */
gint64        elapsed_ms           (gint64          start);

G_END_DECLS
