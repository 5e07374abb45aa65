/* bb-address.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bb-address.h"
#include "bb-console-error.h"

#define MAX_LOCAL_BYTES   64
#define MAX_ADDRESS_BYTES 254
/* How much of a refused address an error message shows. */
#define MAX_SHOWN_CHARS   80

static gboolean
is_valid_local_part (const char *local,
                     gsize       len)
{
  const char *end = local + len;

  if (len < 1 || len > MAX_LOCAL_BYTES)
    return FALSE;

  for (const char *p = local; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Only ASCII can be a separator: strchr() would see just the low byte. */
      if (g_unichar_isspace (c) || (c < 0x80 && strchr (",<>\";", (int) c) != NULL))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_valid_domain (const char *domain)
{
  guint n_labels = 1;
  gboolean label_empty = TRUE;

  for (const char *p = domain; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '.')
        {
          if (label_empty)
            return FALSE;
          n_labels++;
          label_empty = TRUE;
        }
      else if (c == '-' || g_unichar_isalnum (c))
        label_empty = FALSE;
      else
        return FALSE;
    }

  return !label_empty && n_labels >= 2;
}

/* The rules below for an address of @len bytes when they are ASCII, else -1 (the
 * general path then decides), without decoding UTF-8: most addresses are ASCII. For ASCII, g_unichar_isspace() is '\t',
 * '\n', '\f', '\r' and ' ' (not '\v'), g_unichar_isalnum() is [0-9A-Za-z]. Every
 * rule must hold, so the first one broken decides, whatever bytes follow. */
static int
ascii_address_is_valid (const char *address,
                        gsize       len)
{
  static const char local_refused[] = "\t\n\f\r ,<>\";";
  gboolean label_empty = TRUE;
  guint n_labels = 1;
  gsize i;

  for (i = 0; i < len && address[i] != '@'; i++)
    {
      if ((guchar) address[i] >= 0x80)
        return -1;
      if (memchr (local_refused, address[i], sizeof local_refused - 1) != NULL)
        return FALSE;
    }
  if (i == 0 || i == len || i > MAX_LOCAL_BYTES)
    return FALSE;

  for (i++; i < len; i++)
    {
      guchar c = address[i];

      if (c >= 0x80)
        return -1;
      if (c == '.')
        {
          if (label_empty)
            return FALSE;
          n_labels++;
          label_empty = TRUE;
        }
      else if (c == '-' || g_ascii_isalnum (c))
        label_empty = FALSE;
      else
        return FALSE;  /* a second '@' too */
    }

  return !label_empty && n_labels >= 2;
}

gboolean
bb_address_is_valid (const char *address)
{
  const char *at;
  gsize len;
  int valid;

  if (address == NULL)
    return FALSE;

  len = strlen (address);
  if (len > MAX_ADDRESS_BYTES)
    return FALSE;
  valid = ascii_address_is_valid (address, len);
  if (valid >= 0)
    return valid;
  if (!g_utf8_validate_len (address, len, NULL))
    return FALSE;

  at = strchr (address, '@');
  if (at == NULL || strchr (at + 1, '@') != NULL)
    return FALSE;

  return is_valid_local_part (address, at - address) && is_valid_domain (at + 1);
}

static gboolean
is_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p >= 0x80)
        return FALSE;
    }

  return TRUE;
}

/* Plain g_utf8_casefold(): no Unicode normalisation, so "é" typed as one code point
 * and as e + U+0301 stay different mailboxes. Mail servers compare the bytes they
 * are given, so treating them as one could merge two real mailboxes. */
