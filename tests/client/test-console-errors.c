/* test-console-errors.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every row of PROTOCOL.md section 2 through emulator faults, the retry rules,
 * and create's never-twice recovery (3.8). */

#include <stdio.h>
#include <string.h>

#include <libsoup/soup.h>

#include "client-common.h"

static const char *signed_in_args[] = { "--signed-in", NULL };

static gboolean
run_ping (BbConsole     *console,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bb_console_ping_async (console, cancellable, capture_cb, &result);
  return bb_console_ping_finish (console, wait_result (&result), error);
}

static GPtrArray *
run_flocks (BbConsole  *console,
            GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bb_console_flocks_async (console, NULL, capture_cb, &result);
  return bb_console_flocks_finish (console, wait_result (&result), error);
}

static BbMailboxList *
run_users_list (BbConsole  *console,
                GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bb_console_users_list_async (console, NULL, NULL, capture_cb, &result);
  return bb_console_users_list_finish (console, wait_result (&result), error);
}

static BbInitiateReply *
run_initiate (BbConsole  *console,
              GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bb_console_initiate_async (console, NULL, capture_cb, &result);
  return bb_console_initiate_finish (console, wait_result (&result), error);
}

static gboolean
run_create (BbConsole          *console,
            const char * const *addresses,
            BbCreateOutcome    *outcome,
            GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bb_console_create_async (console, addresses, g_strv_length ((char **) addresses),
                           NULL, NULL, capture_cb, &result);
  return bb_console_create_finish (console, wait_result (&result), outcome, error);
}

/* AUTH ------------------------------------------------------------------- */

static void
test_auth_wrong_token (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  bb_console_set_auth_token (f->console, "not-the-token");
  g_assert_false (run_ping (f->console, NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_AUTH);
  g_assert_null (strstr (error->message, "not-the-token"));
  /* AUTH is final: no retry. */
  g_assert_cmpint (record_count (f->emu, "ping"), ==, 1);
}

static void
test_auth_message (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* 200 with result: error and the Console's auth message is AUTH too. */
  set_fault (f->emu, "ping", "error", 1, "message", "Invalid auth_token", NULL);
  g_assert_false (run_ping (f->console, NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_AUTH);
}

/* CONSOLE, UNSUPPORTED --------------------------------------------------- */

/* 401 and 403 mean AUTH by their status alone, HTML body and all; never retried. */
static void
test_auth_status (Fixture       *f,
                  gconstpointer  data)
{
  const char *kinds[] = { "401", "403" };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GError) error = NULL;

      bb_test_emulator_control (f->emu, "reset", NULL);
      set_fault (f->emu, "flocks", kinds[i], 0, NULL);
      g_assert_null (run_flocks (f->console, &error));
      g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_AUTH);
      g_assert_cmpint (record_count (f->emu, "flocks"), ==, 1);
    }
}

static void
test_console_error (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) flocks = NULL;

  set_fault (f->emu, "flocks", "error", 1, "message", "Flock <b>busy</b>", NULL);
  flocks = run_flocks (f->console, &error);
  g_assert_null (flocks);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CONSOLE);
  g_assert_cmpstr (error->message, ==, "Flock <b>busy</b>");
  g_assert_cmpint (record_count (f->emu, "flocks"), ==, 1);
}

static void
test_unsupported (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) flocks = NULL;

  set_fault (f->emu, "flocks", "404", 1, NULL);
  flocks = run_flocks (f->console, &error);
  g_assert_null (flocks);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_UNSUPPORTED);
  g_assert_cmpint (record_count (f->emu, "flocks"), ==, 1);
}

/* RATE_LIMITED ----------------------------------------------------------- */

static void
test_rate_limited_not_retried (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbInitiateReply) reply = NULL;

  set_fault (f->emu, "initiate", "429", 1, "retry_after", "1", NULL);
  reply = run_initiate (f->console, &error);
  g_assert_null (reply);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_RATE_LIMITED);
  g_assert_cmpint (record_count (f->emu, "initiate"), ==, 1);
}

