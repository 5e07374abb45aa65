/* test-window.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bb-test-utils.h"
#include "bb-ui-test-utils.h"
#include "bb-window.h"
#include "pages/bb-signin-page.h"
#include "pages/bb-source-page.h"

static GtkApplication *app;

static void
test_new_destroy (void)
{
  BbWindow *window = bb_window_new (app);

  g_assert_true (BB_IS_CONNECT_PAGE (bb_window_get_connect_page (window)));
  g_assert_cmpstr (bb_window_get_subtitle (window), ==, "");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
assert_accel (const char *action,
              const char *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, action);

  g_assert_true (g_strv_contains ((const char * const *) accels, accel));
}

static void
test_accels (void)
{
  assert_accel ("app.quit", "<Control>q");
  assert_accel ("window.close", "<Control>w");
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
}

static gboolean
inside_type (GtkWidget *widget,
             GType      type)
{
  return gtk_widget_get_ancestor (gtk_widget_get_parent (widget), type) != NULL;
}

/* "GtkButton < GtkBox < … < BbSourcePage", to say which button lacks a name. */
static char *
describe_widget (GtkWidget *widget)
{
  GString *path = g_string_new (G_OBJECT_TYPE_NAME (widget));

  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
    {
      g_string_append_printf (path, " < %s", G_OBJECT_TYPE_NAME (w));
      if (g_str_has_prefix (G_OBJECT_TYPE_NAME (w), "Bb"))
        break;
    }

  return g_string_free (path, FALSE);
}

/* Every shown button has a name: its own label, or an accessible label (which
 * icon-only buttons must carry next to their tooltip). */
static void
check_buttons (GtkWidget *root,
               guint     *n_checked)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_buttons (child, n_checked);

  if (!gtk_widget_get_visible (root))
    return;

  if (GTK_IS_MENU_BUTTON (root))
    {
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (root),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));
      g_assert_nonnull (gtk_widget_get_tooltip_text (root));
      (*n_checked)++;
    }
  /* A drop-down's name is its own; its inner button is GTK's. */
  else if (GTK_IS_DROP_DOWN (root))
    {
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (root),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));
      (*n_checked)++;
    }
  /* Buttons made by libadwaita, GtkMenuButton or GtkDropDown internals are theirs
   * to name. */
  else if (GTK_IS_BUTTON (root) && !inside_type (root, GTK_TYPE_MENU_BUTTON) &&
           !inside_type (root, GTK_TYPE_DROP_DOWN) &&
           !inside_type (root, ADW_TYPE_HEADER_BAR) && !inside_type (root, ADW_TYPE_ENTRY_ROW))
    {
      if (gtk_button_get_label (GTK_BUTTON (root)) == NULL &&
          !gtk_test_accessible_has_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL))
        {
          g_autofree char *path = describe_widget (root);

          g_test_message ("Button without a name: %s", path);
        }
      if (gtk_button_get_label (GTK_BUTTON (root)) == NULL)
        g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (root),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL));
      (*n_checked)++;
    }
}

static void
test_accessible_names (void)
{
  BbWindow *window = bb_window_new (app);
  BbConnectPage *page = bb_window_get_connect_page (window);
  const char *pages[] = { "source", "signin", "mailboxes", "template", "review", "progress" };
  guint n_checked = 0;

  /* Pages are made when first needed: make them all, to check every button; the
   * Connect page's states other than the form are made by a first connect. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    g_assert_nonnull (bb_window_get_page (window, pages[i]));
  bb_window_prefill (window, "http://127.0.0.1:9", NULL, "test-token", TRUE);
  g_assert_cmpint (bb_connect_page_get_state (page), ==, BB_CONNECT_STATE_BUSY);
  gtk_widget_activate_action (GTK_WIDGET (page), "page.cancel", NULL);

  check_buttons (GTK_WIDGET (window), &n_checked);
  g_assert_cmpuint (n_checked, >=, 20);

  /* The entries are named after their rows. */
  for (guint i = 0; i < 2; i++)
    {
      const char *title = i == 0 ? "Console address" : "API token";
      GtkWidget *row = bb_ui_test_find (GTK_WIDGET (page), ADW_TYPE_ENTRY_ROW, title);
      GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));

      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, title);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (delegate),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, title);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The main menu's popover is made when first opened, with every item. */
