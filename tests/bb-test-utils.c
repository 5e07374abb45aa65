/* bb-test-utils.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <libsoup/soup.h>

#include "bb-test-utils.h"

/* How long the emulator may take to print its port before the test gives up. */
#define START_TIMEOUT_SECONDS 30
/* Control calls are local and quick; anything slower is a broken emulator. */
#define CONTROL_TIMEOUT_SECONDS 10

struct _BbTestEmulator
{
  GSubprocess      *process;
  GDataInputStream *stdout_lines;
  SoupSession      *session;
  char             *url;
  guint             port;
};

typedef struct
{
  GMainContext *context;
  char         *line;
  gboolean      eof;
  gboolean      done;
  gboolean      timed_out;
} LineWait;

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineWait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                          result, NULL, &error);
  wait->eof = wait->line == NULL;
  wait->done = TRUE;
}

static gboolean
start_timeout_cb (gpointer user_data)
{
  LineWait *wait = user_data;

  wait->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Reads stdout lines on a private main context until "PORT=N"; 0 on failure. */
static guint
read_port (GDataInputStream *lines)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (START_TIMEOUT_SECONDS);
  LineWait wait = { context, NULL, FALSE, FALSE, FALSE };
  guint port = 0;

  g_main_context_push_thread_default (context);
  g_source_set_callback (timeout, start_timeout_cb, &wait, NULL);
  g_source_attach (timeout, context);

  while (port == 0 && !wait.timed_out)
    {
      g_autofree char *line = NULL;
      guint64 value;

      wait.done = FALSE;
      g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, read_line_cb, &wait);
      while (!wait.done)
        g_main_context_iteration (context, TRUE);
      line = g_steal_pointer (&wait.line);
      if (wait.eof)
        break;
      if (g_str_has_prefix (line, "PORT=") &&
          g_ascii_string_to_unsigned (line + 5, 10, 1, 65535, &value, NULL))
        port = (guint) value;
    }

  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);
  return port;
}

/* Runs in the child: if the test dies (an assertion aborts it), the emulator gets
 * SIGTERM instead of lingering and holding the test's stderr open. */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

BbTestEmulator *
bb_test_emulator_start (const char * const *extra_args)
{
  const char *program = g_getenv ("BB_EMULATOR");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  BbTestEmulator *emu;

  if (program == NULL || *program == '\0')
    g_error ("BB_EMULATOR is not set; run the tests through meson test");

  g_ptr_array_add (argv, (gpointer) program);
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  g_ptr_array_add (argv, (gpointer) "--quiet");
  g_ptr_array_add (argv, (gpointer) "--token");
  g_ptr_array_add (argv, (gpointer) BB_TEST_TOKEN);
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  emu = g_new0 (BbTestEmulator, 1);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  emu->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (emu->process == NULL)
    g_error ("Could not start the Console emulator %s: %s", program, error->message);

  emu->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (emu->process));
  emu->port = read_port (emu->stdout_lines);
  if (emu->port == 0)
    {
      g_subprocess_force_exit (emu->process);
      g_error ("The Console emulator %s did not print PORT=<n>", program);
    }

  emu->url = g_strdup_printf ("http://127.0.0.1:%u", emu->port);
  emu->session = soup_session_new_with_options ("timeout", CONTROL_TIMEOUT_SECONDS,
                                                "user-agent", "bb-test-utils",
                                                NULL);
  return emu;
}

void
bb_test_emulator_stop (BbTestEmulator *emu)
{
  g_autoptr(GError) error = NULL;

  if (emu == NULL)
    return;

  g_subprocess_send_signal (emu->process, SIGTERM);
  if (!g_subprocess_wait (emu->process, NULL, &error))
    g_error ("Waiting for the Console emulator failed: %s", error->message);
  /* A crash of the emulator is a bug worth failing a test over. */
  if (!g_subprocess_get_if_exited (emu->process) || g_subprocess_get_exit_status (emu->process) != 0)
    g_error ("The Console emulator did not exit cleanly");

  g_clear_object (&emu->session);
  g_clear_object (&emu->stdout_lines);
  g_clear_object (&emu->process);
  g_free (emu->url);
  g_free (emu);
}

