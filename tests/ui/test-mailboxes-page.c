/* test-mailboxes-page.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bb-mailbox-filter.h"
#include "bb-mailbox-row.h"
#include "bb-mailboxes-page.h"
#include "bb-test-utils.h"
#include "bb-ui-test-utils.h"

static GtkApplication *app;

static const char * const signed_in_args[] = { "--signed-in", NULL };

typedef struct {
  BbTestEmulator  *emu;
  BbConsole       *console;
  BbFlow          *flow;
  GtkWindow       *window;
  BbMailboxesPage *page;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const *extra_args = data;
  g_autoptr(GError) error = NULL;
  GtkWidget *box;

  fixture->emu = bb_test_emulator_start (extra_args);
  fixture->console = bb_console_new (bb_test_emulator_get_url (fixture->emu), &error);
  g_assert_no_error (error);
  bb_console_set_auth_token (fixture->console, BB_TEST_TOKEN);
  bb_console_set_retry_delay_ms (fixture->console, 5);

  fixture->flow = bb_flow_new ();
  bb_flow_set_console (fixture->flow, fixture->console, "Default Flock");

  fixture->page = BB_MAILBOXES_PAGE (bb_mailboxes_page_new ());
  bb_mailboxes_page_set_flow (fixture->page, fixture->flow);

  /* The page as the window shows it: under a header bar. */
  fixture->window = GTK_WINDOW (adw_application_window_new (app));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (fixture->page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->page));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window), box);
  gtk_window_set_title (fixture->window, "Baitbox");
  gtk_window_set_default_size (fixture->window, 600, 720);
  gtk_window_present (fixture->window);
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
state_changed_cb (BbMailboxesPage *page,
                  GParamSpec      *pspec,
                  gboolean        *settled)
{
  if (bb_mailboxes_page_get_state (page) != BB_MAILBOXES_STATE_LOADING)
    *settled = TRUE;
}

/* Waits for the page to leave LOADING. */
static BbMailboxesState
wait_settled (Fixture *fixture)
{
  gboolean settled = bb_mailboxes_page_get_state (fixture->page) != BB_MAILBOXES_STATE_LOADING;
  gulong handler = g_signal_connect (fixture->page, "notify::state",
                                     G_CALLBACK (state_changed_cb), &settled);

  bb_test_wait_for_flag (&settled);
  g_signal_handler_disconnect (fixture->page, handler);

  return bb_mailboxes_page_get_state (fixture->page);
}

static BbMailboxesState
activate_and_wait (Fixture *fixture)
{
  bb_mailboxes_page_activate (fixture->page);
  return wait_settled (fixture);
}

static BbMailboxesState
action_and_wait (Fixture    *fixture,
                 const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), action, NULL));
  return wait_settled (fixture);
}

static guint
count_endpoint (Fixture    *fixture,
                const char *endpoint)
{
  g_autoptr(JsonObject) record = bb_test_emulator_get_record (fixture->emu);
  JsonObject *counts = json_object_get_object_member (record, "counts");

  return json_object_has_member (counts, endpoint) ?
         (guint) json_object_get_int_member (counts, endpoint) : 0;
}

static BbMailboxFilter *
get_filter (Fixture *fixture)
{
  return BB_MAILBOX_FILTER (bb_mailboxes_page_get_filter (fixture->page));
}

static guint
n_shown (Fixture *fixture)
{
  return g_list_model_get_n_items (bb_mailboxes_page_get_filter (fixture->page));
}

/* Types into the search entry as a user would and waits for the filter to answer
 * (the entry's search-changed comes after a short delay; replacing the text also
 * passes through "", which the entry reports at once). */
static void
search_for (Fixture    *fixture,
            const char *text)
{
  GtkWidget *entry = bb_ui_test_find (GTK_WIDGET (fixture->page), GTK_TYPE_SEARCH_ENTRY, NULL);
  BbMailboxFilter *filter = get_filter (fixture);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  while (g_strcmp0 (bb_mailbox_filter_get_search (filter), text) != 0)
    g_main_context_iteration (NULL, TRUE);
}

static guint
count_rows (GtkWidget *root)
{
  guint n = BB_IS_MAILBOX_ROW (root) && gtk_widget_get_mapped (root) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_rows (child);

  return n;
}

