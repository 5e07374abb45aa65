/* test-ui-utils.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>

#include "bb-console-error.h"
#include "bb-ui-utils.h"

static void
test_op_stale (void)
{
  g_autoptr(GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GCancellable) current = g_cancellable_new ();
  g_autoptr(GCancellable) newer = g_cancellable_new ();
  g_autoptr(BbUiOp) op = bb_ui_op_new (owner, current, g_strdup ("data"), g_free);

  /* The op holds its owner while it runs. */
  g_assert_cmpuint (owner->ref_count, ==, 2);
  g_assert_cmpstr (op->data, ==, "data");

  g_assert_false (bb_ui_op_is_stale (op, current));
  /* A newer step started, or the page was stopped (no cancellable). */
  g_assert_true (bb_ui_op_is_stale (op, newer));
  g_assert_true (bb_ui_op_is_stale (op, NULL));
  /* Cancelled, even while still the page's. */
  g_cancellable_cancel (current);
  g_assert_true (bb_ui_op_is_stale (op, current));

  g_clear_pointer (&op, bb_ui_op_free);
  g_assert_cmpuint (owner->ref_count, ==, 1);
}

static void
test_cancelled_error (void)
{
  g_autoptr(GError) console = g_error_new_literal (BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CANCELLED, "c");
  g_autoptr(GError) gio = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "c");
  g_autoptr(GError) other = g_error_new_literal (BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_NETWORK, "n");

  g_assert_true (bb_ui_is_cancelled_error (console));
  g_assert_true (bb_ui_is_cancelled_error (gio));
  g_assert_false (bb_ui_is_cancelled_error (other));
  g_assert_false (bb_ui_is_cancelled_error (NULL));
}

static void
test_set_string (void)
{
  g_autofree char *field = NULL;

  g_assert_false (bb_ui_set_string (&field, NULL));
  g_assert_true (bb_ui_set_string (&field, "a"));
  g_assert_cmpstr (field, ==, "a");
  g_assert_false (bb_ui_set_string (&field, "a"));
  g_assert_true (bb_ui_set_string (&field, NULL));
  g_assert_null (field);
}

static void
test_reveal (void)
{
  GtkWidget *revealer = g_object_ref_sink (gtk_revealer_new ());

  bb_ui_reveal (GTK_REVEALER (revealer), FALSE);
  g_assert_false (gtk_widget_get_visible (revealer));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  bb_ui_reveal (GTK_REVEALER (revealer), TRUE);
  g_assert_true (gtk_widget_get_visible (revealer));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));

  g_object_unref (revealer);
}

/* Only the shown child of a stack is presented to assistive technologies. */
static void
test_stack_hide_inactive (void)
{
  GtkWidget *stack = g_object_ref_sink (gtk_stack_new ());
  GtkWidget *form = gtk_label_new ("form");
  GtkWidget *error = gtk_label_new ("error");
  GtkWidget *later;

  gtk_stack_add_named (GTK_STACK (stack), form, "form");
  gtk_stack_add_named (GTK_STACK (stack), error, "error");
  bb_ui_stack_hide_inactive (GTK_STACK (stack));

  gtk_test_accessible_assert_state (form, GTK_ACCESSIBLE_STATE_HIDDEN, FALSE);
  gtk_test_accessible_assert_state (error, GTK_ACCESSIBLE_STATE_HIDDEN, TRUE);

  gtk_stack_set_visible_child_name (GTK_STACK (stack), "error");
  gtk_test_accessible_assert_state (form, GTK_ACCESSIBLE_STATE_HIDDEN, TRUE);
  gtk_test_accessible_assert_state (error, GTK_ACCESSIBLE_STATE_HIDDEN, FALSE);

  /* A child added later, not shown, starts hidden. */
  later = gtk_label_new ("later");
  gtk_stack_add_named (GTK_STACK (stack), later, "later");
  gtk_test_accessible_assert_state (later, GTK_ACCESSIBLE_STATE_HIDDEN, TRUE);
  gtk_test_accessible_assert_state (error, GTK_ACCESSIBLE_STATE_HIDDEN, FALSE);

  g_object_unref (stack);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/ui-utils/op-stale", test_op_stale);
  g_test_add_func ("/bb/ui-utils/cancelled-error", test_cancelled_error);
  g_test_add_func ("/bb/ui-utils/set-string", test_set_string);
  g_test_add_func ("/bb/ui-utils/reveal", test_reveal);
  g_test_add_func ("/bb/ui-utils/stack-hide-inactive", test_stack_hide_inactive);

  return g_test_run ();
}
