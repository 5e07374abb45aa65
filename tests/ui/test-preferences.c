/* test-preferences.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bb-connect-page.h"
#include "bb-preferences-window.h"
#include "bb-secrets.h"
#include "bb-test-utils.h"
#include "bb-ui-test-utils.h"
#include "bb-window.h"

#define OTHER_CONSOLE "https://ab12cd34.canary.tools"
#define KEEP_CONSOLE  "https://keep.example.com"

static GtkApplication *app;

/* ---- Keyring helpers: run one call to completion ----------------------- */

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  bb_test_wait_for_pointer ((gpointer *) result);
  return *result;
}

/* TRUE when a Secret Service is usable; otherwise skips the test, or fails it under
 * build-aux/test-session (BB_REQUIRE_KEYRING), where a missing keyring is a bug. */
static gboolean
require_keyring (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) consoles = NULL;
  g_autoptr(GError) error = NULL;
  const char *required = g_getenv ("BB_REQUIRE_KEYRING");

  bb_secrets_list_consoles_async (NULL, got_result_cb, &result);
  consoles = bb_secrets_list_consoles_finish (wait_result (&result), &error);
  if (consoles != NULL)
    return TRUE;

  if (required != NULL && *required != '\0')
    g_test_fail_printf ("No usable Secret Service (%s)", error->message);
  else
    g_test_skip ("No usable Secret Service; run the tests with build-aux/run-tests");

  return FALSE;
}

static void
store_token (const char *url,
             const char *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bb_secrets_store_token_async (url, token, NULL, got_result_cb, &result);
  g_assert_true (bb_secrets_store_token_finish (wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
clear_token (const char *url)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bb_secrets_clear_token_async (url, NULL, got_result_cb, &result);
  g_assert_true (bb_secrets_clear_token_finish (wait_result (&result), &error));
  g_assert_no_error (error);
}

/* The saved token, or NULL. Free with bb_secrets_free(). */
static char *
lookup_token (const char *url)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  bb_secrets_lookup_token_async (url, NULL, got_result_cb, &result);
  token = bb_secrets_lookup_token_finish (wait_result (&result), &error);
  g_assert_no_error (error);

  return token;
}

/* Compares without printing: a token never appears in test output. */
static gboolean
token_equals (const char *token,
              const char *expected)
{
  return token != NULL && expected != NULL && g_str_equal (token, expected);
}

/* ---- Preferences window ------------------------------------------------ */

static void
wait_consoles_loaded (BbPreferencesWindow *prefs)
{
  while (bb_preferences_window_get_consoles_state (prefs) == BB_PREFERENCES_CONSOLES_LOADING)
    g_main_context_iteration (NULL, TRUE);
}

static BbPreferencesWindow *
open_preferences (void)
{
  BbPreferencesWindow *prefs = BB_PREFERENCES_WINDOW (bb_preferences_window_new (NULL));

  gtk_window_set_default_size (GTK_WINDOW (prefs), 560, 640);
  gtk_window_present (GTK_WINDOW (prefs));
  wait_consoles_loaded (prefs);
  bb_ui_test_wait_frames (GTK_WIDGET (prefs), 2);

  return prefs;
}

static gboolean
model_has (GListModel *model,
           const char *url)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), url) == 0)
      return TRUE;

  return FALSE;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gboolean   *flag)
{
  if (removed > 0)
    *flag = TRUE;
}

static void
test_new_destroy (void)
{
  BbPreferencesWindow *prefs = BB_PREFERENCES_WINDOW (bb_preferences_window_new (NULL));

  g_object_ref (prefs);
  wait_consoles_loaded (prefs);
  g_assert_cmpint (bb_preferences_window_get_consoles_state (prefs), !=,
                   BB_PREFERENCES_CONSOLES_LOADING);
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_finalize_object (prefs);
}

