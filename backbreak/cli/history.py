"""`backbreak history|stats`: the log read without the app, as lines or as JSON."""

from __future__ import annotations

import argparse
import json
import math
from datetime import datetime
from typing import TYPE_CHECKING, Any

from backbreak.cli.parser import MAX_DAYS
from backbreak.core.i18n import _, ngettext

if TYPE_CHECKING:
    from backbreak.cli.context import Context
    from backbreak.storage.db import EventLog


def cmd_history(ctx: Context, args: argparse.Namespace) -> int:
    from datetime import timedelta

    from backbreak.core.events import EARLIEST
    from backbreak.storage.db import LogError, read_log

    limit: int | None = args.limit
    days: int | None = args.days
    out = ctx.out
    since = None
    if days is not None:
        if days > MAX_DAYS:
            ctx.fail(_("--days must be at most {count} (100 years)").format(count=MAX_DAYS))
            return 2
        midnight = ctx.now().replace(hour=0, minute=0, second=0, microsecond=0)
        since = max(midnight - timedelta(days=max(1, days) - 1), EARLIEST)
    count = max(1, limit) if limit is not None else 20 if since is None else 10**9
    try:
        with read_log(ctx.paths.database) as log:
            entries = [] if log is None else log.recent(count, since)
            tell_skipped(ctx, log)
    except LogError as exc:
        ctx.fail(str(exc))
        return 1
    if args.json:
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
        span = max(1, days or 1)
        said = (
            _("No breaks logged yet. (History lives in {path})")
            if since is None
            else ngettext(
                "No breaks logged in the last {count} day. (History lives in {path})",
                "No breaks logged in the last {count} days. (History lives in {path})",
                span,
            )
        )
        print(said.format(count=span, path=ctx.paths.database), file=out)
        return 0
    whens = [_when(entry.at) for entry in entries]
    width = max(len(w) for w in whens)
    for when, entry in zip(whens, entries, strict=True):
        took = (
            f"{_minutes(entry.actual_seconds):>6}" if entry.actual_seconds is not None else " " * 6
        )
        print(f"{when:<{width}}  {took}  {printable(entry.describe())}", file=out)
    return 0


def printable(text: str) -> str:
    """Text from the log as a terminal shows it harmlessly: control characters and escape
    sequences (a hand-edited row, an imported file) are written out, never sent raw."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def tell_skipped(ctx: Context, log: EventLog | None) -> bool:
    """Say on stderr that a read left out rows it could not read (True if it did)."""
    sentence = "" if log is None else log.skipped.sentence(log.path)
    if sentence:
        ctx.fail(f"{printable(sentence)}.")
    return bool(sentence)


def _minutes(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _when(at: datetime) -> str:
    """ "Mon 30 Nov 2026 14:05", in the language's order (the year: the log is long)."""
    from backbreak.core.status import day_text

    local = at.astimezone()
    return f"{day_text(local.date(), year=True)} {local.strftime('%H:%M')}"


def cmd_stats(ctx: Context, args: argparse.Namespace) -> int:
    from datetime import timedelta

    from backbreak.core.care import HIGH_TENSION, NUDGE_HEADING, WEEKS, care_days, observe
    from backbreak.core.i18n import decimal
    from backbreak.core.settings import DAILY_TARGET
    from backbreak.core.stats import minutes_text, stats_from_tallies
    from backbreak.core.stats_words import category_name
    from backbreak.core.status import percent_text
    from backbreak.storage.db import LogError, read_log
    from backbreak.storage.settings_file import load_settings

    days: int = args.days
    out = ctx.out
    if days > MAX_DAYS:
        ctx.fail(_("--days must be at most {count} (100 years)").format(count=MAX_DAYS))
        return 2
    now = ctx.now()
    settings = load_settings(ctx.paths.settings_file, now, read_only=True).settings
    target = settings[DAILY_TARGET]
    try:
        with read_log(ctx.paths.database) as log:
            # Streaks reach back before the period: the day tallies cover the whole log.
            day_tallies, routine_tallies = (
                ([], [])
                if log is None
                else log.tallies(now.date() - timedelta(days=days - 1), routines_by_day=False)
            )
            tell_skipped(ctx, log)
    except LogError as exc:
        ctx.fail(str(exc))
        return 1
    stats = stats_from_tallies(day_tallies, routine_tallies, now.date(), days, target)
    noticed = observe(
        care_days(day_tallies), now.date(), settings[WEEKS], settings[HIGH_TENSION], target
    )
    if args.json:
        found = [{"rule": o.rule.value, "text": o.text} for o in noticed]
        json.dump({**stats_json(stats), "care": found}, out, indent=2, allow_nan=False)
        out.write("\n")
        return 0
    today = ngettext(
        "Today: {done} of {target} break, {minutes} min in breaks",
        "Today: {done} of {target} breaks, {minutes} min in breaks",
        stats.target,
    )
    minutes = decimal(stats.today_minutes, 0)
    print(today.format(done=stats.today_done, target=stats.target, minutes=minutes), file=out)
    streak = ngettext(
        "Streak: {count} day; best {best}",
        "Streak: {count} days; best {best}",
        stats.current_streak,
    )
    print(streak.format(count=stats.current_streak, best=stats.best_streak), file=out)
    period = ngettext(
        "Last {count} day: {breaks} breaks, {minutes} min; target met on {percent} of the days",
        "Last {count} days: {breaks} breaks, {minutes} min; target met on {percent} of the days",
        days,
    )
    print(
        period.format(
            count=days,
            breaks=stats.period_completed,
            minutes=decimal(stats.period_minutes, 0),
            percent=percent_text(stats.adherence),
        ),
        file=out,
    )
    if len(stats.minutes_by_kind) > 1:
        split = minutes_text(stats.minutes_by_kind)
        print(_("Minutes by kind: {split}").format(split=split), file=out)
    row = _("{done} done {skipped} skipped")
    for heading, ranked in (
        (_("Done most:"), stats.by_routine[:5]),
        (_("Skipped most:"), stats.most_skipped[:3]),
    ):
        if ranked:
            print(heading, file=out)
            for rid, completed, skipped in ranked:
                counts = row.format(done=f"{completed:>4}", skipped=f"{skipped:>4}")
                print(f"  {printable(rid):<28} {counts}", file=out)
    if stats.by_category:
        kinds = ", ".join(
            f"{category_name(name)} {completed}" for name, completed, _skipped in stats.by_category
        )
        print(_("By kind: {kinds}").format(kinds=printable(kinds)), file=out)
    print(stats.tension_trend, file=out)
    print(stats.tension_summary, file=out)
    if noticed:  # the care note's observations (core.care), snoozed or not
        print("\n" + _("{heading}:").format(heading=_(NUDGE_HEADING)), file=out)
        for item in noticed:
            print(f"  • {item.text}", file=out)
        print(_("When to see a professional: backbreak safety"), file=out)
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
            "minutes_by_kind": {kind: one(m) for kind, m in stats.minutes_by_kind},
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
