/* bb-console-emulator.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * A stand-in Thinkst Canary Console serving the contract in PROTOCOL.md, a demo
 * Microsoft sign-in page, fault injection and a control API under /_emulator/.
 * Every test talks to it, and it is the Console a newcomer opens the app against,
 * so it must never crash and never block its main loop.
 *
 * Secrets: the auth token and the Exchange password never reach a log line or
 * the record; the log shows method, path and status only.
 */

#include <glib.h>
#include <glib-unix.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define DEMO_CLIENT_ID  "baitbox-demo-client"
#define DEMO_SCOPE      "openid offline_access User.Read.All Mail.ReadWrite"
#define REDIRECT_PATH   "/oauth/redirect"
#define CALLBACK_PATH   "/api/v1/canarytoken/office365/callback"
#define STATUS_V1_PATH  "/api/v1/canarytoken/office365/status"
#define STATUS_OLD_PATH "/canarytoken/office365/status"
#define DEFAULT_FLOCK   "flock:default"
#define MAX_USERS       5000000
#define STREAM_CHUNK    (64 * 1024)
#define DEFAULT_SUBJECT "Password reset for your account"
#define DEFAULT_SENDER  "it-support@contoso.com"
#define DEFAULT_HTML \
  "<html><body style=\"font-family: 'Segoe UI', Arial, sans-serif; color: #222\">\n" \
  "<p>Hello,</p>\n" \
  "<p>We noticed an unusual sign-in attempt on your account. As a precaution, " \
  "your password has been reset.</p>\n" \
  "<p>Please <a href=\"https://portal.contoso.com/account/reset\">sign in and choose " \
  "a new password</a> within 24 hours. Until then, use the temporary password " \
  "<b>Winter-Harbour-42</b>.</p>\n" \
  "<p>Kind regards,<br>IT Service Desk<br>Contoso Ltd.</p>\n" \
  "</body></html>\n"

/* ------------------------------------------------------------------------ */
/* Configuration                                                            */
/* ------------------------------------------------------------------------ */

typedef enum
{
  MAIL_FLAG_TRUE,
  MAIL_FLAG_FALSE,
  MAIL_FLAG_ABSENT,
  MAIL_FLAG_STRING,
} MailFlag;

static const char * const mail_flag_names[] = { "true", "false", "absent", "string", NULL };

typedef struct
{
  guint     generation;
  guint     users;
  gboolean  extras;
  guint     insert_interval_ms;
  guint     fail_every;
  MailFlag  office365_mail_token;
  gboolean  features_endpoint;
  gboolean  status_v1;
  gboolean  status_nested;
  gboolean  status_strings;
  gboolean  template_sender;
  gboolean  template_email_keys;
  gboolean  signed_in;            /* start-up sign-in of flock:default */
  char     *exchange_username;
  char     *exchange_password;
  char     *ms_error;             /* NULL: Accept succeeds */
  gboolean  ms_wrong_state;
  gboolean  auto_accept;
} Config;

typedef enum
{
  FIELD_BOOL,
  FIELD_UINT,
  FIELD_STRING,
} FieldType;

typedef struct
{
  const char *name;
  FieldType   type;
  gsize       offset;
  guint       max;
} ConfigField;

static const ConfigField config_fields[] = {
  { "users", FIELD_UINT, G_STRUCT_OFFSET (Config, users), MAX_USERS },
  { "extras", FIELD_BOOL, G_STRUCT_OFFSET (Config, extras), 0 },
  { "insert_interval_ms", FIELD_UINT, G_STRUCT_OFFSET (Config, insert_interval_ms), 3600000 },
  { "fail_every", FIELD_UINT, G_STRUCT_OFFSET (Config, fail_every), G_MAXUINT },
  { "features_endpoint", FIELD_BOOL, G_STRUCT_OFFSET (Config, features_endpoint), 0 },
  { "status_v1", FIELD_BOOL, G_STRUCT_OFFSET (Config, status_v1), 0 },
  { "status_strings", FIELD_BOOL, G_STRUCT_OFFSET (Config, status_strings), 0 },
  { "template_sender", FIELD_BOOL, G_STRUCT_OFFSET (Config, template_sender), 0 },
  { "ms_wrong_state", FIELD_BOOL, G_STRUCT_OFFSET (Config, ms_wrong_state), 0 },
  { "auto_accept", FIELD_BOOL, G_STRUCT_OFFSET (Config, auto_accept), 0 },
  { "exchange_username", FIELD_STRING, G_STRUCT_OFFSET (Config, exchange_username), 0 },
  { "exchange_password", FIELD_STRING, G_STRUCT_OFFSET (Config, exchange_password), 0 },
  { "ms_error", FIELD_STRING, G_STRUCT_OFFSET (Config, ms_error), 0 },
};

/* ------------------------------------------------------------------------ */
/* Faults                                                                   */
/* ------------------------------------------------------------------------ */

typedef enum
{
  FAULT_MALFORMED,
  FAULT_HTML500,
  FAULT_SLOW,
  FAULT_HANG,
  FAULT_OVERSIZED,
  FAULT_RESET,
  FAULT_429,
  FAULT_NONJSON,
  FAULT_ERROR,
  FAULT_404,
  FAULT_INVALID_UTF8,
  FAULT_STRINGS,
  FAULT_DROP_AFTER_ACCEPT,
  FAULT_MISSING_FIELD,
  FAULT_WRONG_TYPE,
  FAULT_401,
  FAULT_403,
} FaultKind;

static const char * const fault_kind_names[] = {
  "malformed", "html500", "slow", "hang", "oversized", "reset", "429", "nonjson",
  "error", "404", "invalid-utf8", "strings", "drop-after-accept", "missing-field",
  "wrong-type", "401", "403", NULL
};

static const char * const fault_endpoints[] = {
  "ping", "features", "flocks", "initiate", "oauth/token", "users/list", "email",
  "create", "status", NULL
};

typedef struct
{
  FaultKind  kind;
  guint      remaining;   /* requests still affected; unused when forever */
  gboolean   forever;     /* count=0: until cleared */
  guint      delay_ms;
  guint      retry_after;
  guint      size_mb;
  char      *message;
} Fault;

static void
fault_free (Fault *fault)
{
  g_free (fault->message);
  g_free (fault);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fault, fault_free)

/* ------------------------------------------------------------------------ */
/* State                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct _Emulator Emulator;
typedef struct _Flock Flock;

typedef struct
{
  Emulator  *emu;
  Flock     *flock;
  GStrv      addresses;
  guint      total;
  guint      next;
  guint      successful;
  guint      failed;
  GPtrArray *failed_users;
  guint      timeout_id;
} Job;

struct _Flock
{
  const char *id;
  const char *name;
  gboolean    signed_in;
  char       *pending_state;
  char       *subject;
  char       *html;
  char       *sender;
  Job        *job;
};

static const struct
{
  const char *id;
  const char *name;
} flock_table[] = {
  { DEFAULT_FLOCK, "Default Flock" },
  { "flock:london", "London Office" },
  { "flock:zürich", "Zürich" },
};

#define N_FLOCKS G_N_ELEMENTS (flock_table)

enum
{
  TOKEN_IN_HEADER = 1 << 0,
  TOKEN_IN_QUERY  = 1 << 1,
  TOKEN_IN_BODY   = 1 << 2,
};

typedef struct
{
  char  *method;
  char  *path;
  char  *endpoint;
  guint  token_in;
  GStrv  query_keys;
  GStrv  form_keys;
  char  *user_agent;
  gboolean cookie;              /* the request carried a Cookie header */
  guint  status;
} RecReq;

typedef struct
{
  GPtrArray  *requests;         /* RecReq, rc-boxed */
  GHashTable *counts;           /* endpoint → GUINT_TO_POINTER (n) */
  JsonArray  *create_calls;
  JsonArray  *oauth_calls;
  JsonArray  *template_saves;
  GPtrArray  *tokened;          /* char * */
  guint       redirect_uri_hits;
  guint       status_v1_hits;
  guint       status_old_hits;
} Record;

typedef struct
{
  guint      users;
  gboolean   extras;
  GBytes    *reply;
  GPtrArray *valid;             /* char * */
  guint      n_duplicates;
  guint      n_invalid;
} UsersCache;

struct _Emulator
{
  GMainLoop  *loop;
  SoupServer *server;
  char       *token;
  char       *base_url;
  guint       port;
  gboolean    quiet;
  Config      initial;
  Config      config;
  Flock       flocks[N_FLOCKS];
  GHashTable *codes;            /* issued authorization code → state */
  GHashTable *faults;           /* endpoint → Fault */
  Record      record;
  UsersCache *users;
  gboolean    accepting;
  GHashTable *delayed;          /* Delayed set */
  GBytes     *filler[2];        /* oversized chunks: generic, addresses */
};

typedef struct
{
  Emulator          *emu;
  SoupServerMessage *msg;
  const char        *method;
  const char        *path;
  const char        *endpoint;
  GHashTable        *query;     /* sanitised, never NULL */
  GHashTable        *form;      /* sanitised, never NULL */
  GHashTable        *params;    /* query for GET, form otherwise; borrowed */
  RecReq            *rec;
  gboolean           strings;   /* "strings" fault active */
} Req;

typedef void (*RouteFunc) (Req *req);

typedef struct
{
  const char *path;
  const char *endpoint;
  const char *method;           /* NULL: GET or POST */
  gboolean    api;              /* needs the token, takes faults */
  RouteFunc   func;
} Route;

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */
/* ------------------------------------------------------------------------ */

static char *
random_hex (guint n_words)
{
  GString *s = g_string_sized_new (n_words * 8);

  for (guint i = 0; i < n_words; i++)
    g_string_append_printf (s, "%08x", (guint) g_random_int ());

  return g_string_free (s, FALSE);
}

static gboolean
parse_bool (const char *value,
            gboolean   *out)
{
  if (g_strcmp0 (value, "true") == 0 || g_strcmp0 (value, "1") == 0)
    *out = TRUE;
  else if (g_strcmp0 (value, "false") == 0 || g_strcmp0 (value, "0") == 0)
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_uint (const char *value,
            guint       max,
            guint      *out)
{
  guint64 n;

  if (value == NULL ||
      !g_ascii_string_to_unsigned (value, 10, 0, max, &n, NULL))
    return FALSE;
  *out = (guint) n;
  return TRUE;
}

static int
name_index (const char * const *names,
            const char         *name)
{
  for (int i = 0; name != NULL && names[i] != NULL; i++)
    if (strcmp (names[i], name) == 0)
      return i;
  return -1;
}

/* Client bytes made safe for JSON and logs: valid UTF-8, no control characters. */
static char *
sanitize (const char *text)
{
  char *copy = g_utf8_make_valid (text ? text : "", -1);

  for (char *p = copy; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = '?';
  return copy;
}

static void
append_json_string (GString    *out,
                    const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static char *
append_query (const char         *base,
              const char * const *pairs,
              guint               n_pairs)
{
  GString *s = g_string_new (NULL);
  const char *hash = strchr (base, '#');
  gboolean has_query;

  g_string_append_len (s, base, hash ? hash - base : (gssize) strlen (base));
  has_query = strchr (s->str, '?') != NULL;

  for (guint i = 0; i < n_pairs; i++)
    {
      const char *key = pairs[2 * i];
      const char *value = pairs[2 * i + 1];

      if (value == NULL)
        continue;
      g_string_append_c (s, has_query ? '&' : '?');
      has_query = TRUE;
      g_string_append_uri_escaped (s, key, NULL, FALSE);
      g_string_append_c (s, '=');
      g_string_append_uri_escaped (s, value, NULL, FALSE);
    }

  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Replies                                                                  */
/* ------------------------------------------------------------------------ */

static void
send_text (SoupServerMessage *msg,
           guint              status,
           const char        *content_type,
           const char        *body,
           gssize             len)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body,
                                    len < 0 ? strlen (body) : (gsize) len);
}

static JsonBuilder *
reply_begin (const char *result)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "result");
  json_builder_add_string_value (b, result);
  return b;
}

