"""Export and import: a round trip into an empty profile reproduces the same stats."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backbreak.cli import main
from backbreak.core.events import EARLIEST, LATEST, entry_problem
from backbreak.core.stats import compute_stats
from backbreak.storage.db import open_log, read_log
from backbreak.storage.exchange import neutralise, restore
from backbreak.storage.paths import AppPaths
from tests.unit.core.test_stats import BERLIN, day_of


def fill(days: int = 20) -> None:
    log = open_log(AppPaths.from_environment().database, datetime.now().astimezone()).log
    for offset in range(days):
        day = date.today() - timedelta(days=offset)
        for entry in day_of(day, 6 if offset % 3 else 2, tension=4 if offset % 3 else 6, skipped=1):
            log.record(entry)
    log.close()


def stats_now():
    with read_log(AppPaths.from_environment().database) as log:
        entries = log.since(datetime.now().astimezone() - timedelta(days=400))
    return compute_stats(entries, date.today(), 30, 6, BERLIN)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_into_an_empty_profile_gives_identical_stats(
    fmt, tmp_path, monkeypatch, capsys
):
    fill()
    before = stats_now()
    exported = tmp_path / f"history.{fmt}"
    assert main(["export", "--format", fmt, "--out", str(exported)]) == 0
    monkeypatch.setenv("BACKBREAK_HOME", str(tmp_path / "empty-profile"))
    assert main(["import", str(exported)]) == 0
    assert "Imported 112 new events" in capsys.readouterr().out
    assert stats_now() == before
    assert main(["import", str(exported)]) == 0  # idempotent
    assert "Imported 0 new events (112 were already there)" in capsys.readouterr().out


def test_a_json_export_has_the_documented_columns(capsys):
    fill(2)
    assert main(["export"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert set(rows[0]) == {
        "uid",
        "kind",
        "at",
        "routine_id",
        "routine_version",
        "category",
        "planned_seconds",
        "actual_seconds",
        "steps_done",
        "steps_total",
        "detail",
        "checkin_before",
        "checkin_after",
    }


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("not an export at all", "not a backbreak export"),
        (
            '[{"uid": "a", "kind": "dancing", "at": "2026-11-20T09:00:00+01:00"}]',
            "'dancing' is not a backbreak event",
        ),
        ('[{"uid": "a", "kind": "completed", "at": "yesterday"}]', "not an ISO 8601"),
        ('[{"uid": "a", "kind": "completed", "at": "2026-11-20T09:00:00"}]', "no UTC offset"),
        (
            '[{"uid": "a", "kind": "completed", "at": "2026-11-20T09:00:00+01:00",'
            ' "steps_done": "many"}]',
            "steps_done must be a number",
        ),
        ('[{"uid": "a", "colour": 1}]', "unknown column 'colour'"),
        ("[1, 2", "not valid JSON"),
    ],
)
def test_a_bad_import_file_is_refused_whole_with_a_reason(content, words, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert words in err and "Nothing was imported" in err and "Traceback" not in err
    assert not AppPaths.from_environment().database.exists()


def test_delete_all_asks_first_and_then_forgets_everything(capsys, monkeypatch):
    import io

    fill(3)
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    assert main(["history", "--delete-all"]) == 1
    assert "Nothing was deleted" in capsys.readouterr().out
    assert stats_now().by_routine
    monkeypatch.setattr("sys.stdin", io.StringIO("delete\n"))
    assert main(["history", "--delete-all"]) == 0
    assert "Deleted 17 events" in capsys.readouterr().out  # 2+6+6 done, 3 skipped
    assert stats_now().by_routine == ()
    assert main(["history", "--delete-all", "--yes"]) == 0


# -- the boundary: what import accepts, how export writes it -----------------------------


@given(st.text(max_size=12) | st.sampled_from(["=1+1", "'=x", "''-x", "'", "'a", "\t", "@"]))
def test_restore_undoes_exactly_what_neutralise_did(text):
    written = neutralise(text)
    assert restore(written) == text
    assert not str(written).startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({}, None),
        ({"at": EARLIEST}, None),
        ({"at": LATEST - timedelta(microseconds=1)}, None),
        ({"at": LATEST}, "out of range"),
        ({"at": EARLIEST - timedelta(microseconds=1)}, "out of range"),
        ({"actual_seconds": float("inf")}, "not a finite number"),
        ({"actual_seconds": float("nan")}, "not a finite number"),
        ({"actual_seconds": -0.5}, "out of range"),
        ({"checkin_before": 11}, "out of range"),
        ({"checkin_after": True}, "must be a number"),
        ({"routine_version": 2.5}, "whole number"),
        ({"detail": "x" * 10_001}, "longer than"),
        ({"uid": ""}, "uid is missing"),
    ],
)
def test_one_table_says_which_values_a_row_may_hold(changes, problem):
    from dataclasses import replace

    from backbreak.core.events import EventKind, LogEntry

    base = LogEntry(EventKind.COMPLETED, datetime.now().astimezone(), uid="a")
    found = entry_problem(replace(base, **changes))
    assert (found is None) if problem is None else (problem in (found or "")), found


def test_an_export_never_replaces_a_file_unless_forced(tmp_path, capsys):
    fill(1)
    target = tmp_path / "mine.csv"
    target.write_text("keep me\n")
    assert main(["export", "--out", str(target)]) == 1
    assert "--force" in capsys.readouterr().err and target.read_text() == "keep me\n"
    assert main(["export", "--out", str(target), "--force"]) == 0
    assert target.read_text().startswith('"uid","kind"')  # the name says CSV
    other = tmp_path / "history.txt"
    assert main(["export", "--out", str(other)]) == 0
    assert json.loads(other.read_text())  # no format in the name: JSON, as before
    assert main(["export", "--format", "csv", "--out", str(tmp_path / "h.json")]) == 2


def test_stats_json_never_writes_infinity():
    import math

    from backbreak.cli.history import stats_json
    from backbreak.core.events import EventKind, LogEntry

    now = datetime.now().astimezone()
    entries = [LogEntry(EventKind.COMPLETED, now, "neck", actual_seconds=math.inf, uid="a")]
    figures = stats_json(compute_stats(entries, now.date(), 7, 6))
    text = json.dumps(figures, allow_nan=False)  # raises on Infinity or NaN
    assert json.loads(text)["today"]["minutes"] is None


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Los_Angeles", "Etc/GMT+12"])
def test_the_first_and_last_times_import_accepts_read_back_in_any_zone(
    zone, tmp_path, monkeypatch, capsys
):
    """Year 1 or 9999 once made `history` fail west or east of UTC: the range keeps a day
    of room on either side."""
    import time

    from backbreak.core.events import EventKind, LogEntry
    from backbreak.storage.exchange import to_json

    edges = [
        LogEntry(EventKind.COMPLETED, EARLIEST, "first", actual_seconds=1e9, uid="a"),
        LogEntry(EventKind.COMPLETED, LATEST - timedelta(milliseconds=1), "last", uid="b"),
    ]
    source = tmp_path / "edges.json"
    source.write_text(to_json(edges))
    assert main(["import", str(source)]) == 0
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        capsys.readouterr()
        assert main(["history"]) == 0
        assert main(["history", "--days", "36525", "--json"]) == 0
        assert main(["stats", "--json"]) == 0
        assert "Traceback" not in capsys.readouterr().err
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize("command", ["history", "stats"])
def test_a_period_of_more_than_a_century_is_refused_not_a_traceback(command, capsys):
    fill(1)
    with pytest.raises(SystemExit) as refused:
        main([command, "--days", "99999999999"])
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert "use 1 to 36525 days" in err and "Traceback" not in err
