/* bb-connect-page.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "bb-console-address.h"
#include "bb-connect-page.h"
#include "bb-ui-utils.h"
#include "bb-secrets.h"

#define DEFAULT_FLOCK_ID "flock:default"

/* What is running in BUSY: shown under the spinner, logged on failure. */
typedef enum {
  STEP_PING,
  STEP_FEATURES,
  STEP_FLOCKS,
} ConnectStep;

struct _BbConnectPage
{
  GtkWidget          parent_instance;

  /* Template Widgets */
  GtkStack          *stack;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_title;
  GtkLabel          *error_detail;
  GtkWidget         *retry_button;
  AdwEntryRow       *address_row;
  AdwEntryRow       *token_row;
  GtkLabel          *address_error;
  GtkSwitch         *remember_switch;

  /* The other states (bb-connect-page-states.ui, ensure_states()): NULL until
   * the first connect; the stack owns them. */
  GtkWidget         *busy_page;
  GtkSpinner        *spinner;
  GtkLabel          *busy_title;
  GtkLabel          *busy_step;
  AdwStatusPage     *connected_status;
  AdwComboRow       *flock_row;
  GtkStringList     *flock_names;
  AdwActionRow      *console_row;
  GtkWidget         *continue_button;
  AdwStatusPage     *unavailable_status;

  /* Owned References */
  GCancellable      *cancellable;   /* the running connect; NULL when idle */
  BbConsole         *pending;       /* the Console being connected to */
  BbConsole         *console;       /* set in CONNECTED only */
  GPtrArray         *flocks;        /* BbFlock*, same order as flock_names */
  GError            *error;
  char              *flock_id;
  char              *error_message;
  GCancellable      *keyring_cancellable; /* the running token lookup */
  char              *keyring_url;   /* the Console the filled-in token came from */

  BbConnectState     state;
  ConnectStep        step;
  guint              timeout;
  guint              keyring_ops;   /* keyring calls running */
  guint              filling_flocks : 1;
  guint              filling_token : 1;
  guint              token_from_keyring : 1;
};

