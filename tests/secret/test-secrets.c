/* test-secrets.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>

#include "bb-secrets.h"
#include "bb-test-utils.h"

/*
 * These tests talk to a real Secret Service. build-aux/run-tests provides one: a private
 * D-Bus session with a gnome-keyring-daemon whose login keyring is unlocked. Every item
 * a test creates uses a Console URL under .invalid with this process's pid, and is
 * removed again by the test.
 */

#define OTHER_TOKEN "second-console-token-7f3a"
#define REPLACED_TOKEN "replacement-token-91c2"
#define ALICE_PASSWORD "alice-exchange-pw-5d1e"
#define BOB_PASSWORD "bob-exchange-pw-0b6f"

static const char * const watched_secrets[] = {
  BB_TEST_TOKEN, OTHER_TOKEN, REPLACED_TOKEN, ALICE_PASSWORD, BOB_PASSWORD, NULL
};

static char *console_a;
static char *console_b;
static char *host_a;

/* What the log writer saw. */
static gboolean secret_logged;
static gboolean url_logged;
static guint stored_token_a_lines;

/* Log writer */

static gboolean
field_contains (const GLogField *field,
                const char      *needle)
{
  gsize length;

  if (field->value == NULL)
    return FALSE;

  length = field->length < 0 ? strlen (field->value) : (gsize) field->length;
  return g_strstr_len (field->value, length, needle) != NULL;
}

/* Every log field of every message (debug included, whatever G_MESSAGES_DEBUG says)
 * is searched for the secrets this test uses. */
static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_autofree char *stored_line = g_strdup_printf ("stored token for %s", host_a);

  for (gsize i = 0; i < n_fields; i++)
    {
      for (guint j = 0; watched_secrets[j] != NULL; j++)
        secret_logged |= field_contains (&fields[i], watched_secrets[j]);

      if (g_strcmp0 (fields[i].key, "MESSAGE") != 0)
        continue;

      url_logged |= field_contains (&fields[i], console_a) || field_contains (&fields[i], console_b);
      if (field_contains (&fields[i], stored_line))
        stored_token_a_lines++;
    }

  if (log_level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* Keyring availability */

static char *
probe_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  if (service != NULL)
    collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                   SECRET_COLLECTION_NONE, NULL, &error);
  if (error != NULL)
    return g_strdup (error->message);
  if (collection == NULL)
    return g_strdup ("the keyring has no default collection");
  if (secret_collection_get_locked (collection))
    return g_strdup ("the default keyring is locked");

  return NULL;
}

/* TRUE when the test may go on; otherwise skips it, or fails it when BB_REQUIRE_KEYRING
 * is set (build-aux/test-session sets it, so a broken session cannot pass silently). */
static gboolean
require_keyring (void)
{
  g_autofree char *problem = probe_keyring ();
  g_autofree char *message = NULL;
  const char *required = g_getenv ("BB_REQUIRE_KEYRING");

  if (problem == NULL)
    return TRUE;

  message = g_strdup_printf ("No usable Secret Service (%s). Run the tests with "
                             "build-aux/run-tests, which starts a D-Bus session with an "
                             "unlocked gnome-keyring.", problem);
  if (required != NULL && *required != '\0')
    g_test_fail_printf ("%s", message);
  else
    g_test_skip (message);

  return FALSE;
}

/* Async helpers: run one call to completion on the default main context. */

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
store_token (const char *console_url,
             const char *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bb_secrets_store_token_async (console_url, token, NULL, got_result_cb, &result);
  bb_test_wait_for_pointer ((gpointer *) &result);
  g_assert_true (bb_secrets_store_token_finish (result, &error));
  g_assert_no_error (error);
}

static char *
lookup_token (const char *console_url)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  bb_secrets_lookup_token_async (console_url, NULL, got_result_cb, &result);
  bb_test_wait_for_pointer ((gpointer *) &result);
  token = bb_secrets_lookup_token_finish (result, &error);
  g_assert_no_error (error);
  return token;
}

static void
clear_token (const char *console_url)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bb_secrets_clear_token_async (console_url, NULL, got_result_cb, &result);
  bb_test_wait_for_pointer ((gpointer *) &result);
  g_assert_true (bb_secrets_clear_token_finish (result, &error));
  g_assert_no_error (error);
}

