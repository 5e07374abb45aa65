/* test-address.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "bb-address.h"
#include "bb-console-error.h"

/* A string of @n copies of @c. */
static char *
repeat (char  c,
        gsize n)
{
  char *s = g_malloc (n + 1);

  memset (s, c, n);
  s[n] = '\0';

  return s;
}

static void
test_valid_table (void)
{
  static const struct {
    const char *address;
    gboolean    valid;
  } cases[] = {
    { "ann@contoso.com", TRUE },
    { "Ann.Smith+bait@Contoso.COM", TRUE },
    { "a@b.c", TRUE },
    { "o'brien@example.co.uk", TRUE },
    { "first_last@sub-domain.example.org", TRUE },
    { "x@1.2", TRUE },
    { "josé@example.com", TRUE },
    { "用户@例子.广告", TRUE },
    { "ann@bücher.de", TRUE },
    { "ann@пример.рф", TRUE },
    { "ann@xn--bcher-kva.de", TRUE },
    { "ann@a-b.c-d", TRUE },
    { "a!#$%&*=?^`{|}~@example.com", TRUE },
    /* Letters whose code point's low byte is a separator's (U+012C, U+013C, U+013B). */
    { "\xc4\xac" "ann@contoso.com", TRUE },
    { "ann\xc4\xbc" "x@contoso.com", TRUE },
    { "\xc4\xbb" "@contoso.com", TRUE },
    { "", FALSE },
    { "ann", FALSE },
    { "@contoso.com", FALSE },
    { "ann@", FALSE },
    { "ann@contoso", FALSE },
    { "ann@@contoso.com", FALSE },
    { "ann@bob@contoso.com", FALSE },
    { "ann smith@contoso.com", FALSE },
    { "ann\t@contoso.com", FALSE },
    { "ann\n@contoso.com", FALSE },
    { "ann\xc2\xa0x@contoso.com", FALSE },      /* no-break space */
    { "ann\xe2\x80\x83x@contoso.com", FALSE },  /* em space */
    { "ann,bob@contoso.com", FALSE },
    { "ann<x@contoso.com", FALSE },
    { "ann>x@contoso.com", FALSE },
    { "\"ann\"@contoso.com", FALSE },
    { "ann;x@contoso.com", FALSE },
    { "Ann <ann@contoso.com>", FALSE },
    { "ann@contoso..com", FALSE },
    { "ann@.contoso.com", FALSE },
    { "ann@contoso.com.", FALSE },
    { "ann@contoso_x.com", FALSE },
    { "ann@contoso.com ", FALSE },
    { "ann@con toso.com", FALSE },
    { "ann@[192.0.2.1]", FALSE },
    { "ann@contoso.com:25", FALSE },
    { "ann@contoso.c€m", FALSE },
    { "ann@\xff.com", FALSE },
    { "\xc3@contoso.com", FALSE },
    { "ann@contoso.\xe2\x82", FALSE },
    { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = g_strescape (cases[i].address ? cases[i].address : "(null)", NULL);

      g_test_message ("address %u: %s", i, shown);
      g_assert_cmpint (bb_address_is_valid (cases[i].address), ==, cases[i].valid);
    }
}

/* The limits count bytes, not characters. */
static void
test_valid_lengths (void)
{
  g_autofree char *local64 = repeat ('a', 64);
  g_autofree char *local65 = repeat ('a', 65);
  g_autofree char *addr64 = g_strconcat (local64, "@example.com", NULL);
  g_autofree char *addr65 = g_strconcat (local65, "@example.com", NULL);
  /* "é" is two bytes: 32 of them are 64 bytes, 33 are 66. */
  g_autoptr(GString) e32 = g_string_new (NULL);
  g_autoptr(GString) e33 = NULL;
  g_autofree char *addr_e32 = NULL;
  g_autofree char *addr_e33 = NULL;
  g_autofree char *label = repeat ('d', 63);
  g_autofree char *domain = NULL;
  g_autofree char *addr254 = NULL;
  g_autofree char *addr255 = NULL;
  g_autofree char *addr254_utf8 = NULL;

  g_assert_true (bb_address_is_valid (addr64));
  g_assert_false (bb_address_is_valid (addr65));

  for (guint i = 0; i < 32; i++)
    g_string_append (e32, "é");
  e33 = g_string_new (e32->str);
  g_string_append (e33, "é");
  g_assert_cmpuint (g_utf8_strlen (e33->str, -1), ==, 33);
  addr_e32 = g_strconcat (e32->str, "@example.com", NULL);
  addr_e33 = g_strconcat (e33->str, "@example.com", NULL);
  g_assert_true (bb_address_is_valid (addr_e32));
  g_assert_false (bb_address_is_valid (addr_e33));

  /* 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253 bytes of domain; + "a@" = 255. */
  domain = g_strdup_printf ("%s.%s.%s.%.*s", label, label, label, 61, label);
  g_assert_cmpuint (strlen (domain), ==, 253);
  addr255 = g_strconcat ("ab@", domain, NULL);
  g_assert_cmpuint (strlen (addr255), ==, 256);
  g_assert_false (bb_address_is_valid (addr255));
  g_clear_pointer (&addr255, g_free);
  addr255 = g_strconcat ("a@", domain, NULL);
  g_assert_cmpuint (strlen (addr255), ==, 255);
  g_assert_false (bb_address_is_valid (addr255));
  addr254 = g_strconcat ("a@", domain + 1, NULL);
  g_assert_cmpuint (strlen (addr254), ==, 254);
  g_assert_true (bb_address_is_valid (addr254));

  /* 254 bytes with a two-byte letter is fine; 255 bytes that are 254 characters is not. */
  addr254_utf8 = g_strconcat ("é@", domain + 2, NULL);
  g_assert_cmpuint (strlen (addr254_utf8), ==, 254);
  g_assert_true (bb_address_is_valid (addr254_utf8));
  g_clear_pointer (&addr254_utf8, g_free);
  addr254_utf8 = g_strconcat ("é@", domain + 1, NULL);
  g_assert_cmpuint (strlen (addr254_utf8), ==, 255);
  g_assert_cmpuint (g_utf8_strlen (addr254_utf8, -1), ==, 254);
  g_assert_false (bb_address_is_valid (addr254_utf8));
}

static void
test_fold (void)
{
  static const struct {
    const char *a;
    const char *b;
    gboolean    same;
  } cases[] = {
    { "Ann@Contoso.COM", "ann@contoso.com", TRUE },
    { "ANN@CONTOSO.COM", "ann@contoso.com", TRUE },
    { "JOSÉ@example.com", "josé@example.com", TRUE },
    { "ann@BÜCHER.de", "ann@bücher.de", TRUE },
    { "STRASSE@x.de", "straße@x.de", TRUE },
    /* No normalisation: precomposed é and e + combining acute stay apart. */
    { "jos\xc3\xa9@example.com", "jose\xcc\x81@example.com", FALSE },
    { "ann@contoso.com", "anne@contoso.com", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *fa = bb_address_fold (cases[i].a);
      g_autofree char *fb = bb_address_fold (cases[i].b);

      g_test_message ("fold %u: %s / %s", i, cases[i].a, cases[i].b);
      g_assert_cmpint (g_str_equal (fa, fb), ==, cases[i].same);
    }

  /* Invalid UTF-8 does not crash and folds to something valid. */
  {
    g_autofree char *folded = bb_address_fold ("ANN\xe2@x.com");

    g_assert_true (g_utf8_validate (folded, -1, NULL));
  }
}

static void
test_set_basic (void)
{
  g_autoptr(BbAddressSet) set = bb_address_set_new ();
  const char * const *peek;

  g_assert_cmpuint (bb_address_set_get_length (set), ==, 0);
  peek = bb_address_set_peek (set);
  g_assert_nonnull (peek);
  g_assert_null (peek[0]);

  g_assert_true (bb_address_set_add (set, "Ann@Contoso.com"));
  g_assert_true (bb_address_set_add (set, "bob@contoso.com"));
  g_assert_false (bb_address_set_add (set, "ann@contoso.COM"));
  g_assert_true (bb_address_set_add (set, "carol@contoso.com"));
  g_assert_false (bb_address_set_add (set, "BOB@CONTOSO.COM"));

  g_assert_cmpuint (bb_address_set_get_length (set), ==, 3);
  g_assert_true (bb_address_set_contains (set, "ANN@contoso.com"));
  g_assert_true (bb_address_set_contains (set, "Carol@Contoso.com"));
  g_assert_false (bb_address_set_contains (set, "dave@contoso.com"));

  /* First spelling kept, insertion order, NULL-terminated. */
  peek = bb_address_set_peek (set);
  g_assert_cmpstr (peek[0], ==, "Ann@Contoso.com");
  g_assert_cmpstr (peek[1], ==, "bob@contoso.com");
  g_assert_cmpstr (peek[2], ==, "carol@contoso.com");
  g_assert_null (peek[3]);
  g_assert_cmpuint (g_strv_length ((char **) peek), ==, 3);

  bb_address_set_free (NULL);
}

static void
test_set_large (void)
{
  g_autoptr(BbAddressSet) set = bb_address_set_new ();
  const char * const *peek;
  guint n = 100000;

  for (guint i = 0; i < n; i++)
    {
      char address[64];

      g_snprintf (address, sizeof address, "User%u@Contoso.com", i);
      g_assert_true (bb_address_set_add (set, address));
    }

  for (guint i = 0; i < n; i += 7)
    {
      char address[64];

      g_snprintf (address, sizeof address, "user%u@contoso.COM", i);
      g_assert_false (bb_address_set_add (set, address));
      g_assert_true (bb_address_set_contains (set, address));
    }

  g_assert_cmpuint (bb_address_set_get_length (set), ==, n);
  peek = bb_address_set_peek (set);
  g_assert_cmpstr (peek[0], ==, "User0@Contoso.com");
  g_assert_cmpstr (peek[n - 1], ==, "User99999@Contoso.com");
  g_assert_null (peek[n]);
}

/* Lists -------------------------------------------------------------------- */

typedef struct {
  const char *text;
  const char *expected;      /* addresses joined with '|'; NULL: refused */
  guint       n_duplicates;
  const char *message;       /* the refusal's message, exactly */
} ListCase;

static const ListCase list_cases[] = {
  { "ann@contoso.com\nbob@contoso.com\n", "ann@contoso.com|bob@contoso.com", 0, NULL },
  { "ann@contoso.com\r\nbob@contoso.com\r\n", "ann@contoso.com|bob@contoso.com", 0, NULL },
  { "ann@contoso.com\rbob@contoso.com", "ann@contoso.com|bob@contoso.com", 0, NULL },
  { "ann@contoso.com, bob@contoso.com;carol@contoso.com", "ann@contoso.com|bob@contoso.com|carol@contoso.com", 0, NULL },
  { "\n\n  ann@contoso.com  \n\t\n bob@contoso.com\n\n", "ann@contoso.com|bob@contoso.com", 0, NULL },
  { "ann@contoso.com,,;bob@contoso.com,", "ann@contoso.com|bob@contoso.com", 0, NULL },
  { "Ann@Contoso.com\nann@contoso.com\nANN@CONTOSO.COM\nbob@contoso.com", "Ann@Contoso.com|bob@contoso.com", 2, NULL },
  { "\"ann@contoso.com\",\"bob@contoso.com\"", "ann@contoso.com|bob@contoso.com", 0, NULL },
  { "\xef\xbb\xbf" "ann@contoso.com", "ann@contoso.com", 0, NULL },
  { "josé@bücher.de", "josé@bücher.de", 0, NULL },
  { "", "", 0, NULL },
  { "\n \r\n\t", "", 0, NULL },
  /* CSV with a named column */
  { "Name,Email\nAnn Smith,ann@contoso.com\nBob,bob@contoso.com\n", "ann@contoso.com|bob@contoso.com", 0, NULL },
  { "\"Display name\",\"E-Mail\",Dept\r\n\"Smith, Ann\",ann@contoso.com,Sales\r\n\"Bob \"\"B\"\" Jones\",bob@contoso.com,IT\r\n",
    "ann@contoso.com|bob@contoso.com", 0, NULL },
  { "displayName;userPrincipalName\nAnn;ann@contoso.com\nBob;bob@contoso.com", "ann@contoso.com|bob@contoso.com", 0, NULL },
  { "id\tMAIL\n1\tann@contoso.com\n2\tbob@contoso.com", "ann@contoso.com|bob@contoso.com", 0, NULL },
  { "Name,Address\nAnn,ann@contoso.com\nNo mail,\nAnn again,ANN@contoso.com", "ann@contoso.com", 1, NULL },
  { "email\nann@contoso.com\nbob@contoso.com, carol@contoso.com", "ann@contoso.com|bob@contoso.com|carol@contoso.com", 0, NULL },
  /* CSV whose address column is found by its '@' */
  { "Name,Where\nAnn,ann@contoso.com\nBob,bob@contoso.com", "ann@contoso.com|bob@contoso.com", 0, NULL },
  /* Refused */
  { "ann@contoso.com\nbob@contoso.com\nfoo@\n", NULL, 0, "Line 3: “foo@” is not a valid email address" },
  { "ann@contoso.com\r\n\r\nnot an address\r\n", NULL, 0, "Line 3: “not an address” is not a valid email address" },
  { "ann@contoso.com, bob, carol@contoso.com", NULL, 0, "Line 1: “bob” is not a valid email address" },
  { "hello\nann@contoso.com", NULL, 0, "Line 1: “hello” is not a valid email address" },
  { "foo, bar", NULL, 0, "Line 1: “foo” is not a valid email address" },
  { "Name,Title\nAnn,CEO\n", NULL, 0, "Line 1: no column of this table holds email addresses" },
  { "Name,Email\nAnn,ann@contoso.com\nBob,bob@\n", NULL, 0, "Line 3: “bob@” is not a valid email address" },
  { "ann@contoso.com\nb\xffob@contoso.com\n", NULL, 0, "Line 2 is not valid UTF-8 text" },
  { "Ann <ann@contoso.com>", NULL, 0, "Line 1: “Ann <ann@contoso.com>” is not a valid email address" },
};

static char *
join_set (BbAddressSet *set)
{
  return g_strjoinv ("|", (char **) bb_address_set_peek (set));
}

static void
test_list_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (list_cases); i++)
    {
      const ListCase *c = &list_cases[i];
      g_autoptr(BbAddressSet) set = NULL;
      g_autoptr(GError) error = NULL;
      guint n_duplicates = 99;

      g_test_message ("list %u", i);
      set = bb_address_list_parse (c->text, strlen (c->text), &n_duplicates, &error);

      if (c->expected != NULL)
        {
          g_autofree char *joined = NULL;

          g_assert_no_error (error);
          g_assert_nonnull (set);
          joined = join_set (set);
          g_assert_cmpstr (joined, ==, c->expected);
          g_assert_cmpuint (n_duplicates, ==, c->n_duplicates);
        }
      else
        {
          g_assert_null (set);
          g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
          g_assert_cmpstr (error->message, ==, c->message);
        }
    }
}

