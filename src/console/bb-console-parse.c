/* bb-console-parse.c
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
#include "bb-console-parse.h"

/*
 * Members that are absent or JSON null count as absent throughout: Consoles
 * written in Python send `null` for "nothing" as often as they leave a key out.
 */

static gboolean
set_missing_error (GError     **error,
                   const char  *field)
{
  g_debug ("Console reply: member “%s” is missing", field);
  g_set_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL,
               /* Translators: %s is the name of a field in the Console's reply */
               _("Unexpected reply from the Console: “%s” is missing"), field);
  return FALSE;
}

static gboolean
set_type_error (GError     **error,
                const char  *field)
{
  g_debug ("Console reply: member “%s” has the wrong type", field);
  g_set_error (error, BB_CONSOLE_ERROR, BB_CONSOLE_ERROR_PROTOCOL,
               /* Translators: %s is the name of a field in the Console's reply */
               _("Unexpected reply from the Console: “%s” has the wrong type"), field);
  return FALSE;
}

static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, name);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

static const char *
node_get_utf8_string (JsonNode *node)
{
  const char *string;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  string = json_node_get_string (node);
  if (string == NULL || !g_utf8_validate (string, -1, NULL))
    return NULL;

  return string;
}

/* TRUE with *out NULL when absent; FALSE and PROTOCOL when present but no string. */
static gboolean
get_optional_string (JsonObject  *object,
                     const char  *name,
                     const char **out,
                     GError     **error)
{
  JsonNode *node = get_member (object, name);

  *out = NULL;
  if (node == NULL)
    return TRUE;

  *out = node_get_utf8_string (node);
  if (*out == NULL)
    return set_type_error (error, name);

  return TRUE;
}

/* Optional string found under the first of @names present. */
static gboolean
get_string_alias (JsonObject  *object,
                  const char  *name,
                  const char  *alias,
                  const char **out,
                  GError     **error)
{
  if (!get_optional_string (object, name, out, error))
    return FALSE;
  if (*out != NULL)
    return TRUE;

  return get_optional_string (object, alias, out, error);
}

/* A counter: a JSON integer ≥ 0 or a string of ASCII digits that fits a gint64. */
static gboolean
read_counter (JsonNode    *node,
              const char  *name,
              gint64      *out,
              GError     **error)
{
  const char *digits;
  guint64 value;

  if (node == NULL)
    return set_missing_error (error, name);

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      /* json-glib wraps integers past G_MAXINT64 to negative values. */
      *out = json_node_get_int (node);
      return *out >= 0 ? TRUE : set_type_error (error, name);
    }

  digits = node_get_utf8_string (node);
  if (digits == NULL || digits[0] == '\0')
    return set_type_error (error, name);

  for (const char *p = digits; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return set_type_error (error, name);
    }

  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT64, &value, NULL))
    return set_type_error (error, name);

  *out = (gint64) value;

  return TRUE;
}

/* TRUE or FALSE for true/false/"true"/"false"; -1 for anything else. */
static int
read_flag (JsonNode *node)
{
  const char *string;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;

  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node) ? TRUE : FALSE;

  string = node_get_utf8_string (node);
  if (g_strcmp0 (string, "true") == 0)
    return TRUE;
  if (g_strcmp0 (string, "false") == 0)
    return FALSE;

  return -1;
}

/* An object member that must be an object when present. */
static gboolean
get_optional_object (JsonObject  *object,
                     const char  *name,
                     JsonObject **out,
                     GError     **error)
{
  JsonNode *node = get_member (object, name);

  *out = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_type_error (error, name);

  *out = json_node_get_object (node);

  return TRUE;
}

/* Features ----------------------------------------------------------------- */

GHashTable *
bb_parse_features (JsonObject  *root,
                   GError     **error)
{
  g_autoptr(GHashTable) features = NULL;
  JsonObject *object;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!get_optional_object (root, "features", &object, error))
    return NULL;

  features = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (object == NULL)
    return g_steal_pointer (&features);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      int flag = read_flag (node);

      if (flag >= 0)
        g_hash_table_insert (features, g_strdup (name), GINT_TO_POINTER (flag));
    }

  return g_steal_pointer (&features);
}

/* Flocks ------------------------------------------------------------------- */

void
bb_flock_free (BbFlock *flock)
{
  if (flock == NULL)
    return;

  g_free (flock->id);
  g_free (flock->name);
  g_free (flock);
}

