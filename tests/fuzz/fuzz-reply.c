/* fuzz-reply.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * bb_console_reply_classify() and every typed reader of bb-console-parse.h; and
 * bb_json_check_strict() against json-glib on the body.
 *
 * Input layout:
 *   byte 0       the HTTP status, an index into `statuses` (modulo its length);
 *                bit 3 set passes no reason phrase (libsoup's own is used)
 *   byte 1       n: 0 means no Retry-After header, else the header is the next
 *                (n - 1) bytes (fewer when the input is shorter)
 *   the rest     the body (an empty rest is a NULL body when byte 0 is odd)
 * make-corpus.py turns every Console fixture into "\x00\x00" + fixture.
 */

#include "config.h"

#include "fuzz-common.h"

#include "bb-console-error.h"
#include "bb-console-parse.h"
#include "bb-console-reply.h"
#include "bb-json-check.h"

static const guint statuses[] = { 200, 400, 401, 403, 404, 429, 500, 503 };

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  bb_fuzz_init ();
  return 0;
}

/* The strict check in front of json-glib passes nothing json-glib then refuses:
 * a strict body (UTF-8, nested as deep as the classifier allows) parses. */
static void
check_strict_json_parses (const char *data,
                          size_t      size)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;

  if (size == 0 || !g_utf8_validate_len (data, size, NULL)
      || !bb_json_check_strict (data, size, 512))
    return;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &error))
    {
      g_printerr ("strict JSON that json-glib refuses: %s\n", error->message);
      abort ();
    }
}

static void
check_error (GError *error)
{
  bb_fuzz_check_error (error, BB_CONSOLE_ERROR, -1);
}

static void
parse_all (JsonObject *root)
{
  GHashTable *features;
  GPtrArray *flocks;
  BbInitiateReply *initiate;
  BbMailboxList *users;
  BbTemplate *template;
  BbTokenStatus *status;
  GError *error = NULL;

  features = bb_parse_features (root, &error);
  if (features != NULL)
    g_hash_table_unref (features);
  else
    check_error (error);
  g_clear_error (&error);

  flocks = bb_parse_flocks (root, &error);
  if (flocks != NULL)
    g_ptr_array_unref (flocks);
  else
    check_error (error);
  g_clear_error (&error);

  initiate = bb_parse_initiate (root, &error);
  if (initiate != NULL)
    bb_initiate_reply_free (initiate);
  else
    check_error (error);
  g_clear_error (&error);

  users = bb_parse_users_list (root, &error);
  if (users != NULL)
    bb_mailbox_list_free (users);
  else
    check_error (error);
  g_clear_error (&error);

  template = bb_parse_template (root, &error);
  if (template != NULL)
    bb_template_free (template);
  else
    check_error (error);
  g_clear_error (&error);

  status = bb_parse_status (root, &error);
  if (status != NULL)
    bb_token_status_free (status);
  else
    check_error (error);
  g_clear_error (&error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *retry_after_header = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  gint64 retry_after = G_MININT64;
  const char *reason_phrase;
  gboolean null_body;
  guint status;
  size_t header_len = 0;

  if (size < 2)
    return 0;

  status = statuses[data[0] % G_N_ELEMENTS (statuses)];
  reason_phrase = (data[0] & 8) != 0 ? NULL : "Reason";
  null_body = (data[0] & 1) != 0;
  if (data[1] > 0)
    {
      header_len = MIN ((size_t) data[1] - 1, size - 2);
      retry_after_header = bb_fuzz_strndup (data + 2, header_len);
    }
  data += 2 + header_len;
  size -= 2 + header_len;

  check_strict_json_parses ((const char *) data, size);

  /* The body is a copy of its own so ASan sees any read past its end. */
  if (size > 0 || !null_body)
    body = g_bytes_new_take (g_memdup2 (data, size), size);

  root = bb_console_reply_classify (status, reason_phrase, retry_after_header, body,
                                    &retry_after, &error);
  if (root == NULL)
    {
      check_error (error);
      /* The delay is set whatever happens: seconds for RATE_LIMITED, else -1. */
      if (g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_RATE_LIMITED)
          ? retry_after < -1 : retry_after != -1)
        abort ();
      return 0;
    }

  /* Success only ever comes from a 2xx reply. */
  if (status != 200 || retry_after != -1)
    abort ();

  parse_all (root);
  json_object_unref (root);

  return 0;
}
