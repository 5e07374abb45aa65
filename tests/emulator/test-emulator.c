/* test-emulator.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Smoke test of the Console emulator, talking raw HTTP to it. */

#include <string.h>

#include <libsoup/soup.h>

#include "bb-test-utils.h"

typedef struct
{
  guint       status;
  GBytes     *body;
  JsonObject *object;     /* NULL when the body is not a JSON object */
  char       *location;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->object, json_object_unref);
  g_free (reply->location);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static SoupSession *
new_session (void)
{
  return soup_session_new_with_options ("timeout", 30, "user-agent", "Baitbox/test", NULL);
}

/*
 * @token: NULL sends no header. @form: an encoded form; for GET it goes in the query.
 * Redirects are not followed, so their Location can be checked.
 */
static Reply *
request (BbTestEmulator *emu,
         const char     *method,
         const char     *path,
         const char     *token,
         const char     *form)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *uri = NULL;
  Reply *reply = g_new0 (Reply, 1);
  gsize len;
  const char *data;

  if (g_str_equal (method, "GET") && form != NULL)
    uri = g_strdup_printf ("%s%s?%s", bb_test_emulator_get_url (emu), path, form);
  else
    uri = g_strdup_printf ("%s%s", bb_test_emulator_get_url (emu), path);

  if (g_str_equal (method, "POST"))
    msg = soup_message_new_from_encoded_form ("POST", uri, g_strdup (form ? form : ""));
  else
    msg = soup_message_new (method, uri);
  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (token != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Canary-Auth-Token", token);

  reply->body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->location = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                            "Location"));
  data = g_bytes_get_data (reply->body, &len);
  if (len > 0 && json_parser_load_from_data (parser, data, (gssize) len, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    reply->object = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  return reply;
}

static Reply *
api (BbTestEmulator *emu,
     const char     *method,
     const char     *path,
     const char     *form)
{
  return request (emu, method, path, BB_TEST_TOKEN, form);
}

static void
assert_success (Reply *reply)
{
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_nonnull (reply->object);
  g_assert_cmpstr (json_object_get_string_member (reply->object, "result"), ==, "success");
}

static void
assert_error (Reply      *reply,
              guint       status,
              const char *message)
{
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_nonnull (reply->object);
  g_assert_cmpstr (json_object_get_string_member (reply->object, "result"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (reply->object, "message"), ==, message);
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static void
test_ping_auth (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_autoptr(Reply) ok = api (emu, "GET", "/api/v1/ping", NULL);
  g_autoptr(Reply) missing = request (emu, "GET", "/api/v1/ping", NULL, NULL);
  g_autoptr(Reply) wrong = request (emu, "GET", "/api/v1/ping", "not-the-token", NULL);
  g_autoptr(Reply) in_query = request (emu, "GET", "/api/v1/ping", NULL, "auth_token=" BB_TEST_TOKEN);
  g_autoptr(JsonObject) record = NULL;
  JsonArray *requests;

  assert_success (ok);
  assert_error (missing, 403, "Unauthorized");
  assert_error (wrong, 403, "Invalid auth_token");
  assert_error (in_query, 403, "Unauthorized");

  record = bb_test_emulator_get_record (emu);
  requests = json_object_get_array_member (record, "requests");
  g_assert_cmpuint (json_array_get_length (requests), ==, 4);
  g_assert_true (array_has_string (json_object_get_array_member (json_array_get_object_element (requests, 0),
                                                                 "token_in"), "header"));
  g_assert_true (array_has_string (json_object_get_array_member (json_array_get_object_element (requests, 1),
                                                                 "token_in"), "none"));
  g_assert_true (array_has_string (json_object_get_array_member (json_array_get_object_element (requests, 3),
                                                                 "token_in"), "query"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (requests, 0), "user_agent"),
                   ==, "Baitbox/test");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (requests, 1), "status"), ==, 403);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (record, "counts"), "ping"), ==, 4);
  /* The token value never appears in the record. */
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), record);
    g_autofree char *text = json_to_string (node, FALSE);

    g_assert_null (strstr (text, BB_TEST_TOKEN));
  }
}