static BbMailboxRow *
find_row (GtkWidget  *root,
          const char *address)
{
  if (BB_IS_MAILBOX_ROW (root) && gtk_widget_get_mapped (root) &&
      bb_mailbox_row_get_mailbox (BB_MAILBOX_ROW (root)) != NULL &&
      g_strcmp0 (bb_mailbox_get_address (bb_mailbox_row_get_mailbox (BB_MAILBOX_ROW (root))),
                 address) == 0)
    return BB_MAILBOX_ROW (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      BbMailboxRow *found = find_row (child, address);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first row on screen, or NULL. */
static GtkWidget *
first_row (GtkWidget *root)
{
  if (BB_IS_MAILBOX_ROW (root) && gtk_widget_get_mapped (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = first_row (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Every row on screen shows a mailbox whose address contains @text; returns how many. */
static guint
assert_rows_show (GtkWidget  *root,
                  const char *text)
{
  guint n = 0;

  if (BB_IS_MAILBOX_ROW (root) && gtk_widget_get_mapped (root))
    {
      BbMailbox *mailbox = bb_mailbox_row_get_mailbox (BB_MAILBOX_ROW (root));

      g_assert_nonnull (mailbox);
      g_assert_nonnull (strstr (bb_mailbox_get_address (mailbox), text));
      return 1;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += assert_rows_show (child, text);

  return n;
}

static void
select_addresses (Fixture            *fixture,
                  const char * const *addresses)
{
  BbMailboxModel *model = bb_flow_get_mailboxes (fixture->flow);

  for (guint i = 0; addresses[i] != NULL; i++)
    {
      gint position = bb_mailbox_model_find (model, addresses[i]);

      g_assert_cmpint (position, >=, 0);
      bb_mailbox_model_set_selected (model, position, TRUE);
    }
}

static void
signal_cb (BbMailboxesPage *page,
           guint           *count)
{
  (*count)++;
}

static GFile *
temp_file (const char *contents)
{
  g_autoptr(GFileIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  GFile *file = g_file_new_tmp ("baitbox-XXXXXX.csv", &stream, &error);

  g_assert_no_error (error);
  if (contents != NULL)
    {
      g_file_set_contents (g_file_peek_path (file), contents, -1, &error);
      g_assert_no_error (error);
    }

  return file;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
import_file (Fixture     *fixture,
             const char  *contents,
             guint       *n_selected,
             GError     **error)
{
  g_autoptr(GFile) file = temp_file (contents);
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  bb_mailboxes_page_import_file (fixture->page, file, NULL, result_cb, &result);
  bb_test_wait_for_pointer ((gpointer *) &result);
  ok = bb_mailboxes_page_import_file_finish (fixture->page, result, n_selected, error);
  g_file_delete (file, NULL, NULL);

  return ok;
}

/* ------------------------------------------------------------------------ */

static void
test_new_destroy (void)
{
  GtkWidget *page = bb_mailboxes_page_new ();
  GtkWidget *row = bb_mailbox_row_new ();

  g_object_ref_sink (page);
  g_assert_cmpint (bb_mailboxes_page_get_state (BB_MAILBOXES_PAGE (page)), ==,
                   BB_MAILBOXES_STATE_IDLE);
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (BB_MAILBOXES_PAGE (page)), ==,
                   "0 of 0 selected");
  g_assert_finalize_object (page);

  g_object_ref_sink (row);
  g_assert_finalize_object (row);
}

static void
test_load (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_READY);
  g_assert_cmpuint (bb_flow_get_n_mailboxes (fixture->flow), ==, 60);
  g_assert_cmpuint (n_shown (fixture), ==, 60);
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (fixture->page), ==, "0 of 60 selected");
  g_assert_nonnull (bb_ui_test_find_shown_label (page, "0 of 60 selected"));
  g_assert_null (bb_mailboxes_page_get_error_message (fixture->page));

  /* Skipped and merged entries: one quiet line. */
  g_assert_cmpstr (bb_mailboxes_page_get_report_text (fixture->page), ==,
                   "3 entries without a valid address were skipped · 2 duplicates merged");
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_nonnull (bb_ui_test_find_shown_label (page, bb_mailboxes_page_get_report_text (fixture->page)));

  /* Rows: name above address; an address alone when there is no name. */
  g_assert_nonnull (bb_ui_test_find_shown_label (page, "Ann Archer"));
  g_assert_nonnull (bb_ui_test_find_shown_label (page, "ann@contoso.com"));
  g_assert_nonnull (bb_ui_test_find_shown_label (page, "Chloé Dubois"));
  g_assert_nonnull (bb_ui_test_find_shown_label (page, "helpdesk@contoso.com"));

  /* Keyboard: the focus entering the list lands on the first row, and Space
   * (page.toggle-focused, bound on the list) toggles the focused row. */
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_ancestor (GTK_WIDGET (find_row (page, "ann@contoso.com")),
                                                                 GTK_TYPE_LIST_VIEW)));
  g_assert_cmpuint (bb_flow_get_n_selected (fixture->flow), ==, 0);
  g_assert_true (gtk_widget_activate_action (page, "page.toggle-focused", NULL));
  g_assert_cmpuint (bb_flow_get_n_selected (fixture->flow), ==, 1);
  g_assert_true (bb_mailbox_model_get_selected (bb_flow_get_mailboxes (fixture->flow), 0));
  g_assert_true (gtk_widget_activate_action (page, "page.toggle-focused", NULL));
  g_assert_cmpuint (bb_flow_get_n_selected (fixture->flow), ==, 0);

  /* Shown again: the list is there, nothing is reloaded. */
  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_READY);
  g_assert_cmpuint (count_endpoint (fixture, "users/list"), ==, 1);

  select_addresses (fixture, (const char *[]) { "bob@contoso.com", "chloe@fabrikam.example",
                                                "li.lei@contoso.com", NULL });
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (fixture->page), ==, "3 of 60 selected");

  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "mailboxes-list");
  bb_ui_test_resize (fixture->window, 360, 640);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "mailboxes-list-narrow");
}

