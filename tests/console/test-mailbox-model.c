/* test-mailbox-model.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "bb-mailbox-model.h"

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint count;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  record->position = position;
  record->removed = removed;
  record->added = added;
  record->count++;
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static BbMailboxModel *
new_model (guint n)
{
  BbMailboxModel *model = bb_mailbox_model_new ();

  for (guint i = 0; i < n; i++)
    {
      char address[64];
      char name[64];

      g_snprintf (address, sizeof address, "user%u@contoso.com", i);
      g_snprintf (name, sizeof name, "User %u", i);
      bb_mailbox_model_append (model, address, i % 3 == 0 ? NULL : name);
    }
  bb_mailbox_model_commit (model);

  return model;
}

static void
test_new_destroy (void)
{
  BbMailboxModel *model = bb_mailbox_model_new ();

  g_assert_true (G_IS_LIST_MODEL (model));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == BB_TYPE_MAILBOX);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (bb_mailbox_model_get_n_selected (model), ==, 0);
  g_assert_cmpint (bb_mailbox_model_find (model, "ann@contoso.com"), ==, -1);

  g_assert_finalize_object (model);
}

static void
test_commit (void)
{
  BbMailboxModel *model = bb_mailbox_model_new ();
  ItemsChanged record = { 0, };
  guint n_items_notifies = 0;
  guint n_items = 0;

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &record);
  g_signal_connect (model, "notify::n-items", G_CALLBACK (count_cb), &n_items_notifies);

  bb_mailbox_model_append (model, "ann@contoso.com", "Ann Smith");
  bb_mailbox_model_append (model, "bob@contoso.com", NULL);
  bb_mailbox_model_append (model, "carol@contoso.com", "");
  g_assert_cmpuint (record.count, ==, 0);
  g_assert_cmpuint (bb_mailbox_model_get_n_items (model), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));
  g_assert_cmpint (bb_mailbox_model_find (model, "ann@contoso.com"), ==, -1);

  bb_mailbox_model_commit (model);
  g_assert_cmpuint (record.count, ==, 1);
  g_assert_cmpuint (record.position, ==, 0);
  g_assert_cmpuint (record.removed, ==, 0);
  g_assert_cmpuint (record.added, ==, 3);
  g_assert_cmpuint (n_items_notifies, ==, 1);
  g_object_get (model, "n-items", &n_items, NULL);
  g_assert_cmpuint (n_items, ==, 3);

  g_assert_cmpstr (bb_mailbox_model_get_address (model, 0), ==, "ann@contoso.com");
  g_assert_cmpstr (bb_mailbox_model_get_display_name (model, 0), ==, "Ann Smith");
  g_assert_cmpstr (bb_mailbox_model_get_display_name (model, 1), ==, "");
  g_assert_cmpstr (bb_mailbox_model_get_display_name (model, 2), ==, "");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 3));

  /* Nothing new: no signal. */
  bb_mailbox_model_commit (model);
  g_assert_cmpuint (record.count, ==, 1);

  bb_mailbox_model_append (model, "dave@contoso.com", "Dave");
  bb_mailbox_model_append (model, "erin@contoso.com", "Erin");
  bb_mailbox_model_commit (model);
  g_assert_cmpuint (record.count, ==, 2);
  g_assert_cmpuint (record.position, ==, 3);
  g_assert_cmpuint (record.removed, ==, 0);
  g_assert_cmpuint (record.added, ==, 2);
  g_assert_cmpuint (n_items_notifies, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  g_assert_cmpstr (bb_mailbox_model_get_address (model, 4), ==, "erin@contoso.com");

  g_assert_finalize_object (model);
}

/* The same live object while it lives; the view keeps the model alive, not the other
 * way round; the view's strings are the model's. */
