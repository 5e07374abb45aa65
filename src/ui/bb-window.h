/* bb-window.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bb-flow.h"
#include "pages/bb-connect-page.h"

G_BEGIN_DECLS

#define BB_TYPE_WINDOW (bb_window_get_type ())

G_DECLARE_FINAL_TYPE (BbWindow, bb_window, BB, WINDOW, AdwApplicationWindow)

/*
 * The main window: a header bar (title "Baitbox", subtitle "host · flock" once
 * connected, Back), a toast overlay and a GtkStack of the pages of the flow:
 * "connect", "source", "signin", "mailboxes", "template", "review", "progress".
 * Only "connect" is made with the window; each other page when first shown (or
 * asked for), and "signin" and "template", which need WebKit and GtkSourceView,
 * come from the module libbaitbox-web.so, loaded then (bb-web-module.h); when it
 * cannot be loaded, those pages say so instead.
 * The window owns one BbFlow and gives it to every page; the pages emit signals
 * and the window turns them into navigation, keeping a history of page names that
 * Back (win.back, Alt+Left) pops. Back is hidden on "connect" and while the
 * progress page follows a running job; closing the window then asks first.
 * Size and maximized state are restored from and saved to GSettings; the last
 * Console address and flock are remembered (never the token).
 */
BbWindow      *bb_window_new              (GtkApplication *application);
BbConnectPage *bb_window_get_connect_page (BbWindow       *self);
BbFlow        *bb_window_get_flow         (BbWindow       *self);
/* The name of the page shown ("connect", "source", …). */
const char    *bb_window_get_page_name    (BbWindow       *self);
/* The page called @name, made now if it was not yet; NULL for no such page. */
GtkWidget     *bb_window_get_page         (BbWindow       *self,
                                           const char     *name);
/* Same as win.back: TRUE when there was a page to go back to. */
gboolean       bb_window_go_back          (BbWindow       *self);
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
