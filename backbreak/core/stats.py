"""Streaks, adherence, what is done or skipped most, and the tension trend. Pure.

The figures are computed from *tallies* (events counted per local day), never from single
events: the log counts a decade of events per day in SQL far faster than Python could read
them one by one, and `tally()` makes the same tallies from plain entries (tests, imports).
A day is the local calendar day on which the event happened, as the user lived it: a DST
change never splits or merges one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import NamedTuple

from backbreak.core.events import EventKind, LogEntry
from backbreak.core.i18n import N_, _, decimal, ngettext

COUNTED = (EventKind.COMPLETED, EventKind.SKIPPED, EventKind.SNOOZED, EventKind.RED_FLAG)
"""The kinds the figures count (red flags for core.care); the rest of the log is only listed."""
RANKED = (EventKind.COMPLETED, EventKind.SKIPPED)
OTHER_CATEGORY = "other"
MINUTES_OF = {
    "stretch": N_("stretching"),
    "posture": N_("stretching"),
    "exercise": N_("stretching"),
    "thermal": N_("heat and cold"),
    "breathing": N_("breathing"),
    "relaxation": N_("relaxation"),
}
"""What a category's minutes count as: time under a heat pack is not stretching."""
OTHER_MINUTES = N_("other")
"""Minutes of rows without a routine (imported, or from an older version), in words."""
MIN_COMPARABLE_DAYS = 3
"""Days with check-ins needed on each side before two groups of days are compared."""


@dataclass(frozen=True, slots=True)
class DayTally:
    """How many events of one kind fell on one local day, with the sums the figures need."""

    day: date
    kind: EventKind
    count: int
    seconds: float = 0.0
    before_total: float = 0.0
    before_count: int = 0
    after_total: float = 0.0
    after_count: int = 0


@dataclass(frozen=True, slots=True)
class RoutineTally:
    """How often one routine was completed (or skipped) on one local day."""

    day: date
    kind: EventKind
    routine_id: str
    category: str | None
    count: int
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class DayCount:
    """One day of the chosen period, ready to draw."""

    day: date
    completed: int = 0
    skipped: int = 0
    snoozed: int = 0
    minutes: float = 0.0
    tension_before: float | None = None
    """Average check-in (0-10) before the day's routines; None without check-ins."""
    tension_after: float | None = None


class Ranked(NamedTuple):
    """A routine or a category with how often it was done and skipped in the period."""

    name: str
    completed: int
    skipped: int


@dataclass(frozen=True, slots=True)
class Stats:
    """The figures the history window and `backbreak stats` show, from the same code."""

    today_done: int
    target: int
    today_minutes: float
    current_streak: int
    best_streak: int
    days: tuple[DayCount, ...]
    """The period, oldest day first, today last."""
    by_routine: tuple[Ranked, ...]
    """Most completed first (ties by name)."""
    by_category: tuple[Ranked, ...]
    minutes_by_kind: tuple[tuple[str, float], ...]
    """The period's minutes per kind of break ("stretching", "heat and cold"...), most
    first; what no routine claims (old rows without one) is "other"."""
    tension_summary: str
    tension_trend: str

    @property
    def adherence(self) -> float:
        """Share of days in the period that met the daily target."""
        return (
            sum(d.completed >= self.target for d in self.days) / len(self.days)
            if self.days
            else 0.0
        )

    @property
    def period_minutes(self) -> float:
        return sum(d.minutes for d in self.days)

    @property
    def period_completed(self) -> int:
        return sum(d.completed for d in self.days)

    @property
    def most_skipped(self) -> tuple[Ranked, ...]:
        """Routines skipped at least once, most skipped first."""
        return tuple(
            sorted((r for r in self.by_routine if r.skipped), key=lambda r: (-r.skipped, r.name))
        )


def _day(entry: LogEntry, tz: tzinfo | None) -> date:
    return (entry.at.astimezone(tz) if tz is not None else entry.at).date()


