/* test-mailbox-filter.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "bb-mailbox-filter.h"
#include "bb-mailbox-slots.h"

/* Follows a list model through its items-changed signals, as a list view would. */
typedef struct
{
  BbMailboxFilter *filter;
  GArray          *mirror;   /* guint model positions */
  guint            n_signals;
} Mirror;

static void
mirror_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Mirror     *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->mirror->len);

  g_array_remove_range (mirror->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      guint model_position = bb_mailbox_filter_get_position (mirror->filter, position + i);

      g_array_insert_val (mirror->mirror, position + i, model_position);
    }
  g_assert_cmpuint (mirror->mirror->len, ==, g_list_model_get_n_items (model));
  mirror->n_signals++;
}

static void
mirror_init (Mirror          *mirror,
             BbMailboxFilter *filter)
{
  mirror->filter = filter;
  mirror->mirror = g_array_new (FALSE, FALSE, sizeof (guint));
  mirror->n_signals = 0;
  for (guint i = 0; i < bb_mailbox_filter_get_n_items (filter); i++)
    {
      guint position = bb_mailbox_filter_get_position (filter, i);

      g_array_append_val (mirror->mirror, position);
    }
  g_signal_connect (filter, "items-changed", G_CALLBACK (mirror_items_changed_cb), mirror);
}

static void
mirror_clear (Mirror *mirror)
{
  g_signal_handlers_disconnect_by_data (mirror->filter, mirror);
  g_clear_pointer (&mirror->mirror, g_array_unref);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

/* The specification: case folding then NFC, substring of address or name. */
static char *
naive_fold (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_DEFAULT_COMPOSE);
}

static GArray *
naive_filter (BbMailboxModel *model,
              const char     *search,
              const char     *domain)
{
  GArray *result = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *search_fold = naive_fold (search);
  g_autofree char *domain_fold = naive_fold (domain);

  for (guint i = 0; i < bb_mailbox_model_get_n_items (model); i++)
    {
      g_autofree char *address = naive_fold (bb_mailbox_model_get_address (model, i));
      g_autofree char *name = naive_fold (bb_mailbox_model_get_display_name (model, i));
      const char *at = strrchr (address, '@');

      if (domain_fold[0] != '\0' && (at == NULL || strcmp (at + 1, domain_fold) != 0))
        continue;
      if (strstr (address, search_fold) == NULL && strstr (name, search_fold) == NULL)
        continue;

      g_array_append_val (result, i);
    }

  return result;
}

static void
assert_shows (BbMailboxFilter *filter,
              GArray          *expected)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpuint (bb_mailbox_filter_get_position (filter, i), ==,
                      g_array_index (expected, guint, i));
}

static void
assert_positions (BbMailboxFilter *filter,
                  const guint     *expected,
                  guint            n_expected)
{
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpuint (bb_mailbox_filter_get_position (filter, i), ==, expected[i]);
}

static BbMailboxModel *
new_sample_model (void)
{
  BbMailboxModel *model = bb_mailbox_model_new ();

  bb_mailbox_model_append (model, "ann@contoso.com", "Ann Smith");          /* 0 */
  bb_mailbox_model_append (model, "bob@fabrikam.com", "Bob Jones");         /* 1 */
  bb_mailbox_model_append (model, "zoe@contoso.com", "Zoë Ångström");       /* 2 */
  bb_mailbox_model_append (model, "smithers@Fabrikam.COM", NULL);           /* 3 */
  bb_mailbox_model_append (model, "José@Bücher.de", "José Álvarez 山田");   /* 4 */
  bb_mailbox_model_append (model, "carol@contoso.com", "");                 /* 5 */
  bb_mailbox_model_commit (model);

  return model;
}

static void
test_new_destroy (void)
{
  BbMailboxModel *model = new_sample_model ();
  BbMailboxFilter *filter = bb_mailbox_filter_new (model);
  g_autoptr(BbMailboxModel) got_model = NULL;
  guint n_items = 0;

  g_assert_true (G_IS_LIST_MODEL (filter));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (filter)) == BB_TYPE_MAILBOX);
  g_assert_true (bb_mailbox_filter_get_model (filter) == model);
  g_assert_cmpstr (bb_mailbox_filter_get_search (filter), ==, "");
  g_assert_cmpstr (bb_mailbox_filter_get_domain (filter), ==, "");
  g_object_get (filter, "model", &got_model, "n-items", &n_items, NULL);
  g_assert_true (got_model == model);
  g_assert_cmpuint (n_items, ==, 6);
  g_clear_object (&got_model);

  g_assert_finalize_object (filter);
  g_assert_finalize_object (model);
}

