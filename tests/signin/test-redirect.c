/* test-redirect.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "bb-console-error.h"
#include "bb-redirect.h"

typedef struct {
  const char *uri;
  const char *redirect_uri;
  gboolean    matches;
} MatchCase;

static const MatchCase match_cases[] = {
  { "https://console.example/cb?code=x&state=y", "https://console.example/cb", TRUE },
  { "https://console.example/cb", "https://console.example/cb", TRUE },
  { "https://console.example/cb#code=x", "https://console.example/cb", TRUE },
  { "HTTPS://Console.EXAMPLE/cb?code=x", "https://console.example/cb", TRUE },
  { "https://console.example/cb", "HTTPS://CONSOLE.example/cb", TRUE },
  { "https://console.example:443/cb?code=x", "https://console.example/cb", TRUE },
  { "https://console.example/cb", "https://console.example:443/cb", TRUE },
  { "http://127.0.0.1/cb?code=x", "http://127.0.0.1:80/cb", TRUE },
  { "http://localhost:8080/cb?code=x", "http://localhost:8080/cb", TRUE },
  { "http://[::1]:8080/cb?code=x", "http://[::1]:8080/cb", TRUE },
  { "https://console.example?code=x", "https://console.example/", TRUE },
  { "https://console.example/?code=x", "https://console.example", TRUE },
  { "https://console.example/cb?code=%zz", "https://console.example/cb", TRUE },
  { "https://console.example/cb?code=x", "https://console.example/cb?fixed=1", TRUE },
  { "https://console.example/c%62?code=x", "https://console.example/cb", TRUE },
  { "https://user@console.example/cb?code=x", "https://console.example/cb", TRUE },
  { "bb-oauth://localhost/app?code=x", "bb-oauth://localhost/app", TRUE },
  /* trailing slash, path case and path differences */
  { "https://console.example/cb/?code=x", "https://console.example/cb", FALSE },
  { "https://console.example/cb?code=x", "https://console.example/cb/", FALSE },
  { "https://console.example/CB?code=x", "https://console.example/cb", FALSE },
  { "https://console.example/cb/more?code=x", "https://console.example/cb", FALSE },
  { "https://console.example/c?code=x", "https://console.example/cb", FALSE },
  /* host, port, scheme */
  { "https://evil.example/cb?code=x", "https://console.example/cb", FALSE },
  { "https://console.example.evil.example/cb?code=x", "https://console.example/cb", FALSE },
  { "https://console.example:8443/cb?code=x", "https://console.example/cb", FALSE },
  { "https://console.example:80/cb?code=x", "https://console.example/cb", FALSE },
  { "http://console.example/cb?code=x", "https://console.example/cb", FALSE },
  { "http://console.example:443/cb?code=x", "https://console.example/cb", FALSE },
  { "http://127.0.0.1:8081/cb?code=x", "http://127.0.0.1:8080/cb", FALSE },
  { "https://console.example@evil.example/cb", "https://console.example/cb", FALSE },
  /* garbage */
  { NULL, "https://console.example/cb", FALSE },
  { "https://console.example/cb", NULL, FALSE },
  { "", "https://console.example/cb", FALSE },
  { "https://console.example/cb", "", FALSE },
  { "/cb?code=x", "https://console.example/cb", FALSE },
  { "not a uri", "not a uri", FALSE },
  { "https://console.example:99999/cb", "https://console.example:99999/cb", FALSE },
  { "https://console.example/%zz", "https://console.example/%zz", FALSE },
  { "https://console.example/cb\xff", "https://console.example/cb\xff", FALSE },
  { "https://console.example/cb", "https://console.example/cb\xff", FALSE },
};

static void
test_matches (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (match_cases); i++)
    {
      const MatchCase *c = &match_cases[i];

      g_test_message ("case %u", i);
      g_assert_cmpint (bb_redirect_matches (c->uri, c->redirect_uri), ==, c->matches);
    }
}

typedef struct {
  const char *name;
  const char *uri;
  /* expected; all NULL with error_code ≥ 0: refused */
  const char *code;
  const char *state;
  const char *error;
  const char *error_description;
  int         error_code;  /* -1: success */
} ParseCase;