static GPtrArray *
list_consoles (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *consoles;

  bb_secrets_list_consoles_async (NULL, got_result_cb, &result);
  bb_test_wait_for_pointer ((gpointer *) &result);
  consoles = bb_secrets_list_consoles_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (consoles);
  return consoles;
}

static void
store_exchange (const char *username,
                const char *password)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bb_secrets_store_exchange_password_async (console_a, username, password, NULL,
                                            got_result_cb, &result);
  bb_test_wait_for_pointer ((gpointer *) &result);
  g_assert_true (bb_secrets_store_exchange_password_finish (result, &error));
  g_assert_no_error (error);
}

static char *
lookup_exchange (const char *username)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  bb_secrets_lookup_exchange_password_async (console_a, username, NULL, got_result_cb, &result);
  bb_test_wait_for_pointer ((gpointer *) &result);
  password = bb_secrets_lookup_exchange_password_finish (result, &error);
  g_assert_no_error (error);
  return password;
}

static void
clear_exchange (const char *username)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bb_secrets_clear_exchange_password_async (console_a, username, NULL, got_result_cb, &result);
  bb_test_wait_for_pointer ((gpointer *) &result);
  g_assert_true (bb_secrets_clear_exchange_password_finish (result, &error));
  g_assert_no_error (error);
}

static void
assert_token (const char *console_url,
              const char *expected)
{
  char *token = lookup_token (console_url);

  g_assert_cmpstr (token, ==, expected);
  bb_secrets_free (token);
}

static void
assert_exchange (const char *username,
                 const char *expected)
{
  char *password = lookup_exchange (username);

  g_assert_cmpstr (password, ==, expected);
  bb_secrets_free (password);
}

/* Items of the token schema for @console_url, counted straight through libsecret. */
static guint
count_token_items (const char *console_url)
{
  g_autoptr(GError) error = NULL;
  GList *items;
  guint n;

  items = secret_password_search_sync (BB_SECRETS_TOKEN_SCHEMA, SECRET_SEARCH_ALL, NULL, &error,
                                       "console", console_url, NULL);
  g_assert_no_error (error);
  n = g_list_length (items);
  g_list_free_full (items, g_object_unref);
  return n;
}

static int
index_of (GPtrArray  *array,
          const char *value)
{
  guint index;

  if (!g_ptr_array_find_with_equal_func (array, value, g_str_equal, &index))
    return -1;
  return (int) index;
}

/* Tests without a keyring */

static void
test_error_classification (void)
{
  static const struct {
    GQuark (*domain) (void);
    int code;
    gboolean unavailable;
  } cases[] = {
    { g_dbus_error_quark, G_DBUS_ERROR_SERVICE_UNKNOWN, TRUE },
    { g_dbus_error_quark, G_DBUS_ERROR_NAME_HAS_NO_OWNER, TRUE },
    { g_dbus_error_quark, G_DBUS_ERROR_SPAWN_EXEC_FAILED, TRUE },
    { g_io_error_quark, G_IO_ERROR_NOT_FOUND, TRUE },
    { g_io_error_quark, G_IO_ERROR_CONNECTION_REFUSED, TRUE },
    { g_io_error_quark, G_IO_ERROR_CLOSED, TRUE },
    { g_spawn_error_quark, G_SPAWN_ERROR_NOENT, TRUE },
    { secret_error_get_quark, SECRET_ERROR_PROTOCOL, TRUE },
    { secret_error_get_quark, SECRET_ERROR_IS_LOCKED, TRUE },
    { g_io_error_quark, G_IO_ERROR_CANCELLED, FALSE },
    { secret_error_get_quark, SECRET_ERROR_NO_SUCH_OBJECT, FALSE },
    { secret_error_get_quark, SECRET_ERROR_ALREADY_EXISTS, FALSE },
    { g_key_file_error_quark, G_KEY_FILE_ERROR_PARSE, FALSE },
  };

  g_assert_false (bb_secrets_error_is_unavailable (NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (cases[i].domain (), cases[i].code, "x");

      g_test_message ("case %u: %s %d", i, g_quark_to_string (error->domain), error->code);
      g_assert_cmpint (bb_secrets_error_is_unavailable (error), ==, cases[i].unavailable);
    }
}

/* With the session bus pointing at a socket that does not exist, every call fails with
 * an error the callers recognise as "no keyring". Runs in a subprocess so that the
 * changed bus address cannot leak into the other tests. */
static void
test_no_bus (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *address = NULL;
  char *token;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  dir = g_dir_make_tmp ("bb-secret-nobus-XXXXXX", &error);
  g_assert_no_error (error);
  address = g_strdup_printf ("unix:path=%s/no-such-bus", dir);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);

  token = bb_secrets_lookup_token_sync (console_a, NULL, &error);
  g_assert_null (token);
  g_assert_nonnull (error);
  g_test_message ("sync lookup: %s", error->message);
  g_assert_true (bb_secrets_error_is_unavailable (error));
  g_clear_error (&error);

  bb_secrets_store_token_async (console_a, BB_TEST_TOKEN, NULL, got_result_cb, &result);
  bb_test_wait_for_pointer ((gpointer *) &result);
  g_assert_false (bb_secrets_store_token_finish (result, &error));
  g_assert_nonnull (error);
  g_assert_true (bb_secrets_error_is_unavailable (error));
  g_assert_false (secret_logged);

  g_rmdir (dir);
}