static void
test_substring (void)
{
  BbMailboxModel *model = new_sample_model ();
  BbMailboxFilter *filter = bb_mailbox_filter_new (model);
  Mirror mirror;
  guint n_items_notifies = 0;
  const guint smith[] = { 0, 3 };
  const guint contoso[] = { 0, 2, 5 };
  const guint jones[] = { 1 };

  mirror_init (&mirror, filter);
  g_signal_connect (filter, "notify::n-items", G_CALLBACK (count_cb), &n_items_notifies);

  /* Name of one, address of another */
  bb_mailbox_filter_set_search (filter, "SMITH");
  assert_positions (filter, smith, G_N_ELEMENTS (smith));
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_assert_cmpuint (n_items_notifies, ==, 1);

  bb_mailbox_filter_set_search (filter, "Contoso");
  assert_positions (filter, contoso, G_N_ELEMENTS (contoso));
  g_assert_cmpuint (mirror.n_signals, ==, 2);
  g_assert_cmpuint (n_items_notifies, ==, 2);

  /* Same text, another case: same matches, no signal */
  bb_mailbox_filter_set_search (filter, "CONTOSO");
  g_assert_cmpuint (mirror.n_signals, ==, 2);
  g_assert_cmpstr (bb_mailbox_filter_get_search (filter), ==, "CONTOSO");

  g_object_set (filter, "search", "b jones", NULL);
  assert_positions (filter, jones, G_N_ELEMENTS (jones));

  bb_mailbox_filter_set_search (filter, "nobody here");
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (filter), 0));

  bb_mailbox_filter_set_search (filter, NULL);
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, 6);
  g_assert_cmpstr (bb_mailbox_filter_get_search (filter), ==, "");

  /* The '@' joins nothing across fields: "com" + name never matches "comann". */
  bb_mailbox_filter_set_search (filter, "comann");
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, 0);

  /* The mirror followed every change */
  for (guint i = 0; i < mirror.mirror->len; i++)
    g_assert_cmpuint (g_array_index (mirror.mirror, guint, i), ==,
                      bb_mailbox_filter_get_position (filter, i));

  mirror_clear (&mirror);
  g_assert_finalize_object (filter);
  g_assert_finalize_object (model);
}

static void
test_non_ascii (void)
{
  BbMailboxModel *model = new_sample_model ();
  BbMailboxFilter *filter = bb_mailbox_filter_new (model);
  const guint zoe[] = { 2 };
  const guint jose[] = { 4 };

  bb_mailbox_filter_set_search (filter, "zoë");
  assert_positions (filter, zoe, G_N_ELEMENTS (zoe));
  bb_mailbox_filter_set_search (filter, "ÅNGSTRÖM");
  assert_positions (filter, zoe, G_N_ELEMENTS (zoe));
  /* Decomposed: o + combining diaeresis */
  bb_mailbox_filter_set_search (filter, "angstro\xcc\x88m");
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, 0);
  bb_mailbox_filter_set_search (filter, "A\xcc\x8angstro\xcc\x88m");
  assert_positions (filter, zoe, G_N_ELEMENTS (zoe));
  bb_mailbox_filter_set_search (filter, "BÜCHER");
  assert_positions (filter, jose, G_N_ELEMENTS (jose));
  bb_mailbox_filter_set_search (filter, "山田");
  assert_positions (filter, jose, G_N_ELEMENTS (jose));
  /* Invalid UTF-8 is searched for as its repaired text, not a crash */
  bb_mailbox_filter_set_search (filter, "jos\xff");
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, 0);

  g_assert_finalize_object (filter);
  g_assert_finalize_object (model);
}

