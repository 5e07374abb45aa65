/* bench-view.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The benchmarks that need a window (issue 5); run under Xvfb. A GtkListView over a
 * GtkNoSelection over BbMailboxSlots over BbMailboxFilter, with the app's own row
 * factory (bb_mailbox_row_factory_new()) and a "N shown" label, as the mailboxes
 * page builds it. "Drawn" is the frame clock's after-paint of the first frame after
 * the change. Results as JSON lines on stdout:
 *   load N RUNS    json_parser_load_from_data() (the floor) against the reply bytes
 *                  turned into a model shown in the list and the first rows drawn
 *   search N RUNS  one keystroke: the filter's search set → the next frame drawn
 *   search-swap N RUNS  the same with the list view given a new selection model for
 *                  each search (a design experiment: see tests/bench/README.md)
 *   search-direct N RUNS  the same with the list view over the filter itself, without
 *                  BbMailboxSlots (the design before it, for comparison)
 *   stall N        load, scroll and search N mailboxes while a 10 ms high-priority
 *                  timeout records how long the main loop went without running it;
 *                  the reply is parsed in a worker thread, as BbConsole does for big
 *                  bodies, and everything after it runs on the main thread
 */

#include "config.h"

#include <stdlib.h>
#include <adwaita.h>

#include "bb-mailbox-filter.h"
#include "bb-mailbox-slots.h"
#include "bb-mailbox-row.h"
#include "bench-common.h"
#include "bench-search-keys.h"

typedef struct {
  GtkWidget       *window;
  GtkWidget       *scrolled;
  GtkWidget       *shown_label;
  GtkListView     *list_view;
  GtkNoSelection  *selection;
  BbMailboxSlots  *slots;       /* NULL in search-direct */
  BbMailboxModel  *model;
  BbMailboxFilter *filter;
} View;

static View view;

/* What the list view follows: the slots, or the filter itself (search-direct). */
static GListModel *
view_list (void)
{
  return view.slots != NULL ? G_LIST_MODEL (view.slots) : G_LIST_MODEL (view.filter);
}

/* The page's search-changed handler: the list back to its top, the filter, then the
 * "N shown" label. */
static void
view_search (const char *text)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view.list_view));
  g_autofree char *shown = NULL;

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
  bb_mailbox_filter_set_search (view.filter, text);
  if (text[0] != '\0')
    shown = g_strdup_printf ("%u shown", bb_mailbox_filter_get_n_items (view.filter));
  gtk_label_set_text (GTK_LABEL (view.shown_label), shown != NULL ? shown : "");
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Iterates the main loop until the next frame of the window has been painted. */
static void
wait_frame (void)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (view.window);
  gboolean painted = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);

  gtk_widget_queue_draw (view.window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

static void
view_open (gboolean direct)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  view.model = bb_mailbox_model_new ();
  view.filter = bb_mailbox_filter_new (view.model);
  if (!direct)
    view.slots = bb_mailbox_slots_new (G_LIST_MODEL (view.filter));
  view.selection = gtk_no_selection_new (g_object_ref (view_list ()));
  view.list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (view.selection),
                                                     bb_mailbox_row_factory_new ()));
  view.scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (view.scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (view.scrolled), GTK_WIDGET (view.list_view));
  view.shown_label = gtk_label_new (NULL);
  gtk_box_append (GTK_BOX (box), view.shown_label);
  gtk_box_append (GTK_BOX (box), view.scrolled);

  view.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (view.window), 600, 720);
  gtk_window_set_child (GTK_WINDOW (view.window), box);
  gtk_window_present (GTK_WINDOW (view.window));
  wait_frame ();
  wait_frame ();
}

/* Shows @model (taking it) in the list, as the page does when a load is done. */
static void
view_set_model (BbMailboxModel *model)
{
  g_clear_object (&view.filter);
  g_clear_object (&view.model);
  view.model = model;
  view.filter = bb_mailbox_filter_new (model);
  if (view.slots != NULL)
    bb_mailbox_slots_set_model (view.slots, G_LIST_MODEL (view.filter));
  else
    gtk_no_selection_set_model (view.selection, G_LIST_MODEL (view.filter));
}

