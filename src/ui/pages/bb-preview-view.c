/* bb-preview-view.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <webkit/webkit.h>

#include "bb-preview-view.h"

/* Time after the last change before the preview follows. */
#define RENDER_DELAY_MS 300

/* The base URI of our content: the only navigation the view ever allows. */
#define CONTENT_URI "about:blank"

/* Nothing but inline styles and embedded (data:, cid:) images and fonts. Set both as
 * the view's default policy (like a header, so no markup can escape it) and as the
 * first element of the document. */
#define PREVIEW_CSP \
  "default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'; " \
  "font-src data:; form-action 'none'; base-uri 'none'"

struct _BbPreviewView
{
  GtkWidget      parent_instance;

  /* Owned References */
  WebKitWebView *web_view;      /* created on first map */
  char          *html;          /* what should be shown */
  char          *rendered;      /* what was last handed to WebKit */

  guint          render_source;
  guint          pending_loads; /* our load_html calls whose navigation is still to decide */
};

G_DEFINE_FINAL_TYPE (BbPreviewView, bb_preview_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HTML,
  N_PROPS
};

enum {
  RENDERED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Skips white space, a byte order mark and a leading <!DOCTYPE …>: the policy goes
 * right after them, so a document in standards mode stays in standards mode. */
static gsize
policy_insert_offset (const char *html)
{
  const char *p = html;
  const char *end;

  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;
  while (g_ascii_isspace (*p))
    p++;

  if (g_ascii_strncasecmp (p, "<!doctype", 9) != 0)
    return p - html;

  end = strchr (p, '>');
  if (end == NULL)
    return p - html;

  return end + 1 - html;
}

/**
 * bb_preview_view_wrap_html:
 * @html: (nullable): the bait email's HTML
 *
 * A <meta> start tag before any other element makes the parser open <head> for it,
 * whatever follows (a later <html> or <head> tag merges into what exists), so the
 * policy is always the head's first child and applies before anything can load.
 */
char *
bb_preview_view_wrap_html (const char *html)
{
  static const char meta[] =
    "<meta http-equiv=\"Content-Security-Policy\" content=\"" PREVIEW_CSP "\">";
  gsize offset;

  if (html == NULL)
    html = "";

  offset = policy_insert_offset (html);

  return g_strdup_printf ("%.*s%s%s", (int) offset, html, meta, html + offset);
}

static void
render_now (BbPreviewView *self)
{
  g_autofree char *document = NULL;

  g_clear_handle_id (&self->render_source, g_source_remove);

  if (self->web_view == NULL)
    return;

  document = bb_preview_view_wrap_html (self->html);
  g_free (self->rendered);
  self->rendered = g_strdup (self->html ? self->html : "");

  self->pending_loads++;
  webkit_web_view_load_html (self->web_view, document, CONTENT_URI);
}

static gboolean
render_timeout_cb (gpointer user_data)
{
  BbPreviewView *self = user_data;

  self->render_source = 0;
  render_now (self);

  return G_SOURCE_REMOVE;
}

static gboolean
decide_navigation (BbPreviewView            *self,
                   WebKitNavigationPolicyDecision *decision)
{
  WebKitNavigationAction *action = webkit_navigation_policy_decision_get_navigation_action (decision);
  WebKitURIRequest *request = webkit_navigation_action_get_request (action);
  const char *uri = webkit_uri_request_get_uri (request);

  /* Only the loads we started ourselves: no link, form, refresh or frame. */
  if (self->pending_loads > 0 && g_strcmp0 (uri, CONTENT_URI) == 0)
    {
      self->pending_loads--;
      return TRUE;
    }

  return FALSE;
}

static gboolean
decide_policy_cb (WebKitWebView            *web_view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  BbPreviewView            *self)
{
  g_assert (BB_IS_PREVIEW_VIEW (self));

  switch (type)
    {
    case WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION:
      if (decide_navigation (self, WEBKIT_NAVIGATION_POLICY_DECISION (decision)))
        webkit_policy_decision_use (decision);
      else
        webkit_policy_decision_ignore (decision);
      return TRUE;

    case WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION:
      webkit_policy_decision_ignore (decision);
      return TRUE;

    case WEBKIT_POLICY_DECISION_TYPE_RESPONSE:
    default:
      /* Responses only come from navigations allowed above. */
      return FALSE;
    }
}

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 BbPreviewView   *self)
{
  g_assert (BB_IS_PREVIEW_VIEW (self));

  if (event == WEBKIT_LOAD_FINISHED)
    g_signal_emit (self, signals[RENDERED], 0);
}

static gboolean
context_menu_cb (WebKitWebView *web_view)
{
  /* No "Open link", "Reload" or "Inspect" into a locked-down view. */
  return TRUE;
}