static void
test_rate_limited_retry_after (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) flocks = NULL;
  gint64 start = g_get_monotonic_time ();

  /* retry-delay-ms is 50: a wait of about a second can only come from Retry-After. */
  set_fault (f->emu, "flocks", "429", 1, "retry_after", "1", NULL);
  flocks = run_flocks (f->console, &error);
  g_assert_no_error (error);
  g_assert_nonnull (flocks);
  g_assert_cmpint (elapsed_ms (start), >=, 950);
  g_assert_cmpint (record_count (f->emu, "flocks"), ==, 2);
}

static void
test_rate_limited_capped (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) flocks = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Retry-After: 3600 is capped by max-retry-after (1 s here). */
  g_object_set (f->console, "max-retry-after", 1, NULL);
  set_fault (f->emu, "flocks", "429", 1, "retry_after", "3600", NULL);
  flocks = run_flocks (f->console, &error);
  g_assert_no_error (error);
  g_assert_cmpint (elapsed_ms (start), >=, 950);
  g_assert_cmpint (elapsed_ms (start), <, 5000);
  g_assert_cmpint (record_count (f->emu, "flocks"), ==, 2);
}

/* SERVER and the retry limit --------------------------------------------- */

static void
test_server_exhausted (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  set_fault (f->emu, "ping", "html500", 5, NULL);
  g_assert_false (run_ping (f->console, NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_SERVER);
  /* At most 3 attempts in all. */
  g_assert_cmpint (record_count (f->emu, "ping"), ==, 3);
}

static void
test_server_once (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  set_fault (f->emu, "ping", "html500", 1, NULL);
  g_assert_true (run_ping (f->console, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (record_count (f->emu, "ping"), ==, 2);
}

static void
test_server_users_list_retried (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbMailboxList) list = NULL;

  /* users/list is a POST that changes nothing: retried like a read. */
  set_fault (f->emu, "users/list", "html500", 2, NULL);
  list = run_users_list (f->console, &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);
  g_assert_cmpint (record_count (f->emu, "users/list"), ==, 3);
}

static void
test_server_initiate_not_retried (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbInitiateReply) reply = NULL;

  set_fault (f->emu, "initiate", "html500", 1, NULL);
  reply = run_initiate (f->console, &error);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_SERVER);
  g_assert_cmpint (record_count (f->emu, "initiate"), ==, 1);
}

/* PROTOCOL ---------------------------------------------------------------- */

static void
test_protocol (Fixture       *f,
               gconstpointer  data)
{
  const char *kinds[] = { "malformed", "nonjson", "invalid-utf8" };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) flocks = NULL;

      g_test_message ("fault %s", kinds[i]);
      bb_test_emulator_control (f->emu, "reset", NULL);
      set_fault (f->emu, "flocks", kinds[i], 1, NULL);
      flocks = run_flocks (f->console, &error);
      g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);
      g_assert_null (flocks);
      /* PROTOCOL is not retried. */
      g_assert_cmpint (record_count (f->emu, "flocks"), ==, 1);
    }
}

static void
test_protocol_oversized (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  set_fault (f->emu, "ping", "oversized", 1, "size_mb", "5", NULL);
  g_assert_false (run_ping (f->console, NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "4 MiB"));
  g_assert_cmpint (record_count (f->emu, "ping"), ==, 1);
}

static gint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10);
}

static gint64
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);
}

static void
test_protocol_oversized_users_list (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbMailboxList) list = NULL;
  gint64 peak_before = peak_rss_kib ();
  gint64 rss_before = rss_kib ();
  gint64 start = g_get_monotonic_time ();

  set_fault (f->emu, "users/list", "oversized", 1, "size_mb", "300", NULL);
  list = run_users_list (f->console, &error);
  g_assert_null (list);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "256 MiB"));
  g_test_message ("failed after %" G_GINT64_FORMAT " ms, peak RSS grew %" G_GINT64_FORMAT " KiB",
                  elapsed_ms (start), peak_rss_kib () - peak_before);
  /* The cap is 256 MiB; holding the reply whole would need more than that. */
  g_assert_cmpint (peak_rss_kib () - peak_before, <, 280 * 1024);
  /* Nothing of it is held afterwards. */
  g_assert_cmpint (rss_kib () - rss_before, <, 32 * 1024);
  g_assert_cmpint (elapsed_ms (start), <, 30000);
  g_assert_cmpint (record_count (f->emu, "users/list"), ==, 1);
}

