"""The tray app's side of the window process (ui/window_host.py): History and Settings open
in a process of their own, so what they load leaves when they close.

One process at a time: asking again while it runs sends it the window's name (it brings
that window up). It is told when the settings file or the history changes, and closes when
the app quits (its standard input ends). Where it cannot start or dies before showing
anything, the window opens in the app itself, and the log says why: the user gets the
window either way.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QProcess, QTimer

log = logging.getLogger(__name__)

SHOW_WAIT_MS = 15_000
"""The busy cursor stops after this long even if the process never says it showed."""
MAX_PENDING = 64 * 1024
"""A line from the process longer than this is not one of its answers: dropped."""


def window_command(name: str) -> list[str]:
    """How this installation starts `backbreak open <name>` for the app."""
    if getattr(sys, "frozen", False):  # a PyInstaller build: the executable is backbreak
        return [sys.executable, "open", name, "--from-app"]
    return [sys.executable, "-m", "backbreak", "open", name, "--from-app"]


class WindowProcess(QObject):
    def __init__(
        self,
        open_here: Callable[[str], None],
        settings_changed: Callable[[], None],
        command: Callable[[str], list[str]] = window_command,
        busy: Callable[[bool], None] = lambda _on: None,
    ) -> None:
        super().__init__()
        self._open_here, self._settings_changed = open_here, settings_changed
        self._command, self._busy = command, busy
        self._process: QProcess | None = None
        self._asked = ""
        self._shown = False
        self._out = b""
        self._err = b""

    @property
    def running(self) -> bool:
        process = self._process
        return process is not None and process.state() != QProcess.ProcessState.NotRunning

    def open(self, name: str) -> None:
        """History or settings: brought up in the running process, or a new one started."""
        if self.running:
            self.tell(name)
            return
        argv = self._command(name)
        process = QProcess(self)
        process.setProgram(argv[0])
        process.setArguments(argv[1:])
        process.readyReadStandardOutput.connect(self._read_answers)
        process.readyReadStandardError.connect(self._read_errors)
        process.errorOccurred.connect(self._failed)
        process.finished.connect(self._finished)
        self._process, self._asked, self._shown = process, name, False
        self._out = self._err = b""
        self._busy(True)
        QTimer.singleShot(SHOW_WAIT_MS, self._stop_waiting)
        process.start()

    def tell(self, word: str) -> None:
        """Send one request ("reload", "history-changed", a window's name) if it runs."""
        if self.running and self._process is not None:
            self._process.write(f"{word}\n".encode())

    def close(self) -> None:
        """The app quits: end the process's input, and it closes its windows and exits."""
        if self.running and self._process is not None:
            self._process.closeWriteChannel()

    # -- what the process says -----------------------------------------------------------
    def _read_answers(self) -> None:
        if self._process is None:
            return
        lines, self._out = _lines(self._out, self._process.readAllStandardOutput().data())
        for raw in lines:
            answer = raw.decode("utf-8", "replace").strip()
            if answer.startswith("shown "):
                self._shown = True
                self._stop_waiting()
            elif answer == "settings-changed":
                self._settings_changed()

    def _read_errors(self) -> None:
        """Its log lines (and any traceback) go into the app's log."""
        if self._process is None:
            return
        lines, self._err = _lines(self._err, self._process.readAllStandardError().data())
        for raw in lines:
            if raw.strip():
                log.info("window process: %s", raw.decode("utf-8", "replace")[:500])

    def _failed(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:  # no `finished` follows
            self._give_up(f"it could not be started ({self._command(self._asked)[0]})")
            self._let_go()

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._read_errors()
        if self._err.strip():
            log.info("window process: %s", self._err.decode("utf-8", "replace")[:500])
        crashed = status == QProcess.ExitStatus.CrashExit
        if not self._shown:
            self._give_up("it crashed" if crashed else f"it ended with status {code}")
        elif crashed or code != 0:
            log.warning("the window process ended badly (%s)", "a crash" if crashed else code)
        self._stop_waiting()
        self._let_go()

    def _let_go(self) -> None:
        if self._process is not None:
            self._process.deleteLater()
            self._process = None

    def _give_up(self, why: str) -> None:
        name = self._asked
        log.warning("the %s window could not open in its own process (%s): opened here", name, why)
        self._stop_waiting()
        self._open_here(name)

    def _stop_waiting(self) -> None:
        self._busy(False)


def _lines(pending: bytes, data: bytes | bytearray | memoryview) -> tuple[list[bytes], bytes]:
    """The whole lines in what has come, and the unfinished rest (dropped past MAX_PENDING)."""
    *lines, rest = (pending + bytes(data)).split(b"\n")
    return lines, rest if len(rest) <= MAX_PENDING else b""