def tally(
    entries: Iterable[LogEntry], tz: tzinfo | None = None
) -> tuple[list[DayTally], list[RoutineTally]]:
    """Count entries per local day, exactly as the log's SQL does.

    With `tz` None an event's day is the one in its own recorded offset (where the user was);
    a `tz` re-reads every event in that zone.
    """
    days: dict[tuple[date, EventKind], list[float]] = {}
    routines: dict[tuple[date, EventKind, str, str | None], list[float]] = {}
    for entry in entries:
        if entry.kind not in COUNTED:
            continue
        day = _day(entry, tz)
        sums = days.setdefault((day, entry.kind), [0, 0.0, 0.0, 0, 0.0, 0])
        sums[0] += 1
        sums[1] += entry.actual_seconds or 0.0
        if entry.checkin_before is not None:
            sums[2] += entry.checkin_before
            sums[3] += 1
        if entry.checkin_after is not None:
            sums[4] += entry.checkin_after
            sums[5] += 1
        if entry.routine_id and entry.kind in RANKED:
            key = (day, entry.kind, entry.routine_id, entry.category)
            counted = routines.setdefault(key, [0, 0.0])
            counted[0] += 1
            counted[1] += entry.actual_seconds or 0.0
    return (
        [
            DayTally(day, kind, int(s[0]), s[1], s[2], int(s[3]), s[4], int(s[5]))
            for (day, kind), s in sorted(days.items())
        ],
        [
            RoutineTally(day, kind, rid, category, int(count), seconds)
            for (day, kind, rid, category), (count, seconds) in routines.items()
        ],
    )


def compute_stats(
    entries: Iterable[LogEntry], today: date, days: int, target: int, tz: tzinfo | None = None
) -> Stats:
    """The figures straight from entries (tests and small logs)."""
    day_tallies, routine_tallies = tally(entries, tz)
    return stats_from_tallies(day_tallies, routine_tallies, today, days, target)


def daily(day_tallies: Iterable[DayTally], today: date, days: int) -> tuple[DayCount, ...]:
    """The last `days` days up to today, oldest first, with empty days filled in."""
    first = today - timedelta(days=days - 1)
    return _daily(_by_day(t for t in day_tallies if first <= t.day <= today), today, days)


def _by_day(day_tallies: Iterable[DayTally]) -> dict[date, DayCount]:
    out: dict[date, DayCount] = {}
    for t in day_tallies:
        current = out.get(t.day) or DayCount(t.day)
        if t.kind is EventKind.COMPLETED:
            current = DayCount(
                t.day,
                current.completed + t.count,
                current.skipped,
                current.snoozed,
                current.minutes + t.seconds / 60,
                t.before_total / t.before_count if t.before_count else None,
                t.after_total / t.after_count if t.after_count else None,
            )
        elif t.kind is EventKind.SKIPPED:
            current = DayCount(
                t.day,
                current.completed,
                current.skipped + t.count,
                current.snoozed,
                current.minutes,
                current.tension_before,
                current.tension_after,
            )
        elif t.kind is EventKind.SNOOZED:
            current = DayCount(
                t.day,
                current.completed,
                current.skipped,
                current.snoozed + t.count,
                current.minutes,
                current.tension_before,
                current.tension_after,
            )
        out[t.day] = current
    return out


def _daily(per_day: dict[date, DayCount], today: date, days: int) -> tuple[DayCount, ...]:
    return tuple(
        per_day.get(d) or DayCount(d)
        for d in (today - timedelta(days=offset) for offset in range(days - 1, -1, -1))
    )


def stats_from_tallies(
    day_tallies: Sequence[DayTally],
    routine_tallies: Iterable[RoutineTally],
    today: date,
    days: int,
    target: int,
) -> Stats:
    """Streaks over the whole history; everything else over the last `days` days.

    A day counts towards a streak when it reaches the daily target. Today not yet done does
    not break a streak (the day is not over).
    """
    days = max(1, days)
    per_day = _by_day(day_tallies)
    met = {day for day, counts in per_day.items() if counts.completed >= target}
    current, day = 0, today if today in met else today - timedelta(days=1)
    while day in met:
        current += 1
        day -= timedelta(days=1)
    best, run, previous = 0, 0, None
    for day in sorted(met):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best, previous = max(best, run), day
    window = _daily(per_day, today, days)
    first = window[0].day
    routines: dict[str, list[int]] = {}
    categories: dict[str, list[int]] = {}
    minutes: dict[str, float] = {}
    for t in routine_tallies:
        if not first <= t.day <= today:
            continue
        if t.kind is EventKind.COMPLETED:
            of = MINUTES_OF.get(t.category or "", OTHER_CATEGORY)
            minutes[of] = minutes.get(of, 0.0) + t.seconds / 60
        slot = 0 if t.kind is EventKind.COMPLETED else 1
        routines.setdefault(t.routine_id, [0, 0])[slot] += t.count
        categories.setdefault(t.category or OTHER_CATEGORY, [0, 0])[slot] += t.count
    today_counts = per_day.get(today) or DayCount(today)
    return Stats(
        today_counts.completed,
        target,
        today_counts.minutes,
        current,
        max(best, current),
        window,
        _ranked(routines),
        _ranked(categories),
        _minutes_by_kind(minutes, sum(d.minutes for d in window)),
        tension_summary(window, target),
        tension_trend(window),
    )


