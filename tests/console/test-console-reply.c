/* test-console-reply.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <libsoup/soup.h>

#include "bb-console-error.h"
#include "bb-console-reply.h"

#define SUCCESS (-1)

typedef struct {
  guint       status;
  const char *body;     /* NULL: no body at all */
  int         code;     /* a BbConsoleError, or SUCCESS */
  const char *message;  /* exact message expected, or NULL to skip the check */
} ReplyCase;

/* PROTOCOL.md section 2: every row of the table, and the order of the rules. */
static const ReplyCase reply_cases[] = {
  /* HTTP 2xx, result: success */
  { 200, "{\"result\": \"success\"}", SUCCESS, NULL },
  { 201, "{\"result\": \"success\"}", SUCCESS, NULL },
  { 204, "{\"result\":\"success\"}", SUCCESS, NULL },
  { 200, "  {\"result\": \"success\", \"extra\": [1, {\"x\": null}]}\n", SUCCESS, NULL },
  /* any status, result: error with a message → CONSOLE, verbatim */
  { 200, "{\"result\": \"error\", \"message\": \"Flock not found\"}", BB_CONSOLE_ERROR_CONSOLE, "Flock not found" },
  { 400, "{\"result\": \"error\", \"message\": \"Invalid flock_id\"}", BB_CONSOLE_ERROR_CONSOLE, "Invalid flock_id" },
  { 404, "{\"result\": \"error\", \"message\": \"No such token\"}", BB_CONSOLE_ERROR_CONSOLE, "No such token" },
  { 500, "{\"result\": \"error\", \"message\": \"Tokening failed\"}", BB_CONSOLE_ERROR_CONSOLE, "Tokening failed" },
  { 503, "{\"result\": \"error\", \"message\": \"<b>Down</b> & out\"}", BB_CONSOLE_ERROR_CONSOLE, "<b>Down</b> & out" },
  { 302, "{\"result\": \"error\", \"message\": \"Moved\"}", BB_CONSOLE_ERROR_CONSOLE, "Moved" },
  { 200, "{\"result\": \"error\", \"message\": \"Ünïcödé 東京\"}", BB_CONSOLE_ERROR_CONSOLE, "Ünïcödé 東京" },
  /* result: error without a usable message */
  { 400, "{\"result\": \"error\"}", BB_CONSOLE_ERROR_CONSOLE, "The Console reported an error without a message" },
  { 200, "{\"result\": \"error\", \"message\": 42}", BB_CONSOLE_ERROR_CONSOLE, "The Console reported an error without a message" },
  { 200, "{\"result\": \"error\", \"message\": \"\"}", BB_CONSOLE_ERROR_CONSOLE, "The Console reported an error without a message" },
  /* AUTH: 401/403 whatever the body, or the two token messages whatever the status */
  { 401, NULL, BB_CONSOLE_ERROR_AUTH, "The Console rejected the API token" },
  { 403, "{\"result\": \"error\", \"message\": \"Forbidden flock\"}", BB_CONSOLE_ERROR_AUTH, "The Console rejected the API token" },
  { 401, "{\"result\": \"success\"}", BB_CONSOLE_ERROR_AUTH, NULL },
  { 401, "not json", BB_CONSOLE_ERROR_AUTH, NULL },
  { 200, "{\"message\": \"Unauthorized\", \"result\": \"error\"}", BB_CONSOLE_ERROR_AUTH, "The Console rejected the API token" },
  { 400, "{\"result\": \"error\", \"message\": \"Invalid auth_token\"}", BB_CONSOLE_ERROR_AUTH, NULL },
  { 500, "{\"result\": \"error\", \"message\": \"Unauthorized\"}", BB_CONSOLE_ERROR_AUTH, NULL },
  { 200, "{\"result\": \"error\", \"message\": \"unauthorized\"}", BB_CONSOLE_ERROR_CONSOLE, "unauthorized" },
  /* 404 without a JSON error → UNSUPPORTED */
  { 404, NULL, BB_CONSOLE_ERROR_UNSUPPORTED, "This Console does not offer this feature (HTTP 404)" },
  { 404, "<html>Not Found</html>", BB_CONSOLE_ERROR_UNSUPPORTED, NULL },
  { 404, "{\"result\": \"success\"}", BB_CONSOLE_ERROR_UNSUPPORTED, NULL },
  { 404, "{\"detail\": \"Not found.\"}", BB_CONSOLE_ERROR_UNSUPPORTED, NULL },
  /* 429 → RATE_LIMITED, before the body */
  { 429, NULL, BB_CONSOLE_ERROR_RATE_LIMITED, "The Console is busy (too many requests)" },
  { 429, "{\"result\": \"error\", \"message\": \"Slow down\"}", BB_CONSOLE_ERROR_RATE_LIMITED, NULL },
  /* 5xx without a JSON error → SERVER with the status line */
  { 500, "<html>oops</html>", BB_CONSOLE_ERROR_SERVER, "The Console had an internal error (HTTP 500 Internal Server Error)" },
  { 502, "", BB_CONSOLE_ERROR_SERVER, "The Console had an internal error (HTTP 502 Bad Gateway)" },
  { 503, NULL, BB_CONSOLE_ERROR_SERVER, "The Console had an internal error (HTTP 503 Service Unavailable)" },
  { 504, "{\"result\": \"success\"}", BB_CONSOLE_ERROR_SERVER, NULL },
  { 599, "\xff", BB_CONSOLE_ERROR_SERVER, NULL },
  /* everything else → PROTOCOL, never the body in the message */
  { 200, NULL, BB_CONSOLE_ERROR_PROTOCOL, "Unexpected reply from the Console: empty reply" },
  { 200, "", BB_CONSOLE_ERROR_PROTOCOL, "Unexpected reply from the Console: empty reply" },
  { 200, "   \n", BB_CONSOLE_ERROR_PROTOCOL, "Unexpected reply from the Console: not JSON" },
  { 200, "<html>secret-ish</html>", BB_CONSOLE_ERROR_PROTOCOL, "Unexpected reply from the Console: not JSON" },
  { 200, "{\"result\": \"success\"", BB_CONSOLE_ERROR_PROTOCOL, "Unexpected reply from the Console: not JSON" },
  { 200, "{\"result\": \"succ", BB_CONSOLE_ERROR_PROTOCOL, NULL },
  { 200, "[{\"result\": \"success\"}]", BB_CONSOLE_ERROR_PROTOCOL, "Unexpected reply from the Console: not a JSON object" },
  { 200, "\"success\"", BB_CONSOLE_ERROR_PROTOCOL, NULL },
  { 200, "42", BB_CONSOLE_ERROR_PROTOCOL, NULL },
  { 200, "null", BB_CONSOLE_ERROR_PROTOCOL, NULL },
  { 200, "{}", BB_CONSOLE_ERROR_PROTOCOL, "Unexpected reply from the Console: no result" },
  { 200, "{\"message\": \"ok\"}", BB_CONSOLE_ERROR_PROTOCOL, NULL },
  { 200, "{\"result\": true}", BB_CONSOLE_ERROR_PROTOCOL, NULL },
  { 200, "{\"result\": null}", BB_CONSOLE_ERROR_PROTOCOL, NULL },
  { 200, "{\"result\": \"Success\"}", BB_CONSOLE_ERROR_PROTOCOL, "Unexpected reply from the Console: unknown result" },
  { 200, "{\"result\": \"ok\"}", BB_CONSOLE_ERROR_PROTOCOL, NULL },
  { 200, "{\"result\": \"success\", \"x\": \"\xff\xfe\"}", BB_CONSOLE_ERROR_PROTOCOL, "Unexpected reply from the Console: not UTF-8 text" },
  { 200, "{\"result\": \"error\", \"message\": \"bad \xc3\x28\"}", BB_CONSOLE_ERROR_PROTOCOL, NULL },
  { 200, "\xef\xbb\xbf{\"result\": \"success\"}\xc0", BB_CONSOLE_ERROR_PROTOCOL, NULL },
  { 200, "{\"result\": \"\\ud800\"}", BB_CONSOLE_ERROR_PROTOCOL, NULL },
  { 301, "{\"result\": \"success\"}", BB_CONSOLE_ERROR_PROTOCOL, "Unexpected reply from the Console: HTTP status 301" },
  { 400, "{\"result\": \"success\"}", BB_CONSOLE_ERROR_PROTOCOL, NULL },
  { 400, "Bad request", BB_CONSOLE_ERROR_PROTOCOL, NULL },
  { 418, NULL, BB_CONSOLE_ERROR_PROTOCOL, NULL },
  { 100, "{\"result\": \"success\"}", BB_CONSOLE_ERROR_PROTOCOL, NULL },
  { 600, "{\"result\": \"success\"}", BB_CONSOLE_ERROR_PROTOCOL, NULL },
};

