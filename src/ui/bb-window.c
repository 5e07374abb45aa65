/* bb-window.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bb-ui-utils.h"
#include "bb-web-module.h"
#include "bb-window.h"
#include "pages/bb-mailboxes-page.h"
#include "pages/bb-progress-page.h"
#include "pages/bb-review-page.h"
#include "pages/bb-source-page.h"

struct _BbWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template Widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *pages;
  GtkWidget            *back_button;
  GtkMenuButton        *menu_button;
  GMenuModel           *primary_menu;
  BbConnectPage        *connect_page;

  /* The other pages, made when first needed (ensure_page); NULL until then. The
   * sign-in and template pages come from the web module (bb-web-module.h). */
  BbSourcePage         *source_page;
  GtkWidget            *signin_page;
  BbMailboxesPage      *mailboxes_page;
  GtkWidget            *template_page;
  BbReviewPage         *review_page;
  BbProgressPage       *progress_page;
  const BbWebModule    *web;
  GtkWindow            *help_overlay;  /* weak: made on first use */

  /* Owned References */
  GSettings            *settings;
  BbFlow               *flow;
  GPtrArray            *history;      /* interned page names, oldest first */
  char                 *flow_flock;   /* the flock the flow was last given */

  guint                 close_confirmed : 1;
  guint                 asking_close : 1;
};

G_DEFINE_FINAL_TYPE (BbWindow, bb_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_subtitle (BbWindow *self)
{
  BbConsole *console = bb_connect_page_get_console (self->connect_page);
  const char *flock_name = bb_connect_page_get_flock_name (self->connect_page);
  g_autofree char *subtitle = NULL;

  if (console != NULL && flock_name != NULL)
    /* Translators: the window subtitle, "<Console host> · <flock name>" */
    subtitle = g_strdup_printf (_("%s · %s"), bb_console_get_host (console), flock_name);
  else if (console != NULL)
    subtitle = g_strdup (bb_console_get_host (console));

  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
}

/* Remembers the Console and flock once they proved to work; never the token. */
static void
remember_connection (BbWindow *self)
{
  BbConsole *console = bb_connect_page_get_console (self->connect_page);

  if (console == NULL)
    return;

  g_settings_set_string (self->settings, "console-address", bb_console_get_base_url (console));
  g_settings_set_string (self->settings, "flock-id",
                         bb_connect_page_get_flock_id (self->connect_page));
}

/* Navigation ------------------------------------------------------------- */

static const char *
current_page (BbWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->pages);

  return name ? g_intern_string (name) : NULL;
}

static gboolean
progress_running (BbWindow *self)
{
  return self->progress_page != NULL && bb_progress_page_get_running (self->progress_page);
}

