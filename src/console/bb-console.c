/* bb-console.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "bb-address.h"
#include "bb-console.h"
#include "bb-console-address.h"
#include "bb-console-reply.h"
#include "bb-users-reader.h"

/*
 * BbConsole talks to one Canary Console, PROTOCOL.md sections 1–3.
 *
 * Every call goes through one internal request (BbRequest, the task data of a
 * GTask): it builds the SoupMessage, arms its own timeout (a GSource that cancels
 * the request's private GCancellable and marks it timed out), reads the body in
 * chunks up to a cap, classifies the reply with bb_console_reply_classify(), runs
 * the endpoint's parser (in a worker thread for big bodies), and retries read-only
 * calls on RATE_LIMITED, SERVER and NETWORK.
 */

#define MIB                    (1024 * 1024)
#define DEFAULT_CAP            (4 * MIB)
#define USERS_LIST_CAP         ((gsize) 256 * MIB)
#define READ_CHUNK             (64 * 1024)
#define MAX_ATTEMPTS           3
#define THREADED_PARSE_ABOVE   (256 * 1024)
#define DEFAULT_TIMEOUT        30
#define DEFAULT_LONG_TIMEOUT   120
#define DEFAULT_RETRY_DELAY_MS 1000
#define DEFAULT_MAX_RETRY_AFTER 30
#define DEFAULT_RECOVERY_S     15

#define STATUS_PATH_V1   "/api/v1/canarytoken/office365/status"
#define STATUS_PATH_SEED "/canarytoken/office365/status"

struct _BbConsole
{
  GObject       parent_instance;

  /* Owned References */
  SoupSession  *session;
  GCancellable *cancellable;   /* cancelled in dispose */
  char         *base_url;
  char         *host;
  char         *flock_id;
  char         *token;         /* never a property, wiped on change and finalize */

  const char   *status_path;   /* STATUS_PATH_V1 until a 404 moves it to the seed's */
  guint         timeout;
  guint         long_timeout;
  guint         retry_delay_ms;
  guint         max_retry_after;
  guint         recovery_seconds;
};

