/* test-connect-page.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bb-test-utils.h"
#include "bb-ui-test-utils.h"
#include "bb-window.h"

static GtkApplication *app;

typedef struct {
  BbTestEmulator *emu;
  BbWindow       *window;
  BbConnectPage  *page;
  GtkWidget      *address_row;
  GtkWidget      *token_row;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const *extra_args = data;

  bb_ui_test_reset_settings ();
  fixture->emu = bb_test_emulator_start (extra_args);
  fixture->window = bb_window_new (app);
  fixture->page = bb_window_get_connect_page (fixture->window);
  fixture->address_row = bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_ENTRY_ROW,
                                          "Console address");
  fixture->token_row = bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_PASSWORD_ENTRY_ROW,
                                        "API token");
  g_assert_nonnull (fixture->address_row);
  g_assert_nonnull (fixture->token_row);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 600, 720);
  gtk_window_present (GTK_WINDOW (fixture->window));
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_pointer (&fixture->emu, bb_test_emulator_stop);
}

static void
state_changed_cb (BbConnectPage *page,
                  GParamSpec    *pspec,
                  gboolean      *settled)
{
  if (bb_connect_page_get_state (page) != BB_CONNECT_STATE_BUSY)
    *settled = TRUE;
}

/* Fills the fields as a user would, activates page.connect and waits for the
 * page to leave BUSY. */
static BbConnectState
fill_and_connect (Fixture    *fixture,
                  const char *address,
                  const char *token)
{
  gtk_editable_set_text (GTK_EDITABLE (fixture->address_row), address);
  gtk_editable_set_text (GTK_EDITABLE (fixture->token_row), token);

  return bb_ui_test_connect_and_wait (fixture->page);
}

static guint
count_requests (BbTestEmulator *emu)
{
  g_autoptr(JsonObject) record = bb_test_emulator_get_record (emu);
  JsonArray *requests = json_object_get_array_member (record, "requests");

  return json_array_get_length (requests);
}

static void
test_new_destroy (void)
{
  GtkWidget *page = bb_connect_page_new ();

  g_object_ref_sink (page);
  g_assert_cmpint (bb_connect_page_get_state (BB_CONNECT_PAGE (page)), ==, BB_CONNECT_STATE_FORM);
  g_assert_cmpstr (bb_connect_page_get_flock_id (BB_CONNECT_PAGE (page)), ==, "flock:default");
  g_assert_finalize_object (page);
}

static void
test_connect_needs_both_fields (Fixture       *fixture,
                                gconstpointer  data)
{
  GtkWidget *button = bb_ui_test_find (GTK_WIDGET (fixture->page), GTK_TYPE_BUTTON, "_Connect");

  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));

  gtk_editable_set_text (GTK_EDITABLE (fixture->address_row), "ab12cd34");
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.connect", NULL);
  g_assert_cmpint (bb_connect_page_get_state (fixture->page), ==, BB_CONNECT_STATE_FORM);

  gtk_editable_set_text (GTK_EDITABLE (fixture->token_row), "   ");
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.connect", NULL);
  g_assert_cmpint (bb_connect_page_get_state (fixture->page), ==, BB_CONNECT_STATE_FORM);
  g_assert_cmpuint (count_requests (fixture->emu), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (fixture->token_row), "x");
  g_assert_true (gtk_widget_get_sensitive (button));
}

static void
connected_cb (BbConnectPage *page,
              BbConsole     *console,
              BbConsole    **out)
{
  *out = g_object_ref (console);
}

