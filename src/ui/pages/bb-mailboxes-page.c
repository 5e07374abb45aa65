/* bb-mailboxes-page.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "bb-address.h"
#include "bb-mailbox-filter.h"
#include "bb-mailbox-slots.h"
#include "bb-mailbox-row.h"
#include "bb-mailboxes-page.h"
#include "bb-mailboxes-search-bar.h"
#include "bb-ui-utils.h"
#include "bb-window.h"

/* Addresses of an import that are not in the organisation, named in the notice. */
#define MAX_UNKNOWN_NAMED 3

/* What fixes a failed load, beyond Retry. */
typedef enum {
  FIX_RETRY,
  FIX_SIGN_IN,
  FIX_CREDENTIALS,
} ErrorFix;

struct _BbMailboxesPage
{
  GtkWidget             parent_instance;

  /* Template Widgets */
  GtkStack             *stack;
  GtkSpinner           *spinner;
  GtkLabel             *error_title;
  GtkLabel             *error_detail;
  GtkWidget            *sign_in_button;
  GtkWidget            *credentials_button;
  GtkWidget            *retry_button;
  GtkLabel             *empty_report;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *domain_dropdown;
  GtkStringList        *domain_names;
  GtkLabel             *shown_label;
  GtkLabel             *report_label;
  GtkRevealer          *notice_revealer;
  GtkWidget            *notice_card;
  GtkImage             *notice_icon;
  GtkLabel             *notice_label;
  GtkStack             *list_stack;
  GtkListView          *list_view;
  GtkNoSelection       *selection_model;
  GtkLabel             *summary_label;

  /* Owned References */
  BbFlow               *flow;
  BbMailboxFilter      *filter;
  BbMailboxSlots       *slots;            /* what the list view shows of the filter */
  BbMailboxModel       *loaded_model;     /* the flow's list as our last load set it */
  GCancellable         *cancellable;      /* the running users/list; NULL when idle */
  GCancellable         *file_cancellable; /* import and export */
  GtkFileChooserNative *chooser;
  GError               *error;
  char                 *error_message;
  char                 *summary_text;
  char                 *report_text;
  char                 *notice_text;

  BbMailboxesState      state;
  ErrorFix              fix;
  guint                 setting_mailboxes : 1;
  guint                 filling_domains : 1;
};

