/* test-flow.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bb-flow.h"

static BbMailboxModel *
model_of (const char * const *addresses)
{
  BbMailboxModel *model = bb_mailbox_model_new ();

  for (guint i = 0; addresses[i] != NULL; i++)
    bb_mailbox_model_append (model, addresses[i], NULL);
  bb_mailbox_model_commit (model);
  return model;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_new_destroy (void)
{
  BbFlow *flow = bb_flow_new ();

  g_assert_nonnull (bb_flow_get_mailboxes (flow));
  g_assert_cmpuint (bb_flow_get_n_mailboxes (flow), ==, 0);
  g_assert_null (bb_flow_get_console (flow));
  g_assert_finalize_object (flow);
}

/* A new list keeps the ticks of addresses present in both, whatever their case. */
static void
test_selection_carried (void)
{
  g_autoptr(BbFlow) flow = bb_flow_new ();
  g_autoptr(BbMailboxModel) first =
    model_of ((const char *[]) { "ann@contoso.com", "bob@contoso.com", "gone@contoso.com", NULL });
  g_autoptr(BbMailboxModel) second =
    model_of ((const char *[]) { "BOB@contoso.com", "new@contoso.com", "Ann@Contoso.com", NULL });
  g_auto(GStrv) selected = NULL;
  guint notified = 0;

  g_signal_connect (flow, "notify::n-selected", G_CALLBACK (count_notify_cb), &notified);

  bb_flow_set_mailboxes (flow, first);
  bb_mailbox_model_set_selected (first, 0, TRUE);
  bb_mailbox_model_set_selected (first, 2, TRUE);
  g_assert_cmpuint (bb_flow_get_n_selected (flow), ==, 2);
  g_assert_cmpuint (notified, >=, 2);

  bb_flow_set_mailboxes (flow, second);
  g_assert_cmpuint (bb_flow_get_n_mailboxes (flow), ==, 3);
  g_assert_cmpuint (bb_flow_get_n_selected (flow), ==, 1);
  selected = bb_flow_dup_selected_addresses (flow);
  g_assert_cmpuint (g_strv_length (selected), ==, 1);
  g_assert_cmpstr (selected[0], ==, "Ann@Contoso.com");

  /* The old list no longer drives the flow's counter. */
  notified = 0;
  bb_mailbox_model_select_all (first, TRUE);
  g_assert_cmpuint (notified, ==, 0);
  g_assert_cmpuint (bb_flow_get_n_selected (flow), ==, 1);
}

static void
test_draft_dirty (void)
{
  g_autoptr(BbFlow) flow = bb_flow_new ();
  g_autoptr(BbTemplate) saved = bb_template_new ("Subject", "<p>Hi</p>", NULL);
  g_autoptr(BbTemplate) edited = bb_template_new ("Other", "<p>Hi</p>", NULL);
  guint dirty_notified = 0;

  g_signal_connect (flow, "notify::draft-dirty", G_CALLBACK (count_notify_cb), &dirty_notified);

  bb_flow_set_template (flow, saved);
  g_assert_false (bb_flow_get_draft_dirty (flow));
  g_assert_true (bb_template_equal (bb_flow_get_draft (flow), saved));

  bb_flow_set_draft (flow, edited);
  g_assert_true (bb_flow_get_draft_dirty (flow));
  g_assert_cmpuint (dirty_notified, ==, 1);

  /* The same edit again changes nothing and says nothing. */
  bb_flow_set_draft (flow, edited);
  g_assert_cmpuint (dirty_notified, ==, 1);

  /* Saving makes the saved template the draft. */
  bb_flow_set_template (flow, edited);
  g_assert_false (bb_flow_get_draft_dirty (flow));
  g_assert_cmpuint (dirty_notified, ==, 2);
}

/* A new Console or flock is a new sign-in scope: nothing of the old run survives. */
static void
test_new_scope_resets (void)
{
  g_autoptr(BbFlow) flow = bb_flow_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BbConsole) console = bb_console_new ("http://127.0.0.1:9", &error);
  g_autoptr(BbMailboxModel) list = model_of ((const char *[]) { "ann@contoso.com", NULL });
  g_autoptr(BbTemplate) saved = bb_template_new ("Subject", "<p>Hi</p>", NULL);

  g_assert_no_error (error);
  bb_flow_set_console (flow, console, "Default Flock");
  bb_flow_set_signed_in (flow, TRUE);
  bb_flow_set_mailboxes (flow, list);
  bb_flow_set_template (flow, saved);

  /* Same Console, same flock: everything stays. */
  bb_flow_set_console (flow, console, "Default Flock");
  g_assert_true (bb_flow_get_signed_in (flow));
  g_assert_cmpuint (bb_flow_get_n_mailboxes (flow), ==, 1);

  /* The picker changes the flock on the same BbConsole. */
  bb_console_set_flock_id (console, "flock:london");
  bb_flow_set_console (flow, console, "London Office");
  g_assert_cmpstr (bb_flow_get_flock_id (flow), ==, "flock:london");
  g_assert_cmpstr (bb_flow_get_flock_name (flow), ==, "London Office");
  g_assert_false (bb_flow_get_signed_in (flow));
  g_assert_cmpuint (bb_flow_get_n_mailboxes (flow), ==, 0);
  g_assert_null (bb_flow_get_template (flow));
}

static void
test_exchange_credentials (void)
{
  g_autoptr(BbFlow) flow = bb_flow_new ();
  const BbExchangeCredentials *exchange;

  bb_flow_set_exchange_credentials (flow, "exchange-admin", "exchange-pass");
  g_assert_null (bb_flow_get_exchange (flow));

  bb_flow_set_source (flow, BB_MAILBOX_SOURCE_EXCHANGE);
  exchange = bb_flow_get_exchange (flow);
  g_assert_nonnull (exchange);
  g_assert_cmpstr (exchange->username, ==, "exchange-admin");
  g_assert_cmpstr (exchange->password, ==, "exchange-pass");
  g_assert_cmpstr (bb_flow_get_exchange_username (flow), ==, "exchange-admin");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/ui/flow/new-destroy", test_new_destroy);
  g_test_add_func ("/bb/ui/flow/selection-carried", test_selection_carried);
  g_test_add_func ("/bb/ui/flow/draft-dirty", test_draft_dirty);
  g_test_add_func ("/bb/ui/flow/new-scope-resets", test_new_scope_resets);
  g_test_add_func ("/bb/ui/flow/exchange-credentials", test_exchange_credentials);

  return g_test_run ();
}
