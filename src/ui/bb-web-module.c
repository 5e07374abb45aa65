/* bb-web-module.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The entry point of libbaitbox-web.so (see bb-web-module.h). */

#include "config.h"

#include <gmodule.h>

#include "bb-web-module.h"
#include "pages/bb-signin-page.h"
#include "pages/bb-template-page.h"

static void
signin_page_activate (GtkWidget *page)
{
  bb_signin_page_activate (BB_SIGNIN_PAGE (page));
}

static void
signin_page_reset (GtkWidget *page)
{
  bb_signin_page_reset (BB_SIGNIN_PAGE (page));
}

static void
template_page_activate (GtkWidget *page)
{
  bb_template_page_activate (BB_TEMPLATE_PAGE (page));
}

static const BbWebModule web_module = {
  .abi = BB_WEB_MODULE_ABI,
  .signin_page_get_type = bb_signin_page_get_type,
  .signin_page_activate = signin_page_activate,
  .signin_page_reset = signin_page_reset,
  .template_page_get_type = bb_template_page_get_type,
  .template_page_activate = template_page_activate,
};

G_MODULE_EXPORT const BbWebModule *
bb_web_module_get (void)
{
  return &web_module;
}