G_DEFINE_FINAL_TYPE (BbConnectPage, bb_connect_page, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (BbConnectState, bb_connect_state,
  G_DEFINE_ENUM_VALUE (BB_CONNECT_STATE_FORM, "form"),
  G_DEFINE_ENUM_VALUE (BB_CONNECT_STATE_BUSY, "busy"),
  G_DEFINE_ENUM_VALUE (BB_CONNECT_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (BB_CONNECT_STATE_ERROR, "error"),
  G_DEFINE_ENUM_VALUE (BB_CONNECT_STATE_UNAVAILABLE, "unavailable"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_CONSOLE,
  PROP_ADDRESS,
  PROP_FLOCK_ID,
  PROP_FLOCK_NAME,
  PROP_ERROR_MESSAGE,
  PROP_TIMEOUT,
  PROP_REMEMBER_TOKEN,
  PROP_KEYRING_BUSY,
  PROP_TOKEN_FROM_KEYRING,
  N_PROPS
};

enum {
  CONNECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* One running step. Holds the page and the cancellable it was started with, so a
 * reply that arrives after Cancel (or after a newer connect) is dropped. */
static BbUiOp *
connect_op_new (BbConnectPage *self)
{
  return bb_ui_op_new (self, self->cancellable, NULL, NULL);
}

static gboolean
connect_op_is_stale (BbUiOp *op)
{
  return bb_ui_op_is_stale (op, BB_CONNECT_PAGE (op->owner)->cancellable);
}

static const char *
field_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
field_is_filled (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (field_text (row)));

  return text[0] != '\0';
}

static void
update_actions (BbConnectPage *self)
{
  gboolean busy = self->state == BB_CONNECT_STATE_BUSY;
  gboolean connected = self->state == BB_CONNECT_STATE_CONNECTED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.connect",
                                 !busy && !connected &&
                                 field_is_filled (self->address_row) &&
                                 field_is_filled (self->token_row));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.cancel", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.disconnect",
                                 connected || self->state == BB_CONNECT_STATE_UNAVAILABLE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.continue",
                                 connected && self->flocks != NULL && self->flocks->len > 0);
}

static const char *
state_to_child (BbConnectState state)
{
  switch (state)
    {
    case BB_CONNECT_STATE_BUSY:
      return "busy";
    case BB_CONNECT_STATE_CONNECTED:
      return "connected";
    case BB_CONNECT_STATE_UNAVAILABLE:
      return "unavailable";
    case BB_CONNECT_STATE_FORM:
    case BB_CONNECT_STATE_ERROR:
    default:
      return "form";
    }
}

static void flock_selected_cb (BbConnectPage *self);

/* Builds the states other than the form on first use: the window's first frame
 * then builds, styles and measures only the form. */
static void
ensure_states (BbConnectPage *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GtkBuilderScope) scope = NULL;
  g_autoptr(GError) error = NULL;

  if (self->busy_page != NULL)
    return;

  scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (scope), "flock_selected_cb",
                                          G_CALLBACK (flock_selected_cb));
  builder = gtk_builder_new ();
  gtk_builder_set_scope (builder, scope);
  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
  gtk_builder_set_current_object (builder, G_OBJECT (self));
  if (!gtk_builder_add_from_resource (builder,
                                      "/io/github/baitbox/Baitbox/pages/bb-connect-page-states.ui",
                                      &error))
    g_error ("Could not build the Connect page's states: %s", error->message);

  self->busy_page = GTK_WIDGET (gtk_builder_get_object (builder, "busy_page"));
  self->spinner = GTK_SPINNER (gtk_builder_get_object (builder, "spinner"));
  self->busy_title = GTK_LABEL (gtk_builder_get_object (builder, "busy_title"));
  self->busy_step = GTK_LABEL (gtk_builder_get_object (builder, "busy_step"));
  self->connected_status = ADW_STATUS_PAGE (gtk_builder_get_object (builder, "connected_status"));
  self->flock_row = ADW_COMBO_ROW (gtk_builder_get_object (builder, "flock_row"));
  self->flock_names = GTK_STRING_LIST (gtk_builder_get_object (builder, "flock_names"));
  self->console_row = ADW_ACTION_ROW (gtk_builder_get_object (builder, "console_row"));
  self->continue_button = GTK_WIDGET (gtk_builder_get_object (builder, "continue_button"));
  self->unavailable_status = ADW_STATUS_PAGE (gtk_builder_get_object (builder, "unavailable_status"));

  gtk_stack_add_named (self->stack, self->busy_page, "busy");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->connected_status), "connected");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->unavailable_status), "unavailable");
}

static void
set_state (BbConnectPage  *self,
           BbConnectState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  if (state != BB_CONNECT_STATE_FORM && state != BB_CONNECT_STATE_ERROR)
    ensure_states (self);
  gtk_stack_set_visible_child_name (self->stack, state_to_child (state));
  if (self->spinner != NULL)
    gtk_spinner_set_spinning (self->spinner, state == BB_CONNECT_STATE_BUSY);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_console (BbConnectPage *self,
             BbConsole     *console)
{
  if (g_set_object (&self->console, console))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSOLE]);
}