static void
test_classify_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (reply_cases); i++)
    {
      const ReplyCase *c = &reply_cases[i];
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = NULL;
      g_autofree char *shown = g_strescape (c->body != NULL ? c->body : "(none)", NULL);
      gint64 retry_after = 12345;

      g_test_message ("reply %u: HTTP %u %s", i, c->status, shown);
      if (c->body != NULL)
        body = g_bytes_new (c->body, strlen (c->body));

      object = bb_console_reply_classify (c->status, NULL, NULL, body, &retry_after, &error);

      if (c->code == SUCCESS)
        {
          g_assert_no_error (error);
          g_assert_nonnull (object);
          g_assert_cmpstr (json_object_get_string_member (object, "result"), ==, "success");
        }
      else
        {
          g_assert_null (object);
          g_assert_error (error, BB_CONSOLE_ERROR, c->code);
          if (c->message != NULL)
            g_assert_cmpstr (error->message, ==, c->message);
        }

      if (c->status != 429)
        g_assert_cmpint (retry_after, ==, -1);
    }
}

/* The Console's own message never leaks into a PROTOCOL message, and neither does
 * anything else from the body. */
static void
test_classify_body_never_in_message (void)
{
  const char *bodies[] = {
    "SECRET-BODY-TEXT",
    "{\"result\": \"SECRET-BODY-TEXT\"}",
    "[\"SECRET-BODY-TEXT\"]",
    "{\"message\": \"SECRET-BODY-TEXT\"}",
  };
  guint statuses[] = { 200, 302, 400, 404, 500 };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    for (guint j = 0; j < G_N_ELEMENTS (statuses); j++)
      {
        g_autoptr(GBytes) body = g_bytes_new_static (bodies[i], strlen (bodies[i]));
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonObject) object = NULL;

        object = bb_console_reply_classify (statuses[j], NULL, NULL, body, NULL, &error);
        g_assert_null (object);
        g_assert_nonnull (error);
        g_assert_null (strstr (error->message, "SECRET"));
      }
}