static void
add_string (JsonBuilder *b,
            const char  *key,
            const char  *value)
{
  g_autofree char *valid = g_utf8_make_valid (value ? value : "", -1);

  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, valid);
}

static void
add_bool (JsonBuilder *b,
          const char  *key,
          gboolean     value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_boolean_value (b, value);
}

static void
add_counter (JsonBuilder *b,
             const char  *key,
             guint        value,
             gboolean     as_string)
{
  json_builder_set_member_name (b, key);
  if (as_string)
    {
      g_autofree char *text = g_strdup_printf ("%u", value);
      json_builder_add_string_value (b, text);
    }
  else
    json_builder_add_int_value (b, value);
}

static void
add_string_array (JsonBuilder     *b,
                  const char      *key,
                  const GPtrArray *strings)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (strings, i));
  json_builder_end_array (b);
}

static char *
builder_to_data (JsonBuilder *b,
                 gsize       *len)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, len);
}

/* Ends the top-level object of @b and sends it. */
static void
reply_send (SoupServerMessage *msg,
            guint              status,
            JsonBuilder       *b)
{
  gsize len = 0;
  char *data;

  json_builder_end_object (b);
  data = builder_to_data (b, &len);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, data, len);
  g_object_unref (b);
}

static void
send_success (SoupServerMessage *msg)
{
  reply_send (msg, SOUP_STATUS_OK, reply_begin ("success"));
}

static void
send_error (SoupServerMessage *msg,
            guint              status,
            const char        *message)
{
  JsonBuilder *b = json_builder_new ();

  /* Same member order as the real Console's 403 replies. */
  json_builder_begin_object (b);
  add_string (b, "message", message);
  add_string (b, "result", "error");
  reply_send (msg, status, b);
}

static const char page_style[] =
  "<style>\n"
  "body { margin: 0; background: #f2f2f2; color: #1b1b1b;"
  " font-family: 'Segoe UI', Cantarell, 'Helvetica Neue', sans-serif; }\n"
  ".card { position: absolute; left: 20px; top: 20px; width: 440px; min-height: 400px;"
  " box-sizing: border-box; padding: 20px 24px; background: #fff;"
  " box-shadow: 0 2px 6px rgba(0,0,0,0.2); z-index: 0; }\n"
  ".brand { font-size: 15px; font-weight: 600; color: #5e5e5e; }\n"
  ".brand i { display: inline-block; width: 9px; height: 9px; margin-right: 1px; }\n"
  "h1 { font-size: 22px; font-weight: 600; margin: 12px 0 6px; }\n"
  ".who { font-size: 14px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }\n"
  ".perms { position: absolute; left: 24px; top: 200px; width: 390px; font-size: 14px; }\n"
  ".perms ul { margin: 6px 0; padding-left: 20px; }\n"
  ".note { font-size: 12px; color: #666; }\n"
  "#accept, #cancel { position: absolute; top: 140px; height: 60px; border: 0;"
  " font-size: 18px; cursor: pointer; z-index: 1; }\n"
  "#accept { left: 40px; width: 200px; background: #0067b8; color: #fff; }\n"
  "#cancel { left: 260px; width: 180px; background: #cccccc; color: #1b1b1b; }\n"
  "</style>\n";

static const char page_brand[] =
  "<div class=\"brand\"><i style=\"background:#f25022\"></i><i style=\"background:#7fba00\"></i>"
  "<i style=\"background:#00a4ef\"></i><i style=\"background:#ffb900\"></i> Baitbox Demo Sign-in</div>\n";

/* @body_html must already be escaped. */
static void
send_html (SoupServerMessage *msg,
           guint              status,
           const char        *title,
           const char        *body_html)
{
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  GString *page = g_string_new ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");

  g_string_append_printf (page, "<title>%s</title>\n", escaped_title);
  g_string_append (page, page_style);
  g_string_append (page, "</head><body>\n<div class=\"card\">\n");
  g_string_append (page, page_brand);
  g_string_append_printf (page, "<h1>%s</h1>\n%s\n</div>\n</body></html>\n", escaped_title, body_html);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    page->str, page->len);
  g_string_free (page, FALSE);
}

static void
send_not_found (SoupServerMessage *msg)
{
  send_html (msg, SOUP_STATUS_NOT_FOUND, "404 Not Found",
             "<p>The requested URL was not found on this server.</p>");
}

/* ------------------------------------------------------------------------ */
/* Delayed replies and dropped connections                                  */
/* ------------------------------------------------------------------------ */

typedef struct
{
  Emulator          *emu;
  SoupServerMessage *msg;
  guint              timeout_id;
} Delayed;

static void
delayed_free (gpointer data)
{
  Delayed *d = data;

  g_clear_handle_id (&d->timeout_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (d->msg, d);
  g_object_unref (d->msg);
  g_free (d);
}

static gboolean
delayed_timeout_cb (gpointer data)
{
  Delayed *d = data;

  d->timeout_id = 0;
  soup_server_message_unpause (d->msg);
  g_hash_table_remove (d->emu->delayed, d);
  return G_SOURCE_REMOVE;
}

static void
delayed_finished_cb (SoupServerMessage *msg,
                     gpointer           data)
{
  Delayed *d = data;

  g_hash_table_remove (d->emu->delayed, d);
}

/* The reply is already set; it goes out after @delay_ms without blocking the loop. */
static void
delay_reply (Emulator          *emu,
             SoupServerMessage *msg,
             guint              delay_ms)
{
  Delayed *d = g_new0 (Delayed, 1);

  d->emu = emu;
  d->msg = g_object_ref (msg);
  soup_server_message_pause (msg);
  g_signal_connect (msg, "finished", G_CALLBACK (delayed_finished_cb), d);
  d->timeout_id = g_timeout_add (delay_ms, delayed_timeout_cb, d);
  g_hash_table_add (emu->delayed, d);
}

typedef struct
{
  SoupServerMessage *msg;
  const char        *raw;     /* static; NULL: close without a byte */
  GIOStream         *stream;
} Drop;

static void
drop_closed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Drop *drop = data;

  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  g_object_unref (drop->stream);
  g_free (drop);
}

static void
drop_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Drop *drop = data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_io_stream_close_async (drop->stream, G_PRIORITY_DEFAULT, NULL, drop_closed_cb, drop);
}

static gboolean
drop_idle_cb (gpointer data)
{
  Drop *drop = data;

  /* Stealing may free the message, so it happens outside the handler. */
  drop->stream = soup_server_message_steal_connection (drop->msg);
  g_clear_object (&drop->msg);
  if (drop->stream == NULL)
    {
      g_free (drop);
      return G_SOURCE_REMOVE;
    }

  if (drop->raw != NULL)
    g_output_stream_write_all_async (g_io_stream_get_output_stream (drop->stream),
                                     drop->raw, strlen (drop->raw), G_PRIORITY_DEFAULT,
                                     NULL, drop_written_cb, drop);
  else
    g_io_stream_close_async (drop->stream, G_PRIORITY_DEFAULT, NULL, drop_closed_cb, drop);
  return G_SOURCE_REMOVE;
}

static void
drop_connection (SoupServerMessage *msg,
                 const char        *raw)
{
  Drop *drop = g_new0 (Drop, 1);

  drop->msg = g_object_ref (msg);
  drop->raw = raw;
  soup_server_message_pause (msg);
  g_idle_add (drop_idle_cb, drop);
}

/* ------------------------------------------------------------------------ */
/* Oversized replies: chunked, generated as the client reads                */
/* ------------------------------------------------------------------------ */

typedef struct
{
  GBytes  *filler;
  guint64  remaining;
  gboolean addresses;
  gboolean finished;
} Stream;

static void
stream_free (gpointer data)
{
  Stream *stream = data;

  g_bytes_unref (stream->filler);
  g_free (stream);
}

static GBytes *
make_filler (gboolean addresses)
{
  GString *s = g_string_sized_new (STREAM_CHUNK + 64);

  for (guint i = 0; s->len < STREAM_CHUNK - 64; i++)
    {
      if (addresses)
        g_string_append_printf (s, "\"bulk%06u@contoso.com\", ", i);
      else
        g_string_append (s, "\"padding padding padding padding padding\", ");
    }
  return g_string_free_to_bytes (s);
}

static void
stream_closure_free (gpointer  data,
                     GClosure *closure)
{
  stream_free (data);
}

static void
stream_wrote_chunk_cb (SoupServerMessage *msg,
                       gpointer           data)
{
  Stream *stream = data;
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  gsize size = g_bytes_get_size (stream->filler);

  if (stream->finished)
    return;

  if (stream->remaining > 0)
    {
      soup_message_body_append_bytes (body, stream->filler);
      stream->remaining -= MIN (stream->remaining, size);
      return;
    }

  stream->finished = TRUE;
  if (stream->addresses)
    soup_message_body_append (body, SOUP_MEMORY_STATIC, "\"end@contoso.com\"]}", 19);
  else
    soup_message_body_append (body, SOUP_MEMORY_STATIC, "\"end\"]}", 7);
  soup_message_body_complete (body);
}

static void
send_oversized (Req   *req,
                guint  size_mb)
{
  gboolean addresses = g_strcmp0 (req->endpoint, "users/list") == 0;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  SoupMessageBody *body = soup_server_message_get_response_body (req->msg);
  Stream *stream = g_new0 (Stream, 1);
  const char *prefix = addresses ? "{\"result\": \"success\", \"user_emails\": ["
                                 : "{\"result\": \"success\", \"padding\": [";

  if (req->emu->filler[addresses] == NULL)
    req->emu->filler[addresses] = make_filler (addresses);
  stream->filler = g_bytes_ref (req->emu->filler[addresses]);
  stream->addresses = addresses;
  stream->remaining = (guint64) MAX (size_mb, 1) * 1024 * 1024;

  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  /* Written chunks are dropped, so memory stays at one chunk however long it runs. */
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, prefix, strlen (prefix));
  g_signal_connect_data (req->msg, "wrote-chunk", G_CALLBACK (stream_wrote_chunk_cb),
                         stream, stream_closure_free, 0);
}

/* ------------------------------------------------------------------------ */
/* Record                                                                   */
/* ------------------------------------------------------------------------ */

static void
rec_req_clear (gpointer data)
{
  RecReq *rec = data;

  g_free (rec->method);
  g_free (rec->path);
  g_free (rec->endpoint);
  g_strfreev (rec->query_keys);
  g_strfreev (rec->form_keys);
  g_free (rec->user_agent);
}

static void
rec_req_unref (gpointer data)
{
  g_rc_box_release_full (data, rec_req_clear);
}

static void
record_init (Record *r)
{
  r->requests = g_ptr_array_new_with_free_func (rec_req_unref);
  r->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r->create_calls = json_array_new ();
  r->oauth_calls = json_array_new ();
  r->template_saves = json_array_new ();
  r->tokened = g_ptr_array_new_with_free_func (g_free);
  r->redirect_uri_hits = 0;
  r->status_v1_hits = 0;
  r->status_old_hits = 0;
}

