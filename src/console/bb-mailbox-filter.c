/* bb-mailbox-filter.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bb-mailbox-filter.h"

/* The matches are handed to bb_mailbox_model_select_positions() as they are. */
G_STATIC_ASSERT (sizeof (guint) == sizeof (guint32));

/*
 * Below this share of the list, a narrowing search tests the current matches one by
 * one; above it, one pass over the whole folded index is faster.
 */
#define NARROW_RATIO 8

struct _BbMailboxFilter
{
  GObject         parent_instance;

  /* Owned References */
  BbMailboxModel *model;
  gulong          items_changed_id;

  char           *search;         /* as set, never NULL */
  char           *domain;         /* as set, never NULL */
  char           *search_fold;    /* never NULL, "" shows all */
  gsize           search_len;
  gsize           anchor;         /* index of the search_fold byte memchr() looks for */
  char           *domain_fold;    /* never NULL, "" means any domain */

  /* The model's folded search index (borrowed; see index_sync()) */
  const char     *index;
  const guint32  *index_offsets;

  GArray         *matches;        /* guint32 model positions, ascending */
  guint           n_model;        /* model items the matches cover */
};

static void bb_mailbox_filter_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BbMailboxFilter, bb_mailbox_filter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      bb_mailbox_filter_list_model_init))

enum {
  PROP_0,
  PROP_MODEL,
  PROP_SEARCH,
  PROP_DOMAIN,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Points at the model's folded index of positions 0 .. n_model - 1 (the model
 * builds or extends it on demand; it moves when the model commits). */
static void
index_sync (BbMailboxFilter *self)
{
  self->index = bb_mailbox_model_get_search_index (self->model, &self->index_offsets);
}

/* Matching */

static gboolean
has_criteria (BbMailboxFilter *self)
{
  return self->search_fold[0] != '\0' || self->domain_fold[0] != '\0';
}

static gboolean
domain_matches (BbMailboxFilter *self,
                guint            position)
{
  const char *address = self->index + self->index_offsets[position];
  const char *at;

  if (self->domain_fold[0] == '\0')
    return TRUE;

  at = strrchr (address, '@');

  return at != NULL && strcmp (at + 1, self->domain_fold) == 0;
}

/*
 * Rough frequency of a byte in addresses and names: the search looks for its rarest
 * byte with memchr() (vectorised) and compares the rest. With the many hits of a
 * short search, this beats memmem(), whose set-up cost is paid on every call.
 */
static guint
byte_weight (guchar c)
{
  static const guchar letters[26] = {
    /* a   b   c   d   e   f   g   h   i   j  k   l   m   n   o   p  q   r   s   t   u   v  w   x  y   z */
      80, 15, 30, 40, 120, 22, 20, 60, 70, 2, 8, 40, 24, 70, 80, 19, 1, 60, 63, 90, 30, 10, 24, 2, 20, 1,
  };

  if (c >= 'a' && c <= 'z')
    return letters[c - 'a'];
  if (c >= '0' && c <= '9')
    return 10;
  if (c == '.' || c == '@' || c == ' ')
    return 25;
  if (c >= 0x80)
    return c >= 0xc0 ? 6 : 4;

  return 3;
}

static void
set_search_fold (BbMailboxFilter *self,
                 char            *fold)
{
  g_free (self->search_fold);
  self->search_fold = fold;
  self->search_len = strlen (fold);
  self->anchor = 0;

  for (gsize i = 1; i < self->search_len; i++)
    {
      if (byte_weight (fold[i]) < byte_weight (fold[self->anchor]))
        self->anchor = i;
    }
}

/* The first occurrence of the search text in [p, limit), or NULL. */
static const char *
find_search (BbMailboxFilter *self,
             const char      *p,
             const char      *limit)
{
  const char *needle = self->search_fold;
  gsize anchor = self->anchor;
  const char *q = p + anchor;

  while (q < limit)
    {
      const char *hit = memchr (q, needle[anchor], limit - q);
      const char *start;

      if (hit == NULL)
        return NULL;

      start = hit - anchor;
      if ((gsize) (limit - start) >= self->search_len &&
          memcmp (start, needle, self->search_len) == 0)
        return start;

      q = hit + 1;
    }

  return NULL;
}

static gboolean
entry_matches (BbMailboxFilter *self,
               guint            position)
{
  const char *entry = self->index + self->index_offsets[position];
  const char *limit = self->index + self->index_offsets[position + 1];

  return find_search (self, entry, limit) != NULL;
}

/* The largest i in [lo, hi) with offsets[i] <= offset, given offsets[lo] <= offset:
 * a galloping search, cheap whether the hits are dense or far apart. */
static guint
entry_at (const guint32 *offsets,
          guint          lo,
          guint          hi,
          guint32        offset)
{
  guint step = 1;

  while (lo + step < hi && offsets[lo + step] <= offset)
    {
      lo += step;
      step *= 2;
    }

  hi = MIN (lo + step, hi);
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (offsets[mid] <= offset)
        lo = mid;
      else
        hi = mid;
    }

  return lo;
}