static const ParseCase parse_cases[] = {
  { "code-and-state", "https://c.example/cb?code=0.AAA-xyz_1&state=st123",
    "0.AAA-xyz_1", "st123", NULL, NULL, -1 },
  { "extra-params-ignored", "https://c.example/cb?session_state=abc&code=C&state=S",
    "C", "S", NULL, NULL, -1 },
  { "encoded-values", "https://c.example/cb?code=a%2Bb%3D%3D&state=x+y%20z",
    "a+b==", "x y z", NULL, NULL, -1 },
  { "utf8-value", "https://c.example/cb?code=C&state=%C3%A9t%C3%A9",
    "C", "été", NULL, NULL, -1 },
  { "error-with-description",
    "https://c.example/cb?error=access_denied&error_description=AADSTS65004%3A+User+declined%20to+consent.&state=S",
    NULL, "S", "access_denied", "AADSTS65004: User declined to consent.", -1 },
  { "error-and-code", "https://c.example/cb?code=C&error=server_error&state=S",
    "C", "S", "server_error", NULL, -1 },
  { "fragment-fallback", "https://c.example/cb#code=FC&state=FS",
    "FC", "FS", NULL, NULL, -1 },
  { "fragment-fallback-after-empty-query", "https://c.example/cb?#code=FC&state=FS",
    "FC", "FS", NULL, NULL, -1 },
  { "fragment-after-query-without-answer", "https://c.example/cb?foo=bar#error=login_required",
    NULL, NULL, "login_required", NULL, -1 },
  { "query-wins-over-fragment", "https://c.example/cb?code=QC&state=QS#code=FC&state=FS",
    "QC", "QS", NULL, NULL, -1 },
  { "fragment-with-question-mark", "https://c.example/cb#code=F?C&state=S",
    "F?C", "S", NULL, NULL, -1 },
  { "empty-state-is-absent", "https://c.example/cb?code=C&state=",
    "C", NULL, NULL, NULL, -1 },
  /* refused */
  { "duplicate-code", "https://c.example/cb?code=A&state=S&code=B", NULL, NULL, NULL, NULL,
    BB_CONSOLE_ERROR_PROTOCOL },
  { "duplicate-state", "https://c.example/cb?code=A&state=S&state=T", NULL, NULL, NULL, NULL,
    BB_CONSOLE_ERROR_PROTOCOL },
  { "duplicate-in-fragment", "https://c.example/cb#code=A&code=B", NULL, NULL, NULL, NULL,
    BB_CONSOLE_ERROR_PROTOCOL },
  { "no-code", "https://c.example/cb?state=S", NULL, NULL, NULL, NULL,
    BB_CONSOLE_ERROR_PROTOCOL },
  { "empty-code", "https://c.example/cb?code=&state=S", NULL, NULL, NULL, NULL,
    BB_CONSOLE_ERROR_PROTOCOL },
  { "no-query", "https://c.example/cb", NULL, NULL, NULL, NULL,
    BB_CONSOLE_ERROR_PROTOCOL },
  { "bad-percent", "https://c.example/cb?code=%zz&state=S", NULL, NULL, NULL, NULL,
    BB_CONSOLE_ERROR_PROTOCOL },
  { "not-utf8-after-decoding", "https://c.example/cb?code=C&state=%FF%FE", NULL, NULL, NULL, NULL,
    BB_CONSOLE_ERROR_PROTOCOL },
  { "nul-after-decoding", "https://c.example/cb?code=C%00D&state=S", NULL, NULL, NULL, NULL,
    BB_CONSOLE_ERROR_PROTOCOL },
  { "not-utf8-raw", "https://c.example/cb?code=C\xff&state=S", NULL, NULL, NULL, NULL,
    BB_CONSOLE_ERROR_PROTOCOL },
  { "relative", "/cb?code=C&state=S", NULL, NULL, NULL, NULL, BB_CONSOLE_ERROR_PROTOCOL },
  { "empty", "", NULL, NULL, NULL, NULL, BB_CONSOLE_ERROR_PROTOCOL },
  { "null", NULL, NULL, NULL, NULL, NULL, BB_CONSOLE_ERROR_PROTOCOL },
};

