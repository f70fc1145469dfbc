"""The completion log: SQLite with WAL, versioned migrations, parameterised SQL only.

Every outcome is committed (synchronous=FULL) before the UI says it happened, so a SIGKILL
right after "Done" loses nothing. A corrupt file is moved aside, never overwritten; a newer
schema is left untouched; a folder we cannot write makes the log unavailable, not the app.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from backbreak.core.history import EventKind, LogEntry
from backbreak.core.stats import COUNTED, RANKED, DayTally, RoutineTally
from backbreak.storage.atomic import backup_name
from backbreak.storage.paths import make_private_dir

APPLICATION_ID = 0x626B6272  # "bkbr" in the SQLite header: this file is a backbreak log

MIGRATIONS: tuple[str, ...] = (
    # 1: the event log and a small key/value store for state that must survive restarts.
    """
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        at_utc TEXT NOT NULL,
        utc_offset_minutes INTEGER NOT NULL,
        routine_id TEXT,
        routine_version INTEGER,
        category TEXT,
        planned_seconds REAL,
        actual_seconds REAL,
        steps_done INTEGER,
        steps_total INTEGER,
        detail TEXT
    );
    CREATE INDEX events_at ON events (at_utc);
    CREATE TABLE state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 2: how tense or sore the neck/back felt (0-10) before and after a routine.
    """
    ALTER TABLE events ADD COLUMN checkin_before INTEGER;
    ALTER TABLE events ADD COLUMN checkin_after INTEGER;
    """,
    # 3: the local calendar day each event happened on, so the history figures are one
    # indexed GROUP BY (a decade of heavy use in well under 150 ms) instead of a date
    # computation per row; and our application id, so another program's database at our path
    # is recognised instead of being migrated into.
    f"""
    ALTER TABLE events ADD COLUMN local_day TEXT;
    UPDATE events SET local_day = date(at_utc, utc_offset_minutes || ' minutes');
    CREATE INDEX events_day ON events
        (kind, local_day, routine_id, category, actual_seconds, checkin_before, checkin_after);
    PRAGMA application_id = {APPLICATION_ID};
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

COLUMNS = (
    "uid",
    "kind",
    "at_utc",
    "utc_offset_minutes",
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
)
WRITTEN = (*COLUMNS, "local_day")
_INSERT = (
    f"INSERT OR IGNORE INTO events ({', '.join(WRITTEN)}) VALUES ({', '.join('?' * len(WRITTEN))})"
)
_COUNTED = ", ".join(f"'{kind.value}'" for kind in COUNTED)
_RANKED = ", ".join(f"'{kind.value}'" for kind in RANKED)


class LogUnavailableError(Exception):
    """The log cannot be used; the message says why and what to do."""


class LogWriteError(Exception):
    """One write failed (disk full, file gone); the app goes on and tells the user."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message
        """The cause alone, in words for the user ("the disk is full")."""


@dataclass
class OpenResult:
    log: EventLog | None
    notices: list[str] = field(default_factory=list)
    """Sentences for the user: a backup made, why nothing is logged, …"""