static void
test_item_identity (void)
{
  BbMailboxModel *model = new_model (10);
  BbMailboxModel *weak_model = model;
  BbMailbox *view;
  BbMailbox *again;
  BbMailbox *other;
  g_autofree char *address = NULL;

  g_object_add_weak_pointer (G_OBJECT (model), (gpointer *) &weak_model);

  view = g_list_model_get_item (G_LIST_MODEL (model), 4);
  again = g_list_model_get_item (G_LIST_MODEL (model), 4);
  other = g_list_model_get_item (G_LIST_MODEL (model), 5);
  g_assert_true (BB_IS_MAILBOX (view));
  g_assert_true (view == again);
  g_assert_true (view != other);
  g_object_unref (again);

  g_assert_cmpstr (bb_mailbox_get_address (view), ==, "user4@contoso.com");
  g_assert_true (bb_mailbox_get_address (view) == bb_mailbox_model_get_address (model, 4));
  g_assert_cmpstr (bb_mailbox_get_display_name (view), ==, "User 4");
  g_assert_true (bb_mailbox_get_display_name (view) == bb_mailbox_model_get_display_name (model, 4));
  g_object_get (view, "address", &address, NULL);
  g_assert_cmpstr (address, ==, "user4@contoso.com");

  /* Position 3 has no name: a view answers "". */
  again = g_list_model_get_item (G_LIST_MODEL (model), 3);
  g_assert_cmpstr (bb_mailbox_get_display_name (again), ==, "");
  g_assert_finalize_object (again);

  g_object_unref (model);
  g_assert_nonnull (weak_model);
  g_assert_cmpstr (bb_mailbox_get_address (view), ==, "user4@contoso.com");

  g_assert_finalize_object (other);
  g_assert_nonnull (weak_model);
  g_assert_finalize_object (view);
  g_assert_null (weak_model);
}

/* After a view dies, the position gets a fresh view that still reads the model. */
static void
test_item_recreated (void)
{
  BbMailboxModel *model = new_model (3);
  BbMailbox *view;

  view = g_list_model_get_item (G_LIST_MODEL (model), 1);
  bb_mailbox_set_selected (view, TRUE);
  g_assert_finalize_object (view);

  view = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_true (bb_mailbox_get_selected (view));
  g_assert_cmpstr (bb_mailbox_get_address (view), ==, "user1@contoso.com");
  g_assert_finalize_object (view);

  g_assert_finalize_object (model);
}

static void
test_view_selection (void)
{
  BbMailboxModel *model = new_model (10);
  BbMailbox *view = g_list_model_get_item (G_LIST_MODEL (model), 2);
  guint view_notifies = 0;
  guint model_notifies = 0;
  gboolean selected = FALSE;

  g_signal_connect (view, "notify::selected", G_CALLBACK (count_cb), &view_notifies);
  g_signal_connect (model, "notify::n-selected", G_CALLBACK (count_cb), &model_notifies);

  /* Through the model */
  bb_mailbox_model_set_selected (model, 2, TRUE);
  g_assert_true (bb_mailbox_get_selected (view));
  g_assert_cmpuint (view_notifies, ==, 1);
  g_assert_cmpuint (model_notifies, ==, 1);
  g_assert_cmpuint (bb_mailbox_model_get_n_selected (model), ==, 1);

  bb_mailbox_model_set_selected (model, 2, TRUE);
  g_assert_cmpuint (view_notifies, ==, 1);
  g_assert_cmpuint (model_notifies, ==, 1);

  /* Another position: not this view */
  bb_mailbox_model_set_selected (model, 3, TRUE);
  g_assert_cmpuint (view_notifies, ==, 1);
  g_assert_cmpuint (model_notifies, ==, 2);
  g_assert_cmpuint (bb_mailbox_model_get_n_selected (model), ==, 2);

  /* Through the view */
  bb_mailbox_set_selected (view, FALSE);
  g_assert_false (bb_mailbox_model_get_selected (model, 2));
  g_assert_cmpuint (view_notifies, ==, 2);
  g_assert_cmpuint (model_notifies, ==, 3);
  g_assert_cmpuint (bb_mailbox_model_get_n_selected (model), ==, 1);

  bb_mailbox_set_selected (view, FALSE);
  g_assert_cmpuint (view_notifies, ==, 2);
  g_assert_cmpuint (model_notifies, ==, 3);

  g_object_set (view, "selected", TRUE, NULL);
  g_assert_true (bb_mailbox_model_get_selected (model, 2));
  g_assert_cmpuint (view_notifies, ==, 3);
  g_assert_cmpuint (model_notifies, ==, 4);
  g_object_get (view, "selected", &selected, NULL);
  g_assert_true (selected);

  g_assert_finalize_object (view);
  g_assert_finalize_object (model);
}

