/* bb-signin-page.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <webkit/webkit.h>

#include "bb-authorize-url.h"
#include "bb-redirect.h"
#include "bb-signin-page.h"
#include "bb-ui-utils.h"

/* How long "Blocked an insecure page" stays in the bar. */
#define BLOCKED_NOTE_SECONDS 6

struct _BbSigninPage
{
  GtkWidget             parent_instance;

  /* Template Widgets */
  GtkStack             *stack;
  GtkSpinner           *starting_spinner;
  GtkSpinner           *completing_spinner;
  GtkImage             *padlock_image;
  GtkLabel             *host_label;
  GtkRevealer          *blocked_revealer;
  GtkOverlay           *view_overlay;
  GtkProgressBar       *progress_bar;
  AdwStatusPage        *error_status;
  GtkWidget            *retry_button;
  GtkWidget            *preferences_button;
  GtkWidget            *continue_button;

  /* Owned References */
  BbFlow               *flow;
  /* One sign-in attempt: all of it is dropped together (discard_attempt). */
  GCancellable         *cancellable;   /* NULL when no attempt runs */
  BbInitiateReply      *reply;         /* holds the expected state (2020) */
  char                 *redirect_uri;
  WebKitNetworkSession *session;       /* ephemeral, one per attempt */
  WebKitWebView        *web_view;

  char                 *error_message;
  char                 *current_host;

  BbSigninState         state;
  guint                 blocked_timeout_id;
  guint                 code_taken : 1;  /* 2020: the code went to oauth/token */
};

