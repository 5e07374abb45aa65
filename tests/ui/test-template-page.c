/* test-template-page.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtksourceview/gtksource.h>
#include <webkit/webkit.h>

#include "bb-flow.h"
#include "bb-template-page.h"
#include "bb-test-utils.h"
#include "bb-ui-test-utils.h"

#define EMULATOR_SUBJECT "Password reset for your account"
#define EMULATOR_SENDER  "it-support@contoso.com"

static GtkApplication *app;

typedef struct {
  BbTestEmulator *emu;
  BbConsole      *console;
  BbFlow         *flow;
  GtkWindow      *window;
  BbTemplatePage *page;
  GtkWidget      *subject_row;
  GtkWidget      *sender_row;
  GtkTextBuffer  *buffer;
  guint           n_done;
} Fixture;

static void
done_cb (BbTemplatePage *page,
         guint          *counter)
{
  (*counter)++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *view;

  bb_ui_test_reset_settings ();
  fixture->emu = bb_test_emulator_start (NULL);
  fixture->console = bb_console_new (bb_test_emulator_get_url (fixture->emu), &error);
  g_assert_no_error (error);
  bb_console_set_auth_token (fixture->console, BB_TEST_TOKEN);
  bb_console_set_retry_delay_ms (fixture->console, 10);

  fixture->flow = bb_flow_new ();
  bb_flow_set_console (fixture->flow, fixture->console, "Default Flock");

  fixture->page = BB_TEMPLATE_PAGE (bb_template_page_new ());
  bb_template_page_set_flow (fixture->page, fixture->flow);
  g_signal_connect (fixture->page, "done", G_CALLBACK (done_cb), &fixture->n_done);

  fixture->window = GTK_WINDOW (adw_application_window_new (app));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window),
                                      GTK_WIDGET (fixture->page));
  gtk_window_set_default_size (fixture->window, 1100, 760);
  gtk_window_present (fixture->window);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);

  fixture->subject_row = bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_ENTRY_ROW, "Subject");
  fixture->sender_row = bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_ENTRY_ROW, "Sender");
  view = bb_ui_test_find (GTK_WIDGET (fixture->page), GTK_SOURCE_TYPE_VIEW, NULL);
  g_assert_nonnull (fixture->subject_row);
  g_assert_nonnull (fixture->sender_row);
  g_assert_nonnull (view);
  fixture->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
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
state_changed_cb (BbTemplatePage *page,
                  GParamSpec     *pspec,
                  gboolean       *settled)
{
  BbTemplateState state = bb_template_page_get_state (page);

  if (state != BB_TEMPLATE_STATE_LOADING && state != BB_TEMPLATE_STATE_SAVING)
    *settled = TRUE;
}

static BbTemplateState
wait_settled (Fixture *fixture)
{
  BbTemplateState state = bb_template_page_get_state (fixture->page);
  gboolean settled = state != BB_TEMPLATE_STATE_LOADING && state != BB_TEMPLATE_STATE_SAVING;
  gulong handler;

  handler = g_signal_connect (fixture->page, "notify::state", G_CALLBACK (state_changed_cb), &settled);
  bb_test_wait_for_flag (&settled);
  g_signal_handler_disconnect (fixture->page, handler);

  return bb_template_page_get_state (fixture->page);
}

static BbTemplateState
activate_and_wait (Fixture *fixture)
{
  bb_template_page_activate (fixture->page);
  return wait_settled (fixture);
}

/* page.save as the user presses it; returns the state it settles in. */
static BbTemplateState
save_and_wait (Fixture *fixture)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.save", NULL));
  return wait_settled (fixture);
}

static char *
buffer_text (Fixture *fixture)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (fixture->buffer, &start, &end);
  return gtk_text_buffer_get_text (fixture->buffer, &start, &end, TRUE);
}

