/* bb-test-utils.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The token every emulator accepts unless started with another --token. */
#define BB_TEST_TOKEN "emulator-test-token"

typedef struct _BbTestEmulator BbTestEmulator;

/*
 * Starts tests/emulator/bb-console-emulator (path from the BB_EMULATOR environment
 * variable, set by tests/meson.build) on a free loopback port with --token BB_TEST_TOKEN
 * plus @extra_args (NULL-terminated, may be NULL), waits for its "PORT=N" line and
 * returns a handle. Aborts the test on failure.
 */
BbTestEmulator *bb_test_emulator_start      (const char * const *extra_args);
/* SIGTERM, waits for the process to exit, frees. */
void            bb_test_emulator_stop       (BbTestEmulator     *emu);
/* "http://127.0.0.1:PORT" */
const char     *bb_test_emulator_get_url    (BbTestEmulator     *emu);
guint           bb_test_emulator_get_port   (BbTestEmulator     *emu);
/*
 * POST /_emulator/<verb> with the NULL-terminated name, value pairs as a form,
 * synchronously; aborts the test unless the reply is 200. Verbs: "config", "fault",
 * "reset", "stop-accepting"/"resume" (see the emulator's --help).
 */
void            bb_test_emulator_control    (BbTestEmulator     *emu,
                                             const char         *verb,
                                             ...) G_GNUC_NULL_TERMINATED;
/* GET /_emulator/record → the parsed object (free with json_object_unref). */
JsonObject     *bb_test_emulator_get_record (BbTestEmulator     *emu);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BbTestEmulator, bb_test_emulator_stop)

/* One run of baitbox-cli ($BB_CLI). */
typedef struct {
  gboolean exited;    /* FALSE when a signal ended it */
  int      status;    /* the exit status, or 128 + the signal */
  char    *out;       /* NUL-terminated */
  gsize    out_len;
  char    *err;
} BbTestCliRun;

void            bb_test_cli_run_clear       (BbTestCliRun       *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BbTestCliRun, bb_test_cli_run_clear)

/* Starts $BB_CLI with @args (NULL-terminated) through @launcher. */
GSubprocess    *bb_test_spawn_cli           (GSubprocessLauncher *launcher,
                                             const char * const  *args);
/* Writes @input (may be NULL) to @process's stdin and collects its stdout and stderr
 * (all three piped) into @run until it ends. */
void            bb_test_cli_communicate     (GSubprocess        *process,
                                             const char         *input,
                                             BbTestCliRun       *run);

/* Iterates the thread-default main context until *flag is TRUE. Never sleeps. */
void            bb_test_wait_for_flag       (gboolean           *flag);
/* Same, until *pointer is non-NULL. */
void            bb_test_wait_for_pointer    (gpointer           *pointer);

G_END_DECLS