G_DEFINE_FINAL_TYPE (BbSigninPage, bb_signin_page, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (BbSigninState, bb_signin_state,
  G_DEFINE_ENUM_VALUE (BB_SIGNIN_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (BB_SIGNIN_STATE_STARTING, "starting"),
  G_DEFINE_ENUM_VALUE (BB_SIGNIN_STATE_BROWSING, "browsing"),
  G_DEFINE_ENUM_VALUE (BB_SIGNIN_STATE_COMPLETING, "completing"),
  G_DEFINE_ENUM_VALUE (BB_SIGNIN_STATE_SIGNED_IN, "signed-in"),
  G_DEFINE_ENUM_VALUE (BB_SIGNIN_STATE_ERROR, "error"))

enum {
  PROP_0,
  PROP_FLOW,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_CURRENT_HOST,
  N_PROPS
};

enum {
  SIGNED_IN,
  CANCELLED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Which error screen to show: decides the buttons under the message. */
typedef enum {
  FAIL_RETRY,        /* Try again starts a new attempt */
  FAIL_SETTINGS,     /* Try again, plus Open Preferences */
  FAIL_FINAL,        /* nothing to retry here (not connected) */
} FailKind;

/* One running request. Holds the page and the attempt's cancellable, so a reply
 * that arrives after Cancel, Back or a newer attempt is dropped. */
static BbUiOp *
attempt_op_new (BbSigninPage *self)
{
  return bb_ui_op_new (self, self->cancellable, NULL, NULL);
}

static gboolean
attempt_op_is_stale (BbUiOp *op)
{
  return bb_ui_op_is_stale (op, BB_SIGNIN_PAGE (op->owner)->cancellable);
}

static gboolean
is_2025 (BbSigninPage *self)
{
  return self->reply != NULL && self->reply->generation == BB_INITIATE_2025;
}

/* The host of @uri, or NULL (about:blank, garbage). Never the path or query:
 * the redirect's query carries the code and the state. */
static char *
host_of (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;

  if (uri == NULL)
    return NULL;

  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (parsed == NULL || g_uri_get_host (parsed) == NULL || *g_uri_get_host (parsed) == '\0')
    return NULL;

  return g_strdup (g_uri_get_host (parsed));
}

static void
update_actions (BbSigninPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "page.cancel",
                                 self->state != BB_SIGNIN_STATE_IDLE &&
                                 self->state != BB_SIGNIN_STATE_SIGNED_IN);
  gtk_widget_action_set_enabled (widget, "page.retry",
                                 self->state == BB_SIGNIN_STATE_IDLE ||
                                 self->state == BB_SIGNIN_STATE_ERROR);
  gtk_widget_action_set_enabled (widget, "page.continue",
                                 self->state == BB_SIGNIN_STATE_SIGNED_IN);
}

static const char *
state_to_child (BbSigninPage  *self,
                BbSigninState  state)
{
  switch (state)
    {
    case BB_SIGNIN_STATE_STARTING:
      return "starting";
    case BB_SIGNIN_STATE_BROWSING:
      return "browsing";
    case BB_SIGNIN_STATE_COMPLETING:
      /* 2025: the Console's own callback page loads in the view; let it be seen. */
      return is_2025 (self) ? "browsing" : "completing";
    case BB_SIGNIN_STATE_SIGNED_IN:
      return "signed-in";
    case BB_SIGNIN_STATE_ERROR:
      return "error";
    case BB_SIGNIN_STATE_IDLE:
    default:
      return "idle";
    }
}

static void
set_state (BbSigninPage  *self,
           BbSigninState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  gtk_stack_set_visible_child_name (self->stack, state_to_child (self, state));
  gtk_spinner_set_spinning (self->starting_spinner, state == BB_SIGNIN_STATE_STARTING);
  gtk_spinner_set_spinning (self->completing_spinner, state == BB_SIGNIN_STATE_COMPLETING);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_current_host (BbSigninPage *self,
                  const char   *host)
{
  gtk_label_set_text (self->host_label, host != NULL ? host : "");

  if (!bb_ui_set_string (&self->current_host, host))
    return;

  /* The host only: the full address would carry the state and the code. */
  g_debug ("Sign-in view at %s", host != NULL ? host : "(no host)");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_HOST]);
}

static void
set_error_message (BbSigninPage *self,
                   const char   *message)
{
  if (bb_ui_set_string (&self->error_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
hide_blocked_note (BbSigninPage *self)
{
  g_clear_handle_id (&self->blocked_timeout_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->blocked_revealer, FALSE);
}

static gboolean
blocked_note_timeout_cb (gpointer user_data)
{
  BbSigninPage *self = user_data;

  self->blocked_timeout_id = 0;
  gtk_revealer_set_reveal_child (self->blocked_revealer, FALSE);

  return G_SOURCE_REMOVE;
}

static void
show_blocked_note (BbSigninPage *self)
{
  g_clear_handle_id (&self->blocked_timeout_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->blocked_revealer, TRUE);
  self->blocked_timeout_id = g_timeout_add_seconds (BLOCKED_NOTE_SECONDS,
                                                    blocked_note_timeout_cb, self);
}

static gboolean
unref_later_cb (gpointer data)
{
  g_object_unref (data);

  return G_SOURCE_REMOVE;
}

/* Drops the view and its session, with every cookie and cache entry. Often called
 * from inside one of the view's own signal handlers, so the last reference goes
 * from an idle, once WebKit has returned from the emission. */
static void
discard_view (BbSigninPage *self)
{
  if (self->web_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->web_view, self);
      webkit_web_view_stop_loading (self->web_view);
      gtk_overlay_set_child (self->view_overlay, NULL);
      g_idle_add (unref_later_cb, g_steal_pointer (&self->web_view));
    }

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_idle_add (unref_later_cb, g_steal_pointer (&self->session));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->padlock_image), FALSE);
  hide_blocked_note (self);
  set_current_host (self, NULL);
}

/* Forgets everything about the current attempt: cancels its request, drops the
 * view, the state and the redirect URI. */
static void
discard_attempt (BbSigninPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->reply, bb_initiate_reply_free);
  g_clear_pointer (&self->redirect_uri, g_free);
  self->code_taken = FALSE;
  discard_view (self);
}

/* Ends the attempt in the error state. @title is the headline, @detail the
 * reason in plain words (also "error-message"). */
static void
fail (BbSigninPage *self,
      FailKind      kind,
      const char   *title,
      const char   *detail)
{
  g_autofree char *escaped = g_markup_escape_text (detail, -1);

  discard_attempt (self);

  adw_status_page_set_title (self->error_status, title);
  adw_status_page_set_description (self->error_status, escaped);
  gtk_widget_set_visible (self->retry_button, kind != FAIL_FINAL);
  gtk_widget_set_visible (self->preferences_button, kind == FAIL_SETTINGS);

  set_error_message (self, detail);
  set_state (self, BB_SIGNIN_STATE_ERROR);

  if (kind != FAIL_FINAL)
    gtk_widget_grab_focus (self->retry_button);
}

