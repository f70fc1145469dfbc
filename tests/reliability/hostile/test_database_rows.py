"""Hostile history databases: hand-edited rows, damaged pages, other programs' files.

A row that cannot be read is left out and counted (the command says how many and why, the
rest is shown); a file that cannot be read at all gets one line and exit 1; and the app
still starts, with every original byte kept (a foreign or damaged file is moved aside
before a single byte of it is written).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backbreak.core.events import EventKind, LogEntry
from backbreak.storage.db import APPLICATION_ID, open_log
from backbreak.storage.paths import AppPaths
from backbreak.storage.rows import COLUMNS
from tests.reliability.hostile.harness import Case, Outcome, check, cli, paths

NOW = datetime.now().astimezone().replace(microsecond=0)
GOOD = LogEntry(
    EventKind.COMPLETED,
    NOW - timedelta(hours=1),
    "neck-release",
    1,
    "stretch",
    180.0,
    170.0,
    uid="good-row",
    checkin_before=4,
)


def log_with(*sql: str, rows: int = 1) -> Callable[[AppPaths], None]:
    """A real backbreak log holding GOOD (and `rows - 1` more), then `sql` run by hand."""

    def setup(paths: AppPaths) -> None:
        log = open_log(paths.database, NOW).log
        assert log is not None
        log.record_many(
            LogEntry(
                EventKind.COMPLETED,
                GOOD.at - timedelta(minutes=n),
                "neck-release",
                actual_seconds=60.0,
                uid=f"more-{n}",
            )
            for n in range(1, rows)
        )
        log.record(GOOD)
        log.close()
        conn = sqlite3.connect(paths.database)
        for statement in sql:
            conn.execute(statement)
        conn.commit()
        conn.close()

    return setup


def bad_row(**values: object) -> Callable[[AppPaths], None]:
    """GOOD's row, and a copy of it with `values` written into its columns by hand."""
    columns = ", ".join(f"{k} = ?" for k in values)

    def setup(paths: AppPaths) -> None:
        log_with(
            "INSERT INTO events (uid, kind, at_utc, utc_offset_minutes, routine_id, "
            "actual_seconds, local_day) SELECT 'edited', kind, at_utc, utc_offset_minutes, "
            "routine_id, actual_seconds, local_day FROM events WHERE uid = 'good-row'"
        )(paths)
        conn = sqlite3.connect(paths.database)
        conn.execute(f"UPDATE events SET {columns} WHERE uid = 'edited'", tuple(values.values()))
        conn.commit()
        conn.close()

    return setup


def foreign(*sql: str, version: int = 2, app_id: int = 0) -> Callable[[AppPaths], None]:
    """Another program's healthy SQLite file at our path."""

    def setup(paths: AppPaths) -> None:
        conn = sqlite3.connect(paths.database)
        for statement in sql:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute(f"PRAGMA application_id = {app_id}")
        conn.commit()
        conn.close()

    return setup


OTHER_PROGRAM = foreign(
    "CREATE TABLE events (id INTEGER PRIMARY KEY, title TEXT, starts TEXT)",
    "CREATE TABLE state (name TEXT, data BLOB)",
    "INSERT INTO events (title, starts) VALUES ('Dentist', '2026-12-01 09:00')",
    "INSERT INTO state VALUES ('sync', x'00ff00ff')",
)


def damaged_page(btree: str, rows: int = 400) -> Callable[[AppPaths], None]:
    """A real log whose page holding the root of `btree` (a table or an index; "schema" for
    page 1) is overwritten with noise: the file keeps its size."""

    def setup(paths: AppPaths) -> None:
        log_with(rows=rows)(paths)
        conn = sqlite3.connect(paths.database)
        found = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (btree,))
        page = 1 if btree == "schema" else int(found.fetchone()[0])
        conn.close()
        data = bytearray(paths.database.read_bytes())
        start, end = (page - 1) * 4096 + (100 if page == 1 else 0), page * 4096
        data[start:end] = bytes((i * 37 + 11) % 256 for i in range(end - start))
        paths.database.write_bytes(bytes(data))

    return setup


def file_at_database(data: bytes) -> Callable[[AppPaths], None]:
    def setup(paths: AppPaths) -> None:
        paths.database.write_bytes(data)

    return setup