G_DEFINE_FINAL_TYPE (BbMailboxesPage, bb_mailboxes_page, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (BbMailboxesState, bb_mailboxes_state,
  G_DEFINE_ENUM_VALUE (BB_MAILBOXES_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (BB_MAILBOXES_STATE_LOADING, "loading"),
  G_DEFINE_ENUM_VALUE (BB_MAILBOXES_STATE_READY, "ready"),
  G_DEFINE_ENUM_VALUE (BB_MAILBOXES_STATE_EMPTY, "empty"),
  G_DEFINE_ENUM_VALUE (BB_MAILBOXES_STATE_ERROR, "error"))

enum {
  PROP_0,
  PROP_FLOW,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_SUMMARY_TEXT,
  PROP_REPORT_TEXT,
  PROP_NOTICE_TEXT,
  PROP_FILTER,
  N_PROPS
};

enum {
  DONE,
  SIGN_IN_NEEDED,
  CREDENTIALS_NEEDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */
/* Small helpers */

static BbMailboxModel *
current_model (BbMailboxesPage *self)
{
  return self->flow != NULL ? bb_flow_get_mailboxes (self->flow) : NULL;
}

static guint
n_shown (BbMailboxesPage *self)
{
  return self->filter != NULL ? bb_mailbox_filter_get_n_items (self->filter) : 0;
}

static void
toast (BbMailboxesPage *self,
       const char      *title)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (BB_IS_WINDOW (root))
    bb_window_add_toast (BB_WINDOW (root), title);
}

/* ------------------------------------------------------------------------ */
/* State, actions, counters */

static void
update_actions (BbMailboxesPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean ready = self->state == BB_MAILBOXES_STATE_READY;
  gboolean loading = self->state == BB_MAILBOXES_STATE_LOADING;
  gboolean error = self->state == BB_MAILBOXES_STATE_ERROR;
  guint n = self->flow != NULL ? bb_flow_get_n_mailboxes (self->flow) : 0;
  guint n_selected = self->flow != NULL ? bb_flow_get_n_selected (self->flow) : 0;
  gboolean connected = self->flow != NULL && bb_flow_get_console (self->flow) != NULL;

  gtk_widget_action_set_enabled (widget, "page.reload", connected && !loading);
  gtk_widget_action_set_enabled (widget, "page.retry", connected && error);
  gtk_widget_action_set_enabled (widget, "page.cancel", loading);
  gtk_widget_action_set_enabled (widget, "page.select-all", ready && n_selected < n);
  gtk_widget_action_set_enabled (widget, "page.select-none", ready && n_selected > 0);
  gtk_widget_action_set_enabled (widget, "page.select-shown", ready && n_shown (self) > 0);
  gtk_widget_action_set_enabled (widget, "page.search", ready);
  gtk_widget_action_set_enabled (widget, "page.import", ready && self->chooser == NULL);
  gtk_widget_action_set_enabled (widget, "page.export",
                                 ready && n_selected > 0 && self->chooser == NULL);
  gtk_widget_action_set_enabled (widget, "page.dismiss-notice", self->notice_text != NULL);
  gtk_widget_action_set_enabled (widget, "page.sign-in", error && self->fix == FIX_SIGN_IN);
  gtk_widget_action_set_enabled (widget, "page.credentials",
                                 error && self->fix == FIX_CREDENTIALS);
  gtk_widget_action_set_enabled (widget, "page.continue", ready && n_selected > 0);
}

static const char *
state_to_child (BbMailboxesState state)
{
  switch (state)
    {
    case BB_MAILBOXES_STATE_LOADING:
      return "loading";
    case BB_MAILBOXES_STATE_READY:
      return "ready";
    case BB_MAILBOXES_STATE_EMPTY:
      return "empty";
    case BB_MAILBOXES_STATE_ERROR:
      return "error";
    case BB_MAILBOXES_STATE_IDLE:
    default:
      return "idle";
    }
}

static void
set_state (BbMailboxesPage  *self,
           BbMailboxesState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  gtk_stack_set_visible_child_name (self->stack, state_to_child (state));
  gtk_spinner_set_spinning (self->spinner, state == BB_MAILBOXES_STATE_LOADING);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error_message (BbMailboxesPage *self,
                   const char      *message)
{
  if (bb_ui_set_string (&self->error_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

/* Where the page rests when nothing runs: the list, the empty organisation, or
 * nothing loaded yet (a new Console or flock, or a cancelled first load). */
static void
settle_state (BbMailboxesPage *self)
{
  BbMailboxModel *model = current_model (self);

  g_clear_error (&self->error);
  set_error_message (self, NULL);

  if (model != NULL && bb_mailbox_model_get_n_items (model) > 0)
    set_state (self, BB_MAILBOXES_STATE_READY);
  else if (model != NULL && model == self->loaded_model)
    set_state (self, BB_MAILBOXES_STATE_EMPTY);
  else
    set_state (self, BB_MAILBOXES_STATE_IDLE);
}

static void
update_summary (BbMailboxesPage *self)
{
  guint n = self->flow != NULL ? bb_flow_get_n_mailboxes (self->flow) : 0;
  guint n_selected = self->flow != NULL ? bb_flow_get_n_selected (self->flow) : 0;
  g_autofree char *text = NULL;

  /* Translators: "3 of 60 selected": mailboxes ticked of all mailboxes listed;
   * the plural follows the second number */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u selected",
                                       "%u of %u selected", n),
                          n_selected, n);
  gtk_label_set_text (self->summary_label, text);

  if (bb_ui_set_string (&self->summary_text, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY_TEXT]);

  update_actions (self);
}

static gboolean
filter_is_active (BbMailboxesPage *self)
{
  return self->filter != NULL &&
         (bb_mailbox_filter_get_search (self->filter)[0] != '\0' ||
          bb_mailbox_filter_get_domain (self->filter)[0] != '\0');
}

static void
update_shown (BbMailboxesPage *self)
{
  guint shown = n_shown (self);
  BbMailboxModel *model = current_model (self);
  gboolean none = shown == 0 && model != NULL && bb_mailbox_model_get_n_items (model) > 0;
  g_autofree char *text = NULL;

  gtk_stack_set_visible_child_name (self->list_stack, none ? "no-results" : "list");

  if (filter_is_active (self))
    /* Translators: how many mailboxes the search and domain filter show */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u shown", "%u shown", shown), shown);
  gtk_label_set_text (self->shown_label, text != NULL ? text : "");

  update_actions (self);
}

static void
set_report (BbMailboxesPage *self,
            guint            n_invalid,
            guint            n_duplicates)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (n_invalid > 0)
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "%u entry without a valid address was skipped",
                                         "%u entries without a valid address were skipped",
                                         n_invalid),
                            n_invalid);
  if (n_invalid > 0 && n_duplicates > 0)
    /* Translators: joins "3 entries … were skipped" and "2 duplicates merged" */
    g_string_append (text, _(" · "));
  if (n_duplicates > 0)
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE, "%u duplicate merged",
                                         "%u duplicates merged", n_duplicates),
                            n_duplicates);

  if (!bb_ui_set_string (&self->report_text, text->len > 0 ? text->str : NULL))
    return;

  gtk_label_set_text (self->report_label, text->str);
  gtk_label_set_text (self->empty_report, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->report_label), text->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_report), text->len > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT_TEXT]);
}

/* The dismissible banner above the list; NULL hides it. */
static void
set_notice (BbMailboxesPage *self,
            const char      *text,
            gboolean         warning)
{
  if (text != NULL)
    {
      gtk_label_set_text (self->notice_label, text);
      gtk_image_set_from_icon_name (self->notice_icon,
                                    warning ? "dialog-warning-symbolic" : "object-select-symbolic");
      if (warning)
        gtk_widget_add_css_class (self->notice_card, "warning");
      else
        gtk_widget_remove_css_class (self->notice_card, "warning");
    }
  gtk_revealer_set_reveal_child (self->notice_revealer, text != NULL);

  if (bb_ui_set_string (&self->notice_text, text))
    {
      update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE_TEXT]);
    }
}