static void
test_continue (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GtkWidget *button;
  guint done = 0;

  g_signal_connect (page, "done", G_CALLBACK (signal_cb), &done);
  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_READY);

  button = bb_ui_test_find (page, GTK_TYPE_BUTTON, "C_ontinue");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_widget_activate_action (page, "page.continue", NULL);
  g_assert_cmpuint (done, ==, 0);

  select_addresses (fixture, (const char *[]) { "ann@contoso.com", NULL });
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_activate_action (page, "page.continue", NULL));
  g_assert_cmpuint (done, ==, 1);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  BbMailboxRow *row;
  GtkWidget *check;

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_READY);

  /* Ctrl+F's action puts the focus in the search entry. */
  g_assert_true (gtk_widget_activate_action (page, "page.search", NULL));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                         bb_ui_test_find (page, GTK_TYPE_SEARCH_ENTRY, NULL)));

  /* "ann": Ann Archer only (the ANN@ duplicate was merged). */
  search_for (fixture, "ann");
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  g_assert_cmpuint (bb_mailbox_filter_get_n_items (get_filter (fixture)), ==, 1);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  g_assert_cmpuint (count_rows (page), ==, 1);
  g_assert_nonnull (bb_ui_test_find_shown_label (page, "Ann Archer"));
  g_assert_nonnull (bb_ui_test_find_shown_label (page, "ann@contoso.com"));
  g_assert_null (bb_ui_test_find_shown_label (page, "Bob Baker"));
  g_assert_nonnull (bb_ui_test_find_shown_label (page, "1 shown"));

  /* Ticking the row's check button ticks the mailbox, and the other way round. */
  row = find_row (page, "ann@contoso.com");
  g_assert_nonnull (row);
  check = bb_mailbox_row_get_check (row);
  gtk_widget_activate (check);
  g_assert_cmpuint (bb_flow_get_n_selected (fixture->flow), ==, 1);
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (fixture->page), ==, "1 of 60 selected");
  bb_mailbox_model_select_all (bb_flow_get_mailboxes (fixture->flow), FALSE);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  /* Select shown ticks only what the search shows. */
  g_assert_true (gtk_widget_activate_action (page, "page.select-shown", NULL));
  g_assert_cmpuint (bb_flow_get_n_selected (fixture->flow), ==, 1);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_cmpint (bb_mailbox_model_get_selected (bb_flow_get_mailboxes (fixture->flow),
                                                  bb_mailbox_model_find (bb_flow_get_mailboxes (fixture->flow),
                                                                         "ann@contoso.com")), ==, TRUE);

  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "mailboxes-search");

  /* Names match too, case-insensitively, as do non-ASCII names. */
  search_for (fixture, "ÅNGSTRÖM");
  g_assert_cmpuint (n_shown (fixture), ==, 1);

  /* Nothing matches: the list gives way to a status. */
  search_for (fixture, "no such mailbox");
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_nonnull (bb_ui_test_find_shown_label (page, "No Mailboxes Match"));
  g_assert_false (gtk_widget_get_sensitive (bb_ui_test_find (page, GTK_TYPE_BUTTON, "_Shown")));
  gtk_widget_activate_action (page, "page.select-shown", NULL);
  g_assert_cmpuint (bb_flow_get_n_selected (fixture->flow), ==, 1);
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "mailboxes-no-results");

  /* The selection outlives the search. */
  search_for (fixture, "");
  g_assert_cmpuint (n_shown (fixture), ==, 60);
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (fixture->page), ==, "1 of 60 selected");
}

