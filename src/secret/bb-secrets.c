/* bb-secrets.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bb-secrets.h"

/*
 * Every async call runs in a GTask whose task data is a short description such as
 * "token for ab12cd34.canary.tools". It is the only thing the debug log ever says
 * about an item: never the secret, never the full URL, never the Exchange user name.
 */

static const SecretSchema token_schema = {
  "io.github.baitbox.Baitbox.Token",
  SECRET_SCHEMA_NONE,
  {
    { "console", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static const SecretSchema exchange_schema = {
  "io.github.baitbox.Baitbox.Exchange",
  SECRET_SCHEMA_NONE,
  {
    { "console", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

const SecretSchema *
bb_secrets_get_token_schema (void)
{
  return &token_schema;
}

const SecretSchema *
bb_secrets_get_exchange_schema (void)
{
  return &exchange_schema;
}

void
bb_secrets_free (char *secret)
{
  if (secret != NULL)
    secret_password_free (secret);
}

gboolean
bb_secrets_error_is_unavailable (const GError *error)
{
  if (error == NULL)
    return FALSE;

  /* No bus, the bus went away, or org.freedesktop.secrets cannot be activated. */
  if (error->domain == G_DBUS_ERROR || error->domain == G_SPAWN_ERROR)
    return TRUE;

  /* Connecting to a missing or refused bus socket, autolaunch failures, unmapped
   * remote errors. A cancellation is the caller's own doing, not unavailability. */
  if (error->domain == G_IO_ERROR)
    return error->code != G_IO_ERROR_CANCELLED;

  if (error->domain == SECRET_ERROR)
    return error->code == SECRET_ERROR_PROTOCOL || error->code == SECRET_ERROR_IS_LOCKED;

  return FALSE;
}

/* The host of @console_url for labels and logs; the URL itself if it does not parse. */
static char *
console_host (const char *console_url)
{
  g_autoptr(GUri) uri = g_uri_parse (console_url, G_URI_FLAGS_NONE, NULL);

  if (uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0')
    return g_strdup (g_uri_get_host (uri));

  return g_strdup (console_url);
}

/* libsecret keeps a reference to the table until the call completes, so it owns
 * copies of the values rather than borrowing the caller's strings. */
static GHashTable *
token_attributes (const char *console_url)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) "console", g_strdup (console_url));
  return attributes;
}

static GHashTable *
exchange_attributes (const char *console_url,
                     const char *username)
{
  GHashTable *attributes = token_attributes (console_url);

  g_hash_table_insert (attributes, (gpointer) "username", g_strdup (username));
  return attributes;
}

static GTask *
secrets_task_new (gpointer             source_tag,
                  const char          *kind,
                  const char          *console_url,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *host = console_host (console_url);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_strdup_printf ("%s for %s", kind, host), g_free);
  return task;
}

static const char *
task_description (GTask *task)
{
  return g_task_get_task_data (task);
}

static gboolean
secrets_task_finish_check (GAsyncResult *result,
                           gpointer      source_tag)
{
  return g_task_is_valid (result, NULL) && g_task_get_source_tag (G_TASK (result)) == source_tag;
}

/* Store */

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      /* libsecret reports a dismissed keyring prompt as FALSE without an error. */
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                     _("The keyring prompt was dismissed"));
      g_debug ("could not store %s: %s", task_description (task), error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("stored %s", task_description (task));
  g_task_return_boolean (task, TRUE);
}

static void
store_secret (GTask              *task,
              const SecretSchema *schema,
              GHashTable         *attributes,
              const char         *label,
              const char         *secret)
{
  secret_password_storev (schema, attributes, SECRET_COLLECTION_DEFAULT, label, secret,
                          g_task_get_cancellable (task), store_cb, task);
}

void
bb_secrets_store_token_async (const char          *console_url,
                              const char          *token,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *host = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (console_url != NULL && *console_url != '\0');
  g_return_if_fail (token != NULL && *token != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = secrets_task_new (bb_secrets_store_token_async, "token", console_url,
                           cancellable, callback, user_data);
  host = console_host (console_url);
  /* Translators: the label of the keyring item, shown in Passwords and Keys;
   * %s is the Console's host name, such as ab12cd34.canary.tools */
  label = g_strdup_printf (_("Canary Console API token for %s"), host);
  attributes = token_attributes (console_url);
  store_secret (g_steal_pointer (&task), &token_schema, attributes, label, token);
}

gboolean
bb_secrets_store_token_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (secrets_task_finish_check (result, bb_secrets_store_token_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Lookup */

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_debug ("could not look up %s: %s", task_description (task), error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("%s %s", secret != NULL ? "found" : "no saved", task_description (task));
  g_task_return_pointer (task, secret, (GDestroyNotify) bb_secrets_free);
}

void
bb_secrets_lookup_token_async (const char          *console_url,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (console_url != NULL && *console_url != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = secrets_task_new (bb_secrets_lookup_token_async, "token", console_url,
                           cancellable, callback, user_data);
  attributes = token_attributes (console_url);
  secret_password_lookupv (&token_schema, attributes, cancellable, lookup_cb, task);
}

char *
bb_secrets_lookup_token_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (secrets_task_finish_check (result, bb_secrets_lookup_token_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
bb_secrets_lookup_token_sync (const char    *console_url,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *host = NULL;
  char *secret;

  g_return_val_if_fail (console_url != NULL && *console_url != '\0', NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  host = console_host (console_url);
  attributes = token_attributes (console_url);
  secret = secret_password_lookupv_sync (&token_schema, attributes, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_debug ("could not look up token for %s: %s", host, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  g_debug ("%s token for %s", secret != NULL ? "found" : "no saved", host);
  return secret;
}

/* Clear */

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean removed;

  /* FALSE without an error means there was nothing to remove: still a success. */
  removed = secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      g_debug ("could not clear %s: %s", task_description (task), error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("%s %s", removed ? "cleared" : "nothing to clear:", task_description (task));
  g_task_return_boolean (task, TRUE);
}

void
bb_secrets_clear_token_async (const char          *console_url,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (console_url != NULL && *console_url != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = secrets_task_new (bb_secrets_clear_token_async, "token", console_url,
                           cancellable, callback, user_data);
  attributes = token_attributes (console_url);
  secret_password_clearv (&token_schema, attributes, cancellable, clear_cb, task);
}

gboolean
bb_secrets_clear_token_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (secrets_task_finish_check (result, bb_secrets_clear_token_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* List */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The distinct "console" attributes of @items, sorted. */
static GPtrArray *
collect_consoles (GList *items)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *consoles = g_ptr_array_new_with_free_func (g_free);

  for (const GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);
      const char *console = g_hash_table_lookup (attributes, "console");

      if (console == NULL || g_hash_table_contains (seen, console))
        continue;

      g_ptr_array_add (consoles, g_strdup (console));
      g_hash_table_add (seen, g_ptr_array_index (consoles, consoles->len - 1));
    }

  g_ptr_array_sort (consoles, compare_strings);
  return consoles;
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GList *items;
  GPtrArray *consoles;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_debug ("could not list saved Consoles: %s", error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  consoles = collect_consoles (items);
  g_list_free_full (items, g_object_unref);
  g_debug ("%u saved Console tokens", consoles->len);
  g_task_return_pointer (task, consoles, (GDestroyNotify) g_ptr_array_unref);
}

void
bb_secrets_list_consoles_async (GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bb_secrets_list_consoles_async);
  /* Every item of the token schema, locked or not; without SECRET_SEARCH_UNLOCK and
   * SECRET_SEARCH_LOAD_SECRETS only attributes are read, so no secret leaves the
   * keyring and no unlock prompt appears. */
  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  secret_password_searchv (&token_schema, attributes, SECRET_SEARCH_ALL, cancellable,
                           search_cb, task);
}

GPtrArray *
bb_secrets_list_consoles_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (secrets_task_finish_check (result, bb_secrets_list_consoles_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Exchange */

void
bb_secrets_store_exchange_password_async (const char          *console_url,
                                          const char          *username,
                                          const char          *password,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *host = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (console_url != NULL && *console_url != '\0');
  g_return_if_fail (username != NULL && *username != '\0');
  g_return_if_fail (password != NULL && *password != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = secrets_task_new (bb_secrets_store_exchange_password_async, "Exchange password",
                           console_url, cancellable, callback, user_data);
  host = console_host (console_url);
  /* Translators: the label of the keyring item, shown in Passwords and Keys;
   * the first %s is an Exchange user name, the second the Console's host name */
  label = g_strdup_printf (_("Exchange password of %s for Canary Console %s"), username, host);
  attributes = exchange_attributes (console_url, username);
  store_secret (g_steal_pointer (&task), &exchange_schema, attributes, label, password);
}

gboolean
bb_secrets_store_exchange_password_finish (GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (secrets_task_finish_check (result, bb_secrets_store_exchange_password_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
bb_secrets_lookup_exchange_password_async (const char          *console_url,
                                           const char          *username,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (console_url != NULL && *console_url != '\0');
  g_return_if_fail (username != NULL && *username != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = secrets_task_new (bb_secrets_lookup_exchange_password_async, "Exchange password",
                           console_url, cancellable, callback, user_data);
  attributes = exchange_attributes (console_url, username);
  secret_password_lookupv (&exchange_schema, attributes, cancellable, lookup_cb, task);
}

char *
bb_secrets_lookup_exchange_password_finish (GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (secrets_task_finish_check (result, bb_secrets_lookup_exchange_password_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
bb_secrets_clear_exchange_password_async (const char          *console_url,
                                          const char          *username,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  GTask *task;

  g_return_if_fail (console_url != NULL && *console_url != '\0');
  g_return_if_fail (username != NULL && *username != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = secrets_task_new (bb_secrets_clear_exchange_password_async, "Exchange password",
                           console_url, cancellable, callback, user_data);
  attributes = exchange_attributes (console_url, username);
  secret_password_clearv (&exchange_schema, attributes, cancellable, clear_cb, task);
}

gboolean
bb_secrets_clear_exchange_password_finish (GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (secrets_task_finish_check (result, bb_secrets_clear_exchange_password_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
