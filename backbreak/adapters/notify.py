"""Desktop notifications: several ways to say "break time", tried in order, never raising.

Order on Linux: plyer when it has dbus-python (it then sends the app icon and reports
failures), else a correctly typed freedesktop `Notify` call; elsewhere plyer. The UI adds
the tray icon's balloon and the app's own popup as last resorts (see ui/notifiers.py).
Why not QtDBus for the freedesktop call: PySide6 cannot marshal the `u` (uint32) argument
that `Notify` requires (no typed QVariant in PySide6), and the daemon rejects an `i`.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from backbreak.adapters import Availability
from backbreak.adapters.session_bus import BusError, call

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Notice:
    """What to say. `icon` is an absolute file path (PNG/SVG) or a theme icon name."""

    title: str
    body: str
    app_name: str = "backbreak"
    icon: str = ""
    timeout_ms: int = 10_000


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
            return Availability.no("plyer is not installed")
        if sys.platform.startswith("linux"):
            if Path("/.flatpak-info").exists():
                return Availability.no("inside a Flatpak plyer builds its D-Bus call as text, "
                                       "which breaks on quotes")
            if importlib.util.find_spec("dbus") is None:
                return Availability.no("plyer would fall back to notify-send, which drops the "
                                       "icon and hides failures (dbus-python is missing)")
        return Availability.yes()

    def notify(self, notice: Notice) -> None:
        try:
            from plyer import notification

            notification.notify(title=notice.title, message=notice.body,
                                app_name=notice.app_name, app_icon=notice.icon,
                                timeout=max(1, notice.timeout_ms // 1000))
        except Exception as exc:  # plyer raises anything from NotImplementedError to OSError
            raise NotifyError(f"plyer: {exc!r}") from exc


class FreedesktopNotifier:
    """org.freedesktop.Notifications.Notify over the session bus, with explicit types."""

    name = "freedesktop"
    BUS_NAME = "org.freedesktop.Notifications"
    PATH = "/org/freedesktop/Notifications"

    def __init__(self, timeout_s: float = 2.0) -> None:
        self._timeout = timeout_s
        self._last_id = 0

    def availability(self) -> Availability:
        if not sys.platform.startswith("linux"):
            return Availability.no("the freedesktop notification service is a Linux thing")
        if importlib.util.find_spec("jeepney") is None:
            return Availability.no("the jeepney package is not installed")
        if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") and not Path(
                f"/run/user/{os.getuid()}/bus").exists():
            return Availability.no("there is no D-Bus session bus")
        return Availability.yes("D-Bus session bus")

    def notify(self, notice: Notice) -> None:
        hints: dict[str, tuple[str, Any]] = {
            "urgency": ("y", 1),
            "desktop-entry": ("s", "backbreak"),
            "category": ("s", "presence"),
        }
        if notice.icon.startswith("/"):
            hints["image-path"] = ("s", notice.icon)
        try:
            body = call(self.BUS_NAME, self.PATH, self.BUS_NAME, "Notify", "susssasa{sv}i",
                        (notice.app_name, 0, notice.icon, notice.title, notice.body, [],
                         hints, notice.timeout_ms), self._timeout)
        except BusError as exc:
            raise NotifyError(f"freedesktop: {exc}") from exc
        self._last_id = int(body[0]) if body else 0


class NotifierChain:
    """Tries each available notifier in order; logs failures, never raises."""

    def __init__(self, notifiers: Sequence[Notifier]) -> None:
        self._notifiers = list(notifiers)
        self.last_used: str | None = None

    def add(self, notifier: Notifier) -> None:
        """Append a later fallback (the UI adds the tray balloon and its own popup)."""
        self._notifiers.append(notifier)

    def report(self) -> list[tuple[str, Availability]]:
        """Each notifier with its availability, for diagnostics and the About box."""
        return [(n.name, n.availability()) for n in self._notifiers]

    def notify(self, notice: Notice) -> bool:
        for notifier in self._notifiers:
            availability = notifier.availability()
            if not availability.available:
                log.debug("notifier %s skipped: %s", notifier.name, availability)
                continue
            try:
                notifier.notify(notice)
            except NotifyError as exc:
                log.warning("notification via %s failed, trying the next way: %s",
                            notifier.name, exc)
                continue
            except Exception:  # a bug in one notifier must not stop the reminder
                log.exception("notifier %s crashed", notifier.name)
                continue
            self.last_used = notifier.name
            log.info("notification delivered via %s: %s", notifier.name, notice.title)
            return True
        log.warning("no way to show a notification worked: %s", notice.title)
        self.last_used = None
        return False


def system_notifiers() -> list[Notifier]:
    """The OS notifiers in the order this platform prefers them."""
    return [PlyerNotifier(), FreedesktopNotifier()]
