/* test-recovery.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Issue 4, "Sent once" and "Recovery": the Console goes away in the middle of a job
 * and comes back (the progress page shows the outage, keeps polling, finishes with
 * the right counts), and a second Baitbox window on the same Console meets the job
 * the first one started: the Console refuses a second create, the page offers to
 * follow the running job, and following shows its progress. The emulator counts one
 * accepted create and every mailbox tokened once.
 */

#include "config.h"

#include <string.h>

#include "bb-progress-page.h"
#include "bb-review-page.h"
#include "bb-test-utils.h"
#include "bb-ui-test-utils.h"
#include "bb-window.h"

static GtkApplication *app;

/* Addresses with "fail" in the local part fail on the emulator. */
static const char * const job_addresses[] = {
  "ann@contoso.com", "bob@contoso.com", "fail1@contoso.com", "chloe@fabrikam.example",
  "helpdesk@contoso.com", "user0009@contoso.com", "fail2@contoso.com", "user0010@contoso.com",
  NULL
};
#define N_JOB     8
#define N_FAILING 2

static gboolean
timeout_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;

  return G_SOURCE_REMOVE;
}

/* Lets the main loop run for @ms (timers fire, replies arrive); never sleeps. */
static void
run_main_loop_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_flag_cb, &done);
  bb_test_wait_for_flag (&done);
}

static JsonArray *
record_array (JsonObject *record,
              const char *member)
{
  JsonArray *array = json_object_get_array_member (record, member);

  g_assert_nonnull (array);
  return array;
}

static guint
count_accepted_creates (JsonObject *record)
{
  JsonArray *calls = record_array (record, "create_calls");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (calls); i++)
    if (json_object_get_boolean_member (json_array_get_object_element (calls, i), "accepted"))
      n++;

  return n;
}

/* Every mailbox that should succeed was tokened, and exactly once. */
static void
assert_tokened_once (JsonObject *record)
{
  JsonArray *tokened = record_array (record, "tokened");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (tokened); i++)
    g_assert_true (g_hash_table_add (seen, (gpointer) json_array_get_string_element (tokened, i)));
  g_assert_cmpuint (g_hash_table_size (seen), ==, N_JOB - N_FAILING);
  for (guint i = 0; job_addresses[i] != NULL; i++)
    g_assert_cmpint (g_hash_table_contains (seen, job_addresses[i]), ==,
                     strstr (job_addresses[i], "fail") == NULL);
}

