/* bb-users-reader.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bb-address.h"
#include "bb-users-reader.h"
#include "bb-json-check.h"

/*
 * One pass over the bytes of {"result": "success", "user_emails": [ … ]}, each entry
 * going into the model as soon as it is read. It agrees with the generic path
 * (bb_console_reply_classify(): UTF-8 check, bb_json_check_strict(), json-glib; then
 * bb_parse_users_list()) on every body it accepts, and hands everything else back:
 *   - it checks the same strict RFC 8259 grammar, and the UTF-8 of every string
 *     (outside strings only ASCII tokens are allowed anyway);
 *   - strings are unescaped as json-glib does (\uXXXX to UTF-8, surrogate pairs
 *     joined); \u0000, which json-glib would cut the string at, goes back;
 *   - a known member given twice (json-glib keeps the last one) goes back;
 *   - numbers are only ever skipped: short integers pass, any other goes back, so
 *     no json-glib number quirk can matter;
 *   - unknown members nested deeper than MAX_DEPTH go back.
 */

/* Containers nested inside an unknown member or an entry. */
#define MAX_DEPTH 64
/* Digits of an integer that is skipped here rather than judged by json-glib. */
#define MAX_DIGITS 15
/* bb_address_is_valid(): longer addresses are invalid. */
#define MAX_ADDRESS_BYTES 254

/* 1 for the ASCII bytes a string holds as they are: 0x20–0x7f but '"' and '\\'. */
static const guint8 plain_ascii[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x00 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x10 */
  1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x20 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x30 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x40 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,  /* 0x50 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x60 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x70 */
};

typedef struct {
  const char *p;
  const char *end;
  guint       depth;
  GString    *scratch;    /* unescaped strings of the current member or entry */
} Reader;

/* A string value: in the body when it had no escape, else in the scratch buffer
 * (by offset: the buffer may move as it grows). */
typedef struct {
  const char *raw;        /* NULL: at scratch->str + start */
  gsize       start;
  gsize       len;
} Text;

static inline const char *
text_data (const Reader *r,
           const Text   *text)
{
  return text->raw != NULL ? text->raw : r->scratch->str + text->start;
}

static inline gboolean
text_is (const Reader *r,
         const Text   *text,
         const char   *word,
         gsize         len)
{
  return text->len == len && memcmp (text_data (r, text), word, len) == 0;
}

/* The next byte that is not white space (the reader is left on it), or -1 at the end. */
static inline int
next_char (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;

  return r->p < r->end ? (guchar) *r->p : -1;
}

/* Strings ------------------------------------------------------------------ */

/* Just past a run of bytes ≥ 0x80 at @p when it is valid UTF-8 (an ASCII byte always
 * ends a sequence, so runs are checked as the whole body would be), else NULL. */
static const char *
skip_utf8 (const char *p,
           const char *end)
{
  const char *q = p;

  while (q < end && (guchar) *q >= 0x80)
    q++;

  return g_utf8_validate_len (p, q - p, NULL) ? q : NULL;
}

static char
simple_escape (char c)
{
  switch (c)
    {
    case '"': return '"';
    case '\\': return '\\';
    case '/': return '/';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    default: return '\0';
    }
}

/* At a backslash: appends what the escape stands for and moves *pp past it. FALSE for
 * what the generic path judges: a broken escape or surrogate, or \u0000. */
static gboolean
unescape (const char **pp,
          const char  *end,
          GString     *out)
{
  const char *p = *pp;
  int unit;
  int low;

  if (end - p < 2)
    return FALSE;

  if (p[1] != 'u')
    {
      char c = simple_escape (p[1]);

      if (c == '\0')
        return FALSE;
      g_string_append_c (out, c);
      *pp = p + 2;
      return TRUE;
    }

  unit = bb_json_read_hex4 (p + 2, end);
  p += 6;
  if (unit <= 0 || (unit >= 0xdc00 && unit <= 0xdfff))
    return FALSE;

  if (unit >= 0xd800 && unit <= 0xdbff)
    {
      if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
        return FALSE;
      low = bb_json_read_hex4 (p + 2, end);
      if (low < 0xdc00 || low > 0xdfff)
        return FALSE;
      unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
      p += 6;
    }

  g_string_append_unichar (out, unit);
  *pp = p;

  return TRUE;
}

