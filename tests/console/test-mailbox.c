/* test-mailbox.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "bb-mailbox.h"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  g_assert_cmpstr (pspec->name, ==, "selected");
  (*count)++;
}

static void
test_new_destroy (void)
{
  BbMailbox *mailbox = bb_mailbox_new ("ann@contoso.com", "Ann Smith");

  g_assert_true (BB_IS_MAILBOX (mailbox));
  g_assert_cmpstr (bb_mailbox_get_address (mailbox), ==, "ann@contoso.com");
  g_assert_cmpstr (bb_mailbox_get_display_name (mailbox), ==, "Ann Smith");
  g_assert_false (bb_mailbox_get_selected (mailbox));

  g_assert_finalize_object (mailbox);
}

static void
test_no_display_name (void)
{
  BbMailbox *mailbox = bb_mailbox_new ("bob@contoso.com", NULL);
  BbMailbox *empty = bb_mailbox_new ("carol@contoso.com", "");

  g_assert_null (bb_mailbox_get_display_name (mailbox));
  g_assert_cmpstr (bb_mailbox_get_display_name (empty), ==, "");

  g_assert_finalize_object (mailbox);
  g_assert_finalize_object (empty);
}

static void
test_properties (void)
{
  BbMailbox *mailbox = g_object_new (BB_TYPE_MAILBOX,
                                     "address", "José@bücher.de",
                                     "display-name", "José Álvarez 山田",
                                     "selected", TRUE,
                                     NULL);
  g_autofree char *address = NULL;
  g_autofree char *display_name = NULL;
  gboolean selected = FALSE;
  GParamSpec *pspec;

  g_object_get (mailbox,
                "address", &address,
                "display-name", &display_name,
                "selected", &selected,
                NULL);
  g_assert_cmpstr (address, ==, "José@bücher.de");
  g_assert_cmpstr (display_name, ==, "José Álvarez 山田");
  g_assert_true (selected);
  g_assert_true (bb_mailbox_get_selected (mailbox));

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (mailbox), "address");
  g_assert_true (pspec->flags & G_PARAM_CONSTRUCT_ONLY);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (mailbox), "display-name");
  g_assert_true (pspec->flags & G_PARAM_CONSTRUCT_ONLY);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (mailbox), "selected");
  g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);

  g_assert_finalize_object (mailbox);
}

/* "selected" notifies on a real change only, whether set by the setter or by
 * g_object_set(). */
static void
test_notify_selected (void)
{
  BbMailbox *mailbox = bb_mailbox_new ("ann@contoso.com", NULL);
  guint count = 0;

  g_signal_connect (mailbox, "notify", G_CALLBACK (count_notify_cb), &count);

  bb_mailbox_set_selected (mailbox, FALSE);
  g_assert_cmpuint (count, ==, 0);

  bb_mailbox_set_selected (mailbox, TRUE);
  g_assert_cmpuint (count, ==, 1);
  g_assert_true (bb_mailbox_get_selected (mailbox));

  bb_mailbox_set_selected (mailbox, TRUE);
  g_assert_cmpuint (count, ==, 1);

  /* Any non-zero value is TRUE, and not a change from TRUE. */
  bb_mailbox_set_selected (mailbox, 42);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpint (bb_mailbox_get_selected (mailbox), ==, TRUE);

  g_object_set (mailbox, "selected", TRUE, NULL);
  g_assert_cmpuint (count, ==, 1);

  g_object_set (mailbox, "selected", FALSE, NULL);
  g_assert_cmpuint (count, ==, 2);
  g_assert_false (bb_mailbox_get_selected (mailbox));

  bb_mailbox_set_selected (mailbox, FALSE);
  g_assert_cmpuint (count, ==, 2);

  g_assert_finalize_object (mailbox);
}

/* Many mailboxes come and go without leaking (valgrind checks the rest). */
static void
test_many (void)
{
  g_autoptr(GPtrArray) mailboxes = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 10000; i++)
    {
      char address[64];

      g_snprintf (address, sizeof address, "user%u@contoso.com", i);
      g_ptr_array_add (mailboxes, bb_mailbox_new (address, i % 2 ? "Name" : NULL));
    }

  g_assert_cmpstr (bb_mailbox_get_address (g_ptr_array_index (mailboxes, 9999)), ==, "user9999@contoso.com");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/mailbox/new-destroy", test_new_destroy);
  g_test_add_func ("/bb/mailbox/no-display-name", test_no_display_name);
  g_test_add_func ("/bb/mailbox/properties", test_properties);
  g_test_add_func ("/bb/mailbox/notify-selected", test_notify_selected);
  g_test_add_func ("/bb/mailbox/many", test_many);

  return g_test_run ();
}