static void
test_domain (void)
{
  BbMailboxModel *model = new_sample_model ();
  BbMailboxFilter *filter = bb_mailbox_filter_new (model);
  g_autoptr(GPtrArray) domains = bb_mailbox_model_dup_domains (model);
  guint domain_notifies = 0;
  const guint fabrikam[] = { 1, 3 };
  const guint fabrikam_smith[] = { 3 };
  const guint contoso_smith[] = { 0 };
  const guint bucher[] = { 4 };

  g_signal_connect (filter, "notify::domain", G_CALLBACK (count_cb), &domain_notifies);

  g_assert_cmpuint (domains->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (domains, 2), ==, "fabrikam.com");

  bb_mailbox_filter_set_domain (filter, g_ptr_array_index (domains, 2));
  assert_positions (filter, fabrikam, G_N_ELEMENTS (fabrikam));
  g_assert_cmpuint (domain_notifies, ==, 1);
  bb_mailbox_filter_set_domain (filter, "fabrikam.com");
  g_assert_cmpuint (domain_notifies, ==, 1);

  bb_mailbox_filter_set_search (filter, "smith");
  assert_positions (filter, fabrikam_smith, G_N_ELEMENTS (fabrikam_smith));

  g_object_set (filter, "domain", "CONTOSO.com", NULL);
  assert_positions (filter, contoso_smith, G_N_ELEMENTS (contoso_smith));
  g_assert_cmpuint (domain_notifies, ==, 2);

  /* Exact domain, not a suffix or substring */
  bb_mailbox_filter_set_search (filter, "");
  bb_mailbox_filter_set_domain (filter, "soso.com");
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, 0);
  bb_mailbox_filter_set_domain (filter, "contoso");
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, 0);

  bb_mailbox_filter_set_domain (filter, g_ptr_array_index (domains, 0));
  g_assert_cmpstr (g_ptr_array_index (domains, 0), ==, "bücher.de");
  assert_positions (filter, bucher, G_N_ELEMENTS (bucher));
  bb_mailbox_filter_set_domain (filter, "BÜCHER.DE");
  assert_positions (filter, bucher, G_N_ELEMENTS (bucher));

  bb_mailbox_filter_set_domain (filter, NULL);
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, 6);

  g_assert_finalize_object (filter);
  g_assert_finalize_object (model);
}

/* Items are the model's live views, and selecting the shown ones selects only them. */
static void
test_items_and_select_shown (void)
{
  BbMailboxModel *model = new_sample_model ();
  BbMailboxFilter *filter = bb_mailbox_filter_new (model);
  BbMailbox *from_model = g_list_model_get_item (G_LIST_MODEL (model), 3);
  BbMailbox *from_filter;
  guint n_selected_notifies = 0;
  g_auto(GStrv) selected = NULL;

  g_signal_connect (model, "notify::n-selected", G_CALLBACK (count_cb), &n_selected_notifies);

  bb_mailbox_filter_set_search (filter, "smith");
  from_filter = g_list_model_get_item (G_LIST_MODEL (filter), 1);
  g_assert_true (from_filter == from_model);
  g_object_unref (from_filter);

  bb_mailbox_filter_select_shown (filter, TRUE);
  g_assert_cmpuint (n_selected_notifies, ==, 1);
  g_assert_cmpuint (bb_mailbox_model_get_n_selected (model), ==, 2);
  g_assert_true (bb_mailbox_get_selected (from_model));
  selected = bb_mailbox_model_dup_selected (model);
  g_assert_cmpuint (g_strv_length (selected), ==, 2);
  g_assert_cmpstr (selected[0], ==, "ann@contoso.com");
  g_assert_cmpstr (selected[1], ==, "smithers@Fabrikam.COM");

  /* Deselecting the shown ones leaves the others alone */
  bb_mailbox_model_set_selected (model, 5, TRUE);
  bb_mailbox_filter_select_shown (filter, FALSE);
  g_assert_cmpuint (bb_mailbox_model_get_n_selected (model), ==, 1);
  g_assert_true (bb_mailbox_model_get_selected (model, 5));
  g_assert_false (bb_mailbox_get_selected (from_model));

  g_assert_finalize_object (from_model);
  g_assert_finalize_object (filter);
  g_assert_finalize_object (model);
}