char *
bb_address_fold (const char *address)
{
  g_return_val_if_fail (address != NULL, NULL);

  /* Most addresses are ASCII; ASCII case folding is lower-casing, and cheaper. */
  if (is_ascii (address))
    return g_ascii_strdown (address, -1);

  /* g_utf8_casefold() may read past the end of invalid UTF-8. */
  if (!g_utf8_validate (address, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (address, -1);

      return g_utf8_casefold (valid, -1);
    }

  return g_utf8_casefold (address, -1);
}

struct _BbAddressSet
{
  GHashTable *folds;      /* char* fold, owned (set) */
  GPtrArray  *addresses;  /* char*, owned, NULL-terminated */
};

BbAddressSet *
bb_address_set_new (void)
{
  BbAddressSet *self = g_new0 (BbAddressSet, 1);

  self->folds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->addresses = g_ptr_array_new_null_terminated (0, g_free, TRUE);

  return self;
}

void
bb_address_set_free (BbAddressSet *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->folds);
  g_ptr_array_unref (self->addresses);
  g_free (self);
}

gboolean
bb_address_set_add (BbAddressSet *self,
                    const char   *address)
{
  char *fold;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  fold = bb_address_fold (address);
  if (!g_hash_table_add (self->folds, fold))
    return FALSE;

  g_ptr_array_add (self->addresses, g_strdup (address));

  return TRUE;
}

gboolean
bb_address_set_contains (BbAddressSet *self,
                         const char   *address)
{
  g_autofree char *fold = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  fold = bb_address_fold (address);

  return g_hash_table_contains (self->folds, fold);
}

guint
bb_address_set_get_length (BbAddressSet *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->addresses->len;
}

const char * const *
bb_address_set_peek (BbAddressSet *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (self != NULL, NULL);

  /* A null-terminated GPtrArray may still have no storage while empty. */
  if (self->addresses->pdata == NULL)
    return empty;

  return (const char * const *) self->addresses->pdata;
}

/* The address as an error message shows it: valid UTF-8 (what is not becomes
 * U+FFFD), at most MAX_SHOWN_CHARS characters. The text is made valid before it is
 * measured or cut: g_utf8_strlen() and g_utf8_substring() trust it to be. */
static char *
shown_address (const char *address)
{
  g_autofree char *valid = g_utf8_make_valid (address, -1);

  if (g_utf8_strlen (valid, -1) <= MAX_SHOWN_CHARS)
    return g_steal_pointer (&valid);

  {
    g_autofree char *start = g_utf8_substring (valid, 0, MAX_SHOWN_CHARS);

    return g_strconcat (start, "…", NULL);
  }
}

static void
set_invalid_address_error (GError     **error,
                           guint        line,
                           const char  *address)
{
  g_autofree char *shown = shown_address (address);

  if (line == 0)
    g_set_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
                 /* Translators: %s is an email address typed by the user */
                 _("“%s” is not a valid email address"), shown);
  else
    g_set_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
                 /* Translators: %u is a line number, %s an email address */
                 _("Line %u: “%s” is not a valid email address"), line, shown);
}

char *
bb_address_join_for_create (const char * const  *addresses,
                            guint                n_addresses,
                            guint               *n_unique,
                            GError             **error)
{
  g_autoptr(GHashTable) folds = NULL;
  g_autoptr(GString) joined = NULL;

  g_return_val_if_fail (addresses != NULL || n_addresses == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_unique != NULL)
    *n_unique = 0;

  if (n_addresses == 0)
    {
      g_set_error_literal (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
                           _("No mailboxes were chosen"));
      return NULL;
    }

  folds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  joined = g_string_new (NULL);

  for (guint i = 0; i < n_addresses; i++)
    {
      const char *address = addresses[i];

      if (!bb_address_is_valid (address))
        {
          set_invalid_address_error (error, 0, address != NULL ? address : "");
          return NULL;
        }

      if (!g_hash_table_add (folds, bb_address_fold (address)))
        continue;

      if (joined->len > 0)
        g_string_append_c (joined, ',');
      g_string_append (joined, address);
    }

  if (n_unique != NULL)
    *n_unique = g_hash_table_size (folds);

  return g_string_free (g_steal_pointer (&joined), FALSE);
}

/* ------------------------------------------------------------------------ */
/* Address lists typed or imported by the user                              */

typedef struct {
  const char *text;
  gsize       length;
  gsize       pos;
  guint       number;  /* 1-based number of the line last read */
} LineReader;

