/* bb-mailbox-slot.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bb-mailbox-slot.h"

struct _BbMailboxSlot
{
  GObject    parent_instance;

  guint      position;
  BbMailbox *mailbox;    /* owned; NULL past the end of the list */
};

G_DEFINE_FINAL_TYPE (BbMailboxSlot, bb_mailbox_slot, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAILBOX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bb_mailbox_slot_finalize (GObject *object)
{
  BbMailboxSlot *self = (BbMailboxSlot *) object;

  g_clear_object (&self->mailbox);

  G_OBJECT_CLASS (bb_mailbox_slot_parent_class)->finalize (object);
}

static void
bb_mailbox_slot_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BbMailboxSlot *self = BB_MAILBOX_SLOT (object);

  switch (prop_id)
    {
    case PROP_MAILBOX:
      g_value_set_object (value, self->mailbox);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_mailbox_slot_class_init (BbMailboxSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bb_mailbox_slot_finalize;
  object_class->get_property = bb_mailbox_slot_get_property;

  properties[PROP_MAILBOX] =
    g_param_spec_object ("mailbox", NULL, NULL,
                         BB_TYPE_MAILBOX,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bb_mailbox_slot_init (BbMailboxSlot *self)
{
}

BbMailboxSlot *
bb_mailbox_slot_new (guint      position,
                     BbMailbox *mailbox)
{
  BbMailboxSlot *self = g_object_new (BB_TYPE_MAILBOX_SLOT, NULL);

  self->position = position;
  self->mailbox = mailbox;

  return self;
}

BbMailbox *
bb_mailbox_slot_get_mailbox (BbMailboxSlot *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX_SLOT (self), NULL);

  return self->mailbox;
}

guint
bb_mailbox_slot_get_position (BbMailboxSlot *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX_SLOT (self), 0);

  return self->position;
}

void
bb_mailbox_slot_take_mailbox (BbMailboxSlot *self,
                              BbMailbox     *mailbox)
{
  g_return_if_fail (BB_IS_MAILBOX_SLOT (self));

  if (self->mailbox == mailbox)
    {
      g_clear_object (&mailbox);
      return;
    }

  g_clear_object (&self->mailbox);
  self->mailbox = mailbox;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAILBOX]);
}
