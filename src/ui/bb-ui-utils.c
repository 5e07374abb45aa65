/* bb-ui-utils.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bb-console-error.h"
#include "bb-ui-utils.h"

gboolean
bb_ui_is_cancelled_error (const GError *error)
{
  return g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CANCELLED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

gboolean
bb_ui_set_string (char       **field,
                  const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);

  return TRUE;
}

void
bb_ui_reveal (GtkRevealer *revealer,
              gboolean     shown)
{
  g_return_if_fail (GTK_IS_REVEALER (revealer));

  gtk_widget_set_visible (GTK_WIDGET (revealer), shown);
  gtk_revealer_set_reveal_child (revealer, shown);
}

static void
stack_update_hidden (GtkStack *stack)
{
  GtkWidget *shown = gtk_stack_get_visible_child (stack);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child),
                                 GTK_ACCESSIBLE_STATE_HIDDEN, child != shown,
                                 -1);
}

void
bb_ui_stack_hide_inactive (GtkStack *stack)
{
  GtkSelectionModel *pages;

  g_return_if_fail (GTK_IS_STACK (stack));

  g_signal_connect (stack, "notify::visible-child", G_CALLBACK (stack_update_hidden), NULL);
  /* Children added later (pages made when first needed) start hidden too. The
   * stack only keeps a weak pointer to its pages model: it is held here. */
  pages = gtk_stack_get_pages (stack);
  g_signal_connect_object (pages, "items-changed", G_CALLBACK (stack_update_hidden), stack,
                           G_CONNECT_SWAPPED);
  g_object_set_data_full (G_OBJECT (stack), "bb-ui-stack-pages", pages, g_object_unref);
  stack_update_hidden (stack);
}

BbUiOp *
bb_ui_op_new (gpointer       owner,
              GCancellable  *cancellable,
              gpointer       data,
              GDestroyNotify data_free)
{
  BbUiOp *op;

  g_return_val_if_fail (G_IS_OBJECT (owner), NULL);

  op = g_new0 (BbUiOp, 1);
  op->owner = g_object_ref (owner);
  op->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  op->data = data;
  op->data_free = data_free;

  return op;
}

void
bb_ui_op_free (BbUiOp *op)
{
  if (op->data_free != NULL)
    g_clear_pointer (&op->data, op->data_free);
  g_clear_object (&op->cancellable);
  g_clear_object (&op->owner);
  g_free (op);
}

gboolean
bb_ui_op_is_stale (BbUiOp       *op,
                   GCancellable *current)
{
  return op->cancellable != current ||
         g_cancellable_is_cancelled (op->cancellable);
}
