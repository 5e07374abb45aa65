/* bb-mailbox-model.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bb-address.h"
#include "bb-mailbox-model.h"
#include "bb-mailbox-private.h"

/*
 * Strings live in 1 MiB chunks that never move, so the pointers the getters hand
 * out stay valid for the model's lifetime even while more mailboxes are appended.
 * A guint32 offset names a string: the chunk is offset >> ARENA_CHUNK_SHIFT. A
 * string longer than a chunk takes several consecutive chunk slots of one block.
 * Offset 0 is the empty string.
 */
#define ARENA_CHUNK_SHIFT 20
#define ARENA_CHUNK_SIZE  (1u << ARENA_CHUNK_SHIFT)
#define ARENA_CHUNK_MASK  (ARENA_CHUNK_SIZE - 1)
#define ARENA_MAX_CHUNKS  (G_MAXUINT32 / ARENA_CHUNK_SIZE)

#define WORD_BITS 64

#define LIVE_MIN_SLOTS 1024

typedef struct {
  BbMailbox *view;              /* NULL: empty slot */
  guint      position;
} LiveSlot;

struct _BbMailboxModel
{
  GObject     parent_instance;

  /* String arena */
  GPtrArray  *chunks;           /* char*, base of each chunk slot (borrowed from blocks) */
  GPtrArray  *blocks;           /* char*, owned allocations */
  guint32     arena_end;        /* next free offset */

  /* Per mailbox: two offsets and one bit; capacity grows by half */
  guint32    *address_offsets;
  guint32    *name_offsets;
  guint64    *selection;
  guint       capacity;
  guint       n_appended;
  guint       n_committed;
  guint       n_selected;

  /*
   * For find() and append_unique(): open addressing, slot = position + 1, 0 = empty,
   * at most half full. It covers positions 0 .. n_found - 1, inserted in list order so
   * that the first of two equal folds is found first; find() skips positions not yet
   * committed. Built lazily, or as append_unique() goes.
   */
  guint32    *find_slots;
  guint       find_mask;
  guint       n_found;

  /*
   * The folded search index, built on first use (or by prepare_search()):
   * "address\0name\0" for each position, so one search runs over the whole list (a
   * needle has no NUL, so a match never spans two fields). index_offsets[i] is where
   * position i starts and index_offsets[n_indexed] is index_len.
   */
  char       *index;
  gsize       index_len;
  gsize       index_capacity;
  guint32    *index_offsets;
  guint       n_indexed;

  /* position → BbMailbox* view, borrowed: a weak ref removes the entry. Open
   * addressing with linear probing; it never shrinks, so a list view creating and
   * dropping views by the thousand causes no rehashing (nor the allocator churn). */
  LiveSlot   *live_slots;
  guint       live_mask;
  guint       n_live;
};

static void bb_mailbox_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BbMailboxModel, bb_mailbox_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      bb_mailbox_model_list_model_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_N_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* String arena */

static const char *
arena_get (BbMailboxModel *self,
           guint32         offset)
{
  const char *base = g_ptr_array_index (self->chunks, offset >> ARENA_CHUNK_SHIFT);

  return base + (offset & ARENA_CHUNK_MASK);
}

/* Opens chunk slots for @size bytes; FALSE when the 4 GiB offset space is full. */
static gboolean
arena_open_chunks (BbMailboxModel *self,
                   gsize           size)
{
  guint n_slots = (size + ARENA_CHUNK_SIZE - 1) / ARENA_CHUNK_SIZE;
  char *block;

  if (self->chunks->len + n_slots > ARENA_MAX_CHUNKS)
    return FALSE;

  block = g_malloc ((gsize) n_slots * ARENA_CHUNK_SIZE);
  g_ptr_array_add (self->blocks, block);
  self->arena_end = self->chunks->len << ARENA_CHUNK_SHIFT;

  for (guint i = 0; i < n_slots; i++)
    g_ptr_array_add (self->chunks, block + (gsize) i * ARENA_CHUNK_SIZE);

  return TRUE;
}

