"""A break's prompt and player in the window process: the app's side (ui/break_remote.py)
through the real shell, engine and log with a stand-in process that speaks the wire; the
process's side (ui/break_host.py) with real widgets in this one; and the real `backbreak
open break --from-app` process. Every way the process goes ends in a state the log and the
tray agree on."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from backbreak.core.events import EventKind
from backbreak.core.settings import CHECKIN
from backbreak.core.strictness import BreakMode
from backbreak.platform.ipc import window_wire as wire
from backbreak.storage.db import open_log
from backbreak.ui.break_host import BreakHost
from backbreak.ui.break_remote import RemotePlayer, RemotePrompt
from backbreak.ui.player import Page
from backbreak.ui.window_process import WindowProcess
from tests.ui.test_break_flow import long_routine

ROOT = Path(__file__).resolve().parents[2]
MIN = timedelta(minutes=1)

STAND_IN = r"""
import json, os, sys
record, mode = sys.argv[1], sys.argv[2]
def note(text):
    with open(record, "a") as f:
        f.write(text + "\n")
def say(kind, **fields):
    print(json.dumps({"kind": kind, **fields}), flush=True)
END = {"completed": False, "steps_done": 0, "steps_total": 3, "elapsed": 5.0,
       "spent": 5.0, "planned": 55.0, "escaped": False}
note("start")
playing = False
for line in sys.stdin:
    note(line.strip())
    if not line.startswith("{"):  # "history-changed", "reload": not about the break
        continue
    message = json.loads(line)
    kind = message["kind"]
    if kind == "prompt":
        if mode == "die-at-prompt":
            sys.exit(3)
        say("showing", prompt=True, player=False)
        if mode != "slow":
            say("answered", answer="start")
            say("showing", prompt=False, player=False)
    elif kind == "play":
        session = message["session"]
        if mode == "leave-once" and not os.path.exists(record + ".left"):
            open(record + ".left", "w").close()  # it was on its way out as the routine came
            sys.exit(0)
        if mode == "red-flag":  # a yes to the red-flag question on the check-in before
            say("red-flag", before=True, session=session)
            say("cancelled", session=session)
            say("showing", prompt=False, player=True)
            continue
        playing = True
        say("began", checkin=None, session=session)
        say("showing", prompt=False, player=True)
        say("step", index=0, session=session)
        say("left", title="Chin tuck", step=20.0, total=55.0, running=True, session=session)
        if mode == "die-at-step":
            sys.exit(3)
        if mode in ("ok", "die-at-prompt", "leave-once"):
            say("step", index=1, session=session)
            say("step", index=2, session=session)
            end = {**END, "completed": True, "steps_done": 3, "elapsed": 55.0}
            say("ended", end=end, session=session)
            playing = False
    elif kind == "stop" and playing:
        say("ended", end=END, session=session)
        playing = False
    elif kind == "finish":
        say("showing", prompt=False, player=False)
note("end of input")
"""


class StandIn:
    def __init__(self, tmp_path: Path, mode: str = "ok") -> None:
        self.script = tmp_path / "break_stand_in.py"
        self.script.write_text(STAND_IN)
        self.record = tmp_path / "break_record.txt"
        self.mode = mode

    def command(self, _name: str) -> list[str]:
        return [sys.executable, str(self.script), str(self.record), self.mode]

    def notes(self) -> list[str]:
        return self.record.read_text().splitlines() if self.record.exists() else []

    def told(self, kind: str) -> list[dict[str, object]]:
        found = []
        for note in self.notes():
            if note.startswith("{") and json.loads(note)["kind"] == kind:
                found.append(json.loads(note))
        return found


@pytest.fixture
def with_process(qtbot):
    """Give a desk's shell a window process; each is ended with the test (a QProcess still
    running when Qt deletes it would be a warning in some later test)."""
    made: list[WindowProcess] = []

    def give(desk, command) -> WindowProcess:
        process = WindowProcess(desk.shell.open_window_here, lambda: None, command)
        desk.shell.window_process = process
        made.append(process)
        return process

    yield give
    for process in made:
        process.close()
        qtbot.waitUntil(lambda p=process: not p.running, timeout=10_000)


def nothing_built_here(desk) -> bool:
    """The break's windows were not made in the app: the shell has only stand-ins."""
    prompt, player = desk.shell.built().prompt, desk.shell.built().player
    return all(
        isinstance(w, RemotePrompt | RemotePlayer) and w.local is None
        for w in (prompt, player)
        if w is not None
    )


