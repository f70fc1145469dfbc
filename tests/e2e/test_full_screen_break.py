"""A full-screen strict break on a real X server with two monitors (two X screens, which Qt
sees as two QScreens) at 150 % scale: every screen is covered, the break's window is on top
of its cover where the user sees it, Esc does not get out, and the emergency exit does and
is logged."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from backbreak.core.events import EventKind
from backbreak.storage.db import read_log
from tests.e2e.desktop import INSTALL_HINT, Desktop, missing_tools, quick_profile, wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        bool(missing_tools()),
        reason=f"needs {', '.join(missing_tools())} for a real X desktop ({INSTALL_HINT})",
    ),
]

COVER = (0x14, 0x20, 0x2A)  # break_cover.COVER_STYLE's background


def pixels(desktop: Desktop, screen: int, path: Path, *points: tuple[int, int]) -> list[tuple]:
    """The colours at `points` of X screen `screen`, as the user sees them."""
    from PySide6.QtGui import QImage

    subprocess.run(
        ["import", "-window", "root", str(path)],
        env=desktop.env(DISPLAY=f"{desktop.display}.{screen}"),
        check=True,
        timeout=30,
    )
    image = QImage(str(path))
    assert not image.isNull(), path
    return [image.pixelColor(x, y).getRgb()[:3] for x, y in points]


def windows(desktop: Desktop, screen: int, name: str) -> list[str]:
    result = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", name],
        capture_output=True,
        text=True,
        env=desktop.env(DISPLAY=f"{desktop.display}.{screen}"),
        timeout=10,
    )
    return result.stdout.split()


def geometry(desktop: Desktop, window: str) -> tuple[int, int, int, int]:
    out = subprocess.run(
        ["xdotool", "getwindowgeometry", "--shell", window],
        capture_output=True,
        text=True,
        env=desktop.env(),
        check=True,
        timeout=10,
    ).stdout
    values = dict(line.split("=", 1) for line in out.split())
    return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])


def test_a_strict_full_screen_break_covers_both_monitors_and_only_the_emergency_exit_leaves(
    tmp_path: Path,
):
    home = quick_profile(
        tmp_path,
        'stretch_every = "5s"',
        '\n[break_screen]\nfull_screen = true\nstrictness = "strict"\n',
    )
    with Desktop(tmp_path / "desktop", screens=("1366x768", "1280x1024")) as desktop:
        app = subprocess.Popen(
            [sys.executable, "-m", "backbreak"],
            env=desktop.env(BACKBREAK_HOME=str(home), QT_SCALE_FACTOR="1.5"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=home,
        )
        try:
            prompt = desktop.find_window("^Break time", 30)
            for screen in (0, 1):
                wait_for(
                    lambda s=screen: windows(desktop, s, "^Break cover$"),
                    10,
                    f"a cover on screen {screen}",
                    desktop.logs,
                )
            time.sleep(1.5)  # painted; and keys count once the prompt's grace is over
            x, y, width, height = geometry(desktop, prompt)
            middle = (x + width // 2, y + height // 2)
            assert abs(middle[0] - 683) < 40 and abs(middle[1] - 384) < 60, middle
            edge, seen = pixels(desktop, 0, tmp_path / "s0.png", (8, 760), middle)
            assert edge == COVER and seen != COVER  # the prompt is above its cover
            (other,) = pixels(desktop, 1, tmp_path / "s1.png", (640, 900))
            assert other == COVER

            desktop.press(prompt, "Escape")
            time.sleep(1)
            assert desktop.find_window("^Break time", 2) == prompt  # Esc does not get out

            def logged() -> list[tuple[EventKind, str | None]]:
                with read_log(home / "data" / "history.sqlite3") as log:
                    if log is None:
                        return []
                    return [(e.kind, e.detail) for e in reversed(log.recent(10))]

            assert logged() == [(EventKind.REMINDED, None)]
            desktop.press(prompt, "alt+e")
            wait_for(
                lambda: (EventKind.SKIPPED, "emergency exit") in logged(),
                15,
                "the emergency exit in the log",
                desktop.logs,
            )
            wait_for(
                lambda: (
                    not windows(desktop, 0, "^Break cover$")
                    and not windows(desktop, 1, "^Break cover$")
                ),
                10,
                "the covers to go",
                desktop.logs,
            )
        finally:
            app.kill()
            app.wait(timeout=15)