/* @length bytes of @string, which hold no NUL. */
static guint32
arena_add (BbMailboxModel *self,
           const char     *string,
           gsize           length)
{
  gsize size;
  gsize used;
  guint32 offset;
  char *copy;

  if (string == NULL || length == 0)
    return 0;

  size = length + 1;
  used = self->arena_end & ARENA_CHUNK_MASK;

  /* A new chunk when this one is full (used == 0 means its end was reached). */
  if ((gsize) self->arena_end >= ((gsize) self->chunks->len << ARENA_CHUNK_SHIFT) ||
      used + size > ARENA_CHUNK_SIZE)
    {
      if (!arena_open_chunks (self, size))
        {
          g_critical ("%s: more than 4 GiB of mailbox strings", G_STRFUNC);
          return 0;
        }
    }

  offset = self->arena_end;
  copy = (char *) arena_get (self, offset);
  memcpy (copy, string, length);
  copy[length] = '\0';
  self->arena_end += size;

  return offset;
}

/* Selection bitset */

static inline gboolean
bit_get (const guint64 *words,
         guint          position)
{
  return (words[position / WORD_BITS] >> (position % WORD_BITS)) & 1;
}

static inline void
bit_put (guint64  *words,
         guint     position,
         gboolean  value)
{
  guint64 mask = G_GUINT64_CONSTANT (1) << (position % WORD_BITS);

  if (value)
    words[position / WORD_BITS] |= mask;
  else
    words[position / WORD_BITS] &= ~mask;
}

static void
grow (BbMailboxModel *self)
{
  guint old_words = (self->capacity + WORD_BITS - 1) / WORD_BITS;
  guint new_capacity;
  guint new_words;

  if (self->capacity >= G_MAXUINT32 - 1)
    g_error ("%s: too many mailboxes", G_STRFUNC);

  new_capacity = MAX (64, self->capacity + self->capacity / 2);
  if (new_capacity < self->capacity)
    new_capacity = G_MAXUINT32 - 1;
  new_words = (new_capacity + WORD_BITS - 1) / WORD_BITS;

  self->address_offsets = g_renew (guint32, self->address_offsets, new_capacity);
  self->name_offsets = g_renew (guint32, self->name_offsets, new_capacity);
  self->selection = g_renew (guint64, self->selection, new_words);
  memset (self->selection + old_words, 0, (new_words - old_words) * sizeof (guint64));
  self->capacity = new_capacity;
}

/* Live views */

static inline guint
live_home (BbMailboxModel *self,
           guint           position)
{
  guint32 h = position * 0x9e3779b1u;

  return (h ^ (h >> 15)) & self->live_mask;
}

static BbMailbox *
lookup_live (BbMailboxModel *self,
             guint           position)
{
  if (self->n_live == 0)
    return NULL;

  for (guint slot = live_home (self, position);
       self->live_slots[slot].view != NULL;
       slot = (slot + 1) & self->live_mask)
    {
      if (self->live_slots[slot].position == position)
        return self->live_slots[slot].view;
    }

  return NULL;
}

static void
live_put (LiveSlot  *slots,
          guint      mask,
          guint      slot,
          BbMailbox *view,
          guint      position)
{
  while (slots[slot].view != NULL)
    slot = (slot + 1) & mask;

  slots[slot].view = view;
  slots[slot].position = position;
}

/* Doubles the table when it would be more than half full. */
static void
live_reserve (BbMailboxModel *self)
{
  LiveSlot *old = self->live_slots;
  guint old_size = self->live_mask + 1;

  if ((self->n_live + 1) * 2 <= old_size)
    return;

  self->live_slots = g_new0 (LiveSlot, (gsize) old_size * 2);
  self->live_mask = old_size * 2 - 1;
  for (guint i = 0; i < old_size; i++)
    {
      if (old[i].view != NULL)
        live_put (self->live_slots, self->live_mask,
                  live_home (self, old[i].position), old[i].view, old[i].position);
    }
  g_free (old);
}

static void
live_insert (BbMailboxModel *self,
             guint           position,
             BbMailbox      *view)
{
  live_reserve (self);
  live_put (self->live_slots, self->live_mask, live_home (self, position), view, position);
  self->n_live++;
}

