"""The completion log, once open: parameterised SQL only, one writer, any number of readers.

Every outcome is committed (synchronous=FULL) before the UI says it happened, so a SIGKILL
right after "Done" loses nothing. Every error of this boundary is a `LogError` with a
sentence for the user: a read never raises a raw `sqlite3` error or a bad row's ValueError,
and a row that cannot be read is skipped and counted in `skipped`.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Generator, Iterable
from datetime import date, datetime
from itertools import islice
from pathlib import Path

from backbreak.core.events import EventKind, LogEntry
from backbreak.core.i18n import _
from backbreak.core.stats import COUNTED, RANKED, DayTally, RoutineTally
from backbreak.storage import rows
from backbreak.storage.schema import SCHEMA_VERSION

_COUNTED = ", ".join(f"'{kind.value}'" for kind in COUNTED)
_RANKED = ", ".join(f"'{kind.value}'" for kind in RANKED)
_SET_CHECKIN_AFTER = "UPDATE events SET checkin_after = ? WHERE uid = ?"  # not translated: SQL
_SET_DETAIL = "UPDATE events SET detail = ? WHERE uid = ?"  # not translated: SQL
_DELETE_STATE = "DELETE FROM state WHERE key = ?"  # not translated: SQL
_SET_STATE = (  # not translated: SQL
    "INSERT INTO state (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


class LogError(Exception):
    """The history database's one error type: the message is a sentence for the user."""


class LogUnavailableError(LogError):
    """The log cannot be used or read; the message says why and what to do."""


