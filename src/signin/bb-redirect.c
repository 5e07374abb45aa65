/* bb-redirect.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bb-console-address.h"
#include "bb-console-error.h"
#include "bb-redirect.h"

#define MAX_DESCRIPTION_CHARS 300
#define MAX_CODE_CHARS 64

/*
 * Scheme, authority and path of @uri, parsed strictly (RFC 3986) with GUri's
 * percent-encoding normalisation. Query and fragment are cut off first: they play
 * no part in matching or in the lockdown, and a stray '%' in them must not turn
 * a redirect into "no match". '?' and '#' cannot occur before the query in a
 * valid URI, so the first of them ends the path.
 */
static GUri *
parse_location (const char *uri)
{
  g_autofree char *location = NULL;

  if (uri == NULL || !g_utf8_validate (uri, -1, NULL))
    return NULL;

  location = g_strndup (uri, strcspn (uri, "?#"));

  return g_uri_parse (location, G_URI_FLAGS_ENCODED, NULL);
}

static const char *
empty_if_null (const char *string)
{
  return string != NULL ? string : "";
}

static int
effective_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port > 0)
    return port;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0)
    return 80;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return 443;

  return -1;
}

static const char *
effective_path (GUri *uri)
{
  const char *path = g_uri_get_path (uri);

  return *path != '\0' ? path : "/";
}

gboolean
bb_redirect_matches (const char *uri,
                     const char *redirect_uri)
{
  g_autoptr(GUri) target = parse_location (uri);
  g_autoptr(GUri) expected = parse_location (redirect_uri);

  if (target == NULL || expected == NULL)
    return FALSE;

  return g_ascii_strcasecmp (g_uri_get_scheme (target), g_uri_get_scheme (expected)) == 0
      && g_ascii_strcasecmp (empty_if_null (g_uri_get_host (target)),
                             empty_if_null (g_uri_get_host (expected))) == 0
      && effective_port (target) == effective_port (expected)
      && g_str_equal (effective_path (target), effective_path (expected));
}

void
bb_redirect_result_free (BbRedirectResult *result)
{
  if (result == NULL)
    return;

  g_free (result->code);
  g_free (result->state);
  g_free (result->error);
  g_free (result->error_description);
  g_free (result);
}

static void
set_protocol_error (GError     **error,
                    const char  *message)
{
  g_set_error_literal (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL, message);
}

static char **
result_field (BbRedirectResult *result,
              const char       *key)
{
  if (g_str_equal (key, "code"))
    return &result->code;
  if (g_str_equal (key, "state"))
    return &result->state;
  if (g_str_equal (key, "error"))
    return &result->error;
  if (g_str_equal (key, "error_description"))
    return &result->error_description;

  return NULL;
}

/* Reads one parameter list (a query or a fragment) with WWW-form rules. Every key
 * may appear once: two codes or two states would leave us guessing which is real. */
static BbRedirectResult *
parse_params (const char  *params,
              gssize       length,
              GError     **error)
{
  g_autoptr(BbRedirectResult) result = g_new0 (BbRedirectResult, 1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) local_error = NULL;
  GUriParamsIter iter;
  char *key;
  char *value;

  if (length < 0)
    length = strlen (params);
  if (length == 0)
    return g_steal_pointer (&result);

  g_uri_params_iter_init (&iter, params, length, "&", G_URI_PARAMS_WWW_FORM);
  while (g_uri_params_iter_next (&iter, &key, &value, &local_error))
    {
      g_autofree char *owned_value = value;
      char **field;

      if (!g_hash_table_add (seen, key))
        {
          set_protocol_error (error, _("The sign-in answer is ambiguous: a value appears twice. "
                                       "Please sign in again."));
          return NULL;
        }

      field = result_field (result, key);
      if (field != NULL && *owned_value != '\0')
        *field = g_steal_pointer (&owned_value);
    }

  if (local_error != NULL)
    {
      /* GLib's message says what is wrong (bad %-encoding, not UTF-8), never the value. */
      g_debug ("Sign-in answer not readable: %s", local_error->message);
      set_protocol_error (error, _("The sign-in answer is not valid. Please sign in again."));
      return NULL;
    }

  return g_steal_pointer (&result);
}

static gboolean
has_answer (const BbRedirectResult *result)
{
  return result->code != NULL || result->error != NULL;
}

BbRedirectResult *
bb_redirect_parse (const char  *uri,
                   GError     **error)
{
  g_autoptr(GUri) location = NULL;
  g_autoptr(BbRedirectResult) result = NULL;
  const char *fragment;
  const char *query;
  gsize query_length = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  location = parse_location (uri);
  if (location == NULL)
    {
      set_protocol_error (error, _("The sign-in answer is not a valid address. Please sign in again."));
      return NULL;
    }

  fragment = strchr (uri, '#');
  query = strchr (uri, '?');
  if (query != NULL && (fragment == NULL || query < fragment))
    {
      query++;
      query_length = fragment != NULL ? (gsize) (fragment - query) : strlen (query);
    }

  result = parse_params (query_length > 0 ? query : "", query_length, error);
  if (result == NULL)
    return NULL;

  /* response_mode=fragment (or a misconfigured app) puts the answer after '#'. */
  if (!has_answer (result) && fragment != NULL)
    {
      g_autoptr(BbRedirectResult) from_fragment = parse_params (fragment + 1, -1, error);

      if (from_fragment == NULL)
        return NULL;
      if (has_answer (from_fragment))
        {
          bb_redirect_result_free (result);
          result = g_steal_pointer (&from_fragment);
        }
    }

  if (!has_answer (result))
    {
      set_protocol_error (error, _("The sign-in answer has no code. Please sign in again."));
      return NULL;
    }

  return g_steal_pointer (&result);
}

