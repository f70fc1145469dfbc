"""Resume from suspend, as logind announces it on the system bus (PrepareForSleep).

Where there is no logind (or no system bus) the waker's heartbeat, which compares wall and
monotonic time, still notices the jump; this only makes the answer immediate.

The bus is read with jeepney (already loaded for notifications) on a socket Qt watches:
QtDBus would add its module, a connection thread and about 1 MiB that the tray app keeps
all day for one signal.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from backbreak.core.i18n import _
from backbreak.platform import Availability

log = logging.getLogger(__name__)

LOGIN1_PATH = "/org/freedesktop/login1"
LOGIN1_MANAGER = "org.freedesktop.login1.Manager"  # not translated: a D-Bus name
CONNECT_TIMEOUT_S = 2.0


class SleepWatcher(QObject):
    resumed = Signal()
    """The computer woke from suspend (going to sleep needs nothing: the clock check sees
    the gap when it wakes)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._why_not = ""
        self._conn: Any = None
        self._signals: Any = None
        self._watch: QSocketNotifier | None = None
        if not sys.platform.startswith("linux"):
            self._why_not = _("logind is a Linux service")
            return
        try:
            from jeepney import MatchRule, message_bus
            from jeepney.io.blocking import Proxy, open_dbus_connection
        except ImportError:
            self._why_not = _("the jeepney package is missing")
            return
        try:
            conn = open_dbus_connection(bus="SYSTEM", auth_timeout=CONNECT_TIMEOUT_S)
        except Exception:  # no socket, refused, a bus that does not answer
            self._why_not = _("there is no system bus to hear logind on")
            return
        # Any sender: logind owns the name on a real system; tests send from their own bus.
        rule = MatchRule(
            type="signal", interface=LOGIN1_MANAGER, path=LOGIN1_PATH, member="PrepareForSleep"
        )
        try:
            Proxy(message_bus, conn, timeout=CONNECT_TIMEOUT_S).AddMatch(rule)
        except Exception as exc:
            conn.close()
            self._why_not = _("could not listen to logind ({error})").format(
                error=f"{type(exc).__name__}: {exc}"
            )
            return
        self._signals = conn.filter(rule, bufsize=8)
        self._signals.__enter__()
        self._conn = conn
        self._watch = QSocketNotifier(conn.sock.fileno(), QSocketNotifier.Type.Read, self)
        # A bound method, not a lambda that holds self: deleting the watcher then crashed Qt.
        self._watch.activated.connect(self._read)

    def availability(self) -> Availability:
        return (
            Availability.no(self._why_not)
            if self._why_not
            else Availability.yes("logind PrepareForSleep")  # not translated: a D-Bus signal
        )

    def _read(self, *_signal: object) -> None:
        try:
            while True:
                self._conn.recv_messages(timeout=0)
        except TimeoutError:
            pass
        except Exception as exc:  # the bus went away: the clock check still sees a resume
            log.info("logind: connection lost (%s)", type(exc).__name__)
            self.close()
            self._why_not = _("the system bus connection was lost")
            return
        while self._signals.queue:
            body = self._signals.queue.popleft().body
            if body and isinstance(body[0], bool):
                self.on_prepare_for_sleep(body[0])

    def on_prepare_for_sleep(self, going_to_sleep: bool) -> None:
        log.info("logind: %s", "going to sleep" if going_to_sleep else "resumed")
        if not going_to_sleep:
            self.resumed.emit()

    def close(self) -> None:
        """Stop listening and close the connection (at quit; and when the bus goes away)."""
        if self._watch is not None:
            self._watch.setEnabled(False)
            self._watch.deleteLater()
            self._watch = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
