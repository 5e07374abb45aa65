/* bb-template-page.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "bb-address.h"
#include "bb-template-page.h"
#include "bb-ui-utils.h"
#include "bb-window.h"

struct _BbTemplatePage
{
  GtkWidget          parent_instance;

  /* Template Widgets */
  GtkStack          *stack;
  GtkSpinner        *spinner;
  AdwStatusPage     *failed_status;
  GtkLabel          *dirty_label;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_title;
  GtkLabel          *error_detail;
  AdwEntryRow       *subject_row;
  AdwEntryRow       *sender_row;
  GtkWidget         *subject_error;
  GtkWidget         *sender_error;
  GtkWidget         *view_switcher;
  GtkToggleButton   *source_toggle;
  AdwLeaflet        *leaflet;
  GtkWidget         *source_column;
  GtkWidget         *preview_column;
  GtkWidget         *source_heading;
  GtkWidget         *preview_heading;
  GtkWidget         *source_frame;
  GtkSourceView     *source_view;
  GtkSourceBuffer   *buffer;
  GtkWidget         *html_error;
  BbPreviewView     *preview;
  GtkButton         *save_button;

  /* Owned References */
  BbFlow            *flow;
  GCancellable      *cancellable;   /* the running GET or POST; NULL when idle */
  char              *error_message;

  BbTemplateState    state;
  guint              fold_source;
  guint              syncing : 1;   /* filling the widgets from the draft */
  guint              pushing : 1;   /* writing the widgets into the draft */
};

G_DEFINE_FINAL_TYPE (BbTemplatePage, bb_template_page, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (BbTemplateState, bb_template_state,
  G_DEFINE_ENUM_VALUE (BB_TEMPLATE_STATE_LOADING, "loading"),
  G_DEFINE_ENUM_VALUE (BB_TEMPLATE_STATE_READY, "ready"),
  G_DEFINE_ENUM_VALUE (BB_TEMPLATE_STATE_SAVING, "saving"),
  G_DEFINE_ENUM_VALUE (BB_TEMPLATE_STATE_ERROR, "error"))

enum {
  PROP_0,
  PROP_FLOW,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

enum {
  DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* One running request; a reply for an older cancellable is dropped. */
/* Its data: the draft when Save was pressed (save only). */
static BbUiOp *
template_op_new (BbTemplatePage   *self,
                 const BbTemplate *draft)
{
  return bb_ui_op_new (self, self->cancellable,
                       draft != NULL ? bb_template_copy (draft) : NULL,
                       (GDestroyNotify) bb_template_free);
}

static gboolean
template_op_is_stale (BbUiOp *op)
{
  return bb_ui_op_is_stale (op, BB_TEMPLATE_PAGE (op->owner)->cancellable);
}

static gboolean
text_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;

  return TRUE;
}

/* A bare address, or "Name <address>" (also "<address>") with a valid address inside. */
static gboolean
sender_is_valid (const char *sender)
{
  g_autofree char *text = g_strstrip (g_strdup (sender));
  g_autofree char *inner = NULL;
  const char *open;
  gsize len = strlen (text);

  if (bb_address_is_valid (text))
    return TRUE;

  if (len < 2 || text[len - 1] != '>')
    return FALSE;

  open = strrchr (text, '<');
  if (open == NULL || memchr (text, '>', open - text) != NULL)
    return FALSE;

  inner = g_strndup (open + 1, text + len - 1 - (open + 1));

  return bb_address_is_valid (inner);
}

static void
add_toast (BbTemplatePage *self,
           const char     *title)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (BB_IS_WINDOW (root))
    bb_window_add_toast (BB_WINDOW (root), title);
}

static const BbTemplate *
current_draft (BbTemplatePage *self)
{
  return self->flow ? bb_flow_get_draft (self->flow) : NULL;
}

static gboolean
draft_can_continue (BbTemplatePage *self)
{
  const BbTemplate *draft = current_draft (self);

  return draft != NULL && !text_is_blank (draft->subject) && !text_is_blank (draft->html);
}

static void
update_actions (BbTemplatePage *self)
{
  gboolean has_template = self->flow != NULL && bb_flow_get_template (self->flow) != NULL;
  gboolean dirty = self->flow != NULL && bb_flow_get_draft_dirty (self->flow);
  gboolean editing = has_template &&
                     (self->state == BB_TEMPLATE_STATE_READY || self->state == BB_TEMPLATE_STATE_ERROR);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.save", editing && dirty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.revert", editing && dirty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.continue",
                                 editing && draft_can_continue (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.reload",
                                 self->flow != NULL && !has_template &&
                                 self->state == BB_TEMPLATE_STATE_ERROR);
}

static void
update_dirty (BbTemplatePage *self)
{
  gboolean dirty = self->flow != NULL && bb_flow_get_draft_dirty (self->flow);

  gtk_label_set_text (self->dirty_label,
                      dirty ? _("Unsaved changes") : _("Same as the template saved on the Console"));
  if (dirty)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->dirty_label), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->dirty_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->dirty_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->dirty_label), "dim-label");
    }
}

