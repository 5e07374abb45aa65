# test-signin-errors.py — errors on the way to the list, each shown in plain words
# with the action that fixes it: Microsoft refusing (access_denied), a redirect with
# the wrong state, and a users/list failure.
#
# Copyright 2026 The Baitbox authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

import bbe2e as e


def test_access_denied_then_list_fault():
    emulator = e.Emulator('--auto-accept')
    emulator.control('config', ms_error='access_denied')
    app = e.Baitbox(emulator)
    try:
        e.connect(app)
        e.choose_microsoft_365(app)
        app.label_containing('Microsoft sign-in did not complete')
        app.label_containing('permission was refused')
        app.screenshot('signin-access-denied')

        # Microsoft lets us in now, but the first users/list fails.
        emulator.control('config', ms_error='')
        # Every users/list fails (the client retries a read once by itself).
        emulator.control('fault', endpoint='users/list', kind='html500', count=0)
        app.click('Try Again')
        app.label_containing('The Console ran into a problem', timeout=60)
        app.screenshot('mailboxes-error')
        failed_lists = emulator.record()['counts'].get('users/list')
        emulator.control('clear-faults')
        app.click('Retry')
        e.wait_mailboxes(app)
        app.find('check box', 'Select Ann Archer')
    finally:
        app.close()
        record = emulator.record()
        emulator.stop()

    assert record['counts'].get('users/list') == failed_lists + 1, record['counts']
    assert record['counts'].get('initiate') == 2, record['counts']
    assert len(record['oauth_calls']) == 1, record['oauth_calls']
    assert record['redirect_uri_hits'] == 0


def test_wrong_state():
    emulator = e.Emulator('--auto-accept')
    emulator.control('config', ms_wrong_state=True)
    app = e.Baitbox(emulator)
    try:
        e.connect(app)
        e.choose_microsoft_365(app)
        app.label_containing('Sign-in stopped')
        app.screenshot('signin-wrong-state')
        record = emulator.record()
        # The code that came with the wrong state was never posted.
        assert record['counts'].get('oauth/token', 0) == 0, record['counts']

        emulator.control('config', ms_wrong_state=False)
        app.click('Try Again')
        e.wait_mailboxes(app)
    finally:
        app.close()
        record = emulator.record()
        emulator.stop()

    assert len(record['oauth_calls']) == 1 and record['oauth_calls'][0]['state_valid'], \
        record['oauth_calls']
    assert record['redirect_uri_hits'] == 0


e.run([
    ('access_denied in plain words, Try Again; users/list fault, Retry',
     test_access_denied_then_list_fault),
    ('a redirect with the wrong state is refused, Try Again', test_wrong_state),
])