const char *
bb_test_emulator_get_url (BbTestEmulator *emu)
{
  g_return_val_if_fail (emu != NULL, NULL);

  return emu->url;
}

guint
bb_test_emulator_get_port (BbTestEmulator *emu)
{
  g_return_val_if_fail (emu != NULL, 0);

  return emu->port;
}

/* Sends @msg synchronously; aborts unless the reply is 200. */
static GBytes *
control_send (BbTestEmulator *emu,
              SoupMessage    *msg,
              const char     *what)
{
  g_autoptr(GError) error = NULL;
  GBytes *body;

  body = soup_session_send_and_read (emu->session, msg, NULL, &error);
  if (body == NULL)
    g_error ("Emulator control %s failed: %s", what, error->message);
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL),
                                         MIN (g_bytes_get_size (body), 1024));

      g_error ("Emulator control %s answered %u: %s", what, soup_message_get_status (msg), text);
    }
  return body;
}

void
bb_test_emulator_control (BbTestEmulator *emu,
                          const char     *verb,
                          ...)
{
  g_autoptr(GString) form = g_string_new (NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *uri = NULL;
  const char *name;
  va_list args;

  g_return_if_fail (emu != NULL);
  g_return_if_fail (verb != NULL);

  va_start (args, verb);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (form->len > 0)
        g_string_append_c (form, '&');
      g_string_append_uri_escaped (form, name, NULL, FALSE);
      g_string_append_c (form, '=');
      g_string_append_uri_escaped (form, value ? value : "", NULL, FALSE);
    }
  va_end (args);

  uri = g_strdup_printf ("%s/_emulator/%s", emu->url, verb);
  msg = soup_message_new_from_encoded_form ("POST", uri, g_string_free (g_steal_pointer (&form), FALSE));
  if (msg == NULL)
    g_error ("Bad emulator control verb %s", verb);
  body = control_send (emu, msg, verb);
}

JsonObject *
bb_test_emulator_get_record (BbTestEmulator *emu)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  JsonNode *root;
  gsize len;
  const char *data;

  g_return_val_if_fail (emu != NULL, NULL);

  uri = g_strdup_printf ("%s/_emulator/record", emu->url);
  msg = soup_message_new ("GET", uri);
  body = control_send (emu, msg, "record");
  data = g_bytes_get_data (body, &len);
  if (!json_parser_load_from_data (parser, data, (gssize) len, &error))
    g_error ("The emulator record is not JSON: %s", error->message);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    g_error ("The emulator record is not a JSON object");
  return json_object_ref (json_node_get_object (root));
}

void
bb_test_wait_for_flag (gboolean *flag)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  while (!*flag)
    g_main_context_iteration (context, TRUE);
}

void
bb_test_wait_for_pointer (gpointer *pointer)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  while (*pointer == NULL)
    g_main_context_iteration (context, TRUE);
}

void
bb_test_cli_run_clear (BbTestCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

GSubprocess *
bb_test_spawn_cli (GSubprocessLauncher *launcher,
                   const char * const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  const char *cli = g_getenv ("BB_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
bytes_to_string (GBytes *bytes,
                 gsize  *length)
{
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  if (length != NULL)
    *length = size;
  return g_strndup (data != NULL ? data : "", size);
}

void
bb_test_cli_communicate (GSubprocess  *process,
                         const char   *input,
                         BbTestCliRun *run)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) stdin_bytes = g_bytes_new (input != NULL ? input : "",
                                               input != NULL ? strlen (input) : 0);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_async (process, stdin_bytes, NULL, store_result_cb, &result);
  bb_test_wait_for_pointer ((gpointer *) &result);
  g_subprocess_communicate_finish (process, result, &out, &err, &error);
  g_assert_no_error (error);

  run->exited = g_subprocess_get_if_exited (process);
  if (run->exited)
    run->status = g_subprocess_get_exit_status (process);
  else
    {
      g_assert_true (g_subprocess_get_if_signaled (process));
      run->status = 128 + g_subprocess_get_term_sig (process);
    }
  run->out = bytes_to_string (out, &run->out_len);
  run->err = bytes_to_string (err, NULL);
}
