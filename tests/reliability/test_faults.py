"""Fault injection: what the user notices when the process is killed, the disk fills up,
the profile is read-only, the clock jumps, or the desktop lacks a notification daemon or a
tray. Each test checks what a user would see: nothing lost, a clear message, the app goes on.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from backbreak.core.events import EventKind, LogEntry
from backbreak.core.settings import SNOOZE, Settings
from backbreak.storage.db import open_log, read_log
from backbreak.storage.paths import AppPaths
from backbreak.storage.settings_file import load_settings
from tests.e2e.desktop import INSTALL_HINT, Desktop, missing_tools, wait_for
from tests.helpers.fakes import START, FakeClock, FakeNotifier
from tests.reliability.faults_support import (
    QUIET,
    ROUTINE_ID,
    RunningApp,
    SmallDisk,
    build_desk,
    close_messages,
    finish_note,
    messages,
    offscreen_env,
    parse_done,
    play_to_the_end,
    shell_without_history,
    small_disk,
    snapshot,
    write_profile,
)

ROOT = Path(__file__).resolve().parents[2]
MIN = timedelta(minutes=1)


@pytest.fixture
def desks(qtbot) -> Iterator[list]:
    """Desks made in a test are stopped, their windows closed and their logs closed
    afterwards (before a small disk holding the log is unmounted)."""
    made: list = []
    yield made
    for desk in made:
        desk.close()
    close_messages()


def completed_times(path: Path) -> list[datetime]:
    with read_log(path) as log:
        assert log is not None
        return [e.at for e in log.since(START - timedelta(days=1)) if e.kind is EventKind.COMPLETED]


# -- 1. SIGKILL at random moments ----------------------------------------------------------
def _read_lines(stream, into: list[str]) -> None:
    for line in stream:
        into.append(line.rstrip("\n"))


def test_sigkill_at_random_moments_loses_no_completed_break(tmp_path):
    """A break the user saw as "Done" is in the history after a SIGKILL at any moment, and
    the next start finds a healthy database (no "damaged" notice, no backup made)."""
    home = tmp_path / "profile"
    env = {
        **os.environ,
        "BACKBREAK_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
    }
    rng = random.Random(20261124)
    acknowledged: list[datetime] = []
    saves = 0
    for run in range(12):
        lines: list[str] = []
        with (tmp_path / f"child-{run}.err").open("w") as err:
            child = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.reliability.faults_support",
                    str(run * 30),
                    str(rng.randrange(1 << 30)),
                ],
                env=env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )
            assert child.stdout is not None
            reader = threading.Thread(target=_read_lines, args=(child.stdout, lines))
            reader.start()
            deadline = time.monotonic() + 30
            while "READY" not in lines and child.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            assert "READY" in lines, (tmp_path / f"child-{run}.err").read_text()[-3000:]
            time.sleep(rng.uniform(0.0, 0.7))  # somewhere in the middle of a session
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
            reader.join(timeout=30)
            child.stdout.close()
        assert child.returncode == -signal.SIGKILL
        assert not [line for line in lines if line.startswith("NOTICE")], lines
        done = [t for t in map(parse_done, lines) if t is not None]
        acknowledged += done
        saves += lines.count("SAVED")
        if done:  # what the user saw as done is there, even before the app runs again
            present = set(completed_times(home / "data" / "history.sqlite3"))
            missing = [t for t in done if t not in present]
            assert not missing, f"run {run}: {len(missing)} completed breaks lost: {missing[:3]}"

    assert len(acknowledged) >= 20, "too few breaks before the kills to prove anything"
    database = home / "data" / "history.sqlite3"
    check = sqlite3.connect(database)
    assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    check.close()
    print(f"{len(acknowledged)} completed breaks acknowledged across the kills")
    opened = open_log(database, START)  # what the app does when it starts again
    assert opened.log is not None and opened.notices == []
    assert set(acknowledged) <= {
        e.at for e in opened.log.since(START - MIN) if e.kind is EventKind.COMPLETED
    }
    opened.log.close()
    assert not list(database.parent.glob("*.corrupt-*"))
    assert saves > 0  # the settings file was rewritten too, and was never left half-done
    loaded = load_settings(home / "config" / "settings.toml", START, read_only=True)
    assert loaded.notices == [] and loaded.problems == []


# -- 2. the disk fills up --------------------------------------------------------------------
@pytest.fixture
def disk(tmp_path, monkeypatch) -> Iterator[SmallDisk]:
    """A 1 MiB disk that holds the whole profile (BACKBREAK_HOME); unmounted afterwards."""
    with small_disk(tmp_path / "disk", "1m") as mounted:
        if isinstance(mounted, str):
            pytest.skip(mounted)
        monkeypatch.setenv("BACKBREAK_HOME", str(mounted.root))
        yield mounted


def older_history(path: Path, rows: int = 20) -> None:
    """A history as schema 2 wrote it: opening it for writing means migrating it."""
    from backbreak.storage.db import MIGRATIONS

    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(f"{MIGRATIONS[0]}\n{MIGRATIONS[1]}\nPRAGMA user_version = 2;")
    conn.executemany(
        "INSERT INTO events (uid, kind, at_utc, utc_offset_minutes) VALUES (?, 'completed', ?, 60)",
        [(f"old-{i}", f"2026-11-{10 + i % 10}T09:00:00.000+00:00") for i in range(rows)],
    )
    conn.commit()
    conn.close()


def current_history(path: Path, rows: int = 20) -> None:
    log = open_log(path, START).log
    assert log is not None
    for i in range(rows):
        log.record(LogEntry(EventKind.COMPLETED, START + i * MIN, ROUTINE_ID))
    log.close()  # a clean quit: no -wal or -shm file is left


@pytest.mark.parametrize(
    "history",
    [current_history, older_history, None],
    ids=["current-schema", "older-schema", "new-profile"],
)
def test_starting_on_a_full_disk_keeps_the_history_and_says_why(disk, history):
    """Starting on a full disk must not call the history damaged and move it aside (nor
    recurse until Python gives up): it says the disk is full and leaves the file alone."""
    path = AppPaths.from_environment().database
    if history is not None:
        history(path)
    before = path.read_bytes() if path.exists() else None
    disk.fill()
    opened = open_log(path, START)
    assert opened.log is None
    [notice] = opened.notices
    assert "the disk is full" in notice and "not being logged" in notice
    assert not list(path.parent.glob("*.corrupt-*"))
    if before is not None:
        assert path.read_bytes() == before
    disk.free()  # once there is room again, the same history opens and takes new rows
    opened = open_log(path, START)
    assert opened.log is not None and opened.notices == []
    assert opened.log.count() == (0 if history is None else 20)
    opened.log.record(LogEntry(EventKind.COMPLETED, START + 30 * MIN, ROUTINE_ID))
    opened.log.close()


def test_on_a_full_disk_a_break_says_it_was_not_saved_and_nothing_is_lost(disk, desks):
    """The user is told once that the history cannot be saved (not after every break), the
    finish screen does not claim it was, the settings file stays whole when saving fails,
    and everything works again once space is freed."""
    from PySide6.QtWidgets import QDialogButtonBox

    clock = FakeClock()
    desk = build_desk(clock)
    desks.append(desk)
    paths = desk.paths
    desk.start()
    player = desk.shell.player

    def change_snooze(minutes: int) -> str:
        """In the settings dialog, as the user would: type, Apply; what it says."""
        desk.shell.windows.show_settings()
        dialog = desk.shell.windows.settings_dialog
        dialog.editor(SNOOZE).setText(f"{minutes}m")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).click()
        said = dialog.message.text() if dialog.message.isVisibleTo(dialog) else ""
        dialog.close()
        return said

    assert change_snooze(7) == ""
    saved_settings = paths.settings_file.read_text()
    assert "7m" in saved_settings

    def a_break() -> None:
        desk.shell.start_routine_by_id(ROUTINE_ID)
        play_to_the_end(player, clock)
        assert player.windowTitle().startswith("Done:")
        player.close()
        clock.advance(10 * MIN)

    for _ in range(3):
        a_break()
    assert "It is in your history" in finish_note(player)
    assert messages() == []
    kept = completed_times(paths.database)
    assert len(kept) == 3

    disk.fill()
    a_break()
    assert "could not be saved" in finish_note(player) and "disk is full" in finish_note(player)
    [told] = messages()
    assert "history" in told and "disk is full" in told
    a_break()
    assert len(messages()) == 1  # said once, not a new box after every break

    said = change_snooze(9)
    assert "settings could not be saved" in said and "No space left" in said
    assert paths.settings_file.read_text() == saved_settings  # whole, not truncated
    assert sorted(p.name for p in paths.config_dir.iterdir()) == ["settings.toml"]
    assert desk.store.current[SNOOZE] == 9 * MIN  # applies until backbreak quits
    assert desk.shell.state.rules.snooze == 9 * MIN
    assert desk.shell.reminders.next_wake() is not None  # and the app goes on planning breaks
    assert completed_times(paths.database) == kept  # nothing already logged was lost

    close_messages()
    disk.free()
    a_break()
    assert "It is in your history" in finish_note(player)
    assert completed_times(paths.database) == [*kept, clock.now() - 10 * MIN]
    assert change_snooze(11) == ""
    assert load_settings(paths.settings_file, START, read_only=True).settings[SNOOZE] == 11 * MIN
    assert messages() == []


def test_a_notification_icon_is_never_left_empty_by_a_full_disk(disk, qtbot):
    """A PNG cut short by a full disk would be reused forever: notifications without an
    icon long after the disk has room again."""
    from backbreak.ui.icons import notification_icon_file

    cache = AppPaths.from_environment().cache_dir
    cache.mkdir(parents=True)
    disk.fill()
    icon = notification_icon_file(cache)
    assert icon.endswith(".svg") and Path(icon).is_file()  # the SVG will do meanwhile
    assert not [p for p in cache.iterdir() if p.stat().st_size == 0]
    disk.free()
    icon = notification_icon_file(cache)
    assert icon.endswith(".png") and Path(icon).read_bytes().startswith(b"\x89PNG")


def test_the_app_starts_on_a_full_disk_says_so_and_still_reminds(disk, tmp_path):
    """The real app, started on a full disk with a history to migrate: it runs, says the
    disk is full, shows a reminder, and quits cleanly, leaving the history as it was."""
    home = disk.root
    write_profile(home)
    older_history(home / "data" / "history.sqlite3")
    disk.fill()
    before = snapshot(home / "data")
    app = RunningApp(offscreen_env(home), cwd=tmp_path)
    try:
        app.wait_for("notification delivered via popup")
    finally:
        status = app.stop()
    assert status == 0, app.output
    assert "the disk is full" in app.output and "not being logged" in app.output
    assert "Traceback" not in app.output
    assert app.output.count("log lines go only to the console") == 1
    after = snapshot(home / "data")
    assert after["history.sqlite3"] == before["history.sqlite3"]
    assert not [name for name in after if "corrupt" in name]


# -- 3. a read-only profile ------------------------------------------------------------------
def ordinary_user() -> list[str]:
    """A command prefix without root's power to ignore file modes (CI runs as root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root, and setpriv (util-linux) is missing to drop CAP_DAC_OVERRIDE")
    dropped = "-dac_override,-dac_read_search,-fowner"
    return [setpriv, f"--bounding-set={dropped}", f"--inh-caps={dropped}"]


