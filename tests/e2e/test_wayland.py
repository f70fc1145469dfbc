"""End to end on a real Wayland compositor (sway, headless): the tray item registers as a
StatusNotifierItem, a break comes as a window sway manages, and dunst receives the
notification; a second launch finds the first. Idle time is not covered here: sway 1.7
offers only KDE's idle protocol, which backbreak does not speak yet."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from backbreak.core.events import EventKind
from backbreak.storage.db import read_log
from tests.e2e.desktop import QUICK_ROUTINE, wait_for
from tests.e2e.wayland import INSTALL_HINT, SwayDesktop, missing_tools

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        bool(missing_tools()),
        reason=f"needs {', '.join(missing_tools())} for a Wayland desktop ({INSTALL_HINT})",
    ),
]


@pytest.fixture
def sway(tmp_path: Path) -> Iterator[SwayDesktop]:
    with SwayDesktop(tmp_path / "desktop") as running:
        yield running


def test_on_wayland_the_tray_registers_and_a_break_comes_with_its_notification(
    sway: SwayDesktop, tmp_path: Path
):
    home = tmp_path / "profile"
    (home / "config").mkdir(parents=True)
    (home / "data" / "routines").mkdir(parents=True)
    (home / "config" / "settings.toml").write_text(
        '[schedule]\nstretch_every = "6s"\n\n[breaks]\nroutines = ["e2e-quick"]\n'
    )
    (home / "data" / "routines" / "e2e-quick.toml").write_text(QUICK_ROUTINE)
    app = subprocess.Popen(
        [sys.executable, "-m", "backbreak"],
        env=sway.env(BACKBREAK_HOME=str(home)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=home,
    )
    log = home / "logs" / "backbreak.log"

    def explain() -> str:
        said = log.read_text() if log.exists() else "(no app log)"
        return f"{said}\n{sway.logs()}"

    try:
        wait_for(lambda: "/StatusNotifierItem" in sway.tray_items(), 30, "the tray item", explain)
        wait_for(lambda: "System tray: available" in explain(), 15, "the app's report", explain)
        wait_for(
            lambda: any(t.startswith("Break time") for t in sway.window_titles()),
            30,
            "the break prompt as a sway window",
            explain,
        )
        notice = sway.wait_for_notification(lambda n: n["app_name"] == "backbreak", 15)
        assert notice["summary"] == "Time for a stretch break"
        with read_log(home / "data" / "history.sqlite3") as history:
            assert history is not None
            assert [e.kind for e in history.recent(5)] == [EventKind.REMINDED]
        # A second launch on the same desktop finds the first and exits.
        second = subprocess.run(
            [sys.executable, "-m", "backbreak"],
            env=sway.env(BACKBREAK_HOME=str(home)),
            capture_output=True,
            text=True,
            timeout=60,
            cwd=home,
        )
        assert second.returncode == 0, second.stderr
    finally:
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)
        _out, err = app.communicate(timeout=20)
        assert "Traceback" not in err, err