static void
test_forget_console (void)
{
  BbPreferencesWindow *prefs;
  GListModel *consoles;
  GtkWidget *row;
  GtkWidget *button;
  gboolean removed = FALSE;
  char *token;

  if (!require_keyring ())
    return;

  bb_ui_test_reset_settings ();
  store_token (OTHER_CONSOLE, "forget-me");
  store_token (KEEP_CONSOLE, "keep-me");

  prefs = open_preferences ();
  g_assert_cmpint (bb_preferences_window_get_consoles_state (prefs), ==,
                   BB_PREFERENCES_CONSOLES_READY);
  consoles = bb_preferences_window_get_consoles (prefs);
  g_assert_true (model_has (consoles, OTHER_CONSOLE));
  g_assert_true (model_has (consoles, KEEP_CONSOLE));

  /* The row shows the host, with the whole address under it. */
  row = bb_ui_test_find (GTK_WIDGET (prefs), ADW_TYPE_ACTION_ROW, "ab12cd34.canary.tools");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, OTHER_CONSOLE);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (prefs), "preferences-general");

  /* Forget, as the user does: the row's button. */
  button = bb_ui_test_find (row, GTK_TYPE_BUTTON, "_Forget");
  g_assert_nonnull (button);
  g_signal_connect (consoles, "items-changed", G_CALLBACK (items_changed_cb), &removed);
  g_signal_emit_by_name (button, "clicked");
  bb_test_wait_for_flag (&removed);
  g_signal_handlers_disconnect_by_func (consoles, items_changed_cb, &removed);

  g_assert_false (model_has (consoles, OTHER_CONSOLE));
  g_assert_true (model_has (consoles, KEEP_CONSOLE));
  g_assert_null (bb_ui_test_find (GTK_WIDGET (prefs), ADW_TYPE_ACTION_ROW,
                                  "ab12cd34.canary.tools"));

  /* Gone from the real keyring; the other one stays. */
  token = lookup_token (OTHER_CONSOLE);
  g_assert_null (token);
  token = lookup_token (KEEP_CONSOLE);
  g_assert_true (token_equals (token, "keep-me"));
  bb_secrets_free (token);

  /* A fresh window reads the keyring again. */
  gtk_window_destroy (GTK_WINDOW (prefs));
  prefs = open_preferences ();
  g_assert_false (model_has (bb_preferences_window_get_consoles (prefs), OTHER_CONSOLE));
  g_assert_true (model_has (bb_preferences_window_get_consoles (prefs), KEEP_CONSOLE));
  gtk_window_destroy (GTK_WINDOW (prefs));
  clear_token (KEEP_CONSOLE);
}

static void
test_color_scheme (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  AdwStyleManager *style = adw_style_manager_get_default ();
  BbPreferencesWindow *prefs;
  AdwComboRow *row;

  bb_ui_test_reset_settings ();
  prefs = open_preferences ();
  row = ADW_COMBO_ROW (bb_ui_test_find (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW, "Style"));
  g_assert_nonnull (row);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);

  /* The row writes the key, and the application applies it at once. */
  adw_combo_row_set_selected (row, 2);
  bb_ui_test_assert_setting (settings, "color-scheme", "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));

  adw_combo_row_set_selected (row, 1);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (style));

  /* And the row follows the key. */
  g_settings_set_string (settings, "color-scheme", "dark");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 2);

  g_settings_reset (settings, "color-scheme");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
apply_row (GtkWidget  *row,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

static void
test_signin_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *default_endpoint = NULL;
  BbPreferencesWindow *prefs;
  GtkWidget *endpoint, *client_id, *redirect, *scope;

  bb_ui_test_reset_settings ();
  default_endpoint = g_settings_get_string (settings, "authorize-endpoint");
  prefs = open_preferences ();
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "signin");

  endpoint = bb_ui_test_find (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Authorize endpoint");
  client_id = bb_ui_test_find (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Application (client) ID");
  redirect = bb_ui_test_find (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Redirect URI");
  scope = bb_ui_test_find (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Scope");
  g_assert_nonnull (endpoint);
  g_assert_nonnull (client_id);
  g_assert_nonnull (redirect);
  g_assert_nonnull (scope);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (endpoint)), ==, default_endpoint);

  /* A plain http endpoint off loopback is refused in place. */
  apply_row (endpoint, "http://login.example.com/authorize");
  bb_ui_test_assert_setting (settings, "authorize-endpoint", default_endpoint);
  g_assert_true (gtk_widget_has_css_class (endpoint, "error"));

  apply_row (endpoint, "https://login.example.com/tenant/oauth2/v2.0/authorize");
  bb_ui_test_assert_setting (settings, "authorize-endpoint",
                             "https://login.example.com/tenant/oauth2/v2.0/authorize");
  g_assert_false (gtk_widget_has_css_class (endpoint, "error"));

  apply_row (client_id, "  11111111-2222-3333-4444-555555555555 ");
  bb_ui_test_assert_setting (settings, "client-id", "11111111-2222-3333-4444-555555555555");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (client_id)), ==,
                   "11111111-2222-3333-4444-555555555555");
  apply_row (redirect, "https://ab12cd34.canary.tools/office365/callback");
  bb_ui_test_assert_setting (settings, "redirect-uri",
                             "https://ab12cd34.canary.tools/office365/callback");
  apply_row (scope, "openid offline_access");
  bb_ui_test_assert_setting (settings, "scope", "openid offline_access");
  bb_ui_test_screenshot_schemes (GTK_WIDGET (prefs), "preferences-signin");

  /* Reset puts the keys and the fields back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.reset-signin", NULL));
  bb_ui_test_assert_setting (settings, "client-id", "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (client_id)), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (endpoint)), ==, default_endpoint);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (scope)), ==, "");

  /* Narrow: the view switcher moves to the bottom. */
  bb_ui_test_resize (GTK_WINDOW (prefs), 360, 640);
  bb_ui_test_screenshot (GTK_WIDGET (prefs), "preferences-signin-narrow");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static GtkWidget *
