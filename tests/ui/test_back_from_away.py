"""A break that comes due while the user is away waits for them. Where the desktop says when
they are back (an X11 idle alarm, swayidle), the app sleeps until then and shows the break at
the first input; where it cannot, or while the user is busy, it looks every few seconds."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta

import pytest

from backbreak.core.events import EventKind
from tests.helpers.desk import Desk
from tests.helpers.fakes import FakeBackWatch

MIN = timedelta(minutes=1)


@pytest.fixture
def away_desk(qtbot, clock, library, notifier, settings) -> Iterator[Desk]:
    """The app with a desktop that says when the user is back, the user away since 48 min
    (two minutes: away, not yet a natural break), and the break due at 50."""
    desk = Desk(clock, library, settings, notifier=notifier, back=FakeBackWatch())
    try:
        desk.start()
        desk.run_for(48 * MIN)
        desk.idle.value = 2 * MIN
        desk.run_for(3 * MIN)
        yield desk
    finally:
        desk.close()


def test_the_break_waits_without_looking_often_and_shows_at_the_first_input(away_desk, notifier):
    desk, back = away_desk, away_desk.back
    assert notifier.sent == [] and desk.shell.state.pending is None  # waiting for the user
    assert back.armed and back.arms == 1
    assert desk.waker.poll_seconds == 60  # the heartbeat, not every 5 s
    at = desk.clock.now()
    desk.idle.value = timedelta(0)
    assert back.input()  # a key: the desktop says so, no heartbeat needed
    assert desk.clock.now() == at
    assert len(notifier.sent) == 1 and desk.shell.prompt.isVisible()
    assert desk.rows() == [EventKind.REMINDED]
    assert not back.armed


def test_a_long_absence_still_becomes_a_natural_break_and_the_watch_is_taken_down(
    away_desk, notifier
):
    desk, back = away_desk, away_desk.back
    desk.idle.value = 6 * MIN  # the heartbeat still comes, and sees the natural break
    desk.run_for(MIN)
    assert desk.rows() == [EventKind.NATURAL_BREAK]
    assert not back.armed and notifier.sent == []
    assert not back.input()  # the return after a natural break wakes nothing


def test_a_routine_started_while_the_break_waits_takes_the_watch_down(away_desk):
    desk, back = away_desk, away_desk.back
    desk.shell.start_routine_by_id("neck-release")  # from the CLI or the tray
    assert desk.rows()[-1] is EventKind.STARTED
    assert not back.armed


def test_while_busy_the_app_looks_every_few_seconds(away_desk, notifier):
    """A call or do-not-disturb ends without any input: only looking sees it end."""
    desk, back = away_desk, away_desk.back
    desk.idle.value = timedelta(0)
    desk.busy.value = True
    desk.wake()
    assert not back.armed and desk.waker.poll_seconds == 5
    desk.busy.value = False
    desk.run_for(timedelta(seconds=5))
    assert len(notifier.sent) == 1


def test_where_the_desktop_cannot_say_the_app_looks_every_few_seconds(
    qtbot, clock, library, notifier, settings
):
    desk = Desk(clock, library, settings, notifier=notifier, back=FakeBackWatch(works=False))
    try:
        desk.start()
        desk.run_for(48 * MIN)
        desk.idle.value = 2 * MIN
        desk.run_for(3 * MIN)
        assert notifier.sent == [] and desk.waker.poll_seconds == 5
        desk.idle.value = timedelta(0)
        desk.run_for(timedelta(seconds=5))
        assert len(notifier.sent) == 1
    finally:
        desk.close()


def test_swayidle_s_back_reaches_the_app_from_its_thread(qtbot, tmp_path, monkeypatch):
    from backbreak.platform.idle import wayland
    from backbreak.platform.idle.qt import BackWatch
    from tests.unit.platform.test_idle import fake_swayidle

    monkeypatch.setattr(wayland, "PLATFORM", "linux")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-1")
    go_on = tmp_path / "go-on"
    script = f"echo idle\nwhile [ ! -e {go_on} ]; do sleep 0.05; done\necho back\nexec sleep 30\n"
    monkeypatch.setenv("PATH", f"{fake_swayidle(tmp_path, script)}:/usr/bin:/bin")
    source = wayland.SwayIdle()
    watch = BackWatch(thread=source)
    try:
        assert source.availability().available
        came: list[bool] = []
        watch.on_back = lambda: came.append(True)
        assert watch.arm() and watch.armed
        qtbot.wait(200)
        assert came == []
        go_on.touch()  # the next input: swayidle says "back" on its own thread
        qtbot.waitUntil(lambda: came == [True], timeout=5_000)
        assert not watch.armed
    finally:
        watch.close()
        source.stop()


class _Socket:
    """A socket source that counts how often it was opened (availability, fileno, arm)."""

    name = "fake"

    def __init__(self, works: bool) -> None:
        self.works, self.opened = works, 0
        self._read, self._write = os.pipe()

    def label(self) -> str:
        return "a fake idle alarm"

    def availability(self):
        from backbreak.platform import Availability

        self.opened += 1
        return Availability.yes("a fake idle alarm") if self.works else Availability.no("refused")

    def fileno(self) -> int | None:
        self.opened += 1
        return self._read if self.works else None

    def arm(self) -> bool:
        return self.works

    def fired(self) -> bool:
        return False

    def disarm(self) -> None:
        pass

    def close(self) -> None:
        os.close(self._read)
        os.close(self._write)


@pytest.mark.parametrize("works", [True, False])
def test_about_names_the_back_watch_without_opening_it_until_a_break_waits(qtbot, works):
    from backbreak.platform.idle.qt import BackWatch

    source = _Socket(works)
    watch = BackWatch(socket=source)
    try:
        assert watch.describe() == "a fake idle alarm, connected when a break waits for you"
        assert source.opened == 0  # About at rest opens nothing the idle app does not hold
        assert watch.arm() is works
        expected = "available (a fake idle alarm)" if works else "not here, because refused"
        assert watch.describe() == expected  # once tried, what the connection found
    finally:
        watch.close()
    assert BackWatch().describe().startswith("not here, because this desktop does not say")
