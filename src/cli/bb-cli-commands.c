/* bb-cli-commands.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bb-cli-private.h"
#include "bb-mailbox.h"

/* ping */

int
_bb_cli_cmd_ping (BbCli *cli)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int code;

  if ((code = _bb_cli_open_console (cli)) != BB_CLI_EXIT_OK)
    return code;

  bb_console_ping_async (cli->console, cli->cancellable, _bb_cli_store_result_cb, &result);
  _bb_cli_wait_for_result (&result);
  if (!bb_console_ping_finish (cli->console, result, &error))
    return _bb_cli_report_error (cli, _("checking the connection"), error, NULL);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "result");
      json_builder_add_string_value (builder, "success");
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      _bb_cli_print_json (root);
    }
  else
    {
      g_print (_("Connected to %s (%s)"), bb_console_get_base_url (cli->console),
               bb_console_get_flock_id (cli->console));
      g_print ("\n");
    }

  return BB_CLI_EXIT_OK;
}

/* features */

static void
print_features (BbCli      *cli,
                GHashTable *features)
{
  g_autofree const char **names = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n_names = 0;

  names = (const char **) g_hash_table_get_keys_as_array (features, &n_names);
  g_qsort_with_data (names, n_names, sizeof (char *),
                     (GCompareDataFunc) (void (*) (void)) g_strcmp0, NULL);

  json_builder_begin_object (builder);
  for (guint i = 0; i < n_names; i++)
    {
      gboolean enabled = GPOINTER_TO_INT (g_hash_table_lookup (features, names[i]));

      json_builder_set_member_name (builder, names[i]);
      json_builder_add_boolean_value (builder, enabled);
      if (!cli->json)
        g_print ("%s: %s\n", names[i], enabled ? _("yes") : _("no"));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  if (cli->json)
    _bb_cli_print_json (root);
  else if (n_names == 0)
    g_print ("%s\n", _("The Console reports no feature flags."));
}

int
_bb_cli_cmd_features (BbCli *cli)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) features = NULL;
  gpointer value;
  int code;

  if ((code = _bb_cli_open_console (cli)) != BB_CLI_EXIT_OK)
    return code;

  bb_console_features_async (cli->console, cli->cancellable, _bb_cli_store_result_cb, &result);
  _bb_cli_wait_for_result (&result);
  features = bb_console_features_finish (cli->console, result, &error);
  if (features == NULL)
    return _bb_cli_report_error (cli, _("reading the Console’s features"), error, NULL);

  print_features (cli, features);

  /* Only a report: the exit status does not depend on the flags. */
  if (!cli->json
      && g_hash_table_lookup_extended (features, "office365_mail_token", NULL, &value)
      && !GPOINTER_TO_INT (value))
    g_printerr ("%s\n", _("This Console has no Office365 mail tokens enabled."));

  return BB_CLI_EXIT_OK;
}

/* flocks */

int
_bb_cli_cmd_flocks (BbCli *cli)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) flocks = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  int code;

  if ((code = _bb_cli_open_console (cli)) != BB_CLI_EXIT_OK)
    return code;

  bb_console_flocks_async (cli->console, cli->cancellable, _bb_cli_store_result_cb, &result);
  _bb_cli_wait_for_result (&result);
  flocks = bb_console_flocks_finish (cli->console, result, &error);
  if (flocks == NULL)
    return _bb_cli_report_error (cli, _("listing flocks"), error, NULL);

  json_builder_begin_object (builder);
  for (guint i = 0; i < flocks->len; i++)
    {
      const BbFlock *flock = g_ptr_array_index (flocks, i);

      json_builder_set_member_name (builder, flock->id);
      json_builder_add_string_value (builder, flock->name);
      if (!cli->json)
        g_print ("%s\t%s\n", flock->id, flock->name != NULL ? flock->name : "");
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  if (cli->json)
    _bb_cli_print_json (root);

  return BB_CLI_EXIT_OK;
}

/* mailboxes */

static void
print_mailbox_summary (const BbMailboxList *list)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  guint n = bb_mailbox_model_get_n_items (list->model);

  g_string_printf (line, g_dngettext (GETTEXT_PACKAGE, "%u mailbox", "%u mailboxes", n), n);

  if (list->n_invalid > 0)
    g_ptr_array_add (notes, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u entry without a valid address skipped",
                                                          "%u entries without a valid address skipped",
                                                          list->n_invalid),
                                             list->n_invalid));
  if (list->n_duplicates > 0)
    g_ptr_array_add (notes, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u duplicate merged",
                                                          "%u duplicates merged",
                                                          list->n_duplicates),
                                             list->n_duplicates));

  if (notes->len > 0)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (notes, NULL);
      joined = g_strjoinv (", ", (char **) notes->pdata);
      g_string_append_printf (line, " (%s)", joined);
    }

  g_printerr ("%s\n", line->str);
}

static void
print_mailboxes (BbCli               *cli,
                 const BbMailboxList *list)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (!cli->json)
    {
      for (guint i = 0; i < bb_mailbox_model_get_n_items (list->model); i++)
        g_print ("%s\t%s\n", bb_mailbox_model_get_address (list->model, i),
                 bb_mailbox_model_get_display_name (list->model, i));
      print_mailbox_summary (list);
      return;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < bb_mailbox_model_get_n_items (list->model); i++)
    {
      const char *name = bb_mailbox_model_get_display_name (list->model, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, bb_mailbox_model_get_address (list->model, i));
      json_builder_set_member_name (builder, "name");
      if (name != NULL && *name != '\0')
        json_builder_add_string_value (builder, name);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  _bb_cli_print_json (root);
}