/* ------------------------------------------------------------------------ */
/* The filter and the domain picker follow the flow's list */

static void
fill_domains (BbMailboxesPage *self,
              BbMailboxModel  *model)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->domain_names));
  guint old_selected = gtk_drop_down_get_selected (self->domain_dropdown);
  g_autofree char *old_domain = NULL;
  g_autoptr(GPtrArray) domains = NULL;
  guint selected = 0;

  if (old_selected > 0 && old_selected < n_old)
    old_domain = g_strdup (gtk_string_list_get_string (self->domain_names, old_selected));

  domains = model != NULL ? bb_mailbox_model_dup_domains (model) : g_ptr_array_new ();

  self->filling_domains = TRUE;
  gtk_string_list_splice (self->domain_names, 0, n_old, NULL);
  gtk_string_list_append (self->domain_names, _("All domains"));
  for (guint i = 0; i < domains->len && g_ptr_array_index (domains, i) != NULL; i++)
    {
      const char *domain = g_ptr_array_index (domains, i);

      gtk_string_list_append (self->domain_names, domain);
      if (g_strcmp0 (domain, old_domain) == 0)
        selected = i + 1;
    }
  gtk_drop_down_set_selected (self->domain_dropdown, selected);
  self->filling_domains = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->domain_dropdown),
                          g_list_model_get_n_items (G_LIST_MODEL (self->domain_names)) > 2);
}

static const char *
selected_domain (BbMailboxesPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->domain_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;

  return gtk_string_list_get_string (self->domain_names, selected);
}

static void
filter_n_items_cb (BbMailboxesPage *self)
{
  g_assert (BB_IS_MAILBOXES_PAGE (self));

  update_shown (self);
}