static void
record_clear (Record *r)
{
  g_clear_pointer (&r->requests, g_ptr_array_unref);
  g_clear_pointer (&r->counts, g_hash_table_unref);
  g_clear_pointer (&r->create_calls, json_array_unref);
  g_clear_pointer (&r->oauth_calls, json_array_unref);
  g_clear_pointer (&r->template_saves, json_array_unref);
  g_clear_pointer (&r->tokened, g_ptr_array_unref);
}

static void
record_add (JsonArray   *array,
            JsonBuilder *b)
{
  json_builder_end_object (b);
  json_array_add_element (array, json_builder_get_root (b));
  g_object_unref (b);
}

static JsonBuilder *
record_begin (void)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  return b;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static GStrv
keys_of (GHashTable *table)
{
  g_autofree const char **keys = (const char **) g_hash_table_get_keys_as_array (table, NULL);
  GStrv copy = g_strdupv ((char **) keys);

  qsort (copy, g_strv_length (copy), sizeof (char *), compare_strings);
  return copy;
}

static void
add_strv (JsonBuilder        *b,
          const char         *key,
          const char * const *strv)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (b, strv[i]);
  json_builder_end_array (b);
}

static void
rec_req_to_json (JsonBuilder  *b,
                 const RecReq *rec)
{
  json_builder_begin_object (b);
  add_string (b, "method", rec->method);
  add_string (b, "path", rec->path);
  if (rec->endpoint != NULL)
    add_string (b, "endpoint", rec->endpoint);
  json_builder_set_member_name (b, "token_in");
  json_builder_begin_array (b);
  if (rec->token_in & TOKEN_IN_HEADER)
    json_builder_add_string_value (b, "header");
  if (rec->token_in & TOKEN_IN_QUERY)
    json_builder_add_string_value (b, "query");
  if (rec->token_in & TOKEN_IN_BODY)
    json_builder_add_string_value (b, "body");
  if (rec->token_in == 0)
    json_builder_add_string_value (b, "none");
  json_builder_end_array (b);
  add_strv (b, "query_keys", (const char * const *) rec->query_keys);
  add_strv (b, "form_keys", (const char * const *) rec->form_keys);
  if (rec->user_agent != NULL)
    add_string (b, "user_agent", rec->user_agent);
  else
    {
      json_builder_set_member_name (b, "user_agent");
      json_builder_add_null_value (b);
    }
  add_bool (b, "cookie", rec->cookie);
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, rec->status);
  json_builder_end_object (b);
}

static void
add_json_array (JsonBuilder *b,
                const char  *key,
                JsonArray   *array)
{
  JsonNode *node = json_node_alloc ();

  json_node_init_array (node, array);
  json_builder_set_member_name (b, key);
  json_builder_add_value (b, node);
}

static void
add_counts (JsonBuilder *b,
            Record      *r)
{
  GHashTableIter iter;
  gpointer key, value;

  json_builder_set_member_name (b, "counts");
  json_builder_begin_object (b);
  g_hash_table_iter_init (&iter, r->counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (b, key);
      json_builder_add_int_value (b, GPOINTER_TO_UINT (value));
    }
  json_builder_end_object (b);
}

/* ------------------------------------------------------------------------ */
/* Users                                                                    */
/* ------------------------------------------------------------------------ */

typedef enum
{
  SHAPE_PLAIN,
  SHAPE_EMAIL_NAME,
  SHAPE_MAIL_DISPLAY,
  SHAPE_UPN_DISPLAY,
} Shape;

static const struct
{
  const char *email;
  const char *name;
  Shape       shape;
} fixed_users[] = {
  { "ann@contoso.com", "Ann Archer", SHAPE_EMAIL_NAME },
  { "bob@contoso.com", "Bob Baker", SHAPE_MAIL_DISPLAY },
  { "chloe@fabrikam.example", "Chloé Dubois", SHAPE_UPN_DISPLAY },
  { "zoe.angstrom@contoso.com", "Zoë Ångström", SHAPE_EMAIL_NAME },
  { "soren@fabrikam.example", "Søren Kierkegaard", SHAPE_MAIL_DISPLAY },
  { "li.lei@contoso.com", "李雷", SHAPE_UPN_DISPLAY },
  { "dorde@contoso.com", "Ðorđe Š", SHAPE_EMAIL_NAME },
  { "helpdesk@contoso.com", NULL, SHAPE_PLAIN },
};

/* Extras sit after the first `after` valid entries (or at the end of a shorter list). */
static const struct
{
  guint       after;
  guint       needs;        /* valid entries that must precede a duplicate */
  gboolean    duplicate;
  const char *json;
} user_extras[] = {
  { 5, 0, FALSE, "\"not-an-address\"" },
  { 10, 1, TRUE, "\"ANN@contoso.com\"" },
  { 20, 0, FALSE, "{\"name\": \"No Address\"}" },
  { 30, 0, FALSE, "\"two@@at.example\"" },
  { 40, 2, TRUE, "{\"email\": \"Bob@CONTOSO.com\", \"name\": \"Bob Baker\"}" },
};

static void
users_cache_free (UsersCache *cache)
{
  g_bytes_unref (cache->reply);
  g_ptr_array_unref (cache->valid);
  g_free (cache);
}

static void
append_user (GString    *out,
             const char *email,
             const char *name,
             Shape       shape)
{
  static const char * const keys[][2] = {
    { NULL, NULL }, { "email", "name" }, { "mail", "displayName" },
    { "userPrincipalName", "displayName" },
  };

  if (shape == SHAPE_PLAIN || name == NULL)
    {
      append_json_string (out, email);
      return;
    }
  g_string_append_printf (out, "{\"%s\": ", keys[shape][0]);
  append_json_string (out, email);
  g_string_append_printf (out, ", \"%s\": ", keys[shape][1]);
  append_json_string (out, name);
  g_string_append_c (out, '}');
}

static void
append_valid_user (UsersCache *cache,
                   GString    *out,
                   guint       i)
{
  if (i < G_N_ELEMENTS (fixed_users))
    {
      append_user (out, fixed_users[i].email, fixed_users[i].name, fixed_users[i].shape);
      g_ptr_array_add (cache->valid, g_strdup (fixed_users[i].email));
      return;
    }

  {
    g_autofree char *email = g_strdup_printf ("user%04u@%s", i,
                                              i % 4 == 3 ? "fabrikam.example" : "contoso.com");
    g_autofree char *name = g_strdup_printf ("Test User %u", i);

    append_user (out, email, name, (Shape) (i % 4));
    g_ptr_array_add (cache->valid, g_steal_pointer (&email));
  }
}

/* Built once per (users, extras) and served as shared bytes: fast for 100,000+ entries. */
static UsersCache *
users_cache_build (guint    n,
                   gboolean extras)
{
  UsersCache *cache = g_new0 (UsersCache, 1);
  GString *out = g_string_sized_new ((gsize) n * 64 + 256);
  gboolean first = TRUE;

  cache->users = n;
  cache->extras = extras;
  cache->valid = g_ptr_array_new_full (n, g_free);
  g_string_append (out, "{\"result\": \"success\", \"user_emails\": [");

  for (guint i = 0; i <= n; i++)
    {
      for (guint e = 0; extras && e < G_N_ELEMENTS (user_extras); e++)
        {
          if (MIN (user_extras[e].after, n) != i || n < user_extras[e].needs)
            continue;
          g_string_append (out, first ? "\n" : ",\n");
          g_string_append (out, user_extras[e].json);
          first = FALSE;
          if (user_extras[e].duplicate)
            cache->n_duplicates++;
          else
            cache->n_invalid++;
        }
      if (i == n)
        break;
      g_string_append (out, first ? "\n" : ",\n");
      append_valid_user (cache, out, i);
      first = FALSE;
    }

  g_string_append (out, "\n]}\n");
  cache->reply = g_string_free_to_bytes (out);
  return cache;
}

static UsersCache *
users_cache_get (Emulator *emu)
{
  if (emu->users != NULL &&
      (emu->users->users != emu->config.users || emu->users->extras != emu->config.extras))
    g_clear_pointer (&emu->users, users_cache_free);
  if (emu->users == NULL)
    emu->users = users_cache_build (emu->config.users, emu->config.extras);
  return emu->users;
}

/* ------------------------------------------------------------------------ */
/* Flocks and jobs                                                          */
/* ------------------------------------------------------------------------ */

static void
job_free (Job *job)
{
  g_clear_handle_id (&job->timeout_id, g_source_remove);
  g_strfreev (job->addresses);
  g_ptr_array_unref (job->failed_users);
  g_free (job);
}

static gboolean
job_done (const Job *job)
{
  return job->next >= job->total;
}

static gboolean
mailbox_fails (Emulator   *emu,
               const char *address,
               guint       index)
{
  const char *at = strchr (address, '@');
  g_autofree char *local = NULL;
  g_autofree char *folded = NULL;

  if (at == NULL || at == address || strchr (at + 1, '@') != NULL || at[1] == '\0')
    return TRUE;
  if (emu->config.fail_every > 0 && index % emu->config.fail_every == 0)
    return TRUE;
  local = g_strndup (address, at - address);
  folded = g_ascii_strdown (local, -1);
  return strstr (folded, "fail") != NULL;
}

static gboolean
job_tick_cb (gpointer data)
{
  Job *job = data;
  const char *address = job->addresses[job->next];

  job->next++;
  if (mailbox_fails (job->emu, address, job->next))
    {
      job->failed++;
      g_ptr_array_add (job->failed_users, g_strdup (address));
    }
  else
    {
      job->successful++;
      g_ptr_array_add (job->emu->record.tokened, g_strdup (address));
    }

  if (job_done (job))
    {
      job->timeout_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
flock_reset (Flock        *flock,
             guint         i,
             const Config *config)
{
  g_clear_pointer (&flock->job, job_free);
  g_clear_pointer (&flock->pending_state, g_free);
  g_free (flock->subject);
  g_free (flock->html);
  g_free (flock->sender);
  flock->id = flock_table[i].id;
  flock->name = flock_table[i].name;
  flock->signed_in = (i == 0) && config->signed_in;
  flock->subject = g_strdup (DEFAULT_SUBJECT);
  flock->html = g_strdup (DEFAULT_HTML);
  flock->sender = g_strdup (DEFAULT_SENDER);
}

static void
flock_clear (Flock *flock)
{
  g_clear_pointer (&flock->job, job_free);
  g_clear_pointer (&flock->pending_state, g_free);
  g_clear_pointer (&flock->subject, g_free);
  g_clear_pointer (&flock->html, g_free);
  g_clear_pointer (&flock->sender, g_free);
}

static Flock *
find_flock (Emulator   *emu,
            const char *id)
{
  if (id == NULL || *id == '\0')
    id = DEFAULT_FLOCK;
  for (guint i = 0; i < N_FLOCKS; i++)
    if (strcmp (emu->flocks[i].id, id) == 0)
      return &emu->flocks[i];
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Requests                                                                 */
/* ------------------------------------------------------------------------ */

static GHashTable *
sanitized_table (GHashTable *raw)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  if (raw == NULL)
    return table;
  g_hash_table_iter_init (&iter, raw);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (table, sanitize (key), g_utf8_make_valid (value ? value : "", -1));
  return table;
}

static GHashTable *
decode_form (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) raw = NULL;
  gsize len = 0;
  const char *data;

  if (type != NULL && g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") != 0)
    return sanitized_table (NULL);
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (bytes, &len);
  if (data == NULL || len == 0)
    return sanitized_table (NULL);
  text = g_strndup (data, len);
  raw = soup_form_decode (text);
  return sanitized_table (raw);
}

static const char *
req_param (Req        *req,
           const char *name)
{
  return g_hash_table_lookup (req->params, name);
}

static void
req_init (Req               *req,
          Emulator          *emu,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query)
{
  req->emu = emu;
  req->msg = msg;
  req->method = soup_server_message_get_method (msg);
  req->path = path;
  req->query = sanitized_table (query);
  req->form = decode_form (msg);
  if (g_strcmp0 (req->method, "GET") == 0 || g_strcmp0 (req->method, "HEAD") == 0)
    req->params = req->query;
  else
    req->params = req->form;
}

static void
req_clear (Req *req)
{
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->form, g_hash_table_unref);
  if (req->rec != NULL)
    g_clear_pointer (&req->rec, rec_req_unref);
}

static void
count_endpoint (Emulator   *emu,
                const char *endpoint)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (emu->record.counts, endpoint));

  g_hash_table_replace (emu->record.counts, g_strdup (endpoint), GUINT_TO_POINTER (n + 1));
}