static void
test_bulk_selection (void)
{
  BbMailboxModel *model = new_model (200);
  BbMailbox *view_a = g_list_model_get_item (G_LIST_MODEL (model), 0);
  BbMailbox *view_b = g_list_model_get_item (G_LIST_MODEL (model), 150);
  BbMailbox *view_c = g_list_model_get_item (G_LIST_MODEL (model), 199);
  guint a = 0, b = 0, c = 0, n = 0;
  const guint positions[] = { 5, 150, 5, 7, 150 };
  const guint deselect[] = { 7, 8, 199 };

  g_signal_connect (view_a, "notify::selected", G_CALLBACK (count_cb), &a);
  g_signal_connect (view_b, "notify::selected", G_CALLBACK (count_cb), &b);
  g_signal_connect (view_c, "notify::selected", G_CALLBACK (count_cb), &c);
  g_signal_connect (model, "notify::n-selected", G_CALLBACK (count_cb), &n);

  bb_mailbox_set_selected (view_b, TRUE);
  g_assert_cmpuint (b, ==, 1);
  g_assert_cmpuint (n, ==, 1);

  bb_mailbox_model_select_all (model, TRUE);
  g_assert_cmpuint (bb_mailbox_model_get_n_selected (model), ==, 200);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (a, ==, 1);
  g_assert_cmpuint (b, ==, 1);  /* already selected */
  g_assert_cmpuint (c, ==, 1);
  for (guint i = 0; i < 200; i++)
    g_assert_true (bb_mailbox_model_get_selected (model, i));

  bb_mailbox_model_select_all (model, TRUE);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (a + b + c, ==, 3);

  bb_mailbox_model_select_all (model, FALSE);
  g_assert_cmpuint (bb_mailbox_model_get_n_selected (model), ==, 0);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (a, ==, 2);
  g_assert_cmpuint (b, ==, 2);
  g_assert_cmpuint (c, ==, 2);
  for (guint i = 0; i < 200; i++)
    g_assert_false (bb_mailbox_model_get_selected (model, i));

  /* Duplicates count once; one n-selected notify; live views once each. */
  bb_mailbox_model_select_positions (model, positions, G_N_ELEMENTS (positions), TRUE);
  g_assert_cmpuint (bb_mailbox_model_get_n_selected (model), ==, 3);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (b, ==, 3);
  g_assert_cmpuint (a + c, ==, 4);
  g_assert_true (bb_mailbox_model_get_selected (model, 5));
  g_assert_true (bb_mailbox_model_get_selected (model, 7));
  g_assert_true (bb_mailbox_model_get_selected (model, 150));
  g_assert_false (bb_mailbox_model_get_selected (model, 6));

  /* Only 7 was selected among these. */
  bb_mailbox_model_select_positions (model, deselect, G_N_ELEMENTS (deselect), FALSE);
  g_assert_cmpuint (bb_mailbox_model_get_n_selected (model), ==, 2);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpuint (c, ==, 2);

  /* No change, no notify */
  bb_mailbox_model_select_positions (model, deselect, G_N_ELEMENTS (deselect), FALSE);
  bb_mailbox_model_select_positions (model, NULL, 0, TRUE);
  g_assert_cmpuint (n, ==, 5);

  g_assert_finalize_object (view_a);
  g_assert_finalize_object (view_b);
  g_assert_finalize_object (view_c);
  g_assert_finalize_object (model);
}

