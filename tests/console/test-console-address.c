/* test-console-address.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "bb-console.h"
#include "bb-console-address.h"
#include "bb-console-error.h"

typedef struct {
  const char *input;
  const char *expected;  /* NULL: refused */
  const char *reason;    /* a word the refusal must contain */
} AddressCase;

static const AddressCase address_cases[] = {
  /* Domain hashes */
  { "ab12cd34", "https://ab12cd34.canary.tools", NULL },
  { "AB12CD34", "https://ab12cd34.canary.tools", NULL },
  { "  ab12cd34\n", "https://ab12cd34.canary.tools", NULL },
  { "\tdeadbeef ", "https://deadbeef.canary.tools", NULL },
  /* Host names: https assumed */
  { "ab12cd34.canary.tools", "https://ab12cd34.canary.tools", NULL },
  { "Console.Example.COM", "https://console.example.com", NULL },
  { "console.example.com/", "https://console.example.com", NULL },
  { "console.example.com/api/v1/ping?x=1#top", "https://console.example.com", NULL },
  { "console.example.com:8443", "https://console.example.com:8443", NULL },
  { "console.example.com:443", "https://console.example.com", NULL },
  { "localhost:8080", "https://localhost:8080", NULL },
  { "bücher.example", "https://xn--bcher-kva.example", NULL },
  /* Full URLs */
  { "https://ab12cd34.canary.tools/", "https://ab12cd34.canary.tools", NULL },
  { "https://ab12cd34.canary.tools/some/path/", "https://ab12cd34.canary.tools", NULL },
  { "HTTPS://Example.com", "https://example.com", NULL },
  { "https://example.com:443/", "https://example.com", NULL },
  { "https://example.com:8443/x", "https://example.com:8443", NULL },
  { "https://example.com.", "https://example.com", NULL },
  { "https://[2001:db8::1]:8443/", "https://[2001:db8::1]:8443", NULL },
  { "https://192.0.2.10", "https://192.0.2.10", NULL },
  /* Loopback may use http */
  { "http://127.0.0.1:8080", "http://127.0.0.1:8080", NULL },
  { "http://127.0.0.1:8080/", "http://127.0.0.1:8080", NULL },
  { "http://127.10.20.30:1234/api", "http://127.10.20.30:1234", NULL },
  { "http://localhost:3000", "http://localhost:3000", NULL },
  { "http://LOCALHOST", "http://localhost", NULL },
  { "http://[::1]:8080/", "http://[::1]:8080", NULL },
  { "http://127.0.0.1:80/", "http://127.0.0.1", NULL },
  { "https://127.0.0.1:8443", "https://127.0.0.1:8443", NULL },
  /* Refused */
  { "", NULL, "Enter" },
  { "   \t\n", NULL, "Enter" },
  { "ab12 cd34", NULL, "spaces" },
  { "console example.com", NULL, "spaces" },
  { "https://exa mple.com", NULL, "spaces" },
  { "https://exa%20mple.com", NULL, "host name" },
  { "file:///etc/passwd", NULL, "file:" },
  { "file:/etc/passwd", NULL, "file:" },
  { "ftp://example.com", NULL, "ftp:" },
  { "javascript:alert(1)", NULL, "javascript:" },
  { "http://example.com", NULL, "loopback" },
  { "http://ab12cd34.canary.tools/", NULL, "loopback" },
  { "http://127.1:8080", NULL, "loopback" },
  { "http://[::2]/", NULL, "loopback" },
  { "http://localhost.example.com", NULL, "loopback" },
  { "https://user:secret@example.com", NULL, "password" },
  { "https://user@example.com", NULL, "user name" },
  { "https://", NULL, "host" },
  { "https:///path", NULL, "host" },
  { "https:example.com", NULL, "host" },
  { "https://example.com:0", NULL, "port" },
  { "https://example.com:99999", NULL, "valid URL" },
  { "https://exa_mple.com", NULL, "host name" },
  { "https://a..b.com", NULL, "host name" },
  { "https://-a.com", NULL, "host name" },
  { "https://ex\x01mple.com", NULL, "spaces" },
  { "ab12cd34\xff", NULL, "valid" },
  /* IPv6 zone IDs name an interface of this computer; no URL holds them decoded. */
  { "https://[fe80::1%25eth0]:8443/", NULL, "host name" },
  { "[fe80::1%25eth0]:8443", NULL, "host name" },
  { "https://[::1%25lo]", NULL, "host name" },
  { "https://[fe80::1%eth0]", NULL, "valid" },
  { "https://exa%25mple.com", NULL, "host name" },
  /* Schemes are compared without case. */
  { "HTTPS:example.com", NULL, "host" },
  { "Http:", NULL, "host" },
  { "FTP:example.com", NULL, "“ftp:”" },
};

