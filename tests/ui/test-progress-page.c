/* test-progress-page.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bb-progress-page.h"
#include "bb-test-utils.h"
#include "bb-ui-test-utils.h"

static GtkApplication *app;

static const char * const emulator_args[] = { "--signed-in", "--insert-interval-ms", "20", NULL };

/* Addresses with "fail" in the local part fail on the emulator. */
static const char * const five[] = {
  "ann@contoso.com", "fail1@contoso.com", "bob@contoso.com", "fail2@contoso.com",
  "chloe@fabrikam.example", NULL
};

typedef struct {
  BbTestEmulator *emu;
  BbConsole      *console;
  BbFlow         *flow;
  GtkWindow      *window;
  BbProgressPage *page;
  guint           n_token_more;
} Fixture;

static void
token_more_cb (BbProgressPage *page,
               Fixture        *fixture)
{
  fixture->n_token_more++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbTemplate) template = bb_template_new ("Quarterly bonus statement",
                                                    "<p>Your statement</p>", NULL);

  fixture->emu = bb_test_emulator_start (emulator_args);
  fixture->console = bb_console_new (bb_test_emulator_get_url (fixture->emu), &error);
  g_assert_no_error (error);
  bb_console_set_auth_token (fixture->console, BB_TEST_TOKEN);
  bb_console_set_retry_delay_ms (fixture->console, 10);

  fixture->flow = bb_flow_new ();
  bb_flow_set_console (fixture->flow, fixture->console, "Default Flock");
  bb_flow_set_admin_email (fixture->flow, "admin@contoso.com");
  bb_flow_set_signed_in (fixture->flow, TRUE);
  bb_flow_set_template (fixture->flow, template);

  fixture->page = BB_PROGRESS_PAGE (bb_progress_page_new ());
  bb_progress_page_set_flow (fixture->page, fixture->flow);
  g_signal_connect (fixture->page, "token-more", G_CALLBACK (token_more_cb), fixture);

  fixture->window = GTK_WINDOW (adw_application_window_new (app));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window),
                                      GTK_WIDGET (fixture->page));
  gtk_window_set_default_size (fixture->window, 600, 760);
  gtk_window_present (fixture->window);
  bb_progress_page_activate (fixture->page);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->flow);
  g_clear_object (&fixture->console);
  g_clear_pointer (&fixture->emu, bb_test_emulator_stop);
}

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

/* What the review page does before handing over: one create. */
static void
create_job (Fixture            *fixture,
            const char * const *addresses)
{
  gboolean done = FALSE;

  bb_console_create_async (fixture->console, addresses, g_strv_length ((GStrv) addresses), NULL,
                           NULL, create_cb, &done);
  bb_test_wait_for_flag (&done);
}

static void
wait_for_state (BbProgressPage  *page,
                BbProgressState  state)
{
  while (bb_progress_page_get_state (page) != state)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_for_connection_lost (BbProgressPage *page,
                          gboolean        lost)
{
  while (bb_progress_page_get_connection_lost (page) != lost)
    g_main_context_iteration (NULL, TRUE);
}

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

static gint64
count_of (BbTestEmulator *emu,
          const char     *endpoint)
{
  g_autoptr(JsonObject) record = bb_test_emulator_get_record (emu);
  JsonObject *counts = json_object_get_object_member (record, "counts");

  return json_object_has_member (counts, endpoint)
         ? json_object_get_int_member (counts, endpoint) : 0;
}

static GStrv
create_call_emails (BbTestEmulator *emu,
                    guint           i)
{
  g_autoptr(JsonObject) record = bb_test_emulator_get_record (emu);
  JsonArray *calls = json_object_get_array_member (record, "create_calls");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *emails;

  g_assert_cmpuint (json_array_get_length (calls), >, i);
  emails = json_object_get_array_member (json_array_get_object_element (calls, i), "user_emails");
  for (guint j = 0; j < json_array_get_length (emails); j++)
    g_strv_builder_add (builder, json_array_get_string_element (emails, j));

  return g_strv_builder_end (builder);
}

static gboolean
label_shown (Fixture    *fixture,
             const char *text)
{
  return bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page), text) != NULL;
}

