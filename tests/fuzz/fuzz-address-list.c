/* fuzz-address-list.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The address list a user types or imports (bb_address_list_parse), the address
 * check (bb_address_is_valid) on each line, and bb_address_join_for_create on
 * the lines. The input is raw text or CSV, not NUL-terminated.
 */

#include "config.h"

#include "fuzz-common.h"

#include "bb-address.h"
#include "bb-console-error.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  bb_fuzz_init ();
  return 0;
}

static void
check_invalid_input (GError *error)
{
  bb_fuzz_check_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
}

static void
fuzz_list_parse (const uint8_t *data,
                 size_t         size)
{
  g_autoptr(BbAddressSet) set = NULL;
  g_autoptr(GError) error = NULL;
  guint n_duplicates = G_MAXUINT;

  /* An exact-size heap copy: ASan catches any read past @length. Empty input
   * is NULL, which the API allows with a length of 0. */
  char *text = size > 0 ? malloc (size) : NULL;

  if (size > 0)
    memcpy (text, data, size);

  set = bb_address_list_parse (text, size, &n_duplicates, &error);
  free (text);
  if (set == NULL)
    {
      check_invalid_input (error);
      return;
    }
  if (error != NULL || n_duplicates == G_MAXUINT)
    abort ();

  /* What came out is a set of valid addresses, in a NULL-terminated array. */
  {
    const char * const *addresses = bb_address_set_peek (set);
    guint length = bb_address_set_get_length (set);

    for (guint i = 0; i < length; i++)
      {
        if (addresses[i] == NULL || !bb_address_is_valid (addresses[i])
            || !bb_address_set_contains (set, addresses[i]))
          abort ();
      }
    if (addresses[length] != NULL)
      abort ();
  }
}

static void
fuzz_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", 64);
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;
  guint n_lines = g_strv_length (lines);
  guint n_valid = 0;
  guint n_unique = G_MAXUINT;

  for (guint i = 0; i < n_lines; i++)
    {
      if (bb_address_is_valid (lines[i]))
        {
          g_autofree char *fold = bb_address_fold (lines[i]);

          n_valid++;
          if (fold == NULL)
            abort ();
        }
    }

  /* The lines need not be UTF-8: a refusal still says why in UTF-8. */
  joined = bb_address_join_for_create ((const char * const *) lines, n_lines,
                                       &n_unique, &error);
  if (joined == NULL)
    {
      check_invalid_input (error);
      /* Refused only for an empty list or an invalid address. */
      if (n_lines > 0 && n_valid == n_lines)
        abort ();
      return;
    }

  if (n_valid != n_lines || n_unique == 0 || n_unique > n_lines
      || strchr (joined, ' ') != NULL)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;

  fuzz_list_parse (data, size);

  text = bb_fuzz_strndup (data, size);
  fuzz_lines (text);

  return 0;
}