/* The status line uses the reason phrase the server sent when there is one. */
static void
test_classify_reason_phrase (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  object = bb_console_reply_classify (503, "Down For Maintenance", NULL, NULL, NULL, &error);
  g_assert_null (object);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_SERVER);
  g_assert_cmpstr (error->message, ==, "The Console had an internal error (HTTP 503 Down For Maintenance)");
  g_clear_error (&error);

  object = bb_console_reply_classify (503, "", NULL, NULL, NULL, &error);
  g_assert_cmpstr (error->message, ==, "The Console had an internal error (HTTP 503 Service Unavailable)");
}

static void
test_classify_retry_after (void)
{
  static const struct {
    const char *header;
    gint64      expected;
  } cases[] = {
    { NULL, -1 },
    { "", -1 },
    { "   ", -1 },
    { "0", 0 },
    { "5", 5 },
    { " 120 ", 120 },
    { "007", 7 },
    { "9223372036854775807", G_MAXINT64 },
    { "99999999999999999999999", G_MAXINT64 },
    { "-5", -1 },
    { "+5", -1 },
    { "1.5", -1 },
    { "5s", -1 },
    { "soon", -1 },
    { "Wed, 21 Oct 2015 07:28:00 GMT", 0 },  /* in the past: no wait */
    { "Sunday, 06-Nov-94 08:49:37 GMT", 0 },
    { "Wed, 99 Foo 2015 07:28:00 GMT", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = NULL;
      gint64 retry_after = 12345;

      g_test_message ("Retry-After %u: %s", i, cases[i].header);
      object = bb_console_reply_classify (429, "Too Many Requests", cases[i].header, NULL,
                                          &retry_after, &error);
      g_assert_null (object);
      g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_RATE_LIMITED);
      g_assert_cmpint (retry_after, ==, cases[i].expected);
    }
}

