/* bb-flow.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bb-address.h"
#include "bb-flow.h"

struct _BbFlow
{
  GObject          parent_instance;

  BbConsole       *console;
  /* A copy: the Connect page's picker changes the flock on the same BbConsole,
   * and a new flock is a new sign-in scope that must be noticed. */
  char            *flock_id;
  char            *flock_name;
  BbMailboxSource  source;
  char            *admin_email;
  char            *exchange_username;
  char            *exchange_password;
  BbExchangeCredentials exchange;
  gboolean         signed_in;
  BbMailboxModel  *mailboxes;
  BbTemplate      *template;
  BbTemplate      *draft;
};

G_DEFINE_FINAL_TYPE (BbFlow, bb_flow, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (BbMailboxSource, bb_mailbox_source,
  G_DEFINE_ENUM_VALUE (BB_MAILBOX_SOURCE_MICROSOFT_365, "microsoft-365"),
  G_DEFINE_ENUM_VALUE (BB_MAILBOX_SOURCE_EXCHANGE, "exchange"))

enum {
  PROP_0,
  PROP_CONSOLE,
  PROP_FLOCK_ID,
  PROP_FLOCK_NAME,
  PROP_SOURCE,
  PROP_ADMIN_EMAIL,
  PROP_EXCHANGE_USERNAME,
  PROP_SIGNED_IN,
  PROP_MAILBOXES,
  PROP_N_MAILBOXES,
  PROP_N_SELECTED,
  PROP_TEMPLATE,
  PROP_DRAFT,
  PROP_DRAFT_DIRTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wipe_string (char **str)
{
  if (*str != NULL)
    {
      memset (*str, 0, strlen (*str));
      g_clear_pointer (str, g_free);
    }
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
mailboxes_n_selected_cb (BbFlow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
}

static void
mailboxes_items_changed_cb (BbFlow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MAILBOXES]);
}

static void
replace_mailboxes (BbFlow         *self,
                   BbMailboxModel *mailboxes)
{
  if (self->mailboxes != NULL)
    g_signal_handlers_disconnect_by_data (self->mailboxes, self);
  g_set_object (&self->mailboxes, mailboxes);
  g_signal_connect_swapped (self->mailboxes, "notify::n-selected",
                            G_CALLBACK (mailboxes_n_selected_cb), self);
  g_signal_connect_swapped (self->mailboxes, "items-changed",
                            G_CALLBACK (mailboxes_items_changed_cb), self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAILBOXES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MAILBOXES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
}

/* A new Console or flock means another organisation or another sign-in scope
 * (PROTOCOL.md section 2, "Sign-in scope"): nothing of the old one carries over. */
static void
reset_for_new_scope (BbFlow *self)
{
  g_autoptr(BbMailboxModel) empty = bb_mailbox_model_new ();

  bb_flow_set_signed_in (self, FALSE);
  replace_mailboxes (self, empty);
  bb_flow_set_template (self, NULL);
}

static void
bb_flow_dispose (GObject *object)
{
  BbFlow *self = (BbFlow *)object;

  if (self->mailboxes != NULL)
    g_signal_handlers_disconnect_by_data (self->mailboxes, self);
  g_clear_object (&self->mailboxes);
  g_clear_object (&self->console);

  G_OBJECT_CLASS (bb_flow_parent_class)->dispose (object);
}

static void
bb_flow_finalize (GObject *object)
{
  BbFlow *self = (BbFlow *)object;

  g_free (self->flock_id);
  g_free (self->flock_name);
  g_free (self->admin_email);
  g_free (self->exchange_username);
  wipe_string (&self->exchange_password);
  g_clear_pointer (&self->template, bb_template_free);
  g_clear_pointer (&self->draft, bb_template_free);

  G_OBJECT_CLASS (bb_flow_parent_class)->finalize (object);
}

static void
bb_flow_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  BbFlow *self = BB_FLOW (object);

  switch (prop_id)
    {
    case PROP_CONSOLE:
      g_value_set_object (value, self->console);
      break;
    case PROP_FLOCK_ID:
      g_value_set_string (value, bb_flow_get_flock_id (self));
      break;
    case PROP_FLOCK_NAME:
      g_value_set_string (value, self->flock_name);
      break;
    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;
    case PROP_ADMIN_EMAIL:
      g_value_set_string (value, self->admin_email);
      break;
    case PROP_EXCHANGE_USERNAME:
      g_value_set_string (value, self->exchange_username);
      break;
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, self->signed_in);
      break;
    case PROP_MAILBOXES:
      g_value_set_object (value, self->mailboxes);
      break;
    case PROP_N_MAILBOXES:
      g_value_set_uint (value, bb_flow_get_n_mailboxes (self));
      break;
    case PROP_N_SELECTED:
      g_value_set_uint (value, bb_flow_get_n_selected (self));
      break;
    case PROP_TEMPLATE:
      g_value_set_boxed (value, self->template);
      break;
    case PROP_DRAFT:
      g_value_set_boxed (value, self->draft);
      break;
    case PROP_DRAFT_DIRTY:
      g_value_set_boolean (value, bb_flow_get_draft_dirty (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_flow_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  BbFlow *self = BB_FLOW (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      bb_flow_set_source (self, g_value_get_enum (value));
      break;
    case PROP_ADMIN_EMAIL:
      bb_flow_set_admin_email (self, g_value_get_string (value));
      break;
    case PROP_SIGNED_IN:
      bb_flow_set_signed_in (self, g_value_get_boolean (value));
      break;
    case PROP_TEMPLATE:
      bb_flow_set_template (self, g_value_get_boxed (value));
      break;
    case PROP_DRAFT:
      bb_flow_set_draft (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_flow_class_init (BbFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = bb_flow_dispose;
  object_class->finalize = bb_flow_finalize;
  object_class->get_property = bb_flow_get_property;
  object_class->set_property = bb_flow_set_property;

  properties[PROP_CONSOLE] =
    g_param_spec_object ("console", NULL, NULL, BB_TYPE_CONSOLE, ro);
  properties[PROP_FLOCK_ID] = g_param_spec_string ("flock-id", NULL, NULL, NULL, ro);
  properties[PROP_FLOCK_NAME] = g_param_spec_string ("flock-name", NULL, NULL, NULL, ro);
  properties[PROP_SOURCE] =
    g_param_spec_enum ("source", NULL, NULL, bb_mailbox_source_get_type (),
                       BB_MAILBOX_SOURCE_MICROSOFT_365, rw);
  properties[PROP_ADMIN_EMAIL] = g_param_spec_string ("admin-email", NULL, NULL, NULL, rw);
  properties[PROP_EXCHANGE_USERNAME] =
    g_param_spec_string ("exchange-username", NULL, NULL, NULL, ro);
  properties[PROP_SIGNED_IN] = g_param_spec_boolean ("signed-in", NULL, NULL, FALSE, rw);
  properties[PROP_MAILBOXES] =
    g_param_spec_object ("mailboxes", NULL, NULL, BB_TYPE_MAILBOX_MODEL, ro);
  properties[PROP_N_MAILBOXES] =
    g_param_spec_uint ("n-mailboxes", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_SELECTED] =
    g_param_spec_uint ("n-selected", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_TEMPLATE] =
    g_param_spec_boxed ("template", NULL, NULL, BB_TYPE_TEMPLATE, rw);
  properties[PROP_DRAFT] = g_param_spec_boxed ("draft", NULL, NULL, BB_TYPE_TEMPLATE, rw);
  properties[PROP_DRAFT_DIRTY] = g_param_spec_boolean ("draft-dirty", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bb_flow_init (BbFlow *self)
{
  g_autoptr(BbMailboxModel) empty = bb_mailbox_model_new ();

  replace_mailboxes (self, empty);
}

BbFlow *
bb_flow_new (void)
{
  return g_object_new (BB_TYPE_FLOW, NULL);
}

BbConsole *
bb_flow_get_console (BbFlow *self)
{
  g_return_val_if_fail (BB_IS_FLOW (self), NULL);

  return self->console;
}

/**
 * bb_flow_set_console:
 * @console: (nullable): the connected Console, its flock already chosen
 * @flock_name: (nullable): the flock's name, for display
 *
 * A different Console or flock starts the run afresh (no sign-in, no mailboxes, no
 * template); the same Console and flock again keep everything.
 */
void
bb_flow_set_console (BbFlow     *self,
                     BbConsole  *console,
                     const char *flock_name)
{
  const char *flock_id;
  gboolean same_scope;

  g_return_if_fail (BB_IS_FLOW (self));
  g_return_if_fail (console == NULL || BB_IS_CONSOLE (console));

  flock_id = console != NULL ? bb_console_get_flock_id (console) : NULL;
  same_scope = self->console == console && g_strcmp0 (self->flock_id, flock_id) == 0;

  if (set_string (&self->flock_name, flock_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOCK_NAME]);

  if (same_scope)
    return;

  g_set_object (&self->console, console);
  set_string (&self->flock_id, flock_id);
  reset_for_new_scope (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSOLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOCK_ID]);
}

const char *
bb_flow_get_flock_id (BbFlow *self)
{
  g_return_val_if_fail (BB_IS_FLOW (self), NULL);

  return self->flock_id;
}

const char *
bb_flow_get_flock_name (BbFlow *self)
{
  g_return_val_if_fail (BB_IS_FLOW (self), NULL);

  return self->flock_name;
}

BbMailboxSource
bb_flow_get_source (BbFlow *self)
{
  g_return_val_if_fail (BB_IS_FLOW (self), BB_MAILBOX_SOURCE_MICROSOFT_365);

  return self->source;
}

void
bb_flow_set_source (BbFlow          *self,
                    BbMailboxSource  source)
{
  g_return_if_fail (BB_IS_FLOW (self));

  if (self->source == source)
    return;

  self->source = source;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

const char *
bb_flow_get_admin_email (BbFlow *self)
{
  g_return_val_if_fail (BB_IS_FLOW (self), NULL);

  return self->admin_email;
}

void
bb_flow_set_admin_email (BbFlow     *self,
                         const char *email)
{
  g_return_if_fail (BB_IS_FLOW (self));

  if (set_string (&self->admin_email, email))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADMIN_EMAIL]);
}

const char *
bb_flow_get_exchange_username (BbFlow *self)
{
  g_return_val_if_fail (BB_IS_FLOW (self), NULL);

  return self->exchange_username;
}

void
bb_flow_set_exchange_credentials (BbFlow     *self,
                                  const char *username,
                                  const char *password)
{
  g_return_if_fail (BB_IS_FLOW (self));

  wipe_string (&self->exchange_password);
  self->exchange_password = g_strdup (password);

  if (set_string (&self->exchange_username, username))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXCHANGE_USERNAME]);
}

const BbExchangeCredentials *
bb_flow_get_exchange (BbFlow *self)
{
  g_return_val_if_fail (BB_IS_FLOW (self), NULL);

  if (self->source != BB_MAILBOX_SOURCE_EXCHANGE)
    return NULL;

  self->exchange.username = self->exchange_username ? self->exchange_username : "";
  self->exchange.password = self->exchange_password ? self->exchange_password : "";
  return &self->exchange;
}

gboolean
bb_flow_get_signed_in (BbFlow *self)
{
  g_return_val_if_fail (BB_IS_FLOW (self), FALSE);

  return self->signed_in;
}

void
bb_flow_set_signed_in (BbFlow   *self,
                       gboolean  signed_in)
{
  g_return_if_fail (BB_IS_FLOW (self));

  signed_in = !!signed_in;
  if (self->signed_in == signed_in)
    return;

  self->signed_in = signed_in;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

BbMailboxModel *
bb_flow_get_mailboxes (BbFlow *self)
{
  g_return_val_if_fail (BB_IS_FLOW (self), NULL);

  return self->mailboxes;
}

void
bb_flow_set_mailboxes (BbFlow         *self,
                       BbMailboxModel *mailboxes)
{
  g_autoptr(GArray) carried = NULL;
  BbMailboxModel *old;
  guint n;

  g_return_if_fail (BB_IS_FLOW (self));
  g_return_if_fail (BB_IS_MAILBOX_MODEL (mailboxes));

  if (mailboxes == self->mailboxes)
    return;

  /* Carry the user's ticks over to the new list, matched case-insensitively. */
  old = self->mailboxes;
  n = bb_mailbox_model_get_n_items (old);
  carried = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n && bb_mailbox_model_get_n_selected (old) > 0; i++)
    {
      gint pos;

      if (!bb_mailbox_model_get_selected (old, i))
        continue;
      pos = bb_mailbox_model_find (mailboxes, bb_mailbox_model_get_address (old, i));
      if (pos >= 0)
        g_array_append_val (carried, pos);
    }
  if (carried->len > 0)
    bb_mailbox_model_select_positions (mailboxes, (const guint *)(gpointer)carried->data,
                                       carried->len, TRUE);

  replace_mailboxes (self, mailboxes);
}

guint
bb_flow_get_n_mailboxes (BbFlow *self)
{
  g_return_val_if_fail (BB_IS_FLOW (self), 0);

  return bb_mailbox_model_get_n_items (self->mailboxes);
}

guint
bb_flow_get_n_selected (BbFlow *self)
{
  g_return_val_if_fail (BB_IS_FLOW (self), 0);

  return bb_mailbox_model_get_n_selected (self->mailboxes);
}

char **
bb_flow_dup_selected_addresses (BbFlow *self)
{
  g_return_val_if_fail (BB_IS_FLOW (self), NULL);

  return bb_mailbox_model_dup_selected (self->mailboxes);
}

const BbTemplate *
bb_flow_get_template (BbFlow *self)
{
  g_return_val_if_fail (BB_IS_FLOW (self), NULL);

  return self->template;
}

/**
 * bb_flow_set_template:
 * @saved: (nullable): the template as the Console has it
 *
 * Also resets the draft to it: a freshly loaded or saved template has no pending edits.
 */
void
bb_flow_set_template (BbFlow           *self,
                      const BbTemplate *saved)
{
  gboolean was_dirty;

  g_return_if_fail (BB_IS_FLOW (self));

  was_dirty = bb_flow_get_draft_dirty (self);

  g_clear_pointer (&self->template, bb_template_free);
  g_clear_pointer (&self->draft, bb_template_free);
  if (saved != NULL)
    {
      self->template = bb_template_copy (saved);
      self->draft = bb_template_copy (saved);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPLATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
  if (was_dirty)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT_DIRTY]);
}

const BbTemplate *
bb_flow_get_draft (BbFlow *self)
{
  g_return_val_if_fail (BB_IS_FLOW (self), NULL);

  return self->draft;
}

void
bb_flow_set_draft (BbFlow           *self,
                   const BbTemplate *draft)
{
  gboolean was_dirty;

  g_return_if_fail (BB_IS_FLOW (self));

  if (draft == self->draft ||
      (draft != NULL && self->draft != NULL && bb_template_equal (draft, self->draft)))
    return;

  was_dirty = bb_flow_get_draft_dirty (self);
  g_clear_pointer (&self->draft, bb_template_free);
  self->draft = draft ? bb_template_copy (draft) : NULL;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
  if (was_dirty != bb_flow_get_draft_dirty (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT_DIRTY]);
}

gboolean
bb_flow_get_draft_dirty (BbFlow *self)
{
  g_return_val_if_fail (BB_IS_FLOW (self), FALSE);

  if (self->draft == NULL || self->template == NULL)
    return self->draft != self->template;

  return !bb_template_equal (self->draft, self->template);
}