/* The rest of a string from its first backslash at @p, unescaped into the scratch. */
static gboolean
read_escaped_string (Reader     *r,
                     const char *start,
                     const char *p,
                     Text       *text)
{
  GString *out = r->scratch;

  text->raw = NULL;
  text->start = out->len;
  g_string_append_len (out, start, p - start);

  for (;;)
    {
      const char *run = p;

      while (p < r->end && plain_ascii[(guchar) *p])
        p++;
      if (p < r->end && (guchar) *p >= 0x80 && (p = skip_utf8 (p, r->end)) == NULL)
        return FALSE;
      g_string_append_len (out, run, p - run);

      if (p >= r->end)
        return FALSE;
      if (*p == '"')
        break;
      if (*p == '\\')
        {
          if (!unescape (&p, r->end, out))
            return FALSE;
        }
      else if ((guchar) *p < 0x20)
        return FALSE;
    }

  text->len = out->len - text->start;
  r->p = p + 1;

  return TRUE;
}

/* At the opening quote: the string, the reader past its closing quote. */
static gboolean
read_string (Reader *r,
             Text   *text)
{
  const char *start = r->p + 1;
  const char *p = start;

  for (;;)
    {
      while (p < r->end && plain_ascii[(guchar) *p])
        p++;

      if (p >= r->end)
        return FALSE;
      if (*p == '"')
        break;
      if (*p == '\\')
        return read_escaped_string (r, start, p, text);
      if ((guchar) *p < 0x80)
        return FALSE;  /* a control character */
      if ((p = skip_utf8 (p, r->end)) == NULL)
        return FALSE;
    }

  text->raw = start;
  text->start = 0;
  text->len = p - start;
  r->p = p + 1;

  return TRUE;
}

/* A member's name and its colon. */
static gboolean
read_key (Reader *r,
          Text   *key)
{
  if (next_char (r) != '"' || !read_string (r, key) || next_char (r) != ':')
    return FALSE;
  r->p++;

  return TRUE;
}

/* Just past @close when it comes next (an empty container). */
static gboolean
skip_close (Reader *r,
            char    close)
{
  if (next_char (r) != close)
    return FALSE;
  r->p++;

  return TRUE;
}

/* After a member or an element: ',' (*more) or the container's end. */
static gboolean
read_separator (Reader   *r,
                char      close,
                gboolean *more)
{
  int c = next_char (r);

  if (c != ',' && c != close)
    return FALSE;

  *more = c == ',';
  r->p++;

  return TRUE;
}

/* Values nobody reads ------------------------------------------------------ */

static gboolean skip_value (Reader *r);

/* A short integer; whatever follows is for the caller to check. */
static gboolean
skip_number (Reader *r)
{
  const char *p = r->p;
  const char *digits;

  if (*p == '-')
    p++;
  digits = p;
  while (p < r->end && g_ascii_isdigit (*p))
    p++;

  if (p == digits || p - digits > MAX_DIGITS || (*digits == '0' && p - digits > 1))
    return FALSE;
  if (p < r->end && (*p == '.' || *p == 'e' || *p == 'E'))
    return FALSE;
  r->p = p;

  return TRUE;
}

static gboolean
skip_word (Reader     *r,
           const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return FALSE;
  r->p += len;

  return TRUE;
}

static gboolean
skip_container (Reader *r,
                char    open)
{
  char close = open == '{' ? '}' : ']';
  gboolean more;
  Text key;

  if (++r->depth > MAX_DEPTH)
    return FALSE;
  r->p++;

  more = !skip_close (r, close);

  while (more)
    {
      if ((open == '{' && !read_key (r, &key)) || !skip_value (r)
          || !read_separator (r, close, &more))
        return FALSE;
    }
  r->depth--;

  return TRUE;
}