/* Removes the entry of @view at @position, if it is there; then moves later entries
 * of the probe run back so that every entry stays reachable from its home slot. */
static void
live_remove (BbMailboxModel *self,
             guint           position,
             BbMailbox      *view)
{
  guint mask = self->live_mask;
  guint hole = live_home (self, position);

  while (self->live_slots[hole].view != NULL &&
         !(self->live_slots[hole].position == position && self->live_slots[hole].view == view))
    hole = (hole + 1) & mask;

  if (self->live_slots[hole].view == NULL)
    return;

  self->live_slots[hole].view = NULL;
  self->n_live--;

  for (guint slot = (hole + 1) & mask; self->live_slots[slot].view != NULL; slot = (slot + 1) & mask)
    {
      guint home = live_home (self, self->live_slots[slot].position);

      /* Can the entry at @slot move to @hole: is @hole within [home, slot] cyclically? */
      if (((slot - home) & mask) >= ((slot - hole) & mask))
        {
          self->live_slots[hole] = self->live_slots[slot];
          self->live_slots[slot].view = NULL;
          hole = slot;
        }
    }
}

static void
view_weak_notify_cb (gpointer  data,
                     GObject  *where_the_object_was)
{
  BbMailboxModel *self = data;
  BbMailbox *view = (BbMailbox *) where_the_object_was;

  g_assert (BB_IS_MAILBOX_MODEL (self));

  live_remove (self, _bb_mailbox_get_view_position (view), view);
}

/* Notifies "selected" on @views (holding a reference across the emissions, which may
 * run any code) and then "n-selected" once. */
static void
notify_changed (BbMailboxModel *self,
                GPtrArray      *views,
                guint           old_n_selected)
{
  for (guint i = 0; views != NULL && i < views->len; i++)
    _bb_mailbox_notify_selected (g_ptr_array_index (views, i));

  if (self->n_selected != old_n_selected)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
}

/* GListModel */

static GType
bb_mailbox_model_get_item_type (GListModel *model)
{
  return BB_TYPE_MAILBOX;
}

static guint
bb_mailbox_model_list_get_n_items (GListModel *model)
{
  return BB_MAILBOX_MODEL (model)->n_committed;
}

static gpointer
bb_mailbox_model_get_item (GListModel *model,
                           guint       position)
{
  BbMailboxModel *self = BB_MAILBOX_MODEL (model);
  BbMailbox *view;

  if (position >= self->n_committed)
    return NULL;

  view = lookup_live (self, position);
  if (view != NULL)
    return g_object_ref (view);

  view = _bb_mailbox_new_view (self, position);
  g_object_weak_ref (G_OBJECT (view), view_weak_notify_cb, self);
  live_insert (self, position, view);

  return view;
}

static void
bb_mailbox_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = bb_mailbox_model_get_item_type;
  iface->get_n_items = bb_mailbox_model_list_get_n_items;
  iface->get_item = bb_mailbox_model_get_item;
}

/* GObject */

static void
bb_mailbox_model_finalize (GObject *object)
{
  BbMailboxModel *self = (BbMailboxModel *) object;

  /* Views hold the model, so none can be alive here. */
  g_assert (self->n_live == 0);

  g_clear_pointer (&self->live_slots, g_free);
  g_clear_pointer (&self->find_slots, g_free);
  g_clear_pointer (&self->index, g_free);
  g_clear_pointer (&self->index_offsets, g_free);
  g_clear_pointer (&self->address_offsets, g_free);
  g_clear_pointer (&self->name_offsets, g_free);
  g_clear_pointer (&self->selection, g_free);
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);

  G_OBJECT_CLASS (bb_mailbox_model_parent_class)->finalize (object);
}

