"""History and Settings in a process of their own: the app's side (ui/window_process.py)
with a stand-in process, the window process's side (ui/window_host.py) in this one, and the
real `backbreak open` process end to end."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from backbreak.core.settings import STRETCH_EVERY
from backbreak.platform.ipc import Reply, Request
from backbreak.storage.settings_file import save_settings
from backbreak.ui import commands
from backbreak.ui.window_host import (
    MAX_LINE,
    Requests,
    WindowHost,
    shown_alone,
    standalone_answer,
    tell_the_app,
)
from backbreak.ui.window_process import WindowProcess, window_command

ROOT = Path(__file__).resolve().parents[2]

STAND_IN = """
import os, sys
record, name, mode = sys.argv[1:4]
def note(text):
    with open(record, "a") as f:
        f.write(text + "\\n")
note(f"start {name}")
if mode == "fail":
    sys.stderr.write("no display here\\n")
    sys.exit(1)
print(f"shown {name}", flush=True)
sys.stderr.write("built the window\\n")
sys.stderr.flush()
for line in sys.stdin:
    note(f"got {line.strip()}")
    if line.strip() == "poke":
        print("settings-changed", flush=True)
note("end of input")
"""


class StandIn:
    """A process that answers as `backbreak open` does, and notes what it was told."""

    def __init__(self, tmp_path: Path, mode: str = "ok") -> None:
        self.script = tmp_path / "stand_in.py"
        self.script.write_text(STAND_IN)
        self.record = tmp_path / "record.txt"
        self.mode = mode

    def command(self, name: str) -> list[str]:
        return [sys.executable, str(self.script), str(self.record), name, self.mode]

    def notes(self) -> list[str]:
        return self.record.read_text().splitlines() if self.record.exists() else []


def visible_windows() -> list[str]:
    return [type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()]


# -- the app's side -----------------------------------------------------------------------


def test_history_and_settings_open_in_one_process_that_follows_the_app(qtbot, desk, tmp_path):
    desk.start()
    stand_in = StandIn(tmp_path)
    busy: list[bool] = []
    changed: list[str] = []
    process = WindowProcess(
        desk.shell.open_window_here, lambda: changed.append("x"), stand_in.command, busy.append
    )
    desk.shell.window_process = process

    desk.shell.menu.history_requested.emit()
    qtbot.waitUntil(lambda: busy == [True, False], timeout=10_000)  # until it said "shown"
    desk.shell.menu.settings_requested.emit()  # the same process brings it up
    qtbot.waitUntil(lambda: "got settings" in stand_in.notes(), timeout=10_000)
    assert [n for n in stand_in.notes() if n.startswith("start")] == ["start history"]
    assert desk.shell.windows_made is None  # nothing of the kind was built in the app

    desk.store.update({STRETCH_EVERY: timedelta(minutes=20)}, desk.clock.now())
    desk.shell.reminders.on_history_changed()
    qtbot.waitUntil(lambda: "got history-changed" in stand_in.notes(), timeout=10_000)
    assert "got reload" in stand_in.notes()

    process.tell("poke")  # the stand-in answers as if its settings dialog wrote the file
    qtbot.waitUntil(lambda: changed == ["x"], timeout=10_000)

    process.close()  # what quitting the app does
    qtbot.waitUntil(lambda: not process.running, timeout=10_000)
    assert stand_in.notes()[-1] == "end of input"
    assert desk.shell.windows_made is None


def test_a_window_process_that_cannot_start_opens_the_window_in_the_app(qtbot, desk, caplog):
    desk.start()
    process = WindowProcess(
        desk.shell.open_window_here, lambda: None, lambda _name: ["/nonexistent/backbreak"]
    )
    desk.shell.window_process = process
    with caplog.at_level(logging.WARNING):
        desk.shell.open_window("history")
        qtbot.waitUntil(lambda: desk.shell.windows_made is not None, timeout=10_000)
    history = desk.shell.windows.history
    assert history is not None and history.isVisible()
    assert "could not open in its own process (it could not be started" in caplog.text


def test_one_that_ends_before_showing_opens_it_in_the_app_and_its_words_are_logged(
    qtbot, desk, tmp_path, caplog
):
    desk.start()
    stand_in = StandIn(tmp_path, mode="fail")
    process = WindowProcess(desk.shell.open_window_here, lambda: None, stand_in.command)
    desk.shell.window_process = process
    with caplog.at_level(logging.INFO):
        desk.shell.open_window("settings")
        qtbot.waitUntil(lambda: desk.shell.windows_made is not None, timeout=10_000)
    dialog = desk.shell.windows.settings_dialog
    assert dialog is not None and dialog.isVisible()
    assert "window process: no display here" in caplog.text
    assert "it ended with status 1" in caplog.text


def test_backbreak_open_while_the_app_runs_opens_through_the_app(qtbot, desk):
    desk.start()
    reply = commands.handle(desk.shell, Request("open", {"window": "history"}))
    assert reply.ok and reply.text == "opening the history window"
    history = desk.shell.windows.history
    assert history is not None and history.isVisible()
    for bad in ("../history", "history\n", "x" * 300, ""):
        refused = commands.handle(desk.shell, Request("open", {"window": bad}))
        assert not refused.ok
    assert desk.shell.windows.settings_dialog is None


def test_the_window_process_is_started_as_this_installation_starts_backbreak(monkeypatch):
    assert window_command("history") == [
        sys.executable, "-m", "backbreak", "open", "history", "--from-app"
    ]  # fmt: skip
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # a PyInstaller build
    assert window_command("settings") == [sys.executable, "open", "settings", "--from-app"]


# -- the window process's side ------------------------------------------------------------


@pytest.fixture
def host(qtbot, desk):
    for widget in QApplication.topLevelWidgets():  # what earlier tests left would count
        widget.hide()
    said: list[str] = []
    ended: list[bool] = []
    from backbreak.ui.windows import Windows

    # Its own windows, as in the window process (not the desk's shell's: that themes them)
    windows = Windows(desk.clock, desk.paths, desk.store, desk.library, desk.event_log)
    made = WindowHost(windows, desk.store, desk.clock, said.append, lambda: ended.append(True))
    yield made, said, ended
    made.end()


def test_it_shows_what_the_app_asks_and_ignores_anything_else(qtbot, host, desk):
    made, said, _ended = host
    made.open("history")
    made.request("settings\n")
    qtbot.waitUntil(lambda: said == ["shown history", "shown settings"], timeout=5_000)
    assert {"HistoryWindow", "SettingsDialog"} <= set(visible_windows())
    before = list(visible_windows())
    for junk in ("x" * 1000, "\x00\x1b[2J", "history settings", "open history", "\ufffd"):
        made.request(junk)
    qtbot.wait(50)
    assert said == ["shown history", "shown settings"]
    assert visible_windows() == before


def test_shown_alone_a_later_open_brings_its_window_up_and_nothing_else_does(qtbot, host, desk):
    """With no app running, `backbreak open` shows the window itself and listens: a second
    `open` brings the window up there instead of a second Settings over the same file."""
    made, said, _ended = host
    answer = partial(standalone_answer, made.open)
    assert answer(Request("open", {"window": "settings"})).ok
    qtbot.waitUntil(lambda: said == ["shown settings"], timeout=5_000)
    assert answer(Request("open", {"window": "settings"})).ok
    qtbot.waitUntil(lambda: said == ["shown settings"] * 2, timeout=5_000)
    assert visible_windows().count("SettingsDialog") == 1
    for refused in (
        Request("status"),
        Request("open", {"window": "break"}),  # the app's word, not a window of the user's
        Request("open", {"window": "settings", "extra": "1"}),
        Request("open", {}),
        Request("quit"),
    ):
        reply = answer(refused)
        assert not reply.ok and reply.text
    qtbot.wait(50)
    assert said == ["shown settings"] * 2


def test_the_apps_process_shows_no_second_copy_of_a_window_shown_alone(qtbot, host):
    """Started alone before the app, Settings stays the one Settings: the app's window
    process has it brought up there, says it is shown (the busy cursor ends) and shows
    nothing itself. A process alone that does not say yes (none, or on its way out) leaves
    the window to open here."""
    made, said, _ended = host
    asked: list[str] = []
    made.shown_elsewhere = lambda name: asked.append(name) or True
    made.open("settings")
    qtbot.waitUntil(lambda: said == ["shown settings"], timeout=5_000)
    assert asked == ["settings"] and "SettingsDialog" not in visible_windows()
    assert shown_alone(Reply.done("")) and not shown_alone(None)
    assert not shown_alone(Reply.error("backbreak is running but did not answer in time"))


def test_settings_saved_in_a_process_alone_reach_an_app_started_since():
    reloads: list[bool] = []
    for said in ("shown settings", "settings-changed", "shown history"):
        tell_the_app(said, lambda: reloads.append(True))
    assert reloads == [True]


def test_its_settings_changes_reach_the_app_and_the_apps_reach_it(host, desk):
    made, said, _ended = host
    desk.store.update({STRETCH_EVERY: timedelta(minutes=25)}, desk.clock.now())  # its dialog
    assert said == ["settings-changed"]
    changed = desk.store.current.replace({STRETCH_EVERY: timedelta(minutes=35)})
    save_settings(desk.paths.settings_file, changed)  # the app (or `config set`) wrote it
    made.request("reload")
    assert desk.store.current[STRETCH_EVERY] == timedelta(minutes=35)
    assert said == ["settings-changed"]  # a reload is not echoed back


def test_its_windows_follow_a_new_theme_at_once(qapp, host, desk):
    from PySide6.QtGui import QPalette

    from backbreak.core.settings import THEME
    from backbreak.ui.theme import DARK

    made, _said, _ended = host
    palette, sheet = qapp.palette(), qapp.styleSheet()
    try:
        made.open("settings")
        desk.store.update({THEME: "dark"}, desk.clock.now())  # chosen in its dialog
        window = qapp.palette().color(QPalette.ColorRole.Window).name()
        assert window == DARK[QPalette.ColorRole.Window]
    finally:
        qapp.setPalette(palette)
        qapp.setStyleSheet(sheet)


def test_it_ends_when_its_last_window_closes(qtbot, host, desk):
    made, _said, ended = host
    made.open("history")
    made.open("settings")
    made.windows.history.close()  # Esc does the same
    qtbot.wait(50)
    assert ended == []  # the settings dialog is still open
    made.windows.settings_dialog.reject()
    qtbot.waitUntil(lambda: ended == [True], timeout=5_000)
    qtbot.wait(50)
    assert ended == [True]  # once


def test_it_closes_its_windows_when_the_app_goes(host, desk):
    made, _said, ended = host
    made.open("history")
    made.end()  # the app quit, or died: its pipe ended
    assert not made.windows.history.isVisible()
    assert ended == [True]


def test_requests_are_read_a_line_at_a_time_and_long_ones_are_dropped(qtbot):
    requests = Requests()
    lines: list[str] = []
    requests.line.connect(lines.append)
    stream = io.BytesIO(b"history\n" + b"x" * (MAX_LINE * 3) + b"\nsettings\n\xff\xfe\nreload")
    with qtbot.waitSignal(requests.ended, timeout=5_000):
        requests.follow(stream)
    assert lines == ["history\n", "settings\n", "\ufffd\ufffd\n", "reload"]


# -- end to end: the real process ----------------------------------------------------------


def test_backbreak_open_from_the_app_shows_answers_and_ends_with_its_input(tmp_path):
    env = {**os.environ, "BACKBREAK_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = str(ROOT)
    with subprocess.Popen(
        [sys.executable, "-m", "backbreak", "open", "settings", "--from-app"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as child:
        assert child.stdin is not None and child.stdout is not None
        try:
            assert child.stdout.readline() == b"shown settings\n"
            child.stdin.write(b"history\n")
            child.stdin.flush()
            assert child.stdout.readline() == b"shown history\n"
            child.stdin.write(b"nonsense\nreload\n")
            child.stdin.close()  # the app quit: the windows close and the process ends
            assert child.wait(timeout=60) == 0
        finally:
            if child.poll() is None:
                child.kill()
        rest, errors = child.stdout.read(), (child.stderr.read() if child.stderr else b"")
    assert rest == b""
    assert "ignored a request it does not know: 'nonsense'" in errors.decode()
    assert "Traceback" not in errors.decode()


def test_backbreak_open_names_only_its_two_windows(tmp_path):
    env = {**os.environ, "BACKBREAK_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "backbreak", "open", "logs"],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "invalid choice: 'logs'" in done.stderr.decode()