static void
record_request (Req *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *agent = soup_message_headers_get_one (headers, "User-Agent");
  RecReq *rec = g_rc_box_new0 (RecReq);

  rec->method = sanitize (req->method);
  rec->path = sanitize (req->path);
  rec->endpoint = g_strdup (req->endpoint);
  if (soup_message_headers_get_one (headers, "X-Canary-Auth-Token") != NULL)
    rec->token_in |= TOKEN_IN_HEADER;
  if (g_hash_table_contains (req->query, "auth_token"))
    rec->token_in |= TOKEN_IN_QUERY;
  if (g_hash_table_contains (req->form, "auth_token"))
    rec->token_in |= TOKEN_IN_BODY;
  rec->query_keys = keys_of (req->query);
  rec->form_keys = keys_of (req->form);
  rec->user_agent = agent ? sanitize (agent) : NULL;
  rec->cookie = soup_message_headers_get_one (headers, "Cookie") != NULL;

  g_ptr_array_add (req->emu->record.requests, g_rc_box_acquire (rec));
  g_object_set_data_full (G_OBJECT (req->msg), "bb-emulator-record",
                          g_rc_box_acquire (rec), rec_req_unref);
  req->rec = rec;

  if (req->endpoint != NULL)
    count_endpoint (req->emu, req->endpoint);
  if (g_strcmp0 (req->path, STATUS_V1_PATH) == 0)
    req->emu->record.status_v1_hits++;
  else if (g_strcmp0 (req->path, STATUS_OLD_PATH) == 0)
    req->emu->record.status_old_hits++;
  else if (g_strcmp0 (req->path, REDIRECT_PATH) == 0)
    req->emu->record.redirect_uri_hits++;
}

/* Missing header → "Unauthorized"; a token in the query or body counts as missing. */
static gboolean
check_auth (Req *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *token = soup_message_headers_get_one (headers, "X-Canary-Auth-Token");

  if (token == NULL)
    {
      send_error (req->msg, SOUP_STATUS_FORBIDDEN, "Unauthorized");
      return FALSE;
    }
  if (strcmp (token, req->emu->token) != 0)
    {
      send_error (req->msg, SOUP_STATUS_FORBIDDEN, "Invalid auth_token");
      return FALSE;
    }
  return TRUE;
}

static char *
req_base_url (Req *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *host = soup_message_headers_get_one (headers, "Host");
  gsize len = host ? strlen (host) : 0;

  if (len == 0 || len > 255)
    return g_strdup (req->emu->base_url);
  for (const char *p = host; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr (".-:[]", *p) == NULL)
      return g_strdup (req->emu->base_url);
  return g_strdup_printf ("http://%s", host);
}

static Flock *
req_flock (Req *req)
{
  Flock *flock = find_flock (req->emu, req_param (req, "flock_id"));

  if (flock == NULL)
    send_error (req->msg, SOUP_STATUS_OK, "Flock not found");
  return flock;
}

/* users/list and create: Office365 needs a sign-in, Exchange needs the right credentials. */
static gboolean
check_access (Req      *req,
              Flock    *flock,
              gboolean *is_exchange)
{
  const char *value = req_param (req, "is_exchange");
  const Config *config = &req->emu->config;

  *is_exchange = FALSE;
  if (value != NULL && !parse_bool (value, is_exchange))
    {
      send_error (req->msg, SOUP_STATUS_BAD_REQUEST, "is_exchange must be true or false");
      return FALSE;
    }

  if (*is_exchange)
    {
      if (g_strcmp0 (req_param (req, "exchange_username"), config->exchange_username) != 0 ||
          g_strcmp0 (req_param (req, "exchange_password"), config->exchange_password) != 0)
        {
          send_error (req->msg, SOUP_STATUS_OK, "Could not log in to Exchange with those credentials");
          return FALSE;
        }
      return TRUE;
    }

  if (!flock->signed_in)
    {
      send_error (req->msg, SOUP_STATUS_OK,
                  "Office365 is not authorised for this flock. Sign in first.");
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Console endpoints                                                        */
/* ------------------------------------------------------------------------ */

static void
handle_ping (Req *req)
{
  send_success (req->msg);
}

static void
handle_features (Req *req)
{
  JsonBuilder *b = reply_begin ("success");

  json_builder_set_member_name (b, "features");
  json_builder_begin_object (b);
  switch (req->emu->config.office365_mail_token)
    {
    case MAIL_FLAG_TRUE:
      add_bool (b, "office365_mail_token", TRUE);
      break;
    case MAIL_FLAG_FALSE:
      add_bool (b, "office365_mail_token", FALSE);
      break;
    case MAIL_FLAG_STRING:
      add_string (b, "office365_mail_token", "true");
      break;
    case MAIL_FLAG_ABSENT:
    default:
      break;
    }
  add_bool (b, "other_flag", FALSE);
  json_builder_end_object (b);
  reply_send (req->msg, SOUP_STATUS_OK, b);
}

static void
handle_flocks (Req *req)
{
  JsonBuilder *b = reply_begin ("success");

  json_builder_set_member_name (b, "flocks");
  json_builder_begin_object (b);
  for (guint i = 0; i < N_FLOCKS; i++)
    add_string (b, req->emu->flocks[i].id, req->emu->flocks[i].name);
  json_builder_end_object (b);
  reply_send (req->msg, SOUP_STATUS_OK, b);
}

static void
handle_initiate (Req *req)
{
  Flock *flock = req_flock (req);
  g_autofree char *base = NULL;
  JsonBuilder *b;

  if (flock == NULL)
    return;

  g_free (flock->pending_state);
  flock->pending_state = random_hex (4);
  base = req_base_url (req);
  b = reply_begin ("success");

  if (req->emu->config.generation == 2025)
    {
      g_autofree char *authorize = g_strconcat (base, "/ms/authorize", NULL);
      g_autofree char *redirect = g_strconcat (base, CALLBACK_PATH, NULL);
      const char *pairs[] = {
        "client_id", DEMO_CLIENT_ID, "response_type", "code", "response_mode", "query",
        "redirect_uri", redirect, "state", flock->pending_state, "scope", DEMO_SCOPE,
      };
      g_autofree char *url = append_query (authorize, pairs, G_N_ELEMENTS (pairs) / 2);

      add_string (b, "url", url);
    }
  else
    {
      g_autofree char *redirect = g_strconcat (base, REDIRECT_PATH, NULL);
      g_autofree char *authorize = g_strconcat (base, "/ms/authorize", NULL);

      add_string (b, "state", flock->pending_state);
      add_string (b, "client_id", DEMO_CLIENT_ID);
      add_string (b, "redirect_uri", redirect);
      add_string (b, "authorize_url", authorize);
      add_string (b, "scope", DEMO_SCOPE);
    }
  reply_send (req->msg, SOUP_STATUS_OK, b);
}

static void
record_oauth (Emulator   *emu,
              const char *via,
              gboolean    code_valid,
              gboolean    state_valid,
              const char *state,
              const char *user_email,
              const char *flock_id)
{
  JsonBuilder *b = record_begin ();

  add_string (b, "via", via);
  add_bool (b, "code_valid", code_valid);
  add_bool (b, "state_valid", state_valid);
  if (state != NULL)
    add_string (b, "state", state);
  if (user_email != NULL)
    add_string (b, "user_email", user_email);
  if (flock_id != NULL)
    add_string (b, "flock_id", flock_id);
  record_add (emu->record.oauth_calls, b);
}

/* Codes are single-use: presenting one consumes it, whatever the outcome. */
static gboolean
consume_code (Emulator   *emu,
              const char *code)
{
  return code != NULL && g_hash_table_remove (emu->codes, code);
}

static void
handle_oauth_token (Req *req)
{
  Flock *flock = req_flock (req);
  const char *state = req_param (req, "state");
  gboolean code_valid, state_valid;

  if (flock == NULL)
    return;

  code_valid = consume_code (req->emu, req_param (req, "code"));
  state_valid = state != NULL && flock->pending_state != NULL &&
                strcmp (state, flock->pending_state) == 0;
  record_oauth (req->emu, "oauth/token", code_valid, state_valid, state,
                req_param (req, "user_email"), flock->id);

  if (!code_valid || !state_valid)
    {
      send_error (req->msg, SOUP_STATUS_OK, "Invalid OAuth code or state");
      return;
    }
  flock->signed_in = TRUE;
  g_clear_pointer (&flock->pending_state, g_free);
  send_success (req->msg);
}

static void
handle_users_list (Req *req)
{
  Flock *flock = req_flock (req);
  UsersCache *cache;
  gboolean is_exchange;

  if (flock == NULL || !check_access (req, flock, &is_exchange))
    return;

  cache = users_cache_get (req->emu);
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (req->msg),
                                         "application/json", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (req->msg), cache->reply);
}

static void
send_template (Req   *req,
               Flock *flock)
{
  gboolean email_keys = req->emu->config.template_email_keys;
  JsonBuilder *b = reply_begin ("success");

  add_string (b, email_keys ? "email_subject" : "subject", flock->subject);
  add_string (b, email_keys ? "email_html" : "html", flock->html);
  if (req->emu->config.template_sender)
    add_string (b, email_keys ? "email_sender" : "sender", flock->sender ? flock->sender : "");
  reply_send (req->msg, SOUP_STATUS_OK, b);
}

static void
handle_email (Req *req)
{
  Flock *flock = req_flock (req);
  const char *subject, *html, *sender;
  JsonBuilder *b;

  if (flock == NULL)
    return;
  if (strcmp (req->method, "POST") != 0)
    {
      send_template (req, flock);
      return;
    }

  subject = req_param (req, "email_subject");
  html = req_param (req, "email_html");
  sender = req_param (req, "email_sender");

  b = record_begin ();
  add_string (b, "flock_id", flock->id);
  add_string (b, "subject", subject);
  add_bool (b, "sender_present", sender != NULL);
  if (sender != NULL)
    add_string (b, "sender", sender);
  add_bool (b, "saved", subject && *subject && html && *html);
  record_add (req->emu->record.template_saves, b);

  if (subject == NULL || *subject == '\0' || html == NULL || *html == '\0')
    {
      send_error (req->msg, SOUP_STATUS_OK, "Subject and HTML are required");
      return;
    }
  g_free (flock->subject);
  flock->subject = g_strdup (subject);
  g_free (flock->html);
  flock->html = g_strdup (html);
  if (sender != NULL)
    {
      g_free (flock->sender);
      flock->sender = g_strdup (sender);
    }
  send_template (req, flock);
}

static GStrv
split_addresses (const char *list)
{
  g_auto(GStrv) parts = g_strsplit (list ? list : "", ",", -1);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (out, g_strdup (parts[i]));
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (out, FALSE);
}

static void
record_create (Req                *req,
               Flock              *flock,
               const char * const *addresses,
               gboolean            is_exchange,
               const char         *rejected)
{
  JsonBuilder *b = record_begin ();

  add_string (b, "flock_id", flock->id);
  add_strv (b, "user_emails", addresses);
  add_bool (b, "is_exchange", is_exchange);
  add_bool (b, "accepted", rejected == NULL);
  if (rejected != NULL)
    add_string (b, "message", rejected);
  record_add (req->emu->record.create_calls, b);
}

static void
job_start (Emulator *emu,
           Flock    *flock,
           GStrv     addresses)
{
  Job *job = g_new0 (Job, 1);

  job->emu = emu;
  job->flock = flock;
  job->addresses = addresses;
  job->total = g_strv_length (addresses);
  job->failed_users = g_ptr_array_new_with_free_func (g_free);
  job->timeout_id = g_timeout_add (emu->config.insert_interval_ms, job_tick_cb, job);
  g_clear_pointer (&flock->job, job_free);
  flock->job = job;
}

static void
handle_create (Req *req)
{
  Flock *flock = req_flock (req);
  g_auto(GStrv) addresses = NULL;
  const char *rejected = NULL;
  gboolean is_exchange;

  if (flock == NULL || !check_access (req, flock, &is_exchange))
    return;

  addresses = split_addresses (req_param (req, "user_emails"));
  if (addresses[0] == NULL)
    rejected = "No user_emails given";
  else if (flock->job != NULL && !job_done (flock->job))
    rejected = "A tokening job is already running";
  record_create (req, flock, (const char * const *) addresses, is_exchange, rejected);

  if (rejected != NULL)
    {
      send_error (req->msg, SOUP_STATUS_OK, rejected);
      return;
    }
  job_start (req->emu, flock, g_steal_pointer (&addresses));
  send_success (req->msg);
}

static void
handle_status (Req *req)
{
  Flock *flock = req_flock (req);
  const Config *config = &req->emu->config;
  gboolean strings = config->status_strings || req->strings;
  const Job *job;
  JsonBuilder *b;

  if (flock == NULL)
    return;

  job = flock->job;
  b = reply_begin ("success");
  if (config->status_nested)
    {
      json_builder_set_member_name (b, "status");
      json_builder_begin_object (b);
    }
  add_counter (b, "successful", job ? job->successful : 0, strings);
  add_counter (b, "failed", job ? job->failed : 0, strings);
  add_counter (b, "total", job ? job->total : 0, strings);
  if (config->status_nested)
    json_builder_end_object (b);
  add_string_array (b, "failed_users", job ? job->failed_users : NULL);
  if (job != NULL && job_done (job))
    add_bool (b, "done", TRUE);
  reply_send (req->msg, SOUP_STATUS_OK, b);
}

/* ------------------------------------------------------------------------ */
/* The demo Microsoft sign-in                                               */
/* ------------------------------------------------------------------------ */

static gboolean
redirect_uri_allowed (const char *redirect_uri)
{
  g_autoptr(GUri) uri = NULL;
  const char *path;

  if (redirect_uri == NULL)
    return FALSE;
  uri = g_uri_parse (redirect_uri, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;
  if (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
      g_strcmp0 (g_uri_get_scheme (uri), "https") != 0)
    return FALSE;
  path = g_uri_get_path (uri);
  return g_strcmp0 (path, REDIRECT_PATH) == 0 || g_strcmp0 (path, CALLBACK_PATH) == 0;
}

static const char *
ms_error_description (const char *error)
{
  if (g_strcmp0 (error, "access_denied") == 0)
    return "The user has denied access to the scope requested by the client application.";
  if (g_strcmp0 (error, "consent_required") == 0)
    return "AADSTS65001: The user or administrator has not consented to use the application.";
  if (g_strcmp0 (error, "interaction_required") == 0)
    return "AADSTS50076: The sign-in needs more interaction from the user.";
  return "AADSTS50000: There was an error issuing a token or an authorization code.";
}

static void
send_ms_error_page (Req        *req,
                    const char *code,
                    const char *text)
{
  g_autofree char *body = g_markup_printf_escaped (
    "<p>Sorry, but we’re having trouble signing you in.</p>\n"
    "<p class=\"note\">%s: %s</p>", code, text);

  send_html (req->msg, SOUP_STATUS_BAD_REQUEST, "Sign in to your account", body);
}

static void
redirect_with_error (Req        *req,
                     const char *redirect_uri,
                     const char *error,
                     const char *state)
{
  const char *pairs[] = {
    "error", error, "error_description", ms_error_description (error), "state", state,
  };
  g_autofree char *location = append_query (redirect_uri, pairs, G_N_ELEMENTS (pairs) / 2);

  soup_server_message_set_redirect (req->msg, SOUP_STATUS_FOUND, location);
}

static void
send_consent_page (Req        *req,
                   const char *redirect_uri,
                   const char *state,
                   const char *login_hint)
{
  GString *page = g_string_new ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                                "<title>Sign in to your account</title>\n");
  g_autofree char *fields = g_markup_printf_escaped (
    "<input type=\"hidden\" name=\"client_id\" value=\"%s\">\n"
    "<input type=\"hidden\" name=\"redirect_uri\" value=\"%s\">\n"
    "<input type=\"hidden\" name=\"state\" value=\"%s\">\n"
    "<input type=\"hidden\" name=\"login_hint\" value=\"%s\">\n",
    DEMO_CLIENT_ID, redirect_uri, state ? state : "", login_hint ? login_hint : "");
  g_autofree char *who = g_markup_escape_text (login_hint && *login_hint ? login_hint
                                                                         : "admin@contoso.com", -1);

  g_string_append (page, page_style);
  /* The buttons come first and sit at fixed places: UI tests click them with xdotool. */
  g_string_append (page, "</head><body>\n<form method=\"post\" action=\"/ms/consent\">\n");
  g_string_append (page, fields);
  g_string_append (page, "<button id=\"accept\" type=\"submit\" name=\"action\" value=\"accept\">Accept</button>\n"
                         "<button id=\"cancel\" type=\"submit\" name=\"action\" value=\"cancel\">Cancel</button>\n"
                         "</form>\n<div class=\"card\">\n");
  g_string_append (page, page_brand);
  g_string_append_printf (page, "<h1>Permissions requested</h1>\n<div class=\"who\">%s</div>\n", who);
  g_string_append (page, "<div class=\"perms\"><b>Baitbox Demo</b> wants to:\n<ul>\n"
                         "<li>Read the directory (all users’ basic profiles)</li>\n"
                         "<li>Write mail in all mailboxes</li>\n</ul>\n"
                         "<p class=\"note\">This is the Baitbox demo Console’s stand-in for the "
                         "Microsoft sign-in page. No Microsoft account is used.</p></div>\n"
                         "</div>\n</body></html>\n");

  /* Like Microsoft's, the page leaves a session cookie: the sign-in view must forget it. */
  soup_message_headers_append (soup_server_message_get_response_headers (req->msg),
                               "Set-Cookie", "bb_ms_session=demo; Path=/; Max-Age=86400; HttpOnly");
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    page->str, page->len);
  g_string_free (page, FALSE);
}