static const char *
entry_text (GtkWidget *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
action_enabled (Fixture    *fixture,
                const char *label)
{
  GtkWidget *button = bb_ui_test_find (GTK_WIDGET (fixture->page), GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static void wait_rendered (BbPreviewView *preview);

/* Before a screenshot: the preview's current document loaded and drawn. */
static void
settle_preview (Fixture *fixture)
{
  BbPreviewView *preview = bb_template_page_get_preview (fixture->page);
  GtkWidget *web_view = bb_preview_view_get_web_view (preview);

  bb_preview_view_flush (preview);
  if (web_view != NULL && gtk_widget_get_mapped (web_view) &&
      webkit_web_view_is_loading (WEBKIT_WEB_VIEW (web_view)))
    wait_rendered (preview);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 5);
}

static JsonArray *
record_array (JsonObject *record,
              const char *member)
{
  return json_object_get_array_member (record, member);
}

static guint
count_template_saves (Fixture *fixture)
{
  g_autoptr(JsonObject) record = bb_test_emulator_get_record (fixture->emu);

  return json_array_get_length (record_array (record, "template_saves"));
}

/* Requests to @path (exact) in the record, or with @method to the email endpoint. */
static guint
count_requests (Fixture    *fixture,
                const char *method,
                const char *path)
{
  g_autoptr(JsonObject) record = bb_test_emulator_get_record (fixture->emu);
  JsonArray *requests = record_array (record, "requests");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      if (method != NULL && g_strcmp0 (json_object_get_string_member (request, "method"), method) != 0)
        continue;
      if (path != NULL && g_strcmp0 (json_object_get_string_member (request, "path"), path) != 0)
        continue;
      if (path == NULL && g_strcmp0 (json_object_get_string_member_with_default (request, "endpoint", ""),
                                     "email") != 0)
        continue;
      n++;
    }

  return n;
}

static void
test_new_destroy (void)
{
  GtkWidget *page = bb_template_page_new ();

  g_object_ref_sink (page);
  g_assert_cmpint (bb_template_page_get_state (BB_TEMPLATE_PAGE (page)), ==, BB_TEMPLATE_STATE_LOADING);
  g_assert_null (bb_template_page_get_error_message (BB_TEMPLATE_PAGE (page)));
  /* No web view before the preview is shown. */
  g_assert_null (bb_preview_view_get_web_view (bb_template_page_get_preview (BB_TEMPLATE_PAGE (page))));
  g_assert_finalize_object (page);
}

static void
test_wrap_html (void)
{
  g_autofree char *plain = bb_preview_view_wrap_html ("<p>Hi</p>");
  g_autofree char *doctype = bb_preview_view_wrap_html ("\n<!DOCTYPE html>\n<html><head></head></html>");
  g_autofree char *empty = bb_preview_view_wrap_html (NULL);

  g_assert_true (g_str_has_prefix (plain, "<meta http-equiv=\"Content-Security-Policy\""));
  g_assert_true (g_str_has_suffix (plain, "><p>Hi</p>"));
  g_assert_true (g_str_has_prefix (doctype, "\n<!DOCTYPE html><meta http-equiv=\"Content-Security-Policy\""));
  g_assert_nonnull (strstr (doctype, "default-src 'none'"));
  g_assert_true (g_str_has_prefix (empty, "<meta "));
}

static void
test_load (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *html = NULL;
  const BbTemplate *saved;

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);
  g_assert_null (bb_template_page_get_error_message (fixture->page));

  saved = bb_flow_get_template (fixture->flow);
  g_assert_nonnull (saved);
  g_assert_cmpstr (saved->subject, ==, EMULATOR_SUBJECT);
  g_assert_false (bb_flow_get_draft_dirty (fixture->flow));

  g_assert_cmpstr (entry_text (fixture->subject_row), ==, EMULATOR_SUBJECT);
  g_assert_true (gtk_widget_get_mapped (fixture->sender_row));
  g_assert_cmpstr (entry_text (fixture->sender_row), ==, EMULATOR_SENDER);
  html = buffer_text (fixture);
  g_assert_nonnull (strstr (html, "Winter-Harbour-42"));
  g_assert_cmpstr (html, ==, saved->html);

  /* Nothing to save or revert yet; Continue is there. */
  g_assert_false (action_enabled (fixture, "_Save"));
  g_assert_false (action_enabled (fixture, "Re_vert"));
  g_assert_true (action_enabled (fixture, "C_ontinue"));
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  settle_preview (fixture);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "template-loaded");
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page),
                                                 "Preview: remote images and scripts are not loaded"));

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.continue", NULL);
  g_assert_cmpuint (fixture->n_done, ==, 1);

  /* Activating again reads nothing. */
  g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);
  g_assert_cmpuint (count_requests (fixture, "GET", NULL), ==, 1);
}

