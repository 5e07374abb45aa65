/* bb-window.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bb-window.h"

struct _BbWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template Widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *pages;
  BbConnectPage        *connect_page;

  /* Owned References */
  GSettings            *settings;
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
  g_assert (BB_IS_WINDOW (self));
  g_assert (BB_IS_CONSOLE (console));

  remember_connection (self);
  /* The mailbox source page comes with the next part of the flow. */
  bb_window_add_toast (self, _("Next step coming soon"));
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
  save_window_state (BB_WINDOW (window));

  return GTK_WINDOW_CLASS (bb_window_parent_class)->close_request (window);
}

static void
bb_window_dispose (GObject *object)
{
  BbWindow *self = (BbWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BB_TYPE_WINDOW);
  g_clear_object (&self->settings);

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
  gtk_widget_class_bind_template_child (widget_class, BbWindow, connect_page);
  gtk_widget_class_bind_template_callback (widget_class, connect_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_page_connected_cb);

  g_type_ensure (BB_TYPE_CONNECT_PAGE);
}

static void
bb_window_init (BbWindow *self)
{
  g_autofree char *address = NULL;
  g_autofree char *flock_id = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

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
