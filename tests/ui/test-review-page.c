/* test-review-page.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bb-review-page.h"
#include "bb-test-utils.h"
#include "bb-ui-test-utils.h"

#define SUBJECT "Quarterly bonus statement"
#define HEADLINE_3 "Insert “" SUBJECT "” into 3 mailboxes of flock “Default Flock”"

static GtkApplication *app;

static const char * const emulator_args[] = { "--signed-in", "--insert-interval-ms", "20", NULL };

/* The emulator's first mailboxes, plus a few more so "and N more" has something to say. */
static const char * const addresses[] = {
  "ann@contoso.com", "bob@contoso.com", "chloe@fabrikam.example", "helpdesk@contoso.com",
  "user0009@contoso.com", "user0010@contoso.com", "user0011@fabrikam.example",
};

typedef struct {
  BbTestEmulator *emu;
  BbConsole      *console;
  BbFlow         *flow;
  GtkWindow      *window;
  BbReviewPage   *page;
  guint           n_started;
  guint           started_total;
  guint           n_edit_template;
} Fixture;

static void
started_cb (BbReviewPage *page,
            guint         expected_total,
            Fixture      *fixture)
{
  fixture->n_started++;
  fixture->started_total = expected_total;
}

static void
edit_template_cb (BbReviewPage *page,
                  Fixture      *fixture)
{
  fixture->n_edit_template++;
}

static BbMailboxModel *
make_model (guint n_selected)
{
  BbMailboxModel *model = bb_mailbox_model_new ();

  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    bb_mailbox_model_append (model, addresses[i], NULL);
  bb_mailbox_model_commit (model);
  for (guint i = 0; i < n_selected; i++)
    bb_mailbox_model_set_selected (model, i, TRUE);

  return model;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbMailboxModel) model = make_model (3);
  g_autoptr(BbTemplate) template = bb_template_new (SUBJECT, "<p>Your statement</p>", NULL);

  fixture->emu = bb_test_emulator_start (emulator_args);
  fixture->console = bb_console_new (bb_test_emulator_get_url (fixture->emu), &error);
  g_assert_no_error (error);
  bb_console_set_auth_token (fixture->console, BB_TEST_TOKEN);
  bb_console_set_retry_delay_ms (fixture->console, 10);

  fixture->flow = bb_flow_new ();
  bb_flow_set_console (fixture->flow, fixture->console, "Default Flock");
  bb_flow_set_source (fixture->flow, BB_MAILBOX_SOURCE_MICROSOFT_365);
  bb_flow_set_admin_email (fixture->flow, "admin@contoso.com");
  bb_flow_set_signed_in (fixture->flow, TRUE);
  bb_flow_set_mailboxes (fixture->flow, model);
  bb_flow_set_template (fixture->flow, template);

  fixture->page = BB_REVIEW_PAGE (bb_review_page_new ());
  bb_review_page_set_flow (fixture->page, fixture->flow);
  g_signal_connect (fixture->page, "started", G_CALLBACK (started_cb), fixture);
  g_signal_connect (fixture->page, "edit-template", G_CALLBACK (edit_template_cb), fixture);

  fixture->window = GTK_WINDOW (adw_application_window_new (app));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window),
                                      GTK_WIDGET (fixture->page));
  gtk_window_set_default_size (fixture->window, 600, 720);
  gtk_window_present (fixture->window);
  bb_review_page_activate (fixture->page);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
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
wait_for_state (BbReviewPage  *page,
                BbReviewState  state)
{
  while (bb_review_page_get_state (page) != state)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_while_creating (Fixture *fixture)
{
  while (bb_review_page_get_state (fixture->page) == BB_REVIEW_STATE_CREATING)
    g_main_context_iteration (NULL, TRUE);
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

/* The i-th create call's user_emails, as a strv. */
static GStrv
create_call_emails (BbTestEmulator *emu,
                    guint           i)
{
  g_autoptr(JsonObject) record = bb_test_emulator_get_record (emu);
  JsonArray *calls = json_object_get_array_member (record, "create_calls");
  JsonArray *emails;
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv result;

  g_assert_cmpuint (json_array_get_length (calls), >, i);
  emails = json_object_get_array_member (json_array_get_object_element (calls, i), "user_emails");
  for (guint j = 0; j < json_array_get_length (emails); j++)
    g_strv_builder_add (builder, json_array_get_string_element (emails, j));
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return result;
}

static gboolean
label_shown (Fixture    *fixture,
             const char *text)
{
  return bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page), text) != NULL;
}

