/* bb-web-builtin.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Linked (whole) only into programs that carry the module's code themselves, the
 * tests: before main() runs, the window is told to use that code instead of
 * loading libbaitbox-web.so, which would register the same types a second time.
 */

#include "config.h"

#include "bb-web-module.h"

__attribute__((constructor)) static void
bb_web_builtin_init (void)
{
  bb_web_module_set_builtin (bb_web_module_get ());
}
