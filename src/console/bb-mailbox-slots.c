/* bb-mailbox-slots.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bb-mailbox-slots.h"

struct _BbMailboxSlots
{
  GObject     parent_instance;

  /* Owned References */
  GListModel *model;
  gulong      items_changed_id;
  GHashTable *live;           /* position → BbMailboxSlot, not owned */

  guint       n_items;        /* as last announced */
  guint       grow_id;        /* the next step of a gradual growth */
};

static void bb_mailbox_slots_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BbMailboxSlots, bb_mailbox_slots, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      bb_mailbox_slots_list_model_init))

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Points every live slot in [from, n_items) at what the model now holds there (the
 * slots past the end are about to go, and are refreshed if the list grows again). */
static void
slots_refresh (BbMailboxSlots *self,
               guint           from)
{
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  /* Collected first: a notify handler may drop the last reference to a slot. */
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      BbMailboxSlot *slot = value;

      guint position = bb_mailbox_slot_get_position (slot);

      if (position >= from && position < self->n_items)
        g_ptr_array_add (stale, g_object_ref (slot));
    }

  for (guint i = 0; i < stale->len; i++)
    {
      BbMailboxSlot *slot = g_ptr_array_index (stale, i);

      bb_mailbox_slot_take_mailbox (slot, g_list_model_get_item (self->model,
                                                                 bb_mailbox_slot_get_position (slot)));
    }
}

/*
 * GTK 4.8's list view keeps a row widget for each of about 200 items from the top of
 * what it shows. A list growing from fewer items than that has it build the missing
 * rows at once (50 ms and more for 200 of them): it grows GROW_STEP items at a time
 * instead, the first step at once (it fills the window), the next ones at a priority
 * below GTK's redraw, so that a frame is drawn between two steps.
 */
#define GROW_GRADUALLY_BELOW 256
#define GROW_STEP 64
#define GROW_INTERVAL_MS 16

static void slots_resize (BbMailboxSlots *self,
                          guint           from);

static gboolean
slots_grow_cb (gpointer user_data)
{
  BbMailboxSlots *self = user_data;

  self->grow_id = 0;
  slots_resize (self, self->n_items);

  return G_SOURCE_REMOVE;
}

/* Announces the new length as a change at the end of the list only: the rows
 * before it stay where they are and follow their slot's "mailbox". */
static void
slots_resize (BbMailboxSlots *self,
              guint           from)
{
  guint old_n = self->n_items;
  guint target = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  guint new_n = target;

  if (old_n < GROW_GRADUALLY_BELOW && target > old_n + GROW_STEP)
    new_n = old_n + GROW_STEP;
  if (new_n == target)
    g_clear_handle_id (&self->grow_id, g_source_remove);
  else if (self->grow_id == 0)
    self->grow_id = g_timeout_add_full (G_PRIORITY_LOW, GROW_INTERVAL_MS, slots_grow_cb, self, NULL);

  self->n_items = new_n;
  slots_refresh (self, from);

  if (new_n < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
  else if (new_n > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
}

static void
slots_model_items_changed_cb (BbMailboxSlots *self,
                              guint           position,
                              guint           removed,
                              guint           added,
                              GListModel     *model)
{
  slots_resize (self, position);
}

static gboolean
is_slot (gpointer key,
         gpointer value,
         gpointer slot)
{
  return value == slot;
}

/* A slot no row holds any more: it is made again when asked for. */
static void
slot_gone_cb (gpointer  data,
              GObject  *where_the_object_was)
{
  BbMailboxSlots *self = data;

  g_hash_table_foreach_remove (self->live, is_slot, where_the_object_was);
}

static GType
bb_mailbox_slots_get_item_type (GListModel *model)
{
  return BB_TYPE_MAILBOX_SLOT;
}

static guint
bb_mailbox_slots_get_n_items (GListModel *model)
{
  return BB_MAILBOX_SLOTS (model)->n_items;
}

static gpointer
bb_mailbox_slots_get_item (GListModel *model,
                           guint       position)
{
  BbMailboxSlots *self = BB_MAILBOX_SLOTS (model);
  BbMailboxSlot *slot;

  if (position >= self->n_items)
    return NULL;

  slot = g_hash_table_lookup (self->live, GUINT_TO_POINTER (position));
  if (slot != NULL)
    return g_object_ref (slot);

  slot = bb_mailbox_slot_new (position, g_list_model_get_item (self->model, position));
  g_object_weak_ref (G_OBJECT (slot), slot_gone_cb, self);
  g_hash_table_insert (self->live, GUINT_TO_POINTER (position), slot);

  return slot;
}

static void
bb_mailbox_slots_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = bb_mailbox_slots_get_item_type;
  iface->get_n_items = bb_mailbox_slots_get_n_items;
  iface->get_item = bb_mailbox_slots_get_item;
}

static void
bb_mailbox_slots_dispose (GObject *object)
{
  BbMailboxSlots *self = (BbMailboxSlots *) object;
  GHashTableIter iter;
  gpointer value;

  if (self->model != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->model);
  g_clear_object (&self->model);
  g_clear_handle_id (&self->grow_id, g_source_remove);

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (value, slot_gone_cb, self);
  g_hash_table_remove_all (self->live);
  self->n_items = 0;

  G_OBJECT_CLASS (bb_mailbox_slots_parent_class)->dispose (object);
}

static void
bb_mailbox_slots_finalize (GObject *object)
{
  BbMailboxSlots *self = (BbMailboxSlots *) object;

  g_clear_pointer (&self->live, g_hash_table_unref);

  G_OBJECT_CLASS (bb_mailbox_slots_parent_class)->finalize (object);
}

static void
bb_mailbox_slots_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BbMailboxSlots *self = BB_MAILBOX_SLOTS (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_mailbox_slots_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BbMailboxSlots *self = BB_MAILBOX_SLOTS (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      bb_mailbox_slots_set_model (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_mailbox_slots_class_init (BbMailboxSlotsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bb_mailbox_slots_dispose;
  object_class->finalize = bb_mailbox_slots_finalize;
  object_class->get_property = bb_mailbox_slots_get_property;
  object_class->set_property = bb_mailbox_slots_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bb_mailbox_slots_init (BbMailboxSlots *self)
{
  self->live = g_hash_table_new (g_direct_hash, g_direct_equal);
}

BbMailboxSlots *
bb_mailbox_slots_new (GListModel *model)
{
  g_return_val_if_fail (model == NULL || G_IS_LIST_MODEL (model), NULL);

  return g_object_new (BB_TYPE_MAILBOX_SLOTS,
                       "model", model,
                       NULL);
}

GListModel *
bb_mailbox_slots_get_model (BbMailboxSlots *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX_SLOTS (self), NULL);

  return self->model;
}

void
bb_mailbox_slots_set_model (BbMailboxSlots *self,
                            GListModel     *model)
{
  g_return_if_fail (BB_IS_MAILBOX_SLOTS (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));
  g_return_if_fail (model == NULL || g_type_is_a (g_list_model_get_item_type (model), BB_TYPE_MAILBOX));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->model);
  g_set_object (&self->model, model);
  if (model != NULL)
    self->items_changed_id = g_signal_connect_swapped (model, "items-changed",
                                                       G_CALLBACK (slots_model_items_changed_cb),
                                                       self);

  slots_resize (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}
