"""What a person does with their history: export it, import it, delete it.

One implementation of each, used by `backbreak export|import|history --delete-all` and by the
History and Settings windows, so the checks (never over backbreak's own files, never replace
a file without asking, rows that cannot be read are named) cannot drift apart. Callers only
word the outcome: a `HistoryActionError` carries the reason, without "Nothing was exported".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from backbreak.core.i18n import _
from backbreak.storage.eventlog import LogError
from backbreak.storage.exchange import ExchangeError

if TYPE_CHECKING:
    from backbreak.core.events import LogEntry
    from backbreak.storage.eventlog import EventLog
    from backbreak.storage.paths import AppPaths

_BY_SUFFIX = {".csv": "csv", ".json": "json"}


class HistoryActionError(Exception):
    """Why an export, import or delete did nothing: one line for the user, without a final
    full stop (callers end the sentence their way)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason.rstrip(". "))


@dataclass(frozen=True, slots=True)
class Exported:
    count: int
    skipped: str
    """A sentence naming rows that could not be read and were left out, or ""."""
    text: str = ""
    """The export itself, when it was asked for as text (to standard output)."""


@dataclass(frozen=True, slots=True)
class Imported:
    added: int
    already: int


def export_format(target: Path | None, asked: str | None) -> str:
    """The format an export is written in: as asked, else as the file name says, else JSON.
    Raises HistoryActionError when the two disagree (JSON in a .csv file helps nobody)."""
    implied = _BY_SUFFIX.get(target.suffix.lower()) if target is not None else None
    if asked is not None and implied is not None and implied != asked:
        said = _(
            "--format {format} does not match the file name {path}: name a .{format} file "
            "or leave out --format"
        )
        raise HistoryActionError(said.format(format=asked, path=target))
    return asked or implied or "json"


def render(entries: list[LogEntry], fmt: str) -> str:
    from backbreak.storage.exchange import to_csv, to_json

    return to_csv(entries) if fmt == "csv" else to_json(entries)


def export_text(log: EventLog | None, fmt: str) -> Exported:
    """Every event as text (an empty history when there is no log yet)."""
    try:
        entries = [] if log is None else log.every()
    except LogError as exc:
        raise HistoryActionError(str(exc)) from None
    skipped = "" if log is None else log.skipped.sentence(log.path)
    return Exported(len(entries), skipped, render(entries, fmt))


def export_to(
    log: EventLog | None,
    target: Path,
    paths: AppPaths,
    fmt: str,
    replace: bool,
    force_hint: str = "",
) -> Exported:
    """Write every event to `target`: never one of backbreak's own files, and an existing
    file only when `replace` (else the reason ends with `force_hint`). Atomic: a failed
    export leaves no half-written file."""
    from backbreak.storage.transfer import export_target, write_export

    try:
        where = export_target(target, paths, replace, force_hint)
    except ExchangeError as exc:
        raise HistoryActionError(str(exc)) from None
    done = export_text(log, fmt)
    try:
        write_export(where, done.text, replace)
    except OSError as exc:
        if isinstance(exc, FileExistsError) and not replace:  # a file came meanwhile
            said = _("{path} appeared meanwhile and was left as it is")
            raise HistoryActionError(said.format(path=target) + force_hint) from None
        said = _("could not write {path}: {reason}; choose another folder or file name")
        raise HistoryActionError(said.format(path=target, reason=exc.strerror or exc)) from None
    return Exported(done.count, done.skipped)


def read_export_file(source: Path) -> list[LogEntry]:
    """The events of an export file, all checked; read before the log is opened, so a bad
    file creates and changes nothing."""
    from backbreak.storage.exchange import parse
    from backbreak.storage.transfer import read_import

    try:
        return parse(read_import(source))
    except ExchangeError as exc:
        raise HistoryActionError(f"{source}: {exc}") from None


def import_entries(log: EventLog, entries: list[LogEntry]) -> Imported:
    """Add events: all of them or, on any problem, none (one transaction). Events already
    in the log (same uid) are not added twice."""
    try:
        added = log.record_many(entries)
    except LogError as exc:
        raise HistoryActionError(str(exc)) from None
    return Imported(added, len(entries) - added)


def count(log: EventLog) -> int:
    try:
        return log.count()
    except LogError as exc:
        raise HistoryActionError(
            _("the history could not be read: {reason}").format(reason=exc)
        ) from None


def delete_all(log: EventLog) -> int:
    """Forget every event (the caller has asked the user); how many there were."""
    try:
        return log.delete_all()
    except LogError as exc:
        said = _("the history could not be deleted: {reason}")
        raise HistoryActionError(said.format(reason=exc)) from None
