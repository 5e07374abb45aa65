/* test-cli.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* End-to-end tests of baitbox-cli (path in $BB_CLI) against the Console emulator. */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>

#include "bb-secrets.h"
#include "bb-test-utils.h"

#define EXCHANGE_USER     "exchange-admin"
#define EXCHANGE_PASSWORD "exchange-pass"
#define WRONG_TOKEN       "definitely-not-the-token"

/* Heap-allocated runs, so the tests can hold them in g_autoptr. */
typedef BbTestCliRun CliRun;

static void
cli_run_free (CliRun *run)
{
  bb_test_cli_run_clear (run);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

/* No controlling terminal: the CLI must never find one to prompt on. */
static void
child_setup (gpointer user_data)
{
  setsid ();
}

static void
assert_no_secret (const char *text)
{
  g_assert_null (strstr (text, BB_TEST_TOKEN));
  g_assert_null (strstr (text, WRONG_TOKEN));
  g_assert_null (strstr (text, EXCHANGE_PASSWORD));
}

/* A launcher with the CLI's environment: the emulator's URL (when @emu) and the
 * test token, then @env ("NAME=VALUE" overrides, NULL-terminated, may be NULL). */
static GSubprocessLauncher *
new_launcher (BbTestEmulator     *emu,
              const char * const *env,
              GSubprocessFlags    flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_setenv (launcher, "BAITBOX_AUTH_TOKEN", BB_TEST_TOKEN, TRUE);
  g_subprocess_launcher_setenv (launcher, "BAITBOX_CONSOLE",
                                emu != NULL ? bb_test_emulator_get_url (emu) : "", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "BAITBOX_EXCHANGE_PASSWORD");
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);

  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_assert_nonnull (pair[1]);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  return launcher;
}

/* Writes @input to the process's stdin, collects stdout and stderr until it exits. */
static CliRun *
communicate (GSubprocess *process,
             const char  *input)
{
  CliRun *run = g_new0 (CliRun, 1);

  bb_test_cli_communicate (process, input, run);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", run->status, run->out, run->err);

  /* The token (or the Exchange password) never appears in any run. */
  assert_no_secret (run->out);
  assert_no_secret (run->err);
  return run;
}

/* Runs the CLI with @args (NULL-terminated), feeding @input on stdin. */
static CliRun *
run_cli_full (BbTestEmulator     *emu,
              const char * const *env,
              const char         *input,
              const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    new_launcher (emu, env, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = bb_test_spawn_cli (launcher, args);

  return communicate (process, input);
}

#define run_cli(emu, ...) \
  run_cli_full ((emu), NULL, NULL, (const char * const[]) { __VA_ARGS__, NULL })
#define run_cli_env(emu, env, ...) \
  run_cli_full ((emu), (const char * const[]) { env, NULL }, NULL, \
                (const char * const[]) { __VA_ARGS__, NULL })
#define run_cli_input(emu, input, ...) \
  run_cli_full ((emu), NULL, (input), (const char * const[]) { __VA_ARGS__, NULL })

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static gint64
record_count (BbTestEmulator *emu,
              const char     *endpoint)
{
  g_autoptr(JsonObject) record = bb_test_emulator_get_record (emu);
  JsonObject *counts = json_object_get_object_member (record, "counts");

  g_assert_nonnull (counts);
  if (!json_object_has_member (counts, endpoint))
    return 0;
  return json_object_get_int_member (counts, endpoint);
}

/* A temporary file holding @contents; returns its path (delete with g_unlink). */
static char *
write_temp (const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("bb-cli-XXXXXX", &path, &error);

  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
assert_count_lines (const char *text,
                    guint       expected)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      n++;
  g_assert_cmpuint (n, ==, expected);
}

/* Usage: help, version, unknown commands and options. */

static void
test_usage (void)
{
  g_autoptr(CliRun) help = run_cli (NULL, "--help");
  g_autoptr(CliRun) token_help = run_cli (NULL, "token", "--help");
  g_autoptr(CliRun) version = run_cli (NULL, "--version");
  g_autoptr(CliRun) unknown = run_cli (NULL, "frobnicate");
  g_autoptr(CliRun) bad_option = run_cli (NULL, "ping", "--frobnicate");
  g_autoptr(CliRun) wrong_place = run_cli (NULL, "ping", "--wait");
  g_autoptr(CliRun) nothing = run_cli (NULL, "--json");
  g_autoptr(CliRun) template_alone = run_cli (NULL, "template");
  g_autoptr(CliRun) no_file = run_cli (NULL, "token", "--yes");
  g_autoptr(CliRun) extra = run_cli (NULL, "ping", "extra");
  g_autoptr(CliRun) bad_timeout = run_cli (NULL, "--timeout", "0", "ping");

  g_assert_cmpint (help->status, ==, 0);
  g_assert_nonnull (strstr (help->out, "token FILE|-"));
  g_assert_nonnull (strstr (help->out, "template set"));
  g_assert_nonnull (strstr (help->out, "--console"));
  /* The exit statuses are documented. */
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *code = g_strdup_printf (" %u ", i);

      if (i != 1)
        g_assert_nonnull (strstr (help->out, code));
    }
  g_assert_nonnull (strstr (help->out, "130"));

  g_assert_cmpint (token_help->status, ==, 0);
  g_assert_nonnull (strstr (token_help->out, "--yes"));
  g_assert_nonnull (strstr (token_help->out, "--wait"));
  g_assert_nonnull (strstr (token_help->out, "--exchange-user"));

  g_assert_cmpint (version->status, ==, 0);
  g_assert_true (g_str_has_prefix (version->out, "baitbox-cli "));

  for (CliRun *const *r = (CliRun *const[]) { unknown, bad_option, wrong_place, nothing,
                                              template_alone, no_file, extra, bad_timeout,
                                              NULL };
       *r != NULL; r++)
    {
      g_assert_cmpint ((*r)->status, ==, 2);
      g_assert_cmpstr ((*r)->out, ==, "");
      g_assert_nonnull (strstr ((*r)->err, "baitbox-cli: "));
      g_assert_nonnull (strstr ((*r)->err, "--help"));
    }
  g_assert_nonnull (strstr (unknown->err, "frobnicate"));
  g_assert_nonnull (strstr (bad_option->err, "--frobnicate"));
}

