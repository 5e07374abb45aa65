/* bb-console-address.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "bb-console-address.h"
#include "bb-console-error.h"

#define DOMAIN_HASH_SUFFIX ".canary.tools"

gboolean
bb_console_address_is_loopback_host (const char *host)
{
  g_autofree char *bare = NULL;
  g_autoptr(GInetAddress) address = NULL;
  gsize len;

  if (host == NULL || *host == '\0')
    return FALSE;

  len = strlen (host);
  if (host[0] == '[' && len > 2 && host[len - 1] == ']')
    bare = g_strndup (host + 1, len - 2);
  else
    bare = g_strdup (host);

  if (g_ascii_strcasecmp (bare, "localhost") == 0)
    return TRUE;

  /* inet_pton rules: only full dotted quads for IPv4, so "127.1" is a host name. */
  address = g_inet_address_new_from_string (bare);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
is_domain_hash (const char *text)
{
  if (*text == '\0')
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        return FALSE;
    }

  return TRUE;
}

static gboolean
has_space_or_control (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        return TRUE;
    }

  return FALSE;
}

/* A DNS name after GUri's IDN conversion: non-empty labels of ASCII letters,
 * digits and '-'. A single trailing dot (the root) is allowed by the caller. */
static gboolean
is_valid_dns_name (const char *host)
{
  g_auto(GStrv) labels = g_strsplit (host, ".", -1);

  for (guint i = 0; labels[i] != NULL; i++)
    {
      if (labels[i][0] == '\0' || labels[i][0] == '-')
        return FALSE;

      for (const char *p = labels[i]; *p != '\0'; p++)
        {
          if (!g_ascii_isalnum (*p) && *p != '-')
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
refuse (GError     **error,
        const char  *message)
{
  g_set_error_literal (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT, message);
  return FALSE;
}

/* Turns what the user typed into something GUri can parse as an absolute URL. */
static char *
make_url (const char  *text,
          GError     **error)
{
  g_autofree char *scheme = NULL;
  g_autofree char *lower = NULL;

  if (strstr (text, "://") != NULL)
    return g_strdup (text);

  /* "localhost:8080" looks like scheme "localhost" to g_uri_parse_scheme(); a
   * digit after the colon means it is a port. Not g_uri_peek_scheme(): it
   * interns every scheme it is shown, for the life of the process. */
  scheme = g_uri_parse_scheme (text);
  if (scheme == NULL || g_ascii_isdigit (text[strlen (scheme) + 1]))
    return g_strconcat ("https://", text, NULL);

  if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
    {
      refuse (error, _("The Console address has no host name"));
      return NULL;
    }

  lower = g_ascii_strdown (scheme, -1);
  g_set_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
               /* Translators: %s is a URL scheme such as "file" */
               _("“%s:” addresses are not supported; use https://"), lower);
  return NULL;
}

static gboolean
check_scheme (GUri    *uri,
              GError **error)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);

  if (g_str_equal (scheme, "https"))
    return TRUE;

  if (g_str_equal (scheme, "http"))
    {
      if (host != NULL && bb_console_address_is_loopback_host (host))
        return TRUE;

      return refuse (error, _("Plain http:// is only allowed for this computer (loopback); use https://"));
    }

  g_set_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
               /* Translators: %s is a URL scheme such as "file" */
               _("“%s:” addresses are not supported; use https://"), scheme);
  return FALSE;
}

/* Returns the host as it goes into the base URL: lower case, IPv6 in brackets. */
static char *
check_host (GUri    *uri,
            GError **error)
{
  const char *host = g_uri_get_host (uri);
  g_autofree char *lower = NULL;
  gsize len;

  if (g_uri_get_userinfo (uri) != NULL)
    {
      refuse (error, _("A Console address cannot contain a user name or password"));
      return NULL;
    }

  if (host == NULL || *host == '\0')
    {
      refuse (error, _("The Console address has no host name"));
      return NULL;
    }

  /* An IPv6 zone ID ("[fe80::1%25eth0]") names a network interface of this
   * computer, and GUri decodes it to a bare '%' that no URL may hold. */
  if (strchr (host, '%') != NULL)
    {
      refuse (error, _("The Console address is not a valid host name"));
      return NULL;
    }

  if (g_hostname_is_ip_address (host))
    {
      if (strchr (host, ':') != NULL)
        return g_strdup_printf ("[%s]", host);
      return g_strdup (host);
    }

  lower = g_ascii_strdown (host, -1);
  len = strlen (lower);
  if (len > 1 && lower[len - 1] == '.')
    lower[len - 1] = '\0';

  if (!is_valid_dns_name (lower))
    {
      refuse (error, _("The Console address is not a valid host name"));
      return NULL;
    }

  return g_steal_pointer (&lower);
}

static char *
normalize_url (const char  *text,
               GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;
  g_autofree char *host = NULL;
  const char *scheme;
  int port;

  url = make_url (text, error);
  if (url == NULL)
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      refuse (error, _("The Console address is not a valid URL"));
      return NULL;
    }

  if (!check_scheme (uri, error))
    return NULL;

  host = check_host (uri, error);
  if (host == NULL)
    return NULL;

  scheme = g_uri_get_scheme (uri);
  port = g_uri_get_port (uri);
  if (port == 0)
    {
      refuse (error, _("The Console address has an invalid port"));
      return NULL;
    }

  if (port < 0
      || (port == 443 && g_str_equal (scheme, "https"))
      || (port == 80 && g_str_equal (scheme, "http")))
    return g_strdup_printf ("%s://%s", scheme, host);

  return g_strdup_printf ("%s://%s:%d", scheme, host, port);
}

char *
bb_console_address_normalize (const char  *input,
                              GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (input == NULL || !g_utf8_validate (input, -1, NULL))
    {
      refuse (error, _("The Console address is not valid text"));
      return NULL;
    }

  text = g_strstrip (g_strdup (input));

  if (*text == '\0')
    {
      refuse (error, _("Enter the Console address or its domain hash"));
      return NULL;
    }

  if (has_space_or_control (text))
    {
      refuse (error, _("A Console address cannot contain spaces"));
      return NULL;
    }

  if (is_domain_hash (text))
    {
      g_autofree char *lower = g_ascii_strdown (text, -1);

      return g_strconcat ("https://", lower, DOMAIN_HASH_SUFFIX, NULL);
    }

  return normalize_url (text, error);
}