G_DEFINE_FINAL_TYPE (BbConsole, bb_console, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_FLOCK_ID,
  PROP_TIMEOUT,
  PROP_LONG_TIMEOUT,
  PROP_RETRY_DELAY_MS,
  PROP_MAX_RETRY_AFTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wipe_free (gpointer data)
{
  char *str = data;

  if (str == NULL)
    return;
  memset (str, 0, strlen (str));
  g_free (str);
}

/* ------------------------------------------------------------------------- */
/* Cancellable waits                                                         */
/* ------------------------------------------------------------------------- */

typedef struct {
  GSource *timeout_source;
  GSource *cancel_source;
} WaitData;

static void
wait_data_free (WaitData *data)
{
  if (data->timeout_source != NULL)
    g_source_destroy (data->timeout_source);
  if (data->cancel_source != NULL)
    g_source_destroy (data->cancel_source);
  g_clear_pointer (&data->timeout_source, g_source_unref);
  g_clear_pointer (&data->cancel_source, g_source_unref);
  g_free (data);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  /* The wait owned one reference; whichever source fires first takes it. */
  g_autoptr(GTask) task = user_data;
  WaitData *data = g_task_get_task_data (task);

  /* The other source must not take the reference again. */
  if (data->cancel_source != NULL)
    g_source_destroy (data->cancel_source);
  g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WaitData *data = g_task_get_task_data (task);

  g_source_destroy (data->timeout_source);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  return G_SOURCE_REMOVE;
}

/* Waits @ms milliseconds on the thread-default main context; G_IO_ERROR_CANCELLED
 * when @cancellable fires first. The sources are destroyed with the task data. */
static void
bb_wait_async (guint                ms,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  WaitData *data = g_new0 (WaitData, 1);

  g_task_set_source_tag (task, bb_wait_async);
  g_task_set_task_data (task, data, (GDestroyNotify) wait_data_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  data->timeout_source = g_timeout_source_new (ms);
  g_task_attach_source (task, data->timeout_source, wait_timeout_cb);
  if (cancellable != NULL)
    {
      data->cancel_source = g_cancellable_source_new (cancellable);
      g_task_attach_source (task, data->cancel_source, G_SOURCE_FUNC (wait_cancelled_cb));
    }

  /* Handed to whichever source fires first. */
  g_steal_pointer (&task);
}

static gboolean
bb_wait_finish (GAsyncResult  *result,
                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bb_wait_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------- */
/* Requests                                                                  */
/* ------------------------------------------------------------------------- */

typedef gpointer (*BbReplyParser) (JsonObject  *root,
                                   GError     **error);

/* Reads a reply straight from its bytes, before any classification; NULL without an
 * error hands the reply to bb_console_reply_classify() and the BbReplyParser. */
typedef gpointer (*BbBytesParser) (guint        http_status,
                                   GBytes      *body,
                                   GError     **error);

typedef struct _BbRequest BbRequest;

/* Called when a request has an outcome; may restart it with request_start()
 * instead of returning. Takes @value and @error. */
typedef void (*BbRequestDone) (GTask    *task,
                               gpointer  value,
                               GError   *error);

struct _BbRequest
{
  /* What to send */
  const char     *method;
  char           *path;
  GHashTable     *params;        /* char* → char*, values wiped on free */
  const char     *step;          /* translated, for messages */
  guint           timeout_s;
  gsize           max_bytes;
  gboolean        read_only;     /* retried on RATE_LIMITED, SERVER, NETWORK */
  BbReplyParser   parser;        /* NULL: success carries no value */
  BbBytesParser   bytes_parser;  /* optional, tried before classifying (users/list) */
  GDestroyNotify  value_free;
  BbRequestDone   done;          /* NULL: return the outcome as is */

  /* State */
  GCancellable   *cancellable;   /* private; cancelled by the caller, dispose or timeout */
  GCancellable   *caller_cancellable;
  gulong          caller_handler;
  gulong          dispose_handler;
  GCancellable   *dispose_cancellable;
  SoupMessage    *msg;
  GInputStream   *stream;
  GByteArray     *body;
  GSource        *timeout_source;
  gboolean        timed_out;
  gboolean        body_complete;
  guint           attempt;
  guint           http_status;
  gint64          started;
};

static void
request_clear_attempt (BbRequest *req)
{
  if (req->timeout_source != NULL)
    g_source_destroy (req->timeout_source);
  g_clear_pointer (&req->timeout_source, g_source_unref);
  if (req->stream != NULL)
    {
      g_autoptr(GCancellable) abandon = NULL;

      /* Closing a body that was not read to its end would make libsoup read and
       * discard the rest; a cancelled close drops the connection instead. */
      if (!req->body_complete)
        {
          abandon = g_cancellable_new ();
          g_cancellable_cancel (abandon);
        }
      g_input_stream_close_async (req->stream, G_PRIORITY_DEFAULT, abandon, NULL, NULL);
    }
  g_clear_object (&req->stream);
  req->body_complete = FALSE;
  g_clear_object (&req->msg);
  g_clear_pointer (&req->body, g_byte_array_unref);
}

static void
request_free (BbRequest *req)
{
  request_clear_attempt (req);
  if (req->caller_handler != 0)
    g_cancellable_disconnect (req->caller_cancellable, req->caller_handler);
  if (req->dispose_handler != 0)
    g_cancellable_disconnect (req->dispose_cancellable, req->dispose_handler);
  g_clear_object (&req->caller_cancellable);
  g_clear_object (&req->dispose_cancellable);
  g_clear_object (&req->cancellable);
  g_clear_pointer (&req->params, g_hash_table_unref);
  g_free (req->path);
  g_free (req);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BbRequest, request_free)

static BbRequest *
request_new (BbConsole  *self,
             const char *method,
             const char *path,
             const char *step,
             gboolean    with_flock)
{
  BbRequest *req = g_new0 (BbRequest, 1);

  req->method = method;
  req->path = g_strdup (path);
  req->step = step;
  req->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_free);
  req->timeout_s = self->timeout;
  req->max_bytes = DEFAULT_CAP;
  req->read_only = g_str_equal (method, "GET");

  if (with_flock)
    g_hash_table_insert (req->params, g_strdup ("flock_id"), g_strdup (self->flock_id));

  return req;
}

static void
request_add (BbRequest  *req,
             const char *name,
             const char *value)
{
  g_hash_table_insert (req->params, g_strdup (name), g_strdup (value != NULL ? value : ""));
}

static void
request_add_exchange (BbRequest                   *req,
                      const BbExchangeCredentials *exchange)
{
  request_add (req, "is_exchange", exchange != NULL ? "true" : "false");
  if (exchange != NULL)
    {
      request_add (req, "exchange_username", exchange->username);
      request_add (req, "exchange_password", exchange->password);
    }
}

static void
cancel_chained (GCancellable *cancellable,
                gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static GError *
request_transport_error (BbConsole *self,
                         BbRequest *req,
                         GError    *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (req->timed_out)
        return g_error_new (BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_TIMEOUT,
                            /* Translators: the first %s is a step such as "Listing mailboxes" */
                            ngettext ("%s timed out after %u second",
                                      "%s timed out after %u seconds", req->timeout_s),
                            req->step, req->timeout_s);
      return g_error_new_literal (BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CANCELLED,
                                  _("Cancelled"));
    }

  if (error->domain == G_TLS_ERROR ||
      (req->msg != NULL && soup_message_get_tls_peer_certificate_errors (req->msg) != 0))
    return g_error_new (BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_TLS,
                        /* Translators: %s is a host name, then the certificate problem */
                        _("The secure connection to %s failed: %s"),
                        self->host, error->message);

  return g_error_new (BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_NETWORK,
                      /* Translators: %s is a host name, then the reason */
                      _("Could not reach %s: %s"), self->host, error->message);
}

static void request_start          (GTask     *task);
static void request_attempt_failed (GTask     *task,
                                    GError    *error,
                                    gint64     retry_after);

static void
request_return (GTask    *task,
                gpointer  value,
                GError   *error)
{
  BbRequest *req = g_task_get_task_data (task);

  if (req->done != NULL)
    {
      req->done (task, value, error);
      return;
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, req->value_free);
}

static void
request_log (BbRequest  *req,
             const char *outcome)
{
  gint64 ms = (g_get_monotonic_time () - req->started) / 1000;

  g_debug ("%s %s -> %s (%" G_GINT64_FORMAT " ms)", req->method, req->path, outcome, ms);
}

/* The outcome of classifying and parsing one reply. */
typedef struct {
  guint          status;
  char          *reason;
  char          *retry_after_header;
  GBytes        *body;
  BbReplyParser  parser;
  BbBytesParser  bytes_parser;
  GDestroyNotify value_free;

  gpointer       value;
  gint64         retry_after;
  GError        *error;
} ParseJob;

static void
parse_job_free (ParseJob *job)
{
  if (job->value != NULL && job->value_free != NULL)
    job->value_free (job->value);
  g_clear_error (&job->error);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job->reason);
  g_free (job->retry_after_header);
  g_free (job);
}

static void
parse_job_run (ParseJob *job)
{
  g_autoptr(JsonObject) root = NULL;

  job->retry_after = -1;
  if (job->bytes_parser != NULL)
    {
      job->value = job->bytes_parser (job->status, job->body, &job->error);
      if (job->value != NULL || job->error != NULL)
        return;
    }

  root = bb_console_reply_classify (job->status, job->reason, job->retry_after_header,
                                    job->body, &job->retry_after, &job->error);
  if (root == NULL)
    {
      if (job->error == NULL)
        job->error = g_error_new_literal (BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL,
                                          _("Unexpected reply from the Console"));
      return;
    }

  if (job->parser != NULL)
    {
      job->value = job->parser (root, &job->error);
      if (job->value == NULL && job->error == NULL)
        job->error = g_error_new_literal (BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL,
                                          _("Unexpected reply from the Console"));
    }
}

static void
parse_job_thread (GTask        *subtask,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  parse_job_run (task_data);
  g_task_return_boolean (subtask, TRUE);
}

static void
request_job_done (GTask    *task,
                  ParseJob *job)
{
  if (job->error != NULL)
    {
      request_attempt_failed (task, g_steal_pointer (&job->error), job->retry_after);
      return;
    }

  request_return (task, g_steal_pointer (&job->value), NULL);
}

static void
parse_job_thread_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  request_job_done (task, g_task_get_task_data (G_TASK (result)));
}

