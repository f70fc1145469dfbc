"""The X server says when an away user is back (platform/idle/xsync.py), on a real Xvfb with
real input from xdotool: the app can sleep through an absence instead of looking every few
seconds, and a break that waits shows at the first move."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from backbreak.platform.idle import X11Idle
from backbreak.platform.idle.qt import BackWatch, back_watch_for
from backbreak.platform.idle.xsync import XSyncBack
from tests.e2e.desktop import INSTALL_HINT, Desktop, missing_tools

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        bool(missing_tools()),
        reason=f"needs {', '.join(missing_tools())} for a real X desktop ({INSTALL_HINT})",
    ),
]


@pytest.fixture
def desktop(tmp_path: Path):
    with Desktop(tmp_path / "desktop", tray=False) as desktop:
        yield desktop


def test_the_alarm_goes_off_at_the_first_input_and_only_once(desktop):
    back = XSyncBack(desktop.display)
    try:
        assert back.availability().available, back.availability().reason
        time.sleep(0.2)  # the user is away: idle time runs
        assert back.arm()
        time.sleep(0.5)
        assert not back.fired()  # nothing moved: nothing said
        desktop.nudge()
        deadline = time.monotonic() + 10
        while not back.fired():
            assert time.monotonic() < deadline, "no alarm after real input"
            time.sleep(0.05)
        desktop.nudge()  # one-shot: the next input says nothing until armed again
        time.sleep(0.5)
        assert not back.fired()
        assert back.arm()  # and it can be armed again
    finally:
        back.close()


def test_the_watch_wakes_a_qt_app_at_the_first_input(qtbot, desktop, monkeypatch):
    monkeypatch.setenv("DISPLAY", desktop.display)
    idle = X11Idle(desktop.display)
    watch = back_watch_for(FirstSource(idle))  # type: ignore[arg-type]
    try:
        came: list[bool] = []
        watch.on_back = lambda: came.append(True)
        assert watch.arm() and watch.armed
        qtbot.wait(300)
        assert came == []
        desktop.nudge()
        qtbot.waitUntil(lambda: came == [True], timeout=10_000)
        assert not watch.armed
        idle_now = idle.idle()
        assert idle_now is not None and idle_now.total_seconds() < 10  # the user is back
    finally:
        watch.close()


def test_a_watch_disarmed_before_the_input_says_nothing(qtbot, desktop):
    watch = BackWatch(socket=XSyncBack(desktop.display))
    try:
        came: list[bool] = []
        watch.on_back = lambda: came.append(True)
        assert watch.arm()
        watch.disarm()  # the break was answered some other way (the CLI, a pause)
        desktop.nudge()
        qtbot.wait(500)
        assert came == [] and not watch.armed
    finally:
        watch.close()


def test_a_display_that_is_gone_means_looking_as_before(qtbot):
    watch = BackWatch(socket=XSyncBack(":12345"))
    assert not watch.arm()
    assert "cannot be opened" in watch.availability().reason
    assert not watch.arm()  # asked once: not again at every heartbeat
    watch.close()


class FirstSource:
    """An idle monitor whose chosen source is the given one."""

    def __init__(self, source: object) -> None:
        self.source = source
