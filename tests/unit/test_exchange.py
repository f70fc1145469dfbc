"""Export and import: a round trip into an empty profile reproduces the same stats."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from backbreak.cli import main
from backbreak.core.stats import compute_stats
from backbreak.storage.db import open_log, read_log
from backbreak.storage.paths import AppPaths
from tests.unit.test_stats import BERLIN, day_of


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