static void
test_new_destroy (void)
{
  GtkWidget *page = bb_review_page_new ();

  g_object_ref_sink (page);
  g_assert_cmpint (bb_review_page_get_state (BB_REVIEW_PAGE (page)), ==, BB_REVIEW_STATE_READY);
  g_assert_null (bb_review_page_get_error_message (BB_REVIEW_PAGE (page)));
  /* Nothing to insert without a flow. */
  gtk_widget_activate_action (page, "page.insert", NULL);
  g_assert_cmpint (bb_review_page_get_state (BB_REVIEW_PAGE (page)), ==, BB_REVIEW_STATE_READY);
  g_assert_finalize_object (page);
}

static void
test_summary (Fixture       *fixture,
              gconstpointer  data)
{
  AdwActionRow *row;
  const char *subtitle;

  g_assert_cmpstr (bb_review_page_get_headline (fixture->page), ==, HEADLINE_3);
  g_assert_true (label_shown (fixture, HEADLINE_3));

  row = ADW_ACTION_ROW (bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_ACTION_ROW,
                                         "Mailboxes"));
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "ann@contoso.com, bob@contoso.com, chloe@fabrikam.example");
  row = ADW_ACTION_ROW (bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_ACTION_ROW,
                                         "Mailbox source"));
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Microsoft 365 as admin@contoso.com");

  /* No unsaved edits: no warning. */
  g_assert_false (label_shown (fixture, "The bait email has unsaved changes. "
                                        "The Console inserts the saved version."));
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "review-ready");
  bb_ui_test_resize (fixture->window, 360, 640);
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "review-ready-narrow");

  /* All seven: three named, "and 4 more"; the headline follows the count. */
  bb_mailbox_model_select_all (bb_flow_get_mailboxes (fixture->flow), TRUE);
  bb_review_page_activate (fixture->page);
  row = ADW_ACTION_ROW (bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_ACTION_ROW,
                                         "Mailboxes"));
  subtitle = adw_action_row_get_subtitle (row);
  g_assert_cmpstr (subtitle, ==,
                   "ann@contoso.com, bob@contoso.com, chloe@fabrikam.example and 4 more");
  g_assert_cmpstr (bb_review_page_get_headline (fixture->page), ==,
                   "Insert “" SUBJECT "” into 7 mailboxes of flock “Default Flock”");

  /* Exchange as the source. */
  bb_flow_set_exchange_credentials (fixture->flow, "exchange-admin", "exchange-pass");
  bb_flow_set_source (fixture->flow, BB_MAILBOX_SOURCE_EXCHANGE);
  row = ADW_ACTION_ROW (bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_ACTION_ROW,
                                         "Mailbox source"));
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "On-premises Exchange as exchange-admin");

  /* One mailbox: singular. */
  bb_mailbox_model_select_all (bb_flow_get_mailboxes (fixture->flow), FALSE);
  bb_mailbox_model_set_selected (bb_flow_get_mailboxes (fixture->flow), 4, TRUE);
  g_assert_cmpstr (bb_review_page_get_headline (fixture->page), ==,
                   "Insert “" SUBJECT "” into 1 mailbox of flock “Default Flock”");
}

static void
test_dirty_draft (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BbTemplate) draft = bb_template_new ("Edited subject", "<p>Changed</p>", NULL);
  const char *warning = "The bait email has unsaved changes. The Console inserts the saved version.";

  bb_flow_set_draft (fixture->flow, draft);
  g_assert_true (bb_flow_get_draft_dirty (fixture->flow));
  bb_review_page_activate (fixture->page);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);

  g_assert_true (label_shown (fixture, warning));
  /* The saved version is what goes out, so the headline names its subject. */
  g_assert_cmpstr (bb_review_page_get_headline (fixture->page), ==, HEADLINE_3);

  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "review-dirty");
  bb_ui_test_resize (fixture->window, 360, 640);
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "review-dirty-narrow");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.edit-template", NULL));
  g_assert_cmpuint (fixture->n_edit_template, ==, 1);

  /* Saving the draft clears the warning. */
  bb_flow_set_template (fixture->flow, draft);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_false (label_shown (fixture, warning));
}

