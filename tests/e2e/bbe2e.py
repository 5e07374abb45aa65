# bbe2e.py — drives the real `baitbox` program through AT-SPI against the Console
# emulator, for the end-to-end tests in this folder.
#
# Copyright 2026 The Baitbox authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run by meson (suite "e2e") inside build-aux/test-session: a private D-Bus session,
# Xvfb, gnome-keyring and the AT-SPI bus. Needs Debian's python3-pyatspi, xdotool and
# ImageMagick's `import`.
#
# Environment (set by tests/e2e/meson.build): BB_EMULATOR, BB_BAITBOX,
# GSETTINGS_SCHEMA_DIR, G_TEST_BUILDDIR (screenshots go to its screenshots/ folder).

import json
import os
import signal
import subprocess
import sys
import time
import traceback
import urllib.parse
import urllib.request

import gi

gi.require_version('Atspi', '2.0')
from gi.repository import GLib  # noqa: E402
import pyatspi  # noqa: E402

TOKEN = 'emulator-test-token'
# How long a widget, a page or a job may take to show up.
TIMEOUT = float(os.environ.get('BB_E2E_TIMEOUT', '30'))


class E2EError(AssertionError):
    pass


def log(message):
    """A TAP diagnostic line."""
    for line in str(message).splitlines():
        print('# ' + line, flush=True)


def pump():
    """Lets pyatspi take in the events that tell it of new windows and children."""
    context = GLib.MainContext.default()
    while context.iteration(False):
        pass


_failures = 0


def failure_label():
    global _failures
    _failures += 1
    script = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    return f'failure-{script}-{_failures}'