/* Appends to @out the positions in [start, end) that match, scanning the index once. */
static void
scan_range (BbMailboxFilter *self,
            guint            start,
            guint            end,
            GArray          *out)
{
  const char *limit = self->index + self->index_offsets[end];
  const char *p = self->index + self->index_offsets[start];
  guint position = start;

  if (self->search_len == 0)
    {
      for (guint i = start; i < end; i++)
        {
          if (domain_matches (self, i))
            g_array_append_val (out, i);
        }
      return;
    }

  while (position < end)
    {
      const char *hit = find_search (self, p, limit);

      if (hit == NULL)
        break;

      position = entry_at (self->index_offsets, position, end, hit - self->index);
      if (domain_matches (self, position))
        g_array_append_val (out, position);

      position++;
      p = self->index + self->index_offsets[position];
    }
}

static GArray *
compute_matches (BbMailboxFilter *self,
                 gboolean         narrowing)
{
  GArray *result = g_array_new (FALSE, FALSE, sizeof (guint32));

  if (!has_criteria (self))
    {
      g_array_set_size (result, self->n_model);
      for (guint i = 0; i < self->n_model; i++)
        g_array_index (result, guint32, i) = i;
      return result;
    }

  index_sync (self);

  /* Every new match is among the current ones, whose domain already matches. */
  if (narrowing && self->matches->len <= self->n_model / NARROW_RATIO)
    {
      for (guint i = 0; i < self->matches->len; i++)
        {
          guint32 position = g_array_index (self->matches, guint32, i);

          if (entry_matches (self, position))
            g_array_append_val (result, position);
        }
      return result;
    }

  scan_range (self, 0, self->n_model, result);

  return result;
}

/* Installs @matches (taking it) and emits one items-changed covering only the part
 * that differs between the old and new lists. */
static void
replace_matches (BbMailboxFilter *self,
                 GArray          *matches)
{
  const guint32 *old = (const guint32 *) (gpointer) self->matches->data;
  const guint32 *new = (const guint32 *) (gpointer) matches->data;
  guint old_len = self->matches->len;
  guint new_len = matches->len;
  guint common = MIN (old_len, new_len);
  guint prefix = 0;
  guint suffix = 0;
  guint removed, added;

  while (prefix < common && old[prefix] == new[prefix])
    prefix++;
  while (suffix < common - prefix && old[old_len - 1 - suffix] == new[new_len - 1 - suffix])
    suffix++;

  g_array_unref (self->matches);
  self->matches = matches;

  removed = old_len - prefix - suffix;
  added = new_len - prefix - suffix;
  if (removed == 0 && added == 0)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), prefix, removed, added);
  if (old_len != new_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
model_items_changed_cb (BbMailboxFilter *self,
                        guint            position,
                        guint            removed,
                        guint            added,
                        GListModel      *model)
{
  guint old_len = self->matches->len;

  g_assert (BB_IS_MAILBOX_FILTER (self));

  /* The model only appends; anything else is a new list from scratch. */
  if (removed != 0 || position != self->n_model)
    {
      self->n_model = g_list_model_get_n_items (model);
      replace_matches (self, compute_matches (self, FALSE));
      return;
    }

  self->n_model = position + added;

  if (!has_criteria (self))
    {
      for (guint32 i = position; i < self->n_model; i++)
        g_array_append_val (self->matches, i);
    }
  else
    {
      index_sync (self);
      scan_range (self, position, self->n_model, self->matches);
    }

  if (self->matches->len == old_len)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, self->matches->len - old_len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* GListModel */

static GType
bb_mailbox_filter_get_item_type (GListModel *model)
{
  return BB_TYPE_MAILBOX;
}

static guint
bb_mailbox_filter_list_get_n_items (GListModel *model)
{
  return BB_MAILBOX_FILTER (model)->matches->len;
}

static gpointer
bb_mailbox_filter_get_item (GListModel *model,
                            guint       position)
{
  BbMailboxFilter *self = BB_MAILBOX_FILTER (model);

  if (self->model == NULL || position >= self->matches->len)
    return NULL;

  return g_list_model_get_item (G_LIST_MODEL (self->model),
                                g_array_index (self->matches, guint32, position));
}

static void
bb_mailbox_filter_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = bb_mailbox_filter_get_item_type;
  iface->get_n_items = bb_mailbox_filter_list_get_n_items;
  iface->get_item = bb_mailbox_filter_get_item;
}

/* GObject */

static void
bb_mailbox_filter_constructed (GObject *object)
{
  BbMailboxFilter *self = (BbMailboxFilter *) object;

  G_OBJECT_CLASS (bb_mailbox_filter_parent_class)->constructed (object);

  g_assert (BB_IS_MAILBOX_MODEL (self->model));

  self->items_changed_id = g_signal_connect_swapped (self->model, "items-changed",
                                                     G_CALLBACK (model_items_changed_cb),
                                                     self);
  self->n_model = bb_mailbox_model_get_n_items (self->model);
  g_array_unref (self->matches);
  self->matches = compute_matches (self, FALSE);
}

static void
bb_mailbox_filter_dispose (GObject *object)
{
  BbMailboxFilter *self = (BbMailboxFilter *) object;

  if (self->model != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->model);
  g_clear_object (&self->model);
  self->index = NULL;
  self->index_offsets = NULL;
  g_array_set_size (self->matches, 0);
  self->n_model = 0;

  G_OBJECT_CLASS (bb_mailbox_filter_parent_class)->dispose (object);
}

static void
bb_mailbox_filter_finalize (GObject *object)
{
  BbMailboxFilter *self = (BbMailboxFilter *) object;

  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->domain, g_free);
  g_clear_pointer (&self->search_fold, g_free);
  g_clear_pointer (&self->domain_fold, g_free);
  g_clear_pointer (&self->matches, g_array_unref);

  G_OBJECT_CLASS (bb_mailbox_filter_parent_class)->finalize (object);
}