static void
bb_mailbox_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BbMailboxModel *self = BB_MAILBOX_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_committed);
      break;

    case PROP_N_SELECTED:
      g_value_set_uint (value, self->n_selected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_mailbox_model_class_init (BbMailboxModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bb_mailbox_model_finalize;
  object_class->get_property = bb_mailbox_model_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_SELECTED] =
    g_param_spec_uint ("n-selected", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bb_mailbox_model_init (BbMailboxModel *self)
{
  self->chunks = g_ptr_array_new ();
  self->blocks = g_ptr_array_new_with_free_func (g_free);
  self->live_slots = g_new0 (LiveSlot, LIVE_MIN_SLOTS);
  self->live_mask = LIVE_MIN_SLOTS - 1;

  /* Offset 0 is "". */
  arena_open_chunks (self, 1);
  ((char *) arena_get (self, 0))[0] = '\0';
  self->arena_end = 1;
}

BbMailboxModel *
bb_mailbox_model_new (void)
{
  return g_object_new (BB_TYPE_MAILBOX_MODEL, NULL);
}

static void
append_len (BbMailboxModel *self,
            const char     *address,
            gsize           address_len,
            const char     *display_name,
            gsize           name_len)
{
  guint position;

  if (self->n_appended == self->capacity)
    grow (self);

  position = self->n_appended++;
  self->address_offsets[position] = arena_add (self, address, address_len);
  self->name_offsets[position] = arena_add (self, display_name, name_len);
}

void
bb_mailbox_model_append (BbMailboxModel *self,
                         const char     *address,
                         const char     *display_name)
{
  g_return_if_fail (BB_IS_MAILBOX_MODEL (self));
  g_return_if_fail (address != NULL);

  append_len (self, address, strlen (address),
              display_name, display_name != NULL ? strlen (display_name) : 0);
}

void
bb_mailbox_model_commit (BbMailboxModel *self)
{
  guint old_n;
  guint added;

  g_return_if_fail (BB_IS_MAILBOX_MODEL (self));

  old_n = self->n_committed;
  added = self->n_appended - old_n;
  if (added == 0)
    return;

  self->n_committed = self->n_appended;

  g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, added);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

guint
bb_mailbox_model_get_n_items (BbMailboxModel *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX_MODEL (self), 0);

  return self->n_committed;
}

const char *
bb_mailbox_model_get_address (BbMailboxModel *self,
                              guint           position)
{
  g_return_val_if_fail (BB_IS_MAILBOX_MODEL (self), NULL);
  g_return_val_if_fail (position < self->n_committed, NULL);

  return arena_get (self, self->address_offsets[position]);
}

const char *
bb_mailbox_model_get_display_name (BbMailboxModel *self,
                                   guint           position)
{
  g_return_val_if_fail (BB_IS_MAILBOX_MODEL (self), NULL);
  g_return_val_if_fail (position < self->n_committed, NULL);

  return arena_get (self, self->name_offsets[position]);
}

gboolean
bb_mailbox_model_get_selected (BbMailboxModel *self,
                               guint           position)
{
  g_return_val_if_fail (BB_IS_MAILBOX_MODEL (self), FALSE);
  g_return_val_if_fail (position < self->n_committed, FALSE);

  return bit_get (self->selection, position);
}

void
bb_mailbox_model_set_selected (BbMailboxModel *self,
                               guint           position,
                               gboolean        selected)
{
  g_autoptr(BbMailbox) view = NULL;
  guint old_n_selected;

  g_return_if_fail (BB_IS_MAILBOX_MODEL (self));
  g_return_if_fail (position < self->n_committed);

  selected = !!selected;
  if (bit_get (self->selection, position) == selected)
    return;

  old_n_selected = self->n_selected;
  bit_put (self->selection, position, selected);
  self->n_selected += selected ? 1 : -1;

  view = lookup_live (self, position);
  if (view != NULL)
    {
      g_object_ref (view);
      _bb_mailbox_notify_selected (view);
    }

  notify_changed (self, NULL, old_n_selected);
}

guint
bb_mailbox_model_get_n_selected (BbMailboxModel *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX_MODEL (self), 0);

  return self->n_selected;
}

/* The live views whose bit differs from @selected, referenced. */
static GPtrArray *
collect_live_changing (BbMailboxModel *self,
                       gboolean        selected)
{
  GPtrArray *views = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; self->n_live > 0 && i <= self->live_mask; i++)
    {
      const LiveSlot *slot = &self->live_slots[i];

      if (slot->view != NULL && bit_get (self->selection, slot->position) != selected)
        g_ptr_array_add (views, g_object_ref (slot->view));
    }

  return views;
}

