/* test-authorize-url.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "bb-authorize-url.h"
#include "bb-console-error.h"

#define MS_DEFAULT "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize"

typedef struct {
  const char *state;
  const char *client_id;
  const char *redirect_uri;
  const char *scope;
  const char *authorize_url;
} Reply2020;

typedef struct {
  const char *endpoint;
  const char *client_id;
  const char *redirect_uri;
  const char *scope;
} Settings;

static BbInitiateReply *
make_reply_2020 (const Reply2020 *r)
{
  BbInitiateReply *reply = g_new0 (BbInitiateReply, 1);

  reply->generation = BB_INITIATE_2020;
  reply->state = g_strdup (r->state);
  reply->client_id = g_strdup (r->client_id);
  reply->redirect_uri = g_strdup (r->redirect_uri);
  reply->scope = g_strdup (r->scope);
  reply->authorize_url = g_strdup (r->authorize_url);

  return reply;
}

static BbInitiateReply *
make_reply_2025 (const char *url,
                 const char *state,
                 const char *redirect_uri)
{
  BbInitiateReply *reply = g_new0 (BbInitiateReply, 1);

  reply->generation = BB_INITIATE_2025;
  reply->url = g_strdup (url);
  reply->state = g_strdup (state);
  reply->redirect_uri = g_strdup (redirect_uri);

  return reply;
}

typedef struct {
  const char *name;
  Reply2020   reply;
  const char *login_hint;
  Settings    settings;
  /* expected */
  const char *prefix;        /* the URL up to and including the first of our parameters' separator */
  const char *client_id;
  const char *redirect_uri;
  const char *scope;
  const char *login_hint_out;  /* NULL: no login_hint parameter */
  guint       n_extra;         /* parameters the endpoint already had */
} Build2020Case;

