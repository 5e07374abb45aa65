/* test-signin-page.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>
#include <glib/gstdio.h>
#include <webkit/webkit.h>

#include "bb-flow.h"
#include "bb-signin-page.h"
#include "bb-test-utils.h"
#include "bb-ui-test-utils.h"

#define ADMIN_EMAIL "admin@contoso.com"

static GtkApplication *app;

typedef struct {
  BbTestEmulator *emu;
  BbConsole      *console;
  BbFlow         *flow;
  GtkWindow      *window;
  BbSigninPage   *page;
  char           *title;      /* unique window title: xdotool finds the window by it */
  guint           n_signed_in;
  guint           n_cancelled;
  /* set by page_state_cb */
  BbSigninState   awaited;
  gboolean        reached;
  gboolean        page_loaded;
  GtkWidget      *watched_view;   /* weak: the view whose load-changed we follow */
} Fixture;

static void
count_cb (BbSigninPage *page,
          guint        *counter)
{
  (*counter)++;
}

static void
view_load_changed_cb (WebKitWebView   *view,
                      WebKitLoadEvent  event,
                      Fixture         *fixture)
{
  if (event == WEBKIT_LOAD_FINISHED)
    fixture->page_loaded = TRUE;
}

/* Views outlive their page's use of them by an idle (and WebKit may still emit on
 * them), so the handler goes before the fixture does. */
static void
unwatch_view (Fixture *fixture)
{
  if (fixture->watched_view != NULL)
    g_signal_handlers_disconnect_by_func (fixture->watched_view, view_load_changed_cb, fixture);
  g_clear_weak_pointer (&fixture->watched_view);
}

/* Follows the page: the awaited state, or an end state (so a wrong turn fails the
 * assertion instead of hanging), and the first load of each new view. */
static void
page_state_cb (BbSigninPage *page,
               GParamSpec   *pspec,
               Fixture      *fixture)
{
  BbSigninState state = bb_signin_page_get_state (page);

  if (state == BB_SIGNIN_STATE_BROWSING)
    {
      GtkWidget *view = bb_signin_page_get_web_view (page);

      /* Connected before the page calls load_uri, so no FINISHED is missed. */
      if (view != NULL && view != fixture->watched_view)
        {
          unwatch_view (fixture);
          fixture->page_loaded = FALSE;
          g_signal_connect (view, "load-changed", G_CALLBACK (view_load_changed_cb), fixture);
          g_set_weak_pointer (&fixture->watched_view, view);
        }
    }

  if (state == fixture->awaited || state == BB_SIGNIN_STATE_ERROR ||
      state == BB_SIGNIN_STATE_SIGNED_IN || state == BB_SIGNIN_STATE_IDLE)
    fixture->reached = TRUE;
}

static BbSigninState
wait_for_state (Fixture       *fixture,
                BbSigninState  state)
{
  fixture->awaited = state;
  fixture->reached = bb_signin_page_get_state (fixture->page) == state;
  bb_test_wait_for_flag (&fixture->reached);

  return bb_signin_page_get_state (fixture->page);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  bb_ui_test_reset_settings ();
  fixture->emu = bb_test_emulator_start (NULL);
  fixture->console = bb_console_new (bb_test_emulator_get_url (fixture->emu), &error);
  g_assert_no_error (error);
  bb_console_set_auth_token (fixture->console, BB_TEST_TOKEN);

  fixture->flow = bb_flow_new ();
  bb_flow_set_console (fixture->flow, fixture->console, "Default Flock");
  bb_flow_set_admin_email (fixture->flow, ADMIN_EMAIL);

  page = bb_signin_page_new ();
  fixture->page = BB_SIGNIN_PAGE (page);
  bb_signin_page_set_flow (fixture->page, fixture->flow);
  g_signal_connect (page, "signed-in", G_CALLBACK (count_cb), &fixture->n_signed_in);
  g_signal_connect (page, "cancelled", G_CALLBACK (count_cb), &fixture->n_cancelled);
  g_signal_connect (page, "notify::state", G_CALLBACK (page_state_cb), fixture);

  fixture->title = g_strdup_printf ("Baitbox sign-in test %d", (int) getpid ());
  fixture->window = GTK_WINDOW (adw_application_window_new (app));
  gtk_window_set_title (fixture->window, fixture->title);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window), page);
  gtk_window_set_default_size (fixture->window, 600, 720);
  gtk_window_present (fixture->window);
  bb_ui_test_wait_frames (GTK_WIDGET (fixture->window), 2);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  unwatch_view (fixture);
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->flow);
  g_clear_object (&fixture->console);
  g_clear_pointer (&fixture->title, g_free);
  g_clear_pointer (&fixture->emu, bb_test_emulator_stop);
}

