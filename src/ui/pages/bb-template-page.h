/* bb-template-page.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bb-flow.h"
#include "bb-preview-view.h"

G_BEGIN_DECLS

/**
 * BbTemplateState:
 * @BB_TEMPLATE_STATE_LOADING: the template is being read from the Console (also the
 *   state before the first activation)
 * @BB_TEMPLATE_STATE_READY: the editor, nothing wrong
 * @BB_TEMPLATE_STATE_SAVING: the draft is being saved
 * @BB_TEMPLATE_STATE_ERROR: reading failed (a status page with Try Again) or saving
 *   failed (the editor with an error card and Retry; the draft is kept)
 */
typedef enum {
  BB_TEMPLATE_STATE_LOADING,
  BB_TEMPLATE_STATE_READY,
  BB_TEMPLATE_STATE_SAVING,
  BB_TEMPLATE_STATE_ERROR,
} BbTemplateState;

#define BB_TYPE_TEMPLATE_STATE (bb_template_state_get_type ())
GType bb_template_state_get_type (void) G_GNUC_CONST;

#define BB_TYPE_TEMPLATE_PAGE (bb_template_page_get_type ())

G_DECLARE_FINAL_TYPE (BbTemplatePage, bb_template_page, BB, TEMPLATE_PAGE, GtkWidget)

/*
 * Step 5, the bait email: subject, sender (only when the Console's template has one),
 * the HTML in a source editor and a locked-down live preview (BbPreviewView).
 *
 * Every edit goes straight into the flow's draft (bb_flow_set_draft), so edits survive
 * moving between pages; the page always shows the flow's draft and never reloads over
 * it. The template is read (GET) only when the flow has none.
 *
 * Properties (notify only on a real change):
 *   "flow"           BbFlow*, read-write
 *   "state"          BbTemplateState, read-only
 *   "error-message"  string, read-only: the headline shown in ERROR, else NULL
 *
 * Signal "done": the user pressed Continue (possibly with unsaved edits; the review
 * page warns about those).
 *
 * Actions: "page.save" (validates in place, then POSTs once, never retried by itself;
 * enabled when the draft differs from the saved template), "page.revert" (draft :=
 * saved template), "page.reload" (reads the template again after a failed read),
 * "page.continue" (enabled when the draft's subject and HTML are non-empty).
 */
GtkWidget       *bb_template_page_new               (void);
BbFlow          *bb_template_page_get_flow          (BbTemplatePage *self);
void             bb_template_page_set_flow          (BbTemplatePage *self,
                                                     BbFlow         *flow);
/* Called each time the page becomes visible. */
void             bb_template_page_activate          (BbTemplatePage *self);
BbTemplateState  bb_template_page_get_state         (BbTemplatePage *self);
const char      *bb_template_page_get_error_message (BbTemplatePage *self);
/* The preview widget (its web view exists once it has been mapped). For tests. */
BbPreviewView   *bb_template_page_get_preview       (BbTemplatePage *self);

G_END_DECLS