static void
test_find (void)
{
  BbMailboxModel *model = bb_mailbox_model_new ();

  bb_mailbox_model_append (model, "Ann@Contoso.com", "Ann");
  bb_mailbox_model_append (model, "José@Bücher.de", NULL);
  bb_mailbox_model_append (model, "ZOË@Ångström.se", "Zoë Ångström");
  for (guint i = 0; i < 1000; i++)
    {
      char address[64];

      g_snprintf (address, sizeof address, "user%u@fabrikam.com", i);
      bb_mailbox_model_append (model, address, NULL);
    }
  bb_mailbox_model_commit (model);

  g_assert_cmpint (bb_mailbox_model_find (model, "ann@contoso.com"), ==, 0);
  g_assert_cmpint (bb_mailbox_model_find (model, "ANN@CONTOSO.COM"), ==, 0);
  g_assert_cmpint (bb_mailbox_model_find (model, "josé@bücher.de"), ==, 1);
  g_assert_cmpint (bb_mailbox_model_find (model, "JOSÉ@BÜCHER.DE"), ==, 1);
  g_assert_cmpint (bb_mailbox_model_find (model, "zoë@ångström.se"), ==, 2);
  g_assert_cmpint (bb_mailbox_model_find (model, "User999@Fabrikam.COM"), ==, 1002);
  g_assert_cmpint (bb_mailbox_model_find (model, "user1000@fabrikam.com"), ==, -1);
  g_assert_cmpint (bb_mailbox_model_find (model, "ann@contoso"), ==, -1);
  g_assert_cmpint (bb_mailbox_model_find (model, ""), ==, -1);

  /* Found once committed. */
  bb_mailbox_model_append (model, "late@contoso.com", NULL);
  g_assert_cmpint (bb_mailbox_model_find (model, "late@contoso.com"), ==, -1);
  bb_mailbox_model_commit (model);
  g_assert_cmpint (bb_mailbox_model_find (model, "LATE@contoso.com"), ==, 1003);
  g_assert_cmpint (bb_mailbox_model_find (model, "user0@fabrikam.com"), ==, 3);

  g_assert_finalize_object (model);
}

static void
test_dup_selected (void)
{
  BbMailboxModel *model = new_model (300);
  const guint positions[] = { 299, 64, 3, 63, 128 };
  g_auto(GStrv) none = NULL;
  g_auto(GStrv) some = NULL;

  none = bb_mailbox_model_dup_selected (model);
  g_assert_nonnull (none);
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  bb_mailbox_model_select_positions (model, positions, G_N_ELEMENTS (positions), TRUE);
  some = bb_mailbox_model_dup_selected (model);
  g_assert_cmpuint (g_strv_length (some), ==, 5);
  g_assert_cmpstr (some[0], ==, "user3@contoso.com");
  g_assert_cmpstr (some[1], ==, "user63@contoso.com");
  g_assert_cmpstr (some[2], ==, "user64@contoso.com");
  g_assert_cmpstr (some[3], ==, "user128@contoso.com");
  g_assert_cmpstr (some[4], ==, "user299@contoso.com");

  g_assert_finalize_object (model);
}

static void
test_dup_domains (void)
{
  BbMailboxModel *model = bb_mailbox_model_new ();
  g_autoptr(GPtrArray) domains = NULL;

  bb_mailbox_model_append (model, "a@Fabrikam.com", NULL);
  bb_mailbox_model_append (model, "b@contoso.com", NULL);
  bb_mailbox_model_append (model, "c@fabrikam.COM", NULL);
  bb_mailbox_model_append (model, "d@Bücher.DE", NULL);
  bb_mailbox_model_append (model, "e@bÜcher.de", NULL);
  bb_mailbox_model_commit (model);

  domains = bb_mailbox_model_dup_domains (model);
  g_assert_cmpuint (domains->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (domains, 0), ==, "bücher.de");
  g_assert_cmpstr (g_ptr_array_index (domains, 1), ==, "contoso.com");
  g_assert_cmpstr (g_ptr_array_index (domains, 2), ==, "fabrikam.com");
  g_assert_null (domains->pdata[3]);

  g_assert_finalize_object (model);
}