static gboolean
skip_value (Reader *r)
{
  gsize mark = r->scratch->len;
  gboolean ok;
  Text text;

  switch (next_char (r))
    {
    case '"':
      ok = read_string (r, &text);
      g_string_truncate (r->scratch, mark);
      return ok;
    case '{':
    case '[':
      ok = skip_container (r, *r->p);
      g_string_truncate (r->scratch, mark);
      return ok;
    case 't':
      return skip_word (r, "true");
    case 'f':
      return skip_word (r, "false");
    case 'n':
      return skip_word (r, "null");
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return skip_number (r);
    default:
      return FALSE;
    }
}

/* Entries ------------------------------------------------------------------ */

typedef enum {
  FIELD_EMAIL,
  FIELD_MAIL,
  FIELD_UPN,
  FIELD_NAME,
  FIELD_DISPLAY_NAME,
  N_FIELDS
} Field;

typedef struct {
  Text  values[N_FIELDS];
  guint seen;     /* a bit per field present */
  guint strings;  /* a bit per field whose value is a string */
} Entry;

/* The member names bb_parse_users_list() reads; -1 for any other. */
static int
field_of (const Reader *r,
          const Text   *key)
{
  switch (key->len)
    {
    case 4:
      return text_is (r, key, "mail", 4) ? FIELD_MAIL
           : text_is (r, key, "name", 4) ? FIELD_NAME : -1;
    case 5:
      return text_is (r, key, "email", 5) ? FIELD_EMAIL : -1;
    case 11:
      return text_is (r, key, "displayName", 11) ? FIELD_DISPLAY_NAME : -1;
    case 17:
      return text_is (r, key, "userPrincipalName", 17) ? FIELD_UPN : -1;
    default:
      return -1;
    }
}

static gboolean
read_entry_member (Reader *r,
                   Entry  *entry)
{
  Text key;
  int field;

  if (!read_key (r, &key))
    return FALSE;

  field = field_of (r, &key);
  if (field < 0)
    return skip_value (r);

  /* json-glib keeps the last of a repeated member: not handled here. */
  if (entry->seen & (1u << field))
    return FALSE;
  entry->seen |= 1u << field;

  /* null, a number, an object…: as absent, the next name is tried. */
  if (next_char (r) != '"')
    return skip_value (r);

  entry->strings |= 1u << field;
  return read_string (r, &entry->values[field]);
}

static gboolean
read_entry_object (Reader *r,
                   Entry  *entry)
{
  gboolean more;

  entry->seen = 0;
  entry->strings = 0;
  r->p++;

  more = !skip_close (r, '}');

  while (more)
    {
      if (!read_entry_member (r, entry) || !read_separator (r, '}', &more))
        return FALSE;
    }

  return TRUE;
}

/* The first of fields @first … @last - 1 that holds a string, or NULL. */
static const Text *
first_string (const Entry *entry,
              Field        first,
              Field        last)
{
  for (guint field = first; field < last; field++)
    {
      if (entry->strings & (1u << field))
        return &entry->values[field];
    }

  return NULL;
}

/* bb_parse_users_list()'s add_user(): trimmed, checked, de-duplicated, appended. */
static void
add_user (const Reader  *r,
          BbMailboxList *list,
          const Text    *address,
          const Text    *name)
{
  char buffer[MAX_ADDRESS_BYTES + 1];
  const char *data;
  gsize len;

  if (address == NULL)
    {
      list->n_invalid++;
      return;
    }

  /* g_strstrip(): ASCII white space at both ends. */
  data = text_data (r, address);
  len = address->len;
  while (len > 0 && g_ascii_isspace (data[0]))
    {
      data++;
      len--;
    }
  while (len > 0 && g_ascii_isspace (data[len - 1]))
    len--;

  if (len > MAX_ADDRESS_BYTES)
    {
      list->n_invalid++;
      return;
    }
  memcpy (buffer, data, len);
  buffer[len] = '\0';

  if (!bb_address_is_valid (buffer))
    {
      list->n_invalid++;
      return;
    }

  if (!bb_mailbox_model_append_unique (list->model, buffer,
                                       name != NULL ? text_data (r, name) : NULL,
                                       name != NULL ? (gssize) name->len : 0))
    list->n_duplicates++;
}