static void
activate_and_wait (Fixture       *fixture,
                   BbSigninState  state)
{
  bb_signin_page_activate (fixture->page);
  g_assert_cmpint (wait_for_state (fixture, state), ==, state);
}

/* The consent page is shown and has finished loading. */
static void
wait_for_consent_page (Fixture *fixture)
{
  activate_and_wait (fixture, BB_SIGNIN_STATE_BROWSING);
  bb_test_wait_for_flag (&fixture->page_loaded);
  g_assert_cmpint (bb_signin_page_get_state (fixture->page), ==, BB_SIGNIN_STATE_BROWSING);
  g_assert_cmpstr (bb_signin_page_get_current_host (fixture->page), ==, "127.0.0.1");
}

static void
painted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;

  value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (object),
                                                                 result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* Load FINISHED comes before the web process has painted. Two animation frames
 * inside the page mean a frame was produced; the screenshot helper then waits for
 * GTK to draw it. (Test only: the page itself never runs script in the view.) */
static void
wait_for_paint (Fixture *fixture)
{
  GtkWidget *view = bb_signin_page_get_web_view (fixture->page);
  gboolean painted = FALSE;

  webkit_web_view_call_async_javascript_function (WEBKIT_WEB_VIEW (view),
                                                  "await new Promise (r => requestAnimationFrame "
                                                  "(() => requestAnimationFrame (r)));",
                                                  -1, NULL, NULL, NULL, NULL,
                                                  painted_cb, &painted);
  bb_test_wait_for_flag (&painted);
}

static gint64
record_count (JsonObject *record,
              const char *endpoint)
{
  JsonObject *counts = json_object_get_object_member (record, "counts");

  if (!json_object_has_member (counts, endpoint))
    return 0;

  return json_object_get_int_member (counts, endpoint);
}

/* The one oauth_calls entry, checked for a valid code and state. */
static JsonObject *
single_oauth_call (JsonObject *record,
                   const char *via)
{
  JsonArray *calls = json_object_get_array_member (record, "oauth_calls");
  JsonObject *call;

  g_assert_cmpuint (json_array_get_length (calls), ==, 1);
  call = json_array_get_object_element (calls, 0);
  g_assert_cmpstr (json_object_get_string_member (call, "via"), ==, via);
  g_assert_true (json_object_get_boolean_member (call, "code_valid"));
  g_assert_true (json_object_get_boolean_member (call, "state_valid"));

  return call;
}

static void
test_new_destroy (void)
{
  GtkWidget *page = bb_signin_page_new ();

  g_object_ref_sink (page);
  g_assert_cmpint (bb_signin_page_get_state (BB_SIGNIN_PAGE (page)), ==, BB_SIGNIN_STATE_IDLE);
  /* WebKit is not touched before the first activate. */
  g_assert_null (bb_signin_page_get_web_view (BB_SIGNIN_PAGE (page)));
  g_assert_null (bb_signin_page_get_error_message (BB_SIGNIN_PAGE (page)));
  g_assert_null (bb_signin_page_get_current_host (BB_SIGNIN_PAGE (page)));
  g_assert_finalize_object (page);
}

