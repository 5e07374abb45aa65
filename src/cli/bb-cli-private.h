/* bb-cli-private.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bb-console.h"

G_BEGIN_DECLS

/* The exit statuses documented in --help. */
typedef enum {
  BB_CLI_EXIT_OK        = 0,
  BB_CLI_EXIT_FAILURE   = 1,   /* an unexpected local failure */
  BB_CLI_EXIT_USAGE     = 2,   /* usage or invalid input: nothing was sent */
  BB_CLI_EXIT_AUTH      = 3,
  BB_CLI_EXIT_RETRY     = 4,   /* NETWORK, TLS, TIMEOUT, SERVER, RATE_LIMITED */
  BB_CLI_EXIT_CONSOLE   = 5,   /* CONSOLE or UNSUPPORTED */
  BB_CLI_EXIT_PROTOCOL  = 6,
  BB_CLI_EXIT_FAILED    = 7,   /* tokening finished with some mailboxes failed */
  BB_CLI_EXIT_CANCELLED = 130,
} BbCliExit;

typedef struct _BbCli BbCli;

struct _BbCli
{
  /* Global options */
  char         *console_address;
  char         *flock_id;
  gboolean      json;
  int           timeout;
  gboolean      version;

  /* Subcommand options */
  gboolean      exchange;
  char         *exchange_user;
  gboolean      yes;
  gboolean      wait;
  char         *subject;
  char         *html_file;
  char         *sender;
  char        **args;             /* positional arguments after the subcommand */

  /* Owned references */
  BbConsole    *console;
  GCancellable *cancellable;
  char         *exchange_password;
  guint         sigint_id;

  /* Progress line state (stderr is a terminal) */
  gboolean      progress_shown;
  gint64        shown_successful;
  gint64        shown_failed;
};

/* bb-cli.c */
int        _bb_cli_open_console      (BbCli              *cli);
int        _bb_cli_report_error      (BbCli              *cli,
                                      const char         *step,
                                      const GError       *error,
                                      const char         *hint);
int        _bb_cli_usage_error       (BbCli              *cli,
                                      const char         *format,
                                      ...) G_GNUC_PRINTF (2, 3);
void       _bb_cli_store_result_cb   (GObject            *source,
                                      GAsyncResult       *result,
                                      gpointer            user_data);
void       _bb_cli_wait_for_result   (GAsyncResult      **result);
gboolean   _bb_cli_sleep             (BbCli              *cli,
                                      guint               ms);
void       _bb_cli_print_json        (JsonNode           *root);
void       _bb_cli_end_progress      (BbCli              *cli);

/* bb-cli-prompt.c */
gboolean   _bb_cli_read_input        (const char         *path,
                                      char              **contents,
                                      gsize              *length,
                                      GError            **error);
char      *_bb_cli_read_tty_line     (int                 fd,
                                      gboolean            echo,
                                      GCancellable       *cancellable);
char      *_bb_cli_ask_password      (const char         *prompt,
                                      GCancellable       *cancellable,
                                      GError            **error);

/* bb-cli-commands.c */
int        _bb_cli_cmd_ping          (BbCli              *cli);
int        _bb_cli_cmd_features      (BbCli              *cli);
int        _bb_cli_cmd_flocks        (BbCli              *cli);
int        _bb_cli_cmd_mailboxes     (BbCli              *cli);
int        _bb_cli_cmd_template_get  (BbCli              *cli);
int        _bb_cli_cmd_template_set  (BbCli              *cli);
int        _bb_cli_cmd_status        (BbCli              *cli);

/* bb-cli-token.c */
int        _bb_cli_cmd_token         (BbCli              *cli);
int        _bb_cli_exchange_setup    (BbCli              *cli,
                                      BbExchangeCredentials *credentials);
int        _bb_cli_follow_status     (BbCli              *cli,
                                      gboolean            after_create);
const char *_bb_cli_signin_hint     (BbCli              *cli,
                                      const GError       *error);
int        _bb_cli_print_status      (BbCli              *cli,
                                      const BbTokenStatus *status,
                                      gboolean            waited);

G_END_DECLS
