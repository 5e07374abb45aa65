# test-secrets-window.py — issue 4, "Secrets, tested", for the window: the real
# `baitbox` runs the Exchange flow (API token typed into the Connect page, Exchange
# password typed into the source page) and the Microsoft 365 flow (token from
# BAITBOX_AUTH_TOKEN) to the end, with G_MESSAGES_DEBUG=all and the keyfile GSettings
# backend. Then the token and the password, fresh random strings, must be in no line
# the program (and its WebKit processes) printed, in no file of its HOME (settings,
# caches), in no request the emulator saw other than in the token header, and in no
# file under the build folder.
#
# Copyright 2026 The Baitbox authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Never prints either secret: the test log is written into the build folder.

import contextlib
import os
import secrets
import shutil
import subprocess
import tempfile

import bbe2e as e

TOKEN = 'bbsec-token-' + secrets.token_hex(16)
PASSWORD = 'bbsec-password-' + secrets.token_hex(16)
SECRETS = (TOKEN.encode(), PASSWORD.encode())


def holds_secret(data):
    return any(s in data for s in SECRETS)


@contextlib.contextmanager
def captured_baitbox(log_path):
    """bbe2e.Baitbox starts the program with subprocess.Popen and lets it print to
    the test's own output; for this test its stdout and stderr go to @log_path."""
    real_popen = subprocess.Popen
    program = os.environ['BB_BAITBOX']
    log = open(log_path, 'ab')

    def popen(argv, *args, **kwargs):
        if argv and argv[0] == program:
            kwargs.setdefault('stdout', log)
            kwargs.setdefault('stderr', subprocess.STDOUT)
        return real_popen(argv, *args, **kwargs)

    subprocess.Popen = popen
    try:
        yield
    finally:
        subprocess.Popen = real_popen
        log.close()


class Run:
    """A temporary HOME with the settings keyfile, and the program's log."""

    def __init__(self):
        self.home = tempfile.mkdtemp(prefix='bb-secrets-window-')
        self.log = os.path.join(self.home, 'baitbox.log')
        self.config = os.path.join(self.home, '.config')
        self.keyfile = os.path.join(self.config, 'glib-2.0', 'settings', 'keyfile')

    def env(self, token_in_env):
        return {
            'G_MESSAGES_DEBUG': 'all',
            'GSETTINGS_BACKEND': 'keyfile',
            'HOME': self.home,
            'XDG_CONFIG_HOME': self.config,
            'XDG_DATA_HOME': os.path.join(self.home, '.local', 'share'),
            'XDG_CACHE_HOME': os.path.join(self.home, '.cache'),
            'BAITBOX_AUTH_TOKEN': TOKEN if token_in_env else '',
        }

    def start(self, emulator, token_in_env):
        with captured_baitbox(self.log):
            return e.Baitbox(emulator, env=self.env(token_in_env))

    def check(self):
        with open(self.log, 'rb') as f:
            log = f.read()
        # The debug log was on, so there was something to look at.
        assert b'-DEBUG' in log, 'no debug output captured'
        assert not holds_secret(log), 'a secret in the program output'
        with open(self.keyfile, 'rb') as f:
            keyfile = f.read()
        assert b'console-address' in keyfile, 'the keyfile backend was not used'
        files = check_tree(self.home)
        e.log(f'{len(log)} bytes of log, {files} files in HOME checked')

    def remove(self):
        shutil.rmtree(self.home, ignore_errors=True)


def check_tree(root):
    """Every regular file under @root (links not followed) is free of secrets."""
    n = 0
    for folder, dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            try:
                with open(path, 'rb') as f:
                    data = f.read()
            except OSError:
                continue  # another test's file that went away
            assert not holds_secret(data), f'a secret was written to {path}'
            n += 1
    return n


def check_record(record):
    """The token only ever travelled in its header; nothing the emulator kept holds
    either secret (paths, query and form keys)."""
    import json
    assert not holds_secret(json.dumps(record, ensure_ascii=False).encode()), \
        'a secret in the emulator record'
    for request in record['requests']:
        where = request['token_in']
        assert 'query' not in where and 'body' not in where, request['path']
    assert any(r['token_in'] == ['header'] for r in record['requests'])


def check_build_folder():
    n = check_tree(os.environ['BB_BUILD_ROOT'])
    assert n > 10, n
    e.log(f'{n} files in the build folder checked')


def finish_job(app):
    e.tick(app, 'ann', 'Ann Archer')
    e.tick(app, 'bob', 'Bob Baker')
    e.wait_for('2 selected', lambda: e.summary_text(app).startswith('2 of '))
    app.click('Continue')
    app.find_editable('Subject', timeout=60)
    e.edit_subject(app, 'Quarterly bonus statement')
    app.click('Continue')
    app.label_containing('Insert', timeout=30)
    e.insert(app)
    assert e.wait_finished(app) == 'Bait emails inserted'


def test_exchange():
    run = Run()
    emulator = e.Emulator('--token', TOKEN, '--insert-interval-ms', '20')
    emulator.control('config', exchange_password=PASSWORD)
    app = run.start(emulator, token_in_env=False)
    try:
        # The token typed into the Connect page, as a person does.
        app.set_text('API token', TOKEN)
        app.click('Connect')
        e.connect(app)
        # A wrong password first: its error path logs too.
        e.choose_exchange(app, 'exchange-admin', 'wrong-password')
        app.label_containing('credentials', timeout=60)
        app.click('Change Credentials')
        app.find('heading', 'Where are the mailboxes?')
        app.set_text('Password', PASSWORD)
        app.click('Continue')
        e.wait_mailboxes(app)
        finish_job(app)
    finally:
        app.close()
        record = emulator.record()
        emulator.stop()
    try:
        assert record['create_calls'][0]['is_exchange'] is True
        run.check()
        check_record(record)
        check_build_folder()
    finally:
        run.remove()


def test_microsoft_365():
    run = Run()
    emulator = e.Emulator('--token', TOKEN, '--auto-accept', '--insert-interval-ms', '20')
    app = run.start(emulator, token_in_env=True)
    try:
        e.connect(app)
        e.choose_microsoft_365(app, 'admin@contoso.com')
        e.wait_mailboxes(app, timeout=90)
        finish_job(app)
    finally:
        app.close()
        record = emulator.record()
        emulator.stop()
    try:
        assert record['counts'].get('ms/authorize', 0) >= 1, record['counts']
        run.check()
        check_record(record)
        check_build_folder()
    finally:
        run.remove()


e.run([
    ('Exchange flow, token typed: no secret in logs, settings, requests or files',
     test_exchange),
    ('Microsoft 365 flow, token from the environment: no secret anywhere',
     test_microsoft_365),
])
