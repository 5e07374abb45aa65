/* bb-cli.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "bb-cli-private.h"
#include "bb-secrets.h"
#include "bb-console-address.h"

#define PROGNAME "baitbox-cli"
#define TIMEOUT_UNSET G_MININT

/* What a subcommand accepts besides the global options. */
typedef enum {
  CMD_EXCHANGE     = 1 << 0,   /* --exchange --exchange-user */
  CMD_CONFIRM      = 1 << 1,   /* --yes */
  CMD_WAIT         = 1 << 2,   /* --wait */
  CMD_TEMPLATE_SET = 1 << 3,   /* --subject --html-file --sender */
} CommandFlags;

typedef struct {
  const char   *name;
  const char   *word2;          /* second word ("template get"), or NULL */
  const char   *parameters;     /* positional arguments shown in the usage line */
  guint         n_args;
  CommandFlags  flags;
  const char   *summary;
  int         (*run) (BbCli *cli);
} Command;

static const Command commands[] = {
  { "ping", NULL, NULL, 0, 0,
    N_("Check the Console address and the API token."), _bb_cli_cmd_ping },
  { "features", NULL, NULL, 0, 0,
    N_("Show the Console’s feature flags."), _bb_cli_cmd_features },
  { "flocks", NULL, NULL, 0, 0,
    N_("List the flocks."), _bb_cli_cmd_flocks },
  { "mailboxes", NULL, NULL, 0, CMD_EXCHANGE,
    N_("List the organisation’s mailboxes."), _bb_cli_cmd_mailboxes },
  { "template", "get", NULL, 0, 0,
    N_("Show the flock’s bait email."), _bb_cli_cmd_template_get },
  { "template", "set", NULL, 0, CMD_TEMPLATE_SET,
    N_("Save the flock’s bait email."), _bb_cli_cmd_template_set },
  { "token", NULL, "FILE|-", 1, CMD_EXCHANGE | CMD_CONFIRM | CMD_WAIT,
    N_("Insert the bait email into the mailboxes listed in FILE (- for standard input)."),
    _bb_cli_cmd_token },
  { "status", NULL, NULL, 0, CMD_WAIT,
    N_("Show the progress of the flock’s tokening job."), _bb_cli_cmd_status },
};

/* Options that take a value, so the dispatcher can skip it while looking for the
 * subcommand among options given before it. */
static const char * const value_options[] = {
  "--console", "--flock", "--timeout", "--exchange-user", "--subject", "--html-file",
  "--sender", NULL,
};

static BbCli *
bb_cli_new (void)
{
  BbCli *cli = g_new0 (BbCli, 1);

  cli->cancellable = g_cancellable_new ();
  cli->timeout = TIMEOUT_UNSET;
  return cli;
}

static void
bb_cli_free (BbCli *cli)
{
  g_clear_handle_id (&cli->sigint_id, g_source_remove);
  g_clear_object (&cli->console);
  g_clear_object (&cli->cancellable);
  if (cli->exchange_password != NULL)
    memset (cli->exchange_password, 0, strlen (cli->exchange_password));
  g_clear_pointer (&cli->exchange_password, g_free);
  g_free (cli->console_address);
  g_free (cli->flock_id);
  g_free (cli->exchange_user);
  g_free (cli->subject);
  g_free (cli->html_file);
  g_free (cli->sender);
  g_strfreev (cli->args);
  g_free (cli);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BbCli, bb_cli_free)

/* The single place that finds the API token for a Console. The keyring lookup
 * (libsecret, keyed by @base_url) will be added here; until then only the
 * environment is read. An empty variable counts as unset. */
