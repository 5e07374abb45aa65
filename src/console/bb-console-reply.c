/* bb-console-reply.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "bb-console-error.h"
#include "bb-console-reply.h"
#include "bb-json-check.h"

/* How much of a body a debug line may show. */
#define MAX_LOGGED_BODY 1024
/* Deeper nesting than any Console reply, shallow enough for json-glib's recursion. */
#define MAX_JSON_DEPTH 512

/* Logs why a reply was not understood, with at most MAX_LOGGED_BODY bytes of it.
 * Only ever at debug level, and never in a GError: the body is the Console's. */
static void
log_protocol_details (const char *reason,
                      GBytes     *body)
{
  g_autofree char *shown = NULL;
  gconstpointer data = NULL;
  gsize size = 0;

  if (!g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    {
      if (body != NULL)
        data = g_bytes_get_data (body, &size);

      shown = g_utf8_make_valid (data != NULL ? data : "", MIN (size, MAX_LOGGED_BODY));
      g_debug ("Unexpected Console reply (%s), %" G_GSIZE_FORMAT " bytes: %s%s",
               reason, size, shown, size > MAX_LOGGED_BODY ? "…" : "");
    }
}

static void
set_protocol_error (GError     **error,
                    const char  *reason,
                    GBytes      *body)
{
  log_protocol_details (reason, body);
  g_set_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL,
               /* Translators: %s is a short technical reason, such as "not JSON" */
               _("Unexpected reply from the Console: %s"), reason);
}

/* The object, or NULL and a short (translated) reason why not. */
static JsonObject *
parse_object (GBytes      *body,
              const char **reason)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size = 0;
  JsonNode *root;

  data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  if (data == NULL || size == 0)
    {
      *reason = _("empty reply");
      return NULL;
    }

  /* json-glib does not promise to refuse every invalid sequence, and stops at
   * NUL bytes: check the whole body first. */
  if (size > G_MAXSSIZE || !g_utf8_validate_len (data, size, NULL))
    {
      *reason = _("not UTF-8 text");
      return NULL;
    }

  /* json-glib 1.6 also takes several values in a row (keeping the first),
   * comments and single quotes, and leaks on broken \u escapes: only one
   * strict RFC 8259 value goes to it. */
  if (!bb_json_check_strict (data, size, MAX_JSON_DEPTH))
    {
      g_debug ("JSON check: the body is not exactly one strict RFC 8259 value");
      *reason = _("not JSON");
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      g_debug ("JSON parser: %s", local_error->message);
      *reason = _("not JSON");
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      *reason = _("not a JSON object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

JsonObject *
bb_console_reply_parse_object (GBytes  *body,
                               GError **error)
{
  const char *reason = NULL;
  JsonObject *object;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  object = parse_object (body, &reason);
  if (object == NULL)
    set_protocol_error (error, reason, body);

  return object;
}

/* Delta-seconds or an HTTP-date (RFC 9110 10.2.3); -1 when neither. */
static gint64
parse_retry_after (const char *header)
{
  g_autofree char *value = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  if (header == NULL)
    return -1;

  value = g_strstrip (g_strdup (header));
  if (value[0] == '\0')
    return -1;

  if (g_ascii_isdigit (value[0]))
    {
      g_autoptr(GError) local_error = NULL;

      if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &seconds, &local_error))
        return (gint64) seconds;

      /* All digits, just too many: "a very long time". */
      if (g_error_matches (local_error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        return G_MAXINT64;

      return -1;
    }

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return -1;

  now = g_date_time_new_now_utc ();

  return MAX (0, g_date_time_difference (date, now) / G_TIME_SPAN_SECOND);
}

static const char *
status_phrase (guint       http_status,
               const char *reason_phrase)
{
  if (reason_phrase != NULL && *reason_phrase != '\0')
    return reason_phrase;

  return soup_status_get_phrase (http_status);
}

/* The rules that hold whatever the body says. */
static gboolean
classify_status_first (guint        http_status,
                       const char  *retry_after_header,
                       gint64      *retry_after,
                       GError     **error)
{
  if (http_status == SOUP_STATUS_UNAUTHORIZED || http_status == SOUP_STATUS_FORBIDDEN)
    {
      g_set_error_literal (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_AUTH,
                           _("The Console rejected the API token"));
      return FALSE;
    }

  if (http_status == 429 /* Too Many Requests: libsoup 3.2 has no name for it */)
    {
      if (retry_after != NULL)
        *retry_after = parse_retry_after (retry_after_header);
      g_set_error_literal (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_RATE_LIMITED,
                           _("The Console is busy (too many requests)"));
      return FALSE;
    }

  return TRUE;
}

/* A "result": "error" object: the Console's own words, or AUTH for its token errors. */
static void
set_console_error (JsonObject  *object,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, "message");
  const char *message = NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    message = json_node_get_string (node);

  if (g_strcmp0 (message, "Unauthorized") == 0 || g_strcmp0 (message, "Invalid auth_token") == 0)
    g_set_error_literal (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_AUTH,
                         _("The Console rejected the API token"));
  else if (message == NULL || *message == '\0')
    g_set_error_literal (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CONSOLE,
                         _("The Console reported an error without a message"));
  else
    g_set_error_literal (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CONSOLE, message);
}

/* "success", "error" or NULL for anything else (missing, not a string). */
static const char *
get_result (JsonObject *object)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, "result");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
set_status_error (guint        http_status,
                  const char  *reason_phrase,
                  GError     **error)
{
  if (http_status == SOUP_STATUS_NOT_FOUND)
    g_set_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_UNSUPPORTED,
                 /* Translators: %u is an HTTP status code */
                 _("This Console does not offer this feature (HTTP %u)"), http_status);
  else
    g_set_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_SERVER,
                 /* Translators: %u is an HTTP status code, %s its reason phrase */
                 _("The Console had an internal error (HTTP %u %s)"),
                 http_status, status_phrase (http_status, reason_phrase));
}

JsonObject *
bb_console_reply_classify (guint        http_status,
                           const char  *reason_phrase,
                           const char  *retry_after_header,
                           GBytes      *body,
                           gint64      *retry_after,
                           GError     **error)
{
  g_autoptr(JsonObject) object = NULL;
  const char *parse_failure = NULL;
  const char *result;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (retry_after != NULL)
    *retry_after = -1;

  if (!classify_status_first (http_status, retry_after_header, retry_after, error))
    return NULL;

  object = parse_object (body, &parse_failure);
  result = get_result (object);

  if (g_strcmp0 (result, "error") == 0)
    {
      set_console_error (object, error);
      return NULL;
    }

  if (http_status == SOUP_STATUS_NOT_FOUND || SOUP_STATUS_IS_SERVER_ERROR (http_status))
    {
      set_status_error (http_status, reason_phrase, error);
      return NULL;
    }

  if (object == NULL)
    {
      set_protocol_error (error, parse_failure, body);
      return NULL;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (http_status))
    {
      g_autofree char *reason = g_strdup_printf (_("HTTP status %u"), http_status);

      set_protocol_error (error, reason, body);
      return NULL;
    }

  if (g_strcmp0 (result, "success") != 0)
    {
      set_protocol_error (error, result == NULL ? _("no result") : _("unknown result"), body);
      return NULL;
    }

  return g_steal_pointer (&object);
}
