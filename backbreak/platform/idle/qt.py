"""Wake the app when the user comes back, where the desktop can say so.

A break that comes due while the user is away waits for them. Without a signal from the
desktop the app looks at the idle time every few seconds until then; with one it sleeps
until the next keystroke or mouse move: an X11 SYNC alarm on the IDLETIME counter
(platform/idle/xsync.py), Mutter's user-active watch on GNOME (platform/idle/mutter.py), or
swayidle's "back" on wlroots compositors. Elsewhere `arm()` answers False and the app keeps
looking.

Most days no break waits for an away user, so the idle app carries none of this: each
source's module, Qt's socket notifier and the relay from swayidle's thread load at the first
`arm()` (or with `back_watch_for`, for the one source in use).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from backbreak.core.i18n import _
from backbreak.platform import Availability

log = logging.getLogger(__name__)

if TYPE_CHECKING:  # for the type checker only: the idle app builds no such classes
    from typing import Protocol

    from backbreak.platform.idle import IdleMonitor

    class SocketBack(Protocol):
        """A one-shot watch read from a socket on the GUI thread (xsync.py, mutter.py)."""

        name: str

        def label(self) -> str: ...
        def availability(self) -> Availability: ...
        def fileno(self) -> int | None: ...
        def arm(self) -> bool: ...
        def fired(self) -> bool: ...
        def disarm(self) -> None: ...
        def close(self) -> None: ...

    class ThreadBack(Protocol):
        """A source that calls `on_back` on a thread of its own at each return (swayidle)."""

        name: str
        on_back: Callable[[], None] | None

        def running(self) -> bool: ...


class BackWatch:
    """Calls `on_back` on the GUI thread at the user's next input after `arm()`, once."""

    def __init__(self, socket: SocketBack | None = None, thread: ThreadBack | None = None) -> None:
        self.on_back: Callable[[], None] = lambda: None
        self._socket, self._thread = socket, thread
        self._notifier: Any = None
        self._relay: Any = None
        self._broken = socket is None and thread is None
        self.armed = False

    def availability(self) -> Availability:
        if self._socket is not None:
            return self._socket.availability()
        if self._thread is not None:
            return Availability.yes(self._thread.name)
        return Availability.no(_("this desktop does not say when the user is back"))

    def describe(self) -> str:
        """About's line, opening nothing: the idle app holds no connection for this until a
        break first waits for the user; after that, what the connection found."""
        if self._socket is not None and (self._broken or self._notifier is not None):
            return str(self._socket.availability())
        if self._socket is not None:
            how = self._socket.label()
        elif self._thread is not None:
            how = self._thread.name
        else:
            return str(self.availability())
        return _("{how}, connected when a break waits for you").format(how=how)

    def arm(self) -> bool:
        """Call `on_back` at the next input; False where that cannot be watched (then poll)."""
        if self._broken or self.armed:
            return self.armed
        if self._thread is not None:
            self.armed = self._arm_thread(self._thread)
        elif self._socket is not None:
            self.armed = self._arm_socket(self._socket)
        if self.armed:
            name = (self._thread or self._socket).name  # type: ignore[union-attr]
            log.info("a break waits for the user: woken at their return (%s)", name)
        return self.armed

    def disarm(self) -> None:
        if not self.armed:
            return
        self.armed = False
        if self._socket is not None:
            self._socket.disarm()

    def close(self) -> None:
        self.disarm()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._thread is not None:
            self._thread.on_back = None
        if self._socket is not None:
            self._socket.close()

    # -- the two kinds of source ---------------------------------------------------------
    def _arm_thread(self, source: ThreadBack) -> bool:
        if self._relay is None:
            self._relay = _relay(self._heard)
            source.on_back = self._relay.heard.emit  # queued to the GUI thread
        return source.running()

    def _arm_socket(self, source: SocketBack) -> bool:
        if self._notifier is None:
            fd = source.fileno()
            if fd is None:
                log.info("user-back watch: %s", source.availability())
                self._broken = True
                return False
            from PySide6.QtCore import QSocketNotifier

            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read)
            self._notifier.activated.connect(self._read)
        if not source.arm():
            self._broken = True  # refused once, refused again: poll from now on
            return False
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self._read)  # what arming's round trip queued: read it soon,
        return True  # not now (the app is still deciding what to do while away)

    def _read(self, *_signal: object) -> None:
        source = self._socket
        if source is None:
            return
        fired = source.fired()
        if source.fileno() is None and self._notifier is not None:  # its connection is gone
            self._notifier.setEnabled(False)
            self._broken = True  # looking every few seconds from now on
        if (fired or self._broken) and self.armed:
            self._heard()  # gone: wake now, and the next heartbeat looks as before

    def _heard(self) -> None:
        if self.armed:
            self.armed = False
            self.on_back()


def _relay(slot: Callable[[], None]) -> Any:
    """A QObject on the GUI thread whose `heard` signal, emitted from another thread, runs
    `slot` here (made at the first watch: an idle app needs no such class)."""
    from PySide6.QtCore import QObject, Signal

    class Relay(QObject):
        heard = Signal()

    relay = Relay()
    relay.heard.connect(slot)
    return relay


def back_watch_for(monitor: IdleMonitor) -> BackWatch:
    """The watch that goes with the idle source in use (nothing is opened until armed)."""
    source: Any = monitor.source
    name = getattr(source, "name", "")
    if name == "x11":
        from backbreak.platform.idle.xsync import XSyncBack

        return BackWatch(socket=XSyncBack(source.display_name))
    if name == "gnome":
        from backbreak.platform.idle.mutter import MutterBack

        return BackWatch(socket=MutterBack())
    if name == "swayidle":
        return BackWatch(thread=source)
    return BackWatch()
