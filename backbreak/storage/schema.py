"""The history database's schema: its migrations, and how a backbreak log is recognised.

Recognising happens on a read-only connection before a single byte is written: another
program's SQLite file that happens to sit at our path (even one with tables named like ours)
must be moved aside exactly as it was, never switched to WAL or migrated into.
"""

from __future__ import annotations

import logging
import sqlite3

from backbreak.core.i18n import _

log = logging.getLogger(__name__)

APPLICATION_ID = 0x626B6272  # "bkbr" in the SQLite header: this file is a backbreak log

MIGRATIONS: tuple[str, ...] = (  # not translated: SQL
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

ACCELERATORS = (  # not translated: SQL
    # The routine tally (which routines, how often): grouped in this index's order, a decade
    # of events is one ordered pass instead of a sort (`stats` for all time: 84 → 26 ms).
    "CREATE INDEX IF NOT EXISTS events_routine ON events "
    "(kind, routine_id, category, local_day, actual_seconds)",
)
"""Indexes that only make reads faster: made at every open for writing (at once when they
exist), outside the versions, so an older backbreak still opens the file (it ignores them),
and a file where one cannot be made (a full disk) is read as fast as before, not refused."""

_FIRST_COLUMNS = [
    "id",
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
]
EVENT_COLUMNS: dict[int, frozenset[str]] = {
    1: frozenset(_FIRST_COLUMNS),
    2: frozenset([*_FIRST_COLUMNS, "checkin_before", "checkin_after"]),
    3: frozenset([*_FIRST_COLUMNS, "checkin_before", "checkin_after", "local_day"]),
}
"""The events table's columns as each schema version left them."""
STATE_COLUMNS = frozenset({"key", "value"})
ID_FROM = 3
"""The first version that writes our application id into the header."""


class ForeignDatabaseError(sqlite3.DatabaseError):
    """A healthy SQLite file that belongs to another program: never migrate into it."""


def _columns(conn: sqlite3.Connection, table: str) -> frozenset[str]:
    return frozenset(str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})"))


def recognise(conn: sqlite3.Connection) -> int:
    """The schema version of a backbreak log (0: an empty file; above SCHEMA_VERSION: a newer
    backbreak's). Only reads. Raises ForeignDatabaseError for another program's database and
    sqlite3.DatabaseError for a file that is no database.

    Every read is of one snapshot (a read transaction): a reader that looked at the version
    before the app's first start migrated the file and at the columns after it took a
    healthy log for another program's (seen in the end-to-end tests)."""
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN DEFERRED")
    try:
        return _recognise(conn)
    finally:
        if began and conn.in_transaction:
            conn.rollback()  # only read: nothing to keep


def _recognise(conn: sqlite3.Connection) -> int:
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    tables = sorted(
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    )
    why = _not_ours(conn, app_id, version, set(tables))
    if why:
        foreign = (
            _("it is a database of another program ({why}; application id {id}, tables: {tables})")
            if tables
            else _("it is a database of another program ({why}; application id {id}, tables: none)")
        )
        raise ForeignDatabaseError(
            foreign.format(why=why, id=f"{app_id:#x}", tables=", ".join(tables))
        )
    return version


def _not_ours(conn: sqlite3.Connection, app_id: int, version: int, tables: set[str]) -> str:
    """Why the file is not a backbreak log ("" when it is one)."""
    if app_id not in (0, APPLICATION_ID):
        return _("not backbreak's application id")
    if version == 0:
        return _("tables but no schema version") if tables else ""
    if (version >= ID_FROM) != (app_id == APPLICATION_ID):  # every backbreak since 3 sets it
        return _("schema {version} and application id {id} do not go together").format(
            version=version, id=f"{app_id:#x}"
        )
    if version > SCHEMA_VERSION:
        return ""  # a newer backbreak's: left untouched by the caller
    if not {"events", "state"} <= tables:
        return _("no events and state tables")
    if _columns(conn, "events") != EVENT_COLUMNS[version]:
        return _("its events table has other columns than backbreak's")
    if _columns(conn, "state") != STATE_COLUMNS:
        return _("its state table has other columns than backbreak's")
    return ""


def check_intact(conn: sqlite3.Connection) -> None:
    """Raise sqlite3.DatabaseError when SQLite finds a damaged page (read-only)."""
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise sqlite3.DatabaseError(_("integrity check failed: {result}").format(result=result))


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """Bring a recognised log from `version` to SCHEMA_VERSION, one transaction a step."""
    for number in range(version, SCHEMA_VERSION):
        with conn:
            conn.executescript(
                f"BEGIN;\n{MIGRATIONS[number]}\nPRAGMA user_version = {number + 1};\nCOMMIT;"
            )
    for sql in ACCELERATORS:
        try:
            with conn:
                conn.execute(sql)
        except sqlite3.Error as exc:  # only slower reads (a full disk): the log is whole
            log.info("an index that speeds up the history was not made: %s", exc)
