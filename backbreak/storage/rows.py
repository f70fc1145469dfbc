"""One event as a database row and back, and which rows can be read at all.

The database is a boundary like an import file: a row may have been edited by hand or
written by an older backbreak's import (`kind = 'exploded'`, `at_utc = 'yesterday'`, a NULL,
an infinite duration). Such a row is skipped and counted, never turned into a crash.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from backbreak.core.events import (
    NUMBER_RANGES,
    EventKind,
    LogEntry,
    entry_problem,
)
from backbreak.core.i18n import _, ngettext

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
INSERT = (  # not translated: SQL
    f"INSERT OR IGNORE INTO events ({', '.join(WRITTEN)}) VALUES ({', '.join('?' * len(WRITTEN))})"
)
_REALS = ("planned_seconds", "actual_seconds")
_KINDS = frozenset(kind.value for kind in EventKind)


class BadRowError(ValueError):
    """A row that cannot be read as an event; the message names the row and the field."""


@dataclass
class Skipped:
    """Rows a read left out because they could not be read, and the first one's reason."""

    count: int = 0
    first: str = ""

    def add(self, reason: str, count: int = 1) -> None:
        if count and not self.count:
            self.first = reason
        self.count += count

    def sentence(self, path: object) -> str:
        """One line for the user; empty when nothing was skipped."""
        if not self.count:
            return ""
        return ngettext(
            "{count} row of the history database {path} could not be read and was left out ({why})",
            "{count} rows of the history database {path} could not be read and were left out "
            "({why})",
            self.count,
        ).format(count=self.count, path=path, why=self.first)


def countable() -> str:
    """An SQL condition true for the rows whose numbers the figures may add up: sums over
    them stay finite and averages within 0-10 (a fraction of a check-in only fails the whole
    row's read). Cheap on purpose (the tallies are one pass
    over an index of a decade of events); a row's day is checked on the grouped result,
    the rest of a row when it is read whole (`entry`). Text never passes a BETWEEN on
    numbers in SQLite: it sorts after them."""
    high = NUMBER_RANGES["actual_seconds"][1]
    # (9e999 is SQLite's infinity; a finite negative duration reads as 0: see `duration`)
    parts = [
        f"(actual_seconds IS NULL OR (actual_seconds > -9e999 AND actual_seconds <= {high}))"
    ]  # not translated: SQL
    for name in ("checkin_before", "checkin_after"):
        low, high = NUMBER_RANGES[name]
        parts.append(f"({name} IS NULL OR {name} BETWEEN {low} AND {high})")  # not translated: SQL
    return " AND ".join(parts)


def duration(seconds: float) -> float:
    """A measured duration as the log keeps it: one measured across a wall clock set back
    (older backbreaks wrote those) is no time at all, not a negative time."""
    return 0.0 if math.isfinite(seconds) and seconds < 0 else seconds


def utc_text(at: datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("log times must be timezone-aware")  # not translated: programmer error
    return at.astimezone(UTC).isoformat(timespec="milliseconds")


def row(entry: LogEntry) -> tuple[object, ...]:
    offset = entry.at.utcoffset() or timedelta(0)
    return (
        entry.uid or uuid.uuid4().hex,
        entry.kind.value,
        utc_text(entry.at),
        round(offset.total_seconds() / 60),
        entry.routine_id,
        entry.routine_version,
        entry.category,
        None if entry.planned_seconds is None else duration(entry.planned_seconds),
        None if entry.actual_seconds is None else duration(entry.actual_seconds),
        entry.steps_done,
        entry.steps_total,
        entry.detail,
        entry.checkin_before,
        entry.checkin_after,
        entry.at.date().isoformat(),
    )


def zone(offset_minutes: int) -> timezone:
    return timezone(timedelta(minutes=offset_minutes))


def entry(values: tuple[object, ...], rowid: object = None) -> LogEntry:
    """The event a row holds. Raises BadRowError naming the row and the field."""
    named = dict(zip(COLUMNS, values, strict=True))

    def bad(why: str) -> BadRowError:
        if rowid is None:
            return BadRowError(_("a row: {problem}").format(problem=why))
        return BadRowError(_("row id {id}: {problem}").format(id=rowid, problem=why))

    def said(template: str, name: str, value: object) -> str:
        """A problem with one field: `template` names it {field} and its value {value}."""
        return template.format(field=name, value=repr(value))

    uid, kind, at_utc, offset = (named[k] for k in ("uid", "kind", "at_utc", "utc_offset_minutes"))
    if not isinstance(uid, str) or not uid:
        raise bad(said(_("{field} {value} is not text"), "uid", uid))
    if not isinstance(kind, str) or kind not in _KINDS:
        raise bad(said(_("{field} {value} is not a backbreak event"), "kind", kind))
    event = EventKind(kind)
    if not isinstance(offset, int) or isinstance(offset, bool) or abs(offset) >= 24 * 60:
        raise bad(said(_("{field} {value} is not a UTC offset"), "utc_offset_minutes", offset))
    try:
        utc = datetime.fromisoformat(at_utc) if isinstance(at_utc, str) else None
    except ValueError:
        utc = None
    if utc is None or utc.tzinfo is None:
        raise bad(said(_("{field} {value} is not an ISO 8601 time in UTC"), "at_utc", at_utc))
    try:
        at = utc.astimezone(zone(offset))
    except OverflowError:
        raise bad(said(_("{field} {value} is out of range"), "at_utc", at_utc)) from None

    def text(name: str) -> str | None:
        value = named[name]
        if value is None or isinstance(value, str):
            return value
        raise bad(said(_("{field} {value} is not text"), name, value))

    def whole(name: str) -> int | None:
        value = named[name]
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        raise bad(said(_("{field} {value} is not a whole number"), name, value))

    def real(name: str) -> float | None:
        value = named[name]
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return duration(float(value))
        raise bad(said(_("{field} {value} is not a number"), name, value))

    made = LogEntry(
        kind=event,
        at=at,
        routine_id=text("routine_id"),
        routine_version=whole("routine_version"),
        category=text("category"),
        planned_seconds=real("planned_seconds"),
        actual_seconds=real("actual_seconds"),
        steps_done=whole("steps_done"),
        steps_total=whole("steps_total"),
        detail=text("detail"),
        uid=uid,
        checkin_before=whole("checkin_before"),
        checkin_after=whole("checkin_after"),
    )
    problem = entry_problem(made)
    if problem:
        raise bad(problem)
    return made