static void
test_not_connected (void)
{
  g_autoptr(BbFlow) flow = bb_flow_new ();
  GtkWidget *page = bb_signin_page_new ();

  g_object_ref_sink (page);
  bb_signin_page_set_flow (BB_SIGNIN_PAGE (page), flow);
  bb_signin_page_activate (BB_SIGNIN_PAGE (page));
  g_assert_cmpint (bb_signin_page_get_state (BB_SIGNIN_PAGE (page)), ==, BB_SIGNIN_STATE_ERROR);
  g_assert_null (bb_signin_page_get_web_view (BB_SIGNIN_PAGE (page)));
  g_assert_nonnull (bb_signin_page_get_error_message (BB_SIGNIN_PAGE (page)));
  g_assert_finalize_object (page);
}

static void
test_2020_auto_accept (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) record = NULL;
  JsonObject *call;

  bb_test_emulator_control (fixture->emu, "config", "auto_accept", "true", NULL);

  g_assert_null (bb_signin_page_get_web_view (fixture->page));
  activate_and_wait (fixture, BB_SIGNIN_STATE_SIGNED_IN);
  g_assert_true (bb_flow_get_signed_in (fixture->flow));
  g_assert_cmpuint (fixture->n_signed_in, ==, 1);
  /* The view and its session are gone once signed in. */
  g_assert_null (bb_signin_page_get_web_view (fixture->page));

  record = bb_test_emulator_get_record (fixture->emu);
  g_assert_cmpint (record_count (record, "oauth/token"), ==, 1);
  call = single_oauth_call (record, "oauth/token");
  g_assert_cmpstr (json_object_get_string_member (call, "user_email"), ==, ADMIN_EMAIL);
  g_assert_cmpstr (json_object_get_string_member (call, "flock_id"), ==, "flock:default");
  /* The code was caught in decide-policy: the redirect target never loaded. */
  g_assert_cmpint (json_object_get_int_member (record, "redirect_uri_hits"), ==, 0);

  /* Shown again later, the page keeps the sign-in and starts nothing. */
  bb_signin_page_activate (fixture->page);
  g_assert_cmpint (bb_signin_page_get_state (fixture->page), ==, BB_SIGNIN_STATE_SIGNED_IN);
  g_assert_null (bb_signin_page_get_web_view (fixture->page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.continue", NULL));
  g_assert_cmpuint (fixture->n_signed_in, ==, 2);
}

static void
test_2025_auto_accept (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) record = NULL;

  bb_test_emulator_control (fixture->emu, "config",
                            "generation", "2025", "auto_accept", "true", NULL);

  activate_and_wait (fixture, BB_SIGNIN_STATE_SIGNED_IN);
  g_assert_true (bb_flow_get_signed_in (fixture->flow));
  g_assert_cmpuint (fixture->n_signed_in, ==, 1);

  record = bb_test_emulator_get_record (fixture->emu);
  /* The Console's callback completed the exchange; oauth/token is 2020 only. */
  g_assert_cmpint (record_count (record, "oauth/token"), ==, 0);
  g_assert_cmpint (record_count (record, "callback"), ==, 1);
  single_oauth_call (record, "callback");
}