@pytest.fixture
def read_only_profile(tmp_path) -> Iterator[Path]:
    """A profile with settings, a log file and three completed breaks, then made read-only
    (as on a locked-down machine, or a profile copied from a CD or another user)."""
    home = tmp_path / "profile"
    write_profile(home)
    (home / "logs").mkdir()
    (home / "logs" / "backbreak.log").write_text("earlier lines\n")
    (home / "cache").mkdir()
    current_history(home / "data" / "history.sqlite3", rows=3)
    paths = [home, *home.rglob("*")]
    for path in paths:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield home
    finally:
        for path in paths:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_read_only_profile_starts_says_history_is_not_saved_and_changes_nothing(
    read_only_profile, tmp_path
):
    """The app cannot write a thing: it still starts, says plainly that breaks are not being
    logged (and that its log file cannot be written), reminds, and quits cleanly."""
    before = snapshot(read_only_profile)
    app = RunningApp(offscreen_env(read_only_profile), prefix=ordinary_user(), cwd=tmp_path)
    try:
        app.wait_for("notification delivered via popup")
    finally:
        status = app.stop()
    assert status == 0, app.output
    assert "cannot be opened for writing" in app.output
    assert "breaks are not being logged" in app.output
    assert "log file" in app.output and "cannot be written" in app.output
    assert "Traceback" not in app.output
    assert snapshot(read_only_profile) == before