static void
test_normalize_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (address_cases); i++)
    {
      const AddressCase *c = &address_cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *result = NULL;

      g_autofree char *shown = g_strescape (c->input, NULL);

      g_test_message ("input %u: “%s”", i, shown);
      result = bb_console_address_normalize (c->input, &error);

      if (c->expected != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (result, ==, c->expected);
        }
      else
        {
          g_assert_null (result);
          g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
          g_assert_nonnull (strstr (error->message, c->reason));
        }
    }
}

static void
test_normalize_null (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = bb_console_address_normalize (NULL, &error);

  g_assert_null (result);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
}

/* Normalising is idempotent: a normalised address normalises to itself. */
static void
test_normalize_idempotent (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (address_cases); i++)
    {
      g_autofree char *again = NULL;
      g_autoptr(GError) error = NULL;

      if (address_cases[i].expected == NULL)
        continue;

      again = bb_console_address_normalize (address_cases[i].expected, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (again, ==, address_cases[i].expected);
    }
}

static void
test_loopback (void)
{
  static const struct {
    const char *host;
    gboolean    loopback;
  } cases[] = {
    { "localhost", TRUE },
    { "LocalHost", TRUE },
    { "127.0.0.1", TRUE },
    { "127.0.0.0", TRUE },
    { "127.255.255.254", TRUE },
    { "127.1.2.3", TRUE },
    { "::1", TRUE },
    { "[::1]", TRUE },
    { "0:0:0:0:0:0:0:1", TRUE },
    { "128.0.0.1", FALSE },
    { "126.255.255.255", FALSE },
    { "10.0.0.1", FALSE },
    { "0.0.0.0", FALSE },
    { "::", FALSE },
    { "::2", FALSE },
    { "[::1", FALSE },
    { "localhost.example.com", FALSE },
    { "mylocalhost", FALSE },
    { "127.1", FALSE },
    { "example.com", FALSE },
    { "", FALSE },
    { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("host %u: %s", i, cases[i].host);
      g_assert_cmpint (bb_console_address_is_loopback_host (cases[i].host), ==, cases[i].loopback);
    }
}

/* Normalising never interns what the user typed: g_uri_peek_scheme() would keep
 * every scheme it saw as a quark, for the life of the process. */
static void
test_normalize_no_interned_scheme (void)
{
  const char *inputs[] = {
    "bbtestschemeone:whatever",
    "BBTESTSCHEMETWO:x",
    "bbtestschemethree:",
  };
  const char *schemes[] = { "bbtestschemeone", "bbtestschemetwo", "bbtestschemethree" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *result = bb_console_address_normalize (inputs[i], &error);
      g_autofree char *expected = g_strdup_printf ("“%s:”", schemes[i]);

      g_assert_null (result);
      g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, expected));
      g_assert_cmpuint (g_quark_try_string (schemes[i]), ==, 0);
    }
}

static void
ping_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (bb_console_ping_finish (BB_CONSOLE (object), result, error));
  g_assert_nonnull (*error);
}

/* A base URL libsoup cannot parse (set by hand, not normalised) fails the call
 * with INVALID_INPUT, with no critical and nothing sent. */
static void
test_console_unparsable_base_url (void)
{
  g_autoptr(BbConsole) console = g_object_new (BB_TYPE_CONSOLE,
                                               "base-url", "https://[fe80::1%eth0]:8443",
                                               NULL);
  g_autoptr(GError) error = NULL;

  bb_console_ping_async (console, NULL, ping_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "The Console address is not a valid URL");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/console-address/normalize-table", test_normalize_table);
  g_test_add_func ("/bb/console-address/normalize-null", test_normalize_null);
  g_test_add_func ("/bb/console-address/normalize-idempotent", test_normalize_idempotent);
  g_test_add_func ("/bb/console-address/loopback", test_loopback);
  g_test_add_func ("/bb/console-address/normalize-no-interned-scheme", test_normalize_no_interned_scheme);
  g_test_add_func ("/bb/console-address/console-unparsable-base-url", test_console_unparsable_base_url);

  return g_test_run ();
}
