/* bb-application.h
 *
 * Copyright 2026 The Baitbox authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BB_TYPE_APPLICATION (bb_application_get_type ())

G_DECLARE_FINAL_TYPE (BbApplication, bb_application, BB, APPLICATION, AdwApplication)

/*
 * The application: app.quit (Ctrl+Q), app.about, window.close (Ctrl+W), and the
 * command line: --console URL|HASH, --flock ID, --connect, --version. The token comes
 * from BAITBOX_AUTH_TOKEN of the invoking process (empty counts as unset).
 */
BbApplication *bb_application_new (void);

G_END_DECLS