static void
test_microsoft_error (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) record = NULL;
  const char *message;

  bb_test_emulator_control (fixture->emu, "config",
                            "auto_accept", "true", "ms_error", "access_denied", NULL);

  activate_and_wait (fixture, BB_SIGNIN_STATE_ERROR);
  message = bb_signin_page_get_error_message (fixture->page);
  g_assert_nonnull (strstr (message, "permission was refused"));
  g_assert_null (strstr (message, "access_denied"));
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page),
                                                 "Microsoft sign-in did not complete"));
  g_assert_false (bb_flow_get_signed_in (fixture->flow));
  g_assert_null (bb_signin_page_get_web_view (fixture->page));

  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "signin-error");
  bb_ui_test_resize (fixture->window, 360, 640);
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "signin-error-narrow");

  record = bb_test_emulator_get_record (fixture->emu);
  g_assert_cmpint (record_count (record, "oauth/token"), ==, 0);
  g_clear_pointer (&record, json_object_unref);

  /* An error stays until Try again, even when the page is shown again. */
  bb_signin_page_activate (fixture->page);
  g_assert_cmpint (bb_signin_page_get_state (fixture->page), ==, BB_SIGNIN_STATE_ERROR);

  bb_test_emulator_control (fixture->emu, "config", "ms_error", "", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.retry", NULL));
  g_assert_cmpint (wait_for_state (fixture, BB_SIGNIN_STATE_SIGNED_IN), ==,
                   BB_SIGNIN_STATE_SIGNED_IN);
  g_assert_null (bb_signin_page_get_error_message (fixture->page));

  record = bb_test_emulator_get_record (fixture->emu);
  g_assert_cmpint (record_count (record, "initiate"), ==, 2);
  single_oauth_call (record, "oauth/token");
}

static void
test_wrong_state (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) record = NULL;

  bb_test_emulator_control (fixture->emu, "config",
                            "auto_accept", "true", "ms_wrong_state", "true", NULL);

  activate_and_wait (fixture, BB_SIGNIN_STATE_ERROR);
  g_assert_nonnull (strstr (bb_signin_page_get_error_message (fixture->page), "did not match"));

  /* A code with the wrong state never reaches the Console. */
  record = bb_test_emulator_get_record (fixture->emu);
  g_assert_cmpint (record_count (record, "oauth/token"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (record, "redirect_uri_hits"), ==, 0);
  g_clear_pointer (&record, json_object_unref);

  bb_test_emulator_control (fixture->emu, "config", "ms_wrong_state", "false", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.retry", NULL));
  g_assert_cmpint (wait_for_state (fixture, BB_SIGNIN_STATE_SIGNED_IN), ==,
                   BB_SIGNIN_STATE_SIGNED_IN);

  record = bb_test_emulator_get_record (fixture->emu);
  single_oauth_call (record, "oauth/token");
}

static char *
spawn_xdotool (const char * const *args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_strv_builder_add (builder, "xdotool");
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);

  g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  return g_strstrip (g_steal_pointer (&out));
}

/* A real pointer click at (@x, @y) CSS px inside the web view (zoom 1, scale 1).
 * Web content is not on the accessibility bus in GTK 4.8, so the click goes
 * through the X server like a user's. */
static void
click_in_view (Fixture *fixture,
               double   x,
               double   y)
{
  GtkWidget *view = bb_signin_page_get_web_view (fixture->page);
  graphene_point_t point;
  double surface_x, surface_y;
  g_autofree char *window_id = NULL;
  g_autofree char *px = NULL;
  g_autofree char *py = NULL;
  g_autofree char *ignored = NULL;

  g_assert_true (gtk_widget_compute_point (view, GTK_WIDGET (fixture->window),
                                           &GRAPHENE_POINT_INIT (x, y), &point));
  /* The window widget sits inside its X window by the client-side decorations. */
  gtk_native_get_surface_transform (GTK_NATIVE (fixture->window), &surface_x, &surface_y);

  window_id = spawn_xdotool ((const char *[]) { "search", "--sync", "--name", fixture->title, NULL });
  g_assert_true (g_ascii_isdigit (window_id[0]));
  if (strchr (window_id, '\n') != NULL)
    *strchr (window_id, '\n') = '\0';

  px = g_strdup_printf ("%d", (int) (surface_x + point.x));
  py = g_strdup_printf ("%d", (int) (surface_y + point.y));
  ignored = spawn_xdotool ((const char *[]) { "mousemove", "--window", window_id, px, py,
                                              "click", "1", NULL });
}