find_about_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (window))
        return window;
    }

  return NULL;
}

/* The app actions and their accelerators, and the About window they open. */
static void
test_app_actions (void)
{
  g_auto(GStrv) prefs_accels = NULL;
  g_auto(GStrv) help_accels = NULL;
  BbWindow *window;
  GtkWidget *about;

  bb_ui_test_reset_settings ();
  window = bb_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  bb_ui_test_wait_frames (GTK_WIDGET (window), 2);

  prefs_accels = gtk_application_get_accels_for_action (app, "app.preferences");
  g_assert_cmpstr (prefs_accels[0], ==, "<Control>comma");
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = find_about_window ();
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==,
                   GTK_LICENSE_GPL_3_0);
  g_assert_nonnull (adw_about_window_get_website (ADW_ABOUT_WINDOW (about)));
  g_assert_nonnull (adw_about_window_get_issue_url (ADW_ABOUT_WINDOW (about)));
  bb_ui_test_wait_frames (about, 2);
  bb_ui_test_screenshot_schemes (about, "about");
  gtk_window_destroy (GTK_WINDOW (about));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

        if (BB_IS_PREFERENCES_WINDOW (w))
          {
            g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (w)) == GTK_WINDOW (window));
            wait_consoles_loaded (BB_PREFERENCES_WINDOW (w));
            gtk_window_destroy (GTK_WINDOW (w));
            found = TRUE;
            break;
          }
      }
    g_assert_true (found);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- The Connect page and the keyring ----------------------------------- */

typedef struct {
  BbTestEmulator *emu;
  GtkWindow      *window;
  BbConnectPage  *page;
  GtkWidget      *address_row;
  GtkWidget      *token_row;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  bb_ui_test_reset_settings ();
  fixture->emu = bb_test_emulator_start (NULL);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->page = BB_CONNECT_PAGE (bb_connect_page_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  fixture->address_row = bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_ENTRY_ROW,
                                          "Console address");
  fixture->token_row = bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_PASSWORD_ENTRY_ROW,
                                        "API token");
  g_assert_nonnull (fixture->address_row);
  g_assert_nonnull (fixture->token_row);
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_pointer (&fixture->emu, bb_test_emulator_stop);
}

