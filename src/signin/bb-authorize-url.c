/* bb-authorize-url.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bb-authorize-url.h"
#include "bb-console-address.h"
#include "bb-console-error.h"

#define DEFAULT_ENDPOINT "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize"
#define DEFAULT_SCOPE "openid offline_access https://graph.microsoft.com/.default"

const char *
bb_authorize_url_default_endpoint (void)
{
  return DEFAULT_ENDPOINT;
}

const char *
bb_authorize_url_default_scope (void)
{
  return DEFAULT_SCOPE;
}

/* Settings are typed by people: trim them, and let empty mean "not set". */
static char *
dup_trimmed (const char *value)
{
  g_autofree char *copy = NULL;

  if (value == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (value));

  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

/* The reply's value wins; the settings' value fills in. */
static char *
pick (const char *from_reply,
      const char *from_settings)
{
  char *value = dup_trimmed (from_reply);

  return value != NULL ? value : dup_trimmed (from_settings);
}

static void
set_missing_reply_error (GError     **error,
                         const char  *field)
{
  g_set_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL,
               /* Translators: %s is the name of a field in the Console's reply */
               _("Unexpected reply from the Console: “%s” is missing"), field);
}

/* https anywhere, http only on loopback (as for the Console address, PROTOCOL.md §1). */
static gboolean
is_acceptable_web_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    return FALSE;

  g_debug ("Microsoft sign-in host: %s", host);

  if (g_str_equal (scheme, "https"))
    return TRUE;

  return g_str_equal (scheme, "http") && bb_console_address_is_loopback_host (host);
}

static gboolean
check_endpoint (const char  *endpoint,
                gboolean     from_reply,
                GError     **error)
{
  if (is_acceptable_web_url (endpoint))
    return TRUE;

  if (from_reply)
    g_set_error_literal (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
                         _("The Console gave a Microsoft sign-in address that does not use https://"));
  else
    g_set_error_literal (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
                         _("The Microsoft sign-in address must start with https://. "
                           "Check the authorize endpoint in Preferences → Microsoft sign-in."));
  return FALSE;
}

static gboolean
check_login_hint (const char  *login_hint,
                  GError     **error)
{
  if (login_hint == NULL || g_utf8_validate (login_hint, -1, NULL))
    return TRUE;

  g_set_error_literal (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
                       _("The administrator’s e-mail address is not valid text"));
  return FALSE;
}

/* Appends name=value to a URL that already ends in '?', '&' or a parameter. */
static void
append_param (GString    *url,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);
  char last = url->str[url->len - 1];

  if (last != '?' && last != '&')
    g_string_append_c (url, '&');

  g_string_append_printf (url, "%s=%s", name, escaped);
}

/* The URL without its fragment, ready for append_param(). */
static GString *
start_query (const char *url)
{
  GString *string = g_string_new_len (url, strcspn (url, "#"));

  if (strchr (string->str, '?') == NULL)
    g_string_append_c (string, '?');

  return string;
}

