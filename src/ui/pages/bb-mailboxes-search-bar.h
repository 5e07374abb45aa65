/* bb-mailboxes-search-bar.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The search bar: the search entry, the domain picker and the buttons on one row
 * while the entry keeps room to type; in a narrower page the domain picker takes a
 * row of its own below the others. Its children, in the template's order (which is
 * also the focus order): the entry, the domain picker, then the buttons. */
#define BB_TYPE_MAILBOXES_SEARCH_BAR (bb_mailboxes_search_bar_get_type ())

G_DECLARE_FINAL_TYPE (BbMailboxesSearchBar, bb_mailboxes_search_bar, BB, MAILBOXES_SEARCH_BAR, GtkWidget)

G_END_DECLS
