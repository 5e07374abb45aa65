/* test-secrets-cli.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Issue 4, "Secrets, tested": every baitbox-cli command, on its success path and on
 * its failure paths, runs with G_MESSAGES_DEBUG=all and a file-based GSettings
 * backend. Afterwards the API token and the Exchange password, fresh random strings
 * for this run, must appear in no output line, in no file of the settings folder or
 * the temporary HOME, in no request the emulator saw other than in the token header,
 * and in no file under the build folder.
 *
 * This test never prints either secret: the test log ends up in the build folder too.
 */

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "bb-test-utils.h"

typedef struct {
  char           *token;
  char           *password;
  char           *home;      /* temporary HOME, XDG_CONFIG_HOME under it */
  BbTestEmulator *emu;
  GString        *output;    /* every run's stdout and stderr */
  guint           n_runs;
} Fixture;

/* A fresh secret: nothing in the tree or the binaries can hold it by chance. */
static char *
random_secret (const char *kind)
{
  GString *secret = g_string_new ("bbsec-");

  g_string_append (secret, kind);
  g_string_append_c (secret, '-');
  for (guint i = 0; i < 4; i++)
    g_string_append_printf (secret, "%08x", g_random_int ());

  return g_string_free (secret, FALSE);
}

static gboolean
holds_secret (Fixture    *fixture,
              const char *data,
              gsize       length)
{
  return memmem (data, length, fixture->token, strlen (fixture->token)) != NULL ||
         memmem (data, length, fixture->password, strlen (fixture->password)) != NULL;
}

/* Runs baitbox-cli @args with @env overrides ("NAME=VALUE"); output kept for the
 * final check, never printed whole. */
static void
run_cli (Fixture            *fixture,
         const char * const *env,
         const char * const *args,
         BbTestCliRun       *run)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *config = g_build_filename (fixture->home, ".config", NULL);

  g_subprocess_launcher_setenv (launcher, "HOME", fixture->home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_setenv (launcher, "BAITBOX_CONSOLE", bb_test_emulator_get_url (fixture->emu),
                                TRUE);
  g_subprocess_launcher_setenv (launcher, "BAITBOX_AUTH_TOKEN", fixture->token, TRUE);
  g_subprocess_launcher_setenv (launcher, "BAITBOX_EXCHANGE_PASSWORD", fixture->password, TRUE);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  process = bb_test_spawn_cli (launcher, args);
  bb_test_cli_communicate (process, NULL, run);
  g_string_append (fixture->output, run->out);
  g_string_append (fixture->output, run->err);
  fixture->n_runs++;

  /* Checked per run, so a failure names the command (never the secret). */
  if (holds_secret (fixture, run->out, strlen (run->out)) ||
      holds_secret (fixture, run->err, strlen (run->err)))
    g_error ("A secret appeared in the output of baitbox-cli %s", args[0]);
  g_test_message ("baitbox-cli %s: exit %d, %zu bytes of output", args[0], run->status,
                  strlen (run->out) + strlen (run->err));
}

#define RUN(fixture, env, status_, ...) G_STMT_START {                               \
    g_auto(BbTestCliRun) run_ = { 0, };                                              \
    run_cli ((fixture), (env), (const char * const[]) { __VA_ARGS__, NULL }, &run_); \
    g_assert_cmpint (run_.status, ==, (status_));                                    \
  } G_STMT_END
#define ENV(...) ((const char * const[]) { __VA_ARGS__, NULL })

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->home, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Every file under @dir (symbolic links not followed): fails when one holds a secret.
 * Returns how many files were read. */
static guint
assert_no_secret_under (Fixture    *fixture,
                        const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (handle == NULL)
    return 0;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf buf;

      if (g_lstat (path, &buf) != 0)
        continue;
      if (S_ISDIR (buf.st_mode))
        n += assert_no_secret_under (fixture, path);
      else if (S_ISREG (buf.st_mode) && buf.st_size > 0)
        {
          g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);

          /* Files that vanish or cannot be read (another test's) are skipped. */
          if (file == NULL)
            continue;
          if (holds_secret (fixture, g_mapped_file_get_contents (file),
                            g_mapped_file_get_length (file)))
            g_error ("A secret was written to %s", path);
          n++;
        }
    }

  return n;
}

/* rm -r @path (no symbolic links followed). */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* The emulator saw the token only in the header, and never a value that holds a
 * secret in a path, a query key or a form key. */
static void
assert_record_clean (Fixture *fixture)
{
  g_autoptr(JsonObject) record = bb_test_emulator_get_record (fixture->emu);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), record);
  g_autofree char *text = json_to_string (node, FALSE);
  JsonArray *requests = json_object_get_array_member (record, "requests");

  g_assert_false (holds_secret (fixture, text, strlen (text)));
  g_assert_cmpuint (json_array_get_length (requests), >, 20);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      JsonArray *token_in = json_object_get_array_member (request, "token_in");

      g_assert_cmpuint (json_array_get_length (token_in), ==, 1);
      g_assert_cmpstr (json_array_get_string_element (token_in, 0), ==, "header");
    }
}