static void
set_field_error (AdwEntryRow *row,
                 gboolean     invalid)
{
  if (invalid)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               invalid ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

/* The card is hidden once it has slid away. */
static void
error_revealed_cb (BbConnectPage *self)
{
  if (!gtk_revealer_get_reveal_child (self->error_revealer) &&
      !gtk_revealer_get_child_revealed (self->error_revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->error_revealer), FALSE);
}

static void
clear_error (BbConnectPage *self)
{
  g_clear_error (&self->error);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->address_error), FALSE);
  set_field_error (self->address_row, FALSE);
  set_field_error (self->token_row, FALSE);

  if (bb_ui_set_string (&self->error_message, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
set_error_message (BbConnectPage *self,
                   GError        *error,
                   const char    *message)
{
  g_clear_error (&self->error);
  self->error = error;

  if (bb_ui_set_string (&self->error_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
show_address_error (BbConnectPage *self,
                    GError        *error)
{
  /* Plain label (no markup), so the normaliser's text needs no escaping. */
  gtk_label_set_text (self->address_error, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->address_error), TRUE);
  set_field_error (self->address_row, TRUE);
  set_error_message (self, error, error->message);
  set_state (self, BB_CONNECT_STATE_ERROR);
  gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
}

/* Headline and detail for a failed step, in plain words by code (PROTOCOL.md §2). */
static void
describe_error (const GError  *error,
                const char    *host,
                char         **title,
                char         **detail)
{
  int code = error->domain == BB_CONSOLE_ERROR ? error->code : -1;

  *detail = g_strdup (error->message);

  switch (code)
    {
    case BB_CONSOLE_ERROR_AUTH:
      *title = g_strdup (_("The Console rejected the API token"));
      g_free (*detail);
      *detail = g_strdup (_("Check the token in the Console’s settings and enter it again."));
      break;
    /* The client's messages name the host and the reason, or the step that
     * timed out (bb-console.c), so the headline stays short. */
    case BB_CONSOLE_ERROR_NETWORK:
      *title = g_strdup (_("Connection failed"));
      break;
    case BB_CONSOLE_ERROR_TLS:
      /* Translators: %s is a host name */
      *title = g_strdup_printf (_("The certificate of %s was not accepted"), host);
      break;
    case BB_CONSOLE_ERROR_TIMEOUT:
      /* Translators: %s is a host name */
      *title = g_strdup_printf (_("%s did not answer in time"), host);
      break;
    case BB_CONSOLE_ERROR_UNSUPPORTED:
      *title = g_strdup (_("This Console does not offer what Baitbox needs"));
      break;
    case BB_CONSOLE_ERROR_RATE_LIMITED:
      *title = g_strdup (_("The Console is busy"));
      break;
    case BB_CONSOLE_ERROR_SERVER:
      *title = g_strdup (_("The Console ran into a problem"));
      break;
    case BB_CONSOLE_ERROR_PROTOCOL:
      *title = g_strdup (_("Unexpected reply from the Console"));
      break;
    case BB_CONSOLE_ERROR_CONSOLE:
      *title = g_strdup (_("The Console reported an error"));
      break;
    default:
      *title = g_strdup (_("Could not connect"));
      break;
    }
}

static gboolean
error_can_retry (const GError *error)
{
  return g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_TIMEOUT) ||
         g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_NETWORK) ||
         g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_SERVER) ||
         g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_RATE_LIMITED);
}

/* Takes @error. */
static void
fail (BbConnectPage *self,
      GError        *error)
{
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  const char *host = self->pending ? bb_console_get_host (self->pending) : "";
  gboolean auth = g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_AUTH);

  /* The code only: messages may quote the Console's words, never needed in a log. */
  g_debug ("Connecting failed at step %d: %s", self->step,
           error->domain == BB_CONSOLE_ERROR ? bb_console_error_to_name (error->code) : "other");

  describe_error (error, host, &title, &detail);
  gtk_label_set_text (self->error_title, title);
  gtk_label_set_text (self->error_detail, detail);
  gtk_widget_set_visible (self->retry_button, error_can_retry (error));
  bb_ui_reveal (self->error_revealer, TRUE);
  set_field_error (self->token_row, auth);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->pending);
  set_error_message (self, error, title);
  set_state (self, BB_CONNECT_STATE_ERROR);

  if (auth)
    gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
}

static void
set_busy_step (BbConnectPage *self,
               ConnectStep    step)
{
  static const char *labels[] = {
    [STEP_PING] = N_("Checking the address and API token…"),
    [STEP_FEATURES] = N_("Reading the Console’s features…"),
    [STEP_FLOCKS] = N_("Loading flocks…"),
  };

  self->step = step;
  gtk_label_set_text (self->busy_step, _(labels[step]));
}

