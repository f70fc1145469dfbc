"""History and Settings in a process of their own: `backbreak open history|settings`.

The tray app starts this process when one of the two windows is asked for, and it ends when
its last window closes. Their charts, editors, fonts and Qt classes (about 6 MiB) then leave
with it, instead of staying in a tray app that idles all day. Started by the app
(`--from-app`), it reads the app's requests from standard input, one word a line ("history",
"settings", "reload", "history-changed"; the end of input: the app quit, so close), and
writes what the app must know to standard output ("shown history", "settings-changed").
Started alone, it is an ordinary window.

A break's prompt and player live here too (ui/break_host.py): their requests and answers
are lines of JSON (platform/ipc/window_wire.py), and the process stays while a break asks
or a routine plays, even with its window hidden.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import IO, TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from backbreak.core.i18n import _
from backbreak.core.settings import LANGUAGE, THEME
from backbreak.platform.ipc import Reply, Request
from backbreak.platform.ipc import window_wire as wire
from backbreak.platform.ipc.commands import FOR_A_BREAK, WINDOW_NAMES, check
from backbreak.storage.settings_store import SettingsChange

if TYPE_CHECKING:
    from backbreak.core.clock import Clock
    from backbreak.storage.settings_store import SettingsStore
    from backbreak.ui.break_host import BreakHost
    from backbreak.ui.windows import Windows

log = logging.getLogger(__name__)

MAX_LINE = wire.MAX_MESSAGE
"""The app's requests are words or a break's message; a longer line is neither."""
LINGER_MS = 2000
"""With nothing on screen, the process waits this long before it ends: a break's answer
(Start) is followed by the app's request to play, which must find the process still here."""
LOOK_MS = 250
"""How often it looks whether anything of it is still on screen. A look, not an event
filter on the whole application: shiboken wraps every event's object for a Python filter,
and an object on its way out crashed it (seen in the test suite, PySide 6.11)."""


class WindowHost(QObject):
    """The window process's side of the pipe: requests in, answers out, and the end of the
    process once nothing of it is on screen."""

    def __init__(
        self,
        windows: Windows,
        store: SettingsStore,
        clock: Clock,
        say: Callable[[str], None],
        quit_app: Callable[[], None],
    ) -> None:
        super().__init__()
        self.windows, self.store, self.clock = windows, store, clock
        self._say, self._quit = say, quit_app
        self._reloading = False
        self._ended = False
        self.breaks: BreakHost | None = None
        self.shown_elsewhere: Callable[[str], bool] = lambda _name: False
        """Whether a window process started alone (`backbreak open`, before the app) has
        just brought that window up: then this one shows no second copy of it."""
        self._quiet_looks = 0
        self._look = QTimer(self)
        self._look.setInterval(LOOK_MS)
        self._look.timeout.connect(self.look)
        self._look.start()
        self._unsubscribe = store.subscribe(self._settings_changed)

    def open(self, name: str) -> None:
        """Show (or bring up) the named window, and say so."""
        if not self.shown_elsewhere(name):
            self.windows.show_named(name)
        # Said once the event loop has laid it out and painted it: the app's busy cursor
        # lasts until the user sees the window.
        QTimer.singleShot(0, lambda: self._say(f"shown {name}"))

    def request(self, line: str) -> None:
        """One line from the app. Anything but a known word is logged and changes nothing."""
        word = line.strip()
        if word.startswith("{"):
            message = wire.decode(word, wire.REQUESTS)
            if message is None or self.breaks is None:
                log.info("ignored a break message it cannot read: %a", word[:80])
            else:
                self.breaks.request(*message)
                self.linger()
        elif word in WINDOW_NAMES:
            self.open(word)
        elif word == "reload":  # the settings file changed elsewhere (the app, `config set`)
            self._reloading = True
            try:
                self.store.reload(self.clock.now())
            finally:
                self._reloading = False
        elif word == "history-changed":
            self.windows.history_changed()
        elif word:
            log.info("ignored a request it does not know: %a", word[:40])

    def _settings_changed(self, change: SettingsChange) -> None:
        if LANGUAGE.key in change.keys:  # windows made from now on speak it
            from backbreak.ui.language import speak

            app = QApplication.instance()
            if app is not None:
                speak(app, change.after[LANGUAGE], dict(os.environ))
            from backbreak.core.i18n import current_language

            self.windows.library.use_language(current_language())
            if self.breaks is not None:
                self.breaks.forget_idle_windows()
        if THEME.key in change.keys:  # its windows follow a new theme at once, as the app's
            app = QApplication.instance()
            if isinstance(app, QApplication):
                from backbreak.ui.theme import apply_theme

                apply_theme(app, change.after[THEME])
        if self.breaks is not None:
            self.breaks.apply_settings()
        if not self._reloading:  # the dialog wrote the file: the app reads it again
            self._say("settings-changed")

    def linger(self) -> None:
        """Something happened: the quiet time before the process ends starts again."""
        self._quiet_looks = 0

    def look(self) -> None:
        """Tell the app what of the break shows; end once nothing of this process has been
        on screen or under way for LINGER_MS."""
        if self.breaks is not None:
            self.breaks.tell_showing()
        shown = any(w.isVisible() for w in QApplication.topLevelWidgets())
        if shown or (self.breaks is not None and self.breaks.active()):
            self._quiet_looks = 0
            return
        self._quiet_looks += 1
        if self._quiet_looks * LOOK_MS >= LINGER_MS:
            self.end()

    def end(self) -> None:
        """Close every window and end the process (also when the app closed the pipe: it
        quit or died, and its windows go with it)."""
        if self._ended:
            return
        self._ended = True
        self._look.stop()
        self._unsubscribe()
        if self.breaks is not None:
            self.breaks.close()
        self.windows.close_all()
        self._quit()


