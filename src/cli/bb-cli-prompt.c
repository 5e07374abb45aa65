/* bb-cli-prompt.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "bb-cli-private.h"

/* Longest answer or password read from the terminal. */
#define MAX_LINE 4096

static gboolean
read_stdin (char   **contents,
            gsize   *length,
            GError **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buffer[8192];

  for (;;)
    {
      gssize n = read (STDIN_FILENO, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot read standard input: %s"), g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        break;
      g_byte_array_append (data, buffer, n);
    }

  *length = data->len;
  g_byte_array_append (data, (const guint8 *) "", 1);
  *contents = (char *) g_byte_array_free (g_steal_pointer (&data), FALSE);
  return TRUE;
}

/* The whole of @path, or of standard input for "-". */
gboolean
_bb_cli_read_input (const char  *path,
                    char       **contents,
                    gsize       *length,
                    GError     **error)
{
  if (g_str_equal (path, "-"))
    return read_stdin (contents, length, error);

  return g_file_get_contents (path, contents, length, error);
}

static gboolean
fd_ready_cb (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  gboolean *ready = user_data;

  *ready = TRUE;
  return G_SOURCE_CONTINUE;
}

/* Waits until @fd is readable while iterating the main context, so that Ctrl+C
 * (the SIGINT source cancelling @cancellable) interrupts the prompt. */
static gboolean
wait_readable (int           fd,
               GCancellable *cancellable)
{
  gboolean ready = FALSE;
  guint id = g_unix_fd_add (fd, G_IO_IN | G_IO_HUP | G_IO_ERR, fd_ready_cb, &ready);

  while (!ready && !g_cancellable_is_cancelled (cancellable))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (id);
  return ready;
}

static char *
read_line (int           fd,
           GCancellable *cancellable)
{
  g_autoptr(GString) line = g_string_new (NULL);

  while (line->len < MAX_LINE)
    {
      char c;
      gssize n;

      if (!wait_readable (fd, cancellable))
        return NULL;

      n = read (fd, &c, 1);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n <= 0 && line->len == 0)
        return NULL;
      if (n <= 0 || c == '\n')
        break;
      g_string_append_c (line, c);
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* One line typed on the terminal @fd (without its newline), NULL when cancelled.
 * Without @echo, the characters typed are not shown. */
char *
_bb_cli_read_tty_line (int           fd,
                       gboolean      echo,
                       GCancellable *cancellable)
{
  struct termios saved;
  gboolean restore = FALSE;
  char *line;

  if (!echo && tcgetattr (fd, &saved) == 0)
    {
      struct termios quiet = saved;

      quiet.c_lflag &= ~(tcflag_t) ECHO;
      restore = tcsetattr (fd, TCSAFLUSH, &quiet) == 0;
    }

  line = read_line (fd, cancellable);

  if (restore)
    {
      tcsetattr (fd, TCSAFLUSH, &saved);
      /* The user's Enter was not echoed. */
      if (write (fd, "\n", 1) < 0)
        {
          /* Nothing useful to do: the prompt is cosmetic. */
        }
    }

  return line;
}

/* Asks for a password on /dev/tty without echo. */
char *
_bb_cli_ask_password (const char    *prompt,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree char *local_prompt = NULL;
  char *password;
  int fd;

  fd = g_open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("no terminal to ask on: %s"), g_strerror (saved_errno));
      return NULL;
    }

  local_prompt = g_locale_from_utf8 (prompt, -1, NULL, NULL, NULL);
  if (local_prompt != NULL && write (fd, local_prompt, strlen (local_prompt)) < 0)
    {
      /* Still read: the prompt is cosmetic. */
    }

  password = _bb_cli_read_tty_line (fd, FALSE, cancellable);
  g_close (fd, NULL);

  if (password == NULL && !g_cancellable_is_cancelled (cancellable))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("no password was typed"));
  else if (password == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));

  return password;
}