static void
test_select_all_none (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_READY);

  g_assert_true (gtk_widget_activate_action (page, "page.select-all", NULL));
  g_assert_cmpuint (bb_flow_get_n_selected (fixture->flow), ==, 60);
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (fixture->page), ==, "60 of 60 selected");
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_nonnull (bb_ui_test_find_shown_label (page, "60 of 60 selected"));

  g_assert_true (gtk_widget_activate_action (page, "page.select-none", NULL));
  g_assert_cmpuint (bb_flow_get_n_selected (fixture->flow), ==, 0);
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (fixture->page), ==, "0 of 60 selected");

  select_addresses (fixture, (const char *[]) { "ann@contoso.com", "user0010@contoso.com",
                                                "soren@fabrikam.example", NULL });
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (fixture->page), ==, "3 of 60 selected");

  /* Buttons with accessible names drive the same actions. */
  g_assert_nonnull (bb_ui_test_find (page, GTK_TYPE_BUTTON, "_All"));
  g_assert_nonnull (bb_ui_test_find (page, GTK_TYPE_BUTTON, "_None"));
  g_assert_nonnull (bb_ui_test_find (page, GTK_TYPE_BUTTON, "_Shown"));
}

static guint
count_domain (BbMailboxModel *model,
              const char     *suffix)
{
  guint n = 0;

  for (guint i = 0; i < bb_mailbox_model_get_n_items (model); i++)
    if (g_str_has_suffix (bb_mailbox_model_get_address (model, i), suffix))
      n++;

  return n;
}

static guint
find_string (GListModel *names,
             const char *string)
{
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), string) == 0)
      return i;

  return GTK_INVALID_LIST_POSITION;
}

static void
test_domain_filter (Fixture       *fixture,
                    gconstpointer  data)
{
  BbMailboxModel *model;
  GtkDropDown *dropdown;
  GListModel *names;
  guint n_fabrikam, n_contoso;

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_READY);
  model = bb_flow_get_mailboxes (fixture->flow);
  n_fabrikam = count_domain (model, "@fabrikam.example");
  n_contoso = count_domain (model, "@contoso.com");
  g_assert_cmpuint (n_fabrikam, >, 0);
  g_assert_cmpuint (n_fabrikam + n_contoso, ==, 60);

  dropdown = GTK_DROP_DOWN (bb_ui_test_find (GTK_WIDGET (fixture->page), GTK_TYPE_DROP_DOWN, NULL));
  g_assert_nonnull (dropdown);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dropdown)));
  names = gtk_drop_down_get_model (dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 3);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "All domains");

  gtk_drop_down_set_selected (dropdown, find_string (names, "fabrikam.example"));
  g_assert_cmpuint (n_shown (fixture), ==, n_fabrikam);
  gtk_drop_down_set_selected (dropdown, find_string (names, "contoso.com"));
  g_assert_cmpuint (n_shown (fixture), ==, n_contoso);

  /* Domain and search together; select shown ticks only those. */
  search_for (fixture, "ann");
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  gtk_drop_down_set_selected (dropdown, find_string (names, "fabrikam.example"));
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  search_for (fixture, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.select-shown", NULL));
  g_assert_cmpuint (bb_flow_get_n_selected (fixture->flow), ==, n_fabrikam);

  gtk_drop_down_set_selected (dropdown, 0);
  g_assert_cmpuint (n_shown (fixture), ==, 60);
}

/* @widget's bounds in @window's coordinates. */
static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWindow *window)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &bounds));

  return bounds;
}

