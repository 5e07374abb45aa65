/* bb-progress-page.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "bb-progress-page.h"
#include "bb-ui-utils.h"

/* PROTOCOL.md 3.9: every 1–2 s while the job runs, backing off to 10 s on errors. */
#define POLL_INTERVAL_MS   1500
#define MAX_BACKOFF_MS     10000
/* total 0 this many times in a row: the Console has no job for the flock. */
#define NO_JOB_REPLIES     3
/* The failed list grows to this many rows, then scrolls. */
#define FAILED_ROWS_SHOWN  6
#define FAILED_ROW_HEIGHT  36

struct _BbProgressPage
{
  GtkWidget          parent_instance;

  /* Template Widgets */
  GtkWidget         *content;       /* bound so dispose_template unparents it */
  GtkInfoBar        *lost_bar;
  GtkLabel          *lost_title;
  GtkLabel          *lost_detail;
  GtkSpinner        *spinner;
  GtkImage          *header_icon;
  GtkLabel          *title_label;
  GtkLabel          *description_label;
  GtkProgressBar    *progress_bar;
  GtkWidget         *counters;
  GtkLabel          *successful_label;
  GtkLabel          *failed_label;
  GtkLabel          *remaining_label;
  GtkLabel          *elapsed_label;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_title;
  GtkLabel          *error_detail;
  GtkWidget         *check_status_button;
  GtkWidget         *failed_box;
  GtkScrolledWindow *failed_scroller;
  GtkStringList     *failed_list;
  GtkWidget         *summary_buttons;
  GtkWidget         *retry_button;

  /* Borrowed References */
  AdwMessageDialog  *dialog;            /* weak: the open retry dialog */

  /* Owned References */
  BbFlow            *flow;
  GCancellable      *cancellable;       /* the followed job's polls, or the retry's create */
  GHashTable        *failed_seen;       /* lower-cased addresses already listed */
  GPtrArray         *failed_addresses;  /* char*, NULL-terminated, in order of appearance */
  char              *connection_message;
  char              *error_message;

  BbProgressState    state;
  guint64            successful;
  guint64            failed;
  guint64            total;
  guint              expected_total;
  gint64             start_us;          /* monotonic; 0 before the first start */
  gint64             end_us;            /* monotonic; 0 while running */
  guint              poll_id;           /* the next status read */
  guint              tick_id;           /* the 1 s elapsed-time redraw */
  guint              n_errors;          /* failed status reads in a row */
  guint              n_no_job;          /* total-0 replies in a row */
  guint              polling : 1;       /* a status read is in flight */
  guint              seen_job : 1;
  guint              connection_lost : 1;
};