static char *
lookup_token (const char *base_url)
{
  const char *token = g_getenv ("BAITBOX_AUTH_TOKEN");
  g_autoptr(GError) error = NULL;
  char *saved;
  char *copy;

  if (token != NULL && *token != '\0')
    return g_strdup (token);

  /* The entry the window saves when it connects (one token per Console). No
   * Secret Service (a server, a container) is not an error: the environment
   * alone is used then, and the caller says how to provide the token. */
  saved = bb_secrets_lookup_token_sync (base_url, NULL, &error);
  if (saved == NULL)
    {
      if (error != NULL && !bb_secrets_error_is_unavailable (error))
        g_debug ("Could not read the keyring: %s", error->message);
      return NULL;
    }

  copy = g_strdup (saved);
  bb_secrets_free (saved);
  return copy;
}

static const char *
getenv_nonempty (const char *name)
{
  const char *value = g_getenv (name);

  return (value != NULL && *value != '\0') ? value : NULL;
}

static int
exit_code_for_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return BB_CLI_EXIT_CANCELLED;

  if (error->domain != BB_CONSOLE_ERROR)
    return BB_CLI_EXIT_FAILURE;

  switch ((BbConsoleError) error->code)
    {
    case BB_CONSOLE_ERROR_INVALID_INPUT:
      return BB_CLI_EXIT_USAGE;
    case BB_CONSOLE_ERROR_AUTH:
      return BB_CLI_EXIT_AUTH;
    case BB_CONSOLE_ERROR_NETWORK:
    case BB_CONSOLE_ERROR_TLS:
    case BB_CONSOLE_ERROR_TIMEOUT:
    case BB_CONSOLE_ERROR_SERVER:
    case BB_CONSOLE_ERROR_RATE_LIMITED:
      return BB_CLI_EXIT_RETRY;
    case BB_CONSOLE_ERROR_CONSOLE:
    case BB_CONSOLE_ERROR_UNSUPPORTED:
      return BB_CLI_EXIT_CONSOLE;
    case BB_CONSOLE_ERROR_PROTOCOL:
      return BB_CLI_EXIT_PROTOCOL;
    case BB_CONSOLE_ERROR_CANCELLED:
      return BB_CLI_EXIT_CANCELLED;
    default:
      return BB_CLI_EXIT_FAILURE;
    }
}

/* Prints "baitbox-cli: STEP: CAUSE[ HINT]" and returns the exit status for @error.
 * A cancellation (Ctrl+C) stays silent. */
int
_bb_cli_report_error (BbCli        *cli,
                      const char   *step,
                      const GError *error,
                      const char   *hint)
{
  int code = exit_code_for_error (error);

  _bb_cli_end_progress (cli);

  if (code == BB_CLI_EXIT_CANCELLED || g_cancellable_is_cancelled (cli->cancellable))
    return BB_CLI_EXIT_CANCELLED;

  if (hint != NULL)
    g_printerr ("%s: %s: %s %s\n", PROGNAME, step, error->message, hint);
  else
    g_printerr ("%s: %s: %s\n", PROGNAME, step, error->message);

  return code;
}

int
_bb_cli_usage_error (BbCli      *cli,
                     const char *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", PROGNAME, message);
  return BB_CLI_EXIT_USAGE;
}

void
_bb_cli_store_result_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Iterates the main context until the call stored its result. Ctrl+C cancels the
 * shared GCancellable, which makes the pending call finish with CANCELLED. */
