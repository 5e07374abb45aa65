/* bb-source-page.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "bb-address.h"
#include "bb-secrets.h"
#include "bb-source-page.h"
#include "bb-window.h"

struct _BbSourcePage
{
  GtkWidget         parent_instance;

  /* Template Widgets */
  GtkCheckButton   *m365_check;
  GtkCheckButton   *exchange_check;
  GtkWidget        *m365_box;
  GtkWidget        *exchange_box;
  AdwEntryRow      *email_row;
  GtkLabel         *email_error;
  AdwEntryRow      *username_row;
  AdwEntryRow      *password_row;
  GtkSwitch        *remember_switch;

  /* Owned References */
  BbFlow           *flow;
  GSettings        *settings;
  GCancellable     *cancellable;  /* the keyring look-up */
  char             *looked_up;    /* "url\nuser" last looked up, to ask only once */

  BbSourceState     state;
  BbMailboxSource   source;
  guint             email_touched : 1;
  guint             from_keyring : 1; /* the password shown came from the keyring */
};

G_DEFINE_FINAL_TYPE (BbSourcePage, bb_source_page, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (BbSourceState, bb_source_state,
  G_DEFINE_ENUM_VALUE (BB_SOURCE_STATE_READY, "ready"),
  G_DEFINE_ENUM_VALUE (BB_SOURCE_STATE_INVALID, "invalid"))

enum {
  PROP_0,
  PROP_FLOW,
  PROP_STATE,
  PROP_SOURCE,
  N_PROPS
};

enum {
  DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
field_dup_stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static gboolean
email_is_valid (BbSourcePage *self)
{
  g_autofree char *email = field_dup_stripped (self->email_row);

  return bb_address_is_valid (email);
}

static gboolean
exchange_is_filled (BbSourcePage *self)
{
  g_autofree char *username = field_dup_stripped (self->username_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  return username[0] != '\0' && password[0] != '\0';
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

/* The email error shows once the user has finished typing (Enter or leaving the
 * field), never while the first characters go in. */
static void
update_email_error (BbSourcePage *self)
{
  g_autofree char *email = field_dup_stripped (self->email_row);
  gboolean show = self->email_touched && email[0] != '\0' && !bb_address_is_valid (email);

  gtk_widget_set_visible (GTK_WIDGET (self->email_error), show);
  set_field_error (self->email_row, show);
}

static void
update_state (BbSourcePage *self)
{
  gboolean ready;
  BbSourceState state;

  if (self->source == BB_MAILBOX_SOURCE_EXCHANGE)
    ready = exchange_is_filled (self);
  else
    ready = email_is_valid (self);

  update_email_error (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.continue", ready);

  state = ready ? BB_SOURCE_STATE_READY : BB_SOURCE_STATE_INVALID;
  if (state == self->state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
show_source (BbSourcePage *self)
{
  gboolean exchange = self->source == BB_MAILBOX_SOURCE_EXCHANGE;

  gtk_check_button_set_active (exchange ? self->exchange_check : self->m365_check, TRUE);
  gtk_widget_set_visible (self->m365_box, !exchange);
  gtk_widget_set_visible (self->exchange_box, exchange);
  update_state (self);
}

static void
source_toggled_cb (BbSourcePage *self)
{
  g_assert (BB_IS_SOURCE_PAGE (self));

  bb_source_page_set_source (self,
                             gtk_check_button_get_active (self->exchange_check) ?
                             BB_MAILBOX_SOURCE_EXCHANGE : BB_MAILBOX_SOURCE_MICROSOFT_365);
}

static void
field_changed_cb (BbSourcePage *self,
                  GtkEditable  *editable)
{
  g_assert (BB_IS_SOURCE_PAGE (self));

  /* A typed password is the user's own: storing it again is up to the switch. */
  if (editable == GTK_EDITABLE (self->password_row))
    self->from_keyring = FALSE;

  update_state (self);
}

static void
email_activated_cb (BbSourcePage *self)
{
  g_assert (BB_IS_SOURCE_PAGE (self));

  self->email_touched = TRUE;
  update_state (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "page.continue", NULL);
}

static void
entry_activated_cb (BbSourcePage *self)
{
  g_assert (BB_IS_SOURCE_PAGE (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "page.continue", NULL);
}

static void
email_focus_leave_cb (BbSourcePage *self)
{
  g_assert (BB_IS_SOURCE_PAGE (self));

  self->email_touched = TRUE;
  update_state (self);
}

static const char *
console_url (BbSourcePage *self)
{
  BbConsole *console = self->flow ? bb_flow_get_console (self->flow) : NULL;

  return console ? bb_console_get_base_url (console) : NULL;
}

static void
lookup_password_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BbSourcePage) self = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = bb_secrets_lookup_exchange_password_finish (result, &error);
  if (password == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !bb_secrets_error_is_unavailable (error))
        g_debug ("Looking up a remembered Exchange password failed");
      return;
    }

  /* Whatever the user typed meanwhile wins. */
  if (gtk_editable_get_text (GTK_EDITABLE (self->password_row))[0] == '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
      gtk_switch_set_active (self->remember_switch, TRUE);
      self->from_keyring = TRUE;
    }

  bb_secrets_free (password);
}

/* Fills a remembered password for the user name shown, once per user name. */
static void
lookup_password (BbSourcePage *self)
{
  g_autofree char *username = field_dup_stripped (self->username_row);
  g_autofree char *key = NULL;
  const char *url = console_url (self);

  if (url == NULL || username[0] == '\0' ||
      gtk_editable_get_text (GTK_EDITABLE (self->password_row))[0] != '\0')
    return;

  key = g_strdup_printf ("%s\n%s", url, username);
  if (g_strcmp0 (key, self->looked_up) == 0)
    return;

  g_free (self->looked_up);
  self->looked_up = g_steal_pointer (&key);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  bb_secrets_lookup_exchange_password_async (url, username, self->cancellable,
                                             lookup_password_cb, g_object_ref (self));
}

static void
username_focus_leave_cb (BbSourcePage *self)
{
  g_assert (BB_IS_SOURCE_PAGE (self));

  lookup_password (self);
}

static void
store_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BbSourcePage) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;

  if (bb_secrets_store_exchange_password_finish (result, &error))
    return;

  g_debug ("Remembering the Exchange password failed");
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (BB_IS_WINDOW (root))
    bb_window_add_toast (BB_WINDOW (root), _("Could not remember the password in the keyring"));
}

static void
clear_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!bb_secrets_clear_exchange_password_finish (result, &error))
    g_debug ("Forgetting the Exchange password failed");
}

/* Stores the password when asked to; forgets a remembered one the user unticked. */
static void
remember_password (BbSourcePage *self,
                   const char   *username,
                   const char   *password)
{
  const char *url = console_url (self);

  if (url == NULL)
    return;

  if (gtk_switch_get_active (self->remember_switch))
    bb_secrets_store_exchange_password_async (url, username, password, NULL,
                                              store_password_cb, g_object_ref (self));
  else if (self->looked_up != NULL)
    bb_secrets_clear_exchange_password_async (url, username, NULL, clear_password_cb, NULL);
}

/* A list read for another source or account is not this one's: drop it (the
 * flow carries the ticks over to the next list by address). */
static void
forget_stale_list (BbSourcePage *self,
                   const char   *username)
{
  gboolean changed = bb_flow_get_source (self->flow) != self->source;

  if (self->source == BB_MAILBOX_SOURCE_EXCHANGE)
    changed |= g_strcmp0 (bb_flow_get_exchange_username (self->flow), username) != 0;

  if (changed && bb_flow_get_n_mailboxes (self->flow) > 0)
    {
      g_autoptr(BbMailboxModel) empty = bb_mailbox_model_new ();

      bb_flow_set_mailboxes (self->flow, empty);
    }
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  BbSourcePage *self = BB_SOURCE_PAGE (widget);
  g_autofree char *email = field_dup_stripped (self->email_row);
  g_autofree char *username = field_dup_stripped (self->username_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->state != BB_SOURCE_STATE_READY || self->flow == NULL)
    return;

  forget_stale_list (self, username);
  bb_flow_set_source (self->flow, self->source);

  if (self->source == BB_MAILBOX_SOURCE_MICROSOFT_365)
    {
      bb_flow_set_admin_email (self->flow, email);
      g_settings_set_string (self->settings, "admin-email", email);
    }
  else
    {
      bb_flow_set_exchange_credentials (self->flow, username, password);
      remember_password (self, username, password);
    }

  g_signal_emit (self, signals[DONE], 0);
}

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
add_focus_leave (BbSourcePage *self,
                 AdwEntryRow  *row,
                 GCallback     callback)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "leave", callback, self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (row), focus);
}

