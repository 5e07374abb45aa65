/* bb-mailboxes-search-bar.c
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bb-mailboxes-search-bar.h"

struct _BbMailboxesSearchBar
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (BbMailboxesSearchBar, bb_mailboxes_search_bar, GTK_TYPE_WIDGET)

#define SEARCH_BAR_SPACING 6
/* Narrower than this, the search entry lets the domain picker go to the next row */
#define SEARCH_ENTRY_COMFORTABLE 240

/* The domain picker when it is shown, or NULL (the entry is the first child). */
static GtkWidget *
search_bar_domain (GtkWidget *bar)
{
  GtkWidget *entry = gtk_widget_get_first_child (bar);
  GtkWidget *domain = entry != NULL ? gtk_widget_get_next_sibling (entry) : NULL;

  return domain != NULL && gtk_widget_should_layout (domain) ? domain : NULL;
}

static int
natural_width (GtkWidget *widget)
{
  int natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);

  return natural;
}

/* The width the children after the entry take on its row, spacing included. */
static int
search_bar_others_width (GtkWidget *bar,
                         gboolean   narrow)
{
  GtkWidget *domain = search_bar_domain (bar);
  int width = 0;

  for (GtkWidget *child = gtk_widget_get_next_sibling (gtk_widget_get_first_child (bar));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (gtk_widget_should_layout (child) && !(narrow && child == domain))
        width += SEARCH_BAR_SPACING + natural_width (child);
    }

  return width;
}

static gboolean
search_bar_is_narrow (GtkWidget *bar,
                      int        width)
{
  return search_bar_domain (bar) != NULL &&
         width - search_bar_others_width (bar, FALSE) < SEARCH_ENTRY_COMFORTABLE;
}

static void
search_bar_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  GtkWidget *domain = search_bar_domain (widget);
  gboolean narrow = for_size >= 0 && search_bar_is_narrow (widget, for_size);
  int domain_min = 0, domain_nat = 0;

  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int spacing = child == gtk_widget_get_first_child (widget) ? 0 : SEARCH_BAR_SPACING;
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);

      if (child == domain && (orientation == GTK_ORIENTATION_HORIZONTAL || narrow))
        {
          domain_min = child_min;
          domain_nat = child_nat;
          if (orientation == GTK_ORIENTATION_HORIZONTAL)
            *natural += spacing + child_nat;
        }
      else if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum += spacing + child_min;
          *natural += spacing + child_nat;
        }
      else
        {
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
    }

  /* Across, the domain picker can always go below; down, it does when narrow. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = MAX (*minimum, domain_min);
  else if (narrow)
    {
      *minimum += SEARCH_BAR_SPACING + domain_min;
      *natural += SEARCH_BAR_SPACING + domain_nat;
    }
}

/* Allocates @child at @x on a row of @width, mirrored in right-to-left text. */
static void
allocate_at (GtkWidget *child,
             gboolean   rtl,
             int        width,
             int        x,
             int        y,
             int        child_width,
             int        child_height)
{
  GtkAllocation allocation = { rtl ? width - x - child_width : x, y, child_width, child_height };

  gtk_widget_size_allocate (child, &allocation, -1);
}

static void
search_bar_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  gboolean narrow = search_bar_is_narrow (widget, width);
  GtkWidget *domain = search_bar_domain (widget);
  GtkWidget *entry = gtk_widget_get_first_child (widget);
  int row_height = height;
  int entry_min, x;

  if (narrow)
    {
      int domain_height;

      gtk_widget_measure (domain, GTK_ORIENTATION_VERTICAL, width, NULL, &domain_height, NULL, NULL);
      row_height = MAX (0, height - SEARCH_BAR_SPACING - domain_height);
      allocate_at (domain, rtl, width, 0, row_height + SEARCH_BAR_SPACING, width, domain_height);
    }

  gtk_widget_measure (entry, GTK_ORIENTATION_HORIZONTAL, -1, &entry_min, NULL, NULL, NULL);
  x = MAX (entry_min, width - search_bar_others_width (widget, narrow));
  allocate_at (entry, rtl, width, 0, 0, x, row_height);

  for (GtkWidget *child = gtk_widget_get_next_sibling (entry);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_width;

      if (!gtk_widget_should_layout (child) || (narrow && child == domain))
        continue;
      child_width = natural_width (child);
      x += SEARCH_BAR_SPACING;
      allocate_at (child, rtl, width, x, 0, child_width, row_height);
      x += child_width;
    }
}

static GtkSizeRequestMode
search_bar_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
bb_mailboxes_search_bar_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bb_mailboxes_search_bar_parent_class)->dispose (object);
}

static void
bb_mailboxes_search_bar_class_init (BbMailboxesSearchBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bb_mailboxes_search_bar_dispose;
  widget_class->measure = search_bar_measure;
  widget_class->size_allocate = search_bar_size_allocate;
  widget_class->get_request_mode = search_bar_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "mailboxessearchbar");
}

static void
bb_mailboxes_search_bar_init (BbMailboxesSearchBar *self)
{
}
