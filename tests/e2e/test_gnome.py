"""End to end on GNOME Shell itself (headless Wayland, its AppIndicator extension, its own
notification service and idle monitor): the tray item registers, a due break reaches GNOME's
notifications, being away holds a break until the pointer moves (input through Mutter's
remote-desktop interface), and a long idle time makes a natural break."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backbreak.core.events import EventKind
from backbreak.storage.db import read_log
from tests.e2e.desktop import quick_profile, wait_for
from tests.e2e.gnome import INSTALL_HINT, GnomeDesktop, missing_tools

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        bool(missing_tools()),
        reason=f"needs {', '.join(missing_tools())} for a GNOME session ({INSTALL_HINT})",
    ),
]


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GnomeDesktop]:
    """One GNOME Shell for the module (it is the heaviest desktop here)."""
    with GnomeDesktop(tmp_path_factory.mktemp("gnome")) as running:
        yield running


@pytest.fixture
def gnome(session: GnomeDesktop) -> GnomeDesktop:
    """Nobody touches a headless session, so its idle time counts up: each test starts
    with the pointer moved, as if someone were at the desk."""
    session.nudge()
    assert session.idle_ms() < 5000
    return session


def logged(home: Path) -> list[EventKind]:
    with read_log(home / "data" / "history.sqlite3") as history:
        return [] if history is None else [e.kind for e in reversed(history.recent(20))]


def run(gnome: GnomeDesktop, home: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "backbreak"],
        env=gnome.env(BACKBREAK_HOME=str(home)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=home,
    )


def test_on_gnome_the_tray_registers_and_a_break_reaches_gnomes_notifications(
    gnome: GnomeDesktop, tmp_path: Path
):
    home = quick_profile(tmp_path, 'stretch_every = "6s"')
    log = home / "logs" / "backbreak.log"

    def explain() -> str:
        return (log.read_text() if log.exists() else "(no app log)") + gnome.logs()[-3000:]

    app = run(gnome, home)
    try:
        wait_for(lambda: "/StatusNotifierItem" in gnome.tray_items(), 30, "the tray item", explain)
        said = "System tray: available: a StatusNotifierItem (D-Bus)"
        wait_for(lambda: said in explain(), 15, "About's tray line", explain)
        assert "idle detection: available (gnome)" in explain()
        wait_for(lambda: EventKind.REMINDED in logged(home), 30, "the reminder", explain)
        wait_for(
            lambda: "notification delivered via freedesktop: Time for a stretch break" in explain(),
            15,
            "the notification delivered",
            explain,
        )
        assert "org.gnome.Shell.Notifications" in gnome.owner_command(
            "org.freedesktop.Notifications"
        )
    finally:
        app.terminate()
        app.wait(timeout=20)


def test_on_gnome_its_idle_time_makes_a_natural_break(gnome: GnomeDesktop, tmp_path: Path):
    """Nobody touches the headless session, so GNOME's idle monitor counts up from its start:
    with a natural break of 5 s, the app logs one and no reminder comes."""
    home = quick_profile(tmp_path, 'stretch_every = "20s"\nnatural_break = "5s"')
    log = home / "logs" / "backbreak.log"

    def explain() -> str:
        return log.read_text() if log.exists() else "(no app log)"

    app = run(gnome, home)
    try:
        wait_for(lambda: EventKind.NATURAL_BREAK in logged(home), 40, "a natural break", explain)
        assert EventKind.REMINDED not in logged(home)
    finally:
        app.terminate()
        app.wait(timeout=20)


def test_on_gnome_being_away_holds_a_break_until_you_are_back(gnome: GnomeDesktop, tmp_path):
    """Away counts from a minute without input (less than the 5-minute natural break): the
    break due at 70 s finds nobody there and waits; the pointer moves, and it comes."""
    home = quick_profile(tmp_path, 'stretch_every = "70s"')
    log = home / "logs" / "backbreak.log"

    def explain() -> str:
        return log.read_text() if log.exists() else "(no app log)"

    app = run(gnome, home)
    try:
        wait_for(lambda: "backbreak is ready" in explain(), 30, "the app", explain)
        time.sleep(78)  # due at 70 s, after more than a minute without input
        assert gnome.idle_ms() > 60_000
        assert EventKind.REMINDED not in logged(home), explain()
        assert "woken at their return (mutter)" in explain()  # not looking every 5 s
        gnome.nudge()  # back at the desk
        wait_for(lambda: EventKind.REMINDED in logged(home), 20, "the break once back", explain)
    finally:
        app.terminate()
        app.wait(timeout=20)


def test_on_gnome_mutter_says_when_the_user_is_back_and_only_once(
    qtbot, gnome: GnomeDesktop, monkeypatch
):
    from backbreak.platform.idle.mutter import MutterBack
    from backbreak.platform.idle.qt import BackWatch

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", gnome.bus)
    watch = BackWatch(socket=MutterBack())
    try:
        assert watch.availability().available, watch.availability().reason
        came: list[bool] = []
        watch.on_back = lambda: came.append(True)
        assert watch.arm() and watch.armed
        qtbot.wait(500)
        assert came == []  # nobody moved
        gnome.nudge()
        qtbot.waitUntil(lambda: came == [True], timeout=10_000)
        gnome.nudge()  # one-shot: nothing more until armed again
        qtbot.wait(500)
        assert came == [True] and not watch.armed
        assert watch.arm()
        watch.disarm()  # taken down: Mutter forgets it, and the next move says nothing
        gnome.nudge()
        qtbot.wait(500)
        assert came == [True]
    finally:
        watch.close()
