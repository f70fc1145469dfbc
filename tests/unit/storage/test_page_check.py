"""SQLite's quick check at open: the app makes it (a damaged log is moved aside before a byte
is written to it); the window process the app starts leaves it out, and a damaged page then
fails the read that meets it, with a sentence, instead of costing every start a full read."""

from __future__ import annotations

import pytest

from backbreak.storage.db import LogError, open_log
from backbreak.storage.paths import AppPaths
from tests.helpers.fakes import START
from tests.reliability.hostile.test_database_rows import damaged_page


@pytest.fixture
def damaged(tmp_path) -> AppPaths:
    paths = AppPaths.from_environment({"BACKBREAK_HOME": str(tmp_path)})
    paths.ensure()
    damaged_page("events_day")(paths)
    return paths


def test_the_app_moves_a_damaged_log_aside(damaged):
    before = damaged.database.read_bytes()
    opened = open_log(damaged.database, START)
    assert opened.log is not None
    try:
        assert any("moved aside" in notice or "kept as" in notice for notice in opened.notices)
        assert damaged.database.read_bytes() != before  # a fresh log in its place
        backups = [p for p in damaged.database.parent.iterdir() if p.name != "history.sqlite3"]
        assert any(p.read_bytes() == before for p in backups if p.is_file())
    finally:
        opened.log.close()


def test_the_window_process_opens_it_and_the_read_says_why_it_failed(damaged):
    before = damaged.database.read_bytes()
    opened = open_log(damaged.database, START, check_pages=False)
    assert opened.log is not None and opened.notices == []
    try:
        with pytest.raises(LogError) as failed:
            opened.log.tallies()
        assert "history.sqlite3" in str(failed.value)
    finally:
        opened.log.close()
    assert damaged.database.read_bytes()[:100] == before[:100]  # not moved aside, not reset