static void
test_main_menu (void)
{
  BbWindow *window = bb_window_new (app);
  GtkWidget *button;
  GMenuModel *menu;

  bb_ui_test_present (GTK_WINDOW (window), 1);
  button = bb_ui_test_find (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_nonnull (button);
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Main Menu");

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  g_assert_nonnull (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_nonnull (menu);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 1);
  g_assert_cmpint (g_menu_model_get_n_items (g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION)),
                   ==, 3);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_size_saved (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  BbWindow *window;
  int width, height;

  bb_ui_test_reset_settings ();
  g_settings_set_int (settings, "window-width", 500);
  g_settings_set_int (settings, "window-height", 640);

  window = bb_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 500);
  g_assert_cmpint (height, ==, 640);

  gtk_window_present (GTK_WINDOW (window));
  bb_ui_test_resize (GTK_WINDOW (window), 420, 600);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  /* Closing saves the size, and destroys the window. */
  gtk_window_close (GTK_WINDOW (window));

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, width);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, height);
  g_assert_cmpint (width, >=, 420);
  g_assert_cmpint (width, <, 500);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static void
test_remembered_address (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  BbWindow *window;
  BbConnectPage *page;

  bb_ui_test_reset_settings ();
  g_settings_set_string (settings, "console-address", "https://ab12cd34.canary.tools");
  g_settings_set_string (settings, "flock-id", "flock:abc");

  window = bb_window_new (app);
  page = bb_window_get_connect_page (window);
  g_assert_cmpstr (bb_connect_page_get_address (page), ==, "https://ab12cd34.canary.tools");
  g_assert_cmpstr (bb_connect_page_get_flock_id (page), ==, "flock:abc");

  /* The command line wins over what was remembered; empty values do not. */
  bb_window_prefill (window, "ef56ab78", "", "", FALSE);
  g_assert_cmpstr (bb_connect_page_get_address (page), ==, "ef56ab78");
  g_assert_cmpstr (bb_connect_page_get_flock_id (page), ==, "flock:abc");
  g_assert_cmpint (bb_connect_page_get_state (page), ==, BB_CONNECT_STATE_FORM);

  /* No token: --connect cannot connect. */
  bb_window_prefill (window, NULL, NULL, NULL, TRUE);
  g_assert_cmpint (bb_connect_page_get_state (page), ==, BB_CONNECT_STATE_FORM);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
state_changed_cb (GObject    *object,
                  GParamSpec *pspec,
                  gboolean   *changed)
{
  *changed = TRUE;
}

/* Connects to the emulator with --connect and waits for the flock picker. */
static void
connect_window (BbWindow       *window,
                BbTestEmulator *emu)
{
  BbConnectPage *page = bb_window_get_connect_page (window);

  bb_window_prefill (window, bb_test_emulator_get_url (emu), NULL, BB_TEST_TOKEN, TRUE);
  while (bb_connect_page_get_state (page) == BB_CONNECT_STATE_BUSY)
    {
      gboolean changed = FALSE;
      gulong id = g_signal_connect (page, "notify::state", G_CALLBACK (state_changed_cb), &changed);

      bb_test_wait_for_flag (&changed);
      g_signal_handler_disconnect (page, id);
    }
  g_assert_cmpint (bb_connect_page_get_state (page), ==, BB_CONNECT_STATE_CONNECTED);
}

static gboolean
back_shown (BbWindow *window)
{
  GtkWidget *button = bb_ui_test_find (GTK_WIDGET (window), GTK_TYPE_BUTTON, NULL);

  /* The first button in the header is Back. */
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.back");
  return gtk_widget_get_visible (button);
}

static void
test_navigation (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  BbWindow *window;
  GtkWidget *source;
  BbFlow *flow;

  bb_ui_test_reset_settings ();
  window = bb_window_new (app);
  flow = bb_window_get_flow (window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "connect");
  g_assert_false (back_shown (window));
  g_assert_false (bb_window_go_back (window));

  connect_window (window, emu);
  g_assert_cmpstr (bb_window_get_subtitle (window), ==, "127.0.0.1 · Default Flock");
  gtk_widget_activate_action (GTK_WIDGET (bb_window_get_connect_page (window)),
                              "page.continue", NULL);

  /* One flow, given to every page; the Console went into it. */
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "source");
  g_assert_true (back_shown (window));
  g_assert_nonnull (bb_flow_get_console (flow));
  g_assert_cmpstr (bb_flow_get_flock_id (flow), ==, "flock:default");
  source = bb_window_get_page (window, "source");
  g_assert_true (bb_source_page_get_flow (BB_SOURCE_PAGE (source)) == flow);
  g_assert_true (bb_signin_page_get_flow (BB_SIGNIN_PAGE (bb_window_get_page (window, "signin"))) == flow);

  /* Microsoft 365, not signed in: the sign-in page; Cancel goes back to the source. */
  bb_source_page_set_source (BB_SOURCE_PAGE (source), BB_MAILBOX_SOURCE_MICROSOFT_365);
  g_signal_emit_by_name (source, "done");
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "signin");
  g_signal_emit_by_name (bb_window_get_page (window, "signin"), "cancelled");
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "source");

  /* Exchange skips the sign-in. */
  bb_flow_set_source (flow, BB_MAILBOX_SOURCE_EXCHANGE);
  g_signal_emit_by_name (source, "done");
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "mailboxes");
  g_signal_emit_by_name (bb_window_get_page (window, "mailboxes"), "done");
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "template");
  g_signal_emit_by_name (bb_window_get_page (window, "template"), "done");
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "review");
  g_signal_emit_by_name (bb_window_get_page (window, "review"), "edit-template");
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "template");

  /* A refused password goes back to the source page. */
  g_signal_emit_by_name (bb_window_get_page (window, "template"), "done");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "template");
  g_assert_true (bb_window_go_back (window));
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "mailboxes");
  g_signal_emit_by_name (bb_window_get_page (window, "mailboxes"), "credentials-needed");
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "source");

  /* Sign-in needed from the list: signed-in goes back to the list. */
  bb_flow_set_source (flow, BB_MAILBOX_SOURCE_MICROSOFT_365);
  bb_flow_set_signed_in (flow, TRUE);
  g_signal_emit_by_name (source, "done");
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "mailboxes");
  g_signal_emit_by_name (bb_window_get_page (window, "mailboxes"), "sign-in-needed");
  g_assert_false (bb_flow_get_signed_in (flow));
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "signin");
  g_signal_emit_by_name (bb_window_get_page (window, "signin"), "signed-in");
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "mailboxes");

  /* Back to the Console, and on again with another flock: the flow starts over. */
  bb_flow_set_signed_in (flow, TRUE);
  while (bb_window_go_back (window))
    ;
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "connect");
  g_assert_false (back_shown (window));
  bb_connect_page_set_flock_id (bb_window_get_connect_page (window), "flock:london");
  gtk_widget_activate_action (GTK_WIDGET (bb_window_get_connect_page (window)),
                              "page.continue", NULL);
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "source");
  g_assert_cmpstr (bb_flow_get_flock_id (flow), ==, "flock:london");
  g_assert_cmpstr (bb_flow_get_flock_name (flow), ==, "London Office");
  g_assert_false (bb_flow_get_signed_in (flow));
  g_assert_cmpstr (bb_window_get_subtitle (window), ==, "127.0.0.1 · London Office");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_back_accel (void)
{
  BbWindow *window = bb_window_new (app);
  GtkShortcutController *found = NULL;
  GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  gboolean has_alt_left = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !has_alt_left; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      found = GTK_SHORTCUT_CONTROLLER (controller);
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (found)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (found), j);
          g_autoptr(GtkShortcutTrigger) expected = gtk_keyval_trigger_new (GDK_KEY_Left,
                                                                             GDK_ALT_MASK);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), expected))
            has_alt_left = TRUE;
        }
    }
  g_object_unref (controllers);

  g_assert_true (has_alt_left);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) application = NULL;

  gtk_test_init (&argc, &argv, NULL);
  application = app = bb_ui_test_init_app ();

  g_test_add_func ("/bb/ui/window/new-destroy", test_new_destroy);
  g_test_add_func ("/bb/ui/window/accels", test_accels);
  g_test_add_func ("/bb/ui/window/accessible-names", test_accessible_names);
  g_test_add_func ("/bb/ui/window/main-menu", test_main_menu);
  g_test_add_func ("/bb/ui/window/size-saved", test_size_saved);
  g_test_add_func ("/bb/ui/window/remembered-address", test_remembered_address);
  g_test_add_func ("/bb/ui/window/navigation", test_navigation);
  g_test_add_func ("/bb/ui/window/back-accel", test_back_accel);

  return g_test_run ();
}
