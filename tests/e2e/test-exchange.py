# test-exchange.py — on-premises Exchange: a wrong password is reported as a
# credentials problem where it happened, the fixed password lists the mailboxes, two
# are tokened, and create says is_exchange=true.
#
# Copyright 2026 The Baitbox authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

import bbe2e as e

PICKED = ['ann@contoso.com', 'bob@contoso.com']


def test_exchange():
    emulator = e.Emulator('--insert-interval-ms', '50')
    app = e.Baitbox(emulator)
    try:
        e.connect(app)
        e.choose_exchange(app, 'exchange-admin', 'wrong-password')
        app.label_containing('credentials', timeout=60)
        app.screenshot('exchange-wrong-password')
        app.click('Change Credentials')
        app.find('heading', 'Where are the mailboxes?')
        app.set_text('Password', 'exchange-pass')
        app.click('Continue')

        e.wait_mailboxes(app)
        e.tick(app, 'ann', 'Ann Archer')
        e.tick(app, 'bob', 'Bob Baker')
        e.wait_for('2 selected', lambda: e.summary_text(app).startswith('2 of '))
        app.click('Continue')
        app.find_editable('Subject', timeout=60)
        app.click('Continue')
        app.label_containing('Insert', timeout=30)
        e.insert(app)
        assert e.wait_finished(app) == 'Bait emails inserted'
    finally:
        app.close()
        record = emulator.record()
        emulator.stop()

    assert record['counts'].get('oauth/token', 0) == 0
    assert record['counts'].get('initiate', 0) == 0
    assert len(record['create_calls']) == 1, record['create_calls']
    assert record['create_calls'][0]['is_exchange'] is True
    assert sorted(record['tokened']) == PICKED, record['tokened']


e.run([('Exchange: wrong password, fix it, token 2 mailboxes', test_exchange)])
