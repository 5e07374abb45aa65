/* test-window.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bb-ui-test-utils.h"
#include "bb-window.h"

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
  /* Buttons made by libadwaita or GtkMenuButton internals are theirs to name. */
  else if (GTK_IS_BUTTON (root) && !inside_type (root, GTK_TYPE_MENU_BUTTON) &&
           !inside_type (root, ADW_TYPE_HEADER_BAR) && !inside_type (root, ADW_TYPE_ENTRY_ROW))
    {
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
  guint n_checked = 0;

  check_buttons (GTK_WIDGET (window), &n_checked);
  g_assert_cmpuint (n_checked, >=, 3);

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
  g_test_add_func ("/bb/ui/window/size-saved", test_size_saved);
  g_test_add_func ("/bb/ui/window/remembered-address", test_remembered_address);

  return g_test_run ();
}