static void
wait_keyring_idle (BbConnectPage *page)
{
  gboolean busy;

  for (g_object_get (page, "keyring-busy", &busy, NULL);
       busy;
       g_object_get (page, "keyring-busy", &busy, NULL))
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
token_from_keyring (BbConnectPage *page)
{
  gboolean from_keyring;

  g_object_get (page, "token-from-keyring", &from_keyring, NULL);
  return from_keyring;
}

/* A remembered address (as at start) brings its saved token. */
static void
test_connect_offers_saved_token (Fixture       *fixture,
                                 gconstpointer  data)
{
  const char *url = bb_test_emulator_get_url (fixture->emu);

  if (!require_keyring ())
    return;

  store_token (url, BB_TEST_TOKEN);
  bb_connect_page_set_address (fixture->page, url);
  wait_keyring_idle (fixture->page);

  g_assert_true (token_from_keyring (fixture->page));
  g_assert_true (token_equals (gtk_editable_get_text (GTK_EDITABLE (fixture->token_row)),
                               BB_TEST_TOKEN));
  g_assert_cmpint (bb_ui_test_connect_and_wait (fixture->page), ==, BB_CONNECT_STATE_CONNECTED);
  wait_keyring_idle (fixture->page);

  /* Another Console without a token: the first one's token does not follow. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.disconnect", NULL);
  bb_connect_page_set_address (fixture->page, OTHER_CONSOLE);
  wait_keyring_idle (fixture->page);
  g_assert_false (token_from_keyring (fixture->page));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->token_row)), ==, "");

  clear_token (url);
}

/* A token the user typed is never replaced by the saved one. */
static void
test_connect_typed_token_wins (Fixture       *fixture,
                               gconstpointer  data)
{
  const char *url = bb_test_emulator_get_url (fixture->emu);

  if (!require_keyring ())
    return;

  store_token (url, "saved-token");
  gtk_editable_set_text (GTK_EDITABLE (fixture->token_row), "typed-token");
  bb_connect_page_set_address (fixture->page, url);
  wait_keyring_idle (fixture->page);

  g_assert_false (token_from_keyring (fixture->page));
  g_assert_true (token_equals (gtk_editable_get_text (GTK_EDITABLE (fixture->token_row)),
                               "typed-token"));
  clear_token (url);
}

/* Connecting saves the token with Remember on, and removes it with Remember off. */
static void
test_connect_remembers (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *url = bb_test_emulator_get_url (fixture->emu);
  gboolean remember;
  char *token;

  if (!require_keyring ())
    return;

  clear_token (url);
  g_object_get (fixture->page, "remember-token", &remember, NULL);
  g_assert_true (remember);
  g_assert_nonnull (bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_ACTION_ROW,
                                     "_Remember token"));

  gtk_editable_set_text (GTK_EDITABLE (fixture->address_row), url);
  gtk_editable_set_text (GTK_EDITABLE (fixture->token_row), BB_TEST_TOKEN);
  g_assert_cmpint (bb_ui_test_connect_and_wait (fixture->page), ==, BB_CONNECT_STATE_CONNECTED);
  wait_keyring_idle (fixture->page);
  token = lookup_token (url);
  g_assert_true (token_equals (token, BB_TEST_TOKEN));
  bb_secrets_free (token);

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.disconnect", NULL);
  g_object_set (fixture->page, "remember-token", FALSE, NULL);
  g_assert_cmpint (bb_ui_test_connect_and_wait (fixture->page), ==, BB_CONNECT_STATE_CONNECTED);
  wait_keyring_idle (fixture->page);
  token = lookup_token (url);
  g_assert_null (token);
}

/* A wrong token is not saved. */
static void
test_connect_wrong_token_not_saved (Fixture       *fixture,
                                    gconstpointer  data)
{
  const char *url = bb_test_emulator_get_url (fixture->emu);
  char *token;

  if (!require_keyring ())
    return;

  clear_token (url);
  gtk_editable_set_text (GTK_EDITABLE (fixture->address_row), url);
  gtk_editable_set_text (GTK_EDITABLE (fixture->token_row), "wrong-token");
  g_assert_cmpint (bb_ui_test_connect_and_wait (fixture->page), ==, BB_CONNECT_STATE_ERROR);
  wait_keyring_idle (fixture->page);
  token = lookup_token (url);
  g_assert_null (token);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) application = NULL;

  gtk_test_init (&argc, &argv, NULL);
  application = app = bb_ui_test_init_app ();

  g_test_add_func ("/bb/ui/preferences/new-destroy", test_new_destroy);
  g_test_add_func ("/bb/ui/preferences/forget-console", test_forget_console);
  g_test_add_func ("/bb/ui/preferences/color-scheme", test_color_scheme);
  g_test_add_func ("/bb/ui/preferences/signin-settings", test_signin_settings);
  g_test_add_func ("/bb/ui/preferences/app-actions", test_app_actions);
#define ADD(path, func) \
  g_test_add ("/bb/ui/connect-keyring/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("offers-saved-token", test_connect_offers_saved_token);
  ADD ("typed-token-wins", test_connect_typed_token_wins);
  ADD ("remembers", test_connect_remembers);
  ADD ("wrong-token-not-saved", test_connect_wrong_token_not_saved);
#undef ADD

  return g_test_run ();
}
