/* test-console.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* BbConsole against the emulator: the success path of every endpoint (PROTOCOL.md 3). */

#include <string.h>

#include <libsoup/soup.h>

#include "client-common.h"

static const char *signed_in_args[] = { "--signed-in", NULL };
static const char *gen2025_args[] = { "--generation", "2025", NULL };

static void
test_new (void)
{
  g_autoptr(GError) error = NULL;
  BbConsole *console;

  console = bb_console_new ("ab12cd34", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bb_console_get_base_url (console), ==, "https://ab12cd34.canary.tools");
  g_assert_cmpstr (bb_console_get_host (console), ==, "ab12cd34.canary.tools");
  g_assert_cmpstr (bb_console_get_flock_id (console), ==, "flock:default");
  g_assert_cmpuint (bb_console_get_timeout (console), ==, 30);
  g_assert_cmpuint (bb_console_get_long_timeout (console), ==, 120);
  g_assert_false (bb_console_has_auth_token (console));

  bb_console_set_auth_token (console, "secret");
  g_assert_true (bb_console_has_auth_token (console));
  bb_console_set_auth_token (console, NULL);
  g_assert_false (bb_console_has_auth_token (console));

  bb_console_set_flock_id (console, "flock:abc");
  g_assert_cmpstr (bb_console_get_flock_id (console), ==, "flock:abc");
  g_assert_finalize_object (console);

  console = bb_console_new ("http://127.0.0.1:8080/some/path/", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bb_console_get_base_url (console), ==, "http://127.0.0.1:8080");
  g_assert_cmpstr (bb_console_get_host (console), ==, "127.0.0.1");
  g_assert_finalize_object (console);

  console = bb_console_new ("http://console.example.com", &error);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
  g_assert_null (console);
}

static void
test_ping (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bb_console_ping_async (f->console, NULL, capture_cb, &result);
  g_assert_true (bb_console_ping_finish (f->console, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpint (record_count (f->emu, "ping"), ==, 1);
}

static void
test_features (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) features = NULL;

  bb_console_features_async (f->console, NULL, capture_cb, &result);
  features = bb_console_features_finish (f->console, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (features);
  g_assert_true (g_hash_table_contains (features, "office365_mail_token"));
  g_assert_true (GPOINTER_TO_INT (g_hash_table_lookup (features, "office365_mail_token")));
}

static void
test_features_missing (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) features = NULL;

  /* PROTOCOL.md 3.2: a Console without the endpoint is not an error. */
  set_fault (f->emu, "features", "404", 1, NULL);
  bb_console_features_async (f->console, NULL, capture_cb, &result);
  features = bb_console_features_finish (f->console, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (features);
  g_assert_cmpuint (g_hash_table_size (features), ==, 0);
  g_assert_cmpint (record_count (f->emu, "features"), ==, 1);
}

static void
test_flocks (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) flocks = NULL;
  gboolean found_default = FALSE;

  bb_console_flocks_async (f->console, NULL, capture_cb, &result);
  flocks = bb_console_flocks_finish (f->console, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (flocks);
  g_assert_cmpuint (flocks->len, >=, 1);

  for (guint i = 0; i < flocks->len; i++)
    {
      BbFlock *flock = g_ptr_array_index (flocks, i);

      g_assert_nonnull (flock->name);
      if (g_str_equal (flock->id, "flock:default"))
        found_default = TRUE;
    }
  g_assert_true (found_default);
}

static BbMailboxList *
run_users_list (Fixture                     *f,
                const BbExchangeCredentials *exchange,
                GError                     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bb_console_users_list_async (f->console, exchange, NULL, capture_cb, &result);
  return bb_console_users_list_finish (f->console, wait_result (&result), error);
}

static BbInitiateReply *
run_initiate (Fixture  *f,
              GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bb_console_initiate_async (f->console, NULL, capture_cb, &result);
  return bb_console_initiate_finish (f->console, wait_result (&result), error);
}

static void
test_initiate_2020 (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbInitiateReply) reply = run_initiate (f, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_cmpint (reply->generation, ==, BB_INITIATE_2020);
  g_assert_nonnull (reply->state);
  g_assert_cmpstr (reply->state, !=, "");
  g_assert_cmpint (record_count (f->emu, "initiate"), ==, 1);
}

static void
test_initiate_2025 (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbInitiateReply) reply = run_initiate (f, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_cmpint (reply->generation, ==, BB_INITIATE_2025);
  g_assert_nonnull (reply->url);
  g_assert_true (g_str_has_prefix (reply->url, "http"));
}

static void
test_initiate_2025_config (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbInitiateReply) reply = NULL;

  bb_test_emulator_control (f->emu, "config", "generation", "2025", NULL);
  reply = run_initiate (f, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reply->generation, ==, BB_INITIATE_2025);
}

static void
test_oauth_token_bad_code (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BbInitiateReply) reply = run_initiate (f, &error);

  g_assert_no_error (error);

  /* A code the Console never issued: its error, and the call is not repeated. */
  bb_console_oauth_token_async (f->console, "not-a-real-code", reply->state,
                                "admin@contoso.com", NULL, capture_cb, &result);
  g_assert_false (bb_console_oauth_token_finish (f->console, wait_result (&result), &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CONSOLE);
  g_assert_cmpint (record_count (f->emu, "oauth/token"), ==, 1);
}

static void
test_oauth_token (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BbInitiateReply) reply = run_initiate (f, &error);
  g_autoptr(BbMailboxList) list = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *code = NULL;
  JsonObject *call;

  g_assert_no_error (error);
  g_assert_cmpint (reply->generation, ==, BB_INITIATE_2020);
  g_assert_nonnull (reply->redirect_uri);

  /* Not signed in yet. */
  list = run_users_list (f, NULL, &error);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CONSOLE);
  g_clear_error (&error);

  code = accept_consent (f->emu, reply->redirect_uri, reply->state);
  bb_console_oauth_token_async (f->console, code, reply->state, "admin@contoso.com",
                                NULL, capture_cb, &result);
  g_assert_true (bb_console_oauth_token_finish (f->console, wait_result (&result), &error));
  g_assert_no_error (error);

  record = bb_test_emulator_get_record (f->emu);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (record, "oauth_calls")), ==, 1);
  call = json_array_get_object_element (json_object_get_array_member (record, "oauth_calls"), 0);
  g_assert_true (json_object_get_boolean_member (call, "code_valid"));
  g_assert_true (json_object_get_boolean_member (call, "state_valid"));
  g_assert_cmpstr (json_object_get_string_member (call, "user_email"), ==, "admin@contoso.com");
  g_assert_cmpstr (json_object_get_string_member (call, "flock_id"), ==, "flock:default");

  /* Signed in now. */
  list = run_users_list (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bb_mailbox_model_get_n_items (list->model), >, 0);
}

