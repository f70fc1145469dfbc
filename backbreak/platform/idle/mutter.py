"""The next keystroke or mouse move on GNOME, announced by Mutter's idle monitor
(`AddUserActiveWatch`, then its `WatchFired` signal), read with jeepney.

The same job as platform/idle/xsync.py on X11: a break that waits for an away user wakes at
their return instead of looking every few seconds. The session-bus connection is opened at
the first watch and read on the GUI thread only: `fileno()` is what a socket notifier
watches, `fired()` reads what came.
"""

from __future__ import annotations

import logging
from typing import Any

from backbreak.core.i18n import _
from backbreak.platform import Availability

log = logging.getLogger(__name__)

BUS_NAME = "org.gnome.Mutter.IdleMonitor"  # not translated: D-Bus names
PATH = "/org/gnome/Mutter/IdleMonitor/Core"
TIMEOUT_S = 2.0


class MutterBack:
    """One-shot watches for the user's next input in a GNOME session."""

    name = "mutter"

    def __init__(self) -> None:
        self._conn: Any = None
        self._signals: Any = None
        self._monitor: Any = None
        self._watch_id = 0
        self._opened = False
        self._why_not = ""

    def label(self) -> str:
        return _("GNOME's idle monitor")

    def availability(self) -> Availability:
        self._open()
        if self._conn is None:
            return Availability.no(self._why_not)
        return Availability.yes(self.label())

    def fileno(self) -> int | None:
        self._open()
        return None if self._conn is None else int(self._conn.sock.fileno())

    def arm(self) -> bool:
        """Watch for the next input (replacing a watch already set); False: cannot here."""
        self._open()
        if self._conn is None:
            return False
        self.disarm()
        try:
            reply = self._call("AddUserActiveWatch")
        except Exception as exc:  # the monitor went away, or answered with an error
            log.info("Mutter's idle monitor refused a watch (%s)", type(exc).__name__)
            return False
        if not reply or not isinstance(reply[0], int) or reply[0] <= 0:
            return False
        self._watch_id = reply[0]
        return True

    def fired(self) -> bool:
        """Read what the bus sent; True once this watch fired (Mutter then drops it)."""
        if self._conn is None:
            return False
        try:
            while True:
                self._conn.recv_messages(timeout=0)
        except TimeoutError:
            pass
        except Exception as exc:  # the bus went away: looking every few seconds still works
            log.info("Mutter's idle monitor: connection lost (%s)", type(exc).__name__)
            self.close()
            return False
        fired = False
        while self._signals.queue:
            body = self._signals.queue.popleft().body
            fired = fired or (self._watch_id != 0 and tuple(body[:1]) == (self._watch_id,))
        if fired:
            self._watch_id = 0
        return fired

    def disarm(self) -> None:
        watch, self._watch_id = self._watch_id, 0
        if self._conn is not None and watch:
            try:
                self._call("RemoveWatch", "u", (watch,))
            except Exception:  # fired meanwhile (Mutter dropped it), or the bus is gone
                log.debug("Mutter's idle monitor: watch %s was already gone", watch)

    def close(self) -> None:
        self._watch_id = 0
        if self._conn is not None:
            self._conn.close()
        self._conn = None

    # -- opening, once ------------------------------------------------------------------
    def _call(self, method: str, signature: str | None = None, body: tuple[Any, ...] = ()) -> Any:
        from jeepney import MessageType, new_method_call

        reply = self._conn.send_and_get_reply(
            new_method_call(self._monitor, method, signature, body), timeout=TIMEOUT_S
        )
        if reply.header.message_type is MessageType.error:
            raise RuntimeError(repr(reply.body))
        return reply.body

    def _open(self) -> None:
        if self._opened:
            return
        self._opened = True
        try:
            from jeepney import DBusAddress, MatchRule, message_bus
            from jeepney.io.blocking import Proxy, open_dbus_connection
        except ImportError:
            self._why_not = _("the jeepney package is missing")
            return
        try:
            conn = open_dbus_connection(bus="SESSION", auth_timeout=TIMEOUT_S)
        except Exception:  # no session bus, refused
            self._why_not = _("there is no session bus")
            return
        rule = MatchRule(type="signal", interface=BUS_NAME, path=PATH, member="WatchFired")
        try:
            Proxy(message_bus, conn, timeout=TIMEOUT_S).AddMatch(rule)
        except Exception as exc:
            conn.close()
            self._why_not = _("could not listen to GNOME's idle monitor ({error})").format(
                error=type(exc).__name__
            )
            return
        self._signals = conn.filter(rule, bufsize=8)
        self._signals.__enter__()
        self._monitor = DBusAddress(PATH, bus_name=BUS_NAME, interface=BUS_NAME)
        self._conn = conn
