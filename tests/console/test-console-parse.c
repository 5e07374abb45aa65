/* test-console-parse.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "bb-console-error.h"
#include "bb-console-parse.h"
#include "bb-console-reply.h"

static JsonObject *
parse_json (const char *text)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  object = bb_console_reply_parse_object (body, &error);
  g_assert_no_error (error);

  return object;
}

#define assert_protocol_error(expr, field)                                       \
  G_STMT_START {                                                                 \
    g_autoptr(GError) _error = NULL;                                             \
    gpointer _result = (expr);                                                   \
    g_assert_null (_result);                                                     \
    g_assert_error (_error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);        \
    if ((field) != NULL)                                                         \
      g_assert_nonnull (strstr (_error->message, (const char *) (field)));       \
  } G_STMT_END

/* Features ----------------------------------------------------------------- */

static void
test_features (void)
{
  g_autoptr(JsonObject) root = parse_json ("{\"result\": \"success\", \"features\": {"
                                           "\"office365_mail_token\": true, \"a\": false,"
                                           "\"b\": \"true\", \"c\": \"false\", \"d\": \"yes\","
                                           "\"e\": 1, \"f\": null, \"g\": [true], \"h\": \"TRUE\"}}");
  g_autoptr(GHashTable) features = NULL;
  g_autoptr(GError) error = NULL;
  gpointer value;

  features = bb_parse_features (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (features), ==, 4);
  g_assert_true (g_hash_table_lookup_extended (features, "office365_mail_token", NULL, &value));
  g_assert_true (GPOINTER_TO_INT (value));
  g_assert_true (g_hash_table_lookup_extended (features, "a", NULL, &value));
  g_assert_false (GPOINTER_TO_INT (value));
  g_assert_true (g_hash_table_lookup_extended (features, "b", NULL, &value));
  g_assert_true (GPOINTER_TO_INT (value));
  g_assert_true (g_hash_table_lookup_extended (features, "c", NULL, &value));
  g_assert_false (GPOINTER_TO_INT (value));
  for (const char *absent = "defgh"; *absent != '\0'; absent++)
    {
      char name[2] = { *absent, '\0' };

      g_assert_false (g_hash_table_contains (features, name));
    }
}

static void
test_features_absent_or_bad (void)
{
  g_autoptr(JsonObject) none = parse_json ("{\"result\": \"success\"}");
  g_autoptr(JsonObject) null = parse_json ("{\"result\": \"success\", \"features\": null}");
  g_autoptr(JsonObject) array = parse_json ("{\"result\": \"success\", \"features\": []}");
  g_autoptr(JsonObject) string = parse_json ("{\"result\": \"success\", \"features\": \"x\"}");
  g_autoptr(GHashTable) features = NULL;
  g_autoptr(GError) error = NULL;

  features = bb_parse_features (none, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (features), ==, 0);
  g_clear_pointer (&features, g_hash_table_unref);

  features = bb_parse_features (null, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (features), ==, 0);

  assert_protocol_error (bb_parse_features (array, &_error), "features");
  assert_protocol_error (bb_parse_features (string, &_error), "features");
}

/* Flocks ------------------------------------------------------------------- */

static void
test_flocks (void)
{
  g_autoptr(JsonObject) root =
    parse_json ("{\"result\": \"success\", \"flocks\": {\"flock:default\": \"Default Flock\","
                " \"flock:abc\": \"London\", \"flock:0\": \"München 東京\", \"flock:z\": \"Zürich\"}}");
  g_autoptr(GPtrArray) flocks = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const ids[] = { "flock:default", "flock:abc", "flock:0", "flock:z" };
  static const char * const names[] = { "Default Flock", "London", "München 東京", "Zürich" };

  flocks = bb_parse_flocks (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flocks->len, ==, G_N_ELEMENTS (ids));
  /* The reply's order, not sorted. */
  for (guint i = 0; i < flocks->len; i++)
    {
      BbFlock *flock = g_ptr_array_index (flocks, i);

      g_assert_cmpstr (flock->id, ==, ids[i]);
      g_assert_cmpstr (flock->name, ==, names[i]);
    }
}