static const Build2020Case build_2020_cases[] = {
  { "from-reply",
    { "st-1", "app-1", "https://console.example/cb", "openid Mail.Send", "https://login.example/authorize" },
    "admin@example.com",
    { "https://settings.example/authorize", "app-settings", "https://settings.example/cb", "settings.scope" },
    "https://login.example/authorize?client_id=",
    "app-1", "https://console.example/cb", "openid Mail.Send", "admin@example.com", 0 },
  { "from-settings",
    { "st-2", NULL, NULL, NULL, NULL },
    "admin@example.com",
    { "https://settings.example/oauth2/authorize", "app-settings", "https://settings.example/cb", "settings.scope" },
    "https://settings.example/oauth2/authorize?client_id=",
    "app-settings", "https://settings.example/cb", "settings.scope", "admin@example.com", 0 },
  { "empty-reply-values-fall-back",
    { "st-3", "", "", "", "" },
    "admin@example.com",
    { "  https://settings.example/authorize ", " app-settings\n", "https://settings.example/cb", NULL },
    "https://settings.example/authorize?client_id=",
    "app-settings", "https://settings.example/cb",
    "openid offline_access https://graph.microsoft.com/.default", "admin@example.com", 0 },
  { "defaults",
    { "st-4", "app-1", "https://console.example/cb", NULL, NULL },
    "admin@example.com",
    { NULL, NULL, NULL, NULL },
    MS_DEFAULT "?client_id=",
    "app-1", "https://console.example/cb",
    "openid offline_access https://graph.microsoft.com/.default", "admin@example.com", 0 },
  { "endpoint-with-query",
    { "st-5", "app-1", "https://console.example/cb", "s", "https://login.example/authorize?tenant=abc" },
    "admin@example.com",
    { NULL, NULL, NULL, NULL },
    "https://login.example/authorize?tenant=abc&client_id=",
    "app-1", "https://console.example/cb", "s", "admin@example.com", 1 },
  { "endpoint-with-question-mark-only",
    { "st-6", "app-1", "https://console.example/cb", "s", "https://login.example/authorize?" },
    "admin@example.com",
    { NULL, NULL, NULL, NULL },
    "https://login.example/authorize?client_id=",
    "app-1", "https://console.example/cb", "s", "admin@example.com", 0 },
  { "endpoint-fragment-dropped",
    { "st-7", "app-1", "https://console.example/cb", "s", "https://login.example/authorize#top" },
    "admin@example.com",
    { NULL, NULL, NULL, NULL },
    "https://login.example/authorize?client_id=",
    "app-1", "https://console.example/cb", "s", "admin@example.com", 0 },
  { "loopback-http-endpoint",
    { "st-8", "app-1", "http://127.0.0.1:8080/cb", "s", "http://127.0.0.1:8080/authorize" },
    "admin@example.com",
    { NULL, NULL, NULL, NULL },
    "http://127.0.0.1:8080/authorize?client_id=",
    "app-1", "http://127.0.0.1:8080/cb", "s", "admin@example.com", 0 },
  { "loopback-localhost-endpoint-from-settings",
    { "st-9", "app-1", "http://localhost/cb", NULL, NULL },
    "admin@example.com",
    { "http://localhost:3000/authorize", NULL, NULL, NULL },
    "http://localhost:3000/authorize?client_id=",
    "app-1", "http://localhost/cb",
    "openid offline_access https://graph.microsoft.com/.default", "admin@example.com", 0 },
  { "special-characters",
    { "st+/=& ?#é", "app &+=#1", "https://console.example/cb?x=1&y=a b", "openid a+b c&d", NULL },
    "  Zoë O'Brien+test&x=y@exämple.com ",
    { NULL, NULL, NULL, NULL },
    MS_DEFAULT "?client_id=",
    "app &+=#1", "https://console.example/cb?x=1&y=a b", "openid a+b c&d",
    "Zoë O'Brien+test&x=y@exämple.com", 0 },
  { "no-login-hint",
    { "st-10", "app-1", "https://console.example/cb", "s", NULL },
    NULL,
    { NULL, NULL, NULL, NULL },
    MS_DEFAULT "?client_id=",
    "app-1", "https://console.example/cb", "s", NULL, 0 },
  { "blank-login-hint",
    { "st-11", "app-1", "https://console.example/cb", "s", NULL },
    "   ",
    { NULL, NULL, NULL, NULL },
    MS_DEFAULT "?client_id=",
    "app-1", "https://console.example/cb", "s", NULL, 0 },
};

static void
assert_param (GHashTable *params,
              const char *key,
              const char *expected)
{
  const char *value = g_hash_table_lookup (params, key);

  if (expected == NULL)
    g_assert_false (g_hash_table_contains (params, key));
  else
    g_assert_cmpstr (value, ==, expected);
}

static void
check_2020_case (const Build2020Case *c)
{
  g_autoptr(BbInitiateReply) reply = make_reply_2020 (&c->reply);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *url = NULL;
  const char *query;

  g_test_message ("case %s", c->name);

  url = bb_authorize_url_build (reply, c->login_hint,
                                c->settings.endpoint, c->settings.client_id,
                                c->settings.redirect_uri, c->settings.scope, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, c->prefix));
  g_assert_true (g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL));
  /* Values are percent-encoded: no raw space, '+' or '#' may reach Microsoft. */
  g_assert_null (strpbrk (url, " +#"));

  query = strchr (url, '?') + 1;
  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_WWW_FORM, &error);
  g_assert_no_error (error);

  assert_param (params, "client_id", c->client_id);
  assert_param (params, "response_type", "code");
  assert_param (params, "response_mode", "query");
  assert_param (params, "redirect_uri", c->redirect_uri);
  assert_param (params, "scope", c->scope);
  assert_param (params, "state", c->reply.state);
  assert_param (params, "login_hint", c->login_hint_out);
  assert_param (params, "prompt", "select_account");
  g_assert_cmpuint (g_hash_table_size (params), ==,
                    7 + (c->login_hint_out != NULL ? 1 : 0) + c->n_extra);
}

