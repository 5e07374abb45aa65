/* test-source-page.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bb-secrets.h"
#include "bb-test-utils.h"
#include "bb-source-page.h"
#include "bb-ui-test-utils.h"

/* The page sends nothing to the Console: a Console is needed for its base URL only,
 * which keys the remembered Exchange password. Nothing listens there. */
#define CONSOLE_URL "http://127.0.0.1:9"

static GtkApplication *app;

typedef struct {
  GtkWindow    *window;
  BbSourcePage *page;
  BbFlow       *flow;
  guint         n_done;
} Fixture;

static void
done_cb (BbSourcePage *page,
         Fixture      *fixture)
{
  fixture->n_done++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BbConsole) console = bb_console_new (CONSOLE_URL, NULL);

  g_assert_nonnull (console);

  fixture->flow = bb_flow_new ();
  bb_flow_set_console (fixture->flow, console, "Default Flock");

  fixture->window = GTK_WINDOW (gtk_application_window_new (app));
  gtk_window_set_default_size (fixture->window, 600, 640);
  fixture->page = BB_SOURCE_PAGE (bb_source_page_new ());
  bb_source_page_set_flow (fixture->page, fixture->flow);
  g_signal_connect (fixture->page, "done", G_CALLBACK (done_cb), fixture);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  bb_source_page_activate (fixture->page);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->flow);
}

static GtkEditable *
field (Fixture    *fixture,
       const char *title)
{
  GtkWidget *row = bb_ui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  return GTK_EDITABLE (row);
}

static void
continue_ (Fixture *fixture)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.continue", NULL);
}

static void
test_microsoft_365 (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkEditable *email = field (fixture, "Administrator email");
  GtkWidget *error;

  g_assert_cmpint (bb_source_page_get_source (fixture->page), ==, BB_MAILBOX_SOURCE_MICROSOFT_365);
  g_assert_cmpstr (gtk_editable_get_text (email), ==, "");
  g_assert_cmpint (bb_source_page_get_state (fixture->page), ==, BB_SOURCE_STATE_INVALID);

  /* Continue does nothing while the form is incomplete. */
  continue_ (fixture);
  g_assert_cmpuint (fixture->n_done, ==, 0);

  /* Not an address: refused in place once the user pressed Enter. */
  gtk_editable_set_text (email, "admin");
  g_assert_cmpint (bb_source_page_get_state (fixture->page), ==, BB_SOURCE_STATE_INVALID);
  g_assert_null (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page),
                                              "Enter an email address, like admin@contoso.com"));
  g_signal_emit_by_name (email, "entry-activated");
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  error = bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page),
                                       "Enter an email address, like admin@contoso.com");
  g_assert_nonnull (error);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (email), "error"));
  g_assert_cmpuint (fixture->n_done, ==, 0);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "source-invalid");

  gtk_editable_set_text (email, "  admin@contoso.com ");
  g_assert_cmpint (bb_source_page_get_state (fixture->page), ==, BB_SOURCE_STATE_READY);
  g_assert_false (gtk_widget_get_visible (error));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (email), "error"));
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "source-microsoft-365");

  continue_ (fixture);
  g_assert_cmpuint (fixture->n_done, ==, 1);
  g_assert_cmpint (bb_flow_get_source (fixture->flow), ==, BB_MAILBOX_SOURCE_MICROSOFT_365);
  g_assert_cmpstr (bb_flow_get_admin_email (fixture->flow), ==, "admin@contoso.com");
  g_assert_null (bb_flow_get_exchange (fixture->flow));

  g_autofree char *saved = g_settings_get_string (settings, "admin-email");
  g_assert_cmpstr (saved, ==, "admin@contoso.com");
}

static void
test_prefilled (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *page;
  GtkWidget *row;

  bb_ui_test_reset_settings ();
  g_settings_set_string (settings, "admin-email", "it@fabrikam.example");

  page = g_object_ref_sink (bb_source_page_new ());
  row = bb_ui_test_find (page, ADW_TYPE_ENTRY_ROW, "Administrator email");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "it@fabrikam.example");
  g_assert_cmpint (bb_source_page_get_state (BB_SOURCE_PAGE (page)), ==, BB_SOURCE_STATE_READY);
  g_object_unref (page);

  bb_ui_test_reset_settings ();
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **password = user_data;
  g_autoptr(GError) error = NULL;

  *password = bb_secrets_lookup_exchange_password_finish (result, &error);
  if (*password == NULL && error != NULL)
    *password = g_strdup (bb_secrets_error_is_unavailable (error) ? "<unavailable>" : "<error>");
  else if (*password == NULL)
    *password = g_strdup ("<none>");
}

static char *
lookup_password (const char *username)
{
  char *password = NULL;

  bb_secrets_lookup_exchange_password_async (CONSOLE_URL, username, NULL, lookup_cb, &password);
  bb_test_wait_for_pointer ((gpointer *) &password);

  return password;
}