static void
request_body_complete (GTask *task)
{
  BbRequest *req = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (req->msg);
  ParseJob *job = g_new0 (ParseJob, 1);
  g_autofree char *status = NULL;

  job->status = soup_message_get_status (req->msg);
  job->reason = g_strdup (soup_message_get_reason_phrase (req->msg));
  job->retry_after_header = g_strdup (soup_message_headers_get_one (headers, "Retry-After"));
  job->body = g_byte_array_free_to_bytes (g_steal_pointer (&req->body));
  job->parser = req->parser;
  job->bytes_parser = req->bytes_parser;
  job->value_free = req->value_free;
  req->http_status = job->status;

  /* The attempt is over: its timeout no longer applies. */
  request_clear_attempt (req);
  status = g_strdup_printf ("%u", job->status);
  request_log (req, status);

  if (g_bytes_get_size (job->body) > THREADED_PARSE_ABOVE)
    {
      g_autoptr(GTask) subtask = g_task_new (NULL, NULL, parse_job_thread_cb, g_object_ref (task));

      g_task_set_source_tag (subtask, request_body_complete);
      g_task_set_task_data (subtask, job, (GDestroyNotify) parse_job_free);
      g_task_run_in_thread (subtask, parse_job_thread);
      return;
    }

  parse_job_run (job);
  request_job_done (task, job);
  parse_job_free (job);
}

static void
request_fail_too_large (GTask *task)
{
  BbRequest *req = g_task_get_task_data (task);

  request_log (req, "too large");
  /* request_clear_attempt() closes the stream: the excess is never read. */
  request_attempt_failed (task,
                          g_error_new (BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL,
                                       _("The Console's reply is larger than %u MiB"),
                                       (guint) (req->max_bytes / MIB)),
                          -1);
}

static void
request_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BbRequest *req = g_task_get_task_data (task);
  BbConsole *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      request_log (req, "failed");
      request_attempt_failed (task, request_transport_error (self, req, error), -1);
      return;
    }

  size = g_bytes_get_size (bytes);
  if (size == 0)
    {
      req->body_complete = TRUE;
      request_body_complete (task);
      return;
    }

  if (req->body->len + size > req->max_bytes)
    {
      request_fail_too_large (task);
      return;
    }

  g_byte_array_append (req->body, g_bytes_get_data (bytes, NULL), size);
  g_input_stream_read_bytes_async (req->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   req->cancellable, request_read_cb,
                                   g_steal_pointer (&task));
}

static void
request_send_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BbRequest *req = g_task_get_task_data (task);
  BbConsole *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  req->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (req->stream == NULL)
    {
      request_log (req, "failed");
      request_attempt_failed (task, request_transport_error (self, req, error), -1);
      return;
    }

  headers = soup_message_get_response_headers (req->msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) req->max_bytes)
    {
      request_fail_too_large (task);
      return;
    }

  req->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (req->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   req->cancellable, request_read_cb,
                                   g_steal_pointer (&task));
}

static gboolean
request_timeout_cb (gpointer user_data)
{
  BbRequest *req = user_data;

  req->timed_out = TRUE;
  g_clear_pointer (&req->timeout_source, g_source_unref);
  g_cancellable_cancel (req->cancellable);

  return G_SOURCE_REMOVE;
}

static SoupMessage *
request_build_message (BbConsole *self,
                       BbRequest *req)
{
  g_autofree char *uri = NULL;
  SoupMessage *msg;

  if (g_str_equal (req->method, "GET") && g_hash_table_size (req->params) > 0)
    {
      g_autofree char *query = soup_form_encode_hash (req->params);

      uri = g_strconcat (self->base_url, req->path, "?", query, NULL);
    }
  else
    uri = g_strconcat (self->base_url, req->path, NULL);

  /* NULL when libsoup cannot parse the URL (a base URL set by hand, not normalised). */
  msg = soup_message_new (req->method, uri);
  if (msg == NULL)
    return NULL;

  /* A redirect would carry the token elsewhere: a 3xx is answered as PROTOCOL. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  /* libsoup silently resends a request that fails before any reply byte on a
   * reused connection. A call that changes something must never be sent twice
   * (PROTOCOL.md 3.8), so it always gets a fresh connection. */
  if (!req->read_only)
    soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Accept", "application/json");
  if (self->token != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "X-Canary-Auth-Token", self->token);

  if (g_str_equal (req->method, "POST"))
    {
      char *form = soup_form_encode_hash (req->params);
      gsize len = strlen (form);
      g_autoptr(GBytes) body = g_bytes_new_with_free_func (form, len, wipe_free, form);

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
    }

  return msg;
}