/* Mailboxes committed later are filtered as they come. */
static void
test_model_grows (void)
{
  BbMailboxModel *model = new_sample_model ();
  BbMailboxFilter *filter = bb_mailbox_filter_new (model);
  BbMailboxFilter *all = bb_mailbox_filter_new (model);
  Mirror mirror;
  const guint smith[] = { 0, 3, 7 };

  bb_mailbox_filter_set_search (filter, "smith");
  mirror_init (&mirror, filter);

  bb_mailbox_model_append (model, "dave@contoso.com", "Dave");
  bb_mailbox_model_append (model, "eve@contoso.com", "Eve Smith");
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, 2);
  bb_mailbox_model_commit (model);

  assert_positions (filter, smith, G_N_ELEMENTS (smith));
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_assert_cmpuint (mirror.mirror->len, ==, 3);
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (all), ==, 8);

  /* Nothing matching: no signal */
  bb_mailbox_model_append (model, "frank@contoso.com", "Frank");
  bb_mailbox_model_commit (model);
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (all), ==, 9);

  bb_mailbox_filter_set_search (filter, "frank");
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, 1);
  g_assert_cmpuint (bb_mailbox_filter_get_position (filter, 0), ==, 8);

  mirror_clear (&mirror);
  g_assert_finalize_object (filter);
  g_assert_finalize_object (all);
  g_assert_finalize_object (model);
}

static const char * const alphabet[] = {
  "a", "b", "A", "B", "s", "S", "ß", "é", "É", "e\xcc\x81", "o", "ö", " ", ".",
};

static char *
random_text (guint min_length,
             guint max_length)
{
  GString *text = g_string_new (NULL);
  guint length = g_test_rand_int_range (min_length, max_length + 1);

  for (guint i = 0; i < length; i++)
    g_string_append (text, alphabet[g_test_rand_int_range (0, G_N_ELEMENTS (alphabet))]);

  return g_string_free (text, FALSE);
}

static BbMailboxModel *
new_random_model (guint n)
{
  static const char * const domains[] = { "x.com", "X.COM", "y.org", "É.fr", "e\xcc\x81.fr" };
  BbMailboxModel *model = bb_mailbox_model_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *local = random_text (1, 6);
      g_autofree char *name = random_text (0, 8);
      g_autofree char *address = NULL;

      address = g_strdup_printf ("%s@%s", local,
                                 domains[g_test_rand_int_range (0, G_N_ELEMENTS (domains))]);
      bb_mailbox_model_append (model, address, g_test_rand_bit () ? name : NULL);
    }
  bb_mailbox_model_commit (model);

  return model;
}

/* A large change is one signal covering only what differs; a mirror following the
 * signals ends equal to a fresh filter. */
static void
test_one_change (void)
{
  BbMailboxModel *model = bb_mailbox_model_new ();
  BbMailboxFilter *filter = bb_mailbox_filter_new (model);
  BbMailboxFilter *fresh;
  Mirror mirror;

  for (guint i = 0; i < 4000; i++)
    {
      g_autofree char *address = g_strdup_printf ("user%u@%s", i, i % 2 ? "odd.org" : "even.org");

      bb_mailbox_model_append (model, address, NULL);
    }
  bb_mailbox_model_commit (model);

  bb_mailbox_filter_set_domain (filter, "even.org");
  mirror_init (&mirror, filter);

  /* Every even entry out, every odd one in */
  bb_mailbox_filter_set_domain (filter, "odd.org");
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, 2000);

  fresh = g_object_new (BB_TYPE_MAILBOX_FILTER, "model", model, "domain", "odd.org", NULL);
  g_assert_cmpuint (mirror.mirror->len, ==, bb_mailbox_filter_get_n_items (fresh));
  for (guint i = 0; i < mirror.mirror->len; i++)
    g_assert_cmpuint (g_array_index (mirror.mirror, guint, i), ==,
                      bb_mailbox_filter_get_position (fresh, i));
  g_assert_finalize_object (fresh);

  /* Back to every domain: one signal again; the same text changes nothing */
  bb_mailbox_filter_set_domain (filter, NULL);
  g_assert_cmpuint (mirror.n_signals, ==, 2);
  g_assert_cmpuint (mirror.mirror->len, ==, 4000);
  bb_mailbox_filter_set_search (filter, "user11");
  bb_mailbox_filter_set_search (filter, "USER11");
  g_assert_cmpuint (mirror.n_signals, ==, 3);

  mirror_clear (&mirror);
  g_assert_finalize_object (filter);
  g_assert_finalize_object (model);
}

/* BbMailboxSlots over a filter: the list a list view shows (bb-mailbox-slots.c) */

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint n_signals;
} LastChange;

static void
last_change_cb (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                LastChange *last)
{
  last->position = position;
  last->removed = removed;
  last->added = added;
  last->n_signals++;
}