static void
test_click_accept (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  wait_for_consent_page (fixture);
  g_assert_cmpstr (gtk_window_get_title (fixture->window), ==, fixture->title);
  wait_for_paint (fixture);
  bb_ui_test_screenshot_schemes (GTK_WIDGET (fixture->window), "signin-browsing");

  /* Accept: 200×60 CSS px at (40, 140); click its middle. */
  click_in_view (fixture, 40 + 100, 140 + 30);
  g_assert_cmpint (wait_for_state (fixture, BB_SIGNIN_STATE_SIGNED_IN), ==,
                   BB_SIGNIN_STATE_SIGNED_IN);
  g_assert_cmpuint (fixture->n_signed_in, ==, 1);

  record = bb_test_emulator_get_record (fixture->emu);
  g_assert_cmpint (record_count (record, "ms/consent"), ==, 1);
  single_oauth_call (record, "oauth/token");
  g_assert_cmpint (json_object_get_int_member (record, "redirect_uri_hits"), ==, 0);
}

static void
weak_notify_cb (gpointer  data,
                GObject  *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *view;
  WebKitNetworkSession *session;
  gboolean view_gone = FALSE;
  gboolean session_gone = FALSE;
  g_autoptr(JsonObject) record = NULL;

  wait_for_consent_page (fixture);
  view = bb_signin_page_get_web_view (fixture->page);
  session = webkit_web_view_get_network_session (WEBKIT_WEB_VIEW (view));
  g_assert_true (webkit_network_session_is_ephemeral (session));
  g_object_weak_ref (G_OBJECT (view), weak_notify_cb, &view_gone);
  g_object_weak_ref (G_OBJECT (session), weak_notify_cb, &session_gone);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.cancel", NULL));
  g_assert_cmpuint (fixture->n_cancelled, ==, 1);
  g_assert_cmpint (bb_signin_page_get_state (fixture->page), ==, BB_SIGNIN_STATE_IDLE);
  g_assert_null (bb_signin_page_get_web_view (fixture->page));
  g_assert_null (bb_signin_page_get_current_host (fixture->page));
  bb_test_wait_for_flag (&view_gone);
  bb_test_wait_for_flag (&session_gone);
  g_assert_false (bb_flow_get_signed_in (fixture->flow));
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);

  /* Shown again: a new attempt with a new view on a new ephemeral session. */
  wait_for_consent_page (fixture);
  view = bb_signin_page_get_web_view (fixture->page);
  g_assert_nonnull (view);
  g_assert_true (webkit_network_session_is_ephemeral (
                   webkit_web_view_get_network_session (WEBKIT_WEB_VIEW (view))));

  /* Back (reset) drops it too, silently. */
  bb_signin_page_reset (fixture->page);
  g_assert_cmpint (bb_signin_page_get_state (fixture->page), ==, BB_SIGNIN_STATE_IDLE);
  g_assert_null (bb_signin_page_get_web_view (fixture->page));
  g_assert_cmpuint (fixture->n_cancelled, ==, 1);

  record = bb_test_emulator_get_record (fixture->emu);
  g_assert_cmpint (record_count (record, "initiate"), ==, 2);
  g_assert_cmpint (record_count (record, "oauth/token"), ==, 0);
}

static void
reveal_changed_cb (GtkRevealer *revealer,
                   GParamSpec  *pspec,
                   gboolean    *revealed)
{
  if (gtk_revealer_get_reveal_child (revealer))
    *revealed = TRUE;
}