static void
rebuild_filter (BbMailboxesPage *self)
{
  BbMailboxModel *model = current_model (self);
  g_autoptr(BbMailboxFilter) filter = NULL;

  fill_domains (self, model);

  if (model != NULL)
    {
      filter = bb_mailbox_filter_new (model);
      bb_mailbox_filter_set_search (filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      bb_mailbox_filter_set_domain (filter, selected_domain (self));
      g_signal_connect_object (filter, "notify::n-items",
                               G_CALLBACK (filter_n_items_cb), self, G_CONNECT_SWAPPED);
    }

  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_set_object (&self->filter, filter);
  bb_mailbox_slots_set_model (self->slots, G_LIST_MODEL (filter));

  update_shown (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

static void
cancel_load (BbMailboxesPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
flow_mailboxes_cb (BbMailboxesPage *self)
{
  g_assert (BB_IS_MAILBOXES_PAGE (self));

  rebuild_filter (self);
  update_summary (self);

  if (self->setting_mailboxes)
    return;

  /* Someone else replaced the list (a new Console or flock): what we were doing
   * and what we said about the old list no longer applies. */
  cancel_load (self);
  set_report (self, 0, 0);
  set_notice (self, NULL, FALSE);
  settle_state (self);
}

static void
flow_counts_cb (BbMailboxesPage *self)
{
  g_assert (BB_IS_MAILBOXES_PAGE (self));

  update_summary (self);
}

/* ------------------------------------------------------------------------ */
/* Loading */

static gboolean
is_sign_in_error (const GError *error)
{
  g_autofree char *folded = NULL;

  if (!g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CONSOLE))
    return FALSE;

  /* The Console says "Office365 is not authorised for this flock. Sign in first." */
  folded = g_utf8_casefold (error->message, -1);
  return strstr (folded, "not authori") != NULL || strstr (folded, "sign in") != NULL;
}

/* Only Console-reported errors: the Console relays what Exchange refused. */
static ErrorFix
classify_error (BbMailboxesPage *self,
                const GError    *error)
{
  gboolean exchange = bb_flow_get_source (self->flow) == BB_MAILBOX_SOURCE_EXCHANGE;

  if (g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CONSOLE) && exchange)
    return FIX_CREDENTIALS;
  if (!exchange && is_sign_in_error (error))
    return FIX_SIGN_IN;

  return FIX_RETRY;
}

static char *
describe_error (const GError *error,
                ErrorFix      fix)
{
  int code = error->domain == BB_CONSOLE_ERROR ? error->code : -1;

  if (fix == FIX_SIGN_IN)
    return g_strdup (_("Microsoft 365 is not signed in for this flock"));
  if (fix == FIX_CREDENTIALS)
    return g_strdup (_("Check the Exchange user name and password"));

  switch (code)
    {
    case BB_CONSOLE_ERROR_AUTH:
      return g_strdup (_("The Console rejected the API token"));
    case BB_CONSOLE_ERROR_NETWORK:
      return g_strdup (_("The Console could not be reached"));
    case BB_CONSOLE_ERROR_TLS:
      return g_strdup (_("The Console’s certificate was not accepted"));
    case BB_CONSOLE_ERROR_TIMEOUT:
      return g_strdup (_("The Console did not answer in time"));
    case BB_CONSOLE_ERROR_UNSUPPORTED:
      return g_strdup (_("This Console does not offer mailbox lists"));
    case BB_CONSOLE_ERROR_RATE_LIMITED:
      return g_strdup (_("The Console is busy"));
    case BB_CONSOLE_ERROR_SERVER:
      return g_strdup (_("The Console ran into a problem"));
    case BB_CONSOLE_ERROR_PROTOCOL:
      return g_strdup (_("Unexpected reply from the Console"));
    case BB_CONSOLE_ERROR_CONSOLE:
      return g_strdup (_("The Console reported an error"));
    default:
      return g_strdup (_("The mailboxes could not be loaded"));
    }
}

/* Takes @error. The flow's list and its ticks stay as they were. */
static void
fail (BbMailboxesPage *self,
      GError          *error)
{
  g_autofree char *title = NULL;

  g_debug ("Loading mailboxes failed: %s",
           error->domain == BB_CONSOLE_ERROR ? bb_console_error_to_name (error->code) : "other");

  self->fix = classify_error (self, error);
  title = describe_error (error, self->fix);

  gtk_label_set_text (self->error_title, title);
  gtk_label_set_text (self->error_detail, error->message);
  gtk_widget_set_visible (self->sign_in_button, self->fix == FIX_SIGN_IN);
  gtk_widget_set_visible (self->credentials_button, self->fix == FIX_CREDENTIALS);

  g_clear_error (&self->error);
  self->error = error;
  set_error_message (self, title);
  set_state (self, BB_MAILBOXES_STATE_ERROR);
  update_actions (self);

  /* The window may have moved the focus into the selectable detail, which
   * selects all of it; the fix is where the focus belongs. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_label_select_region (self->error_detail, 0, 0);
}

static void
users_list_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BbUiOp) op = user_data;
  BbMailboxesPage *self = op->owner;
  g_autoptr(BbMailboxList) list = NULL;
  g_autoptr(BbMailboxModel) model = NULL;
  g_autoptr(GError) error = NULL;

  list = bb_console_users_list_finish (BB_CONSOLE (object), result, &error);
  /* A reply after Cancel or after a newer load is dropped. */
  if (bb_ui_op_is_stale (op, self->cancellable) || bb_ui_is_cancelled_error (error))
    return;

  g_clear_object (&self->cancellable);

  if (list == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }

  model = g_object_ref (list->model);
  g_set_object (&self->loaded_model, model);

  /* The flow carries the ticks of addresses present in both lists over. */
  self->setting_mailboxes = TRUE;
  bb_flow_set_mailboxes (self->flow, model);
  self->setting_mailboxes = FALSE;

  set_report (self, list->n_invalid, list->n_duplicates);
  settle_state (self);

  /* The Cancel button that had the focus is gone: on to the search. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
start_load (BbMailboxesPage *self)
{
  BbConsole *console = self->flow != NULL ? bb_flow_get_console (self->flow) : NULL;

  if (console == NULL)
    return;

  cancel_load (self);
  self->cancellable = g_cancellable_new ();
  g_clear_error (&self->error);
  set_error_message (self, NULL);
  set_state (self, BB_MAILBOXES_STATE_LOADING);

  bb_console_users_list_async (console, bb_flow_get_exchange (self->flow), self->cancellable,
                               users_list_cb,
                               bb_ui_op_new (self, self->cancellable, NULL, NULL));
}

/* ------------------------------------------------------------------------ */
/* Import and export */

static char *
describe_import (guint              n_found,
                 const char * const *unknown,
                 guint              n_unknown)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *named = NULL;

  if (n_found == 0 && n_unknown == 0)
    return g_strdup (_("The file lists no addresses."));

  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "Selected %u mailbox from the file.",
                                       "Selected %u mailboxes from the file.", n_found),
                          n_found);
  if (n_unknown == 0)
    return g_string_free (g_steal_pointer (&text), FALSE);

  named = g_strjoinv (", ", (char **) unknown);
  g_string_append_c (text, ' ');
  /* Translators: the second %s lists the first few addresses, then "…" when
   * there are more */
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%u address is not in this organisation: %s%s",
                                       "%u addresses are not in this organisation: %s%s",
                                       n_unknown),
                          n_unknown, named, n_unknown > MAX_UNKNOWN_NAMED ? "…" : "");

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Ticks what the file names; returns the notice text. */
static char *
apply_import (BbMailboxesPage *self,
              BbAddressSet    *set,
              guint           *n_found)
{
  BbMailboxModel *model = current_model (self);
  const char * const *addresses = bb_address_set_peek (set);
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *unknown[MAX_UNKNOWN_NAMED + 1] = { NULL, };
  guint n_unknown = 0;

  for (guint i = 0; addresses[i] != NULL; i++)
    {
      gint position = bb_mailbox_model_find (model, addresses[i]);

      if (position >= 0)
        {
          guint pos = (guint) position;

          g_array_append_val (positions, pos);
        }
      else if (n_unknown++ < MAX_UNKNOWN_NAMED)
        unknown[n_unknown - 1] = addresses[i];
    }

  bb_mailbox_model_select_positions (model, (const guint *)(gpointer) positions->data,
                                     positions->len, TRUE);
  *n_found = positions->len;

  return describe_import (positions->len, unknown, n_unknown);
}