static void
test_users_list (void)
{
  const char *args[] = { "--users", "100", NULL };
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (args);
  g_autoptr(Reply) refused = api (emu, "POST", "/api/v1/canarytoken/office365/users/list",
                                  "flock_id=flock%3Adefault&is_exchange=false");
  g_autoptr(Reply) list = NULL;
  g_autoptr(Reply) exchange = NULL;
  g_autoptr(Reply) bad_exchange = NULL;
  g_autoptr(Reply) valid = NULL;
  g_autoptr(JsonObject) record = NULL;
  JsonObject *users;
  JsonArray *emails;

  assert_error (refused, 200, "Office365 is not authorised for this flock. Sign in first.");

  bb_test_emulator_control (emu, "config", "signed_in", "true", NULL);
  list = api (emu, "POST", "/api/v1/canarytoken/office365/users/list", "is_exchange=false");
  assert_success (list);
  emails = json_object_get_array_member (list->object, "user_emails");
  g_assert_cmpuint (json_array_get_length (emails), ==, 105);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (emails, 0), "email"),
                   ==, "ann@contoso.com");

  exchange = api (emu, "POST", "/api/v1/canarytoken/office365/users/list",
                  "flock_id=flock%3Alondon&is_exchange=true&exchange_username=exchange-admin&"
                  "exchange_password=exchange-pass");
  assert_success (exchange);
  bad_exchange = api (emu, "POST", "/api/v1/canarytoken/office365/users/list",
                      "is_exchange=true&exchange_username=exchange-admin&exchange_password=nope");
  assert_error (bad_exchange, 200, "Could not log in to Exchange with those credentials");

  record = bb_test_emulator_get_record (emu);
  users = json_object_get_object_member (record, "users");
  g_assert_cmpint (json_object_get_int_member (users, "valid"), ==, 100);
  g_assert_cmpint (json_object_get_int_member (users, "duplicates"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (users, "invalid"), ==, 3);

  valid = request (emu, "GET", "/_emulator/users", NULL, NULL);
  g_assert_cmpuint (valid->status, ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (valid->body, NULL), "\"chloe@fabrikam.example\""));
}

typedef struct
{
  BbTestEmulator *emu;
  Reply          *status;
  gboolean        done;
} Poll;

static gboolean
poll_status_cb (gpointer user_data)
{
  Poll *poll = user_data;

  g_clear_pointer (&poll->status, reply_free);
  poll->status = api (poll->emu, "GET", "/api/v1/canarytoken/office365/status", NULL);
  assert_success (poll->status);
  if (json_object_has_member (poll->status->object, "done"))
    {
      poll->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
test_create_job (void)
{
  const char *args[] = { "--signed-in", "--insert-interval-ms", "5", NULL };
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (args);
  g_autoptr(Reply) idle = api (emu, "GET", "/canarytoken/office365/status", NULL);
  g_autoptr(Reply) created = NULL;
  g_autoptr(Reply) busy = NULL;
  g_autoptr(JsonObject) record = NULL;
  Poll poll = { emu, NULL, FALSE };
  JsonObject *call;

  assert_success (idle);
  g_assert_cmpint (json_object_get_int_member (idle->object, "total"), ==, 0);

  bb_test_emulator_control (emu, "config", "insert_interval_ms", "200", NULL);
  created = api (emu, "POST", "/api/v1/canarytoken/office365/create",
                 "user_emails=ann%40contoso.com,will.fail%40contoso.com,bob%40contoso.com&is_exchange=false");
  assert_success (created);
  busy = api (emu, "POST", "/api/v1/canarytoken/office365/create", "user_emails=ann%40contoso.com");
  assert_error (busy, 200, "A tokening job is already running");

  g_timeout_add (20, poll_status_cb, &poll);
  bb_test_wait_for_flag (&poll.done);
  g_assert_cmpint (json_object_get_int_member (poll.status->object, "successful"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (poll.status->object, "failed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (poll.status->object, "total"), ==, 3);
  g_assert_true (array_has_string (json_object_get_array_member (poll.status->object, "failed_users"),
                                   "will.fail@contoso.com"));
  g_clear_pointer (&poll.status, reply_free);

  record = bb_test_emulator_get_record (emu);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (record, "create_calls")), ==, 2);
  call = json_array_get_object_element (json_object_get_array_member (record, "create_calls"), 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (call, "user_emails")), ==, 3);
  g_assert_true (json_object_get_boolean_member (call, "accepted"));
  g_assert_false (json_object_get_boolean_member (call, "is_exchange"));
  g_assert_true (array_has_string (json_object_get_array_member (record, "tokened"), "bob@contoso.com"));
  g_assert_false (array_has_string (json_object_get_array_member (record, "tokened"), "will.fail@contoso.com"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (record, "status_paths"),
                                               "/canarytoken/office365/status"), ==, 1);
}

static void
test_faults (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_autoptr(Reply) broken = NULL;
  g_autoptr(Reply) fine = NULL;
  g_autoptr(Reply) strings = NULL;
  g_autoptr(Reply) big = NULL;
  g_autoptr(Reply) gone = NULL;
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *uri = NULL;

  bb_test_emulator_control (emu, "fault", "endpoint", "ping", "kind", "html500", NULL);
  broken = api (emu, "GET", "/api/v1/ping", NULL);
  g_assert_cmpuint (broken->status, ==, 500);
  g_assert_null (broken->object);
  fine = api (emu, "GET", "/api/v1/ping", NULL);
  assert_success (fine);

  bb_test_emulator_control (emu, "fault", "endpoint", "status", "kind", "strings", NULL);
  strings = api (emu, "GET", "/api/v1/canarytoken/office365/status", NULL);
  assert_success (strings);
  g_assert_cmpstr (json_object_get_string_member (strings->object, "total"), ==, "0");

  bb_test_emulator_control (emu, "fault", "endpoint", "flocks", "kind", "oversized", "size_mb", "2", NULL);
  big = api (emu, "GET", "/api/v1/flocks/list", NULL);
  g_assert_cmpuint (big->status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (big->body), >, 2 * 1024 * 1024);
  g_assert_nonnull (big->object);

  bb_test_emulator_control (emu, "fault", "endpoint", "features", "kind", "reset", NULL);
  uri = g_strdup_printf ("%s/api/v1/console/features", bb_test_emulator_get_url (emu));
  msg = soup_message_new ("GET", uri);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Canary-Auth-Token", BB_TEST_TOKEN);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_nonnull (error);
  g_assert_null (body);

  bb_test_emulator_control (emu, "stop-accepting", NULL);
  g_clear_object (&msg);
  g_clear_error (&error);
  msg = soup_message_new ("GET", uri);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_nonnull (error);
  bb_test_emulator_control (emu, "resume", NULL);
  gone = api (emu, "GET", "/api/v1/console/features", NULL);
  assert_success (gone);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (gone->object, "features"),
                                                 "office365_mail_token"));
}

