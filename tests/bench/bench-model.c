/* bench-model.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The benchmarks that need no window (issue 5). One mode per run, results as JSON
 * lines on stdout (tests/bench/run-benchmarks reads them):
 *   list N RUNS      json_parser_load_from_data() (the floor) against what BbConsole
 *                    runs on the reply (bb_users_reader_read_prepared(): model fill and
 *                    search index), alternately, with the parts timed apart
 *   memory N         resident set before and after a load of N mailboxes
 *   search N RUNS    BbMailboxFilter, one keystroke at a time (bench-search-keys.h)
 *   create N RUNS    N selected mailboxes: addresses, validation, de-duplication, body
 *   idle URL SECS    status polled once a second: CPU time over wall time
 */

#include "config.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <libsoup/soup.h>

#include "bb-address.h"
#include "bb-console.h"
#include "bb-mailbox-filter.h"
#include "bench-common.h"
#include "bench-search-keys.h"

static void
run_list (guint n,
          guint runs)
{
  g_autoptr(GBytes) reply = bench_make_reply (n);

  /* One untimed round each, so page faults of first use do not favour either side. */
  bench_json_floor_ms (reply);
  g_object_unref (bench_load_model (reply));

  for (guint r = 0; r < runs; r++)
    {
      double floor_ms = bench_json_floor_ms (reply);
      double t0 = bench_now_ms ();
      gpointer list = bench_parse_list (reply);
      double t1 = bench_now_ms ();
      BbMailboxModel *model = bench_model_from_list (list);
      double t2 = bench_now_ms ();

      bench_list_free (list);
      bench_emit ("list", "\"n\": %u, \"bytes\": %" G_GSIZE_FORMAT ", \"floor_ms\": %.3f, "
                  "\"ms\": %.3f, \"classify_ms\": %.3f, \"parse_ms\": %.3f, \"fill_ms\": %.3f, "
                  "\"free_list_ms\": %.3f, \"streamed\": %s",
                  n, g_bytes_get_size (reply), floor_ms, t2 - t0, bench_last_classify_ms,
                  t1 - t0 - bench_last_classify_ms, t2 - t1,
                  bench_now_ms () - t2, bench_last_streamed ? "true" : "false");
      g_object_unref (model);
    }
}

/* Resident set growth from an empty list to N mailboxes: measured after the reply
 * bytes and the parser's list are freed, as they are in the window. */
static void
run_memory (guint n)
{
  g_autoptr(BbMailboxModel) empty = bb_mailbox_model_new ();
  g_autoptr(BbMailboxFilter) filter = NULL;
  BbMailboxModel *model;
  GBytes *reply;
  gsize reply_size;
  gsize before, loaded, searched, peak_before;

  malloc_trim (0);
  before = bench_rss_kib ();
  peak_before = bench_peak_rss_kib ();

  reply = bench_make_reply (n);
  reply_size = g_bytes_get_size (reply);
  model = bench_load_model (reply);
  g_bytes_unref (reply);
  filter = bb_mailbox_filter_new (model);
  malloc_trim (0);
  loaded = bench_rss_kib ();

  /* The first search builds the filter's folded index. */
  bb_mailbox_filter_set_search (filter, "u");
  bb_mailbox_filter_set_search (filter, "");
  malloc_trim (0);
  searched = bench_rss_kib ();

  bench_emit ("memory", "\"n\": %u, \"bytes\": %" G_GSIZE_FORMAT ", \"rss_before_kib\": %"
              G_GSIZE_FORMAT ", \"growth_kib\": %" G_GSIZE_FORMAT ", \"growth_searched_kib\": %"
              G_GSIZE_FORMAT ", \"peak_growth_kib\": %" G_GSIZE_FORMAT,
              n, reply_size, before, loaded - before, searched - before,
              bench_peak_rss_kib () - peak_before);
  g_clear_object (&filter);
  g_object_unref (model);
}

static void
run_search (guint n,
            guint runs)
{
  g_autoptr(GBytes) reply = bench_make_reply (n);
  g_autoptr(BbMailboxModel) model = bench_load_model (reply);
  g_autoptr(GPtrArray) keys = bench_search_keystrokes ();

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(BbMailboxFilter) filter = bb_mailbox_filter_new (model);
      g_autoptr(GString) times = g_string_new (NULL);

      for (guint k = 0; g_ptr_array_index (keys, k) != NULL; k++)
        {
          double start = bench_now_ms ();

          bb_mailbox_filter_set_search (filter, g_ptr_array_index (keys, k));
          g_string_append_printf (times, "%s%.3f", k > 0 ? ", " : "", bench_now_ms () - start);
        }
      bench_emit ("search", "\"n\": %u, \"keystroke_ms\": [%s]", n, times->str);
    }
}

