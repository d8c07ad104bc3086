#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Accessibility audit through AT-SPI, as a screen reader sees the kiosk.

Starts the real `loket` binary, finds it on the AT-SPI desktop, and walks every page by performing
the actions of the real buttons: welcome, the language menu, life events, every life event and
its first step, in Dutch and in Arabic. On every page it fails on an interactive element (button,
toggle, check box, menu button, entry, link, ...) that has no accessible name. Prints TAP.

Run it with Debian's python (it has gi and pyatspi; a pyenv python on PATH has not), under a
private session bus and a display:

  dbus-run-session -- xvfb-run -a /usr/bin/python3 tests/a11y-audit.py build/app/loket

Notes on GTK 4.8's AT-SPI tree:
- It does not set SHOWING on widgets and keeps widgets that are visible but not mapped, so
  "showing" here means "in the tree": LoketWindow marks the pages behind the current one hidden,
  which takes them out of the tree; closed popovers are not in it.
- An element without a name is given its type name ("GtkButton", "AdwGizmo"): such a name
  counts as empty.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import gi

gi.require_version("Atspi", "2.0")
import pyatspi  # noqa: E402

INTERACTIVE_ROLES = {
    pyatspi.ROLE_PUSH_BUTTON,
    pyatspi.ROLE_TOGGLE_BUTTON,
    pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON,
    pyatspi.ROLE_MENU_ITEM,
    pyatspi.ROLE_CHECK_MENU_ITEM,
    pyatspi.ROLE_RADIO_MENU_ITEM,
    pyatspi.ROLE_COMBO_BOX,
    pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_SLIDER,
    pyatspi.ROLE_LINK,
}
TYPE_NAME = re.compile(r"^(Gtk|Adw|Loket|Gdk)[A-Z]\w*$")
TIMEOUT = 10.0
# The first start also brings up the accessibility bus, and takes several times as long in a
# sanitizer build.
START_TIMEOUT = 60.0


class AuditError(Exception):
    pass


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, passed, description, details=()):
        self.n += 1
        if not passed:
            self.failed += 1
        print(f"{'ok' if passed else 'not ok'} {self.n} - {description}", flush=True)
        for line in details:
            print(f"# {line}", flush=True)

    def note(self, text):
        print(f"# {text}", flush=True)


def walk(node):
    yield node
    for i in range(node.childCount):
        try:
            child = node.getChildAtIndex(i)
        except Exception:  # the tree changed under us (a page was rebuilt)
            continue
        if child is not None:
            yield from walk(child)


def is_empty_name(name):
    name = (name or "").strip()
    return name == "" or TYPE_NAME.match(name) is not None


def role_name(node):
    try:
        return node.getRoleName()
    except Exception:
        return "?"


def path_of(node):
    parts = []
    while node is not None and node.getRole() != pyatspi.ROLE_APPLICATION:
        parts.append(f"{role_name(node)}[{node.getIndexInParent()}]")
        node = node.parent
    return "/".join(reversed(parts))


