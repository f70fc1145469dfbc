"""Export and import of the whole log, as JSON or CSV (documented columns, one row a event).

Columns: uid, kind, at (ISO 8601 with the local offset), routine_id, routine_version,
category, planned_seconds, actual_seconds, steps_done, steps_total, detail, checkin_before,
checkin_after. Import is idempotent: rows are keyed by uid, so importing twice adds nothing.

Import accepts exactly what the log can show, count and export again (the ranges in
`core.events`), so export -> delete -> import loses nothing. A CSV export neutralises
formulas as OWASP asks (a text starting with = + - @ tab or CR gets a leading '), and import
undoes exactly that: the round trip is lossless, a spreadsheet never evaluates a routine id.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from backbreak.core.events import (
    WHOLE_NUMBERS,
    EventKind,
    LogEntry,
    number_problem,
    text_problem,
    time_problem,
)
from backbreak.core.i18n import _

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
KINDS = frozenset(kind.value for kind in EventKind)
EXPORT_COMMAND = "backbreak export"  # not translated: a command
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (the OWASP list for CSV files)."""


class ExchangeError(ValueError):
    """The import/export boundary's one error type: a sentence for the user."""


class ImportProblemError(ExchangeError):
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
    return json.dumps([_row(e) for e in entries], indent=2, allow_nan=False) + "\n"


def to_csv(entries: Iterable[LogEntry]) -> str:
    out = io.StringIO()
    # Text fields are always quoted: the writer only quotes line breaks it writes itself
    # ("\n"), so a lone "\r" in a detail would otherwise make an export that cannot be read.
    writer = csv.DictWriter(out, FIELDS, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    for entry in entries:
        writer.writerow({k: "" if v is None else neutralise(v) for k, v in _row(entry).items()})
    return out.getvalue()


def _formula_like(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralise(value: object) -> object:
    """A text a spreadsheet would run as a formula gets a leading ' (so does one that only
    looks like such a text already: `restore` must tell the two apart)."""
    return f"'{value}" if isinstance(value, str) and _formula_like(value) else value


def restore(text: str) -> str:
    """Exactly undo `neutralise`."""
    return text[1:] if text.startswith("'") and _formula_like(text[1:]) else text


def parse(text: str) -> list[LogEntry]:
    """JSON (a list of rows) or CSV (with the header row), as written by `to_json`/`to_csv`
    or re-saved by a spreadsheet (a byte-order mark, CRLF line ends, other quoting). Raises
    ImportProblemError naming the row and the field."""
    text = text.removeprefix("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            rows = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ImportProblemError(
                _("not valid JSON (line {line}): {error}").format(line=exc.lineno, error=exc.msg)
            ) from exc
        except RecursionError:
            raise ImportProblemError(_("not a backbreak export: nested too deeply")) from None
        if not isinstance(rows, list):
            raise ImportProblemError(_("a JSON export is a list of rows"))
        return [_entry(row, index, from_csv=False) for index, row in enumerate(rows, 1)]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        if not reader.fieldnames or "uid" not in reader.fieldnames:
            raise ImportProblemError(
                _(
                    "not a backbreak export: JSON or CSV with a uid column expected (make one "
                    "with {command})"
                ).format(command=EXPORT_COMMAND)
            )
        return [_entry(row, index, from_csv=True) for index, row in enumerate(reader, 1)]
    except csv.Error as exc:  # e.g. a field over the csv module's size limit
        raise ImportProblemError(
            _("not valid CSV (line {line}): {error}").format(line=reader.line_num, error=exc)
        ) from None


def _entry(row: Any, index: int, from_csv: bool) -> LogEntry:
    def bad(why: str) -> ImportProblemError:
        return ImportProblemError(_("row {index}: {problem}").format(index=index, problem=why))

    def said(template: str, name: str, value: object) -> str:
        """A problem with one field: `template` names it {field} and its value {value}."""
        return template.format(field=name, value=repr(value))

    if not isinstance(row, dict):
        raise bad(_("not a row of named fields"))
    if None in row:  # csv.DictReader's key for fields beyond the header
        raise bad(_("more fields than the header has columns"))
    unknown = set(row) - set(FIELDS)
    if unknown:
        raise bad(_("unknown column {column}").format(column=repr(sorted(map(str, unknown))[0])))
    values = {k: (None if row.get(k) in ("", None) else row.get(k)) for k in FIELDS}
    if from_csv:
        values = {k: v if v is None else restore(v) for k, v in values.items()}
    kind = values["kind"]
    if not isinstance(kind, str) or kind not in KINDS:
        raise bad(said(_("{field} {value} is not a backbreak event"), "kind", kind))
    at_text = values["at"]
    try:
        at = datetime.fromisoformat(at_text) if isinstance(at_text, str) else None
    except ValueError:
        at = None
    if at is None:
        raise bad(said(_("{field} {value} is not an ISO 8601 time"), "at", at_text))
    problem = time_problem(at)
    if problem:
        raise bad(problem)
    if not values["uid"]:
        raise bad(_("{field} is missing").format(field="uid"))

    def number(key: str) -> Any:
        raw: Any = values[key]
        if raw is None:
            return None
        value = _number(raw, key in WHOLE_NUMBERS) if from_csv else raw
        problem = number_problem(key, value)
        if problem:
            raise bad(
                problem
                if value is not None
                else said(_("{field} {value} must be a number"), key, raw)
            )
        assert isinstance(value, int | float)  # (number_problem says so)
        if key in WHOLE_NUMBERS:
            return int(value)
        return float(value) + 0.0  # -0.0 becomes 0.0: no export starts a cell with "-"

    def words(key: str) -> str | None:
        raw = values[key]
        if raw is None:
            return None
        problem = text_problem(key, raw)
        if problem:
            raise bad(problem)
        return str(raw)

    return LogEntry(
        EventKind(kind),
        at,
        words("routine_id"),
        number("routine_version"),
        words("category"),
        number("planned_seconds"),
        number("actual_seconds"),
        number("steps_done"),
        number("steps_total"),
        words("detail"),
        uid=words("uid"),
        checkin_before=number("checkin_before"),
        checkin_after=number("checkin_after"),
    )


def _number(text: str, whole: bool) -> int | float | None:
    """A CSV cell as a number (None: it is none). "7", "7.0", "1e3" and " 7 " are fine."""
    try:
        value = float(text)
    except ValueError:
        return None
    if whole and value.is_integer():
        try:
            return int(text)
        except ValueError:
            return int(value)
    return value
