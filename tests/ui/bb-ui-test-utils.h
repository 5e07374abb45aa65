/* bb-ui-test-utils.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pages/bb-connect-page.h"

G_BEGIN_DECLS

/* Registers a non-unique BbApplication (startup: libadwaita, style.css, accels),
 * turns animations off and resets the GSettings keys (memory backend). */
GtkApplication *bb_ui_test_init_app           (void);
/* Resets every key of io.github.baitbox.Baitbox to its default. */
void            bb_ui_test_reset_settings     (void);
/* Depth-first search under @root for a widget of @type; with @title, the
 * AdwPreferencesRow or AdwStatusPage title or the GtkLabel text must match too. */
GtkWidget      *bb_ui_test_find               (GtkWidget   *root,
                                               GType        type,
                                               const char  *title);
/* A mapped GtkLabel under @root showing exactly @text, or NULL. */
GtkWidget      *bb_ui_test_find_shown_label   (GtkWidget   *root,
                                               const char  *text);
/* Iterates until @window has drawn @n_frames more frames. */
void            bb_ui_test_wait_frames        (GtkWidget   *window,
                                               guint        n_frames);
/* Resizes @window until the window widget itself (decorations aside) has that size. */
void            bb_ui_test_present            (GtkWindow   *window,
                                               guint        n_frames);
void            bb_ui_test_resize             (GtkWindow   *window,
                                               int          width,
                                               int          height);
/* Renders @window to $G_TEST_BUILDDIR/screenshots/<name>.png. */
void            bb_ui_test_screenshot         (GtkWidget   *window,
                                               const char  *name);
/* Screenshots in the light and the forced dark style: <name>.png, <name>-dark.png. */
void            bb_ui_test_screenshot_schemes (GtkWidget   *window,
                                               const char  *name);
/* The visible AdwMessageDialog among the toplevels, or NULL. */
BbConnectState  bb_ui_test_connect_and_wait   (BbConnectPage *page);
AdwMessageDialog *bb_ui_test_find_dialog      (void);
/* Clicks @dialog's button labelled @label as a user would, then waits for the
 * dialog to close. */
void            bb_ui_test_click_response     (AdwMessageDialog *dialog,
                                               const char       *label);
/* Asserts that the string key @key of @settings holds @expected. */
void            bb_ui_test_assert_setting     (GSettings        *settings,
                                               const char       *key,
                                               const char       *expected);

G_END_DECLS
