"""The index that speeds up the routine tally: made at every open for writing, outside the
schema versions, never changing an answer, and never a reason for the log not to open."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, datetime, timedelta, timezone

from backbreak.storage import schema
from backbreak.storage.db import open_log, read_log
from tools.demo_history import demo_history

END = datetime(2026, 3, 2, 17, 0, tzinfo=timezone(timedelta(hours=1)))


def indexes(path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn, conn:
        found = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
    return {name for (name,) in found}


def test_a_log_from_before_gets_the_index_and_keeps_its_version(tmp_path):
    path = tmp_path / "history.sqlite3"
    log = open_log(path, END).log
    assert log is not None
    log.record_many(demo_history(END, 30))
    log.close()
    with closing(sqlite3.connect(path)) as conn, conn:  # as the previous release left it
        conn.execute("DROP INDEX events_routine")
    assert "events_routine" not in indexes(path)

    log = open_log(path, END).log
    assert log is not None
    log.close()
    assert "events_routine" in indexes(path)
    # An older backbreak still opens it: the same version.
    with closing(sqlite3.connect(path)) as conn, conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_the_tallies_are_the_same_with_and_without_the_index(tmp_path):
    path = tmp_path / "history.sqlite3"
    log = open_log(path, END).log
    assert log is not None
    log.record_many(demo_history(END, 400, reminders_per_day=12))
    log.close()
    sinces = [None, END.date(), END.date() - timedelta(days=89), date(2025, 2, 28)]

    def tallies():
        with read_log(path) as reader:
            assert reader is not None
            return [reader.tallies(s, by_day) for s in sinces for by_day in (True, False)]

    with_index = tallies()
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DROP INDEX events_routine")
    assert tallies() == with_index
    assert any(routines for _days, routines in with_index)


def test_an_index_that_cannot_be_made_does_not_keep_the_log_from_opening(
    tmp_path, monkeypatch, caplog
):
    monkeypatch.setattr(schema, "ACCELERATORS", ("CREATE INDEX broken ON no_such_table (x)",))
    caplog.set_level("INFO", logger=schema.__name__)
    opened = open_log(tmp_path / "history.sqlite3", END)
    assert opened.log is not None and opened.notices == []
    opened.log.close()
    assert "an index that speeds up the history was not made" in caplog.text