/* Exit 2 without a token, or with an invalid Console address: nothing is sent. */
static void
test_refused_setup (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_autoptr(CliRun) no_token = run_cli_env (emu, "BAITBOX_AUTH_TOKEN=", "ping");
  g_autoptr(CliRun) no_console = run_cli (NULL, "ping");
  g_autoptr(CliRun) plain_http = run_cli (emu, "--console", "http://example.com", "ping");
  g_autoptr(CliRun) file_url = run_cli (emu, "ping", "--console", "file:///etc/passwd");
  g_autoptr(CliRun) spaces = run_cli (emu, "ping", "--console=bad host name");

  g_assert_cmpint (no_token->status, ==, 2);
  g_assert_nonnull (strstr (no_token->err,
                            "No API token: set BAITBOX_AUTH_TOKEN or save the token in Baitbox"));
  g_assert_cmpint (no_console->status, ==, 2);
  g_assert_nonnull (strstr (no_console->err, "BAITBOX_CONSOLE"));

  for (CliRun *const *r = (CliRun *const[]) { plain_http, file_url, spaces, NULL }; *r != NULL; r++)
    {
      g_assert_cmpint ((*r)->status, ==, 2);
      g_assert_cmpstr ((*r)->out, ==, "");
      g_assert_true (g_str_has_prefix ((*r)->err, "baitbox-cli: "));
    }

  g_assert_cmpint (record_count (emu, "ping"), ==, 0);
}

/* ping: human and JSON; global options before or after the subcommand;
 * --flock and BAITBOX_FLOCK. */
static void
test_ping (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  const char *url = bb_test_emulator_get_url (emu);
  g_autoptr(CliRun) human = run_cli (emu, "ping");
  g_autoptr(CliRun) json = run_cli (NULL, "ping", "--json", "--console", url);
  g_autoptr(CliRun) flock = run_cli (emu, "--flock", "flock:abc", "ping");
  g_autoptr(CliRun) flock_env = run_cli_env (emu, "BAITBOX_FLOCK=flock:env", "ping");
  g_autoptr(CliRun) timeout = run_cli (emu, "ping", "--timeout", "5");
  g_autofree char *expected = g_strdup_printf ("Connected to %s (flock:default)\n", url);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (human->status, ==, 0);
  g_assert_cmpstr (human->out, ==, expected);

  g_assert_cmpint (json->status, ==, 0);
  root = parse_json (json->out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "result"),
                   ==, "success");

  g_assert_cmpint (flock->status, ==, 0);
  g_assert_nonnull (strstr (flock->out, "(flock:abc)"));
  g_assert_cmpint (flock_env->status, ==, 0);
  g_assert_nonnull (strstr (flock_env->out, "(flock:env)"));
  g_assert_cmpint (timeout->status, ==, 0);
  g_assert_cmpint (record_count (emu, "ping"), ==, 5);
}

/* Exit 3: the Console rejects the token; the message names the step, never the token. */
static void
test_wrong_token (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_autoptr(CliRun) run = run_cli_env (emu, "BAITBOX_AUTH_TOKEN=" WRONG_TOKEN, "flocks");
  g_autoptr(CliRun) json = run_cli_env (emu, "BAITBOX_AUTH_TOKEN=" WRONG_TOKEN, "--json", "ping");

  g_assert_cmpint (run->status, ==, 3);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "baitbox-cli: listing flocks: "));
  g_assert_cmpint (json->status, ==, 3);
  g_assert_cmpstr (json->out, ==, "");
}

