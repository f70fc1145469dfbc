"""What the completion log holds, as pure data; summaries over it grow here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum


class EventKind(StrEnum):
    REMINDED = "reminded"  # the break prompt was shown
    STARTED = "started"
    COMPLETED = "completed"
    ABANDONED = "abandoned"
    SKIPPED = "skipped"
    SNOOZED = "snoozed"
    NATURAL_BREAK = "natural_break"  # idle long enough to count as a break
    SLEPT = "slept"  # the computer slept through a whole interval
    PAUSED = "paused"
    RESUMED = "resumed"


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One row of the log. `at` is aware; the store keeps it as UTC plus the local offset."""

    kind: EventKind
    at: datetime
    routine_id: str | None = None
    routine_version: int | None = None
    category: str | None = None
    planned_seconds: float | None = None
    actual_seconds: float | None = None
    steps_done: int | None = None
    steps_total: int | None = None
    detail: str | None = None
    uid: str | None = None
    """Stable id across export and import; the store fills it in when missing."""
    checkin_before: int | None = None
    """How tense or sore (0-10) before the routine; None when skipped."""
    checkin_after: int | None = None

    def describe(self, title: str | None = None) -> str:
        """One line for the CLI and the history window (`title` replaces the routine id)."""
        what = {
            EventKind.REMINDED: "Break reminder shown",
            EventKind.STARTED: "Started",
            EventKind.COMPLETED: "Completed",
            EventKind.ABANDONED: "Stopped early",
            EventKind.SKIPPED: "Skipped",
            EventKind.SNOOZED: "Snoozed",
            EventKind.NATURAL_BREAK: "Natural break (away from the computer)",
            EventKind.SLEPT: "Computer asleep: counted as a break",
            EventKind.PAUSED: "Reminders paused",
            EventKind.RESUMED: "Reminders resumed",
        }[self.kind]
        parts = [what]
        if self.routine_id:
            parts.append(title or self.routine_id)
        if self.kind is EventKind.ABANDONED and self.steps_total:
            parts.append(f"{self.steps_done or 0} of {self.steps_total} steps")
        if self.detail and self.kind in (EventKind.PAUSED, EventKind.SNOOZED):
            parts.append(self.detail)
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    completed: int = 0
    skipped: int = 0
    snoozed: int = 0
    minutes: float = 0.0


@dataclass(frozen=True, slots=True)
class Stats:
    """The figures the history window and `backbreak stats` show, from the same code."""

    today_done: int
    target: int
    today_minutes: float
    current_streak: int
    best_streak: int
    days: tuple[DayCount, ...]
    by_routine: tuple[tuple[str, int, int], ...]  # (routine id, completed, skipped)
    tension_summary: str

    @property
    def adherence(self) -> float:
        """Share of days in the window that met the daily target."""
        return sum(d.completed >= self.target for d in self.days) / len(self.days) \
            if self.days else 0.0


def _local_day(entry: LogEntry, tz: tzinfo | None) -> date:
    return (entry.at.astimezone(tz) if tz is not None else entry.at.astimezone()).date()


def compute_stats(entries: Iterable[LogEntry], today: date, days: int, target: int,
                  tz: tzinfo | None = None) -> Stats:
    """Streaks, adherence per day, routine counts and the tension summary. Pure.

    A day counts towards a streak when it reaches the daily target; days are local calendar
    days, so a DST change never splits or merges one. Today not yet done does not break a
    streak (the day is not over).
    """
    per_day: dict[date, list[int | float]] = {}
    routines: dict[str, list[int]] = {}
    tension: dict[date, list[int]] = {}
    for entry in entries:
        day = _local_day(entry, tz)
        counts = per_day.setdefault(day, [0, 0, 0, 0.0])
        if entry.kind is EventKind.COMPLETED:
            counts[0] += 1
            counts[3] += (entry.actual_seconds or 0) / 60
            if entry.checkin_before is not None:
                tension.setdefault(day, []).append(entry.checkin_before)
        elif entry.kind is EventKind.SKIPPED:
            counts[1] += 1
        elif entry.kind is EventKind.SNOOZED:
            counts[2] += 1
        if entry.routine_id and entry.kind in (EventKind.COMPLETED, EventKind.SKIPPED):
            pair = routines.setdefault(entry.routine_id, [0, 0])
            pair[0 if entry.kind is EventKind.COMPLETED else 1] += 1
    met = {day for day, counts in per_day.items() if counts[0] >= target}
    current, day = 0, today if today in met else today - timedelta(days=1)
    while day in met:
        current += 1
        day -= timedelta(days=1)
    best, run, previous = 0, 0, None
    for day in sorted(met):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best, previous = max(best, run), day
    window = tuple(
        DayCount(d, int(c[0]), int(c[1]), int(c[2]), float(c[3]))
        for d in (today - timedelta(days=offset) for offset in range(days - 1, -1, -1))
        for c in [per_day.get(d, [0, 0, 0, 0.0])])
    today_counts = per_day.get(today, [0, 0, 0, 0.0])
    ranked = tuple(sorted(((rid, c[0], c[1]) for rid, c in routines.items()),
                          key=lambda r: (-r[1], r[0])))
    return Stats(int(today_counts[0]), target, float(today_counts[3]), current,
                 max(best, current), window, ranked,
                 _tension_summary(per_day, tension, target))


def _tension_summary(per_day: dict[date, list[int | float]], tension: dict[date, list[int]],
                     target: int) -> str:
    """Plain words, and no claim of cause: what the numbers show side by side."""
    good = [sum(v) / len(v) for d, v in tension.items() if per_day[d][0] >= target]
    other = [sum(v) / len(v) for d, v in tension.items() if per_day[d][0] < target]
    if len(good) < 3 or len(other) < 3:
        return ("Not enough check-ins yet to compare days: answer the tension check-in on a "
                "few more days.")
    difference = sum(other) / len(other) - sum(good) / len(good)
    if abs(difference) < 0.5:
        return (f"On days with {target}+ breaks your neck and back tension was about the same "
                "as on other days.")
    direction = "lower" if difference > 0 else "higher"
    return (f"On days with {target}+ breaks your average neck and back tension was "
            f"{abs(difference):.1f} {direction} than on other days. This shows the two side by "
            "side; it does not prove one causes the other.")