def test_the_cli_reads_a_read_only_profile(read_only_profile, tmp_path):
    """`history`, `stats` and `export` read a profile the user cannot write (SQLite cannot
    make its -shm file there); they must not call it damaged. `config set` says it could
    not write, and nothing changes."""
    before = snapshot(read_only_profile)
    env = offscreen_env(read_only_profile)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*ordinary_user(), sys.executable, "-m", "backbreak", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )

    history = cli("history")
    assert history.returncode == 0, history.stderr
    assert history.stdout.count("Completed") == 3
    stats = cli("stats")
    assert stats.returncode == 0 and "3 breaks" in stats.stdout, stats.stderr
    export = cli("export", "--format", "csv")
    assert export.returncode == 0 and export.stdout.count(',"completed",') == 3, export.stderr
    change = cli("config", "set", "schedule.snooze", "7m")
    assert change.returncode != 0
    assert "could not write" in change.stderr and "Nothing was changed" in change.stderr
    assert "Traceback" not in history.stderr + stats.stderr + export.stderr + change.stderr
    assert snapshot(read_only_profile) == before


def test_without_a_history_the_finish_screen_does_not_claim_it_was_saved(qtbot):
    """With no writable log (the notice at start said why), a finished break must not be
    reported as "in your history"."""
    clock = FakeClock()
    shell = shell_without_history(clock)
    try:
        shell.start()
        shell.start_routine_by_id(ROUTINE_ID)
        play_to_the_end(shell.player, clock)
        assert shell.player.windowTitle().startswith("Done:")
        note = finish_note(shell.player)
        assert "could not be saved" in note and "could not be opened" in note
        assert messages() == []  # the notice at start said it; no new box after each break
    finally:
        shell.waker.stop()
        shell.player.hide()
        shell.status_window.hide()
        close_messages()