static void
request_start (GTask *task)
{
  BbConsole *self = g_task_get_source_object (task);
  BbRequest *req = g_task_get_task_data (task);

  req->attempt++;
  req->timed_out = FALSE;
  req->http_status = 0;
  req->started = g_get_monotonic_time ();

  if (g_cancellable_is_cancelled (req->cancellable) || self->session == NULL)
    {
      request_return (task, NULL, g_error_new_literal (BB_CONSOLE_ERROR,
                                                       BB_CONSOLE_ERROR_CANCELLED,
                                                       _("Cancelled")));
      return;
    }

  req->msg = request_build_message (self, req);
  if (req->msg == NULL)
    {
      request_return (task, NULL, g_error_new_literal (BB_CONSOLE_ERROR,
                                                       BB_CONSOLE_ERROR_INVALID_INPUT,
                                                       _("The Console address is not a valid URL")));
      return;
    }

  req->timeout_source = g_timeout_source_new (req->timeout_s * 1000);
  g_source_set_callback (req->timeout_source, request_timeout_cb, req, NULL);
  g_source_attach (req->timeout_source, g_task_get_context (task));

  soup_session_send_async (self->session, req->msg, G_PRIORITY_DEFAULT, req->cancellable,
                           request_send_cb, g_object_ref (task));
}

static void
request_retry_wait_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!bb_wait_finish (result, &error))
    {
      request_return (task, NULL, g_error_new_literal (BB_CONSOLE_ERROR,
                                                       BB_CONSOLE_ERROR_CANCELLED,
                                                       _("Cancelled")));
      return;
    }

  request_start (task);
}

static gboolean
request_should_retry (BbRequest    *req,
                      const GError *error)
{
  if (!req->read_only || req->attempt >= MAX_ATTEMPTS)
    return FALSE;

  return g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_RATE_LIMITED) ||
         g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_SERVER) ||
         g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_NETWORK);
}

/* Takes @error. */
static void
request_attempt_failed (GTask  *task,
                        GError *error,
                        gint64  retry_after)
{
  BbConsole *self = g_task_get_source_object (task);
  BbRequest *req = g_task_get_task_data (task);
  guint delay_ms;

  if (req->msg != NULL)
    req->http_status = soup_message_get_status (req->msg);
  request_clear_attempt (req);

  if (!request_should_retry (req, error))
    {
      request_return (task, NULL, error);
      return;
    }

  if (g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_RATE_LIMITED) &&
      retry_after >= 0)
    delay_ms = (guint) MIN (retry_after, (gint64) self->max_retry_after) * 1000;
  else
    delay_ms = self->retry_delay_ms << (req->attempt - 1);

  g_debug ("%s %s: attempt %u failed (%s), retrying in %u ms",
           req->method, req->path, req->attempt,
           bb_console_error_to_name (error->code), delay_ms);
  g_error_free (error);

  bb_wait_async (delay_ms, req->cancellable, request_retry_wait_cb, g_object_ref (task));
}

/* Sends @req (taken). The task's source tag is @source_tag, so the public
 * _finish functions can check it. */
static void
bb_console_send (BbConsole           *self,
                 BbRequest           *req,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  /* Our own CANCELLED / TIMEOUT errors are returned, not GIO's. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);

  req->cancellable = g_cancellable_new ();
  req->dispose_cancellable = g_object_ref (self->cancellable);
  req->dispose_handler = g_cancellable_connect (self->cancellable, G_CALLBACK (cancel_chained),
                                                req->cancellable, NULL);
  if (cancellable != NULL)
    {
      req->caller_cancellable = g_object_ref (cancellable);
      req->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_chained),
                                                   req->cancellable, NULL);
    }

  request_start (task);
}

static gpointer
bb_console_send_finish (BbConsole     *self,
                        GAsyncResult  *result,
                        gpointer       source_tag,
                        GError       **error)
{
  g_return_val_if_fail (BB_IS_CONSOLE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
bb_console_send_finish_boolean (BbConsole     *self,
                                GAsyncResult  *result,
                                gpointer       source_tag,
                                GError       **error)
{
  GError *local_error = NULL;

  bb_console_send_finish (self, result, source_tag, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* GObject                                                                   */
/* ------------------------------------------------------------------------- */

static void
bb_console_constructed (GObject *object)
{
  BbConsole *self = (BbConsole *)object;
  g_autoptr(GUri) uri = NULL;

  G_OBJECT_CLASS (bb_console_parent_class)->constructed (object);

  if (self->base_url != NULL)
    uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL && g_uri_get_host (uri) != NULL)
    self->host = g_strdup (g_uri_get_host (uri));
  else
    self->host = g_strdup (self->base_url != NULL ? self->base_url : "");
}

