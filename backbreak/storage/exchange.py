"""Export and import of the whole log, as JSON or CSV (documented columns, one row a event).

Columns: uid, kind, at (ISO 8601 with the local offset), routine_id, routine_version,
category, planned_seconds, actual_seconds, steps_done, steps_total, detail, checkin_before,
checkin_after. Import is idempotent: rows are keyed by uid, so importing twice adds nothing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from backbreak.core.history import EventKind, LogEntry

FIELDS = (
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
)


class ImportProblemError(ValueError):
    """The file cannot be imported; the message says where and why."""


def _row(entry: LogEntry) -> dict[str, Any]:
    return {
        "uid": entry.uid,
        "kind": entry.kind.value,
        "at": entry.at.isoformat(),
        "routine_id": entry.routine_id,
        "routine_version": entry.routine_version,
        "category": entry.category,
        "planned_seconds": entry.planned_seconds,
        "actual_seconds": entry.actual_seconds,
        "steps_done": entry.steps_done,
        "steps_total": entry.steps_total,
        "detail": entry.detail,
        "checkin_before": entry.checkin_before,
        "checkin_after": entry.checkin_after,
    }


def to_json(entries: Iterable[LogEntry]) -> str:
    return json.dumps([_row(e) for e in entries], indent=2) + "\n"


def to_csv(entries: Iterable[LogEntry]) -> str:
    out = io.StringIO()
    # Text fields are always quoted: the writer only quotes line breaks it writes itself
    # ("\n"), so a lone "\r" in a detail would otherwise make an export that cannot be read.
    writer = csv.DictWriter(out, FIELDS, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    for entry in entries:
        writer.writerow({k: "" if v is None else v for k, v in _row(entry).items()})
    return out.getvalue()


def parse(text: str) -> list[LogEntry]:
    """JSON (a list of rows) or CSV (with the header row). Raises ImportProblemError."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            rows = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ImportProblemError(f"not valid JSON (line {exc.lineno}): {exc.msg}") from exc
        if not isinstance(rows, list):
            raise ImportProblemError("a JSON export is a list of rows")
    else:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        try:
            if not reader.fieldnames or "uid" not in reader.fieldnames:
                raise ImportProblemError(
                    "not a backbreak export: JSON or CSV with a uid column "
                    "expected (make one with backbreak export)"
                )
            rows = list(reader)
        except csv.Error as exc:  # e.g. a field over the csv module's size limit
            raise ImportProblemError(f"not valid CSV (line {reader.line_num}): {exc}") from None
    return [_entry(row, index) for index, row in enumerate(rows, 1)]


def _entry(row: Any, index: int) -> LogEntry:
    where = f"row {index}"
    if not isinstance(row, dict):
        raise ImportProblemError(f"{where}: not a row of named fields")
    if None in row:  # csv.DictReader's key for fields beyond the header
        raise ImportProblemError(f"{where}: more fields than the header has columns")
    unknown = set(row) - set(FIELDS)
    if unknown:
        raise ImportProblemError(f"{where}: unknown column {sorted(map(str, unknown))[0]!r}")
    values = {k: (None if row.get(k) in ("", None) else row.get(k)) for k in FIELDS}
    try:
        kind = EventKind(str(values["kind"]))
    except ValueError:
        raise ImportProblemError(
            f"{where}: kind {values['kind']!r} is not a backbreak event"
        ) from None
    try:
        at = datetime.fromisoformat(str(values["at"]))
    except ValueError:
        raise ImportProblemError(f"{where}: at {values['at']!r} is not an ISO 8601 time") from None
    if at.tzinfo is None:
        raise ImportProblemError(f"{where}: at {values['at']!r} has no UTC offset")
    try:
        at.astimezone(UTC)  # the log keeps UTC: year 1 minus an offset does not exist
    except OverflowError:
        raise ImportProblemError(f"{where}: at {values['at']!r} is out of range") from None
    if not values["uid"]:
        raise ImportProblemError(f"{where}: uid is missing")

    def number(key: str, make: Any) -> Any:
        raw: Any = values[key]
        if raw is None:
            return None
        try:
            value = make(raw)
        except (TypeError, ValueError, OverflowError):
            raise ImportProblemError(f"{where}: {key} must be a number") from None
        if make is int and not -(2**63) <= value < 2**63:  # what SQLite can store
            raise ImportProblemError(f"{where}: {key} {raw!r} is out of range")
        return value

    def words(key: str) -> str | None:
        return None if values[key] is None else str(values[key])

    return LogEntry(
        kind,
        at,
        words("routine_id"),
        number("routine_version", int),
        words("category"),
        number("planned_seconds", float),
        number("actual_seconds", float),
        number("steps_done", int),
        number("steps_total", int),
        words("detail"),
        uid=str(values["uid"]),
        checkin_before=number("checkin_before", int),
        checkin_after=number("checkin_after", int),
    )