static GtkWidget *
find_numeric_label (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "numeric"))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_numeric_label (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The value shown in the counter row titled @title (its accessible name). */
static const char *
row_value (Fixture    *fixture,
           const char *title)
{
  GtkWidget *row = bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_ACTION_ROW, title);
  GtkWidget *label;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  label = find_numeric_label (row);
  g_assert_nonnull (label);

  return gtk_label_get_text (GTK_LABEL (label));
}

static void
test_new_destroy (void)
{
  GtkWidget *page = bb_progress_page_new ();

  g_object_ref_sink (page);
  g_assert_cmpint (bb_progress_page_get_state (BB_PROGRESS_PAGE (page)), ==,
                   BB_PROGRESS_STATE_IDLE);
  g_assert_false (bb_progress_page_get_running (BB_PROGRESS_PAGE (page)));
  g_assert_cmpstrv (bb_progress_page_get_failed_addresses (BB_PROGRESS_PAGE (page)),
                    ((const char * const []) { NULL }));
  g_assert_finalize_object (page);
}

/* Records every value "successful" and "failed" take, to check they never go down. */
typedef struct {
  guint64  successful;
  guint64  failed;
  gboolean went_backwards;
} Watch;

static void
counters_changed_cb (BbProgressPage *page,
                     GParamSpec     *pspec,
                     Watch          *watch)
{
  guint64 s = bb_progress_page_get_successful (page);
  guint64 f = bb_progress_page_get_failed (page);

  /* A restart resets to 0 through "state"; within one job only upwards. */
  if (bb_progress_page_get_state (page) == BB_PROGRESS_STATE_FOLLOWING &&
      (s < watch->successful || f < watch->failed) && (s != 0 || f != 0))
    watch->went_backwards = TRUE;
  watch->successful = s;
  watch->failed = f;
}

static void
watch_counters (Fixture *fixture,
                Watch   *watch)
{
  g_signal_connect (fixture->page, "notify::successful", G_CALLBACK (counters_changed_cb), watch);
  g_signal_connect (fixture->page, "notify::failed", G_CALLBACK (counters_changed_cb), watch);
}

static void
test_finished_with_failures (Fixture       *fixture,
                             gconstpointer  data)
{
  const char * const failed[] = { "fail1@contoso.com", "fail2@contoso.com", NULL };
  g_auto(GStrv) first = NULL;
  Watch watch = { 0 };

  watch_counters (fixture, &watch);
  create_job (fixture, five);
  bb_progress_page_start (fixture->page, 5);
  g_assert_cmpint (bb_progress_page_get_state (fixture->page), ==, BB_PROGRESS_STATE_FOLLOWING);
  g_assert_true (bb_progress_page_get_running (fixture->page));
  g_assert_true (label_shown (fixture, "Inserting bait emails…"));
  g_assert_cmpstr (row_value (fixture, "Remaining"), ==, "5");
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "progress-running");

  wait_for_state (fixture->page, BB_PROGRESS_STATE_FINISHED);
  g_assert_false (bb_progress_page_get_running (fixture->page));
  g_assert_false (watch.went_backwards);
  g_assert_cmpuint (bb_progress_page_get_successful (fixture->page), ==, 3);
  g_assert_cmpuint (bb_progress_page_get_failed (fixture->page), ==, 2);
  g_assert_cmpuint (bb_progress_page_get_total (fixture->page), ==, 5);
  g_assert_cmpstrv (bb_progress_page_get_failed_addresses (fixture->page), failed);

  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_true (label_shown (fixture, "Finished with 2 failures"));
  g_assert_cmpstr (row_value (fixture, "Successful"), ==, "3");
  g_assert_cmpstr (row_value (fixture, "Failed"), ==, "2");
  g_assert_cmpstr (row_value (fixture, "Remaining"), ==, "0");
  g_assert_true (label_shown (fixture, "fail1@contoso.com"));
  g_assert_true (label_shown (fixture, "fail2@contoso.com"));
  g_assert_true (gtk_widget_get_mapped (bb_ui_test_find (GTK_WIDGET (fixture->page),
                                                         GTK_TYPE_BUTTON,
                                                         "_Retry Failed Mailboxes…")));
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "progress-finished-failures");
  bb_ui_test_resize (fixture->window, 360, 760);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "progress-finished-failures-narrow");

  /* Polling stopped: no more status reads. */
  {
    gint64 reads = count_of (fixture->emu, "status");

    run_main_loop_for (1700);
    g_assert_cmpint (count_of (fixture->emu, "status"), ==, reads);
  }

  first = create_call_emails (fixture->emu, 0);
  g_assert_cmpstrv (first, five);
}