/* Strings bigger than an arena chunk, and pointers that stay put while the model grows. */
static void
test_long_strings (void)
{
  BbMailboxModel *model = bb_mailbox_model_new ();
  gsize long_size = 2 * 1024 * 1024 + 17;
  g_autofree char *long_name = g_malloc (long_size + 1);
  const char *first;

  memset (long_name, 'x', long_size);
  long_name[long_size] = '\0';

  bb_mailbox_model_append (model, "first@contoso.com", "First");
  bb_mailbox_model_commit (model);
  first = bb_mailbox_model_get_address (model, 0);

  bb_mailbox_model_append (model, "long@contoso.com", long_name);
  for (guint i = 0; i < 50000; i++)
    {
      char address[64];

      g_snprintf (address, sizeof address, "user%u@contoso.com", i);
      bb_mailbox_model_append (model, address, "A name of some length");
    }
  bb_mailbox_model_commit (model);

  g_assert_true (first == bb_mailbox_model_get_address (model, 0));
  g_assert_cmpstr (first, ==, "first@contoso.com");
  g_assert_cmpstr (bb_mailbox_model_get_display_name (model, 1), ==, long_name);
  g_assert_cmpstr (bb_mailbox_model_get_address (model, 2), ==, "user0@contoso.com");
  g_assert_cmpstr (bb_mailbox_model_get_address (model, 50001), ==, "user49999@contoso.com");
  g_assert_cmpstr (bb_mailbox_model_get_display_name (model, 50001), ==, "A name of some length");

  g_assert_finalize_object (model);
}

/* A million mailboxes: correct, and select all is a few word writes. */
static void
test_million (void)
{
  const guint n = 1000000;
  BbMailboxModel *model = new_model (n);
  g_autoptr(GArray) odd = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto(GStrv) selected = NULL;
  BbMailbox *view;
  guint view_notifies = 0;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  g_assert_cmpstr (bb_mailbox_model_get_address (model, 0), ==, "user0@contoso.com");
  g_assert_cmpstr (bb_mailbox_model_get_address (model, 765432), ==, "user765432@contoso.com");
  g_assert_cmpstr (bb_mailbox_model_get_display_name (model, 765431), ==, "User 765431");
  g_assert_cmpstr (bb_mailbox_model_get_display_name (model, 999999), ==, "");

  view = g_list_model_get_item (G_LIST_MODEL (model), 999999);
  g_signal_connect (view, "notify::selected", G_CALLBACK (count_cb), &view_notifies);

  bb_mailbox_model_select_all (model, TRUE);
  g_assert_cmpuint (bb_mailbox_model_get_n_selected (model), ==, n);
  g_assert_true (bb_mailbox_get_selected (view));
  g_assert_cmpuint (view_notifies, ==, 1);

  selected = bb_mailbox_model_dup_selected (model);
  g_assert_cmpuint (g_strv_length (selected), ==, n);
  g_assert_cmpstr (selected[999999], ==, "user999999@contoso.com");

  bb_mailbox_model_select_all (model, FALSE);
  g_assert_cmpuint (bb_mailbox_model_get_n_selected (model), ==, 0);

  for (guint i = 1; i < n; i += 2)
    g_array_append_val (odd, i);
  bb_mailbox_model_select_positions (model, (const guint *) (gpointer) odd->data, odd->len, TRUE);
  g_assert_cmpuint (bb_mailbox_model_get_n_selected (model), ==, n / 2);
  g_assert_true (bb_mailbox_get_selected (view));
  g_assert_false (bb_mailbox_model_get_selected (model, 999998));
  g_assert_cmpuint (view_notifies, ==, 3);

  g_assert_cmpint (bb_mailbox_model_find (model, "USER123456@contoso.com"), ==, 123456);
  g_assert_cmpint (bb_mailbox_model_find (model, "user1000000@contoso.com"), ==, -1);

  g_assert_finalize_object (view);
  g_assert_finalize_object (model);
}

/* Many views made and dropped in a random order (as a list view does): each live
 * position keeps its one view, a dropped one is made anew, and the model reaches every
 * live view when it changes selections. */
