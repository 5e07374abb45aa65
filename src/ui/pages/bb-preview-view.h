/* bb-preview-view.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BB_TYPE_PREVIEW_VIEW (bb_preview_view_get_type ())

G_DECLARE_FINAL_TYPE (BbPreviewView, bb_preview_view, BB, PREVIEW_VIEW, GtkWidget)

/*
 * A locked-down preview of the bait email's HTML.
 *
 * The WebKitWebView inside is created when the widget is first mapped, never before.
 * It runs with JavaScript off (enable-javascript and enable-javascript-markup FALSE)
 * on an ephemeral network session, and nothing it shows may reach the network:
 *   - a Content-Security-Policy ("default-src 'none'", only data:/cid: images and
 *     fonts, inline styles) is set as the view's default policy, as if sent in a
 *     header, and also as a <meta> element placed first in the document;
 *   - decide-policy refuses every navigation but the load of our own content
 *     (about:blank) and every new window.
 *
 * Properties:
 *   "html"   string, read-write: the HTML shown; a change is rendered about 300 ms
 *            after the last one (bb_preview_view_flush() renders at once)
 *
 * Signal "rendered": the web view finished loading the current HTML (LOAD_FINISHED
 * of our about:blank load). Meant for tests and status display.
 */
GtkWidget  *bb_preview_view_new          (void);
const char *bb_preview_view_get_html     (BbPreviewView *self);
void        bb_preview_view_set_html     (BbPreviewView *self,
                                          const char    *html);
/* Renders a pending change now instead of after the delay (if the view exists). */
void        bb_preview_view_flush        (BbPreviewView *self);
/* The WebKitWebView, or NULL until the widget has been mapped. For tests. */
GtkWidget  *bb_preview_view_get_web_view (BbPreviewView *self);
/* The document actually loaded: @html with the policy <meta> in front. Exposed
 * for tests; free with g_free(). */
char       *bb_preview_view_wrap_html    (const char    *html);

G_END_DECLS