class EventLog:
    """One writer (the app); readers (the CLI) may open the same file at the same time."""

    def __init__(self, conn: sqlite3.Connection, path: Path, version: int = SCHEMA_VERSION) -> None:
        self._conn = conn
        self.path = path
        # A reader (the CLI) may meet an older schema it must not migrate: columns added
        # later read as NULL.
        missing = {"checkin_before", "checkin_after"} if version < 2 else set()
        self._select = ", ".join(f"NULL AS {c}" if c in missing else c for c in COLUMNS)
        # Before version 3 there is no stored day: work it out per row (slower, same answer).
        self._day = (
            "local_day" if version >= 3 else "date(at_utc, utc_offset_minutes || ' minutes')"
        )

    # -- writing -----------------------------------------------------------------------
    def record(self, entry: LogEntry) -> str:
        """Append one event and commit it durably. Returns its uid."""
        row = _row(entry)
        try:
            with self._conn:
                self._conn.execute(_INSERT, row)
        except sqlite3.Error as exc:
            raise LogWriteError(
                f"could not log {entry.kind.value}: {_reason(exc)}", _reason(exc)
            ) from exc
        return str(row[0])

    def record_many(self, entries: Iterable[LogEntry]) -> int:
        """Append many events in one transaction (an import): all of them or none.

        Events whose uid is already there are left alone. Returns how many were added.
        """
        try:
            with self._conn:
                before = self._conn.total_changes
                self._conn.executemany(_INSERT, (_row(entry) for entry in entries))
                return self._conn.total_changes - before
        except sqlite3.Error as exc:
            raise LogWriteError(
                f"could not add the events: {_reason(exc)}. Nothing was added.", _reason(exc)
            ) from exc

    def set_checkin_after(self, uid: str, value: int | None) -> None:
        """The after-routine check-in arrives after the row was made durable."""
        try:
            with self._conn:
                self._conn.execute(
                    "UPDATE events SET checkin_after = ? WHERE uid = ?", (value, uid)
                )
        except sqlite3.Error as exc:
            raise LogWriteError(
                f"could not save the check-in: {_reason(exc)}", _reason(exc)
            ) from exc

    def delete_all(self) -> int:
        """Forget every event (the user asked). Returns how many there were."""
        try:
            with self._conn:
                count = int(self._conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
                self._conn.execute("DELETE FROM events")
            self._conn.execute("VACUUM")  # and do not leave them readable in free pages
        except sqlite3.Error as exc:
            raise LogWriteError(
                f"could not delete the history: {_reason(exc)}", _reason(exc)
            ) from exc
        return count

    def set_state(self, key: str, value: str | None) -> None:
        try:
            with self._conn:
                if value is None:
                    self._conn.execute("DELETE FROM state WHERE key = ?", (key,))
                else:
                    self._conn.execute(
                        "INSERT INTO state (key, value) VALUES (?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        (key, value),
                    )
        except sqlite3.Error as exc:
            raise LogWriteError(f"could not save {key}: {_reason(exc)}", _reason(exc)) from exc

    # -- reading -----------------------------------------------------------------------
    def get_state(self, key: str) -> str | None:
        try:
            row = self._conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else str(row[0])

    def open_session(self) -> LogEntry | None:
        """The newest STARTED row when no COMPLETED or ABANDONED row follows it: a routine
        that was playing when backbreak stopped (a crash, a kill, a power cut)."""
        try:
            row = self._conn.execute(
                f"SELECT {self._select} FROM events WHERE kind IN ('started', 'completed', "
                "'abandoned') ORDER BY id DESC LIMIT 1"  # as written: clocks can go back
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        entry = _entry(row)
        return entry if entry.kind is EventKind.STARTED else None

    def recent(self, limit: int = 20, since: datetime | None = None) -> list[LogEntry]:
        """The newest events first."""
        if since is None:
            rows = self._conn.execute(
                f"SELECT {self._select} FROM events ORDER BY at_utc DESC, id DESC LIMIT ?", (limit,)
            )
        else:
            rows = self._conn.execute(
                f"SELECT {self._select} FROM events WHERE at_utc >= ? "
                "ORDER BY at_utc DESC, id DESC LIMIT ?",
                (_utc_text(since), limit),
            )
        return [_entry(row) for row in rows]

    def since(self, start: datetime) -> list[LogEntry]:
        """Every event from `start` on, oldest first (for statistics)."""
        rows = self._conn.execute(
            f"SELECT {self._select} FROM events WHERE at_utc >= ? ORDER BY at_utc, id",
            (_utc_text(start),),
        )
        return [_entry(row) for row in rows]

    def tallies(
        self, routines_since: date | None = None, routines_by_day: bool = True
    ) -> tuple[list[DayTally], list[RoutineTally]]:
        """Counted events per local day over the whole log (streaks need all of it), and per
        routine from `routines_since` on. The same as `core.stats.tally`.

        With `routines_by_day` False there is one routine tally per routine and kind, dated
        the last day it happened: enough for one period (the CLI), and far fewer rows than a
        window that switches periods in memory needs.
        """
        day_rows = self._conn.execute(
            f"SELECT {self._day} AS day, kind, COUNT(*), TOTAL(actual_seconds), "
            "TOTAL(checkin_before), COUNT(checkin_before), TOTAL(checkin_after), "
            f"COUNT(checkin_after) FROM events WHERE kind IN ({_COUNTED}) "
            "GROUP BY day, kind ORDER BY day, kind"
        ).fetchall()
        days = [
            DayTally(
                date.fromisoformat(day),
                EventKind(kind),
                int(count),
                float(seconds),
                float(before),
                int(n_before),
                float(after),
                int(n_after),
            )
            for day, kind, count, seconds, before, n_before, after, n_after in day_rows
        ]
        since = (routines_since or date.min).isoformat()
        grouping = (
            f"{self._day}, kind, routine_id, category"
            if routines_by_day
            else "kind, routine_id, category"
        )
        routine_rows = self._conn.execute(
            f"SELECT MAX({self._day}) AS day, kind, routine_id, category, COUNT(*) "
            f"FROM events WHERE kind IN ({_RANKED}) AND {self._day} >= ? "
            "AND routine_id IS NOT NULL AND routine_id != '' "
            f"GROUP BY {grouping}",
            (since,),
        ).fetchall()
        routines = [
            RoutineTally(
                date.fromisoformat(day),
                EventKind(kind),
                str(rid),
                None if category is None else str(category),
                int(count),
            )
            for day, kind, rid, category, count in routine_rows
        ]
        return days, routines

    def count(self, kind: EventKind | None = None) -> int:
        if kind is None:
            row = self._conn.execute("SELECT COUNT(*) FROM events").fetchone()
        else:
            row = self._conn.execute(
                "SELECT COUNT(*) FROM events WHERE kind = ?", (kind.value,)
            ).fetchone()
        return int(row[0])

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()

    def __enter__(self) -> EventLog:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _utc_text(at: datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("log times must be timezone-aware")
    return at.astimezone(UTC).isoformat(timespec="milliseconds")


def _row(entry: LogEntry) -> tuple[object, ...]:
    offset = entry.at.utcoffset() or timedelta(0)
    return (
        entry.uid or uuid.uuid4().hex,
        entry.kind.value,
        _utc_text(entry.at),
        round(offset.total_seconds() / 60),
        entry.routine_id,
        entry.routine_version,
        entry.category,
        entry.planned_seconds,
        entry.actual_seconds,
        entry.steps_done,
        entry.steps_total,
        entry.detail,
        entry.checkin_before,
        entry.checkin_after,
        entry.at.date().isoformat(),
    )


def _entry(row: tuple[object, ...]) -> LogEntry:
    (
        uid,
        kind,
        at_utc,
        offset,
        routine_id,
        version,
        category,
        planned,
        actual,
        done,
        total,
        detail,
        before,
        after,
    ) = row
    tz = timezone(timedelta(minutes=int(str(offset))))
    at = datetime.fromisoformat(str(at_utc)).astimezone(tz)
    return LogEntry(
        kind=EventKind(str(kind)),
        at=at,
        routine_id=None if routine_id is None else str(routine_id),
        routine_version=None if version is None else int(str(version)),
        category=None if category is None else str(category),
        planned_seconds=None if planned is None else float(str(planned)),
        actual_seconds=None if actual is None else float(str(actual)),
        steps_done=None if done is None else int(str(done)),
        steps_total=None if total is None else int(str(total)),
        detail=None if detail is None else str(detail),
        uid=str(uid),
        checkin_before=None if before is None else int(str(before)),
        checkin_after=None if after is None else int(str(after)),
    )


def _connect(path: Path, read_only: bool, immutable: bool = False) -> sqlite3.Connection:
    if read_only:
        flags = "mode=ro&immutable=1" if immutable else "mode=ro"
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?{flags}", uri=True, timeout=5)
    else:
        conn = sqlite3.connect(path, timeout=5)
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


class ForeignDatabaseError(sqlite3.DatabaseError):
    """A healthy SQLite file that belongs to another program: never migrate into it."""


def _check_ours(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Raise ForeignDatabaseError unless the file is empty or a backbreak log."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    tables = {
        str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if app_id == APPLICATION_ID:
        return
    # Logs from before version 3 carry no application id: recognise them by their tables.
    ours = app_id == 0 and (
        (version == 0 and not tables) or (version > 0 and {"events", "state"} <= tables)
    )
    if not ours:
        raise ForeignDatabaseError(
            f"it is a database of another program (application id {app_id:#x}, "
            f"tables: {', '.join(sorted(tables)) or 'none'})"
        )


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    """Check the file, then migrate. Raises sqlite3.DatabaseError for a broken file."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise LogUnavailableError(
            f"The history database {path} was written by a newer backbreak (schema {version},"
            f" this one knows {SCHEMA_VERSION}). It was left untouched; breaks are not being"
            " logged. Update backbreak to keep logging."
        )
    _check_ours(conn, path, version)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise sqlite3.DatabaseError(f"integrity check failed: {result}")
    for number in range(version, SCHEMA_VERSION):
        with conn:
            conn.executescript(
                f"BEGIN;\n{MIGRATIONS[number]}\nPRAGMA user_version = {number + 1};\nCOMMIT;"
            )


#: Errors that say the file cannot be used *now* (a full disk, no permission, an I/O error, a
#: lock held too long), not that it is damaged: such a file is left exactly where it is.
_NOT_NOW = frozenset(
    {
        sqlite3.SQLITE_PERM,
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_NOMEM,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_NOLFS,
        sqlite3.SQLITE_AUTH,
    }
)


def _primary_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def _reason(exc: BaseException) -> str:
    """The error in words a user can act on."""
    if _primary_code(exc) == sqlite3.SQLITE_FULL:
        return "the disk is full"
    return str(exc)


def open_log(path: Path, now: datetime) -> OpenResult:
    """Open (creating or migrating) the log for writing. Never raises."""
    return _open(path, now, may_move_aside=True)


def _open(path: Path, now: datetime, may_move_aside: bool) -> OpenResult:
    try:
        make_private_dir(path.parent)
        _create_private(path)
    except OSError as exc:
        return OpenResult(None, [_unwritable(path, exc)])
    try:
        conn = _connect(path, read_only=False)
    except sqlite3.Error as exc:
        return OpenResult(None, [_unwritable(path, exc)])
    try:
        _prepare(conn, path)
        return OpenResult(EventLog(conn, path))
    except LogUnavailableError as exc:
        conn.close()
        return OpenResult(None, [str(exc)])
    except sqlite3.DatabaseError as exc:
        conn.close()
        # A full disk or a missing permission is no reason to call a healthy history
        # damaged and move it aside (and a fresh file would fail the same way).
        if (
            _primary_code(exc) in _NOT_NOW
            or not may_move_aside
            or any(words in str(exc) for words in ("readonly", "unable to open", "disk I/O"))
        ):
            return OpenResult(None, [_unwritable(path, exc)])
        return _move_aside_and_retry(path, now, exc)


def _disk_full(path: Path, exc: Exception) -> bool:
    """SQLite says "disk I/O error" when it cannot even make its shared-memory file."""
    code = _primary_code(exc)
    if code == sqlite3.SQLITE_FULL:
        return True
    if code != sqlite3.SQLITE_IOERR:
        return False
    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


def _create_private(path: Path) -> None:
    """A new log starts as an empty user-only (0600) file; SQLite gives its -wal and -shm
    files the same mode. An existing file keeps its mode."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _unwritable(path: Path, exc: Exception) -> str:
    if _disk_full(path, exc):
        return (
            f"The history database {path} cannot be written: the disk is full. backbreak "
            "keeps running, but breaks are not being logged until there is free space "
            "again (then restart backbreak)."
        )
    return (
        f"The history database {path} cannot be opened for writing ({exc}). backbreak "
        "keeps running, but breaks are not being logged until the folder is writable."
    )


def _move_aside_and_retry(path: Path, now: datetime, exc: Exception) -> OpenResult:
    foreign = isinstance(exc, ForeignDatabaseError)
    backup = backup_name(path, now, "foreign" if foreign else "corrupt")
    problem = "not a backbreak history" if foreign else "damaged"
    try:
        path.rename(backup)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(backup.with_name(backup.name + suffix))
    except OSError as move_error:
        return OpenResult(
            None,
            [
                f"The history database {path} is {problem} ({exc}) and could not be moved aside "
                f"({move_error}). It was left untouched; breaks are not being logged."
            ],
        )
    notice = (
        f"The history database was {problem} ({exc}). It was kept as {backup} and a "
        "new, empty history was started."
    )
    result = _open(path, now, may_move_aside=False)  # once: a fresh file is never damaged
    result.notices.insert(0, notice)
    return result


def _open_to_read(path: Path) -> tuple[sqlite3.Connection, int]:
    """A read-only connection and the schema version. Raises sqlite3.DatabaseError.

    A log in WAL mode needs its -shm file, which SQLite makes beside it: in a folder the
    user cannot write (a read-only profile) that fails. When no -wal file holds changes
    not yet written back, the main file is all there is, and it is read as immutable.
    """
    conn: sqlite3.Connection | None = None
    try:
        conn = _connect(path, read_only=True)
        return conn, int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        wal = path.with_name(path.name + "-wal")
        pending = wal.exists() and wal.stat().st_size > 0
        if pending or _primary_code(exc) not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN):
            raise
    conn = _connect(path, read_only=True, immutable=True)
    try:
        return conn, int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError:
        conn.close()
        raise


@contextlib.contextmanager
def read_log(path: Path) -> Iterator[EventLog | None]:
    """Open for reading only (the CLI): never creates, migrates or moves anything."""
    if not path.exists():
        yield None
        return
    try:
        conn, version = _open_to_read(path)
    except sqlite3.DatabaseError as exc:
        if _primary_code(exc) in _NOT_NOW:
            raise LogUnavailableError(
                f"The history database {path} cannot be read here ({exc}). The file itself "
                "looks fine: check that you may read it and write in its folder."
            ) from exc
        raise LogUnavailableError(
            f"The history database {path} cannot be read ({exc}). Start backbreak once: it "
            "will keep the damaged file as a backup and start a new one."
        ) from exc
    if version > SCHEMA_VERSION:
        conn.close()
        raise LogUnavailableError(
            f"The history database {path} was written by a newer backbreak (schema {version});"
            " update backbreak to read it."
        )
    try:
        _check_ours(conn, path, version)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise LogUnavailableError(
            f"The history database {path} is not a backbreak history ({exc}). Start backbreak "
            "once: it will keep the file as a backup and start a new history."
        ) from exc
    if version == 0:
        conn.close()
        yield None
        return
    log = EventLog(conn, path, version)
    try:
        yield log
    finally:
        log.close()
