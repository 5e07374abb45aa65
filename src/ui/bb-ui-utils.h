/* bb-ui-utils.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Small helpers every page needs, kept in one place. */

/* TRUE for a cancellation, from the Console client or from GIO. */
gboolean bb_ui_is_cancelled_error (const GError *error);

/* Replaces *@field by a copy of @value; TRUE when it changed (then notify). */
gboolean bb_ui_set_string         (char        **field,
                                   const char   *value);

/* Shows or hides a revealer's card; a hidden one takes no room in a box. */
void     bb_ui_reveal             (GtkRevealer  *revealer,
                                   gboolean      shown);

/* GTK 4.8 presents every child of a GtkStack to assistive technologies. After this,
 * only the visible child is, to a screen reader and to the AT-SPI tests, whenever
 * the visible child changes or children are added. */
void     bb_ui_stack_hide_inactive (GtkStack    *stack);

/**
 * BbUiOp:
 * @owner: the page that started the operation (a strong reference)
 * @cancellable: the page's cancellable when it started
 * @data: what the operation carries to its callback, freed with it
 *
 * One asynchronous step of a page. A reply arriving after the page was cancelled,
 * restarted (a new cancellable) or disposed is stale and gets dropped.
 */
typedef struct {
  gpointer       owner;
  GCancellable  *cancellable;
  gpointer       data;
  GDestroyNotify data_free;
} BbUiOp;

BbUiOp  *bb_ui_op_new      (gpointer       owner,
                            GCancellable  *cancellable,
                            gpointer       data,
                            GDestroyNotify data_free);
void     bb_ui_op_free     (BbUiOp        *op);
/* TRUE when @op's cancellable was cancelled or is no longer @current. */
gboolean bb_ui_op_is_stale (BbUiOp        *op,
                            GCancellable  *current);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BbUiOp, bb_ui_op_free)

G_END_DECLS