static void
test_oauth_token_no_code (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bb_console_oauth_token_async (f->console, "", "state", "admin@contoso.com",
                                NULL, capture_cb, &result);
  g_assert_false (bb_console_oauth_token_finish (f->console, wait_result (&result), &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
  g_assert_cmpint (record_count (f->emu, "oauth/token"), ==, 0);
}

static void
test_users_list_office365 (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbMailboxList) list = run_users_list (f, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  g_assert_cmpuint (bb_mailbox_model_get_n_items (list->model), >, 0);
  for (guint i = 0; i < bb_mailbox_model_get_n_items (list->model); i++)
    g_assert_nonnull (strchr (bb_mailbox_model_get_address (list->model, i), '@'));
}

static void
test_users_list_large (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbMailboxList) list = NULL;
  g_autoptr(JsonObject) record = NULL;
  JsonObject *users;

  /* Big enough to be parsed off the main thread; the counts agree with the emulator's. */
  bb_test_emulator_control (f->emu, "config", "users", "50000", NULL);
  list = run_users_list (f, NULL, &error);
  g_assert_no_error (error);

  record = bb_test_emulator_get_record (f->emu);
  users = json_object_get_object_member (record, "users");
  g_assert_cmpint (bb_mailbox_model_get_n_items (list->model), ==, json_object_get_int_member (users, "valid"));
  g_assert_cmpint (list->n_duplicates, ==, json_object_get_int_member (users, "duplicates"));
  g_assert_cmpint (list->n_invalid, ==, json_object_get_int_member (users, "invalid"));
  g_assert_cmpuint (bb_mailbox_model_get_n_items (list->model), >=, 50000);
}

static void
test_users_list_not_signed_in (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbMailboxList) list = run_users_list (f, NULL, &error);

  /* The Console's own error: not retried (a CONSOLE error is final). */
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CONSOLE);
  g_assert_null (list);
  g_assert_cmpint (record_count (f->emu, "users/list"), ==, 1);
}

