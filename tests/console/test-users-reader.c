/* test-users-reader.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * bb_users_reader_read() against the generic path (bb_console_reply_classify() then
 * bb_parse_users_list()): whenever the reader accepts a body, both must give the same
 * list; and on what the reader hands back (NULL) the generic path decides.
 */

#include "config.h"

#include <string.h>

#include "bb-console-parse.h"
#include "bb-console-reply.h"
#include "bb-mailbox-model.h"
#include "bb-users-reader.h"

typedef enum {
  FAST,      /* the reader must accept, and agree with the generic path */
  FALLBACK,  /* the reader must hand it back */
  EITHER,    /* no expectation but agreement when it accepts */
} Expect;

static BbMailboxList *
read_generic (guint    status,
              GBytes  *body,
              GError **error)
{
  g_autoptr(JsonObject) root = NULL;

  root = bb_console_reply_classify (status, NULL, NULL, body, NULL, error);
  if (root == NULL)
    return NULL;

  return bb_parse_users_list (root, error);
}

static void
assert_same_list (BbMailboxList *fast,
                  BbMailboxList *generic)
{
  guint n = bb_mailbox_model_get_n_items (generic->model);

  g_assert_cmpuint (fast->n_invalid, ==, generic->n_invalid);
  g_assert_cmpuint (fast->n_duplicates, ==, generic->n_duplicates);
  g_assert_cmpuint (bb_mailbox_model_get_n_items (fast->model), ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fast->model)), ==, n);

  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (bb_mailbox_model_get_address (fast->model, i), ==,
                       bb_mailbox_model_get_address (generic->model, i));
      g_assert_cmpstr (bb_mailbox_model_get_display_name (fast->model, i), ==,
                       bb_mailbox_model_get_display_name (generic->model, i));
    }
}

/* Returns the reader's list (NULL when it handed the body back). */
static BbMailboxList *
check_body_status (guint       status,
                   const char *data,
                   gssize      len,
                   Expect      expect)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(BbMailboxList) generic = NULL;
  g_autoptr(GError) error = NULL;
  BbMailboxList *fast;

  if (len < 0)
    len = strlen (data);
  body = g_bytes_new (data, len);

  fast = bb_users_reader_read (status, body);
  if (expect == FAST && fast == NULL)
    g_error ("the reader handed back: %.*s", (int) MIN (len, 300), data);
  if (expect == FALLBACK && fast != NULL)
    g_error ("the reader accepted: %.*s", (int) MIN (len, 300), data);

  generic = read_generic (status, body, &error);
  if (fast != NULL)
    {
      g_assert_no_error (error);
      g_assert_nonnull (generic);
      assert_same_list (fast, generic);
    }

  return fast;
}

static void
check_body (const char *data,
            Expect      expect)
{
  g_autoptr(BbMailboxList) list = check_body_status (200, data, -1, expect);
}

/* The list a body gives, which must come from the reader. */
static BbMailboxList *
read_fast (const char *data)
{
  return check_body_status (200, data, -1, FAST);
}

static void
assert_entry (BbMailboxList *list,
              guint          position,
              const char    *address,
              const char    *display_name)
{
  g_assert_cmpstr (bb_mailbox_model_get_address (list->model, position), ==, address);
  g_assert_cmpstr (bb_mailbox_model_get_display_name (list->model, position), ==,
                   display_name);
}

/* Fixtures ----------------------------------------------------------------- */

static void
check_fixture_dir (const char *dir,
                   gboolean    users_list)
{
  g_autoptr(GDir) folder = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n = 0;

  folder = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(BbMailboxList) list = NULL;
      gsize length;
      Expect expect = EITHER;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      g_test_message ("fixture %s", path);
      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);

      /* Every good users/list fixture is the plain case; bad ones go back. */
      if (users_list)
        expect = g_str_has_prefix (name, "good-") ? FAST : FALLBACK;
      else if (strstr (contents, "user_emails") == NULL)
        expect = FALLBACK;

      for (guint i = 0; i < 2; i++)
        {
          static const guint statuses[] = { 200, 500 };

          list = check_body_status (statuses[i], contents, length, i == 0 ? expect : FALLBACK);
          g_clear_pointer (&list, bb_mailbox_list_free);
        }
      n++;
    }

  g_assert_cmpuint (n, >, 0);
}