static void
test_dialog (Fixture       *fixture,
             gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_auto(GStrv) emails = NULL;

  /* Cancel sends nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.insert", NULL));
  g_assert_cmpint (bb_review_page_get_state (fixture->page), ==, BB_REVIEW_STATE_CONFIRMING);
  dialog = bb_ui_test_find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Insert bait email?");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "The bait email “" SUBJECT "” will be placed in 3 mailboxes. "
                   "This cannot be undone from Baitbox.");
  g_assert_true (adw_message_dialog_has_response (dialog, "cancel"));
  g_assert_true (adw_message_dialog_has_response (dialog, "insert"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "insert"), ==, "_Insert");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "insert"), ==,
                   ADW_RESPONSE_SUGGESTED);
  g_assert_nonnull (bb_ui_test_find (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_Insert"));
  g_assert_nonnull (bb_ui_test_find (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_Cancel"));
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "review-confirm");
  bb_ui_test_screenshot (GTK_WIDGET (dialog), "review-confirm-dialog");

  bb_ui_test_click_response (dialog, "_Cancel");
  g_assert_cmpint (bb_review_page_get_state (fixture->page), ==, BB_REVIEW_STATE_READY);
  g_assert_cmpint (count_of (fixture->emu, "create"), ==, 0);

  /* Insert sends create once, with exactly the selection. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.insert", NULL));
  dialog = bb_ui_test_find_dialog ();
  g_assert_nonnull (dialog);
  bb_ui_test_click_response (dialog, "_Insert");
  g_assert_cmpint (bb_review_page_get_state (fixture->page), ==, BB_REVIEW_STATE_CREATING);
  wait_while_creating (fixture);

  g_assert_cmpint (bb_review_page_get_state (fixture->page), ==, BB_REVIEW_STATE_READY);
  g_assert_cmpuint (fixture->n_started, ==, 1);
  g_assert_cmpuint (fixture->started_total, ==, 3);
  g_assert_cmpint (count_of (fixture->emu, "create"), ==, 1);
  emails = create_call_emails (fixture->emu, 0);
  g_assert_cmpstrv (emails, ((const char * const []) { "ann@contoso.com", "bob@contoso.com",
                                                        "chloe@fabrikam.example", NULL }));
}

static void
test_insert_confirmed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(GStrv) emails = NULL;

  /* Slow enough to see the page while create runs. */
  bb_test_emulator_control (fixture->emu, "fault", "endpoint", "create", "kind", "slow",
                            "delay_ms", "1500", NULL);
  bb_review_page_insert_confirmed (fixture->page);
  g_assert_cmpint (bb_review_page_get_state (fixture->page), ==, BB_REVIEW_STATE_CREATING);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "review-creating");
  g_assert_cmpint (bb_review_page_get_state (fixture->page), ==, BB_REVIEW_STATE_CREATING);
  /* A second call while creating sends nothing more. */
  bb_review_page_insert_confirmed (fixture->page);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.insert", NULL);
  g_assert_cmpint (bb_review_page_get_state (fixture->page), ==, BB_REVIEW_STATE_CREATING);
  g_assert_null (bb_ui_test_find_dialog ());
  wait_while_creating (fixture);

  g_assert_cmpuint (fixture->n_started, ==, 1);
  g_assert_cmpuint (fixture->started_total, ==, 3);
  g_assert_null (bb_review_page_get_error_message (fixture->page));
  g_assert_cmpint (count_of (fixture->emu, "create"), ==, 1);
  emails = create_call_emails (fixture->emu, 0);
  g_assert_cmpstrv (emails, ((const char * const []) { "ann@contoso.com", "bob@contoso.com",
                                                        "chloe@fabrikam.example", NULL }));
}

