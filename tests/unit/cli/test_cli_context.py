"""Every command is a function of a Context: run in-process, at any date, on any profile."""

from __future__ import annotations

import io
import json
from datetime import timedelta

from backbreak.cli import COMMANDS, Context, build_parser, main
from backbreak.core.events import EventKind, LogEntry
from backbreak.storage.db import open_log
from backbreak.storage.paths import AppPaths
from tests.helpers.fakes import START, FakeClock


def context(tmp_path, clock: FakeClock, answers: str = "") -> Context:
    root = tmp_path / "profile"
    paths = AppPaths(root / "config", root / "data", root / "logs", root / "cache", True)
    paths.ensure()
    return Context(paths, clock, io.StringIO(), io.StringIO(), io.StringIO(answers))


def test_history_and_stats_count_days_by_the_given_clock_not_the_machines(tmp_path):
    clock = FakeClock()
    ctx = context(tmp_path, clock)
    with open_log(ctx.paths.database, START).log as log:  # type: ignore[union-attr]
        for day in range(3):  # three days, a break each, the last one on START's day
            log.record(LogEntry(EventKind.COMPLETED, START - timedelta(days=day), "neck-release"))
    assert main(["stats", "--json"], ctx) == 0
    figures = json.loads(ctx.out.getvalue())
    assert figures["today"]["done"] == 1 and figures["period"]["completed"] == 3

    clock.advance(timedelta(days=2))  # two days on, without a break since
    later = context(tmp_path, clock)
    assert main(["stats", "--json", "--days", "2"], later) == 0
    figures = json.loads(later.out.getvalue())
    assert figures["today"]["done"] == 0 and figures["period"]["completed"] == 0
    assert main(["history", "--days", "1"], later) == 0
    assert "No breaks logged in the last 1 day." in later.out.getvalue()
    assert main(["history", "--days", "3", "--json"], later) == 0
    assert later.out.getvalue().count('"kind": "completed"') == 1


def test_a_confirmation_is_read_from_the_contexts_answers(tmp_path):
    ctx = context(tmp_path, FakeClock(), answers="no\n")
    with open_log(ctx.paths.database, START).log as log:  # type: ignore[union-attr]
        log.record(LogEntry(EventKind.COMPLETED, START, "neck-release"))
    assert main(["history", "--delete-all"], ctx) == 1
    assert "Nothing was deleted." in ctx.out.getvalue()
    yes = context(tmp_path, FakeClock(), answers="delete\n")
    assert main(["history", "--delete-all"], yes) == 0
    assert "Deleted 1 events" in yes.out.getvalue()


def test_errors_go_to_the_contexts_error_stream(tmp_path):
    ctx = context(tmp_path, FakeClock())
    assert main(["routines", "show", "no-such-routine"], ctx) == 1
    assert ctx.err.getvalue().startswith('backbreak: no routine "no-such-routine"')
    assert ctx.out.getvalue() == ""


def test_every_command_the_parser_knows_has_a_function():
    """The table and the parser cannot drift: each parsed command line finds its function."""
    parser = build_parser()
    lines = [
        ["routines", "list"], ["routines", "show", "x"], ["routines", "validate"],
        ["routines", "new", "x"], ["history"], ["history", "--delete-all"], ["stats"],
        ["export"], ["import", "f"], ["plan"], ["config", "show"], ["paths"], ["status"],
        ["pause", "30m"], ["start", "x"], ["safety"], ["open", "history"],
    ]  # fmt: skip
    from backbreak.cli import _words

    assert {_words(parser.parse_args(line)) for line in lines} == set(COMMANDS)
    subcommands = {a.dest: a for a in parser._subparsers._group_actions}
    assert set(subcommands["command"].choices) == {w.split()[0] for w in COMMANDS}


def test_stats_split_the_minutes_by_kind_of_break(tmp_path):
    ctx = context(tmp_path, FakeClock())
    with open_log(ctx.paths.database, START).log as log:  # type: ignore[union-attr]
        for rid, category, minutes in (("neck-release", "stretch", 3), ("heat", "thermal", 15)):
            log.record(
                LogEntry(EventKind.COMPLETED, START, rid, 1, category, actual_seconds=minutes * 60)
            )
    assert main(["stats"], ctx) == 0
    assert "Minutes by kind: 15 heat and cold, 3 stretching" in ctx.out.getvalue()
    json_ctx = context(tmp_path, FakeClock())
    assert main(["stats", "--json"], json_ctx) == 0
    period = json.loads(json_ctx.out.getvalue())["period"]
    assert period["minutes_by_kind"] == {"heat and cold": 15.0, "stretching": 3.0}