static void
test_connect (Fixture       *fixture,
              gconstpointer  data)
{
  const char *url = bb_test_emulator_get_url (fixture->emu);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(BbConsole) emitted = NULL;
  g_autofree char *host = NULL;
  AdwComboRow *flock_row;
  GListModel *model;

  gtk_editable_set_text (GTK_EDITABLE (fixture->address_row), url);
  gtk_editable_set_text (GTK_EDITABLE (fixture->token_row), BB_TEST_TOKEN);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "connect-form");
  bb_ui_test_resize (GTK_WINDOW (fixture->window), 360, 640);
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "connect-form-narrow");
  bb_ui_test_resize (GTK_WINDOW (fixture->window), 600, 720);

  g_assert_cmpint (fill_and_connect (fixture, url, BB_TEST_TOKEN), ==, BB_CONNECT_STATE_CONNECTED);
  g_assert_nonnull (bb_connect_page_get_console (fixture->page));
  g_assert_null (bb_connect_page_get_error_message (fixture->page));

  /* The picker lists the emulator's three flocks and starts on flock:default. */
  flock_row = ADW_COMBO_ROW (bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_COMBO_ROW, "Flock"));
  g_assert_nonnull (flock_row);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (flock_row)));
  model = adw_combo_row_get_model (flock_row);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpstr (bb_connect_page_get_flock_id (fixture->page), ==, "flock:default");
  g_assert_cmpstr (bb_console_get_flock_id (bb_connect_page_get_console (fixture->page)), ==,
                   "flock:default");

  /* The header says where we are. */
  host = g_strdup_printf ("127.0.0.1 · %s", bb_connect_page_get_flock_name (fixture->page));
  g_assert_cmpstr (bb_window_get_subtitle (fixture->window), ==, host);
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page), "Connected to 127.0.0.1"));

  /* The address and flock are remembered, the token is not. */
  bb_ui_test_assert_setting (settings, "console-address", url);
  bb_ui_test_assert_setting (settings, "flock-id", "flock:default");

  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "connect-connected");
  bb_ui_test_resize (GTK_WINDOW (fixture->window), 360, 640);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "connect-connected-narrow");

  /* Another flock: page, console, subtitle and settings follow. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (i != adw_combo_row_get_selected (flock_row))
      {
        adw_combo_row_set_selected (flock_row, i);
        break;
      }
  g_assert_cmpstr (bb_connect_page_get_flock_id (fixture->page), !=, "flock:default");
  g_assert_cmpstr (bb_console_get_flock_id (bb_connect_page_get_console (fixture->page)), ==,
                   bb_connect_page_get_flock_id (fixture->page));
  bb_ui_test_assert_setting (settings, "flock-id", bb_connect_page_get_flock_id (fixture->page));
  g_clear_pointer (&host, g_free);
  host = g_strdup_printf ("127.0.0.1 · %s", bb_connect_page_get_flock_name (fixture->page));
  g_assert_cmpstr (bb_window_get_subtitle (fixture->window), ==, host);

  /* Continue hands the console on. */
  g_signal_connect (fixture->page, "connected", G_CALLBACK (connected_cb), &emitted);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.continue", NULL));
  g_assert_true (emitted == bb_connect_page_get_console (fixture->page));

  /* Change Console: back to the form, address kept, header cleared. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.disconnect", NULL));
  g_assert_cmpint (bb_connect_page_get_state (fixture->page), ==, BB_CONNECT_STATE_FORM);
  g_assert_null (bb_connect_page_get_console (fixture->page));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->address_row)), ==, url);
  g_assert_cmpstr (bb_window_get_subtitle (fixture->window), ==, "");
}

static void
test_remembered_flock (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *url = bb_test_emulator_get_url (fixture->emu);
  g_autofree char *other = NULL;
  AdwComboRow *flock_row;

  /* First learn a flock other than the default from a first connection. */
  g_assert_cmpint (fill_and_connect (fixture, url, BB_TEST_TOKEN), ==, BB_CONNECT_STATE_CONNECTED);
  flock_row = ADW_COMBO_ROW (bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_COMBO_ROW, "Flock"));
  adw_combo_row_set_selected (flock_row, adw_combo_row_get_selected (flock_row) == 0 ? 1 : 0);
  other = g_strdup (bb_connect_page_get_flock_id (fixture->page));
  g_assert_cmpstr (other, !=, "flock:default");

  /* A new window starts from the remembered address and flock. */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = bb_window_new (app);
  fixture->page = bb_window_get_connect_page (fixture->window);
  fixture->address_row = bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_ENTRY_ROW,
                                          "Console address");
  fixture->token_row = bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_PASSWORD_ENTRY_ROW,
                                        "API token");
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_cmpstr (bb_connect_page_get_address (fixture->page), ==, url);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->token_row)), ==, "");
  g_assert_cmpstr (bb_connect_page_get_flock_id (fixture->page), ==, other);

  g_assert_cmpint (fill_and_connect (fixture, url, BB_TEST_TOKEN), ==, BB_CONNECT_STATE_CONNECTED);
  g_assert_cmpstr (bb_connect_page_get_flock_id (fixture->page), ==, other);
}