static void
import_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BbMailboxesPage *self = g_task_get_source_object (task);
  g_autofree char *contents = NULL;
  g_autofree char *basename = g_file_get_basename (G_FILE (object));
  g_autofree char *text = NULL;
  g_autoptr(BbAddressSet) set = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  guint n_found = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (!bb_ui_is_cancelled_error (error))
        {
          /* Translators: %s is a file name, then why it could not be read */
          text = g_strdup_printf (_("Could not read “%s”: %s"), basename, error->message);
          set_notice (self, text, TRUE);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set = bb_address_list_parse (contents, length, NULL, &error);
  if (set == NULL || current_model (self) == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
                                     _("the mailboxes are not loaded"));
      /* Translators: %s is a file name, then the first problem in it (its line
       * and address); the whole file was refused */
      text = g_strdup_printf (_("Nothing was selected from “%s”: %s"),
                              basename, error->message);
      set_notice (self, text, TRUE);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  text = apply_import (self, set, &n_found);
  set_notice (self, text, FALSE);
  g_task_return_int (task, n_found);
}

void
bb_mailboxes_page_import_file (BbMailboxesPage     *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BB_IS_MAILBOXES_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bb_mailboxes_page_import_file);

  g_file_load_contents_async (file, cancellable, import_loaded_cb, g_steal_pointer (&task));
}

gboolean
bb_mailboxes_page_import_file_finish (BbMailboxesPage  *self,
                                      GAsyncResult     *result,
                                      guint            *n_selected,
                                      GError          **error)
{
  gssize n;

  g_return_val_if_fail (BB_IS_MAILBOXES_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bb_mailboxes_page_import_file,
                        FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;

  if (n_selected != NULL)
    *n_selected = (guint) n;

  return TRUE;
}

static void
export_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BbMailboxesPage *self = g_task_get_source_object (task);
  guint n_written = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      if (!bb_ui_is_cancelled_error (error))
        {
          /* Translators: %s says why the file could not be written */
          text = g_strdup_printf (_("Could not export the selection: %s"), error->message);
          toast (self, text);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u address",
                                       "Exported %u addresses", n_written),
                          n_written);
  toast (self, text);
  g_task_return_int (task, n_written);
}

void
bb_mailboxes_page_export_file (BbMailboxesPage     *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_auto(GStrv) addresses = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  guint n = 0;

  g_return_if_fail (BB_IS_MAILBOXES_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bb_mailboxes_page_export_file);

  if (self->flow != NULL)
    addresses = bb_flow_dup_selected_addresses (self->flow);
  for (; addresses != NULL && addresses[n] != NULL; n++)
    {
      g_string_append (text, addresses[n]);
      g_string_append_c (text, '\n');
    }

  if (n == 0)
    {
      g_task_return_new_error (task, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
                               "%s", _("No mailbox is selected."));
      return;
    }

  g_task_set_task_data (task, GUINT_TO_POINTER (n), NULL);
  bytes = g_string_free_to_bytes (g_steal_pointer (&text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, export_written_cb, g_steal_pointer (&task));
}

gboolean
bb_mailboxes_page_export_file_finish (BbMailboxesPage  *self,
                                      GAsyncResult     *result,
                                      guint            *n_written,
                                      GError          **error)
{
  gssize n;

  g_return_val_if_fail (BB_IS_MAILBOXES_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bb_mailboxes_page_export_file,
                        FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;

  if (n_written != NULL)
    *n_written = (guint) n;

  return TRUE;
}

/* The file chooser: the page reports the outcome itself, so nothing to finish. */
static void
ignore_result_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BbMailboxesPage *self = BB_MAILBOXES_PAGE (object);
  gboolean import = GPOINTER_TO_INT (user_data);

  if (import)
    bb_mailboxes_page_import_file_finish (self, result, NULL, NULL);
  else
    bb_mailboxes_page_export_file_finish (self, result, NULL, NULL);
}

static void
chooser_response_cb (BbMailboxesPage *self,
                     int              response)
{
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->chooser);
  g_autoptr(GFile) file = NULL;
  gboolean import;

  g_assert (BB_IS_MAILBOXES_PAGE (self));

  import = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_OPEN;
  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_signal_handlers_disconnect_by_data (chooser, self);
  update_actions (self);

  if (file == NULL)
    return;

  if (import)
    bb_mailboxes_page_import_file (self, file, self->file_cancellable,
                                   ignore_result_cb, GINT_TO_POINTER (TRUE));
  else
    bb_mailboxes_page_export_file (self, file, self->file_cancellable,
                                   ignore_result_cb, GINT_TO_POINTER (FALSE));
}