static void
test_build_2020 (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (build_2020_cases); i++)
    check_2020_case (&build_2020_cases[i]);
}

/* The order PROTOCOL.md §4 gives, byte for byte, for the plain case. */
static void
test_build_2020_exact (void)
{
  static const Reply2020 r = { "abc123", "app-1", "https://c.example/cb", "openid", NULL };
  g_autoptr(BbInitiateReply) reply = make_reply_2020 (&r);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  url = bb_authorize_url_build (reply, "a@b.example", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==,
                   MS_DEFAULT "?client_id=app-1&response_type=code&response_mode=query"
                   "&redirect_uri=https%3A%2F%2Fc.example%2Fcb&scope=openid&state=abc123"
                   "&login_hint=a%40b.example&prompt=select_account");
}

typedef struct {
  const char  *name;
  Reply2020    reply;
  const char  *login_hint;
  Settings     settings;
  int          code;
  const char  *words;   /* the message must contain these */
} Build2020ErrorCase;

static const Build2020ErrorCase build_2020_error_cases[] = {
  { "no-client-id", { "st", NULL, "https://c.example/cb", NULL, NULL }, "a@b.example",
    { NULL, NULL, "https://s.example/cb", NULL },
    BB_CONSOLE_ERROR_INVALID_INPUT, "client ID in Preferences" },
  { "blank-client-id", { "st", "", "https://c.example/cb", NULL, NULL }, "a@b.example",
    { NULL, "  ", NULL, NULL },
    BB_CONSOLE_ERROR_INVALID_INPUT, "client ID in Preferences" },
  { "no-redirect-uri", { "st", "app", NULL, NULL, NULL }, "a@b.example",
    { NULL, "app-s", NULL, NULL },
    BB_CONSOLE_ERROR_INVALID_INPUT, "redirect URI in Preferences" },
  { "http-endpoint-from-reply", { "st", "app", "https://c.example/cb", NULL, "http://login.example/authorize" },
    "a@b.example", { NULL, NULL, NULL, NULL },
    BB_CONSOLE_ERROR_INVALID_INPUT, "https://" },
  { "http-endpoint-from-settings", { "st", "app", "https://c.example/cb", NULL, NULL }, "a@b.example",
    { "http://login.example/authorize", NULL, NULL, NULL },
    BB_CONSOLE_ERROR_INVALID_INPUT, "Preferences" },
  { "file-endpoint", { "st", "app", "https://c.example/cb", NULL, NULL }, "a@b.example",
    { "file:///etc/passwd", NULL, NULL, NULL },
    BB_CONSOLE_ERROR_INVALID_INPUT, "https://" },
  { "relative-endpoint", { "st", "app", "https://c.example/cb", NULL, NULL }, "a@b.example",
    { "/authorize", NULL, NULL, NULL },
    BB_CONSOLE_ERROR_INVALID_INPUT, "https://" },
  { "garbage-endpoint", { "st", "app", "https://c.example/cb", NULL, "https://login example/%zz" },
    "a@b.example", { NULL, NULL, NULL, NULL },
    BB_CONSOLE_ERROR_INVALID_INPUT, "https://" },
  { "no-state", { NULL, "app", "https://c.example/cb", NULL, NULL }, "a@b.example",
    { NULL, NULL, NULL, NULL },
    BB_CONSOLE_ERROR_PROTOCOL, "state" },
  { "login-hint-not-utf8", { "st", "app", "https://c.example/cb", NULL, NULL }, "a\xff@b.example",
    { NULL, NULL, NULL, NULL },
    BB_CONSOLE_ERROR_INVALID_INPUT, "e-mail" },
};

