/* test-hostile-window.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Issue 4, bad-input catalogue (tests/README.md), the window's side: the hostile
 * replies of PROTOCOL.md sections 2 and 5 that tests/ui does not try already. Each
 * one meets the mailboxes page while it reloads a list the user has ticked mailboxes
 * in (users/list is the reply that may be 256 MiB and the one whose failure could
 * lose work): the page shows the error in place with Retry, keeps the list and the
 * ticks, asks the Console no more than the retry rules allow, and Retry brings the
 * list back with the ticks. Then the Connect page meeting replies that lack a member
 * or carry it with the wrong JSON type, and counters sent as strings on the progress
 * page.
 */

#include "config.h"

#include "bb-connect-page.h"
#include "bb-mailboxes-page.h"
#include "bb-progress-page.h"
#include "bb-test-utils.h"
#include "bb-ui-test-utils.h"
#include "bb-window.h"

static GtkApplication *app;

static const char * const ticked[] = {
  "ann@contoso.com", "bob@contoso.com", "chloe@fabrikam.example", NULL
};

typedef struct {
  const char *name;
  const char *kind;        /* the emulator's fault on users/list, NULL: none */
  const char *message;     /* what the page says (the error card's title) */
  const char *detail;      /* a label shown with it (the Console's own words), or NULL */
  guint       max_lists;   /* users/list requests the failed reload may make */
} Case;

/* The "error" fault's message: markup and an entity, to be shown as typed. */
#define CONSOLE_MESSAGE "<b>Quota</b> exceeded & try later"

static const Case cases[] = {
  { "malformed", "malformed", "Unexpected reply from the Console", NULL, 1 },
  { "truncated", "reset", "The Console could not be reached", NULL, 3 },
  { "oversized", "oversized", "Unexpected reply from the Console", NULL, 1 },
  { "non-json", "nonjson", "Unexpected reply from the Console", NULL, 1 },
  { "html-500", "html500", "The Console ran into a problem", NULL, 3 },
  { "429", "429", "The Console is busy", NULL, 3 },
  { "invalid-utf8", "invalid-utf8", "Unexpected reply from the Console", NULL, 1 },
  { "never-answers", "hang", "The Console did not answer in time", NULL, 1 },
  { "404", "404", "This Console does not offer mailbox lists", NULL, 1 },
  { "console-error", "error", "The Console reported an error", CONSOLE_MESSAGE, 1 },
  { "unknown-flock", NULL, "The Console reported an error", "Flock not found", 1 },
  { "missing-field", "missing-field", "Unexpected reply from the Console", NULL, 1 },
  { "wrong-type", "wrong-type", "Unexpected reply from the Console", NULL, 1 },
};

typedef struct {
  BbTestEmulator  *emu;
  BbConsole       *console;
  BbFlow          *flow;
  GtkWindow       *window;
  BbMailboxesPage *page;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->emu = bb_test_emulator_start ((const char * const[]) { "--signed-in", NULL });
  fixture->console = bb_console_new (bb_test_emulator_get_url (fixture->emu), &error);
  g_assert_no_error (error);
  bb_console_set_auth_token (fixture->console, BB_TEST_TOKEN);
  bb_console_set_retry_delay_ms (fixture->console, 5);

  fixture->flow = bb_flow_new ();
  bb_flow_set_console (fixture->flow, fixture->console, "Default Flock");
  bb_flow_set_signed_in (fixture->flow, TRUE);

  fixture->page = BB_MAILBOXES_PAGE (bb_mailboxes_page_new ());
  bb_mailboxes_page_set_flow (fixture->page, fixture->flow);
  fixture->window = GTK_WINDOW (adw_application_window_new (app));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window),
                                      GTK_WIDGET (fixture->page));
  gtk_window_set_default_size (fixture->window, 600, 720);
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->flow);
  g_clear_object (&fixture->console);
  g_clear_pointer (&fixture->emu, bb_test_emulator_stop);
}

static void
state_changed_cb (BbMailboxesPage *page,
                  GParamSpec      *pspec,
                  gboolean        *settled)
{
  if (bb_mailboxes_page_get_state (page) != BB_MAILBOXES_STATE_LOADING)
    *settled = TRUE;
}

static BbMailboxesState
wait_settled (Fixture *fixture)
{
  gboolean settled = bb_mailboxes_page_get_state (fixture->page) != BB_MAILBOXES_STATE_LOADING;
  gulong handler = g_signal_connect (fixture->page, "notify::state",
                                     G_CALLBACK (state_changed_cb), &settled);

  bb_test_wait_for_flag (&settled);
  g_signal_handler_disconnect (fixture->page, handler);

  return bb_mailboxes_page_get_state (fixture->page);
}