static void
test_lockdown (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *view;
  GtkWidget *note;
  GtkWidget *revealer;
  g_autofree char *before = NULL;
  gboolean revealed = FALSE;

  wait_for_consent_page (fixture);
  view = bb_signin_page_get_web_view (fixture->page);
  before = g_strdup (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (view)));

  note = bb_ui_test_find (GTK_WIDGET (fixture->page), GTK_TYPE_LABEL, "Blocked an insecure page");
  g_assert_nonnull (note);
  revealer = gtk_widget_get_parent (note);
  g_assert_true (GTK_IS_REVEALER (revealer));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_signal_connect (revealer, "notify::reveal-child", G_CALLBACK (reveal_changed_cb), &revealed);

  /* Plain http to a host that is not loopback never loads. Were it let through, the
   * load would end (in an error, offline) without the note: that fails, not hangs. */
  fixture->page_loaded = FALSE;
  webkit_web_view_load_uri (WEBKIT_WEB_VIEW (view), "http://example.com/");
  while (!revealed && !fixture->page_loaded)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (revealed);
  g_signal_handlers_disconnect_by_func (revealer, reveal_changed_cb, &revealed);

  g_assert_cmpstr (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (view)), ==, before);
  g_assert_cmpstr (bb_signin_page_get_current_host (fixture->page), ==, "127.0.0.1");
  g_assert_cmpint (bb_signin_page_get_state (fixture->page), ==, BB_SIGNIN_STATE_BROWSING);
  g_assert_nonnull (bb_ui_test_find_shown_label (GTK_WIDGET (fixture->page),
                                                 "Blocked an insecure page"));

  bb_ui_test_resize (fixture->window, 360, 640);
  wait_for_paint (fixture);
  bb_ui_test_screenshot (GTK_WIDGET (fixture->window), "signin-blocked-narrow");
}

/* The blocked note's revealer, not yet revealed; @revealed goes TRUE when it is. */
static GtkWidget *
watch_blocked_note (Fixture  *fixture,
                    gboolean *revealed)
{
  GtkWidget *note = bb_ui_test_find (GTK_WIDGET (fixture->page), GTK_TYPE_LABEL,
                                     "Blocked an insecure page");
  GtkWidget *revealer;

  g_assert_nonnull (note);
  revealer = gtk_widget_get_parent (note);
  g_assert_true (GTK_IS_REVEALER (revealer));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  *revealed = FALSE;
  g_signal_connect (revealer, "notify::reveal-child", G_CALLBACK (reveal_changed_cb), revealed);

  return revealer;
}

/* A file: URL never loads, whatever asks for it. */
static void
test_lockdown_file (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *view;
  GtkWidget *revealer;
  gboolean revealed = FALSE;
  int fd;

  fd = g_file_open_tmp ("bb-signin-XXXXXX.html", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, "<p>A local file</p>", -1, NULL));
  uri = g_filename_to_uri (path, NULL, &error);
  g_assert_no_error (error);

  wait_for_consent_page (fixture);
  view = bb_signin_page_get_web_view (fixture->page);
  before = g_strdup (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (view)));
  revealer = watch_blocked_note (fixture, &revealed);

  /* Were it let through, the file would load without the note: that fails, not hangs. */
  fixture->page_loaded = FALSE;
  webkit_web_view_load_uri (WEBKIT_WEB_VIEW (view), uri);
  while (!revealed && !fixture->page_loaded)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (revealed);
  g_signal_handlers_disconnect_by_func (revealer, reveal_changed_cb, &revealed);

  g_assert_cmpstr (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (view)), ==, before);
  g_assert_cmpint (bb_signin_page_get_state (fixture->page), ==, BB_SIGNIN_STATE_BROWSING);
  g_assert_cmpstr (bb_signin_page_get_current_host (fixture->page), ==, "127.0.0.1");

  /* Still nothing of it after the view settles: a page we were not shown. */
  fixture->page_loaded = FALSE;
  webkit_web_view_reload (WEBKIT_WEB_VIEW (view));
  bb_test_wait_for_flag (&fixture->page_loaded);
  g_assert_cmpstr (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (view)), ==, before);

  g_unlink (path);
}