static void
run_load (guint n,
          guint runs)
{
  g_autoptr(GBytes) reply = bench_make_reply (n);

  view_open (FALSE);
  for (guint r = 0; r <= runs; r++)
    {
      double floor_ms = bench_json_floor_ms (reply);
      double t0 = bench_now_ms ();
      double t1, t2;

      view_set_model (bench_load_model (reply));
      t1 = bench_now_ms ();
      wait_frame ();
      t2 = bench_now_ms ();

      /* Round 0 warms up. */
      if (r > 0)
        bench_emit ("view_load", "\"n\": %u, \"floor_ms\": %.3f, \"ms\": %.3f, "
                    "\"model_ms\": %.3f, \"frame_ms\": %.3f",
                    n, floor_ms, t2 - t0, t1 - t0, t2 - t1);

      view_set_model (bb_mailbox_model_new ());
      wait_frame ();
    }
}

static void
run_search (guint       n,
            guint       runs,
            const char *mode)
{
  g_autoptr(GBytes) reply = bench_make_reply (n);
  g_autoptr(GPtrArray) keys = bench_search_keystrokes ();
  gboolean swap = g_str_equal (mode, "search-swap");
  const char *name = swap ? "view_search_swap" :
                     g_str_equal (mode, "search-direct") ? "view_search_direct" : "view_search";

  view_open (g_str_equal (mode, "search-direct"));
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GString) times = g_string_new (NULL);
      g_autoptr(GString) filter_times = g_string_new (NULL);

      /* A fresh list each run: the first keystroke builds the search index. */
      view_set_model (bench_load_model (reply));
      wait_frame ();

      for (guint k = 0; g_ptr_array_index (keys, k) != NULL; k++)
        {
          double t0 = bench_now_ms ();
          double t1;

          if (swap)
            {
              /* Design experiment: the view lets go of the list while the filter
               * changes and takes a new selection model after, so GTK rebuilds only
               * the visible rows instead of matching every added item. */
              gtk_list_view_set_model (view.list_view, NULL);
              view_search (g_ptr_array_index (keys, k));
              g_clear_object (&view.selection);
              view.selection = gtk_no_selection_new (g_object_ref (view_list ()));
              gtk_list_view_set_model (view.list_view, GTK_SELECTION_MODEL (view.selection));
            }
          else
            view_search (g_ptr_array_index (keys, k));
          t1 = bench_now_ms ();
          wait_frame ();
          g_string_append_printf (times, "%s%.3f", k > 0 ? ", " : "", bench_now_ms () - t0);
          g_string_append_printf (filter_times, "%s%.3f", k > 0 ? ", " : "", t1 - t0);
        }
      bench_emit (name, "\"n\": %u, \"keystroke_ms\": [%s], \"filter_ms\": [%s]",
                  n, times->str, filter_times->str);
    }
}

/* Stall: the longest time the main loop did not run a 10 ms high-priority timeout. */

typedef struct {
  double      last;
  double      worst;
  const char *phase;
  const char *worst_phase;
  double      phase_worst[8];
  const char *phase_names[8];
  guint       n_phases;
} Stall;

static Stall stall;

static gboolean
stall_tick_cb (gpointer user_data)
{
  double now = bench_now_ms ();
  double gap = now - stall.last;

  if (gap > stall.worst)
    {
      stall.worst = gap;
      stall.worst_phase = stall.phase;
    }
  if (gap > stall.phase_worst[stall.n_phases - 1])
    stall.phase_worst[stall.n_phases - 1] = gap;
  stall.last = now;

  return G_SOURCE_CONTINUE;
}

