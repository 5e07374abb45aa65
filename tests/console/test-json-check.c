/* test-json-check.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "bb-json-check.h"

typedef struct {
  const char *text;
  gboolean    strict;
} CheckCase;

static const CheckCase check_cases[] = {
  /* Every kind of value, alone */
  { "{}", TRUE },
  { "[]", TRUE },
  { "\"\"", TRUE },
  { "0", TRUE },
  { "-0", TRUE },
  { "123", TRUE },
  { "-1.5e-7", TRUE },
  { "2E+10", TRUE },
  { "0.0", TRUE },
  { "true", TRUE },
  { "false", TRUE },
  { "null", TRUE },
  { " \t\r\n[ 1 , \"a\" , { \"k\" : [ ] } ] \n", TRUE },
  { "{\"a\":{\"b\":{\"c\":[1,[2,[3]]]}},\"d\":null}", TRUE },
  { "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", TRUE },
  { "\"\\u0000\\u00E9\\uD834\\uDD1E\\udbff\\udfff\"", TRUE },
  { "\"é 東京 \xf0\x9f\x98\x80\"", TRUE },
  /* Nothing, or more than one value */
  { "", FALSE },
  { "   ", FALSE },
  { "{}{}", FALSE },
  { "{} {}", FALSE },
  { "1 2", FALSE },
  { "[] x", FALSE },
  { "\"a\"\"b\"", FALSE },
  /* Structure */
  { "{", FALSE },
  { "}", FALSE },
  { "[", FALSE },
  { "]", FALSE },
  { "[}", FALSE },
  { "{]", FALSE },
  { "[1,]", FALSE },
  { "[,1]", FALSE },
  { "[1 2]", FALSE },
  { "{\"a\"}", FALSE },
  { "{\"a\":}", FALSE },
  { "{\"a\" 1}", FALSE },
  { "{\"a\":1,}", FALSE },
  { "{1:1}", FALSE },
  { "{a:1}", FALSE },
  { "{'a':1}", FALSE },
  { "[1]]", FALSE },
  { "[[1]", FALSE },
  /* Numbers */
  { "01", FALSE },
  { "-", FALSE },
  { "+1", FALSE },
  { ".5", FALSE },
  { "1.", FALSE },
  { "1.e5", FALSE },
  { "1e", FALSE },
  { "1e+", FALSE },
  { "0x10", FALSE },
  { "NaN", FALSE },
  { "Infinity", FALSE },
  { "--1", FALSE },
  { "1-", FALSE },
  /* Words */
  { "tru", FALSE },
  { "truee", FALSE },
  { "True", FALSE },
  { "nul", FALSE },
  { "undefined", FALSE },
  /* Strings */
  { "\"", FALSE },
  { "\"abc", FALSE },
  { "'abc'", FALSE },
  { "\"a\tb\"", FALSE },
  { "\"a\nb\"", FALSE },
  { "\"\\x41\"", FALSE },
  { "\"\\'\"", FALSE },
  { "\"\\", FALSE },
  { "\"\\\"", FALSE },
  { "\"\\u\"", FALSE },
  { "\"\\u12\"", FALSE },
  { "\"\\u12", FALSE },
  { "\"\\u12g4\"", FALSE },
  { "\"\\U0041\"", FALSE },
  { "\"\\ud800\"", FALSE },
  { "\"\\ud800", FALSE },
  { "\"\\ud800\\\"", FALSE },
  { "\"\\ud800\\u\"", FALSE },
  { "\"\\ud800\\u0041\"", FALSE },
  { "\"\\ud800\\ud800\"", FALSE },
  { "\"\\ud800\\n\"", FALSE },
  { "\"\\ud800 \\udc00\"", FALSE },
  { "\"\\udc00\"", FALSE },
  { "\"\\udfff\\ud800\"", FALSE },
  /* Comments and other spaces */
  { "/**/1", FALSE },
  { "1/**/", FALSE },
  { "// x\n1", FALSE },
  { "\f1", FALSE },
  { "1\v", FALSE },
  { "1\xc2\xa0", FALSE },
};

static void
test_check_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (check_cases); i++)
    {
      const CheckCase *c = &check_cases[i];
      gsize len = strlen (c->text);
      /* An exact-size copy, so a read past the end would show in a sanitized build. */
      g_autofree char *copy = g_memdup2 (c->text, len);
      g_autofree char *shown = g_strescape (c->text, NULL);

      g_test_message ("case %u: %s", i, shown);
      g_assert_cmpint (bb_json_check_strict (copy, len, 512), ==, c->strict);
    }
}

/* Only @size bytes are read: what follows, a NUL included, does not count. */
static void
test_check_size (void)
{
  const char text[] = "{\"a\":[1,2]}{\"b\":3}";

  g_assert_true (bb_json_check_strict (text, 11, 512));
  g_assert_false (bb_json_check_strict (text, 10, 512));
  g_assert_false (bb_json_check_strict (text, sizeof text - 1, 512));
  g_assert_false (bb_json_check_strict (text, sizeof text, 512));  /* the NUL */
  g_assert_true (bb_json_check_strict ("12345", 3, 512));
  g_assert_false (bb_json_check_strict ("\"\\u0041\"", 6, 512));
  g_assert_false (bb_json_check_strict (NULL, 0, 512));
  g_assert_false (bb_json_check_strict ("", 0, 512));
}

static char *
nested (guint       depth,
        const char *open,
        const char *inner,
        const char *close)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, open);
  g_string_append (text, inner);
  for (guint i = 0; i < depth; i++)
    g_string_append (text, close);

  return g_string_free (text, FALSE);
}

/* Up to @max_depth open containers, no more, without recursion. */
static void
test_check_depth (void)
{
  g_autofree char *arrays = nested (512, "[", "", "]");
  g_autofree char *objects = nested (512, "{\"k\":", "1", "}");
  g_autofree char *mixed = nested (300, "[{\"k\":", "[]", "}]");
  g_autofree char *huge = nested (2000000, "[", "", "]");
  g_autofree char *unclosed = nested (1000, "[", "", "");

  g_assert_true (bb_json_check_strict (arrays, strlen (arrays), 512));
  g_assert_false (bb_json_check_strict (arrays, strlen (arrays), 511));
  g_assert_true (bb_json_check_strict (objects, strlen (objects), 512));
  g_assert_false (bb_json_check_strict (objects, strlen (objects), 511));
  /* 600 levels, and one more for the innermost array. */
  g_assert_true (bb_json_check_strict (mixed, strlen (mixed), 601));
  g_assert_false (bb_json_check_strict (mixed, strlen (mixed), 600));
  g_assert_false (bb_json_check_strict (huge, strlen (huge), 512));
  g_assert_true (bb_json_check_strict (huge, strlen (huge), 2000000));
  g_assert_false (bb_json_check_strict (unclosed, strlen (unclosed), 5000));

  /* No container at all. */
  g_assert_true (bb_json_check_strict ("1", 1, 0));
  g_assert_false (bb_json_check_strict ("[]", 2, 0));
  g_assert_true (bb_json_check_strict ("[]", 2, 1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/json-check/table", test_check_table);
  g_test_add_func ("/bb/json-check/size", test_check_size);
  g_test_add_func ("/bb/json-check/depth", test_check_depth);

  return g_test_run ();
}