/* features: flags as booleans; the exit status does not depend on them. */
static void
test_features (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_autoptr(CliRun) human = run_cli (emu, "features");
  g_autoptr(CliRun) json = run_cli (emu, "features", "--json");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  g_assert_cmpint (human->status, ==, 0);
  g_assert_nonnull (strstr (human->out, "office365_mail_token: yes\n"));

  g_assert_cmpint (json->status, ==, 0);
  root = parse_json (json->out);
  object = json_node_get_object (root);
  g_assert_nonnull (object);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "office365_mail_token")),
                   ==, G_TYPE_BOOLEAN);
  g_assert_true (json_object_get_boolean_member (object, "office365_mail_token"));
}

static void
test_features_disabled (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_autoptr(CliRun) human = NULL;
  g_autoptr(CliRun) json = NULL;
  g_autoptr(JsonNode) root = NULL;

  bb_test_emulator_control (emu, "config", "office365_mail_token", "false", NULL);
  human = run_cli (emu, "features");
  json = run_cli (emu, "features", "--json");

  g_assert_cmpint (human->status, ==, 0);
  g_assert_nonnull (strstr (human->out, "office365_mail_token: no\n"));
  g_assert_nonnull (strstr (human->err, "no Office365 mail tokens"));
  g_assert_cmpint (json->status, ==, 0);
  root = parse_json (json->out);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (root),
                                                  "office365_mail_token"));
}

/* flocks: "id<TAB>name" lines, JSON object id → name. */
static void
test_flocks (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_autoptr(CliRun) human = run_cli (emu, "flocks");
  g_autoptr(CliRun) json = run_cli (emu, "--json", "flocks");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  g_assert_cmpint (human->status, ==, 0);
  g_assert_nonnull (strstr (human->out, "flock:default\tDefault Flock\n"));

  g_assert_cmpint (json->status, ==, 0);
  root = parse_json (json->out);
  object = json_node_get_object (root);
  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member (object, "flock:default"), ==, "Default Flock");
  g_assert_cmpstr (json_object_get_string_member (object, "flock:zürich"), ==, "Zürich");
  assert_count_lines (human->out, json_object_get_size (object));
}

/* mailboxes: validated and de-duplicated list, human lines + summary, JSON array. */
static void
test_mailboxes (void)
{
  g_autoptr(BbTestEmulator) emu =
    bb_test_emulator_start ((const char * const[]) { "--signed-in", "--users", "25", NULL });
  g_autoptr(CliRun) human = run_cli (emu, "mailboxes");
  g_autoptr(CliRun) json = run_cli (emu, "mailboxes", "--json");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *array;

  g_assert_cmpint (json->status, ==, 0);
  root = parse_json (json->out);
  array = json_node_get_array (root);
  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), ==, 25);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "email"),
                   ==, "ann@contoso.com");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"),
                   ==, "Ann Archer");
  /* helpdesk@ has no display name: null. */
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (
                   json_array_get_object_element (array, 7), "name")));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *mailbox = json_array_get_object_element (array, i);
      JsonNode *name = json_object_get_member (mailbox, "name");
      const char *email = json_object_get_string_member (mailbox, "email");

      g_assert_nonnull (email);
      g_assert_nonnull (strchr (email, '@'));
      g_assert_nonnull (name);
      g_assert_true (JSON_NODE_HOLDS_NULL (name) || json_node_get_value_type (name) == G_TYPE_STRING);
      if (!JSON_NODE_HOLDS_NULL (name))
        g_assert_cmpstr (json_node_get_string (name), !=, "");
      /* De-duplicated, case-insensitively. */
      g_assert_true (g_hash_table_add (seen, g_utf8_casefold (email, -1)));
    }

  g_assert_cmpint (human->status, ==, 0);
  assert_count_lines (human->out, json_array_get_length (array));
  g_assert_nonnull (strchr (human->out, '\t'));
  /* The emulator's list holds three entries without a valid address and two
   * duplicates (ANN@contoso.com, Bob@CONTOSO.com) besides its 25 users. */
  g_assert_cmpstr (human->err, ==,
                   "25 mailboxes (3 entries without a valid address skipped, 2 duplicates merged)\n");
  g_assert_nonnull (strstr (human->out, "ann@contoso.com\tAnn Archer\n"));
  g_assert_nonnull (strstr (human->out, "helpdesk@contoso.com\t\n"));
}

/* Non-ASCII display names stay UTF-8 in --json whatever the locale. */
static void
test_mailboxes_utf8 (void)
{
  g_autoptr(BbTestEmulator) emu =
    bb_test_emulator_start ((const char * const[]) { "--signed-in", "--users", "50", NULL });
  g_autoptr(CliRun) json = run_cli_env (emu, "LC_ALL=C", "mailboxes", "--json");
  g_autoptr(CliRun) human = run_cli_env (emu, "LC_ALL=C", "mailboxes");
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  gboolean non_ascii = FALSE;

  g_assert_cmpint (json->status, ==, 0);
  g_assert_cmpuint (strlen (json->out), ==, json->out_len);
  g_assert_true (g_utf8_validate (json->out, json->out_len, NULL));
  root = parse_json (json->out);
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *mailbox = json_array_get_object_element (array, i);
      const char *name = json_object_get_string_member_with_default (mailbox, "name", NULL);

      for (const char *p = name; p != NULL && *p != '\0'; p++)
        non_ascii |= (guchar) *p >= 0x80;
    }
  g_assert_true (non_ascii);
  g_assert_nonnull (strstr (json->out, "\"Zoë Ångström\""));
  g_assert_nonnull (strstr (json->out, "\"李雷\""));

  /* Human output follows the locale: no crash, same number of lines. */
  g_assert_cmpint (human->status, ==, 0);
  assert_count_lines (human->out, json_array_get_length (array));
}

