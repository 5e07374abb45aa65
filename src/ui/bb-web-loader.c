/* bb-web-loader.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Loads libbaitbox-web.so on demand (see bb-web-module.h). */

#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>

#include "bb-web-module.h"

#define BB_WEB_MODULE_NAME "libbaitbox-web.so"

static const BbWebModule *builtin_module;
static const BbWebModule *loaded_module;
static GError *load_error;

G_DEFINE_QUARK (bb-web-module-error-quark, bb_web_module_error)

void
bb_web_module_set_builtin (const BbWebModule *module)
{
  builtin_module = module;
}

gboolean
bb_web_module_is_loaded (void)
{
  return builtin_module != NULL || loaded_module != NULL;
}

static const char *
module_dir (void)
{
  const char *dir = g_getenv ("BAITBOX_MODULE_DIR");

  /* Set by the tests, the benchmarks and build-aux/run-demo to the build tree. */
  return dir != NULL && dir[0] != '\0' ? dir : BAITBOX_MODULEDIR;
}

static const BbWebModule *
open_module (GError **error)
{
  g_autofree char *path = g_build_filename (module_dir (), BB_WEB_MODULE_NAME, NULL);
  const BbWebModule *(*entry) (void) = NULL;
  const BbWebModule *module;
  GModule *handle;

  g_debug ("Loading %s", path);

  /* Every symbol resolved now: a module that does not fit this baitbox fails here,
   * with the linker's message, instead of later in the middle of a page. */
  handle = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (handle == NULL)
    {
      g_set_error (error, BB_WEB_MODULE_ERROR, BB_WEB_MODULE_ERROR_FAILED,
                   /* Translators: %s is the system's reason, naming the file */
                   _("A part of Baitbox could not be loaded: %s"), g_module_error ());
      return NULL;
    }

  if (!g_module_symbol (handle, BB_WEB_MODULE_ENTRY, (gpointer *) &entry) || entry == NULL ||
      (module = entry ()) == NULL || module->abi != BB_WEB_MODULE_ABI)
    {
      g_set_error (error, BB_WEB_MODULE_ERROR, BB_WEB_MODULE_ERROR_FAILED,
                   _("%s does not belong to this version of Baitbox"), path);
      g_module_close (handle);
      return NULL;
    }

  /* The module registers GTypes, which can never go away again. */
  g_module_make_resident (handle);

  return module;
}

const BbWebModule *
bb_web_module_load (GError **error)
{
  if (builtin_module != NULL)
    return builtin_module;

  if (loaded_module == NULL && load_error == NULL)
    {
      loaded_module = open_module (&load_error);
      if (load_error != NULL)
        g_message ("%s", load_error->message);
    }

  if (loaded_module == NULL)
    {
      if (error != NULL)
        *error = g_error_copy (load_error);
      return NULL;
    }

  return loaded_module;
}