static gboolean
read_user (Reader        *r,
           BbMailboxList *list)
{
  Entry entry;

  g_string_truncate (r->scratch, 0);

  switch (next_char (r))
    {
    case '"':
      if (!read_string (r, &entry.values[0]))
        return FALSE;
      add_user (r, list, &entry.values[0], NULL);
      return TRUE;
    case '{':
      if (!read_entry_object (r, &entry))
        return FALSE;
      add_user (r, list, first_string (&entry, FIELD_EMAIL, FIELD_NAME),
                first_string (&entry, FIELD_NAME, N_FIELDS));
      return TRUE;
    default:
      /* null, a number, an array…: no address. */
      if (!skip_value (r))
        return FALSE;
      list->n_invalid++;
      return TRUE;
    }
}

static gboolean
read_users (Reader        *r,
            BbMailboxList *list)
{
  gboolean more;

  r->p++;
  more = !skip_close (r, ']');

  while (more)
    {
      if (!read_user (r, list) || !read_separator (r, ']', &more))
        return FALSE;
    }

  return TRUE;
}

/* The reply ---------------------------------------------------------------- */

enum {
  SEEN_RESULT = 1 << 0,
  SEEN_USERS  = 1 << 1,
};

static gboolean
read_root_member (Reader        *r,
                  BbMailboxList *list,
                  guint         *seen)
{
  Text key;
  Text value;

  g_string_truncate (r->scratch, 0);
  if (!read_key (r, &key))
    return FALSE;

  if (text_is (r, &key, "result", 6))
    {
      if (*seen & SEEN_RESULT)
        return FALSE;
      *seen |= SEEN_RESULT;
      /* Anything but "success" is for the generic path to classify. */
      return next_char (r) == '"' && read_string (r, &value)
             && text_is (r, &value, "success", 7);
    }

  if (text_is (r, &key, "user_emails", 11))
    {
      if (*seen & SEEN_USERS)
        return FALSE;
      *seen |= SEEN_USERS;
      return next_char (r) == '[' && read_users (r, list);
    }

  return skip_value (r);
}

static gboolean
read_root (Reader        *r,
           BbMailboxList *list)
{
  gboolean more = TRUE;
  guint seen = 0;

  if (next_char (r) != '{')
    return FALSE;
  r->p++;

  if (next_char (r) == '}')
    return FALSE;

  while (more)
    {
      if (!read_root_member (r, list, &seen) || !read_separator (r, '}', &more))
        return FALSE;
    }

  return next_char (r) == -1 && seen == (SEEN_RESULT | SEEN_USERS);
}

BbMailboxList *
bb_users_reader_read (guint   http_status,
                      GBytes *body)
{
  g_autoptr(BbMailboxList) list = NULL;
  g_autoptr(GString) scratch = NULL;
  Reader reader = { NULL, };
  gsize size = 0;

  if (http_status != 200 || body == NULL)
    return NULL;

  reader.p = g_bytes_get_data (body, &size);
  if (reader.p == NULL || size == 0 || size > G_MAXSSIZE)
    return NULL;
  reader.end = reader.p + size;
  reader.scratch = scratch = g_string_sized_new (256);

  list = g_new0 (BbMailboxList, 1);
  list->model = bb_mailbox_model_new ();
  if (!read_root (&reader, list))
    return NULL;

  bb_mailbox_model_commit (list->model);

  return g_steal_pointer (&list);
}

gpointer
bb_users_reader_read_prepared (guint    http_status,
                               GBytes  *body,
                               GError **error)
{
  BbMailboxList *list;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  list = bb_users_reader_read (http_status, body);
  if (list == NULL)
    {
      g_debug ("users/list: not a plain success reply, taking the generic path");
      return NULL;
    }

  bb_mailbox_model_prepare_search (list->model);

  return list;
}