void
_bb_cli_wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
set_flag_cb (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits @ms milliseconds; FALSE when cancelled first. */
gboolean
_bb_cli_sleep (BbCli *cli,
               guint  ms)
{
  gboolean fired = FALSE;
  guint id = g_timeout_add (ms, set_flag_cb, &fired);

  while (!fired && !g_cancellable_is_cancelled (cli->cancellable))
    g_main_context_iteration (NULL, TRUE);

  if (!fired)
    g_source_remove (id);

  return fired;
}

/* --json output: always UTF-8 whatever the locale, so it bypasses g_print's
 * charset conversion. */
void
_bb_cli_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *data = NULL;
  gsize length = 0;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  fwrite (data, 1, length, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

void
_bb_cli_end_progress (BbCli *cli)
{
  if (cli->progress_shown)
    {
      g_printerr ("\n");
      cli->progress_shown = FALSE;
    }
}

/* Normalises the Console address, finds the token and creates the client. */
int
_bb_cli_open_console (BbCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *token = NULL;
  const char *address = cli->console_address;
  const char *flock = cli->flock_id;

  if (address == NULL || *address == '\0')
    address = getenv_nonempty ("BAITBOX_CONSOLE");
  if (address == NULL)
    return _bb_cli_usage_error (cli, _("No Console address: pass --console or set BAITBOX_CONSOLE"));

  base_url = bb_console_address_normalize (address, &error);
  if (base_url == NULL)
    return _bb_cli_usage_error (cli, "%s", error->message);

  token = lookup_token (base_url);
  if (token == NULL)
    return _bb_cli_usage_error (cli, _("No API token: set BAITBOX_AUTH_TOKEN or save the token in Baitbox"));

  cli->console = bb_console_new (base_url, &error);
  if (cli->console == NULL)
    return _bb_cli_usage_error (cli, "%s", error->message);

  bb_console_set_auth_token (cli->console, token);
  memset (token, 0, strlen (token));

  if (flock == NULL || *flock == '\0')
    flock = getenv_nonempty ("BAITBOX_FLOCK");
  if (flock != NULL)
    bb_console_set_flock_id (cli->console, flock);

  if (cli->timeout != TIMEOUT_UNSET)
    {
      bb_console_set_timeout (cli->console, cli->timeout);
      bb_console_set_long_timeout (cli->console, cli->timeout);
    }

  return BB_CLI_EXIT_OK;
}

static gboolean
sigint_cb (gpointer user_data)
{
  BbCli *cli = user_data;

  g_cancellable_cancel (cli->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
add_global_entries (GOptionContext *context,
                    BbCli          *cli)
{
  const GOptionEntry entries[] = {
    { "console", 0, 0, G_OPTION_ARG_STRING, &cli->console_address,
      N_("The Console: a domain hash, a host name or a URL (default: $BAITBOX_CONSOLE)"),
      N_("URL|HASH") },
    { "flock", 0, 0, G_OPTION_ARG_STRING, &cli->flock_id,
      N_("The flock (default: $BAITBOX_FLOCK, else flock:default)"), N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json,
      N_("Print machine-readable JSON on standard output"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &cli->timeout,
      N_("Seconds to wait for each request"), N_("S") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &cli->version,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

static void
add_command_entries (GOptionContext *context,
                     BbCli          *cli,
                     CommandFlags    flags)
{
  const GOptionEntry exchange[] = {
    { "exchange", 0, 0, G_OPTION_ARG_NONE, &cli->exchange,
      N_("Use on-premises Exchange (password from $BAITBOX_EXCHANGE_PASSWORD or asked)"), NULL },
    { "exchange-user", 0, 0, G_OPTION_ARG_STRING, &cli->exchange_user,
      N_("The Exchange user name"), N_("USER") },
    { NULL }
  };
  const GOptionEntry confirm[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &cli->yes,
      N_("Do not ask for confirmation"), NULL },
    { NULL }
  };
  const GOptionEntry wait[] = {
    { "wait", 0, 0, G_OPTION_ARG_NONE, &cli->wait,
      N_("Follow the tokening job to its end"), NULL },
    { NULL }
  };
  const GOptionEntry template_set[] = {
    { "subject", 0, 0, G_OPTION_ARG_STRING, &cli->subject,
      N_("The subject"), N_("S") },
    { "html-file", 0, 0, G_OPTION_ARG_FILENAME, &cli->html_file,
      N_("A file holding the HTML body"), N_("F") },
    { "sender", 0, 0, G_OPTION_ARG_STRING, &cli->sender,
      N_("The sender, sent as given"), N_("A") },
    { NULL }
  };

  if (flags & CMD_EXCHANGE)
    g_option_context_add_main_entries (context, exchange, GETTEXT_PACKAGE);
  if (flags & CMD_CONFIRM)
    g_option_context_add_main_entries (context, confirm, GETTEXT_PACKAGE);
  if (flags & CMD_WAIT)
    g_option_context_add_main_entries (context, wait, GETTEXT_PACKAGE);
  if (flags & CMD_TEMPLATE_SET)
    g_option_context_add_main_entries (context, template_set, GETTEXT_PACKAGE);
}

/* "template get", "token FILE|-": the words of @command's usage line. */
static char *
command_usage (const Command *command)
{
  GString *usage = g_string_new (command->name);

  if (command->word2 != NULL)
    g_string_append_printf (usage, " %s", command->word2);
  if (command->parameters != NULL)
    g_string_append_printf (usage, " %s", command->parameters);

  return g_string_free (usage, FALSE);
}

static char *
describe_commands_and_exits (void)
{
  static const struct {
    int         code;
    const char *meaning;
  } exits[] = {
    { BB_CLI_EXIT_OK, N_("success") },
    { BB_CLI_EXIT_FAILURE, N_("an unexpected local failure") },
    { BB_CLI_EXIT_USAGE, N_("usage or invalid input: refused before anything was sent") },
    { BB_CLI_EXIT_AUTH, N_("the Console rejected the API token") },
    { BB_CLI_EXIT_RETRY, N_("network, TLS, timeout, server or rate-limit failure: worth retrying later") },
    { BB_CLI_EXIT_CONSOLE, N_("the Console refused the request, or does not offer it") },
    { BB_CLI_EXIT_PROTOCOL, N_("an unexpected reply from the Console") },
    { BB_CLI_EXIT_FAILED, N_("tokening finished with some mailboxes failed (token --wait, status --wait)") },
    { BB_CLI_EXIT_CANCELLED, N_("cancelled by Ctrl+C, or the confirmation declined") },
  };
  GString *text = g_string_new (_("Commands:"));

  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = command_usage (&commands[i]);

      g_string_append_printf (text, "  %-20s %s\n", usage, _(commands[i].summary));
    }

  g_string_append_c (text, '\n');
  g_string_append (text,
                   _("The API token comes from BAITBOX_AUTH_TOKEN or the token saved in Baitbox. "
                     "BAITBOX_CONSOLE and BAITBOX_FLOCK give defaults for --console and --flock. "
                     "Global options go before or after the command. Errors go to standard "
                     "error; with --json, results are printed as UTF-8 JSON on standard output."));
  g_string_append (text, "\n\n");
  g_string_append (text, _("Exit status:"));
  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (exits); i++)
    g_string_append_printf (text, "  %-4d %s\n", exits[i].code, _(exits[i].meaning));

  return g_string_free (text, FALSE);
}

static GOptionContext *
build_context (BbCli         *cli,
               const Command *command)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *description = describe_commands_and_exits ();
  g_autofree char *usage = NULL;

  if (command == NULL)
    usage = g_strdup (_("COMMAND [OPTION…]"));
  else
    usage = command_usage (command);

  context = g_option_context_new (usage);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, command != NULL
                                ? _(command->summary)
                                : _("Plant Canarytoken bait emails in Microsoft 365 mailboxes "
                                    "through a Canary Console."));
  g_option_context_set_description (context, description);
  add_global_entries (context, cli);
  if (command != NULL)
    add_command_entries (context, cli, command->flags);

  return g_steal_pointer (&context);
}

static gboolean
takes_value (const char *arg)
{
  return g_strv_contains (value_options, arg);
}

/* Finds the subcommand words among the arguments: the first argument that is not an
 * option nor an option's value. Returns the index of the first word or -1. */
static int
find_command_word (char **argv)
{
  for (int i = 1; argv[i] != NULL; i++)
    {
      if (g_str_equal (argv[i], "--"))
        return argv[i + 1] != NULL ? i + 1 : -1;
      if (argv[i][0] != '-' || argv[i][1] == '\0')
        return i;
      if (takes_value (argv[i]) && argv[i + 1] != NULL)
        i++;
    }

  return -1;
}

static int
usage_hint (const char *message)
{
  g_printerr ("%s: %s\n", PROGNAME, message);
  g_printerr (_("Try “%s --help” for more information."), PROGNAME);
  g_printerr ("\n");
  return BB_CLI_EXIT_USAGE;
}

static const Command *
lookup_command (char **argv,
                int    index,
                int   *n_words,
                int   *exit_code)
{
  const char *name = argv[index];
  const char *word2 = argv[index + 1];
  gboolean known_name = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (commands[i].name, name))
        continue;
      known_name = TRUE;
      if (commands[i].word2 == NULL)
        {
          *n_words = 1;
          return &commands[i];
        }
      if (word2 != NULL && g_str_equal (commands[i].word2, word2))
        {
          *n_words = 2;
          return &commands[i];
        }
    }

  if (known_name)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” needs get or set"), name);
      *exit_code = usage_hint (message);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Unknown command “%s”"), name);
      *exit_code = usage_hint (message);
    }

  return NULL;
}