class Kiosk:
    """One run of the real binary, and what can be seen of it through AT-SPI."""

    def __init__(self, binary, env):
        self.process = subprocess.Popen([binary, "--windowed", "--backend", "http://127.0.0.1:9"],
                                        env=env, stdout=subprocess.DEVNULL)
        self.app = None
        self._stack = None
        try:
            self.wait_started()
        except BaseException:
            self.stop()  # the caller has no kiosk to stop
            raise

    def wait_started(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AuditError(f"loket exited with {self.process.returncode}")
            desktop = pyatspi.Registry.getDesktop(0)
            for i in range(desktop.childCount):
                app = desktop.getChildAtIndex(i)
                try:
                    if app is not None and app.get_process_id() == self.process.pid:
                        self.app = app
                except Exception:
                    pass
            try:
                if self.app is not None and self.find_frame() is not None and self.page() is not None:
                    return
            except Exception:  # the application is still building its tree
                pass
            time.sleep(0.1)
        raise AuditError("loket did not appear on the AT-SPI desktop")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def find_frame(self):
        for i in range(self.app.childCount):
            child = self.app.getChildAtIndex(i)
            if child is not None and child.getRole() == pyatspi.ROLE_FRAME:
                return child
        return None

    def frame(self):
        """The kiosk's window. Just after a language switch, while one window replaces the other,
        the application can list none for a moment (seen in a slow build under ASan): wait."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                frame = self.find_frame()
            except Exception:  # the window is being replaced
                frame = None
            if frame is not None or time.monotonic() >= deadline:
                return frame
            time.sleep(0.05)

    def stack(self):
        """The page stack: found once per window (a language switch builds a new window)."""
        if self._stack is None:
            frame = self.frame()
            for node in walk(frame) if frame is not None else ():
                if node.childCount and node.getChildAtIndex(0).name == "GtkStackPage":
                    self._stack = node
                    break
        return self._stack

    def forget_window(self):
        self._stack = None

    def page(self):
        """The page on screen: the one LoketPage left in the tree."""
        try:
            stack = self.stack()
            if stack is None or stack.childCount != 1:
                return None
            page = stack.getChildAtIndex(0).getChildAtIndex(0)
            return page if re.match(r"^Loket\w+Page$", page.name) else None
        except Exception:  # the window is being replaced
            self._stack = None
            return None

    def top_bar(self):
        """What stays on every page: the row above the page stack."""
        return self.stack().parent.getChildAtIndex(0)

    def wait_page(self, type_name):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            page = self.page()
            if page is not None and page.name == type_name:
                return page
            time.sleep(0.05)
        page = self.page()
        raise AuditError(f"expected {type_name}, the kiosk shows {page.name if page else 'nothing'}")

    def buttons(self, root, name=None, prefix=None):
        found = []
        for node in walk(root):
            if node.getRole() != pyatspi.ROLE_PUSH_BUTTON:
                continue
            if name is not None and node.name != name:
                continue
            if prefix is not None and not node.name.startswith(prefix):
                continue
            found.append(node)
        return found

    def press(self, button):
        action = button.queryAction()
        for i in range(action.nActions):
            if action.getName(i) in ("click", "activate", "press"):
                action.doAction(i)
                return
        raise AuditError(f"{button.name!r} has no click action")

    def press_named(self, root, name):
        buttons = self.buttons(root, name=name)
        if not buttons:
            raise AuditError(f"no button named {name!r}")
        self.press(buttons[0])


def audit(tap, label, root, extra_roots=()):
    """One TAP line: every interactive element in @root has a name."""
    checked = 0
    nameless = []
    if root is None:
        tap.ok(False, label, ["the kiosk shows no window"])
        return
    for top in (root, *extra_roots):
        for node in walk(top):
            try:
                role = node.getRole()
            except Exception:
                continue
            if role not in INTERACTIVE_ROLES:
                continue
            checked += 1
            if is_empty_name(node.name):
                nameless.append(f"{role_name(node)} at {path_of(node)} has no accessible name "
                                f"(it reads {node.name!r})")
    tap.ok(not nameless and checked > 0, f"{label}: {checked} interactive elements, all named",
           nameless or ([] if checked else ["no interactive element found"]))


def walk_language(tap, kiosk, language, _):
    page = kiosk.wait_page("LoketWelcomePage")
    audit(tap, f"{language}: welcome", kiosk.frame())

    # The language menu in the top bar, opened and closed through its toggle.
    menu = [n for n in walk(kiosk.top_bar()) if n.getRole() == pyatspi.ROLE_PUSH_BUTTON
            and n.childCount and n.getChildAtIndex(0).getRole() == pyatspi.ROLE_PUSH_BUTTON]
    if menu:
        toggle = menu[0].getChildAtIndex(0)
        kiosk.press(toggle)
        time.sleep(0.3)
        audit(tap, f"{language}: language menu", menu[0])
        kiosk.press(toggle)
        time.sleep(0.2)
    else:
        tap.ok(False, f"{language}: language menu", ["no language menu button in the top bar"])

    kiosk.press_named(page, _("Start"))
    page = kiosk.wait_page("LoketLifeEventsPage")
    audit(tap, f"{language}: life events", kiosk.frame())

    tiles = [n.name for n in walk(page) if n.getRole() == pyatspi.ROLE_PUSH_BUTTON
             and n.parent is not None and n.parent.getRole() == pyatspi.ROLE_TABLE_CELL]
    tap.note(f"{language}: {len(tiles)} life events")
    if not tiles:
        tap.ok(False, f"{language}: life event tiles", ["no tile on the life events page"])
    more_prefix = _("Read more about: %s").split("%s")[0]
    for tile in tiles:
        kiosk.press_named(kiosk.page(), tile)
        page = kiosk.wait_page("LoketLifeEventPage")
        audit(tap, f"{language}: life event {tile!r}", kiosk.frame())

        more = kiosk.buttons(page, prefix=more_prefix)
        if not more:
            tap.ok(False, f"{language}: steps of {tile!r}", [f"no {more_prefix!r} button"])
        else:
            kiosk.press(more[0])
            kiosk.wait_page("LoketStepPage")
            audit(tap, f"{language}: first step of {tile!r}", kiosk.frame())
            kiosk.press_named(kiosk.top_bar(), _("Back"))
            kiosk.wait_page("LoketLifeEventPage")
        kiosk.press_named(kiosk.top_bar(), _("Back"))
        kiosk.wait_page("LoketLifeEventsPage")

    # Back to the start, as a citizen leaving would.
    kiosk.press_named(kiosk.top_bar(), _("Stop / start again"))
    kiosk.forget_window()
    kiosk.wait_page("LoketWelcomePage")


def translator(localedir, language):
    return gettext.translation("loket", localedir, languages=[language], fallback=True).gettext


def wait_language(kiosk, native_name):
    """After a language button: the window is built again; its language menu names the language."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        kiosk.forget_window()
        try:
            if kiosk.page() is not None:
                bar = kiosk.top_bar()
                if any(native_name in n.name for n in walk(bar)
                       if n.getRole() == pyatspi.ROLE_PUSH_BUTTON):
                    return True
        except Exception:
            pass
        time.sleep(0.1)
    return False


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("LOKET_BINARY")
    if not binary:
        print("Bail out! usage: a11y-audit.py PATH-TO-LOKET")
        return 2
    localedir = os.environ.get("LOKET_LOCALEDIR", "")
    home = tempfile.mkdtemp(prefix="loket-a11y-")
    env = dict(os.environ)
    env.pop("GTK_A11Y", None)  # AT-SPI, as on the kiosk
    env.pop("NO_AT_BRIDGE", None)
    env.setdefault("GSK_RENDERER", "cairo")
    env.update(GSETTINGS_BACKEND="memory", GDK_BACKEND="x11",
               XDG_DATA_HOME=os.path.join(home, "data"), XDG_CACHE_HOME=os.path.join(home, "cache"),
               XDG_CONFIG_HOME=os.path.join(home, "config"), XDG_STATE_HOME=os.path.join(home, "state"))
    tap = Tap()
    kiosk = None
    try:
        kiosk = Kiosk(binary, env)
        walk_language(tap, kiosk, "nl", translator(localedir, "nl"))

        # Arabic through its button on the welcome page. Without a message catalogue the button
        # cannot be chosen; then the kiosk is started with Arabic as its default language.
        arabic = kiosk.buttons(kiosk.page(), name="العربية")
        if arabic:
            kiosk.press(arabic[0])
        if not (arabic and wait_language(kiosk, "العربية")):
            # With a message catalogue the button must work: a failed switch is a failure.
            if os.path.exists(os.path.join(localedir, "ar", "LC_MESSAGES", "loket.mo")):
                raise AuditError("the Arabic button did not switch the kiosk to Arabic")
            tap.note("ar: the Arabic button cannot be chosen (no ar message catalogue yet); "
                     "starting the kiosk with default-language=ar instead")
            kiosk.stop()
            settings = os.path.join(home, "config", "glib-2.0", "settings")
            os.makedirs(settings, exist_ok=True)
            with open(os.path.join(settings, "keyfile"), "w", encoding="utf-8") as f:
                f.write("[nl/eenloket/Loket]\ndefault-language='ar'\n")
            kiosk = Kiosk(binary, dict(env, GSETTINGS_BACKEND="keyfile"))
            if not wait_language(kiosk, "العربية"):
                raise AuditError("the kiosk did not start in Arabic")
        walk_language(tap, kiosk, "ar", translator(localedir, "ar"))
    except AuditError as e:
        print(f"Bail out! {e}", flush=True)
        return 1
    finally:
        if kiosk is not None:
            kiosk.stop()
        shutil.rmtree(home, ignore_errors=True)

    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