G_DEFINE_FINAL_TYPE (BbProgressPage, bb_progress_page, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (BbProgressState, bb_progress_state,
  G_DEFINE_ENUM_VALUE (BB_PROGRESS_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (BB_PROGRESS_STATE_FOLLOWING, "following"),
  G_DEFINE_ENUM_VALUE (BB_PROGRESS_STATE_FINISHED, "finished"),
  G_DEFINE_ENUM_VALUE (BB_PROGRESS_STATE_RETRYING, "retrying"),
  G_DEFINE_ENUM_VALUE (BB_PROGRESS_STATE_NO_JOB, "no-job"))

enum {
  PROP_0,
  PROP_FLOW,
  PROP_STATE,
  PROP_RUNNING,
  PROP_CONNECTION_LOST,
  PROP_CONNECTION_MESSAGE,
  PROP_SUCCESSFUL,
  PROP_FAILED,
  PROP_TOTAL,
  PROP_FAILED_ADDRESSES,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

enum {
  TOKEN_MORE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void poll_now (BbProgressPage *self);

/* One status read or retry create (its data: the number of addresses sent). A reply
 * whose cancellable is no longer the page's (stopped, restarted, disposed) is dropped. */
static BbUiOp *
page_op_new (BbProgressPage *self,
             guint           n_addresses)
{
  return bb_ui_op_new (self, self->cancellable, GUINT_TO_POINTER (n_addresses), NULL);
}

static gboolean
page_op_is_stale (BbUiOp *op)
{
  return bb_ui_op_is_stale (op, BB_PROGRESS_PAGE (op->owner)->cancellable);
}

static gboolean
state_is_running (BbProgressState state)
{
  return state == BB_PROGRESS_STATE_FOLLOWING || state == BB_PROGRESS_STATE_RETRYING;
}

static BbConsole *
get_console (BbProgressPage *self)
{
  return self->flow != NULL ? bb_flow_get_console (self->flow) : NULL;
}

/* The failed addresses as a strv, empty (never NULL) before the first one. */
static const char * const *
failed_strv (BbProgressPage *self)
{
  static const char * const empty[] = { NULL };

  return self->failed_addresses->pdata != NULL
         ? (const char * const *) self->failed_addresses->pdata : empty;
}

static guint64
shown_total (BbProgressPage *self)
{
  return self->total > 0 ? self->total : self->expected_total;
}

/* ------------------------------------------------------------------------- */
/* Drawing                                                                   */
/* ------------------------------------------------------------------------- */

static void
set_count_label (GtkLabel *label,
                 guint64   value)
{
  g_autofree char *text = g_strdup_printf ("%llu", (unsigned long long) value);

  gtk_label_set_text (label, text);
}

static void
update_counters (BbProgressPage *self)
{
  guint64 total = shown_total (self);
  guint64 done = self->successful + self->failed;
  g_autofree char *text = NULL;

  set_count_label (self->successful_label, self->successful);
  set_count_label (self->failed_label, self->failed);
  set_count_label (self->remaining_label, total > done ? total - done : 0);

  if (total == 0)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_progress_bar_set_text (self->progress_bar, _("Waiting for the Console…"));
      return;
    }

  done = MIN (done, total);
  gtk_progress_bar_set_fraction (self->progress_bar, (double) done / (double) total);
  /* Translators: progress, "12 of 40" mailboxes done */
  text = g_strdup_printf (_("%llu of %llu"), (unsigned long long) done,
                          (unsigned long long) total);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
update_elapsed (BbProgressPage *self)
{
  gint64 end = self->end_us != 0 ? self->end_us : g_get_monotonic_time ();
  gint64 seconds = self->start_us != 0 ? MAX (end - self->start_us, 0) / G_USEC_PER_SEC : 0;
  g_autofree char *text = NULL;

  if (seconds >= 3600)
    text = g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600),
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  else
    text = g_strdup_printf ("%02d:%02d", (int) (seconds / 60), (int) (seconds % 60));

  gtk_label_set_text (self->elapsed_label, text);
}

static gboolean
tick_cb (gpointer user_data)
{
  update_elapsed (BB_PROGRESS_PAGE (user_data));

  return G_SOURCE_CONTINUE;
}

/* The once-a-second redraw runs only while someone can see it and the job runs. */
static void
update_tick (BbProgressPage *self)
{
  gboolean wanted = gtk_widget_get_mapped (GTK_WIDGET (self)) &&
                    self->state == BB_PROGRESS_STATE_FOLLOWING;

  if (wanted && self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  else if (!wanted)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
set_header_icon (BbProgressPage *self,
                 const char     *icon_name,
                 const char     *css_class)
{
  static const char *classes[] = { "success", "warning", "dim-label" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->header_icon), classes[i]);

  gtk_widget_set_visible (GTK_WIDGET (self->header_icon), icon_name != NULL);
  if (icon_name == NULL)
    return;

  gtk_image_set_from_icon_name (self->header_icon, icon_name);
  gtk_widget_add_css_class (GTK_WIDGET (self->header_icon), css_class);
}

static void
describe_finished (BbProgressPage  *self,
                   char           **title,
                   char           **description)
{
  unsigned long long ok = self->successful;
  unsigned long long bad = self->failed;

  if (bad == 0)
    {
      *title = g_strdup (_("Bait emails inserted"));
      *description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%llu mailbox now holds the bait email.",
                                                   "%llu mailboxes now hold the bait email.",
                                                   ok), ok);
      return;
    }

  *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Finished with %llu failure",
                                         "Finished with %llu failures", bad), bad);
  /* Translators: 1: mailboxes that got the bait email, 2: mailboxes where it failed */
  *description = g_strdup_printf (_("%1$llu inserted, %2$llu failed."), ok, bad);
  if (self->failed_addresses->len == 0)
    {
      char *longer = g_strconcat (*description, " ",
                                  _("The Console did not say which mailboxes failed."), NULL);
      g_free (*description);
      *description = longer;
    }
}