static guint
find_flock (GPtrArray  *flocks,
            const char *flock_id)
{
  for (guint i = 0; flock_id != NULL && i < flocks->len; i++)
    {
      const BbFlock *flock = g_ptr_array_index (flocks, i);

      if (g_strcmp0 (flock->id, flock_id) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
fill_flocks (BbConnectPage *self,
             GPtrArray     *flocks)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->flock_names));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  guint selected;

  for (guint i = 0; i < flocks->len; i++)
    {
      const BbFlock *flock = g_ptr_array_index (flocks, i);

      g_strv_builder_add (builder, flock->name != NULL && flock->name[0] ? flock->name : flock->id);
    }
  names = g_strv_builder_end (builder);

  g_clear_pointer (&self->flocks, g_ptr_array_unref);
  self->flocks = g_ptr_array_ref (flocks);

  selected = find_flock (flocks, self->flock_id);
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = find_flock (flocks, DEFAULT_FLOCK_ID);
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;

  /* Splicing moves the selection about; apply ours once the model is whole. */
  self->filling_flocks = TRUE;
  gtk_string_list_splice (self->flock_names, 0, n_old, (const char * const *) names);
  self->filling_flocks = FALSE;

  if (flocks->len > 0)
    adw_combo_row_set_selected (self->flock_row, selected);
}

static void
sync_selected_flock (BbConnectPage *self)
{
  guint selected = adw_combo_row_get_selected (self->flock_row);
  const BbFlock *flock = NULL;

  if (self->flocks != NULL && selected < self->flocks->len)
    flock = g_ptr_array_index (self->flocks, selected);

  if (flock == NULL)
    return;

  if (self->console != NULL)
    bb_console_set_flock_id (self->console, flock->id);

  if (bb_ui_set_string (&self->flock_id, flock->id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOCK_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOCK_NAME]);
}

/* ---- The keyring: one API token per Console (bb-secrets.h) ---------------- */

typedef struct {
  BbConnectPage *self;
  GCancellable  *cancellable;
  char          *url;
} KeyringOp;

static KeyringOp *
keyring_op_new (BbConnectPage *self,
                GCancellable  *cancellable,
                const char    *url)
{
  KeyringOp *op = g_new0 (KeyringOp, 1);

  op->self = g_object_ref (self);
  op->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  op->url = g_strdup (url);

  if (self->keyring_ops++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING_BUSY]);

  return op;
}

static void
keyring_op_free (KeyringOp *op)
{
  if (--op->self->keyring_ops == 0)
    g_object_notify_by_pspec (G_OBJECT (op->self), properties[PROP_KEYRING_BUSY]);

  g_clear_object (&op->self);
  g_clear_object (&op->cancellable);
  g_free (op->url);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyringOp, keyring_op_free)

/* The keyring only ever says why it failed, never what it holds; the error is
 * logged by domain and code, and an absent keyring is normal (no toast). */
static void
log_keyring_error (const char   *what,
                   const GError *error)
{
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("%s: %s %d%s", what, g_quark_to_string (error->domain), error->code,
             bb_secrets_error_is_unavailable (error) ? " (no keyring)" : "");
}

static void
set_token_from_keyring (BbConnectPage *self,
                        gboolean       from_keyring)
{
  if (self->token_from_keyring == !!from_keyring)
    return;

  self->token_from_keyring = !!from_keyring;
  if (!from_keyring)
    g_clear_pointer (&self->keyring_url, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_FROM_KEYRING]);
}

/* Fills the token field without marking it as typed by the user. */
static void
fill_token (BbConnectPage *self,
            const char    *token)
{
  self->filling_token = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), token ? token : "");
  self->filling_token = FALSE;
}

static void
lookup_token_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KeyringOp) op = user_data;
  BbConnectPage *self = op->self;
  g_autoptr(GError) error = NULL;
  char *token;

  token = bb_secrets_lookup_token_finish (result, &error);
  log_keyring_error ("Looking up the saved token failed", error);
  if (g_cancellable_is_cancelled (op->cancellable) ||
      self->keyring_cancellable != op->cancellable)
    {
      bb_secrets_free (token);
      return;
    }
  g_clear_object (&self->keyring_cancellable);

  /* A token the user typed meanwhile wins; one filled in for another Console goes. */
  if (field_is_filled (self->token_row) && !self->token_from_keyring)
    {
      bb_secrets_free (token);
      return;
    }

  fill_token (self, token);
  if (token != NULL)
    {
      g_free (self->keyring_url);
      self->keyring_url = g_strdup (op->url);
      self->token_from_keyring = FALSE;
      set_token_from_keyring (self, TRUE);
    }
  else
    set_token_from_keyring (self, FALSE);

  bb_secrets_free (token);
}