static void
add_filters (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) text = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (text, _("Text and CSV files"));
  gtk_file_filter_add_mime_type (text, "text/plain");
  gtk_file_filter_add_mime_type (text, "text/csv");
  gtk_file_filter_add_suffix (text, "txt");
  gtk_file_filter_add_suffix (text, "csv");
  gtk_file_chooser_add_filter (chooser, text);

  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
}

static void
open_chooser (BbMailboxesPage *self,
              gboolean         import)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (import ? _("Import Selection") : _("Export Selection"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               import ? GTK_FILE_CHOOSER_ACTION_OPEN :
                                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                               import ? _("_Import") : _("_Export"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  add_filters (GTK_FILE_CHOOSER (self->chooser));
  if (!import)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("mailboxes.txt"));

  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ------------------------------------------------------------------------ */
/* Actions and template callbacks */

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  start_load (BB_MAILBOXES_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BbMailboxesPage *self = BB_MAILBOXES_PAGE (widget);

  cancel_load (self);
  settle_state (self);
}

static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BbMailboxesPage *self = BB_MAILBOXES_PAGE (widget);
  BbMailboxModel *model = current_model (self);

  if (model == NULL)
    return;

  if (g_str_equal (action_name, "page.select-all"))
    bb_mailbox_model_select_all (model, TRUE);
  else if (g_str_equal (action_name, "page.select-none"))
    bb_mailbox_model_select_all (model, FALSE);
  else if (self->filter != NULL)
    bb_mailbox_filter_select_shown (self->filter, TRUE);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BbMailboxesPage *self = BB_MAILBOXES_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
file_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  open_chooser (BB_MAILBOXES_PAGE (widget), g_str_equal (action_name, "page.import"));
}

static void
dismiss_notice_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  set_notice (BB_MAILBOXES_PAGE (widget), NULL, FALSE);
}

static void
emit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  guint signal_id;

  if (g_str_equal (action_name, "page.sign-in"))
    signal_id = signals[SIGN_IN_NEEDED];
  else if (g_str_equal (action_name, "page.credentials"))
    signal_id = signals[CREDENTIALS_NEEDED];
  else
    signal_id = signals[DONE];

  g_signal_emit (widget, signal_id, 0);
}

/*
 * A new search or domain shows its matches from the top. Done before the filter
 * changes: the list view then moves its rows to the top of the list (rebinding them),
 * and a list that shrinks loses only items past them. Left scrolled down, the rows
 * would belong to items that the change removes, and GTK 4.8 destroys such rows and
 * builds new ones (about 200 of them: 100 ms and more).
 */
static void
scroll_list_to_top (BbMailboxesPage *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));

  if (adjustment != NULL)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
search_changed_cb (BbMailboxesPage *self)
{
  g_assert (BB_IS_MAILBOXES_PAGE (self));

  if (self->filter != NULL)
    {
      scroll_list_to_top (self);
      bb_mailbox_filter_set_search (self->filter,
                                    gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
    }
  update_shown (self);
}

static void
stop_search_cb (BbMailboxesPage *self)
{
  g_assert (BB_IS_MAILBOXES_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
domain_selected_cb (BbMailboxesPage *self)
{
  g_assert (BB_IS_MAILBOXES_PAGE (self));

  if (self->filling_domains || self->filter == NULL)
    return;

  scroll_list_to_top (self);
  bb_mailbox_filter_set_domain (self->filter, selected_domain (self));
  update_shown (self);
}

/* Enter on a row (or a double click beside the check box) toggles it. */
static void
list_activate_cb (BbMailboxesPage *self,
                  guint            position)
{
  g_autoptr(BbMailbox) mailbox = NULL;

  g_assert (BB_IS_MAILBOXES_PAGE (self));

  if (self->filter == NULL)
    return;

  mailbox = g_list_model_get_item (G_LIST_MODEL (self->filter), position);
  if (mailbox != NULL)
    bb_mailbox_set_selected (mailbox, !bb_mailbox_get_selected (mailbox));
}

/* The row under the keyboard focus: arrow keys focus the list's row widget (the
 * parent of ours), Tab may focus the check button inside it. */
static BbMailboxRow *
focused_row (BbMailboxesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *child;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view)))
    return NULL;

  child = gtk_widget_get_first_child (focus);
  if (child != NULL && BB_IS_MAILBOX_ROW (child))
    return BB_MAILBOX_ROW (child);

  return BB_MAILBOX_ROW (gtk_widget_get_ancestor (focus, BB_TYPE_MAILBOX_ROW));
}

/* Space on the focused row, or on its check button: caught before the row's
 * own bindings (which would try to select the row in a GtkNoSelection), and
 * handled, so the check button never toggles a second time. */
static void
toggle_focused_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BbMailboxRow *row = focused_row (BB_MAILBOXES_PAGE (widget));
  BbMailbox *mailbox = row != NULL ? bb_mailbox_row_get_mailbox (row) : NULL;

  if (mailbox != NULL)
    bb_mailbox_set_selected (mailbox, !bb_mailbox_get_selected (mailbox));
}

