/* bb-mailbox.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bb-mailbox.h"
#include "bb-mailbox-model.h"
#include "bb-mailbox-private.h"

/* A list may hold 100,000 of these: two strings and a flag, nothing more. A view
 * (made by BbMailboxModel) holds its model and a position instead of the strings,
 * and its selection is the model's. */
struct _BbMailbox
{
  GObject parent_instance;

  union {
    struct {
      char *address;
      char *display_name;
    } own;
    struct {
      BbMailboxModel *model;
      guint           position;
    } view;
  } u;

  guint is_view : 1;
  guint selected : 1;
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

  if (self->is_view)
    {
      g_clear_object (&self->u.view.model);
    }
  else
    {
      g_clear_pointer (&self->u.own.address, g_free);
      g_clear_pointer (&self->u.own.display_name, g_free);
    }

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
      g_value_set_string (value, bb_mailbox_get_address (self));
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, bb_mailbox_get_display_name (self));
      break;

    case PROP_SELECTED:
      g_value_set_boolean (value, bb_mailbox_get_selected (self));
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
      g_assert (!self->is_view);
      g_free (self->u.own.address);
      self->u.own.address = g_value_dup_string (value);
      break;

    case PROP_DISPLAY_NAME:
      g_assert (!self->is_view);
      g_free (self->u.own.display_name);
      self->u.own.display_name = g_value_dup_string (value);
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
  self->u.own.address = g_strdup (address);
  self->u.own.display_name = g_strdup (display_name);

  return self;
}

BbMailbox *
_bb_mailbox_new_view (BbMailboxModel *model,
                      guint           position)
{
  BbMailbox *self;

  g_assert (BB_IS_MAILBOX_MODEL (model));

  self = g_object_new (BB_TYPE_MAILBOX, NULL);
  self->is_view = TRUE;
  self->u.view.model = g_object_ref (model);
  self->u.view.position = position;

  return self;
}

guint
_bb_mailbox_get_view_position (BbMailbox *self)
{
  g_assert (self->is_view);

  return self->u.view.position;
}

void
_bb_mailbox_notify_selected (BbMailbox *self)
{
  g_assert (BB_IS_MAILBOX (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

const char *
bb_mailbox_get_address (BbMailbox *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX (self), NULL);

  if (self->is_view)
    return bb_mailbox_model_get_address (self->u.view.model, self->u.view.position);

  return self->u.own.address;
}

const char *
bb_mailbox_get_display_name (BbMailbox *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX (self), NULL);

  /* A view answers "" rather than NULL when there is no name. */
  if (self->is_view)
    return bb_mailbox_model_get_display_name (self->u.view.model, self->u.view.position);

  return self->u.own.display_name;
}

gboolean
bb_mailbox_get_selected (BbMailbox *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX (self), FALSE);

  if (self->is_view)
    return bb_mailbox_model_get_selected (self->u.view.model, self->u.view.position);

  return self->selected;
}

void
bb_mailbox_set_selected (BbMailbox *self,
                         gboolean   selected)
{
  g_return_if_fail (BB_IS_MAILBOX (self));

  /* The model notifies this view and its own "n-selected" on a real change. */
  if (self->is_view)
    {
      bb_mailbox_model_set_selected (self->u.view.model, self->u.view.position, selected);
      return;
    }

  selected = !!selected;
  if (self->selected == (guint) selected)
    return;

  self->selected = selected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}