/* Offers the token saved for the Console in the address field, unless the user
 * typed one. Called when an address is prefilled and when the field loses focus. */
static void
lookup_saved_token (BbConnectPage *self)
{
  g_autofree char *url = NULL;

  if (self->state != BB_CONNECT_STATE_FORM && self->state != BB_CONNECT_STATE_ERROR)
    return;
  if (field_is_filled (self->token_row) && !self->token_from_keyring)
    return;

  url = bb_console_address_normalize (field_text (self->address_row), NULL);
  if (url == NULL || (self->token_from_keyring && g_strcmp0 (url, self->keyring_url) == 0))
    return;

  g_cancellable_cancel (self->keyring_cancellable);
  g_clear_object (&self->keyring_cancellable);
  self->keyring_cancellable = g_cancellable_new ();

  bb_secrets_lookup_token_async (url, self->keyring_cancellable, lookup_token_cb,
                                 keyring_op_new (self, self->keyring_cancellable, url));
}

static void
store_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KeyringOp) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!bb_secrets_store_token_finish (result, &error))
    log_keyring_error ("Saving the token failed", error);
}

static void
clear_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KeyringOp) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!bb_secrets_clear_token_finish (result, &error))
    log_keyring_error ("Forgetting the token failed", error);
}

/* After a successful connect: keep the token for next time, or, with Remember
 * switched off, drop one saved earlier. Runs to completion even if the page goes. */
static void
save_token (BbConnectPage *self,
            BbConsole     *console)
{
  g_autofree char *token = g_strstrip (g_strdup (field_text (self->token_row)));
  const char *url = bb_console_get_base_url (console);

  if (gtk_switch_get_active (self->remember_switch))
    bb_secrets_store_token_async (url, token, NULL, store_token_cb,
                                  keyring_op_new (self, NULL, url));
  else
    bb_secrets_clear_token_async (url, NULL, clear_token_cb,
                                  keyring_op_new (self, NULL, url));
}

static void
address_focus_leave_cb (BbConnectPage *self)
{
  g_assert (BB_IS_CONNECT_PAGE (self));

  lookup_saved_token (self);
}

static void
remember_changed_cb (BbConnectPage *self)
{
  g_assert (BB_IS_CONNECT_PAGE (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMEMBER_TOKEN]);
}

static void
flocks_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BbUiOp) op = user_data;
  BbConnectPage *self = op->owner;
  g_autoptr(GPtrArray) flocks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  flocks = bb_console_flocks_finish (BB_CONSOLE (object), result, &error);
  if (connect_op_is_stale (op) || bb_ui_is_cancelled_error (error))
    return;

  if (flocks != NULL && flocks->len == 0)
    error = g_error_new_literal (BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CONSOLE,
                                 _("The Console has no flocks."));

  if (error != NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }

  g_clear_object (&self->cancellable);
  fill_flocks (self, flocks);

  /* Translators: %s is the Console's host name */
  title = g_strdup_printf (_("Connected to %s"), bb_console_get_host (self->pending));
  adw_status_page_set_title (self->connected_status, title);
  adw_action_row_set_subtitle (self->console_row, bb_console_get_host (self->pending));

  set_console (self, self->pending);
  g_clear_object (&self->pending);
  sync_selected_flock (self);
  set_state (self, BB_CONNECT_STATE_CONNECTED);
  save_token (self, self->console);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOCK_NAME]);
  gtk_widget_grab_focus (self->continue_button);
}

