"""Test doubles: a clock you move by hand, a notifier that remembers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone, tzinfo

from backbreak.platform import Availability
from backbreak.platform.notify import Notice, NotifyError

START = datetime(2026, 11, 24, 9, 0, tzinfo=timezone(timedelta(hours=1)))


class FakeClock:
    """Wall and monotonic time that move only when told (like a suspend when asked)."""

    def __init__(self, start: datetime = START, zone: tzinfo | None = None) -> None:
        self._now = start
        self._mono = 1000.0
        self.zone = zone
        """With a zone: like the system clock there, local time with the offset of the
        moment (+01:00 in a Berlin winter, +02:00 in summer)."""

    def now(self) -> datetime:
        if self.zone is None:
            return self._now
        local = self._now.astimezone(self.zone)
        return local.replace(tzinfo=timezone(local.utcoffset() or timedelta(0)))

    def monotonic(self) -> float:
        return self._mono

    def advance(self, delta: timedelta | float) -> None:
        if not isinstance(delta, timedelta):
            delta = timedelta(seconds=delta)
        self._now += delta
        self._mono += delta.total_seconds()

    def jump_wall(self, delta: timedelta) -> None:
        """Only the wall clock moves: a suspend, or the user changing the clock."""
        self._now += delta


class FakeNotifier:
    def __init__(self, name: str = "fake", available: bool = True, fail: bool = False) -> None:
        self.name = name
        self._available = available
        self._fail = fail
        self.sent: list[Notice] = []
        self.answers = False
        """Whether its notifications show buttons that answer (a daemon with actions)."""
        self.answering: list[bool] = []
        """For each notice sent, whether its buttons could answer."""

    def availability(self) -> Availability:
        return Availability.yes() if self._available else Availability.no("a test said so")

    def answers_buttons(self) -> bool:
        return self.answers

    def notify(self, notice: Notice) -> None:
        if self._fail:
            raise NotifyError(f"{self.name}: failing on purpose")
        self.sent.append(notice)
        self.answering.append(self.answers)


class FakeIdle:
    """An idle monitor whose idle time the test sets (None: cannot tell)."""

    def __init__(self) -> None:
        self.value: timedelta | None = timedelta(0)

    def idle(self) -> timedelta | None:
        return self.value


class FakeBackWatch:
    """The desktop's word that an away user is back (platform.idle.qt.BackWatch): the test
    gives the input; `works=False` is a desktop that cannot say (the app looks often)."""

    def __init__(self, works: bool = True) -> None:
        self.on_back: Callable[[], None] = lambda: None
        self.works = works
        self.armed = False
        self.arms = 0

    def arm(self) -> bool:
        if self.works:
            self.arms += int(not self.armed)
            self.armed = True
        return self.works

    def disarm(self) -> None:
        self.armed = False

    def input(self) -> bool:
        """A key or the mouse: the watch goes off if it was set. True if it did."""
        if not self.armed:
            return False
        self.armed = False
        self.on_back()
        return True


class FakeBusy:
    """A do-not-disturb monitor the test switches on and off."""

    def __init__(self) -> None:
        self.value = False
        self.asked = 0
        """How often the app looked (it should only look while a break is due)."""

    def busy(self) -> bool:
        self.asked += 1
        return self.value


class FakeBusySource:
    """One do-not-disturb source, as platform.busy's monitor sees it."""

    def __init__(
        self, name: str, available: bool = True, value: bool = False, explode: bool = False
    ) -> None:
        self.name, self._available, self._value, self._explode = name, available, value, explode

    def availability(self) -> Availability:
        return Availability.yes() if self._available else Availability.no("off")

    def busy(self) -> bool:
        if self._explode:
            raise RuntimeError("sensor broke")
        return self._value