/* Not signed in to Microsoft 365: CONSOLE error with a hint. */
static void
test_mailboxes_not_signed_in (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_autoptr(CliRun) run = run_cli (emu, "mailboxes");

  g_assert_cmpint (run->status, ==, 5);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "baitbox-cli: listing mailboxes: "));
  g_assert_nonnull (strstr (run->err, "Sign in to Microsoft 365 from the Baitbox window first."));
}

/* On-premises Exchange: the password from BAITBOX_EXCHANGE_PASSWORD, never an option. */
static void
test_exchange (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_autoptr(CliRun) right = run_cli_env (emu, "BAITBOX_EXCHANGE_PASSWORD=" EXCHANGE_PASSWORD,
                                         "mailboxes", "--json", "--exchange",
                                         "--exchange-user", EXCHANGE_USER);
  g_autoptr(CliRun) wrong = run_cli_env (emu, "BAITBOX_EXCHANGE_PASSWORD=wrong-password",
                                         "mailboxes", "--exchange",
                                         "--exchange-user", EXCHANGE_USER);
  /* No environment variable and no terminal to ask on. */
  g_autoptr(CliRun) no_password = run_cli (emu, "mailboxes", "--exchange",
                                           "--exchange-user", EXCHANGE_USER);
  g_autoptr(CliRun) no_user = run_cli_env (emu, "BAITBOX_EXCHANGE_PASSWORD=" EXCHANGE_PASSWORD,
                                           "mailboxes", "--exchange");
  g_autoptr(CliRun) password_option = run_cli (emu, "mailboxes", "--exchange",
                                               "--exchange-user", EXCHANGE_USER,
                                               "--password", "x");
  g_autoptr(JsonNode) root = NULL;
  gint64 calls;

  g_assert_cmpint (right->status, ==, 0);
  root = parse_json (right->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), >, 0);

  /* The Console answers a CONSOLE error. */
  g_assert_cmpint (wrong->status, ==, 5);
  g_assert_true (g_str_has_prefix (wrong->err, "baitbox-cli: listing mailboxes: "));
  g_assert_null (strstr (wrong->err, "wrong-password"));
  g_assert_null (strstr (wrong->err, "Sign in to Microsoft 365"));

  calls = record_count (emu, "users/list");
  g_assert_cmpint (no_password->status, ==, 2);
  g_assert_nonnull (strstr (no_password->err, "BAITBOX_EXCHANGE_PASSWORD"));
  g_assert_cmpint (no_user->status, ==, 2);
  g_assert_cmpint (password_option->status, ==, 2);
  g_assert_cmpint (record_count (emu, "users/list"), ==, calls);
}

/* template get, template set, and what is refused before sending. */
static void
test_template (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_autofree char *html_path = write_temp ("<p>Quarterly bonus — été</p>\n");
  g_autofree char *empty_path = write_temp ("  \n");
  g_autoptr(CliRun) get = run_cli (emu, "template", "get", "--json");
  g_autoptr(CliRun) set = NULL;
  g_autoptr(CliRun) again = NULL;
  g_autoptr(CliRun) human = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) saved = NULL;
  JsonObject *object;

  g_assert_cmpint (get->status, ==, 0);
  root = parse_json (get->out);
  object = json_node_get_object (root);
  g_assert_nonnull (json_object_get_string_member (object, "subject"));
  g_assert_nonnull (json_object_get_string_member (object, "html"));
  g_assert_true (json_object_has_member (object, "sender"));

  set = run_cli (emu, "template", "set", "--subject", "Your bonus", "--html-file", html_path,
                 "--sender", "HR <hr@contoso.com>");
  g_assert_cmpint (set->status, ==, 0);
  g_assert_nonnull (strstr (set->out, "flock:default"));

  again = run_cli (emu, "--json", "template", "get");
  g_assert_cmpint (again->status, ==, 0);
  saved = parse_json (again->out);
  object = json_node_get_object (saved);
  g_assert_cmpstr (json_object_get_string_member (object, "subject"), ==, "Your bonus");
  g_assert_cmpstr (json_object_get_string_member (object, "html"), ==,
                   "<p>Quarterly bonus — été</p>\n");
  g_assert_cmpstr (json_object_get_string_member (object, "sender"), ==, "HR <hr@contoso.com>");

  human = run_cli (emu, "template", "get");
  g_assert_cmpint (human->status, ==, 0);
  g_assert_true (g_str_has_prefix (human->out, "Subject: Your bonus\nSender: HR <hr@contoso.com>\n"));
  g_assert_nonnull (strstr (human->out, "<p>Quarterly bonus"));

  /* Refused before anything is sent. */
  {
    gint64 calls = record_count (emu, "email");
    g_autoptr(CliRun) empty_subject = run_cli (emu, "template", "set", "--subject", " ",
                                               "--html-file", html_path);
    g_autoptr(CliRun) no_subject = run_cli (emu, "template", "set", "--html-file", html_path);
    g_autoptr(CliRun) empty_html = run_cli (emu, "template", "set", "--subject", "S",
                                            "--html-file", empty_path);
    g_autoptr(CliRun) missing = run_cli (emu, "template", "set", "--subject", "S",
                                         "--html-file", "/nonexistent/bait.html");
    g_autoptr(CliRun) no_html = run_cli (emu, "template", "set", "--subject", "S");

    for (CliRun *const *r = (CliRun *const[]) { empty_subject, no_subject, empty_html, missing,
                                                no_html, NULL };
         *r != NULL; r++)
      {
        g_assert_cmpint ((*r)->status, ==, 2);
        g_assert_true (g_str_has_prefix ((*r)->err, "baitbox-cli: "));
      }
    g_assert_cmpint (record_count (emu, "email"), ==, calls);
  }

  g_unlink (html_path);
  g_unlink (empty_path);
}