static void
features_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BbUiOp) op = user_data;
  BbConnectPage *self = op->owner;
  g_autoptr(GHashTable) features = NULL;
  g_autoptr(GError) error = NULL;
  gpointer enabled;

  features = bb_console_features_finish (BB_CONSOLE (object), result, &error);
  if (connect_op_is_stale (op) || bb_ui_is_cancelled_error (error))
    return;

  if (features == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }

  /* PROTOCOL.md 3.2: only a flag that is present and false stops us. */
  if (g_hash_table_lookup_extended (features, "office365_mail_token", NULL, &enabled) &&
      !GPOINTER_TO_INT (enabled))
    {
      g_clear_object (&self->cancellable);
      g_clear_object (&self->pending);
      set_state (self, BB_CONNECT_STATE_UNAVAILABLE);
      return;
    }

  set_busy_step (self, STEP_FLOCKS);
  bb_console_flocks_async (self->pending, self->cancellable, flocks_cb,
                           g_steal_pointer (&op));
}

static void
ping_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BbUiOp) op = user_data;
  BbConnectPage *self = op->owner;
  g_autoptr(GError) error = NULL;

  if (!bb_console_ping_finish (BB_CONSOLE (object), result, &error))
    {
      if (!connect_op_is_stale (op) && !bb_ui_is_cancelled_error (error))
        fail (self, g_steal_pointer (&error));
      return;
    }

  if (connect_op_is_stale (op))
    return;

  set_busy_step (self, STEP_FEATURES);
  bb_console_features_async (self->pending, self->cancellable, features_cb,
                             g_steal_pointer (&op));
}

static void
start_connect (BbConnectPage *self)
{
  g_autoptr(BbConsole) console = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_strstrip (g_strdup (field_text (self->address_row)));
  g_autofree char *token = g_strstrip (g_strdup (field_text (self->token_row)));
  g_autofree char *title = NULL;

  clear_error (self);

  console = bb_console_new (address, &error);
  if (console == NULL)
    {
      show_address_error (self, g_steal_pointer (&error));
      return;
    }

  bb_console_set_auth_token (console, token);
  bb_console_set_flock_id (console, self->flock_id);
  if (self->timeout > 0)
    bb_console_set_timeout (console, self->timeout);

  g_set_object (&self->pending, console);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* Translators: %s is the Console's host name */
  title = g_strdup_printf (_("Connecting to %s"), bb_console_get_host (console));
  ensure_states (self);
  gtk_label_set_text (self->busy_title, title);
  set_busy_step (self, STEP_PING);
  set_state (self, BB_CONNECT_STATE_BUSY);

  bb_console_ping_async (console, self->cancellable, ping_cb, connect_op_new (self));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  start_connect (BB_CONNECT_PAGE (widget));
}

static void
back_to_form (BbConnectPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pending);
  set_console (self, NULL);
  clear_error (self);
  set_state (self, BB_CONNECT_STATE_FORM);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOCK_NAME]);
  gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  back_to_form (BB_CONNECT_PAGE (widget));
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  back_to_form (BB_CONNECT_PAGE (widget));
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  BbConnectPage *self = BB_CONNECT_PAGE (widget);

  g_assert (self->console != NULL);

  g_signal_emit (self, signals[CONNECTED], 0, self->console);
}

static void
address_changed_cb (BbConnectPage *self)
{
  g_assert (BB_IS_CONNECT_PAGE (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self->address_error)))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->address_error), FALSE);
      set_field_error (self->address_row, FALSE);
    }

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS]);
}

static void
token_changed_cb (BbConnectPage *self)
{
  g_assert (BB_IS_CONNECT_PAGE (self));

  set_field_error (self->token_row, FALSE);
  if (!self->filling_token)
    set_token_from_keyring (self, FALSE);
  update_actions (self);
}

