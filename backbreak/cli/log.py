"""`backbreak history|stats|export|import`: the log, read (and written) without the app."""

from __future__ import annotations

import json
import math
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from backbreak.cli.parser import MAX_DAYS

if TYPE_CHECKING:
    from backbreak.storage.db import EventLog


def cmd_history(limit: int | None, days: int | None, as_json: bool, out: TextIO) -> int:
    from datetime import timedelta

    from backbreak.core.history import EARLIEST
    from backbreak.storage.db import LogError, read_log
    from backbreak.storage.paths import AppPaths

    paths = AppPaths.from_environment()
    since = None
    if days is not None:
        if days > MAX_DAYS:
            print(f"backbreak: --days must be at most {MAX_DAYS} (100 years)", file=sys.stderr)
            return 2
        midnight = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        since = max(midnight - timedelta(days=max(1, days) - 1), EARLIEST)
    count = max(1, limit) if limit is not None else 20 if since is None else 10**9
    try:
        with read_log(paths.database) as log:
            entries = [] if log is None else log.recent(count, since)
            _tell_skipped(log)
    except LogError as exc:
        print(f"backbreak: {exc}", file=sys.stderr)
        return 1
    if as_json:
        json.dump(
            [
                {
                    "at": e.at.isoformat(),
                    "kind": e.kind.value,
                    "routine_id": e.routine_id,
                    "routine_version": e.routine_version,
                    "category": e.category,
                    "planned_seconds": e.planned_seconds,
                    "actual_seconds": e.actual_seconds,
                    "steps_done": e.steps_done,
                    "steps_total": e.steps_total,
                    "detail": e.detail,
                    "checkin_before": e.checkin_before,
                    "checkin_after": e.checkin_after,
                    "uid": e.uid,
                }
                for e in entries
            ],
            out,
            indent=2,
            allow_nan=False,
        )
        out.write("\n")
        return 0
    if not entries:
        when = "yet" if since is None else f"in the last {max(1, days or 1)} day(s)"
        print(f"No breaks logged {when}. (History lives in {paths.database})", file=out)
        return 0
    for entry in entries:
        took = (
            f"{_minutes(entry.actual_seconds):>6}" if entry.actual_seconds is not None else " " * 6
        )
        print(f"{_when(entry.at)}  {took}  {printable(entry.describe())}", file=out)
    return 0


"""The longest period --days may name: 100 years."""


def printable(text: str) -> str:
    """Text from the log as a terminal shows it harmlessly: control characters and escape
    sequences (a hand-edited row, an imported file) are written out, never sent raw."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _tell_skipped(log: EventLog | None) -> bool:
    """Say on stderr that a read left out rows it could not read (True if it did)."""
    sentence = "" if log is None else log.skipped.sentence(log.path)
    if sentence:
        print(f"backbreak: {printable(sentence)}.", file=sys.stderr)
    return bool(sentence)


def _minutes(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _when(at: datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def cmd_stats(days: int, as_json: bool, out: TextIO) -> int:
    from datetime import timedelta

    from backbreak.core.settings import DAILY_TARGET
    from backbreak.core.stats import stats_from_tallies
    from backbreak.storage.db import LogError, read_log
    from backbreak.storage.paths import AppPaths
    from backbreak.storage.settings_file import load_settings

    if days > MAX_DAYS:
        print(f"backbreak: --days must be at most {MAX_DAYS} (100 years)", file=sys.stderr)
        return 2
    paths = AppPaths.from_environment()
    now = datetime.now().astimezone()
    target = load_settings(paths.settings_file, now, read_only=True).settings[DAILY_TARGET]
    try:
        with read_log(paths.database) as log:
            # Streaks reach back before the period: the day tallies cover the whole log.
            day_tallies, routine_tallies = (
                ([], [])
                if log is None
                else log.tallies(now.date() - timedelta(days=days - 1), routines_by_day=False)
            )
            _tell_skipped(log)
    except LogError as exc:
        print(f"backbreak: {exc}", file=sys.stderr)
        return 1
    stats = stats_from_tallies(day_tallies, routine_tallies, now.date(), days, target)
    if as_json:
        json.dump(stats_json(stats), out, indent=2, allow_nan=False)
        out.write("\n")
        return 0
    print(
        f"Today: {stats.today_done} of {stats.target} breaks, "
        f"{stats.today_minutes:.0f} min of stretching",
        file=out,
    )
    print(f"Streak: {stats.current_streak} day(s); best {stats.best_streak}", file=out)
    print(
        f"Last {days} days: {stats.period_completed} breaks, "
        f"{stats.period_minutes:.0f} min; target met on {stats.adherence:.0%} of the days",
        file=out,
    )
    if stats.by_routine:
        print("Done most:", file=out)
        for rid, completed, skipped in stats.by_routine[:5]:
            print(f"  {printable(rid):<28} {completed:>4} done {skipped:>4} skipped", file=out)
    if stats.most_skipped:
        print("Skipped most:", file=out)
        for rid, completed, skipped in stats.most_skipped[:3]:
            print(f"  {printable(rid):<28} {completed:>4} done {skipped:>4} skipped", file=out)
    if stats.by_category:
        print(
            "By kind: "
            + printable(
                ", ".join(f"{name} {completed}" for name, completed, _skipped in stats.by_category)
            ),
            file=out,
        )
    print(stats.tension_trend, file=out)
    print(stats.tension_summary, file=out)
    return 0


def stats_json(stats: Any) -> dict[str, Any]:
    """The documented JSON of `backbreak stats --json`: the window's figures."""

    def one(value: float | None, digits: int = 1) -> float | None:
        """Rounded, and None for what JSON cannot hold (an infinity, NaN)."""
        return None if value is None or not math.isfinite(value) else round(value, digits)

    return {
        "today": {
            "done": stats.today_done,
            "target": stats.target,
            "minutes": one(stats.today_minutes),
        },
        "streak": {"current": stats.current_streak, "best": stats.best_streak},
        "adherence": one(stats.adherence, 3),
        "period": {
            "days": len(stats.days),
            "completed": stats.period_completed,
            "minutes": one(stats.period_minutes),
        },
        "days": [
            {
                "day": d.day.isoformat(),
                "completed": d.completed,
                "skipped": d.skipped,
                "snoozed": d.snoozed,
                "minutes": one(d.minutes),
                "tension_before": one(d.tension_before),
                "tension_after": one(d.tension_after),
            }
            for d in stats.days
        ],
        "by_routine": [
            {"routine_id": r, "completed": c, "skipped": s} for r, c, s in stats.by_routine
        ],
        "by_category": [
            {"category": r, "completed": c, "skipped": s} for r, c, s in stats.by_category
        ],
        "tension_trend": stats.tension_trend,
        "tension_summary": stats.tension_summary,
    }