/* An HTTP-date in the future gives the seconds until then. */
static void
test_classify_retry_after_future (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 3600);
  g_autofree char *header = soup_date_time_to_string (later, SOUP_DATE_HTTP);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  gint64 retry_after = -1;

  object = bb_console_reply_classify (429, NULL, header, NULL, &retry_after, &error);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_RATE_LIMITED);
  /* HTTP-dates have whole seconds; allow for a slow machine. */
  g_assert_cmpint (retry_after, >=, 3500);
  g_assert_cmpint (retry_after, <=, 3600);

  /* No out-parameter is fine too. */
  g_clear_error (&error);
  object = bb_console_reply_classify (429, NULL, header, NULL, NULL, &error);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_RATE_LIMITED);
}

/* The documented examples from the Console's API pages. */
static void
test_classify_doc_examples (void)
{
  g_autoptr(GBytes) ping = g_bytes_new_static ("{\"result\": \"success\"}", 21);
  g_autoptr(GBytes) unauthorized =
    g_bytes_new_static ("{\"message\": \"Unauthorized\", \"result\": \"error\"}", 46);
  const char *flocks_text = "{\"result\":\"success\",\"flocks\":{\"flock:default\":\"Default Flock\"}}";
  g_autoptr(GBytes) flocks = g_bytes_new_static (flocks_text, strlen (flocks_text));
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *map;

  object = bb_console_reply_classify (200, "OK", NULL, ping, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_clear_pointer (&object, json_object_unref);

  object = bb_console_reply_classify (200, "OK", NULL, unauthorized, NULL, &error);
  g_assert_null (object);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_AUTH);
  g_clear_error (&error);

  object = bb_console_reply_classify (200, "OK", NULL, flocks, NULL, &error);
  g_assert_no_error (error);
  map = json_object_get_object_member (object, "flocks");
  g_assert_cmpstr (json_object_get_string_member (map, "flock:default"), ==, "Default Flock");
}

/* The body is read to its length only: no NUL terminator needed. */
static void
test_parse_object_not_terminated (void)
{
  const char text[] = "{\"result\": \"success\"}GARBAGE";
  g_autofree char *copy = g_memdup2 (text, 21);
  g_autoptr(GBytes) body = g_bytes_new_take (g_steal_pointer (&copy), 21);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  object = bb_console_reply_parse_object (body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (object, "result"), ==, "success");
}

