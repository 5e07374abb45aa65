/* fuzz-console-address.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * bb_console_address_normalize on what a user may type as the Console address,
 * and bb_console_address_is_loopback_host on the same text taken as a host.
 */

#include "config.h"

#include "fuzz-common.h"

#include "bb-console-address.h"
#include "bb-console-error.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  bb_fuzz_init ();
  return 0;
}

/* A result is a base URL: http(s)://host[:port], no path, no trailing slash. */
static void
check_base_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GError) error = NULL;
  const char *path;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    abort ();
  if (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0
      && !(g_strcmp0 (g_uri_get_scheme (uri), "http") == 0
           && bb_console_address_is_loopback_host (g_uri_get_host (uri))))
    abort ();
  path = g_uri_get_path (uri);
  if ((path != NULL && path[0] != '\0') || g_uri_get_query (uri) != NULL
      || g_uri_get_fragment (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    abort ();

  /* Normalising is idempotent. */
  again = bb_console_address_normalize (url, &error);
  if (again == NULL || strcmp (again, url) != 0)
    {
      g_printerr ("not idempotent: \"%s\" → \"%s\" (%s)\n", url,
                  again ? again : "(null)", error ? error->message : "");
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = bb_fuzz_strndup (data, size);
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  url = bb_console_address_normalize (input, &error);
  if (url == NULL)
    {
      bb_fuzz_check_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
    }
  else
    {
      if (error != NULL)
        abort ();
      check_base_url (url);
    }

  (void) bb_console_address_is_loopback_host (input);

  return 0;
}