static void
test_fixtures (void)
{
  g_autofree char *top = g_test_build_filename (G_TEST_DIST, "console", "fixtures", NULL);
  g_autoptr(GDir) folder = NULL;
  g_autoptr(GError) error = NULL;
  const char *endpoint;

  folder = g_dir_open (top, 0, &error);
  g_assert_no_error (error);

  while ((endpoint = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *dir = g_build_filename (top, endpoint, NULL);

      if (g_file_test (dir, G_FILE_TEST_IS_DIR))
        check_fixture_dir (dir, g_str_equal (endpoint, "users-list"));
    }
}

/* Strings ------------------------------------------------------------------ */

static void
test_escapes (void)
{
  g_autoptr(BbMailboxList) list = NULL;

  list = read_fast ("{\"result\": \"success\", \"user_emails\": ["
                    "\"ann\\u0040contoso.com\","
                    "\"\\u00e9l\\u00E8ve@\\u00e9cole.fr\","
                    "{\"email\": \"x\\/y@zz.example\","
                    " \"name\": \"Emoji \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t end\"},"
                    "{\"mail\": \"\\ud834\\udd1e@music.example\", \"displayName\": \"\\u5c71\\u7530\"}"
                    "]}");

  g_assert_cmpuint (bb_mailbox_model_get_n_items (list->model), ==, 4);
  assert_entry (list, 0, "ann@contoso.com", "");
  assert_entry (list, 1, "élève@école.fr", "");
  assert_entry (list, 2, "x/y@zz.example", "Emoji 😀 \"q\" \\ / \b\f\n\r\t end");
  assert_entry (list, 3, "𝄞@music.example", "山田");
  g_assert_cmpuint (list->n_invalid, ==, 0);
}

static void
test_escaped_keys (void)
{
  g_autoptr(BbMailboxList) list = NULL;

  list = read_fast ("{\"\\u0072esult\": \"succ\\u0065ss\", \"user\\u005femails\": ["
                    "{\"\\u0065mail\": \"a@b.example\", \"n\\u0061me\": \"A\"},"
                    "{\"display\\u004eame\": \"B\", \"userPrincipal\\u004eame\": \"b@b.example\"}]}");

  g_assert_cmpuint (bb_mailbox_model_get_n_items (list->model), ==, 2);
  assert_entry (list, 0, "a@b.example", "A");
  assert_entry (list, 1, "b@b.example", "B");
}

static void
test_bad_unicode (void)
{
  static const char * const bodies[] = {
    /* Lone or broken surrogates, short escapes */
    "{\"result\": \"success\", \"user_emails\": [\"\\ud800@x.example\"]}",
    "{\"result\": \"success\", \"user_emails\": [\"\\udc00@x.example\"]}",
    "{\"result\": \"success\", \"user_emails\": [\"\\ud800\\u0041@x.example\"]}",
    "{\"result\": \"success\", \"user_emails\": [\"\\ud800\\ud800@x.example\"]}",
    "{\"result\": \"success\", \"user_emails\": [\"\\ud800\"]}",
    "{\"result\": \"success\", \"user_emails\": [\"\\u12\"]}",
    "{\"result\": \"success\", \"user_emails\": [\"\\u12g4@x.example\"]}",
    "{\"result\": \"success\", \"user_emails\": [\"\\x41@x.example\"]}",
    "{\"result\": \"success\", \"user_emails\": [\"a@x.example\\\"]}",
    /* NUL, which json-glib would cut the string at */
    "{\"result\": \"success\", \"user_emails\": [\"a@x.example\\u0000b\"]}",
    "{\"result\": \"success\", \"user_emails\": [{\"email\\u0000x\": \"a@x.example\"}]}",
    /* Invalid UTF-8: in an address, a name, an unknown member, outside strings */
    "{\"result\": \"success\", \"user_emails\": [\"ann\xff@x.example\"]}",
    "{\"result\": \"success\", \"user_emails\": [{\"email\": \"a@x.example\", \"name\": \"\xc0\xaf\"}]}",
    "{\"result\": \"success\", \"user_emails\": [], \"x\": \"\xed\xa0\x80\"}",
    "{\"result\": \"success\", \"user_emails\": [], \"x\": \"\xf4\x90\x80\x80\"}",
    "{\"result\": \"success\", \"user_emails\": [], \"x\": \"\xe2\x82\"}",
    "{\"result\": \"success\", \"user_emails\": [] \xc2\xa0}",
    "\xef\xbb\xbf{\"result\": \"success\", \"user_emails\": []}",
    /* Control characters */
    "{\"result\": \"success\", \"user_emails\": [\"a\tb@x.example\"]}",
    "{\"result\": \"success\", \"user_emails\": [\"a\x01@x.example\"]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    check_body (bodies[i], FALLBACK);
}

static void
test_utf8 (void)
{
  g_autoptr(BbMailboxList) list = NULL;

  list = read_fast ("{\"result\": \"success\", \"user_emails\": ["
                    "{\"email\": \"josé@bücher.de\", \"displayName\": \"José Álvarez 山田\"},"
                    "\"zoë@ångström.se\", \"𝄞x@music.example\","
                    /* U+012C: strchr() sees ',' in its low byte (bb_address_is_valid()) */
                    "\"Ĭx@x.example\", \"xĬ@x.example\","
                    /* U+00A0 is Unicode white space */
                    "\"a\xc2\xa0" "b@x.example\","
                    "\"ok@ex\xc3\xa4mple.example\", \"ok@ex_ample.example\"]}");

  assert_entry (list, 0, "josé@bücher.de", "José Álvarez 山田");
  assert_entry (list, 1, "zoë@ångström.se", "");
}

/* Entries ------------------------------------------------------------------ */

static void
test_duplicates (void)
{
  g_autoptr(BbMailboxList) list = NULL;

  list = read_fast ("{\"result\": \"success\", \"user_emails\": ["
                    "\"ann@contoso.com\", \"ANN@Contoso.COM\", {\"email\": \"ann@CONTOSO.com\"},"
                    "\"josé@bücher.de\", \"JOSÉ@BÜCHER.DE\","
                    /* g_utf8_casefold(): KELVIN SIGN is k, ß is ss */
                    "\"k@x.example\", \"\\u212a@x.example\","
                    "\"\xc3\x9f@x.example\", \"SS@x.example\","
                    "\"  bob@contoso.com \", \"bob@contoso.com\"]}");

  g_assert_cmpuint (bb_mailbox_model_get_n_items (list->model), ==, 5);
  assert_entry (list, 0, "ann@contoso.com", "");
  assert_entry (list, 1, "josé@bücher.de", "");
  assert_entry (list, 2, "k@x.example", "");
  assert_entry (list, 3, "ß@x.example", "");
  assert_entry (list, 4, "bob@contoso.com", "");
  g_assert_cmpuint (list->n_duplicates, ==, 6);
  g_assert_cmpint (bb_mailbox_model_find (list->model, "BOB@contoso.com"), ==, 4);
  g_assert_cmpint (bb_mailbox_model_find (list->model, "K@X.EXAMPLE"), ==, 2);
}

static void
test_entry_shapes (void)
{
  g_autoptr(BbMailboxList) list = NULL;

  list = read_fast ("{\"result\": \"success\", \"user_emails\": ["
                    /* 0: a non-string address falls through to the next name */
                    "{\"email\": null, \"mail\": \"m@x.example\"},"
                    "{\"email\": 5, \"userPrincipalName\": \"u@x.example\","
                    " \"displayName\": \"D\", \"name\": 7},"
                    "{\"userPrincipalName\": \"u2@x.example\", \"mail\": {\"a\": 1},"
                    " \"email\": [\"e@x.example\"], \"name\": \"N\", \"displayName\": \"DN\"},"
                    /* an invalid string does not fall through */
                    "{\"email\": \"bad\", \"mail\": \"good@x.example\"},"
                    "{\"name\": \"No Address\"}, {}, [], [\"a@x.example\"], 12, -3, null,"
                    "true, false, \"\", \"   \","
                    "{\"email\": \"e2@x.example\", \"name\": \"\"},"
                    "{\"Email\": \"no@x.example\"},"
                    "{\"email\": \"nested@x.example\", \"extra\": {\"x\": [1, 2, {\"y\": null}],"
                    " \"z\": true, \"email\": \"inner@x.example\"}, \"name\": \"Nested\"}"
                    "]}");

  g_assert_cmpuint (bb_mailbox_model_get_n_items (list->model), ==, 5);
  assert_entry (list, 0, "m@x.example", "");
  assert_entry (list, 1, "u@x.example", "D");
  assert_entry (list, 2, "u2@x.example", "N");
  assert_entry (list, 3, "e2@x.example", "");
  assert_entry (list, 4, "nested@x.example", "Nested");
  g_assert_cmpuint (list->n_invalid, ==, 13);
}

static void
test_trimming (void)
{
  g_autoptr(BbMailboxList) list = NULL;

  list = read_fast ("{\"result\": \"success\", \"user_emails\": ["
                    /* g_strstrip(): not \v */
                    "\"\\t\\n ann@x.example \\r\\f\", \"v@x.example\\u000b\","
                    "\"a\\u000bb@x.example\", \"a\\u000cb@x.example\", \"a b@x.example\","
                    "\"a\\u0001b@x.example\", \"a\\u007fb@x.example\","
                    "{\"email\": \" \\u00a0c@x.example\"}]}");

  assert_entry (list, 0, "ann@x.example", "");
  assert_entry (list, 1, "a\vb@x.example", "");
  g_assert_cmpuint (bb_mailbox_model_get_n_items (list->model), ==, 4);
}

static void
test_address_rules (void)
{
  g_autoptr(GString) body = g_string_new ("{\"result\": \"success\", \"user_emails\": [");
  g_autoptr(BbMailboxList) list = NULL;
  static const char * const addresses[] = {
    "a@b", "@b.c", "a@", "a@.b", "a@b..c", "a@b.c.", "a@-b.c", "a@b-.c", "a@b_c.d",
    "a@@b.c", "a@b@c.d", "a,b@c.d", "a<b@c.d", "a>b@c.d", "a;b@c.d", "a\\\"b@c.d",
    "a.b+c@d.e", "A!#$%&'*+-/=?^_`{|}~@d.e", "a@1.2", "a@b.c-d.e",
  };

  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    g_string_append_printf (body, "\"%s\", ", addresses[i]);

  /* The length limits: a local part of 64 and 65 bytes, addresses of 254 and 255. */
  for (guint local = 63; local <= 66; local++)
    g_string_append_printf (body, "\"%0*d@x.example\", ", local, 0);
  for (guint domain = 240; domain <= 250; domain++)
    g_string_append_printf (body, "\"ab@%0*d.example\", ", domain, 0);
  for (guint domain = 240; domain <= 250; domain++)
    g_string_append_printf (body, "\"ab@%0*d.\\u00e9\", ", domain, 0);
  g_string_append (body, "\"end@x.example\"]}");

  list = read_fast (body->str);
  g_assert_cmpuint (list->n_invalid, >, 10);
}

/* Shapes of the reply ------------------------------------------------------- */

static void
test_whitespace (void)
{
  g_autoptr(BbMailboxList) list = NULL;

  list = read_fast (" \n\t{ \r\n\"result\" : \"success\" ,\n\"user_emails\"\t:\r[ \"a@b.example\" ,"
                    " { \"email\" : \"c@d.example\" , \"name\" : \"C\" } , { } , [ ] ,"
                    " null ] , \"x\" : { \"y\" : [ 1 , -2 , true ] } } \n\r\t ");

  g_assert_cmpuint (bb_mailbox_model_get_n_items (list->model), ==, 2);
  assert_entry (list, 1, "c@d.example", "C");
  g_assert_cmpuint (list->n_invalid, ==, 3);
}

static void
test_empty (void)
{
  g_autoptr(BbMailboxList) list = read_fast ("{\"result\":\"success\",\"user_emails\":[]}");
  g_autoptr(BbMailboxList) list2 = read_fast ("{\"user_emails\": [ ], \"result\": \"success\"}");

  g_assert_cmpuint (bb_mailbox_model_get_n_items (list->model), ==, 0);
  g_assert_cmpuint (list->n_invalid + list->n_duplicates, ==, 0);
  g_assert_cmpuint (bb_mailbox_model_get_n_items (list2->model), ==, 0);
}

static void
test_member_order (void)
{
  g_autoptr(BbMailboxList) list = NULL;

  list = read_fast ("{\"meta\": {\"count\": 2, \"next\": null, \"deep\": [[[[{}]]]]},"
                    " \"user_emails\": [\"a@b.example\", \"a@B.example\"],"
                    " \"flock_id\": \"flock:default\", \"result\": \"success\","
                    " \"numbers\": [0, -0, 1, 123456789012345, -7]}");

  g_assert_cmpuint (bb_mailbox_model_get_n_items (list->model), ==, 1);
  g_assert_cmpuint (list->n_duplicates, ==, 1);
}

static void
test_generic_cases (void)
{
  static const char * const bodies[] = {
    /* Not success */
    "{\"result\": \"error\", \"message\": \"Unauthorized\"}",
    "{\"result\": \"error\", \"message\": \"Flock not found\", \"user_emails\": []}",
    "{\"user_emails\": [\"a@b.example\"], \"result\": \"error\"}",
    "{\"user_emails\": [\"a@b.example\"], \"result\": \"Success\"}",
    "{\"user_emails\": [\"a@b.example\"], \"result\": true}",
    "{\"user_emails\": [\"a@b.example\"], \"result\": null}",
    "{\"user_emails\": [\"a@b.example\"]}",
    /* No list */
    "{\"result\": \"success\"}",
    "{\"result\": \"success\", \"user_emails\": null}",
    "{\"result\": \"success\", \"user_emails\": {}}",
    "{\"result\": \"success\", \"user_emails\": \"a@b.example\"}",
    /* Repeated members: json-glib keeps the last */
    "{\"result\": \"success\", \"result\": \"success\", \"user_emails\": []}",
    "{\"result\": \"success\", \"user_emails\": [], \"user_emails\": [\"a@b.example\"]}",
    "{\"result\": \"success\", \"user_emails\": [{\"email\": \"a@b.example\", \"email\": \"c@d.example\"}]}",
    "{\"result\": \"success\", \"user_emails\": [{\"name\": \"A\", \"email\": \"a@b.example\", \"name\": null}]}",
    /* Not strict JSON, or more than one value */
    "",
    " ",
    "[]",
    "\"success\"",
    "{}",
    "{\"result\": \"success\", \"user_emails\": []}x",
    "{\"result\": \"success\", \"user_emails\": []}{}",
    "{\"result\": \"success\", \"user_emails\": []},",
    "{\"result\": \"success\", \"user_emails\": []",
    "{\"result\": \"success\", \"user_emails\": [\"a@b.example\",]}",
    "{\"result\": \"success\", \"user_emails\": [,]}",
    "{\"result\": \"success\", \"user_emails\": [\"a@b.example\" \"c@d.example\"]}",
    "{\"result\": \"success\", \"user_emails\": [], }",
    "{\"result\": \"success\" \"user_emails\": []}",
    "{\"result\" \"success\", \"user_emails\": []}",
    "{result: \"success\", \"user_emails\": []}",
    "{'result': 'success', 'user_emails': []}",
    "{\"result\": \"success\", \"user_emails\": [] /* comment */}",
    "{\"result\": \"success\", \"user_emails\": [tru]}",
    "{\"result\": \"success\", \"user_emails\": [nul, 1]}",
    "{\"result\": \"success\", \"user_emails\": [01]}",
    "{\"result\": \"success\", \"user_emails\": [-]}",
    "{\"result\": \"success\", \"user_emails\": [+1]}",
    "{\"result\": \"success\", \"user_emails\": [.5]}",
    "{\"result\": \"success\", \"user_emails\": [0x10]}",
    "{\"result\": \"success\", \"user_emails\": [{\"email\" \"a@b.example\"}]}",
    "{\"result\": \"success\", \"user_emails\": [{\"email\": \"a@b.example\",}]}",
    "{\"result\": \"success\", \"user_emails\": [{,}]}",
    "{\"result\": \"success\", \"user_emails\": [{1: 2}]}",
    "{\"result\": \"success\", \"user_emails\": [truefalse]}",
    "{\"result\": \"success\", \"user_emails\": [\"a@b.example\"\x0b]}",
    /* Numbers left to json-glib */
    "{\"result\": \"success\", \"user_emails\": [1.5]}",
    "{\"result\": \"success\", \"user_emails\": [1e3]}",
    "{\"result\": \"success\", \"user_emails\": [-1E-3]}",
    "{\"result\": \"success\", \"user_emails\": [12345678901234567890]}",
    "{\"result\": \"success\", \"user_emails\": [], \"n\": 1e999}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    check_body (bodies[i], FALLBACK);
}

static void
test_statuses (void)
{
  static const guint statuses[] = { 0, 201, 204, 301, 400, 401, 403, 404, 429, 500, 503 };
  const char *body = "{\"result\": \"success\", \"user_emails\": [\"a@b.example\"]}";
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(BbMailboxList) list = check_body_status (statuses[i], body, -1, FALLBACK);
    }

  g_assert_null (bb_users_reader_read (200, NULL));
  g_assert_null (bb_users_reader_read (200, empty));
}

static char *
nested (guint depth)
{
  GString *body = g_string_new ("{\"result\": \"success\", \"user_emails\": [], \"x\": ");

  for (guint i = 0; i < depth; i++)
    g_string_append (body, i % 2 == 0 ? "[" : "{\"k\":");
  g_string_append (body, "0");
  for (guint i = depth; i > 0; i--)
    g_string_append (body, (i - 1) % 2 == 0 ? "]" : "}");
  g_string_append (body, "}");

  return g_string_free (body, FALSE);
}

static void
test_nesting (void)
{
  g_autofree char *shallow = nested (40);
  g_autofree char *deep = nested (100);
  g_autofree char *too_deep = nested (600);

  check_body (shallow, FAST);
  /* Deeper than the reader goes, not deeper than the classifier allows: generic */
  check_body (deep, FALLBACK);
  check_body (too_deep, FALLBACK);
}

/* A list as big as the benchmark's, with every entry shape. */
static void
test_large (void)
{
  g_autoptr(GString) body = g_string_new ("{\"result\": \"success\", \"user_emails\": [");
  g_autoptr(BbMailboxList) list = NULL;
  guint n = 30000;

  for (guint i = 0; i < n; i++)
    {
      switch (i % 5)
        {
        case 0:
          g_string_append_printf (body, "\"user%u@contoso.com\",", i);
          break;
        case 1:
          g_string_append_printf (body, "{\"email\": \"User%u@Contoso.com\", \"name\": \"User %u\"},",
                                  i - 1, i);
          break;
        case 2:
          g_string_append_printf (body, "{\"mail\": \"us\\u00e9r%u@fabrikam.example\","
                                  " \"displayName\": \"Us\\u00e9r %u\"},", i, i);
          break;
        case 3:
          g_string_append_printf (body, "{\"userPrincipalName\": \"x%u\"},", i);
          break;
        default:
          g_string_append_printf (body, "\"USÉR%u@FABRIKAM.example\",", i - 2);
          break;
        }
    }
  g_string_append (body, "\"last@contoso.com\"]}");

  list = read_fast (body->str);
  g_assert_cmpuint (bb_mailbox_model_get_n_items (list->model), ==, 2 * n / 5 + 1);
  g_assert_cmpuint (list->n_duplicates, ==, 2 * n / 5);
  g_assert_cmpuint (list->n_invalid, ==, n / 5);
  g_assert_cmpint (bb_mailbox_model_find (list->model, "USER29995@contoso.com"), ==,
                   2 * 29995 / 5);
}

/* Random damage to good bodies: whatever the reader accepts, the generic path agrees. */
static void
test_mutations (void)
{
  static const char * const seeds[] = {
    "{\"result\": \"success\", \"user_emails\": [\"ann@contoso.com\", {\"email\": \"b\\u00e9@x.example\","
    " \"name\": \"B \\ud83d\\ude00\"}, \"ANN@contoso.com\", {\"mail\": \"  c@x.example\","
    " \"displayName\": \"C\", \"x\": [1, {\"y\": null}]}, 12, null, \"josé@bücher.de\"]}",
    "{\"user_emails\": [{\"userPrincipalName\": \"\\u212a@x.example\"}, \"k@x.example\"],"
    " \"result\": \"success\", \"z\": -10}",
  };
  static const char alphabet[] = "{}[],:\" \\u@.aZ0-9\xc3\xa9\xff\ttruefalsenull";
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);
  guint accepted = 0;

  for (guint i = 0; i < 20000; i++)
    {
      const char *seed = seeds[i % G_N_ELEMENTS (seeds)];
      g_autoptr(GString) body = g_string_new (seed);
      g_autoptr(BbMailboxList) list = NULL;
      guint n_edits = g_rand_int_range (rand, 1, 4);

      for (guint e = 0; e < n_edits; e++)
        {
          guint at = g_rand_int_range (rand, 0, body->len);
          char c = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0:
              body->str[at] = c;
              break;
            case 1:
              g_string_insert_c (body, at, c);
              break;
            default:
              g_string_erase (body, at, 1);
              break;
            }
        }

      list = check_body_status (200, body->str, body->len, EITHER);
      accepted += list != NULL;
    }

  /* Many mutants are still plain replies (a changed letter in an address…). */
  g_assert_cmpuint (accepted, >, 1000);
}

