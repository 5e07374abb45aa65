/* fuzz-common.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* libFuzzer's entry points (no header of their own). */
int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* A parser fed with hostile input may fail, but must never complain through
 * g_warning() or g_critical(): those mean a broken invariant (or a GLib API
 * misused on that input), so they abort and libFuzzer records a crash.
 * Debug messages are formatted (so the code that builds them runs) and dropped. */
static GLogWriterOutput
bb_fuzz_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
      abort ();
    }

  return G_LOG_WRITER_HANDLED;
}

static gboolean bb_fuzz_skip_known_bugs;

static inline void
bb_fuzz_init (void)
{
  /* Exercise the debug paths (log_protocol_details() and the like). */
  g_log_set_debug_enabled (TRUE);
  g_log_set_writer_func (bb_fuzz_log_writer, NULL, NULL);

  /* BB_FUZZ_SKIP_KNOWN_BUGS=1 steers around the bugs listed in README.md that
   * are reported but not fixed yet, so a long run can find others. Never set
   * for the replay tests. */
  bb_fuzz_skip_known_bugs = g_strcmp0 (g_getenv ("BB_FUZZ_SKIP_KNOWN_BUGS"), "1") == 0;
}

/* A failure says why, in plain words: a non-empty UTF-8 message (it is shown
 * in a GTK label or printed), in the expected domain, with @code unless -1. */
static inline void
bb_fuzz_check_error (const GError *error,
                     GQuark        domain,
                     int           code)
{
  if (error == NULL || error->domain != domain || (code != -1 && error->code != code)
      || error->message == NULL || error->message[0] == '\0')
    abort ();

  if (!g_utf8_validate (error->message, -1, NULL))
    {
      g_printerr ("error message is not UTF-8\n");
      abort ();
    }
}

/* A NUL-terminated copy of [data, data + size), for APIs taking C strings. */
static inline char *
bb_fuzz_strndup (const uint8_t *data,
                 size_t         size)
{
  char *copy = g_malloc (size + 1);

  if (size > 0)
    memcpy (copy, data, size);
  copy[size] = '\0';

  return copy;
}