static void
test_exchange (Fixture       *fixture,
               gconstpointer  data)
{
  GtkEditable *username, *password;
  GtkSwitch *remember;
  const BbExchangeCredentials *credentials;
  g_autofree char *stored = NULL;
  g_autofree char *probe = lookup_password ("probe-user");

  if (g_strcmp0 (probe, "<unavailable>") == 0 && g_getenv ("BB_REQUIRE_KEYRING") == NULL)
    {
      g_test_skip ("No Secret Service in this session");
      return;
    }
  g_assert_cmpstr (probe, ==, "<none>");

  bb_source_page_set_source (fixture->page, BB_MAILBOX_SOURCE_EXCHANGE);
  username = field (fixture, "Exchange user name");
  password = field (fixture, "Password");
  remember = GTK_SWITCH (bb_ui_test_find (GTK_WIDGET (fixture->page), GTK_TYPE_SWITCH, NULL));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (username)));
  g_assert_false (gtk_switch_get_active (remember));
  g_assert_cmpint (bb_source_page_get_state (fixture->page), ==, BB_SOURCE_STATE_INVALID);

  gtk_editable_set_text (username, "exchange-admin");
  g_assert_cmpint (bb_source_page_get_state (fixture->page), ==, BB_SOURCE_STATE_INVALID);
  gtk_editable_set_text (password, "exchange-pass");
  g_assert_cmpint (bb_source_page_get_state (fixture->page), ==, BB_SOURCE_STATE_READY);
  gtk_switch_set_active (remember, TRUE);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "source-exchange");

  continue_ (fixture);
  g_assert_cmpuint (fixture->n_done, ==, 1);
  credentials = bb_flow_get_exchange (fixture->flow);
  g_assert_nonnull (credentials);
  g_assert_cmpstr (credentials->username, ==, "exchange-admin");
  g_assert_cmpstr (credentials->password, ==, "exchange-pass");

  /* Stored under the Console and user name: wait until the keyring has it. */
  for (;;)
    {
      g_clear_pointer (&stored, g_free);
      stored = lookup_password ("exchange-admin");
      if (g_strcmp0 (stored, "<none>") != 0)
        break;
    }
  g_assert_cmpstr (stored, ==, "exchange-pass");

  /* A new page (the next run) fills it in for that user name. */
  {
    g_autoptr(BbFlow) flow = bb_flow_new ();
    g_autoptr(BbConsole) console = bb_console_new (CONSOLE_URL, NULL);
    GtkWidget *page = bb_source_page_new ();
    GtkEditable *again;

    bb_flow_set_console (flow, console, "Default Flock");
    bb_flow_set_source (flow, BB_MAILBOX_SOURCE_EXCHANGE);
    bb_flow_set_exchange_credentials (flow, "exchange-admin", NULL);
    bb_source_page_set_flow (BB_SOURCE_PAGE (page), flow);
    gtk_window_set_child (fixture->window, page);
    bb_source_page_activate (BB_SOURCE_PAGE (page));

    again = GTK_EDITABLE (bb_ui_test_find (page, ADW_TYPE_ENTRY_ROW, "Password"));
    while (gtk_editable_get_text (again)[0] == '\0')
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpstr (gtk_editable_get_text (again), ==, "exchange-pass");
    g_assert_cmpint (bb_source_page_get_state (BB_SOURCE_PAGE (page)), ==, BB_SOURCE_STATE_READY);
    g_assert_true (gtk_switch_get_active (GTK_SWITCH (bb_ui_test_find (page, GTK_TYPE_SWITCH,
                                                                       NULL))));
  }
}

static void
test_accessible_names (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *titles[] = { "Administrator email", "Exchange user name", "Password" };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkEditable *row = field (fixture, titles[i]);

      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, titles[i]);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (gtk_editable_get_delegate (row)),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, titles[i]);
    }

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (bb_ui_test_find (GTK_WIDGET (fixture->page),
                                                                        GTK_TYPE_SWITCH, NULL)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Remember password");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) application = NULL;

  gtk_test_init (&argc, &argv, NULL);
  application = app = bb_ui_test_init_app ();

  g_test_add_func ("/bb/ui/source-page/prefilled", test_prefilled);
  g_test_add ("/bb/ui/source-page/microsoft-365", Fixture, NULL,
              fixture_set_up, test_microsoft_365, fixture_tear_down);
  g_test_add ("/bb/ui/source-page/exchange", Fixture, NULL,
              fixture_set_up, test_exchange, fixture_tear_down);
  g_test_add ("/bb/ui/source-page/accessible-names", Fixture, NULL,
              fixture_set_up, test_accessible_names, fixture_tear_down);

  return g_test_run ();
}
