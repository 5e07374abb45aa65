/* bb-preferences-window.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bb-console-address.h"
#include "bb-preferences-window.h"
#include "bb-secrets.h"

struct _BbPreferencesWindow
{
  AdwPreferencesWindow   parent_instance;

  /* Template Widgets */
  AdwComboRow           *color_scheme_row;
  GtkListBox            *consoles_list;
  GtkLabel              *consoles_placeholder;
  AdwEntryRow           *authorize_endpoint_row;
  AdwEntryRow           *client_id_row;
  AdwEntryRow           *redirect_uri_row;
  AdwEntryRow           *scope_row;

  /* Owned References */
  GSettings             *settings;
  GtkStringList         *consoles;
  GCancellable          *cancellable;

  BbPreferencesConsoles  consoles_state;
};

G_DEFINE_FINAL_TYPE (BbPreferencesWindow, bb_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

G_DEFINE_ENUM_TYPE (BbPreferencesConsoles, bb_preferences_consoles,
  G_DEFINE_ENUM_VALUE (BB_PREFERENCES_CONSOLES_LOADING, "loading"),
  G_DEFINE_ENUM_VALUE (BB_PREFERENCES_CONSOLES_READY, "ready"),
  G_DEFINE_ENUM_VALUE (BB_PREFERENCES_CONSOLES_UNAVAILABLE, "unavailable"))

enum {
  PROP_0,
  PROP_CONSOLES_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The colour-scheme key's choices, in the order of the Style row. */
static const char *color_schemes[] = { "default", "light", "dark" };

static gboolean
color_scheme_get_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *scheme = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    {
      if (g_strcmp0 (scheme, color_schemes[i]) == 0)
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
color_scheme_set_mapping (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (color_schemes))
    return NULL;

  return g_variant_new_string (color_schemes[selected]);
}

static void
set_consoles_state (BbPreferencesWindow   *self,
                    BbPreferencesConsoles  state)
{
  if (self->consoles_state == state)
    return;

  self->consoles_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSOLES_STATE]);
}

/* ---- Saved Consoles ---------------------------------------------------- */

static GtkWidget *
create_console_row (gpointer item,
                    gpointer user_data)
{
  const char *url = gtk_string_object_get_string (GTK_STRING_OBJECT (item));
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *forget_label = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 uri != NULL && g_uri_get_host (uri) ? g_uri_get_host (uri) : url);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), url);

  button = gtk_button_new_with_mnemonic (_("_Forget"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "prefs.forget-console");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", url);
  /* Translators: %s is a Console address such as https://ab12cd34.canary.tools */
  forget_label = g_strdup_printf (_("Forget the API token of %s"), url);
  gtk_widget_set_tooltip_text (button, forget_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, forget_label,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
list_consoles_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BbPreferencesWindow) self = user_data;
  g_autoptr(GPtrArray) urls = NULL;
  g_autoptr(GError) error = NULL;
  guint n_old;

  urls = bb_secrets_list_consoles_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->consoles));

  if (urls == NULL)
    {
      g_debug ("Listing the saved Consoles failed: %s", error->message);
      gtk_string_list_splice (self->consoles, 0, n_old, NULL);
      gtk_label_set_text (self->consoles_placeholder,
                          _("The keyring could not be reached, so no API token can be saved. "
                            "Baitbox asks for the token each time."));
      set_consoles_state (self, BB_PREFERENCES_CONSOLES_UNAVAILABLE);
      return;
    }

  g_ptr_array_add (urls, NULL);
  gtk_string_list_splice (self->consoles, 0, n_old, (const char * const *) urls->pdata);
  gtk_label_set_text (self->consoles_placeholder, _("No saved Consoles"));
  set_consoles_state (self, BB_PREFERENCES_CONSOLES_READY);
}

static void
reload_consoles (BbPreferencesWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_consoles_state (self, BB_PREFERENCES_CONSOLES_LOADING);
  bb_secrets_list_consoles_async (self->cancellable, list_consoles_cb, g_object_ref (self));
}