void
bb_mailbox_model_select_all (BbMailboxModel *self,
                             gboolean        selected)
{
  g_autoptr(GPtrArray) views = NULL;
  guint old_n_selected;
  guint n_full;
  guint rest;

  g_return_if_fail (BB_IS_MAILBOX_MODEL (self));

  selected = !!selected;
  views = collect_live_changing (self, selected);
  old_n_selected = self->n_selected;

  /* Whole words, then the committed bits of the last one. */
  n_full = self->n_committed / WORD_BITS;
  rest = self->n_committed % WORD_BITS;
  memset (self->selection, selected ? 0xff : 0x00, n_full * sizeof (guint64));
  if (rest != 0)
    {
      guint64 mask = (G_GUINT64_CONSTANT (1) << rest) - 1;

      if (selected)
        self->selection[n_full] |= mask;
      else
        self->selection[n_full] &= ~mask;
    }

  self->n_selected = selected ? self->n_committed : 0;

  notify_changed (self, views, old_n_selected);
}

void
bb_mailbox_model_select_positions (BbMailboxModel *self,
                                   const guint    *positions,
                                   guint           n_positions,
                                   gboolean        selected)
{
  g_autoptr(GPtrArray) views = NULL;
  guint old_n_selected;
  gboolean any_live;

  g_return_if_fail (BB_IS_MAILBOX_MODEL (self));
  g_return_if_fail (positions != NULL || n_positions == 0);

  /* All or nothing: check before changing anything. */
  for (guint i = 0; i < n_positions; i++)
    g_return_if_fail (positions[i] < self->n_committed);

  selected = !!selected;
  old_n_selected = self->n_selected;
  any_live = self->n_live > 0;
  views = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_positions; i++)
    {
      guint position = positions[i];
      BbMailbox *view;

      if (bit_get (self->selection, position) == selected)
        continue;

      bit_put (self->selection, position, selected);
      self->n_selected += selected ? 1 : -1;

      if (any_live && (view = lookup_live (self, position)) != NULL)
        g_ptr_array_add (views, g_object_ref (view));
    }

  notify_changed (self, views, old_n_selected);
}

/* Lookup by address */

static gboolean
is_ascii (const char *s)
{
  for (; *s != '\0'; s++)
    {
      if ((guchar) *s >= 0x80)
        return FALSE;
    }

  return TRUE;
}