def minutes_text(by_kind: Sequence[tuple[str, float]]) -> str:
    """ "25 stretching, 15 heat and cold" (minutes), or "" with nothing to split."""
    return ", ".join(
        _("{minutes} {kind}").format(
            minutes=f"{minutes:.0f}", kind=_(OTHER_MINUTES if kind == OTHER_CATEGORY else kind)
        )
        for kind, minutes in by_kind
    )


def _minutes_by_kind(minutes: dict[str, float], total: float) -> tuple[tuple[str, float], ...]:
    unclaimed = total - sum(minutes.values())
    if unclaimed >= 0.5:  # rows without a routine (imported, or from an older version)
        minutes[OTHER_CATEGORY] = minutes.get(OTHER_CATEGORY, 0.0) + unclaimed
    kept = ((kind, m) for kind, m in minutes.items() if m >= 0.5)  # under a minute: noise
    return tuple(sorted(kept, key=lambda km: (-km[1], km[0])))


def _ranked(counts: dict[str, list[int]]) -> tuple[Ranked, ...]:
    return tuple(
        sorted(
            (Ranked(name, c[0], c[1]) for name, c in counts.items()),
            key=lambda r: (-r.completed, r.name),
        )
    )


def tension_summary(window: Sequence[DayCount], target: int) -> str:
    """Days that met the target beside the others, in plain words and with no claim of cause."""
    good = [
        d.tension_before for d in window if d.tension_before is not None and d.completed >= target
    ]
    other = [
        d.tension_before for d in window if d.tension_before is not None and d.completed < target
    ]
    if len(good) < MIN_COMPARABLE_DAYS or len(other) < MIN_COMPARABLE_DAYS:
        return _(
            "Not enough check-ins yet to compare days: answer the tension check-in on a "
            "few more days."
        )
    difference = sum(other) / len(other) - sum(good) / len(good)
    if abs(difference) < 0.5:
        return _(
            "On days with {target}+ breaks your neck and back tension was about the same "
            "as on other days."
        ).format(target=target)
    said = (
        _(
            "On days with {target}+ breaks your average neck and back tension was {amount} "
            "lower than on other days. This shows the two side by side; it does not prove "
            "one causes the other."
        )
        if difference > 0
        else _(
            "On days with {target}+ breaks your average neck and back tension was {amount} "
            "higher than on other days. This shows the two side by side; it does not prove "
            "one causes the other."
        )
    )
    return said.format(target=target, amount=decimal(abs(difference)))


def tension_trend(window: Sequence[DayCount]) -> str:
    """How the check-ins moved over the period and across a routine, for every reader."""
    rated = [d for d in window if d.tension_before is not None]
    if len(rated) < 2:
        return _("No tension trend yet: it needs check-ins on at least two days in this period.")
    half = len(rated) // 2
    early = _mean([d.tension_before for d in rated[:half]])
    late = _mean([d.tension_before for d in rated[half:]])
    days = len(rated)
    if abs(late - early) < 0.5:
        said = ngettext(
            "Tension before breaks stayed about the same ({early}, then {late}) over {days} "
            "day with check-ins (0 is none, 10 the worst).",
            "Tension before breaks stayed about the same ({early}, then {late}) over {days} "
            "days with check-ins (0 is none, 10 the worst).",
            days,
        )
    elif late < early:
        said = ngettext(
            "Tension before breaks went down from {early} to {late} over {days} day with "
            "check-ins (0 is none, 10 the worst).",
            "Tension before breaks went down from {early} to {late} over {days} days with "
            "check-ins (0 is none, 10 the worst).",
            days,
        )
    else:
        said = ngettext(
            "Tension before breaks went up from {early} to {late} over {days} day with "
            "check-ins (0 is none, 10 the worst).",
            "Tension before breaks went up from {early} to {late} over {days} days with "
            "check-ins (0 is none, 10 the worst).",
            days,
        )
    words = said.format(early=decimal(early), late=decimal(late), days=days)
    pairs = [d for d in rated if d.tension_after is not None]
    if pairs:
        before = _mean([d.tension_before for d in pairs])
        after = _mean([d.tension_after for d in pairs])
        right_after = _("Right after a routine it averaged {after}, against {before} before.")
        words += " " + right_after.format(after=decimal(after), before=decimal(before))
    return words


def _mean(values: Sequence[float | None]) -> float:
    numbers = [v for v in values if v is not None]
    return sum(numbers) / len(numbers) if numbers else 0.0