static void
test_console_error (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *follow;

  bb_test_emulator_control (fixture->emu, "fault", "endpoint", "create", "kind", "error",
                            "message", "A tokening job is already running", NULL);

  bb_review_page_insert_confirmed (fixture->page);
  wait_for_state (fixture->page, BB_REVIEW_STATE_ERROR);

  g_assert_error ((GError *) bb_review_page_get_error (fixture->page),
                  BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CONSOLE);
  g_assert_cmpstr (bb_review_page_get_error_message (fixture->page), ==,
                   "A tokening job is already running");
  g_assert_cmpuint (fixture->n_started, ==, 0);
  g_assert_cmpint (count_of (fixture->emu, "create"), ==, 1);

  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_true (label_shown (fixture, "A tokening job is already running"));
  follow = bb_ui_test_find (GTK_WIDGET (fixture->page), GTK_TYPE_BUTTON,
                            "_Follow the Running Job");
  g_assert_nonnull (follow);
  g_assert_true (gtk_widget_get_mapped (follow));
  g_assert_false (gtk_widget_get_visible (bb_ui_test_find (GTK_WIDGET (fixture->page),
                                                           GTK_TYPE_BUTTON, "_Send Again")));
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "review-error");
  bb_ui_test_resize (fixture->window, 360, 720);
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "review-error-narrow");

  /* Following sends nothing: it hands over to the progress page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.follow", NULL));
  g_assert_cmpuint (fixture->n_started, ==, 1);
  g_assert_cmpuint (fixture->started_total, ==, 0);
  g_assert_cmpint (count_of (fixture->emu, "create"), ==, 1);
}

static void
test_drop_after_accept (Fixture       *fixture,
                        gconstpointer  data)
{
  bb_test_emulator_control (fixture->emu, "fault", "endpoint", "create",
                            "kind", "drop-after-accept", NULL);
  bb_console_set_create_recovery_seconds (fixture->console, 5);

  bb_review_page_insert_confirmed (fixture->page);
  wait_while_creating (fixture);

  /* The reply was lost but status showed the job: followed, never resent. */
  g_assert_cmpint (bb_review_page_get_state (fixture->page), ==, BB_REVIEW_STATE_READY);
  g_assert_null (bb_review_page_get_error (fixture->page));
  g_assert_cmpuint (fixture->n_started, ==, 1);
  g_assert_cmpuint (fixture->started_total, ==, 3);
  g_assert_cmpint (count_of (fixture->emu, "create"), ==, 1);
}

static void
test_hang_unknown (Fixture       *fixture,
                   gconstpointer  data)
{
  const GError *error;
  AdwMessageDialog *dialog;

  bb_test_emulator_control (fixture->emu, "fault", "endpoint", "create", "kind", "hang", NULL);
  bb_console_set_long_timeout (fixture->console, 1);
  bb_console_set_create_recovery_seconds (fixture->console, 2);

  bb_review_page_insert_confirmed (fixture->page);
  wait_for_state (fixture->page, BB_REVIEW_STATE_ERROR);

  error = bb_review_page_get_error (fixture->page);
  g_assert_error ((GError *) error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_TIMEOUT);
  /* The client says whether no job exists or its fate is unknown. */
  g_assert_true (strstr (error->message, "did not start the job") != NULL ||
                 strstr (error->message, "unknown") != NULL);
  g_assert_cmpuint (fixture->n_started, ==, 0);
  g_assert_cmpint (count_of (fixture->emu, "create"), ==, 1);

  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_true (label_shown (fixture, "No answer from the Console"));
  g_assert_true (gtk_widget_get_mapped (bb_ui_test_find (GTK_WIDGET (fixture->page),
                                                         GTK_TYPE_BUTTON, "_Send Again")));
  g_assert_true (gtk_widget_get_mapped (bb_ui_test_find (GTK_WIDGET (fixture->page),
                                                         GTK_TYPE_BUTTON, "_Check Status")));
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "review-no-answer");
  bb_ui_test_resize (fixture->window, 360, 720);
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "review-no-answer-narrow");

  /* Nothing happens by itself: still one create after more main loop turns. */
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 10);
  g_assert_cmpint (count_of (fixture->emu, "create"), ==, 1);

  /* Send Again asks first, and the dialog warns about a second bait email. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.send-again", NULL));
  dialog = bb_ui_test_find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "second bait email"));
  bb_ui_test_click_response (dialog, "_Cancel");
  g_assert_cmpint (bb_review_page_get_state (fixture->page), ==, BB_REVIEW_STATE_ERROR);
  g_assert_cmpint (count_of (fixture->emu, "create"), ==, 1);

  /* Check Status follows whatever status shows, sending nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.check-status", NULL));
  g_assert_cmpuint (fixture->n_started, ==, 1);
  g_assert_cmpint (count_of (fixture->emu, "create"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) application = NULL;

  gtk_test_init (&argc, &argv, NULL);
  application = app = bb_ui_test_init_app ();

  g_test_add_func ("/bb/ui/review-page/new-destroy", test_new_destroy);
#define ADD(path, func) \
  g_test_add ("/bb/ui/review-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("summary", test_summary);
  ADD ("dirty-draft", test_dirty_draft);
  ADD ("dialog", test_dialog);
  ADD ("insert-confirmed", test_insert_confirmed);
  ADD ("console-error", test_console_error);
  ADD ("drop-after-accept", test_drop_after_accept);
  ADD ("hang-unknown", test_hang_unknown);
#undef ADD

  return g_test_run ();
}