/* A narrow window keeps the search usable: the domain picker moves to a row of its
 * own, and the search entry keeps most of the width. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GtkWidget *entry, *dropdown, *more;
  graphene_rect_t entry_box, dropdown_box, more_box;

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_READY);
  entry = bb_ui_test_find (page, GTK_TYPE_SEARCH_ENTRY, NULL);
  dropdown = bb_ui_test_find (page, GTK_TYPE_DROP_DOWN, NULL);
  more = bb_ui_test_find (page, GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_true (gtk_widget_get_mapped (dropdown));

  /* Wide: one row */
  gtk_window_set_default_size (fixture->window, 1280, 800);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  entry_box = bounds_in (entry, fixture->window);
  dropdown_box = bounds_in (dropdown, fixture->window);
  g_assert_cmpfloat (dropdown_box.origin.y, ==, entry_box.origin.y);
  g_assert_cmpfloat (dropdown_box.origin.x, >, entry_box.origin.x + entry_box.size.width);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "mailboxes-wide");

  /* 360 px: the domain picker below, the entry as wide as the row allows */
  gtk_window_set_default_size (fixture->window, 360, 720);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 400);
  entry_box = bounds_in (entry, fixture->window);
  dropdown_box = bounds_in (dropdown, fixture->window);
  more_box = bounds_in (more, fixture->window);
  g_assert_cmpfloat (dropdown_box.origin.y, >=, entry_box.origin.y + entry_box.size.height);
  g_assert_cmpfloat (more_box.origin.y, ==, entry_box.origin.y);
  g_assert_cmpfloat (entry_box.size.width, >=, 200);
  g_assert_cmpfloat (dropdown_box.origin.x + dropdown_box.size.width, <=,
                     gtk_widget_get_width (GTK_WIDGET (fixture->window)));
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "mailboxes-narrow");

  /* Still a working search */
  search_for (fixture, "ann");
  g_assert_cmpuint (n_shown (fixture), ==, 1);
}

static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *notice;
  guint n_selected = 0;

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_READY);

  /* Two known addresses (one in another case), one stranger, in a CSV. */
  g_assert_true (import_file (fixture,
                              "name,email\n"
                              "Ann,ann@contoso.com\n"
                              "Bob,BOB@contoso.com\n"
                              "Eve,eve@elsewhere.example\n",
                              &n_selected, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_selected, ==, 2);
  g_assert_cmpuint (bb_flow_get_n_selected (fixture->flow), ==, 2);
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (fixture->page), ==, "2 of 60 selected");
  notice = bb_mailboxes_page_get_notice_text (fixture->page);
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice, "Selected 2 mailboxes from the file."));
  g_assert_nonnull (strstr (notice, "1 address is not in this organisation: eve@elsewhere.example"));
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page), notice));
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "mailboxes-import");

  /* An invalid address refuses the whole file, naming line and address. */
  g_assert_false (import_file (fixture, "helpdesk@contoso.com\nnot an address\n", NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
  g_assert_cmpuint (bb_flow_get_n_selected (fixture->flow), ==, 2);
  g_assert_false (bb_mailbox_model_get_selected (bb_flow_get_mailboxes (fixture->flow),
                                                 bb_mailbox_model_find (bb_flow_get_mailboxes (fixture->flow),
                                                                        "helpdesk@contoso.com")));
  notice = bb_mailboxes_page_get_notice_text (fixture->page);
  g_assert_nonnull (strstr (notice, "Line 2"));
  g_assert_nonnull (strstr (notice, "not an address"));

  /* Dismissed, it goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.dismiss-notice", NULL));
  g_assert_null (bb_mailboxes_page_get_notice_text (fixture->page));
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GFile) file = temp_file (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  guint n_written = 0;

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_READY);

  select_addresses (fixture, (const char *[]) { "soren@fabrikam.example", "ann@contoso.com",
                                                "user0042@contoso.com", NULL });
  bb_mailboxes_page_export_file (fixture->page, file, NULL, result_cb, &result);
  bb_test_wait_for_pointer ((gpointer *) &result);
  g_assert_true (bb_mailboxes_page_export_file_finish (fixture->page, result, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 3);

  /* In list order, one per line. */
  g_assert_true (g_file_get_contents (g_file_peek_path (file), &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "ann@contoso.com\nsoren@fabrikam.example\nuser0042@contoso.com\n");
  g_file_delete (file, NULL, NULL);

  /* Nothing selected: nothing to write. */
  g_clear_object (&result);
  bb_mailbox_model_select_all (bb_flow_get_mailboxes (fixture->flow), FALSE);
  bb_mailboxes_page_export_file (fixture->page, file, NULL, result_cb, &result);
  bb_test_wait_for_pointer ((gpointer *) &result);
  g_assert_false (bb_mailboxes_page_export_file_finish (fixture->page, result, NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
}

static void
test_fault_retry (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_READY);
  select_addresses (fixture, (const char *[]) { "ann@contoso.com", "bob@contoso.com",
                                                "dorde@contoso.com", NULL });

  /* Three 500s: every attempt of the reload fails. */
  bb_test_emulator_control (fixture->emu, "fault", "endpoint", "users/list", "kind", "html500",
                            "count", "3", NULL);
  g_assert_cmpint (action_and_wait (fixture, "page.reload"), ==, BB_MAILBOXES_STATE_ERROR);
  g_assert_cmpstr (bb_mailboxes_page_get_error_message (fixture->page), ==,
                   "The Console ran into a problem");
  g_assert_cmpuint (bb_flow_get_n_selected (fixture->flow), ==, 3);
  g_assert_cmpuint (bb_flow_get_n_mailboxes (fixture->flow), ==, 60);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page),
                                                 "The Console ran into a problem"));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) ==
                 bb_ui_test_find (GTK_WIDGET (fixture->page), GTK_TYPE_BUTTON, "_Retry"));
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "mailboxes-error");

  /* Retry reloads; the ticks are carried over. */
  g_assert_cmpint (action_and_wait (fixture, "page.retry"), ==, BB_MAILBOXES_STATE_READY);
  g_assert_cmpuint (bb_flow_get_n_selected (fixture->flow), ==, 3);
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (fixture->page), ==, "3 of 60 selected");
  g_assert_null (bb_mailboxes_page_get_error_message (fixture->page));
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  bb_test_emulator_control (fixture->emu, "fault", "endpoint", "users/list", "kind", "slow",
                            "delay_ms", "2000", NULL);
  bb_mailboxes_page_activate (fixture->page);
  g_assert_cmpint (bb_mailboxes_page_get_state (fixture->page), ==, BB_MAILBOXES_STATE_LOADING);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page), "Loading mailboxes…"));
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "mailboxes-loading");

  /* Cancel is silent: nothing loaded, no error. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.cancel", NULL));
  g_assert_cmpint (bb_mailboxes_page_get_state (fixture->page), ==, BB_MAILBOXES_STATE_IDLE);
  g_assert_null (bb_mailboxes_page_get_error_message (fixture->page));

  /* And loading again works. */
  bb_test_emulator_control (fixture->emu, "clear-faults", NULL);
  g_assert_cmpint (action_and_wait (fixture, "page.reload"), ==, BB_MAILBOXES_STATE_READY);
  g_assert_cmpuint (bb_flow_get_n_mailboxes (fixture->flow), ==, 60);
}

