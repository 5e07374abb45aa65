/* bb-template.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bb-template.h"

G_DEFINE_BOXED_TYPE (BbTemplate, bb_template, bb_template_copy, bb_template_free)

BbTemplate *
bb_template_new (const char *subject,
                 const char *html,
                 const char *sender)
{
  BbTemplate *self = g_new0 (BbTemplate, 1);

  self->subject = g_strdup (subject);
  self->html = g_strdup (html);
  self->sender = g_strdup (sender);

  return self;
}

BbTemplate *
bb_template_copy (const BbTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return bb_template_new (self->subject, self->html, self->sender);
}

void
bb_template_free (BbTemplate *self)
{
  if (self == NULL)
    return;

  g_free (self->subject);
  g_free (self->html);
  g_free (self->sender);
  g_free (self);
}

/* NULL and "" differ for the sender: NULL means the Console has no sender field. */
gboolean
bb_template_equal (const BbTemplate *a,
                   const BbTemplate *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return g_strcmp0 (a->subject, b->subject) == 0
         && g_strcmp0 (a->html, b->html) == 0
         && g_strcmp0 (a->sender, b->sender) == 0;
}