/* The model's de-duplicating append ------------------------------------------ */

static void
test_model_append_unique (void)
{
  g_autoptr(BbMailboxModel) model = bb_mailbox_model_new ();

  g_assert_true (bb_mailbox_model_append_unique (model, "ann@x.example", "Ann xyz", 3));
  g_assert_false (bb_mailbox_model_append_unique (model, "ANN@X.example", "Other", -1));
  bb_mailbox_model_append (model, "bob@x.example", NULL);
  bb_mailbox_model_append (model, "BOB@x.example", NULL);  /* plain append: no check */
  g_assert_false (bb_mailbox_model_append_unique (model, "Bob@X.Example", NULL, -1));
  g_assert_true (bb_mailbox_model_append_unique (model, "josé@x.example", "", 0));

  /* Appended, not committed yet: find() does not see them. */
  g_assert_cmpint (bb_mailbox_model_find (model, "ann@x.example"), ==, -1);
  bb_mailbox_model_commit (model);

  g_assert_cmpuint (bb_mailbox_model_get_n_items (model), ==, 4);
  g_assert_cmpstr (bb_mailbox_model_get_display_name (model, 0), ==, "Ann");
  g_assert_cmpint (bb_mailbox_model_find (model, "ANN@x.example"), ==, 0);
  g_assert_cmpint (bb_mailbox_model_find (model, "bob@x.EXAMPLE"), ==, 1);
  g_assert_cmpint (bb_mailbox_model_find (model, "JOSÉ@x.example"), ==, 3);

  g_assert_true (bb_mailbox_model_append_unique (model, "late@x.example", NULL, -1));
  g_assert_cmpint (bb_mailbox_model_find (model, "late@x.example"), ==, -1);
  g_assert_false (bb_mailbox_model_append_unique (model, "LATE@x.example", NULL, -1));
  bb_mailbox_model_commit (model);
  g_assert_cmpint (bb_mailbox_model_find (model, "Late@x.example"), ==, 4);

  /* Growing the table keeps every position findable. */
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *address = g_strdup_printf ("user%u@x.example", i);

      g_assert_true (bb_mailbox_model_append_unique (model, address, NULL, -1));
    }
  bb_mailbox_model_commit (model);
  for (guint i = 0; i < 5000; i += 7)
    {
      g_autofree char *address = g_strdup_printf ("USER%u@x.example", i);

      g_assert_cmpint (bb_mailbox_model_find (model, address), ==, 5 + i);
      g_assert_false (bb_mailbox_model_append_unique (model, address, NULL, -1));
    }
}