static void
test_build_2020_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (build_2020_error_cases); i++)
    {
      const Build2020ErrorCase *c = &build_2020_error_cases[i];
      g_autoptr(BbInitiateReply) reply = make_reply_2020 (&c->reply);
      g_autoptr(GError) error = NULL;
      g_autofree char *url = NULL;

      g_test_message ("case %s", c->name);
      url = bb_authorize_url_build (reply, c->login_hint,
                                    c->settings.endpoint, c->settings.client_id,
                                    c->settings.redirect_uri, c->settings.scope, &error);
      g_assert_null (url);
      g_assert_error (error, BB_CONSOLE_ERROR, c->code);
      g_assert_nonnull (strstr (error->message, c->words));
    }
}

typedef struct {
  const char *name;
  const char *url;
  const char *login_hint;
  const char *expected;   /* NULL: refused */
} Build2025Case;

static const Build2025Case build_2025_cases[] = {
  { "hint-added",
    "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=c&state=S%2B1&redirect_uri=https%3A%2F%2Fx.canary.tools%2Fcb",
    "admin@example.com",
    "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=c&state=S%2B1&redirect_uri=https%3A%2F%2Fx.canary.tools%2Fcb&login_hint=admin%40example.com" },
  { "hint-kept",
    "https://login.microsoftonline.com/authorize?state=S&login_hint=other%40example.com&redirect_uri=https%3A%2F%2Fx%2Fcb",
    "admin@example.com",
    "https://login.microsoftonline.com/authorize?state=S&login_hint=other%40example.com&redirect_uri=https%3A%2F%2Fx%2Fcb" },
  { "no-hint-given",
    "https://login.microsoftonline.com/authorize?state=S",
    NULL,
    "https://login.microsoftonline.com/authorize?state=S" },
  { "blank-hint-given",
    "https://login.microsoftonline.com/authorize?state=S",
    " ",
    "https://login.microsoftonline.com/authorize?state=S" },
  { "no-query",
    "https://login.microsoftonline.com/authorize",
    "a b+c@example.com",
    "https://login.microsoftonline.com/authorize?login_hint=a%20b%2Bc%40example.com" },
  { "fragment-kept-after",
    "https://login.microsoftonline.com/authorize?state=S#frag",
    "a@example.com",
    "https://login.microsoftonline.com/authorize?state=S&login_hint=a%40example.com#frag" },
  { "non-ascii-hint",
    "https://login.microsoftonline.com/authorize?state=S",
    "zoë@exämple.com",
    "https://login.microsoftonline.com/authorize?state=S&login_hint=zo%C3%AB%40ex%C3%A4mple.com" },
  { "loopback-http",
    "http://127.0.0.1:4444/authorize?state=S",
    "a@example.com",
    "http://127.0.0.1:4444/authorize?state=S&login_hint=a%40example.com" },
  { "http-refused", "http://login.example.com/authorize?state=S", "a@example.com", NULL },
  { "javascript-refused", "javascript:alert(1)", "a@example.com", NULL },
  { "empty-refused", "", "a@example.com", NULL },
};

static void
test_build_2025 (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (build_2025_cases); i++)
    {
      const Build2025Case *c = &build_2025_cases[i];
      g_autoptr(BbInitiateReply) reply = make_reply_2025 (c->url, "S", NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *url = NULL;

      g_test_message ("case %s", c->name);
      /* Settings never leak into a 2025 URL. */
      url = bb_authorize_url_build (reply, c->login_hint, "https://settings.example/authorize",
                                    "settings-app", "https://settings.example/cb", "x", &error);
      if (c->expected == NULL)
        {
          g_assert_null (url);
          g_assert_nonnull (error);
          g_assert_true (error->domain == BB_CONSOLE_ERROR);
          continue;
        }

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, c->expected);
    }
}