static void
fail_with_error (BbSigninPage *self,
                 const char   *title,
                 const GError *error)
{
  /* The code only: Console messages are shown, never logged. */
  g_debug ("Sign-in failed: %s",
           error->domain == BB_CONSOLE_ERROR ? bb_console_error_to_name (error->code) : "other");
  fail (self, FAIL_RETRY, title, error->message);
}

static void
succeed (BbSigninPage *self)
{
  g_debug ("Signed in to Microsoft 365");

  /* The session's cookies are of no further use: drop them now. */
  discard_attempt (self);
  bb_flow_set_signed_in (self->flow, TRUE);
  set_error_message (self, NULL);
  set_state (self, BB_SIGNIN_STATE_SIGNED_IN);
  g_signal_emit (self, signals[SIGNED_IN], 0);
}

static void
oauth_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BbUiOp) op = user_data;
  BbSigninPage *self = op->owner;
  g_autoptr(GError) error = NULL;

  if (!bb_console_oauth_token_finish (BB_CONSOLE (object), result, &error))
    {
      /* The code is single-use: Try again starts over from initiate. */
      if (!attempt_op_is_stale (op) && !bb_ui_is_cancelled_error (error))
        fail_with_error (self, _("The Console could not finish the sign-in"), error);
      return;
    }

  if (!attempt_op_is_stale (op))
    succeed (self);
}