static void
test_prefill_connect (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *url = bb_test_emulator_get_url (fixture->emu);
  gboolean settled = FALSE;

  /* Without auto-connect, prefilling only fills. */
  bb_window_prefill (fixture->window, url, NULL, BB_TEST_TOKEN, FALSE);
  g_assert_cmpint (bb_connect_page_get_state (fixture->page), ==, BB_CONNECT_STATE_FORM);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->token_row)), ==, BB_TEST_TOKEN);
  g_assert_cmpuint (count_requests (fixture->emu), ==, 0);

  g_signal_connect (fixture->page, "notify::state", G_CALLBACK (state_changed_cb), &settled);
  bb_window_prefill (fixture->window, NULL, "flock:nonexistent", NULL, TRUE);
  g_assert_cmpint (bb_connect_page_get_state (fixture->page), ==, BB_CONNECT_STATE_BUSY);
  bb_test_wait_for_flag (&settled);
  g_assert_cmpint (bb_connect_page_get_state (fixture->page), ==, BB_CONNECT_STATE_CONNECTED);
  /* An unknown flock falls back to the default one. */
  g_assert_cmpstr (bb_connect_page_get_flock_id (fixture->page), ==, "flock:default");
}

static void
test_wrong_token (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *url = bb_test_emulator_get_url (fixture->emu);
  const GError *error;
  GtkWidget *focus;

  g_assert_cmpint (fill_and_connect (fixture, url, "not-the-token"), ==, BB_CONNECT_STATE_ERROR);
  error = bb_connect_page_get_error (fixture->page);
  g_assert_error ((GError *) error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_AUTH);
  g_assert_cmpstr (bb_connect_page_get_error_message (fixture->page), ==,
                   "The Console rejected the API token");
  g_assert_null (bb_connect_page_get_console (fixture->page));

  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page),
                                                 "The Console rejected the API token"));
  g_assert_true (gtk_widget_has_css_class (fixture->token_row, "error"));
  g_assert_false (gtk_widget_has_css_class (fixture->address_row, "error"));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, fixture->token_row));

  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "connect-error");
  bb_ui_test_resize (GTK_WINDOW (fixture->window), 360, 720);
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "connect-error-narrow");

  /* Editing the token clears its error mark. */
  gtk_editable_set_text (GTK_EDITABLE (fixture->token_row), BB_TEST_TOKEN);
  g_assert_false (gtk_widget_has_css_class (fixture->token_row, "error"));
}

static void
test_invalid_address (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *address_error;

  g_assert_cmpint (fill_and_connect (fixture, "http://example.com", BB_TEST_TOKEN), ==,
                   BB_CONNECT_STATE_ERROR);
  g_assert_error ((GError *) bb_connect_page_get_error (fixture->page),
                  BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
  g_assert_nonnull (bb_connect_page_get_error_message (fixture->page));

  /* The normaliser's message shows under the field, which is marked. */
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  address_error = bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page),
                                               bb_connect_page_get_error_message (fixture->page));
  g_assert_nonnull (address_error);
  g_assert_true (gtk_widget_has_css_class (address_error, "error"));
  g_assert_true (gtk_widget_has_css_class (fixture->address_row, "error"));

  /* Nothing was sent. */
  g_assert_cmpuint (count_requests (fixture->emu), ==, 0);

  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "connect-invalid-address");

  gtk_editable_set_text (GTK_EDITABLE (fixture->address_row), "ab12cd34");
  g_assert_false (gtk_widget_has_css_class (fixture->address_row, "error"));
  g_assert_false (gtk_widget_get_visible (address_error));
}