/* The header's icon, title and description for the current state. */
static void
describe_state (BbProgressPage  *self,
                char           **title,
                char           **description)
{
  switch (self->state)
    {
    case BB_PROGRESS_STATE_FOLLOWING:
      set_header_icon (self, NULL, NULL);
      *title = g_strdup (_("Inserting bait emails…"));
      *description = g_strdup (_("The Console inserts them one mailbox at a time. It carries on "
                                 "if you close Baitbox."));
      break;
    case BB_PROGRESS_STATE_RETRYING:
      set_header_icon (self, NULL, NULL);
      *title = g_strdup (_("Retrying failed mailboxes…"));
      *description = g_strdup (_("Waiting for the Console to accept the job."));
      break;
    case BB_PROGRESS_STATE_FINISHED:
      set_header_icon (self, self->failed == 0 ? "emblem-ok-symbolic" : "dialog-warning-symbolic",
                       self->failed == 0 ? "success" : "warning");
      describe_finished (self, title, description);
      break;
    case BB_PROGRESS_STATE_NO_JOB:
      set_header_icon (self, "dialog-information-symbolic", "dim-label");
      *title = g_strdup (_("No tokening job is running"));
      *description = g_strdup (self->seen_job
                               ? _("The Console no longer reports the job of this flock.")
                               : _("The Console reports no job for this flock, so nothing is "
                                   "being inserted."));
      break;
    case BB_PROGRESS_STATE_IDLE:
    default:
      set_header_icon (self, NULL, NULL);
      *title = g_strdup (_("Tokening job"));
      *description = g_strdup ("");
      break;
    }
}

static void
update_view (BbProgressPage *self)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  gboolean running = state_is_running (self->state);
  gboolean has_failed = self->failed_addresses->len > 0;
  gboolean no_job = self->state == BB_PROGRESS_STATE_NO_JOB;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);

  describe_state (self, &title, &description);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->description_label, description);
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description[0] != '\0');

  gtk_widget_set_visible (self->summary_buttons,
                          self->state == BB_PROGRESS_STATE_FINISHED || no_job);
  gtk_widget_set_visible (self->retry_button,
                          self->state == BB_PROGRESS_STATE_FINISHED && has_failed);
  gtk_widget_set_visible (self->failed_box, has_failed);
  /* Without a job there is nothing to count. */
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), !no_job);
  gtk_widget_set_visible (self->counters, !no_job);
}

static void
update_actions (BbProgressPage *self)
{
  gboolean settled = self->state == BB_PROGRESS_STATE_FINISHED ||
                     self->state == BB_PROGRESS_STATE_NO_JOB;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.retry-failed",
                                 self->state == BB_PROGRESS_STATE_FINISHED &&
                                 self->failed_addresses->len > 0 && get_console (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.token-more", settled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.check-status",
                                 settled && get_console (self) != NULL);
}