def test_open_asks_the_running_app_else_shows_the_window_itself(tmp_path, monkeypatch):
    """One window of each while the app runs (it owns them); alone, this process shows it.
    The app's own window process (--from-app) never asks the app: it is the app's answer."""
    import backbreak.platform.ipc
    import backbreak.ui.window_host
    from backbreak.platform.ipc import Reply
    from backbreak.platform.ipc.commands import standalone_windows

    asked: list[tuple[str, dict[str, str]]] = []
    shown: list[tuple[str, bool]] = []
    replies: list[Reply | None] = [Reply.done("opening the history window"), None, None]
    replies += [None, Reply.done(""), None, Reply.error("on its way out")]

    profiles: list[str] = []

    def request(profile, command, args=None, timeout=3.0):
        asked.append((command, dict(args or {})))
        profiles.append(profile)
        return replies.pop(0)

    monkeypatch.setattr(backbreak.platform.ipc, "request", request)
    monkeypatch.setattr(
        backbreak.ui.window_host,
        "run_window",
        lambda name, from_app: shown.append((name, from_app)) or 0,
    )
    ctx = context(tmp_path, FakeClock())
    assert main(["open", "history"], ctx) == 0  # the app runs: it opens it
    assert asked == [("open", {"window": "history"})] and shown == []
    assert main(["open", "settings"], ctx) == 0  # no app, no window shown alone: here
    assert shown == [("settings", False)]
    assert asked[1:] == [("open", {"window": "settings"})] * 2  # the app, then one alone
    assert profiles[1:] == [profiles[0], standalone_windows(profiles[0])]
    assert main(["open", "settings"], ctx) == 0  # one shown alone brings it up instead
    assert shown == [("settings", False)]
    assert main(["open", "history"], ctx) == 0  # it refuses (ending): shown here
    assert shown == [("settings", False), ("history", False)]
    assert main(["open", "history", "--from-app"], ctx) == 0
    assert shown[-1] == ("history", True) and len(asked) == 7


def test_the_apps_own_open_skips_the_parser_and_anything_else_goes_through_it(monkeypatch):
    import pytest

    import backbreak.cli.parser
    import backbreak.ui.window_host

    shown: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        backbreak.ui.window_host,
        "run_window",
        lambda name, from_app: shown.append((name, from_app)) or 0,
    )
    monkeypatch.setattr(backbreak.cli.parser, "build_parser", lambda: pytest.fail("parsed"))
    assert main(["open", "settings", "--from-app"]) == 0
    assert shown == [("settings", True)]
    monkeypatch.undo()
    with pytest.raises(SystemExit) as refused:
        main(["open", "logs", "--from-app"])
    assert refused.value.code == 2


def test_stats_says_what_the_check_ins_show_as_the_care_note_does(tmp_path):
    ctx = context(tmp_path, FakeClock())
    with open_log(ctx.paths.database, START).log as log:  # type: ignore[union-attr]
        for back in range(21):  # three weeks of high tension before breaks
            log.record(
                LogEntry(
                    EventKind.COMPLETED, START - timedelta(days=back), "neck", checkin_before=7
                )
            )
        log.record(LogEntry(EventKind.RED_FLAG, START, "neck", detail="before the routine"))
    assert main(["stats"], ctx) == 0
    out = ctx.out.getvalue()
    assert "Your check-ins suggest talking to a professional:" in out
    assert "7 or more" not in out and "6 or more on 21 of 21 days" in out
    assert "tingling, numbness, or pain spreading into an arm or leg on 1 of the last 21" in out
    assert "backbreak safety" in out
    json_ctx = context(tmp_path, FakeClock())
    assert main(["stats", "--json"], json_ctx) == 0
    rules = [o["rule"] for o in json.loads(json_ctx.out.getvalue())["care"]]
    assert rules == ["high", "red-flag"]  # met the target on no day: "no lower" does not hold
    quiet = context(tmp_path / "empty", FakeClock())
    assert main(["stats"], quiet) == 0
    assert "professional" not in quiet.out.getvalue()