/* 2020: the redirect never loads; its query is read here and the code posted once. */
static void
take_redirect_2020 (BbSigninPage *self,
                    const char   *uri)
{
  g_autoptr(BbRedirectResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  if (self->code_taken)
    return;

  result = bb_redirect_parse (uri, &error);
  if (result == NULL)
    {
      fail_with_error (self, _("Microsoft’s answer could not be read"), error);
      return;
    }

  if (result->error != NULL)
    {
      description = bb_redirect_describe_error (result->error, result->error_description);
      fail (self, FAIL_RETRY, _("Microsoft sign-in did not complete"), description);
      return;
    }

  if (!bb_redirect_check_state (result, self->reply->state, &error))
    {
      fail (self, FAIL_RETRY, _("Sign-in stopped"), error->message);
      return;
    }

  self->code_taken = TRUE;
  set_state (self, BB_SIGNIN_STATE_COMPLETING);
  bb_console_oauth_token_async (bb_flow_get_console (self->flow),
                                result->code, result->state,
                                bb_flow_get_admin_email (self->flow),
                                self->cancellable, oauth_token_cb, attempt_op_new (self));
}

/* 2025: the Console's callback page completes the exchange, so it may load, unless
 * Microsoft reported an error or the answer is not for this request. Returns TRUE
 * when the navigation may go on. */
static gboolean
take_redirect_2025 (BbSigninPage *self,
                    const char   *uri)
{
  g_autoptr(BbRedirectResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  result = bb_redirect_parse (uri, &error);
  if (result == NULL)
    {
      fail_with_error (self, _("Microsoft’s answer could not be read"), error);
      return FALSE;
    }

  if (result->error != NULL)
    {
      description = bb_redirect_describe_error (result->error, result->error_description);
      fail (self, FAIL_RETRY, _("Microsoft sign-in did not complete"), description);
      return FALSE;
    }

  /* The state is the Console's; when its URL named one, check it all the same. */
  if (self->reply->state != NULL &&
      !bb_redirect_check_state (result, self->reply->state, &error))
    {
      fail (self, FAIL_RETRY, _("Sign-in stopped"), error->message);
      return FALSE;
    }

  set_state (self, BB_SIGNIN_STATE_COMPLETING);
  return TRUE;
}

static gboolean
decide_navigation (BbSigninPage         *self,
                   WebKitWebView        *view,
                   WebKitPolicyDecision *decision,
                   gboolean              new_window)
{
  WebKitNavigationAction *action;
  WebKitURIRequest *request;
  const char *uri;

  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  request = webkit_navigation_action_get_request (action);
  uri = webkit_uri_request_get_uri (request);

  /* 2020: once the code is taken nothing else loads. */
  if (self->state != BB_SIGNIN_STATE_BROWSING &&
      !(self->state == BB_SIGNIN_STATE_COMPLETING && is_2025 (self)))
    {
      webkit_policy_decision_ignore (decision);
      return TRUE;
    }

  if (self->redirect_uri != NULL && bb_redirect_matches (uri, self->redirect_uri))
    {
      if (is_2025 (self) && !new_window && take_redirect_2025 (self, uri))
        {
          webkit_policy_decision_use (decision);
          return TRUE;
        }

      webkit_policy_decision_ignore (decision);
      if (!is_2025 (self))
        take_redirect_2020 (self, uri);
      else if (new_window)
        webkit_web_view_load_request (view, request);
      return TRUE;
    }

  if (!bb_redirect_is_allowed_navigation (uri))
    {
      webkit_policy_decision_ignore (decision);
      show_blocked_note (self);
      return TRUE;
    }

  if (new_window)
    {
      /* No second window: the page opens in this view and passes here again. */
      webkit_policy_decision_ignore (decision);
      webkit_web_view_load_request (view, request);
      return TRUE;
    }

  return FALSE;
}

static gboolean
decide_policy_cb (WebKitWebView            *view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  BbSigninPage             *self)
{
  g_assert (BB_IS_SIGNIN_PAGE (self));

  switch (type)
    {
    case WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION:
      return decide_navigation (self, view, decision, FALSE);

    case WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION:
      return decide_navigation (self, view, decision, TRUE);

    case WEBKIT_POLICY_DECISION_TYPE_RESPONSE:
      /* No downloads: what WebKit cannot show is not fetched. */
      if (!webkit_response_policy_decision_is_mime_type_supported (WEBKIT_RESPONSE_POLICY_DECISION (decision)))
        {
          webkit_policy_decision_ignore (decision);
          return TRUE;
        }
      return FALSE;

    default:
      return FALSE;
    }
}

static GtkWidget *
create_cb (WebKitWebView          *view,
           WebKitNavigationAction *action,
           BbSigninPage           *self)
{
  /* New windows are loaded in this view by decide-policy; never open one. */
  return NULL;
}

static void
download_started_cb (WebKitNetworkSession *session,
                     WebKitDownload       *download,
                     BbSigninPage         *self)
{
  webkit_download_cancel (download);
}

static void
update_padlock (BbSigninPage *self)
{
  const char *uri = webkit_web_view_get_uri (self->web_view);
  const char *scheme = uri != NULL ? g_uri_peek_scheme (uri) : NULL;
  GTlsCertificate *certificate = NULL;
  GTlsCertificateFlags errors = 0;
  const char *icon = "channel-insecure-symbolic";
  const char *label;

  if (g_strcmp0 (scheme, "https") == 0)
    {
      if (webkit_web_view_get_tls_info (self->web_view, &certificate, &errors) && errors == 0)
        {
          icon = "channel-secure-symbolic";
          label = _("Secure connection");
        }
      else
        label = _("The connection is not verified");
    }
  else if (g_strcmp0 (scheme, "http") == 0)
    label = _("Not encrypted (this computer only)");
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->padlock_image), FALSE);
      return;
    }

  gtk_image_set_from_icon_name (self->padlock_image, icon);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->padlock_image), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->padlock_image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (self->padlock_image), TRUE);
}

/* 2025: the Console's callback page has loaded; 2xx means the exchange worked. */
static void
callback_page_finished (BbSigninPage *self)
{
  WebKitWebResource *resource = webkit_web_view_get_main_resource (self->web_view);
  WebKitURIResponse *response = resource ? webkit_web_resource_get_response (resource) : NULL;
  guint status = response ? webkit_uri_response_get_status_code (response) : 0;
  g_autofree char *detail = NULL;

  if (!bb_redirect_matches (webkit_web_view_get_uri (self->web_view), self->redirect_uri))
    return;

  if (status >= 200 && status < 300)
    {
      succeed (self);
      return;
    }

  g_debug ("The Console's sign-in callback answered %u", status);
  /* Translators: %u is an HTTP status code such as 400 */
  detail = g_strdup_printf (_("The Console’s sign-in page answered with status %u. Please sign in again."),
                            status);
  fail (self, FAIL_RETRY, _("The Console could not finish the sign-in"), detail);
}

