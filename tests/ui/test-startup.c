/* test-startup.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * What the window leaves out of start-up. This program links baitbox's code but not
 * the pages that need WebKit and GtkSourceView, as baitbox does: the window loads
 * libbaitbox-web.so from BAITBOX_MODULE_DIR (the build tree, tests/meson.build)
 * when one of them is first needed, and shows an error page in its place when the
 * module cannot be loaded. The other pages and the shortcuts window are made when
 * first needed too. (How fast start-up is: tests/bench, not here.)
 */

#include "config.h"

#include <string.h>

#include "bb-ui-test-utils.h"
#include "bb-web-module.h"
#include "bb-window.h"

static GtkApplication *app;

/* Whether a library whose file name starts with @name is mapped into this process. */
static gboolean
library_mapped (const char *name)
{
  g_autofree char *maps = NULL;
  g_autofree char *needle = g_strconcat ("/", name, NULL);

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, needle) != NULL;
}

/* The children of @stack. */
static guint
count_children (GtkWidget *stack)
{
  guint n = 0;

  g_assert_true (GTK_IS_STACK (stack));
  for (GtkWidget *child = gtk_widget_get_first_child (stack);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

/* The pages made so far. */
static guint
count_pages (BbWindow *window)
{
  return count_children (gtk_widget_get_parent (GTK_WIDGET (bb_window_get_connect_page (window))));
}

static void
test_loaded_on_demand (void)
{
  BbWindow *window = bb_window_new (app);
  GtkWidget *template_page;
  GtkWidget *signin_page;

  /* Showing the window needs neither WebKit nor GtkSourceView. */
  bb_ui_test_present (GTK_WINDOW (window), 2);
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "connect");
  g_assert_false (bb_web_module_is_loaded ());
  g_assert_false (library_mapped ("libwebkitgtk-6.0.so"));
  g_assert_false (library_mapped ("libgtksourceview-5.so"));
  g_assert_false (library_mapped ("libbaitbox-web.so"));
  g_assert_cmpuint (g_type_from_name ("BbSigninPage"), ==, 0);
  /* Only the Connect page is made at first; the others when first needed, which
   * for the Exchange flow's pages does not load the module either. */
  g_assert_cmpuint (count_pages (window), ==, 1);
  g_assert_nonnull (bb_window_get_page (window, "mailboxes"));
  g_assert_cmpuint (count_pages (window), ==, 2);
  g_assert_null (bb_window_get_page (window, "nonexistent"));
  g_assert_false (bb_web_module_is_loaded ());

  /* The template page brings the module, and with it both libraries. */
  template_page = bb_window_get_page (window, "template");
  g_assert_nonnull (template_page);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (template_page), ==, "BbTemplatePage");
  g_assert_true (bb_web_module_is_loaded ());
  g_assert_true (library_mapped ("libbaitbox-web.so"));
  g_assert_true (library_mapped ("libwebkitgtk-6.0.so"));
  g_assert_true (library_mapped ("libgtksourceview-5.so"));

  /* The page works with the window's flow, which it took from baitbox. */
  {
    g_autoptr(BbFlow) flow = NULL;

    g_object_get (template_page, "flow", &flow, NULL);
    g_assert_true (flow == bb_window_get_flow (window));
  }

  signin_page = bb_window_get_page (window, "signin");
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (signin_page), ==, "BbSigninPage");
  g_assert_true (bb_window_get_page (window, "signin") == signin_page);
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "connect");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
missing_subprocess (void)
{
  g_autoptr(GError) error = NULL;
  BbWindow *window;
  GtkWidget *page;

  g_setenv ("BAITBOX_MODULE_DIR", "/nonexistent/baitbox", TRUE);
  window = bb_window_new (app);
  gtk_window_present (GTK_WINDOW (window));

  /* Each page of the module says what went wrong instead of showing. */
  for (guint i = 0; i < 2; i++)
    {
      page = bb_window_get_page (window, i == 0 ? "signin" : "template");
      g_assert_true (ADW_IS_STATUS_PAGE (page));
      g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==,
                       "This Page Could Not Be Loaded");
      g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)),
                                "/nonexistent/baitbox/libbaitbox-web.so"));
    }
  bb_ui_test_wait_frames (GTK_WIDGET (window), 2);
  g_assert_false (bb_web_module_is_loaded ());
  g_assert_null (bb_web_module_load (&error));
  g_assert_error (error, BB_WEB_MODULE_ERROR, BB_WEB_MODULE_ERROR_FAILED);

  /* The rest of the window goes on working. */
  g_assert_nonnull (bb_window_get_page (window, "review"));
  g_assert_cmpstr (bb_window_get_page_name (window), ==, "connect");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The first frame builds and sizes the Connect form alone: its other states are
 * built on the first connect, and neither stack measures pages not shown. */
