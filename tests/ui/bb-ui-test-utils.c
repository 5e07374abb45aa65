/* bb-ui-test-utils.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bb-application.h"
#include "bb-test-utils.h"
#include "bb-ui-test-utils.h"

void
bb_ui_test_reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

GtkApplication *
bb_ui_test_init_app (void)
{
  g_autoptr(GError) error = NULL;
  BbApplication *app = bb_application_new ();

  /* No session bus in the test environment, and no other instance to talk to. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  /* Transitions would make screenshots catch half-faded pages. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  bb_ui_test_reset_settings ();

  return GTK_APPLICATION (app);
}

static gboolean
widget_matches (GtkWidget  *widget,
                GType       type,
                const char *title)
{
  if (!g_type_is_a (G_OBJECT_TYPE (widget), type))
    return FALSE;
  if (title == NULL)
    return TRUE;
  if (ADW_IS_PREFERENCES_ROW (widget))
    return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
  if (ADW_IS_STATUS_PAGE (widget))
    return g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), title) == 0;
  if (GTK_IS_LABEL (widget))
    return g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), title) == 0;
  if (GTK_IS_BUTTON (widget))
    return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), title) == 0;

  return FALSE;
}

GtkWidget *
bb_ui_test_find (GtkWidget  *root,
                 GType       type,
                 const char *title)
{
  if (widget_matches (root, type, title))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bb_ui_test_find (child, type, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_shown_label (GtkWidget  *root,
                  const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_shown_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
bb_ui_test_find_shown_label (GtkWidget  *root,
                             const char *text)
{
  return find_shown_label (root, text);
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  guint *remaining = user_data;

  if (*remaining > 0)
    (*remaining)--;

  return *remaining > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

void
bb_ui_test_wait_frames (GtkWidget *window,
                        guint      n_frames)
{
  guint remaining = n_frames;

  gtk_widget_queue_draw (window);
  gtk_widget_add_tick_callback (window, count_frame_cb, &remaining, NULL);
  while (remaining > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
connect_state_cb (BbConnectPage *page,
                  GParamSpec    *pspec,
                  gboolean      *settled)
{
  if (bb_connect_page_get_state (page) != BB_CONNECT_STATE_BUSY)
    *settled = TRUE;
}

/* Activates page.connect, as the Connect button does, and returns the state the
 * page settles in once it leaves BUSY. */
BbConnectState
bb_ui_test_connect_and_wait (BbConnectPage *page)
{
  gboolean settled = FALSE;
  gulong handler = g_signal_connect (page, "notify::state", G_CALLBACK (connect_state_cb),
                                     &settled);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "page.connect", NULL));
  if (bb_connect_page_get_state (page) != BB_CONNECT_STATE_BUSY)
    settled = TRUE;
  bb_test_wait_for_flag (&settled);
  g_signal_handler_disconnect (page, handler);

  return bb_connect_page_get_state (page);
}

/* Shows @window and returns once it has drawn @n_frames frames. */
void
bb_ui_test_present (GtkWindow *window,
                    guint      n_frames)
{
  gtk_window_present (window);
  bb_ui_test_wait_frames (GTK_WIDGET (window), n_frames);
}

void
bb_ui_test_resize (GtkWindow *window,
                   int        width,
                   int        height)
{
  GtkWidget *widget = GTK_WIDGET (window);
  GdkSurface *surface;
  int extra_w, extra_h;

  for (guint i = 0; i < 120 && gtk_widget_get_width (widget) == 0; i++)
    bb_ui_test_wait_frames (widget, 1);

  /* Without a compositor the client-side decorations keep a border inside the
   * X window, and the default size counts it: ask for that much more. */
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  extra_w = gdk_surface_get_width (surface) - gtk_widget_get_width (widget);
  extra_h = gdk_surface_get_height (surface) - gtk_widget_get_height (widget);
  gtk_window_set_default_size (window, width + extra_w, height + extra_h);

  /* The X server answers the configure request within a few frames. */
  for (guint i = 0; i < 120 && gtk_widget_get_width (widget) != width; i++)
    bb_ui_test_wait_frames (widget, 1);

  g_assert_cmpint (gtk_widget_get_width (widget), ==, width);
  g_assert_cmpint (gtk_widget_get_height (widget), ==, height);
  bb_ui_test_wait_frames (widget, 3);
}

void
bb_ui_test_screenshot (GtkWidget  *window,
                       const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  bb_ui_test_wait_frames (window, 3);

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

void
bb_ui_test_screenshot_schemes (GtkWidget  *window,
                               const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  bb_ui_test_screenshot (window, name);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  bb_ui_test_screenshot (window, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

AdwMessageDialog *
bb_ui_test_find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item) && gtk_widget_get_visible (GTK_WIDGET (item)))
        return ADW_MESSAGE_DIALOG (item);
    }

  return NULL;
}

void
bb_ui_test_click_response (AdwMessageDialog *dialog,
                           const char       *label)
{
  GtkWidget *button;

  g_assert_nonnull (dialog);
  button = bb_ui_test_find (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, label);
  g_assert_nonnull (button);
  /* Held: the dialog destroys itself once closed. */
  g_object_ref (dialog);
  g_signal_emit_by_name (button, "clicked");
  while (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (dialog);
}

void
bb_ui_test_assert_setting (GSettings  *settings,
                           const char *key,
                           const char *expected)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  g_test_message ("setting %s", key);
  g_assert_cmpstr (value, ==, expected);
}