static void
set_state (BbProgressPage  *self,
           BbProgressState  state)
{
  gboolean was_running = state_is_running (self->state);

  if (self->state == state)
    return;

  self->state = state;
  update_view (self);
  update_actions (self);
  update_tick (self);
  update_elapsed (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (was_running != state_is_running (state))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* ------------------------------------------------------------------------- */
/* The job's counters                                                        */
/* ------------------------------------------------------------------------- */

static void
set_counter (BbProgressPage *self,
             guint64        *field,
             guint64         value,
             guint           prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Never backwards within one job: a lagging or retried reply keeps the maximum. */
static void
raise_counter (BbProgressPage *self,
               guint64        *field,
               gint64          value,
               guint           prop_id)
{
  if (value > 0 && (guint64) value > *field)
    set_counter (self, field, (guint64) value, prop_id);
}

static void
add_failed_users (BbProgressPage  *self,
                  GPtrArray       *users)
{
  gboolean added = FALSE;

  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      const char *address = g_ptr_array_index (users, i);
      char *folded;

      if (address == NULL || address[0] == '\0')
        continue;

      folded = g_utf8_strdown (address, -1);
      if (!g_hash_table_add (self->failed_seen, folded))
        continue;

      g_ptr_array_add (self->failed_addresses, g_strdup (address));
      gtk_string_list_append (self->failed_list, address);
      added = TRUE;
    }

  if (added)
    {
      /* A list view reports little natural height before its rows exist. */
      gtk_scrolled_window_set_min_content_height (self->failed_scroller,
                                                  MIN (self->failed_addresses->len,
                                                       FAILED_ROWS_SHOWN) * FAILED_ROW_HEIGHT);
      gtk_widget_set_visible (self->failed_box, TRUE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED_ADDRESSES]);
    }
}

static void
clear_job (BbProgressPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->failed_list));

  set_counter (self, &self->successful, 0, PROP_SUCCESSFUL);
  set_counter (self, &self->failed, 0, PROP_FAILED);
  set_counter (self, &self->total, 0, PROP_TOTAL);

  g_hash_table_remove_all (self->failed_seen);
  if (self->failed_addresses->len > 0)
    {
      g_ptr_array_set_size (self->failed_addresses, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED_ADDRESSES]);
    }
  gtk_string_list_splice (self->failed_list, 0, n, NULL);

  self->n_errors = 0;
  self->n_no_job = 0;
  self->seen_job = FALSE;
}

/* ------------------------------------------------------------------------- */
/* Polling                                                                   */
/* ------------------------------------------------------------------------- */

static void
set_connection_lost (BbProgressPage *self,
                     const GError   *error)
{
  gboolean lost = error != NULL;
  int code = error != NULL && error->domain == BB_CONSOLE_ERROR ? error->code : -1;

  if (lost)
    {
      gboolean refused = code == BB_CONSOLE_ERROR_AUTH || code == BB_CONSOLE_ERROR_CONSOLE ||
                         code == BB_CONSOLE_ERROR_UNSUPPORTED;

      gtk_label_set_text (self->lost_title,
                          refused ? _("The Console could not report progress — still trying")
                                  : _("Lost contact with the Console — still trying"));
      gtk_label_set_text (self->lost_detail, error->message);
    }
  gtk_info_bar_set_revealed (self->lost_bar, lost);

  if (bb_ui_set_string (&self->connection_message, lost ? error->message : NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_MESSAGE]);

  if (self->connection_lost != lost)
    {
      self->connection_lost = lost;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_LOST]);
    }
}

static void
stop_polling (BbProgressPage *self)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->polling = FALSE;
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  BbProgressPage *self = user_data;

  self->poll_id = 0;
  poll_now (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_poll (BbProgressPage *self,
               guint           delay_ms)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
  self->poll_id = g_timeout_add (delay_ms, poll_timeout_cb, self);
}

/* 2, 4, 8, then 10 s after the 1st, 2nd, 3rd and later failures in a row. */
static guint
backoff_ms (guint n_errors)
{
  return MIN (1000u << MIN (n_errors, 4u), (guint) MAX_BACKOFF_MS);
}

static void
finish (BbProgressPage  *self,
        BbProgressState  state)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
  self->end_us = g_get_monotonic_time ();
  set_state (self, state);
}