/* The Console stops answering during a job, then comes back. */

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (bb_console_create_finish (BB_CONSOLE (object), result, NULL, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
lost_changed_cb (BbProgressPage *page,
                 GParamSpec     *pspec,
                 GArray         *changes)
{
  gboolean lost = bb_progress_page_get_connection_lost (page);

  g_array_append_val (changes, lost);
}

static void
counters_changed_cb (BbProgressPage *page,
                     GParamSpec     *pspec,
                     guint64        *last_done)
{
  guint64 done = bb_progress_page_get_successful (page) + bb_progress_page_get_failed (page);

  /* Never backwards, not even across the outage. */
  g_assert_cmpuint (done, >=, *last_done);
  *last_done = done;
}

static void
test_outage (void)
{
  g_autoptr(BbTestEmulator) emu =
    bb_test_emulator_start ((const char * const[]) { "--signed-in", "--insert-interval-ms", "250",
                                                     NULL });
  g_autoptr(GError) error = NULL;
  g_autoptr(BbConsole) console = bb_console_new (bb_test_emulator_get_url (emu), &error);
  g_autoptr(BbFlow) flow = bb_flow_new ();
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(JsonObject) record = NULL;
  GtkWindow *window;
  BbProgressPage *page;
  guint64 last_done = 0, before_outage;
  gboolean created = FALSE;

  g_assert_no_error (error);
  bb_console_set_auth_token (console, BB_TEST_TOKEN);
  bb_console_set_retry_delay_ms (console, 10);
  bb_flow_set_console (flow, console, "Default Flock");
  bb_flow_set_signed_in (flow, TRUE);

  page = BB_PROGRESS_PAGE (bb_progress_page_new ());
  bb_progress_page_set_flow (page, flow);
  g_signal_connect (page, "notify::connection-lost", G_CALLBACK (lost_changed_cb), changes);
  g_signal_connect (page, "notify::successful", G_CALLBACK (counters_changed_cb), &last_done);
  g_signal_connect (page, "notify::failed", G_CALLBACK (counters_changed_cb), &last_done);
  window = GTK_WINDOW (adw_application_window_new (app));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), GTK_WIDGET (page));
  gtk_window_set_default_size (window, 600, 760);
  gtk_window_present (window);

  /* The review page's part: one create, then the page follows the job. */
  bb_console_create_async (console, job_addresses, N_JOB, NULL, NULL, create_cb, &created);
  bb_test_wait_for_flag (&created);
  bb_progress_page_activate (page);
  bb_progress_page_start (page, N_JOB);
  while (bb_progress_page_get_successful (page) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (bb_progress_page_get_connection_lost (page));

  /* The Console goes away: every connection is closed without an answer. */
  bb_test_emulator_control (emu, "stop-accepting", NULL);
  while (!bb_progress_page_get_connection_lost (page))
    g_main_context_iteration (NULL, TRUE);
  before_outage = bb_progress_page_get_successful (page) + bb_progress_page_get_failed (page);
  g_assert_cmpint (bb_progress_page_get_state (page), ==, BB_PROGRESS_STATE_FOLLOWING);
  g_assert_true (bb_progress_page_get_running (page));
  g_assert_nonnull (bb_progress_page_get_connection_message (page));
  bb_ui_test_wait_frames (GTK_WIDGET (window), 2);
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (page),
                                                 "Lost contact with the Console — still trying"));
  bb_ui_test_screenshot (GTK_WIDGET (window), "recovery-outage");

  /* Still trying during the outage, never a create of its own. */
  run_main_loop_for (2500);
  g_assert_true (bb_progress_page_get_connection_lost (page));
  g_assert_cmpint (bb_progress_page_get_state (page), ==, BB_PROGRESS_STATE_FOLLOWING);

  /* Back: the banner goes, polling resumes and the job is followed to its end. */
  bb_test_emulator_control (emu, "resume", NULL);
  while (bb_progress_page_get_state (page) != BB_PROGRESS_STATE_FINISHED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (bb_progress_page_get_connection_lost (page));
  g_assert_null (bb_progress_page_get_connection_message (page));
  g_assert_false (bb_progress_page_get_running (page));
  g_assert_cmpuint (bb_progress_page_get_successful (page), ==, N_JOB - N_FAILING);
  g_assert_cmpuint (bb_progress_page_get_failed (page), ==, N_FAILING);
  g_assert_cmpuint (bb_progress_page_get_total (page), ==, N_JOB);
  g_assert_cmpuint (last_done, >=, before_outage);
  g_assert_cmpstrv (bb_progress_page_get_failed_addresses (page),
                    ((const char * const[]) { "fail1@contoso.com", "fail2@contoso.com", NULL }));

  /* connection-lost went TRUE, then FALSE, and nothing else. */
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_true (g_array_index (changes, gboolean, 0));
  g_assert_false (g_array_index (changes, gboolean, 1));

  record = bb_test_emulator_get_record (emu);
  g_assert_cmpuint (json_array_get_length (record_array (record, "create_calls")), ==, 1);
  assert_tokened_once (record);

  gtk_window_destroy (window);
}

/* A second instance on the same Console while a job runs. */

static void
state_changed_cb (GObject    *object,
                  GParamSpec *pspec,
                  gboolean   *changed)
{
  *changed = TRUE;
}

/* A window connected to the emulator, showing the source page. */
static BbWindow *
connected_window (BbTestEmulator *emu)
{
  BbWindow *window = bb_window_new (app);
  BbConnectPage *page = bb_window_get_connect_page (window);

  gtk_window_present (GTK_WINDOW (window));
  bb_window_prefill (window, bb_test_emulator_get_url (emu), NULL, BB_TEST_TOKEN, TRUE);
  while (bb_connect_page_get_state (page) == BB_CONNECT_STATE_BUSY)
    {
      gboolean changed = FALSE;
      gulong id = g_signal_connect (page, "notify::state", G_CALLBACK (state_changed_cb), &changed);

      bb_test_wait_for_flag (&changed);
      g_signal_handler_disconnect (page, id);
    }
  g_assert_cmpint (bb_connect_page_get_state (page), ==, BB_CONNECT_STATE_CONNECTED);
  gtk_widget_activate_action (GTK_WIDGET (page), "page.continue", NULL);
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "source");

  return window;
}

/* What steps 2–5 leave in the flow: signed in, the job's mailboxes ticked, a saved
 * template; then on to the review page. */
static BbReviewPage *
go_to_review (BbWindow *window)
{
  BbFlow *flow = bb_window_get_flow (window);
  g_autoptr(BbMailboxModel) model = bb_mailbox_model_new ();
  g_autoptr(BbTemplate) template = bb_template_new ("Quarterly bonus statement",
                                                    "<p>Your statement</p>", NULL);
  GtkWidget *review;

  for (guint i = 0; job_addresses[i] != NULL; i++)
    bb_mailbox_model_append (model, job_addresses[i], NULL);
  bb_mailbox_model_commit (model);
  bb_mailbox_model_select_all (model, TRUE);

  bb_flow_set_source (flow, BB_MAILBOX_SOURCE_MICROSOFT_365);
  bb_flow_set_admin_email (flow, "admin@contoso.com");
  bb_flow_set_signed_in (flow, TRUE);
  bb_flow_set_mailboxes (flow, model);
  bb_flow_set_template (flow, template);
  g_assert_cmpuint (bb_flow_get_n_selected (flow), ==, N_JOB);

  g_signal_emit_by_name (bb_window_get_page (window, "template"), "done");
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "review");
  review = bb_window_get_page (window, "review");
  bb_console_set_retry_delay_ms (bb_flow_get_console (flow), 10);

  return BB_REVIEW_PAGE (review);
}