static BbMailboxesState
action_and_wait (Fixture    *fixture,
                 const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), action, NULL));
  return wait_settled (fixture);
}

static guint
count_lists (Fixture *fixture)
{
  g_autoptr(JsonObject) record = bb_test_emulator_get_record (fixture->emu);
  JsonObject *counts = json_object_get_object_member (record, "counts");

  return json_object_has_member (counts, "users/list")
         ? (guint) json_object_get_int_member (counts, "users/list") : 0;
}

static void
assert_ticks_kept (Fixture *fixture)
{
  BbMailboxModel *model = bb_flow_get_mailboxes (fixture->flow);

  g_assert_cmpuint (bb_flow_get_n_mailboxes (fixture->flow), ==, 60);
  g_assert_cmpuint (bb_flow_get_n_selected (fixture->flow), ==, G_N_ELEMENTS (ticked) - 1);
  for (guint i = 0; ticked[i] != NULL; i++)
    g_assert_true (bb_mailbox_model_get_selected (model, bb_mailbox_model_find (model, ticked[i])));
}

static void
test_users_list_fault (Fixture       *fixture,
                       gconstpointer  data)
{
  const Case *c = data;
  BbMailboxModel *model;
  GtkWidget *retry;
  guint lists_before;

  bb_mailboxes_page_activate (fixture->page);
  g_assert_cmpint (wait_settled (fixture), ==, BB_MAILBOXES_STATE_READY);
  model = bb_flow_get_mailboxes (fixture->flow);
  for (guint i = 0; ticked[i] != NULL; i++)
    bb_mailbox_model_set_selected (model, bb_mailbox_model_find (model, ticked[i]), TRUE);
  assert_ticks_kept (fixture);

  /* Every users/list meets the fault until it is cleared. */
  if (c->kind != NULL)
    bb_test_emulator_control (fixture->emu, "fault", "endpoint", "users/list", "kind", c->kind,
                              "count", "0", "size_mb", "300", "retry_after", "1",
                              "message", CONSOLE_MESSAGE, NULL);
  else
    bb_console_set_flock_id (fixture->console, "flock:nope");
  /* A Console that never answers: the 120 s of users/list shortened to 1 s. */
  if (g_strcmp0 (c->kind, "hang") == 0)
    bb_console_set_long_timeout (fixture->console, 1);
  lists_before = count_lists (fixture);

  g_assert_cmpint (action_and_wait (fixture, "page.reload"), ==, BB_MAILBOXES_STATE_ERROR);
  g_test_message ("the page says: %s", bb_mailboxes_page_get_error_message (fixture->page));
  g_assert_cmpstr (bb_mailboxes_page_get_error_message (fixture->page), ==, c->message);
  g_assert_cmpuint (count_lists (fixture) - lists_before, <=, c->max_lists);
  assert_ticks_kept (fixture);

  /* In place, as typed (no markup), with Retry. */
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page), c->message));
  if (c->detail != NULL)
    g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page), c->detail));
  retry = bb_ui_test_find (GTK_WIDGET (fixture->page), GTK_TYPE_BUTTON, "_Retry");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_get_mapped (retry));

  /* The Console is fine again: Retry brings the list back, ticks included. */
  bb_test_emulator_control (fixture->emu, "clear-faults", NULL);
  bb_console_set_flock_id (fixture->console, "flock:default");
  g_assert_cmpint (action_and_wait (fixture, "page.retry"), ==, BB_MAILBOXES_STATE_READY);
  g_assert_null (bb_mailboxes_page_get_error_message (fixture->page));
  assert_ticks_kept (fixture);
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (fixture->page), ==, "3 of 60 selected");
}

/* Missing fields and wrong types on Connect (ping, features, flocks): the form
 * stays, with "Unexpected reply from the Console" in place; the next try works. */

typedef struct {
  const char *endpoint;
  const char *kind;
} FieldCase;

static const FieldCase connect_cases[] = {
  { "ping", "missing-field" },
  { "ping", "wrong-type" },
  { "features", "wrong-type" },
  { "flocks", "missing-field" },
  { "flocks", "wrong-type" },
};