typedef struct {
  guint    started;
  gboolean failed;
  gboolean cancelled;
  gboolean finished;
} Downloads;

static void
download_failed_cb (WebKitDownload *download,
                    GError         *error,
                    Downloads      *downloads)
{
  downloads->failed = TRUE;
  downloads->cancelled = g_error_matches (error, WEBKIT_DOWNLOAD_ERROR,
                                          WEBKIT_DOWNLOAD_ERROR_CANCELLED_BY_USER);
}

static void
download_finished_cb (WebKitDownload *download,
                      Downloads      *downloads)
{
  downloads->finished = TRUE;
}

static void
session_download_started_cb (WebKitNetworkSession *session,
                             WebKitDownload       *download,
                             Downloads            *downloads)
{
  downloads->started++;
  g_signal_connect (download, "failed", G_CALLBACK (download_failed_cb), downloads);
  g_signal_connect (download, "finished", G_CALLBACK (download_finished_cb), downloads);
}

/* No file of the sign-in is ever saved: not from a page's link, not even when
 * WebKit is asked outright. */
static void
test_lockdown_download (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *url = g_strconcat (bb_test_emulator_get_url (fixture->emu), "/ms/download", NULL);
  const char *downloads_dir = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);
  g_autofree char *saved = g_build_filename (downloads_dir ? downloads_dir : g_get_home_dir (),
                                             "setup.exe", NULL);
  g_autofree char *before = NULL;
  g_autoptr(JsonObject) record = NULL;
  Downloads downloads = { 0, };
  WebKitNetworkSession *session;
  WebKitDownload *download;
  GtkWidget *view;

  wait_for_consent_page (fixture);
  view = bb_signin_page_get_web_view (fixture->page);
  session = webkit_web_view_get_network_session (WEBKIT_WEB_VIEW (view));
  before = g_strdup (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (view)));
  g_signal_connect (session, "download-started", G_CALLBACK (session_download_started_cb),
                    &downloads);

  /* A navigation to an attachment: refused when its answer arrives, never a download.
   * The load ends (FINISHED follows a failed load) or a download starts. */
  fixture->page_loaded = FALSE;
  webkit_web_view_load_uri (WEBKIT_WEB_VIEW (view), url);
  while (!fixture->page_loaded && downloads.started == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (downloads.started, ==, 0);
  g_assert_cmpstr (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (view)), ==, before);
  g_assert_cmpint (bb_signin_page_get_state (fixture->page), ==, BB_SIGNIN_STATE_BROWSING);
  record = bb_test_emulator_get_record (fixture->emu);
  g_assert_cmpint (record_count (record, "ms/download"), ==, 1);

  /* A download that starts all the same is cancelled at once. */
  download = webkit_network_session_download_uri (session, url);
  g_object_ref (download);
  bb_test_wait_for_flag (&downloads.finished);
  g_assert_true (downloads.failed);
  g_assert_true (downloads.cancelled);
  g_assert_null (webkit_download_get_destination (download));
  g_assert_false (g_file_test (saved, G_FILE_TEST_EXISTS));
  g_object_unref (download);

  g_signal_handlers_disconnect_by_func (session, session_download_started_cb, &downloads);
}

