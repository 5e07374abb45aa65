/* bb-cli-token.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "bb-address.h"
#include "bb-cli-private.h"

/* PROTOCOL.md 3.9: poll every 1–2 s while the job runs. */
#define POLL_INTERVAL_MS 1500
/* Right after create a Console may not show the job yet: how long a total of 0 is
 * taken for "not started yet" rather than "no job". */
#define JOB_APPEAR_POLLS 8

const char *
_bb_cli_signin_hint (BbCli        *cli,
                     const GError *error)
{
  if (!cli->exchange
      && g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CONSOLE)
      && strstr (error->message, "uthori") != NULL)
    return _("Sign in to Microsoft 365 from the Baitbox window first.");

  return NULL;
}

/* --exchange: the user name from --exchange-user, the password from
 * BAITBOX_EXCHANGE_PASSWORD or asked without echo on the terminal. Never an option. */
int
_bb_cli_exchange_setup (BbCli                 *cli,
                        BbExchangeCredentials *credentials)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prompt = NULL;
  const char *password;

  if (!cli->exchange)
    {
      if (cli->exchange_user != NULL)
        return _bb_cli_usage_error (cli, _("--exchange-user needs --exchange"));
      return BB_CLI_EXIT_OK;
    }

  if (cli->exchange_user == NULL || *cli->exchange_user == '\0')
    return _bb_cli_usage_error (cli, _("--exchange needs --exchange-user"));

  password = g_getenv ("BAITBOX_EXCHANGE_PASSWORD");
  if (password != NULL && *password != '\0')
    cli->exchange_password = g_strdup (password);
  else
    {
      prompt = g_strdup_printf (_("Exchange password for %s: "), cli->exchange_user);
      cli->exchange_password = _bb_cli_ask_password (prompt, cli->cancellable, &error);
      if (cli->exchange_password == NULL)
        {
          if (g_cancellable_is_cancelled (cli->cancellable))
            return BB_CLI_EXIT_CANCELLED;
          g_debug ("Cannot ask for the Exchange password: %s", error->message);
          return _bb_cli_usage_error (cli, _("No Exchange password: set BAITBOX_EXCHANGE_PASSWORD, "
                                             "or run on a terminal to type it"));
        }
    }

  credentials->username = cli->exchange_user;
  credentials->password = cli->exchange_password;
  return BB_CLI_EXIT_OK;
}

static void
add_counters (JsonBuilder         *builder,
              const BbTokenStatus *status)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "successful");
  json_builder_add_int_value (builder, status->successful);
  json_builder_set_member_name (builder, "failed");
  json_builder_add_int_value (builder, status->failed);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, status->total);
  json_builder_set_member_name (builder, "done");
  json_builder_add_boolean_value (builder, bb_token_status_is_finished (status));
  json_builder_set_member_name (builder, "failed_users");
  json_builder_begin_array (builder);
  for (guint i = 0; i < status->failed_users->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (status->failed_users, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* Prints the counters; with @waited, a job that ended with failures gives exit 7. */
int
_bb_cli_print_status (BbCli               *cli,
                      const BbTokenStatus *status,
                      gboolean             waited)
{
  gboolean failures = waited && bb_token_status_has_job (status) && status->failed > 0;

  _bb_cli_end_progress (cli);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      add_counters (builder, status);
      root = json_builder_get_root (builder);
      _bb_cli_print_json (root);
    }
  else if (!bb_token_status_has_job (status))
    {
      g_print (_("No tokening job in %s"), bb_console_get_flock_id (cli->console));
      g_print ("\n");
    }
  else
    {
      g_print (_("%lld of %lld done: %lld successful, %lld failed"),
               (long long) (status->successful + status->failed), (long long) status->total,
               (long long) status->successful, (long long) status->failed);
      if (!bb_token_status_is_finished (status))
        g_print (" %s", _("(still running)"));
      g_print ("\n");
      for (guint i = 0; i < status->failed_users->len; i++)
        {
          g_print (_("Failed: %s"), (const char *) g_ptr_array_index (status->failed_users, i));
          g_print ("\n");
        }
    }

  return failures ? BB_CLI_EXIT_FAILED : BB_CLI_EXIT_OK;
}

/* A progress line on stderr, only when stderr is a terminal. The counters shown
 * never move backwards (PROTOCOL.md 3.9). */
static void
show_progress (BbCli               *cli,
               const BbTokenStatus *status)
{
  if (!isatty (STDERR_FILENO))
    return;

  cli->shown_successful = MAX (cli->shown_successful, status->successful);
  cli->shown_failed = MAX (cli->shown_failed, status->failed);

  g_printerr ("\r\033[K");
  g_printerr (_("%lld of %lld done: %lld successful, %lld failed"),
              (long long) (cli->shown_successful + cli->shown_failed), (long long) status->total,
              (long long) cli->shown_successful, (long long) cli->shown_failed);
  cli->progress_shown = TRUE;
}

static BbTokenStatus *
fetch_status (BbCli   *cli,
              GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bb_console_status_async (cli->console, cli->cancellable, _bb_cli_store_result_cb, &result);
  _bb_cli_wait_for_result (&result);
  return bb_console_status_finish (cli->console, result, error);
}

/* Reads the status, and with --wait follows it to the end. @after_create allows
 * a few polls for the job to show up. */
int
_bb_cli_follow_status (BbCli    *cli,
                       gboolean  after_create)
{
  guint empty_polls = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BbTokenStatus) status = fetch_status (cli, &error);
      gboolean job_pending;

      if (status == NULL)
        return _bb_cli_report_error (cli, _("reading the tokening status"), error, NULL);

      job_pending = after_create && !bb_token_status_has_job (status)
                    && ++empty_polls < JOB_APPEAR_POLLS;

      if (!cli->wait
          || (!job_pending && (!bb_token_status_has_job (status)
                               || bb_token_status_is_finished (status))))
        return _bb_cli_print_status (cli, status, cli->wait);

      if (bb_token_status_has_job (status))
        show_progress (cli, status);

      if (!_bb_cli_sleep (cli, POLL_INTERVAL_MS))
        return BB_CLI_EXIT_CANCELLED;
    }
}