static void
reload_consoles_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  reload_consoles (BB_PREFERENCES_WINDOW (widget));
}

typedef struct {
  BbPreferencesWindow *self;
  char                *url;
} ForgetOp;

static void
forget_op_free (ForgetOp *op)
{
  g_clear_object (&op->self);
  g_free (op->url);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ForgetOp, forget_op_free)

static void
remove_console (BbPreferencesWindow *self,
                const char          *url)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->consoles));

  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (self->consoles, i), url) == 0)
        {
          gtk_string_list_remove (self->consoles, i);
          return;
        }
    }
}

static void
clear_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ForgetOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!bb_secrets_clear_token_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Forgetting a token failed: %s", error->message);
      /* Translators: %s is a Console address */
      message = g_strdup_printf (_("Could not forget the API token of %s"), op->url);
    }
  else
    {
      remove_console (op->self, op->url);
      /* Translators: %s is a Console address */
      message = g_strdup_printf (_("Forgot the API token of %s"), op->url);
    }

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (op->self), adw_toast_new (message));
}

static void
forget_console_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BbPreferencesWindow *self = BB_PREFERENCES_WINDOW (widget);
  ForgetOp *op = g_new0 (ForgetOp, 1);

  op->self = g_object_ref (self);
  op->url = g_variant_dup_string (param, NULL);
  bb_secrets_clear_token_async (op->url, self->cancellable, clear_token_cb, op);
}

/* ---- Microsoft sign-in ------------------------------------------------- */

static const char *
row_to_key (BbPreferencesWindow *self,
            AdwEntryRow         *row)
{
  if (row == self->authorize_endpoint_row)
    return "authorize-endpoint";
  if (row == self->client_id_row)
    return "client-id";
  if (row == self->redirect_uri_row)
    return "redirect-uri";
  if (row == self->scope_row)
    return "scope";

  g_return_val_if_reached (NULL);
}

static void
sync_row (BbPreferencesWindow *self,
          AdwEntryRow         *row)
{
  g_autofree char *value = g_settings_get_string (self->settings, row_to_key (self, row));

  if (g_strcmp0 (value, gtk_editable_get_text (GTK_EDITABLE (row))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), value);
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
settings_changed_cb (BbPreferencesWindow *self,
                     const char          *key)
{
  AdwEntryRow *rows[] = { self->authorize_endpoint_row, self->client_id_row,
                          self->redirect_uri_row, self->scope_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_strcmp0 (key, row_to_key (self, rows[i])) == 0)
      sync_row (self, rows[i]);
}

/* https:// or, on a loopback host, http:// (PROTOCOL.md §4); NULL when fine. */
static const char *
check_uri (const char *text,
           gboolean    web_only)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  const char *scheme;

  if (uri == NULL)
    return _("This is not a valid address.");
  if (!web_only)
    return NULL;

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0 && g_uri_get_host (uri) != NULL)
    return NULL;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && g_uri_get_host (uri) != NULL &&
      bb_console_address_is_loopback_host (g_uri_get_host (uri)))
    return NULL;

  return _("The authorize endpoint must be an https:// address.");
}

static void
row_apply_cb (BbPreferencesWindow *self,
              AdwEntryRow         *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  const char *key = row_to_key (self, row);
  const char *problem = NULL;

  if (text[0] != '\0' && row == self->authorize_endpoint_row)
    problem = check_uri (text, TRUE);
  else if (text[0] != '\0' && row == self->redirect_uri_row)
    problem = check_uri (text, FALSE);

  if (problem != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (problem));
      return;
    }

  /* An empty endpoint means the default one. */
  if (text[0] == '\0' && row == self->authorize_endpoint_row)
    g_settings_reset (self->settings, key);
  else
    g_settings_set_string (self->settings, key, text);

  sync_row (self, row);
}

