"""Resume from suspend, as logind announces it on the system bus (PrepareForSleep).

Where there is no logind (or no system bus) the waker's heartbeat, which compares wall and
monotonic time, still notices the jump; this only makes the answer immediate.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection

from backbreak.platform import Availability

log = logging.getLogger(__name__)

LOGIN1_PATH = "/org/freedesktop/login1"
LOGIN1_MANAGER = "org.freedesktop.login1.Manager"


class SleepWatcher(QObject):
    resumed = Signal()
    """The computer woke from suspend (going to sleep needs nothing: the clock check sees
    the gap when it wakes)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._why_not = ""
        if not sys.platform.startswith("linux"):
            self._why_not = "logind is a Linux service"
            return
        bus = QDBusConnection.systemBus()
        if not bus.isConnected():
            self._why_not = "there is no system bus to hear logind on"
            return
        # Any sender: logind owns the name on a real system; tests send from their own bus.
        # The stubs ask for bytes here, but PySide6 raises ValueError on bytes: a str works.
        if not bus.connect(  # type: ignore[call-overload]
            "", LOGIN1_PATH, LOGIN1_MANAGER, "PrepareForSleep", self, "1on_prepare_for_sleep(bool)"
        ):
            self._why_not = f"could not listen to logind ({bus.lastError().message()})"

    def availability(self) -> Availability:
        return (
            Availability.no(self._why_not)
            if self._why_not
            else Availability.yes("logind PrepareForSleep")
        )

    @Slot(bool)
    def on_prepare_for_sleep(self, going_to_sleep: bool) -> None:
        log.info("logind: %s", "going to sleep" if going_to_sleep else "resumed")
        if not going_to_sleep:
            self.resumed.emit()