# -- 4. the clock jumps ----------------------------------------------------------------------
# The waker's heartbeat compares wall and monotonic time; check_clock() is what the resume
# signal calls, and the heartbeat does the same. FakeClock.advance() moves both (time really
# passed while the app was busy or its timers late); jump_wall() moves the wall clock only
# (a suspend, or the user or NTP setting the clock).
@pytest.fixture
def timed(desks):
    """The real shell and log on fake time; its scheduler is a stand-in that never fires by
    itself, so only the fake clock (through check_clock) decides when it wakes."""

    def make(settings: Settings | None = None):
        clock = FakeClock()
        notifier = FakeNotifier()
        desk = build_desk(clock, notifier, settings)
        desks.append(desk)
        desk.start()
        return desk.shell, clock, notifier

    return make


def reminders(notifier: FakeNotifier) -> int:
    return sum(1 for n in notifier.sent if n.title == "Time for a stretch break")


def heartbeats(shell, clock: FakeClock, minutes: int) -> None:
    """Time passing normally, one heartbeat a minute."""
    for _ in range(minutes):
        clock.advance(MIN)
        shell.waker.check_clock()


def test_five_hours_late_gives_one_reminder_not_a_burst(timed):
    """Time really passed (a blocked event loop, missed timers): one reminder now, and the
    next a full interval after it is answered."""
    shell, clock, notifier = timed()
    clock.advance(5 * 60 * MIN)
    shell.waker.check_clock()
    assert reminders(notifier) == 1 and shell.prompt.isVisible()
    heartbeats(shell, clock, 3)
    assert reminders(notifier) == 1  # the open prompt is not repeated
    shell.prompt.skip_button.click()
    assert shell.reminders.next_wake() == clock.now() + 50 * MIN
    heartbeats(shell, clock, 49)
    assert reminders(notifier) == 1
    heartbeats(shell, clock, 1)
    assert reminders(notifier) == 2
    assert shell.reminders.event_log.count(EventKind.REMINDED) == 2