static void
test_users_list_exchange (Fixture       *f,
                          gconstpointer  data)
{
  const BbExchangeCredentials good = { "exchange-admin", "exchange-pass" };
  const BbExchangeCredentials bad = { "exchange-admin", "wrong-pass" };
  g_autoptr(GError) error = NULL;
  g_autoptr(BbMailboxList) list = NULL;

  /* Exchange needs no Microsoft sign-in (PROTOCOL.md 2, sign-in scope). */
  list = run_users_list (f, &good, &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);
  g_assert_cmpuint (bb_mailbox_model_get_n_items (list->model), >, 0);
  g_clear_pointer (&list, bb_mailbox_list_free);

  list = run_users_list (f, &bad, &error);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CONSOLE);
  g_assert_null (list);
  /* The password never appears in what the user sees. */
  g_assert_null (strstr (error->message, "wrong-pass"));

  /* PROTOCOL.md 1 and 3.6: a POST's parameters travel in the form body only. */
  {
    const char *wanted[] = { "flock_id", "is_exchange", "exchange_username", "exchange_password" };
    g_autoptr(JsonObject) record = bb_test_emulator_get_record (f->emu);
    JsonArray *requests = json_object_get_array_member (record, "requests");
    JsonObject *last = json_array_get_object_element (requests, json_array_get_length (requests) - 1);
    JsonArray *form_keys = json_object_get_array_member (last, "form_keys");
    JsonArray *query_keys = json_object_get_array_member (last, "query_keys");

    g_assert_cmpstr (json_object_get_string_member (last, "endpoint"), ==, "users/list");
    g_assert_cmpuint (json_array_get_length (query_keys), ==, 0);
    for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
      {
        gboolean found = FALSE;

        for (guint j = 0; j < json_array_get_length (form_keys); j++)
          found |= g_str_equal (json_array_get_string_element (form_keys, j), wanted[i]);
        g_assert_true (found);
      }
  }
}

static BbTemplate *
run_template_get (Fixture  *f,
                  GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bb_console_template_get_async (f->console, NULL, capture_cb, &result);
  return bb_console_template_get_finish (f->console, wait_result (&result), error);
}

static BbTemplate *
run_template_save (Fixture          *f,
                   const BbTemplate *template,
                   GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bb_console_template_save_async (f->console, template, NULL, capture_cb, &result);
  return bb_console_template_save_finish (f->console, wait_result (&result), error);
}

static gboolean
template_save_had_sender (BbTestEmulator *emu,
                          guint           index)
{
  g_autoptr(JsonObject) record = bb_test_emulator_get_record (emu);
  JsonArray *saves = json_object_get_array_member (record, "template_saves");

  g_assert_nonnull (saves);
  g_assert_cmpuint (json_array_get_length (saves), >, index);
  return json_object_get_boolean_member (json_array_get_object_element (saves, index),
                                         "sender_present");
}

static void
test_template (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbTemplate) current = NULL;
  g_autoptr(BbTemplate) wanted = NULL;
  g_autoptr(BbTemplate) saved = NULL;
  g_autoptr(BbTemplate) reread = NULL;

  current = run_template_get (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (current);
  g_assert_cmpstr (current->subject, !=, "");
  g_assert_cmpstr (current->html, !=, "");

  wanted = bb_template_new ("Quarterly results & plans", "<p>See <b>attached</b> ✓</p>",
                            "it-desk@contoso.com");
  saved = run_template_save (f, wanted, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->subject, ==, wanted->subject);
  g_assert_cmpstr (saved->html, ==, wanted->html);
  g_assert_cmpstr (saved->sender, ==, wanted->sender);

  reread = run_template_get (f, &error);
  g_assert_no_error (error);
  g_assert_true (bb_template_equal (reread, wanted));

  g_assert_true (template_save_had_sender (f->emu, 0));
}

static void
test_template_email_keys (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbTemplate) current = NULL;
  g_autoptr(BbTemplate) wanted = NULL;
  g_autoptr(BbTemplate) saved = NULL;

  /* The reply's fields as email_subject, email_html, email_sender. */
  bb_test_emulator_control (f->emu, "config", "template_keys", "email", NULL);
  current = run_template_get (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (current->subject, !=, "");
  g_assert_nonnull (current->sender);

  wanted = bb_template_new ("New subject", "<p>New</p>", "hr@contoso.com");
  saved = run_template_save (f, wanted, &error);
  g_assert_no_error (error);
  g_assert_true (bb_template_equal (saved, wanted));
}

static void
test_template_2020 (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbTemplate) current = NULL;

  /* A 2020 Console has no sender key: NULL, so the window hides the field. */
  bb_test_emulator_control (f->emu, "config", "template_sender", "false", NULL);
  current = run_template_get (f, &error);
  g_assert_no_error (error);
  g_assert_null (current->sender);
}