static void
update_back (BbWindow *self)
{
  const char *page = current_page (self);
  gboolean following = page == g_intern_static_string ("progress") &&
                       progress_running (self);
  gboolean can_go_back = self->history->len > 0 &&
                         page != g_intern_static_string ("connect") && !following;

  gtk_widget_set_visible (self->back_button, can_go_back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", can_go_back);
}

static void
update_back_cb (BbWindow *self)
{
  g_assert (BB_IS_WINDOW (self));

  update_back (self);
}

static void
activate_page (BbWindow   *self,
               const char *name)
{
  if (g_str_equal (name, "source"))
    bb_source_page_activate (self->source_page);
  else if (g_str_equal (name, "signin") && self->signin_page != NULL)
    self->web->signin_page_activate (self->signin_page);
  else if (g_str_equal (name, "mailboxes"))
    bb_mailboxes_page_activate (self->mailboxes_page);
  else if (g_str_equal (name, "template") && self->template_page != NULL)
    self->web->template_page_activate (self->template_page);
  else if (g_str_equal (name, "review"))
    bb_review_page_activate (self->review_page);
  else if (g_str_equal (name, "progress"))
    bb_progress_page_activate (self->progress_page);
}

static void
reset_signin (BbWindow *self)
{
  if (self->signin_page != NULL)
    self->web->signin_page_reset (self->signin_page);
}

/* Leaving a page by Back or a jump: what runs on it stops. */
static void
leave_page (BbWindow   *self,
            const char *name)
{
  if (name != NULL && g_str_equal (name, "signin"))
    reset_signin (self);
}

static GtkWidget *ensure_page (BbWindow   *self,
                               const char *name);

static void
show_page (BbWindow   *self,
           const char *name)
{
  GtkWidget *child = ensure_page (self, name);

  g_assert (child != NULL);

  gtk_stack_set_visible_child (self->pages, child);
  activate_page (self, name);
  update_back (self);
  gtk_widget_grab_focus (child);
}

/* Forward: the page shown now goes on the history. */
static void
navigate (BbWindow   *self,
          const char *name)
{
  const char *page = current_page (self);

  if (page != NULL && g_strcmp0 (page, name) != 0)
    g_ptr_array_add (self->history, (gpointer) page);

  show_page (self, name);
}

/* Backwards to @name: the history is unwound to its last visit there; a page
 * never visited is navigated to instead. */
static void
return_to (BbWindow   *self,
           const char *name)
{
  const char *interned = g_intern_string (name);

  for (guint i = self->history->len; i > 0; i--)
    {
      if (g_ptr_array_index (self->history, i - 1) == interned)
        {
          leave_page (self, current_page (self));
          g_ptr_array_set_size (self->history, i - 1);
          show_page (self, interned);
          return;
        }
    }

  navigate (self, interned);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  bb_window_go_back (BB_WINDOW (widget));
}

/* GtkApplication would build the shortcuts window of every new window from
 * gtk/help-overlay.ui at once; it is built here when first asked for instead,
 * which keeps it off the start-up path. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  BbWindow *self = BB_WINDOW (widget);

  if (self->help_overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/baitbox/Baitbox/bb-help-overlay.ui");
      GtkWindow *overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

      gtk_window_set_transient_for (overlay, GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (overlay, TRUE);
      gtk_window_set_hide_on_close (overlay, TRUE);
      g_set_weak_pointer (&self->help_overlay, overlay);
    }

  gtk_window_present (self->help_overlay);
}

/* Page signals ------------------------------------------------------------ */

static void
connect_page_changed_cb (BbWindow *self)
{
  g_assert (BB_IS_WINDOW (self));

  update_subtitle (self);

  if (bb_connect_page_get_state (self->connect_page) == BB_CONNECT_STATE_CONNECTED)
    remember_connection (self);
}

static void
connect_page_connected_cb (BbWindow  *self,
                           BbConsole *console)
{
  const char *flock_id;

  g_assert (BB_IS_WINDOW (self));
  g_assert (BB_IS_CONSOLE (console));

  remember_connection (self);

  /* The connect page moves its Console to the picked flock in place, so the
   * flow cannot tell a new flock on the same Console by itself: start over. */
  flock_id = bb_console_get_flock_id (console);
  if (g_strcmp0 (self->flow_flock, flock_id) != 0 && bb_flow_get_console (self->flow) == console)
    bb_flow_set_console (self->flow, NULL, NULL);
  g_free (self->flow_flock);
  self->flow_flock = g_strdup (flock_id);

  bb_flow_set_console (self->flow, console, bb_connect_page_get_flock_name (self->connect_page));

  /* Connecting starts the flow again at step 2. */
  g_ptr_array_set_size (self->history, 0);
  g_ptr_array_add (self->history, (gpointer) g_intern_static_string ("connect"));
  show_page (self, "source");
}

/* Another Console or flock: what the pages hold for the old one goes. */
static void
flow_scope_changed_cb (BbWindow *self)
{
  g_assert (BB_IS_WINDOW (self));

  reset_signin (self);
  if (self->progress_page != NULL)
    bb_progress_page_stop (self->progress_page);
}

static void
source_done_cb (BbWindow *self)
{
  g_assert (BB_IS_WINDOW (self));

  if (bb_flow_get_source (self->flow) == BB_MAILBOX_SOURCE_EXCHANGE ||
      bb_flow_get_signed_in (self->flow))
    navigate (self, "mailboxes");
  else
    navigate (self, "signin");
}

static void
signin_signed_in_cb (BbWindow *self)
{
  g_assert (BB_IS_WINDOW (self));

  /* Back to the list that asked for a sign-in, or on to it. */
  return_to (self, "mailboxes");
}

static void
signin_cancelled_cb (BbWindow *self)
{
  g_assert (BB_IS_WINDOW (self));

  return_to (self, "source");
}

static void
mailboxes_done_cb (BbWindow *self)
{
  g_assert (BB_IS_WINDOW (self));

  navigate (self, "template");
}

static void
mailboxes_sign_in_needed_cb (BbWindow *self)
{
  g_assert (BB_IS_WINDOW (self));

  bb_flow_set_signed_in (self->flow, FALSE);
  reset_signin (self);
  navigate (self, "signin");
}

static void
mailboxes_credentials_needed_cb (BbWindow *self)
{
  g_assert (BB_IS_WINDOW (self));

  return_to (self, "source");
}

static void
template_done_cb (BbWindow *self)
{
  g_assert (BB_IS_WINDOW (self));

  navigate (self, "review");
}

static void
review_edit_template_cb (BbWindow *self)
{
  g_assert (BB_IS_WINDOW (self));

  return_to (self, "template");
}

static void
review_started_cb (BbWindow *self,
                   guint     expected_total)
{
  g_assert (BB_IS_WINDOW (self));

  ensure_page (self, "progress");
  bb_progress_page_start (self->progress_page, expected_total);
  navigate (self, "progress");
}

static void
progress_token_more_cb (BbWindow *self)
{
  g_assert (BB_IS_WINDOW (self));

  return_to (self, "mailboxes");
}

/* Making the pages ----------------------------------------------------------- */

static GtkWidget *
make_source_page (BbWindow *self)
{
  self->source_page = g_object_new (BB_TYPE_SOURCE_PAGE, "flow", self->flow, NULL);
  g_signal_connect_swapped (self->source_page, "done", G_CALLBACK (source_done_cb), self);

  return GTK_WIDGET (self->source_page);
}

static GtkWidget *
make_mailboxes_page (BbWindow *self)
{
  self->mailboxes_page = g_object_new (BB_TYPE_MAILBOXES_PAGE, "flow", self->flow, NULL);
  g_signal_connect_swapped (self->mailboxes_page, "done",
                            G_CALLBACK (mailboxes_done_cb), self);
  g_signal_connect_swapped (self->mailboxes_page, "sign-in-needed",
                            G_CALLBACK (mailboxes_sign_in_needed_cb), self);
  g_signal_connect_swapped (self->mailboxes_page, "credentials-needed",
                            G_CALLBACK (mailboxes_credentials_needed_cb), self);

  return GTK_WIDGET (self->mailboxes_page);
}

static GtkWidget *
make_review_page (BbWindow *self)
{
  self->review_page = g_object_new (BB_TYPE_REVIEW_PAGE, "flow", self->flow, NULL);
  g_signal_connect_swapped (self->review_page, "started", G_CALLBACK (review_started_cb), self);
  g_signal_connect_swapped (self->review_page, "edit-template",
                            G_CALLBACK (review_edit_template_cb), self);

  return GTK_WIDGET (self->review_page);
}

static GtkWidget *
make_progress_page (BbWindow *self)
{
  self->progress_page = g_object_new (BB_TYPE_PROGRESS_PAGE, "flow", self->flow, NULL);
  g_signal_connect_swapped (self->progress_page, "token-more",
                            G_CALLBACK (progress_token_more_cb), self);
  g_signal_connect_swapped (self->progress_page, "notify::running",
                            G_CALLBACK (update_back_cb), self);

  return GTK_WIDGET (self->progress_page);
}

/* What shows in place of a page of the web module when it cannot be loaded. */
static GtkWidget *
make_error_page (const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);
  g_autofree char *description = NULL;
  GtkWidget *page = adw_status_page_new ();

  /* Translators: %s is the reason, such as "Could not load /usr/lib/…: file not found" */
  description = g_strdup_printf (_("%s\n\nBaitbox is not installed completely. "
                                   "Reinstalling it should bring this page back."),
                                 escaped);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "dialog-error-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("This Page Could Not Be Loaded"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page), description);

  return page;
}