static char *
build_2020 (const BbInitiateReply  *reply,
            const char             *login_hint,
            const char             *settings_endpoint,
            const char             *settings_client_id,
            const char             *settings_redirect_uri,
            const char             *settings_scope,
            GError                **error)
{
  g_autofree char *reply_endpoint = dup_trimmed (reply->authorize_url);
  g_autofree char *endpoint = pick (reply->authorize_url, settings_endpoint);
  g_autofree char *client_id = pick (reply->client_id, settings_client_id);
  g_autofree char *redirect_uri = pick (reply->redirect_uri, settings_redirect_uri);
  g_autofree char *scope = pick (reply->scope, settings_scope);
  g_autoptr(GString) url = NULL;

  if (reply->state == NULL || *reply->state == '\0')
    {
      set_missing_reply_error (error, "state");
      return NULL;
    }

  if (client_id == NULL)
    {
      g_set_error_literal (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
                           _("The Console did not say which Microsoft application to use. "
                             "Set the client ID in Preferences → Microsoft sign-in."));
      return NULL;
    }

  if (redirect_uri == NULL)
    {
      g_set_error_literal (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
                           _("The Console did not say where Microsoft should send the sign-in answer. "
                             "Set the redirect URI in Preferences → Microsoft sign-in."));
      return NULL;
    }

  if (endpoint == NULL)
    endpoint = g_strdup (DEFAULT_ENDPOINT);
  if (!check_endpoint (endpoint, reply_endpoint != NULL, error))
    return NULL;

  url = start_query (endpoint);
  append_param (url, "client_id", client_id);
  append_param (url, "response_type", "code");
  append_param (url, "response_mode", "query");
  append_param (url, "redirect_uri", redirect_uri);
  append_param (url, "scope", scope != NULL ? scope : DEFAULT_SCOPE);
  append_param (url, "state", reply->state);
  if (login_hint != NULL)
    append_param (url, "login_hint", login_hint);
  append_param (url, "prompt", "select_account");

  return g_string_free (g_steal_pointer (&url), FALSE);
}

/* Returns the parsed query of @url (empty when it has none), or NULL when the
 * query is malformed. */
static GHashTable *
parse_url_query (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  const char *query;

  if (uri == NULL)
    return NULL;

  query = g_uri_get_query (uri);
  if (query == NULL || *query == '\0')
    return g_hash_table_new (g_str_hash, g_str_equal);

  return g_uri_parse_params (query, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
}

static char *
build_2025 (const BbInitiateReply  *reply,
            const char             *login_hint,
            GError                **error)
{
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GString) url = NULL;
  const char *fragment;

  if (reply->url == NULL || *reply->url == '\0')
    {
      set_missing_reply_error (error, "url");
      return NULL;
    }

  if (!check_endpoint (reply->url, TRUE, error))
    return NULL;

  params = parse_url_query (reply->url);
  if (params == NULL)
    {
      g_set_error_literal (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL,
                           _("Unexpected reply from the Console: the Microsoft sign-in address is not valid"));
      return NULL;
    }

  if (login_hint == NULL || g_hash_table_contains (params, "login_hint"))
    return g_strdup (reply->url);

  /* The Console's URL is kept byte for byte; only the hint goes in, before any fragment. */
  url = start_query (reply->url);
  append_param (url, "login_hint", login_hint);
  fragment = strchr (reply->url, '#');
  if (fragment != NULL)
    g_string_append (url, fragment);

  return g_string_free (g_steal_pointer (&url), FALSE);
}

char *
bb_authorize_url_build (const BbInitiateReply  *reply,
                        const char             *login_hint,
                        const char             *settings_authorize_endpoint,
                        const char             *settings_client_id,
                        const char             *settings_redirect_uri,
                        const char             *settings_scope,
                        GError                **error)
{
  g_autofree char *hint = NULL;

  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_login_hint (login_hint, error))
    return NULL;
  hint = dup_trimmed (login_hint);

  if (reply->generation == BB_INITIATE_2025)
    return build_2025 (reply, hint, error);

  return build_2020 (reply, hint,
                     settings_authorize_endpoint,
                     settings_client_id,
                     settings_redirect_uri,
                     settings_scope,
                     error);
}

char *
bb_authorize_url_get_redirect_uri (const BbInitiateReply *reply,
                                   const char            *settings_redirect_uri)
{
  g_autoptr(GHashTable) params = NULL;

  g_return_val_if_fail (reply != NULL, NULL);

  if (reply->generation != BB_INITIATE_2025)
    return pick (reply->redirect_uri, settings_redirect_uri);

  if (reply->redirect_uri != NULL && *reply->redirect_uri != '\0')
    return g_strdup (reply->redirect_uri);

  if (reply->url == NULL)
    return NULL;

  params = parse_url_query (reply->url);
  if (params == NULL)
    return NULL;

  return dup_trimmed (g_hash_table_lookup (params, "redirect_uri"));
}