# -- the app's side ------------------------------------------------------------------------


def test_a_due_break_asks_and_plays_in_the_process_and_the_app_logs_it(
    qtbot, with_process, desk, tmp_path
):
    stand_in = StandIn(tmp_path)
    process = with_process(desk, stand_in.command)
    desk.start()
    desk.run_for(50 * MIN)
    assert isinstance(desk.shell.built().prompt, RemotePrompt)
    rows = [EventKind.REMINDED, EventKind.STARTED, EventKind.COMPLETED]
    qtbot.waitUntil(lambda: desk.rows() == rows, timeout=15_000)
    qtbot.waitUntil(lambda: bool(stand_in.told("finish")), timeout=10_000)
    finish = stand_in.told("finish")[0]
    assert finish["problem"] is None
    assert "Today: 1 of 6 breaks" in finish["details"]  # counted after the log had it
    [prompt] = stand_in.told("prompt")
    assert prompt["routine"] == "neck-release" and prompt["window"] is True
    [play] = stand_in.told("play")
    assert play["mode"] is None  # skippable breaks (the default) are not held
    assert nothing_built_here(desk)
    assert desk.shell.status_text().startswith("Next break in 50 min")
    process.close()
    qtbot.waitUntil(lambda: not process.running, timeout=10_000)


def test_a_red_flag_yes_in_the_process_is_logged_and_the_break_counts_as_taken(
    qtbot, with_process, desk, tmp_path
):
    stand_in = StandIn(tmp_path, "red-flag")
    with_process(desk, stand_in.command)
    desk.start()
    desk.run_for(50 * MIN)
    rows = [EventKind.REMINDED, EventKind.RED_FLAG]
    qtbot.waitUntil(lambda: desk.rows() == rows, timeout=15_000)
    assert desk.event_log.recent(1)[0].detail == "before the routine"
    qtbot.waitUntil(lambda: desk.shell.state.session is None, timeout=10_000)
    assert desk.shell.state.pending is None  # the prompt does not come back for it
    assert desk.shell.status_text().startswith("Next break in 50 min")
    assert nothing_built_here(desk)


def test_the_tray_follows_a_routine_playing_in_the_process(qtbot, with_process, desk, tmp_path):
    stand_in = StandIn(tmp_path, mode="slow")
    process = with_process(desk, stand_in.command)
    desk.start()
    desk.shell.start_routine_by_id("neck-release")
    qtbot.waitUntil(lambda: desk.rows() == [EventKind.STARTED], timeout=15_000)
    player = desk.shell.built().player
    assert isinstance(player, RemotePlayer)
    qtbot.waitUntil(lambda: desk.shell.session_left() is not None, timeout=10_000)
    title, step, total = desk.shell.session_left()
    assert title == "Chin tuck" and step <= timedelta(seconds=20) and total <= 55 * MIN / 60
    desk.clock.advance(5)  # told once: the app counts down by itself, not woken each second
    assert desk.shell.session_left() == (title, step - 5 * MIN / 60, total - 5 * MIN / 60)
    assert player.isVisible()
    desk.shell.start_routine_by_id("upper-back-reset")  # another from the tray: stop, play
    qtbot.waitUntil(lambda: len(stand_in.told("play")) == 2, timeout=10_000)
    assert desk.rows()[:2] == [EventKind.STARTED, EventKind.ABANDONED]  # the first, at once
    rows = [EventKind.STARTED, EventKind.ABANDONED, EventKind.STARTED]
    qtbot.waitUntil(lambda: desk.rows() == rows, timeout=10_000)  # once the process began it
    assert stand_in.told("play")[1]["routine"] == "upper-back-reset"
    process.close()
    qtbot.waitUntil(lambda: not process.running, timeout=10_000)


def test_quitting_while_a_routine_plays_there_logs_how_it_ended(
    qtbot, with_process, desk, tmp_path, monkeypatch
):
    stand_in = StandIn(tmp_path, mode="slow")
    process = with_process(desk, stand_in.command)
    monkeypatch.setattr(QApplication, "exit", lambda *_a: None)
    desk.start()
    desk.shell.start_routine_by_id("neck-release")
    qtbot.waitUntil(lambda: desk.rows() == [EventKind.STARTED], timeout=15_000)
    desk.shell.quit(ask=False)  # waits for the outcome before it goes
    qtbot.waitUntil(lambda: not process.running, timeout=10_000)
    opened = open_log(desk.paths.database, desk.clock.now())  # quitting closed the app's
    assert opened.log is not None
    try:
        assert [e.kind for e in opened.log.recent(5)] == [EventKind.ABANDONED, EventKind.STARTED]
    finally:
        opened.log.close()