static void
test_retry_failed (Fixture       *fixture,
                   gconstpointer  data)
{
  const char * const failed[] = { "fail1@contoso.com", "fail2@contoso.com", NULL };
  g_auto(GStrv) second = NULL;
  AdwMessageDialog *dialog;

  create_job (fixture, five);
  bb_progress_page_start (fixture->page, 5);
  wait_for_state (fixture->page, BB_PROGRESS_STATE_FINISHED);
  g_assert_cmpint (count_of (fixture->emu, "create"), ==, 1);

  /* The dialog first; Cancel sends nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.retry-failed", NULL));
  dialog = bb_ui_test_find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Retry failed mailboxes?");
  g_assert_nonnull (bb_ui_test_find (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_Retry"));
  bb_ui_test_screenshot (GTK_WIDGET (dialog), "progress-retry-dialog");
  bb_ui_test_click_response (dialog, "_Cancel");
  g_assert_cmpint (bb_progress_page_get_state (fixture->page), ==, BB_PROGRESS_STATE_FINISHED);
  g_assert_cmpint (count_of (fixture->emu, "create"), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.retry-failed", NULL));
  dialog = bb_ui_test_find_dialog ();
  g_assert_nonnull (dialog);
  bb_ui_test_click_response (dialog, "_Retry");
  g_assert_cmpint (bb_progress_page_get_state (fixture->page), ==, BB_PROGRESS_STATE_RETRYING);
  g_assert_true (bb_progress_page_get_running (fixture->page));

  /* The new job is followed from scratch; these addresses fail again. */
  wait_for_state (fixture->page, BB_PROGRESS_STATE_FINISHED);
  g_assert_cmpint (count_of (fixture->emu, "create"), ==, 2);
  second = create_call_emails (fixture->emu, 1);
  g_assert_cmpstrv (second, failed);
  g_assert_cmpuint (bb_progress_page_get_successful (fixture->page), ==, 0);
  g_assert_cmpuint (bb_progress_page_get_failed (fixture->page), ==, 2);
  g_assert_cmpuint (bb_progress_page_get_total (fixture->page), ==, 2);
  g_assert_cmpstrv (bb_progress_page_get_failed_addresses (fixture->page), failed);
}

