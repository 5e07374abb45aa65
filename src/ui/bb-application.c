/* bb-application.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bb-application.h"
#include "bb-window.h"

struct _BbApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (BbApplication, bb_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "console", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The Canary Console: its domain hash, host name or URL"), N_("URL|HASH") },
  { "flock", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The flock to pick, such as flock:default"), N_("ID") },
  { "connect", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Connect at once when the Console and token are known"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { NULL }
};

/* An environment variable that is set but empty counts as unset. */
static const char *
nonempty (const char *value)
{
  return value != NULL && value[0] != '\0' ? value : NULL;
}

static BbWindow *
get_window (BbApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (bb_window_new (GTK_APPLICATION (self)));

  return BB_WINDOW (window);
}

static int
bb_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("baitbox %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static int
bb_application_command_line (GApplication            *app,
                             GApplicationCommandLine *cmdline)
{
  BbApplication *self = BB_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  const char *console = NULL;
  const char *flock = NULL;
  const char *token;
  gboolean auto_connect;
  BbWindow *window;

  if (!g_variant_dict_lookup (options, "console", "&s", &console))
    console = g_application_command_line_getenv (cmdline, "BAITBOX_CONSOLE");
  if (!g_variant_dict_lookup (options, "flock", "&s", &flock))
    flock = g_application_command_line_getenv (cmdline, "BAITBOX_FLOCK");
  /* The environment of the invoking process, which may not be ours. */
  token = g_application_command_line_getenv (cmdline, "BAITBOX_AUTH_TOKEN");
  auto_connect = g_variant_dict_contains (options, "connect");

  window = get_window (self);
  bb_window_prefill (window, nonempty (console), nonempty (flock), nonempty (token),
                     auto_connect);
  gtk_window_present (GTK_WINDOW (window));

  return 0;
}

static void
bb_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (BB_APPLICATION (app))));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Baitbox authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Baitbox"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Plant Canarytoken bait emails in Microsoft 365 mailboxes"),
                         "developers", developers,
                         "copyright", "© 2026 The Baitbox authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
};

static void
bb_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *close_accels[] = { "<Primary>w", NULL };

  G_APPLICATION_CLASS (bb_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
}

static void
bb_application_class_init (BbApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->handle_local_options = bb_application_handle_local_options;
  app_class->command_line = bb_application_command_line;
  app_class->activate = bb_application_activate;
  app_class->startup = bb_application_startup;
}

static void
bb_application_init (BbApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Plant Canarytoken bait emails in Microsoft 365 mailboxes."));
}

BbApplication *
bb_application_new (void)
{
  return g_object_new (BB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       /* The environment, so a second "baitbox" hands over its
                        * BAITBOX_AUTH_TOKEN to the running one. */
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_SEND_ENVIRONMENT,
                       "resource-base-path", "/io/github/baitbox/Baitbox",
                       NULL);
}