/* The sign-in and template pages need WebKit and GtkSourceView: their module is
 * loaded the first time one of them is needed, never at start-up. */
static GtkWidget *
make_web_page (BbWindow *self,
               gboolean  signin)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  if (self->web == NULL && (self->web = bb_web_module_load (&error)) == NULL)
    return make_error_page (error);

  page = g_object_new (signin ? self->web->signin_page_get_type ()
                              : self->web->template_page_get_type (),
                       "flow", self->flow,
                       NULL);
  if (signin)
    {
      self->signin_page = page;
      g_signal_connect_swapped (page, "signed-in", G_CALLBACK (signin_signed_in_cb), self);
      g_signal_connect_swapped (page, "cancelled", G_CALLBACK (signin_cancelled_cb), self);
    }
  else
    {
      self->template_page = page;
      g_signal_connect_swapped (page, "done", G_CALLBACK (template_done_cb), self);
    }

  return page;
}

static GtkWidget *
make_signin_page (BbWindow *self)
{
  return make_web_page (self, TRUE);
}

static GtkWidget *
make_template_page (BbWindow *self)
{
  return make_web_page (self, FALSE);
}

static const struct {
  const char  *name;
  const char  *title;
  GtkWidget *(*make) (BbWindow *self);
} page_makers[] = {
  { "source", N_("Mailbox Source"), make_source_page },
  { "signin", N_("Sign In"), make_signin_page },
  { "mailboxes", N_("Mailboxes"), make_mailboxes_page },
  { "template", N_("Bait Email"), make_template_page },
  { "review", N_("Review"), make_review_page },
  { "progress", N_("Progress"), make_progress_page },
};