/* Reads FILE (or standard input for "-") into a validated, de-duplicated set. */
static int
load_addresses (BbCli         *cli,
                BbAddressSet **out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BbAddressSet) set = NULL;
  g_autofree char *text = NULL;
  const char *path = cli->args[0];
  gsize length = 0;
  guint n_duplicates = 0;

  if (!_bb_cli_read_input (path, &text, &length, &error))
    return _bb_cli_usage_error (cli, _("reading addresses: %s"), error->message);

  set = bb_address_list_parse (text, length, &n_duplicates, &error);
  if (set == NULL)
    return _bb_cli_usage_error (cli, _("reading addresses from %s: %s"),
                                g_str_equal (path, "-") ? _("standard input") : path,
                                error->message);

  if (bb_address_set_get_length (set) == 0)
    return _bb_cli_usage_error (cli, _("No addresses in %s"),
                                g_str_equal (path, "-") ? _("standard input") : path);

  if (n_duplicates > 0 && !cli->json)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u duplicate address merged\n",
                             "%u duplicate addresses merged\n", n_duplicates),
                n_duplicates);

  *out = g_steal_pointer (&set);
  return BB_CLI_EXIT_OK;
}

static gboolean
is_yes (const char *answer)
{
  g_autofree char *folded = g_utf8_casefold (answer, -1);

  g_strstrip (folded);
  return g_str_equal (folded, "y") || g_str_equal (folded, "yes")
         /* Translators: a short "yes" answer to a [y/N] question, lower case */
         || g_str_equal (folded, C_("answer", "y"))
         /* Translators: a "yes" answer to a [y/N] question, lower case */
         || g_str_equal (folded, C_("answer", "yes"));
}

/* "Insert … ? [y/N]" on the terminal, unless --yes. */
static int
confirm (BbCli *cli,
         guint  n_addresses)
{
  g_autofree char *answer = NULL;

  if (cli->yes)
    return BB_CLI_EXIT_OK;

  if (g_str_equal (cli->args[0], "-"))
    return _bb_cli_usage_error (cli, _("The addresses come from standard input, so there is no "
                                       "terminal to confirm on: pass --yes"));
  if (!isatty (STDIN_FILENO))
    return _bb_cli_usage_error (cli, _("No terminal to confirm on: pass --yes to insert "
                                       "without asking"));

  g_printerr (g_dngettext (GETTEXT_PACKAGE,
                           "Insert the bait email into %u mailbox of flock %s? [y/N] ",
                           "Insert the bait email into %u mailboxes of flock %s? [y/N] ",
                           n_addresses),
              n_addresses, bb_console_get_flock_id (cli->console));

  answer = _bb_cli_read_tty_line (STDIN_FILENO, TRUE, cli->cancellable);
  if (answer == NULL || !is_yes (answer))
    {
      if (!g_cancellable_is_cancelled (cli->cancellable))
        g_printerr ("%s\n", _("Nothing was sent."));
      else
        g_printerr ("\n");
      return BB_CLI_EXIT_CANCELLED;
    }

  return BB_CLI_EXIT_OK;
}

static int
print_submitted (BbCli *cli,
                 guint  n_addresses)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "submitted");
      json_builder_add_int_value (builder, n_addresses);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      _bb_cli_print_json (root);
    }
  else
    {
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "Inserting the bait email into %u mailbox of %s; follow it with “baitbox-cli status --wait”",
                            "Inserting the bait email into %u mailboxes of %s; follow it with “baitbox-cli status --wait”",
                            n_addresses),
               n_addresses, bb_console_get_flock_id (cli->console));
      g_print ("\n");
    }

  return BB_CLI_EXIT_OK;
}

int
_bb_cli_cmd_token (BbCli *cli)
{
  g_autoptr(BbAddressSet) set = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  BbExchangeCredentials exchange = { NULL, NULL };
  BbCreateOutcome outcome = BB_CREATE_ACCEPTED;
  guint n_addresses;
  int code;

  if ((code = load_addresses (cli, &set)) != BB_CLI_EXIT_OK ||
      (code = _bb_cli_open_console (cli)) != BB_CLI_EXIT_OK ||
      (code = _bb_cli_exchange_setup (cli, &exchange)) != BB_CLI_EXIT_OK)
    return code;

  n_addresses = bb_address_set_get_length (set);
  if ((code = confirm (cli, n_addresses)) != BB_CLI_EXIT_OK)
    return code;

  bb_console_create_async (cli->console, bb_address_set_peek (set), n_addresses,
                           cli->exchange ? &exchange : NULL, cli->cancellable,
                           _bb_cli_store_result_cb, &result);
  _bb_cli_wait_for_result (&result);
  if (!bb_console_create_finish (cli->console, result, &outcome, &error))
    return _bb_cli_report_error (cli, _("inserting the bait email"), error,
                                 _bb_cli_signin_hint (cli, error));

  if (outcome == BB_CREATE_RECOVERED)
    g_printerr ("%s\n", _("The Console’s reply was lost, but the job is running on the Console."));

  if (!cli->wait)
    return print_submitted (cli, n_addresses);

  return _bb_cli_follow_status (cli, TRUE);
}
