/* client-common.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <libsoup/soup.h>

#include "client-common.h"

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->emu = bb_test_emulator_start (data);
  f->console = bb_console_new (bb_test_emulator_get_url (f->emu), &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->console);

  bb_console_set_auth_token (f->console, BB_TEST_TOKEN);
  bb_console_set_timeout (f->console, 10);
  bb_console_set_long_timeout (f->console, 10);
  bb_console_set_retry_delay_ms (f->console, 50);
  g_object_set (f->console, "max-retry-after", 3, NULL);
  bb_console_set_create_recovery_seconds (f->console, 3);
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* Every request has finished: nothing may still hold the console. */
  g_assert_finalize_object (g_steal_pointer (&f->console));
  g_clear_pointer (&f->emu, bb_test_emulator_stop);
}

void
capture_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

GAsyncResult *
wait_result (GAsyncResult **slot)
{
  bb_test_wait_for_pointer ((gpointer *) slot);
  return *slot;
}

gint64
record_count (BbTestEmulator *emu,
              const char     *endpoint)
{
  g_autoptr(JsonObject) record = bb_test_emulator_get_record (emu);
  JsonObject *counts;

  g_assert_nonnull (record);
  counts = json_object_get_object_member (record, "counts");
  g_assert_nonnull (counts);
  if (!json_object_has_member (counts, endpoint))
    return 0;
  return json_object_get_int_member (counts, endpoint);
}

void
set_fault (BbTestEmulator *emu,
           const char     *endpoint,
           const char     *kind,
           guint           count,
           ...)
{
  const char *extra[6] = { NULL, };
  g_autofree char *count_str = g_strdup_printf ("%u", count);
  va_list args;
  guint i = 0;

  va_start (args, count);
  for (const char *name = va_arg (args, const char *);
       name != NULL;
       name = va_arg (args, const char *))
    {
      g_assert_cmpuint (i + 2, <=, G_N_ELEMENTS (extra));
      extra[i++] = name;
      extra[i++] = va_arg (args, const char *);
    }
  va_end (args);

  bb_test_emulator_control (emu, "fault",
                            "endpoint", endpoint,
                            "kind", kind,
                            "count", count_str,
                            extra[0], extra[1], extra[2], extra[3], extra[4], extra[5],
                            NULL);
}

gint64
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000;
}

char *
accept_consent (BbTestEmulator *emu,
                const char     *redirect_uri,
                const char     *state)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *form = NULL;
  g_autofree char *url = NULL;
  const char *location;

  form = soup_form_encode ("action", "accept", "redirect_uri", redirect_uri, "state", state, NULL);
  url = g_strconcat (bb_test_emulator_get_url (emu), "/ms/consent?", form, NULL);
  msg = soup_message_new ("GET", url);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_FOUND);

  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  g_assert_nonnull (location);
  g_assert_nonnull (strchr (location, '?'));
  params = soup_form_decode (strchr (location, '?') + 1);
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, state);
  g_assert_nonnull (g_hash_table_lookup (params, "code"));

  return g_strdup (g_hash_table_lookup (params, "code"));
}