static void
add_list_shortcuts (BbMailboxesPage *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutTrigger *trigger;

  trigger = gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                                         gtk_keyval_trigger_new (GDK_KEY_KP_Space, 0));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (trigger,
                                                          gtk_named_action_new ("page.toggle-focused")));
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), controller);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static gboolean
bb_mailboxes_page_grab_focus (GtkWidget *widget)
{
  BbMailboxesPage *self = BB_MAILBOXES_PAGE (widget);

  switch (self->state)
    {
    case BB_MAILBOXES_STATE_READY:
      return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
    case BB_MAILBOXES_STATE_ERROR:
      return gtk_widget_grab_focus (self->fix == FIX_SIGN_IN ? self->sign_in_button :
                                    self->fix == FIX_CREDENTIALS ? self->credentials_button :
                                    self->retry_button);
    case BB_MAILBOXES_STATE_IDLE:
    case BB_MAILBOXES_STATE_LOADING:
    case BB_MAILBOXES_STATE_EMPTY:
    default:
      /* The visible page's button. */
      return gtk_widget_child_focus (gtk_stack_get_visible_child (self->stack), GTK_DIR_TAB_FORWARD);
    }
}

static void
bb_mailboxes_page_dispose (GObject *object)
{
  BbMailboxesPage *self = (BbMailboxesPage *)object;

  cancel_load (self);
  g_cancellable_cancel (self->file_cancellable);
  g_clear_object (&self->file_cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->flow != NULL)
    g_signal_handlers_disconnect_by_data (self->flow, self);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->flow);
  g_clear_object (&self->filter);
  g_clear_object (&self->loaded_model);

  gtk_widget_dispose_template (GTK_WIDGET (self), BB_TYPE_MAILBOXES_PAGE);
  g_clear_object (&self->slots);

  G_OBJECT_CLASS (bb_mailboxes_page_parent_class)->dispose (object);
}

static void
bb_mailboxes_page_finalize (GObject *object)
{
  BbMailboxesPage *self = (BbMailboxesPage *)object;

  g_clear_error (&self->error);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->summary_text, g_free);
  g_clear_pointer (&self->report_text, g_free);
  g_clear_pointer (&self->notice_text, g_free);

  G_OBJECT_CLASS (bb_mailboxes_page_parent_class)->finalize (object);
}

static void
bb_mailboxes_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BbMailboxesPage *self = BB_MAILBOXES_PAGE (object);

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
    case PROP_SUMMARY_TEXT:
      g_value_set_string (value, self->summary_text);
      break;
    case PROP_REPORT_TEXT:
      g_value_set_string (value, self->report_text);
      break;
    case PROP_NOTICE_TEXT:
      g_value_set_string (value, self->notice_text);
      break;
    case PROP_FILTER:
      g_value_set_object (value, self->filter);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_mailboxes_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BbMailboxesPage *self = BB_MAILBOXES_PAGE (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      bb_mailboxes_page_set_flow (self, g_value_get_object (value));
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
    g_param_spec_enum ("state", NULL, NULL, BB_TYPE_MAILBOXES_STATE,
                       BB_MAILBOXES_STATE_IDLE, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  properties[PROP_SUMMARY_TEXT] = g_param_spec_string ("summary-text", NULL, NULL, NULL, ro);
  properties[PROP_REPORT_TEXT] = g_param_spec_string ("report-text", NULL, NULL, NULL, ro);
  properties[PROP_NOTICE_TEXT] = g_param_spec_string ("notice-text", NULL, NULL, NULL, ro);
  properties[PROP_FILTER] =
    g_param_spec_object ("filter", NULL, NULL, BB_TYPE_MAILBOX_FILTER, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
install_signals (GObjectClass *object_class)
{
  static const char * const names[N_SIGNALS] = {
    [DONE] = "done",
    [SIGN_IN_NEEDED] = "sign-in-needed",
    [CREDENTIALS_NEEDED] = "credentials-needed",
  };

  for (guint i = 0; i < N_SIGNALS; i++)
    signals[i] = g_signal_new (names[i],
                               G_TYPE_FROM_CLASS (object_class),
                               G_SIGNAL_RUN_LAST,
                               0, NULL, NULL, NULL,
                               G_TYPE_NONE, 0);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "page.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "page.retry", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "page.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "page.select-all", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "page.select-none", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "page.select-shown", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "page.import", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "page.export", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "page.dismiss-notice", NULL,
                                   dismiss_notice_action);
  gtk_widget_class_install_action (widget_class, "page.sign-in", NULL, emit_action);
  gtk_widget_class_install_action (widget_class, "page.credentials", NULL, emit_action);
  gtk_widget_class_install_action (widget_class, "page.continue", NULL, emit_action);
  gtk_widget_class_install_action (widget_class, "page.toggle-focused", NULL,
                                   toggle_focused_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "page.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "page.cancel", NULL);
}

static void
bb_mailboxes_page_class_init (BbMailboxesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bb_mailboxes_page_dispose;
  object_class->finalize = bb_mailboxes_page_finalize;
  object_class->get_property = bb_mailboxes_page_get_property;
  object_class->set_property = bb_mailboxes_page_set_property;

  widget_class->grab_focus = bb_mailboxes_page_grab_focus;

  install_properties (object_class);
  install_signals (object_class);

  g_type_ensure (BB_TYPE_MAILBOXES_SEARCH_BAR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/baitbox/Baitbox/pages/bb-mailboxes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, error_title);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, error_detail);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, credentials_button);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, empty_report);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, domain_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, domain_names);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, shown_label);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, report_label);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, notice_card);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, notice_icon);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, selection_model);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxesPage, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, domain_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  install_actions (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mailboxespage");

  g_type_ensure (BB_TYPE_MAILBOX_ROW);
}