static void
test_flocks_bad (void)
{
  static const char * const bodies[] = {
    "{\"result\": \"success\"}",
    "{\"result\": \"success\", \"flocks\": null}",
    "{\"result\": \"success\", \"flocks\": [\"flock:default\"]}",
    "{\"result\": \"success\", \"flocks\": \"flock:default\"}",
    "{\"result\": \"success\", \"flocks\": {\"flock:default\": 1}}",
    "{\"result\": \"success\", \"flocks\": {\"flock:default\": null}}",
    "{\"result\": \"success\", \"flocks\": {\"flock:default\": {\"name\": \"D\"}}}",
    "{\"result\": \"success\", \"flocks\": {\"\": \"Nameless\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonObject) root = parse_json (bodies[i]);

      g_test_message ("flocks %u: %s", i, bodies[i]);
      assert_protocol_error (bb_parse_flocks (root, &_error), "flocks");
    }
}

/* Initiate ----------------------------------------------------------------- */

static void
test_initiate_2020 (void)
{
  g_autoptr(JsonObject) minimal = parse_json ("{\"result\": \"success\", \"state\": \"opaque\"}");
  g_autoptr(JsonObject) full =
    parse_json ("{\"result\": \"success\", \"state\": \"s1\", \"client_id\": \"cid\","
                " \"redirect_uri\": \"https://console.example.com/cb\", \"scope\": \"a b\","
                " \"authorize_url\": \"https://login.example.com/authorize\", \"extra\": 1}");
  g_autoptr(JsonObject) empties =
    parse_json ("{\"result\": \"success\", \"state\": \"s2\", \"client_id\": \"\", \"scope\": null}");
  g_autoptr(BbInitiateReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = bb_parse_initiate (minimal, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reply->generation, ==, BB_INITIATE_2020);
  g_assert_cmpstr (reply->state, ==, "opaque");
  g_assert_null (reply->client_id);
  g_assert_null (reply->redirect_uri);
  g_assert_null (reply->scope);
  g_assert_null (reply->authorize_url);
  g_assert_null (reply->url);
  g_clear_pointer (&reply, bb_initiate_reply_free);

  reply = bb_parse_initiate (full, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reply->generation, ==, BB_INITIATE_2020);
  g_assert_cmpstr (reply->state, ==, "s1");
  g_assert_cmpstr (reply->client_id, ==, "cid");
  g_assert_cmpstr (reply->redirect_uri, ==, "https://console.example.com/cb");
  g_assert_cmpstr (reply->scope, ==, "a b");
  g_assert_cmpstr (reply->authorize_url, ==, "https://login.example.com/authorize");
  g_assert_null (reply->url);
  g_clear_pointer (&reply, bb_initiate_reply_free);

  /* Empty optional values count as absent, so settings fill them in. */
  reply = bb_parse_initiate (empties, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reply->state, ==, "s2");
  g_assert_null (reply->client_id);
  g_assert_null (reply->scope);
}

static void
test_initiate_2025 (void)
{
  static const struct {
    const char *key;
    const char *url;
    const char *state;
    const char *redirect_uri;
  } cases[] = {
    { "url",
      "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=c&response_type=code"
      "&redirect_uri=https%3A%2F%2Fab12cd34.canary.tools%2Fo365%2Fcallback&state=xyz%2B1&scope=a+b",
      "xyz+1", "https://ab12cd34.canary.tools/o365/callback" },
    { "oauth_url", "https://login.microsoftonline.com/authorize?state=abc", "abc", NULL },
    { "authorization_url", "https://login.microsoftonline.com/authorize", NULL, NULL },
    { "url", "http://127.0.0.1:4321/authorize?redirect_uri=http://127.0.0.1:4321/cb&state=", NULL,
      "http://127.0.0.1:4321/cb" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) root = json_object_new ();
      g_autoptr(BbInitiateReply) reply = NULL;
      g_autoptr(GError) error = NULL;

      json_object_set_string_member (root, "result", "success");
      json_object_set_string_member (root, cases[i].key, cases[i].url);
      /* A URL wins over a 2020 state. */
      json_object_set_string_member (root, "state", "ignored-2020-state");

      reply = bb_parse_initiate (root, &error);
      g_assert_no_error (error);
      g_assert_cmpint (reply->generation, ==, BB_INITIATE_2025);
      g_assert_cmpstr (reply->url, ==, cases[i].url);
      g_assert_cmpstr (reply->state, ==, cases[i].state);
      g_assert_cmpstr (reply->redirect_uri, ==, cases[i].redirect_uri);
    }
}

static void
test_initiate_bad (void)
{
  static const struct {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"result\": \"success\"}", "state" },
    { "{\"result\": \"success\", \"state\": \"\"}", "state" },
    { "{\"result\": \"success\", \"state\": null}", "state" },
    { "{\"result\": \"success\", \"state\": 12}", "state" },
    { "{\"result\": \"success\", \"state\": [\"s\"]}", "state" },
    { "{\"result\": \"success\", \"url\": 1, \"state\": \"s\"}", "url" },
    { "{\"result\": \"success\", \"url\": {}, \"state\": \"s\"}", "url" },
    { "{\"result\": \"success\", \"oauth_url\": true}", "oauth_url" },
    { "{\"result\": \"success\", \"authorization_url\": [\"https://x\"]}", "authorization_url" },
    { "{\"result\": \"success\", \"url\": \"\"}", "url" },
    { "{\"result\": \"success\", \"url\": \"javascript:alert(1)\"}", "url" },
    { "{\"result\": \"success\", \"url\": \"file:///etc/passwd\"}", "url" },
    { "{\"result\": \"success\", \"url\": \"/relative?state=1\"}", "url" },
    { "{\"result\": \"success\", \"url\": \"https://x/a?state=%zz\"}", "url" },
    { "{\"result\": \"success\", \"state\": \"s\", \"client_id\": 5}", "client_id" },
    { "{\"result\": \"success\", \"state\": \"s\", \"redirect_uri\": false}", "redirect_uri" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) root = parse_json (cases[i].body);

      g_test_message ("initiate %u: %s", i, cases[i].body);
      assert_protocol_error (bb_parse_initiate (root, &_error), cases[i].field);
    }
}