GPtrArray *
bb_parse_flocks (JsonObject  *root,
                 GError     **error)
{
  g_autoptr(GPtrArray) flocks = NULL;
  JsonObject *object;
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!get_optional_object (root, "flocks", &object, error))
    return NULL;
  if (object == NULL)
    {
      set_missing_error (error, "flocks");
      return NULL;
    }

  flocks = g_ptr_array_new_with_free_func ((GDestroyNotify) bb_flock_free);

  /* The reply's order is the Console's own (usually the default flock first). */
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &id, &node))
    {
      const char *name = node_get_utf8_string (node);
      BbFlock *flock;

      if (name == NULL || id == NULL || *id == '\0' || !g_utf8_validate (id, -1, NULL))
        {
          set_type_error (error, "flocks");
          return NULL;
        }

      flock = g_new0 (BbFlock, 1);
      flock->id = g_strdup (id);
      flock->name = g_strdup (name);
      g_ptr_array_add (flocks, flock);
    }

  return g_steal_pointer (&flocks);
}

/* Initiate ----------------------------------------------------------------- */

void
bb_initiate_reply_free (BbInitiateReply *reply)
{
  if (reply == NULL)
    return;

  g_free (reply->state);
  g_free (reply->client_id);
  g_free (reply->redirect_uri);
  g_free (reply->scope);
  g_free (reply->authorize_url);
  g_free (reply->url);
  g_free (reply);
}

static char *
dup_non_empty (const char *string)
{
  return string != NULL && *string != '\0' ? g_strdup (string) : NULL;
}

/* 2025: the URL carries the Console's own state and redirect_uri in its query. */
static gboolean
read_initiate_url (BbInitiateReply  *reply,
                   const char       *field,
                   const char       *url,
                   GError          **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *scheme;
  const char *query;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (scheme == NULL || (!g_str_equal (scheme, "https") && !g_str_equal (scheme, "http")))
    return set_type_error (error, field);

  reply->generation = BB_INITIATE_2025;
  reply->url = g_strdup (url);

  query = g_uri_get_query (uri);
  if (query == NULL)
    return TRUE;

  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  if (params == NULL)
    return set_type_error (error, field);

  reply->state = dup_non_empty (g_hash_table_lookup (params, "state"));
  reply->redirect_uri = dup_non_empty (g_hash_table_lookup (params, "redirect_uri"));

  return TRUE;
}

static gboolean
read_initiate_2020 (BbInitiateReply  *reply,
                    JsonObject       *root,
                    GError          **error)
{
  static const struct {
    const char *name;
    gsize       offset;
  } optional[] = {
    { "client_id", G_STRUCT_OFFSET (BbInitiateReply, client_id) },
    { "redirect_uri", G_STRUCT_OFFSET (BbInitiateReply, redirect_uri) },
    { "scope", G_STRUCT_OFFSET (BbInitiateReply, scope) },
    { "authorize_url", G_STRUCT_OFFSET (BbInitiateReply, authorize_url) },
  };
  const char *state;

  if (!get_optional_string (root, "state", &state, error))
    return FALSE;
  if (state == NULL)
    return set_missing_error (error, "state");
  if (*state == '\0')
    return set_type_error (error, "state");

  reply->generation = BB_INITIATE_2020;
  reply->state = g_strdup (state);

  /* An empty value counts as absent, so the settings' value is used instead. */
  for (guint i = 0; i < G_N_ELEMENTS (optional); i++)
    {
      const char *value;

      if (!get_optional_string (root, optional[i].name, &value, error))
        return FALSE;
      G_STRUCT_MEMBER (char *, reply, optional[i].offset) = dup_non_empty (value);
    }

  return TRUE;
}

BbInitiateReply *
bb_parse_initiate (JsonObject  *root,
                   GError     **error)
{
  static const char * const url_keys[] = { "url", "oauth_url", "authorization_url" };
  g_autoptr(BbInitiateReply) reply = NULL;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reply = g_new0 (BbInitiateReply, 1);

  for (guint i = 0; i < G_N_ELEMENTS (url_keys); i++)
    {
      const char *url;

      if (!get_optional_string (root, url_keys[i], &url, error))
        return NULL;
      if (url == NULL)
        continue;

      if (*url == '\0' || !read_initiate_url (reply, url_keys[i], url, error))
        {
          if (*url == '\0')
            set_type_error (error, url_keys[i]);
          return NULL;
        }

      return g_steal_pointer (&reply);
    }

  if (!read_initiate_2020 (reply, root, error))
    return NULL;

  return g_steal_pointer (&reply);
}

/* Users list --------------------------------------------------------------- */

void
bb_mailbox_list_free (BbMailboxList *list)
{
  if (list == NULL)
    return;

  g_clear_object (&list->model);
  g_free (list);
}

/*
 * The address of one entry of user_emails (or failed_users…): the string itself,
 * or the first of "email", "mail", "userPrincipalName" that is a string. A string
 * that turns out invalid does not fall through to the next key: the Console said
 * which address it meant. Returns a trimmed copy, or NULL.
 */
