"""Fault injection: what the user notices when the process is killed, the disk fills up,
the profile is read-only, the clock jumps, or the desktop lacks a notification daemon or a
tray. Each test checks what a user would see: nothing lost, a clear message, the app goes on.
"""

from __future__ import annotations

import os
import random
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

from backbreak.core.history import EventKind
from backbreak.storage.db import open_log, read_log
from backbreak.storage.settings_file import load_settings
from tests.helpers.fakes import START
from tests.reliability.faults_support import (
    close_messages,
    parse_done,
)

ROOT = Path(__file__).resolve().parents[2]
MIN = timedelta(minutes=1)


@pytest.fixture
def controllers(qtbot) -> Iterator[list]:
    """Controllers made in a test are stopped and their windows closed afterwards."""
    made: list = []
    yield made
    for ctl in made:
        ctl.driver.stop()
        for window in (ctl._prompt, ctl._player, ctl.status_window):
            if window is not None:
                window.hide()
    close_messages()


def completed_times(path: Path) -> list[datetime]:
    with read_log(path) as log:
        assert log is not None
        return [e.at for e in log.since(START - timedelta(days=1))
                if e.kind is EventKind.COMPLETED]


# -- 1. SIGKILL at random moments ----------------------------------------------------------
def _read_lines(stream, into: list[str]) -> None:
    for line in stream:
        into.append(line.rstrip("\n"))


def test_sigkill_at_random_moments_loses_no_completed_break(tmp_path):
    """A break the user saw as "Done" is in the history after a SIGKILL at any moment, and
    the next start finds a healthy database (no "damaged" notice, no backup made)."""
    home = tmp_path / "profile"
    env = {**os.environ, "BACKBREAK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(ROOT)}
    rng = random.Random(20261124)
    acknowledged: list[datetime] = []
    saves = 0
    for run in range(12):
        lines: list[str] = []
        with (tmp_path / f"child-{run}.err").open("w") as err:
            child = subprocess.Popen(
                [sys.executable, "-m", "tests.reliability.faults_support", str(run * 30),
                 str(rng.randrange(1 << 30))],
                env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True)
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
        assert done, f"run {run} completed nothing before the kill; give it more time"
        acknowledged += done
        saves += lines.count("SAVED")
        # What the user saw as done is there, even before the app runs again.
        present = set(completed_times(home / "data" / "history.sqlite3"))
        missing = [t for t in done if t not in present]
        assert not missing, f"run {run}: {len(missing)} completed breaks lost: {missing[:3]}"

    database = home / "data" / "history.sqlite3"
    check = sqlite3.connect(database)
    assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    check.close()
    opened = open_log(database, START)  # what the app does when it starts again
    assert opened.log is not None and opened.notices == []
    assert set(acknowledged) <= {e.at for e in opened.log.since(START - MIN)
                                 if e.kind is EventKind.COMPLETED}
    opened.log.close()
    assert not list(database.parent.glob("*.corrupt-*"))
    assert saves > 0  # the settings file was rewritten too, and was never left half-done
    loaded = load_settings(home / "config" / "settings.toml", START, read_only=True)
    assert loaded.notices == [] and loaded.problems == []