/* Users list --------------------------------------------------------------- */

static void
assert_mailbox (BbMailboxList *list,
                guint          index,
                const char    *address,
                const char    *display_name)
{
  g_autoptr(BbMailbox) mailbox = NULL;

  g_assert_cmpuint (index, <, bb_mailbox_model_get_n_items (list->model));
  mailbox = g_list_model_get_item (G_LIST_MODEL (list->model), index);
  g_assert_cmpstr (bb_mailbox_get_address (mailbox), ==, address);
  /* Items of the model give "" for a mailbox without a name. */
  g_assert_cmpstr (bb_mailbox_get_display_name (mailbox), ==, display_name ? display_name : "");
  g_assert_false (bb_mailbox_get_selected (mailbox));
}

static void
test_users_list (void)
{
  g_autoptr(JsonObject) root = parse_json (
    "{\"result\": \"success\", \"user_emails\": ["
    "  \"ann@contoso.com\","
    "  {\"email\": \"bob@contoso.com\", \"name\": \"Bob Jones\", \"displayName\": \"Ignored\"},"
    "  {\"mail\": \"carol@contoso.com\", \"displayName\": \"Carol Müller\"},"
    "  {\"userPrincipalName\": \"dave@contoso.com\"},"
    "  {\"email\": null, \"mail\": 7, \"userPrincipalName\": \"erin@contoso.com\", \"name\": 3, \"displayName\": \"Erin\"},"
    "  \"  frank@contoso.com\\t\","
    "  {\"email\": \" gina@contoso.com \", \"name\": \"\"},"
    "  \"José@bücher.de\","
    "  \"ANN@CONTOSO.COM\","
    "  {\"email\": \"Bob@Contoso.com\", \"name\": \"Second Bob\"},"
    "  \"not-an-address\","
    "  {\"email\": \"broken@\", \"mail\": \"fallback@contoso.com\"},"
    "  {\"name\": \"No Address\"},"
    "  {},"
    "  42, null, true, [\"x@contoso.com\"], \"\","
    "  \"ann@contoso.com, bob@contoso.com\""
    "]}");
  g_autoptr(BbMailboxList) list = NULL;
  g_autoptr(GError) error = NULL;

  list = bb_parse_users_list (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bb_mailbox_model_get_n_items (list->model), ==, 8);
  assert_mailbox (list, 0, "ann@contoso.com", NULL);
  assert_mailbox (list, 1, "bob@contoso.com", "Bob Jones");
  assert_mailbox (list, 2, "carol@contoso.com", "Carol Müller");
  assert_mailbox (list, 3, "dave@contoso.com", NULL);
  assert_mailbox (list, 4, "erin@contoso.com", "Erin");
  assert_mailbox (list, 5, "frank@contoso.com", NULL);
  assert_mailbox (list, 6, "gina@contoso.com", "");
  assert_mailbox (list, 7, "José@bücher.de", NULL);
  g_assert_cmpuint (list->n_duplicates, ==, 2);
  /* not-an-address, broken@ (no fall-through), no address, {}, 42, null, true,
   * an array, "", and two addresses in one string. */
  g_assert_cmpuint (list->n_invalid, ==, 10);
}