/* The user_emails of create call @index in the record, joined with ','. */
static char *
record_create_emails (BbTestEmulator *emu,
                      guint           index)
{
  g_autoptr(JsonObject) record = bb_test_emulator_get_record (emu);
  JsonArray *calls = json_object_get_array_member (record, "create_calls");
  JsonObject *call;
  JsonNode *emails;
  g_autoptr(GString) joined = g_string_new (NULL);

  g_assert_nonnull (calls);
  g_assert_cmpuint (json_array_get_length (calls), >, index);
  call = json_array_get_object_element (calls, index);
  emails = json_object_get_member (call, "user_emails");
  g_assert_nonnull (emails);

  if (JSON_NODE_HOLDS_VALUE (emails))
    return g_strdup (json_node_get_string (emails));

  for (guint i = 0; i < json_array_get_length (json_node_get_array (emails)); i++)
    {
      if (i > 0)
        g_string_append_c (joined, ',');
      g_string_append (joined, json_array_get_string_element (json_node_get_array (emails), i));
    }
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

#define SIGNED_IN (const char * const[]) { "--signed-in", NULL }

/* token FILE: one per line or comma-separated, blanks and spaces ignored,
 * duplicates merged before create. */
static void
test_token_submit (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (SIGNED_IN);
  g_autoptr(BbTestEmulator) emu2 = bb_test_emulator_start (SIGNED_IN);
  g_autofree char *path = write_temp ("ann@contoso.com\n\n  bob@contoso.com , ANN@contoso.com\n"
                                      "carl@contoso.com  \n\nbob@contoso.com\n");
  g_autoptr(CliRun) json = run_cli (emu, "token", path, "--yes", "--json");
  g_autoptr(CliRun) human = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *emails = NULL;

  g_assert_cmpint (json->status, ==, 0);
  root = parse_json (json->out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "submitted"), ==, 3);

  g_assert_cmpint (record_count (emu, "create"), ==, 1);
  emails = record_create_emails (emu, 0);
  g_assert_cmpstr (emails, ==, "ann@contoso.com,bob@contoso.com,carl@contoso.com");

  /* A second emulator: the first one's job may still run. */
  human = run_cli (emu2, "--yes", "token", path);
  g_assert_cmpint (human->status, ==, 0);
  g_assert_nonnull (strstr (human->out, "3 mailboxes"));
  g_assert_nonnull (strstr (human->err, "2 duplicate addresses merged"));
  g_assert_cmpint (record_count (emu2, "create"), ==, 1);

  g_unlink (path);
}

/* An invalid address refuses the whole command, naming it and its line. */
static void
test_token_invalid (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (SIGNED_IN);
  g_autofree char *path = write_temp ("ann@contoso.com\nbob@contoso.com\nnot-an-address\n"
                                      "carl@contoso.com\n");
  g_autofree char *empty = write_temp ("\n  \n");
  g_autoptr(CliRun) run = run_cli (emu, "token", "--yes", "--wait", path);
  g_autoptr(CliRun) stdin_run = run_cli_input (emu, "ann@contoso.com, bob@@contoso.com\n",
                                               "token", "--yes", "-");
  g_autoptr(CliRun) empty_run = run_cli (emu, "token", "--yes", empty);
  g_autoptr(CliRun) missing = run_cli (emu, "token", "--yes", "/nonexistent/list.txt");

  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_nonnull (strstr (run->err, "not-an-address"));
  g_assert_nonnull (strstr (run->err, "3"));

  g_assert_cmpint (stdin_run->status, ==, 2);
  g_assert_nonnull (strstr (stdin_run->err, "bob@@contoso.com"));
  g_assert_nonnull (strstr (stdin_run->err, "1"));

  g_assert_cmpint (empty_run->status, ==, 2);
  g_assert_cmpint (missing->status, ==, 2);

  g_assert_cmpint (record_count (emu, "create"), ==, 0);
  g_assert_cmpint (record_count (emu, "status"), ==, 0);
  g_unlink (path);
  g_unlink (empty);
}