/* Lets a gradual growth finish. */
static void
wait_slots_grown (BbMailboxSlots *slots)
{
  GListModel *model = bb_mailbox_slots_get_model (slots);

  while (g_list_model_get_n_items (G_LIST_MODEL (slots)) !=
         (model != NULL ? g_list_model_get_n_items (model) : 0))
    g_main_context_iteration (NULL, TRUE);
}

/* Every slot the list has so far holds the mailbox the filter shows there. */
static void
assert_slots_follow_prefix (BbMailboxSlots *slots,
                            GListModel     *filter)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (slots));

  g_assert_cmpuint (n, <=, g_list_model_get_n_items (filter));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BbMailboxSlot) slot = g_list_model_get_item (G_LIST_MODEL (slots), i);
      g_autoptr(BbMailbox) mailbox = g_list_model_get_item (filter, i);

      g_assert_true (bb_mailbox_slot_get_mailbox (slot) == mailbox);
    }
}

/* Every slot holds the mailbox the filter shows at its position. */
static void
assert_slots_follow (BbMailboxSlots *slots,
                     GListModel     *filter)
{
  guint n = g_list_model_get_n_items (filter);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, n);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (slots), n));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BbMailboxSlot) slot = g_list_model_get_item (G_LIST_MODEL (slots), i);
      g_autoptr(BbMailbox) mailbox = g_list_model_get_item (filter, i);

      g_assert_true (BB_IS_MAILBOX_SLOT (slot));
      g_assert_true (bb_mailbox_slot_get_mailbox (slot) == mailbox);
    }
}

/* A search changes what the slots hold, not the slots: the list announces only its
 * new length, at its end, and a slot held across the change notifies its new mailbox. */
static void
test_slots_follow (void)
{
  BbMailboxModel *model = new_sample_model ();
  BbMailboxFilter *filter = bb_mailbox_filter_new (model);
  BbMailboxSlots *slots = bb_mailbox_slots_new (G_LIST_MODEL (filter));
  g_autoptr(BbMailboxSlot) first = NULL;
  g_autoptr(BbMailboxSlot) again = NULL;
  LastChange last = { 0, 0, 0, 0 };
  guint notified = 0;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (slots)) == BB_TYPE_MAILBOX_SLOT);
  g_assert_true (bb_mailbox_slots_get_model (slots) == G_LIST_MODEL (filter));
  assert_slots_follow (slots, G_LIST_MODEL (filter));
  g_signal_connect (slots, "items-changed", G_CALLBACK (last_change_cb), &last);

  first = g_list_model_get_item (G_LIST_MODEL (slots), 0);
  g_signal_connect (first, "notify::mailbox", G_CALLBACK (count_cb), &notified);
  g_assert_cmpstr (bb_mailbox_get_address (bb_mailbox_slot_get_mailbox (first)), ==,
                   "ann@contoso.com");

  /* 6 → 2 (bob, smithers): two removed at the end; slot 0 now holds bob */
  bb_mailbox_filter_set_search (filter, "fabrikam");
  g_assert_cmpuint (last.n_signals, ==, 1);
  g_assert_cmpuint (last.position, ==, 2);
  g_assert_cmpuint (last.removed, ==, 4);
  g_assert_cmpuint (last.added, ==, 0);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (bb_mailbox_get_address (bb_mailbox_slot_get_mailbox (first)), ==,
                   "bob@fabrikam.com");
  again = g_list_model_get_item (G_LIST_MODEL (slots), 0);
  g_assert_true (again == first);
  assert_slots_follow (slots, G_LIST_MODEL (filter));

  /* 2 → 6: four added at the end */
  bb_mailbox_filter_set_search (filter, NULL);
  g_assert_cmpuint (last.n_signals, ==, 2);
  g_assert_cmpuint (last.position, ==, 2);
  g_assert_cmpuint (last.removed, ==, 0);
  g_assert_cmpuint (last.added, ==, 4);
  g_assert_cmpuint (notified, ==, 2);
  assert_slots_follow (slots, G_LIST_MODEL (filter));

  /* Same length, other mailboxes: no signal, the slots notify */
  bb_mailbox_filter_set_search (filter, "contoso");
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, 3);
  g_assert_cmpuint (last.n_signals, ==, 3);
  bb_mailbox_filter_set_search (filter, "zoe");
  bb_mailbox_filter_set_domain (filter, "contoso.com");
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, 1);
  bb_mailbox_filter_set_search (filter, "bob");
  bb_mailbox_filter_set_domain (filter, NULL);
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, 1);
  g_assert_cmpstr (bb_mailbox_get_address (bb_mailbox_slot_get_mailbox (first)), ==,
                   "bob@fabrikam.com");
  assert_slots_follow (slots, G_LIST_MODEL (filter));

  /* The model grows: the new matches are added at the end */
  bb_mailbox_model_append (model, "bobby@fabrikam.com", NULL);
  bb_mailbox_model_commit (model);
  g_assert_cmpuint (last.position, ==, 1);
  g_assert_cmpuint (last.removed, ==, 0);
  g_assert_cmpuint (last.added, ==, 1);
  assert_slots_follow (slots, G_LIST_MODEL (filter));

  g_signal_handlers_disconnect_by_data (slots, &last);
  g_signal_handlers_disconnect_by_data (first, &notified);
  g_clear_object (&first);
  g_clear_object (&again);
  g_assert_finalize_object (slots);
  g_assert_finalize_object (filter);
  g_assert_finalize_object (model);
}

