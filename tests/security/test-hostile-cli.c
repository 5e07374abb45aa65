/* test-hostile-cli.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Issue 4, bad-input catalogue (tests/README.md), the CLI's side: every hostile reply
 * of PROTOCOL.md sections 2 and 5 that tests/cli does not already try, each against
 * the command a script would run. What the user sees is one line on standard error,
 * "baitbox-cli: <step>: <reason>", nothing on standard output, and the documented
 * exit status; never a crash, a hang or a partial result.
 */

#include <string.h>

#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "bb-test-utils.h"

static void
run_cli (BbTestEmulator     *emu,
         const char * const *args,
         BbTestCliRun       *run)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;

  g_subprocess_launcher_setenv (launcher, "BAITBOX_CONSOLE", bb_test_emulator_get_url (emu), TRUE);
  g_subprocess_launcher_setenv (launcher, "BAITBOX_AUTH_TOKEN", BB_TEST_TOKEN, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");

  process = bb_test_spawn_cli (launcher, args);
  bb_test_cli_communicate (process, NULL, run);

  /* Exited, not killed: a crash is never an answer. */
  g_assert_true (run->exited);
  g_test_message ("exit %d, stderr: %s", run->status, run->err);
}

static gint64
record_count (BbTestEmulator *emu,
              const char     *endpoint)
{
  g_autoptr(JsonObject) record = bb_test_emulator_get_record (emu);
  JsonObject *counts = json_object_get_object_member (record, "counts");

  return json_object_has_member (counts, endpoint) ? json_object_get_int_member (counts, endpoint)
                                                   : 0;
}

static guint
count_error_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "baitbox-cli: "))
      n++;

  return n;
}

/* One fault on one endpoint, the command that meets it, what the user must see. */
typedef struct {
  const char *name;
  const char *endpoint;
  const char *kind;
  const char *args[6];       /* the command, NULL-terminated */
  int         status;        /* exit status */
  const char *step;          /* "baitbox-cli: <step>: " */
  const char *says;          /* part of the reason */
  int         max_requests;  /* how often the endpoint may be asked (retries), 0: any */
} Case;

