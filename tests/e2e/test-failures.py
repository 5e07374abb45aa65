# test-failures.py — some mailboxes fail: the summary says so, "Retry Failed
# Mailboxes" (after its confirm dialog) sends create with exactly the failed ones.
#
# Copyright 2026 The Baitbox authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

import bbe2e as e


def test_failures():
    emulator = e.Emulator('--auto-accept', '--users', '60', '--insert-interval-ms', '50')
    # Every 2nd mailbox of a job fails (no generated address has "fail" in it).
    emulator.control('config', fail_every=2)
    app = e.Baitbox(emulator)
    try:
        e.connect(app)
        e.choose_microsoft_365(app)
        e.wait_mailboxes(app)
        for search, display in (('ann', 'Ann Archer'), ('bob', 'Bob Baker'),
                                ('chloé', 'Chloé Dubois'), ('helpdesk', 'helpdesk@contoso.com')):
            app.set_text('Search mailboxes', search)
            box = app.find('check box', display, contains=True)
            app.set_checked(box, True)
        e.wait_for('4 selected', lambda: e.summary_text(app).startswith('4 of '))
        app.click('Continue')
        app.find_editable('Subject', timeout=60)
        app.click('Continue')
        app.label_containing('Insert', timeout=30)
        e.insert(app)
        assert e.wait_finished(app).startswith('Finished with')
        app.screenshot('progress-failures')
        first = emulator.record()
        failed = sorted(set(first['create_calls'][0]['user_emails']) - set(first['tokened']))
        assert failed, first

        # The retry job must succeed: no more failures.
        emulator.control('config', fail_every=0)
        app.click('Retry Failed Mailboxes…')
        dialog = app.find_dialog('Retry failed mailboxes?')
        app.click('Retry', root=dialog)
        e.wait_for('the retry to finish', lambda: e.find_all(
            app.window, None, 'Bait emails inserted', contains=True), 120)
    finally:
        app.close()
        record = emulator.record()
        emulator.stop()

    assert len(record['create_calls']) == 2, record['create_calls']
    assert sorted(record['create_calls'][-1]['user_emails']) == failed, record['create_calls']


e.run([('failed mailboxes are listed, and Retry sends exactly them', test_failures)])