/* Ctrl+A selects what the list shows even while typing in the search. */
static void
add_select_shown_shortcut (BbMailboxesPage *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_a,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("page.select-shown")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
bb_mailboxes_page_init (BbMailboxesPage *self)
{
  g_autoptr(GtkListItemFactory) factory = bb_mailbox_row_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  bb_ui_stack_hide_inactive (self->stack);
  bb_ui_stack_hide_inactive (self->list_stack);

  self->file_cancellable = g_cancellable_new ();

  /* The list view keeps its rows while the search changes what they show. */
  self->slots = bb_mailbox_slots_new (NULL);
  gtk_no_selection_set_model (self->selection_model, G_LIST_MODEL (self->slots));
  gtk_list_view_set_factory (self->list_view, factory);

  add_select_shown_shortcut (self);
  add_list_shortcuts (self);
  rebuild_filter (self);
  update_summary (self);
}

/* ------------------------------------------------------------------------ */
/* Public API */

GtkWidget *
bb_mailboxes_page_new (void)
{
  return g_object_new (BB_TYPE_MAILBOXES_PAGE, NULL);
}

BbFlow *
bb_mailboxes_page_get_flow (BbMailboxesPage *self)
{
  g_return_val_if_fail (BB_IS_MAILBOXES_PAGE (self), NULL);

  return self->flow;
}

void
bb_mailboxes_page_set_flow (BbMailboxesPage *self,
                            BbFlow          *flow)
{
  g_return_if_fail (BB_IS_MAILBOXES_PAGE (self));
  g_return_if_fail (flow == NULL || BB_IS_FLOW (flow));

  if (self->flow == flow)
    return;

  cancel_load (self);
  if (self->flow != NULL)
    g_signal_handlers_disconnect_by_data (self->flow, self);
  g_set_object (&self->flow, flow);
  g_clear_object (&self->loaded_model);

  if (flow != NULL)
    {
      g_signal_connect_object (flow, "notify::mailboxes",
                               G_CALLBACK (flow_mailboxes_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (flow, "notify::n-selected",
                               G_CALLBACK (flow_counts_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (flow, "notify::n-mailboxes",
                               G_CALLBACK (flow_counts_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (flow, "notify::console",
                               G_CALLBACK (flow_counts_cb), self, G_CONNECT_SWAPPED);
    }

  rebuild_filter (self);
  update_summary (self);
  set_report (self, 0, 0);
  set_notice (self, NULL, FALSE);
  settle_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOW]);
}

BbMailboxesState
bb_mailboxes_page_get_state (BbMailboxesPage *self)
{
  g_return_val_if_fail (BB_IS_MAILBOXES_PAGE (self), BB_MAILBOXES_STATE_IDLE);

  return self->state;
}

const char *
bb_mailboxes_page_get_error_message (BbMailboxesPage *self)
{
  g_return_val_if_fail (BB_IS_MAILBOXES_PAGE (self), NULL);

  return self->error_message;
}

const char *
bb_mailboxes_page_get_summary_text (BbMailboxesPage *self)
{
  g_return_val_if_fail (BB_IS_MAILBOXES_PAGE (self), NULL);

  return self->summary_text;
}

const char *
bb_mailboxes_page_get_report_text (BbMailboxesPage *self)
{
  g_return_val_if_fail (BB_IS_MAILBOXES_PAGE (self), NULL);

  return self->report_text;
}

const char *
bb_mailboxes_page_get_notice_text (BbMailboxesPage *self)
{
  g_return_val_if_fail (BB_IS_MAILBOXES_PAGE (self), NULL);

  return self->notice_text;
}

GListModel *
bb_mailboxes_page_get_filter (BbMailboxesPage *self)
{
  g_return_val_if_fail (BB_IS_MAILBOXES_PAGE (self), NULL);

  return G_LIST_MODEL (self->filter);
}

void
bb_mailboxes_page_activate (BbMailboxesPage *self)
{
  BbMailboxModel *model;

  g_return_if_fail (BB_IS_MAILBOXES_PAGE (self));

  model = current_model (self);
  if (model == NULL || self->state == BB_MAILBOXES_STATE_LOADING)
    return;

  /* A list is there (ours or carried in the flow), or an empty organisation we
   * already loaded: nothing to do. Otherwise this flow has no list yet. */
  if (bb_mailbox_model_get_n_items (model) > 0 || model == self->loaded_model)
    {
      settle_state (self);
      return;
    }

  start_load (self);
}