static const Case cases[] = {
  { "malformed", "users/list", "malformed", { "mailboxes", NULL }, 6,
    "listing mailboxes", "Unexpected reply from the Console", 1 },
  { "truncated", "flocks", "reset", { "flocks", NULL }, 4,
    "listing flocks", "Could not reach 127.0.0.1", 3 },
  { "oversized", "ping", "oversized", { "ping", NULL }, 6,
    "checking the connection", "larger than 4 MiB", 1 },
  { "oversized-users-list", "users/list", "oversized", { "mailboxes", "--json", NULL }, 6,
    "listing mailboxes", "larger than 256 MiB", 1 },
  { "non-json", "users/list", "nonjson", { "mailboxes", NULL }, 6,
    "listing mailboxes", "Unexpected reply from the Console", 1 },
  { "html-500", "status", "html500", { "status", NULL }, 4,
    "reading the tokening status", "internal error (HTTP 500", 3 },
  { "429", "users/list", "429", { "mailboxes", NULL }, 4,
    "listing mailboxes", "busy", 3 },
  { "429-create", "create", "429", { "token", "@LIST@", "--yes", NULL }, 4,
    "inserting the bait email", "busy", 1 },
  { "reset-users-list", "users/list", "reset", { "mailboxes", NULL }, 4,
    "listing mailboxes", "Could not reach 127.0.0.1", 3 },
  { "timeout", "users/list", "hang", { "--timeout", "1", "mailboxes", NULL }, 4,
    "listing mailboxes", "timed out after 1 second", 1 },
  { "never-answers", "ping", "hang", { "ping", "--timeout", "1", NULL }, 4,
    "checking the connection", "timed out", 1 },
  { "invalid-utf8", "email", "invalid-utf8", { "template", "get", NULL }, 6,
    "reading the bait email", "not UTF-8", 1 },
  { "invalid-utf8-users-list", "users/list", "invalid-utf8", { "mailboxes", "--json", NULL }, 6,
    "listing mailboxes", "not UTF-8", 1 },
  { "404", "email", "404", { "template", "get", NULL }, 5,
    "reading the bait email", "does not offer", 1 },
  { "console-error", "create", "error", { "token", "@LIST@", "--yes", NULL }, 5,
    "inserting the bait email", "Simulated Console error", 1 },
  /* A member the command needs is missing, or of another JSON type. */
  { "missing-field/ping", "ping", "missing-field", { "ping", NULL }, 6,
    "checking the connection", "Unexpected reply from the Console", 1 },
  { "missing-field/flocks", "flocks", "missing-field", { "flocks", NULL }, 6,
    "listing flocks", "“flocks” is missing", 1 },
  { "missing-field/users-list", "users/list", "missing-field", { "mailboxes", "--json", NULL }, 6,
    "listing mailboxes", "“user_emails” is missing", 1 },
  { "missing-field/email", "email", "missing-field", { "template", "get", NULL }, 6,
    "reading the bait email", "“html” is missing", 1 },
  { "missing-field/create", "create", "missing-field", { "token", "@LIST@", "--yes", NULL }, 6,
    "inserting the bait email", "Unexpected reply from the Console", 1 },
  { "missing-field/status", "status", "missing-field", { "status", "--json", NULL }, 6,
    "reading the tokening status", "“total” is missing", 1 },
  { "wrong-type/ping", "ping", "wrong-type", { "ping", NULL }, 6,
    "checking the connection", "Unexpected reply from the Console", 1 },
  { "wrong-type/features", "features", "wrong-type", { "features", NULL }, 6,
    "reading the Console’s features", "“features” has the wrong type", 1 },
  { "wrong-type/flocks", "flocks", "wrong-type", { "flocks", "--json", NULL }, 6,
    "listing flocks", "“flocks” has the wrong type", 1 },
  { "wrong-type/users-list", "users/list", "wrong-type", { "mailboxes", NULL }, 6,
    "listing mailboxes", "“user_emails” has the wrong type", 1 },
  { "wrong-type/email", "email", "wrong-type", { "template", "get", NULL }, 6,
    "reading the bait email", "“html” has the wrong type", 1 },
  { "wrong-type/create", "create", "wrong-type", { "token", "@LIST@", "--yes", NULL }, 6,
    "inserting the bait email", "Unexpected reply from the Console", 1 },
  { "wrong-type/status", "status", "wrong-type", { "status", NULL }, 6,
    "reading the tokening status", "“total” has the wrong type", 1 },
};

static void
test_fault (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(BbTestEmulator) emu =
    bb_test_emulator_start ((const char * const[]) { "--signed-in", NULL });
  g_autofree char *list = NULL;
  g_autofree char *prefix = g_strdup_printf ("baitbox-cli: %s: ", c->step);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(BbTestCliRun) run = { 0, };
  int fd;

  fd = g_file_open_tmp ("bb-hostile-XXXXXX", &list, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (list, "ann@contoso.com\nbob@contoso.com\n", -1, NULL));
  for (guint i = 0; c->args[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) (g_str_equal (c->args[i], "@LIST@") ? list : c->args[i]));
  g_ptr_array_add (args, NULL);

  bb_test_emulator_control (emu, "fault", "endpoint", c->endpoint, "kind", c->kind,
                            "count", "0", "size_mb", "300", "retry_after", "1", NULL);
  run_cli (emu, (const char * const *) args->pdata, &run);

  g_assert_cmpint (run.status, ==, c->status);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, prefix));
  g_assert_nonnull (strstr (run.err, c->says));
  /* One line, whatever arrived (a 300 MiB body, HTML, bytes that are not UTF-8). */
  g_assert_cmpuint (strlen (run.err), <, 512);
  g_assert_true (g_utf8_validate (run.err, -1, NULL));
  g_assert_cmpuint (count_error_lines (run.err), ==, 1);
  g_assert_null (strstr (run.err, "<html"));
  if (c->max_requests > 0)
    g_assert_cmpint (record_count (emu, c->endpoint), <=, c->max_requests);
  /* create is never sent twice. */
  g_assert_cmpint (record_count (emu, "create"), <=, 1);

  g_unlink (list);
}