static void
test_parse (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      const ParseCase *c = &parse_cases[i];
      g_autoptr(BbRedirectResult) result = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("case %s", c->name);
      result = bb_redirect_parse (c->uri, &error);

      if (c->error_code >= 0)
        {
          g_assert_null (result);
          g_assert_error (error, BB_CONSOLE_ERROR, c->error_code);
          /* Neither the code nor the state is ever repeated back. */
          g_assert_null (strstr (error->message, "code="));
          continue;
        }

      g_assert_no_error (error);
      g_assert_nonnull (result);
      g_assert_cmpstr (result->code, ==, c->code);
      g_assert_cmpstr (result->state, ==, c->state);
      g_assert_cmpstr (result->error, ==, c->error);
      g_assert_cmpstr (result->error_description, ==, c->error_description);
    }
}

static void
test_parse_messages (void)
{
  g_autoptr(GError) no_code = NULL;
  g_autoptr(GError) duplicate = NULL;

  g_assert_null (bb_redirect_parse ("https://c.example/cb?state=secret-state", &no_code));
  g_assert_nonnull (strstr (no_code->message, "has no code"));
  g_assert_null (strstr (no_code->message, "secret-state"));

  g_assert_null (bb_redirect_parse ("https://c.example/cb?code=secret1&code=secret2", &duplicate));
  g_assert_nonnull (strstr (duplicate->message, "ambiguous"));
  g_assert_null (strstr (duplicate->message, "secret"));
}

typedef struct {
  const char *state;
  const char *expected;
  gboolean    ok;
} StateCase;

static const StateCase state_cases[] = {
  { "abc123", "abc123", TRUE },
  { "été+/=", "été+/=", TRUE },
  { NULL, "abc123", FALSE },
  { "abc124", "abc123", FALSE },
  { "abc12", "abc123", FALSE },
  { "abc1234", "abc123", FALSE },
  { "ABC123", "abc123", FALSE },
  { "abc123", NULL, FALSE },
  { "abc123", "", FALSE },
  { NULL, NULL, FALSE },
};

static void
test_check_state (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_cases); i++)
    {
      const StateCase *c = &state_cases[i];
      BbRedirectResult result = { .code = (char *) "C", .state = (char *) c->state };
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u", i);
      g_assert_cmpint (bb_redirect_check_state (&result, c->expected, &error), ==, c->ok);
      if (c->ok)
        {
          g_assert_no_error (error);
          continue;
        }

      g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);
      g_assert_cmpstr (error->message, ==,
                       "The sign-in answer did not match this request. Please sign in again.");
    }
}