static inline guchar
ascii_lower (guchar c)
{
  return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* djb2 over ASCII-lowered bytes: the same value for an ASCII address and its fold. */
static guint32
fold_hash (const char *s)
{
  guint32 h = 5381;

  for (; *s != '\0'; s++)
    h = (h << 5) + h + ascii_lower (*s);

  return h;
}

static guint32
address_fold_hash (const char *address)
{
  g_autofree char *fold = NULL;

  if (is_ascii (address))
    return fold_hash (address);

  fold = bb_address_fold (address);
  return fold_hash (fold);
}

/* Does @address fold to @fold (a bb_address_fold() result)? */
static gboolean
address_has_fold (const char *address,
                  const char *fold)
{
  g_autofree char *address_fold = NULL;

  if (is_ascii (address))
    return g_ascii_strcasecmp (address, fold) == 0;

  address_fold = bb_address_fold (address);
  return strcmp (address_fold, fold) == 0;
}

static void
find_insert (BbMailboxModel *self,
             guint           position)
{
  const char *address = arena_get (self, self->address_offsets[position]);
  guint32 slot = address_fold_hash (address) & self->find_mask;

  while (self->find_slots[slot] != 0)
    slot = (slot + 1) & self->find_mask;

  self->find_slots[slot] = position + 1;
}

/* Room for @n positions; a bigger table is refilled with the positions covered. */
static void
find_reserve (BbMailboxModel *self,
              guint           n)
{
  gsize size = self->find_slots != NULL ? (gsize) self->find_mask + 1 : 0;
  gsize new_size = MAX (size, 16);

  while (new_size < (gsize) n * 2 && new_size < (1u << 31))
    new_size *= 2;

  if (new_size == size)
    return;

  g_free (self->find_slots);
  self->find_slots = g_new0 (guint32, new_size);
  self->find_mask = new_size - 1;

  for (guint i = 0; i < self->n_found; i++)
    find_insert (self, i);
}

/* Makes the table cover positions 0 .. @n - 1. */
static void
find_cover (BbMailboxModel *self,
            guint           n)
{
  if (self->find_slots != NULL && self->n_found >= n)
    return;

  find_reserve (self, n);
  for (guint i = self->n_found; i < n; i++)
    find_insert (self, i);
  self->n_found = n;
}

/* The first covered position below @limit whose address folds to @fold, or -1. */
static gint
find_fold (BbMailboxModel *self,
           const char     *fold,
           guint           limit)
{
  guint32 slot = fold_hash (fold) & self->find_mask;

  for (; self->find_slots[slot] != 0; slot = (slot + 1) & self->find_mask)
    {
      guint position = self->find_slots[slot] - 1;

      if (position < limit
          && address_has_fold (arena_get (self, self->address_offsets[position]), fold))
        return position;
    }

  return -1;
}

gint
bb_mailbox_model_find (BbMailboxModel *self,
                       const char     *address)
{
  g_autofree char *fold = NULL;

  g_return_val_if_fail (BB_IS_MAILBOX_MODEL (self), -1);
  g_return_val_if_fail (address != NULL, -1);

  if (self->n_committed == 0)
    return -1;

  find_cover (self, self->n_committed);
  fold = bb_address_fold (address);

  return find_fold (self, fold, self->n_committed);
}

gboolean
bb_mailbox_model_append_unique (BbMailboxModel *self,
                                const char     *address,
                                const char     *display_name,
                                gssize          name_len)
{
  g_autofree char *fold = NULL;

  g_return_val_if_fail (BB_IS_MAILBOX_MODEL (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  find_cover (self, self->n_appended);
  fold = bb_address_fold (address);
  if (self->n_appended > 0 && find_fold (self, fold, self->n_appended) >= 0)
    return FALSE;

  append_len (self, address, strlen (address), display_name,
              display_name == NULL ? 0 : name_len < 0 ? strlen (display_name) : (gsize) name_len);
  find_reserve (self, self->n_appended);
  find_insert (self, self->n_appended - 1);
  self->n_found = self->n_appended;

  return TRUE;
}

char **
bb_mailbox_model_dup_selected (BbMailboxModel *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  guint n_words;

  g_return_val_if_fail (BB_IS_MAILBOX_MODEL (self), NULL);

  builder = g_strv_builder_new ();
  n_words = (self->n_committed + WORD_BITS - 1) / WORD_BITS;

  for (guint w = 0; w < n_words; w++)
    {
      guint64 word = self->selection[w];

      while (word != 0)
        {
          guint position = w * WORD_BITS + __builtin_ctzll (word);

          g_strv_builder_add (builder, arena_get (self, self->address_offsets[position]));
          word &= word - 1;
        }
    }

  return g_strv_builder_end (builder);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The folded domain of @address into @buffer (ASCII) or a new string in @heap. */
static const char *
fold_domain (const char  *address,
             char        *buffer,
             gsize        buffer_size,
             char       **heap)
{
  const char *at = strrchr (address, '@');
  const char *domain = at != NULL ? at + 1 : address;
  gsize i;

  for (i = 0; domain[i] != '\0' && i + 1 < buffer_size; i++)
    {
      if ((guchar) domain[i] >= 0x80)
        break;
      buffer[i] = ascii_lower (domain[i]);
    }

  if (domain[i] == '\0')
    {
      buffer[i] = '\0';
      return buffer;
    }

  *heap = bb_address_fold (domain);
  return *heap;
}

GPtrArray *
bb_mailbox_model_dup_domains (BbMailboxModel *self)
{
  g_autoptr(GHashTable) seen = NULL;
  GPtrArray *domains;

  g_return_val_if_fail (BB_IS_MAILBOX_MODEL (self), NULL);

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  domains = g_ptr_array_new_null_terminated (0, g_free, TRUE);

  for (guint i = 0; i < self->n_committed; i++)
    {
      g_autofree char *heap = NULL;
      char buffer[256];
      const char *domain;
      char *copy;

      domain = fold_domain (arena_get (self, self->address_offsets[i]),
                            buffer, sizeof buffer, &heap);
      if (g_hash_table_contains (seen, domain))
        continue;

      copy = heap != NULL ? g_steal_pointer (&heap) : g_strdup (domain);
      g_hash_table_add (seen, copy);
      g_ptr_array_add (domains, copy);
    }

  g_ptr_array_sort (domains, compare_strings);

  return domains;
}

/* Search index */

static inline char
ascii_lower_char (char c)
{
  return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

char *
bb_mailbox_model_fold_text (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;

  if (text == NULL)
    return g_strdup ("");

  if (is_ascii (text))
    return g_ascii_strdown (text, -1);

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  folded = g_utf8_casefold (text, -1);

  /* Below U+0300 (lead byte 0xCC) every character is NFC already and composes with
   * nothing: most accented Latin names skip the costly normalisation. */
  for (const guchar *p = (const guchar *) folded; *p != '\0'; p++)
    {
      if (*p >= 0xcc)
        return g_utf8_normalize (folded, -1, G_NORMALIZE_DEFAULT_COMPOSE);
    }

  return g_steal_pointer (&folded);
}

static void
index_reserve (BbMailboxModel *self,
               gsize           extra)
{
  if (self->index_len + extra <= self->index_capacity)
    return;

  self->index_capacity = MAX (self->index_len + extra,
                              self->index_capacity + self->index_capacity / 2);
  self->index = g_realloc (self->index, self->index_capacity);
}

static void
index_append_fold (BbMailboxModel *self,
                   const char     *text)
{
  gsize length = 0;

  while (text[length] != '\0' && (guchar) text[length] < 0x80)
    length++;

  if (text[length] == '\0')
    {
      char *out;

      index_reserve (self, length + 1);
      out = self->index + self->index_len;
      for (gsize i = 0; i <= length; i++)
        out[i] = ascii_lower_char (text[i]);
      self->index_len += length + 1;
    }
  else
    {
      g_autofree char *fold = bb_mailbox_model_fold_text (text);
      gsize size = strlen (fold) + 1;

      index_reserve (self, size);
      memcpy (self->index + self->index_len, fold, size);
      self->index_len += size;
    }
}

/* Indexes positions n_indexed .. n_committed - 1. */
static void
index_extend (BbMailboxModel *self)
{
  guint n = self->n_committed;

  if (self->index_offsets != NULL && self->n_indexed >= n)
    return;

  if (self->index_offsets == NULL)
    {
      /* A first build: the ASCII text is as long as the strings. */
      index_reserve (self, self->arena_end);
    }

  self->index_offsets = g_renew (guint32, self->index_offsets, n + 1);

  for (guint i = self->n_indexed; i < n; i++)
    {
      self->index_offsets[i] = self->index_len;
      index_append_fold (self, arena_get (self, self->address_offsets[i]));
      index_append_fold (self, arena_get (self, self->name_offsets[i]));

      if (self->index_len > G_MAXUINT32)
        g_error ("%s: more than 4 GiB of folded mailbox text", G_STRFUNC);
    }

  /* Give back the growth slack (cheap: large blocks are remapped, not copied). */
  self->index_capacity = MAX (self->index_len, 1);
  self->index = g_realloc (self->index, self->index_capacity);
  self->index_offsets[n] = self->index_len;
  self->n_indexed = n;
}

const char *
bb_mailbox_model_get_search_index (BbMailboxModel  *self,
                                   const guint32  **offsets)
{
  g_return_val_if_fail (BB_IS_MAILBOX_MODEL (self), NULL);
  g_return_val_if_fail (offsets != NULL, NULL);

  index_extend (self);
  *offsets = self->index_offsets;

  return self->index;
}

void
bb_mailbox_model_prepare_search (BbMailboxModel *self)
{
  g_return_if_fail (BB_IS_MAILBOX_MODEL (self));

  index_extend (self);
  if (self->n_committed > 0)
    find_cover (self, self->n_committed);
}