/* Pages that try the sign-in view's lockdown (tests/ui/test-signin-page.c). */

/* A file the view must not download. */
static void
handle_ms_download (Req *req)
{
  static const char data[] = "MZ not really a program\n";

  soup_message_headers_append (soup_server_message_get_response_headers (req->msg),
                               "Content-Disposition", "attachment; filename=\"setup.exe\"");
  send_text (req->msg, SOUP_STATUS_OK, "application/octet-stream", data, sizeof data - 1);
}

/* A link that asks for a new window, at the accept button's place (x=40, y=140,
 * 200×60 CSS px), for a real click. */
static void
handle_ms_popup (Req *req)
{
  GString *page = g_string_new ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                                "<title>Open a window</title>\n");

  g_string_append (page, page_style);
  g_string_append (page, "</head><body>\n<a id=\"accept\" target=\"_blank\" href=\"/ms/landed\" "
                         "style=\"display:block\">Open in a new window</a>\n</body></html>\n");
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    page->str, page->len);
  g_string_free (page, FALSE);
}

static void
handle_ms_landed (Req *req)
{
  send_html (req->msg, SOUP_STATUS_OK, "Landed", "<p>The new window’s page.</p>");
}

static void
handle_ms_authorize (Req *req)
{
  const char *redirect_uri = req_param (req, "redirect_uri");
  const char *state = req_param (req, "state");

  if (g_strcmp0 (req_param (req, "client_id"), DEMO_CLIENT_ID) != 0)
    send_ms_error_page (req, "AADSTS700016",
                        "Application with the identifier given in client_id was not found in the directory.");
  else if (!redirect_uri_allowed (redirect_uri))
    send_ms_error_page (req, "AADSTS50011",
                        "The redirect URI specified in the request does not match the redirect URIs "
                        "configured for the application.");
  else if (g_strcmp0 (req_param (req, "response_type"), "code") != 0)
    send_ms_error_page (req, "AADSTS900144", "The request must contain response_type=code.");
  else if (req->emu->config.auto_accept)
    {
      const char *pairs[] = { "action", "accept", "redirect_uri", redirect_uri, "state", state };
      g_autofree char *location = append_query ("/ms/consent", pairs, G_N_ELEMENTS (pairs) / 2);

      soup_server_message_set_redirect (req->msg, SOUP_STATUS_FOUND, location);
    }
  else
    send_consent_page (req, redirect_uri, state, req_param (req, "login_hint"));
}

static void
handle_ms_consent (Req *req)
{
  const char *action = req_param (req, "action");
  const char *redirect_uri = req_param (req, "redirect_uri");
  const char *state = req_param (req, "state");
  const Config *config = &req->emu->config;

  if (!redirect_uri_allowed (redirect_uri))
    send_ms_error_page (req, "AADSTS50011", "The redirect URI is missing or not registered.");
  else if (g_strcmp0 (action, "cancel") == 0)
    redirect_with_error (req, redirect_uri, "access_denied", state);
  else if (g_strcmp0 (action, "accept") != 0)
    send_ms_error_page (req, "AADSTS90014", "The request is missing the consent decision.");
  else if (config->ms_error != NULL)
    redirect_with_error (req, redirect_uri, config->ms_error, state);
  else
    {
      g_autofree char *random = random_hex (6);
      g_autofree char *code = g_strconcat ("M.C5_DEMO.", random, NULL);
      g_autofree char *wrong = config->ms_wrong_state ? g_strconcat ("wrong-", random + 40, NULL)
                                                      : NULL;
      const char *pairs[] = { "redirect_uri", redirect_uri, "code", code,
                              "state", wrong ? wrong : state };
      g_autofree char *location = append_query ("/ms/continue", pairs, G_N_ELEMENTS (pairs) / 2);

      g_hash_table_replace (req->emu->codes, g_strdup (code), g_strdup (state ? state : ""));
      soup_server_message_set_redirect (req->msg, SOUP_STATUS_FOUND, location);
    }
}