static void
bb_console_dispose (GObject *object)
{
  BbConsole *self = (BbConsole *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (bb_console_parent_class)->dispose (object);
}

static void
bb_console_finalize (GObject *object)
{
  BbConsole *self = (BbConsole *)object;

  g_clear_pointer (&self->token, wipe_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->flock_id, g_free);

  G_OBJECT_CLASS (bb_console_parent_class)->finalize (object);
}

static void
bb_console_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BbConsole *self = BB_CONSOLE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_FLOCK_ID:
      g_value_set_string (value, self->flock_id);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_LONG_TIMEOUT:
      g_value_set_uint (value, self->long_timeout);
      break;

    case PROP_RETRY_DELAY_MS:
      g_value_set_uint (value, self->retry_delay_ms);
      break;

    case PROP_MAX_RETRY_AFTER:
      g_value_set_uint (value, self->max_retry_after);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_uint_prop (BbConsole *self,
               guint     *field,
               guint      value,
               int        prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
bb_console_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  BbConsole *self = BB_CONSOLE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_free (self->base_url);
      self->base_url = g_value_dup_string (value);
      break;

    case PROP_FLOCK_ID:
      bb_console_set_flock_id (self, g_value_get_string (value));
      break;

    case PROP_TIMEOUT:
      set_uint_prop (self, &self->timeout, g_value_get_uint (value), PROP_TIMEOUT);
      break;

    case PROP_LONG_TIMEOUT:
      set_uint_prop (self, &self->long_timeout, g_value_get_uint (value), PROP_LONG_TIMEOUT);
      break;

    case PROP_RETRY_DELAY_MS:
      set_uint_prop (self, &self->retry_delay_ms, g_value_get_uint (value), PROP_RETRY_DELAY_MS);
      break;

    case PROP_MAX_RETRY_AFTER:
      set_uint_prop (self, &self->max_retry_after, g_value_get_uint (value), PROP_MAX_RETRY_AFTER);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_console_class_init (BbConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bb_console_constructed;
  object_class->dispose = bb_console_dispose;
  object_class->finalize = bb_console_finalize;
  object_class->get_property = bb_console_get_property;
  object_class->set_property = bb_console_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLOCK_ID] =
    g_param_spec_string ("flock-id", NULL, NULL, "flock:default",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, G_MAXUINT / 1000, DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LONG_TIMEOUT] =
    g_param_spec_uint ("long-timeout", NULL, NULL, 1, G_MAXUINT / 1000, DEFAULT_LONG_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_DELAY_MS] =
    g_param_spec_uint ("retry-delay-ms", NULL, NULL, 0, 60000, DEFAULT_RETRY_DELAY_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_RETRY_AFTER] =
    g_param_spec_uint ("max-retry-after", NULL, NULL, 0, 3600, DEFAULT_MAX_RETRY_AFTER,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bb_console_init (BbConsole *self)
{
  self->session = soup_session_new_with_options ("user-agent", "Baitbox/" PACKAGE_VERSION,
                                                 "timeout", 0,
                                                 NULL);
  self->cancellable = g_cancellable_new ();
  self->flock_id = g_strdup ("flock:default");
  self->status_path = STATUS_PATH_V1;
  self->timeout = DEFAULT_TIMEOUT;
  self->long_timeout = DEFAULT_LONG_TIMEOUT;
  self->retry_delay_ms = DEFAULT_RETRY_DELAY_MS;
  self->max_retry_after = DEFAULT_MAX_RETRY_AFTER;
  self->recovery_seconds = DEFAULT_RECOVERY_S;
}

/* ------------------------------------------------------------------------- */
/* Accessors                                                                 */
/* ------------------------------------------------------------------------- */

/**
 * bb_console_new:
 * @address: what the user typed: a domain hash, a host name or a URL
 * @error: INVALID_INPUT saying why @address is refused
 *
 * Returns: (transfer full) (nullable): a new #BbConsole for the normalised address
 */
BbConsole *
bb_console_new (const char  *address,
                GError     **error)
{
  g_autofree char *base_url = NULL;

  g_return_val_if_fail (address != NULL, NULL);

  base_url = bb_console_address_normalize (address, error);
  if (base_url == NULL)
    return NULL;

  return g_object_new (BB_TYPE_CONSOLE, "base-url", base_url, NULL);
}

const char *
bb_console_get_base_url (BbConsole *self)
{
  g_return_val_if_fail (BB_IS_CONSOLE (self), NULL);
  return self->base_url;
}

const char *
bb_console_get_host (BbConsole *self)
{
  g_return_val_if_fail (BB_IS_CONSOLE (self), NULL);
  return self->host;
}

const char *
bb_console_get_flock_id (BbConsole *self)
{
  g_return_val_if_fail (BB_IS_CONSOLE (self), NULL);
  return self->flock_id;
}

void
bb_console_set_flock_id (BbConsole  *self,
                         const char *flock_id)
{
  g_return_if_fail (BB_IS_CONSOLE (self));

  if (flock_id == NULL || *flock_id == '\0')
    flock_id = "flock:default";
  if (g_strcmp0 (self->flock_id, flock_id) == 0)
    return;

  g_free (self->flock_id);
  self->flock_id = g_strdup (flock_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOCK_ID]);
}

void
bb_console_set_auth_token (BbConsole  *self,
                           const char *token)
{
  g_return_if_fail (BB_IS_CONSOLE (self));

  g_clear_pointer (&self->token, wipe_free);
  if (token != NULL && *token != '\0')
    self->token = g_strdup (token);
}

gboolean
bb_console_has_auth_token (BbConsole *self)
{
  g_return_val_if_fail (BB_IS_CONSOLE (self), FALSE);
  return self->token != NULL;
}

guint
bb_console_get_timeout (BbConsole *self)
{
  g_return_val_if_fail (BB_IS_CONSOLE (self), 0);
  return self->timeout;
}

void
bb_console_set_timeout (BbConsole *self,
                        guint      seconds)
{
  g_return_if_fail (BB_IS_CONSOLE (self));
  g_return_if_fail (seconds > 0);
  set_uint_prop (self, &self->timeout, seconds, PROP_TIMEOUT);
}

guint
bb_console_get_long_timeout (BbConsole *self)
{
  g_return_val_if_fail (BB_IS_CONSOLE (self), 0);
  return self->long_timeout;
}

void
bb_console_set_long_timeout (BbConsole *self,
                             guint      seconds)
{
  g_return_if_fail (BB_IS_CONSOLE (self));
  g_return_if_fail (seconds > 0);
  set_uint_prop (self, &self->long_timeout, seconds, PROP_LONG_TIMEOUT);
}

void
bb_console_set_retry_delay_ms (BbConsole *self,
                               guint      ms)
{
  g_return_if_fail (BB_IS_CONSOLE (self));
  set_uint_prop (self, &self->retry_delay_ms, MIN (ms, 60000), PROP_RETRY_DELAY_MS);
}

void
bb_console_set_create_recovery_seconds (BbConsole *self,
                                        guint      seconds)
{
  g_return_if_fail (BB_IS_CONSOLE (self));
  self->recovery_seconds = seconds;
}

/* ------------------------------------------------------------------------- */
/* ping, features, flocks                                                    */
/* ------------------------------------------------------------------------- */

void
bb_console_ping_async (BbConsole           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  BbRequest *req;

  g_return_if_fail (BB_IS_CONSOLE (self));

  req = request_new (self, "GET", "/api/v1/ping", _("Connecting to the Console"), FALSE);
  bb_console_send (self, req, bb_console_ping_async, cancellable, callback, user_data);
}

gboolean
bb_console_ping_finish (BbConsole     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return bb_console_send_finish_boolean (self, result, bb_console_ping_async, error);
}

static void
features_done (GTask    *task,
               gpointer  value,
               GError   *error)
{
  /* PROTOCOL.md 3.2: a Console without the endpoint has no flags to tell. */
  if (g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_UNSUPPORTED))
    {
      g_clear_error (&error);
      value = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, (GDestroyNotify) g_hash_table_unref);
}

void
bb_console_features_async (BbConsole           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  BbRequest *req;

  g_return_if_fail (BB_IS_CONSOLE (self));

  req = request_new (self, "GET", "/api/v1/console/features",
                     _("Reading the Console's features"), FALSE);
  req->parser = (BbReplyParser) bb_parse_features;
  req->value_free = (GDestroyNotify) g_hash_table_unref;
  req->done = features_done;
  bb_console_send (self, req, bb_console_features_async, cancellable, callback, user_data);
}

GHashTable *
bb_console_features_finish (BbConsole     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return bb_console_send_finish (self, result, bb_console_features_async, error);
}

void
bb_console_flocks_async (BbConsole           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  BbRequest *req;

  g_return_if_fail (BB_IS_CONSOLE (self));

  req = request_new (self, "GET", "/api/v1/flocks/list", _("Listing flocks"), FALSE);
  req->parser = (BbReplyParser) bb_parse_flocks;
  req->value_free = (GDestroyNotify) g_ptr_array_unref;
  bb_console_send (self, req, bb_console_flocks_async, cancellable, callback, user_data);
}

GPtrArray *
bb_console_flocks_finish (BbConsole     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return bb_console_send_finish (self, result, bb_console_flocks_async, error);
}

/* ------------------------------------------------------------------------- */
/* Sign-in                                                                   */
/* ------------------------------------------------------------------------- */

void
bb_console_initiate_async (BbConsole           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  BbRequest *req;

  g_return_if_fail (BB_IS_CONSOLE (self));

  req = request_new (self, "POST", "/api/v1/canarytoken/office365/initiate",
                     _("Starting the Microsoft sign-in"), TRUE);
  req->parser = (BbReplyParser) bb_parse_initiate;
  req->value_free = (GDestroyNotify) bb_initiate_reply_free;
  bb_console_send (self, req, bb_console_initiate_async, cancellable, callback, user_data);
}

BbInitiateReply *
bb_console_initiate_finish (BbConsole     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return bb_console_send_finish (self, result, bb_console_initiate_async, error);
}

void
bb_console_oauth_token_async (BbConsole           *self,
                              const char          *code,
                              const char          *state,
                              const char          *user_email,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  BbRequest *req;

  g_return_if_fail (BB_IS_CONSOLE (self));

  if (code == NULL || *code == '\0')
    {
      g_task_report_new_error (self, callback, user_data, bb_console_oauth_token_async,
                               BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
                               "%s", _("Microsoft returned no authorization code"));
      return;
    }

  req = request_new (self, "POST", "/api/v1/canarytoken/office365/oauth/token",
                     _("Completing the Microsoft sign-in"), TRUE);
  request_add (req, "code", code);
  request_add (req, "state", state);
  request_add (req, "user_email", user_email);
  bb_console_send (self, req, bb_console_oauth_token_async, cancellable, callback, user_data);
}

gboolean
bb_console_oauth_token_finish (BbConsole     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return bb_console_send_finish_boolean (self, result, bb_console_oauth_token_async, error);
}

/* ------------------------------------------------------------------------- */
/* Mailboxes and template                                                    */
/* ------------------------------------------------------------------------- */

/* Parses as bb_parse_users_list() does, then builds the search index and the lookup
 * table of the model here (a worker thread for big replies), not on the main thread at
 * the first keystroke. */
static gpointer
parse_users_list_prepared (JsonObject  *root,
                           GError     **error)
{
  BbMailboxList *list = bb_parse_users_list (root, error);

  if (list != NULL)
    bb_mailbox_model_prepare_search (list->model);

  return list;
}

void
bb_console_users_list_async (BbConsole                   *self,
                             const BbExchangeCredentials *exchange,
                             GCancellable                *cancellable,
                             GAsyncReadyCallback          callback,
                             gpointer                     user_data)
{
  BbRequest *req;

  g_return_if_fail (BB_IS_CONSOLE (self));

  req = request_new (self, "POST", "/api/v1/canarytoken/office365/users/list",
                     _("Listing mailboxes"), TRUE);
  request_add_exchange (req, exchange);
  req->timeout_s = self->long_timeout;
  req->max_bytes = USERS_LIST_CAP;
  req->read_only = TRUE;   /* a POST that changes nothing */
  req->bytes_parser = bb_users_reader_read_prepared;
  req->parser = parse_users_list_prepared;
  req->value_free = (GDestroyNotify) bb_mailbox_list_free;
  bb_console_send (self, req, bb_console_users_list_async, cancellable, callback, user_data);
}

BbMailboxList *
bb_console_users_list_finish (BbConsole     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return bb_console_send_finish (self, result, bb_console_users_list_async, error);
}

#define TEMPLATE_PATH "/api/v1/canarytoken/office365/email"

void
bb_console_template_get_async (BbConsole           *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  BbRequest *req;

  g_return_if_fail (BB_IS_CONSOLE (self));

  req = request_new (self, "GET", TEMPLATE_PATH, _("Reading the email template"), TRUE);
  req->parser = (BbReplyParser) bb_parse_template;
  req->value_free = (GDestroyNotify) bb_template_free;
  bb_console_send (self, req, bb_console_template_get_async, cancellable, callback, user_data);
}

BbTemplate *
bb_console_template_get_finish (BbConsole     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return bb_console_send_finish (self, result, bb_console_template_get_async, error);
}

void
bb_console_template_save_async (BbConsole           *self,
                                const BbTemplate    *template,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  BbRequest *req;
  const char *refusal = NULL;

  g_return_if_fail (BB_IS_CONSOLE (self));
  g_return_if_fail (template != NULL);

  if (template->subject == NULL || *template->subject == '\0')
    refusal = _("The email needs a subject");
  else if (template->html == NULL || *template->html == '\0')
    refusal = _("The email needs a body");

  if (refusal != NULL)
    {
      g_task_report_new_error (self, callback, user_data, bb_console_template_save_async,
                               BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
                               "%s", refusal);
      return;
    }

  req = request_new (self, "POST", TEMPLATE_PATH, _("Saving the email template"), TRUE);
  request_add (req, "email_html", template->html);
  request_add (req, "email_subject", template->subject);
  if (template->sender != NULL && *template->sender != '\0')
    request_add (req, "email_sender", template->sender);
  req->parser = (BbReplyParser) bb_parse_template;
  req->value_free = (GDestroyNotify) bb_template_free;
  bb_console_send (self, req, bb_console_template_save_async, cancellable, callback, user_data);
}

BbTemplate *
bb_console_template_save_finish (BbConsole     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return bb_console_send_finish (self, result, bb_console_template_save_async, error);
}

/* ------------------------------------------------------------------------- */
/* Status                                                                    */
/* ------------------------------------------------------------------------- */

static void
status_done (GTask    *task,
             gpointer  value,
             GError   *error)
{
  BbConsole *self = g_task_get_source_object (task);
  BbRequest *req = g_task_get_task_data (task);

  /* PROTOCOL.md 3.9: any 404 on the /api/v1/ path, whatever its body, moves
   * this Console to the seed's path, once and for good. */
  if (error != NULL && req->http_status == SOUP_STATUS_NOT_FOUND &&
      g_str_equal (req->path, STATUS_PATH_V1))
    {
      g_debug ("status: falling back to %s", STATUS_PATH_SEED);
      g_error_free (error);
      self->status_path = STATUS_PATH_SEED;
      g_free (req->path);
      req->path = g_strdup (STATUS_PATH_SEED);
      req->attempt = 0;
      request_start (task);
      return;
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, (GDestroyNotify) bb_token_status_free);
}

void
bb_console_status_async (BbConsole           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  BbRequest *req;

  g_return_if_fail (BB_IS_CONSOLE (self));

  req = request_new (self, "GET", self->status_path, _("Reading the job's progress"), TRUE);
  req->parser = (BbReplyParser) bb_parse_status;
  req->value_free = (GDestroyNotify) bb_token_status_free;
  req->done = status_done;
  bb_console_send (self, req, bb_console_status_async, cancellable, callback, user_data);
}

BbTokenStatus *
bb_console_status_finish (BbConsole     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return bb_console_send_finish (self, result, bb_console_status_async, error);
}

/* ------------------------------------------------------------------------- */
/* Create (PROTOCOL.md 3.8)                                                  */
/* ------------------------------------------------------------------------- */

typedef struct {
  char          *user_emails;
  char          *exchange_username;
  char          *exchange_password;
  gboolean       is_exchange;
  BbTokenStatus *snapshot;       /* NULL: no job before this create */
  GError        *send_error;     /* the TIMEOUT or NETWORK that started recovery */
  gint64         deadline;
  gboolean       saw_no_job;     /* the last status read had total 0 */
} CreateData;

static void
create_data_free (CreateData *data)
{
  wipe_free (data->user_emails);
  wipe_free (data->exchange_username);
  wipe_free (data->exchange_password);
  g_clear_pointer (&data->snapshot, bb_token_status_free);
  g_clear_error (&data->send_error);
  g_free (data);
}

static void create_poll (GTask *task);

static guint
create_poll_interval_ms (BbConsole *self)
{
  /* About a second in production; tests with short retry delays poll faster. */
  return CLAMP (self->retry_delay_ms * 4, 100, 1000);
}

static void
create_return_recovered (GTask *task)
{
  g_task_return_int (task, BB_CREATE_RECOVERED);
}

static void
create_give_up (GTask *task)
{
  CreateData *data = g_task_get_task_data (task);
  const char *message;

  if (data->saw_no_job)
    message = _("The Console did not start the job; nothing was sent to any mailbox");
  else
    message = _("The connection was lost after sending; whether the Console started the job "
                "is unknown. Check its status before sending again.");

  g_task_return_new_error (task, BB_CONSOLE_ERROR, data->send_error->code, "%s", message);
}

static void
create_poll_wait_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  if (!bb_wait_finish (result, NULL))
    {
      g_task_return_new_error (task, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CANCELLED,
                               "%s", _("Cancelled"));
      return;
    }

  create_poll (g_steal_pointer (&task));
}