static BbProgressPage *
progress_of (BbWindow *window)
{
  return BB_PROGRESS_PAGE (bb_window_get_page (window, "progress"));
}

static void
wait_finished (BbProgressPage *page)
{
  while (bb_progress_page_get_state (page) != BB_PROGRESS_STATE_FINISHED)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_second_instance (void)
{
  g_autoptr(BbTestEmulator) emu =
    bb_test_emulator_start ((const char * const[]) { "--signed-in", "--insert-interval-ms", "300",
                                                     NULL });
  g_autoptr(JsonObject) record = NULL;
  BbWindow *first, *second;
  BbReviewPage *review;
  GtkWidget *follow;
  BbProgressPage *progress;

  bb_ui_test_reset_settings ();

  /* The first instance starts the job and follows it. */
  first = connected_window (emu);
  review = go_to_review (first);
  bb_review_page_insert_confirmed (review);
  while (g_strcmp0 (bb_window_get_page_name (first), "progress") != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (bb_progress_page_get_running (progress_of (first)));

  /* The second instance: its own window and its own BbConsole, same Console and flock. */
  second = connected_window (emu);
  g_assert_true (bb_flow_get_console (bb_window_get_flow (second)) !=
                 bb_flow_get_console (bb_window_get_flow (first)));
  review = go_to_review (second);
  bb_review_page_insert_confirmed (review);
  while (bb_review_page_get_state (review) == BB_REVIEW_STATE_CREATING)
    g_main_context_iteration (NULL, TRUE);

  /* The Console refused: said in place, with the way to follow what runs. */
  g_assert_cmpint (bb_review_page_get_state (review), ==, BB_REVIEW_STATE_ERROR);
  g_assert_error ((GError *) bb_review_page_get_error (review),
                  BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CONSOLE);
  g_assert_cmpstr (bb_review_page_get_error_message (review), ==,
                   "A tokening job is already running");
  g_assert_cmpstr (bb_window_get_page_name (second), ==, "review");
  bb_ui_test_wait_frames (GTK_WIDGET (second), 2);
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (review),
                                                 "A tokening job is already running"));
  follow = bb_ui_test_find (GTK_WIDGET (review), GTK_TYPE_BUTTON, "_Follow the Running Job");
  g_assert_nonnull (follow);
  g_assert_true (gtk_widget_get_mapped (follow));
  g_assert_false (gtk_widget_get_visible (bb_ui_test_find (GTK_WIDGET (review), GTK_TYPE_BUTTON,
                                                           "_Send Again")));
  bb_ui_test_screenshot (GTK_WIDGET (second), "recovery-second-instance");

  /* Following shows the first instance's job on the second one's progress page. */
  g_signal_emit_by_name (follow, "clicked");
  g_assert_cmpstr (bb_window_get_page_name (second), ==, "progress");
  progress = progress_of (second);
  g_assert_cmpint (bb_progress_page_get_state (progress), ==, BB_PROGRESS_STATE_FOLLOWING);
  while (bb_progress_page_get_total (progress) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (bb_progress_page_get_total (progress), ==, N_JOB);

  wait_finished (progress);
  wait_finished (progress_of (first));
  for (BbProgressPage **p = (BbProgressPage *[]) { progress, progress_of (first), NULL }; *p; p++)
    {
      g_assert_cmpuint (bb_progress_page_get_successful (*p), ==, N_JOB - N_FAILING);
      g_assert_cmpuint (bb_progress_page_get_failed (*p), ==, N_FAILING);
      g_assert_cmpuint (bb_progress_page_get_total (*p), ==, N_JOB);
    }

  /* Two create calls reached the Console; it accepted one. Every mailbox once. */
  record = bb_test_emulator_get_record (emu);
  g_assert_cmpuint (json_array_get_length (record_array (record, "create_calls")), ==, 2);
  g_assert_cmpuint (count_accepted_creates (record), ==, 1);
  assert_tokened_once (record);

  gtk_window_destroy (GTK_WINDOW (second));
  gtk_window_destroy (GTK_WINDOW (first));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) application = NULL;

  gtk_test_init (&argc, &argv, NULL);
  application = app = bb_ui_test_init_app ();

  g_test_add_func ("/bb/ui/recovery/outage", test_outage);
  g_test_add_func ("/bb/ui/recovery/second-instance", test_second_instance);

  return g_test_run ();
}