static void
test_parse_object_bad (void)
{
  const char *bodies[] = { "[]", "1", "\"x\"", "true", "{", "}", "{\"a\":\xff}", "{\"a\":\"\\u0000\"}\x00" };
  gsize lengths[] = { 2, 1, 3, 4, 1, 1, 7, 15 };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (bodies[i], lengths[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = NULL;

      g_test_message ("body %u", i);
      object = bb_console_reply_parse_object (body, &error);
      g_assert_null (object);
      g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);
    }

  /* No body at all. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) object = bb_console_reply_parse_object (NULL, &error);

    g_assert_null (object);
    g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);
  }
}

/* A big body with a broken end is refused, not half-used; a 1 MiB good one is fine. */
static void
test_classify_large_bodies (void)
{
  g_autoptr(GString) text = g_string_new ("{\"result\": \"success\", \"pad\": \"");
  g_autoptr(GBytes) good = NULL;
  g_autoptr(GBytes) cut = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  for (guint i = 0; i < 1024 * 1024 / 8; i++)
    g_string_append (text, "abcdefgh");
  g_string_append (text, "\"}");

  good = g_bytes_new (text->str, text->len);
  object = bb_console_reply_classify (200, NULL, NULL, good, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_clear_pointer (&object, json_object_unref);

  cut = g_bytes_new (text->str, text->len - 10);
  object = bb_console_reply_classify (200, NULL, NULL, cut, NULL, &error);
  g_assert_null (object);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);
}

static void
assert_not_json (const char * const *bodies,
                 guint               n_bodies)
{
  for (guint i = 0; i < n_bodies; i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (bodies[i], strlen (bodies[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = NULL;
      g_autofree char *shown = g_strescape (bodies[i], NULL);

      g_test_message ("body %u: %s", i, shown);
      object = bb_console_reply_classify (200, NULL, NULL, body, NULL, &error);
      g_assert_null (object);
      g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);
      g_assert_cmpstr (error->message, ==, "Unexpected reply from the Console: not JSON");
    }
}

/* json-glib 1.6 takes a body of several JSON values, keeps the first (a success
 * here) and leaks the rest: the body must be one value. */
static void
test_classify_several_values (void)
{
  const char * const bodies[] = {
    "{\"result\":\"success\",\"flocks\":{}}{\"result\":\"error\"}",
    "{\"result\":\"success\"} {\"result\":\"success\"}",
    "{\"result\":\"success\"}\n{}",
    "{\"result\":\"success\"}[]",
    "{\"result\":\"success\"}\"x\"",
  };

  assert_not_json (bodies, G_N_ELEMENTS (bodies));
}

/* What else json-glib 1.6 takes (comments, single quotes, other escapes and
 * numbers) or refuses on its own: only strict RFC 8259 is JSON. */
static void
test_classify_not_strict_json (void)
{
  const char * const bodies[] = {
    "{\"result\":\"success\"}/* comment */",
    "/* comment */{\"result\":\"success\"}",
    "{'result':'success'}",
    "{\"result\":\"success\",\"x\":\"\\x41\"}",
    "{\"result\":\"success\",\"x\":\"\\'\"}",
    "{\"result\":\"success\",\"x\":\"a\tb\"}",
    "{\"result\":\"success\",\"n\":01}",
    "{\"result\":\"success\",\"n\":.5}",
    "{\"result\":\"success\",\"n\":1.}",
    "{\"result\":\"success\",\"n\":0x10}",
    "{\"result\":\"success\",\"n\":-}",
    "{\"result\":\"success\",\"n\":1e+}",
    "{\"result\":\"success\",\"n\":+1}",
    "{\"result\":\"success\",\"b\":tru}",
    "{\"result\":\"success\",\"b\":truex}",
    "{\"result\":\"success\",}",
    "{\"result\":\"success\",\"a\":[1,]}",
    "{\"result\" \"success\"}",
    "{result:\"success\"}",
    /* Whitespace other than space, tab, CR and LF */
    "{\"result\":\"success\"}\f",
    "\v{\"result\":\"success\"}",
  };

  assert_not_json (bodies, G_N_ELEMENTS (bodies));
}

/* json-glib 1.6 refuses these too, but leaks a string on the way: the check
 * stops them first (fails before the fix in a build with LeakSanitizer). */
static void
test_classify_broken_unicode_escapes (void)
{
  const char * const bodies[] = {
    "{\"result\":\"success\",\"x\":\"\\u12\"}",
    "{\"result\":\"success\",\"x\":\"\\u",
    "\"\\ud8\"\\u",
    "{\"\\ud8ab\\ud800\":1}",
    "{\"result\":\"success\",\"x\":\"\\ud800\"}",
    "{\"result\":\"success\",\"x\":\"\\udc00\"}",
    "{\"result\":\"success\",\"x\":\"\\ud800\\u0041\"}",
    "{\"result\":\"success\",\"x\":\"\\ud800x\"}",
    "{\"result\":\"success\",\"x\":\"\\ude00\\ud83d\"}",
  };

  assert_not_json (bodies, G_N_ELEMENTS (bodies));
}

/* Everything RFC 8259 allows still gets through. */
static void
test_classify_strict_json_accepted (void)
{
  const char *bodies[] = {
    " \t\r\n{ \"result\" : \"success\" } \t\r\n",
    "{\"result\":\"success\",\"n\":[0,-0,1,-12,0.5,-1.25e10,1E+2,2e-3,10E0]}",
    "{\"result\":\"success\",\"w\":[true,false,null,{},[],{\"a\":[{}]}]}",
    "{\"result\":\"success\",\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00 é 東京\"}",
    "{\"result\":\"success\",\"\":\"\",\"x\":\"\\u0041\\uffff\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (bodies[i], strlen (bodies[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = NULL;

      g_test_message ("body %u: %s", i, bodies[i]);
      object = bb_console_reply_classify (200, NULL, NULL, body, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (object, "result"), ==, "success");
    }
}

static GBytes *
nested_reply (guint depth)
{
  GString *text = g_string_new ("{\"result\":\"success\",\"deep\":");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');

  return g_string_free_to_bytes (text);
}

/* Deep nesting is refused before json-glib's recursive parser could overflow
 * the stack; the depth any real reply has is fine. */
static void
test_classify_deep_nesting (void)
{
  g_autoptr(GBytes) fine = nested_reply (100);
  g_autoptr(GBytes) deep = nested_reply (1000);
  g_autoptr(GBytes) very_deep = nested_reply (1000000);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  object = bb_console_reply_classify (200, NULL, NULL, fine, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_clear_pointer (&object, json_object_unref);

  object = bb_console_reply_classify (200, NULL, NULL, deep, NULL, &error);
  g_assert_null (object);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);
  g_clear_error (&error);

  object = bb_console_reply_classify (200, NULL, NULL, very_deep, NULL, &error);
  g_assert_null (object);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);
}

/* Debug lines of the library, while a test captures them. */
static GString *captured_debug;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if (captured_debug != NULL && g_strcmp0 (domain, "bb-console") == 0 && message != NULL)
    {
      g_string_append (captured_debug, message);
      g_string_append_c (captured_debug, '\n');
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* PROTOCOL details go to the debug log with at most 1 KiB of the body. */
static void
test_classify_debug_truncated (void)
{
  g_autoptr(GString) text = g_string_new ("<html>");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  gboolean was_enabled = g_log_get_debug_enabled ();
  const char *start;

  g_string_append (text, "HEAD-MARK");
  while (text->len < 2000)
    g_string_append_c (text, 'x');
  g_string_append (text, "TAIL-MARK");
  while (text->len < 5000)
    g_string_append_c (text, 'y');
  body = g_bytes_new (text->str, text->len);

  captured_debug = g_string_new (NULL);
  g_log_set_debug_enabled (TRUE);
  object = bb_console_reply_classify (200, NULL, NULL, body, NULL, &error);
  g_log_set_debug_enabled (was_enabled);

  g_assert_null (object);
  g_assert_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL);
  g_assert_null (strstr (error->message, "MARK"));

  start = strstr (captured_debug->str, "<html>HEAD-MARK");
  g_assert_nonnull (start);
  g_assert_null (strstr (captured_debug->str, "TAIL-MARK"));
  /* 1024 bytes of body and an ellipsis, then the end of the line. */
  g_assert_cmpstr (start + 1024, ==, "…\n");

  g_string_free (g_steal_pointer (&captured_debug), TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bb/console-reply/classify-table", test_classify_table);
  g_test_add_func ("/bb/console-reply/classify-body-never-in-message", test_classify_body_never_in_message);
  g_test_add_func ("/bb/console-reply/classify-reason-phrase", test_classify_reason_phrase);
  g_test_add_func ("/bb/console-reply/classify-retry-after", test_classify_retry_after);
  g_test_add_func ("/bb/console-reply/classify-retry-after-future", test_classify_retry_after_future);
  g_test_add_func ("/bb/console-reply/classify-doc-examples", test_classify_doc_examples);
  g_test_add_func ("/bb/console-reply/classify-large-bodies", test_classify_large_bodies);
  g_test_add_func ("/bb/console-reply/classify-debug-truncated", test_classify_debug_truncated);
  g_test_add_func ("/bb/console-reply/parse-object-not-terminated", test_parse_object_not_terminated);
  g_test_add_func ("/bb/console-reply/parse-object-bad", test_parse_object_bad);
  g_test_add_func ("/bb/console-reply/classify-several-values", test_classify_several_values);
  g_test_add_func ("/bb/console-reply/classify-not-strict-json", test_classify_not_strict_json);
  g_test_add_func ("/bb/console-reply/classify-broken-unicode-escapes", test_classify_broken_unicode_escapes);
  g_test_add_func ("/bb/console-reply/classify-strict-json-accepted", test_classify_strict_json_accepted);
  g_test_add_func ("/bb/console-reply/classify-deep-nesting", test_classify_deep_nesting);

  return g_test_run ();
}