static void
test_template_no_sender (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbTemplate) wanted = NULL;
  g_autoptr(BbTemplate) saved = NULL;

  wanted = bb_template_new ("Payroll update", "<p>Hello</p>", NULL);
  saved = run_template_save (f, wanted, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->subject, ==, "Payroll update");
  g_assert_cmpstr (saved->html, ==, "<p>Hello</p>");

  /* email_sender is sent only when there is a sender. */
  g_assert_false (template_save_had_sender (f->emu, 0));
}

static void
test_template_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbTemplate) no_subject = bb_template_new ("", "<p>x</p>", NULL);
  g_autoptr(BbTemplate) no_html = bb_template_new ("Subject", "", NULL);
  g_autoptr(BbTemplate) saved = NULL;

  saved = run_template_save (f, no_subject, &error);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
  g_assert_null (saved);
  g_clear_error (&error);

  saved = run_template_save (f, no_html, &error);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
  g_assert_null (saved);

  g_assert_cmpint (record_count (f->emu, "email"), ==, 0);
}

static BbTokenStatus *
run_status (Fixture  *f,
            GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bb_console_status_async (f->console, NULL, capture_cb, &result);
  return bb_console_status_finish (f->console, wait_result (&result), error);
}

static gboolean
flag_set_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_create_and_status (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BbMailboxList) list = NULL;
  g_autoptr(BbTokenStatus) status = NULL;
  g_autoptr(GPtrArray) addresses = g_ptr_array_new ();
  BbCreateOutcome outcome = BB_CREATE_RECOVERED;
  gint64 last_done = 0;

  bb_test_emulator_control (f->emu, "config", "insert_interval_ms", "20", NULL);
  status = run_status (f, &error);
  g_assert_no_error (error);
  g_assert_false (bb_token_status_has_job (status));
  g_clear_pointer (&status, bb_token_status_free);

  list = run_users_list (f, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < MIN (bb_mailbox_model_get_n_items (list->model), 3); i++)
    g_ptr_array_add (addresses, (gpointer) bb_mailbox_model_get_address (list->model, i));
  g_assert_cmpuint (addresses->len, ==, 3);

  bb_console_create_async (f->console, (const char * const *) addresses->pdata, addresses->len,
                           NULL, NULL, capture_cb, &result);
  g_assert_true (bb_console_create_finish (f->console, wait_result (&result), &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, BB_CREATE_ACCEPTED);
  g_assert_cmpint (record_count (f->emu, "create"), ==, 1);

  /* Follow the job to its end, as the window does; counters never move back. */
  for (guint round = 0; round < 100; round++)
    {
      gboolean tick = FALSE;

      status = run_status (f, &error);
      g_assert_no_error (error);
      g_assert_cmpint (status->total, ==, 3);
      g_assert_cmpint (status->successful + status->failed, >=, last_done);
      last_done = status->successful + status->failed;
      if (bb_token_status_is_finished (status))
        break;
      g_clear_pointer (&status, bb_token_status_free);

      g_timeout_add (100, flag_set_cb, &tick);
      bb_test_wait_for_flag (&tick);
    }

  g_assert_nonnull (status);
  g_assert_true (bb_token_status_is_finished (status));
  g_assert_cmpint (status->successful + status->failed, ==, 3);
  g_assert_cmpint (record_count (f->emu, "create"), ==, 1);

  /* What reached the Console: exactly the addresses asked for, once, not Exchange. */
  {
    g_autoptr(JsonObject) record = bb_test_emulator_get_record (f->emu);
    JsonArray *calls = json_object_get_array_member (record, "create_calls");
    JsonObject *call = json_array_get_object_element (calls, 0);
    JsonArray *sent = json_object_get_array_member (call, "user_emails");

    g_assert_cmpuint (json_array_get_length (calls), ==, 1);
    g_assert_false (json_object_get_boolean_member (call, "is_exchange"));
    g_assert_cmpstr (json_object_get_string_member (call, "flock_id"), ==, "flock:default");
    g_assert_cmpuint (json_array_get_length (sent), ==, addresses->len);
    for (guint i = 0; i < addresses->len; i++)
      g_assert_cmpstr (json_array_get_string_element (sent, i), ==, g_ptr_array_index (addresses, i));
  }

  /* Counters as strings ("12") are read the same. */
  g_clear_pointer (&status, bb_token_status_free);
  set_fault (f->emu, "status", "strings", 1, NULL);
  status = run_status (f, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status->total, ==, 3);
  g_assert_true (bb_token_status_is_finished (status));
}