static void
test_all_inserted (Fixture       *fixture,
                   gconstpointer  data)
{
  const char * const three[] = { "ann@contoso.com", "bob@contoso.com", "chloe@fabrikam.example",
                                 NULL };

  create_job (fixture, three);
  bb_progress_page_start (fixture->page, 3);
  wait_for_state (fixture->page, BB_PROGRESS_STATE_FINISHED);

  g_assert_cmpuint (bb_progress_page_get_successful (fixture->page), ==, 3);
  g_assert_cmpuint (bb_progress_page_get_failed (fixture->page), ==, 0);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_true (label_shown (fixture, "Bait emails inserted"));
  g_assert_false (gtk_widget_get_visible (bb_ui_test_find (GTK_WIDGET (fixture->page),
                                                           GTK_TYPE_BUTTON,
                                                           "_Retry Failed Mailboxes…")));
  /* Nothing to retry. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.retry-failed", NULL);
  g_assert_null (bb_ui_test_find_dialog ());
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "progress-finished-ok");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.token-more", NULL));
  g_assert_cmpuint (fixture->n_token_more, ==, 1);
  g_assert_cmpint (count_of (fixture->emu, "create"), ==, 1);
}

static void
test_connection_lost (Fixture       *fixture,
                      gconstpointer  data)
{
  Watch watch = { 0 };
  guint64 seen;

  /* Slow enough that the job is still running when the status reads start failing. */
  bb_test_emulator_control (fixture->emu, "config", "insert_interval_ms", "400", NULL);
  watch_counters (fixture, &watch);
  create_job (fixture, five);
  bb_progress_page_start (fixture->page, 5);
  while (bb_progress_page_get_successful (fixture->page) == 0)
    g_main_context_iteration (NULL, TRUE);
  seen = bb_progress_page_get_successful (fixture->page);

  /* Every status read fails (the client's own retries included) until cleared. */
  bb_test_emulator_control (fixture->emu, "fault", "endpoint", "status", "kind", "html500",
                            "count", "0", NULL);
  wait_for_connection_lost (fixture->page, TRUE);
  g_assert_cmpint (bb_progress_page_get_state (fixture->page), ==, BB_PROGRESS_STATE_FOLLOWING);
  g_assert_true (bb_progress_page_get_running (fixture->page));
  g_assert_nonnull (bb_progress_page_get_connection_message (fixture->page));
  g_assert_cmpuint (bb_progress_page_get_successful (fixture->page), >=, seen);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_true (label_shown (fixture, "Lost contact with the Console — still trying"));
  g_assert_true (label_shown (fixture, bb_progress_page_get_connection_message (fixture->page)));
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "progress-connection-lost");
  bb_ui_test_resize (fixture->window, 360, 760);
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "progress-connection-lost-narrow");

  /* Back: the banner goes, the job is followed to the end, create was never resent. */
  bb_test_emulator_control (fixture->emu, "clear-faults", NULL);
  wait_for_state (fixture->page, BB_PROGRESS_STATE_FINISHED);
  g_assert_false (bb_progress_page_get_connection_lost (fixture->page));
  g_assert_null (bb_progress_page_get_connection_message (fixture->page));
  g_assert_false (watch.went_backwards);
  g_assert_cmpuint (bb_progress_page_get_successful (fixture->page), ==, 3);
  g_assert_cmpuint (bb_progress_page_get_failed (fixture->page), ==, 2);
  g_assert_cmpint (count_of (fixture->emu, "create"), ==, 1);
}

static void
test_never_backwards (Fixture       *fixture,
                      gconstpointer  data)
{
  const char * const two[] = { "ann@contoso.com", "bob@contoso.com", NULL };
  g_autoptr(BbTokenStatus) ahead = bb_token_status_new ();
  g_autoptr(BbTokenStatus) behind = bb_token_status_new ();
  gint64 reads;

  /* A job that stays running: the Console's own replies say 0 of 2. */
  bb_test_emulator_control (fixture->emu, "config", "insert_interval_ms", "3600000", NULL);
  create_job (fixture, two);
  bb_progress_page_start (fixture->page, 2);
  reads = count_of (fixture->emu, "status");

  /* A reply that got ahead (another Console node, say), then one that lags. */
  ahead->successful = 1;
  ahead->failed = 1;
  ahead->total = 4;
  g_ptr_array_add (ahead->failed_users, g_strdup ("bob@contoso.com"));
  _bb_progress_page_apply_status (fixture->page, ahead);
  behind->successful = 0;
  behind->failed = 0;
  behind->total = 2;
  _bb_progress_page_apply_status (fixture->page, behind);

  g_assert_cmpuint (bb_progress_page_get_successful (fixture->page), ==, 1);
  g_assert_cmpuint (bb_progress_page_get_failed (fixture->page), ==, 1);
  g_assert_cmpuint (bb_progress_page_get_total (fixture->page), ==, 4);

  /* Real polls (0 of 2) keep coming and change nothing shown. */
  while (count_of (fixture->emu, "status") < reads + 2)
    run_main_loop_for (500);
  g_assert_cmpint (bb_progress_page_get_state (fixture->page), ==, BB_PROGRESS_STATE_FOLLOWING);
  g_assert_cmpuint (bb_progress_page_get_successful (fixture->page), ==, 1);
  g_assert_cmpuint (bb_progress_page_get_failed (fixture->page), ==, 1);
  g_assert_cmpuint (bb_progress_page_get_total (fixture->page), ==, 4);
  g_assert_cmpstrv (bb_progress_page_get_failed_addresses (fixture->page),
                    ((const char * const []) { "bob@contoso.com", NULL }));
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_cmpstr (row_value (fixture, "Remaining"), ==, "2");
  g_assert_true (label_shown (fixture, "bob@contoso.com"));
}

