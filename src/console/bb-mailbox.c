/* bb-mailbox.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bb-mailbox.h"

/* A list may hold 100,000 of these: two strings and a flag, nothing more. */
struct _BbMailbox
{
  GObject  parent_instance;

  char    *address;
  char    *display_name;
  gboolean selected;
};

G_DEFINE_FINAL_TYPE (BbMailbox, bb_mailbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_DISPLAY_NAME,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bb_mailbox_finalize (GObject *object)
{
  BbMailbox *self = (BbMailbox *) object;

  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->display_name, g_free);

  G_OBJECT_CLASS (bb_mailbox_parent_class)->finalize (object);
}

static void
bb_mailbox_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BbMailbox *self = BB_MAILBOX (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_SELECTED:
      g_value_set_boolean (value, self->selected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_mailbox_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  BbMailbox *self = BB_MAILBOX (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      self->address = g_value_dup_string (value);
      break;

    case PROP_DISPLAY_NAME:
      self->display_name = g_value_dup_string (value);
      break;

    case PROP_SELECTED:
      bb_mailbox_set_selected (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_mailbox_class_init (BbMailboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bb_mailbox_finalize;
  object_class->get_property = bb_mailbox_get_property;
  object_class->set_property = bb_mailbox_set_property;

  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SELECTED] =
    g_param_spec_boolean ("selected", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bb_mailbox_init (BbMailbox *self)
{
}

BbMailbox *
bb_mailbox_new (const char *address,
                const char *display_name)
{
  BbMailbox *self;

  g_return_val_if_fail (address != NULL, NULL);

  /* Set the fields directly: going through construct properties costs two
   * GValue copies per mailbox, which shows at 100,000 mailboxes. */
  self = g_object_new (BB_TYPE_MAILBOX, NULL);
  self->address = g_strdup (address);
  self->display_name = g_strdup (display_name);

  return self;
}

const char *
bb_mailbox_get_address (BbMailbox *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX (self), NULL);

  return self->address;
}

const char *
bb_mailbox_get_display_name (BbMailbox *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX (self), NULL);

  return self->display_name;
}

gboolean
bb_mailbox_get_selected (BbMailbox *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX (self), FALSE);

  return self->selected;
}

void
bb_mailbox_set_selected (BbMailbox *self,
                         gboolean   selected)
{
  g_return_if_fail (BB_IS_MAILBOX (self));

  selected = !!selected;
  if (self->selected == selected)
    return;

  self->selected = selected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}
