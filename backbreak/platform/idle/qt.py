"""Wake the app when the user comes back, where the desktop can say so.

A break that comes due while the user is away waits for them. Without a signal from the
desktop the app looks at the idle time every few seconds until then; with one it sleeps
until the next keystroke or mouse move: an X11 SYNC alarm on the IDLETIME counter
(platform/idle/xsync.py), Mutter's user-active watch on GNOME (platform/idle/mutter.py), or
swayidle's "back" on wlroots compositors. Elsewhere `arm()` answers False and the app keeps
looking.
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from backbreak.core.i18n import _
from backbreak.platform import Availability
from backbreak.platform.idle import DBusIdle, IdleMonitor, X11Idle
from backbreak.platform.idle.mutter import MutterBack
from backbreak.platform.idle.wayland import SwayIdle
from backbreak.platform.idle.xsync import XSyncBack

log = logging.getLogger(__name__)


class SocketBack(Protocol):
    """A one-shot watch read from a socket on the GUI thread (xsync.py, mutter.py)."""

    name: str

    def availability(self) -> Availability: ...
    def fileno(self) -> int | None: ...
    def arm(self) -> bool: ...
    def fired(self) -> bool: ...
    def disarm(self) -> None: ...
    def close(self) -> None: ...


class BackWatch(QObject):
    back = Signal()
    """The user touched the keyboard or mouse since `arm()` (once per arm)."""
    _heard = Signal()  # from swayidle's thread, queued to this object's

    def __init__(self, source: SocketBack | SwayIdle | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._notifier: QSocketNotifier | None = None
        self._broken = source is None
        self.armed = False
        self._heard.connect(self._on_heard)

    def availability(self) -> Availability:
        if self._source is None:
            return Availability.no(_("this desktop does not say when the user is back"))
        if isinstance(self._source, SwayIdle):
            return Availability.yes("swayidle")  # not translated: a program's name
        return self._source.availability()

    def arm(self) -> bool:
        """Emit `back` at the next input; False where that cannot be watched (then poll)."""
        if self._broken:
            return False
        if self.armed:
            return True
        source = self._source
        if isinstance(source, SwayIdle):
            source.on_back = self._heard.emit
            self.armed = source.running()
            if self.armed:
                log.info("a break waits for the user: woken at their return (swayidle)")
            return self.armed
        assert source is not None
        if self._notifier is None:
            fd = source.fileno()
            if fd is None:
                log.info("user-back watch: %s", source.availability())
                self._broken = True
                return False
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._read)  # a bound method (see sleep/qt.py)
        self.armed = source.arm()
        if not self.armed:
            self._broken = True  # refused once, refused again: poll from now on
            return False
        log.info("a break waits for the user: woken at their return (%s)", source.name)
        self._read()  # what the round trip queued already
        return True

    def disarm(self) -> None:
        if not self.armed:
            return
        self.armed = False
        if self._source is not None and not isinstance(self._source, SwayIdle):
            self._source.disarm()

    def close(self) -> None:
        self.disarm()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if isinstance(self._source, SwayIdle):
            self._source.on_back = None
        elif self._source is not None:
            self._source.close()

    def _read(self, *_signal: object) -> None:
        source = self._source
        if source is None or isinstance(source, SwayIdle):
            return
        fired = source.fired()
        if source.fileno() is None and self._notifier is not None:  # its connection is gone
            self._notifier.setEnabled(False)
            self._broken = True  # looking every few seconds from now on
        if (fired or self._broken) and self.armed:
            self.armed = False
            self.back.emit()  # gone: wake now, and the next heartbeat looks as before

    def _on_heard(self) -> None:
        if self.armed:
            self.armed = False
            self.back.emit()


def back_watch_for(monitor: IdleMonitor, parent: QObject | None = None) -> BackWatch:
    """The watch that goes with the idle source in use (nothing is opened until armed)."""
    source = monitor.source
    if isinstance(source, X11Idle):
        return BackWatch(XSyncBack(source.display_name), parent)
    if isinstance(source, SwayIdle):
        return BackWatch(source, parent)
    if isinstance(source, DBusIdle) and source.name == "gnome":
        return BackWatch(MutterBack(), parent)
    return BackWatch(None, parent)