static void
test_connect_states_on_demand (void)
{
  BbWindow *window = bb_window_new (app);
  BbConnectPage *page = bb_window_get_connect_page (window);
  GtkWidget *pages = gtk_widget_get_parent (GTK_WIDGET (page));
  GtkWidget *states = gtk_widget_get_first_child (GTK_WIDGET (page));
  GtkWidget *title;
  GtkWidget *spinner;
  GtkWidget *cancel;

  bb_ui_test_present (GTK_WINDOW (window), 2);

  g_assert_true (GTK_IS_STACK (states));
  g_assert_cmpuint (count_children (states), ==, 1);
  g_assert_nonnull (gtk_stack_get_child_by_name (GTK_STACK (states), "form"));
  for (GtkStack *stack = GTK_STACK (states); stack != NULL;
       stack = stack == GTK_STACK (states) ? GTK_STACK (pages) : NULL)
    {
      g_assert_false (gtk_stack_get_hhomogeneous (stack));
      g_assert_false (gtk_stack_get_vhomogeneous (stack));
    }

  /* A connect (to a port where nothing listens) builds them, once. */
  bb_connect_page_set_address (page, "http://127.0.0.1:9");
  bb_connect_page_set_auth_token (page, "test-token");
  bb_connect_page_connect (page);
  g_assert_cmpint (bb_connect_page_get_state (page), ==, BB_CONNECT_STATE_BUSY);
  g_assert_cmpuint (count_children (states), ==, 4);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (states)), ==, "busy");
  bb_ui_test_wait_frames (GTK_WIDGET (window), 1);
  title = bb_ui_test_find_shown_label (states, "Connecting to 127.0.0.1");
  g_assert_nonnull (title);
  g_assert_true (gtk_widget_is_ancestor (title, gtk_stack_get_child_by_name (GTK_STACK (states), "busy")));
  /* Built apart from the page, they still follow its state and its actions. */
  spinner = bb_ui_test_find (states, GTK_TYPE_SPINNER, NULL);
  g_assert_nonnull (spinner);
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  cancel = bb_ui_test_find (gtk_stack_get_child_by_name (GTK_STACK (states), "busy"), GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (cancel);
  g_assert_true (gtk_widget_is_sensitive (cancel));
  gtk_widget_activate_action (GTK_WIDGET (page), "page.cancel", NULL);
  g_assert_cmpint (bb_connect_page_get_state (page), ==, BB_CONNECT_STATE_FORM);
  bb_connect_page_connect (page);
  g_assert_cmpuint (count_children (states), ==, 4);
  gtk_widget_activate_action (GTK_WIDGET (page), "page.cancel", NULL);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* baitbox --connect: the connect starts before the window is shown. */
static void
test_connect_states_before_shown (void)
{
  BbWindow *window = bb_window_new (app);
  BbConnectPage *page = bb_window_get_connect_page (window);
  GtkWidget *states = gtk_widget_get_first_child (GTK_WIDGET (page));
  GtkWidget *busy;

  bb_window_prefill (window, "http://127.0.0.1:9", NULL, "test-token", TRUE);
  g_assert_cmpint (bb_connect_page_get_state (page), ==, BB_CONNECT_STATE_BUSY);
  bb_ui_test_present (GTK_WINDOW (window), 2);

  busy = gtk_stack_get_child_by_name (GTK_STACK (states), "busy");
  g_assert_true (gtk_stack_get_visible_child (GTK_STACK (states)) == busy);
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (bb_ui_test_find (busy, GTK_TYPE_SPINNER, NULL))));
  g_assert_true (gtk_widget_is_sensitive (bb_ui_test_find (busy, GTK_TYPE_BUTTON, NULL)));
  g_assert_true (gtk_widget_get_mapped (bb_ui_test_find (busy, GTK_TYPE_SPINNER, NULL)));

  gtk_widget_activate_action (GTK_WIDGET (page), "page.cancel", NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* In a process of its own: the module that failed to load stays failed. */
static void
test_missing (void)
{
  if (g_test_subprocess ())
    {
      missing_subprocess ();
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The shortcuts windows there are, and the last of them in *@last. */
static guint
count_shortcuts_windows (GtkWindow **last)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (!GTK_IS_SHORTCUTS_WINDOW (toplevel))
        continue;
      n++;
      if (last != NULL)
        *last = GTK_WINDOW (toplevel);
    }

  return n;
}

static void
test_help_overlay (void)
{
  BbWindow *window = bb_window_new (app);
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, "win.show-help-overlay");
  GtkWindow *overlay = NULL;

  /* Not built with the window, but when first asked for; the usual shortcut. */
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>question"));
  g_assert_cmpuint (count_shortcuts_windows (NULL), ==, 0);

  for (guint round = 0; round < 2; round++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay",
                                                 NULL));
      g_assert_cmpuint (count_shortcuts_windows (&overlay), ==, 1);
      g_assert_true (gtk_window_get_transient_for (overlay) == GTK_WINDOW (window));
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
      /* Closing hides it; the next time shows the same one. */
      gtk_window_close (overlay);
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));
    }

  /* It goes with its window. */
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_cmpuint (count_shortcuts_windows (NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) application = NULL;

  gtk_test_init (&argc, &argv, NULL);
  application = app = bb_ui_test_init_app ();

  g_test_add_func ("/bb/ui/startup/module-missing", test_missing);
  g_test_add_func ("/bb/ui/startup/loaded-on-demand", test_loaded_on_demand);
  g_test_add_func ("/bb/ui/startup/help-overlay", test_help_overlay);
  g_test_add_func ("/bb/ui/startup/connect-states-on-demand", test_connect_states_on_demand);
  g_test_add_func ("/bb/ui/startup/connect-states-before-shown", test_connect_states_before_shown);

  return g_test_run ();
}
