"""Helpers for the fault-injection tests: the real shell on fake time, a small disk, and
the child process that the SIGKILL test kills.

Run as a program (`python -m tests.reliability.faults_support DAY SEED`, with
BACKBREAK_HOME set), it drives break after break through the real shell, agenda and log,
printing `DONE <time>` only once the user could see "Done" for a session, and `SAVED` after
each settings save.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backbreak.core.settings import CHECKIN, SKIP_FRICTION, SNOOZE, Settings
from tests.helpers.routines import library_of, make_routine

if TYPE_CHECKING:
    from backbreak.ui.player import RoutinePlayer
    from backbreak.ui.shell import Shell
    from tests.helpers.desk import Desk
    from tests.helpers.fakes import FakeClock, FakeNotifier

ROUTINE_ID = "neck-release"
#: Check-ins and skip friction each add a dialog step; the flows here are about the log.
QUIET = {CHECKIN: False, SKIP_FRICTION: 0}


def build_desk(
    clock: FakeClock, notifier: FakeNotifier | None = None, settings: Settings | None = None
) -> Desk:
    """The app's shell as app.py builds it, minus the OS: fake time, no tray, the real log
    in the profile (BACKBREAK_HOME)."""
    from tests.helpers.desk import Desk
    from tests.helpers.fakes import FakeNotifier

    return Desk(
        clock,
        library_of(make_routine(ROUTINE_ID)),  # three played steps: left, right, one more
        settings or Settings().replace(QUIET),
        notifier=notifier or FakeNotifier(),
    )


def shell_without_history(clock: FakeClock, notifier: FakeNotifier | None = None) -> Shell:
    """The shell as app.py builds it when the history database could not be opened."""
    from backbreak.platform.notify import NotifierChain
    from backbreak.platform.zone import LocalZone
    from backbreak.storage.paths import AppPaths
    from backbreak.storage.settings_store import SettingsStore
    from backbreak.ui.shell import Shell
    from backbreak.ui.waker import SchedulerWaker
    from tests.helpers.desk import BERLIN, StandInScheduler
    from tests.helpers.fakes import FakeNotifier

    paths = AppPaths.from_environment()
    paths.ensure()
    scheduler = StandInScheduler()
    return Shell(
        clock,
        paths,
        SettingsStore(paths.settings_file, Settings().replace(QUIET)),
        library_of(make_routine(ROUTINE_ID)),  # three played steps: left, right, one more
        None,
        NotifierChain([notifier or FakeNotifier()]),
        SchedulerWaker(clock, scheduler=lambda: scheduler),
        LocalZone(BERLIN, "test", True),
        tray_available=False,
    )


def play_to_the_end(player: RoutinePlayer, clock: FakeClock) -> None:
    """Do each step for its time and press Next, as a user would."""
    state = player.state
    assert state is not None
    for step in state.steps:
        clock.advance(step.seconds)
        player.next_button.click()


def finish_note(player: RoutinePlayer) -> str:
    """What the finish screen says below "Done: …" (does the history have it?)."""
    return player.finish_page.note_label.text()


def messages() -> list[str]:
    """The texts of the message boxes the app shows right now."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    return [
        w.text()
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible()
    ]


def close_messages() -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox):
            widget.close()


