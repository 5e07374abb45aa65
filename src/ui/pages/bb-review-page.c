/* bb-review-page.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "bb-review-page.h"
#include "bb-ui-utils.h"

/* How many addresses the summary names before "and N more". */
#define N_SHOWN_ADDRESSES 3

struct _BbReviewPage
{
  GtkWidget          parent_instance;

  /* Template Widgets */
  GtkStack          *stack;
  GtkLabel          *headline_label;
  GtkRevealer       *draft_revealer;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_title;
  GtkLabel          *error_detail;
  GtkWidget         *check_status_button;
  GtkWidget         *send_again_button;
  GtkWidget         *follow_button;
  AdwActionRow      *mailboxes_row;
  AdwActionRow      *source_row;
  AdwActionRow      *subject_row;
  GtkSpinner        *spinner;

  /* Borrowed References */
  AdwMessageDialog  *dialog;        /* weak: the open confirm dialog */

  /* Owned References */
  BbFlow            *flow;
  GCancellable      *cancellable;   /* the running create; NULL when idle */
  GError            *error;
  char              *headline;
  char              *error_message;

  BbReviewState      state;
  BbReviewState      state_before_dialog;
};

G_DEFINE_FINAL_TYPE (BbReviewPage, bb_review_page, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (BbReviewState, bb_review_state,
  G_DEFINE_ENUM_VALUE (BB_REVIEW_STATE_READY, "ready"),
  G_DEFINE_ENUM_VALUE (BB_REVIEW_STATE_CONFIRMING, "confirming"),
  G_DEFINE_ENUM_VALUE (BB_REVIEW_STATE_CREATING, "creating"),
  G_DEFINE_ENUM_VALUE (BB_REVIEW_STATE_ERROR, "error"))

enum {
  PROP_0,
  PROP_FLOW,
  PROP_STATE,
  PROP_HEADLINE,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

enum {
  STARTED,
  EDIT_TEMPLATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The subject that will go out: the saved template's (the Console inserts the saved
 * version), the draft's only when nothing is saved. */
static const char *
outgoing_subject (BbReviewPage *self)
{
  const BbTemplate *template = bb_flow_get_template (self->flow);

  if (template == NULL)
    template = bb_flow_get_draft (self->flow);

  return template != NULL ? template->subject : NULL;
}

static guint
n_selected (BbReviewPage *self)
{
  return self->flow != NULL ? bb_flow_get_n_selected (self->flow) : 0;
}

static gboolean
can_insert (BbReviewPage *self)
{
  const char *subject;

  if (self->flow == NULL || bb_flow_get_console (self->flow) == NULL)
    return FALSE;

  subject = outgoing_subject (self);

  return n_selected (self) > 0 && subject != NULL && subject[0] != '\0';
}

static void
update_actions (BbReviewPage *self)
{
  gboolean idle = self->state == BB_REVIEW_STATE_READY || self->state == BB_REVIEW_STATE_ERROR;
  gboolean has_console = self->flow != NULL && bb_flow_get_console (self->flow) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.insert", idle && can_insert (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.send-again",
                                 idle && can_insert (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.check-status", idle && has_console);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.follow", idle && has_console);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.edit-template", idle);
}

static void
set_state (BbReviewPage  *self,
           BbReviewState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  gtk_stack_set_visible_child_name (self->stack,
                                    state == BB_REVIEW_STATE_CREATING ? "creating" : "review");
  gtk_spinner_set_spinning (self->spinner, state == BB_REVIEW_STATE_CREATING);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
clear_error (BbReviewPage *self)
{
  g_clear_error (&self->error);
  bb_ui_reveal (self->error_revealer, FALSE);

  if (bb_ui_set_string (&self->error_message, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static char *
format_headline (BbReviewPage *self)
{
  const char *subject = outgoing_subject (self);
  const char *flock = bb_flow_get_flock_name (self->flow);
  guint n = n_selected (self);

  if (flock == NULL || flock[0] == '\0')
    flock = bb_flow_get_flock_id (self->flow);
  if (subject == NULL || subject[0] == '\0')
    /* Translators: the review headline when no bait email is loaded yet */
    subject = _("the bait email");

  /* Translators: 1: the bait email's subject, 2: a number of mailboxes, 3: a flock name */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Insert “%1$s” into %2$u mailbox of flock “%3$s”",
                                       "Insert “%1$s” into %2$u mailboxes of flock “%3$s”",
                                       n),
                          subject, n, flock ? flock : "");
}

/* "ann@contoso.com, bob@contoso.com, chloe@fabrikam.example and 58 more". Walks only
 * until it has found the first few selected, never the whole list. */
static char *
format_addresses (BbReviewPage *self)
{
  BbMailboxModel *model = bb_flow_get_mailboxes (self->flow);
  guint n_items = bb_mailbox_model_get_n_items (model);
  guint total = bb_mailbox_model_get_n_selected (model);
  g_autoptr(GString) shown = g_string_new (NULL);
  guint found = 0;

  if (total == 0)
    return g_strdup (_("No mailbox is selected"));

  for (guint i = 0; i < n_items && found < N_SHOWN_ADDRESSES && found < total; i++)
    {
      if (!bb_mailbox_model_get_selected (model, i))
        continue;
      if (found > 0)
        g_string_append (shown, _(", "));
      g_string_append (shown, bb_mailbox_model_get_address (model, i));
      found++;
    }

  if (total > found)
    /* Translators: 1: a list of addresses, 2: how many more are selected */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$s and %2$u more",
                                         "%1$s and %2$u more", total - found),
                            shown->str, total - found);

  return g_string_free (g_steal_pointer (&shown), FALSE);
}

static char *
format_source (BbReviewPage *self)
{
  const char *who;

  if (bb_flow_get_source (self->flow) == BB_MAILBOX_SOURCE_EXCHANGE)
    {
      who = bb_flow_get_exchange_username (self->flow);
      /* Translators: %s is the Exchange user name */
      return g_strdup_printf (_("On-premises Exchange as %s"), who ? who : "");
    }

  who = bb_flow_get_admin_email (self->flow);
  if (who == NULL || who[0] == '\0')
    return g_strdup (_("Microsoft 365"));

  /* Translators: %s is the administrator's email address */
  return g_strdup_printf (_("Microsoft 365 as %s"), who);
}

static void
refresh (BbReviewPage *self)
{
  g_autofree char *headline = NULL;
  g_autofree char *addresses = NULL;
  g_autofree char *source = NULL;
  const char *subject;

  if (self->flow == NULL)
    return;

  headline = format_headline (self);
  addresses = format_addresses (self);
  source = format_source (self);
  subject = outgoing_subject (self);

  gtk_label_set_text (self->headline_label, headline);
  adw_action_row_set_subtitle (self->mailboxes_row, addresses);
  adw_action_row_set_subtitle (self->source_row, source);
  adw_action_row_set_subtitle (self->subject_row, subject ? subject : "");
  bb_ui_reveal (self->draft_revealer, bb_flow_get_draft_dirty (self->flow));

  if (bb_ui_set_string (&self->headline, headline))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADLINE]);

  update_actions (self);
}