static char *
entry_address (JsonNode    *node,
               const char **display_name)
{
  static const char * const address_keys[] = { "email", "mail", "userPrincipalName" };
  static const char * const name_keys[] = { "name", "displayName" };
  const char *address = NULL;
  JsonObject *object;

  *display_name = NULL;

  if (JSON_NODE_HOLDS_VALUE (node))
    address = node_get_utf8_string (node);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return address != NULL ? g_strstrip (g_strdup (address)) : NULL;

  object = json_node_get_object (node);
  for (guint i = 0; address == NULL && i < G_N_ELEMENTS (address_keys); i++)
    address = node_get_utf8_string (get_member (object, address_keys[i]));

  for (guint i = 0; *display_name == NULL && i < G_N_ELEMENTS (name_keys); i++)
    *display_name = node_get_utf8_string (get_member (object, name_keys[i]));

  return address != NULL ? g_strstrip (g_strdup (address)) : NULL;
}

typedef struct {
  BbMailboxList *list;
  GHashTable    *folds;  /* char* fold → nothing, owned */
} UsersParser;

static void
add_user (JsonArray *array,
          guint      index,
          JsonNode  *node,
          gpointer   user_data)
{
  UsersParser *parser = user_data;
  g_autofree char *address = NULL;
  const char *display_name;

  address = entry_address (node, &display_name);
  if (address == NULL || !bb_address_is_valid (address))
    {
      parser->list->n_invalid++;
      return;
    }

  if (!g_hash_table_add (parser->folds, bb_address_fold (address)))
    {
      parser->list->n_duplicates++;
      return;
    }

  bb_mailbox_model_append (parser->list->model, address, display_name);
}

BbMailboxList *
bb_parse_users_list (JsonObject  *root,
                     GError     **error)
{
  g_autoptr(BbMailboxList) list = NULL;
  UsersParser parser;
  JsonNode *node;
  JsonArray *array;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = get_member (root, "user_emails");
  if (node == NULL)
    {
      set_missing_error (error, "user_emails");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_type_error (error, "user_emails");
      return NULL;
    }

  array = json_node_get_array (node);
  list = g_new0 (BbMailboxList, 1);
  list->model = bb_mailbox_model_new ();

  parser.list = list;
  parser.folds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  json_array_foreach_element (array, add_user, &parser);
  g_hash_table_unref (parser.folds);
  bb_mailbox_model_commit (list->model);

  return g_steal_pointer (&list);
}

/* Template ----------------------------------------------------------------- */

BbTemplate *
bb_parse_template (JsonObject  *root,
                   GError     **error)
{
  const char *html;
  const char *subject;
  const char *sender;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!get_string_alias (root, "html", "email_html", &html, error)
      || !get_string_alias (root, "subject", "email_subject", &subject, error)
      || !get_string_alias (root, "sender", "email_sender", &sender, error))
    return NULL;

  if (html == NULL)
    {
      set_missing_error (error, "html");
      return NULL;
    }
  if (subject == NULL)
    {
      set_missing_error (error, "subject");
      return NULL;
    }

  /* An empty sender stays "": the key exists, so the field is shown. */
  return bb_template_new (subject, html, sender);
}

/* Status ------------------------------------------------------------------- */

/* The member in the nested "status" object when it is there, else at the top. */
static JsonNode *
get_status_member (JsonObject *root,
                   JsonObject *nested,
                   const char *name)
{
  JsonNode *node = get_member (nested, name);

  return node != NULL ? node : get_member (root, name);
}

static gboolean
read_user_array (JsonNode    *node,
                 const char  *name,
                 GPtrArray   *out,
                 GError     **error)
{
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_type_error (error, name);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *display_name;
      char *address = entry_address (json_array_get_element (array, i), &display_name);

      if (address != NULL && *address != '\0')
        g_ptr_array_add (out, address);
      else
        g_free (address);
    }

  return TRUE;
}

BbTokenStatus *
bb_parse_status (JsonObject  *root,
                 GError     **error)
{
  g_autoptr(BbTokenStatus) status = NULL;
  JsonObject *nested = NULL;
  JsonNode *status_node;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* "status" may also be a plain word ("running") beside top-level counters. */
  status_node = get_member (root, "status");
  if (status_node != NULL && JSON_NODE_HOLDS_OBJECT (status_node))
    nested = json_node_get_object (status_node);

  status = bb_token_status_new ();
  if (!read_counter (get_status_member (root, nested, "successful"), "successful",
                     &status->successful, error)
      || !read_counter (get_status_member (root, nested, "failed"), "failed",
                        &status->failed, error)
      || !read_counter (get_status_member (root, nested, "total"), "total",
                        &status->total, error))
    return NULL;

  status->done = read_flag (get_status_member (root, nested, "done")) == TRUE;

  if (!read_user_array (get_status_member (root, nested, "failed_users"), "failed_users",
                        status->failed_users, error)
      || !read_user_array (get_status_member (root, nested, "successful_users"),
                           "successful_users", status->successful_users, error))
    return NULL;

  return g_steal_pointer (&status);
}