# -- a small disk --------------------------------------------------------------------------
class SmallDisk:
    """A tmpfs of a few hundred KiB, to fill up on purpose."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.filler = root / "filler"

    def fill(self) -> None:
        """Write until the disk says no: every new block is now refused (ENOSPC)."""
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
        finally:
            os.close(fd)

    def free(self) -> None:
        self.filler.unlink()


def mount_small_disk(where: Path, size: str) -> str | None:
    """Mount a tmpfs at `where`; None when done, else why it cannot be done here."""
    if sys.platform != "linux":
        return "a small tmpfs disk needs Linux"
    if os.geteuid() != 0:
        return "mounting a small tmpfs disk needs root"
    where.mkdir(parents=True, exist_ok=True)
    try:
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"mount could not run: {exc}"
    if result.returncode != 0:
        return f"mounting a tmpfs is not permitted here: {result.stderr.strip()}"
    return None


def unmount(where: Path) -> None:
    result = subprocess.run(["umount", str(where)], capture_output=True, timeout=30)
    if result.returncode != 0:  # something still holds a file open: detach it anyway
        subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=30)


@contextlib.contextmanager
def small_disk(where: Path, size: str = "512k") -> Iterator[SmallDisk | str]:
    """A SmallDisk, unmounted afterwards; or the reason there can be none (to skip)."""
    problem = mount_small_disk(where, size)
    if problem is not None:
        yield problem
        return
    try:
        yield SmallDisk(where)
    finally:
        unmount(where)


# -- the child the SIGKILL test kills --------------------------------------------------------
def drive_sessions(day: int, seed: int) -> None:
    """Break after break, as fast as the log allows, until killed."""
    from PySide6.QtWidgets import QApplication

    from backbreak.storage.db import open_log
    from backbreak.storage.paths import AppPaths
    from tests.helpers.fakes import START, FakeClock

    app = QApplication([])
    rng = random.Random(seed)
    clock = FakeClock(START + timedelta(days=day))  # each run has its own times
    paths = AppPaths.from_environment()
    paths.ensure()
    # What the app says when it opens the log after the last kill (a damaged file, say).
    opened = open_log(paths.database, clock.now())
    for notice in opened.notices:
        print(f"NOTICE {notice}", flush=True)
    if opened.log is not None:
        opened.log.close()
    desk = build_desk(clock).start()
    shell = desk.shell
    print("READY", flush=True)
    while True:
        when = shell.reminders.next_wake()
        assert when is not None
        clock.advance(max(timedelta(0), when - clock.now()))
        desk.wake()  # the planned moment: a reminder and the prompt
        if not shell.prompt.isVisible():
            continue
        answer = rng.random()
        if answer < 0.7:
            shell.prompt.start_button.click()
            play_to_the_end(shell.player, clock)
            if shell.player.windowTitle().startswith("Done:"):
                print(f"DONE {clock.now().isoformat()}", flush=True)
            shell.player.close()
        elif answer < 0.8:
            shell.prompt.start_button.click()
            clock.advance(10)
            shell.player.close()  # abandoned part-way
        elif answer < 0.9:
            shell.prompt.snooze_button.click()
        else:
            shell.prompt.skip_button.click()
        if rng.random() < 0.15:  # the settings file is rewritten now and then, too
            minutes = timedelta(minutes=rng.randint(1, 30))
            assert desk.store.update({SNOOZE: minutes}, clock.now()) is None
            print("SAVED", flush=True)
        app.processEvents()


def parse_done(line: str) -> datetime | None:
    return datetime.fromisoformat(line[5:]) if line.startswith("DONE ") else None


def main(argv: list[str] | Any = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    drive_sessions(int(args[0]), int(args[1]))


if __name__ == "__main__":
    main()


# -- the real app as a subprocess, without a display (QT_QPA_PLATFORM=offscreen) --------------
class RunningApp:
    """`python -m backbreak` with its console output collected line by line."""

    def __init__(
        self, env: dict[str, str], prefix: list[str] | None = None, cwd: Path | None = None
    ) -> None:
        import threading

        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [*(prefix or []), sys.executable, "-m", "backbreak"],
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.process.stdout is not None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, text: str, timeout: float = 30) -> None:
        import time

        deadline = time.monotonic() + timeout
        while text not in self.output:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the app never said {text!r}; it said:\n{self.output}")
            time.sleep(0.05)

    def stop(self) -> int:
        """SIGTERM (a clean quit) and the exit status."""
        import signal

        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            status = self.process.wait(timeout=20)
        self._reader.join(timeout=10)
        assert self.process.stdout is not None
        self.process.stdout.close()
        return status


def offscreen_env(home: Path) -> dict[str, str]:
    """No display, no session bus: the app talks through its own windows only."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
    }
    env.update(
        BACKBREAK_HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        BACKBREAK_DEBUG="1",
        QT_LOGGING_RULES="qt.qpa.*=false",
    )
    return env


def write_profile(home: Path, stretch_every: str = "5s") -> None:
    """Settings that bring a reminder within seconds (5 s is the shortest allowed)."""
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "settings.toml").write_text(
        f'[schedule]\nstretch_every = "{stretch_every}"\n'
    )


def snapshot(root: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every file and folder under `root`: its mode and, for files, its bytes."""
    found: dict[str, tuple[int, bytes | None]] = {}
    for path in sorted(root.rglob("*")):
        mode = path.stat().st_mode
        found[str(path.relative_to(root))] = (mode, None if path.is_dir() else path.read_bytes())
    return found
