/* fuzz-redirect.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The GLib-only half of the Microsoft sign-in: reading the redirect
 * (bb-redirect.h) and building the authorize URL (bb-authorize-url.h).
 *
 * The input is text. As a whole it is the URL the sign-in view navigates to;
 * its first line is also a redirect URI to match against. Split into lines it
 * fills a BbInitiateReply and the settings (see fuzz_authorize_url()).
 */

#include "config.h"

#include "fuzz-common.h"

#include "bb-authorize-url.h"
#include "bb-console-error.h"
#include "bb-redirect.h"

#define FIXED_REDIRECT_URI "https://login.microsoftonline.com/common/oauth2/nativeclient"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  bb_fuzz_init ();
  return 0;
}

static void
check_error (const GError *error,
             int           code)
{
  bb_fuzz_check_error (error, BB_CONSOLE_ERROR, code);
}

/* What the user is shown: one line of valid UTF-8. */
static void
check_description (const char *error,
                   const char *error_description)
{
  g_autofree char *text = bb_redirect_describe_error (error, error_description);

  if (text == NULL || text[0] == '\0' || !g_utf8_validate (text, -1, NULL)
      || strpbrk (text, "\r\n") != NULL)
    abort ();
}

static void
check_matches (const char *a,
               const char *b)
{
  if (bb_redirect_matches (a, b) != bb_redirect_matches (b, a))
    abort ();
}

static void
fuzz_redirect (const char *text,
               const char *first_line)
{
  g_autoptr(BbRedirectResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = bb_redirect_parse (text, &error);
  if (result == NULL)
    check_error (error, BB_CONSOLE_ERROR_PROTOCOL);
  else
    {
      g_autoptr(GError) state_error = NULL;

      if (error != NULL || (result->code == NULL && result->error == NULL)
          || (result->code != NULL && result->code[0] == '\0'))
        abort ();
      if (result->error != NULL)
        check_description (result->error, result->error_description);
      if (!bb_redirect_check_state (result, first_line, &state_error))
        check_error (state_error, BB_CONSOLE_ERROR_PROTOCOL);
    }

  check_matches (text, FIXED_REDIRECT_URI);
  check_matches (text, first_line);

  /* Whatever the view may load parses, so it matches itself. */
  if (bb_redirect_is_allowed_navigation (text)
      && g_ascii_strcasecmp (text, "about:blank") != 0
      && !bb_redirect_matches (text, text))
    abort ();

  check_description (first_line, text);
  check_description (NULL, first_line);
}

/* The redirect Microsoft would send for @state comes back with it. */
static void
check_round_trip (const char *redirect_uri,
                  const char *state)
{
  g_autofree char *escaped = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(BbRedirectResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (redirect_uri == NULL || strpbrk (redirect_uri, "?#") != NULL
      || !bb_redirect_is_allowed_navigation (redirect_uri)
      || g_ascii_strcasecmp (redirect_uri, "about:blank") == 0
      || !g_utf8_validate (state, -1, NULL))
    return;

  escaped = g_uri_escape_string (state, NULL, FALSE);
  answer = g_strconcat (redirect_uri, "?code=c0de&state=", escaped, NULL);
  result = bb_redirect_parse (answer, &error);
  if (result == NULL || g_strcmp0 (result->code, "c0de") != 0
      || !bb_redirect_check_state (result, state, NULL)
      || !bb_redirect_matches (answer, redirect_uri))
    {
      g_printerr ("round trip failed for redirect URI %s: %s\n", redirect_uri,
                  error != NULL ? error->message : "state or match");
      abort ();
    }
}

/* A missing line is NULL, so each field is absent, empty or set. */
static const char *
field (char  **lines,
       guint   n_lines,
       guint   i)
{
  return i < n_lines ? lines[i] : NULL;
}

/* Lines: 0 picks the generation (odd length: 2025), 1 state, 2 client_id,
 * 3 redirect_uri, 4 scope, 5 authorize_url, 6 url, 7 login_hint, then the
 * settings 8 endpoint, 9 client ID, 10 redirect URI, 11 scope.
 * The reply's strings come from JSON and the settings' from GSettings, so they
 * are always UTF-8: only the login hint (typed, checked by the API) may not be. */
static void
fuzz_authorize_url (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", 13);
  guint n = g_strv_length (lines);
  BbInitiateReply reply = { 0, };
  g_autofree char *url = NULL;
  g_autofree char *redirect_uri = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      if (i != 7 && !g_utf8_validate (lines[i], -1, NULL))
        {
          char *valid = g_utf8_make_valid (lines[i], -1);

          g_free (lines[i]);
          lines[i] = valid;
        }
    }

  reply.generation = strlen (lines[0] != NULL ? lines[0] : "") % 2 ? BB_INITIATE_2025
                                                                   : BB_INITIATE_2020;
  reply.state = (char *) field (lines, n, 1);
  reply.client_id = (char *) field (lines, n, 2);
  reply.redirect_uri = (char *) field (lines, n, 3);
  reply.scope = (char *) field (lines, n, 4);
  reply.authorize_url = (char *) field (lines, n, 5);
  reply.url = (char *) field (lines, n, 6);

  url = bb_authorize_url_build (&reply, field (lines, n, 7),
                                field (lines, n, 8), field (lines, n, 9),
                                field (lines, n, 10), field (lines, n, 11),
                                &error);
  redirect_uri = bb_authorize_url_get_redirect_uri (&reply, field (lines, n, 10));

  if (url == NULL)
    {
      check_error (error, -1);
      return;
    }

  /* The view must be allowed to load what we built. */
  if (error != NULL || !bb_redirect_is_allowed_navigation (url))
    {
      g_printerr ("built a URL the sign-in view refuses: %s\n", url);
      abort ();
    }

  if (reply.generation == BB_INITIATE_2020)
    check_round_trip (redirect_uri, reply.state);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = bb_fuzz_strndup (data, size);
  g_autofree char *first_line = g_strndup (text, strcspn (text, "\r\n"));

  fuzz_redirect (text, first_line);
  fuzz_authorize_url (text);

  return 0;
}
