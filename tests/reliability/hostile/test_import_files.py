"""Hostile import files and export targets.

An import is all or nothing: a value the log could not show, count or export again is
refused with the row and the field named; a file that is no file (a folder, a named pipe,
a device), too big or too deep is refused without hanging. An export never lands on
backbreak's own files, never replaces a file without --force, writes the format its name
says, and neutralises spreadsheet formulas. Commands run in the profile's root folder, so a
case names its files relative to it.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backbreak.core.events import EARLIEST, LATEST, EventKind, LogEntry
from backbreak.storage.db import open_log, read_log
from backbreak.storage.exchange import to_csv, to_json
from backbreak.storage.paths import AppPaths
from tests.reliability.hostile.harness import Case, Outcome, check

AT = "2026-11-20T09:00:00+01:00"


def root(paths: AppPaths) -> Path:
    return paths.config_dir.parent


def rows(*changes: dict[str, object], name: str = "import.json") -> Callable[[AppPaths], None]:
    """A JSON import of one good row per entry in `changes`, each changed so."""

    def setup(paths: AppPaths) -> None:
        made = [
            {"uid": f"r{n}", "kind": "completed", "at": AT, **change}
            for n, change in enumerate(changes, 1)
        ]
        (root(paths) / name).write_text(json.dumps(made), encoding="utf-8")

    return setup


def raw(data: bytes | str, name: str = "import.json") -> Callable[[AppPaths], None]:
    def setup(paths: AppPaths) -> None:
        target = root(paths) / name
        if isinstance(data, str):
            target.write_text(data, encoding="utf-8")
        else:
            target.write_bytes(data)

    return setup


ENTRIES = [
    LogEntry(
        EventKind.COMPLETED,
        datetime(2026, 11, 20, 9, tzinfo=UTC),
        "neck-release",
        1,
        "stretch",
        180.0,
        175.5,
        4,
        4,
        uid="a1",
        checkin_before=6,
        checkin_after=3,
    ),
    LogEntry(
        EventKind.PAUSED,
        datetime(2026, 11, 20, 12, tzinfo=UTC),
        detail='=HYPERLINK("http://x.example","click")',
        uid="a2",
    ),
    LogEntry(
        EventKind.SKIPPED, datetime(2026, 11, 21, 9, tzinfo=UTC), "+cmd|' /C calc'!A0", uid="a3"
    ),
    LogEntry(EventKind.SNOOZED, datetime(2026, 11, 21, 10, tzinfo=UTC), detail="-2+3", uid="a4"),
    LogEntry(
        EventKind.SNOOZED, datetime(2026, 11, 21, 11, tzinfo=UTC), detail="@SUM(A1)", uid="a5"
    ),
    LogEntry(EventKind.SNOOZED, datetime(2026, 11, 21, 12, tzinfo=UTC), detail="\tTAB", uid="a6"),
    LogEntry(EventKind.SNOOZED, datetime(2026, 11, 21, 13, tzinfo=UTC), detail="\rCR", uid="a7"),
    LogEntry(
        EventKind.SNOOZED,
        datetime(2026, 11, 21, 14, tzinfo=UTC),
        detail="'=already quoted",
        uid="a8",
    ),
    LogEntry(EventKind.SNOOZED, datetime(2026, 11, 21, 15, tzinfo=UTC), detail="'plain", uid="a9"),
    LogEntry(EventKind.COMPLETED, EARLIEST, "first-ever", actual_seconds=0.0, uid="b1"),
    LogEntry(EventKind.COMPLETED, LATEST - timedelta(milliseconds=1), "last-ever", uid="b2"),
]


def spreadsheet_resave(text: str) -> str:
    """What a spreadsheet writes back: a BOM, CRLF, quotes only where needed."""
    table = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(table)
    return "\ufeff" + out.getvalue()


def logged(*entries: LogEntry) -> Callable[[AppPaths], None]:
    def setup(paths: AppPaths) -> None:
        log = open_log(paths.database, datetime.now(UTC)).log
        assert log is not None
        log.record_many(entries)
        log.close()

    return setup


def both(*setups: Callable[[AppPaths], None]) -> Callable[[AppPaths], None]:
    def setup(paths: AppPaths) -> None:
        for one in setups:
            one(paths)

    return setup


def fifo(name: str) -> Callable[[AppPaths], None]:
    def setup(paths: AppPaths) -> None:
        os.mkfifo(root(paths) / name)

    return setup


def folder(name: str) -> Callable[[AppPaths], None]:
    def setup(paths: AppPaths) -> None:
        (root(paths) / name).mkdir()
        (root(paths) / name / "inside.json").write_text("[]")

    return setup


def sparse(size: int) -> Callable[[AppPaths], None]:
    """A file of `size` bytes that takes no room on the disk (and no time to write), beside
    the profile (the harness reads every file in it, twice)."""

    def setup(paths: AppPaths) -> None:
        with (root(paths).parent / "huge.json").open("wb") as handle:
            handle.truncate(size)

    return setup


def link(name: str, target: Callable[[AppPaths], Path], hard: bool = False):
    def setup(paths: AppPaths) -> None:
        logged(ENTRIES[0])(paths)
        where = root(paths) / name
        if hard:
            os.link(target(paths), where)
        else:
            where.symlink_to(target(paths))

    return setup


def count_is(expected: int) -> Callable[[Outcome], None]:
    def then(_result: Outcome) -> None:
        with read_log(AppPaths.from_environment().database) as log:
            assert (0 if log is None else log.count()) == expected

    return then


def csv_file(name: str, neutralised: bool = True) -> Callable[[Outcome], None]:
    """The export is CSV (not JSON in a .csv), and no cell starts a formula."""

    def then(_result: Outcome) -> None:
        text = (root(AppPaths.from_environment()) / name).read_text("utf-8")
        table = list(csv.reader(io.StringIO(text, newline="")))
        assert table[0][0] == "uid", text[:80]
        if neutralised:
            cells = [cell for line in table for cell in line]
            assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], text

    return then


def round_trip(fmt: str) -> Callable[[Outcome], None]:
    """export -> delete -> import gives every entry back, exactly."""

    def then(result: Outcome) -> None:
        from tests.reliability.hostile.harness import cli

        home = root(AppPaths.from_environment())
        (home / f"again.{fmt}").write_text(result.out, encoding="utf-8")
        assert cli(["history", "--delete-all", "--yes"]).code == 0
        assert cli(["import", f"again.{fmt}"]).code == 0
        holds_exactly(result)

    return then


def holds_exactly(_result: Outcome) -> None:
    """The log holds ENTRIES, every field as it was exported."""
    with read_log(AppPaths.from_environment().database) as log:
        assert log is not None
        assert sorted(log.every(), key=lambda e: e.uid or "") == ENTRIES


def db(paths: AppPaths) -> Path:
    return paths.database


DEEP = "[" * 100_000 + "]" * 100_000
Then = Callable[[Outcome], None] | None
Setup = Callable[[AppPaths], None]


def refused(
    id_: str, setup: Setup | dict[str, object], *words: str, file: str = "import.json"
) -> tuple[Case, Then]:
    """`backbreak import FILE` says no (exit 1) with `words`, and nothing is added."""
    made = rows(setup) if isinstance(setup, dict) else setup
    return (
        Case(id_, made, ["import", file], 1, [*words, "Nothing was imported"]),
        count_is(0),
    )


def accepted(id_: str, setup: Setup, file: str, words: str, then: Then) -> tuple[Case, Then]:
    return Case(id_, setup, ["import", file], 0, [words]), then


def export(
    id_: str, setup: Setup, argv: str, code: int, *words: str, then: Then = None
) -> tuple[Case, Then]:
    return Case(id_, setup, ["export", *argv.split()], code, list(words)), then


def one_row(**values: str) -> str:
    fields = ", ".join(f'"{k}": {v}' for k, v in values.items())
    return f'[{{"uid": "a", "kind": "completed", "at": "{AT}", {fields}}}]'


def dev_zero_link(paths: AppPaths) -> None:
    (root(paths) / "z.json").symlink_to("/dev/zero")


def nothing(_paths: AppPaths) -> None:
    pass


def not_sqlite(paths: AppPaths) -> None:
    paths.database.write_bytes(b"SQLite format 3\x00" + bytes(4080))


LATIN_1 = "uid,kind,at,detail\na,paused,2026-11-20T09:00:00+01:00,caf\xe9\n".encode("latin-1")

CASES: list[tuple[Case, Then]] = [
    # -- values that would break a later read: refused, the row and the field named -------
    refused("seconds-1e999", raw(one_row(actual_seconds="1e999")), "row 1", "actual_seconds"),
    refused("seconds-nan", raw(one_row(actual_seconds="NaN")), "actual_seconds", "finite"),
    refused("seconds-negative", rows({}, {"actual_seconds": -1}), "row 2", "actual_seconds"),
    refused(
        "seconds-csv-inf",
        raw(f"uid,kind,at,planned_seconds\na,completed,{AT},inf\n", "in.csv"),
        "planned_seconds",
        file="in.csv",
    ),
    refused("checkin-99", {"checkin_before": 99}, "checkin_before", "0 to 10"),
    refused("checkin-minus-5", {"checkin_after": -5}, "checkin_after"),
    refused("checkin-true", {"checkin_before": True}, "checkin_before"),
    refused("checkin-fraction", {"checkin_before": 6.5}, "whole number"),
    refused("steps-10e40", {"steps_done": 10**40}, "steps_done", "out of range"),
    refused("year-1", {"at": "0001-01-01T00:00:00+00:00"}, "row 1", "at", "out of range"),
    refused("year-9999", {"at": "9999-12-31T12:00:00+00:00"}, "out of range"),
    refused("year-9999-west", {"at": "9999-12-31T23:59:59-05:00"}, "out of range"),
    refused("year-1969", {"at": "1969-12-31T23:59:59+00:00"}, "out of range"),
    refused("offset-in-seconds", {"at": "2026-11-20T09:00:00+01:00:30"}, "whole minutes"),
    refused("uid-a-number", {"uid": 5}, "uid must be text"),
    refused("detail-an-object", {"detail": {"a": [1, 2]}}, "detail must be text"),
    refused("detail-too-long", {"detail": "x" * 10_001}, "detail", "longer"),
    refused("kind-exploded", {"kind": "exploded"}, "'exploded'"),
    refused("kind-a-list", {"kind": ["completed"]}, "kind"),
    refused("at-yesterday", {"at": "yesterday"}, "not an ISO 8601"),
    refused("half-good", rows({}, {}, {"checkin_before": 11}), "row 3"),
    # -- files that are no export ----------------------------------------------------------
    refused("nested-100000-deep", raw(DEEP), "nested too deeply"),
    refused("nested-in-a-row", {"detail": [[[[["deep"]]]]]}, "detail"),
    refused("huge-file", sparse(300 * 1024 * 1024), "larger than 256 MiB", file="../huge.json"),
    refused("a-folder", folder("exports"), "folder", file="exports"),
    refused("a-named-pipe", fifo("pipe.json"), "not a regular file", file="pipe.json"),
    refused("dev-zero", nothing, "not a regular file", file="/dev/zero"),
    refused("link-to-dev-zero", dev_zero_link, "not a regular file", file="z.json"),
    refused("missing", nothing, "cannot be read", file="nowhere.json"),
    refused("latin-1", raw(LATIN_1, "in.csv"), "UTF-8", "line 2", file="in.csv"),
    refused("utf-16", raw("uid,kind,at\n".encode("utf-16"), "in.csv"), "UTF-8", file="in.csv"),
    refused("empty-file", raw(b""), "not a backbreak export"),
    refused("json-object", raw('{"uid": "a"}'), "not a backbreak export"),
    (
        Case(
            "csv-nul",
            raw(f"uid,kind,at\na\x00,completed,{AT}\n", "in.csv"),
            ["import", "in.csv"],
            None,
        ),
        None,
    ),
    # -- what a spreadsheet makes of an export: accepted, exactly -------------------------
    accepted(
        "bom-and-crlf",
        raw(spreadsheet_resave(to_csv(ENTRIES)), "resaved.csv"),
        "resaved.csv",
        "Imported 11 new events",
        holds_exactly,
    ),
    accepted(
        "bom-json", raw("\ufeff" + to_json(ENTRIES)), "import.json", "Imported 11", holds_exactly
    ),
    accepted(
        "duplicate-uids",
        rows({"uid": "same"}, {"uid": "same"}),
        "import.json",
        "1 were already there",
        count_is(1),
    ),
    accepted("header-only", raw("uid,kind,at\r\n", "in.csv"), "in.csv", "Imported 0", None),
    accepted(
        "into-a-damaged-database", both(rows({}), not_sqlite), "import.json", "kept as", count_is(1)
    ),
    # -- export: never onto backbreak's own files, never over a file unasked --------------
    export(
        "out-the-database",
        logged(*ENTRIES),
        "--out data/history.sqlite3",
        1,
        "history database",
        "Nothing was exported",
        then=count_is(11),
    ),
    export(
        "out-the-wal", logged(*ENTRIES), "--out data/history.sqlite3-wal", 1, "history database"
    ),
    export(
        "out-the-settings",
        lambda p: p.settings_file.write_text("# mine\n"),
        "--out config/settings.toml",
        1,
        "settings file",
    ),
    export(
        "out-the-log-file",
        lambda p: p.log_file.write_text("log\n"),
        "--out logs/backbreak.log --force",
        1,
        "log file",
    ),
    export(
        "out-inside-the-data-folder",
        logged(*ENTRIES),
        "--out data/routines/mine.json",
        1,
        "data folder",
    ),
    export(
        "out-through-dot-dot",
        logged(*ENTRIES),
        "--out cache/../data/history.sqlite3",
        1,
        "history database",
    ),
    export(
        "out-a-symlink-to-the-database",
        link("h.json", db),
        "--out h.json --force",
        1,
        "history database",
    ),
    export(
        "out-a-hard-link-to-the-database",
        link("h.json", db, hard=True),
        "--out h.json --force",
        1,
        "another name",
    ),
    export(
        "out-an-existing-file",
        raw("my notes\n", "notes.json"),
        "--out notes.json",
        1,
        "already exists",
        "--force",
    ),
    export("out-a-folder", folder("exports"), "--out exports --force", 1, "folder"),
    export(
        "out-a-named-pipe", fifo("pipe.json"), "--out pipe.json --force", 1, "not a regular file"
    ),
    export(
        "out-h2-csv",
        logged(*ENTRIES),
        "--out h2.csv",
        0,
        "Exported 11 events",
        then=csv_file("h2.csv"),
    ),
    export(
        "out-h2-CSV-upper",
        logged(*ENTRIES),
        "--out H2.CSV",
        0,
        "Exported 11",
        then=csv_file("H2.CSV"),
    ),
    export("format-clash", logged(*ENTRIES), "--format json --out h2.csv", 2, "does not match"),
    export(
        "formulas-neutralised",
        logged(*ENTRIES),
        "--format csv --out f.csv",
        0,
        "Exported 11",
        then=csv_file("f.csv"),
    ),
    export("round-trip-csv", logged(*ENTRIES), "--format csv", 0, "uid", then=round_trip("csv")),
    export(
        "round-trip-json",
        logged(*ENTRIES),
        "",
        0,
        "first-ever",
        "last-ever",
        then=round_trip("json"),
    ),
]


@pytest.mark.parametrize(("case", "then"), CASES, ids=[case.id for case, _ in CASES])
def test_a_hostile_import_or_export(
    qtbot, backbreak_home: Path, monkeypatch: pytest.MonkeyPatch, case: Case, then: Then
) -> None:
    backbreak_home.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(backbreak_home)
    result = check(case)
    if then is not None:
        then(result)


def test_every_case_has_its_own_name() -> None:
    names = [case.id for case, _ in CASES]
    assert len(names) == len(set(names)) and len(names) >= 30