static void
status_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BbUiOp) op = user_data;
  BbProgressPage *self = op->owner;
  g_autoptr(BbTokenStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = bb_console_status_finish (BB_CONSOLE (object), result, &error);
  if (page_op_is_stale (op) || bb_ui_is_cancelled_error (error))
    return;

  self->polling = FALSE;

  if (status == NULL)
    {
      self->n_errors++;
      g_debug ("status read failed (%s), %u in a row",
               error->domain == BB_CONSOLE_ERROR ? bb_console_error_to_name (error->code) : "other",
               self->n_errors);
      set_connection_lost (self, error);
      schedule_poll (self, backoff_ms (self->n_errors));
      return;
    }

  self->n_errors = 0;
  set_connection_lost (self, NULL);
  _bb_progress_page_apply_status (self, status);

  if (self->state == BB_PROGRESS_STATE_FOLLOWING)
    schedule_poll (self, POLL_INTERVAL_MS);
}

static void
poll_now (BbProgressPage *self)
{
  BbConsole *console = get_console (self);

  if (self->polling || console == NULL || self->cancellable == NULL ||
      self->state != BB_PROGRESS_STATE_FOLLOWING)
    return;

  self->polling = TRUE;
  bb_console_status_async (console, self->cancellable, status_cb, page_op_new (self, 0));
}

/* ------------------------------------------------------------------------- */
/* Retry                                                                     */
/* ------------------------------------------------------------------------- */

static void
clear_error (BbProgressPage *self)
{
  bb_ui_reveal (self->error_revealer, FALSE);
  if (bb_ui_set_string (&self->error_message, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
show_retry_error (BbProgressPage *self,
                  const GError   *error)
{
  int code = error->domain == BB_CONSOLE_ERROR ? error->code : -1;
  gboolean unknown = code != BB_CONSOLE_ERROR_INVALID_INPUT && code != BB_CONSOLE_ERROR_AUTH;

  gtk_label_set_text (self->error_title,
                      code == BB_CONSOLE_ERROR_NETWORK || code == BB_CONSOLE_ERROR_TIMEOUT
                      ? _("No answer from the Console")
                      : _("The retry could not be started"));
  gtk_label_set_text (self->error_detail, error->message);
  /* Whether a job runs is for status to say; the user may then retry again. */
  gtk_widget_set_visible (self->check_status_button, unknown);
  bb_ui_reveal (self->error_revealer, TRUE);

  if (bb_ui_set_string (&self->error_message, error->message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
retry_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(BbUiOp) op = user_data;
  BbProgressPage *self = op->owner;
  g_autoptr(GError) error = NULL;

  if (!bb_console_create_finish (BB_CONSOLE (object), result, NULL, &error))
    {
      if (page_op_is_stale (op))
        return;
      g_clear_object (&self->cancellable);
      if (!bb_ui_is_cancelled_error (error))
        show_retry_error (self, error);
      set_state (self, BB_PROGRESS_STATE_FINISHED);
      return;
    }

  if (page_op_is_stale (op))
    return;

  bb_progress_page_start (self, GPOINTER_TO_UINT (op->data));
}

static void
retry_response_cb (BbProgressPage *self,
                   const char     *response)
{
  g_assert (BB_IS_PROGRESS_PAGE (self));

  /* The dialog closes itself after its response. */
  g_clear_weak_pointer (&self->dialog);

  if (g_strcmp0 (response, "retry") == 0)
    bb_progress_page_retry_confirmed (self);
}

static void
retry_failed_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  BbProgressPage *self = BB_PROGRESS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  guint n = self->failed_addresses->len;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->dialog));
      return;
    }

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The bait email will be placed again in the %u mailbox "
                                       "where it failed.",
                                       "The bait email will be placed again in the %u mailboxes "
                                       "where it failed.", n), n);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Retry failed mailboxes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "retry", _("_Retry"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "retry",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (retry_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->dialog, ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
token_more_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  g_signal_emit (widget, signals[TOKEN_MORE], 0);
}

static void
check_status_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  bb_progress_page_start (BB_PROGRESS_PAGE (widget), 0);
}