static void
load_changed_cb (WebKitWebView   *view,
                 WebKitLoadEvent  event,
                 BbSigninPage    *self)
{
  g_assert (BB_IS_SIGNIN_PAGE (self));

  switch (event)
    {
    case WEBKIT_LOAD_STARTED:
      gtk_widget_set_visible (GTK_WIDGET (self->padlock_image), FALSE);
      break;

    case WEBKIT_LOAD_COMMITTED:
      update_padlock (self);
      break;

    case WEBKIT_LOAD_FINISHED:
      if (self->state == BB_SIGNIN_STATE_COMPLETING && is_2025 (self))
        callback_page_finished (self);
      break;

    case WEBKIT_LOAD_REDIRECTED:
    default:
      break;
    }
}

/* Errors that are our own doing: a navigation we ignored, a stop, a download. */
static gboolean
is_expected_load_error (const GError *error)
{
  return g_error_matches (error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED) ||
         g_error_matches (error, WEBKIT_POLICY_ERROR,
                          WEBKIT_POLICY_ERROR_FRAME_LOAD_INTERRUPTED_BY_POLICY_CHANGE) ||
         g_error_matches (error, WEBKIT_POLICY_ERROR, WEBKIT_POLICY_ERROR_CANNOT_SHOW_MIME_TYPE);
}

static gboolean
load_failed_cb (WebKitWebView   *view,
                WebKitLoadEvent  event,
                const char      *failing_uri,
                GError          *error,
                BbSigninPage    *self)
{
  g_autofree char *host = host_of (failing_uri);
  g_autofree char *title = NULL;

  g_assert (BB_IS_SIGNIN_PAGE (self));

  if (is_expected_load_error (error) ||
      (self->state != BB_SIGNIN_STATE_BROWSING && self->state != BB_SIGNIN_STATE_COMPLETING))
    return TRUE;

  g_debug ("Sign-in page at %s failed to load", host != NULL ? host : "(no host)");
  /* Translators: %s is a host name such as login.microsoftonline.com */
  title = g_strdup_printf (_("%s could not be loaded"), host != NULL ? host : _("The page"));
  fail (self, FAIL_RETRY, title, error->message);

  return TRUE;
}

static gboolean
load_failed_with_tls_errors_cb (WebKitWebView        *view,
                                const char           *failing_uri,
                                GTlsCertificate      *certificate,
                                GTlsCertificateFlags  errors,
                                BbSigninPage         *self)
{
  g_autofree char *host = host_of (failing_uri);
  g_autofree char *title = NULL;

  g_assert (BB_IS_SIGNIN_PAGE (self));

  g_debug ("Sign-in page at %s: TLS errors 0x%x", host != NULL ? host : "(no host)", errors);
  /* No way around it on purpose: a sign-in page with a bad certificate is not used.
   * Translators: %s is a host name such as login.microsoftonline.com */
  title = g_strdup_printf (_("The certificate of %s was not accepted"),
                           host != NULL ? host : "?");
  fail (self, FAIL_RETRY, title,
        _("The connection to this sign-in page is not secure, so the sign-in stopped. "
          "Check the computer’s date and network, then try again."));

  return TRUE;
}

static void
web_process_terminated_cb (WebKitWebView                     *view,
                           WebKitWebProcessTerminationReason  reason,
                           BbSigninPage                      *self)
{
  g_assert (BB_IS_SIGNIN_PAGE (self));

  g_debug ("Sign-in web process ended (reason %d)", reason);
  fail (self, FAIL_RETRY, _("The sign-in page stopped working"),
        _("The page’s web process ended unexpectedly. Please sign in again."));
}

static void
uri_changed_cb (WebKitWebView *view,
                GParamSpec    *pspec,
                BbSigninPage  *self)
{
  g_autofree char *host = host_of (webkit_web_view_get_uri (view));

  set_current_host (self, host);
}

static void
progress_changed_cb (WebKitWebView *view,
                     GParamSpec    *pspec,
                     BbSigninPage  *self)
{
  double progress = webkit_web_view_get_estimated_load_progress (view);
  gboolean loading = webkit_web_view_is_loading (view);

  gtk_progress_bar_set_fraction (self->progress_bar, progress);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), loading && progress < 1.0);
}