/* Without a terminal, or with addresses on stdin, confirmation needs --yes. */
static void
test_token_needs_yes (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (SIGNED_IN);
  g_autofree char *path = write_temp ("ann@contoso.com\n");
  g_autoptr(CliRun) file = run_cli (emu, "token", path);
  g_autoptr(CliRun) piped = run_cli_input (emu, "ann@contoso.com\n", "token", "-");
  g_autoptr(CliRun) piped_yes = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (file->status, ==, 2);
  g_assert_nonnull (strstr (file->err, "--yes"));
  g_assert_cmpint (piped->status, ==, 2);
  g_assert_nonnull (strstr (piped->err, "--yes"));
  g_assert_cmpint (record_count (emu, "create"), ==, 0);

  piped_yes = run_cli_input (emu, "ann@contoso.com\nbob@contoso.com\n",
                             "token", "-", "--yes", "--json");
  g_assert_cmpint (piped_yes->status, ==, 0);
  root = parse_json (piped_yes->out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "submitted"), ==, 2);
  g_assert_cmpint (record_count (emu, "create"), ==, 1);
  g_unlink (path);
}

static void
assert_status_json (const char *text,
                    gint64      successful,
                    gint64      failed,
                    gint64      total,
                    gboolean    done)
{
  g_autoptr(JsonNode) root = parse_json (text);
  JsonObject *object = json_node_get_object (root);

  g_assert_nonnull (object);
  for (const char *const *name = (const char *const[]) { "successful", "failed", "total", NULL };
       *name != NULL; name++)
    g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, *name)), ==,
                     G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (object, "successful"), ==, successful);
  g_assert_cmpint (json_object_get_int_member (object, "failed"), ==, failed);
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, total);
  g_assert_cmpint (json_object_get_boolean_member (object, "done"), ==, done);
  g_assert_nonnull (json_object_get_array_member (object, "failed_users"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "failed_users")),
                    ==, failed);
}

/* token --wait follows the job to its end: exit 0 when every mailbox got the bait. */
static void
test_token_wait (void)
{
  g_autoptr(BbTestEmulator) emu =
    bb_test_emulator_start ((const char * const[]) { "--signed-in", "--insert-interval-ms", "100",
                                                     NULL });
  g_autofree char *path = write_temp ("ann@contoso.com,bob@contoso.com,carl@contoso.com\n");
  g_autoptr(CliRun) json = run_cli (emu, "token", path, "--yes", "--wait", "--json");
  g_autoptr(CliRun) human = run_cli (emu, "token", path, "--yes", "--wait");
  g_autoptr(CliRun) status = run_cli (emu, "status");

  g_assert_cmpint (json->status, ==, 0);
  assert_status_json (json->out, 3, 0, 3, TRUE);

  g_assert_cmpint (human->status, ==, 0);
  g_assert_cmpstr (human->out, ==, "3 of 3 done: 3 successful, 0 failed\n");
  /* stderr is not a terminal: no progress line. */
  g_assert_null (strstr (human->err, "done"));

  g_assert_cmpint (status->status, ==, 0);
  g_assert_cmpstr (status->out, ==, "3 of 3 done: 3 successful, 0 failed\n");
  g_unlink (path);
}

/* Exit 7: tokening finished with some mailboxes failed. */
static void
test_token_failed (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (SIGNED_IN);
  g_autofree char *path = write_temp ("ann@contoso.com\nfail.one@contoso.com\nbob@contoso.com\n");
  g_autoptr(CliRun) json = run_cli (emu, "token", path, "--yes", "--wait", "--json");
  g_autoptr(CliRun) status_wait = run_cli (emu, "status", "--wait");
  g_autoptr(CliRun) status = run_cli (emu, "status", "--json");
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (json->status, ==, 7);
  assert_status_json (json->out, 2, 1, 3, TRUE);
  root = parse_json (json->out);
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (json_node_get_object (root), "failed_users"), 0),
                   ==, "fail.one@contoso.com");

  g_assert_cmpint (status_wait->status, ==, 7);
  g_assert_cmpstr (status_wait->out, ==,
                   "3 of 3 done: 2 successful, 1 failed\nFailed: fail.one@contoso.com\n");

  /* Without --wait, status only reports. */
  g_assert_cmpint (status->status, ==, 0);
  assert_status_json (status->out, 2, 1, 3, TRUE);
  g_unlink (path);
}

/* create's reply lost after the job started: the client recovers it from status,
 * which is success with a note. Lost before the job: exit 4, the fate reported. */
