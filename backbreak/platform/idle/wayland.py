"""Idle time on wlroots compositors (sway, Hyprland, river, labwc…) through `swayidle`,
which speaks their idle protocols (ext-idle-notify-v1, or KDE's on older ones).

swayidle runs beside the app and says "idle" after a second without input and "back" at the
next input; the app reads the time of the last word, and "back" wakes a break that waits for
the user (platform/idle/qt.py): no polling, no wake-ups while away. Where the compositor
offers neither protocol swayidle exits at once, and this source says it is not available
here.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import IO

from backbreak.core.i18n import _
from backbreak.platform import Availability

PLATFORM: str = sys.platform
GRACE = 1.0
"""swayidle's timeout: "idle" comes this many seconds after the last input."""


class SwayIdle:
    name = "swayidle"

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._process: subprocess.Popen[str] | None = None
        self._idle_since: float | None = None
        self._why_not = ""
        self._started = False
        self.on_back: Callable[[], None] | None = None
        """Called on swayidle's thread at each "back" (the next input after a second idle)."""

    def availability(self) -> Availability:
        if not PLATFORM.startswith("linux") or not os.environ.get("WAYLAND_DISPLAY"):
            return Availability.no(_("this is not a Wayland session"))
        if shutil.which("swayidle") is None:
            return Availability.no(_("swayidle is not installed (it reads wlroots' idle time)"))
        self._start()
        if not self.running():
            return Availability.no(self._why_not or _("swayidle stopped: no idle protocol here"))
        return Availability.yes("swayidle")

    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        try:
            process = subprocess.Popen(  # not translated: a command line
                ["swayidle", "timeout", str(int(GRACE)), "echo idle", "resume", "echo back"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                preexec_fn=_die_with_parent,
            )
        except OSError as exc:
            self._why_not = _("swayidle could not start ({error})").format(
                error=exc.strerror or exc
            )
            return
        self._process = process
        atexit.register(self.stop)
        assert process.stdout is not None
        threading.Thread(
            target=self._listen, args=(process.stdout,), name="swayidle", daemon=True
        ).start()
        try:  # one that cannot bind the protocol exits at once: say so now, not later
            process.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            return
        self._why_not = _("the compositor offers no idle protocol swayidle speaks")
        self.stop()

    def _listen(self, lines: IO[str]) -> None:
        with lines:  # closed here, at the end of swayidle's output (closing it elsewhere
            for line in lines:  # would wait for this read)
                word = line.strip()
                if word == "idle":
                    self._idle_since = self._clock() - GRACE
                elif word == "back":
                    self._idle_since = None
                    on_back = self.on_back
                    if on_back is not None:
                        on_back()

    def idle(self) -> timedelta | None:
        if not self.running():
            return None
        since = self._idle_since
        return timedelta(0) if since is None else timedelta(seconds=self._clock() - since)

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=2)


def _die_with_parent() -> None:
    """In the child, before swayidle starts: end it when backbreak ends, even when killed
    (Linux's PR_SET_PDEATHSIG), so no watcher outlives the app."""
    try:
        libc = ctypes.CDLL(None)
        libc.prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