static void
test_no_sender (Fixture       *fixture,
                gconstpointer  data)
{
  bb_test_emulator_control (fixture->emu, "config", "template_sender", "false", NULL);

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);
  g_assert_null (bb_flow_get_template (fixture->flow)->sender);
  g_assert_false (gtk_widget_get_visible (fixture->sender_row));
  g_assert_cmpstr (entry_text (fixture->subject_row), ==, EMULATOR_SUBJECT);

  /* Editing keeps the draft without a sender, and the save sends none. */
  gtk_editable_set_text (GTK_EDITABLE (fixture->subject_row), "Quarterly report");
  g_assert_null (bb_flow_get_draft (fixture->flow)->sender);
  g_assert_cmpint (save_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);
  {
    g_autoptr(JsonObject) record = bb_test_emulator_get_record (fixture->emu);
    JsonArray *saves = record_array (record, "template_saves");
    JsonObject *save = json_array_get_object_element (saves, 0);

    g_assert_cmpuint (json_array_get_length (saves), ==, 1);
    g_assert_false (json_object_get_boolean_member (save, "sender_present"));
  }
}

static void
test_email_keys (Fixture       *fixture,
                 gconstpointer  data)
{
  bb_test_emulator_control (fixture->emu, "config", "template_keys", "email", NULL);

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);
  g_assert_cmpstr (entry_text (fixture->subject_row), ==, EMULATOR_SUBJECT);
  g_assert_cmpstr (entry_text (fixture->sender_row), ==, EMULATOR_SENDER);
  g_assert_true (gtk_widget_get_visible (fixture->sender_row));
  g_assert_cmpuint (gtk_text_buffer_get_char_count (fixture->buffer), >, 0);
}

static void
test_edit_save (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonObject) record = NULL;
  JsonObject *save;

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);

  gtk_editable_set_text (GTK_EDITABLE (fixture->subject_row), "Your parcel could not be delivered");
  g_assert_true (bb_flow_get_draft_dirty (fixture->flow));
  g_assert_cmpstr (bb_flow_get_draft (fixture->flow)->subject, ==, "Your parcel could not be delivered");
  g_assert_cmpstr (bb_flow_get_template (fixture->flow)->subject, ==, EMULATOR_SUBJECT);
  g_assert_true (action_enabled (fixture, "_Save"));
  g_assert_true (action_enabled (fixture, "Re_vert"));
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page), "Unsaved changes"));

  /* Leaving and coming back (activate again) keeps the edit and reads nothing. */
  g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);
  g_assert_cmpstr (entry_text (fixture->subject_row), ==, "Your parcel could not be delivered");
  g_assert_cmpuint (count_requests (fixture, "GET", NULL), ==, 1);
  settle_preview (fixture);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "template-dirty");

  g_assert_cmpint (save_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);
  record = bb_test_emulator_get_record (fixture->emu);
  g_assert_cmpuint (json_array_get_length (record_array (record, "template_saves")), ==, 1);
  save = json_array_get_object_element (record_array (record, "template_saves"), 0);
  g_assert_cmpstr (json_object_get_string_member (save, "subject"), ==, "Your parcel could not be delivered");
  g_assert_true (json_object_get_boolean_member (save, "sender_present"));
  g_assert_cmpstr (json_object_get_string_member (save, "sender"), ==, EMULATOR_SENDER);
  g_assert_true (json_object_get_boolean_member (save, "saved"));

  g_assert_cmpstr (bb_flow_get_template (fixture->flow)->subject, ==, "Your parcel could not be delivered");
  g_assert_false (bb_flow_get_draft_dirty (fixture->flow));
  g_assert_false (action_enabled (fixture, "_Save"));
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_null (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page), "Unsaved changes"));

  /* The Console has it now: a fresh flow reads the saved subject. */
  {
    g_autoptr(BbFlow) flow = bb_flow_new ();

    bb_flow_set_console (flow, fixture->console, "Default Flock");
    bb_template_page_set_flow (fixture->page, flow);
    g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);
    g_assert_cmpstr (entry_text (fixture->subject_row), ==, "Your parcel could not be delivered");
    bb_template_page_set_flow (fixture->page, fixture->flow);
  }
}

