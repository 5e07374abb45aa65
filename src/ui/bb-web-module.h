/* bb-web-module.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * The pages that need WebKit or GtkSourceView (the sign-in page, the template page
 * and its preview) live in a loadable module, libbaitbox-web.so, so that baitbox
 * starts without mapping either library. The window loads it with
 * bb_web_module_load() when one of those pages is first shown, and then only
 * talks to them through this table and GObject (properties and signals).
 *
 * The module resolves everything else it uses (BbFlow, the Console client, …)
 * from the baitbox executable, which exports its symbols for that.
 */

/* Bumped whenever the table below changes. */
#define BB_WEB_MODULE_ABI 1

/* The name of the module's entry point: const BbWebModule *bb_web_module_get (void) */
#define BB_WEB_MODULE_ENTRY "bb_web_module_get"

typedef struct
{
  guint   abi;
  GType (*signin_page_get_type)   (void);
  /* bb_signin_page_activate() and bb_signin_page_reset() */
  void  (*signin_page_activate)   (GtkWidget *page);
  void  (*signin_page_reset)      (GtkWidget *page);
  GType (*template_page_get_type) (void);
  /* bb_template_page_activate() */
  void  (*template_page_activate) (GtkWidget *page);
} BbWebModule;

/* Defined by the module (bb-web-module.c). */
const BbWebModule *bb_web_module_get (void);

/* The loader, in baitbox (bb-web-loader.c) ------------------------------- */

#define BB_WEB_MODULE_ERROR (bb_web_module_error_quark ())
GQuark             bb_web_module_error_quark   (void);

typedef enum {
  BB_WEB_MODULE_ERROR_FAILED,
} BbWebModuleError;

/*
 * The module's table: the built-in one when there is one (see
 * bb_web_module_set_builtin()), else the module loaded from $BAITBOX_MODULE_DIR
 * or, when that is unset or empty, from the installed module directory. Loads it
 * at most once: later calls give the same table, or the same error again.
 */
const BbWebModule *bb_web_module_load          (GError           **error);
/* For programs that link the module's code in (the tests): use @module and never
 * load the shared module. */
void               bb_web_module_set_builtin   (const BbWebModule  *module);
/* TRUE once the table is there (loaded or built in): for the benchmarks' and
 * the tests' checks that nothing loaded it early. */
gboolean           bb_web_module_is_loaded     (void);

G_END_DECLS