/* ------------------------------------------------------------------------- */
/* GObject                                                                   */
/* ------------------------------------------------------------------------- */

static void
bb_progress_page_map (GtkWidget *widget)
{
  BbProgressPage *self = BB_PROGRESS_PAGE (widget);

  GTK_WIDGET_CLASS (bb_progress_page_parent_class)->map (widget);

  update_elapsed (self);
  update_tick (self);
}

static void
bb_progress_page_unmap (GtkWidget *widget)
{
  BbProgressPage *self = BB_PROGRESS_PAGE (widget);

  GTK_WIDGET_CLASS (bb_progress_page_parent_class)->unmap (widget);

  update_tick (self);
}

static void
bb_progress_page_dispose (GObject *object)
{
  BbProgressPage *self = (BbProgressPage *)object;

  stop_polling (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_clear_weak_pointer (&self->dialog);
  g_clear_object (&self->flow);

  gtk_widget_dispose_template (GTK_WIDGET (self), BB_TYPE_PROGRESS_PAGE);

  G_OBJECT_CLASS (bb_progress_page_parent_class)->dispose (object);
}

static void
bb_progress_page_finalize (GObject *object)
{
  BbProgressPage *self = (BbProgressPage *)object;

  g_clear_pointer (&self->failed_seen, g_hash_table_unref);
  g_clear_pointer (&self->failed_addresses, g_ptr_array_unref);
  g_clear_pointer (&self->connection_message, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (bb_progress_page_parent_class)->finalize (object);
}

static void
bb_progress_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BbProgressPage *self = BB_PROGRESS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      g_value_set_object (value, self->flow);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, state_is_running (self->state));
      break;
    case PROP_CONNECTION_LOST:
      g_value_set_boolean (value, self->connection_lost);
      break;
    case PROP_CONNECTION_MESSAGE:
      g_value_set_string (value, self->connection_message);
      break;
    case PROP_SUCCESSFUL:
      g_value_set_uint64 (value, self->successful);
      break;
    case PROP_FAILED:
      g_value_set_uint64 (value, self->failed);
      break;
    case PROP_TOTAL:
      g_value_set_uint64 (value, self->total);
      break;
    case PROP_FAILED_ADDRESSES:
      g_value_set_boxed (value, failed_strv (self));
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_progress_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BbProgressPage *self = BB_PROGRESS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      bb_progress_page_set_flow (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_properties (GObjectClass *object_class)
{
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  properties[PROP_FLOW] =
    g_param_spec_object ("flow", NULL, NULL, BB_TYPE_FLOW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BB_TYPE_PROGRESS_STATE, BB_PROGRESS_STATE_IDLE, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_CONNECTION_LOST] =
    g_param_spec_boolean ("connection-lost", NULL, NULL, FALSE, ro);
  properties[PROP_CONNECTION_MESSAGE] =
    g_param_spec_string ("connection-message", NULL, NULL, NULL, ro);
  properties[PROP_SUCCESSFUL] =
    g_param_spec_uint64 ("successful", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_FAILED] = g_param_spec_uint64 ("failed", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_TOTAL] = g_param_spec_uint64 ("total", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_FAILED_ADDRESSES] =
    g_param_spec_boxed ("failed-addresses", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bb_progress_page_class_init (BbProgressPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bb_progress_page_dispose;
  object_class->finalize = bb_progress_page_finalize;
  object_class->get_property = bb_progress_page_get_property;
  object_class->set_property = bb_progress_page_set_property;

  widget_class->map = bb_progress_page_map;
  widget_class->unmap = bb_progress_page_unmap;

  install_properties (object_class);

  signals[TOKEN_MORE] =
    g_signal_new ("token-more",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/baitbox/Baitbox/pages/bb-progress-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, content);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, lost_bar);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, lost_title);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, lost_detail);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, header_icon);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, counters);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, successful_label);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, failed_label);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, remaining_label);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, error_title);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, error_detail);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, check_status_button);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, failed_box);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, failed_scroller);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, failed_list);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, summary_buttons);
  gtk_widget_class_bind_template_child (widget_class, BbProgressPage, retry_button);

  gtk_widget_class_install_action (widget_class, "page.retry-failed", NULL, retry_failed_action);
  gtk_widget_class_install_action (widget_class, "page.token-more", NULL, token_more_action);
  gtk_widget_class_install_action (widget_class, "page.check-status", NULL, check_status_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "progresspage");
}