static void
test_edit_html (Fixture       *fixture,
                gconstpointer  data)
{
  g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);

  gtk_text_buffer_set_text (fixture->buffer, "<p>Your invoice is attached.</p>", -1);
  g_assert_cmpstr (bb_flow_get_draft (fixture->flow)->html, ==, "<p>Your invoice is attached.</p>");
  g_assert_true (bb_flow_get_draft_dirty (fixture->flow));
  g_assert_cmpstr (bb_preview_view_get_html (bb_template_page_get_preview (fixture->page)), ==,
                   "<p>Your invoice is attached.</p>");

  /* Another page on the same flow (as after Back and forth) shows the draft. */
  {
    GtkWidget *page = bb_template_page_new ();

    g_object_ref_sink (page);
    bb_template_page_set_flow (BB_TEMPLATE_PAGE (page), fixture->flow);
    bb_template_page_activate (BB_TEMPLATE_PAGE (page));
    g_assert_cmpint (bb_template_page_get_state (BB_TEMPLATE_PAGE (page)), ==, BB_TEMPLATE_STATE_READY);
    g_assert_true (bb_flow_get_draft_dirty (fixture->flow));
    g_assert_cmpstr (bb_flow_get_draft (fixture->flow)->html, ==, "<p>Your invoice is attached.</p>");
    bb_template_page_set_flow (BB_TEMPLATE_PAGE (page), NULL);
    g_object_unref (page);
  }
  g_assert_cmpuint (count_requests (fixture, "GET", NULL), ==, 1);

  g_assert_cmpint (save_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);
  g_assert_cmpstr (bb_flow_get_template (fixture->flow)->html, ==, "<p>Your invoice is attached.</p>");
  g_assert_false (bb_flow_get_draft_dirty (fixture->flow));
}

static void
test_empty_subject (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *note;

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);

  gtk_editable_set_text (GTK_EDITABLE (fixture->subject_row), "   ");
  g_assert_false (action_enabled (fixture, "C_ontinue"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.save", NULL));
  g_assert_cmpint (bb_template_page_get_state (fixture->page), ==, BB_TEMPLATE_STATE_READY);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);

  g_assert_true (gtk_widget_has_css_class (fixture->subject_row, "error"));
  note = bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page), "The subject cannot be empty");
  g_assert_nonnull (note);
  g_assert_cmpuint (count_requests (fixture, "POST", NULL), ==, 0);
  g_assert_cmpuint (count_template_saves (fixture), ==, 0);
  settle_preview (fixture);
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "template-empty-subject");

  /* Typing clears the mark; Continue comes back. */
  gtk_editable_set_text (GTK_EDITABLE (fixture->subject_row), "Payroll update");
  g_assert_false (gtk_widget_has_css_class (fixture->subject_row, "error"));
  g_assert_false (gtk_widget_get_visible (note));
  g_assert_true (action_enabled (fixture, "C_ontinue"));
}