static void
assert_status_paths (BbTestEmulator *emu,
                     gint64          v1_hits,
                     gint64          seed_hits)
{
  g_autoptr(JsonObject) record = bb_test_emulator_get_record (emu);
  JsonObject *paths = json_object_get_object_member (record, "status_paths");

  g_assert_nonnull (paths);
  g_assert_cmpint (json_object_get_int_member (paths, "/api/v1/canarytoken/office365/status"),
                   ==, v1_hits);
  g_assert_cmpint (json_object_get_int_member (paths, "/canarytoken/office365/status"),
                   ==, seed_hits);
}

static void
test_status_fallback (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbTokenStatus) first = NULL;
  g_autoptr(BbTokenStatus) second = NULL;

  bb_test_emulator_control (f->emu, "config", "status_v1", "false", NULL);

  first = run_status (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);

  /* The seed's path is remembered: no second try of /api/v1/. */
  second = run_status (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);

  /* One try of /api/v1/, then the seed's path for good. */
  assert_status_paths (f->emu, 1, 2);
}

static void
test_status_v1 (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbTokenStatus) first = NULL;
  g_autoptr(BbTokenStatus) second = NULL;

  first = run_status (f, &error);
  g_assert_no_error (error);
  second = run_status (f, &error);
  g_assert_no_error (error);

  assert_status_paths (f->emu, 2, 0);
}

static void
test_token_only_in_header (Fixture       *f,
                           gconstpointer  data)
{
  const BbExchangeCredentials exchange = { "exchange-admin", "exchange-pass" };
  g_autoptr(GError) error = NULL;
  g_autoptr(BbTemplate) template = NULL;
  g_autoptr(BbTemplate) saved = NULL;
  g_autoptr(BbMailboxList) list = NULL;
  g_autoptr(BbInitiateReply) reply = NULL;
  g_autoptr(BbTokenStatus) status = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  JsonArray *requests;

  bb_console_ping_async (f->console, NULL, capture_cb, &result);
  g_assert_true (bb_console_ping_finish (f->console, wait_result (&result), &error));
  reply = run_initiate (f, &error);
  g_assert_no_error (error);
  list = run_users_list (f, &exchange, &error);
  g_assert_no_error (error);
  template = run_template_get (f, &error);
  g_assert_no_error (error);
  saved = run_template_save (f, template, &error);
  g_assert_no_error (error);
  status = run_status (f, &error);
  g_assert_no_error (error);

  record = bb_test_emulator_get_record (f->emu);
  requests = json_object_get_array_member (record, "requests");
  g_assert_nonnull (requests);
  g_assert_cmpuint (json_array_get_length (requests), >=, 6);

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      JsonArray *token_in = json_object_get_array_member (request, "token_in");

      g_assert_nonnull (token_in);
      g_assert_cmpuint (json_array_get_length (token_in), ==, 1);
      g_assert_cmpstr (json_array_get_string_element (token_in, 0), ==, "header");
      g_assert_true (g_str_has_prefix (json_object_get_string_member (request, "user_agent"),
                                       "Baitbox/"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/client/new", test_new);

#define ADD(path, func, args) \
  g_test_add ("/bb/client/" path, Fixture, args, fixture_setup, func, fixture_teardown)

  ADD ("ping", test_ping, NULL);
  ADD ("features", test_features, NULL);
  ADD ("features/missing", test_features_missing, NULL);
  ADD ("flocks", test_flocks, NULL);
  ADD ("initiate/2020", test_initiate_2020, NULL);
  ADD ("initiate/2025", test_initiate_2025, gen2025_args);
  ADD ("initiate/2025-config", test_initiate_2025_config, NULL);
  ADD ("oauth-token/success", test_oauth_token, NULL);
  ADD ("oauth-token/bad-code", test_oauth_token_bad_code, NULL);
  ADD ("oauth-token/no-code", test_oauth_token_no_code, NULL);
  ADD ("users-list/office365", test_users_list_office365, signed_in_args);
  ADD ("users-list/large", test_users_list_large, signed_in_args);
  ADD ("users-list/not-signed-in", test_users_list_not_signed_in, NULL);
  ADD ("users-list/exchange", test_users_list_exchange, NULL);
  ADD ("template/get-save", test_template, NULL);
  ADD ("template/no-sender", test_template_no_sender, NULL);
  ADD ("template/email-keys", test_template_email_keys, NULL);
  ADD ("template/2020", test_template_2020, NULL);
  ADD ("template/refused", test_template_refused, NULL);
  ADD ("create/and-status", test_create_and_status, signed_in_args);
  ADD ("status/v1", test_status_v1, NULL);
  ADD ("status/fallback", test_status_fallback, NULL);
  ADD ("token/header-only", test_token_only_in_header, NULL);

#undef ADD

  return g_test_run ();
}