static void
test_no_job (Fixture       *fixture,
             gconstpointer  data)
{
  /* "Check Status" after a lost answer, when the Console started nothing. */
  bb_progress_page_start (fixture->page, 0);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_true (label_shown (fixture, "Waiting for the Console…") ||
                 bb_progress_page_get_state (fixture->page) != BB_PROGRESS_STATE_FOLLOWING);

  wait_for_state (fixture->page, BB_PROGRESS_STATE_NO_JOB);
  g_assert_false (bb_progress_page_get_running (fixture->page));
  g_assert_cmpint (count_of (fixture->emu, "create"), ==, 0);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_true (label_shown (fixture, "No tokening job is running"));
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "progress-no-job");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.token-more", NULL));
  g_assert_cmpuint (fixture->n_token_more, ==, 1);
}

static void
confirm_close_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  int *answer = user_data;
  g_autoptr(GError) error = NULL;

  *answer = bb_progress_page_confirm_close_finish (BB_PROGRESS_PAGE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_close (Fixture       *fixture,
            gconstpointer  data)
{
  const char * const two[] = { "ann@contoso.com", "bob@contoso.com", NULL };
  AdwMessageDialog *dialog;
  int answer = -1;
  gint64 reads;

  /* Not running: may close at once. */
  bb_progress_page_confirm_close_async (fixture->page, NULL, confirm_close_cb, &answer);
  while (answer == -1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (answer, ==, TRUE);

  bb_test_emulator_control (fixture->emu, "config", "insert_interval_ms", "3600000", NULL);
  create_job (fixture, two);
  bb_progress_page_start (fixture->page, 2);

  /* Running: asks, and explains that the Console carries on. */
  answer = -1;
  bb_progress_page_confirm_close_async (fixture->page, NULL, confirm_close_cb, &answer);
  dialog = bb_ui_test_find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Stop following the tokening job?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "The Console carries on inserting bait emails."));
  bb_ui_test_screenshot (GTK_WIDGET (dialog), "progress-close-dialog");
  bb_ui_test_click_response (dialog, "_Cancel");
  while (answer == -1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (answer, ==, FALSE);

  answer = -1;
  bb_progress_page_confirm_close_async (fixture->page, NULL, confirm_close_cb, &answer);
  bb_ui_test_click_response (bb_ui_test_find_dialog (), "_Close");
  while (answer == -1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (answer, ==, TRUE);

  /* Closing the window stops polling. */
  gtk_window_destroy (fixture->window);
  fixture->window = NULL;
  run_main_loop_for (100);
  reads = count_of (fixture->emu, "status");
  run_main_loop_for (2000);
  g_assert_cmpint (count_of (fixture->emu, "status"), ==, reads);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) application = NULL;

  gtk_test_init (&argc, &argv, NULL);
  application = app = bb_ui_test_init_app ();

  g_test_add_func ("/bb/ui/progress-page/new-destroy", test_new_destroy);
#define ADD(path, func) \
  g_test_add ("/bb/ui/progress-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("finished-with-failures", test_finished_with_failures);
  ADD ("retry-failed", test_retry_failed);
  ADD ("all-inserted", test_all_inserted);
  ADD ("connection-lost", test_connection_lost);
  ADD ("never-backwards", test_never_backwards);
  ADD ("no-job", test_no_job);
  ADD ("close", test_close);
#undef ADD

  return g_test_run ();
}