static void
test_read_prepared (void)
{
  const char *data = "{\"result\": \"success\", \"user_emails\": [\"Ann@x.example\"]}";
  g_autoptr(GBytes) body = g_bytes_new_static (data, strlen (data));
  g_autoptr(GBytes) error_body = g_bytes_new_static ("{\"result\": \"error\"}", 19);
  g_autoptr(GError) error = NULL;
  BbMailboxList *list;
  const guint32 *offsets;
  const char *index;

  list = bb_users_reader_read_prepared (200, body, &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);
  index = bb_mailbox_model_get_search_index (list->model, &offsets);
  g_assert_cmpstr (index + offsets[0], ==, "ann@x.example");
  bb_mailbox_list_free (list);

  g_assert_null (bb_users_reader_read_prepared (200, error_body, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/users-reader/fixtures", test_fixtures);
  g_test_add_func ("/bb/users-reader/escapes", test_escapes);
  g_test_add_func ("/bb/users-reader/escaped-keys", test_escaped_keys);
  g_test_add_func ("/bb/users-reader/bad-unicode", test_bad_unicode);
  g_test_add_func ("/bb/users-reader/utf8", test_utf8);
  g_test_add_func ("/bb/users-reader/duplicates", test_duplicates);
  g_test_add_func ("/bb/users-reader/entry-shapes", test_entry_shapes);
  g_test_add_func ("/bb/users-reader/trimming", test_trimming);
  g_test_add_func ("/bb/users-reader/address-rules", test_address_rules);
  g_test_add_func ("/bb/users-reader/whitespace", test_whitespace);
  g_test_add_func ("/bb/users-reader/empty", test_empty);
  g_test_add_func ("/bb/users-reader/member-order", test_member_order);
  g_test_add_func ("/bb/users-reader/generic-cases", test_generic_cases);
  g_test_add_func ("/bb/users-reader/statuses", test_statuses);
  g_test_add_func ("/bb/users-reader/nesting", test_nesting);
  g_test_add_func ("/bb/users-reader/large", test_large);
  g_test_add_func ("/bb/users-reader/mutations", test_mutations);
  g_test_add_func ("/bb/users-reader/model-append-unique", test_model_append_unique);
  g_test_add_func ("/bb/users-reader/read-prepared", test_read_prepared);

  return g_test_run ();
}