class LogWriteError(LogError):
    """One write failed (disk full, file gone); the app goes on and tells the user."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message
        """The cause alone, in words for the user ("the disk is full")."""


def primary_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def reason(exc: BaseException) -> str:
    """The error in words a user can act on."""
    if primary_code(exc) == sqlite3.SQLITE_FULL:
        return _("the disk is full")
    return str(exc)


class EventLog:
    """One writer (the app); readers (the CLI) may open the same file at the same time."""

    def __init__(self, conn: sqlite3.Connection, path: Path, version: int = SCHEMA_VERSION) -> None:
        self._conn = conn
        self.path = path
        self.skipped = rows.Skipped()
        """The rows the last read left out because they could not be read."""
        # A reader (the CLI) may meet an older schema it must not migrate: columns added
        # later read as NULL.
        missing = {"checkin_before", "checkin_after"} if version < 2 else set()
        self._select = "id, " + ", ".join(  # not translated: SQL
            f"NULL AS {c}" if c in missing else c for c in rows.COLUMNS
        )
        # Before version 3 there is no stored day: work it out per row (slower, same answer).
        self._day = (  # not translated: SQL
            "local_day" if version >= 3 else "date(at_utc, utc_offset_minutes || ' minutes')"
        )
        self._countable = rows.countable()

    # -- writing -----------------------------------------------------------------------
    def record(self, entry: LogEntry) -> str:
        """Append one event and commit it durably. Returns its uid."""
        row = rows.row(entry)
        try:
            with self._conn:
                self._conn.execute(rows.INSERT, row)
        except sqlite3.Error as exc:
            raise LogWriteError(
                _("could not log {kind}: {reason}").format(
                    kind=entry.kind.value, reason=reason(exc)
                ),
                reason(exc),
            ) from exc
        return str(row[0])

    def record_many(self, entries: Iterable[LogEntry]) -> int:
        """Append many events in one transaction (an import): all of them or none.

        Events whose uid is already there are left alone. Returns how many were added.
        """
        try:
            with self._conn:
                before = self._conn.total_changes
                self._conn.executemany(rows.INSERT, (rows.row(entry) for entry in entries))
                return self._conn.total_changes - before
        except sqlite3.Error as exc:
            raise LogWriteError(
                _("could not add the events: {reason}. Nothing was added.").format(
                    reason=reason(exc)
                ),
                reason(exc),
            ) from exc

    def set_checkin_after(self, uid: str, value: int | None) -> None:
        """The after-routine check-in arrives after the row was made durable."""
        self._write(_("could not save the check-in: {reason}"), _SET_CHECKIN_AFTER, (value, uid))

    def set_detail(self, uid: str, detail: str) -> None:
        """A word about a row made durable before it was known ("felt better")."""
        self._write(_("could not save how it felt: {reason}"), _SET_DETAIL, (detail, uid))

    def delete_all(self) -> int:
        """Forget every event (the user asked). Returns how many there were."""
        try:
            with self._conn:
                count = int(self._conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
                self._conn.execute("DELETE FROM events")
            self._conn.execute("VACUUM")  # and do not leave them readable in free pages
        except sqlite3.Error as exc:
            raise LogWriteError(
                _("could not delete the history: {reason}").format(reason=reason(exc)),
                reason(exc),
            ) from exc
        return count

    def set_state(self, key: str, value: str | None) -> None:
        failed = _("could not save {key}: {reason}")
        if value is None:
            self._write(failed, _DELETE_STATE, (key,), key)
        else:
            self._write(failed, _SET_STATE, (key, value), key)

    def _write(self, failed: str, sql: str, values: tuple[object, ...], key: str = "") -> None:
        """`failed`: what the user is told when the write fails, with the {reason} (and the
        state's {key})."""
        try:
            with self._conn:
                self._conn.execute(sql, values)
        except sqlite3.Error as exc:
            raise LogWriteError(failed.format(reason=reason(exc), key=key), reason(exc)) from exc

    # -- reading -----------------------------------------------------------------------
    def data_version(self) -> int | None:
        """Changes whenever another connection (another process) commits to the file, and
        only then (None: the file cannot be asked): what a window watching the log checks."""
        try:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return None

    def get_state(self, key: str) -> str | None:
        try:
            row = self._conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None or not isinstance(row[0], str) else row[0]

    def open_session(self) -> LogEntry | None:
        """The newest STARTED row when no COMPLETED or ABANDONED row follows it: a routine
        that was playing when backbreak stopped (a crash, a kill, a power cut)."""
        try:
            newest = next(  # not translated: SQL
                self._entries(
                    f"SELECT {self._select} FROM events WHERE kind IN ('started', 'completed', "
                    "'abandoned') ORDER BY id DESC"  # as written: clocks can go back
                ),
                None,
            )
        except LogError:
            return None
        return newest if newest is not None and newest.kind is EventKind.STARTED else None

    def recent(self, limit: int = 20, since: datetime | None = None) -> list[LogEntry]:
        """The newest events first. Raises LogUnavailableError."""
        found: Generator[LogEntry, None, None]
        if since is None:
            found = self._entries(  # not translated: SQL
                f"SELECT {self._select} FROM events ORDER BY at_utc DESC, id DESC"
            )
        else:
            found = self._entries(  # not translated: SQL
                f"SELECT {self._select} FROM events WHERE at_utc >= ? "
                "ORDER BY at_utc DESC, id DESC",
                (rows.utc_text(since),),
            )
        newest = list(islice(found, max(0, limit)))
        found.close()  # the rest is never read
        return newest

    def since(self, start: datetime) -> list[LogEntry]:
        """Every event from `start` on, oldest first (for statistics). Raises
        LogUnavailableError."""
        return list(  # not translated: SQL
            self._entries(
                f"SELECT {self._select} FROM events WHERE at_utc >= ? ORDER BY at_utc, id",
                (rows.utc_text(start),),
            )
        )

    def every(self) -> list[LogEntry]:
        """Every event that can be read, oldest first (an export: nothing dated is left out).
        Raises LogUnavailableError."""
        sql = f"SELECT {self._select} FROM events ORDER BY at_utc, id"  # not translated: SQL
        return list(self._entries(sql))

    def _entries(
        self, sql: str, values: tuple[object, ...] = ()
    ) -> Generator[LogEntry, None, None]:
        """The events a query finds, rows that cannot be read skipped into `skipped`."""
        self.skipped = rows.Skipped()
        try:
            for found in self._conn.execute(sql, values):
                try:
                    yield rows.entry(found[1:], found[0])
                except rows.BadRowError as exc:
                    self.skipped.add(str(exc))
        except sqlite3.Error as exc:
            raise self._unreadable(exc) from exc

    def _unreadable(self, exc: sqlite3.Error) -> LogUnavailableError:
        return LogUnavailableError(
            _(
                "The history database {path} could not be read ({error}). Start backbreak once: "
                "a damaged file is kept as a backup and a new history started."
            ).format(path=self.path, error=exc)
        )

    def tallies(
        self, routines_since: date | None = None, routines_by_day: bool = True
    ) -> tuple[list[DayTally], list[RoutineTally]]:
        """Counted events per local day over the whole log (streaks need all of it), and per
        routine from `routines_since` on. The same as `core.stats.tally`. Rows the figures
        cannot count (a number out of range, a day that is no date) are left out and counted
        in `skipped`. Raises LogUnavailableError.

        With `routines_by_day` False there is one routine tally per routine and kind, dated
        the last day it happened: enough for one period (the CLI), and far fewer rows than a
        window that switches periods in memory needs.
        """
        self.skipped = rows.Skipped()
        ok = self._countable
        grouping = (  # not translated: SQL
            f"{self._day}, kind, routine_id, category"
            if routines_by_day
            else "kind, routine_id, category"
        )
        try:
            day_rows = self._conn.execute(
                f"SELECT {self._day} AS day, kind, COUNT(*), TOTAL(MAX(actual_seconds, 0)), "
                "TOTAL(checkin_before), COUNT(checkin_before), TOTAL(checkin_after), "
                f"COUNT(checkin_after) FROM events WHERE kind IN ({_COUNTED}) AND {ok} "
                "GROUP BY day, kind ORDER BY day, kind"
            ).fetchall()
            every = self._conn.execute(
                f"SELECT COUNT(*) FROM events WHERE kind IN ({_COUNTED})"
            ).fetchone()[0]
            left_out = int(every) - sum(int(found[2]) for found in day_rows)
            if left_out:  # rare: only then look for the first one, to name it
                first = self._conn.execute(
                    f"SELECT MIN(id) FROM events WHERE kind IN ({_COUNTED}) AND ({ok}) IS NOT 1"
                ).fetchone()[0]
                self.skipped.add(self._why(first), left_out)
            # Without such rows the condition changes nothing here: leave it out, it costs.
            routine_rows = self._conn.execute(
                f"SELECT MAX({self._day}) AS day, kind, routine_id, category, COUNT(*), "
                "TOTAL(MAX(actual_seconds, 0)) "
                f"FROM events WHERE kind IN ({_RANKED}) AND {self._day} >= ? "
                f"{f'AND {ok} ' if left_out else ''}"
                "AND routine_id IS NOT NULL AND routine_id != '' "
                f"GROUP BY {grouping}",
                ((routines_since or date.min).isoformat(),),
            ).fetchall()
        except sqlite3.Error as exc:
            raise self._unreadable(exc) from exc
        days: list[DayTally] = []
        for day, kind, count, seconds, before, n_before, after, n_after in day_rows:
            try:
                when = date.fromisoformat(day)
            except (TypeError, ValueError):
                self.skipped.add(self._bad_day(day), int(count))
                continue
            days.append(
                DayTally(
                    when,
                    EventKind(kind),
                    int(count),
                    float(seconds),
                    float(before),
                    int(n_before),
                    float(after),
                    int(n_after),
                )
            )
        routines: list[RoutineTally] = []
        for day, kind, rid, category, count, seconds in routine_rows:
            with contextlib.suppress(TypeError, ValueError):  # (counted above)
                routines.append(
                    RoutineTally(
                        date.fromisoformat(day),
                        EventKind(kind),
                        str(rid),
                        None if category is None else str(category),
                        int(count),
                        float(seconds),
                    )
                )
        return days, routines

    def _why(self, rowid: object) -> str:
        """Why row `rowid` cannot be counted, in words."""
        found = self._conn.execute(
            f"SELECT {self._select} FROM events WHERE id = ?", (rowid,)
        ).fetchone()
        try:
            rows.entry(found[1:], rowid)
        except rows.BadRowError as exc:
            return str(exc)
        return _("row id {id}: {problem}").format(
            id=rowid, problem=_("its numbers cannot be counted")
        )

    def _bad_day(self, day: object) -> str:
        """Why the rows of a day that is no date cannot be counted, the first one named."""
        problem = _("local day {day} is not a date").format(day=repr(day))
        try:
            first = self._conn.execute(
                f"SELECT MIN(id) FROM events WHERE {self._day} IS ?", (day,)
            ).fetchone()[0]
        except sqlite3.Error:
            return problem
        return _("row id {id}: {problem}").format(id=first, problem=problem)

    def count(self, kind: EventKind | None = None) -> int:
        """How many rows (readable or not). Raises LogUnavailableError."""
        try:
            if kind is None:
                row = self._conn.execute("SELECT COUNT(*) FROM events").fetchone()
            else:
                row = self._conn.execute(
                    "SELECT COUNT(*) FROM events WHERE kind = ?", (kind.value,)
                ).fetchone()
        except sqlite3.Error as exc:
            raise self._unreadable(exc) from exc
        return int(row[0])

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()

    def __enter__(self) -> EventLog:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
