/* test-token-status.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "bb-token-status.h"

static BbTokenStatus *
make_status (gint64   successful,
             gint64   failed,
             gint64   total,
             gboolean done)
{
  BbTokenStatus *status = bb_token_status_new ();

  status->successful = successful;
  status->failed = failed;
  status->total = total;
  status->done = done;

  return status;
}

static void
test_new (void)
{
  g_autoptr(BbTokenStatus) status = bb_token_status_new ();

  g_assert_cmpint (status->successful, ==, 0);
  g_assert_cmpint (status->failed, ==, 0);
  g_assert_cmpint (status->total, ==, 0);
  g_assert_false (status->done);
  g_assert_nonnull (status->failed_users);
  g_assert_nonnull (status->successful_users);
  g_assert_cmpuint (status->failed_users->len, ==, 0);
  g_assert_cmpuint (status->successful_users->len, ==, 0);
  g_assert_false (bb_token_status_has_job (status));
  g_assert_false (bb_token_status_is_finished (status));

  bb_token_status_free (NULL);
}

/* PROTOCOL.md 3.9: a job exists when total > 0; it is finished when done, or
 * successful + failed >= total > 0. */
static void
test_job_and_finished (void)
{
  static const struct {
    gint64   successful, failed, total;
    gboolean done;
    gboolean has_job, finished;
  } cases[] = {
    { 0, 0, 0, FALSE, FALSE, FALSE },
    { 0, 0, 0, TRUE, FALSE, TRUE },
    { 0, 0, 40, FALSE, TRUE, FALSE },
    { 12, 1, 40, FALSE, TRUE, FALSE },
    { 39, 0, 40, FALSE, TRUE, FALSE },
    { 39, 1, 40, FALSE, TRUE, TRUE },
    { 0, 40, 40, FALSE, TRUE, TRUE },
    { 50, 0, 40, FALSE, TRUE, TRUE },
    { 3, 1, 40, TRUE, TRUE, TRUE },
    { 5, 0, 0, FALSE, FALSE, FALSE },
    { G_MAXINT64, G_MAXINT64, G_MAXINT64, FALSE, TRUE, TRUE },
    { G_MAXINT64 - 1, 0, G_MAXINT64, FALSE, TRUE, FALSE },
    { G_MAXINT64 - 1, 1, G_MAXINT64, FALSE, TRUE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BbTokenStatus) status = make_status (cases[i].successful, cases[i].failed,
                                                     cases[i].total, cases[i].done);

      g_test_message ("status %u", i);
      g_assert_cmpint (bb_token_status_has_job (status), ==, cases[i].has_job);
      g_assert_cmpint (bb_token_status_is_finished (status), ==, cases[i].finished);
    }
}

static void
test_copy_equal (void)
{
  g_autoptr(BbTokenStatus) a = make_status (12, 1, 40, FALSE);
  g_autoptr(BbTokenStatus) b = NULL;
  g_autoptr(BbTokenStatus) other = NULL;

  g_ptr_array_add (a->failed_users, g_strdup ("bob@contoso.com"));
  g_ptr_array_add (a->successful_users, g_strdup ("ann@contoso.com"));
  g_ptr_array_add (a->successful_users, g_strdup ("carol@contoso.com"));

  b = bb_token_status_copy (a);
  g_assert_true (bb_token_status_equal (a, b));
  g_assert_cmpint (b->successful, ==, 12);
  g_assert_cmpint (b->failed, ==, 1);
  g_assert_cmpint (b->total, ==, 40);

  /* Deep copy: new arrays and new strings. */
  g_assert_true (a->failed_users != b->failed_users);
  g_assert_true (a->successful_users != b->successful_users);
  g_assert_cmpuint (b->failed_users->len, ==, 1);
  g_assert_cmpuint (b->successful_users->len, ==, 2);
  g_assert_true (g_ptr_array_index (a->failed_users, 0) != g_ptr_array_index (b->failed_users, 0));
  g_assert_cmpstr (g_ptr_array_index (b->failed_users, 0), ==, "bob@contoso.com");
  g_assert_cmpstr (g_ptr_array_index (b->successful_users, 1), ==, "carol@contoso.com");
  g_ptr_array_set_size (a->failed_users, 0);
  g_assert_cmpstr (g_ptr_array_index (b->failed_users, 0), ==, "bob@contoso.com");

  /* equal compares the counters and done only. */
  g_assert_true (bb_token_status_equal (a, b));
  g_assert_true (bb_token_status_equal (NULL, NULL));
  g_assert_false (bb_token_status_equal (a, NULL));

  other = make_status (12, 1, 40, TRUE);
  g_assert_false (bb_token_status_equal (a, other));
  other->done = FALSE;
  g_assert_true (bb_token_status_equal (a, other));
  other->successful = 13;
  g_assert_false (bb_token_status_equal (a, other));
  other->successful = 12;
  other->failed = 2;
  g_assert_false (bb_token_status_equal (a, other));
  other->failed = 1;
  other->total = 41;
  g_assert_false (bb_token_status_equal (a, other));
}

static void
test_boxed (void)
{
  g_autoptr(BbTokenStatus) status = make_status (1, 2, 3, TRUE);
  BbTokenStatus *copy;

  g_assert_true (G_TYPE_IS_BOXED (BB_TYPE_TOKEN_STATUS));
  g_ptr_array_add (status->failed_users, g_strdup ("bob@contoso.com"));

  copy = g_boxed_copy (BB_TYPE_TOKEN_STATUS, status);
  g_assert_true (bb_token_status_equal (copy, status));
  g_assert_cmpuint (copy->failed_users->len, ==, 1);
  g_boxed_free (BB_TYPE_TOKEN_STATUS, copy);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/token-status/new", test_new);
  g_test_add_func ("/bb/token-status/job-and-finished", test_job_and_finished);
  g_test_add_func ("/bb/token-status/copy-equal", test_copy_equal);
  g_test_add_func ("/bb/token-status/boxed", test_boxed);

  return g_test_run ();
}