static void
test_empty_html (Fixture       *fixture,
                 gconstpointer  data)
{
  g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);

  gtk_text_buffer_set_text (fixture->buffer, " \n ", -1);
  g_assert_false (action_enabled (fixture, "C_ontinue"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.save", NULL));
  g_assert_cmpint (bb_template_page_get_state (fixture->page), ==, BB_TEMPLATE_STATE_READY);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page), "The HTML cannot be empty"));
  g_assert_cmpuint (count_requests (fixture, "POST", NULL), ==, 0);
}

static void
test_sender (Fixture       *fixture,
             gconstpointer  data)
{
  static const char * const refused[] = {
    "not an address", "it@", "IT <it@contoso>", "IT it@contoso.com", "<>", "IT <a@b.com> x",
  };
  const char *message = "Enter an address like it@contoso.com, or a name and address like IT <it@contoso.com>";
  g_autoptr(JsonObject) record = NULL;
  JsonObject *save;

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      gtk_editable_set_text (GTK_EDITABLE (fixture->sender_row), refused[i]);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.save", NULL));
      g_assert_cmpint (bb_template_page_get_state (fixture->page), ==, BB_TEMPLATE_STATE_READY);
      g_assert_true (gtk_widget_has_css_class (fixture->sender_row, "error"));
    }
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page), message));
  g_assert_cmpuint (count_requests (fixture, "POST", NULL), ==, 0);
  settle_preview (fixture);
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "template-invalid-sender");

  /* A name with the address in angle brackets is fine, and sent trimmed. */
  gtk_editable_set_text (GTK_EDITABLE (fixture->sender_row), " IT Service Desk <it@contoso.com> ");
  g_assert_false (gtk_widget_has_css_class (fixture->sender_row, "error"));
  g_assert_cmpint (save_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);
  record = bb_test_emulator_get_record (fixture->emu);
  save = json_array_get_object_element (record_array (record, "template_saves"), 0);
  g_assert_cmpstr (json_object_get_string_member (save, "sender"), ==, "IT Service Desk <it@contoso.com>");

  /* An empty sender is allowed: the field is then left out. */
  gtk_editable_set_text (GTK_EDITABLE (fixture->sender_row), "");
  g_assert_cmpint (save_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);
  g_clear_pointer (&record, json_object_unref);
  record = bb_test_emulator_get_record (fixture->emu);
  save = json_array_get_object_element (record_array (record, "template_saves"), 1);
  g_assert_false (json_object_get_boolean_member (save, "sender_present"));
}

static void
test_save_fault_retry (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *html = NULL;
  GtkWidget *retry;

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);

  gtk_editable_set_text (GTK_EDITABLE (fixture->subject_row), "Action required: mailbox quota");
  gtk_text_buffer_set_text (fixture->buffer, "<p>Your mailbox is almost full.</p>", -1);
  bb_test_emulator_control (fixture->emu, "fault", "endpoint", "email", "kind", "html500",
                            "count", "1", NULL);

  g_assert_cmpint (save_and_wait (fixture), ==, BB_TEMPLATE_STATE_ERROR);
  g_assert_cmpstr (bb_template_page_get_error_message (fixture->page), ==, "Could not save the bait email");
  /* One POST, not retried by the client. */
  g_assert_cmpuint (count_requests (fixture, "POST", NULL), ==, 1);
  g_assert_cmpuint (count_template_saves (fixture), ==, 0);

  /* The edits are all still there. */
  g_assert_true (bb_flow_get_draft_dirty (fixture->flow));
  g_assert_cmpstr (bb_flow_get_draft (fixture->flow)->subject, ==, "Action required: mailbox quota");
  g_assert_cmpstr (entry_text (fixture->subject_row), ==, "Action required: mailbox quota");
  html = buffer_text (fixture);
  g_assert_cmpstr (html, ==, "<p>Your mailbox is almost full.</p>");

  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page), "Could not save the bait email"));
  retry = bb_ui_test_find (GTK_WIDGET (fixture->page), GTK_TYPE_BUTTON, "_Retry");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_get_mapped (retry));
  g_assert_true (gtk_widget_get_sensitive (retry));
  settle_preview (fixture);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "template-save-error");

  /* Leaving and coming back keeps the error and the edits. */
  g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_ERROR);
  g_assert_cmpstr (entry_text (fixture->subject_row), ==, "Action required: mailbox quota");

  g_signal_emit_by_name (retry, "clicked");
  g_assert_cmpint (bb_template_page_get_state (fixture->page), ==, BB_TEMPLATE_STATE_SAVING);
  g_assert_cmpint (wait_settled (fixture), ==, BB_TEMPLATE_STATE_READY);
  g_assert_null (bb_template_page_get_error_message (fixture->page));
  g_assert_cmpuint (count_template_saves (fixture), ==, 1);
  g_assert_cmpstr (bb_flow_get_template (fixture->flow)->subject, ==, "Action required: mailbox quota");
  g_assert_false (bb_flow_get_draft_dirty (fixture->flow));
}

