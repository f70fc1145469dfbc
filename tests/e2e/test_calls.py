"""Call detection for real: a PipeWire daemon started by the test, a recording client
(pw-record) on it. While it records, a due break waits; once it stops, the break comes. The
app runs offscreen: the log and the history say what happened."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backbreak.core.events import EventKind
from backbreak.storage.db import read_log
from tests.e2e.desktop import quick_profile, wait_for

NEEDED = ("pipewire", "pw-record", "pw-dump")
MISSING = [tool for tool in NEEDED if shutil.which(tool) is None]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        bool(MISSING), reason=f"needs {', '.join(MISSING)} (apt-get install pipewire-bin)"
    ),
]


@pytest.fixture
def pipewire(tmp_path: Path) -> Iterator[dict[str, str]]:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(XDG_RUNTIME_DIR=str(runtime), PIPEWIRE_RUNTIME_DIR=str(runtime))
    daemon = subprocess.Popen(
        ["pipewire"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(lambda: (runtime / "pipewire-0").exists(), 15, "the PipeWire socket")
        yield env
    finally:
        daemon.terminate()
        daemon.wait(timeout=15)


def test_a_break_due_while_recording_waits_and_comes_when_it_stops(pipewire, tmp_path):
    home = quick_profile(tmp_path, 'stretch_every = "8s"')
    log = home / "logs" / "backbreak.log"

    def explain() -> str:
        return log.read_text() if log.exists() else "(no app log)"

    def logged() -> list[EventKind]:
        with read_log(home / "data" / "history.sqlite3") as history:
            return [] if history is None else [e.kind for e in history.recent(10)]

    call = subprocess.Popen(
        ["pw-record", str(tmp_path / "call.wav")],
        env=pipewire,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    app = subprocess.Popen(
        [sys.executable, "-m", "backbreak"],
        env={**pipewire, "BACKBREAK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=home,
    )
    try:
        said = "in a call (microphone, camera or screen sharing (PipeWire)): available"
        wait_for(lambda: said in explain(), 20, "the PipeWire reader in About", explain)
        time.sleep(12)  # the break came due at 8 s, during the call
        assert EventKind.REMINDED not in logged(), explain()
        call.terminate()
        call.wait(timeout=10)
        wait_for(lambda: EventKind.REMINDED in logged(), 20, "the break after the call", explain)
    finally:
        for process in (call, app):
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=20)