def test_a_process_that_dies_while_the_break_asks_leaves_the_prompt_in_the_app(
    qtbot, with_process, desk, tmp_path, caplog
):
    stand_in = StandIn(tmp_path, mode="die-at-prompt")
    with_process(desk, stand_in.command)
    desk.start()
    with caplog.at_level(logging.WARNING):
        desk.run_for(50 * MIN)
        prompt = desk.shell.built().prompt
        qtbot.waitUntil(lambda: prompt.local is not None, timeout=15_000)
    assert prompt.local.isVisible() and prompt.isVisible()
    assert "the window process ended while the break asked" in caplog.text
    prompt.local.snooze_button.click()  # the break is still answered as usual
    assert desk.rows() == [EventKind.REMINDED, EventKind.SNOOZED]
    assert not prompt.local.isVisible() and not prompt.asking


def test_a_process_that_ends_as_a_routine_comes_is_started_again_for_it(
    qtbot, with_process, desk, tmp_path, caplog
):
    stand_in = StandIn(tmp_path, mode="leave-once")
    process = with_process(desk, stand_in.command)
    desk.start()
    with caplog.at_level(logging.INFO):
        desk.shell.start_routine_by_id("neck-release")
        rows = [EventKind.STARTED, EventKind.COMPLETED]
        qtbot.waitUntil(lambda: desk.rows() == rows, timeout=15_000)
    assert [n for n in stand_in.notes() if n == "start"] == ["start", "start"]
    assert "the window process ended as the routine came: played again" in caplog.text
    assert nothing_built_here(desk)
    process.close()
    qtbot.waitUntil(lambda: not process.running, timeout=10_000)


def test_a_process_that_dies_while_a_routine_plays_logs_it_as_stopped(
    qtbot, with_process, desk, tmp_path
):
    stand_in = StandIn(tmp_path, mode="die-at-step")
    with_process(desk, stand_in.command)
    desk.start()
    desk.shell.start_routine_by_id("neck-release")
    rows = [EventKind.STARTED, EventKind.ABANDONED]
    qtbot.waitUntil(lambda: desk.rows() == rows, timeout=15_000)
    assert desk.shell.state.session is None
    assert desk.shell.session_left() is None
    assert nothing_built_here(desk)  # not started again here: it was stopped


def test_where_the_process_cannot_start_every_break_shows_in_the_app(
    qtbot, with_process, desk, caplog
):
    process = with_process(desk, lambda _name: ["/nonexistent/backbreak"])
    desk.start()
    with caplog.at_level(logging.WARNING):
        desk.run_for(50 * MIN)
        prompt = desk.shell.built().prompt
        qtbot.waitUntil(lambda: prompt.local is not None, timeout=15_000)
    assert process.broken and prompt.local.isVisible()
    prompt.local.start_button.click()
    player = desk.shell.built().player  # made here from the start: the process is broken
    assert type(player).__name__ == "RoutinePlayer" and player.isVisible()
    assert desk.rows() == [EventKind.REMINDED, EventKind.STARTED]
    player.stop()
    assert desk.rows()[-1] == EventKind.ABANDONED
    desk.run_for(50 * MIN)
    assert type(desk.shell.built().prompt).__name__ == "BreakPrompt"  # no more tries


# -- the process's side ---------------------------------------------------------------------


@pytest.fixture
def breaks(qtbot, desk):
    for widget in QApplication.topLevelWidgets():
        widget.hide()
    said: list[dict[str, object]] = []
    safety: list[bool] = []
    desk.store.update({CHECKIN: False}, desk.clock.now())

    def say(line: str) -> None:
        decoded = wire.decode(line, wire.ANSWERS)
        assert decoded is not None, line
        said.append({"kind": decoded[0], **decoded[1]})

    host = BreakHost(desk.clock, desk.library, desk.store, say, lambda: safety.append(True))
    yield host, said
    host.close()


def kinds(said: list[dict[str, object]]) -> list[object]:
    return [m["kind"] for m in said]


