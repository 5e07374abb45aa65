/* bench-search-keys.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

/* What a person types into the search, each word one character at a time and then
 * erased with backspace: the search text after every keystroke, NULL-terminated. */
static inline GPtrArray *
bench_search_keystrokes (void)
{
  static const char * const words[] = { "user01", "fabrikam.e", "test user 9", "Ångs" };
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint w = 0; w < G_N_ELEMENTS (words); w++)
    {
      const char *word = words[w];
      glong n = g_utf8_strlen (word, -1);

      for (glong i = 1; i <= n; i++)
        g_ptr_array_add (keys, g_strndup (word, g_utf8_offset_to_pointer (word, i) - word));
      for (glong i = n - 1; i >= 0; i--)
        g_ptr_array_add (keys, g_strndup (word, g_utf8_offset_to_pointer (word, i) - word));
    }
  g_ptr_array_add (keys, NULL);

  return keys;
}