/* Through the real parser: the Console's state and redirect_uri survive. */
static void
test_build_2025_keeps_console_values (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(BbInitiateReply) reply = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *redirect = NULL;

  json_parser_load_from_data (parser,
                              "{\"result\":\"success\",\"oauth_url\":"
                              "\"https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
                              "?client_id=cc&state=console%2Bstate&redirect_uri=https%3A%2F%2Fab.canary.tools%2Foauth%2Fcb"
                              "&scope=openid\"}",
                              -1, &error);
  g_assert_no_error (error);
  reply = bb_parse_initiate (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);

  url = bb_authorize_url_build (reply, "admin@example.com", NULL, "x", "https://wrong.example/cb", NULL, &error);
  g_assert_no_error (error);
  params = g_uri_parse_params (strchr (url, '?') + 1, -1, "&", G_URI_PARAMS_WWW_FORM, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "console+state");
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==, "https://ab.canary.tools/oauth/cb");
  g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, "cc");
  g_assert_cmpstr (g_hash_table_lookup (params, "login_hint"), ==, "admin@example.com");

  redirect = bb_authorize_url_get_redirect_uri (reply, "https://wrong.example/cb");
  g_assert_cmpstr (redirect, ==, "https://ab.canary.tools/oauth/cb");
}

static void
test_get_redirect_uri (void)
{
  static const Reply2020 with = { "st", NULL, "https://c.example/cb", NULL, NULL };
  static const Reply2020 without = { "st", NULL, NULL, NULL, NULL };
  g_autoptr(BbInitiateReply) r_with = make_reply_2020 (&with);
  g_autoptr(BbInitiateReply) r_without = make_reply_2020 (&without);
  g_autoptr(BbInitiateReply) r_2025 = NULL;
  g_autoptr(BbInitiateReply) r_2025_none = NULL;
  g_autoptr(BbInitiateReply) r_2025_set = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL;

  a = bb_authorize_url_get_redirect_uri (r_with, "https://s.example/cb");
  g_assert_cmpstr (a, ==, "https://c.example/cb");
  b = bb_authorize_url_get_redirect_uri (r_without, " https://s.example/cb ");
  g_assert_cmpstr (b, ==, "https://s.example/cb");
  c = bb_authorize_url_get_redirect_uri (r_without, "");
  g_assert_null (c);

  /* 2025 without the parser's copy: read from the URL itself; settings ignored. */
  r_2025 = make_reply_2025 ("https://login.example/a?redirect_uri=https%3A%2F%2Fx.example%2Fcb+2&state=S",
                            NULL, NULL);
  d = bb_authorize_url_get_redirect_uri (r_2025, "https://s.example/cb");
  g_assert_cmpstr (d, ==, "https://x.example/cb 2");
  r_2025_none = make_reply_2025 ("https://login.example/a?state=S", NULL, NULL);
  e = bb_authorize_url_get_redirect_uri (r_2025_none, "https://s.example/cb");
  g_assert_null (e);
  r_2025_set = make_reply_2025 ("https://login.example/a?state=S", "S", "https://p.example/cb");
  f = bb_authorize_url_get_redirect_uri (r_2025_set, NULL);
  g_assert_cmpstr (f, ==, "https://p.example/cb");
}

static void
test_defaults (void)
{
  g_assert_cmpstr (bb_authorize_url_default_endpoint (), ==, MS_DEFAULT);
  g_assert_cmpstr (bb_authorize_url_default_scope (), ==,
                   "openid offline_access https://graph.microsoft.com/.default");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/authorize-url/defaults", test_defaults);
  g_test_add_func ("/bb/authorize-url/2020", test_build_2020);
  g_test_add_func ("/bb/authorize-url/2020-exact", test_build_2020_exact);
  g_test_add_func ("/bb/authorize-url/2020-errors", test_build_2020_errors);
  g_test_add_func ("/bb/authorize-url/2025", test_build_2025);
  g_test_add_func ("/bb/authorize-url/2025-keeps-console-values", test_build_2025_keeps_console_values);
  g_test_add_func ("/bb/authorize-url/redirect-uri", test_get_redirect_uri);

  return g_test_run ();
}