static void
create_poll_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BbConsole *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(BbTokenStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  status = bb_console_status_finish (self, result, &error);
  if (g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (status != NULL)
    {
      data->saw_no_job = !bb_token_status_has_job (status);

      if (bb_token_status_has_job (status) &&
          (!bb_token_status_is_finished (status) ||
           data->snapshot == NULL ||
           !bb_token_status_equal (data->snapshot, status)))
        {
          create_return_recovered (task);
          return;
        }
    }

  if (g_get_monotonic_time () >= data->deadline)
    {
      create_give_up (task);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  bb_wait_async (create_poll_interval_ms (self), cancellable,
                 create_poll_wait_cb, g_steal_pointer (&task));
}

static void
create_poll (GTask *task)
{
  BbConsole *self = g_task_get_source_object (task);

  bb_console_status_async (self, g_task_get_cancellable (task), create_poll_cb, task);
}

static void
create_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BbConsole *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (bb_console_send_finish_boolean (self, result, create_sent_cb, &error))
    {
      g_task_return_int (task, BB_CREATE_ACCEPTED);
      return;
    }

  if (!g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_TIMEOUT) &&
      !g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_NETWORK))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The request may have reached the Console: never resend, find out instead. */
  g_debug ("create: %s after sending, reading status",
           bb_console_error_to_name (error->code));
  data->send_error = error;
  data->deadline = g_get_monotonic_time () + (gint64) self->recovery_seconds * G_USEC_PER_SEC;
  create_poll (g_steal_pointer (&task));
}