def test_the_wall_clock_five_hours_ahead_is_one_break_not_five(timed):
    """Only the wall clock moved (asleep, or the clock set ahead): that counts as a break
    taken, nothing stale fires, and the next reminder is a full interval later, once."""
    shell, clock, notifier = timed()
    heartbeats(shell, clock, 20)
    clock.jump_wall(5 * 60 * MIN)
    shell.waker.check_clock()
    assert reminders(notifier) == 0 and not shell.prompt.isVisible()
    assert shell.reminders.event_log.count(EventKind.SLEPT) == 1
    assert shell.reminders.next_wake() == clock.now() + 50 * MIN
    heartbeats(shell, clock, 50)
    assert reminders(notifier) == 1


def test_the_clock_set_back_three_hours_neither_repeats_nor_waits_hours(timed):
    """Three hours back: no second reminder for a break already shown, no reminder left
    waiting three hours and fifty minutes; the next one comes one interval from the new
    now, once."""
    shell, clock, notifier = timed()
    heartbeats(shell, clock, 50)
    assert reminders(notifier) == 1
    shell.prompt.skip_button.click()
    heartbeats(shell, clock, 10)
    clock.jump_wall(-3 * 60 * MIN)
    shell.waker.check_clock()
    assert reminders(notifier) == 1 and not shell.prompt.isVisible()
    assert shell.reminders.next_wake() == clock.now() + 50 * MIN
    assert shell.status_text().startswith("Next break in 50 min")
    heartbeats(shell, clock, 49)
    assert reminders(notifier) == 1
    heartbeats(shell, clock, 1)
    assert reminders(notifier) == 2


def test_the_clock_set_back_while_a_reminder_waits_does_not_repeat_it(timed):
    shell, clock, notifier = timed()
    heartbeats(shell, clock, 50)
    clock.jump_wall(-3 * 60 * MIN)
    shell.waker.check_clock()
    heartbeats(shell, clock, 2)
    assert reminders(notifier) == 1 and shell.prompt.isVisible()
    shell.prompt.snooze_button.click()
    assert shell.reminders.next_wake() == clock.now() + 5 * MIN


def office_hours() -> Settings:
    """Weekdays 09:00-17:30 in Berlin, the fake clock's +01:00 in November."""
    from backbreak.core.settings import TIMEZONE, WORKING_HOURS_ON

    return Settings().replace({**QUIET, WORKING_HOURS_ON: True, TIMEZONE: "Europe/Berlin"})


