/* bench-floor.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The start-up floor: the least a libadwaita program does to show a window (an
 * AdwApplicationWindow with a header bar and a label). At its first frame painted it
 * prints "FIRST_FRAME webkit=0" and exits, as baitbox does with
 * BAITBOX_BENCH_EXIT_ON_FIRST_FRAME set (src/ui/bb-application.c), so
 * run-benchmarks times both the same way: from spawn to that line.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <adwaita.h>

static void
after_paint_cb (GdkFrameClock *clock)
{
  g_autofree char *maps = NULL;

  g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL);
  printf ("FIRST_FRAME webkit=%d\n", maps != NULL && strstr (maps, "libwebkit") != NULL);
  fflush (stdout);
  _exit (0);
}

static void
realize_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
}

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new ("Floor");

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), "Floor");
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 720);
  g_signal_connect_after (window, "realize", G_CALLBACK (realize_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.baitbox.BenchFloor",
                                                       G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