/* Parses @argv into @cli. Returns the command (NULL with *exit_code set when the
 * program should exit now: --help, --version or a usage error). */
static const Command *
parse_arguments (BbCli  *cli,
                 char  **argv,
                 int    *exit_code)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) rest = g_strdupv (argv);
  const Command *command = NULL;
  int index = find_command_word (argv);
  int n_words = 0;

  if (index > 0)
    {
      command = lookup_command (argv, index, &n_words, exit_code);
      if (command == NULL)
        return NULL;

      /* Drop the command words; the options around them are parsed together. */
      for (int i = 0; i < n_words; i++)
        g_free (rest[index + i]);
      memmove (&rest[index], &rest[index + n_words],
               (g_strv_length (&rest[index + n_words]) + 1) * sizeof (char *));
    }

  context = build_context (cli, command);
  if (!g_option_context_parse_strv (context, &rest, &error))
    {
      *exit_code = usage_hint (error->message);
      return NULL;
    }

  if (cli->version)
    {
      g_print ("%s %s\n", PROGNAME, PACKAGE_VERSION);
      *exit_code = BB_CLI_EXIT_OK;
      return NULL;
    }

  if (command == NULL)
    {
      *exit_code = usage_hint (_("No command given"));
      return NULL;
    }

  if (g_strv_length (rest) - 1 != command->n_args)
    {
      g_autofree char *message = NULL;

      if (command->n_args == 0)
        message = g_strdup_printf (_("Unexpected argument “%s”"), rest[1]);
      else
        message = g_strdup_printf (_("Usage: %s %s %s"), PROGNAME, command->name,
                                   command->parameters);
      *exit_code = usage_hint (message);
      return NULL;
    }

  cli->args = g_strdupv (&rest[1]);
  return command;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(BbCli) cli = NULL;
  const Command *command;
  int exit_code = BB_CLI_EXIT_OK;

  setlocale (LC_ALL, "");
  /* BAITBOX_LOCALEDIR: the tests' uninstalled translations (tests/data). */
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("BAITBOX_LOCALEDIR") ? g_getenv ("BAITBOX_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname (PROGNAME);

  cli = bb_cli_new ();
  command = parse_arguments (cli, argv, &exit_code);
  if (command == NULL)
    return exit_code;

  if (cli->timeout != TIMEOUT_UNSET && cli->timeout <= 0)
    return usage_hint (_("--timeout must be a positive number of seconds"));

  /* Ctrl+C cancels whatever runs; each command then exits with 130. */
  cli->sigint_id = g_unix_signal_add (SIGINT, sigint_cb, cli);

  exit_code = command->run (cli);
  _bb_cli_end_progress (cli);

  if (exit_code != BB_CLI_EXIT_CANCELLED && g_cancellable_is_cancelled (cli->cancellable))
    exit_code = BB_CLI_EXIT_CANCELLED;

  return exit_code;
}