def test_asleep_overnight_with_working_hours_the_first_break_comes_next_morning(timed):
    """Tuesday 16:45 to Wednesday 09:20 (the lid closed overnight): no reminder in the
    night or at wake-up, and one a full interval into the working morning."""
    shell, clock, notifier = timed(office_hours())
    heartbeats(shell, clock, 50)  # 09:50 Tuesday
    shell.prompt.skip_button.click()
    clock.advance(timedelta(hours=6, minutes=55))  # 16:45
    shell.waker.check_clock()
    shell.prompt.skip_button.click()
    shown = reminders(notifier)
    clock.jump_wall(timedelta(hours=16, minutes=35))  # Wednesday 09:20
    shell.waker.check_clock()
    assert reminders(notifier) == shown and not shell.prompt.isVisible()
    wednesday = datetime(2026, 11, 25, 9, 20, tzinfo=START.tzinfo)
    assert clock.now() == wednesday
    assert shell.reminders.next_wake() == wednesday + 50 * MIN
    heartbeats(shell, clock, 50)
    assert reminders(notifier) == shown + 1


def test_the_clock_set_back_across_midnight_counts_from_the_new_now(timed):
    """Wednesday 09:30 set back seventeen hours to Tuesday 16:30, inside working hours: the
    next reminder comes one interval later that afternoon (not the next morning), and the
    evening after it stays quiet until work starts again."""
    shell, clock, notifier = timed(office_hours())
    clock.advance(timedelta(days=1))  # Wednesday 09:00: the one reminder that was due
    shell.waker.check_clock()
    shell.prompt.skip_button.click()
    shown = reminders(notifier)
    heartbeats(shell, clock, 30)  # 09:30; the next break would be 09:50 on Wednesday
    clock.jump_wall(timedelta(hours=-17))  # Tuesday 16:30
    shell.waker.check_clock()
    tuesday = datetime(2026, 11, 24, 16, 30, tzinfo=START.tzinfo)
    assert clock.now() == tuesday and reminders(notifier) == shown
    assert shell.reminders.next_wake() == tuesday + 50 * MIN
    heartbeats(shell, clock, 50)
    assert reminders(notifier) == shown + 1
    shell.prompt.skip_button.click()  # 17:20; the next interval would end after 17:30
    heartbeats(shell, clock, 120)
    assert reminders(notifier) == shown + 1
    assert shell.status_text().startswith("Outside working hours")
    assert shell.state.stretch.due == datetime(2026, 11, 25, 9, 50, tzinfo=START.tzinfo)


# -- 5 and 6. no notification daemon, no tray host (a real X server) --------------------------
def e2e_marks(test):
    """Marked e2e, and skipped like tests/e2e when the desktop tools are missing."""
    test = pytest.mark.skipif(
        bool(missing_tools()),
        reason=f"needs {', '.join(missing_tools())} for a real X desktop ({INSTALL_HINT})",
    )(test)
    return pytest.mark.e2e(test)


#: A session bus that can start nothing: the stock one would start dunst on demand (D-Bus
#: activation), so the daemon would not really be missing.
BARE_BUS = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class DesktopWithoutNotifications(Desktop):
    """Xvfb, a session bus that activates nothing, a tray host if asked; no daemon."""

    def _start_dunst(self) -> None:
        pass

    def _start_bus(self) -> None:
        config = self.root / "bare-bus.conf"
        config.write_text(BARE_BUS)
        proc = self._spawn(
            "dbus",
            [
                "dbus-daemon",
                f"--config-file={config}",
                "--nofork",
                "--nopidfile",
                "--print-address=1",
            ],
            env=dict(os.environ),
            stdout=subprocess.PIPE,
        )
        assert proc.stdout is not None
        self.bus = proc.stdout.readline().decode().strip()
        if not self.bus:
            raise RuntimeError(f"dbus-daemon did not start: {self.logs()}")


def notes_on_screen(desktop: Desktop) -> list[str]:
    """The app's visible windows larger than an icon and without a title of their own: the
    tray balloon or the app's own popup (the prompt and the status window have titles)."""
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--class", "backbreak"],
        capture_output=True,
        text=True,
        env=desktop.env(),
        timeout=10,
    )
    notes = []
    for window in found.stdout.split():
        info = subprocess.run(
            ["xwininfo", "-id", window],
            capture_output=True,
            text=True,
            env=desktop.env(),
            timeout=10,
        ).stdout
        name = re.search(r'Window id: \S+ "(.*)"', info)
        width = re.search(r"Width: (\d+)", info)
        if width and int(width[1]) >= 100 and (name is None or " — " not in name[1]):
            notes.append(info.splitlines()[1].strip() if len(info.splitlines()) > 1 else window)
    return notes