static void
bb_progress_page_init (BbProgressPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->failed_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->failed_addresses = g_ptr_array_new_null_terminated (8, g_free, TRUE);

  update_view (self);
  update_counters (self);
  update_actions (self);
}

/* ------------------------------------------------------------------------- */
/* Public API                                                                */
/* ------------------------------------------------------------------------- */

GtkWidget *
bb_progress_page_new (void)
{
  return g_object_new (BB_TYPE_PROGRESS_PAGE, NULL);
}

BbFlow *
bb_progress_page_get_flow (BbProgressPage *self)
{
  g_return_val_if_fail (BB_IS_PROGRESS_PAGE (self), NULL);

  return self->flow;
}

void
bb_progress_page_set_flow (BbProgressPage *self,
                           BbFlow         *flow)
{
  g_return_if_fail (BB_IS_PROGRESS_PAGE (self));
  g_return_if_fail (flow == NULL || BB_IS_FLOW (flow));

  if (!g_set_object (&self->flow, flow))
    return;

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOW]);
}

BbProgressState
bb_progress_page_get_state (BbProgressPage *self)
{
  g_return_val_if_fail (BB_IS_PROGRESS_PAGE (self), BB_PROGRESS_STATE_IDLE);

  return self->state;
}

gboolean
bb_progress_page_get_running (BbProgressPage *self)
{
  g_return_val_if_fail (BB_IS_PROGRESS_PAGE (self), FALSE);

  return state_is_running (self->state);
}

gboolean
bb_progress_page_get_connection_lost (BbProgressPage *self)
{
  g_return_val_if_fail (BB_IS_PROGRESS_PAGE (self), FALSE);

  return self->connection_lost;
}

const char *
bb_progress_page_get_connection_message (BbProgressPage *self)
{
  g_return_val_if_fail (BB_IS_PROGRESS_PAGE (self), NULL);

  return self->connection_message;
}

guint64
bb_progress_page_get_successful (BbProgressPage *self)
{
  g_return_val_if_fail (BB_IS_PROGRESS_PAGE (self), 0);

  return self->successful;
}

guint64
bb_progress_page_get_failed (BbProgressPage *self)
{
  g_return_val_if_fail (BB_IS_PROGRESS_PAGE (self), 0);

  return self->failed;
}

guint64
bb_progress_page_get_total (BbProgressPage *self)
{
  g_return_val_if_fail (BB_IS_PROGRESS_PAGE (self), 0);

  return self->total;
}

const char * const *
bb_progress_page_get_failed_addresses (BbProgressPage *self)
{
  g_return_val_if_fail (BB_IS_PROGRESS_PAGE (self), NULL);

  return failed_strv (self);
}

const char *
bb_progress_page_get_error_message (BbProgressPage *self)
{
  g_return_val_if_fail (BB_IS_PROGRESS_PAGE (self), NULL);

  return self->error_message;
}

void
bb_progress_page_activate (BbProgressPage *self)
{
  g_return_if_fail (BB_IS_PROGRESS_PAGE (self));

  update_counters (self);
  update_elapsed (self);
  update_tick (self);
}

void
bb_progress_page_start (BbProgressPage *self,
                        guint           expected_total)
{
  g_return_if_fail (BB_IS_PROGRESS_PAGE (self));
  g_return_if_fail (get_console (self) != NULL);

  stop_polling (self);
  clear_job (self);
  clear_error (self);
  set_connection_lost (self, NULL);

  self->expected_total = expected_total;
  self->start_us = g_get_monotonic_time ();
  self->end_us = 0;
  self->cancellable = g_cancellable_new ();

  if (self->state == BB_PROGRESS_STATE_FOLLOWING)
    {
      /* A restart while following: same state, fresh job. */
      update_view (self);
      update_elapsed (self);
    }
  set_state (self, BB_PROGRESS_STATE_FOLLOWING);
  update_counters (self);
  poll_now (self);
}