static void
test_live_views_churn (void)
{
  BbMailboxModel *model = bb_mailbox_model_new ();
  g_autoptr(GPtrArray) held = g_ptr_array_new ();
  const guint n = 5000;
  guint n_notifies = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *address = g_strdup_printf ("u%u@x.com", i);

      bb_mailbox_model_append (model, address, NULL);
    }
  bb_mailbox_model_commit (model);
  g_ptr_array_set_size (held, n);

  for (guint step = 0; step < 40000; step++)
    {
      guint position = g_test_rand_int_range (0, n);
      BbMailbox *view = g_list_model_get_item (G_LIST_MODEL (model), position);

      g_assert_nonnull (view);
      g_assert_cmpstr (bb_mailbox_get_address (view), ==, bb_mailbox_model_get_address (model, position));
      if (held->pdata[position] != NULL)
        g_assert_true (view == held->pdata[position]);

      if (g_test_rand_int_range (0, 3) == 0)
        {
          /* Drop both references: the view dies */
          g_clear_object (&held->pdata[position]);
          g_object_unref (view);
        }
      else if (held->pdata[position] == NULL)
        held->pdata[position] = view;
      else
        g_object_unref (view);
    }

  for (guint i = 0; i < n; i++)
    {
      if (held->pdata[i] != NULL)
        g_signal_connect (held->pdata[i], "notify::selected", G_CALLBACK (count_cb), &n_notifies);
    }
  bb_mailbox_model_select_all (model, TRUE);
  for (guint i = 0; i < n; i++)
    {
      if (held->pdata[i] != NULL)
        {
          n_notifies--;
          g_assert_true (bb_mailbox_get_selected (held->pdata[i]));
        }
    }
  g_assert_cmpuint (n_notifies, ==, 0);

  for (guint i = 0; i < n; i++)
    g_clear_object (&held->pdata[i]);
  g_clear_pointer (&held, g_ptr_array_unref);
  g_assert_finalize_object (model);
}

/* prepare_search() builds what find() and the search index would build lazily, with
 * the same results, and the index grows with later commits. */
static void
test_prepare_search (void)
{
  BbMailboxModel *model = bb_mailbox_model_new ();
  const guint32 *offsets = NULL;
  const char *index;

  bb_mailbox_model_append (model, "Ann@X.com", "Ann ÉCOLE");
  bb_mailbox_model_append (model, "bob@y.org", NULL);
  bb_mailbox_model_commit (model);
  bb_mailbox_model_prepare_search (model);

  g_assert_cmpint (bb_mailbox_model_find (model, "ANN@x.COM"), ==, 0);
  g_assert_cmpint (bb_mailbox_model_find (model, "bob@Y.org"), ==, 1);
  g_assert_cmpint (bb_mailbox_model_find (model, "carol@y.org"), ==, -1);

  index = bb_mailbox_model_get_search_index (model, &offsets);
  g_assert_cmpuint (offsets[0], ==, 0);
  g_assert_cmpstr (index + offsets[0], ==, "ann@x.com");
  g_assert_cmpstr (index + offsets[0] + strlen ("ann@x.com") + 1, ==, "ann école");
  g_assert_cmpstr (index + offsets[1], ==, "bob@y.org");
  g_assert_cmpuint (offsets[2], ==, offsets[1] + strlen ("bob@y.org") + 2);

  bb_mailbox_model_append (model, "Carol@Y.org", "C");
  bb_mailbox_model_commit (model);
  g_assert_cmpint (bb_mailbox_model_find (model, "carol@y.org"), ==, 2);
  index = bb_mailbox_model_get_search_index (model, &offsets);
  g_assert_cmpstr (index + offsets[2], ==, "carol@y.org");
  g_assert_cmpuint (offsets[3], ==, offsets[2] + strlen ("carol@y.org") + 3);

  g_assert_finalize_object (model);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/mailbox-model/new-destroy", test_new_destroy);
  g_test_add_func ("/bb/mailbox-model/commit", test_commit);
  g_test_add_func ("/bb/mailbox-model/item-identity", test_item_identity);
  g_test_add_func ("/bb/mailbox-model/item-recreated", test_item_recreated);
  g_test_add_func ("/bb/mailbox-model/view-selection", test_view_selection);
  g_test_add_func ("/bb/mailbox-model/bulk-selection", test_bulk_selection);
  g_test_add_func ("/bb/mailbox-model/find", test_find);
  g_test_add_func ("/bb/mailbox-model/dup-selected", test_dup_selected);
  g_test_add_func ("/bb/mailbox-model/dup-domains", test_dup_domains);
  g_test_add_func ("/bb/mailbox-model/long-strings", test_long_strings);
  g_test_add_func ("/bb/mailbox-model/million", test_million);
  g_test_add_func ("/bb/mailbox-model/live-views-churn", test_live_views_churn);
  g_test_add_func ("/bb/mailbox-model/prepare-search", test_prepare_search);

  return g_test_run ();
}