static WebKitSettings *
create_settings (void)
{
  WebKitSettings *settings;

  settings = webkit_settings_new_with_settings ("enable-javascript", FALSE,
                                                "enable-javascript-markup", FALSE,
                                                "enable-html5-local-storage", FALSE,
                                                "enable-html5-database", FALSE,
                                                "enable-page-cache", FALSE,
                                                "enable-webgl", FALSE,
                                                "enable-webaudio", FALSE,
                                                "enable-media", FALSE,
                                                "enable-developer-extras", FALSE,
                                                "enable-back-forward-navigation-gestures", FALSE,
                                                "javascript-can-open-windows-automatically", FALSE,
                                                NULL);

#if WEBKIT_CHECK_VERSION(2, 42, 0)
  {
    /* Hints that would open connections or resolve names outside the policy. */
    static const char * const network_hints[] = {
      "LinkPreconnect", "LinkPreconnectEarlyHints", "LinkDNSPrefetch", "LinkPreload", "LinkPrefetch",
    };
    g_autoptr(WebKitFeatureList) features = webkit_settings_get_all_features ();

    for (gsize i = 0; i < webkit_feature_list_get_length (features); i++)
      {
        WebKitFeature *feature = webkit_feature_list_get (features, i);

        if (g_strv_contains (network_hints, webkit_feature_get_identifier (feature)))
          webkit_settings_set_feature_enabled (settings, feature, FALSE);
      }
  }
#endif

  return settings;
}

static void
create_web_view (BbPreviewView *self)
{
  g_autoptr(WebKitNetworkSession) session = webkit_network_session_new_ephemeral ();
  g_autoptr(WebKitSettings) settings = create_settings ();
  GtkWidget *web_view;

  web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                           "network-session", session,
                           "settings", settings,
                           "default-content-security-policy", PREVIEW_CSP,
                           NULL);
  g_signal_connect_object (web_view, "decide-policy", G_CALLBACK (decide_policy_cb), self, 0);
  g_signal_connect_object (web_view, "load-changed", G_CALLBACK (load_changed_cb), self, 0);
  g_signal_connect (web_view, "context-menu", G_CALLBACK (context_menu_cb), NULL);

  gtk_widget_set_hexpand (web_view, TRUE);
  gtk_widget_set_vexpand (web_view, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (web_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Bait email preview"),
                                  -1);
  gtk_widget_set_parent (web_view, GTK_WIDGET (self));
  self->web_view = WEBKIT_WEB_VIEW (web_view);
}

static void
bb_preview_view_map (GtkWidget *widget)
{
  BbPreviewView *self = BB_PREVIEW_VIEW (widget);

  /* WebKit (and its processes) only once someone looks at the preview. */
  if (self->web_view == NULL)
    create_web_view (self);

  GTK_WIDGET_CLASS (bb_preview_view_parent_class)->map (widget);

  if (self->rendered == NULL || g_strcmp0 (self->rendered, self->html ? self->html : "") != 0)
    render_now (self);
}

static void
bb_preview_view_dispose (GObject *object)
{
  BbPreviewView *self = (BbPreviewView *)object;

  g_clear_handle_id (&self->render_source, g_source_remove);
  if (self->web_view != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->web_view));
      self->web_view = NULL;
    }

  G_OBJECT_CLASS (bb_preview_view_parent_class)->dispose (object);
}

static void
bb_preview_view_finalize (GObject *object)
{
  BbPreviewView *self = (BbPreviewView *)object;

  g_clear_pointer (&self->html, g_free);
  g_clear_pointer (&self->rendered, g_free);

  G_OBJECT_CLASS (bb_preview_view_parent_class)->finalize (object);
}

static void
bb_preview_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BbPreviewView *self = BB_PREVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_HTML:
      g_value_set_string (value, bb_preview_view_get_html (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_preview_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BbPreviewView *self = BB_PREVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_HTML:
      bb_preview_view_set_html (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_preview_view_class_init (BbPreviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bb_preview_view_dispose;
  object_class->finalize = bb_preview_view_finalize;
  object_class->get_property = bb_preview_view_get_property;
  object_class->set_property = bb_preview_view_set_property;

  widget_class->map = bb_preview_view_map;

  properties[PROP_HTML] =
    g_param_spec_string ("html", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RENDERED] =
    g_signal_new ("rendered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "previewview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bb_preview_view_init (BbPreviewView *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Bait email preview"),
                                  -1);
}

GtkWidget *
bb_preview_view_new (void)
{
  return g_object_new (BB_TYPE_PREVIEW_VIEW, NULL);
}

const char *
bb_preview_view_get_html (BbPreviewView *self)
{
  g_return_val_if_fail (BB_IS_PREVIEW_VIEW (self), NULL);

  return self->html;
}

void
bb_preview_view_set_html (BbPreviewView *self,
                          const char    *html)
{
  g_return_if_fail (BB_IS_PREVIEW_VIEW (self));

  if (g_strcmp0 (self->html, html) == 0)
    return;

  g_free (self->html);
  self->html = g_strdup (html);

  /* Restarted on every change: rendered once typing pauses, never per keystroke. */
  g_clear_handle_id (&self->render_source, g_source_remove);
  if (self->web_view != NULL)
    self->render_source = g_timeout_add (RENDER_DELAY_MS, render_timeout_cb, self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HTML]);
}

void
bb_preview_view_flush (BbPreviewView *self)
{
  g_return_if_fail (BB_IS_PREVIEW_VIEW (self));

  if (self->web_view != NULL &&
      (self->render_source != 0 || g_strcmp0 (self->rendered, self->html ? self->html : "") != 0))
    render_now (self);
}

GtkWidget *
bb_preview_view_get_web_view (BbPreviewView *self)
{
  g_return_val_if_fail (BB_IS_PREVIEW_VIEW (self), NULL);

  return self->web_view ? GTK_WIDGET (self->web_view) : NULL;
}