static void
handle_ms_continue (Req *req)
{
  const char *redirect_uri = req_param (req, "redirect_uri");

  if (!redirect_uri_allowed (redirect_uri))
    send_ms_error_page (req, "AADSTS50011", "The redirect URI is missing or not registered.");
  else
    {
      const char *pairs[] = { "code", req_param (req, "code"), "state", req_param (req, "state") };
      g_autofree char *location = append_query (redirect_uri, pairs, G_N_ELEMENTS (pairs) / 2);

      soup_server_message_set_redirect (req->msg, SOUP_STATUS_FOUND, location);
    }
}

static Flock *
flock_by_state (Emulator   *emu,
                const char *state)
{
  for (guint i = 0; state != NULL && i < N_FLOCKS; i++)
    if (g_strcmp0 (emu->flocks[i].pending_state, state) == 0)
      return &emu->flocks[i];
  return NULL;
}

/* The 2025 Console's own redirect target: it completes the code exchange itself. */
static void
handle_callback (Req *req)
{
  const char *error = req_param (req, "error");
  const char *state = req_param (req, "state");
  Flock *flock = flock_by_state (req->emu, state);
  gboolean code_valid;

  if (error != NULL)
    {
      g_autofree char *body = g_markup_printf_escaped ("<p>Microsoft reported: %s</p>", error);
      send_html (req->msg, SOUP_STATUS_BAD_REQUEST, "Sign-in failed", body);
      return;
    }

  code_valid = consume_code (req->emu, req_param (req, "code"));
  record_oauth (req->emu, "callback", code_valid, flock != NULL, state, NULL,
                flock ? flock->id : NULL);
  if (!code_valid || flock == NULL)
    {
      send_html (req->msg, SOUP_STATUS_BAD_REQUEST, "Sign-in failed",
                 "<p>Invalid OAuth code or state.</p>");
      return;
    }
  flock->signed_in = TRUE;
  g_clear_pointer (&flock->pending_state, g_free);
  send_html (req->msg, SOUP_STATUS_OK, "Signed in — you can return to Baitbox",
             "<p>The Console can now read your directory and write mail.</p>");
}

static void
handle_redirect (Req *req)
{
  send_html (req->msg, SOUP_STATUS_OK, "Baitbox demo redirect",
             "<p>This is the OAuth redirect target. Baitbox should have caught this "
             "navigation before it loaded.</p>");
}

static void
handle_index (Req *req)
{
  send_html (req->msg, SOUP_STATUS_OK, "Baitbox demo Console",
             "<p>This is the Baitbox Console emulator. Point Baitbox at this address; "
             "the API lives under <code>/api/v1/</code> and takes the token in the "
             "<code>X-Canary-Auth-Token</code> header.</p>");
}

/* ------------------------------------------------------------------------ */
/* Dispatch                                                                 */
/* ------------------------------------------------------------------------ */

static const Route routes[] = {
  { "/", "index", "GET", FALSE, handle_index },
  { "/api/v1/ping", "ping", "GET", TRUE, handle_ping },
  { "/api/v1/console/features", "features", "GET", TRUE, handle_features },
  { "/api/v1/flocks/list", "flocks", "GET", TRUE, handle_flocks },
  { "/api/v1/canarytoken/office365/initiate", "initiate", "POST", TRUE, handle_initiate },
  { "/api/v1/canarytoken/office365/oauth/token", "oauth/token", "POST", TRUE, handle_oauth_token },
  { "/api/v1/canarytoken/office365/users/list", "users/list", "POST", TRUE, handle_users_list },
  { "/api/v1/canarytoken/office365/email", "email", NULL, TRUE, handle_email },
  { "/api/v1/canarytoken/office365/create", "create", "POST", TRUE, handle_create },
  { STATUS_V1_PATH, "status", "GET", TRUE, handle_status },
  { STATUS_OLD_PATH, "status", "GET", TRUE, handle_status },
  /* Loaded by the sign-in web view, which sends no token. */
  { CALLBACK_PATH, "callback", "GET", FALSE, handle_callback },
  { REDIRECT_PATH, "oauth/redirect", NULL, FALSE, handle_redirect },
  { "/ms/authorize", "ms/authorize", "GET", FALSE, handle_ms_authorize },
  { "/ms/consent", "ms/consent", NULL, FALSE, handle_ms_consent },
  { "/ms/continue", "ms/continue", "GET", FALSE, handle_ms_continue },
  { "/ms/download", "ms/download", "GET", FALSE, handle_ms_download },
  { "/ms/popup", "ms/popup", "GET", FALSE, handle_ms_popup },
  { "/ms/landed", "ms/landed", "GET", FALSE, handle_ms_landed },
};

static const Route *
find_route (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (strcmp (routes[i].path, path) == 0)
      return &routes[i];
  return NULL;
}

static gboolean
route_disabled (Emulator    *emu,
                const Route *route)
{
  if (route->func == handle_features)
    return !emu->config.features_endpoint;
  if (strcmp (route->path, STATUS_V1_PATH) == 0)
    return !emu->config.status_v1;
  return FALSE;
}

static gboolean
method_allowed (const Route *route,
                const char  *method)
{
  if (g_strcmp0 (method, "HEAD") == 0)
    method = "GET";
  if (route->method != NULL)
    return g_strcmp0 (route->method, method) == 0;
  return g_strcmp0 (method, "GET") == 0 || g_strcmp0 (method, "POST") == 0;
}

/* Consumes one use of the endpoint's fault, if any. */
static Fault *
take_fault (Emulator   *emu,
            const char *endpoint)
{
  Fault *fault = g_hash_table_lookup (emu->faults, endpoint);
  Fault *copy;

  if (fault == NULL)
    return NULL;
  copy = g_memdup2 (fault, sizeof *fault);
  copy->message = g_strdup (fault->message);
  if (!fault->forever && --fault->remaining == 0)
    g_hash_table_remove (emu->faults, endpoint);
  return copy;
}

static void
send_invalid_utf8 (Req *req)
{
  static const struct { const char *endpoint, *body; } bodies[] = {
    { "flocks", "{\"result\": \"success\", \"flocks\": {\"flock:default\": \"Default \xff\xfe Flock\"}}" },
    { "users/list", "{\"result\": \"success\", \"user_emails\": [\"ann@contoso.com\", "
                    "{\"email\": \"bob@contoso.com\", \"name\": \"Bob \xff\xfe Baker\"}]}" },
    { "email", "{\"result\": \"success\", \"subject\": \"Password \xff\xfe reset\", \"html\": \"<p>Hi</p>\"}" },
    { "status", "{\"result\": \"success\", \"successful\": 1, \"failed\": 1, \"total\": 2, "
                "\"failed_users\": [\"\xff\xfe@contoso.com\"], \"done\": true}" },
    { "initiate", "{\"result\": \"success\", \"state\": \"\xff\xfe\"}" },
  };
  const char *body = "{\"result\": \"success\", \"message\": \"caf\xff\xfe\"}";

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    if (g_strcmp0 (req->endpoint, bodies[i].endpoint) == 0)
      body = bodies[i].body;
  send_text (req->msg, SOUP_STATUS_OK, "application/json", body, -1);
}

static const char reset_raw[] =
  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"result\": \"succ";

/* Faults that replace the answer; returns FALSE for those that modify it. */
static gboolean
apply_fault (Req         *req,
             const Fault *fault)
{
  SoupServerMessage *msg = req->msg;
  g_autofree char *retry = NULL;

  switch (fault->kind)
    {
    case FAULT_MALFORMED:
      send_text (msg, SOUP_STATUS_OK, "application/json", "{\"result\": \"success\", \"flocks\": {", -1);
      return TRUE;
    case FAULT_HTML500:
      send_html (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "500 Internal Server Error",
                 "<p>The server encountered an internal error.</p>");
      return TRUE;
    case FAULT_HANG:
      soup_server_message_pause (msg);
      return TRUE;
    case FAULT_OVERSIZED:
      send_oversized (req, fault->size_mb);
      return TRUE;
    case FAULT_RESET:
      drop_connection (msg, reset_raw);
      return TRUE;
    case FAULT_429:
      retry = g_strdup_printf ("%u", fault->retry_after);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", retry);
      send_html (msg, 429, "429 Too Many Requests", "<p>Slow down.</p>");
      soup_server_message_set_status (msg, 429, "Too Many Requests");
      return TRUE;
    case FAULT_NONJSON:
      send_text (msg, SOUP_STATUS_OK, "text/plain", "OK", -1);
      return TRUE;
    case FAULT_ERROR:
      send_error (msg, SOUP_STATUS_OK, fault->message);
      return TRUE;
    case FAULT_404:
      send_not_found (msg);
      return TRUE;
    case FAULT_401:
      send_html (msg, SOUP_STATUS_UNAUTHORIZED, "401 Unauthorized", "<p>Sign in first.</p>");
      return TRUE;
    case FAULT_403:
      send_html (msg, SOUP_STATUS_FORBIDDEN, "403 Forbidden", "<p>Access denied.</p>");
      return TRUE;
    case FAULT_INVALID_UTF8:
      send_invalid_utf8 (req);
      return TRUE;
    case FAULT_SLOW:
    case FAULT_STRINGS:
    case FAULT_DROP_AFTER_ACCEPT:
    case FAULT_MISSING_FIELD:
    case FAULT_WRONG_TYPE:
    default:
      return FALSE;
    }
}

/* The member each endpoint's success reply cannot do without (the first of the
 * names present), which "missing-field" drops and "wrong-type" retypes. */
static const struct { const char *endpoint, *members[3]; } required_members[] = {
  { "ping", { "result" } },
  { "features", { "features" } },
  { "flocks", { "flocks" } },
  { "initiate", { "state", "url" } },
  { "oauth/token", { "result" } },
  { "users/list", { "user_emails" } },
  { "email", { "html", "email_html" } },
  { "create", { "result" } },
  { "status", { "total" } },
};

/* A value of another JSON type: a string becomes a number, a number a boolean,
 * anything else a string. */
static JsonNode *
retyped_node (JsonNode *node)
{
  JsonNode *other = json_node_new (JSON_NODE_VALUE);

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    json_node_set_int (other, 42);
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    json_node_set_boolean (other, TRUE);
  else
    json_node_set_string (other, "wrong type");

  return other;
}

/* The object holding the endpoint's required member (status counters may be
 * nested under "status"), and the member's name; FALSE when there is none. */
static gboolean
find_required_member (JsonObject  *root,
                      const char  *endpoint,
                      JsonObject **holder,
                      const char **name)
{
  JsonNode *nested = json_object_get_member (root, "status");

  for (guint i = 0; i < G_N_ELEMENTS (required_members); i++)
    {
      if (g_strcmp0 (endpoint, required_members[i].endpoint) != 0)
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (required_members[i].members); j++)
        {
          const char *member = required_members[i].members[j];

          if (member == NULL)
            break;
          *name = member;
          *holder = root;
          if (nested != NULL && JSON_NODE_HOLDS_OBJECT (nested) &&
              json_object_has_member (json_node_get_object (nested), member))
            *holder = json_node_get_object (nested);
          if (json_object_has_member (*holder, member))
            return TRUE;
        }
    }

  return FALSE;
}

/* missing-field, wrong-type: the request was handled as usual (a create starts
 * its job); its 200 success reply then loses or retypes the required member. */