/* Missing fields and wrong types ------------------------------------------ */

/* Each endpoint's success reply without the member its parser needs, or with that
 * member of another JSON type (the emulator's missing-field and wrong-type faults).
 * A runner sets the fault after whatever the call needs first and returns the
 * call's error, NULL on success. */

typedef GError *(*FieldRunner) (Fixture    *f,
                                const char *kind);

static GError *
field_ping (Fixture    *f,
            const char *kind)
{
  GError *error = NULL;

  set_fault (f->emu, "ping", kind, 1, NULL);
  g_assert_false (run_ping (f->console, NULL, &error));
  return error;
}

static GError *
field_features (Fixture    *f,
                const char *kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) features = NULL;
  GError *error = NULL;

  set_fault (f->emu, "features", kind, 1, NULL);
  bb_console_features_async (f->console, NULL, capture_cb, &result);
  features = bb_console_features_finish (f->console, wait_result (&result), &error);
  /* Without "features" no flag is known, and the app carries on (PROTOCOL.md 3.2). */
  if (features != NULL)
    g_assert_cmpuint (g_hash_table_size (features), ==, 0);
  return error;
}

static GError *
field_flocks (Fixture    *f,
              const char *kind)
{
  g_autoptr(GPtrArray) flocks = NULL;
  GError *error = NULL;

  set_fault (f->emu, "flocks", kind, 1, NULL);
  flocks = run_flocks (f->console, &error);
  g_assert_true ((flocks == NULL) == (error != NULL));
  return error;
}

static GError *
field_initiate (Fixture    *f,
                const char *kind,
                const char *generation)
{
  g_autoptr(BbInitiateReply) reply = NULL;
  GError *error = NULL;

  bb_test_emulator_control (f->emu, "config", "generation", generation, NULL);
  set_fault (f->emu, "initiate", kind, 1, NULL);
  reply = run_initiate (f->console, &error);
  g_assert_true ((reply == NULL) == (error != NULL));
  return error;
}

static GError *
field_initiate_2020 (Fixture    *f,
                     const char *kind)
{
  return field_initiate (f, kind, "2020");
}

static GError *
field_initiate_2025 (Fixture    *f,
                     const char *kind)
{
  return field_initiate (f, kind, "2025");
}

static GError *
field_oauth_token (Fixture    *f,
                   const char *kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BbInitiateReply) reply = NULL;
  g_autofree char *code = NULL;
  GError *error = NULL;

  reply = run_initiate (f->console, &error);
  g_assert_no_error (error);
  code = accept_consent (f->emu, reply->redirect_uri, reply->state);
  set_fault (f->emu, "oauth/token", kind, 1, NULL);
  bb_console_oauth_token_async (f->console, code, reply->state, "admin@contoso.com",
                                NULL, capture_cb, &result);
  g_assert_false (bb_console_oauth_token_finish (f->console, wait_result (&result), &error));
  return error;
}

static GError *
field_users_list (Fixture    *f,
                  const char *kind)
{
  g_autoptr(BbMailboxList) list = NULL;
  GError *error = NULL;

  bb_test_emulator_control (f->emu, "config", "signed_in", "true", NULL);
  set_fault (f->emu, "users/list", kind, 1, NULL);
  list = run_users_list (f->console, &error);
  g_assert_true ((list == NULL) == (error != NULL));
  return error;
}

static GError *
field_email (Fixture    *f,
             const char *kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BbTemplate) template = NULL;
  GError *error = NULL;

  set_fault (f->emu, "email", kind, 1, NULL);
  bb_console_template_get_async (f->console, NULL, capture_cb, &result);
  template = bb_console_template_get_finish (f->console, wait_result (&result), &error);
  g_assert_true ((template == NULL) == (error != NULL));
  return error;
}

static GError *
field_create (Fixture    *f,
              const char *kind)
{
  const char *addresses[] = { "ann@contoso.com", "bob@contoso.com", NULL };
  BbCreateOutcome outcome;
  GError *error = NULL;

  bb_test_emulator_control (f->emu, "config", "signed_in", "true", NULL);
  set_fault (f->emu, "create", kind, 1, NULL);
  g_assert_false (run_create (f->console, addresses, &outcome, &error));
  return error;
}