static void
flow_changed_cb (BbReviewPage *self)
{
  g_assert (BB_IS_REVIEW_PAGE (self));

  /* Cheap while hidden: the summary is rebuilt when the page is shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
  else
    update_actions (self);
}

/* Headline and which actions fit, in plain words by code (PROTOCOL.md 2 and 3.8). */
static const char *
describe_error (BbReviewPage *self,
                const GError *error)
{
  int code = error->domain == BB_CONSOLE_ERROR ? error->code : -1;
  gboolean follow = FALSE, resend = FALSE, status = FALSE;
  const char *title;

  switch (code)
    {
    case BB_CONSOLE_ERROR_INVALID_INPUT:
      title = _("A mailbox address was refused; nothing was sent");
      break;
    case BB_CONSOLE_ERROR_CONSOLE:
      title = _("The Console did not start the job");
      follow = TRUE;
      break;
    case BB_CONSOLE_ERROR_AUTH:
      title = _("The Console rejected the API token");
      break;
    case BB_CONSOLE_ERROR_NETWORK:
    case BB_CONSOLE_ERROR_TIMEOUT:
      title = _("No answer from the Console");
      resend = status = TRUE;
      break;
    default:
      title = _("The job could not be started");
      resend = status = TRUE;
      break;
    }

  gtk_widget_set_visible (self->follow_button, follow);
  gtk_widget_set_visible (self->send_again_button, resend);
  gtk_widget_set_visible (self->check_status_button, status);

  return title;
}

/* Takes @error. */
static void
fail (BbReviewPage *self,
      GError       *error)
{
  const char *title = describe_error (self, error);

  /* The code only: messages may quote the Console's words or addresses. */
  g_debug ("create failed: %s",
           error->domain == BB_CONSOLE_ERROR ? bb_console_error_to_name (error->code) : "other");

  gtk_label_set_text (self->error_title, title);
  gtk_label_set_text (self->error_detail, error->message);
  bb_ui_reveal (self->error_revealer, TRUE);

  g_clear_error (&self->error);
  self->error = error;
  if (bb_ui_set_string (&self->error_message, error->message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);

  set_state (self, BB_REVIEW_STATE_ERROR);
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BbUiOp) op = user_data;
  BbReviewPage *self = op->owner;
  guint n_addresses = GPOINTER_TO_UINT (op->data);
  g_autoptr(GError) error = NULL;
  BbCreateOutcome outcome = BB_CREATE_ACCEPTED;

  if (!bb_console_create_finish (BB_CONSOLE (object), result, &outcome, &error))
    {
      if (bb_ui_op_is_stale (op, self->cancellable))
        return;
      g_clear_object (&self->cancellable);
      if (bb_ui_is_cancelled_error (error))
        set_state (self, BB_REVIEW_STATE_READY);
      else
        fail (self, g_steal_pointer (&error));
      return;
    }

  /* Accepted even if cancelled meanwhile: the job runs, so it is followed. */
  if (self->cancellable != op->cancellable)
    return;
  g_clear_object (&self->cancellable);

  g_debug ("create %s for %u addresses",
           outcome == BB_CREATE_RECOVERED ? "recovered" : "accepted", n_addresses);
  set_state (self, BB_REVIEW_STATE_READY);
  g_signal_emit (self, signals[STARTED], 0, n_addresses);
}

static void
dialog_response_cb (BbReviewPage *self,
                    const char   *response)
{
  g_assert (BB_IS_REVIEW_PAGE (self));

  /* The dialog closes itself after its response; the next Insert gets a new one. */
  g_clear_weak_pointer (&self->dialog);

  if (self->state != BB_REVIEW_STATE_CONFIRMING)
    return;

  /* Back to where we were, so insert_confirmed() sees an idle page. */
  set_state (self, self->state_before_dialog);

  if (g_strcmp0 (response, "insert") == 0)
    bb_review_page_insert_confirmed (self);
}

static char *
format_dialog_body (BbReviewPage *self)
{
  const char *subject = outgoing_subject (self);
  guint n = n_selected (self);
  g_autofree char *body = NULL;

  /* Translators: 1: the bait email's subject, 2: a number of mailboxes */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The bait email “%1$s” will be placed in %2$u mailbox. "
                                       "This cannot be undone from Baitbox.",
                                       "The bait email “%1$s” will be placed in %2$u mailboxes. "
                                       "This cannot be undone from Baitbox.",
                                       n),
                          subject ? subject : "", n);

  /* After a lost answer the first job may exist; the user decides knowing that. */
  if (g_error_matches (self->error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_NETWORK) ||
      g_error_matches (self->error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_TIMEOUT))
    return g_strconcat (body, "\n\n",
                        _("If the Console did start the first job, these mailboxes may get a "
                          "second bait email. Check Status shows what the Console is doing."),
                        NULL);

  return g_steal_pointer (&body);
}

