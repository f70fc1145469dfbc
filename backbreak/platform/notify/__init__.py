"""Desktop notifications: several ways to say "break time", tried in order, never raising.

Order on Linux: plyer when it has dbus-python (it then sends the app icon and reports
failures), else a correctly typed freedesktop `Notify` call; elsewhere plyer. The UI adds
the tray icon's balloon and the app's own popup as last resorts (see ui/notifiers.py).
Why not QtDBus for the freedesktop call: PySide6 cannot marshal the `u` (uint32) argument
that `Notify` requires (no typed QVariant in PySide6), and the daemon rejects an `i`.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from backbreak import APP_ID
from backbreak.core.i18n import _
from backbreak.platform import Availability

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Notice:
    """What to say. `icon` is an absolute file path (PNG/SVG) or a theme icon name."""

    title: str
    body: str
    app_name: str = "backbreak"
    icon: str = ""
    timeout_ms: int = 10_000
    tag: str = ""
    """What a click on it means to the app ("prompt": open the break prompt); "" for none."""
    action: str = ""
    """Words for the click (the default action), for daemons that show them."""
    buttons: tuple[tuple[str, str], ...] = ()
    """More actions, as (key, words): a reminder's Start, Snooze and Skip, answered from the
    notification itself where the daemon shows actions."""


class NotifyError(Exception):
    """A notifier tried and failed; the chain moves on to the next one."""


class Notifier(Protocol):
    name: str

    def availability(self) -> Availability: ...

    def notify(self, notice: Notice) -> None:
        """Deliver or raise NotifyError."""
        ...


class PlyerNotifier:
    """plyer where it works well: Windows, macOS, and Linux with dbus-python."""

    name = "plyer"

    def availability(self) -> Availability:
        if importlib.util.find_spec("plyer") is None:
            return Availability.no(_("plyer is not installed"))
        if sys.platform.startswith("linux"):
            if Path("/.flatpak-info").exists():
                return Availability.no(
                    _(
                        "inside a Flatpak plyer builds its D-Bus call as text, which breaks on "
                        "quotes"
                    )
                )
            if importlib.util.find_spec("dbus") is None:
                return Availability.no(
                    _(
                        "plyer would fall back to notify-send, which drops the "
                        "icon and hides failures (dbus-python is missing)"
                    )
                )
        return Availability.yes()

    def notify(self, notice: Notice) -> None:
        try:
            from plyer import notification

            notification.notify(
                title=notice.title,
                message=notice.body,
                app_name=notice.app_name,
                app_icon=notice.icon,
                timeout=max(1, notice.timeout_ms // 1000),
            )
        except Exception as exc:  # plyer raises anything from NotImplementedError to OSError
            raise NotifyError(f"plyer: {exc!r}") from exc


class FreedesktopNotifier:
    """org.freedesktop.Notifications.Notify over the session bus, with explicit types.

    The connection stays open: the daemon tells the connection that sent a notification
    when it was clicked (ActionInvoked), so sending and listening must share it. Nothing
    here blocks or imports Qt: the UI watches `fileno()` and calls `take_clicks()` when it is
    readable.
    """

    name = "freedesktop"
    BUS_NAME = "org.freedesktop.Notifications"  # not translated: a D-Bus name
    PATH = "/org/freedesktop/Notifications"

    def __init__(self, timeout_s: float = 2.0) -> None:
        self._timeout = timeout_s
        self._last_id = 0
        self._conn: Any = None
        self._clicks: Any = None  # jeepney filter handle; its queue holds ActionInvoked
        self._tags: dict[int, str] = {}
        self._actions: bool | None = None

    def availability(self) -> Availability:
        if not sys.platform.startswith("linux"):
            return Availability.no(_("the freedesktop notification service is a Linux thing"))
        if importlib.util.find_spec("jeepney") is None:
            return Availability.no(_("the jeepney package is not installed"))
        if (
            not os.environ.get("DBUS_SESSION_BUS_ADDRESS")
            and not Path(f"/run/user/{os.getuid()}/bus").exists()
        ):
            return Availability.no(_("there is no D-Bus session bus"))
        return Availability.yes(_("D-Bus session bus"))

    def _connection(self) -> Any:
        if self._conn is None:
            from jeepney import MatchRule, message_bus
            from jeepney.io.blocking import Proxy, open_dbus_connection

            conn = open_dbus_connection(bus="SESSION")
            rule = MatchRule(
                type="signal", interface=self.BUS_NAME, path=self.PATH, member="ActionInvoked"
            )
            Proxy(message_bus, conn, timeout=self._timeout).AddMatch(rule)
            self._clicks = conn.filter(rule, bufsize=32)
            self._clicks.__enter__()
            self._conn = conn
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
        self._conn = self._clicks = None
        self._actions = None  # another daemon may answer the next connection

    def answers_buttons(self) -> bool:
        """Whether the daemon shows a notification's buttons (its "actions" capability),
        asked once per connection; False when it cannot be asked."""
        if self._actions is None:
            from jeepney import DBusAddress, MessageType, new_method_call

            address = DBusAddress(self.PATH, bus_name=self.BUS_NAME, interface=self.BUS_NAME)
            try:
                reply = self._connection().send_and_get_reply(
                    new_method_call(address, "GetCapabilities"), timeout=self._timeout
                )
            except Exception:  # no daemon: nothing can answer
                self.close()
                return False
            ok = reply.header.message_type is not MessageType.error and bool(reply.body)
            self._actions = ok and "actions" in reply.body[0]
        return self._actions

    def fileno(self) -> int | None:
        """The socket to watch for clicks, or None before the first notification."""
        return None if self._conn is None else int(self._conn.sock.fileno())

    def notify(self, notice: Notice) -> None:
        from jeepney import DBusAddress, MessageType, new_method_call

        hints: dict[str, tuple[str, Any]] = {
            "urgency": ("y", 1),
            "desktop-entry": ("s", APP_ID),
            "category": ("s", "presence"),
        }
        if notice.icon.startswith("/"):
            hints["image-path"] = ("s", notice.icon)
        actions = (
            [
                "default",
                notice.action or notice.title,
                *(w for pair in notice.buttons for w in pair),
            ]
            if notice.tag
            else []
        )
        address = DBusAddress(self.PATH, bus_name=self.BUS_NAME, interface=self.BUS_NAME)
        message = new_method_call(
            address,
            "Notify",
            "susssasa{sv}i",
            (
                notice.app_name,
                0,
                notice.icon,
                notice.title,
                notice.body,
                actions,
                hints,
                notice.timeout_ms,
            ),
        )
        try:
            reply = self._connection().send_and_get_reply(message, timeout=self._timeout)
        except Exception as exc:  # no bus, daemon gone, timeout: reconnect next time
            self.close()
            raise NotifyError(  # not translated: for the log
                f"freedesktop: {self.BUS_NAME} is not reachable ({type(exc).__name__})"
            ) from exc
        if reply.header.message_type is MessageType.error:
            raise NotifyError(  # not translated: for the log
                f"freedesktop: the daemon answered {reply.body!r}"
            )
        self._last_id = int(reply.body[0]) if reply.body else 0
        if notice.tag:
            self._tags[self._last_id] = notice.tag
            while len(self._tags) > 50:  # old notifications cannot be clicked any more
                del self._tags[next(iter(self._tags))]

    def take_clicks(self) -> list[tuple[str, str]]:
        """(tag, action key) of our notifications clicked since the last look ("default" for
        the notification itself, else one of its buttons). Never blocks."""
        if self._conn is None or self._clicks is None:
            return []
        try:
            while True:
                self._conn.recv_messages(timeout=0)
        except TimeoutError:
            pass
        except Exception as exc:  # the bus went away: say nothing was clicked, reconnect later
            log.info("notification clicks: connection lost (%s)", type(exc).__name__)
            self.close()
            return []
        clicked = []
        while self._clicks.queue:
            notification_id, action = self._clicks.queue.popleft().body
            tag = self._tags.pop(int(notification_id), None)
            if tag:
                clicked.append((tag, str(action)))
        return clicked


class NotifierChain:
    """Tries each available notifier in order; logs failures, never raises."""

    def __init__(self, notifiers: Sequence[Notifier]) -> None:
        self._notifiers = list(notifiers)
        self.last_used: str | None = None
        self.last_answers = False

    def add(self, notifier: Notifier) -> None:
        """Append a later fallback (the UI adds the tray balloon and its own popup)."""
        self._notifiers.append(notifier)

    def click_sources(self) -> list[Any]:
        """Notifiers that can tell when one of their notifications was clicked."""
        return [
            n
            for n in self._notifiers
            if callable(getattr(n, "take_clicks", None)) and callable(getattr(n, "fileno", None))
        ]

    def report(self) -> list[tuple[str, Availability]]:
        """Each notifier with its availability, for diagnostics and the About box."""
        return [(n.name, n.availability()) for n in self._notifiers]

    def notify(self, notice: Notice) -> bool:
        """Deliver through the first notifier that works; one that can answer the notice's
        buttons goes first when it has some. `last_answers`: its buttons will answer."""
        order = self._notifiers
        if notice.buttons:
            answering = [n for n in order if _answers(n)]
            order = answering + [n for n in order if n not in answering]
        self.last_answers = False
        for notifier in order:
            availability = notifier.availability()
            if not availability.available:
                log.debug("notifier %s skipped: %s", notifier.name, availability)
                continue
            try:
                notifier.notify(notice)
            except NotifyError as exc:
                log.warning(
                    "notification via %s failed, trying the next way: %s", notifier.name, exc
                )
                continue
            except Exception:  # a bug in one notifier must not stop the reminder
                log.exception("notifier %s crashed", notifier.name)
                continue
            self.last_used = notifier.name
            self.last_answers = bool(notice.buttons) and _answers(notifier)
            log.info("notification delivered via %s: %s", notifier.name, notice.title)
            return True
        log.warning("no way to show a notification worked: %s", notice.title)
        self.last_used = None
        return False


def _answers(notifier: Notifier) -> bool:
    """Whether this notifier shows buttons and reports which was pressed."""
    ask = getattr(notifier, "answers_buttons", None)
    if not callable(ask) or not notifier.availability().available:
        return False
    try:
        return bool(ask())
    except Exception:  # asking must never stop a reminder
        log.exception("notifier %s: could not ask about buttons", notifier.name)
        return False


def for_this_system() -> list[Notifier]:
    """The OS notifiers in the order this platform prefers them."""
    return [PlyerNotifier(), FreedesktopNotifier()]