static void
test_load_fault (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *status;

  bb_test_emulator_control (fixture->emu, "fault", "endpoint", "email", "kind", "html500",
                            "count", "0", NULL);

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_ERROR);
  g_assert_cmpstr (bb_template_page_get_error_message (fixture->page), ==, "Could not load the bait email");
  g_assert_null (bb_flow_get_template (fixture->flow));
  status = bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_STATUS_PAGE,
                            "Could not load the bait email");
  g_assert_nonnull (status);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_true (gtk_widget_get_mapped (status));
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "template-load-error");

  bb_test_emulator_control (fixture->emu, "clear-faults", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.reload", NULL));
  g_assert_cmpint (wait_settled (fixture), ==, BB_TEMPLATE_STATE_READY);
  g_assert_cmpstr (entry_text (fixture->subject_row), ==, EMULATOR_SUBJECT);
}

static void
test_revert (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *html = NULL;

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);

  gtk_editable_set_text (GTK_EDITABLE (fixture->subject_row), "Changed");
  gtk_editable_set_text (GTK_EDITABLE (fixture->sender_row), "someone@else.example");
  gtk_text_buffer_set_text (fixture->buffer, "<p>Changed</p>", -1);
  g_assert_true (bb_flow_get_draft_dirty (fixture->flow));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.revert", NULL));
  g_assert_false (bb_flow_get_draft_dirty (fixture->flow));
  g_assert_cmpstr (entry_text (fixture->subject_row), ==, EMULATOR_SUBJECT);
  g_assert_cmpstr (entry_text (fixture->sender_row), ==, EMULATOR_SENDER);
  html = buffer_text (fixture);
  g_assert_cmpstr (html, ==, bb_flow_get_template (fixture->flow)->html);
  g_assert_false (action_enabled (fixture, "Re_vert"));
  g_assert_cmpuint (count_requests (fixture, "POST", NULL), ==, 0);
}

static void
rendered_cb (BbPreviewView *preview,
             gboolean      *flag)
{
  *flag = TRUE;
}

static void
wait_rendered (BbPreviewView *preview)
{
  gboolean rendered = FALSE;
  gulong handler = g_signal_connect (preview, "rendered", G_CALLBACK (rendered_cb), &rendered);

  bb_test_wait_for_flag (&rendered);
  g_signal_handler_disconnect (preview, handler);
}