/* Tests against the keyring */

static void
test_store_lookup (void)
{
  if (!require_keyring ())
    return;

  store_token (console_a, BB_TEST_TOKEN);
  assert_token (console_a, BB_TEST_TOKEN);
  /* A Console without a saved token: NULL and no error. */
  assert_token (console_b, NULL);

  clear_token (console_a);
  g_assert_false (secret_logged);
}

static void
test_two_consoles (void)
{
  if (!require_keyring ())
    return;

  store_token (console_a, BB_TEST_TOKEN);
  store_token (console_b, OTHER_TOKEN);
  assert_token (console_a, BB_TEST_TOKEN);
  assert_token (console_b, OTHER_TOKEN);
  g_assert_cmpuint (count_token_items (console_a), ==, 1);
  g_assert_cmpuint (count_token_items (console_b), ==, 1);

  clear_token (console_a);
  clear_token (console_b);
  g_assert_false (secret_logged);
}

static void
test_replace (void)
{
  if (!require_keyring ())
    return;

  store_token (console_a, BB_TEST_TOKEN);
  store_token (console_a, REPLACED_TOKEN);
  assert_token (console_a, REPLACED_TOKEN);
  g_assert_cmpuint (count_token_items (console_a), ==, 1);

  clear_token (console_a);
  g_assert_false (secret_logged);
}

static void
test_clear (void)
{
  if (!require_keyring ())
    return;

  store_token (console_a, BB_TEST_TOKEN);
  store_token (console_b, OTHER_TOKEN);
  clear_token (console_a);
  assert_token (console_a, NULL);
  g_assert_cmpuint (count_token_items (console_a), ==, 0);
  /* Only that Console's token went. */
  assert_token (console_b, OTHER_TOKEN);
  /* Nothing left to clear is still a success. */
  clear_token (console_a);

  clear_token (console_b);
  g_assert_false (secret_logged);
}

static void
test_list_consoles (void)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) after = NULL;

  if (!require_keyring ())
    return;

  before = list_consoles ();
  g_assert_cmpint (index_of (before, console_a), ==, -1);
  g_assert_cmpint (index_of (before, console_b), ==, -1);

  /* Stored out of order and one twice: listed once each, sorted. */
  store_token (console_b, OTHER_TOKEN);
  store_token (console_a, BB_TEST_TOKEN);
  store_token (console_b, OTHER_TOKEN);
  listed = list_consoles ();
  g_assert_cmpuint (listed->len, ==, before->len + 2);
  g_assert_cmpint (index_of (listed, console_a), >=, 0);
  g_assert_cmpint (index_of (listed, console_a), <, index_of (listed, console_b));
  /* Other tests may share this keyring: the whole list must be strictly ascending. */
  for (guint i = 1; i < listed->len; i++)
    g_assert_cmpstr (g_ptr_array_index (listed, i - 1), <, g_ptr_array_index (listed, i));

  clear_token (console_a);
  clear_token (console_b);
  after = list_consoles ();
  g_assert_cmpint (index_of (after, console_a), ==, -1);
  g_assert_cmpint (index_of (after, console_b), ==, -1);
  g_assert_false (secret_logged);
}

