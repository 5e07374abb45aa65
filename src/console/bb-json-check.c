/* bb-json-check.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bb-json-check.h"

/* Containers this deep need no allocation for the stack of open ones. */
#define LOCAL_DEPTH 512

typedef enum {
  EXPECT_VALUE,
  EXPECT_KEY,
  AFTER_VALUE,
} State;

typedef struct {
  char  *open;       /* '{' or '[' for each open container, innermost last */
  gsize  depth;
  gsize  max_depth;
} Nesting;

/* 1 for the bytes a string holds as they are: not a control character, not '"'
 * (0x22), not '\\' (0x5c). A table, for the loop most of a reply's bytes go through. */
static const guint8 plain_byte[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x00 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x10 */
  1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x20 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x30 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x40 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,  /* 0x50 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x60 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x70 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x80 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x90 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xa0 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xb0 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xc0 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xd0 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xe0 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0xf0 */
};

static inline const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;

  return p;
}

int
bb_json_read_hex4 (const char *digits,
                   const char *end)
{
  int unit = 0;

  if (end - digits < 4)
    return -1;

  for (guint i = 0; i < 4; i++)
    {
      int value = g_ascii_xdigit_value (digits[i]);

      if (value < 0)
        return -1;
      unit = unit * 16 + value;
    }

  return unit;
}

/* At the 'u' of a \u escape: its code unit, and *p past the four digits; or -1. */
static int
read_hex4 (const char **p,
           const char  *end)
{
  int unit = bb_json_read_hex4 (*p + 1, end);

  if (unit >= 0)
    *p += 5;

  return unit;
}

/* At the 'u' of a \u escape: a high surrogate must be followed at once by a low
 * one, and a low one never comes alone. */
static gboolean
check_unicode_escape (const char **p,
                      const char  *end)
{
  int unit = read_hex4 (p, end);

  if (unit < 0 || (unit >= 0xdc00 && unit <= 0xdfff))
    return FALSE;
  if (unit < 0xd800 || unit > 0xdbff)
    return TRUE;

  if (end - *p < 2 || (*p)[0] != '\\' || (*p)[1] != 'u')
    return FALSE;
  (*p)++;
  unit = read_hex4 (p, end);

  return unit >= 0xdc00 && unit <= 0xdfff;
}

/* At the opening quote: just past the closing one, or NULL. */
static const char *
check_string (const char *p,
              const char *end)
{
  p++;
  for (;;)
    {
      /* The common case first: plain characters. */
      while (p < end && plain_byte[(guchar) *p])
        p++;

      if (p >= end || (guchar) *p < 0x20)
        return NULL;
      if (*p == '"')
        return p + 1;

      /* A backslash. */
      if (++p >= end)
        return NULL;
      if (*p == 'u')
        {
          if (!check_unicode_escape (&p, end))
            return NULL;
        }
      else if (*p == '"' || *p == '\\' || *p == '/' || *p == 'b' || *p == 'f'
               || *p == 'n' || *p == 'r' || *p == 't')
        p++;
      else
        return NULL;
    }
}

static inline const char *
skip_digits (const char *p,
             const char *end)
{
  while (p < end && g_ascii_isdigit (*p))
    p++;

  return p;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? : just past it, or NULL. */
static const char *
check_number (const char *p,
              const char *end)
{
  const char *start;

  if (*p == '-')
    p++;
  if (p >= end)
    return NULL;
  if (*p == '0')
    p++;
  else if (*p >= '1' && *p <= '9')
    p = skip_digits (p + 1, end);
  else
    return NULL;

  if (p < end && *p == '.')
    {
      start = ++p;
      p = skip_digits (p, end);
      if (p == start)
        return NULL;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      start = p;
      p = skip_digits (p, end);
      if (p == start)
        return NULL;
    }

  return p;
}

static const char *
check_word (const char *p,
            const char *end,
            const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (end - p) < len || memcmp (p, word, len) != 0)
    return NULL;

  return p + len;
}

/* A value that is no container: just past it, or NULL. A number or a word is
 * only over once something else follows, which AFTER_VALUE checks. */
static const char *
check_scalar (const char *p,
              const char *end)
{
  switch (*p)
    {
    case '"':
      return check_string (p, end);
    case 't':
      return check_word (p, end, "true");
    case 'f':
      return check_word (p, end, "false");
    case 'n':
      return check_word (p, end, "null");
    default:
      return *p == '-' || g_ascii_isdigit (*p) ? check_number (p, end) : NULL;
    }
}

static inline char
closing_of (char open)
{
  return open == '{' ? '}' : ']';
}

/* At '{' or '[': past it (and past its end if it is empty), or NULL when too deep. */
static const char *
open_container (Nesting    *nesting,
                const char *p,
                const char *end,
                State      *state)
{
  char open = *p;

  if (nesting->depth >= nesting->max_depth)
    return NULL;

  p = skip_space (p + 1, end);
  if (p < end && *p == closing_of (open))
    {
      *state = AFTER_VALUE;
      return p + 1;
    }

  nesting->open[nesting->depth++] = open;
  *state = open == '{' ? EXPECT_KEY : EXPECT_VALUE;

  return p;
}

/* After a value inside a container: a ',' or the container's end. */
static const char *
after_value (Nesting    *nesting,
             const char *p,
             State      *state)
{
  char open;

  /* Something after the whole value: a second value, or anything else. */
  if (nesting->depth == 0)
    return NULL;

  open = nesting->open[nesting->depth - 1];
  if (*p == ',')
    {
      *state = open == '{' ? EXPECT_KEY : EXPECT_VALUE;
      return p + 1;
    }
  if (*p == closing_of (open))
    {
      nesting->depth--;
      return p + 1;
    }

  return NULL;
}

/* An object member's name and its colon. */
static const char *
check_key (const char *p,
           const char *end)
{
  if (*p != '"')
    return NULL;

  p = check_string (p, end);
  if (p == NULL)
    return NULL;

  p = skip_space (p, end);
  if (p >= end || *p != ':')
    return NULL;

  return p + 1;
}

gboolean
bb_json_check_strict (const char *data,
                      gsize       size,
                      gsize       max_depth)
{
  char local_open[LOCAL_DEPTH];
  g_autofree char *heap_open = NULL;
  Nesting nesting = { local_open, 0, max_depth };
  State state = EXPECT_VALUE;
  const char *end;
  const char *p = data;

  if (data == NULL)
    return FALSE;
  end = data + size;

  if (max_depth > LOCAL_DEPTH)
    nesting.open = heap_open = g_malloc (max_depth);

  for (;;)
    {
      p = skip_space (p, end);
      if (p >= end)
        return state == AFTER_VALUE && nesting.depth == 0;

      switch (state)
        {
        case EXPECT_VALUE:
          if (*p == '{' || *p == '[')
            p = open_container (&nesting, p, end, &state);
          else
            {
              p = check_scalar (p, end);
              state = AFTER_VALUE;
            }
          break;
        case EXPECT_KEY:
          p = check_key (p, end);
          state = EXPECT_VALUE;
          break;
        case AFTER_VALUE:
        default:
          p = after_value (&nesting, p, &state);
          break;
        }

      if (p == NULL)
        return FALSE;
    }
}