/* The text need not end in NUL: only @length bytes are read. */
static void
test_list_not_terminated (void)
{
  const char text[] = "ann@contoso.com\nbob@contoso.com\ncarol@contoso.com";
  g_autofree char *copy = g_memdup2 (text, 31);  /* up to "bob@contoso.com", no NUL */
  g_autoptr(BbAddressSet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;

  set = bb_address_list_parse (copy, 31, NULL, &error);
  g_assert_no_error (error);
  joined = join_set (set);
  g_assert_cmpstr (joined, ==, "ann@contoso.com|bob@contoso.com");

  g_clear_pointer (&set, bb_address_set_free);
  set = bb_address_list_parse (NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bb_address_set_get_length (set), ==, 0);
}

/* A NUL byte in the middle of the text is not taken for the end of it. */
static void
test_list_embedded_nul (void)
{
  const char text[] = "ann@contoso.com\nbob@con\0toso.com\n";
  g_autoptr(BbAddressSet) set = NULL;
  g_autoptr(GError) error = NULL;

  set = bb_address_list_parse (text, sizeof text - 1, NULL, &error);
  g_assert_null (set);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "Line 2 is not valid UTF-8 text");
}

/* A very long invalid "address" is cut short in the message. */
static void
test_list_long_invalid (void)
{
  g_autofree char *junk = repeat ('x', 5000);
  g_autoptr(BbAddressSet) set = NULL;
  g_autoptr(GError) error = NULL;

  set = bb_address_list_parse (junk, strlen (junk), NULL, &error);
  g_assert_null (set);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
  g_assert_cmpuint (strlen (error->message), <, 200);
  g_assert_true (g_str_has_prefix (error->message, "Line 1: “xxxx"));
  g_assert_nonnull (strstr (error->message, "…”"));
}