def _writable_log(path: Path) -> Any:
    """Open the log for writing (creating or migrating it); notices go to stderr."""
    from backbreak.storage.db import open_log

    opened = open_log(path, datetime.now().astimezone())
    for notice in opened.notices:
        print(f"backbreak: {notice}", file=sys.stderr)
    return opened.log


def cmd_delete_history(confirmed: bool, answers: TextIO, out: TextIO) -> int:
    from backbreak.storage.db import LogError
    from backbreak.storage.paths import AppPaths

    paths = AppPaths.from_environment()
    if not paths.database.exists():
        print("There is no history to delete.", file=out)
        return 0
    if not confirmed:
        print(
            f"This deletes every break in {paths.database} for good. Consider "
            "'backbreak export' first. Type delete to go on: ",
            end="",
            file=out,
            flush=True,
        )
        if answers.readline().strip().lower() != "delete":
            print("Nothing was deleted.", file=out)
            return 1
    log = _writable_log(paths.database)
    if log is None:
        return 1
    with log:
        try:
            count = log.delete_all()
        except LogError as exc:
            print(f"backbreak: {exc}", file=sys.stderr)
            return 1
    print(f"Deleted {count} events. Your settings and routines are untouched.", file=out)
    return 0


def cmd_export(fmt: str | None, target: str | None, out: TextIO, force: bool = False) -> int:
    """Write every event; to a file only where no file is (or with --force), and never to
    one of backbreak's own files. The format follows the file name unless --format says."""
    from backbreak.storage.db import LogError, read_log
    from backbreak.storage.exchange import ExchangeError, to_csv, to_json
    from backbreak.storage.paths import AppPaths
    from backbreak.storage.transfer import export_target, write_export

    paths = AppPaths.from_environment()
    where = None
    if target is not None:
        implied = {".csv": "csv", ".json": "json"}.get(Path(target).suffix.lower())
        if fmt is not None and implied is not None and implied != fmt:
            print(
                f"backbreak: --format {fmt} does not match the file name {target}: "
                f"name a .{fmt} file or leave out --format",
                file=sys.stderr,
            )
            return 2
        fmt = fmt or implied
        try:
            where = export_target(Path(target), paths, force, "; add --force to replace it")
        except ExchangeError as exc:
            print(f"backbreak: {exc}. Nothing was exported.", file=sys.stderr)
            return 1
    try:
        with read_log(paths.database) as log:
            entries = [] if log is None else log.every()
            incomplete = _tell_skipped(log)
    except LogError as exc:
        print(f"backbreak: {exc}", file=sys.stderr)
        return 1
    text = to_csv(entries) if fmt == "csv" else to_json(entries)
    if where is None:
        out.write(text)
        return 1 if incomplete else 0
    try:
        write_export(where, text, replace=force)
    except FileExistsError:
        print(
            f"backbreak: {target} appeared meanwhile and was left as it is; add --force to "
            "replace it. Nothing was exported.",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:
        print(f"backbreak: could not write {target}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Exported {len(entries)} events to {target}", file=out)
    return 1 if incomplete else 0


def cmd_import(source: str, out: TextIO) -> int:
    from backbreak.storage.db import LogError
    from backbreak.storage.exchange import ImportProblemError, parse
    from backbreak.storage.paths import AppPaths
    from backbreak.storage.transfer import read_import

    try:
        entries = parse(read_import(Path(source)))
    except ImportProblemError as exc:
        print(f"backbreak: {source}: {printable(str(exc))}. Nothing was imported.", file=sys.stderr)
        return 1
    paths = AppPaths.from_environment()
    log = _writable_log(paths.database)
    if log is None:
        return 1
    with log:
        try:
            added = log.record_many(entries)  # one transaction: all of it or nothing
        except LogError as exc:
            print(f"backbreak: {exc}", file=sys.stderr)
            return 1
    print(f"Imported {added} new events ({len(entries) - added} were already there).", file=out)
    return 0
