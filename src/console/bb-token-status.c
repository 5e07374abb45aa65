/* bb-token-status.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bb-token-status.h"

G_DEFINE_BOXED_TYPE (BbTokenStatus, bb_token_status, bb_token_status_copy, bb_token_status_free)

BbTokenStatus *
bb_token_status_new (void)
{
  BbTokenStatus *self = g_new0 (BbTokenStatus, 1);

  self->failed_users = g_ptr_array_new_with_free_func (g_free);
  self->successful_users = g_ptr_array_new_with_free_func (g_free);

  return self;
}

static GPtrArray *
copy_strings (GPtrArray *strings)
{
  GPtrArray *copy = g_ptr_array_new_full (strings != NULL ? strings->len : 0, g_free);

  for (guint i = 0; strings != NULL && i < strings->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (strings, i)));

  return copy;
}

BbTokenStatus *
bb_token_status_copy (const BbTokenStatus *self)
{
  BbTokenStatus *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (BbTokenStatus, 1);
  copy->successful = self->successful;
  copy->failed = self->failed;
  copy->total = self->total;
  copy->done = self->done;
  copy->failed_users = copy_strings (self->failed_users);
  copy->successful_users = copy_strings (self->successful_users);

  return copy;
}

void
bb_token_status_free (BbTokenStatus *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->failed_users, g_ptr_array_unref);
  g_clear_pointer (&self->successful_users, g_ptr_array_unref);
  g_free (self);
}

gboolean
bb_token_status_has_job (const BbTokenStatus *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->total > 0;
}

gboolean
bb_token_status_is_finished (const BbTokenStatus *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->done)
    return TRUE;

  /* Counters are ≥ 0 and ≤ G_MAXINT64 each; compare without overflowing. */
  return self->total > 0
         && self->successful >= 0 && self->failed >= 0
         && self->successful >= self->total - self->failed;
}

gboolean
bb_token_status_equal (const BbTokenStatus *a,
                       const BbTokenStatus *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return a->successful == b->successful
         && a->failed == b->failed
         && a->total == b->total
         && !a->done == !b->done;
}