int
_bb_cli_cmd_mailboxes (BbCli *cli)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BbMailboxList) list = NULL;
  BbExchangeCredentials exchange = { NULL, NULL };
  int code;

  if ((code = _bb_cli_open_console (cli)) != BB_CLI_EXIT_OK)
    return code;
  if ((code = _bb_cli_exchange_setup (cli, &exchange)) != BB_CLI_EXIT_OK)
    return code;

  bb_console_users_list_async (cli->console, cli->exchange ? &exchange : NULL, cli->cancellable,
                               _bb_cli_store_result_cb, &result);
  _bb_cli_wait_for_result (&result);
  list = bb_console_users_list_finish (cli->console, result, &error);
  if (list == NULL)
    return _bb_cli_report_error (cli, _("listing mailboxes"), error,
                                 _bb_cli_signin_hint (cli, error));

  print_mailboxes (cli, list);
  return BB_CLI_EXIT_OK;
}

/* template get / set */

static void
print_template (BbCli            *cli,
                const BbTemplate *template)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!cli->json)
    {
      g_print (_("Subject: %s"), template->subject);
      g_print ("\n");
      if (template->sender != NULL)
        {
          g_print (_("Sender: %s"), template->sender);
          g_print ("\n");
        }
      g_print ("\n%s\n", template->html);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, template->subject);
  json_builder_set_member_name (builder, "html");
  json_builder_add_string_value (builder, template->html);
  json_builder_set_member_name (builder, "sender");
  if (template->sender != NULL)
    json_builder_add_string_value (builder, template->sender);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  _bb_cli_print_json (root);
}

int
_bb_cli_cmd_template_get (BbCli *cli)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BbTemplate) template = NULL;
  int code;

  if ((code = _bb_cli_open_console (cli)) != BB_CLI_EXIT_OK)
    return code;

  bb_console_template_get_async (cli->console, cli->cancellable, _bb_cli_store_result_cb, &result);
  _bb_cli_wait_for_result (&result);
  template = bb_console_template_get_finish (cli->console, result, &error);
  if (template == NULL)
    return _bb_cli_report_error (cli, _("reading the bait email"), error, NULL);

  print_template (cli, template);
  return BB_CLI_EXIT_OK;
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;

  return TRUE;
}

/* Reads and checks the new template; nothing is sent when it fails. */
static int
load_template (BbCli       *cli,
               BbTemplate **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  gsize length = 0;

  if (cli->subject != NULL && !g_utf8_validate (cli->subject, -1, NULL))
    return _bb_cli_usage_error (cli, _("The subject is not valid UTF-8"));
  if (cli->subject == NULL || is_blank (cli->subject))
    return _bb_cli_usage_error (cli, _("The subject is empty: pass --subject"));
  if (cli->html_file == NULL)
    return _bb_cli_usage_error (cli, _("No HTML body: pass --html-file"));

  if (!_bb_cli_read_input (cli->html_file, &html, &length, &error))
    return _bb_cli_usage_error (cli, _("reading the HTML file: %s"), error->message);
  if (!g_utf8_validate_len (html, length, NULL))
    return _bb_cli_usage_error (cli, _("The HTML file %s is not UTF-8 text"), cli->html_file);
  if (is_blank (html))
    return _bb_cli_usage_error (cli, _("The HTML file %s is empty"), cli->html_file);
  if (cli->sender != NULL && !g_utf8_validate (cli->sender, -1, NULL))
    return _bb_cli_usage_error (cli, _("The sender is not valid UTF-8"));

  *out = bb_template_new (cli->subject, html,
                          cli->sender != NULL && *cli->sender != '\0' ? cli->sender : NULL);
  return BB_CLI_EXIT_OK;
}

int
_bb_cli_cmd_template_set (BbCli *cli)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BbTemplate) template = NULL;
  g_autoptr(BbTemplate) saved = NULL;
  int code;

  if ((code = load_template (cli, &template)) != BB_CLI_EXIT_OK)
    return code;
  if ((code = _bb_cli_open_console (cli)) != BB_CLI_EXIT_OK)
    return code;

  bb_console_template_save_async (cli->console, template, cli->cancellable,
                                  _bb_cli_store_result_cb, &result);
  _bb_cli_wait_for_result (&result);
  saved = bb_console_template_save_finish (cli->console, result, &error);
  if (saved == NULL)
    return _bb_cli_report_error (cli, _("saving the bait email"), error, NULL);

  if (cli->json)
    print_template (cli, saved);
  else
    {
      g_print (_("Bait email saved for %s"), bb_console_get_flock_id (cli->console));
      g_print ("\n");
    }

  return BB_CLI_EXIT_OK;
}

/* status */

int
_bb_cli_cmd_status (BbCli *cli)
{
  int code;

  if ((code = _bb_cli_open_console (cli)) != BB_CLI_EXIT_OK)
    return code;

  return _bb_cli_follow_status (cli, FALSE);
}