static const char *
state_to_child (BbTemplatePage  *self,
                BbTemplateState  state)
{
  gboolean has_template = self->flow != NULL && bb_flow_get_template (self->flow) != NULL;

  switch (state)
    {
    case BB_TEMPLATE_STATE_LOADING:
      return "loading";
    case BB_TEMPLATE_STATE_ERROR:
      return has_template ? "editor" : "failed";
    case BB_TEMPLATE_STATE_READY:
    case BB_TEMPLATE_STATE_SAVING:
    default:
      return "editor";
    }
}

static void
set_state (BbTemplatePage  *self,
           BbTemplateState  state)
{
  gtk_stack_set_visible_child_name (self->stack, state_to_child (self, state));
  gtk_spinner_set_spinning (self->spinner, state == BB_TEMPLATE_STATE_LOADING);
  gtk_button_set_label (self->save_button,
                        state == BB_TEMPLATE_STATE_SAVING ? _("Saving…") : _("_Save"));

  if (self->state == state)
    {
      update_actions (self);
      return;
    }

  self->state = state;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error_message (BbTemplatePage *self,
                   const char     *message)
{
  if (g_strcmp0 (self->error_message, message) == 0)
    return;

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
set_field_error (GtkWidget *field,
                 GtkWidget *note,
                 gboolean   invalid)
{
  if (invalid)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");

  gtk_widget_set_visible (note, invalid);
  gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               invalid ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
clear_field_errors (BbTemplatePage *self)
{
  set_field_error (GTK_WIDGET (self->subject_row), self->subject_error, FALSE);
  set_field_error (GTK_WIDGET (self->sender_row), self->sender_error, FALSE);
  set_field_error (self->source_frame, self->html_error, FALSE);
}

static void
clear_save_error (BbTemplatePage *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  set_error_message (self, NULL);
}

static char *
buffer_dup_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static void
set_buffer_text (BbTemplatePage *self,
                 const char     *html)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  g_autofree char *old = buffer_dup_text (buffer);
  GtkTextIter start;

  if (g_strcmp0 (old, html) == 0)
    return;

  /* Not undoable: GTK makes a whole-buffer replacement irreversible by itself. */
  gtk_text_buffer_set_text (buffer, html, -1);

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
}

static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* The Console's template decides whether there is a sender at all (PROTOCOL.md 3.7). */
static void
update_sender_visible (BbTemplatePage *self)
{
  const BbTemplate *saved = self->flow ? bb_flow_get_template (self->flow) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->sender_row), saved != NULL && saved->sender != NULL);
}

/* Shows the flow's draft; the widgets never feed this back into the flow. */
static void
sync_from_draft (BbTemplatePage *self)
{
  const BbTemplate *draft = current_draft (self);

  self->syncing = TRUE;
  set_entry_text (self->subject_row, draft && draft->subject ? draft->subject : "");
  set_entry_text (self->sender_row, draft && draft->sender ? draft->sender : "");
  set_buffer_text (self, draft && draft->html ? draft->html : "");
  self->syncing = FALSE;

  bb_preview_view_set_html (self->preview, draft ? draft->html : NULL);
  update_sender_visible (self);
  update_dirty (self);
  update_actions (self);
}