static void
test_unavailable (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *url = bb_test_emulator_get_url (fixture->emu);
  GtkWidget *status;

  bb_test_emulator_control (fixture->emu, "config", "office365_mail_token", "false", NULL);

  g_assert_cmpint (fill_and_connect (fixture, url, BB_TEST_TOKEN), ==,
                   BB_CONNECT_STATE_UNAVAILABLE);
  g_assert_null (bb_connect_page_get_console (fixture->page));
  status = bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_STATUS_PAGE,
                            "Office365 mail tokens are not enabled on this Console");
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_get_mapped (status));
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "connect-unavailable");

  /* Once the Console has them, Try Again gets through. */
  bb_test_emulator_control (fixture->emu, "config", "office365_mail_token", "true", NULL);
  g_assert_cmpint (fill_and_connect (fixture, url, BB_TEST_TOKEN), ==, BB_CONNECT_STATE_CONNECTED);
}

static void
test_timeout_retry (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *url = bb_test_emulator_get_url (fixture->emu);
  GtkWidget *retry;
  GtkWidget *revealer;

  g_object_set (fixture->page, "timeout", 1, NULL);
  bb_test_emulator_control (fixture->emu, "fault", "endpoint", "flocks", "kind", "slow",
                            "delay_ms", "3000", "count", "1", NULL);

  g_assert_cmpint (fill_and_connect (fixture, url, BB_TEST_TOKEN), ==, BB_CONNECT_STATE_ERROR);
  g_assert_error ((GError *) bb_connect_page_get_error (fixture->page),
                  BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_TIMEOUT);
  g_assert_cmpstr (bb_connect_page_get_error_message (fixture->page), ==,
                   "127.0.0.1 did not answer in time");

  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  retry = bb_ui_test_find (GTK_WIDGET (fixture->page), GTK_TYPE_BUTTON, "_Retry");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_get_mapped (retry));
  g_assert_true (gtk_widget_get_sensitive (retry));
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "connect-timeout");

  /* Retry goes through now that the fault is used up; the error card, which
   * takes no room while hidden, is hidden again once it has slid away. */
  revealer = gtk_widget_get_ancestor (retry, GTK_TYPE_REVEALER);
  g_assert_true (gtk_widget_get_visible (revealer));
  g_assert_cmpint (fill_and_connect (fixture, url, BB_TEST_TOKEN), ==, BB_CONNECT_STATE_CONNECTED);
  while (gtk_widget_get_visible (revealer))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  const char *url = bb_test_emulator_get_url (fixture->emu);

  /* A ping slow enough to be cancelled (Cancel never waits for it). */
  bb_test_emulator_control (fixture->emu, "fault", "endpoint", "ping", "kind", "slow",
                            "delay_ms", "5000", "count", "1", NULL);

  gtk_editable_set_text (GTK_EDITABLE (fixture->address_row), url);
  gtk_editable_set_text (GTK_EDITABLE (fixture->token_row), BB_TEST_TOKEN);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.connect", NULL));
  g_assert_cmpint (bb_connect_page_get_state (fixture->page), ==, BB_CONNECT_STATE_BUSY);
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "connect-busy");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.cancel", NULL));
  g_assert_cmpint (bb_connect_page_get_state (fixture->page), ==, BB_CONNECT_STATE_FORM);
  g_assert_null (bb_connect_page_get_error_message (fixture->page));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->token_row)), ==, BB_TEST_TOKEN);

  /* The cancelled request's late reply must not disturb a new connection. */
  g_assert_cmpint (fill_and_connect (fixture, url, BB_TEST_TOKEN), ==, BB_CONNECT_STATE_CONNECTED);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 5);
  g_assert_cmpint (bb_connect_page_get_state (fixture->page), ==, BB_CONNECT_STATE_CONNECTED);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) application = NULL;

  gtk_test_init (&argc, &argv, NULL);
  application = app = bb_ui_test_init_app ();

  g_test_add_func ("/bb/ui/connect-page/new-destroy", test_new_destroy);
#define ADD(path, func) \
  g_test_add ("/bb/ui/connect-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("needs-both-fields", test_connect_needs_both_fields);
  ADD ("connect", test_connect);
  ADD ("remembered-flock", test_remembered_flock);
  ADD ("prefill-connect", test_prefill_connect);
  ADD ("wrong-token", test_wrong_token);
  ADD ("invalid-address", test_invalid_address);
  ADD ("unavailable", test_unavailable);
  ADD ("timeout-retry", test_timeout_retry);
  ADD ("cancel", test_cancel);
#undef ADD

  return g_test_run ();
}