/* Every way the HTML could reach the network or run code. */
static char *
hostile_html (Fixture *fixture)
{
  const char *url = bb_test_emulator_get_url (fixture->emu);

  return g_strdup_printf ("<!DOCTYPE html>\n<html><head><title>Lockdown test</title>\n"
                          "<link rel=\"stylesheet\" href=\"%s/style.css\">\n"
                          "<link rel=\"prefetch\" href=\"%s/prefetch\">\n"
                          "<style>@import url(\"%s/import.css\"); body { background: url(\"%s/bg.png\"); }</style>\n"
                          "</head><body>\n"
                          "<p>Hello</p>\n"
                          "<img src=\"%s/tracker.png\" width=\"1\" height=\"1\">\n"
                          "<script>document.title='ran'</script>\n"
                          "<img src=\"x\" onerror=\"document.title='ran'\">\n"
                          "<iframe src=\"%s/frame\"></iframe>\n"
                          "<video src=\"%s/video.mp4\" autoplay></video>\n"
                          "<object data=\"%s/object\"></object>\n"
                          "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">\n"
                          "</body></html>\n",
                          url, url, url, url, url, url, url, url);
}

static const char * const hostile_paths[] = {
  "/style.css", "/prefetch", "/import.css", "/bg.png", "/tracker.png", "/frame", "/video.mp4",
  "/object", "/x",
};

static guint
count_hostile_requests (Fixture *fixture)
{
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (hostile_paths); i++)
    n += count_requests (fixture, NULL, hostile_paths[i]);

  return n;
}

static void
loading_changed_cb (WebKitWebView *web_view,
                    GParamSpec    *pspec,
                    gboolean      *stopped)
{
  if (!webkit_web_view_is_loading (web_view))
    *stopped = TRUE;
}

static void
test_preview_lockdown (Fixture       *fixture,
                       gconstpointer  data)
{
  BbPreviewView *preview = bb_template_page_get_preview (fixture->page);
  g_autofree char *html = hostile_html (fixture);
  WebKitWebView *web_view;

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);

  /* Shown, so the web view exists; its first render is the Console's HTML. */
  web_view = WEBKIT_WEB_VIEW (bb_preview_view_get_web_view (preview));
  g_assert_nonnull (web_view);
  g_assert_false (webkit_settings_get_enable_javascript (webkit_web_view_get_settings (web_view)));
  g_assert_true (webkit_network_session_is_ephemeral (webkit_web_view_get_network_session (web_view)));
  if (webkit_web_view_is_loading (web_view))
    wait_rendered (preview);

  /* Typed into the editor: the preview follows after the pause, not at once. */
  gtk_text_buffer_set_text (fixture->buffer, html, -1);
  g_assert_cmpstr (bb_preview_view_get_html (preview), ==, html);
  wait_rendered (preview);

  /* It did render this document ... */
  g_assert_cmpstr (webkit_web_view_get_title (web_view), ==, "Lockdown test");
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, "about:blank");
  /* ... ran nothing and fetched nothing. */
  g_assert_cmpuint (count_hostile_requests (fixture), ==, 0);
  settle_preview (fixture);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "template-preview-lockdown");

  /* Any other navigation is refused: the load stops, nothing is fetched and our
   * document stays. */
  {
    g_autofree char *target = g_strdup_printf ("%s/clicked", bb_test_emulator_get_url (fixture->emu));
    gboolean stopped = FALSE;
    gulong handler;

    handler = g_signal_connect (web_view, "notify::is-loading", G_CALLBACK (loading_changed_cb), &stopped);
    webkit_web_view_load_uri (web_view, target);
    if (!webkit_web_view_is_loading (web_view))
      stopped = TRUE;
    bb_test_wait_for_flag (&stopped);
    g_signal_handler_disconnect (web_view, handler);
    g_assert_cmpuint (count_requests (fixture, NULL, "/clicked"), ==, 0);
    g_assert_cmpstr (webkit_web_view_get_title (web_view), ==, "Lockdown test");
  }
}

/* The same document in an unrestricted view does reach the emulator: proves the
 * lockdown test above can fail. */
static void
control_load_cb (WebKitWebView   *view,
                 WebKitLoadEvent  event,
                 gboolean        *finished)
{
  if (event == WEBKIT_LOAD_FINISHED)
    *finished = TRUE;
}