static void
test_connect_fields (gconstpointer data)
{
  const FieldCase *c = data;
  g_autoptr(BbTestEmulator) emu = NULL;
  BbWindow *window;
  BbConnectPage *page;
  GtkWidget *address, *token;

  bb_ui_test_reset_settings ();
  emu = bb_test_emulator_start (NULL);
  window = bb_window_new (app);
  page = bb_window_get_connect_page (window);
  address = bb_ui_test_find (GTK_WIDGET (page), ADW_TYPE_ENTRY_ROW, "Console address");
  token = bb_ui_test_find (GTK_WIDGET (page), ADW_TYPE_PASSWORD_ENTRY_ROW, "API token");
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 720);
  gtk_window_present (GTK_WINDOW (window));
  gtk_editable_set_text (GTK_EDITABLE (address), bb_test_emulator_get_url (emu));
  gtk_editable_set_text (GTK_EDITABLE (token), BB_TEST_TOKEN);

  bb_test_emulator_control (emu, "fault", "endpoint", c->endpoint, "kind", c->kind,
                            "count", "0", NULL);
  g_assert_cmpint (bb_ui_test_connect_and_wait (page), ==, BB_CONNECT_STATE_ERROR);
  g_test_message ("the page says: %s", bb_connect_page_get_error_message (page));
  g_assert_error (bb_connect_page_get_error (page), BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);
  g_assert_true (g_str_has_prefix (bb_connect_page_get_error_message (page),
                                   "Unexpected reply from the Console"));
  bb_ui_test_wait_frames (GTK_WIDGET (window), 2);
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (page),
                                                 bb_connect_page_get_error_message (page)));
  /* What the user typed stays. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (address)), ==,
                   bb_test_emulator_get_url (emu));

  bb_test_emulator_control (emu, "clear-faults", NULL);
  g_assert_cmpint (bb_ui_test_connect_and_wait (page), ==, BB_CONNECT_STATE_CONNECTED);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Counters as strings ("12"), flat and nested under "status". */

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bb_console_create_finish (BB_CONSOLE (object), result, NULL, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_status_strings (void)
{
  g_autoptr(BbTestEmulator) emu =
    bb_test_emulator_start ((const char * const[]) { "--signed-in", "--insert-interval-ms", "20",
                                                     NULL });
  const char * const job[] = { "ann@contoso.com", "fail.one@contoso.com", "bob@contoso.com", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(BbConsole) console = bb_console_new (bb_test_emulator_get_url (emu), &error);
  g_autoptr(BbFlow) flow = bb_flow_new ();
  GtkWindow *window = GTK_WINDOW (adw_application_window_new (app));
  BbProgressPage *page = BB_PROGRESS_PAGE (bb_progress_page_new ());

  g_assert_no_error (error);
  bb_console_set_auth_token (console, BB_TEST_TOKEN);
  bb_flow_set_console (flow, console, "Default Flock");
  bb_progress_page_set_flow (page, flow);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (window);
  bb_test_emulator_control (emu, "config", "status_strings", "true", NULL);

  for (const char * const *shape = (const char * const[]) { "flat", "nested", NULL }; *shape; shape++)
    {
      gboolean created = FALSE;

      bb_test_emulator_control (emu, "config", "status_shape", *shape, NULL);
      bb_console_create_async (console, job, 3, NULL, NULL, create_cb, &created);
      bb_test_wait_for_flag (&created);
      bb_progress_page_start (page, 3);
      while (bb_progress_page_get_state (page) != BB_PROGRESS_STATE_FINISHED)
        g_main_context_iteration (NULL, TRUE);

      g_assert_cmpuint (bb_progress_page_get_successful (page), ==, 2);
      g_assert_cmpuint (bb_progress_page_get_failed (page), ==, 1);
      g_assert_cmpuint (bb_progress_page_get_total (page), ==, 3);
      g_assert_false (bb_progress_page_get_connection_lost (page));
      g_assert_cmpstrv (bb_progress_page_get_failed_addresses (page),
                        ((const char * const[]) { "fail.one@contoso.com", NULL }));
    }

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) application = NULL;

  gtk_test_init (&argc, &argv, NULL);
  application = app = bb_ui_test_init_app ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bb/hostile/window/users-list/%s", cases[i].name);

      g_test_add (path, Fixture, &cases[i], fixture_set_up, test_users_list_fault,
                  fixture_tear_down);
    }
  for (guint i = 0; i < G_N_ELEMENTS (connect_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bb/hostile/window/connect/%s/%s",
                                               connect_cases[i].kind, connect_cases[i].endpoint);

      g_test_add_data_func (path, &connect_cases[i], test_connect_fields);
    }
  g_test_add_func ("/bb/hostile/window/status-numbers-as-strings", test_status_strings);

  return g_test_run ();
}
