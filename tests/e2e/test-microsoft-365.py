# test-microsoft-365.py GENERATION — the whole Microsoft 365 flow through the real
# window: connect, source, the demo consent page (clicked for real), three mailboxes
# found by search, a new subject saved, insert, progress to the summary; then the
# emulator's record must show exactly that.
#
# Copyright 2026 The Baitbox authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

import sys

import bbe2e as e

GENERATION = sys.argv[1] if len(sys.argv) > 1 else '2020'
SUBJECT = f'E2E subject {GENERATION}'
PICKED = ['ann@contoso.com', 'bob@contoso.com', 'chloe@fabrikam.example']


def test_flow():
    emulator = e.Emulator('--generation', GENERATION, '--insert-interval-ms', '50')
    app = e.Baitbox(emulator)
    try:
        e.connect(app)
        e.choose_microsoft_365(app, 'admin@contoso.com')
        app.find('filler', 'Microsoft sign-in page', timeout=60)
        app.screenshot(f'signin-{GENERATION}')
        app.accept_consent()

        e.wait_mailboxes(app)
        e.tick(app, 'ann', 'Ann Archer')
        e.tick(app, 'bob', 'Bob Baker')
        e.tick(app, 'chloé', 'Chloé Dubois')
        e.wait_for('3 selected', lambda: e.summary_text(app).startswith('3 of '))
        app.screenshot(f'mailboxes-{GENERATION}')
        app.click('Continue')

        app.find_editable('Subject', timeout=60)
        e.edit_subject(app, SUBJECT)
        app.screenshot(f'template-{GENERATION}')
        app.click('Continue')

        app.label_containing('Insert', timeout=30)
        app.screenshot(f'review-{GENERATION}')
        e.insert(app)
        title = e.wait_finished(app)
        app.screenshot(f'progress-{GENERATION}')
        assert title == 'Bait emails inserted', title
        # The job is over: Back is shown again and returns to the review.
        app.click('Back')
        app.find('push button', 'Insert Bait Emails…')
    finally:
        app.close()
        record = emulator.record()
        emulator.stop()

    assert sorted(record['tokened']) == sorted(PICKED), record['tokened']
    saves = [s for s in record['template_saves'] if s.get('saved', True)]
    assert saves and saves[-1]['subject'] == SUBJECT, record['template_saves']
    assert record['counts'].get('create') == 1, record['counts']
    assert sorted(record['create_calls'][0]['user_emails']) == sorted(PICKED)
    assert record['create_calls'][0]['is_exchange'] is False
    assert record['redirect_uri_hits'] == 0, record['redirect_uri_hits']
    oauth = record['oauth_calls']
    if GENERATION == '2020':
        assert len(oauth) == 1 and oauth[0]['via'] == 'oauth/token', oauth
        assert oauth[0]['state_valid'] and oauth[0]['code_valid'], oauth
        assert oauth[0].get('user_email') == 'admin@contoso.com', oauth
    else:
        assert record['counts'].get('oauth/token', 0) == 0, record['counts']
        assert len(oauth) == 1 and oauth[0]['via'] == 'callback', oauth
        assert oauth[0]['code_valid'], oauth


e.run([(f'Microsoft 365 {GENERATION}: connect, sign in, pick 3, edit, insert', test_flow)])