/* The widgets as a template: the sender only when the Console's template has one. */
static BbTemplate *
draft_from_widgets (BbTemplatePage *self)
{
  const BbTemplate *draft = current_draft (self);
  g_autofree char *html = buffer_dup_text (GTK_TEXT_BUFFER (self->buffer));
  const char *sender = NULL;

  if (gtk_widget_get_visible (GTK_WIDGET (self->sender_row)))
    sender = gtk_editable_get_text (GTK_EDITABLE (self->sender_row));
  else if (draft != NULL)
    sender = draft->sender;

  return bb_template_new (gtk_editable_get_text (GTK_EDITABLE (self->subject_row)), html, sender);
}

static void
push_draft (BbTemplatePage *self)
{
  g_autoptr(BbTemplate) draft = NULL;

  if (self->syncing || self->flow == NULL || bb_flow_get_template (self->flow) == NULL)
    return;

  draft = draft_from_widgets (self);
  self->pushing = TRUE;
  bb_flow_set_draft (self->flow, draft);
  self->pushing = FALSE;
  update_actions (self);
}

static void
subject_changed_cb (BbTemplatePage *self)
{
  g_assert (BB_IS_TEMPLATE_PAGE (self));

  if (!self->syncing)
    set_field_error (GTK_WIDGET (self->subject_row), self->subject_error, FALSE);
  push_draft (self);
}

static void
sender_changed_cb (BbTemplatePage *self)
{
  g_assert (BB_IS_TEMPLATE_PAGE (self));

  if (!self->syncing)
    set_field_error (GTK_WIDGET (self->sender_row), self->sender_error, FALSE);
  push_draft (self);
}

static void
html_changed_cb (BbTemplatePage *self)
{
  g_autofree char *html = NULL;

  g_assert (BB_IS_TEMPLATE_PAGE (self));

  if (self->syncing)
    return;

  set_field_error (self->source_frame, self->html_error, FALSE);
  push_draft (self);

  html = buffer_dup_text (GTK_TEXT_BUFFER (self->buffer));
  bb_preview_view_set_html (self->preview, html);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BbUiOp) op = user_data;
  g_autoptr(BbTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  BbTemplatePage *self = op->owner;

  template = bb_console_template_get_finish (BB_CONSOLE (object), result, &error);
  if (template == NULL && bb_ui_is_cancelled_error (error))
    return;
  if (template_op_is_stale (op))
    return;

  g_clear_object (&self->cancellable);

  if (template == NULL)
    {
      g_debug ("Reading the template failed: %s",
               error->domain == BB_CONSOLE_ERROR ? bb_console_error_to_name (error->code) : "other");
      adw_status_page_set_title (self->failed_status, _("Could not load the bait email"));
      adw_status_page_set_description (self->failed_status, error->message);
      set_error_message (self, _("Could not load the bait email"));
      set_state (self, BB_TEMPLATE_STATE_ERROR);
      return;
    }

  /* Also resets the draft, which syncs the widgets through notify::draft. */
  bb_flow_set_template (self->flow, template);
  set_error_message (self, NULL);
  set_state (self, BB_TEMPLATE_STATE_READY);
  sync_from_draft (self);
}

