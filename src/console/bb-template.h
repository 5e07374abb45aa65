/* bb-template.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The bait email of a flock, PROTOCOL.md 3.7. @sender is NULL when the Console's
 * template has no sender key (2020 Consoles). */
typedef struct {
  char *subject;
  char *html;
  char *sender;
} BbTemplate;

#define BB_TYPE_TEMPLATE (bb_template_get_type ())

GType       bb_template_get_type (void) G_GNUC_CONST;
BbTemplate *bb_template_new      (const char       *subject,
                                  const char       *html,
                                  const char       *sender);
BbTemplate *bb_template_copy     (const BbTemplate *self);
void        bb_template_free     (BbTemplate       *self);
gboolean    bb_template_equal    (const BbTemplate *a,
                                  const BbTemplate *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BbTemplate, bb_template_free)

G_END_DECLS