/* missing-field and wrong-type: the endpoint's own reply, one member gone or retyped. */
static void
test_field_faults (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_autoptr(Reply) no_total = NULL;
  g_autoptr(Reply) nested = NULL;
  g_autoptr(Reply) flocks = NULL;
  g_autoptr(Reply) ping = NULL;
  g_autoptr(Reply) template = NULL;
  g_autoptr(Reply) refused = NULL;
  JsonNode *node;

  bb_test_emulator_control (emu, "fault", "endpoint", "status", "kind", "missing-field", NULL);
  no_total = api (emu, "GET", "/api/v1/canarytoken/office365/status", NULL);
  assert_success (no_total);
  g_assert_false (json_object_has_member (no_total->object, "total"));
  g_assert_true (json_object_has_member (no_total->object, "successful"));

  bb_test_emulator_control (emu, "config", "status_shape", "nested", NULL);
  bb_test_emulator_control (emu, "fault", "endpoint", "status", "kind", "wrong-type", NULL);
  nested = api (emu, "GET", "/api/v1/canarytoken/office365/status", NULL);
  assert_success (nested);
  node = json_object_get_member (json_object_get_object_member (nested->object, "status"), "total");
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);

  bb_test_emulator_control (emu, "fault", "endpoint", "flocks", "kind", "wrong-type", NULL);
  flocks = api (emu, "GET", "/api/v1/flocks/list", NULL);
  assert_success (flocks);
  g_assert_cmpstr (json_object_get_string_member (flocks->object, "flocks"), ==, "wrong type");

  bb_test_emulator_control (emu, "fault", "endpoint", "ping", "kind", "missing-field", NULL);
  ping = api (emu, "GET", "/api/v1/ping", NULL);
  g_assert_cmpuint (ping->status, ==, 200);
  g_assert_cmpuint (json_object_get_size (ping->object), ==, 0);

  bb_test_emulator_control (emu, "fault", "endpoint", "email", "kind", "wrong-type", NULL);
  template = api (emu, "GET", "/api/v1/canarytoken/office365/email", "flock_id=flock%3Adefault");
  assert_success (template);
  g_assert_cmpint (json_object_get_int_member (template->object, "html"), ==, 42);
  g_assert_nonnull (json_object_get_string_member (template->object, "subject"));

  /* An error reply is left alone. */
  bb_test_emulator_control (emu, "fault", "endpoint", "ping", "kind", "missing-field", NULL);
  refused = request (emu, "GET", "/api/v1/ping", "wrong-token", NULL);
  g_assert_cmpuint (refused->status, ==, 403);
  g_assert_cmpstr (json_object_get_string_member (refused->object, "result"), ==, "error");
}