/* Finds the next line (without its LF, CRLF or CR); FALSE at the end. */
static gboolean
line_reader_next (LineReader  *reader,
                  const char **line,
                  gsize       *line_len)
{
  const char *start;
  const char *end;
  const char *p;

  /* First: the text may be NULL when its length is 0, and NULL + 0 is undefined. */
  if (reader->pos >= reader->length)
    return FALSE;

  start = reader->text + reader->pos;
  end = reader->text + reader->length;
  p = start;

  while (p < end && *p != '\n' && *p != '\r')
    p++;

  reader->number++;
  reader->pos = p - reader->text;
  if (p < end && *p == '\r')
    reader->pos++;
  if (p < end && reader->pos < reader->length && reader->text[reader->pos] == '\n')
    reader->pos++;

  *line = start;
  *line_len = p - start;

  return TRUE;
}

/*
 * Splits one CSV line at any of @separators outside double quotes. Quoted parts
 * lose their quotes ("" is one quote); every field is trimmed.
 */
static GPtrArray *
split_fields (const char *line,
              const char *separators)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (strchr (separators, *p) != NULL)
        {
          g_ptr_array_add (fields, g_strstrip (g_string_free (field, FALSE)));
          field = g_string_new (NULL);
        }
      else
        g_string_append_c (field, *p);
    }

  g_ptr_array_add (fields, g_strstrip (g_string_free (field, FALSE)));

  return fields;
}