/* Another model, or none; a slot may outlive its list. */
static void
test_slots_set_model (void)
{
  BbMailboxModel *model = new_sample_model ();
  BbMailboxModel *other = bb_mailbox_model_new ();
  BbMailboxFilter *filter = bb_mailbox_filter_new (model);
  BbMailboxFilter *other_filter;
  BbMailboxSlots *slots = bb_mailbox_slots_new (NULL);
  BbMailboxSlot *kept;
  LastChange last = { 0, 0, 0, 0 };

  bb_mailbox_model_append (other, "x@y.org", NULL);
  bb_mailbox_model_commit (other);
  other_filter = bb_mailbox_filter_new (other);

  g_assert_null (bb_mailbox_slots_get_model (slots));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (slots), 0));
  g_signal_connect (slots, "items-changed", G_CALLBACK (last_change_cb), &last);

  bb_mailbox_slots_set_model (slots, G_LIST_MODEL (filter));
  g_assert_cmpuint (last.n_signals, ==, 1);
  g_assert_cmpuint (last.added, ==, 6);
  assert_slots_follow (slots, G_LIST_MODEL (filter));

  kept = g_list_model_get_item (G_LIST_MODEL (slots), 3);
  bb_mailbox_slots_set_model (slots, G_LIST_MODEL (other_filter));
  g_assert_cmpuint (last.position, ==, 1);
  g_assert_cmpuint (last.removed, ==, 5);
  assert_slots_follow (slots, G_LIST_MODEL (other_filter));

  /* Back: the slot past the end of the short list holds the right mailbox again */
  bb_mailbox_slots_set_model (slots, G_LIST_MODEL (filter));
  g_assert_cmpuint (last.added, ==, 5);
  assert_slots_follow (slots, G_LIST_MODEL (filter));
  g_assert_cmpstr (bb_mailbox_get_address (bb_mailbox_slot_get_mailbox (kept)), ==,
                   "smithers@Fabrikam.COM");

  bb_mailbox_slots_set_model (slots, NULL);
  g_assert_cmpuint (last.removed, ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 0);

  g_signal_handlers_disconnect_by_data (slots, &last);
  bb_mailbox_slots_set_model (slots, G_LIST_MODEL (filter));
  g_assert_finalize_object (slots);
  g_assert_nonnull (bb_mailbox_slot_get_mailbox (kept));
  g_assert_finalize_object (kept);
  g_assert_finalize_object (filter);
  g_assert_finalize_object (other_filter);
  g_assert_finalize_object (model);
  g_assert_finalize_object (other);
}

/* A list growing from a few items grows a step at a time (a list view builds a row
 * for each of its first items); from many, at once. */