static char *
query_value (const char *location,
             const char *key)
{
  const char *query = strchr (location, '?');
  g_autoptr(GHashTable) params = NULL;

  g_assert_nonnull (query);
  params = g_uri_parse_params (query + 1, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  g_assert_nonnull (params);
  return g_strdup (g_hash_table_lookup (params, key));
}

static void
test_oauth_2020 (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_autoptr(Reply) initiate = api (emu, "POST", "/api/v1/canarytoken/office365/initiate",
                                   "flock_id=flock%3Adefault");
  g_autoptr(Reply) page = NULL, consent = NULL, cont = NULL, token = NULL, again = NULL, list = NULL;
  g_autofree char *form = NULL, *query = NULL, *code = NULL, *state_back = NULL;
  g_autofree char *token_form = NULL, *continue_url = NULL;
  const char *state, *redirect_uri;

  assert_success (initiate);
  state = json_object_get_string_member (initiate->object, "state");
  redirect_uri = json_object_get_string_member (initiate->object, "redirect_uri");
  g_assert_true (g_str_has_suffix (redirect_uri, "/oauth/redirect"));

  query = g_strdup_printf ("client_id=baitbox-demo-client&response_type=code&redirect_uri=%s"
                           "&state=%s&login_hint=admin%%40contoso.com", redirect_uri, state);
  page = request (emu, "GET", "/ms/authorize", NULL, query);
  g_assert_cmpuint (page->status, ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (page->body, NULL), "id=\"accept\""));
  g_assert_nonnull (strstr (g_bytes_get_data (page->body, NULL), "admin@contoso.com"));

  form = g_strdup_printf ("action=accept&redirect_uri=%s&state=%s", redirect_uri, state);
  consent = request (emu, "POST", "/ms/consent", NULL, form);
  g_assert_cmpuint (consent->status, ==, 302);
  /* libsoup makes the Location absolute. */
  continue_url = g_strdup_printf ("%s/ms/continue?", bb_test_emulator_get_url (emu));
  g_assert_true (g_str_has_prefix (consent->location, continue_url));
  cont = request (emu, "GET", consent->location + strlen (bb_test_emulator_get_url (emu)), NULL, NULL);
  g_assert_cmpuint (cont->status, ==, 302);
  g_assert_true (g_str_has_prefix (cont->location, redirect_uri));
  code = query_value (cont->location, "code");
  state_back = query_value (cont->location, "state");
  g_assert_cmpstr (state_back, ==, state);

  token_form = g_strdup_printf ("code=%s&state=%s&user_email=admin%%40contoso.com&flock_id=flock%%3Adefault",
                                code, state);
  token = api (emu, "POST", "/api/v1/canarytoken/office365/oauth/token", token_form);
  assert_success (token);
  again = api (emu, "POST", "/api/v1/canarytoken/office365/oauth/token", token_form);
  assert_error (again, 200, "Invalid OAuth code or state");
  list = api (emu, "POST", "/api/v1/canarytoken/office365/users/list", "is_exchange=false");
  assert_success (list);
}

static void
test_reset (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_autoptr(Reply) saved = NULL, v1 = NULL, fallback = NULL, loaded = NULL, list = NULL, unknown = NULL;
  g_autoptr(JsonObject) record = NULL;

  bb_test_emulator_control (emu, "config", "signed_in", "true", "status_v1", "false",
                            "template_keys", "email", NULL);
  saved = api (emu, "POST", "/api/v1/canarytoken/office365/email",
               "email_subject=Hello&email_html=%3Cp%3EHi%3C%2Fp%3E");
  assert_success (saved);
  g_assert_cmpstr (json_object_get_string_member (saved->object, "email_subject"), ==, "Hello");
  v1 = api (emu, "GET", "/api/v1/canarytoken/office365/status", NULL);
  g_assert_cmpuint (v1->status, ==, 404);
  unknown = api (emu, "GET", "/api/v1/canarytoken/office365/email", "flock_id=flock%3Anowhere");
  assert_error (unknown, 200, "Flock not found");

  bb_test_emulator_control (emu, "reset", NULL);
  record = bb_test_emulator_get_record (emu);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (record, "requests")), ==, 0);
  fallback = api (emu, "GET", "/api/v1/canarytoken/office365/status", NULL);
  assert_success (fallback);
  loaded = api (emu, "GET", "/api/v1/canarytoken/office365/email", NULL);
  assert_success (loaded);
  g_assert_cmpstr (json_object_get_string_member (loaded->object, "subject"), ==,
                   "Password reset for your account");
  list = api (emu, "POST", "/api/v1/canarytoken/office365/users/list", "is_exchange=false");
  assert_error (list, 200, "Office365 is not authorised for this flock. Sign in first.");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/emulator/ping-auth", test_ping_auth);
  g_test_add_func ("/bb/emulator/users-list", test_users_list);
  g_test_add_func ("/bb/emulator/create-job", test_create_job);
  g_test_add_func ("/bb/emulator/faults", test_faults);
  g_test_add_func ("/bb/emulator/field-faults", test_field_faults);
  g_test_add_func ("/bb/emulator/oauth-2020", test_oauth_2020);
  g_test_add_func ("/bb/emulator/reset", test_reset);

  return g_test_run ();
}