/* The page called @name, made and added to the stack (hidden) the first time;
 * NULL for a name that is no page. Only the Connect page exists from the start. */
static GtkWidget *
ensure_page (BbWindow   *self,
             const char *name)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->pages, name);

  if (page != NULL)
    return page;

  for (guint i = 0; i < G_N_ELEMENTS (page_makers); i++)
    {
      if (!g_str_equal (name, page_makers[i].name))
        continue;

      page = page_makers[i].make (self);
      gtk_stack_add_titled (self->pages, page, name, _(page_makers[i].title));
      return page;
    }

  return NULL;
}

/* Closing ----------------------------------------------------------------- */

static void
confirm_close_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->asking_close = FALSE;
  if (!bb_progress_page_confirm_close_finish (BB_PROGRESS_PAGE (object), result, &error))
    return;

  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* The job goes on without us: the progress page says so before the window goes. */
static void
ask_close (BbWindow *self)
{
  if (self->asking_close)
    return;

  self->asking_close = TRUE;
  bb_progress_page_confirm_close_async (self->progress_page, NULL, confirm_close_cb,
                                        g_object_ref (self));
}

static void
save_window_state (BbWindow *self)
{
  int width, height;
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  if (!maximized)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static void
restore_window_state (BbWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
bb_window_close_request (GtkWindow *window)
{
  BbWindow *self = BB_WINDOW (window);

  if (!self->close_confirmed && progress_running (self))
    {
      ask_close (self);
      return TRUE;
    }

  save_window_state (self);
  if (self->progress_page != NULL)
    bb_progress_page_stop (self->progress_page);
  reset_signin (self);

  return GTK_WINDOW_CLASS (bb_window_parent_class)->close_request (window);
}

static void
bb_window_dispose (GObject *object)
{
  BbWindow *self = (BbWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BB_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->flow);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->flow_flock, g_free);
  if (self->help_overlay != NULL)
    gtk_window_destroy (self->help_overlay);
  g_clear_weak_pointer (&self->help_overlay);

  G_OBJECT_CLASS (bb_window_parent_class)->dispose (object);
}

static void
bb_window_class_init (BbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bb_window_dispose;

  window_class->close_request = bb_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/baitbox/Baitbox/bb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BbWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BbWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, BbWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, BbWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, BbWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, BbWindow, connect_page);
  gtk_widget_class_bind_template_callback (widget_class, connect_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_page_connected_cb);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_help_overlay_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);

  g_type_ensure (BB_TYPE_CONNECT_PAGE);
}