gboolean
bb_redirect_check_state (const BbRedirectResult  *result,
                         const char              *expected_state,
                         GError                 **error)
{
  gsize length;

  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  length = expected_state != NULL ? strlen (expected_state) : 0;
  if (length > 0
      && result->state != NULL
      && strlen (result->state) == length
      && memcmp (result->state, expected_state, length) == 0)
    return TRUE;

  set_protocol_error (error, _("The sign-in answer did not match this request. Please sign in again."));
  return FALSE;
}

static const struct {
  const char *code;
  const char *message;
} error_messages[] = {
  /* RFC 6749 §4.1.2.1 */
  { "access_denied", N_("Sign-in was cancelled or permission was refused.") },
  { "invalid_request", N_("Microsoft refused the sign-in request as malformed. "
                          "Check the settings in Preferences → Microsoft sign-in.") },
  { "unauthorized_client", N_("This Microsoft application may not sign in this way. "
                              "Check the client ID in Preferences → Microsoft sign-in.") },
  { "unsupported_response_type", N_("Microsoft does not support the kind of sign-in "
                                    "this application asked for.") },
  { "invalid_scope", N_("Microsoft did not accept the permissions this sign-in asked for.") },
  { "server_error", N_("Microsoft’s sign-in service had an internal error. Please try again.") },
  { "temporarily_unavailable", N_("Microsoft’s sign-in service is busy or unavailable. "
                                  "Please try again later.") },
  /* OpenID Connect Core §3.1.2.6, as Microsoft uses them */
  { "interaction_required", N_("Microsoft needs you to complete another sign-in step. "
                               "Please sign in again.") },
  { "login_required", N_("Microsoft needs you to sign in again.") },
  { "consent_required", N_("An administrator must grant Baitbox’s Console application "
                           "consent for this organisation.") },
  { "invalid_client", N_("Microsoft does not recognise this application. "
                         "Check the client ID in Preferences → Microsoft sign-in.") },
};

/* Text from the redirect, made fit to show: valid UTF-8, first line only, no
 * control characters, trimmed, at most @max_chars characters. */
static char *
sanitize_line (const char *text,
               glong       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *line = NULL;

  valid[strcspn (valid, "\r\n")] = '\0';
  for (char *p = valid; *p != '\0'; p++)
    {
      if (g_ascii_iscntrl (*p))
        *p = ' ';
    }

  g_strstrip (valid);
  if (g_utf8_strlen (valid, -1) <= max_chars)
    return g_steal_pointer (&valid);

  line = g_utf8_substring (valid, 0, max_chars - 1);
  return g_strconcat (g_strchomp (line), "…", NULL);
}

static char *
describe_code (const char *code)
{
  g_autofree char *shown = NULL;

  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (error_messages); i++)
    {
      if (g_str_equal (code, error_messages[i].code))
        return g_strdup (_(error_messages[i].message));
    }

  shown = sanitize_line (code != NULL ? code : "", MAX_CODE_CHARS);
  if (*shown == '\0')
    return g_strdup (_("Microsoft sign-in failed."));

  /* Translators: %s is an error code from Microsoft such as “invalid_resource” */
  return g_strdup_printf (_("Microsoft sign-in failed: %s"), shown);
}

char *
bb_redirect_describe_error (const char *error,
                            const char *error_description)
{
  g_autofree char *message = describe_code (error);
  g_autofree char *description = NULL;

  if (error_description != NULL)
    description = sanitize_line (error_description, MAX_DESCRIPTION_CHARS);

  if (description == NULL || *description == '\0')
    return g_steal_pointer (&message);

  /* Translators: the first %s explains a sign-in failure in our words, the
   * second is Microsoft's own description, such as “AADSTS65004: User declined…” */
  return g_strdup_printf (_("%s (%s)"), message, description);
}

gboolean
bb_redirect_is_allowed_navigation (const char *uri)
{
  g_autoptr(GUri) location = NULL;
  const char *scheme;
  const char *host;

  if (uri != NULL && g_ascii_strcasecmp (uri, "about:blank") == 0)
    return TRUE;

  location = parse_location (uri);
  if (location == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (location);
  host = g_uri_get_host (location);
  if (host == NULL || *host == '\0')
    return FALSE;

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0 && bb_console_address_is_loopback_host (host))
    return TRUE;

  g_debug ("Sign-in view: refused a “%s:” navigation to %s", scheme, host);
  return FALSE;
}