void
bb_progress_page_stop (BbProgressPage *self)
{
  g_return_if_fail (BB_IS_PROGRESS_PAGE (self));

  stop_polling (self);
  if (state_is_running (self->state))
    finish (self, BB_PROGRESS_STATE_IDLE);
}

void
bb_progress_page_retry_confirmed (BbProgressPage *self)
{
  g_autoptr(GPtrArray) addresses = NULL;
  BbConsole *console = get_console (self);
  g_return_if_fail (BB_IS_PROGRESS_PAGE (self));

  if (self->state != BB_PROGRESS_STATE_FINISHED || self->failed_addresses->len == 0 ||
      console == NULL)
    return;

  /* A copy: the list is cleared when the new job is followed. */
  addresses = g_ptr_array_new_null_terminated (self->failed_addresses->len, g_free, TRUE);
  for (guint i = 0; i < self->failed_addresses->len; i++)
    g_ptr_array_add (addresses, g_strdup (g_ptr_array_index (self->failed_addresses, i)));

  stop_polling (self);
  clear_error (self);
  self->cancellable = g_cancellable_new ();
  set_state (self, BB_PROGRESS_STATE_RETRYING);
  bb_console_create_async (console, (const char * const *) addresses->pdata, addresses->len,
                           bb_flow_get_exchange (self->flow), self->cancellable, retry_cb,
                           page_op_new (self, addresses->len));
}

void
_bb_progress_page_apply_status (BbProgressPage      *self,
                                const BbTokenStatus *status)
{
  g_return_if_fail (BB_IS_PROGRESS_PAGE (self));
  g_return_if_fail (status != NULL);

  if (self->state != BB_PROGRESS_STATE_FOLLOWING)
    return;

  if (!bb_token_status_has_job (status))
    {
      if (++self->n_no_job >= NO_JOB_REPLIES)
        finish (self, BB_PROGRESS_STATE_NO_JOB);
      return;
    }

  self->n_no_job = 0;
  self->seen_job = TRUE;
  raise_counter (self, &self->successful, status->successful, PROP_SUCCESSFUL);
  raise_counter (self, &self->failed, status->failed, PROP_FAILED);
  raise_counter (self, &self->total, status->total, PROP_TOTAL);
  add_failed_users (self, status->failed_users);
  update_counters (self);

  if (bb_token_status_is_finished (status))
    finish (self, BB_PROGRESS_STATE_FINISHED);
}

/* ------------------------------------------------------------------------- */
/* Closing                                                                   */
/* ------------------------------------------------------------------------- */

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   GTask            *task)
{
  g_autoptr(GTask) owned = g_object_ref (task);

  /* Only the first response counts: closing the dialog afterwards emits its close
   * response too. Disconnecting drops the dialog's reference, hence ours. */
  g_signal_handlers_disconnect_by_func (dialog, close_response_cb, task);
  g_task_return_boolean (owned, g_strcmp0 (response, "close") == 0);
}

void
bb_progress_page_confirm_close_async (BbProgressPage      *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (BB_IS_PROGRESS_PAGE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bb_progress_page_confirm_close_async);

  if (!state_is_running (self->state))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Stop following the tokening job?"),
                                   _("The Console carries on inserting bait emails. "
                                     "You can follow it again later from the "
                                     "Console or with baitbox-cli status."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "close", _("_Close"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  /* The dialog owns the task; its "response" always comes, close included. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (close_response_cb),
                         g_steal_pointer (&task), (GClosureNotify) (void (*) (void)) g_object_unref,
                         G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
bb_progress_page_confirm_close_finish (BbProgressPage  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (BB_IS_PROGRESS_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        bb_progress_page_confirm_close_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