class Requests(QObject):
    """Lines from the app, read on a thread (a pipe cannot be watched by Qt on Windows) and
    delivered on the GUI thread; `ended` when the app closes the pipe, quits or dies."""

    line = Signal(str)
    ended = Signal()

    def follow(self, stream: IO[bytes]) -> None:
        threading.Thread(target=self._read, args=(_reader(stream),), daemon=True).start()

    def _read(self, read: Callable[[], bytes]) -> None:
        pending, skipping = b"", False
        try:
            while chunk := read():
                pending += chunk
                while b"\n" in pending:
                    raw, pending = pending.split(b"\n", 1)
                    if not skipping and len(raw) < MAX_LINE:
                        self.line.emit((raw + b"\n").decode("utf-8", "replace"))
                    skipping = False
                if len(pending) >= MAX_LINE:  # not a request: drop it up to its newline
                    pending, skipping = b"", True
        except (OSError, ValueError):
            pass
        if pending and not skipping:
            self.line.emit(pending.decode("utf-8", "replace"))
        self.ended.emit()


def standalone_answer(open_window: Callable[[str], None], request: Request) -> Reply:
    """A later `backbreak open NAME` while this process shows windows alone (no app): the
    window is brought up here. Anything else is refused and changes nothing."""
    found = check(request)
    if isinstance(found, str):
        return Reply.error(found)
    if found.name != "open":
        return Reply.error(
            _("unknown request {name}; known: {known}").format(name=ascii(found.name), known="open")
        )
    open_window(request.args["window"])
    return Reply.done("")


def tell_the_app(said: str, reload: Callable[[], object]) -> None:
    """What a window process started alone says: only a saved settings file matters, to an
    app started since (it reads the file again; no app running: nothing happens)."""
    if said == "settings-changed":
        reload()


def shown_alone(reply: Reply | None) -> bool:
    """The answer of a window process started alone: it brought the window up (None: there
    is none; a refusal or no answer: it is on its way out, so the window opens here)."""
    return reply is not None and reply.ok