static void
test_list_large (void)
{
  g_autoptr(GString) text = g_string_new ("Name,Email\r\n");
  g_autoptr(BbAddressSet) set = NULL;
  g_autoptr(GError) error = NULL;
  guint n_duplicates = 0;

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (text, "\"User, %u\",user%u@contoso.com\r\n", i, i);
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (text, "Again,USER%u@CONTOSO.COM\r\n", i);

  set = bb_address_list_parse (text->str, text->len, &n_duplicates, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bb_address_set_get_length (set), ==, 100000);
  g_assert_cmpuint (n_duplicates, ==, 1000);
  g_assert_cmpstr (bb_address_set_peek (set)[12345], ==, "user12345@contoso.com");
}

/* Join for create ---------------------------------------------------------- */

static void
test_join (void)
{
  const char * const addresses[] = {
    "ann@contoso.com", "Bob@Contoso.com", "ANN@CONTOSO.COM", "carol@contoso.com", "bob@contoso.com",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;
  guint n_unique = 0;

  joined = bb_address_join_for_create (addresses, G_N_ELEMENTS (addresses), &n_unique, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (joined, ==, "ann@contoso.com,Bob@Contoso.com,carol@contoso.com");
  g_assert_cmpuint (n_unique, ==, 3);

  g_clear_pointer (&joined, g_free);
  joined = bb_address_join_for_create (addresses, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (joined, ==, "ann@contoso.com");
}

static void
test_join_refused (void)
{
  const char * const bad[] = { "ann@contoso.com", "bob@contoso", "carol@contoso.com" };
  const char * const spaced[] = { " ann@contoso.com" };
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;
  guint n_unique = 42;

  joined = bb_address_join_for_create (bad, G_N_ELEMENTS (bad), &n_unique, &error);
  g_assert_null (joined);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "“bob@contoso” is not a valid email address");
  g_assert_cmpuint (n_unique, ==, 0);
  g_clear_error (&error);

  /* Nothing is trimmed or dropped silently here: the caller sends what it passed. */
  joined = bb_address_join_for_create (spaced, 1, NULL, &error);
  g_assert_null (joined);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  joined = bb_address_join_for_create (bad, 0, &n_unique, &error);
  g_assert_null (joined);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
}

/* NULL text of length 0 is an empty list (the reader must not compute NULL + 0). */
static void
test_list_null_empty (void)
{
  g_autoptr(BbAddressSet) set = NULL;
  g_autoptr(GError) error = NULL;
  guint n_duplicates = 42;

  set = bb_address_list_parse (NULL, 0, &n_duplicates, &error);
  g_assert_no_error (error);
  g_assert_nonnull (set);
  g_assert_cmpuint (bb_address_set_get_length (set), ==, 0);
  g_assert_null (bb_address_set_peek (set)[0]);
  g_assert_cmpuint (n_duplicates, ==, 0);
}

/* An address that is not UTF-8 shows as valid UTF-8 in the message, U+FFFD for
 * each bad sequence, and is measured and cut as such. */
static void
test_join_refused_not_utf8 (void)
{
  const char *cut_lead[] = { "x\xd2" };
  const char *bad_byte[] = { "ann@contoso.com", "b\xffob@contoso.com" };
  g_autofree char *long_text = g_strconcat ("\xe6\x9d\xb1", "\xff", NULL);
  g_autoptr(GString) very_long = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;
  const char *long_list[1];

  joined = bb_address_join_for_create (cut_lead, 1, NULL, &error);
  g_assert_null (joined);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpstr (error->message, ==, "“x\xef\xbf\xbd” is not a valid email address");
  g_clear_error (&error);

  joined = bb_address_join_for_create (bad_byte, 2, NULL, &error);
  g_assert_null (joined);
  g_assert_cmpstr (error->message, ==, "“b\xef\xbf\xbdob@contoso.com” is not a valid email address");
  g_clear_error (&error);

  /* 100 characters, each a 3-byte one followed by a stray byte: cut at 80. */
  for (guint i = 0; i < 50; i++)
    g_string_append (very_long, long_text);
  long_list[0] = very_long->str;
  joined = bb_address_join_for_create (long_list, 1, NULL, &error);
  g_assert_null (joined);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_str_has_prefix (error->message, "“\xe6\x9d\xb1\xef\xbf\xbd"));
  g_assert_nonnull (strstr (error->message, "…”"));
  g_assert_cmpuint (g_utf8_strlen (error->message, -1), ==,
                    g_utf8_strlen ("“…” is not a valid email address", -1) + 80);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/address/valid-table", test_valid_table);
  g_test_add_func ("/bb/address/valid-lengths", test_valid_lengths);
  g_test_add_func ("/bb/address/fold", test_fold);
  g_test_add_func ("/bb/address/set-basic", test_set_basic);
  g_test_add_func ("/bb/address/set-large", test_set_large);
  g_test_add_func ("/bb/address/list-table", test_list_table);
  g_test_add_func ("/bb/address/list-not-terminated", test_list_not_terminated);
  g_test_add_func ("/bb/address/list-embedded-nul", test_list_embedded_nul);
  g_test_add_func ("/bb/address/list-long-invalid", test_list_long_invalid);
  g_test_add_func ("/bb/address/list-large", test_list_large);
  g_test_add_func ("/bb/address/join", test_join);
  g_test_add_func ("/bb/address/join-refused", test_join_refused);
  g_test_add_func ("/bb/address/join-refused-not-utf8", test_join_refused_not_utf8);
  g_test_add_func ("/bb/address/list-null-empty", test_list_null_empty);

  return g_test_run ();
}