static void
test_preview_control (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(WebKitNetworkSession) session = webkit_network_session_new_ephemeral ();
  g_autofree char *html = hostile_html (fixture);
  gboolean finished = FALSE;
  GtkWidget *view;

  view = g_object_new (WEBKIT_TYPE_WEB_VIEW, "network-session", session, NULL);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window), view);
  g_signal_connect (view, "load-changed", G_CALLBACK (control_load_cb), &finished);
  webkit_web_view_load_html (WEBKIT_WEB_VIEW (view), html, "about:blank");
  bb_test_wait_for_flag (&finished);

  g_assert_cmpuint (count_requests (fixture, NULL, "/tracker.png"), >=, 1);
  g_assert_cmpuint (count_requests (fixture, NULL, "/frame"), >=, 1);
  g_assert_cmpstr (webkit_web_view_get_title (WEBKIT_WEB_VIEW (view)), ==, "ran");
}

static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  BbPreviewView *preview = bb_template_page_get_preview (fixture->page);
  GtkWidget *preview_toggle;
  GtkWidget *source_toggle;

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_TEMPLATE_STATE_READY);
  settle_preview (fixture);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "template-wide");

  bb_ui_test_resize (fixture->window, 360, 640);
  preview_toggle = bb_ui_test_find (GTK_WIDGET (fixture->page), GTK_TYPE_TOGGLE_BUTTON, "_Preview");
  source_toggle = bb_ui_test_find (GTK_WIDGET (fixture->page), GTK_TYPE_TOGGLE_BUTTON, "_HTML");
  g_assert_nonnull (preview_toggle);
  g_assert_true (gtk_widget_get_mapped (preview_toggle));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (preview)));
  g_assert_true (gtk_widget_get_mapped (fixture->subject_row));
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "template-narrow");

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (preview_toggle), TRUE);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (preview)));
  if (webkit_web_view_is_loading (WEBKIT_WEB_VIEW (bb_preview_view_get_web_view (preview))))
    wait_rendered (preview);
  settle_preview (fixture);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "template-narrow-preview");

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (source_toggle), TRUE);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (preview)));
}

static void
test_loading (Fixture       *fixture,
              gconstpointer  data)
{
  bb_test_emulator_control (fixture->emu, "fault", "endpoint", "email", "kind", "slow",
                            "delay_ms", "500", "count", "1", NULL);

  bb_template_page_activate (fixture->page);
  g_assert_cmpint (bb_template_page_get_state (fixture->page), ==, BB_TEMPLATE_STATE_LOADING);
  g_assert_false (action_enabled (fixture, "C_ontinue"));
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "template-loading");
  g_assert_cmpint (wait_settled (fixture), ==, BB_TEMPLATE_STATE_READY);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) application = NULL;

  gtk_test_init (&argc, &argv, NULL);
  application = app = bb_ui_test_init_app ();

  g_test_add_func ("/bb/ui/template-page/new-destroy", test_new_destroy);
  g_test_add_func ("/bb/ui/template-page/wrap-html", test_wrap_html);
#define ADD(path, func) \
  g_test_add ("/bb/ui/template-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("load", test_load);
  ADD ("loading", test_loading);
  ADD ("no-sender", test_no_sender);
  ADD ("email-keys", test_email_keys);
  ADD ("edit-save", test_edit_save);
  ADD ("edit-html", test_edit_html);
  ADD ("empty-subject", test_empty_subject);
  ADD ("empty-html", test_empty_html);
  ADD ("sender", test_sender);
  ADD ("save-fault-retry", test_save_fault_retry);
  ADD ("load-fault", test_load_fault);
  ADD ("revert", test_revert);
  ADD ("preview-lockdown", test_preview_lockdown);
  ADD ("preview-control", test_preview_control);
  ADD ("narrow", test_narrow);
#undef ADD

  return g_test_run ();
}