static void
test_slots_grow (void)
{
  BbMailboxModel *model = new_random_model (2000);
  BbMailboxFilter *filter = bb_mailbox_filter_new (model);
  BbMailboxSlots *slots = bb_mailbox_slots_new (NULL);
  guint n = bb_mailbox_filter_get_n_items (filter);
  LastChange last = { 0, 0, 0, 0 };

  g_signal_connect (slots, "items-changed", G_CALLBACK (last_change_cb), &last);
  bb_mailbox_slots_set_model (slots, G_LIST_MODEL (filter));
  g_assert_cmpuint (last.n_signals, ==, 1);
  g_assert_cmpuint (last.added, >, 0);
  g_assert_cmpuint (last.added, <, 200);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, last.added);
  assert_slots_follow_prefix (slots, G_LIST_MODEL (filter));

  wait_slots_grown (slots);
  g_assert_cmpuint (last.n_signals, >, 2);
  assert_slots_follow (slots, G_LIST_MODEL (filter));

  /* Shrinking is at once, and so is growing from a long list */
  bb_mailbox_filter_set_search (filter, "zzzzzz");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 0);
  bb_mailbox_filter_set_search (filter, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), <, n);
  bb_mailbox_filter_set_search (filter, "zzzzzz");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 0);

  bb_mailbox_filter_set_search (filter, NULL);
  wait_slots_grown (slots);
  bb_mailbox_filter_set_domain (filter, "y.org");
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), >=, 256);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==,
                    bb_mailbox_filter_get_n_items (filter));
  bb_mailbox_filter_set_domain (filter, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, n);
  assert_slots_follow (slots, G_LIST_MODEL (filter));

  /* A growth still going when the list goes away */
  bb_mailbox_filter_set_search (filter, "zzzzzz");
  bb_mailbox_filter_set_search (filter, NULL);
  g_signal_handlers_disconnect_by_data (slots, &last);
  g_assert_finalize_object (slots);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (filter);
  g_assert_finalize_object (model);
}

/* Random searches over a larger list: the slots always follow the filter. */
static void
test_slots_incremental (void)
{
  BbMailboxModel *model = new_random_model (300);
  BbMailboxFilter *filter = bb_mailbox_filter_new (model);
  BbMailboxSlots *slots = bb_mailbox_slots_new (G_LIST_MODEL (filter));
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) search = g_string_new (NULL);

  /* A list view holds some slots, as rows */
  for (guint i = 0; i < 40; i++)
    g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (slots), i));

  for (guint step = 0; step < 200; step++)
    {
      if (g_test_rand_int_range (0, 4) == 0)
        g_string_truncate (search, 0);
      else
        g_string_append (search, alphabet[g_test_rand_int_range (0, G_N_ELEMENTS (alphabet))]);
      bb_mailbox_filter_set_search (filter, search->str);
      wait_slots_grown (slots);

      assert_slots_follow (slots, G_LIST_MODEL (filter));
      for (guint i = 0; i < held->len; i++)
        {
          BbMailboxSlot *slot = g_ptr_array_index (held, i);
          g_autoptr(BbMailbox) mailbox = g_list_model_get_item (G_LIST_MODEL (filter), i);

          /* past the end, a slot keeps what it had until the list grows again */
          if (i < bb_mailbox_filter_get_n_items (filter))
            g_assert_true (bb_mailbox_slot_get_mailbox (slot) == mailbox);
        }
    }

  g_clear_pointer (&held, g_ptr_array_unref);
  g_assert_finalize_object (slots);
  g_assert_finalize_object (filter);
  g_assert_finalize_object (model);
}

/* Typing, deleting and switching domains: every step shows what a fresh filter and a
 * naive implementation show, and the items-changed signals keep a mirror in step. */
static void
test_incremental (void)
{
  static const char * const domains[] = { "", "x.com", "X.Com", "y.org", "é.fr", "nowhere.net" };
  BbMailboxModel *model = new_random_model (600);
  BbMailboxFilter *filter = bb_mailbox_filter_new (model);
  g_autoptr(GString) search = g_string_new (NULL);
  const char *domain = "";
  Mirror mirror;

  mirror_init (&mirror, filter);

  for (guint step = 0; step < 400; step++)
    {
      g_autoptr(GArray) expected = NULL;
      BbMailboxFilter *fresh;
      guint action = g_test_rand_int_range (0, 10);

      if (action < 6)
        g_string_append (search, alphabet[g_test_rand_int_range (0, G_N_ELEMENTS (alphabet))]);
      else if (action < 8 && search->len > 0)
        g_string_truncate (search, 0);
      else if (action < 9)
        domain = domains[g_test_rand_int_range (0, G_N_ELEMENTS (domains))];
      else
        {
          g_autofree char *text = random_text (0, 3);

          g_string_assign (search, text);
        }

      bb_mailbox_filter_set_search (filter, search->str);
      bb_mailbox_filter_set_domain (filter, domain);

      expected = naive_filter (model, search->str, domain);
      assert_shows (filter, expected);

      g_assert_cmpuint (mirror.mirror->len, ==, expected->len);
      for (guint i = 0; i < expected->len; i++)
        g_assert_cmpuint (g_array_index (mirror.mirror, guint, i), ==,
                          g_array_index (expected, guint, i));

      fresh = g_object_new (BB_TYPE_MAILBOX_FILTER,
                            "model", model,
                            "search", search->str,
                            "domain", domain,
                            NULL);
      assert_shows (fresh, expected);
      g_assert_finalize_object (fresh);
    }

  mirror_clear (&mirror);
  g_assert_finalize_object (filter);
  g_assert_finalize_object (model);
}