def run_on(desktop: Desktop, home: Path, **env: str) -> RunningApp:
    environ = desktop.env(BACKBREAK_HOME=str(home), BACKBREAK_DEBUG="1")
    environ.update(env)
    return RunningApp(environ, cwd=home)


def app_log(home: Path) -> str:
    path = home / "logs" / "backbreak.log"
    return path.read_text() if path.exists() else ""


def reminder_through(desktop: Desktop, home: Path, app: RunningApp, way: str) -> None:
    """The reminder reached the screen through `way`, and the break prompt is up."""
    app.wait_for(f"notification delivered via {way}: Time for a stretch break")
    wait_for(
        lambda: notes_on_screen(desktop),
        10,
        f"the {way} note on the screen",
        lambda: desktop.tree(),
    )
    desktop.find_window("^Break time", 10)


@pytest.mark.parametrize("bus", ["no-daemon", "no-bus"])
@e2e_marks
def test_without_a_notification_daemon_the_tray_balloon_brings_the_reminder(tmp_path, bus):
    """No notification daemon on the session bus, or no session bus at all: the reminder
    comes as the tray icon's balloon (and the prompt), the failure is logged once, and no
    traceback is printed."""
    if bus == "no-bus" and Path(f"/run/user/{os.getuid()}/bus").exists():
        pytest.skip("this machine has a session bus at the standard place")
    home = tmp_path / "profile"
    write_profile(home)
    with DesktopWithoutNotifications(tmp_path / "desktop") as desktop:
        # An empty address is "no bus" for the app, and keeps libdbus from starting one.
        extra = {"DBUS_SESSION_BUS_ADDRESS": ""} if bus == "no-bus" else {}
        app = run_on(desktop, home, **extra)
        try:
            reminder_through(desktop, home, app, "tray-message")
        finally:
            status = app.stop()
    log = app_log(home)
    assert status == 0, app.output
    assert "Traceback" not in app.output and "Traceback" not in log
    failures = log.count("notification via freedesktop failed")
    assert failures == (1 if bus == "no-daemon" else 0), log
    if bus == "no-bus":
        assert "freedesktop: not here, because there is no D-Bus session bus" in log
    assert "tray-message: available" in log  # what About reports, too


@e2e_marks
def test_without_a_tray_host_a_reminder_still_reaches_the_daemon(tmp_path):
    """No tray: the app lives in its status window (see tests/e2e), and a reminder still
    reaches the notification daemon and brings up the prompt."""
    home = tmp_path / "profile"
    write_profile(home)
    with Desktop(tmp_path / "desktop", tray=False) as desktop:
        app = run_on(desktop, home)
        try:
            desktop.find_window("^Status", 20)
            note = desktop.wait_for_notification(lambda n: n["app_name"] == "backbreak", 30)
            assert note["summary"] == "Time for a stretch break"
            desktop.find_window("^Break time", 10)
        finally:
            status = app.stop()
    assert status == 0 and "Traceback" not in app.output, app.output


@e2e_marks
def test_with_neither_tray_nor_daemon_the_apps_own_popup_brings_the_reminder(tmp_path):
    """The last way: the app's own corner popup, beside the status window and the prompt."""
    home = tmp_path / "profile"
    write_profile(home)
    with DesktopWithoutNotifications(tmp_path / "desktop", tray=False) as desktop:
        app = run_on(desktop, home)
        try:
            desktop.find_window("^Status", 20)
            reminder_through(desktop, home, app, "popup")
        finally:
            status = app.stop()
    log = app_log(home)
    assert status == 0, app.output
    assert "Traceback" not in app.output and "Traceback" not in log
    assert log.count("notification via freedesktop failed") == 1