static void
entry_activated_cb (BbConnectPage *self)
{
  g_assert (BB_IS_CONNECT_PAGE (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "page.connect", NULL);
}

static void
flock_selected_cb (BbConnectPage *self)
{
  g_assert (BB_IS_CONNECT_PAGE (self));

  if (!self->filling_flocks && self->state == BB_CONNECT_STATE_CONNECTED)
    sync_selected_flock (self);
}

/* The text inside an entry row is what gets focus; give it the row's title as
 * its accessible name so a screen reader announces "Console address". */
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

static gboolean
bb_connect_page_grab_focus (GtkWidget *widget)
{
  BbConnectPage *self = BB_CONNECT_PAGE (widget);

  if (self->state == BB_CONNECT_STATE_FORM || self->state == BB_CONNECT_STATE_ERROR)
    {
      if (field_is_filled (self->address_row) && !field_is_filled (self->token_row))
        return gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
      return gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
    }

  return GTK_WIDGET_CLASS (bb_connect_page_parent_class)->grab_focus (widget);
}

static void
bb_connect_page_dispose (GObject *object)
{
  BbConnectPage *self = (BbConnectPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->keyring_cancellable);
  g_clear_object (&self->keyring_cancellable);
  g_clear_object (&self->pending);
  g_clear_object (&self->console);
  g_clear_pointer (&self->flocks, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), BB_TYPE_CONNECT_PAGE);

  G_OBJECT_CLASS (bb_connect_page_parent_class)->dispose (object);
}

static void
bb_connect_page_finalize (GObject *object)
{
  BbConnectPage *self = (BbConnectPage *)object;

  g_clear_error (&self->error);
  g_clear_pointer (&self->flock_id, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->keyring_url, g_free);

  G_OBJECT_CLASS (bb_connect_page_parent_class)->finalize (object);
}

