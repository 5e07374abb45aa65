/* bench-common.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <json-glib/json-glib.h>

#include "bb-console-parse.h"
#include "bb-console-reply.h"
#include "bb-users-reader.h"
#include "bench-common.h"

/* Same entries as tests/emulator/bb-console-emulator.c (users_cache_build). */
static const struct
{
  const char *email;
  const char *name;
  guint       shape;
} fixed_users[] = {
  { "ann@contoso.com", "Ann Archer", 1 },
  { "bob@contoso.com", "Bob Baker", 2 },
  { "chloe@fabrikam.example", "Chloé Dubois", 3 },
  { "zoe.angstrom@contoso.com", "Zoë Ångström", 1 },
  { "soren@fabrikam.example", "Søren Kierkegaard", 2 },
  { "li.lei@contoso.com", "李雷", 3 },
  { "dorde@contoso.com", "Ðorđe Š", 1 },
  { "helpdesk@contoso.com", NULL, 0 },
};

static const struct
{
  guint       after;
  const char *json;
} extras[] = {
  { 5, "\"not-an-address\"" },
  { 10, "\"ANN@contoso.com\"" },
  { 20, "{\"name\": \"No Address\"}" },
  { 30, "\"two@@at.example\"" },
  { 40, "{\"email\": \"Bob@CONTOSO.com\", \"name\": \"Bob Baker\"}" },
};

static void
append_user (GString    *out,
             const char *email,
             const char *name,
             guint       shape)
{
  static const char * const keys[][2] = {
    { NULL, NULL }, { "email", "name" }, { "mail", "displayName" },
    { "userPrincipalName", "displayName" },
  };

  if (shape == 0 || name == NULL)
    {
      g_string_append_printf (out, "\"%s\"", email);
      return;
    }
  /* The fixed names are plain UTF-8 without quotes or backslashes. */
  g_string_append_printf (out, "{\"%s\": \"%s\", \"%s\": \"%s\"}",
                          keys[shape][0], email, keys[shape][1], name);
}

GBytes *
bench_make_reply (guint n)
{
  GString *out = g_string_sized_new ((gsize) n * 64 + 256);
  gboolean first = TRUE;

  g_string_append (out, "{\"result\": \"success\", \"user_emails\": [");
  for (guint i = 0; i <= n; i++)
    {
      for (guint e = 0; e < G_N_ELEMENTS (extras); e++)
        {
          if (MIN (extras[e].after, n) != i)
            continue;
          g_string_append (out, first ? "\n" : ",\n");
          g_string_append (out, extras[e].json);
          first = FALSE;
        }
      if (i == n)
        break;
      g_string_append (out, first ? "\n" : ",\n");
      first = FALSE;
      if (i < G_N_ELEMENTS (fixed_users))
        {
          append_user (out, fixed_users[i].email, fixed_users[i].name, fixed_users[i].shape);
        }
      else
        {
          char email[64];
          char name[64];

          g_snprintf (email, sizeof email, "user%04u@%s", i,
                      i % 4 == 3 ? "fabrikam.example" : "contoso.com");
          g_snprintf (name, sizeof name, "Test User %u", i);
          append_user (out, email, name, i % 4);
        }
    }
  g_string_append (out, "\n]}\n");

  return g_string_free_to_bytes (out);
}

double
bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

double
bench_json_floor_ms (GBytes *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (reply, &size);
  double start = bench_now_ms ();
  double elapsed;

  if (!json_parser_load_from_data (parser, data, size, &error))
    g_error ("floor: %s", error->message);
  elapsed = bench_now_ms () - start;

  return elapsed;
}

double bench_last_classify_ms;
gboolean bench_last_streamed;

/* The generic path BbConsole falls back to (its parse_users_list_prepared()). */
static BbMailboxList *
parse_list_generic (GBytes *reply)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  BbMailboxList *list;
  double start = bench_now_ms ();

  root = bb_console_reply_classify (200, "OK", NULL, reply, NULL, &error);
  if (root == NULL)
    g_error ("classify: %s", error->message);
  bench_last_classify_ms = bench_now_ms () - start;
  list = bb_parse_users_list (root, &error);
  if (list == NULL)
    g_error ("parse: %s", error->message);
  bb_mailbox_model_prepare_search (list->model);

  return list;
}

gpointer
bench_parse_list (GBytes *reply)
{
  g_autoptr(GError) error = NULL;
  BbMailboxList *list;

  /* What BbConsole runs on a users/list reply (in its worker thread): the streaming
   * reader, which also builds the search index and the lookup table, so no keystroke
   * pays for them; the generic path only when the reader hands the reply back. */
  bench_last_classify_ms = 0;
  list = bb_users_reader_read_prepared (200, reply, &error);
  if (error != NULL)
    g_error ("users reader: %s", error->message);
  bench_last_streamed = list != NULL;
  if (list == NULL)
    list = parse_list_generic (reply);

  return list;
}

BbMailboxModel *
bench_model_from_list (gpointer data)
{
  BbMailboxList *list = data;

  return g_object_ref (list->model);
}

void
bench_list_free (gpointer list)
{
  bb_mailbox_list_free (list);
}

BbMailboxModel *
bench_load_model (GBytes *reply)
{
  gpointer list = bench_parse_list (reply);
  BbMailboxModel *model = bench_model_from_list (list);

  bench_list_free (list);
  return model;
}

gsize
bench_rss_kib (void)
{
  g_autofree char *text = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &text, NULL, NULL) ||
      sscanf (text, "%lu %lu", &size, &resident) != 2)
    return 0;

  return resident * (sysconf (_SC_PAGESIZE) / 1024);
}

gsize
bench_peak_rss_kib (void)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return 0;
  line = strstr (text, "VmHWM:");

  return line != NULL ? g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

void
bench_emit (const char *name,
            const char *fmt,
            ...)
{
  g_autofree char *rest = NULL;
  va_list args;

  va_start (args, fmt);
  rest = g_strdup_vprintf (fmt, args);
  va_end (args);

  printf ("{\"bench\": \"%s\"%s%s}\n", name, rest[0] != '\0' ? ", " : "", rest);
  fflush (stdout);
}