def prompt_request(routine: str = "neck-release", window: bool = True) -> dict[str, object]:
    return {
        "routine": routine,
        "minutes": 5.0,
        "left": 2,
        "confirm_skip": False,
        "window": window,
        "mode": wire.mode_fields(BreakMode()),
    }


def test_the_host_shows_the_prompt_and_tells_the_answer(qtbot, breaks):
    host, said = breaks
    host.request(wire.PROMPT, prompt_request())
    assert host.prompt.isVisible() and host.active()
    assert said == [{"kind": "showing", "prompt": True, "player": False}]
    host.prompt.start_button.click()
    assert {"kind": "answered", "answer": "start"} in said
    assert not host.active()


def test_the_host_plays_tells_each_step_and_the_outcome(qtbot, breaks, desk):
    host, said = breaks
    host.request(wire.PLAY, {"routine": "neck-release", "mode": None, "session": 1})
    player = host.player
    assert player.isVisible() and host.active()
    assert kinds(said)[:3] == ["began", "left", "showing"]
    for _ in range(3):
        desk.clock.advance(21)
        player.findChild(QTimer, "sessionTimer").timeout.emit()
    assert player.page is Page.FINISH
    assert [m["index"] for m in said if m["kind"] == "step"] == [1, 2]
    [ended] = [m for m in said if m["kind"] == "ended"]
    assert ended["end"]["completed"] is True and ended["end"]["steps_done"] == 3
    assert not host.active()  # a finish page keeps the process only while it shows
    host.request(wire.FINISH, {"problem": None, "details": ["Today: 1 of 6 breaks"]})
    assert "Today: 1 of 6 breaks" in player.finish_page.details_label.text()


def test_the_host_tells_what_is_left_only_when_the_apps_count_would_be_off(qtbot, breaks, desk):
    """Each message wakes the resident app, which counts down from the last one it got: a
    new one comes at a step, a pause and a resume, or when the count drifts; not each second."""
    host, said = breaks
    host.request(wire.PLAY, {"routine": "neck-release", "mode": None, "session": 1})
    player = host.player
    looks = host.findChild(QTimer, "leftTimer")

    def told() -> list[dict[str, object]]:
        return [m for m in said if m["kind"] == "left"]

    def seconds(count: int) -> None:
        for _ in range(count):
            desk.clock.advance(1)
            looks.timeout.emit()

    assert [m["running"] for m in told()] == [True]
    seconds(10)
    assert len(told()) == 1  # the app's count holds
    player.pause_button.click()
    looks.timeout.emit()
    assert [m["running"] for m in told()] == [True, False]
    seconds(5)
    assert len(told()) == 2  # paused: the app's count stands still, as the step does
    player.pause_button.click()
    looks.timeout.emit()
    assert [m["running"] for m in told()] == [True, False, True]
    assert told()[-1]["step"] == told()[-2]["step"] == 10.0
    desk.clock.jump_wall(timedelta(seconds=30))  # the clock moved: the count is off
    looks.timeout.emit()
    assert len(told()) == 4
    host.close()


def test_the_host_tells_a_red_flag_yes_then_the_cancel(qtbot, breaks, desk):
    host, said = breaks
    desk.store.update({CHECKIN: True}, desk.clock.now())
    desk.library.routines["long"] = long_routine(desk.library)  # check-ins: a minute or more
    host.request(wire.PLAY, {"routine": "long", "mode": None, "session": 4})
    player = host.player
    assert player.page is Page.CHECKIN_BEFORE
    player.checkin_page.red_flag_button.click()
    assert [m for m in said if m["kind"] in ("red-flag", "cancelled")] == [
        {"kind": "red-flag", "before": True, "session": 4},
        {"kind": "cancelled", "session": 4},
    ]
    assert player.page is Page.RED_FLAG and player.isVisible()
    assert not host.active()  # only its window keeps the process, until it is closed


def test_the_host_stops_when_told_and_says_so(qtbot, breaks):
    host, said = breaks
    host.request(wire.PLAY, {"routine": "neck-release", "mode": None, "session": 1})
    host.request(wire.STOP, {})
    [ended] = [m for m in said if m["kind"] == "ended"]
    assert ended["end"]["completed"] is False
    assert not host.player.isVisible() and not host.active()
    assert said[-1] == {"kind": "showing", "prompt": False, "player": False}


def test_the_host_says_when_it_does_not_know_a_routine(qtbot, breaks):
    host, said = breaks
    host.request(wire.PROMPT, prompt_request("made-up"))
    host.request(wire.PLAY, {"routine": "made-up", "mode": None, "session": 1})
    assert said == [{"kind": "unknown-routine", "routine": "made-up"}] * 2
    assert not host.active()