static void
open_confirm_dialog (BbReviewPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = format_dialog_body (self);
  GtkWidget *dialog;

  if (self->dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->dialog));
      return;
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Insert bait email?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "insert", _("_Insert"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "insert",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->dialog, ADW_MESSAGE_DIALOG (dialog));

  self->state_before_dialog = self->state;
  set_state (self, BB_REVIEW_STATE_CONFIRMING);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
insert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  open_confirm_dialog (BB_REVIEW_PAGE (widget));
}

static void
follow_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BbReviewPage *self = BB_REVIEW_PAGE (widget);

  /* Whatever status shows is followed; nothing is sent. */
  g_signal_emit (self, signals[STARTED], 0, 0u);
}

static void
edit_template_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  g_signal_emit (widget, signals[EDIT_TEMPLATE], 0);
}

static void
bb_review_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (bb_review_page_parent_class)->map (widget);

  refresh (BB_REVIEW_PAGE (widget));
}

static void
bb_review_page_dispose (GObject *object)
{
  BbReviewPage *self = (BbReviewPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_clear_weak_pointer (&self->dialog);
  bb_review_page_set_flow (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), BB_TYPE_REVIEW_PAGE);

  G_OBJECT_CLASS (bb_review_page_parent_class)->dispose (object);
}

static void
bb_review_page_finalize (GObject *object)
{
  BbReviewPage *self = (BbReviewPage *)object;

  g_clear_error (&self->error);
  g_clear_pointer (&self->headline, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (bb_review_page_parent_class)->finalize (object);
}

static void
bb_review_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BbReviewPage *self = BB_REVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      g_value_set_object (value, self->flow);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_HEADLINE:
      g_value_set_string (value, self->headline);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_review_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BbReviewPage *self = BB_REVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      bb_review_page_set_flow (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_review_page_class_init (BbReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bb_review_page_dispose;
  object_class->finalize = bb_review_page_finalize;
  object_class->get_property = bb_review_page_get_property;
  object_class->set_property = bb_review_page_set_property;

  widget_class->map = bb_review_page_map;

  properties[PROP_FLOW] =
    g_param_spec_object ("flow", NULL, NULL,
                         BB_TYPE_FLOW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       BB_TYPE_REVIEW_STATE, BB_REVIEW_STATE_READY,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEADLINE] =
    g_param_spec_string ("headline", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STARTED] =
    g_signal_new ("started",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[EDIT_TEMPLATE] =
    g_signal_new ("edit-template",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/baitbox/Baitbox/pages/bb-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BbReviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BbReviewPage, headline_label);
  gtk_widget_class_bind_template_child (widget_class, BbReviewPage, draft_revealer);
  gtk_widget_class_bind_template_child (widget_class, BbReviewPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, BbReviewPage, error_title);
  gtk_widget_class_bind_template_child (widget_class, BbReviewPage, error_detail);
  gtk_widget_class_bind_template_child (widget_class, BbReviewPage, check_status_button);
  gtk_widget_class_bind_template_child (widget_class, BbReviewPage, send_again_button);
  gtk_widget_class_bind_template_child (widget_class, BbReviewPage, follow_button);
  gtk_widget_class_bind_template_child (widget_class, BbReviewPage, mailboxes_row);
  gtk_widget_class_bind_template_child (widget_class, BbReviewPage, source_row);
  gtk_widget_class_bind_template_child (widget_class, BbReviewPage, subject_row);
  gtk_widget_class_bind_template_child (widget_class, BbReviewPage, spinner);

  gtk_widget_class_install_action (widget_class, "page.insert", NULL, insert_action);
  gtk_widget_class_install_action (widget_class, "page.send-again", NULL, insert_action);
  gtk_widget_class_install_action (widget_class, "page.check-status", NULL, follow_action);
  gtk_widget_class_install_action (widget_class, "page.follow", NULL, follow_action);
  gtk_widget_class_install_action (widget_class, "page.edit-template", NULL,
                                   edit_template_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reviewpage");
}

static void
bb_review_page_init (BbReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bb_ui_stack_hide_inactive (self->stack);

  /* Addresses and subjects are plain text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->mailboxes_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->source_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->subject_row), FALSE);
  update_actions (self);
}

GtkWidget *
bb_review_page_new (void)
{
  return g_object_new (BB_TYPE_REVIEW_PAGE, NULL);
}

BbFlow *
bb_review_page_get_flow (BbReviewPage *self)
{
  g_return_val_if_fail (BB_IS_REVIEW_PAGE (self), NULL);

  return self->flow;
}

void
bb_review_page_set_flow (BbReviewPage *self,
                         BbFlow       *flow)
{
  static const char *watched[] = {
    "notify::n-selected", "notify::template", "notify::draft-dirty", "notify::flock-name",
    "notify::console", "notify::source", "notify::admin-email", "notify::exchange-username",
  };

  g_return_if_fail (BB_IS_REVIEW_PAGE (self));
  g_return_if_fail (flow == NULL || BB_IS_FLOW (flow));

  if (self->flow == flow)
    return;

  if (self->flow != NULL)
    g_signal_handlers_disconnect_by_data (self->flow, self);
  g_set_object (&self->flow, flow);
  for (guint i = 0; flow != NULL && i < G_N_ELEMENTS (watched); i++)
    g_signal_connect_object (flow, watched[i], G_CALLBACK (flow_changed_cb), self,
                             G_CONNECT_SWAPPED);

  refresh (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOW]);
}

BbReviewState
bb_review_page_get_state (BbReviewPage *self)
{
  g_return_val_if_fail (BB_IS_REVIEW_PAGE (self), BB_REVIEW_STATE_READY);

  return self->state;
}

const char *
bb_review_page_get_headline (BbReviewPage *self)
{
  g_return_val_if_fail (BB_IS_REVIEW_PAGE (self), NULL);

  return self->headline;
}

const char *
bb_review_page_get_error_message (BbReviewPage *self)
{
  g_return_val_if_fail (BB_IS_REVIEW_PAGE (self), NULL);

  return self->error_message;
}

const GError *
bb_review_page_get_error (BbReviewPage *self)
{
  g_return_val_if_fail (BB_IS_REVIEW_PAGE (self), NULL);

  return self->error;
}

void
bb_review_page_activate (BbReviewPage *self)
{
  g_return_if_fail (BB_IS_REVIEW_PAGE (self));

  refresh (self);
}

void
bb_review_page_insert_confirmed (BbReviewPage *self)
{
  g_auto(GStrv) addresses = NULL;
  guint n_addresses;

  g_return_if_fail (BB_IS_REVIEW_PAGE (self));

  if (self->state == BB_REVIEW_STATE_CREATING || !can_insert (self))
    return;

  addresses = bb_flow_dup_selected_addresses (self->flow);
  clear_error (self);

  self->cancellable = g_cancellable_new ();
  n_addresses = g_strv_length (addresses);

  set_state (self, BB_REVIEW_STATE_CREATING);
  bb_console_create_async (bb_flow_get_console (self->flow),
                           (const char * const *) addresses, n_addresses,
                           bb_flow_get_exchange (self->flow), self->cancellable, create_cb,
                           bb_ui_op_new (self, self->cancellable,
                                         GUINT_TO_POINTER (n_addresses), NULL));
}