def fifo(name: str) -> Callable[[AppPaths], None]:
    def setup(paths: AppPaths) -> None:
        if name != paths.database.name:
            log_with()(paths)
        os.mkfifo(paths.data_dir / name)

    return setup


def symlink_database(target: str) -> Callable[[AppPaths], None]:
    def setup(paths: AppPaths) -> None:
        paths.database.symlink_to(target)

    return setup


def folder_at_database(paths: AppPaths) -> None:
    paths.database.mkdir()
    (paths.database / "keep.txt").write_text("mine")


def truncated(paths: AppPaths) -> None:
    log_with(rows=300)(paths)
    data = paths.database.read_bytes()
    paths.database.write_bytes(data[: len(data) // 2])


def version_1_with_a_bad_row(paths: AppPaths) -> None:
    from backbreak.storage.db import MIGRATIONS

    conn = sqlite3.connect(paths.database)
    conn.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    conn.execute(
        "INSERT INTO events (uid, kind, at_utc, utc_offset_minutes) VALUES "
        "('old', 'completed', '2026-11-20T09:00:00.000+00:00', 60), "
        "('odd', 'completed', '2026-11-20T10:00:00.000+00:00', 'east')"
    )
    conn.commit()
    conn.close()


def garbage_wal(paths: AppPaths) -> None:
    log_with()(paths)
    (paths.data_dir / "history.sqlite3-wal").write_bytes(b"\x37\x7f\x06\x82" + b"junk" * 2000)


def strict_json(result: Outcome) -> None:
    """The output is JSON as RFC 8259 has it: no Infinity, no NaN."""

    def refuse(word: str) -> None:
        raise AssertionError(f"{word} is not JSON")

    json.loads(result.out, parse_constant=refuse)


def exported_json_holds(count: int) -> Callable[[Outcome], None]:
    def then(result: Outcome) -> None:
        strict_json(result)
        assert len(json.loads(result.out)) == count, result.out

    return then


Then = Callable[[Outcome], None] | None


def skipped(
    id_: str, argv: str, words: str, then: Then = None, **values: object
) -> tuple[Case, Then]:
    """A hand-edited row: the command shows the rest (exit 0) and names the row left out."""
    return Case(id_, bad_row(**values), argv.split(), 0, ["could not be read", words]), then


def unreadable(
    id_: str, setup: Callable[[AppPaths], None], argv: str, words: str, code: int = 1
) -> tuple[Case, Then]:
    """A file that is no readable backbreak log: one line, exit 1, and the app starts."""
    return Case(id_, setup, argv.split(), code, [words]), None


CASES: list[tuple[Case, Then]] = [
    # -- hand-edited rows: left out and counted, the rest shown ---------------------------
    skipped("kind-exploded", "history", "'exploded'", kind="exploded"),
    skipped("kind-a-number", "history", "kind '42'", kind=42),
    skipped("at-utc-yesterday", "history", "'yesterday'", at_utc="yesterday"),
    skipped("at-utc-empty", "history", "at_utc", at_utc=""),
    skipped("at-utc-no-offset", "history", "at_utc", at_utc="2026-11-20T09:00:00"),
    skipped(
        "at-year-1",
        "history",
        "out of range",
        at_utc="0001-01-01T00:00:00.000+00:00",
        utc_offset_minutes=-300,
    ),
    skipped(
        "at-year-9999",
        "history",
        "out of range",
        at_utc="9999-12-31T23:59:00.000+00:00",
        utc_offset_minutes=600,
    ),
    skipped("uid-empty", "history", "uid", uid=""),
    skipped("uid-a-blob", "history --json", "uid b'\\x07'", strict_json, uid=b"\x07"),
    skipped("offset-huge", "history", "utc_offset_minutes", utc_offset_minutes=10**12),
    skipped("offset-text", "history", "'east'", utc_offset_minutes="east"),
    skipped("seconds-huge", "stats --json", "actual_seconds", strict_json, actual_seconds=1e308),
    (
        # (older backbreaks wrote these when the clock was set back during a routine)
        Case("seconds-negative-reads-as-0", bad_row(actual_seconds=-5.0), ["stats", "--json"]),
        strict_json,
    ),
    skipped("seconds-text", "stats", "actual_seconds", actual_seconds="long"),
    skipped("checkin-99", "stats --json", "checkin_before", strict_json, checkin_before=99),
    skipped("checkin-minus-5", "history", "checkin_after", checkin_after=-5),
    skipped("checkin-text", "stats", "'sore'", checkin_before="sore"),
    skipped("steps-huge", "history", "steps_done", steps_done=2**62),
    skipped("version-a-fraction", "history", "routine_version", routine_version=1.5),
    skipped("detail-a-blob", "history", "detail", kind="paused", detail=b"\x00\xff"),
    skipped("local-day-yesterday", "stats", "local day 'yesterday'", local_day="yesterday"),
    skipped("local-day-null", "stats --json", "1 row", strict_json, local_day=None),
    skipped("local-day-february-30", "stats", "2026-02-30", local_day="2026-02-30"),
    skipped(
        "newest-start-is-bad", "history", "planned_seconds", kind="started", planned_seconds=1e300
    ),
    skipped("bad-rows-in-an-export", "history --json", "'exploded'", strict_json, kind="exploded"),
    (
        Case(
            "seconds-infinite",
            log_with("UPDATE events SET actual_seconds = 9e999"),
            ["stats", "--json"],
            0,
            ["actual_seconds"],
        ),
        strict_json,
    ),
    (
        Case(
            "seconds-minus-infinite",
            log_with("UPDATE events SET actual_seconds = -9e999"),
            ["history"],
            0,
            ["actual_seconds"],
        ),
        None,
    ),
    (
        Case(
            "escape-in-routine-id",
            bad_row(routine_id="\x1b[2J\x1b]0;pwned\x07"),
            ["history"],
            0,
            ["\\x1b[2J"],
        ),
        None,
    ),
    (
        Case(
            "newline-in-detail",
            bad_row(kind="paused", detail="for 1h\nCompleted fake"),
            ["history"],
            0,
            ["for 1h\\nCompleted"],
        ),
        None,
    ),
    (
        Case(
            "a-thousand-bad-rows",
            log_with("UPDATE events SET kind = 'exploded'", rows=1000),
            ["history"],
            0,
            ["1000 rows"],
        ),
        None,
    ),
    (
        Case(
            "export-leaves-out-bad-rows",
            bad_row(kind="exploded"),
            ["export"],
            1,
            ["left out", "'exploded'"],
        ),
        exported_json_holds(1),
    ),
    (
        Case(
            "state-pause-a-blob",
            log_with("INSERT INTO state VALUES ('paused_until', x'ff')"),
            ["history"],
            0,
            ["neck-release"],
        ),
        None,
    ),
    (
        Case(
            "state-rotation-huge",
            log_with("INSERT INTO state VALUES ('rotation_index', '99999999999999999999')"),
            ["stats"],
            0,
            ["Today"],
        ),
        None,
    ),
    (Case("old-schema-bad-row", version_1_with_a_bad_row, ["history"], 0, ["'east'"]), None),
    # -- files that are not a readable backbreak log: one line, exit 1 ---------------------
    unreadable("corrupt-schema-page", damaged_page("schema"), "history", "history database"),
    unreadable("corrupt-table-page", damaged_page("events"), "export", "could not be read"),
    unreadable("corrupt-index-page", damaged_page("events_day"), "stats", "could not be read"),
    unreadable("truncated-in-half", truncated, "export --format csv", "history database"),
    unreadable("foreign-events-and-state-v2", OTHER_PROGRAM, "history", "not a backbreak"),
    (Case("foreign-opened-by-the-app", OTHER_PROGRAM), None),
    unreadable(
        "foreign-right-tables-other-columns",
        foreign(
            "CREATE TABLE events (uid TEXT, colour TEXT)",
            "CREATE TABLE state (key TEXT, value TEXT)",
            version=3,
            app_id=APPLICATION_ID,
        ),
        "stats",
        "other columns",
    ),
    unreadable(
        "foreign-application-id",
        foreign("CREATE TABLE bookmarks (url TEXT)", version=0, app_id=0x4D504246),
        "export",
        "application id 0x4d504246",
    ),
    unreadable(
        "foreign-tables-no-version",
        foreign("CREATE TABLE notes (body TEXT)", version=0),
        "history",
        "not a backbreak history",
    ),
    unreadable(
        "foreign-events-is-a-view",
        foreign(
            "CREATE TABLE t (x)",
            "CREATE VIEW events AS SELECT x FROM t",
            "CREATE TABLE state (key TEXT, value TEXT)",
            version=1,
        ),
        "history",
        "not a backbreak history",
    ),
    unreadable(
        "foreign-deleted-by-the-cli",
        OTHER_PROGRAM,
        "history --delete-all --yes",
        "not a backbreak history",
        code=0,
    ),
    unreadable(
        "newer-schema",
        foreign("CREATE TABLE future (x)", version=99, app_id=APPLICATION_ID),
        "history",
        "newer backbreak",
    ),
    unreadable("text-file", file_at_database(b"my diary\n" * 500), "history", "history database"),
    unreadable("zero-page", file_at_database(bytes(4096)), "stats", "history database"),
    # (an empty file is a new log: the app writes the schema into it, as into its own)
    (Case("empty-file", file_at_database(b""), ["history"], 0, ["No breaks"], starts=False), None),
    # (SQLite itself resets a -wal it cannot use once the file is opened for writing)
    (Case("garbage-wal", garbage_wal, ["history"], 0, ["neck-release"], starts=False), None),
    unreadable("a-folder", folder_at_database, "history", "folder"),
    unreadable("a-named-pipe", fifo("history.sqlite3"), "history", "not a regular file"),
    unreadable("wal-a-named-pipe", fifo("history.sqlite3-wal"), "history", "not a regular file"),
    unreadable("link-to-dev-zero", symlink_database("/dev/zero"), "stats", "not a regular file"),
    unreadable(
        "link-to-nowhere", symlink_database("/nonexistent/h.sqlite3"), "history", "No breaks", 0
    ),
]


@pytest.mark.parametrize(("case", "then"), CASES, ids=[case.id for case, _ in CASES])
def test_a_hostile_database(qtbot, case: Case, then: Then) -> None:
    result = check(case)
    if then is not None:
        then(result)


def test_every_case_has_its_own_name() -> None:
    names = [case.id for case, _ in CASES]
    assert len(names) == len(set(names)) and len(names) >= 30


def test_a_foreign_file_keeps_every_byte_when_the_app_starts(qtbot) -> None:
    """The issue's example, byte for byte: no WAL switch before it is moved aside."""
    from tests.reliability.hostile.harness import app_starts

    where = paths()
    OTHER_PROGRAM(where)
    original = where.database.read_bytes()
    app_starts()
    [kept] = Path(where.data_dir).glob("history.sqlite3.foreign-*")
    assert kept.read_bytes() == original


# -- any values at all in a row ---------------------------------------------------------------
SQL_VALUES = st.one_of(
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.sampled_from([0, -1, 11, 10**12, 1e308, -0.0, "", "yesterday", "2026-02-30", b"\x00"]),
    st.text(max_size=12),
    st.binary(max_size=6),
)
REQUIRED = ("uid", "kind", "at_utc", "utc_offset_minutes")  # NOT NULL in the schema


@settings(max_examples=60, deadline=None)
@given(row=st.fixed_dictionaries({column: SQL_VALUES for column in (*COLUMNS, "local_day")}))
def test_any_values_in_a_row_never_reach_the_user_as_a_traceback(row: dict[str, object]) -> None:
    """history, stats and export with one arbitrary row beside a good one: each answers
    with exit 0 (the row read or left out and counted) or 1, and its JSON is JSON."""
    for column in REQUIRED:
        if row[column] is None:
            row[column] = ""
    home = Path(tempfile.mkdtemp())
    try:
        with mock.patch.dict(os.environ, {"BACKBREAK_HOME": str(home)}):
            where = paths()
            log_with()(where)
            conn = sqlite3.connect(where.database)
            conn.execute(
                f"INSERT OR IGNORE INTO events ({', '.join(row)}) "
                f"VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
            conn.commit()
            conn.close()
            for argv in (["history", "--json"], ["stats", "--json"], ["export"], ["history"]):
                result = cli(argv)
                assert "Traceback" not in result.text and result.code in (0, 1), result
                if result.code == 0 and "--json" in argv:
                    strict_json(result)
    finally:
        shutil.rmtree(home, ignore_errors=True)