static void
test_token_lost_reply (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (SIGNED_IN);
  g_autoptr(BbTestEmulator) fresh = bb_test_emulator_start (SIGNED_IN);
  g_autofree char *path = write_temp ("ann@contoso.com\nbob@contoso.com\n");
  g_autoptr(CliRun) recovered = NULL;
  g_autoptr(CliRun) dropped = NULL;

  bb_test_emulator_control (emu, "fault", "endpoint", "create", "kind", "drop-after-accept",
                            "count", "1", NULL);
  recovered = run_cli (emu, "token", path, "--yes", "--wait", "--json");
  g_assert_cmpint (recovered->status, ==, 0);
  g_assert_nonnull (strstr (recovered->err, "reply was lost"));
  assert_status_json (recovered->out, 2, 0, 2, TRUE);
  /* Never sent twice by the client. */
  g_assert_cmpint (record_count (emu, "create"), ==, 1);

  /* A Console without any job: status shows none, so the client knows nothing started. */
  bb_test_emulator_control (fresh, "fault", "endpoint", "create", "kind", "reset",
                            "count", "1", NULL);
  dropped = run_cli (fresh, "token", path, "--yes");
  g_assert_cmpint (dropped->status, ==, 4);
  g_assert_cmpstr (dropped->out, ==, "");
  g_assert_true (g_str_has_prefix (dropped->err, "baitbox-cli: inserting the bait email: "));
  g_assert_cmpint (record_count (fresh, "create"), ==, 1);
  g_unlink (path);
}

/* status with no job. */
static void
test_status_no_job (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_autoptr(CliRun) human = run_cli (emu, "status", "--wait");
  g_autoptr(CliRun) json = run_cli (emu, "status", "--json");

  g_assert_cmpint (human->status, ==, 0);
  g_assert_cmpstr (human->out, ==, "No tokening job in flock:default\n");
  g_assert_cmpint (json->status, ==, 0);
  assert_status_json (json->out, 0, 0, 0, FALSE);
}

/* Exits 4, 5 and 6 from faults; 4 from a closed port. */
static void
test_error_exits (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_autoptr(BbTestEmulator) gone = bb_test_emulator_start (NULL);
  g_autofree char *gone_url = g_strdup (bb_test_emulator_get_url (gone));
  g_autoptr(CliRun) server = NULL;
  g_autoptr(CliRun) console = NULL;
  g_autoptr(CliRun) malformed = NULL;
  g_autoptr(CliRun) closed = NULL;

  bb_test_emulator_control (emu, "fault", "endpoint", "ping", "kind", "html500",
                            "count", "3", NULL);
  server = run_cli (emu, "ping");
  g_assert_cmpint (server->status, ==, 4);
  g_assert_true (g_str_has_prefix (server->err, "baitbox-cli: checking the connection: "));
  g_assert_cmpint (record_count (emu, "ping"), ==, 3);

  bb_test_emulator_control (emu, "fault", "endpoint", "flocks", "kind", "error",
                            "count", "1", NULL);
  console = run_cli (emu, "flocks", "--json");
  g_assert_cmpint (console->status, ==, 5);
  g_assert_cmpstr (console->out, ==, "");
  g_assert_true (g_str_has_prefix (console->err, "baitbox-cli: listing flocks: "));

  bb_test_emulator_control (emu, "fault", "endpoint", "email", "kind", "malformed",
                            "count", "1", NULL);
  malformed = run_cli (emu, "template", "get");
  g_assert_cmpint (malformed->status, ==, 6);
  g_assert_true (g_str_has_prefix (malformed->err, "baitbox-cli: reading the bait email: "));

  g_clear_pointer (&gone, bb_test_emulator_stop);
  closed = run_cli (NULL, "--console", gone_url, "ping");
  g_assert_cmpint (closed->status, ==, 4);
  g_assert_true (g_str_has_prefix (closed->err, "baitbox-cli: checking the connection: "));
}

/* Ctrl+C: SIGINT once the progress line shows on the terminal → exit 130. */

typedef struct {
  GString  *text;
  gboolean  closed;
  guint8    buffer[256];
} PtyReader;

static void
pty_read_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  PtyReader *reader = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  /* EIO once the child closed the terminal counts as the end. */
  if (n <= 0)
    {
      reader->closed = TRUE;
      return;
    }

  g_string_append_len (reader->text, (const char *) reader->buffer, n);
  g_input_stream_read_async (G_INPUT_STREAM (source), reader->buffer, sizeof reader->buffer,
                             G_PRIORITY_DEFAULT, NULL, pty_read_cb, reader);
}