static void
test_not_signed_in (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *button;
  guint needed = 0;

  g_signal_connect (fixture->page, "sign-in-needed", G_CALLBACK (signal_cb), &needed);
  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_ERROR);
  g_assert_cmpstr (bb_mailboxes_page_get_error_message (fixture->page), ==,
                   "Microsoft 365 is not signed in for this flock");

  button = bb_ui_test_find (GTK_WIDGET (fixture->page), GTK_TYPE_BUTTON, "_Sign In Again");
  g_assert_nonnull (button);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_false (gtk_widget_get_mapped (bb_ui_test_find (GTK_WIDGET (fixture->page),
                                                          GTK_TYPE_BUTTON, "_Change Credentials")));
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "mailboxes-error-sign-in");

  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (needed, ==, 1);

  /* Once signed in, Retry loads. */
  bb_test_emulator_control (fixture->emu, "config", "signed_in", "true", NULL);
  g_assert_cmpint (action_and_wait (fixture, "page.retry"), ==, BB_MAILBOXES_STATE_READY);
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  bb_test_emulator_control (fixture->emu, "config", "users", "0", "extras", "false", NULL);
  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_EMPTY);
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (fixture->page), ==, "0 of 0 selected");
  g_assert_null (bb_mailboxes_page_get_report_text (fixture->page));
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page), "No Mailboxes Found"));
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "mailboxes-empty");

  /* Shown again, an empty organisation is not reloaded by itself; Reload does. */
  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_EMPTY);
  g_assert_cmpuint (count_endpoint (fixture, "users/list"), ==, 1);
  bb_test_emulator_control (fixture->emu, "config", "users", "5", NULL);
  g_assert_cmpint (action_and_wait (fixture, "page.reload"), ==, BB_MAILBOXES_STATE_READY);
  g_assert_cmpuint (bb_flow_get_n_mailboxes (fixture->flow), ==, 5);
}