static void
test_exchange (void)
{
  if (!require_keyring ())
    return;

  store_exchange ("alice@example.com", ALICE_PASSWORD);
  store_exchange ("bob@example.com", BOB_PASSWORD);
  assert_exchange ("alice@example.com", ALICE_PASSWORD);
  assert_exchange ("bob@example.com", BOB_PASSWORD);
  assert_exchange ("carol@example.com", NULL);
  /* The two schemas do not mix: an Exchange password is not the Console's token. */
  assert_token (console_a, NULL);

  clear_exchange ("alice@example.com");
  assert_exchange ("alice@example.com", NULL);
  assert_exchange ("bob@example.com", BOB_PASSWORD);

  clear_exchange ("bob@example.com");
  assert_exchange ("bob@example.com", NULL);
  g_assert_false (secret_logged);
}

static void
test_no_secret_in_log (void)
{
  g_autoptr(GPtrArray) consoles = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  if (!require_keyring ())
    return;

  secret_logged = FALSE;
  url_logged = FALSE;
  stored_token_a_lines = 0;

  store_token (console_a, BB_TEST_TOKEN);
  store_token (console_b, OTHER_TOKEN);
  assert_token (console_a, BB_TEST_TOKEN);
  token = bb_secrets_lookup_token_sync (console_b, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, OTHER_TOKEN);
  bb_secrets_free (token);
  consoles = list_consoles ();
  store_exchange ("alice@example.com", ALICE_PASSWORD);
  assert_exchange ("alice@example.com", ALICE_PASSWORD);
  clear_exchange ("alice@example.com");
  clear_token (console_a);
  clear_token (console_b);

  /* The capture works (it saw the one line the library is meant to write)... */
  g_assert_cmpuint (stored_token_a_lines, ==, 1);
  /* ...and no log field ever held a secret, nor a full Console URL. */
  g_assert_false (secret_logged);
  g_assert_false (url_logged);
}

static void
test_sync_lookup (void)
{
  g_autoptr(GError) error = NULL;
  char *token;

  if (!require_keyring ())
    return;

  store_token (console_a, BB_TEST_TOKEN);

  /* Straight from the test's main thread, no main loop running. */
  token = bb_secrets_lookup_token_sync (console_a, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, BB_TEST_TOKEN);
  bb_secrets_free (token);

  token = bb_secrets_lookup_token_sync (console_b, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (token);

  clear_token (console_a);
  g_assert_false (secret_logged);
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  if (!require_keyring ())
    return;

  g_cancellable_cancel (cancellable);
  bb_secrets_lookup_token_async (console_a, cancellable, got_result_cb, &result);
  bb_test_wait_for_pointer ((gpointer *) &result);
  token = bb_secrets_lookup_token_finish (result, &error);
  g_assert_null (token);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* A cancellation is not "no keyring": callers stay silent for other reasons. */
  g_assert_false (bb_secrets_error_is_unavailable (error));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Debug messages must reach the writer: the log test looks at every one. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  console_a = g_strdup_printf ("https://a-%d.baitbox.invalid", (int) getpid ());
  console_b = g_strdup_printf ("https://b-%d.baitbox.invalid", (int) getpid ());
  host_a = g_strdup (console_a + strlen ("https://"));

  g_test_add_func ("/bb/secret/error-classification", test_error_classification);
  g_test_add_func ("/bb/secret/no-bus", test_no_bus);
  g_test_add_func ("/bb/secret/store-lookup", test_store_lookup);
  g_test_add_func ("/bb/secret/two-consoles", test_two_consoles);
  g_test_add_func ("/bb/secret/replace", test_replace);
  g_test_add_func ("/bb/secret/clear", test_clear);
  g_test_add_func ("/bb/secret/list-consoles", test_list_consoles);
  g_test_add_func ("/bb/secret/exchange", test_exchange);
  g_test_add_func ("/bb/secret/no-secret-in-log", test_no_secret_in_log);
  g_test_add_func ("/bb/secret/sync-lookup", test_sync_lookup);
  g_test_add_func ("/bb/secret/cancelled", test_cancelled);

  status = g_test_run ();

  g_free (console_a);
  g_free (console_b);
  g_free (host_a);
  return status;
}