static void
test_users_list_bad (void)
{
  static const char * const bodies[] = {
    "{\"result\": \"success\"}",
    "{\"result\": \"success\", \"user_emails\": null}",
    "{\"result\": \"success\", \"user_emails\": \"ann@contoso.com\"}",
    "{\"result\": \"success\", \"user_emails\": {\"ann@contoso.com\": 1}}",
    "{\"result\": \"success\", \"user_emails\": 3}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonObject) root = parse_json (bodies[i]);

      assert_protocol_error (bb_parse_users_list (root, &_error), "user_emails");
    }
}

static void
test_users_list_empty (void)
{
  g_autoptr(JsonObject) root = parse_json ("{\"result\": \"success\", \"user_emails\": []}");
  g_autoptr(BbMailboxList) list = NULL;
  g_autoptr(GError) error = NULL;

  list = bb_parse_users_list (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bb_mailbox_model_get_n_items (list->model), ==, 0);
  g_assert_cmpuint (list->n_invalid, ==, 0);
  g_assert_cmpuint (list->n_duplicates, ==, 0);
}

/* 100,000 mailboxes, as a real reply body, with duplicates and junk mixed in. */
static void
test_users_list_large (void)
{
  g_autoptr(GString) text = g_string_new ("{\"result\": \"success\", \"user_emails\": [");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(BbMailboxList) list = NULL;
  g_autoptr(GError) error = NULL;
  const guint n = 100000;

  for (guint i = 0; i < n; i++)
    {
      if (i % 2 == 0)
        g_string_append_printf (text, "{\"email\": \"user%u@contoso.com\", \"displayName\": \"User %u\"},", i, i);
      else
        g_string_append_printf (text, "\"user%u@contoso.com\",", i);
    }
  for (guint i = 0; i < 500; i++)
    g_string_append_printf (text, "\"USER%u@CONTOSO.COM\",\"bad%u@\",", i * 3, i);
  g_string_append (text, "\"last@contoso.com\"]}");

  body = g_bytes_new (text->str, text->len);
  root = bb_console_reply_classify (200, NULL, NULL, body, NULL, &error);
  g_assert_no_error (error);

  list = bb_parse_users_list (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bb_mailbox_model_get_n_items (list->model), ==, n + 1);
  g_assert_cmpuint (list->n_duplicates, ==, 500);
  g_assert_cmpuint (list->n_invalid, ==, 500);
  assert_mailbox (list, 0, "user0@contoso.com", "User 0");
  assert_mailbox (list, 1, "user1@contoso.com", NULL);
  assert_mailbox (list, 54320, "user54320@contoso.com", "User 54320");
  assert_mailbox (list, n, "last@contoso.com", NULL);
}