def _reader(stream: IO[bytes]) -> Callable[[], bytes]:
    """Reads what has come, up to 64 KiB. From a pipe with `os.read`, not the buffered
    reader: a thread blocked in a buffered read holds its lock, and Python then aborts at
    exit ("could not acquire lock for <stdin> at interpreter shutdown"), so the process
    ended in a crash each time its last window closed."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError):  # (io.UnsupportedOperation is both)
        return lambda: stream.read(65536)
    return lambda: os.read(fd, 65536)


def run_window(name: str, from_app: bool) -> int:
    """The window process: `name` is one of WINDOW_NAMES, or FOR_A_BREAK (the app's).
    Returns the exit status."""
    from backbreak.core import i18n
    from backbreak.platform.display import display_problem
    from backbreak.ui.import_hook import spare_module_sources

    i18n.apply("system", os.environ)  # the settings' choice comes once they are read
    problem = display_problem(os.environ)
    if problem:
        print(f"backbreak: {problem}", file=sys.stderr)
        return 1
    spare_module_sources()  # this process, too, shows a window within half a second
    from backbreak import APP_ID, APP_NAME
    from backbreak.core.clock import SystemClock
    from backbreak.services.profile import read_routines_and_log, read_settings
    from backbreak.storage.paths import AppPaths
    from backbreak.storage.settings_store import SettingsStore
    from backbreak.ui.icons import app_icon, use_cache
    from backbreak.ui.theme import apply_theme
    from backbreak.ui.windows import Windows

    # The app logs what this process writes to standard error; alone, only problems show.
    logging.basicConfig(level=logging.INFO if from_app else logging.WARNING, format="%(message)s")
    paths = AppPaths.from_environment()
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(APP_NAME)
    QApplication.setDesktopFileName(APP_ID)
    app = QApplication([APP_NAME])  # the same X11 WM_CLASS as the tray app
    clock = SystemClock()
    now = clock.now()
    from backbreak.ui.language import speak

    loaded, notices = read_settings(paths, now, lambda chosen: speak(app, chosen, dict(os.environ)))
    # Started by the app, which checked the log's pages at its own start: not again here.
    library, opened, more = read_routines_and_log(paths, now, check_pages=not from_app)
    store = SettingsStore(paths.settings_file, loaded.settings)
    use_cache(paths.cache_dir)
    app.setWindowIcon(app_icon())
    apply_theme(app, store.current[THEME])
    windows = Windows(clock, paths, store, library, opened.log)

    from backbreak.platform.ipc import request
    from backbreak.platform.ipc.commands import standalone_windows
    from backbreak.platform.ipc.qt import InstanceServer, server_name

    profile = str(paths.data_dir)

    def say(text: str) -> None:
        if from_app:
            with contextlib.suppress(OSError, ValueError):  # the app is gone: nobody to tell
                print(text, flush=True)
        else:  # alone, yet the app may have started since: it reads the file again
            tell_the_app(text, lambda: request(profile, "reload", timeout=2))

    alone = None if from_app else InstanceServer(server_name(standalone_windows(profile)))

    def quit_app() -> None:
        if alone is not None:  # a later `backbreak open` no longer finds this one
            alone.close()
        QApplication.exit(0)

    host = WindowHost(windows, store, clock, say, quit_app)
    if from_app:  # one started alone before the app keeps its windows: no second copy
        host.shown_elsewhere = lambda window: shown_alone(
            request(standalone_windows(profile), "open", {"window": window}, timeout=1)
        )
    if alone is not None:
        alone.handler = lambda request: standalone_answer(host.open, request)
        alone.listen()  # (a second one at the same instant: each shows its own window)
    if from_app:
        from backbreak.ui.break_host import BreakHost

        host.breaks = BreakHost(
            clock, library, store, say, windows.show_safety, paths.cache_dir / "player-size"
        )
        host.breaks.on_told = host.linger
    if from_app:
        requests = Requests()
        requests.line.connect(host.request)
        requests.ended.connect(host.end)
        requests.follow(sys.stdin.buffer)
    else:  # the app told its own user already
        for notice in notices + more:
            windows.tell_user(notice)
    if name != FOR_A_BREAK:
        host.open(name)
    try:
        return app.exec()
    finally:
        if opened.log is not None:
            opened.log.close()
