/* main.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "bb-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BbApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* BAITBOX_LOCALEDIR: the tests' uninstalled translations (tests/data). */
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("BAITBOX_LOCALEDIR") ? g_getenv ("BAITBOX_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Baitbox"));

  app = bb_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