static void
test_large (Fixture       *fixture,
            gconstpointer  data)
{
  GtkAdjustment *adjustment;
  GtkWidget *list_view;

  bb_test_emulator_control (fixture->emu, "config", "users", "10000", NULL);
  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_READY);
  g_assert_cmpuint (bb_flow_get_n_mailboxes (fixture->flow), ==, 10000);
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (fixture->page), ==, "0 of 10000 selected");

  /* Only the visible rows exist. */
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  g_assert_cmpuint (count_rows (GTK_WIDGET (fixture->page)), >, 5);
  g_assert_cmpuint (count_rows (GTK_WIDGET (fixture->page)), <, 200);

  /* Scrolled down, a search shows its matches from the top; the rows that the list
   * view keeps now show matching mailboxes (they follow their position's mailbox). */
  list_view = gtk_widget_get_ancestor (first_row (GTK_WIDGET (fixture->page)), GTK_TYPE_LIST_VIEW);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 2);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);

  /* user0008 … user0099 (0–7 are the named mailboxes). */
  search_for (fixture, "user00");
  g_assert_cmpuint (n_shown (fixture), ==, 92);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  g_assert_cmpuint (assert_rows_show (GTK_WIDGET (fixture->page), "user00"), >, 5);
  g_assert_nonnull (find_row (GTK_WIDGET (fixture->page), "user0008@contoso.com"));

  /* Narrower, then wider again */
  search_for (fixture, "user009");
  g_assert_cmpuint (n_shown (fixture), ==, 10);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  g_assert_cmpuint (assert_rows_show (GTK_WIDGET (fixture->page), "user009"), ==, 10);
  search_for (fixture, "user00");
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 3);
  g_assert_cmpuint (assert_rows_show (GTK_WIDGET (fixture->page), "user00"), >, 5);
  g_assert_nonnull (find_row (GTK_WIDGET (fixture->page), "user0008@contoso.com"));
  g_assert_null (find_row (GTK_WIDGET (fixture->page), "user0090@contoso.com"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.select-shown", NULL));
  g_assert_cmpuint (bb_flow_get_n_selected (fixture->flow), ==, 92);
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (fixture->page), ==, "92 of 10000 selected");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.select-all", NULL));
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (fixture->page), ==,
                   "10000 of 10000 selected");
}

/* 100,000 mailboxes: loading, searching and selecting stay quick. */
static void
test_huge (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GTimer) timer = g_timer_new ();

  bb_test_emulator_control (fixture->emu, "config", "users", "100000", NULL);
  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_READY);
  g_assert_cmpuint (bb_flow_get_n_mailboxes (fixture->flow), ==, 100000);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_test_message ("100,000 mailboxes loaded and shown in %.0f ms", g_timer_elapsed (timer, NULL) * 1000);
  g_assert_cmpuint (count_rows (GTK_WIDGET (fixture->page)), <, 200);

  g_timer_start (timer);
  search_for (fixture, "user999");
  g_test_message ("search in %.0f ms (with the entry's delay)", g_timer_elapsed (timer, NULL) * 1000);
  /* user9990 … user9999 and user99900 … user99999 */
  g_assert_cmpuint (n_shown (fixture), ==, 110);

  g_timer_start (timer);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.select-all", NULL));
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (fixture->page), ==,
                   "100000 of 100000 selected");
  g_test_message ("select all in %.0f ms", g_timer_elapsed (timer, NULL) * 1000);
}

static gboolean
request_has_form_key (JsonObject *record,
                      const char *endpoint,
                      const char *key)
{
  JsonArray *requests = json_object_get_array_member (record, "requests");

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      JsonArray *keys;

      if (g_strcmp0 (json_object_get_string_member (request, "endpoint"), endpoint) != 0)
        continue;
      keys = json_object_get_array_member (request, "form_keys");
      for (guint k = 0; keys != NULL && k < json_array_get_length (keys); k++)
        if (g_strcmp0 (json_array_get_string_element (keys, k), key) == 0)
          return TRUE;
    }

  return FALSE;
}