static void
reset_signin_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  BbPreferencesWindow *self = BB_PREFERENCES_WINDOW (widget);

  g_settings_reset (self->settings, "authorize-endpoint");
  g_settings_reset (self->settings, "client-id");
  g_settings_reset (self->settings, "redirect-uri");
  g_settings_reset (self->settings, "scope");
}

/* The text inside an entry row is what gets focus: give it the row's title. */
static void
label_editable (AdwEntryRow *row)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  if (delegate != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (delegate),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                    -1);
}

/* ---- GObject ----------------------------------------------------------- */

static void
bb_preferences_window_dispose (GObject *object)
{
  BbPreferencesWindow *self = (BbPreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), BB_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (bb_preferences_window_parent_class)->dispose (object);
}

static void
bb_preferences_window_finalize (GObject *object)
{
  BbPreferencesWindow *self = (BbPreferencesWindow *)object;

  g_clear_object (&self->consoles);

  G_OBJECT_CLASS (bb_preferences_window_parent_class)->finalize (object);
}

static void
bb_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BbPreferencesWindow *self = BB_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONSOLES_STATE:
      g_value_set_enum (value, self->consoles_state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_preferences_window_class_init (BbPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bb_preferences_window_dispose;
  object_class->finalize = bb_preferences_window_finalize;
  object_class->get_property = bb_preferences_window_get_property;

  properties[PROP_CONSOLES_STATE] =
    g_param_spec_enum ("consoles-state", NULL, NULL,
                       BB_TYPE_PREFERENCES_CONSOLES, BB_PREFERENCES_CONSOLES_LOADING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/baitbox/Baitbox/bb-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BbPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, BbPreferencesWindow, consoles_list);
  gtk_widget_class_bind_template_child (widget_class, BbPreferencesWindow, consoles_placeholder);
  gtk_widget_class_bind_template_child (widget_class, BbPreferencesWindow, authorize_endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, BbPreferencesWindow, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, BbPreferencesWindow, redirect_uri_row);
  gtk_widget_class_bind_template_child (widget_class, BbPreferencesWindow, scope_row);
  gtk_widget_class_bind_template_callback (widget_class, row_apply_cb);

  gtk_widget_class_install_action (widget_class, "prefs.forget-console", "s",
                                   forget_console_action);
  gtk_widget_class_install_action (widget_class, "prefs.reload-consoles", NULL,
                                   reload_consoles_action);
  gtk_widget_class_install_action (widget_class, "prefs.reset-signin", NULL,
                                   reset_signin_action);
}

static void
bb_preferences_window_init (BbPreferencesWindow *self)
{
  AdwEntryRow *rows[4];

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->consoles = gtk_string_list_new (NULL);
  self->cancellable = g_cancellable_new ();

  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->color_scheme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                color_scheme_get_mapping, color_scheme_set_mapping,
                                NULL, NULL);

  rows[0] = self->authorize_endpoint_row;
  rows[1] = self->client_id_row;
  rows[2] = self->redirect_uri_row;
  rows[3] = self->scope_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      sync_row (self, rows[i]);
      label_editable (rows[i]);
    }
  g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);

  gtk_list_box_bind_model (self->consoles_list, G_LIST_MODEL (self->consoles),
                           create_console_row, NULL, NULL);
  reload_consoles (self);
}

GtkWidget *
bb_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (BB_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}

BbPreferencesConsoles
bb_preferences_window_get_consoles_state (BbPreferencesWindow *self)
{
  g_return_val_if_fail (BB_IS_PREFERENCES_WINDOW (self), BB_PREFERENCES_CONSOLES_LOADING);

  return self->consoles_state;
}

GListModel *
bb_preferences_window_get_consoles (BbPreferencesWindow *self)
{
  g_return_val_if_fail (BB_IS_PREFERENCES_WINDOW (self), NULL);

  return G_LIST_MODEL (self->consoles);
}
