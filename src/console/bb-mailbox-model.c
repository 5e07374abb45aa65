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

  /* Lazily built for find(): open addressing, slot = position + 1, 0 = empty */
  guint32    *find_slots;
  guint       find_mask;

  /* position → BbMailbox* view, borrowed: a weak ref removes the entry */
  GHashTable *live_items;
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

static guint32
arena_add (BbMailboxModel *self,
           const char     *string)
{
  gsize size;
  gsize used;
  guint32 offset;

  if (string == NULL || string[0] == '\0')
    return 0;

  size = strlen (string) + 1;
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
  memcpy ((char *) arena_get (self, offset), string, size);
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

static void
view_weak_notify_cb (gpointer  data,
                     GObject  *where_the_object_was)
{
  BbMailboxModel *self = data;
  BbMailbox *view = (BbMailbox *) where_the_object_was;
  gpointer key = GUINT_TO_POINTER (_bb_mailbox_get_view_position (view));

  g_assert (BB_IS_MAILBOX_MODEL (self));

  if (g_hash_table_lookup (self->live_items, key) == (gpointer) view)
    g_hash_table_remove (self->live_items, key);
}

static BbMailbox *
lookup_live (BbMailboxModel *self,
             guint           position)
{
  if (g_hash_table_size (self->live_items) == 0)
    return NULL;

  return g_hash_table_lookup (self->live_items, GUINT_TO_POINTER (position));
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
  g_hash_table_insert (self->live_items, GUINT_TO_POINTER (position), view);

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
  g_assert (g_hash_table_size (self->live_items) == 0);

  g_clear_pointer (&self->live_items, g_hash_table_unref);
  g_clear_pointer (&self->find_slots, g_free);
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
  self->live_items = g_hash_table_new (NULL, NULL);

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

void
bb_mailbox_model_append (BbMailboxModel *self,
                         const char     *address,
                         const char     *display_name)
{
  guint position;

  g_return_if_fail (BB_IS_MAILBOX_MODEL (self));
  g_return_if_fail (address != NULL);

  if (self->n_appended == self->capacity)
    grow (self);

  position = self->n_appended++;
  self->address_offsets[position] = arena_add (self, address);
  self->name_offsets[position] = arena_add (self, display_name);
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
  /* The lookup table covers committed mailboxes only: rebuilt on the next find. */
  g_clear_pointer (&self->find_slots, g_free);

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
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->live_items);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (bit_get (self->selection, GPOINTER_TO_UINT (key)) != selected)
        g_ptr_array_add (views, g_object_ref (value));
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
  any_live = g_hash_table_size (self->live_items) > 0;
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
build_find_slots (BbMailboxModel *self)
{
  guint size = 16;

  while (size < self->n_committed * 2u && size < (1u << 31))
    size *= 2;

  self->find_slots = g_new0 (guint32, size);
  self->find_mask = size - 1;

  /* Linear probing in list order, so the first of two equal folds is found first. */
  for (guint i = 0; i < self->n_committed; i++)
    {
      guint32 slot = address_fold_hash (arena_get (self, self->address_offsets[i])) & self->find_mask;

      while (self->find_slots[slot] != 0)
        slot = (slot + 1) & self->find_mask;

      self->find_slots[slot] = i + 1;
    }
}

gint
bb_mailbox_model_find (BbMailboxModel *self,
                       const char     *address)
{
  g_autofree char *fold = NULL;
  guint32 slot;

  g_return_val_if_fail (BB_IS_MAILBOX_MODEL (self), -1);
  g_return_val_if_fail (address != NULL, -1);

  if (self->n_committed == 0)
    return -1;

  if (self->find_slots == NULL)
    build_find_slots (self);

  fold = bb_address_fold (address);
  slot = fold_hash (fold) & self->find_mask;

  for (; self->find_slots[slot] != 0; slot = (slot + 1) & self->find_mask)
    {
      guint position = self->find_slots[slot] - 1;

      if (address_has_fold (arena_get (self, self->address_offsets[position]), fold))
        return position;
    }

  return -1;
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