/* An unknown flock: the Console's own message, exit 5. */
static void
test_unknown_flock (void)
{
  g_autoptr(BbTestEmulator) emu = bb_test_emulator_start (NULL);
  g_auto(BbTestCliRun) status = { 0, };
  g_auto(BbTestCliRun) mailboxes = { 0, };

  run_cli (emu, (const char * const[]) { "--flock", "flock:nope", "status", NULL }, &status);
  g_assert_cmpint (status.status, ==, 5);
  g_assert_cmpstr (status.out, ==, "");
  g_assert_true (g_str_has_prefix (status.err, "baitbox-cli: reading the tokening status: "
                                               "Flock not found"));

  run_cli (emu, (const char * const[]) { "mailboxes", "--flock", "flock:nope", NULL }, &mailboxes);
  g_assert_cmpint (mailboxes.status, ==, 5);
  g_assert_true (g_str_has_prefix (mailboxes.err, "baitbox-cli: listing mailboxes: "
                                                  "Flock not found"));
}

/* Counters sent as strings ("12"), flat or nested under "status": printed as numbers. */
static void
test_numbers_as_strings (void)
{
  g_autoptr(BbTestEmulator) emu =
    bb_test_emulator_start ((const char * const[]) { "--signed-in", "--insert-interval-ms", "5",
                                                     NULL });
  g_autofree char *list = NULL;
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("bb-hostile-XXXXXX", &list, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (list, "ann@contoso.com\nfail.one@contoso.com\n", -1, NULL));
  bb_test_emulator_control (emu, "config", "status_strings", "true", NULL);

  for (const char * const *shape = (const char * const[]) { "flat", "nested", NULL }; *shape; shape++)
    {
      g_auto(BbTestCliRun) token = { 0, };
      g_auto(BbTestCliRun) status = { 0, };
      g_autoptr(JsonNode) root = NULL;
      JsonObject *object;

      bb_test_emulator_control (emu, "config", "status_shape", *shape, NULL);
      run_cli (emu, (const char * const[]) { "token", list, "--yes", "--wait", NULL }, &token);
      g_assert_cmpint (token.status, ==, 7);
      g_assert_cmpstr (token.out, ==, "2 of 2 done: 1 successful, 1 failed\n"
                                      "Failed: fail.one@contoso.com\n");

      run_cli (emu, (const char * const[]) { "status", "--json", NULL }, &status);
      g_assert_cmpint (status.status, ==, 0);
      root = json_from_string (status.out, &error);
      g_assert_no_error (error);
      object = json_node_get_object (root);
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "successful")),
                       ==, G_TYPE_INT64);
      g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 2);
    }
  g_unlink (list);
}

/* 100,000 mailboxes through a pipe: every one printed, as valid JSON. */
static void
test_100000_mailboxes (void)
{
  g_autoptr(BbTestEmulator) emu =
    bb_test_emulator_start ((const char * const[]) { "--signed-in", "--users", "100000", NULL });
  g_auto(BbTestCliRun) run = { 0, };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  run_cli (emu, (const char * const[]) { "mailboxes", "--json", NULL }, &run);
  g_test_message ("100,000 mailboxes listed in %.0f ms", g_timer_elapsed (timer, NULL) * 1000);
  g_assert_cmpint (run.status, ==, 0);
  root = json_from_string (run.out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 100000);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_node_get_array (root), 99999), "email"),
                   !=, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bb/hostile/cli/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_fault);
    }
  g_test_add_func ("/bb/hostile/cli/unknown-flock", test_unknown_flock);
  g_test_add_func ("/bb/hostile/cli/numbers-as-strings", test_numbers_as_strings);
  g_test_add_func ("/bb/hostile/cli/100000-mailboxes", test_100000_mailboxes);

  return g_test_run ();
}