/* 100,000 mailboxes, filtered correctly (timing is measured elsewhere, not asserted). */
static void
test_large (void)
{
  const guint n = 100000;
  BbMailboxModel *model = bb_mailbox_model_new ();
  BbMailboxFilter *filter;
  guint expected;

  for (guint i = 0; i < n; i++)
    {
      char address[64];
      char name[64];

      g_snprintf (address, sizeof address, "user%u@%s", i, i % 10 == 0 ? "fabrikam.com" : "contoso.com");
      g_snprintf (name, sizeof name, "%s %u", i % 7 == 0 ? "Zoë" : "Ann", i);
      bb_mailbox_model_append (model, address, name);
    }
  bb_mailbox_model_commit (model);

  filter = bb_mailbox_filter_new (model);
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, n);

  bb_mailbox_filter_set_search (filter, "ZO");
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, (n + 6) / 7);
  bb_mailbox_filter_set_search (filter, "ZOË");
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, (n + 6) / 7);
  for (guint i = 0; i < bb_mailbox_filter_get_n_items (filter); i++)
    g_assert_cmpuint (bb_mailbox_filter_get_position (filter, i), ==, i * 7);

  bb_mailbox_filter_set_domain (filter, "fabrikam.com");
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, (n + 69) / 70);

  /* user1234 and user12340..user12349 and user1234x… in 100,000: 1 + 10 = 11 */
  bb_mailbox_filter_set_domain (filter, NULL);
  bb_mailbox_filter_set_search (filter, "user1234");
  expected = 11;
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, expected);
  bb_mailbox_filter_set_search (filter, "user12345");
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, 1);
  g_assert_cmpuint (bb_mailbox_filter_get_position (filter, 0), ==, 12345);

  bb_mailbox_filter_set_search (filter, "9 ");
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, 0);
  bb_mailbox_filter_set_search (filter, "9");
  expected = 0;
  for (guint i = 0; i < n; i++)
    {
      char digits[16];

      g_snprintf (digits, sizeof digits, "%u", i);
      expected += strchr (digits, '9') != NULL;
    }
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (filter), ==, expected);

  bb_mailbox_filter_select_shown (filter, TRUE);
  g_assert_cmpuint (bb_mailbox_model_get_n_selected (model), ==, expected);

  g_assert_finalize_object (filter);
  g_assert_finalize_object (model);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/mailbox-filter/new-destroy", test_new_destroy);
  g_test_add_func ("/bb/mailbox-filter/substring", test_substring);
  g_test_add_func ("/bb/mailbox-filter/non-ascii", test_non_ascii);
  g_test_add_func ("/bb/mailbox-filter/domain", test_domain);
  g_test_add_func ("/bb/mailbox-filter/items-and-select-shown", test_items_and_select_shown);
  g_test_add_func ("/bb/mailbox-filter/model-grows", test_model_grows);
  g_test_add_func ("/bb/mailbox-filter/incremental", test_incremental);
  g_test_add_func ("/bb/mailbox-filter/large", test_large);
  g_test_add_func ("/bb/mailbox-filter/one-change", test_one_change);
  g_test_add_func ("/bb/mailbox-slots/follow", test_slots_follow);
  g_test_add_func ("/bb/mailbox-slots/set-model", test_slots_set_model);
  g_test_add_func ("/bb/mailbox-slots/grow", test_slots_grow);
  g_test_add_func ("/bb/mailbox-slots/incremental", test_slots_incremental);

  return g_test_run ();
}