static void
test_exchange (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonObject) record = NULL;

  /* Exchange needs no Microsoft sign-in (the emulator starts without one). */
  bb_flow_set_source (fixture->flow, BB_MAILBOX_SOURCE_EXCHANGE);
  bb_flow_set_exchange_credentials (fixture->flow, "exchange-admin", "exchange-pass");
  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_READY);
  g_assert_cmpuint (bb_flow_get_n_mailboxes (fixture->flow), ==, 60);

  record = bb_test_emulator_get_record (fixture->emu);
  g_assert_true (request_has_form_key (record, "users/list", "exchange_username"));
  g_assert_true (request_has_form_key (record, "users/list", "exchange_password"));
}

static void
test_exchange_wrong (Fixture       *fixture,
                     gconstpointer  data)
{
  guint needed = 0;
  guint sign_in = 0;

  g_signal_connect (fixture->page, "credentials-needed", G_CALLBACK (signal_cb), &needed);
  g_signal_connect (fixture->page, "sign-in-needed", G_CALLBACK (signal_cb), &sign_in);
  bb_flow_set_source (fixture->flow, BB_MAILBOX_SOURCE_EXCHANGE);
  bb_flow_set_exchange_credentials (fixture->flow, "exchange-admin", "wrong");

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_ERROR);
  g_assert_cmpstr (bb_mailboxes_page_get_error_message (fixture->page), ==,
                   "Check the Exchange user name and password");
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_true (gtk_widget_get_mapped (bb_ui_test_find (GTK_WIDGET (fixture->page),
                                                         GTK_TYPE_BUTTON, "_Change Credentials")));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.sign-in", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.credentials", NULL));
  g_assert_cmpuint (needed, ==, 1);
  g_assert_cmpuint (sign_in, ==, 0);
  bb_ui_test_resize (fixture->window, 360, 640);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "mailboxes-error-exchange-narrow");

  /* The right password fixes it. */
  bb_flow_set_exchange_credentials (fixture->flow, "exchange-admin", "exchange-pass");
  g_assert_cmpint (action_and_wait (fixture, "page.retry"), ==, BB_MAILBOXES_STATE_READY);
}

/* A new Console or flock drops the list; the page goes back to IDLE and the next
 * activation loads the new flock's list. */
static void
test_new_scope (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BbConsole) london = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_READY);
  select_addresses (fixture, (const char *[]) { "ann@contoso.com", NULL });

  london = bb_console_new (bb_test_emulator_get_url (fixture->emu), &error);
  g_assert_no_error (error);
  bb_console_set_auth_token (london, BB_TEST_TOKEN);
  bb_console_set_flock_id (london, "flock:london");
  bb_flow_set_console (fixture->flow, london, "London Office");
  g_assert_cmpint (bb_mailboxes_page_get_state (fixture->page), ==, BB_MAILBOXES_STATE_IDLE);
  g_assert_cmpstr (bb_mailboxes_page_get_summary_text (fixture->page), ==, "0 of 0 selected");
  g_assert_null (bb_mailboxes_page_get_report_text (fixture->page));

  /* flock:london is not signed in. */
  g_assert_cmpint (activate_and_wait (fixture), ==, BB_MAILBOXES_STATE_ERROR);
  g_assert_cmpuint (count_endpoint (fixture, "users/list"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) application = NULL;

  gtk_test_init (&argc, &argv, NULL);
  application = app = bb_ui_test_init_app ();

  g_test_add_func ("/bb/ui/mailboxes-page/new-destroy", test_new_destroy);
#define ADD(path, args, func) \
  g_test_add ("/bb/ui/mailboxes-page/" path, Fixture, args, fixture_set_up, func, fixture_tear_down)
  ADD ("load", signed_in_args, test_load);
  ADD ("continue", signed_in_args, test_continue);
  ADD ("search", signed_in_args, test_search);
  ADD ("select-all-none", signed_in_args, test_select_all_none);
  ADD ("domain-filter", signed_in_args, test_domain_filter);
  ADD ("narrow", signed_in_args, test_narrow);
  ADD ("import", signed_in_args, test_import);
  ADD ("export", signed_in_args, test_export);
  ADD ("fault-retry", signed_in_args, test_fault_retry);
  ADD ("cancel", signed_in_args, test_cancel);
  ADD ("not-signed-in", NULL, test_not_signed_in);
  ADD ("empty", signed_in_args, test_empty);
  ADD ("large", signed_in_args, test_large);
  ADD ("huge", signed_in_args, test_huge);
  ADD ("exchange", NULL, test_exchange);
  ADD ("exchange-wrong", NULL, test_exchange_wrong);
  ADD ("new-scope", signed_in_args, test_new_scope);
#undef ADD

  return g_test_run ();
}
