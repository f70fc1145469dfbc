"""The running app's command table: what `backbreak start|pause|status` are told, truthfully."""

from __future__ import annotations

from dataclasses import replace

from backbreak.platform.ipc import Reply, Request
from backbreak.platform.ipc.commands import REMOTE, check
from backbreak.ui import commands
from tests.helpers.remote import ask
from tests.helpers.routines import make_routine, make_thermal


def test_every_command_has_help_named_arguments_and_a_handler():
    for name, command in REMOTE.items():
        assert command.name == name and command.help
        assert all(argument.name and argument.help for argument in command.arguments)
    assert set(commands.HANDLERS) == set(REMOTE)


def test_the_table_refuses_before_anything_runs():
    assert check(Request("pause")) == "pause needs its length: " + (
        'like "30m" or "1h30m"; until-tomorrow; forever; off resumes'
    )
    assert "takes no argument 'x'" in str(check(Request("status", {"x": "1"})))
    assert str(check(Request("nope"))).startswith("unknown request 'nope'; known: show")
    assert check(Request("start", {"routine": "neck-release"})) is REMOTE["start"]
    assert "cannot be negative" in str(check(Request("pause", {"length": "-5m"})))


def test_the_command_line_is_built_from_the_same_table(capsys):
    """`backbreak --help` lists each typed remote command with the table's words, and
    `backbreak pause` refuses what the app would refuse, before asking it."""
    import re

    import pytest

    from backbreak.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    listed = capsys.readouterr().out
    words = set(re.findall(r"^    (\w+)  ", listed, re.MULTILINE))
    assert {"routines", "history", "status"} <= words
    for command in REMOTE.values():
        # `backbreak open` is a command of its own (with no app running it shows the window
        # itself) that sends the untyped request when an app runs.
        assert (command.name in words) == (command.typed or command.name == "open"), command.name
        if command.typed:
            assert command.help in listed
    with pytest.raises(SystemExit) as refused:
        main(["pause", "-5m"])
    assert refused.value.code == 2
    assert "a pause cannot be negative" in capsys.readouterr().err


def test_start_says_when_a_heat_routine_waits_for_its_checklist(qtbot, make_desk):
    desk = make_desk(make_thermal()).start()
    reply = ask(desk.shell, "start", routine="contrast")
    assert reply == Reply.done(
        "Contrast therapy is waiting in the backbreak window: confirm its safety checklist "
        "to start the timer"
    )
    assert desk.shell.player.page == "safety"


def test_start_with_a_checkin_first_says_started(qtbot, make_desk):
    """The old app answered "not started" (exit 0) while the check-in was on screen."""
    long = replace(make_routine("long-stretch"), duration_seconds=300)  # a check-in: 1 min+
    desk = make_desk(long, **{"checkin.enabled": True}).start()
    assert ask(desk.shell, "start", routine="long-stretch") == Reply.done("started Long stretch")
    assert desk.shell.player.page == "checkin_before"


def test_start_that_does_not_happen_is_an_error(qtbot, make_desk, monkeypatch):
    desk = make_desk().start()
    player = desk.shell.player
    monkeypatch.setattr(player, "play", lambda routine: player.cancelled.emit())
    reply = ask(desk.shell, "start", routine="neck-release")
    assert reply == Reply.error("Neck release did not start; see the log file")
    assert desk.shell.state.session is None


def test_a_routine_without_steps_is_refused_and_changes_nothing(qtbot, make_desk):
    empty = replace(make_routine("empty"), steps=())
    desk = make_desk(empty).start()
    state = desk.shell.state
    assert ask(desk.shell, "start", routine="empty") == Reply.error("Empty has no steps to play")
    assert desk.shell.state == state


def test_a_failing_command_is_an_error_reply_with_its_trace_in_the_log(
    qtbot, make_desk, monkeypatch, caplog
):
    desk = make_desk().start()
    monkeypatch.setattr(desk.shell, "status_text", lambda: 1 / 0)
    assert ask(desk.shell, "status") == Reply.error(
        "status failed (ZeroDivisionError); see the log file"
    )
    assert any(r.exc_info for r in caplog.records)
