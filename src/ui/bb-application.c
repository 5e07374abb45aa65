/* bb-application.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bb-application.h"
#include "bb-preferences-window.h"
#include "bb-window.h"

struct _BbApplication
{
  AdwApplication parent_instance;

  GSettings     *settings;   /* from startup: the colour scheme follows it */
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

/* Closes every window, so a window following a job asks first; the
 * application ends with its last window. */
static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));
  g_autoptr(GList) copy = g_list_copy (windows);

  for (GList *l = copy; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
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
                         "developer-name", _("The Baitbox authors"),
                         "website", "https://github.com/baitbox/baitbox",
                         "issue-url", "https://github.com/baitbox/baitbox/issues",
                         "support-url", "https://github.com/baitbox/baitbox#readme",
                         "designers", developers,
                         "artists", developers,
                         /* Translators: Replace "translator-credits" with your names, one name per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (bb_preferences_window_new (parent)));
}

/* "default" follows the desktop; "light" and "dark" force one (Preferences). */
static void
color_scheme_changed_cb (GSettings  *settings,
                         const char *key)
{
  g_autofree char *scheme = g_settings_get_string (settings, "color-scheme");
  AdwColorScheme color_scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_strcmp0 (scheme, "light") == 0)
    color_scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (scheme, "dark") == 0)
    color_scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), color_scheme);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
};

/* Benchmarks only (tests/bench/run-benchmarks): with BAITBOX_BENCH_EXIT_ON_FIRST_FRAME
 * set, the first frame painted prints "FIRST_FRAME webkit=0|1" (whether WebKit is
 * mapped into the process by then) and the process exits at once. */
static void
bench_after_paint_cb (GdkFrameClock *clock)
{
  g_autofree char *maps = NULL;

  g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL);
  printf ("FIRST_FRAME webkit=%d\n", maps != NULL && strstr (maps, "libwebkit") != NULL);
  fflush (stdout);
  _exit (0);
}

static void
bench_realize_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (bench_after_paint_cb), NULL);
}

static void
bench_window_added_cb (GtkApplication *app,
                       GtkWindow      *window)
{
  g_signal_connect_after (window, "realize", G_CALLBACK (bench_realize_cb), NULL);
}

static void
bb_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *close_accels[] = { "<Primary>w", NULL };
  static const char *prefs_accels[] = { "<Primary>comma", NULL };
  static const char *help_accels[] = { "<Primary>question", "<Primary>F1", NULL };

  G_APPLICATION_CLASS (bb_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);
  /* GtkApplication's own, had help-overlay.ui been where it looks (bb-window.c). */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_accels);

  BB_APPLICATION (app)->settings = g_settings_new (APP_ID);
  g_signal_connect (BB_APPLICATION (app)->settings, "changed::color-scheme",
                    G_CALLBACK (color_scheme_changed_cb), NULL);
  color_scheme_changed_cb (BB_APPLICATION (app)->settings, "color-scheme");

  if (g_getenv ("BAITBOX_BENCH_EXIT_ON_FIRST_FRAME") != NULL)
    g_signal_connect (app, "window-added", G_CALLBACK (bench_window_added_cb), NULL);
}

static void
bb_application_dispose (GObject *object)
{
  g_clear_object (&BB_APPLICATION (object)->settings);

  G_OBJECT_CLASS (bb_application_parent_class)->dispose (object);
}

static void
bb_application_class_init (BbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = bb_application_dispose;

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
  g_application_set_option_context_description (G_APPLICATION (self),
    _("Environment:\n"
      "  BAITBOX_CONSOLE     the Console, when --console is not given\n"
      "  BAITBOX_FLOCK       the flock, when --flock is not given\n"
      "  BAITBOX_AUTH_TOKEN  the API token; otherwise the token saved in the keyring\n"
      "                      for that Console is offered\n"
      "\n"
      "Exit status:\n"
      "  0  success: the window was shown, or the version or help printed\n"
      "  1  an option was not understood"));
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