static void
test_every_command (void)
{
  g_autoptr(GError) error = NULL;
  Fixture f = { 0, };
  g_autofree char *list = NULL;
  g_autofree char *exchange_list = NULL;
  g_autofree char *html = NULL;
  g_autofree char *keyfile = NULL;
  const char *build_root = g_getenv ("BB_BUILD_ROOT");
  const char *exchange_user = "exchange-admin";
  guint n_files;

  g_assert_nonnull (build_root);
  f.token = random_secret ("token");
  f.password = random_secret ("password");
  f.home = g_dir_make_tmp ("bb-secrets-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f.output = g_string_new (NULL);
  f.emu = bb_test_emulator_start ((const char * const[]) { "--token", f.token, "--signed-in",
                                                           "--insert-interval-ms", "10", NULL });
  bb_test_emulator_control (f.emu, "config", "exchange_password", f.password, NULL);

  list = write_file (&f, "list.txt", "ann@contoso.com\nfail.one@contoso.com\nbob@contoso.com\n");
  exchange_list = write_file (&f, "exchange.txt", "chloe@fabrikam.example\n");
  html = write_file (&f, "bait.html", "<p>Your statement is ready</p>");

  /* Every command, human and JSON. */
  RUN (&f, NULL, 0, "ping");
  RUN (&f, NULL, 0, "ping", "--json");
  RUN (&f, NULL, 0, "features");
  RUN (&f, NULL, 0, "flocks", "--json");
  RUN (&f, NULL, 0, "mailboxes");
  RUN (&f, NULL, 0, "mailboxes", "--json", "--exchange", "--exchange-user", exchange_user);
  RUN (&f, NULL, 0, "template", "get");
  RUN (&f, NULL, 0, "template", "set", "--subject", "Quarterly bonus", "--html-file", html);
  RUN (&f, NULL, 0, "template", "get", "--json");
  RUN (&f, NULL, 7, "token", list, "--yes", "--wait");
  RUN (&f, NULL, 0, "status");
  RUN (&f, NULL, 7, "status", "--wait", "--json");
  RUN (&f, NULL, 0, "token", exchange_list, "--yes", "--wait", "--json",
       "--exchange", "--exchange-user", exchange_user);
  RUN (&f, NULL, 0, "--flock", "flock:london", "status");

  /* Failure paths, where messages and debug logs say the most. */
  RUN (&f, ENV ("BAITBOX_EXCHANGE_PASSWORD=wrong-password"), 5,
       "mailboxes", "--exchange", "--exchange-user", exchange_user);
  {
    g_autofree char *wrong = g_strconcat (f.token, "-wrong", NULL);
    g_autofree char *wrong_env = g_strconcat ("BAITBOX_AUTH_TOKEN=", wrong, NULL);

    RUN (&f, ENV (wrong_env), 3, "flocks");
  }
  bb_test_emulator_control (f.emu, "fault", "endpoint", "ping", "kind", "html500", "count", "0",
                            NULL);
  RUN (&f, NULL, 4, "ping");
  bb_test_emulator_control (f.emu, "fault", "endpoint", "features", "kind", "malformed", NULL);
  RUN (&f, NULL, 6, "features");
  bb_test_emulator_control (f.emu, "fault", "endpoint", "users/list", "kind", "nonjson", NULL);
  RUN (&f, NULL, 6, "mailboxes", "--exchange", "--exchange-user", exchange_user);
  bb_test_emulator_control (f.emu, "fault", "endpoint", "email", "kind", "invalid-utf8", NULL);
  RUN (&f, NULL, 6, "template", "get");
  bb_test_emulator_control (f.emu, "fault", "endpoint", "create", "kind", "drop-after-accept",
                            NULL);
  RUN (&f, NULL, 0, "token", exchange_list, "--yes", "--wait",
       "--exchange", "--exchange-user", exchange_user);
  bb_test_emulator_control (f.emu, "fault", "endpoint", "status", "kind", "error", NULL);
  RUN (&f, NULL, 5, "status");
  bb_test_emulator_control (f.emu, "clear-faults", NULL);

  /* The debug log was really on: the check below looked at something. */
  g_assert_nonnull (strstr (f.output->str, "-DEBUG"));
  g_assert_false (holds_secret (&f, f.output->str, f.output->len));

  /* Settings: whatever the keyfile backend wrote, and anything else in HOME. */
  keyfile = g_build_filename (f.home, ".config", "glib-2.0", "settings", "keyfile", NULL);
  if (g_file_test (keyfile, G_FILE_TEST_EXISTS))
    g_test_message ("The CLI wrote GSettings keys");
  assert_no_secret_under (&f, f.home);

  assert_record_clean (&f);

  /* The build folder, binaries and logs included. */
  n_files = assert_no_secret_under (&f, build_root);
  g_assert_cmpuint (n_files, >, 10);
  g_test_message ("%u runs, %zu bytes of output, %u files in the build folder checked",
                  f.n_runs, f.output->len, n_files);

  g_clear_pointer (&f.emu, bb_test_emulator_stop);
  remove_tree (f.home);
  g_string_free (f.output, TRUE);
  g_free (f.home);
  g_free (f.password);
  g_free (f.token);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/security/cli/every-command", test_every_command);

  return g_test_run ();
}
