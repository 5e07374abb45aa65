/* bb-preferences-window.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/**
 * BbPreferencesConsoles:
 * @BB_PREFERENCES_CONSOLES_LOADING: the keyring is being read
 * @BB_PREFERENCES_CONSOLES_READY: the saved Consoles are listed (maybe none)
 * @BB_PREFERENCES_CONSOLES_UNAVAILABLE: no Secret Service could be reached
 */
typedef enum {
  BB_PREFERENCES_CONSOLES_LOADING,
  BB_PREFERENCES_CONSOLES_READY,
  BB_PREFERENCES_CONSOLES_UNAVAILABLE,
} BbPreferencesConsoles;

#define BB_TYPE_PREFERENCES_CONSOLES (bb_preferences_consoles_get_type ())
GType bb_preferences_consoles_get_type (void) G_GNUC_CONST;

#define BB_TYPE_PREFERENCES_WINDOW (bb_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (BbPreferencesWindow, bb_preferences_window, BB, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/*
 * Preferences: the Consoles whose API token is in the keyring (each can be
 * forgotten), the colour scheme, and the advanced Microsoft sign-in settings of
 * PROTOCOL.md section 4 (authorize endpoint, client ID, redirect URI, scope).
 * Everything but the tokens lives in GSettings (io.github.baitbox.Baitbox).
 *
 * Property "consoles-state" (BbPreferencesConsoles, read-only, notifies on change).
 *
 * Actions: "prefs.forget-console" (s: the Console URL; removes its token from the
 * keyring), "prefs.reload-consoles", "prefs.reset-signin" (the four sign-in keys
 * back to their defaults).
 */
GtkWidget             *bb_preferences_window_new                (GtkWindow           *parent);
BbPreferencesConsoles  bb_preferences_window_get_consoles_state (BbPreferencesWindow *self);
/* The saved Console URLs shown (a GtkStringList), sorted. */
GListModel            *bb_preferences_window_get_consoles       (BbPreferencesWindow *self);

G_END_DECLS
