/* bb-mailbox-row.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bb-mailbox-slot.h"
#include "bb-mailbox-row.h"

struct _BbMailboxRow
{
  GtkWidget       parent_instance;

  /* Template Widgets */
  GtkCheckButton *check;
  GtkLabel       *title;
  GtkLabel       *subtitle;

  /* Owned References */
  BbMailbox      *mailbox;
  GBinding       *selected_binding;
  BbMailboxSlot  *slot;             /* followed, when bound by the factory */
  gulong          slot_changed_id;
};

G_DEFINE_FINAL_TYPE (BbMailboxRow, bb_mailbox_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MAILBOX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
unbind_mailbox (BbMailboxRow *self)
{
  if (self->selected_binding != NULL)
    {
      g_binding_unbind (self->selected_binding);
      g_clear_object (&self->selected_binding);
    }
  g_clear_object (&self->mailbox);
}

/* Called for every row that scrolls into view: keep it to labels and one binding. */
static void
bind_mailbox (BbMailboxRow *self,
              BbMailbox    *mailbox)
{
  const char *address = bb_mailbox_get_address (mailbox);
  const char *name = bb_mailbox_get_display_name (mailbox);
  gboolean has_name = name != NULL && name[0] != '\0';
  g_autofree char *a11y_label = NULL;

  self->mailbox = g_object_ref (mailbox);

  gtk_label_set_text (self->title, has_name ? name : address);
  gtk_label_set_text (self->subtitle, has_name ? address : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle), has_name);

  /* Translators: the accessible name of a mailbox's check box; %s is a
   * person's name or, when the mailbox has none, its address */
  a11y_label = g_strdup_printf (_("Select %s"), has_name ? name : address);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y_label,
                                  -1);
  if (has_name)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->check),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, address,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->check),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  self->selected_binding =
    g_object_ref (g_object_bind_property (mailbox, "selected", self->check, "active",
                                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE));
}

static void
slot_mailbox_cb (BbMailboxRow *self)
{
  bb_mailbox_row_set_mailbox (self, bb_mailbox_slot_get_mailbox (self->slot));
}

/* Shows what @slot holds, now and whenever it holds another mailbox; NULL stops. */
static void
follow_slot (BbMailboxRow  *self,
             BbMailboxSlot *slot)
{
  if (self->slot != NULL)
    g_clear_signal_handler (&self->slot_changed_id, self->slot);
  g_set_object (&self->slot, slot);
  if (slot != NULL)
    self->slot_changed_id = g_signal_connect_swapped (slot, "notify::mailbox",
                                                      G_CALLBACK (slot_mailbox_cb), self);

  bb_mailbox_row_set_mailbox (self, slot != NULL ? bb_mailbox_slot_get_mailbox (slot) : NULL);
}

static void
bb_mailbox_row_dispose (GObject *object)
{
  BbMailboxRow *self = (BbMailboxRow *)object;

  follow_slot (self, NULL);
  unbind_mailbox (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BB_TYPE_MAILBOX_ROW);

  G_OBJECT_CLASS (bb_mailbox_row_parent_class)->dispose (object);
}

static void
bb_mailbox_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BbMailboxRow *self = BB_MAILBOX_ROW (object);

  switch (prop_id)
    {
    case PROP_MAILBOX:
      g_value_set_object (value, self->mailbox);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_mailbox_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BbMailboxRow *self = BB_MAILBOX_ROW (object);

  switch (prop_id)
    {
    case PROP_MAILBOX:
      bb_mailbox_row_set_mailbox (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bb_mailbox_row_class_init (BbMailboxRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bb_mailbox_row_dispose;
  object_class->get_property = bb_mailbox_row_get_property;
  object_class->set_property = bb_mailbox_row_set_property;

  properties[PROP_MAILBOX] =
    g_param_spec_object ("mailbox", NULL, NULL,
                         BB_TYPE_MAILBOX,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/baitbox/Baitbox/pages/bb-mailbox-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BbMailboxRow, check);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxRow, title);
  gtk_widget_class_bind_template_child (widget_class, BbMailboxRow, subtitle);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mailboxrow");
}

static void
bb_mailbox_row_init (BbMailboxRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bb_mailbox_row_new (void)
{
  return g_object_new (BB_TYPE_MAILBOX_ROW, NULL);
}

BbMailbox *
bb_mailbox_row_get_mailbox (BbMailboxRow *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX_ROW (self), NULL);

  return self->mailbox;
}

void
bb_mailbox_row_set_mailbox (BbMailboxRow *self,
                            BbMailbox    *mailbox)
{
  g_return_if_fail (BB_IS_MAILBOX_ROW (self));
  g_return_if_fail (mailbox == NULL || BB_IS_MAILBOX (mailbox));

  if (self->mailbox == mailbox)
    return;

  unbind_mailbox (self);
  if (mailbox != NULL)
    bind_mailbox (self, mailbox);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAILBOX]);
}

GtkWidget *
bb_mailbox_row_get_check (BbMailboxRow *self)
{
  g_return_val_if_fail (BB_IS_MAILBOX_ROW (self), NULL);

  return GTK_WIDGET (self->check);
}

/* The list view's factory */

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, bb_mailbox_row_new ());
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  BbMailboxRow *row = BB_MAILBOX_ROW (gtk_list_item_get_child (list_item));
  gpointer item = gtk_list_item_get_item (list_item);

  if (BB_IS_MAILBOX_SLOT (item))
    follow_slot (row, item);
  else
    bb_mailbox_row_set_mailbox (row, item);
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  BbMailboxRow *row = BB_MAILBOX_ROW (gtk_list_item_get_child (list_item));

  follow_slot (row, NULL);
}

GtkListItemFactory *
bb_mailbox_row_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind_cb), NULL);

  return factory;
}
