"""Time as a dependency, so a day of schedule runs in milliseconds under test."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """Where the app reads time. Wall time is aware; monotonic time never jumps."""

    def now(self) -> datetime:
        """The current local wall-clock time, timezone-aware."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that only moves forward (it may stop during suspend)."""
        ...


class SystemClock:
    """The real clocks of the machine."""

    def now(self) -> datetime:
        return datetime.now().astimezone()

    def monotonic(self) -> float:
        return time.monotonic()
