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

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from backbreak.core.settings import THEME
from backbreak.platform.ipc import window_wire as wire
from backbreak.platform.ipc.commands import FOR_A_BREAK, WINDOW_NAMES
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
        self._linger = QTimer(self)
        self._linger.setSingleShot(True)
        self._linger.setInterval(LINGER_MS)
        self._linger.timeout.connect(self.quit_if_nothing_shown)
        self._unsubscribe = store.subscribe(self._settings_changed)

    def open(self, name: str) -> None:
        """Show (or bring up) the named window, and say so."""
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
                self._linger.start()  # a withdrawn prompt hides nothing: look again later
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
        if THEME.key in change.keys:  # its windows follow a new theme at once, as the app's
            app = QApplication.instance()
            if isinstance(app, QApplication):
                from backbreak.ui.theme import apply_theme

                apply_theme(app, change.after[THEME])
        if self.breaks is not None:
            self.breaks.apply_settings()
        if not self._reloading:  # the dialog wrote the file: the app reads it again
            self._say("settings-changed")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """A window hid or closed: once none is left on screen, the process is done."""
        if (
            event.type() in (QEvent.Type.Hide, QEvent.Type.Close, QEvent.Type.Show)
            and isinstance(watched, QWidget)
            and watched.isWindow()
        ):
            if self.breaks is not None:
                QTimer.singleShot(0, self.breaks.tell_showing)
            if event.type() != QEvent.Type.Show:
                self._linger.start()
        return False

    def linger(self) -> None:
        """Look again, a moment from now, whether anything of this process is left."""
        self._linger.start()

    def quit_if_nothing_shown(self) -> None:
        if self.breaks is not None and self.breaks.active():
            return  # a break waits in its notification, or a heat timer runs hidden
        if not any(w.isVisible() for w in QApplication.topLevelWidgets()):
            self.end()

    def end(self) -> None:
        """Close every window and end the process (also when the app closed the pipe: it
        quit or died, and its windows go with it)."""
        if self._ended:
            return
        self._ended = True
        self._linger.stop()
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
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        try:
            while raw := stream.readline(MAX_LINE + 1):
                if len(raw) > MAX_LINE and not raw.endswith(b"\n"):  # skip the rest of it
                    while (more := stream.readline(MAX_LINE + 1)) and not more.endswith(b"\n"):
                        pass
                    continue
                self.line.emit(raw.decode("utf-8", "replace"))
        except (OSError, ValueError):
            pass
        self.ended.emit()


def run_window(name: str, from_app: bool) -> int:
    """The window process: `name` is one of WINDOW_NAMES, or FOR_A_BREAK (the app's).
    Returns the exit status."""
    from backbreak.platform.display import display_problem
    from backbreak.ui.import_hook import spare_module_sources

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
    loaded, notices = read_settings(paths, now)
    library, opened, more = read_routines_and_log(paths, now)
    store = SettingsStore(paths.settings_file, loaded.settings)
    use_cache(paths.cache_dir)
    app.setWindowIcon(app_icon())
    apply_theme(app, store.current[THEME])
    windows = Windows(clock, paths, store, library, opened.log)

    def say(text: str) -> None:
        if from_app:
            with contextlib.suppress(OSError, ValueError):  # the app is gone: nobody to tell
                print(text, flush=True)

    host = WindowHost(windows, store, clock, say, lambda: QApplication.exit(0))
    if from_app:
        from backbreak.ui.break_host import BreakHost

        host.breaks = BreakHost(
            clock, library, store, say, windows.show_safety, paths.cache_dir / "player-size"
        )
        host.breaks.on_told = host.linger
    app.installEventFilter(host)
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
