"""Hostile command-line arguments: a one-line message and a clear exit status, never a trace.

Too large, negative, zero, off the calendar, not text at all (NUL, escape sequences, bytes
that are not UTF-8), or 100 KB long: each is refused (2 for a usage error, 1 for a value the
option itself rejects, 3 where only the running app could judge and none runs), nothing in
the profile changes, and no control character reaches the terminal. Cases that could write
the settings file also check that the app still starts.
"""

from __future__ import annotations

import unicodedata

import pytest

from backbreak.storage.paths import AppPaths
from tests.reliability.hostile.harness import Case, check


def nothing(_paths: AppPaths) -> None:
    """No file planted: the argument is the hostile thing."""


def settings_file(_paths: AppPaths) -> None:
    """A settings file with a change in it, which a refused `config set` must leave alone."""
    _paths.settings_file.write_text('[schedule]\nsnooze = "5m"\n', encoding="utf-8")


def usage(case_id: str, argv: list[str], *words: str) -> Case:
    return Case(case_id, nothing, argv, 2, words, starts=False)


BIG = "99999999999"
ESCAPE = "\x1b]0;owned\x07\x1b[2J"
HUGE = "x" * 100_000

CASES = [
    # -- config set: saved, and what will not work as meant is said at once ---------------
    Case(
        "config-set-an-unknown-time-zone",
        nothing,
        ["config", "set", "working_hours.timezone", "Mars/Olympus_Mons"],
        0,
        ["warning", "not a time zone known here"],
    ),
    Case(
        "config-set-an-unknown-routine-id",
        nothing,
        ["config", "set", "breaks.routines", "neck-release,no-such-routine"],
        0,
        ["warning", "no routine has the id", "no-such-routine"],
    ),
    # -- numbers too large, negative or zero: refused, not clamped or overflowed ----------
    usage("history-days-huge", ["history", "--days", BIG], "--days", "out of range", "36525"),
    usage("history-n-huge", ["history", "-n", BIG], "-n/--limit", "out of range"),
    usage("history-n-4000-digits", ["history", "-n", "9" * 4000], "-n/--limit", "out of range"),
    usage("stats-days-huge", ["stats", "--days", BIG], "--days", "out of range"),
    usage("history-n-negative", ["history", "-n", "-5"], "-n/--limit", "out of range"),
    usage("history-days-negative", ["history", "--days", "-3"], "--days", "out of range"),
    usage("stats-days-negative", ["stats", "--days", "-3"], "--days", "out of range"),
    usage("stats-days-zero", ["stats", "--days", "0"], "--days", "out of range"),
    usage("history-n-zero", ["history", "-n", "0"], "-n/--limit", "out of range"),
    usage("history-n-float", ["history", "-n", "1e3"], "-n/--limit", "not a whole number"),
    Case("history-days-at-most", nothing, ["history", "--days", "36525"], 0, ["no breaks"]),
    usage("history-days-a-century-and-a-day", ["history", "--days", "36526"], "out of range"),
    # -- pause: a length of time above zero, or one of the words -------------------------
    usage("pause-huge", ["pause", f"{BIG}h"], f"{BIG}h", "longer than any calendar"),
    usage("pause-negative", ["pause", "-5m"], "cannot be negative", "-5m"),
    usage("pause-negative-number", ["pause", "-1"], "cannot be negative"),
    usage("pause-zero", ["pause", "0s"], '"0s" is no time at all'),
    usage("pause-word", ["pause", "soon"], '"soon"', "until-tomorrow"),
    Case("pause-calendar-no-app", nothing, ["pause", "99999999h"], 3, ["not running"], "", False),
    # -- plan: times the engine's calendar arithmetic can hold --------------------------
    usage("plan-from-9999", ["plan", "--from", "9999-12-31T23:00"], "--from", "1900 to 8999"),
    usage("plan-until-0001", ["plan", "--until", "0001-01-01T00:00"], "--until", "1900 to 8999"),
    usage("plan-from-0001", ["plan", "--from", "0001-01-01T00:00"], "--from", "outside"),
    usage(
        "plan-year-1-east",
        ["plan", "--from", "0001-01-01T00:00+14:00", "--until", "0001-01-01T05:00+14:00"],
        "--from",
    ),
    usage("plan-not-a-time", ["plan", "--from", "yesterday"], "write times like"),
    usage("plan-no-such-day", ["plan", "--from", "2026-02-30T08:00"], "day is out of range"),
    usage(
        "plan-backwards",
        ["plan", "--from", "2026-11-30T10:00", "--until", "2026-11-30T09:00"],
        "--until must be after --from",
    ),
    # -- config set: the option's own parse() judges the value, the file stays ----------
    Case(
        "config-set-huge-duration",
        settings_file,
        ["config", "set", "schedule.stretch_every", "999999999999h"],
        1,
        ["schedule.stretch_every", "nothing was changed"],
    ),
    Case(
        "config-set-negative-duration",
        settings_file,
        ["config", "set", "schedule.stretch_every", "-5m"],
        1,
        ["schedule.stretch_every", "nothing was changed"],
    ),
    Case(
        "config-set-deep-toml",
        settings_file,
        ["config", "set", "schedule.stretch_every", "[" * 3000],
        1,
        ["schedule.stretch_every", "nothing was changed"],
    ),
    Case(
        "config-set-huge-number",
        settings_file,
        ["config", "set", "schedule.snooze_limit", "9" * 4000],
        1,
        ["schedule.snooze_limit", "nothing was changed"],
    ),
    # -- not text: control characters, NUL, bytes that are not UTF-8, 100 KB -----------
    usage("newline-into-start", ["start", "x\npause forever"], "control character", "\\n"),
    usage("escape-in-routine-id", ["routines", "show", ESCAPE], "control character", "\\x1b"),
    usage("escape-in-config-key", ["config", "show", "\x1b[31mred"], "argument 3", "\\x1b"),
    usage("escape-in-config-value", ["config", "set", "schedule.snooze", "5m\x1b[A"], "argument 4"),
    usage("nul-in-import-path", ["import", "exp\x00ort.json"], "control character", "\\x00"),
    usage("nul-in-export-out", ["export", "--out", "\x00"], "control character"),
    usage("escape-in-plan-time", ["plan", "--from", "\x9b2J"], "control character", "\\x9b"),
    usage("not-utf8", ["routines", "show", "caf\udce9"], "not valid UTF-8", "\\udce9"),
    usage("huge-routine-id", ["routines", "show", HUGE], "100000 characters", "at most 4096"),
    usage("huge-start", ["start", HUGE], "100000 characters"),
    usage("huge-config-value", ["config", "set", "schedule.snooze", HUGE], "100000 characters"),
    usage("huge-unknown-command", [HUGE], "argument 1", "100000 characters"),
    # -- the running app is needed and none runs ---------------------------------------
    Case("status-no-app", nothing, ["status"], 3, ["backbreak is not running"], "", False),
    Case("start-no-app", nothing, ["start", "neck-release"], 3, ["not running"], "", False),
]


def raw_controls(text: str) -> list[str]:
    """Control characters that would reach the terminal as they are (newlines are lines)."""
    return [ch for ch in text if unicodedata.category(ch) == "Cc" and ch != "\n"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_hostile_argument(qtbot, case: Case) -> None:
    result = check(case)
    assert raw_controls(result.text) == [], result
    assert len(result.err) < 2000, "a refusal is a line or two, not the argument echoed back"