static void
stall_phase (const char *phase)
{
  /* The gap that spans a phase change counts for the phase that caused it. */
  stall_tick_cb (NULL);
  g_assert (stall.n_phases < G_N_ELEMENTS (stall.phase_names));
  stall.phase = phase;
  stall.phase_names[stall.n_phases++] = phase;
}

static void
parse_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_task_return_pointer (task, bench_parse_list (task_data), bench_list_free);
}

static void
parse_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  gpointer *list = user_data;

  *list = g_task_propagate_pointer (G_TASK (result), NULL);
}

static void
run_stall (guint n)
{
  g_autoptr(GBytes) reply = bench_make_reply (n);
  g_autoptr(GPtrArray) keys = bench_search_keystrokes ();
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) phases = g_string_new (NULL);
  GtkAdjustment *adjustment;
  gpointer list = NULL;
  double t0, t1, t2;
  double load_ms, set_model_ms, first_frame_ms;

  view_open (FALSE);
  stall.last = bench_now_ms ();
  stall.phase = "open";
  stall.phase_names[stall.n_phases++] = "open";
  g_timeout_add_full (G_PRIORITY_HIGH, 10, stall_tick_cb, NULL, NULL);

  stall_phase ("parse+fill (worker thread)");
  t0 = bench_now_ms ();
  task = g_task_new (NULL, NULL, parse_done_cb, &list);
  g_task_set_task_data (task, g_bytes_ref (reply), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_thread);
  while (list == NULL)
    g_main_context_iteration (NULL, TRUE);

  stall_phase ("show");
  t1 = bench_now_ms ();
  view_set_model (bench_model_from_list (list));
  bench_list_free (list);
  t2 = bench_now_ms ();
  wait_frame ();
  load_ms = bench_now_ms () - t0;
  first_frame_ms = bench_now_ms () - t2;
  set_model_ms = t2 - t1;

  stall_phase ("scroll");
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view.list_view));
  for (guint i = 0; i <= 20; i++)
    {
      double upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

      /* Jumps across the list, then steps of a page, as a scroll bar drag and wheel do. */
      gtk_adjustment_set_value (adjustment, i < 10 ? upper * ((i * 7) % 10) / 10.0
                                                   : gtk_adjustment_get_value (adjustment) +
                                                     gtk_adjustment_get_page_size (adjustment));
      wait_frame ();
    }

  stall_phase ("search");
  for (guint k = 0; g_ptr_array_index (keys, k) != NULL; k++)
    {
      view_search (g_ptr_array_index (keys, k));
      wait_frame ();
    }
  stall_phase ("end");

  for (guint i = 0; i + 1 < stall.n_phases; i++)
    g_string_append_printf (phases, "%s\"%s\": %.3f", i > 0 ? ", " : "",
                            stall.phase_names[i], stall.phase_worst[i]);
  bench_emit ("stall", "\"n\": %u, \"load_ms\": %.3f, \"set_model_ms\": %.3f, "
              "\"first_frame_ms\": %.3f, \"worst_ms\": %.3f, \"worst_phase\": \"%s\", "
              "\"phases\": {%s}",
              n, load_ms, set_model_ms, first_frame_ms, stall.worst, stall.worst_phase,
              phases->str);
}

int
main (int    argc,
      char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "";
  guint n = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 0;
  guint runs = argc > 3 ? (guint) strtoul (argv[3], NULL, 10) : 5;

  adw_init ();
  g_type_ensure (BB_TYPE_MAILBOX_ROW);

  if (g_str_equal (mode, "load") && n > 0)
    run_load (n, runs);
  else if ((g_str_equal (mode, "search") || g_str_equal (mode, "search-swap") ||
            g_str_equal (mode, "search-direct")) && n > 0)
    run_search (n, runs, mode);
  else if (g_str_equal (mode, "stall") && n > 0)
    run_stall (n);
  else
    {
      g_printerr ("usage: %s load N RUNS | search[-swap|-direct] N RUNS | stall N\n", argv[0]);
      return 2;
    }

  return 0;
}