/* A pseudo-terminal: returns the master, *slave receives the slave's fd. */
static int
open_pty (int *slave)
{
  int master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);

  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  *slave = open (ptsname (master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (*slave, >=, 0);
  return master;
}

/* Runs the CLI with stderr on a terminal, waits for a progress line, sends SIGINT. */
static void
assert_interrupted (BbTestEmulator     *emu,
                    const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    new_launcher (emu, NULL, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(CliRun) run = NULL;
  PtyReader reader = { g_string_new (NULL), FALSE, { 0, } };
  int slave = -1;
  int master = open_pty (&slave);

  g_subprocess_launcher_take_stderr_fd (launcher, slave);
  process = bb_test_spawn_cli (launcher, args);
  /* Closes our copy of the slave, so the master reports the end once the CLI exits. */
  g_clear_object (&launcher);

  stream = g_unix_input_stream_new (master, TRUE);
  g_input_stream_read_async (stream, reader.buffer, sizeof reader.buffer, G_PRIORITY_DEFAULT,
                             NULL, pty_read_cb, &reader);
  while (strstr (reader.text->str, " done: ") == NULL && !reader.closed)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (reader.text->str, " done: "));

  g_subprocess_send_signal (process, SIGINT);
  run = communicate (process, NULL);
  g_assert_cmpint (run->status, ==, 130);
  g_assert_cmpstr (run->out, ==, "");

  while (!reader.closed)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("terminal: %s", reader.text->str);
  /* A progress line, redrawn in place. */
  g_assert_nonnull (strstr (reader.text->str, "\r\033[K"));
  g_assert_nonnull (strstr (reader.text->str, " of 60 done: "));
  assert_no_secret (reader.text->str);
  g_string_free (reader.text, TRUE);
}

static void
test_sigint (void)
{
  g_autoptr(BbTestEmulator) emu =
    bb_test_emulator_start ((const char * const[]) { "--signed-in", "--insert-interval-ms",
                                                     "1000", NULL });
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *path = NULL;

  for (guint i = 0; i < 60; i++)
    g_string_append_printf (list, "user%u@contoso.com\n", i);
  path = write_temp (list->str);

  assert_interrupted (emu, (const char * const[]) { "token", path, "--yes", "--wait", NULL });
  g_assert_cmpint (record_count (emu, "create"), ==, 1);
  /* The job still runs on the Console: status --wait follows it, Ctrl+C again. */
  assert_interrupted (emu, (const char * const[]) { "status", "--wait", NULL });
  g_unlink (path);
}

/* The token the window saved in the keyring for this Console is used when
 * BAITBOX_AUTH_TOKEN is empty; another Console's entry is not. */
static void
keyring_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  bb_secrets_store_token_finish (result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  bb_secrets_clear_token_finish (result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_keyring_token (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  const char *url = bb_test_emulator_get_url (emu);
  g_autoptr(CliRun) before = NULL;
  g_autoptr(CliRun) saved = NULL;
  g_autoptr(CliRun) other = NULL;
  g_autofree char *other_url = NULL;
  gboolean done = FALSE;

  if (g_getenv ("BB_REQUIRE_KEYRING") == NULL)
    {
      g_test_skip ("No keyring: run the suite with build-aux/run-tests");
      return;
    }

  before = run_cli_env (emu, "BAITBOX_AUTH_TOKEN=", "ping");
  g_assert_cmpint (before->status, ==, 2);
  g_assert_nonnull (strstr (before->err, "No API token"));

  bb_secrets_store_token_async (url, BB_TEST_TOKEN, NULL, keyring_done_cb, &done);
  bb_test_wait_for_flag (&done);

  saved = run_cli_env (emu, "BAITBOX_AUTH_TOKEN=", "ping");
  g_assert_cmpint (saved->status, ==, 0);

  /* Same emulator, reached through another spelling: a different Console entry. */
  other_url = g_strdup_printf ("http://localhost:%u", bb_test_emulator_get_port (emu));
  other = run_cli_env (emu, "BAITBOX_AUTH_TOKEN=", "ping", "--console", other_url);
  g_assert_cmpint (other->status, ==, 2);

  done = FALSE;
  bb_secrets_clear_token_async (url, NULL, cleared_cb, &done);
  bb_test_wait_for_flag (&done);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/cli/usage", test_usage);
  g_test_add_func ("/bb/cli/refused-setup", test_refused_setup);
  g_test_add_func ("/bb/cli/ping", test_ping);
  g_test_add_func ("/bb/cli/wrong-token", test_wrong_token);
  g_test_add_func ("/bb/cli/features", test_features);
  g_test_add_func ("/bb/cli/features-disabled", test_features_disabled);
  g_test_add_func ("/bb/cli/flocks", test_flocks);
  g_test_add_func ("/bb/cli/mailboxes", test_mailboxes);
  g_test_add_func ("/bb/cli/mailboxes-utf8", test_mailboxes_utf8);
  g_test_add_func ("/bb/cli/mailboxes-not-signed-in", test_mailboxes_not_signed_in);
  g_test_add_func ("/bb/cli/exchange", test_exchange);
  g_test_add_func ("/bb/cli/template", test_template);
  g_test_add_func ("/bb/cli/token-submit", test_token_submit);
  g_test_add_func ("/bb/cli/token-invalid", test_token_invalid);
  g_test_add_func ("/bb/cli/token-needs-yes", test_token_needs_yes);
  g_test_add_func ("/bb/cli/token-wait", test_token_wait);
  g_test_add_func ("/bb/cli/token-failed", test_token_failed);
  g_test_add_func ("/bb/cli/token-lost-reply", test_token_lost_reply);
  g_test_add_func ("/bb/cli/status-no-job", test_status_no_job);
  g_test_add_func ("/bb/cli/error-exits", test_error_exits);
  g_test_add_func ("/bb/cli/sigint", test_sigint);
  g_test_add_func ("/bb/cli/keyring-token", test_keyring_token);

  return g_test_run ();
}
