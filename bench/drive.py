"""Driving backbreak as a person would, with xdotool on the real X desktop (day.py, hour.py).

Every wait has a time-out and says what it waited for; `Steps` names the step that failed,
so a broken scenario says where it broke instead of hanging.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.desktop import Desktop, wait_for  # noqa: E402

#: Keys reach the prompt only after it has been up a second (a guard against typing).
PROMPT_GUARD_S = 1.1
#: Down presses from the top of the tray menu: the status line is disabled and skipped, then
#: "Start a break now", "Pause reminders", "I'm in a meeting", "History", "Settings…".
MENU_DOWNS = {"History": 4, "Settings": 5}


class StepError(RuntimeError):
    """A step of a scenario did not happen: the message names the step and why."""


class Steps:
    """Times each named step; the first that fails ends the scenario with its name."""

    def __init__(self, verbose: bool = True) -> None:
        self.done: list[dict[str, object]] = []
        self.verbose = verbose
        self._start = time.monotonic()

    @contextmanager
    def step(self, name: str, explain: Callable[[], str] | None = None) -> Iterator[None]:
        """`explain`: read on failure only (the app's log, the daemons' logs)."""
        began = time.monotonic()
        if self.verbose:
            print(f"  [{began - self._start:6.1f} s] {name} ...", flush=True)
        try:
            yield
        except Exception as exc:  # any failure is reported with its step
            more = explain() if explain is not None else ""
            raise StepError(f"step '{name}' failed: {exc}\n{more}".rstrip()) from exc
        self.done.append({"step": name, "seconds": round(time.monotonic() - began, 1)})


def visible(desktop: Desktop, name_regex: str) -> bool:
    return bool(desktop.windows_named(name_regex))


def wait_gone(desktop: Desktop, name_regex: str, what: str, timeout: float = 10) -> None:
    wait_for(lambda: not visible(desktop, name_regex), timeout, what)


def open_windows(desktop: Desktop) -> list[str]:
    """Titles of backbreak's visible windows, the tray icon (named "backbreak") left out."""
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--class", "backbreak"],
        capture_output=True,
        text=True,
        env=desktop.env(),
        timeout=10,
    )
    titles = []
    for window in found.stdout.split():
        name = subprocess.run(
            ["xdotool", "getwindowname", window],
            capture_output=True,
            text=True,
            env=desktop.env(),
            timeout=10,
        ).stdout.strip()
        if name and name != "backbreak":
            titles.append(name)
    return titles


def answer_prompt(desktop: Desktop, timeout: float, key: str = "Return") -> None:
    """Wait for the break prompt and answer it (Return is Start, its default button)."""
    prompt = desktop.find_window("^Break time", timeout)
    time.sleep(PROMPT_GUARD_S)
    desktop.press(prompt, key)
    wait_gone(desktop, "^Break time", "the prompt to close after the answer")


def finish(desktop: Desktop, title: str, timeout: float, feel: bool = True) -> None:
    """On the finish page "Done: <title>": say how it felt (Alt+B, Better), then close (Esc)."""
    done = desktop.find_window(f"^Done: {re.escape(title)}", timeout)
    time.sleep(0.3)
    if feel:
        desktop.press(done, "alt+b")
        time.sleep(0.3)
    desktop.press(done, "Escape")
    wait_gone(desktop, f"^Done: {re.escape(title)}", "the Done window to close")


def open_from_tray_menu(desktop: Desktop, item: str, timeout: float = 15) -> str:
    """Choose `item` in the tray icon's menu; the id of the window it opens (titled `item`)."""
    desktop.choose_in_tray_menu("backbreak", MENU_DOWNS[item])
    try:
        return desktop.find_window(f"^{item}", timeout)
    except AssertionError as exc:
        xdotool(desktop, "key", "Escape")  # close the menu if it is still up
        raise RuntimeError(
            f"the tray menu's {item} did not open a window titled {item!r} (has the menu's "
            f"order changed? see MENU_DOWNS in bench/drive.py): {exc}"
        ) from None


def xdotool(desktop: Desktop, *args: str) -> None:
    subprocess.run(["xdotool", *args], env=desktop.env(), check=True, timeout=15)


def cli(desktop: Desktop, home: Path, *args: str, timeout: float = 30) -> str:
    """`backbreak ARGS` against the running app (same BACKBREAK_HOME); its output."""
    done = subprocess.run(
        [sys.executable, "-m", "backbreak", *args],
        env=desktop.env(BACKBREAK_HOME=str(home)),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"backbreak {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def logged(home: Path) -> dict[str, int]:
    """Rows of the history by kind (reminded, started, completed, …)."""
    path = home / "data" / "history.sqlite3"
    if not path.exists():
        return {}
    database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(database.execute("SELECT kind, count(*) FROM events GROUP BY kind"))
    finally:
        database.close()


def completed_rows(home: Path) -> list[tuple[str, int | None, int | None, str | None]]:
    """Each completed break: routine id, check-in before and after, and the detail ("felt
    better"), oldest first: what the scenario answered must be in the log."""
    path = home / "data" / "history.sqlite3"
    database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(
            database.execute(
                "SELECT routine_id, checkin_before, checkin_after, detail FROM events "
                "WHERE kind = 'completed' ORDER BY rowid"
            )
        )
    finally:
        database.close()


def app_log(home: Path, tail: int = 2000) -> str:
    log = home / "logs" / "backbreak.log"
    return "app log:\n" + log.read_text(errors="replace")[-tail:] if log.exists() else ""
