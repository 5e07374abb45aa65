/* fuzz-users-reader.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * bb_users_reader_read() against the generic path it stands in for
 * (bb_console_reply_classify() then bb_parse_users_list()): it aborts when the
 * streaming reader accepts a reply that the generic path refuses or reads otherwise
 * (other mailboxes, order, names or counts), or one bb_json_check_strict() refuses.
 *
 * Input layout: as fuzz-reply's, so both share the seeds make-corpus.py makes:
 *   byte 0       the HTTP status, an index into `statuses` (modulo its length)
 *   byte 1       n: the next (n - 1) bytes are skipped (fuzz-reply's Retry-After)
 *   the rest     the body
 */

#include "config.h"

#include "fuzz-common.h"

#include "bb-console-error.h"
#include "bb-console-parse.h"
#include "bb-console-reply.h"
#include "bb-json-check.h"
#include "bb-users-reader.h"

static const guint statuses[] = { 200, 400, 401, 403, 404, 429, 500, 503 };

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  bb_fuzz_init ();
  return 0;
}

static BbMailboxList *
read_generic (guint   status,
              GBytes *body)
{
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GError) error = NULL;
  BbMailboxList *list;

  root = bb_console_reply_classify (status, NULL, NULL, body, NULL, &error);
  if (root == NULL)
    {
      g_printerr ("the reader accepted a reply the classifier refuses: %s\n", error->message);
      abort ();
    }

  list = bb_parse_users_list (root, &error);
  if (list == NULL)
    {
      g_printerr ("the reader accepted a reply bb_parse_users_list refuses: %s\n",
                  error->message);
      abort ();
    }

  return list;
}

static void
check_same (BbMailboxList *fast,
            BbMailboxList *generic)
{
  guint n = bb_mailbox_model_get_n_items (generic->model);

  if (fast->n_invalid != generic->n_invalid || fast->n_duplicates != generic->n_duplicates
      || bb_mailbox_model_get_n_items (fast->model) != n)
    {
      g_printerr ("counts differ: reader %u items, %u invalid, %u duplicates; "
                  "generic %u, %u, %u\n", bb_mailbox_model_get_n_items (fast->model),
                  fast->n_invalid, fast->n_duplicates, n, generic->n_invalid,
                  generic->n_duplicates);
      abort ();
    }

  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (bb_mailbox_model_get_address (fast->model, i),
                     bb_mailbox_model_get_address (generic->model, i)) != 0
          || g_strcmp0 (bb_mailbox_model_get_display_name (fast->model, i),
                        bb_mailbox_model_get_display_name (generic->model, i)) != 0)
        {
          g_printerr ("mailbox %u differs\n", i);
          abort ();
        }
    }
}

/* The model's lookup table, filled as the reader de-duplicated, finds every mailbox at
 * its own position (each is the first of its fold). */
static void
check_lookup (BbMailboxList *fast)
{
  guint n = bb_mailbox_model_get_n_items (fast->model);

  bb_mailbox_model_prepare_search (fast->model);
  for (guint i = 0; i < n; i++)
    {
      if (bb_mailbox_model_find (fast->model, bb_mailbox_model_get_address (fast->model, i))
          != (gint) i)
        {
          g_printerr ("bb_mailbox_model_find() misses mailbox %u\n", i);
          abort ();
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(BbMailboxList) fast = NULL;
  g_autoptr(BbMailboxList) generic = NULL;
  const char *text;
  size_t skip = 0;
  guint status;

  if (size < 2)
    return 0;

  status = statuses[data[0] % G_N_ELEMENTS (statuses)];
  if (data[1] > 0)
    skip = MIN ((size_t) data[1] - 1, size - 2);
  data += 2 + skip;
  size -= 2 + skip;

  /* The body is a copy of its own so ASan sees any read past its end. */
  body = g_bytes_new_take (g_memdup2 (data, size), size);
  fast = bb_users_reader_read (status, body);
  if (fast == NULL)
    return 0;

  text = g_bytes_get_data (body, NULL);
  if (status != 200 || size == 0 || !g_utf8_validate_len (text, size, NULL)
      || !bb_json_check_strict (text, size, 512))
    {
      g_printerr ("the reader accepted HTTP %u or a body that is not strict JSON\n", status);
      abort ();
    }

  generic = read_generic (status, body);
  check_same (fast, generic);
  check_lookup (fast);

  return 0;
}