/* The main menu's popover (a GtkPopoverMenu and a widget per item) is made when
 * first opened, not for the first frame. */
static void
create_menu_popover (GtkMenuButton *button,
                     gpointer       user_data)
{
  BbWindow *self = BB_WINDOW (user_data);

  gtk_menu_button_set_create_popup_func (button, NULL, NULL, NULL);
  gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
bb_window_init (BbWindow *self)
{
  g_autofree char *address = NULL;
  g_autofree char *flock_id = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu_popover, self, NULL);

  self->history = g_ptr_array_new ();
  self->flow = bb_flow_new ();
  g_signal_connect_object (self->flow, "notify::flock-id", G_CALLBACK (flow_scope_changed_cb),
                           self, G_CONNECT_SWAPPED);
  /* Only the page shown is presented to assistive technologies. */
  bb_ui_stack_hide_inactive (self->pages);
  update_back (self);

  self->settings = g_settings_new (APP_ID);
  restore_window_state (self);

  address = g_settings_get_string (self->settings, "console-address");
  flock_id = g_settings_get_string (self->settings, "flock-id");
  bb_connect_page_set_address (self->connect_page, address);
  bb_connect_page_set_flock_id (self->connect_page, flock_id);
}

BbWindow *
bb_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (BB_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

BbConnectPage *
bb_window_get_connect_page (BbWindow *self)
{
  g_return_val_if_fail (BB_IS_WINDOW (self), NULL);

  return self->connect_page;
}

BbFlow *
bb_window_get_flow (BbWindow *self)
{
  g_return_val_if_fail (BB_IS_WINDOW (self), NULL);

  return self->flow;
}

const char *
bb_window_get_page_name (BbWindow *self)
{
  g_return_val_if_fail (BB_IS_WINDOW (self), NULL);

  return current_page (self);
}

GtkWidget *
bb_window_get_page (BbWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (BB_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return ensure_page (self, name);
}

gboolean
bb_window_go_back (BbWindow *self)
{
  const char *previous;

  g_return_val_if_fail (BB_IS_WINDOW (self), FALSE);

  if (!gtk_widget_get_visible (self->back_button))
    return FALSE;

  previous = g_ptr_array_steal_index (self->history, self->history->len - 1);
  leave_page (self, current_page (self));
  show_page (self, previous);

  return TRUE;
}

const char *
bb_window_get_subtitle (BbWindow *self)
{
  g_return_val_if_fail (BB_IS_WINDOW (self), NULL);

  return adw_window_title_get_subtitle (self->window_title);
}

void
bb_window_prefill (BbWindow   *self,
                   const char *address,
                   const char *flock_id,
                   const char *token,
                   gboolean    auto_connect)
{
  BbConnectState state;

  g_return_if_fail (BB_IS_WINDOW (self));

  state = bb_connect_page_get_state (self->connect_page);
  if (state != BB_CONNECT_STATE_FORM && state != BB_CONNECT_STATE_ERROR)
    return;

  if (address != NULL && address[0] != '\0')
    bb_connect_page_set_address (self->connect_page, address);
  if (flock_id != NULL && flock_id[0] != '\0')
    bb_connect_page_set_flock_id (self->connect_page, flock_id);
  if (token != NULL && token[0] != '\0')
    bb_connect_page_set_auth_token (self->connect_page, token);

  if (auto_connect)
    bb_connect_page_connect (self->connect_page);

  /* Without both fields, --connect cannot start: the user finishes the form. */
  if (bb_connect_page_get_state (self->connect_page) != BB_CONNECT_STATE_BUSY)
    gtk_widget_grab_focus (GTK_WIDGET (self->connect_page));
}

void
bb_window_add_toast (BbWindow   *self,
                     const char *title)
{
  g_return_if_fail (BB_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}