static void
start_load (BbTemplatePage *self)
{
  BbConsole *console = bb_flow_get_console (self->flow);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (console == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  clear_save_error (self);
  clear_field_errors (self);
  set_state (self, BB_TEMPLATE_STATE_LOADING);

  bb_console_template_get_async (console, self->cancellable, load_cb, template_op_new (self, NULL));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  start_load (BB_TEMPLATE_PAGE (widget));
}

/* Marks every refused field in place; TRUE when the draft may be sent. */
static gboolean
validate (BbTemplatePage   *self,
          const BbTemplate *draft)
{
  gboolean subject_bad = text_is_blank (draft->subject);
  gboolean html_bad = text_is_blank (draft->html);
  gboolean sender_bad = gtk_widget_get_visible (GTK_WIDGET (self->sender_row)) &&
                        !text_is_blank (draft->sender) && !sender_is_valid (draft->sender);

  set_field_error (GTK_WIDGET (self->subject_row), self->subject_error, subject_bad);
  set_field_error (GTK_WIDGET (self->sender_row), self->sender_error, sender_bad);
  set_field_error (self->source_frame, self->html_error, html_bad);

  if (subject_bad)
    gtk_widget_grab_focus (GTK_WIDGET (self->subject_row));
  else if (sender_bad)
    gtk_widget_grab_focus (GTK_WIDGET (self->sender_row));
  else if (html_bad)
    {
      gtk_toggle_button_set_active (self->source_toggle, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
    }

  return !subject_bad && !html_bad && !sender_bad;
}

static void
save_failed (BbTemplatePage *self,
             const GError   *error)
{
  g_autofree char *reason = g_strdup (error->message);
  g_autofree char *detail = NULL;
  gsize len = strlen (reason);

  g_debug ("Saving the template failed: %s",
           error->domain == BB_CONSOLE_ERROR ? bb_console_error_to_name (error->code) : "other");

  if (len > 0 && reason[len - 1] == '.')
    reason[len - 1] = '\0';
  /* Translators: %s is the reason, like "The Console had an internal error (HTTP 500)" */
  detail = g_strdup_printf (_("%s. Your changes are kept."), reason);

  gtk_label_set_text (self->error_title, _("Could not save the bait email"));
  gtk_label_set_text (self->error_detail, detail);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
  set_error_message (self, _("Could not save the bait email"));
  set_state (self, BB_TEMPLATE_STATE_ERROR);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BbUiOp) op = user_data;
  g_autoptr(BbTemplate) saved = NULL;
  g_autoptr(BbTemplate) edited = NULL;
  g_autoptr(GError) error = NULL;
  BbTemplatePage *self = op->owner;

  saved = bb_console_template_save_finish (BB_CONSOLE (object), result, &error);
  if (saved == NULL && bb_ui_is_cancelled_error (error))
    return;
  if (template_op_is_stale (op))
    return;

  g_clear_object (&self->cancellable);

  if (saved == NULL)
    {
      save_failed (self, error);
      return;
    }

  /* Edits made while the request ran stay a draft on top of what was saved. */
  if (!bb_template_equal (current_draft (self), op->data))
    edited = bb_template_copy (current_draft (self));

  bb_flow_set_template (self->flow, saved);
  if (edited != NULL)
    bb_flow_set_draft (self->flow, edited);

  clear_save_error (self);
  set_state (self, BB_TEMPLATE_STATE_READY);
  sync_from_draft (self);
  add_toast (self, _("Bait email saved"));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BbTemplatePage *self = BB_TEMPLATE_PAGE (widget);
  const BbTemplate *draft = current_draft (self);
  g_autoptr(BbTemplate) sent = NULL;
  g_autofree char *sender = NULL;

  if (draft == NULL || self->state == BB_TEMPLATE_STATE_SAVING || !validate (self, draft))
    return;

  /* The sender goes out trimmed, and only when the Console's template has one. */
  if (draft->sender != NULL && gtk_widget_get_visible (GTK_WIDGET (self->sender_row)))
    sender = g_strstrip (g_strdup (draft->sender));
  sent = bb_template_new (draft->subject, draft->html, sender);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_state (self, BB_TEMPLATE_STATE_SAVING);

  /* Never retried by itself: only Retry (this action again) resends. */
  bb_console_template_save_async (bb_flow_get_console (self->flow), sent, self->cancellable,
                                  save_cb, template_op_new (self, draft));
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BbTemplatePage *self = BB_TEMPLATE_PAGE (widget);
  const BbTemplate *saved = bb_flow_get_template (self->flow);

  if (saved == NULL)
    return;

  bb_flow_set_draft (self->flow, saved);
  clear_field_errors (self);
  if (self->state == BB_TEMPLATE_STATE_ERROR)
    {
      clear_save_error (self);
      set_state (self, BB_TEMPLATE_STATE_READY);
    }
  sync_from_draft (self);
  add_toast (self, _("Changes reverted"));
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  g_signal_emit (widget, signals[DONE], 0);
}

static void
flow_draft_changed_cb (BbTemplatePage *self)
{
  g_assert (BB_IS_TEMPLATE_PAGE (self));

  /* Someone else changed the draft (a new flock, a revert, a save): follow it. */
  if (!self->pushing)
    sync_from_draft (self);
}

static void
flow_dirty_changed_cb (BbTemplatePage *self)
{
  g_assert (BB_IS_TEMPLATE_PAGE (self));

  update_dirty (self);
  update_actions (self);
}

static void
flow_console_changed_cb (BbTemplatePage *self)
{
  g_assert (BB_IS_TEMPLATE_PAGE (self));

  /* Another Console or flock: whatever runs belongs to the old one. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_save_error (self);
  clear_field_errors (self);
  set_state (self, BB_TEMPLATE_STATE_LOADING);
}

static gboolean
apply_folded_cb (gpointer user_data)
{
  BbTemplatePage *self = user_data;
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  self->fold_source = 0;

  gtk_widget_set_visible (self->view_switcher, folded);
  gtk_widget_set_visible (self->source_heading, !folded);
  gtk_widget_set_visible (self->preview_heading, !folded);
  gtk_widget_set_margin_start (self->preview_column, folded ? 0 : 18);
  adw_leaflet_set_visible_child (self->leaflet,
                                 gtk_toggle_button_get_active (self->source_toggle) ?
                                 self->source_column : self->preview_column);

  return G_SOURCE_REMOVE;
}

/* The leaflet folds while it is being allocated: showing or hiding widgets right
 * then would leave them unallocated for the frame, so it waits for an idle. */
static void
folded_changed_cb (BbTemplatePage *self)
{
  g_assert (BB_IS_TEMPLATE_PAGE (self));

  if (self->fold_source == 0)
    self->fold_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_folded_cb, self, NULL);
}

static void
view_toggled_cb (BbTemplatePage *self)
{
  g_assert (BB_IS_TEMPLATE_PAGE (self));

  adw_leaflet_set_visible_child (self->leaflet,
                                 gtk_toggle_button_get_active (self->source_toggle) ?
                                 self->source_column : self->preview_column);
}

static void
dark_changed_cb (BbTemplatePage  *self,
                 GParamSpec      *pspec,
                 AdwStyleManager *manager)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (self->buffer,
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

/* The text inside an entry row is what gets focus; give it the row's title as
 * its accessible name (as the Connect page does). */
static void
label_editable (AdwEntryRow *row)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  if (delegate != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (delegate),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                    -1);
}

static void
bb_template_page_dispose (GObject *object)
{
  BbTemplatePage *self = (BbTemplatePage *)object;

  g_clear_handle_id (&self->fold_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->flow != NULL)
    g_signal_handlers_disconnect_by_data (self->flow, self);
  g_clear_object (&self->flow);

  gtk_widget_dispose_template (GTK_WIDGET (self), BB_TYPE_TEMPLATE_PAGE);

  G_OBJECT_CLASS (bb_template_page_parent_class)->dispose (object);
}

static void
bb_template_page_finalize (GObject *object)
{
  BbTemplatePage *self = (BbTemplatePage *)object;

  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (bb_template_page_parent_class)->finalize (object);
}

static void
bb_template_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BbTemplatePage *self = BB_TEMPLATE_PAGE (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      g_value_set_object (value, self->flow);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_template_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BbTemplatePage *self = BB_TEMPLATE_PAGE (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      bb_template_page_set_flow (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_template_page_class_init (BbTemplatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bb_template_page_dispose;
  object_class->finalize = bb_template_page_finalize;
  object_class->get_property = bb_template_page_get_property;
  object_class->set_property = bb_template_page_set_property;

  properties[PROP_FLOW] =
    g_param_spec_object ("flow", NULL, NULL,
                         BB_TYPE_FLOW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       BB_TYPE_TEMPLATE_STATE, BB_TEMPLATE_STATE_LOADING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DONE] =
    g_signal_new ("done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/baitbox/Baitbox/pages/bb-template-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, stack);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, failed_status);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, dirty_label);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, error_title);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, error_detail);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, subject_row);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, sender_row);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, subject_error);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, sender_error);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, source_toggle);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, source_column);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, preview_column);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, source_heading);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, preview_heading);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, source_frame);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, source_view);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, buffer);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, html_error);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, preview);
  gtk_widget_class_bind_template_child (widget_class, BbTemplatePage, save_button);
  gtk_widget_class_bind_template_callback (widget_class, subject_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sender_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, html_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_toggled_cb);

  gtk_widget_class_install_action (widget_class, "page.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "page.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "page.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "page.continue", NULL, continue_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "page.save", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "templatepage");

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (GTK_SOURCE_TYPE_BUFFER);
  g_type_ensure (BB_TYPE_PREVIEW_VIEW);
}

static void
bb_template_page_init (BbTemplatePage *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  bb_ui_stack_hide_inactive (self->stack);

  gtk_source_buffer_set_language (self->buffer,
                                  gtk_source_language_manager_get_language (languages, "html"));
  gtk_source_buffer_set_highlight_syntax (self->buffer, TRUE);
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (dark_changed_cb), self,
                           G_CONNECT_SWAPPED);
  dark_changed_cb (self, NULL, style);

  label_editable (self->subject_row);
  label_editable (self->sender_row);
  gtk_widget_set_visible (GTK_WIDGET (self->sender_row), FALSE);
  apply_folded_cb (self);
  update_dirty (self);
  update_actions (self);
}

GtkWidget *
bb_template_page_new (void)
{
  return g_object_new (BB_TYPE_TEMPLATE_PAGE, NULL);
}

BbFlow *
bb_template_page_get_flow (BbTemplatePage *self)
{
  g_return_val_if_fail (BB_IS_TEMPLATE_PAGE (self), NULL);

  return self->flow;
}

void
bb_template_page_set_flow (BbTemplatePage *self,
                           BbFlow         *flow)
{
  g_return_if_fail (BB_IS_TEMPLATE_PAGE (self));
  g_return_if_fail (flow == NULL || BB_IS_FLOW (flow));

  if (self->flow == flow)
    return;

  if (self->flow != NULL)
    g_signal_handlers_disconnect_by_data (self->flow, self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->flow, flow);

  if (flow != NULL)
    {
      g_signal_connect_object (flow, "notify::draft", G_CALLBACK (flow_draft_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (flow, "notify::draft-dirty", G_CALLBACK (flow_dirty_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (flow, "notify::console", G_CALLBACK (flow_console_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (flow, "notify::flock-id", G_CALLBACK (flow_console_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  sync_from_draft (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOW]);
}

void
bb_template_page_activate (BbTemplatePage *self)
{
  g_return_if_fail (BB_IS_TEMPLATE_PAGE (self));
  g_return_if_fail (self->flow != NULL);

  /* A read or a save is running: its reply will update the page. */
  if (self->cancellable != NULL)
    return;

  if (bb_flow_get_template (self->flow) == NULL)
    {
      start_load (self);
      return;
    }

  /* Never reload over the draft: show it as it is. */
  sync_from_draft (self);
  set_state (self, self->state == BB_TEMPLATE_STATE_LOADING ? BB_TEMPLATE_STATE_READY : self->state);
}

BbTemplateState
bb_template_page_get_state (BbTemplatePage *self)
{
  g_return_val_if_fail (BB_IS_TEMPLATE_PAGE (self), BB_TEMPLATE_STATE_LOADING);

  return self->state;
}

const char *
bb_template_page_get_error_message (BbTemplatePage *self)
{
  g_return_val_if_fail (BB_IS_TEMPLATE_PAGE (self), NULL);

  return self->error_message;
}

BbPreviewView *
bb_template_page_get_preview (BbTemplatePage *self)
{
  g_return_val_if_fail (BB_IS_TEMPLATE_PAGE (self), NULL);

  return self->preview;
}