static gboolean
is_address_header (const char *name)
{
  static const char * const names[] = {
    "email", "e-mail", "mail", "address", "email address", "e-mail address",
    "userprincipalname",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_ascii_strcasecmp (name, names[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

typedef struct {
  BbAddressSet *set;
  guint         n_duplicates;
  /* CSV with a header: the column holding addresses, -1 for a plain list. */
  int           column;
  const char   *separators;
  /* A header without a named address column: pick the column from the first row. */
  gboolean      column_from_first_row;
  guint         header_line;
  char         *header_first_field;
} ListParser;

static gboolean
add_address (ListParser  *parser,
             guint        line,
             const char  *address,
             GError     **error)
{
  if (*address == '\0')
    return TRUE;

  if (!bb_address_is_valid (address))
    {
      set_invalid_address_error (error, line, address);
      return FALSE;
    }

  if (!bb_address_set_add (parser->set, address))
    parser->n_duplicates++;

  return TRUE;
}

static gboolean
any_field_has (GPtrArray  *fields,
               gboolean  (*predicate) (const char *))
{
  for (guint i = 0; i < fields->len; i++)
    {
      if (predicate (g_ptr_array_index (fields, i)))
        return TRUE;
    }

  return FALSE;
}

static gboolean
has_at_sign (const char *field)
{
  return strchr (field, '@') != NULL;
}

static const char *
header_separators (const char *line)
{
  gboolean quoted = FALSE;

  for (const char *p = line; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && (*p == ',' || *p == ';' || *p == '\t'))
        return *p == ',' ? "," : *p == ';' ? ";" : "\t";
    }

  return ",";
}

/*
 * The first non-blank line decides the format. It is a header when none of its
 * fields holds an '@' and one is named like an address column, or when it has
 * several fields (the address column is then the first one whose value in the
 * next row holds an '@'). A header with a single column is followed by a plain list.
 */
static gboolean
read_first_line (ListParser  *parser,
                 const char  *line,
                 guint        number,
                 GError     **error)
{
  g_autoptr(GPtrArray) fields = split_fields (line, ",;");

  if (any_field_has (fields, has_at_sign))
    return TRUE;

  parser->header_line = number;
  parser->separators = header_separators (line);
  g_ptr_array_unref (fields);
  fields = split_fields (line, parser->separators);

  if (fields->len == 1)
    {
      if (is_address_header (g_ptr_array_index (fields, 0)))
        return TRUE;

      set_invalid_address_error (error, number, g_ptr_array_index (fields, 0));
      return FALSE;
    }

  for (guint i = 0; i < fields->len; i++)
    {
      if (is_address_header (g_ptr_array_index (fields, i)))
        {
          parser->column = i;
          return TRUE;
        }
    }

  parser->column_from_first_row = TRUE;
  parser->header_first_field = g_strdup (g_ptr_array_index (fields, 0));

  return TRUE;
}

static gboolean
pick_column (ListParser  *parser,
             GPtrArray   *fields,
             GError     **error)
{
  for (guint i = 0; i < fields->len; i++)
    {
      if (has_at_sign (g_ptr_array_index (fields, i)))
        {
          parser->column = i;
          parser->column_from_first_row = FALSE;
          return TRUE;
        }
    }

  g_set_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
               /* Translators: %u is a line number */
               _("Line %u: no column of this table holds email addresses"),
               parser->header_line);
  return FALSE;
}

static gboolean
read_line (ListParser  *parser,
           const char  *line,
           guint        number,
           GError     **error)
{
  g_autoptr(GPtrArray) fields = NULL;

  if (parser->column < 0 && !parser->column_from_first_row)
    {
      fields = split_fields (line, ",;");
      for (guint i = 0; i < fields->len; i++)
        {
          if (!add_address (parser, number, g_ptr_array_index (fields, i), error))
            return FALSE;
        }
      return TRUE;
    }

  fields = split_fields (line, parser->separators);
  if (parser->column_from_first_row && !pick_column (parser, fields, error))
    return FALSE;

  /* A row without a value in the address column names no mailbox. */
  if ((guint) parser->column >= fields->len)
    return TRUE;

  return add_address (parser, number, g_ptr_array_index (fields, parser->column), error);
}

static gboolean
is_blank (const char *line)
{
  for (const char *p = line; *p != '\0'; p++)
    {
      if (!g_ascii_isspace (*p))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_line_utf8 (const char  *start,
                 gsize        len,
                 guint        number,
                 GError     **error)
{
  /* Also refuses NUL bytes inside the line. */
  if (g_utf8_validate_len (start, len, NULL))
    return TRUE;

  g_set_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
               /* Translators: %u is a line number */
               _("Line %u is not valid UTF-8 text"), number);
  return FALSE;
}

static gboolean
parse_lines (ListParser  *parser,
             LineReader  *reader,
             GError     **error)
{
  gboolean seen_first = FALSE;
  const char *start;
  gsize len;

  while (line_reader_next (reader, &start, &len))
    {
      g_autofree char *line = NULL;

      if (!check_line_utf8 (start, len, reader->number, error))
        return FALSE;

      line = g_strndup (start, len);
      if (is_blank (line))
        continue;

      if (!seen_first)
        {
          seen_first = TRUE;
          if (!read_first_line (parser, line, reader->number, error))
            return FALSE;
          if (parser->header_line != 0)
            continue;
        }

      if (!read_line (parser, line, reader->number, error))
        return FALSE;
    }

  /* A lone line of several words without an '@' is no table, but a typo. */
  if (parser->column_from_first_row)
    {
      set_invalid_address_error (error, parser->header_line, parser->header_first_field);
      return FALSE;
    }

  return TRUE;
}

BbAddressSet *
bb_address_list_parse (const char  *text,
                       gsize        length,
                       guint       *n_duplicates,
                       GError     **error)
{
  g_autoptr(BbAddressSet) set = NULL;
  ListParser parser = { NULL, 0, -1, ",;", FALSE, 0, NULL };
  LineReader reader = { text, length, 0, 0 };
  gboolean ok;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_duplicates != NULL)
    *n_duplicates = 0;

  /* Spreadsheets often save UTF-8 with a byte order mark. */
  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    reader.pos = 3;

  set = parser.set = bb_address_set_new ();
  ok = parse_lines (&parser, &reader, error);
  g_free (parser.header_first_field);
  if (!ok)
    return NULL;

  if (n_duplicates != NULL)
    *n_duplicates = parser.n_duplicates;

  return g_steal_pointer (&set);
}
