# test-screenshots.py — every page of the window, light at a roomy size and dark at
# the narrowest (360 px), written to BUILDDIR/tests/screenshots/e2e-shot-*.png
# for a person to look at. Each page is reached the way a person gets there; at the
# end, closing during the job asks first (Cancel keeps the window, Close ends it).
#
# Copyright 2026 The Baitbox authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

import bbe2e as e


def walk(scheme, size):
    tag = f'{scheme}-{size[0]}'
    # Slow enough to see the running job, Back hidden and the close question.
    emulator = e.Emulator('--insert-interval-ms', '60000')
    app = e.Baitbox(emulator, dark=(scheme == 'dark'), size=size)
    try:
        app.find('push button', 'Continue', sensitive=True)
        app.screenshot(f'shot-connect-{tag}')
        e.connect(app)
        app.set_text('Administrator email', 'not-an-address')
        app.key('Tab')
        app.screenshot(f'shot-source-invalid-{tag}')
        app.set_checked('On-premises Exchange', True)
        app.find_editable('Exchange user name')
        app.screenshot(f'shot-source-exchange-{tag}')
        e.choose_microsoft_365(app, 'admin@contoso.com')

        app.find('filler', 'Microsoft sign-in page', timeout=60)
        app.screenshot(f'shot-signin-{tag}')
        app.accept_consent()

        e.wait_mailboxes(app)
        e.tick(app, 'ann', 'Ann Archer')
        e.tick(app, 'bob', 'Bob Baker')
        app.set_text('Search mailboxes', '')
        app.screenshot(f'shot-mailboxes-{tag}')
        app.click('Continue')

        app.find_editable('Subject', timeout=60)
        app.screenshot(f'shot-template-{tag}')
        app.click('Continue')

        app.label_containing('Insert', timeout=30)
        app.screenshot(f'shot-review-{tag}')
        app.click('Insert Bait Emails…')
        dialog = app.find_dialog('Insert bait email?')
        app.screenshot(f'shot-review-confirm-{tag}')
        app.click('Insert', root=dialog)

        app.find('heading', 'Inserting bait emails…', timeout=30)
        app.screenshot(f'shot-progress-running-{tag}')
        # Back is hidden while the job runs; closing asks first.
        assert not app.exists('push button', 'Back')
        app.click('Close')
        dialog = app.find_dialog('Stop following the tokening job?')
        app.screenshot(f'shot-close-confirm-{tag}')
        app.click('Cancel', root=dialog)
        # Cancel keeps the window; asking again and Close ends the program.
        app.find('heading', 'Inserting bait emails…')
        app.click('Close')
        dialog = app.find_dialog('Stop following the tokening job?')
        app.click('Close', root=dialog)
        e.wait_for('baitbox to exit', lambda: app.proc.poll() is not None, 30)
        assert app.proc.returncode == 0, app.proc.returncode
    finally:
        app.close()
        emulator.stop()


# Two walks cover both styles and both widths; the UI tests screenshot every page
# in both styles and at 360 px too (tests/ui).
e.run([
    ('light, 900 px', lambda: walk('light', (900, 700))),
    ('dark, 360 px', lambda: walk('dark', (360, 640))),
])