static WebKitSettings *
new_web_settings (void)
{
  WebKitSettings *settings = webkit_settings_new ();

  /* Microsoft's sign-in needs JavaScript; nothing else beyond plain pages. */
  webkit_settings_set_enable_javascript (settings, TRUE);
  webkit_settings_set_javascript_can_open_windows_automatically (settings, FALSE);
  webkit_settings_set_enable_developer_extras (settings, FALSE);
  webkit_settings_set_allow_file_access_from_file_urls (settings, FALSE);
  webkit_settings_set_allow_universal_access_from_file_urls (settings, FALSE);
  webkit_settings_set_allow_top_navigation_to_data_urls (settings, FALSE);
  webkit_settings_set_enable_html5_database (settings, FALSE);
  webkit_settings_set_enable_webgl (settings, FALSE);
  webkit_settings_set_enable_media (settings, FALSE);
  webkit_settings_set_enable_write_console_messages_to_stdout (settings, FALSE);

  return settings;
}

static void
create_web_view (BbSigninPage *self)
{
  g_autoptr(WebKitSettings) settings = new_web_settings ();
  GtkWidget *view;

  g_assert (self->web_view == NULL && self->session == NULL);

  /* A new ephemeral session per attempt: nothing of an earlier attempt survives. */
  self->session = webkit_network_session_new_ephemeral ();
  g_signal_connect_object (self->session, "download-started",
                           G_CALLBACK (download_started_cb), self, 0);

  view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                       "network-session", self->session,
                       "settings", settings,
                       "hexpand", TRUE,
                       "vexpand", TRUE,
                       NULL);
  self->web_view = WEBKIT_WEB_VIEW (g_object_ref_sink (view));

  g_signal_connect_object (view, "decide-policy", G_CALLBACK (decide_policy_cb), self, 0);
  g_signal_connect_object (view, "create", G_CALLBACK (create_cb), self, 0);
  g_signal_connect_object (view, "load-changed", G_CALLBACK (load_changed_cb), self, 0);
  g_signal_connect_object (view, "load-failed", G_CALLBACK (load_failed_cb), self, 0);
  g_signal_connect_object (view, "load-failed-with-tls-errors",
                           G_CALLBACK (load_failed_with_tls_errors_cb), self, 0);
  g_signal_connect_object (view, "web-process-terminated",
                           G_CALLBACK (web_process_terminated_cb), self, 0);
  g_signal_connect_object (view, "notify::uri", G_CALLBACK (uri_changed_cb), self, 0);
  g_signal_connect_object (view, "notify::estimated-load-progress",
                           G_CALLBACK (progress_changed_cb), self, 0);
  g_signal_connect_object (view, "notify::is-loading",
                           G_CALLBACK (progress_changed_cb), self, 0);

  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Microsoft sign-in page"),
                                  -1);
  gtk_overlay_set_child (self->view_overlay, view);
}

/* The authorize URL from the reply and the settings (PROTOCOL.md §4, step 2), and
 * the redirect URI that ends the sign-in. */
static char *
build_authorize_url (BbSigninPage           *self,
                     const BbInitiateReply  *reply,
                     char                  **redirect_uri,
                     GError                **error)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *endpoint = g_settings_get_string (settings, "authorize-endpoint");
  g_autofree char *client_id = g_settings_get_string (settings, "client-id");
  g_autofree char *settings_redirect = g_settings_get_string (settings, "redirect-uri");
  g_autofree char *scope = g_settings_get_string (settings, "scope");
  g_autofree char *url = NULL;

  url = bb_authorize_url_build (reply, bb_flow_get_admin_email (self->flow),
                                endpoint, client_id, settings_redirect, scope, error);
  if (url == NULL)
    return NULL;

  *redirect_uri = bb_authorize_url_get_redirect_uri (reply, settings_redirect);
  if (*redirect_uri == NULL)
    {
      g_set_error_literal (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL,
                           _("The Console’s sign-in address does not say where the answer goes."));
      return NULL;
    }

  return g_steal_pointer (&url);
}