static void
mutate_reply (Req       *req,
              FaultKind  kind)
{
  SoupMessageBody *body = soup_server_message_get_response_body (req->msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  JsonObject *root, *holder;
  const char *name;
  gsize len = 0;
  char *data;

  if (soup_server_message_get_status (req->msg) != SOUP_STATUS_OK)
    return;
  bytes = soup_message_body_flatten (body);
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "result", NULL), "success") != 0 ||
      !find_required_member (root, req->endpoint, &holder, &name))
    return;

  if (kind == FAULT_MISSING_FIELD)
    json_object_remove_member (holder, name);
  else
    json_object_set_member (holder, name, retyped_node (json_object_get_member (holder, name)));

  json_generator_set_root (gen, json_parser_get_root (parser));
  data = json_generator_to_data (gen, &len);
  soup_message_body_truncate (body);
  soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_TAKE, data, len);
}

static void
dispatch (Req         *req,
          const Route *route)
{
  g_autoptr(Fault) fault = NULL;

  if (route == NULL || route_disabled (req->emu, route))
    {
      send_not_found (req->msg);
      return;
    }
  if (route->api)
    {
      fault = take_fault (req->emu, route->endpoint);
      if (fault != NULL && apply_fault (req, fault))
        return;
      if (!check_auth (req))
        return;
    }

  if (!method_allowed (route, req->method))
    send_error (req->msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed");
  else
    {
      req->strings = fault != NULL && fault->kind == FAULT_STRINGS;
      route->func (req);
      if (fault != NULL &&
          (fault->kind == FAULT_MISSING_FIELD || fault->kind == FAULT_WRONG_TYPE))
        mutate_reply (req, fault->kind);
    }

  if (fault != NULL && fault->kind == FAULT_SLOW)
    delay_reply (req->emu, req->msg, fault->delay_ms);
  else if (fault != NULL && fault->kind == FAULT_DROP_AFTER_ACCEPT)
    drop_connection (req->msg, NULL);
}

static void control_dispatch (Emulator          *emu,
                              SoupServerMessage *msg,
                              const char        *path,
                              GHashTable        *query);

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Emulator *emu = user_data;
  const Route *route;
  Req req = { 0 };

  if (g_str_has_prefix (path, "/_emulator/"))
    {
      control_dispatch (emu, msg, path, query);
      return;
    }

  route = find_route (path);
  req_init (&req, emu, msg, path, query);
  req.endpoint = route ? route->endpoint : NULL;
  record_request (&req);
  if (!emu->accepting)
    drop_connection (msg, NULL);
  else
    dispatch (&req, route);
  req_clear (&req);
}

static void
request_finished_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  Emulator *emu = user_data;
  RecReq *rec = g_object_get_data (G_OBJECT (msg), "bb-emulator-record");
  guint status = soup_server_message_get_status (msg);
  GUri *uri;
  g_autofree char *path = NULL;

  if (rec != NULL)
    rec->status = status;
  if (emu->quiet)
    return;

  /* Method, path and status only: never the query, a form value or a header. */
  uri = soup_server_message_get_uri (msg);
  path = sanitize (uri ? g_uri_get_path (uri) : "?");
  g_printerr ("%s %s %u\n", soup_server_message_get_method (msg), path, status);
}

/* ------------------------------------------------------------------------ */
/* Control API                                                              */
/* ------------------------------------------------------------------------ */

static void
config_clear (Config *c)
{
  g_clear_pointer (&c->exchange_username, g_free);
  g_clear_pointer (&c->exchange_password, g_free);
  g_clear_pointer (&c->ms_error, g_free);
}

static void
config_copy (Config       *dest,
             const Config *src)
{
  *dest = *src;
  dest->exchange_username = g_strdup (src->exchange_username);
  dest->exchange_password = g_strdup (src->exchange_password);
  dest->ms_error = g_strdup (src->ms_error);
}

typedef enum
{
  SET_OK,
  SET_UNKNOWN,
  SET_BAD_VALUE,
} SetResult;

static SetResult
config_set_table_field (Config     *c,
                        const char *key,
                        const char *value)
{
  for (guint i = 0; i < G_N_ELEMENTS (config_fields); i++)
    {
      const ConfigField *f = &config_fields[i];
      gpointer member = G_STRUCT_MEMBER_P (c, f->offset);

      if (strcmp (f->name, key) != 0)
        continue;
      if (f->type == FIELD_BOOL)
        return parse_bool (value, member) ? SET_OK : SET_BAD_VALUE;
      if (f->type == FIELD_UINT)
        return parse_uint (value, f->max, member) ? SET_OK : SET_BAD_VALUE;
      g_free (*(char **) member);
      *(char **) member = (*value != '\0' || strcmp (key, "ms_error") != 0) ? g_strdup (value) : NULL;
      return SET_OK;
    }
  return SET_UNKNOWN;
}

static SetResult
config_set (Config     *c,
            const char *key,
            const char *value)
{
  int index;

  if (strcmp (key, "generation") == 0)
    {
      if (g_strcmp0 (value, "2020") != 0 && g_strcmp0 (value, "2025") != 0)
        return SET_BAD_VALUE;
      c->generation = (guint) atoi (value);
    }
  else if (strcmp (key, "office365_mail_token") == 0)
    {
      if ((index = name_index (mail_flag_names, value)) < 0)
        return SET_BAD_VALUE;
      c->office365_mail_token = (MailFlag) index;
    }
  else if (strcmp (key, "status_shape") == 0)
    {
      if (g_strcmp0 (value, "flat") != 0 && g_strcmp0 (value, "nested") != 0)
        return SET_BAD_VALUE;
      c->status_nested = strcmp (value, "nested") == 0;
    }
  else if (strcmp (key, "template_keys") == 0)
    {
      if (g_strcmp0 (value, "plain") != 0 && g_strcmp0 (value, "email") != 0)
        return SET_BAD_VALUE;
      c->template_email_keys = strcmp (value, "email") == 0;
    }
  else
    return config_set_table_field (c, key, value);
  return SET_OK;
}

static void
control_error (SoupServerMessage *msg,
               const char        *what,
               const char        *key)
{
  g_autofree char *text = g_strdup_printf ("%s: %s", what, key);

  send_error (msg, SOUP_STATUS_BAD_REQUEST, text);
}

static void
control_config (Emulator          *emu,
                SoupServerMessage *msg,
                GHashTable        *form)
{
  Flock *flock = find_flock (emu, g_hash_table_lookup (form, "flock_id"));
  const char *signed_in = g_hash_table_lookup (form, "signed_in");
  gboolean signed_in_value = FALSE;
  GHashTableIter iter;
  gpointer key, value;
  Config tmp;

  if (flock == NULL)
    {
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "Flock not found");
      return;
    }
  if (signed_in != NULL && !parse_bool (signed_in, &signed_in_value))
    {
      control_error (msg, "Bad value for", "signed_in");
      return;
    }

  config_copy (&tmp, &emu->config);
  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SetResult result;

      if (strcmp (key, "flock_id") == 0 || strcmp (key, "signed_in") == 0)
        continue;
      result = config_set (&tmp, key, value);
      if (result != SET_OK)
        {
          control_error (msg, result == SET_UNKNOWN ? "Unknown config field" : "Bad value for", key);
          config_clear (&tmp);
          return;
        }
    }

  config_clear (&emu->config);
  emu->config = tmp;
  if (signed_in != NULL)
    flock->signed_in = signed_in_value;
  send_success (msg);
}

static gboolean
fault_set_field (Fault      *fault,
                 const char *key,
                 const char *value)
{
  if (strcmp (key, "count") == 0)
    {
      if (!parse_uint (value, G_MAXINT, &fault->remaining))
        return FALSE;
      fault->forever = fault->remaining == 0;
      return TRUE;
    }
  if (strcmp (key, "delay_ms") == 0)
    return parse_uint (value, 3600000, &fault->delay_ms);
  if (strcmp (key, "retry_after") == 0)
    return parse_uint (value, 86400, &fault->retry_after);
  if (strcmp (key, "size_mb") == 0)
    return parse_uint (value, 4096, &fault->size_mb);
  if (strcmp (key, "message") == 0)
    {
      g_free (fault->message);
      fault->message = g_strdup (value);
      return TRUE;
    }
  return strcmp (key, "endpoint") == 0 || strcmp (key, "kind") == 0;
}

static void
control_fault (Emulator          *emu,
               SoupServerMessage *msg,
               GHashTable        *form)
{
  const char *endpoint = g_hash_table_lookup (form, "endpoint");
  int kind = name_index (fault_kind_names, g_hash_table_lookup (form, "kind"));
  g_autoptr(Fault) fault = g_new0 (Fault, 1);
  GHashTableIter iter;
  gpointer key, value;

  if (name_index (fault_endpoints, endpoint) < 0)
    {
      control_error (msg, "Bad value for", "endpoint");
      return;
    }
  if (kind < 0)
    {
      control_error (msg, "Bad value for", "kind");
      return;
    }

  fault->kind = (FaultKind) kind;
  fault->remaining = 1;
  fault->delay_ms = 3000;
  fault->retry_after = 1;
  fault->size_mb = 5;
  fault->message = g_strdup ("Simulated Console error");
  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!fault_set_field (fault, key, value))
      {
        control_error (msg, "Bad fault field", key);
        return;
      }

  g_hash_table_replace (emu->faults, g_strdup (endpoint), g_steal_pointer (&fault));
  send_success (msg);
}

static void
emulator_reset (Emulator *emu)
{
  config_clear (&emu->config);
  config_copy (&emu->config, &emu->initial);
  for (guint i = 0; i < N_FLOCKS; i++)
    flock_reset (&emu->flocks[i], i, &emu->config);
  g_hash_table_remove_all (emu->codes);
  g_hash_table_remove_all (emu->faults);
  record_clear (&emu->record);
  record_init (&emu->record);
  emu->accepting = TRUE;
}

static void
send_record (Emulator          *emu,
             SoupServerMessage *msg)
{
  Record *r = &emu->record;
  UsersCache *users = users_cache_get (emu);
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "requests");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->requests->len; i++)
    rec_req_to_json (b, g_ptr_array_index (r->requests, i));
  json_builder_end_array (b);
  add_counts (b, r);
  add_json_array (b, "create_calls", r->create_calls);
  add_json_array (b, "oauth_calls", r->oauth_calls);
  add_json_array (b, "template_saves", r->template_saves);
  add_string_array (b, "tokened", r->tokened);
  json_builder_set_member_name (b, "redirect_uri_hits");
  json_builder_add_int_value (b, r->redirect_uri_hits);
  json_builder_set_member_name (b, "status_paths");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, STATUS_V1_PATH);
  json_builder_add_int_value (b, r->status_v1_hits);
  json_builder_set_member_name (b, STATUS_OLD_PATH);
  json_builder_add_int_value (b, r->status_old_hits);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "users");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "valid");
  json_builder_add_int_value (b, users->valid->len);
  json_builder_set_member_name (b, "duplicates");
  json_builder_add_int_value (b, users->n_duplicates);
  json_builder_set_member_name (b, "invalid");
  json_builder_add_int_value (b, users->n_invalid);
  json_builder_end_object (b);
  reply_send (msg, SOUP_STATUS_OK, b);
}

static void
send_users (Emulator          *emu,
            SoupServerMessage *msg)
{
  UsersCache *users = users_cache_get (emu);
  GString *out = g_string_sized_new ((gsize) users->valid->len * 28 + 4);

  g_string_append_c (out, '[');
  for (guint i = 0; i < users->valid->len; i++)
    {
      if (i > 0)
        g_string_append (out, ",\n");
      append_json_string (out, g_ptr_array_index (users->valid, i));
    }
  g_string_append (out, "]\n");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, out->str, out->len);
  g_string_free (out, FALSE);
}