/* Template ----------------------------------------------------------------- */

static void
test_template (void)
{
  static const struct {
    const char *body;
    const char *subject;
    const char *html;
    const char *sender;
  } cases[] = {
    { "{\"result\": \"success\", \"html\": \"<p>Hi</p>\", \"subject\": \"Report\", \"sender\": \"it@contoso.com\"}",
      "Report", "<p>Hi</p>", "it@contoso.com" },
    { "{\"result\": \"success\", \"html\": \"<p>Hi</p>\", \"subject\": \"Report\"}", "Report", "<p>Hi</p>", NULL },
    { "{\"result\": \"success\", \"html\": \"h\", \"subject\": \"s\", \"sender\": null}", "s", "h", NULL },
    { "{\"result\": \"success\", \"email_html\": \"h2\", \"email_subject\": \"s2\", \"email_sender\": \"\"}",
      "s2", "h2", "" },
    { "{\"result\": \"success\", \"html\": \"\", \"subject\": \"\"}", "", "", NULL },
    { "{\"result\": \"success\", \"html\": \"Grüße 😀\", \"subject\": \"Résumé\", \"email_sender\": \"x@y.z\"}",
      "Résumé", "Grüße 😀", "x@y.z" },
    /* The plain key wins over the email_ one. */
    { "{\"result\": \"success\", \"html\": \"a\", \"email_html\": \"b\", \"subject\": \"c\", \"email_subject\": \"d\"}",
      "c", "a", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) root = parse_json (cases[i].body);
      g_autoptr(BbTemplate) template = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("template %u", i);
      template = bb_parse_template (root, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (template->subject, ==, cases[i].subject);
      g_assert_cmpstr (template->html, ==, cases[i].html);
      g_assert_cmpstr (template->sender, ==, cases[i].sender);
    }
}

static void
test_template_bad (void)
{
  static const struct {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"result\": \"success\", \"subject\": \"s\"}", "html" },
    { "{\"result\": \"success\", \"html\": \"h\"}", "subject" },
    { "{\"result\": \"success\", \"html\": null, \"subject\": \"s\"}", "html" },
    { "{\"result\": \"success\", \"html\": 1, \"subject\": \"s\"}", "html" },
    { "{\"result\": \"success\", \"html\": \"h\", \"email_subject\": {}}", "email_subject" },
    { "{\"result\": \"success\", \"html\": \"h\", \"subject\": \"s\", \"sender\": 5}", "sender" },
    { "{\"result\": \"success\", \"html\": \"h\", \"subject\": \"s\", \"email_sender\": [\"x\"]}", "email_sender" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) root = parse_json (cases[i].body);

      g_test_message ("template %u: %s", i, cases[i].body);
      assert_protocol_error (bb_parse_template (root, &_error), cases[i].field);
    }
}

/* Status ------------------------------------------------------------------- */