def test_a_break_asking_from_its_notification_keeps_the_process(qtbot, breaks):
    host, said = breaks
    host.request(wire.PROMPT, prompt_request(window=False))
    assert host.active() and not host.prompt.isVisible()
    host.request(wire.ANSWER, {"action": "snooze"})
    assert {"kind": "answered", "answer": "snooze"} in said and not host.active()


# -- the real process ---------------------------------------------------------------------------


def test_backbreak_open_break_asks_plays_and_ends_when_nothing_is_left(tmp_path):
    env = {**os.environ, "BACKBREAK_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = str(ROOT)
    with subprocess.Popen(
        [sys.executable, "-m", "backbreak", "open", "break", "--from-app"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as child:
        assert child.stdin is not None and child.stdout is not None

        def send(kind: str, **fields: object) -> None:
            child.stdin.write(wire.encode(kind, **fields).encode())
            child.stdin.flush()

        def heard() -> tuple[str, dict[str, object]]:
            decoded = wire.decode(child.stdout.readline(), wire.ANSWERS)
            assert decoded is not None
            return decoded

        try:
            send(wire.PROMPT, **prompt_request("neck-micro"))
            assert heard() == ("showing", {"prompt": True, "player": False})
            child.stdin.write(b'{"kind": "junk"}\nnot json\n')
            send(wire.ANSWER, action="start")
            assert heard() == ("answered", {"answer": "start"})
            send(wire.PLAY, routine="neck-micro", mode=None, session=1)
            said = [heard()]
            while said[-1] != ("showing", {"prompt": False, "player": True}) and len(said) < 8:
                said.append(heard())  # the check-in (on by default) or the first step
            assert said[-1] == ("showing", {"prompt": False, "player": True})
            send(wire.STOP)  # nothing left on screen: it ends by itself, cleanly, while
            assert child.wait(timeout=60) == 0  # its reader still waits on the app's pipe
        finally:
            if child.poll() is None:
                child.kill()
        errors = child.stderr.read().decode() if child.stderr else ""
    assert "Traceback" not in errors
    assert "ignored a break message it cannot read" in errors


def test_a_routine_asked_while_another_plays_there_first_ends_that_one(
    qtbot, with_process, desk, tmp_path
):
    stand_in = StandIn(tmp_path, mode="slow")
    process = with_process(desk, stand_in.command)
    desk.start()
    player = desk.shell.player
    ended: list[object] = []
    player.ended.connect(ended.append)
    player.play(desk.library.get("neck-release"))
    qtbot.waitUntil(lambda: player.playing, timeout=15_000)
    player.play(desk.library.get("upper-back-reset"))  # its outcome is told first, at once
    assert len(ended) == 1 and not ended[0].completed
    assert player.preparing and not player.playing
    qtbot.waitUntil(lambda: player.playing, timeout=10_000)
    assert [m["kind"] for m in stand_in.told("play") + stand_in.told("stop")] == [
        "play",
        "play",
        "stop",
    ]
    qtbot.waitUntil(lambda: len(stand_in.notes()) >= 4, timeout=5_000)
    qtbot.wait(300)  # the process's word on the first (ended, under its number) has come
    assert len(ended) == 1 and player.playing  # and did not end the second
    process.close()
    qtbot.waitUntil(lambda: not process.running, timeout=10_000)


def test_a_routine_asked_while_another_prepares_there_is_not_cancelled_by_the_old_ones_word(
    qtbot, with_process, desk, tmp_path
):
    stand_in = StandIn(tmp_path, mode="slow")
    with_process(desk, stand_in.command)
    desk.start()
    player = desk.shell.player
    cancelled: list[bool] = []
    player.cancelled.connect(lambda: cancelled.append(True))
    player.play(desk.library.get("neck-release"))  # preparing until the process says began
    player.play(desk.library.get("upper-back-reset"))
    assert cancelled == [True]  # the first, at once
    qtbot.waitUntil(lambda: len(stand_in.told("play")) == 2, timeout=15_000)
    qtbot.waitUntil(lambda: player.playing, timeout=10_000)
    ended: list[object] = []
    player.ended.connect(ended.append)
    qtbot.wait(300)
    assert cancelled == [True]  # the process's word on the first did not cancel the second
    assert ended == [] and player.playing  # nor end it