static void
send_config (Emulator          *emu,
             SoupServerMessage *msg)
{
  const Config *c = &emu->config;
  JsonBuilder *b = reply_begin ("success");

  json_builder_set_member_name (b, "generation");
  json_builder_add_int_value (b, c->generation);
  json_builder_set_member_name (b, "users");
  json_builder_add_int_value (b, c->users);
  add_bool (b, "extras", c->extras);
  json_builder_set_member_name (b, "insert_interval_ms");
  json_builder_add_int_value (b, c->insert_interval_ms);
  json_builder_set_member_name (b, "fail_every");
  json_builder_add_int_value (b, c->fail_every);
  add_string (b, "office365_mail_token", mail_flag_names[c->office365_mail_token]);
  add_bool (b, "features_endpoint", c->features_endpoint);
  add_bool (b, "status_v1", c->status_v1);
  add_string (b, "status_shape", c->status_nested ? "nested" : "flat");
  add_bool (b, "status_strings", c->status_strings);
  add_bool (b, "template_sender", c->template_sender);
  add_string (b, "template_keys", c->template_email_keys ? "email" : "plain");
  add_string (b, "exchange_username", c->exchange_username);
  add_string (b, "ms_error", c->ms_error ? c->ms_error : "");
  add_bool (b, "ms_wrong_state", c->ms_wrong_state);
  add_bool (b, "auto_accept", c->auto_accept);
  add_bool (b, "accepting", emu->accepting);
  reply_send (msg, SOUP_STATUS_OK, b);
}

static gboolean
is_loopback_peer (SoupServerMessage *msg)
{
  GSocketAddress *addr = soup_server_message_get_remote_address (msg);

  return G_IS_INET_SOCKET_ADDRESS (addr) &&
         g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (addr)));
}

static void
control_post (Emulator          *emu,
              SoupServerMessage *msg,
              const char        *verb,
              GHashTable        *form)
{
  if (strcmp (verb, "config") == 0)
    control_config (emu, msg, form);
  else if (strcmp (verb, "fault") == 0)
    control_fault (emu, msg, form);
  else if (strcmp (verb, "clear-faults") == 0)
    {
      g_hash_table_remove_all (emu->faults);
      send_success (msg);
    }
  else if (strcmp (verb, "reset") == 0)
    {
      emulator_reset (emu);
      send_success (msg);
    }
  else if (strcmp (verb, "stop-accepting") == 0 || strcmp (verb, "resume") == 0)
    {
      emu->accepting = strcmp (verb, "resume") == 0;
      send_success (msg);
    }
  else
    send_not_found (msg);
}

static void
control_dispatch (Emulator          *emu,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query)
{
  const char *verb = path + strlen ("/_emulator/");
  const char *method = soup_server_message_get_method (msg);

  if (!is_loopback_peer (msg))
    send_error (msg, SOUP_STATUS_FORBIDDEN, "The control API answers loopback clients only");
  else if (strcmp (method, "POST") == 0)
    {
      g_autoptr(GHashTable) form = decode_form (msg);
      control_post (emu, msg, verb, form);
    }
  else if (strcmp (method, "GET") != 0)
    send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed");
  else if (strcmp (verb, "record") == 0)
    send_record (emu, msg);
  else if (strcmp (verb, "users") == 0)
    send_users (emu, msg);
  else if (strcmp (verb, "config") == 0)
    send_config (emu, msg);
  else
    send_not_found (msg);
}

/* ------------------------------------------------------------------------ */
/* Start-up and shutdown                                                    */
/* ------------------------------------------------------------------------ */

static Emulator *
emulator_new (const Config *initial,
              const char   *token,
              gboolean      quiet)
{
  Emulator *emu = g_new0 (Emulator, 1);

  emu->loop = g_main_loop_new (NULL, FALSE);
  emu->token = g_strdup (token);
  emu->quiet = quiet;
  config_copy (&emu->initial, initial);
  config_copy (&emu->config, initial);
  emu->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  emu->faults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) fault_free);
  emu->delayed = g_hash_table_new_full (NULL, NULL, delayed_free, NULL);
  emu->accepting = TRUE;
  record_init (&emu->record);
  for (guint i = 0; i < N_FLOCKS; i++)
    flock_reset (&emu->flocks[i], i, initial);

  emu->server = soup_server_new ("server-header", "baitbox-console-emulator ", NULL);
  soup_server_add_handler (emu->server, NULL, server_cb, emu, NULL);
  g_signal_connect (emu->server, "request-finished", G_CALLBACK (request_finished_cb), emu);
  g_signal_connect (emu->server, "request-aborted", G_CALLBACK (request_finished_cb), emu);
  return emu;
}

static void
emulator_free (Emulator *emu)
{
  g_hash_table_remove_all (emu->delayed);
  soup_server_disconnect (emu->server);
  g_clear_object (&emu->server);
  g_hash_table_unref (emu->delayed);
  for (guint i = 0; i < N_FLOCKS; i++)
    flock_clear (&emu->flocks[i]);
  g_hash_table_unref (emu->codes);
  g_hash_table_unref (emu->faults);
  record_clear (&emu->record);
  g_clear_pointer (&emu->users, users_cache_free);
  g_clear_pointer (&emu->filler[0], g_bytes_unref);
  g_clear_pointer (&emu->filler[1], g_bytes_unref);
  config_clear (&emu->initial);
  config_clear (&emu->config);
  g_free (emu->token);
  g_free (emu->base_url);
  g_main_loop_unref (emu->loop);
  g_free (emu);
}

static gboolean
emulator_listen (Emulator    *emu,
                 const char  *bind,
                 guint        port,
                 GError     **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (bind);
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GInetAddress) shown = NULL;
  GSList *uris;
  g_autofree char *host = NULL;

  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--bind needs a numeric IP address");
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (address, (guint16) port);
  if (!soup_server_listen (emu->server, socket_address, 0, error))
    return FALSE;

  uris = soup_server_get_uris (emu->server);
  emu->port = uris ? (guint) g_uri_get_port (uris->data) : port;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* Links handed out when a request has no usable Host header. */
  if (g_inet_address_get_is_any (address))
    shown = g_inet_address_new_loopback (g_inet_address_get_family (address));
  else
    shown = g_object_ref (address);
  host = g_inet_address_to_string (shown);
  if (g_inet_address_get_family (shown) == G_SOCKET_FAMILY_IPV6)
    emu->base_url = g_strdup_printf ("http://[%s]:%u", host, emu->port);
  else
    emu->base_url = g_strdup_printf ("http://%s:%u", host, emu->port);
  return TRUE;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static const char help_description[] =
  "Serves the Console contract of PROTOCOL.md on http://ADDR:PORT, plus a demo Microsoft\n"
  "sign-in page (/ms/authorize). Prints one line PORT=<n> on stdout once listening.\n"
  "\n"
  "Control API (loopback only, no token; POST takes form fields):\n"
  "  POST /_emulator/config          generation, users, extras, insert_interval_ms, fail_every,\n"
  "                                  office365_mail_token (true|false|absent|string),\n"
  "                                  features_endpoint, status_v1, status_shape (flat|nested),\n"
  "                                  status_strings, template_sender, template_keys (plain|email),\n"
  "                                  signed_in (+ flock_id), exchange_username, exchange_password,\n"
  "                                  ms_error, ms_wrong_state, auto_accept\n"
  "  POST /_emulator/fault           endpoint, kind, count, delay_ms, retry_after, size_mb, message\n"
  "  POST /_emulator/clear-faults    POST /_emulator/reset\n"
  "  POST /_emulator/stop-accepting  (drop every non-control connection)  POST /_emulator/resume\n"
  "  GET  /_emulator/record          GET /_emulator/users          GET /_emulator/config\n"
  "\n"
  "Fault endpoints: ping features flocks initiate oauth/token users/list email create status\n"
  "Fault kinds: malformed html500 slow hang oversized reset 429 nonjson error 404 invalid-utf8\n"
  "             strings drop-after-accept missing-field wrong-type 401 403\n"
  "\n"
  "See tests/emulator/README.md.";

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bind = NULL;
  g_autofree char *port_file = NULL;
  g_autofree char *token = NULL;
  int port = 0, generation = 2020, users = 60, interval = 300;
  gboolean signed_in = FALSE, auto_accept = FALSE, quiet = FALSE;
  Config initial = { 0 };
  guint sigint_id, sigterm_id;
  Emulator *emu;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port to listen on (0: pick a free one)", "N" },
    { "bind", 0, 0, G_OPTION_ARG_STRING, &bind, "Address to listen on (default 127.0.0.1)", "ADDR" },
    { "port-file", 0, 0, G_OPTION_ARG_FILENAME, &port_file, "Also write the port to FILE", "FILE" },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token, "Accepted X-Canary-Auth-Token (default demo-token)", "TOKEN" },
    { "generation", 0, 0, G_OPTION_ARG_INT, &generation, "Shape of the initiate reply: 2020 or 2025", "YEAR" },
    { "users", 0, 0, G_OPTION_ARG_INT, &users, "Mailboxes served by users/list (default 60)", "N" },
    { "insert-interval-ms", 0, 0, G_OPTION_ARG_INT, &interval, "Time per tokened mailbox (default 300)", "MS" },
    { "signed-in", 0, 0, G_OPTION_ARG_NONE, &signed_in, "Start with flock:default signed in to Office365", NULL },
    { "auto-accept", 0, 0, G_OPTION_ARG_NONE, &auto_accept, "The demo Microsoft page accepts without a click", NULL },
    { "quiet", 0, 0, G_OPTION_ARG_NONE, &quiet, "Do not log requests on stderr", NULL },
    { NULL }
  };

  g_set_prgname ("bb-console-emulator");
  context = g_option_context_new ("- a stand-in Canary Console for Baitbox");
  g_option_context_set_description (context, help_description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bb-console-emulator: %s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535 || (generation != 2020 && generation != 2025) ||
      users < 0 || users > MAX_USERS || interval < 0)
    {
      g_printerr ("bb-console-emulator: an option is out of range (see --help)\n");
      return 2;
    }

  initial.generation = (guint) generation;
  initial.users = (guint) users;
  initial.extras = TRUE;
  initial.insert_interval_ms = (guint) interval;
  initial.office365_mail_token = MAIL_FLAG_TRUE;
  initial.features_endpoint = TRUE;
  initial.status_v1 = TRUE;
  initial.template_sender = TRUE;
  initial.signed_in = signed_in;
  initial.exchange_username = g_strdup ("exchange-admin");
  initial.exchange_password = g_strdup ("exchange-pass");
  initial.auto_accept = auto_accept;

  emu = emulator_new (&initial, token ? token : "demo-token", quiet);
  config_clear (&initial);
  if (!emulator_listen (emu, bind ? bind : "127.0.0.1", (guint) port, &error))
    {
      g_printerr ("bb-console-emulator: %s\n", error->message);
      emulator_free (emu);
      return 1;
    }

  if (port_file != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%u\n", emu->port);

      if (!g_file_set_contents (port_file, text, -1, &error))
        {
          g_printerr ("bb-console-emulator: %s\n", error->message);
          emulator_free (emu);
          return 1;
        }
    }

  /* Handlers first: a test may send SIGTERM as soon as it has read the port. */
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, emu->loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, emu->loop);
  g_print ("PORT=%u\n", emu->port);
  fflush (stdout);
  if (!quiet)
    g_printerr ("bb-console-emulator: serving %s\n", emu->base_url);

  g_main_loop_run (emu->loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  emulator_free (emu);
  return 0;
}
