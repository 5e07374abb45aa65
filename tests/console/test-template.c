/* test-template.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "bb-template.h"

static void
test_new_free (void)
{
  g_autoptr(BbTemplate) template = bb_template_new ("Subject", "<p>Body</p>", "it@contoso.com");
  g_autoptr(BbTemplate) no_sender = bb_template_new ("S", "H", NULL);

  g_assert_cmpstr (template->subject, ==, "Subject");
  g_assert_cmpstr (template->html, ==, "<p>Body</p>");
  g_assert_cmpstr (template->sender, ==, "it@contoso.com");
  g_assert_null (no_sender->sender);

  bb_template_free (NULL);
}

static void
test_copy_equal (void)
{
  g_autoptr(BbTemplate) a = bb_template_new ("Résumé", "<p>Grüße</p>", "");
  g_autoptr(BbTemplate) b = bb_template_copy (a);
  g_autoptr(BbTemplate) no_sender = bb_template_new ("Résumé", "<p>Grüße</p>", NULL);
  g_autoptr(BbTemplate) other_subject = bb_template_new ("Resume", "<p>Grüße</p>", "");
  g_autoptr(BbTemplate) other_html = bb_template_new ("Résumé", "<p>Grusse</p>", "");

  /* A deep copy. */
  g_assert_true (a != b);
  g_assert_true (a->subject != b->subject);
  g_assert_true (a->html != b->html);
  g_assert_true (a->sender != b->sender);

  g_assert_true (bb_template_equal (a, b));
  g_assert_true (bb_template_equal (a, a));
  g_assert_true (bb_template_equal (NULL, NULL));
  g_assert_false (bb_template_equal (a, NULL));
  g_assert_false (bb_template_equal (NULL, a));
  /* No sender field and an empty one differ: one Console has the field. */
  g_assert_false (bb_template_equal (a, no_sender));
  g_assert_false (bb_template_equal (a, other_subject));
  g_assert_false (bb_template_equal (a, other_html));
}

static void
test_boxed (void)
{
  g_autoptr(BbTemplate) template = bb_template_new ("S", "H", "x@y.z");
  BbTemplate *copy;
  GValue value = G_VALUE_INIT;

  g_assert_true (G_TYPE_IS_BOXED (BB_TYPE_TEMPLATE));
  g_assert_cmpstr (g_type_name (BB_TYPE_TEMPLATE), ==, "BbTemplate");

  g_value_init (&value, BB_TYPE_TEMPLATE);
  g_value_set_boxed (&value, template);
  copy = g_value_get_boxed (&value);
  g_assert_true (copy != template);
  g_assert_true (bb_template_equal (copy, template));
  g_value_unset (&value);

  copy = g_boxed_copy (BB_TYPE_TEMPLATE, template);
  g_assert_true (bb_template_equal (copy, template));
  g_boxed_free (BB_TYPE_TEMPLATE, copy);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/template/new-free", test_new_free);
  g_test_add_func ("/bb/template/copy-equal", test_copy_equal);
  g_test_add_func ("/bb/template/boxed", test_boxed);

  return g_test_run ();
}
