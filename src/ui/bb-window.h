/* bb-window.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pages/bb-connect-page.h"

G_BEGIN_DECLS

#define BB_TYPE_WINDOW (bb_window_get_type ())

G_DECLARE_FINAL_TYPE (BbWindow, bb_window, BB, WINDOW, AdwApplicationWindow)

/*
 * The main window: a header bar (title "Baitbox", subtitle "host · flock" once
 * connected), a toast overlay and a GtkStack of pages, "connect" first.
 * Size and maximized state are restored from and saved to GSettings; the last
 * Console address and flock are remembered (never the token).
 */
BbWindow      *bb_window_new              (GtkApplication *application);
BbConnectPage *bb_window_get_connect_page (BbWindow       *self);
/* The window's title widget; its subtitle shows the Console host and flock. */
const char    *bb_window_get_subtitle     (BbWindow       *self);
/*
 * Fills the Connect page from the command line: NULL or empty values keep what is
 * there (the remembered address and flock). With @auto_connect and both an address
 * and a token present, connects at once. Ignored unless the page shows its form.
 */
void           bb_window_prefill          (BbWindow       *self,
                                           const char     *address,
                                           const char     *flock_id,
                                           const char     *token,
                                           gboolean        auto_connect);
void           bb_window_add_toast        (BbWindow       *self,
                                           const char     *title);

G_END_DECLS