static void
test_status (void)
{
  static const struct {
    const char *body;
    gint64      successful, failed, total;
    gboolean    done;
    gboolean    finished;
  } cases[] = {
    { "{\"result\": \"success\", \"successful\": 12, \"failed\": 1, \"total\": 40}", 12, 1, 40, FALSE, FALSE },
    { "{\"result\": \"success\", \"successful\": \"12\", \"failed\": \"1\", \"total\": \"40\"}", 12, 1, 40, FALSE, FALSE },
    { "{\"result\": \"success\", \"successful\": \"007\", \"failed\": 0, \"total\": \"9223372036854775807\"}",
      7, 0, G_MAXINT64, FALSE, FALSE },
    { "{\"result\": \"success\", \"status\": {\"successful\": 39, \"failed\": 1, \"total\": 40}}", 39, 1, 40, FALSE, TRUE },
    { "{\"result\": \"success\", \"status\": {\"successful\": 3, \"failed\": 1, \"total\": 40, \"done\": true}}",
      3, 1, 40, TRUE, TRUE },
    { "{\"result\": \"success\", \"status\": \"running\", \"successful\": 1, \"failed\": 0, \"total\": 2}",
      1, 0, 2, FALSE, FALSE },
    { "{\"result\": \"success\", \"successful\": 0, \"failed\": 0, \"total\": 0}", 0, 0, 0, FALSE, FALSE },
    { "{\"result\": \"success\", \"successful\": 0, \"failed\": 0, \"total\": 0, \"done\": \"true\"}", 0, 0, 0, TRUE, TRUE },
    { "{\"result\": \"success\", \"successful\": 5, \"failed\": 5, \"total\": 10, \"done\": \"false\"}", 5, 5, 10, FALSE, TRUE },
    { "{\"result\": \"success\", \"successful\": 1, \"failed\": 1, \"total\": 10, \"done\": \"yes\"}", 1, 1, 10, FALSE, FALSE },
    { "{\"result\": \"success\", \"successful\": 1, \"failed\": 1, \"total\": 10, \"done\": 1}", 1, 1, 10, FALSE, FALSE },
    { "{\"result\": \"success\", \"successful\": 11, \"failed\": 0, \"total\": 10}", 11, 0, 10, FALSE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) root = parse_json (cases[i].body);
      g_autoptr(BbTokenStatus) status = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("status %u: %s", i, cases[i].body);
      status = bb_parse_status (root, &error);
      g_assert_no_error (error);
      g_assert_cmpint (status->successful, ==, cases[i].successful);
      g_assert_cmpint (status->failed, ==, cases[i].failed);
      g_assert_cmpint (status->total, ==, cases[i].total);
      g_assert_cmpint (status->done, ==, cases[i].done);
      g_assert_cmpint (bb_token_status_is_finished (status), ==, cases[i].finished);
      g_assert_nonnull (status->failed_users);
      g_assert_nonnull (status->successful_users);
      g_assert_cmpuint (status->failed_users->len, ==, 0);
    }
}