static GError *
field_status (Fixture    *f,
              const char *kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BbTokenStatus) status = NULL;
  GError *error = NULL;

  set_fault (f->emu, "status", kind, 1, NULL);
  bb_console_status_async (f->console, NULL, capture_cb, &result);
  status = bb_console_status_finish (f->console, wait_result (&result), &error);
  g_assert_true ((status == NULL) == (error != NULL));
  return error;
}

static const struct {
  const char  *endpoint;
  FieldRunner  run;
  gboolean     missing_ok;   /* the member is optional: its absence is no error */
} field_cases[] = {
  { "ping", field_ping, FALSE },
  { "features", field_features, TRUE },
  { "flocks", field_flocks, FALSE },
  { "initiate", field_initiate_2020, FALSE },
  { "initiate", field_initiate_2025, FALSE },
  { "oauth/token", field_oauth_token, FALSE },
  { "users/list", field_users_list, FALSE },
  { "email", field_email, FALSE },
  { "create", field_create, FALSE },
  { "status", field_status, FALSE },
};

/* @kind: "missing-field" or "wrong-type". Every endpoint answers PROTOCOL ("Unexpected
 * reply from the Console", the field named), asked once: never retried, create never
 * resent. Features alone tolerates the missing member. */
static void
check_protocol_fields (Fixture    *f,
                       const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_cases); i++)
    {
      g_autoptr(GError) error = NULL;

      bb_test_emulator_control (f->emu, "reset", NULL);
      error = field_cases[i].run (f, kind);
      g_test_message ("%s %s: %s", field_cases[i].endpoint, kind,
                      error != NULL ? error->message : "success");

      if (field_cases[i].missing_ok && g_str_equal (kind, "missing-field"))
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);
          g_assert_true (g_str_has_prefix (error->message, "Unexpected reply from the Console"));
        }
      g_assert_cmpint (record_count (f->emu, field_cases[i].endpoint), ==, 1);
    }
}

static void
test_protocol_missing_field (Fixture       *f,
                             gconstpointer  data)
{
  check_protocol_fields (f, "missing-field");
}

static void
test_protocol_wrong_type (Fixture       *f,
                          gconstpointer  data)
{
  check_protocol_fields (f, "wrong-type");
}

/* NETWORK, TLS ------------------------------------------------------------ */