static void
bb_connect_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BbConnectPage *self = BB_CONNECT_PAGE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_CONSOLE:
      g_value_set_object (value, self->console);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, bb_connect_page_get_address (self));
      break;
    case PROP_FLOCK_ID:
      g_value_set_string (value, self->flock_id);
      break;
    case PROP_FLOCK_NAME:
      g_value_set_string (value, bb_connect_page_get_flock_name (self));
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_REMEMBER_TOKEN:
      g_value_set_boolean (value, gtk_switch_get_active (self->remember_switch));
      break;
    case PROP_KEYRING_BUSY:
      g_value_set_boolean (value, self->keyring_ops > 0);
      break;
    case PROP_TOKEN_FROM_KEYRING:
      g_value_set_boolean (value, self->token_from_keyring);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_connect_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BbConnectPage *self = BB_CONNECT_PAGE (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      bb_connect_page_set_address (self, g_value_get_string (value));
      break;
    case PROP_FLOCK_ID:
      bb_connect_page_set_flock_id (self, g_value_get_string (value));
      break;
    case PROP_TIMEOUT:
      if (self->timeout != g_value_get_uint (value))
        {
          self->timeout = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_REMEMBER_TOKEN:
      /* The switch's notify::active notifies :remember-token. */
      gtk_switch_set_active (self->remember_switch, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_connect_page_class_init (BbConnectPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bb_connect_page_dispose;
  object_class->finalize = bb_connect_page_finalize;
  object_class->get_property = bb_connect_page_get_property;
  object_class->set_property = bb_connect_page_set_property;

  widget_class->grab_focus = bb_connect_page_grab_focus;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       BB_TYPE_CONNECT_STATE, BB_CONNECT_STATE_FORM,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONSOLE] =
    g_param_spec_object ("console", NULL, NULL,
                         BB_TYPE_CONSOLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLOCK_ID] =
    g_param_spec_string ("flock-id", NULL, NULL, DEFAULT_FLOCK_ID,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLOCK_NAME] =
    g_param_spec_string ("flock-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Seconds per request for the Consoles the page creates; 0 keeps the client's default. */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether a successful connect saves the token in the keyring (the form's switch). */
  properties[PROP_REMEMBER_TOKEN] =
    g_param_spec_boolean ("remember-token", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE while a keyring lookup, store or clear is running. */
  properties[PROP_KEYRING_BUSY] =
    g_param_spec_boolean ("keyring-busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE while the token field holds the token saved for the address's Console. */
  properties[PROP_TOKEN_FROM_KEYRING] =
    g_param_spec_boolean ("token-from-keyring", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CONNECTED] =
    g_signal_new ("connected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BB_TYPE_CONSOLE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/baitbox/Baitbox/pages/bb-connect-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BbConnectPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BbConnectPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, BbConnectPage, error_title);
  gtk_widget_class_bind_template_child (widget_class, BbConnectPage, error_detail);
  gtk_widget_class_bind_template_child (widget_class, BbConnectPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, BbConnectPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, BbConnectPage, token_row);
  gtk_widget_class_bind_template_child (widget_class, BbConnectPage, address_error);
  gtk_widget_class_bind_template_child (widget_class, BbConnectPage, remember_switch);
  gtk_widget_class_bind_template_callback (widget_class, address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, remember_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_revealed_cb);

  gtk_widget_class_install_action (widget_class, "page.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "page.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "page.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "page.continue", NULL, continue_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "page.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "connectpage");
}

static void
bb_connect_page_init (BbConnectPage *self)
{
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));
  bb_ui_stack_hide_inactive (self->stack);

  self->flock_id = g_strdup (DEFAULT_FLOCK_ID);

  label_editable (self->address_row);
  label_editable (self->token_row);
  update_actions (self);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (address_focus_leave_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->address_row), focus);
}

GtkWidget *
bb_connect_page_new (void)
{
  return g_object_new (BB_TYPE_CONNECT_PAGE, NULL);
}

BbConnectState
bb_connect_page_get_state (BbConnectPage *self)
{
  g_return_val_if_fail (BB_IS_CONNECT_PAGE (self), BB_CONNECT_STATE_FORM);

  return self->state;
}

BbConsole *
bb_connect_page_get_console (BbConnectPage *self)
{
  g_return_val_if_fail (BB_IS_CONNECT_PAGE (self), NULL);

  return self->console;
}

const char *
bb_connect_page_get_address (BbConnectPage *self)
{
  g_return_val_if_fail (BB_IS_CONNECT_PAGE (self), NULL);

  return field_text (self->address_row);
}

void
bb_connect_page_set_address (BbConnectPage *self,
                             const char    *address)
{
  g_return_if_fail (BB_IS_CONNECT_PAGE (self));

  /* "changed" notifies :address */
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address ? address : "");
  lookup_saved_token (self);
}

void
bb_connect_page_set_auth_token (BbConnectPage *self,
                                const char    *token)
{
  g_return_if_fail (BB_IS_CONNECT_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->token_row), token ? token : "");
}

const char *
bb_connect_page_get_flock_id (BbConnectPage *self)
{
  g_return_val_if_fail (BB_IS_CONNECT_PAGE (self), NULL);

  return self->flock_id;
}

void
bb_connect_page_set_flock_id (BbConnectPage *self,
                              const char    *flock_id)
{
  guint position;

  g_return_if_fail (BB_IS_CONNECT_PAGE (self));

  if (flock_id == NULL || flock_id[0] == '\0')
    flock_id = DEFAULT_FLOCK_ID;

  /* While connected, the picker follows; a flock the Console lacks is ignored. */
  if (self->state == BB_CONNECT_STATE_CONNECTED)
    {
      position = find_flock (self->flocks, flock_id);
      if (position != GTK_INVALID_LIST_POSITION)
        adw_combo_row_set_selected (self->flock_row, position);
      return;
    }

  if (bb_ui_set_string (&self->flock_id, flock_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOCK_ID]);
}

const char *
bb_connect_page_get_flock_name (BbConnectPage *self)
{
  guint selected;
  const BbFlock *flock;

  g_return_val_if_fail (BB_IS_CONNECT_PAGE (self), NULL);

  if (self->state != BB_CONNECT_STATE_CONNECTED || self->flocks == NULL)
    return NULL;

  selected = adw_combo_row_get_selected (self->flock_row);
  if (selected >= self->flocks->len)
    return NULL;

  flock = g_ptr_array_index (self->flocks, selected);

  return flock->name != NULL && flock->name[0] ? flock->name : flock->id;
}

const char *
bb_connect_page_get_error_message (BbConnectPage *self)
{
  g_return_val_if_fail (BB_IS_CONNECT_PAGE (self), NULL);

  return self->error_message;
}

const GError *
bb_connect_page_get_error (BbConnectPage *self)
{
  g_return_val_if_fail (BB_IS_CONNECT_PAGE (self), NULL);

  return self->error;
}

void
bb_connect_page_connect (BbConnectPage *self)
{
  g_return_if_fail (BB_IS_CONNECT_PAGE (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "page.connect", NULL);
}