static void
bb_mailbox_filter_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BbMailboxFilter *self = BB_MAILBOX_FILTER (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;

    case PROP_DOMAIN:
      g_value_set_string (value, self->domain);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->matches->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_mailbox_filter_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BbMailboxFilter *self = BB_MAILBOX_FILTER (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      self->model = g_value_dup_object (value);
      break;

    case PROP_SEARCH:
      bb_mailbox_filter_set_search (self, g_value_get_string (value));
      break;

    case PROP_DOMAIN:
      bb_mailbox_filter_set_domain (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_mailbox_filter_class_init (BbMailboxFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bb_mailbox_filter_constructed;
  object_class->dispose = bb_mailbox_filter_dispose;
  object_class->finalize = bb_mailbox_filter_finalize;
  object_class->get_property = bb_mailbox_filter_get_property;
  object_class->set_property = bb_mailbox_filter_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         BB_TYPE_MAILBOX_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DOMAIN] =
    g_param_spec_string ("domain", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bb_mailbox_filter_init (BbMailboxFilter *self)
{
  self->search = g_strdup ("");
  self->domain = g_strdup ("");
  self->search_fold = g_strdup ("");
  self->domain_fold = g_strdup ("");
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint32));
}

BbMailboxFilter *
bb_mailbox_filter_new (BbMailboxModel *model)
{
  g_return_val_if_fail (BB_IS_MAILBOX_MODEL (model), NULL);

  return g_object_new (BB_TYPE_MAILBOX_FILTER,
                       "model", model,
                       NULL);
}

BbMailboxModel *
bb_mailbox_filter_get_model (BbMailboxFilter *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX_FILTER (self), NULL);

  return self->model;
}

const char *
bb_mailbox_filter_get_search (BbMailboxFilter *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX_FILTER (self), NULL);

  return self->search;
}

void
bb_mailbox_filter_set_search (BbMailboxFilter *self,
                              const char      *search)
{
  g_autofree char *fold = NULL;
  gboolean narrowing;

  g_return_if_fail (BB_IS_MAILBOX_FILTER (self));

  if (search == NULL)
    search = "";
  if (g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  fold = bb_mailbox_model_fold_text (search);

  /* A search containing the previous one can only match fewer mailboxes. */
  if (self->model != NULL && strcmp (fold, self->search_fold) != 0)
    {
      narrowing = strstr (fold, self->search_fold) != NULL;
      set_search_fold (self, g_steal_pointer (&fold));
      replace_matches (self, compute_matches (self, narrowing));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

const char *
bb_mailbox_filter_get_domain (BbMailboxFilter *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX_FILTER (self), NULL);

  return self->domain;
}

void
bb_mailbox_filter_set_domain (BbMailboxFilter *self,
                              const char      *domain)
{
  g_autofree char *fold = NULL;

  g_return_if_fail (BB_IS_MAILBOX_FILTER (self));

  if (domain == NULL)
    domain = "";
  if (g_strcmp0 (self->domain, domain) == 0)
    return;

  g_free (self->domain);
  self->domain = g_strdup (domain);
  fold = bb_mailbox_model_fold_text (domain);

  if (self->model != NULL && strcmp (fold, self->domain_fold) != 0)
    {
      g_free (self->domain_fold);
      self->domain_fold = g_steal_pointer (&fold);
      replace_matches (self, compute_matches (self, FALSE));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
}

guint
bb_mailbox_filter_get_n_items (BbMailboxFilter *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX_FILTER (self), 0);

  return self->matches->len;
}

guint
bb_mailbox_filter_get_position (BbMailboxFilter *self,
                                guint            filtered_position)
{
  g_return_val_if_fail (BB_IS_MAILBOX_FILTER (self), G_MAXUINT);
  g_return_val_if_fail (filtered_position < self->matches->len, G_MAXUINT);

  return g_array_index (self->matches, guint32, filtered_position);
}

void
bb_mailbox_filter_select_shown (BbMailboxFilter *self,
                                gboolean         selected)
{
  g_return_if_fail (BB_IS_MAILBOX_FILTER (self));

  if (self->model == NULL)
    return;

  bb_mailbox_model_select_positions (self->model,
                                     (const guint *) (gpointer) self->matches->data,
                                     self->matches->len,
                                     selected);
}