static void
test_network_reset (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  set_fault (f->emu, "ping", "reset", 5, NULL);
  g_assert_false (run_ping (f->console, NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_cmpint (record_count (f->emu, "ping"), ==, 3);
}

static void
test_network_reset_once (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  set_fault (f->emu, "ping", "reset", 1, NULL);
  g_assert_true (run_ping (f->console, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (record_count (f->emu, "ping"), ==, 2);
}

static void
test_network_closed_port (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_autofree char *url = g_strdup (bb_test_emulator_get_url (emu));
  g_autoptr(GError) error = NULL;
  BbConsole *console;

  g_clear_pointer (&emu, bb_test_emulator_stop);

  console = bb_console_new (url, &error);
  g_assert_no_error (error);
  bb_console_set_auth_token (console, BB_TEST_TOKEN);
  bb_console_set_retry_delay_ms (console, 20);

  g_assert_false (run_ping (console, NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_finalize_object (console);
}

/* A self-signed certificate and its key, made for this test only: the client
 * must refuse it (there is no "ignore certificate" switch). */
static const char test_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBmzCCAUGgAwIBAgIULC93N1D6TDmplN6iLtrWt08rhKkwCgYIKoZIzj0EAwIw\n"
  "FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwNDE2MTQyNloYDzIxMjYxMTEw\n"
  "MTYxNDI2WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO\n"
  "PQMBBwNCAATL7QJEzqhPJMDym0hq5w6HAJYGkqvkkhaAc4dHztWySTs0EgJgauCv\n"
  "Joe5rj2VxLCE/CpC1xjmKezbSNvDJrb0o28wbTAdBgNVHQ4EFgQUotWIW0ufv4Gu\n"
  "Mavuqad8fE69+TwwHwYDVR0jBBgwFoAUotWIW0ufv4GuMavuqad8fE69+TwwDwYD\n"
  "VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI\n"
  "zj0EAwIDSAAwRQIhAL73Mxka/T80bu8/YOQluH/I2su9EA5+FyWTd7Mpda/YAiBo\n"
  "3INk2pwqNL77Iiz92lG41ztF3NcRm80c7HYcJK7b/A==\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgZqLCC/AhFQBpaeXz\n"
  "Cn8TNHBWuu8Sp0rAtb+P+FvV6IihRANCAATL7QJEzqhPJMDym0hq5w6HAJYGkqvk\n"
  "khaAc4dHztWySTs0EgJgauCvJoe5rj2VxLCE/CpC1xjmKezbSNvDJrb0\n"
  "-----END PRIVATE KEY-----\n";

static void
tls_server_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  static const char reply[] = "{\"result\": \"success\"}";

  *(guint *) user_data += 1;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    reply, strlen (reply));
}

static void
test_tls (void)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  BbConsole *console;
  guint served = 0;

  certificate = g_tls_certificate_new_from_pem (test_pem, -1, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, tls_server_cb, &served, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  console = bb_console_new (url, &error);
  g_assert_no_error (error);
  bb_console_set_auth_token (console, BB_TEST_TOKEN);
  bb_console_set_timeout (console, 10);
  bb_console_set_retry_delay_ms (console, 20);

  g_assert_false (run_ping (console, NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_TLS);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  /* Nothing was ever sent over the untrusted connection. */
  g_assert_cmpuint (served, ==, 0);
  g_assert_finalize_object (console);
}

/* TIMEOUT, CANCELLED ------------------------------------------------------- */

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  bb_console_set_timeout (f->console, 1);
  set_fault (f->emu, "ping", "slow", 1, "delay_ms", "4000", NULL);
  g_assert_false (run_ping (f->console, NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "timed out after 1 second"));
  g_assert_cmpint (elapsed_ms (start), >=, 900);
  g_assert_cmpint (elapsed_ms (start), <, 3500);
  /* A timeout is not retried. */
  g_assert_cmpint (record_count (f->emu, "ping"), ==, 1);
}

static void
test_timeout_long (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbMailboxList) list = NULL;

  /* users/list uses the long timeout, not the short one. */
  bb_console_set_timeout (f->console, 1);
  bb_console_set_long_timeout (f->console, 5);
  set_fault (f->emu, "users/list", "slow", 1, "delay_ms", "1500", NULL);
  list = run_users_list (f->console, &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  set_fault (f->emu, "ping", "hang", 1, NULL);
  g_timeout_add (200, cancel_cb, cancellable);
  g_assert_false (run_ping (f->console, cancellable, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CANCELLED);
  g_assert_cmpint (elapsed_ms (start), <, 5000);
}

/* A call that is never retried (initiate) reports the cancel itself, not as the
 * connection's failure. */
static void
test_cancelled_not_retried (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BbInitiateReply) reply = NULL;

  set_fault (f->emu, "initiate", "hang", 1, NULL);
  g_timeout_add (200, cancel_cb, cancellable);
  bb_console_initiate_async (f->console, cancellable, capture_cb, &result);
  reply = bb_console_initiate_finish (f->console, wait_result (&result), &error);
  g_assert_null (reply);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CANCELLED);
  g_assert_cmpint (record_count (f->emu, "initiate"), ==, 1);
}

static void
test_cancelled_before (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (run_ping (f->console, cancellable, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CANCELLED);
  g_assert_cmpint (record_count (f->emu, "ping"), ==, 0);
}

static void
test_cancelled_during_retry (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Cancel while waiting out a long Retry-After. */
  set_fault (f->emu, "ping", "429", 1, "retry_after", "3", NULL);
  g_timeout_add (300, cancel_cb, cancellable);
  g_assert_false (run_ping (f->console, cancellable, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CANCELLED);
  g_assert_cmpint (elapsed_ms (start), <, 2500);
  g_assert_cmpint (record_count (f->emu, "ping"), ==, 1);
}

/* INVALID_INPUT and create ---------------------------------------------------- */

static void
test_create_invalid (Fixture       *f,
                     gconstpointer  data)
{
  const char *addresses[] = { "ann@contoso.com", "not an address", NULL };
  const char *none[] = { NULL };
  g_autoptr(GError) error = NULL;

  g_assert_false (run_create (f->console, addresses, NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "not an address"));
  g_clear_error (&error);

  g_assert_false (run_create (f->console, none, NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);

  /* Nothing was sent, not even the status snapshot. */
  g_assert_cmpint (record_count (f->emu, "create"), ==, 0);
  g_assert_cmpint (record_count (f->emu, "status"), ==, 0);
}

static const char *some_addresses[] = {
  "ann@contoso.com", "bob@contoso.com", "ANN@contoso.com", NULL
};

static void
test_create_server_error_not_retried (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  set_fault (f->emu, "create", "html500", 1, NULL);
  g_assert_false (run_create (f->console, some_addresses, NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_SERVER);
  g_assert_cmpint (record_count (f->emu, "create"), ==, 1);
}

static void
test_create_snapshot_failure (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* The snapshot failed for a reason other than CONSOLE/UNSUPPORTED: do not send. */
  set_fault (f->emu, "status", "nonjson", 1, NULL);
  g_assert_false (run_create (f->console, some_addresses, NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);
  g_assert_cmpint (record_count (f->emu, "create"), ==, 0);
}

static void
test_create_snapshot_console_error (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BbCreateOutcome outcome = BB_CREATE_RECOVERED;

  /* A CONSOLE error on the snapshot means "no job": the create goes ahead. */
  set_fault (f->emu, "status", "error", 1, "message", "No job for this flock", NULL);
  g_assert_true (run_create (f->console, some_addresses, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, BB_CREATE_ACCEPTED);
  g_assert_cmpint (record_count (f->emu, "create"), ==, 1);
}

static void
test_create_dropped (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BbCreateOutcome outcome = BB_CREATE_ACCEPTED;

  /* The Console accepted the job, then the connection dropped: found through
   * status, never sent twice. */
  set_fault (f->emu, "create", "drop-after-accept", 1, NULL);
  g_assert_true (run_create (f->console, some_addresses, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, BB_CREATE_RECOVERED);
  g_assert_cmpint (record_count (f->emu, "create"), ==, 1);
}

static void
test_create_hang_no_job (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  bb_console_set_long_timeout (f->console, 1);
  bb_console_set_create_recovery_seconds (f->console, 1);
  set_fault (f->emu, "create", "hang", 1, NULL);
  g_assert_false (run_create (f->console, some_addresses, NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_TIMEOUT);
  g_test_message ("%s", error->message);
  g_assert_true (strstr (error->message, "did not start") != NULL ||
                 strstr (error->message, "unknown") != NULL);
  /* The emulator never started a job: status says total 0. */
  g_assert_nonnull (strstr (error->message, "did not start"));
  g_assert_cmpint (record_count (f->emu, "create"), ==, 1);
  g_assert_cmpint (elapsed_ms (start), <, 8000);
}

static gboolean
flag_set_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_job_finished (Fixture *f)
{
  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(BbTokenStatus) status = NULL;
      g_autoptr(GError) error = NULL;
      gboolean tick = FALSE;

      bb_console_status_async (f->console, NULL, capture_cb, &result);
      status = bb_console_status_finish (f->console, wait_result (&result), &error);
      g_assert_no_error (error);
      if (bb_token_status_is_finished (status))
        return;

      g_timeout_add (50, flag_set_cb, &tick);
      bb_test_wait_for_flag (&tick);
    }
  g_assert_not_reached ();
}

static void
test_create_lost_unknown (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BbCreateOutcome outcome;

  /* An earlier job has finished; the new create's reply is lost before the
   * Console saw it, so status keeps showing the old job, unchanged: the fate
   * of the new one is unknown, and it is not resent. */
  bb_test_emulator_control (f->emu, "config", "insert_interval_ms", "10", NULL);
  g_assert_true (run_create (f->console, some_addresses, &outcome, &error));
  g_assert_no_error (error);
  wait_job_finished (f);

  bb_console_set_create_recovery_seconds (f->console, 1);
  set_fault (f->emu, "create", "reset", 1, NULL);
  g_assert_false (run_create (f->console, some_addresses, NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_NETWORK);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "unknown"));
  g_assert_cmpint (record_count (f->emu, "create"), ==, 2);
}

static void
test_create_cancelled_during_recovery (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bb_console_set_long_timeout (f->console, 1);
  bb_console_set_create_recovery_seconds (f->console, 30);
  set_fault (f->emu, "create", "hang", 1, NULL);
  g_timeout_add (1500, cancel_cb, cancellable);
  bb_console_create_async (f->console, some_addresses, 2, NULL, cancellable, capture_cb, &result);
  g_assert_false (bb_console_create_finish (f->console, wait_result (&result), NULL, &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CANCELLED);
  g_assert_cmpint (record_count (f->emu, "create"), ==, 1);
}

static void
test_dispose_cancels (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  set_fault (f->emu, "ping", "hang", 1, NULL);
  bb_console_ping_async (f->console, NULL, capture_cb, &result);
  g_object_run_dispose (G_OBJECT (f->console));
  g_assert_false (bb_console_ping_finish (f->console, wait_result (&result), &error));
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, args) \
  g_test_add ("/bb/client/errors/" path, Fixture, args, fixture_setup, func, fixture_teardown)

  ADD ("auth/wrong-token", test_auth_wrong_token, NULL);
  ADD ("auth/message", test_auth_message, NULL);
  ADD ("auth/status", test_auth_status, NULL);
  ADD ("console", test_console_error, NULL);
  ADD ("unsupported", test_unsupported, NULL);
  ADD ("rate-limited/not-retried", test_rate_limited_not_retried, NULL);
  ADD ("rate-limited/retry-after", test_rate_limited_retry_after, NULL);
  ADD ("rate-limited/capped", test_rate_limited_capped, NULL);
  ADD ("server/exhausted", test_server_exhausted, NULL);
  ADD ("server/once", test_server_once, NULL);
  ADD ("server/users-list-retried", test_server_users_list_retried, signed_in_args);
  ADD ("server/initiate-not-retried", test_server_initiate_not_retried, NULL);
  ADD ("protocol", test_protocol, NULL);
  ADD ("protocol/oversized", test_protocol_oversized, NULL);
  ADD ("protocol/oversized-users-list", test_protocol_oversized_users_list, signed_in_args);
  ADD ("protocol/missing-field", test_protocol_missing_field, NULL);
  ADD ("protocol/wrong-type", test_protocol_wrong_type, NULL);
  ADD ("network/reset", test_network_reset, NULL);
  ADD ("network/reset-once", test_network_reset_once, NULL);
  g_test_add_func ("/bb/client/errors/network/closed-port", test_network_closed_port);
  g_test_add_func ("/bb/client/errors/tls", test_tls);
  ADD ("timeout", test_timeout, NULL);
  ADD ("timeout/long", test_timeout_long, signed_in_args);
  ADD ("cancelled", test_cancelled, NULL);
  ADD ("cancelled/before", test_cancelled_before, NULL);
  ADD ("cancelled/not-retried", test_cancelled_not_retried, NULL);
  ADD ("cancelled/during-retry", test_cancelled_during_retry, NULL);
  ADD ("create/invalid", test_create_invalid, signed_in_args);
  ADD ("create/server-not-retried", test_create_server_error_not_retried, signed_in_args);
  ADD ("create/snapshot-failure", test_create_snapshot_failure, signed_in_args);
  ADD ("create/snapshot-console-error", test_create_snapshot_console_error, signed_in_args);
  ADD ("create/dropped", test_create_dropped, signed_in_args);
  ADD ("create/hang-no-job", test_create_hang_no_job, signed_in_args);
  ADD ("create/lost-unknown", test_create_lost_unknown, signed_in_args);
  ADD ("create/cancelled-during-recovery", test_create_cancelled_during_recovery, signed_in_args);
  ADD ("dispose-cancels", test_dispose_cancels, NULL);

#undef ADD

  return g_test_run ();
}