static void
test_status_users (void)
{
  g_autoptr(JsonObject) root = parse_json (
    "{\"result\": \"success\", \"successful\": 2, \"failed\": 2, \"total\": 4,"
    " \"failed_users\": [\"bob@contoso.com\", {\"email\": \" carol@contoso.com \"}, {\"name\": \"x\"}, 5, \"\"],"
    " \"successful_users\": [{\"userPrincipalName\": \"ann@contoso.com\"}, \"dave@contoso.com\"]}");
  g_autoptr(JsonObject) nested = parse_json (
    "{\"result\": \"success\", \"status\": {\"successful\": 0, \"failed\": 1, \"total\": 1,"
    " \"failed_users\": [\"erin@contoso.com\"]}}");
  g_autoptr(BbTokenStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = bb_parse_status (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status->failed_users->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (status->failed_users, 0), ==, "bob@contoso.com");
  g_assert_cmpstr (g_ptr_array_index (status->failed_users, 1), ==, "carol@contoso.com");
  g_assert_cmpuint (status->successful_users->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (status->successful_users, 0), ==, "ann@contoso.com");
  g_assert_cmpstr (g_ptr_array_index (status->successful_users, 1), ==, "dave@contoso.com");
  g_clear_pointer (&status, bb_token_status_free);

  status = bb_parse_status (nested, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status->failed_users->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (status->failed_users, 0), ==, "erin@contoso.com");
}

static void
test_status_bad (void)
{
  static const struct {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"result\": \"success\", \"successful\": 12.0, \"failed\": 1, \"total\": 40}", "successful" },
    { "{\"result\": \"success\", \"successful\": 1.5, \"failed\": 1, \"total\": 40}", "successful" },
    { "{\"result\": \"success\", \"successful\": 1e3, \"failed\": 1, \"total\": 40}", "successful" },
    { "{\"result\": \"success\", \"successful\": \"12.0\", \"failed\": 1, \"total\": 40}", "successful" },
    { "{\"result\": \"success\", \"successful\": 1, \"failed\": -1, \"total\": 40}", "failed" },
    { "{\"result\": \"success\", \"successful\": 1, \"failed\": \"-1\", \"total\": 40}", "failed" },
    { "{\"result\": \"success\", \"successful\": 1, \"failed\": \"+1\", \"total\": 40}", "failed" },
    { "{\"result\": \"success\", \"successful\": 1, \"failed\": \" 1\", \"total\": 40}", "failed" },
    { "{\"result\": \"success\", \"successful\": 1, \"failed\": \"\", \"total\": 40}", "failed" },
    { "{\"result\": \"success\", \"successful\": 1, \"failed\": 1, \"total\": \"abc\"}", "total" },
    { "{\"result\": \"success\", \"successful\": 1, \"failed\": 1, \"total\": \"٣\"}", "total" },
    { "{\"result\": \"success\", \"successful\": true, \"failed\": 1, \"total\": 40}", "successful" },
    { "{\"result\": \"success\", \"successful\": null, \"failed\": 1, \"total\": 40}", "successful" },
    { "{\"result\": \"success\", \"successful\": [1], \"failed\": 1, \"total\": 40}", "successful" },
    { "{\"result\": \"success\", \"successful\": {}, \"failed\": 1, \"total\": 40}", "successful" },
    { "{\"result\": \"success\", \"successful\": 1, \"failed\": 1, \"total\": 99999999999999999999}", "total" },
    { "{\"result\": \"success\", \"successful\": 1, \"failed\": 1, \"total\": 9223372036854775808}", "total" },
    { "{\"result\": \"success\", \"successful\": 1, \"failed\": 1, \"total\": \"9223372036854775808\"}", "total" },
    { "{\"result\": \"success\", \"successful\": 1, \"failed\": 1}", "total" },
    { "{\"result\": \"success\"}", "successful" },
    { "{\"result\": \"success\", \"status\": {\"successful\": 1, \"failed\": 1}}", "total" },
    { "{\"result\": \"success\", \"successful\": 1, \"failed\": 1, \"total\": 2, \"failed_users\": \"bob@contoso.com\"}",
      "failed_users" },
    { "{\"result\": \"success\", \"successful\": 1, \"failed\": 1, \"total\": 2, \"successful_users\": {}}",
      "successful_users" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) root = parse_json (cases[i].body);

      g_test_message ("status %u: %s", i, cases[i].body);
      assert_protocol_error (bb_parse_status (root, &_error), cases[i].field);
    }
}

/* Fixtures ----------------------------------------------------------------- */