static void
create_send (GTask *task)
{
  BbConsole *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  BbRequest *req;

  req = request_new (self, "POST", "/api/v1/canarytoken/office365/create",
                     _("Creating the bait emails"), TRUE);
  request_add (req, "user_emails", data->user_emails);
  request_add (req, "is_exchange", data->is_exchange ? "true" : "false");
  if (data->is_exchange)
    {
      request_add (req, "exchange_username", data->exchange_username);
      request_add (req, "exchange_password", data->exchange_password);
    }
  req->timeout_s = self->long_timeout;
  req->read_only = FALSE;
  bb_console_send (self, req, create_sent_cb, g_task_get_cancellable (task),
                   create_sent_cb, task);
}

static void
create_snapshot_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BbConsole *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->snapshot = bb_console_status_finish (self, result, &error);
  if (error != NULL &&
      !g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_CONSOLE) &&
      !g_error_matches (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_UNSUPPORTED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  create_send (g_steal_pointer (&task));
}

void
bb_console_create_async (BbConsole                   *self,
                         const char * const          *addresses,
                         guint                        n_addresses,
                         const BbExchangeCredentials *exchange,
                         GCancellable                *cancellable,
                         GAsyncReadyCallback          callback,
                         gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  CreateData *data;
  char *joined;
  guint n_unique = 0;

  g_return_if_fail (BB_IS_CONSOLE (self));
  g_return_if_fail (addresses != NULL || n_addresses == 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bb_console_create_async);
  g_task_set_check_cancellable (task, FALSE);

  joined = bb_address_join_for_create (addresses, n_addresses, &n_unique, &error);
  if (joined == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_INVALID_INPUT,
                                     _("No mailbox was chosen"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (CreateData, 1);
  data->user_emails = joined;
  data->is_exchange = exchange != NULL;
  if (exchange != NULL)
    {
      data->exchange_username = g_strdup (exchange->username);
      data->exchange_password = g_strdup (exchange->password);
    }
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);

  bb_console_status_async (self, cancellable, create_snapshot_cb, g_steal_pointer (&task));
}

gboolean
bb_console_create_finish (BbConsole        *self,
                          GAsyncResult     *result,
                          BbCreateOutcome  *outcome,
                          GError          **error)
{
  gssize value;

  g_return_val_if_fail (BB_IS_CONSOLE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bb_console_create_async, FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;

  if (outcome != NULL)
    *outcome = (BbCreateOutcome) value;
  return TRUE;
}
