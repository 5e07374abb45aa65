# test-large.py — 10,000 mailboxes: the list loads, a search narrows it, Select
# Shown ticks exactly what the search shows and "N of M selected" says so.
#
# Copyright 2026 The Baitbox authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

import bbe2e as e


def test_large():
    emulator = e.Emulator('--users', '10000', '--auto-accept', '--insert-interval-ms', '0')
    valid = len(emulator.users())
    app = e.Baitbox(emulator)
    try:
        e.connect(app)
        e.choose_microsoft_365(app)
        e.wait_mailboxes(app, timeout=90)
        e.wait_for('the total', lambda: e.summary_text(app) == f'0 of {valid:,} selected'
                   or e.summary_text(app) == f'0 of {valid} selected', 30)

        # user0999x: 10 mailboxes (user09990 … user09999 do not exist: 4 digits).
        app.set_text('Search mailboxes', 'user099')
        shown = [a for a in emulator.users() if 'user099' in a]
        app.click('Select shown')
        expected = len(shown)
        e.wait_for(f'{expected} selected',
                   lambda: e.summary_text(app).startswith(f'{expected} of '), 30)
        app.screenshot('mailboxes-large')
    finally:
        app.close()
        emulator.stop()
    assert expected > 0


e.run([('10,000 mailboxes: search, Select shown, N of M selected', test_large)])