static gboolean
watchdog_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A link that asks for a new window opens in the view itself; no window appears. */
static void
test_new_window (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autofree char *popup = NULL;
  g_autoptr(JsonObject) record = NULL;
  GtkWidget *view;
  guint n_toplevels;
  gboolean gave_up = FALSE;
  guint watchdog;

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  wait_for_consent_page (fixture);
  view = bb_signin_page_get_web_view (fixture->page);
  popup = g_strconcat (bb_test_emulator_get_url (fixture->emu), "/ms/popup", NULL);
  fixture->page_loaded = FALSE;
  webkit_web_view_load_uri (WEBKIT_WEB_VIEW (view), popup);
  bb_test_wait_for_flag (&fixture->page_loaded);
  wait_for_paint (fixture);
  n_toplevels = g_list_model_get_n_items (gtk_window_get_toplevels ());

  /* The link sits where Accept does: 200×60 CSS px at (40, 140). */
  fixture->page_loaded = FALSE;
  click_in_view (fixture, 40 + 100, 140 + 30);
  /* Bounded, so a page opened elsewhere fails the test instead of hanging it. */
  watchdog = g_timeout_add_seconds (30, watchdog_cb, &gave_up);
  while (!gave_up && !(fixture->page_loaded &&
                       g_str_has_suffix (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (view)), "/ms/landed")))
    g_main_context_iteration (NULL, TRUE);
  if (!gave_up)
    g_source_remove (watchdog);

  g_assert_true (g_str_has_suffix (webkit_web_view_get_uri (WEBKIT_WEB_VIEW (view)), "/ms/landed"));
  g_assert_true (bb_signin_page_get_web_view (fixture->page) == view);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, n_toplevels);
  g_assert_cmpint (bb_signin_page_get_state (fixture->page), ==, BB_SIGNIN_STATE_BROWSING);
  record = bb_test_emulator_get_record (fixture->emu);
  g_assert_cmpint (record_count (record, "ms/landed"), ==, 1);
}

/* Whether the last request for @endpoint carried a cookie. */
static gboolean
last_request_had_cookie (Fixture    *fixture,
                         const char *endpoint)
{
  g_autoptr(JsonObject) record = bb_test_emulator_get_record (fixture->emu);
  JsonArray *requests = json_object_get_array_member (record, "requests");

  for (guint i = json_array_get_length (requests); i > 0; i--)
    {
      JsonObject *request = json_array_get_object_element (requests, i - 1);

      if (g_strcmp0 (json_object_get_string_member_with_default (request, "endpoint", ""),
                     endpoint) == 0)
        return json_object_get_boolean_member (request, "cookie");
    }
  g_assert_not_reached ();
}

/* The consent page's cookie lives as long as the view and no longer. */
static void
test_ephemeral_cookies (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *view;

  wait_for_consent_page (fixture);
  g_assert_false (last_request_had_cookie (fixture, "ms/authorize"));

  /* Within the attempt the cookie is sent back: the check below can tell. */
  view = bb_signin_page_get_web_view (fixture->page);
  fixture->page_loaded = FALSE;
  webkit_web_view_reload (WEBKIT_WEB_VIEW (view));
  bb_test_wait_for_flag (&fixture->page_loaded);
  g_assert_true (last_request_had_cookie (fixture, "ms/authorize"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.cancel", NULL));
  g_assert_null (bb_signin_page_get_web_view (fixture->page));

  /* The next attempt starts with none. */
  wait_for_consent_page (fixture);
  g_assert_false (last_request_had_cookie (fixture, "ms/authorize"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) application = NULL;

  gtk_test_init (&argc, &argv, NULL);
  application = app = bb_ui_test_init_app ();

  g_test_add_func ("/bb/ui/signin-page/new-destroy", test_new_destroy);
  g_test_add_func ("/bb/ui/signin-page/not-connected", test_not_connected);
#define ADD(path, func) \
  g_test_add ("/bb/ui/signin-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("2020-auto-accept", test_2020_auto_accept);
  ADD ("2025-auto-accept", test_2025_auto_accept);
  ADD ("microsoft-error", test_microsoft_error);
  ADD ("wrong-state", test_wrong_state);
  ADD ("click-accept", test_click_accept);
  ADD ("cancel", test_cancel);
  ADD ("lockdown", test_lockdown);
  ADD ("lockdown-file", test_lockdown_file);
  ADD ("lockdown-download", test_lockdown_download);
  ADD ("new-window", test_new_window);
  ADD ("ephemeral-cookies", test_ephemeral_cookies);
#undef ADD

  return g_test_run ();
}
