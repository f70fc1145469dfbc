"""The tray app's side of the window process (ui/window_host.py): History and Settings open
in a process of their own, so what they load leaves when they close.

One process at a time: asking again while it runs sends it the window's name (it brings
that window up). It is told when the settings file or the history changes, and closes when
the app quits (its standard input ends). Where it cannot start or dies before showing
anything, the window opens in the app itself, and the log says why: the user gets the
window either way.

A break's prompt and player live there too (ui/break_remote.py talks to them through
`send`, platform/ipc/window_wire.py says how): their messages come back through `answered`,
and `ended` tells them the process is gone, so they can carry on in the app.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from backbreak.platform.ipc import window_wire as wire
from backbreak.platform.ipc.commands import FOR_A_BREAK

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
    answered = Signal(str, object)
    """A break message from the process: its kind and fields (window_wire)."""
    ended = Signal(bool)
    """The process is gone (True: it could not even start, so do not try it again)."""

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
        self.broken = False
        """It failed to start once: breaks stay in the app from then on."""

    @property
    def running(self) -> bool:
        process = self._process
        return process is not None and process.state() != QProcess.ProcessState.NotRunning

    def open(self, name: str) -> None:
        """History or settings: brought up in the running process, or a new one started."""
        if self.running:
            self.tell(name)
            return
        self._start(name)
        self._busy(True)
        QTimer.singleShot(SHOW_WAIT_MS, self._stop_waiting)

    def send(self, kind: str, **fields: Any) -> bool:
        """A break message. A prompt or a routine starts the process if it is not running;
        anything else only reaches a running one. False: not sent (for a prompt or a
        routine: it cannot start here, and the caller shows the break in the app)."""
        if self.broken:
            return False
        if not self.running:
            if kind not in (wire.PROMPT, wire.PLAY):
                return False  # nothing of the break is left there to tell
            self._start(FOR_A_BREAK)
        if self._process is None:
            return False
        self._process.write(wire.encode(kind, **fields).encode())
        return True

    def wait_for_answers(self, msecs: int) -> bool:
        """Block until the process says something (quitting: the player's last word)."""
        process = self._process
        if process is None or not self.running or not process.waitForReadyRead(msecs):
            return False
        self._read_answers()
        return True

    def _start(self, name: str) -> None:
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
            if answer.startswith("{"):
                message = wire.decode(answer, wire.ANSWERS)
                if message is None:
                    log.info("ignored a message from the window process: %a", answer[:80])
                else:
                    self.answered.emit(*message)
            elif answer.startswith("shown "):
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
            self.broken = True
            program = self._command(self._asked)[0]
            self._give_up(f"it could not be started ({program})")  # not translated: for the log
            self._let_go()
            self.ended.emit(True)

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._read_answers()  # its last words (a stopped routine's outcome) come first
        self._read_errors()
        if self._err.strip():
            log.info("window process: %s", self._err.decode("utf-8", "replace")[:500])
        crashed = status == QProcess.ExitStatus.CrashExit
        if not self._shown:
            self._give_up(  # not translated: for the log
                "it crashed" if crashed else f"it ended with status {code}"
            )
        elif crashed or code != 0:
            log.warning("the window process ended badly (%s)", "a crash" if crashed else code)
        self._stop_waiting()
        self._let_go()
        self.ended.emit(False)

    def _let_go(self) -> None:
        if self._process is not None:
            self._process.deleteLater()
            self._process = None

    def _give_up(self, why: str) -> None:
        name = self._asked
        if name == FOR_A_BREAK:  # the break's own windows carry on in the app (`ended`)
            log.warning("the break's window process ended: %s", why)
            return
        log.warning("the %s window could not open in its own process (%s): opened here", name, why)
        self._stop_waiting()
        self._open_here(name)

    def _stop_waiting(self) -> None:
        self._busy(False)


def _lines(pending: bytes, data: bytes | bytearray | memoryview) -> tuple[list[bytes], bytes]:
    """The whole lines in what has come, and the unfinished rest (dropped past MAX_PENDING)."""
    *lines, rest = (pending + bytes(data)).split(b"\n")
    return lines, rest if len(rest) <= MAX_PENDING else b""