/* The whole 2020 path: parse a redirect, then check its state. */
static void
test_parse_then_check (void)
{
  g_autoptr(BbRedirectResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = bb_redirect_parse ("https://c.example/cb?code=C&state=a%2Bb", &error);
  g_assert_no_error (error);
  g_assert_true (bb_redirect_check_state (result, "a+b", &error));
  g_assert_no_error (error);
  g_assert_false (bb_redirect_check_state (result, "a b", &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);
}

typedef struct {
  const char *error;
  const char *description;
  const char *expected;
} DescribeCase;

static const DescribeCase describe_cases[] = {
  { "access_denied", NULL, "Sign-in was cancelled or permission was refused." },
  { "access_denied", "AADSTS65004: User declined to consent to access the app.\r\n"
                     "Trace ID: 0000\r\nCorrelation ID: 1111\r\nTimestamp: 2026-01-01",
    "Sign-in was cancelled or permission was refused. "
    "(AADSTS65004: User declined to consent to access the app.)" },
  { "consent_required", "  AADSTS90094: Admin consent needed.  ",
    "An administrator must grant Baitbox’s Console application consent for this organisation. "
    "(AADSTS90094: Admin consent needed.)" },
  { "consent_required", "",
    "An administrator must grant Baitbox’s Console application consent for this organisation." },
  { "consent_required", "\n second line only",
    "An administrator must grant Baitbox’s Console application consent for this organisation." },
  { "invalid_scope", "bad\tscope\x01here",
    "Microsoft did not accept the permissions this sign-in asked for. (bad scope here)" },
  { "some_new_error", NULL, "Microsoft sign-in failed: some_new_error" },
  { "some_new_error", "Something odd.", "Microsoft sign-in failed: some_new_error (Something odd.)" },
  { "bad\nnews", NULL, "Microsoft sign-in failed: bad" },
  { "", NULL, "Microsoft sign-in failed." },
  { NULL, NULL, "Microsoft sign-in failed." },
};

static void
test_describe_error (void)
{
  static const char * const known[] = {
    "access_denied", "consent_required", "interaction_required", "login_required",
    "invalid_request", "unauthorized_client", "invalid_scope", "server_error",
    "temporarily_unavailable", "unsupported_response_type",
  };

  for (guint i = 0; i < G_N_ELEMENTS (describe_cases); i++)
    {
      const DescribeCase *c = &describe_cases[i];
      g_autofree char *text = bb_redirect_describe_error (c->error, c->description);

      g_test_message ("case %u", i);
      g_assert_cmpstr (text, ==, c->expected);
    }

  /* Every known code gets our own words, not the generic fallback or the code. */
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autofree char *text = bb_redirect_describe_error (known[i], NULL);

      g_assert_false (g_str_has_prefix (text, "Microsoft sign-in failed"));
      g_assert_null (strstr (text, known[i]));
    }
}

static void
test_describe_error_long (void)
{
  g_autofree char *long_description = NULL;
  g_autofree char *text = NULL;
  GString *builder = g_string_new ("AADSTS50000: ");

  for (guint i = 0; i < 100; i++)
    g_string_append (builder, "ünïcode ");
  long_description = g_string_free (builder, FALSE);

  text = bb_redirect_describe_error ("server_error", long_description);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_suffix (text, "…)"));
  g_assert_cmpint (g_utf8_strlen (text, -1), <,
                   g_utf8_strlen ("Microsoft’s sign-in service had an internal error. Please try again. ()", -1) + 301);

  g_clear_pointer (&text, g_free);
  text = bb_redirect_describe_error ("server_error", "bad \xff utf8");
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

typedef struct {
  const char *uri;
  gboolean    allowed;
} NavigationCase;

static const NavigationCase navigation_cases[] = {
  { "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=x", TRUE },
  { "HTTPS://login.live.com/", TRUE },
  { "https://aadcdn.msftauth.net/x.js#frag", TRUE },
  { "https://example.com/?q=%zz", TRUE },
  { "about:blank", TRUE },
  { "ABOUT:BLANK", TRUE },
  { "http://127.0.0.1:8080/cb?code=x", TRUE },
  { "http://127.1.2.3/", TRUE },
  { "http://localhost/", TRUE },
  { "http://LOCALHOST:3000/cb", TRUE },
  { "http://[::1]:8080/", TRUE },
  /* refused */
  { "http://login.microsoftonline.com/", FALSE },
  { "http://example.com:80/", FALSE },
  { "http://127.0.0.1.evil.example/", FALSE },
  { "http://localhost.evil.example/", FALSE },
  { "http://127.0.0.1@evil.example/", FALSE },
  { "http://10.0.0.1/", FALSE },
  { "about:config", FALSE },
  { "about:srcdoc", FALSE },
  { "file:///etc/passwd", FALSE },
  { "data:text/html,<script>alert(1)</script>", FALSE },
  { "javascript:alert(1)", FALSE },
  { "ftp://example.com/", FALSE },
  { "ms-outlook://compose", FALSE },
  { "blob:https://example.com/1234", FALSE },
  { "ws://127.0.0.1/", FALSE },
  { "https:///path-only", FALSE },
  { "https:example.com", FALSE },
  { "//example.com/", FALSE },
  { "", FALSE },
  { NULL, FALSE },
  { "https://example.com/\xff", FALSE },
};

static void
test_allowed_navigation (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (navigation_cases); i++)
    {
      const NavigationCase *c = &navigation_cases[i];

      g_test_message ("case %u", i);
      g_assert_cmpint (bb_redirect_is_allowed_navigation (c->uri), ==, c->allowed);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/redirect/matches", test_matches);
  g_test_add_func ("/bb/redirect/parse", test_parse);
  g_test_add_func ("/bb/redirect/parse-messages", test_parse_messages);
  g_test_add_func ("/bb/redirect/check-state", test_check_state);
  g_test_add_func ("/bb/redirect/parse-then-check", test_parse_then_check);
  g_test_add_func ("/bb/redirect/describe-error", test_describe_error);
  g_test_add_func ("/bb/redirect/describe-error-long", test_describe_error_long);
  g_test_add_func ("/bb/redirect/allowed-navigation", test_allowed_navigation);

  return g_test_run ();
}