def wait_for(what, predicate, timeout=TIMEOUT, interval=0.1, shoot=True):
    """Polls @predicate until it returns something true; returns that value."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        pump()
        try:
            value = predicate()
            if value:
                return value
        except Exception as error:  # the tree changes under our feet
            last_error = error
        if time.monotonic() > deadline:
            detail = f' (last error: {last_error!r})' if last_error else ''
            if shoot:
                log(f'screenshot: {screenshot(failure_label())}')
            raise E2EError(f'timed out after {timeout:.0f} s waiting for {what}{detail}')
        time.sleep(interval)


# ---------------------------------------------------------------------------
# The Console emulator

class Emulator:
    def __init__(self, *args):
        program = os.environ['BB_EMULATOR']
        self.proc = subprocess.Popen([program, '--port', '0', '--quiet', '--token', TOKEN,
                                      *args],
                                     stdout=subprocess.PIPE, text=True)
        self.port = None
        for line in self.proc.stdout:
            if line.startswith('PORT='):
                self.port = int(line.strip()[5:])
                break
        if not self.port:
            raise E2EError('the emulator did not print PORT=<n>')
        self.url = f'http://127.0.0.1:{self.port}'

    def _request(self, verb, fields=None):
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        request = urllib.request.Request(f'{self.url}/_emulator/{verb}', data=data)
        with urllib.request.urlopen(request, timeout=10) as reply:
            return json.loads(reply.read().decode())

    def control(self, verb, **fields):
        """POST /_emulator/<verb> with form fields (True/False become true/false)."""
        form = {k: (str(v).lower() if isinstance(v, bool) else str(v))
                for k, v in fields.items()}
        return self._request(verb, form)

    def get(self, verb):
        return self._request(verb)

    def record(self):
        return self.get('record')

    def users(self):
        return self.get('users')

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=10)
        self.proc.stdout.close()


# ---------------------------------------------------------------------------
# AT-SPI helpers

def role(acc):
    return acc.getRoleName()


def name(acc):
    """The accessible name as a person reads it. GTK 4.8 names a button with a
    mnemonic "C_ontinue Continue" and an entry row "Title Title": drop the
    underscores and the repeat."""
    text = (acc.name or '').replace('_', '')
    half = len(text) // 2
    if len(text) % 2 == 1 and text[half] == ' ' and text[:half] == text[half + 1:]:
        return text[:half]
    return text


def states(acc):
    return acc.getState()


def is_showing(acc):
    """GTK 4.8 sets SHOWING on windows only, so VISIBLE is what is left: hidden
    widgets (and the pages of the window not shown, which BbWindow marks hidden)
    are not presented at all."""
    return states(acc).contains(pyatspi.STATE_VISIBLE)


def children(acc):
    try:
        return [acc.getChildAtIndex(i) for i in range(acc.childCount)]
    except Exception:
        return []


def walk(acc, showing=True, depth=0, max_depth=60):
    """Depth-first over the accessibles under @acc (only those on screen)."""
    if acc is None or depth > max_depth:
        return
    for child in children(acc):
        if child is None:
            continue
        if showing and not is_showing(child):
            continue
        yield child
        yield from walk(child, showing, depth + 1, max_depth)


TEXT_ROLES = ('label', 'heading', 'status bar', 'alert', 'static')


def matches(acc, role_name, acc_name, contains=False):
    if role_name is not None and role(acc) != role_name:
        return False
    if acc_name is None:
        return True
    texts = [name(acc)]
    # GTK 4.8 does not always refresh a label's name when its text changes (a
    # label created empty stays "GtkLabel"): read the text too.
    if role(acc) in TEXT_ROLES:
        texts.append(text_of(acc))
    if contains:
        return any(acc_name in t for t in texts)
    # GTK 4.8 appends a button's label to its accessible label: "Select shown Shown".
    return any(t == acc_name or (role(acc) == 'push button' and t.startswith(acc_name + ' '))
               for t in texts)


def find_all(root, role_name=None, acc_name=None, contains=False, showing=True):
    return [a for a in walk(root, showing) if matches(a, role_name, acc_name, contains)]


def dump(root, showing=True, out=None):
    """The tree as text, for when a test cannot find something."""
    lines = []

    def visit(acc, depth):
        for child in children(acc):
            if child is None or (showing and not is_showing(child)):
                continue
            lines.append(f'{"  " * depth}[{role(child)}] {name(child)!r}')
            visit(child, depth + 1)
    visit(root, 0)
    text = '\n'.join(lines)
    if out:
        with open(out, 'w') as f:
            f.write(text)
    return text


def text_of(acc):
    """What a label or entry shows (Text interface), else its name."""
    try:
        text = acc.queryText()
        return text.getText(0, text.characterCount)
    except (NotImplementedError, AttributeError):
        return name(acc)


def do_action(acc, preferred=('click', 'activate', 'press', 'toggle')):
    action = acc.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    for wanted in preferred:
        if wanted in names:
            action.doAction(names.index(wanted))
            return
    if action.nActions == 0:
        raise E2EError(f'{role(acc)} {name(acc)!r} has no action')
    action.doAction(0)


def is_checked(acc):
    st = states(acc)
    return st.contains(pyatspi.STATE_CHECKED) or st.contains(pyatspi.STATE_PRESSED)


def is_sensitive(acc):
    st = states(acc)
    return st.contains(pyatspi.STATE_SENSITIVE) or st.contains(pyatspi.STATE_ENABLED)


def extents(acc):
    box = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    return box.x, box.y, box.width, box.height


# ---------------------------------------------------------------------------
# X11 helpers

def xdotool(*args):
    return subprocess.run(['xdotool', *map(str, args)], check=True,
                          capture_output=True, text=True).stdout.strip()


def grab_screen(path):
    """The whole Xvfb screen to @path (PNG); returns its bytes."""
    subprocess.run(['import', '-window', 'root', path], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(path, 'rb') as image:
        return image.read()


def screenshot(label, settled=False):
    """The whole Xvfb screen to BUILDDIR/tests/screenshots/e2e-<label>.png. With
    @settled, grabs until two grabs in a row are the same, so that the frames the
    program was still drawing are in (an animation that never ends gives up after
    ten grabs)."""
    folder = os.path.join(os.environ.get('G_TEST_BUILDDIR', '.'), 'screenshots')
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f'e2e-{label}.png')
    last = grab_screen(path)
    for _ in range(10 if settled else 0):
        pump()
        current = grab_screen(path)
        if current == last:
            break
        last = current
    return path


# ---------------------------------------------------------------------------
# The program

class Baitbox:
    """One running `baitbox`, found on the AT-SPI desktop by its process id."""

    def __init__(self, emulator, dark=False, size=(900, 700), env=None, args=None):
        environment = dict(os.environ)
        environment.pop('GTK_A11Y', None)      # the real AT-SPI bridge, not the test one
        environment.update({
            'GSETTINGS_BACKEND': 'memory',
            'BAITBOX_AUTH_TOKEN': TOKEN,
            'BAITBOX_CONSOLE': '',
            'BAITBOX_FLOCK': '',
            'GDK_BACKEND': 'x11',
            'NO_AT_BRIDGE': '0',
            'ADW_DEBUG_COLOR_SCHEME': 'prefer-dark' if dark else 'prefer-light',
            # WebKit runs as root under Xvfb here.
            'WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS': '1',
            'WEBKIT_DISABLE_COMPOSITING_MODE': '1',
        })
        environment.update(env or {})
        self.emulator = emulator
        argv = [os.environ['BB_BAITBOX'], '--console', emulator.url, '--connect']
        self.proc = subprocess.Popen(argv + list(args or []), env=environment)
        self.app = wait_for('baitbox on the accessibility bus', self._find_app)
        self.window = wait_for('the Baitbox window', self._find_window)
        self.size = size
        self.place_window()

    def _find_app(self):
        if self.proc.poll() is not None:
            raise E2EError(f'baitbox exited with {self.proc.returncode}')
        desktop = pyatspi.Registry.getDesktop(0)
        for app in children(desktop):
            if app is None:
                continue
            try:
                if app.get_process_id() == self.proc.pid:
                    return app
            except Exception:
                continue
        return None

    def _find_window(self):
        for child in children(self.app):
            if child is not None and role(child) in ('frame', 'window') and \
                    name(child).startswith('Baitbox'):
                return child
        return None

    def x11_window(self):
        return wait_for('the X11 window', lambda: xdotool(
            'search', '--sync', '--onlyvisible', '--pid', self.proc.pid, '--name', 'Baitbox')
            .splitlines()[0])

    def place_window(self):
        """No window manager under Xvfb: put the window at the origin at a known size
        and give it the keyboard focus."""
        wid = self.x11_window()
        self.wid = wid
        xdotool('windowmove', '--sync', wid, 0, 0)
        xdotool('windowsize', '--sync', wid, *self.size)
        xdotool('windowfocus', '--sync', wid)
        pump()

    def window_origin(self):
        out = xdotool('getwindowgeometry', '--shell', self.wid)
        geometry = dict(line.split('=', 1) for line in out.splitlines())
        return int(geometry['X']), int(geometry['Y'])

    # Finding ---------------------------------------------------------------

    def find(self, role_name=None, acc_name=None, contains=False, timeout=TIMEOUT,
             root=None, showing=True, sensitive=False):
        """The first matching accessible that is on screen, waiting for it."""
        def look():
            for acc in find_all(root or self.window, role_name, acc_name, contains,
                                showing):
                if not sensitive or is_sensitive(acc):
                    return acc
            return None
        try:
            return wait_for(f'[{role_name}] {acc_name!r}', look, timeout)
        except E2EError:
            log('tree:\n' + dump(root or self.window))
            raise

    def exists(self, role_name=None, acc_name=None, contains=False, root=None):
        pump()
        return bool(find_all(root or self.window, role_name, acc_name, contains))

    def wait_gone(self, role_name=None, acc_name=None, contains=False, timeout=TIMEOUT):
        wait_for(f'[{role_name}] {acc_name!r} to go',
                 lambda: not self.exists(role_name, acc_name, contains), timeout)

    def find_dialog(self, title, timeout=TIMEOUT):
        """A message dialog is a toplevel of its own."""
        def look():
            for child in children(self.app):
                if child is None or child == self.window:
                    continue
                if find_all(child, None, title, contains=True):
                    return child
            return None
        return wait_for(f'a dialog saying {title!r}', look, timeout)

    # Acting ----------------------------------------------------------------

    def click(self, acc_name, role_name='push button', contains=False, root=None,
              timeout=TIMEOUT):
        acc = self.find(role_name, acc_name, contains, timeout=timeout, root=root,
                        sensitive=True)
        do_action(acc)
        pump()
        return acc

    def find_editable(self, acc_name, timeout=TIMEOUT):
        """The text field called @acc_name, whatever role its kind gets."""
        def look():
            for acc in find_all(self.window, None, acc_name):
                if role(acc) in ('text', 'entry', 'password text') or \
                        states(acc).contains(pyatspi.STATE_EDITABLE):
                    return acc
            return None
        try:
            return wait_for(f'a text field {acc_name!r}', look, timeout)
        except E2EError:
            log('tree:\n' + dump(self.window))
            raise

    def set_text(self, acc_name, text):
        """Types into the entry called @acc_name, replacing what it holds."""
        acc = self.find_editable(acc_name)
        try:
            editable = acc.queryEditableText()
            editable.setTextContents(text)
        except NotImplementedError:
            acc.queryComponent().grabFocus()
            pump()
            xdotool('windowfocus', '--sync', self.wid)
            xdotool('key', '--clearmodifiers', 'ctrl+a', 'BackSpace')
            if text:
                xdotool('type', '--delay', '20', text)
        wait_for(f'{acc_name!r} to read {text!r}', lambda: text_of(acc) == text, 10)
        return acc

    def key(self, *keys):
        xdotool('windowfocus', '--sync', self.wid)
        xdotool('key', '--clearmodifiers', *keys)
        pump()

    def click_widget(self, acc):
        """A real mouse click in the middle of @acc (for widgets GTK 4.8 gives no
        AT-SPI action, such as check buttons)."""
        x, y, width, height = wait_for(f'{name(acc)!r} to have a size',
                                       lambda: (lambda b: b if b[2] > 0 else None)(
                                           extents(acc)), 10)
        origin_x, origin_y = self.window_origin()
        self.click_at(origin_x + x + width // 2, origin_y + y + height // 2)

    def set_checked(self, acc, checked=True, role_name='check box'):
        if isinstance(acc, str):
            acc = self.find(role_name, acc)
        if is_checked(acc) != checked:
            try:
                do_action(acc)
            except (E2EError, NotImplementedError):
                self.click_widget(acc)
            wait_for(f'{name(acc)!r} checked={checked}',
                     lambda: is_checked(acc) == checked, 10)
        return acc

    def label_containing(self, text, timeout=TIMEOUT):
        return self.find('label', text, contains=True, timeout=timeout)

    def click_at(self, x, y):
        xdotool('mousemove', '--sync', x, y)
        xdotool('click', 1)

    def accept_consent(self):
        """Clicks Accept on the demo Microsoft page for real: web content is not on
        the accessibility bus in GTK 4.8. The button is 200×60 CSS px at (40, 140)
        in the view. Clicks again while the emulator has not seen the consent (the
        page may still be loading)."""
        view = self.find('filler', 'Microsoft sign-in page')
        x, y, width, height = wait_for('the web view to have a size',
                                       lambda: (lambda b: b if b[2] > 0 else None)(
                                           extents(view)), 10)
        # GTK 4.8 reports positions relative to the window's surface, so add
        # where the window sits on the screen (the origin, unless moved).
        origin_x, origin_y = self.window_origin()
        before = self.emulator.record()['counts'].get('ms/consent', 0)
        for attempt in range(8):
            self.click_at(origin_x + x + 40 + 100, origin_y + y + 140 + 30)
            try:
                wait_for('the consent to reach the emulator', lambda: self.emulator.record()
                         ['counts'].get('ms/consent', 0) > before, 4, shoot=False)
                return
            except E2EError:
                log(f'Accept click {attempt + 1} did not land; again')
        raise E2EError('Accept never reached the emulator')

    def screenshot(self, label):
        pump()
        return screenshot(label, settled=True)

    def close(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ---------------------------------------------------------------------------
# The steps of the flow, as a person goes through them

def connect(app):
    """--connect has started; continue with the default flock."""
    app.find('push button', 'Continue', sensitive=True)
    app.click('Continue')
    app.find('heading', 'Where are the mailboxes?')


def choose_microsoft_365(app, email='admin@contoso.com'):
    app.set_checked('Microsoft 365', True, role_name='check box')
    app.set_text('Administrator email', email)
    app.click('Continue')


def sign_in(app):
    """The demo consent page: Accept, clicked for real."""
    app.find('filler', 'Microsoft sign-in page', timeout=60)
    app.accept_consent()


def choose_exchange(app, username, password):
    app.set_checked('On-premises Exchange', True, role_name='check box')
    app.set_text('Exchange user name', username)
    app.set_text('Password', password)
    app.click('Continue')


def wait_mailboxes(app, timeout=60):
    return app.label_containing(' selected', timeout=timeout)


def tick(app, search, display_name):
    """Searches, then ticks the mailbox shown as @display_name."""
    app.set_text('Search mailboxes', search)
    box = app.find('check box', f'Select {display_name}')
    app.set_checked(box, True)


def summary_text(app):
    return text_of(app.label_containing(' selected'))


def edit_subject(app, subject):
    app.set_text('Subject', subject)
    app.click('Save')
    # Saved: Save goes insensitive again once the draft equals the template.
    wait_for('the template to be saved', lambda: not is_sensitive(
        app.find('push button', 'Save')), TIMEOUT)


def insert(app):
    app.click('Insert Bait Emails…')
    dialog = app.find_dialog('Insert bait email?')
    app.click('Insert', root=dialog)


def wait_finished(app, timeout=120):
    def look():
        for title in ('Bait emails inserted', 'Finished with'):
            if find_all(app.window, None, title, contains=True):
                return title
        return None
    return wait_for('the job to finish', look, timeout)


# ---------------------------------------------------------------------------
# TAP

def run(tests):
    """Runs [(name, function)] and prints TAP; exits non-zero when one failed."""
    print(f'1..{len(tests)}', flush=True)
    failed = 0
    for number, (title, function) in enumerate(tests, 1):
        started = time.monotonic()
        try:
            function()
        except Exception:
            failed += 1
            print(f'not ok {number} - {title}', flush=True)
            log(traceback.format_exc())
        else:
            print(f'ok {number} - {title} ({time.monotonic() - started:.1f} s)', flush=True)
    sys.exit(1 if failed else 0)