static void
initiate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BbUiOp) op = user_data;
  BbSigninPage *self = op->owner;
  g_autoptr(BbInitiateReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *redirect_uri = NULL;

  reply = bb_console_initiate_finish (BB_CONSOLE (object), result, &error);
  if (attempt_op_is_stale (op) || bb_ui_is_cancelled_error (error))
    return;

  if (reply == NULL)
    {
      fail_with_error (self, _("The Console could not start the sign-in"), error);
      return;
    }

  url = build_authorize_url (self, reply, &redirect_uri, &error);
  if (url == NULL)
    {
      if (g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT))
        fail (self, FAIL_SETTINGS, _("Microsoft sign-in is not set up"), error->message);
      else
        fail_with_error (self, _("The Console could not start the sign-in"), error);
      return;
    }

  self->reply = g_steal_pointer (&reply);
  self->redirect_uri = g_steal_pointer (&redirect_uri);
  create_web_view (self);
  set_state (self, BB_SIGNIN_STATE_BROWSING);
  webkit_web_view_load_uri (self->web_view, url);
  gtk_widget_grab_focus (GTK_WIDGET (self->web_view));
}

static void
start_attempt (BbSigninPage *self)
{
  BbConsole *console = self->flow != NULL ? bb_flow_get_console (self->flow) : NULL;

  discard_attempt (self);
  set_error_message (self, NULL);

  if (console == NULL)
    {
      fail (self, FAIL_FINAL, _("Not connected to a Console"),
            _("Go back and connect to a Console first."));
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_state (self, BB_SIGNIN_STATE_STARTING);
  bb_console_initiate_async (console, self->cancellable, initiate_cb, attempt_op_new (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BbSigninPage *self = BB_SIGNIN_PAGE (widget);

  bb_signin_page_reset (self);
  g_signal_emit (self, signals[CANCELLED], 0);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  start_attempt (BB_SIGNIN_PAGE (widget));
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  g_signal_emit (widget, signals[SIGNED_IN], 0);
}

/* A new Console or flock: what the page holds is for the old one. */
static void
flow_console_changed_cb (BbSigninPage *self)
{
  g_assert (BB_IS_SIGNIN_PAGE (self));

  if (self->state != BB_SIGNIN_STATE_IDLE)
    bb_signin_page_reset (self);
}

/* The sign-in was found to be lost (users/list said "not authorised" and the
 * mailboxes page cleared it): the next activate signs in afresh. */
static void
flow_signed_in_changed_cb (BbSigninPage *self)
{
  g_assert (BB_IS_SIGNIN_PAGE (self));

  if (self->state == BB_SIGNIN_STATE_SIGNED_IN && !bb_flow_get_signed_in (self->flow))
    bb_signin_page_reset (self);
}

static void
bb_signin_page_dispose (GObject *object)
{
  BbSigninPage *self = (BbSigninPage *)object;

  discard_attempt (self);
  if (self->flow != NULL)
    g_signal_handlers_disconnect_by_data (self->flow, self);
  g_clear_object (&self->flow);

  gtk_widget_dispose_template (GTK_WIDGET (self), BB_TYPE_SIGNIN_PAGE);

  G_OBJECT_CLASS (bb_signin_page_parent_class)->dispose (object);
}

static void
bb_signin_page_finalize (GObject *object)
{
  BbSigninPage *self = (BbSigninPage *)object;

  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->current_host, g_free);

  G_OBJECT_CLASS (bb_signin_page_parent_class)->finalize (object);
}

static void
bb_signin_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BbSigninPage *self = BB_SIGNIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      g_value_set_object (value, self->flow);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_CURRENT_HOST:
      g_value_set_string (value, self->current_host);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_signin_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BbSigninPage *self = BB_SIGNIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      bb_signin_page_set_flow (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_signin_page_class_init (BbSigninPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bb_signin_page_dispose;
  object_class->finalize = bb_signin_page_finalize;
  object_class->get_property = bb_signin_page_get_property;
  object_class->set_property = bb_signin_page_set_property;

  properties[PROP_FLOW] =
    g_param_spec_object ("flow", NULL, NULL,
                         BB_TYPE_FLOW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       BB_TYPE_SIGNIN_STATE, BB_SIGNIN_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_HOST] =
    g_param_spec_string ("current-host", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNED_IN] =
    g_signal_new ("signed-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[CANCELLED] =
    g_signal_new ("cancelled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/baitbox/Baitbox/pages/bb-signin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BbSigninPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BbSigninPage, starting_spinner);
  gtk_widget_class_bind_template_child (widget_class, BbSigninPage, completing_spinner);
  gtk_widget_class_bind_template_child (widget_class, BbSigninPage, padlock_image);
  gtk_widget_class_bind_template_child (widget_class, BbSigninPage, host_label);
  gtk_widget_class_bind_template_child (widget_class, BbSigninPage, blocked_revealer);
  gtk_widget_class_bind_template_child (widget_class, BbSigninPage, view_overlay);
  gtk_widget_class_bind_template_child (widget_class, BbSigninPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BbSigninPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, BbSigninPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, BbSigninPage, preferences_button);
  gtk_widget_class_bind_template_child (widget_class, BbSigninPage, continue_button);

  gtk_widget_class_install_action (widget_class, "page.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "page.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "page.continue", NULL, continue_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "page.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "signinpage");
}

static void
bb_signin_page_init (BbSigninPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bb_ui_stack_hide_inactive (self->stack);

  update_actions (self);
}

GtkWidget *
bb_signin_page_new (void)
{
  return g_object_new (BB_TYPE_SIGNIN_PAGE, NULL);
}

BbFlow *
bb_signin_page_get_flow (BbSigninPage *self)
{
  g_return_val_if_fail (BB_IS_SIGNIN_PAGE (self), NULL);

  return self->flow;
}

void
bb_signin_page_set_flow (BbSigninPage *self,
                         BbFlow       *flow)
{
  g_return_if_fail (BB_IS_SIGNIN_PAGE (self));
  g_return_if_fail (flow == NULL || BB_IS_FLOW (flow));

  if (self->flow == flow)
    return;

  bb_signin_page_reset (self);
  if (self->flow != NULL)
    g_signal_handlers_disconnect_by_data (self->flow, self);
  g_set_object (&self->flow, flow);

  if (flow != NULL)
    {
      g_signal_connect_object (flow, "notify::console",
                               G_CALLBACK (flow_console_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (flow, "notify::flock-id",
                               G_CALLBACK (flow_console_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (flow, "notify::signed-in",
                               G_CALLBACK (flow_signed_in_changed_cb), self, G_CONNECT_SWAPPED);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOW]);
}

void
bb_signin_page_activate (BbSigninPage *self)
{
  g_return_if_fail (BB_IS_SIGNIN_PAGE (self));

  if (self->flow != NULL && bb_flow_get_signed_in (self->flow))
    {
      if (self->state != BB_SIGNIN_STATE_SIGNED_IN)
        {
          discard_attempt (self);
          set_error_message (self, NULL);
          set_state (self, BB_SIGNIN_STATE_SIGNED_IN);
        }
      gtk_widget_grab_focus (self->continue_button);
      return;
    }

  /* Never lose what is running or shown: an error waits for Try again. */
  if (self->state == BB_SIGNIN_STATE_IDLE || self->state == BB_SIGNIN_STATE_SIGNED_IN)
    start_attempt (self);
}

void
bb_signin_page_reset (BbSigninPage *self)
{
  g_return_if_fail (BB_IS_SIGNIN_PAGE (self));

  discard_attempt (self);
  set_error_message (self, NULL);
  set_state (self, BB_SIGNIN_STATE_IDLE);
}

BbSigninState
bb_signin_page_get_state (BbSigninPage *self)
{
  g_return_val_if_fail (BB_IS_SIGNIN_PAGE (self), BB_SIGNIN_STATE_IDLE);

  return self->state;
}

const char *
bb_signin_page_get_error_message (BbSigninPage *self)
{
  g_return_val_if_fail (BB_IS_SIGNIN_PAGE (self), NULL);

  return self->error_message;
}

const char *
bb_signin_page_get_current_host (BbSigninPage *self)
{
  g_return_val_if_fail (BB_IS_SIGNIN_PAGE (self), NULL);

  return self->current_host;
}

GtkWidget *
bb_signin_page_get_web_view (BbSigninPage *self)
{
  g_return_val_if_fail (BB_IS_SIGNIN_PAGE (self), NULL);

  return self->web_view != NULL ? GTK_WIDGET (self->web_view) : NULL;
}