static gboolean
bb_source_page_grab_focus (GtkWidget *widget)
{
  BbSourcePage *self = BB_SOURCE_PAGE (widget);
  AdwEntryRow *row;

  if (self->source == BB_MAILBOX_SOURCE_EXCHANGE)
    row = gtk_editable_get_text (GTK_EDITABLE (self->username_row))[0] == '\0' ?
          self->username_row : self->password_row;
  else
    row = self->email_row;

  return gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
bb_source_page_dispose (GObject *object)
{
  BbSourcePage *self = (BbSourcePage *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->flow);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), BB_TYPE_SOURCE_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bb_source_page_parent_class)->dispose (object);
}

static void
bb_source_page_finalize (GObject *object)
{
  BbSourcePage *self = (BbSourcePage *)object;

  g_clear_pointer (&self->looked_up, g_free);

  G_OBJECT_CLASS (bb_source_page_parent_class)->finalize (object);
}

static void
bb_source_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BbSourcePage *self = BB_SOURCE_PAGE (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      g_value_set_object (value, self->flow);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_source_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BbSourcePage *self = BB_SOURCE_PAGE (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      bb_source_page_set_flow (self, g_value_get_object (value));
      break;
    case PROP_SOURCE:
      bb_source_page_set_source (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_source_page_class_init (BbSourcePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bb_source_page_dispose;
  object_class->finalize = bb_source_page_finalize;
  object_class->get_property = bb_source_page_get_property;
  object_class->set_property = bb_source_page_set_property;

  widget_class->grab_focus = bb_source_page_grab_focus;

  properties[PROP_FLOW] =
    g_param_spec_object ("flow", NULL, NULL,
                         BB_TYPE_FLOW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       BB_TYPE_SOURCE_STATE, BB_SOURCE_STATE_INVALID,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_enum ("source", NULL, NULL,
                       BB_TYPE_MAILBOX_SOURCE, BB_MAILBOX_SOURCE_MICROSOFT_365,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DONE] =
    g_signal_new ("done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/baitbox/Baitbox/pages/bb-source-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BbSourcePage, m365_check);
  gtk_widget_class_bind_template_child (widget_class, BbSourcePage, exchange_check);
  gtk_widget_class_bind_template_child (widget_class, BbSourcePage, m365_box);
  gtk_widget_class_bind_template_child (widget_class, BbSourcePage, exchange_box);
  gtk_widget_class_bind_template_child (widget_class, BbSourcePage, email_row);
  gtk_widget_class_bind_template_child (widget_class, BbSourcePage, email_error);
  gtk_widget_class_bind_template_child (widget_class, BbSourcePage, username_row);
  gtk_widget_class_bind_template_child (widget_class, BbSourcePage, password_row);
  gtk_widget_class_bind_template_child (widget_class, BbSourcePage, remember_switch);
  gtk_widget_class_bind_template_callback (widget_class, source_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, email_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "page.continue", NULL, continue_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sourcepage");
}

static void
bb_source_page_init (BbSourcePage *self)
{
  g_autofree char *email = NULL;

  self->state = BB_SOURCE_STATE_INVALID;
  gtk_widget_init_template (GTK_WIDGET (self));

  label_editable (self->email_row);
  label_editable (self->username_row);
  label_editable (self->password_row);
  add_focus_leave (self, self->email_row, G_CALLBACK (email_focus_leave_cb));
  add_focus_leave (self, self->username_row, G_CALLBACK (username_focus_leave_cb));

  self->settings = g_settings_new (APP_ID);
  email = g_settings_get_string (self->settings, "admin-email");
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), email);
  /* A remembered address that is wrong says so at once. */
  self->email_touched = email[0] != '\0';

  show_source (self);
}

GtkWidget *
bb_source_page_new (void)
{
  return g_object_new (BB_TYPE_SOURCE_PAGE, NULL);
}

BbFlow *
bb_source_page_get_flow (BbSourcePage *self)
{
  g_return_val_if_fail (BB_IS_SOURCE_PAGE (self), NULL);

  return self->flow;
}

void
bb_source_page_set_flow (BbSourcePage *self,
                         BbFlow       *flow)
{
  g_return_if_fail (BB_IS_SOURCE_PAGE (self));
  g_return_if_fail (flow == NULL || BB_IS_FLOW (flow));

  if (!g_set_object (&self->flow, flow))
    return;

  if (flow != NULL)
    bb_source_page_set_source (self, bb_flow_get_source (flow));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOW]);
}

BbSourceState
bb_source_page_get_state (BbSourcePage *self)
{
  g_return_val_if_fail (BB_IS_SOURCE_PAGE (self), BB_SOURCE_STATE_INVALID);

  return self->state;
}

BbMailboxSource
bb_source_page_get_source (BbSourcePage *self)
{
  g_return_val_if_fail (BB_IS_SOURCE_PAGE (self), BB_MAILBOX_SOURCE_MICROSOFT_365);

  return self->source;
}

void
bb_source_page_set_source (BbSourcePage    *self,
                           BbMailboxSource  source)
{
  g_return_if_fail (BB_IS_SOURCE_PAGE (self));

  if (self->source == source)
    return;

  self->source = source;
  show_source (self);
  if (source == BB_MAILBOX_SOURCE_EXCHANGE)
    lookup_password (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

/* Fills an empty field from the flow: what the user typed is never replaced. */
static void
fill_empty (AdwEntryRow *row,
            const char  *value)
{
  if (value != NULL && gtk_editable_get_text (GTK_EDITABLE (row))[0] == '\0')
    gtk_editable_set_text (GTK_EDITABLE (row), value);
}

void
bb_source_page_activate (BbSourcePage *self)
{
  g_return_if_fail (BB_IS_SOURCE_PAGE (self));

  if (self->flow != NULL)
    {
      fill_empty (self->email_row, bb_flow_get_admin_email (self->flow));
      fill_empty (self->username_row, bb_flow_get_exchange_username (self->flow));
    }

  if (self->source == BB_MAILBOX_SOURCE_EXCHANGE)
    lookup_password (self);

  update_state (self);
}
