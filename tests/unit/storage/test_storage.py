import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from backbreak.core.events import EventKind, LogEntry
from backbreak.core.settings import SNOOZE, STRETCH_EVERY
from backbreak.fs import atomic
from backbreak.storage.db import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    LogUnavailableError,
    open_log,
    read_log,
)
from backbreak.storage.paths import AppPaths
from backbreak.storage.settings_file import load_settings, save_settings
from tests.helpers.fakes import START

ROOT = Path(__file__).resolve().parents[3]


def test_backbreak_home_relocates_every_path(tmp_path):
    paths = AppPaths.from_environment({"BACKBREAK_HOME": str(tmp_path)})
    for path in (
        paths.settings_file,
        paths.database,
        paths.user_routines,
        paths.log_file,
        paths.cache_dir,
    ):
        assert path.is_relative_to(tmp_path)
    assert paths.portable


def test_without_backbreak_home_paths_come_from_platformdirs(tmp_path):
    env = {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        paths = AppPaths.from_environment({})
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    if sys.platform.startswith("linux"):
        assert paths.settings_file == tmp_path / "cfg" / "backbreak" / "settings.toml"
        assert paths.database == tmp_path / "data" / "backbreak" / "history.sqlite3"
    assert not paths.portable


# -- settings file -----------------------------------------------------------------------
def test_a_missing_settings_file_is_created_with_documented_defaults(tmp_path):
    path = tmp_path / "settings.toml"
    loaded = load_settings(path, START)
    assert loaded.problems == [] and loaded.notices == [] and loaded.first_run
    assert not load_settings(path, START).first_run
    text = path.read_text()
    assert 'stretch_every = "50m"' in text and "# Time between stretch breaks" in text


def test_a_settings_file_that_does_not_parse_is_kept_as_a_backup(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("[schedule\nstretch_every = 10m")
    loaded = load_settings(path, START)
    backups = list(tmp_path.glob("settings.toml.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_text() == "[schedule\nstretch_every = 10m"
    assert loaded.settings[STRETCH_EVERY] == timedelta(minutes=50)
    assert str(backups[0]) in loaded.notices[0]
    assert 'stretch_every = "50m"' in path.read_text()


def test_a_bad_value_is_reported_and_the_rest_kept(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('[schedule]\nstretch_every = "forever"\nsnooze = "2m"\n')
    loaded = load_settings(path, START)
    assert loaded.settings[SNOOZE] == timedelta(minutes=2)
    assert loaded.settings[STRETCH_EVERY] == timedelta(minutes=50)
    assert [p.key for p in loaded.problems] == ["schedule.stretch_every"]
    assert path.read_text().startswith("[schedule]")  # the user's file is not rewritten


def test_a_crash_between_write_and_rename_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "settings.toml"
    save_settings(path, load_settings(path, START).settings)
    before = path.read_text()

    def crash(*_args):
        raise OSError("simulated crash before rename")

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(OSError):
        atomic.write_atomic(path, "half a file")
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]  # no temp files left


# -- the log -----------------------------------------------------------------------------
def entry(kind=EventKind.COMPLETED, minutes=0, **kw):
    return LogEntry(
        kind,
        START + timedelta(minutes=minutes),
        "neck-release",
        1,
        "stretch",
        planned_seconds=180,
        **kw,
    )


def test_events_round_trip_with_local_offset(tmp_path):
    opened = open_log(tmp_path / "h.sqlite3", START)
    log = opened.log
    assert opened.notices == []
    log.record(entry(EventKind.STARTED))
    log.record(entry(EventKind.ABANDONED, 2, steps_done=3, steps_total=7, actual_seconds=95))
    newest = log.recent(10)
    assert [e.kind for e in newest] == [EventKind.ABANDONED, EventKind.STARTED]
    assert newest[0].at == START + timedelta(minutes=2)
    assert newest[0].at.utcoffset() == START.utcoffset()
    assert (newest[0].steps_done, newest[0].steps_total) == (3, 7)
    mode = log._conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    log.close()


def test_the_cli_can_read_while_the_app_writes(tmp_path):
    path = tmp_path / "h.sqlite3"
    writer = open_log(path, START).log
    writer.record(entry())
    with read_log(path) as reader:
        assert reader.count() == 1
        writer.record(entry(minutes=5))
        assert reader.count() == 2
    writer.close()


def test_a_corrupt_database_is_moved_aside_and_a_fresh_one_started(tmp_path):
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"this is not a database, just some text" * 200)
    opened = open_log(path, START)
    assert opened.log is not None and opened.log.count() == 0
    backups = list(tmp_path.glob("h.sqlite3.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_bytes().startswith(b"this is not")
    assert str(backups[0]) in opened.notices[0]
    opened.log.close()


def test_a_newer_schema_is_left_untouched(tmp_path):
    path = tmp_path / "h.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # every backbreak since 3
    conn.execute("CREATE TABLE future (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    opened = open_log(path, START)
    assert opened.log is None
    assert "newer backbreak" in opened.notices[0]
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))


READ_ONLY_SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from backbreak.storage.db import open_log
from tests.helpers.fakes import START
opened = open_log(Path({path!r}), START)
print("LOG" if opened.log is not None else "NO LOG")
print(opened.notices[0] if opened.notices else "")
"""


def run_as_an_ordinary_user(script: str) -> subprocess.CompletedProcess[str]:
    """Run Python without root's power to ignore file modes (CI runs as root)."""
    command = [sys.executable, "-c", script]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root, and setpriv (util-linux) is missing to drop CAP_DAC_OVERRIDE")
        dropped = "-dac_override,-dac_read_search,-fowner"
        command = [setpriv, f"--bounding-set={dropped}", f"--inh-caps={dropped}", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_a_read_only_folder_means_no_logging_not_a_crash(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = run_as_an_ordinary_user(
            READ_ONLY_SCRIPT.format(root=str(ROOT), path=str(folder / "h.sqlite3"))
        )
    finally:
        folder.chmod(stat.S_IRWXU)
    assert result.returncode == 0, result.stderr
    verdict, notice = result.stdout.splitlines()[:2]
    assert verdict == "NO LOG"
    assert "cannot be opened for writing" in notice and "not being logged" in notice
    assert list(folder.iterdir()) == []  # nothing half-made


def test_a_read_only_database_in_a_read_only_folder_is_read_not_moved(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "h.sqlite3"
    log = open_log(path, START).log
    log.record(entry())
    log.close()
    before = path.read_bytes()
    path.chmod(stat.S_IRUSR)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = run_as_an_ordinary_user(READ_ONLY_SCRIPT.format(root=str(ROOT), path=str(path)))
    finally:
        folder.chmod(stat.S_IRWXU)
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "NO LOG"
    assert "not being logged" in result.stdout
    assert path.read_bytes() == before and not list(folder.glob("*.corrupt-*"))
    with read_log(path) as reader:  # the CLI still reads it
        assert reader.count() == 1


def foreign_database(path: Path, application_id: int = 0) -> bytes:
    """A healthy SQLite file of another program, as it could sit at our path."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {application_id}")
    conn.execute("CREATE TABLE bookmarks (url TEXT, title TEXT)")
    conn.execute("INSERT INTO bookmarks VALUES ('https://example.org', 'An example')")
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("application_id", [0, 0x4D504246])
def test_a_foreign_database_is_kept_aside_never_migrated_into(tmp_path, application_id):
    path = tmp_path / "h.sqlite3"
    original = foreign_database(path, application_id)
    with pytest.raises(LogUnavailableError, match="not a backbreak history"), read_log(path):
        pass
    assert path.read_bytes() == original  # the CLI touched nothing
    opened = open_log(path, START)
    assert opened.log is not None and opened.log.count() == 0
    [backup] = tmp_path.glob("h.sqlite3.foreign-*")
    assert backup.read_bytes() == original
    assert "not a backbreak history" in opened.notices[0] and str(backup) in opened.notices[0]
    opened.log.record(entry())
    opened.log.close()
    reopened = open_log(path, START)  # our own file is recognised by its application id
    assert reopened.notices == [] and reopened.log.count() == 1
    reopened.log.close()


def test_the_log_counts_days_exactly_as_the_pure_tally(tmp_path):
    from zoneinfo import ZoneInfo

    from backbreak.core.stats import tally

    new_york = ZoneInfo("America/New_York")
    log = open_log(tmp_path / "h.sqlite3", START).log
    entries = []
    for hour in range(0, 72, 5):  # late evenings in New York are the next day in UTC
        at = datetime(2026, 11, 1, 0, 30, tzinfo=new_york) + timedelta(hours=hour)
        for kind, routine, category in (
            (EventKind.COMPLETED, "neck-release", "stretch"),
            (EventKind.SKIPPED, "walk-break", None),
            (EventKind.SNOOZED, None, None),
            (EventKind.REMINDED, None, None),
        ):
            entries.append(
                LogEntry(
                    kind,
                    at,
                    routine,
                    1,
                    category,
                    actual_seconds=61.5,
                    uid=f"{kind}-{hour}",
                    checkin_before=hour % 11,
                    checkin_after=hour % 7,
                )
            )
    assert log.record_many(entries) == len(entries)
    assert log.record_many(entries) == 0  # keyed by uid: a second import adds nothing
    days, routines = log.tallies()
    expected_days, expected_routines = tally(entries)
    assert days == expected_days
    assert sorted(routines, key=repr) == sorted(expected_routines, key=repr)
    # One tally per routine (the CLI's single period) gives the same figures.
    from backbreak.core.stats import stats_from_tallies

    today = date(2026, 11, 3)
    for period in (1, 2, 30):
        since = today - timedelta(days=period - 1)
        with read_log(tmp_path / "h.sqlite3") as reader:
            coarse = reader.tallies(since, routines_by_day=False)
            fine = reader.tallies(since)
        assert stats_from_tallies(*coarse, today, period, 6) == stats_from_tallies(
            *fine, today, period, 6
        )
    # Days are New York days (the night DST ends included), not UTC days.
    assert [d.day.isoformat() for d in days if d.kind is EventKind.COMPLETED] == [
        "2026-11-01",
        "2026-11-02",
        "2026-11-03",
    ]
    assert [d.count for d in days if d.kind is EventKind.COMPLETED] == [5, 5, 5]
    log.close()


def test_a_read_only_database_file_means_no_logging_not_a_crash(tmp_path):
    path = tmp_path / "h.sqlite3"
    open_log(path, START).log.close()
    # A read-only *file* is honoured even for root when opened through a read-only URI;
    # simulate the folder case by pointing at a path inside a file, which no user can create.
    opened = open_log(path / "inside-a-file.sqlite3", START)
    assert opened.log is None and "not being logged" in opened.notices[0]


def test_a_completed_row_survives_sigkill_right_after_it_is_written(tmp_path):
    path = tmp_path / "h.sqlite3"
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from backbreak.storage.db import open_log
        from tests.unit.storage.test_storage import entry
        from tests.helpers.fakes import START
        log = open_log(__import__("pathlib").Path({str(path)!r}), START).log
        log.record(entry())
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert result.returncode == -9, result.stderr
    with read_log(path) as log:
        assert [e.kind for e in log.recent()] == [EventKind.COMPLETED]


def version_1_database(tmp_path: Path) -> Path:
    """A history as the first schema wrote it, with one row."""
    from backbreak.storage.db import MIGRATIONS

    path = tmp_path / "h.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    conn.execute(
        "INSERT INTO events (uid, kind, at_utc, utc_offset_minutes) "
        "VALUES ('old', 'completed', '2026-11-20T09:00:00.000+00:00', 60)"
    )
    conn.commit()
    conn.close()
    return path


def test_a_version_1_database_is_migrated_and_keeps_its_rows(tmp_path):
    path = version_1_database(tmp_path)
    log = open_log(path, START).log
    assert log._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    [old] = log.recent()
    assert old.uid == "old" and old.checkin_before is None
    # Migration 3 worked out the local day of the old row (09:00 UTC at +01:00).
    assert log._conn.execute("SELECT local_day FROM events WHERE uid = 'old'").fetchone() == (
        "2026-11-20",
    )
    uid = log.record(entry(checkin_before=6))
    log.set_checkin_after(uid, 3)
    newest = log.recent(1)[0]
    assert (newest.checkin_before, newest.checkin_after) == (6, 3)
    log.close()


def test_the_cli_reads_a_version_1_database_without_migrating_it(tmp_path):
    path = version_1_database(tmp_path)
    with read_log(path) as log:
        [old] = log.recent()
        assert old.uid == "old" and old.checkin_after is None
        assert [e.uid for e in log.since(START - timedelta(days=30))] == ["old"]
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 1  # untouched
    check.close()


def test_a_migration_first_keeps_the_old_file_byte_for_byte(tmp_path):
    path = version_1_database(tmp_path)
    original = path.read_bytes()
    log = open_log(path, START).log
    log.close()
    [kept] = tmp_path.glob("h.sqlite3.schema1-*")
    assert kept.read_bytes() == original
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600  # health data: this user only
    reopened = open_log(path, START).log  # migrated now: no second copy
    reopened.close()
    assert len(list(tmp_path.glob("h.sqlite3.schema*"))) == 1


def test_a_foreign_file_is_recognised_before_a_byte_is_written(tmp_path):
    """Tables named like ours and a schema version are not enough: the columns must be ours
    too, and the file is moved aside exactly as it was (no WAL switch first)."""
    path = tmp_path / "h.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, title TEXT);"
        "CREATE TABLE state (name TEXT, data BLOB); PRAGMA user_version = 2;"
    )
    conn.close()
    original = path.read_bytes()
    opened = open_log(path, START)
    assert opened.log is not None and "other columns" in opened.notices[0]
    [kept] = tmp_path.glob("h.sqlite3.foreign-*")
    assert kept.read_bytes() == original
    opened.log.close()


def test_a_new_file_is_written_only_where_none_is(tmp_path):
    target = tmp_path / "export.json"
    atomic.write_new(target, "first")
    with pytest.raises(FileExistsError):
        atomic.write_new(target, "second")
    assert target.read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["export.json"]  # no temp files left


def test_a_reader_recognises_a_log_the_app_migrates_as_it_looks(tmp_path):
    """The app's first start migrates the file one step a transaction while `backbreak stats`
    (or a test) reads it: every look of the reader is at one snapshot, so it sees one
    version with its own columns, never the version before and the columns after."""
    from backbreak.storage.schema import MIGRATIONS, SCHEMA_VERSION, migrate, recognise

    path = tmp_path / "history.sqlite3"
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.executescript(f"BEGIN;\n{MIGRATIONS[0]}\nPRAGMA user_version = 1;\nCOMMIT;")

    class Racing:
        """A reader's connection that lets the app finish migrating right after the reader
        has read the schema version."""

        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn, self.reads = conn, 0

        @property
        def in_transaction(self) -> bool:
            return self.conn.in_transaction

        def rollback(self) -> None:
            self.conn.rollback()

        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
            cursor = self.conn.execute(sql, *args)
            if "user_version" in sql:
                migrate(writer, 1)  # commits step by step, as the app does
            return cursor

    reader = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    assert recognise(Racing(reader)) == 1  # the version it looked at, with its columns
    assert not reader.in_transaction  # (only read: its snapshot is let go)
    assert recognise(reader) == SCHEMA_VERSION  # a second look sees the migrated file
    reader.close()
    writer.close()