/* Runs the endpoint's reader on a success reply; FALSE and @error when it fails. */
static gboolean
read_endpoint (const char  *endpoint,
               JsonObject  *root,
               GError     **error)
{
  if (g_str_equal (endpoint, "features"))
    {
      g_autoptr(GHashTable) result = bb_parse_features (root, error);
      return result != NULL;
    }
  if (g_str_equal (endpoint, "flocks"))
    {
      g_autoptr(GPtrArray) result = bb_parse_flocks (root, error);
      return result != NULL;
    }
  if (g_str_equal (endpoint, "initiate"))
    {
      g_autoptr(BbInitiateReply) result = bb_parse_initiate (root, error);
      return result != NULL;
    }
  if (g_str_equal (endpoint, "users-list"))
    {
      g_autoptr(BbMailboxList) result = bb_parse_users_list (root, error);
      return result != NULL;
    }
  if (g_str_equal (endpoint, "template"))
    {
      g_autoptr(BbTemplate) result = bb_parse_template (root, error);
      return result != NULL;
    }
  if (g_str_equal (endpoint, "status"))
    {
      g_autoptr(BbTokenStatus) result = bb_parse_status (root, error);
      return result != NULL;
    }

  /* ping, oauth-token, create: the classified reply is all there is. */
  g_assert_true (g_str_equal (endpoint, "ping") || g_str_equal (endpoint, "oauth-token")
                 || g_str_equal (endpoint, "create"));
  return TRUE;
}

static void
check_fixture (const char *endpoint,
               const char *name,
               const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GError) error = NULL;
  gboolean good = g_str_has_prefix (name, "good-");
  gsize length;

  g_assert_true (good || g_str_has_prefix (name, "bad-"));
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  body = g_bytes_new_take (g_steal_pointer (&contents), length);

  g_test_message ("fixture %s/%s", endpoint, name);
  root = bb_console_reply_classify (200, "OK", NULL, body, NULL, &error);
  if (root != NULL)
    read_endpoint (endpoint, root, &error);

  if (good)
    g_assert_no_error (error);
  else
    g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);
}

static void
test_fixtures (void)
{
  g_autofree char *top = g_test_build_filename (G_TEST_DIST, "console", "fixtures", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *endpoint;
  guint n_good = 0, n_bad = 0;

  dir = g_dir_open (top, 0, &error);
  g_assert_no_error (error);

  while ((endpoint = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *folder = g_build_filename (top, endpoint, NULL);
      g_autoptr(GDir) files = NULL;
      const char *name;

      if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        continue;

      files = g_dir_open (folder, 0, &error);
      g_assert_no_error (error);
      while ((name = g_dir_read_name (files)) != NULL)
        {
          g_autofree char *path = g_build_filename (folder, name, NULL);

          check_fixture (endpoint, name, path);
          if (g_str_has_prefix (name, "good-"))
            n_good++;
          else
            n_bad++;
        }
    }

  /* Every endpoint has good and bad examples: a missing folder must not pass. */
  g_assert_cmpuint (n_good, >=, 25);
  g_assert_cmpuint (n_bad, >=, 40);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/console-parse/features", test_features);
  g_test_add_func ("/bb/console-parse/features-absent-or-bad", test_features_absent_or_bad);
  g_test_add_func ("/bb/console-parse/flocks", test_flocks);
  g_test_add_func ("/bb/console-parse/flocks-bad", test_flocks_bad);
  g_test_add_func ("/bb/console-parse/initiate-2020", test_initiate_2020);
  g_test_add_func ("/bb/console-parse/initiate-2025", test_initiate_2025);
  g_test_add_func ("/bb/console-parse/initiate-bad", test_initiate_bad);
  g_test_add_func ("/bb/console-parse/users-list", test_users_list);
  g_test_add_func ("/bb/console-parse/users-list-bad", test_users_list_bad);
  g_test_add_func ("/bb/console-parse/users-list-empty", test_users_list_empty);
  g_test_add_func ("/bb/console-parse/users-list-large", test_users_list_large);
  g_test_add_func ("/bb/console-parse/template", test_template);
  g_test_add_func ("/bb/console-parse/template-bad", test_template_bad);
  g_test_add_func ("/bb/console-parse/status", test_status);
  g_test_add_func ("/bb/console-parse/status-users", test_status_users);
  g_test_add_func ("/bb/console-parse/status-bad", test_status_bad);
  g_test_add_func ("/bb/console-parse/fixtures", test_fixtures);

  return g_test_run ();
}