static void
run_create (guint n_model,
            guint n_selected,
            guint runs)
{
  g_autoptr(GBytes) reply = bench_make_reply (n_model);
  g_autoptr(BbMailboxModel) model = bench_load_model (reply);
  g_autofree guint *positions = g_new (guint, n_selected);

  /* Spread over the list, as ticks and searches leave them. */
  for (guint i = 0; i < n_selected; i++)
    positions[i] = (guint) ((guint64) i * n_model / n_selected);
  bb_mailbox_model_select_positions (model, positions, n_selected, TRUE);

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
      g_autofree char *joined = NULL;
      g_autofree char *body = NULL;
      g_auto(GStrv) addresses = NULL;
      double t0, t1, t2;
      guint n_unique = 0;

      t0 = bench_now_ms ();
      addresses = bb_mailbox_model_dup_selected (model);
      t1 = bench_now_ms ();
      joined = bb_address_join_for_create ((const char * const *) addresses,
                                           g_strv_length (addresses), &n_unique, &error);
      if (joined == NULL)
        g_error ("join: %s", error->message);
      t2 = bench_now_ms ();
      /* The form BbConsole sends (bb-console.c encodes its parameters this way). */
      g_hash_table_insert (params, (char *) "flock_id", (char *) "flock:default");
      g_hash_table_insert (params, (char *) "is_exchange", (char *) "false");
      g_hash_table_insert (params, (char *) "user_emails", joined);
      body = soup_form_encode_hash (params);

      bench_emit ("create", "\"n\": %u, \"unique\": %u, \"ms\": %.3f, \"dup_selected_ms\": %.3f, "
                  "\"join_ms\": %.3f, \"encode_ms\": %.3f, \"body_bytes\": %" G_GSIZE_FORMAT,
                  n_selected, n_unique, bench_now_ms () - t0, t1 - t0, t2 - t1,
                  bench_now_ms () - t2, strlen (body));
    }
}

typedef struct {
  BbConsole *console;
  GMainLoop *loop;
  guint      n_polls;
  guint      n_errors;
  gboolean   busy;
} Idle;

static void
status_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Idle *idle = user_data;
  g_autoptr(GError) error = NULL;
  BbTokenStatus *status = bb_console_status_finish (BB_CONSOLE (object), result, &error);

  if (status == NULL)
    idle->n_errors++;
  g_clear_pointer (&status, bb_token_status_free);
  idle->n_polls++;
  idle->busy = FALSE;
}

static gboolean
poll_cb (gpointer user_data)
{
  Idle *idle = user_data;

  if (!idle->busy)
    {
      idle->busy = TRUE;
      bb_console_status_async (idle->console, NULL, status_cb, idle);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1000.0 + usage.ru_utime.tv_usec / 1000.0 +
         usage.ru_stime.tv_sec * 1000.0 + usage.ru_stime.tv_usec / 1000.0;
}

static void
run_idle (const char *url,
          guint       seconds)
{
  g_autoptr(GError) error = NULL;
  Idle idle = { 0 };
  double wall0, cpu0;

  idle.console = bb_console_new (url, &error);
  if (idle.console == NULL)
    g_error ("console: %s", error->message);
  bb_console_set_auth_token (idle.console, g_getenv ("BENCH_TOKEN"));
  idle.loop = g_main_loop_new (NULL, FALSE);

  /* The first poll sets up the connection; measure the steady state after it. */
  poll_cb (&idle);
  while (idle.busy)
    g_main_context_iteration (NULL, TRUE);

  wall0 = bench_now_ms ();
  cpu0 = cpu_ms ();
  g_timeout_add_seconds (1, poll_cb, &idle);
  g_timeout_add_seconds (seconds, quit_cb, idle.loop);
  g_main_loop_run (idle.loop);

  bench_emit ("idle", "\"seconds\": %u, \"polls\": %u, \"errors\": %u, \"cpu_ms\": %.3f, "
              "\"wall_ms\": %.3f",
              seconds, idle.n_polls - 1, idle.n_errors, cpu_ms () - cpu0, bench_now_ms () - wall0);
  g_main_loop_unref (idle.loop);
  g_object_unref (idle.console);
}

int
main (int    argc,
      char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "";
  guint a = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 0;
  guint b = argc > 3 ? (guint) strtoul (argv[3], NULL, 10) : 5;

  if (g_str_equal (mode, "list") && a > 0)
    run_list (a, b);
  else if (g_str_equal (mode, "memory") && a > 0)
    run_memory (a);
  else if (g_str_equal (mode, "search") && a > 0)
    run_search (a, b);
  else if (g_str_equal (mode, "create") && a > 0 && argc > 4)
    run_create (a, b, (guint) strtoul (argv[4], NULL, 10));
  else if (g_str_equal (mode, "idle") && argc > 3)
    run_idle (argv[2], b);
  else
    {
      g_printerr ("usage: %s list N RUNS | memory N | search N RUNS | "
                  "create N_MODEL N_SELECTED RUNS | idle URL SECONDS\n", argv[0]);
      return 2;
    }

  return 0;
}
