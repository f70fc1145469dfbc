"""A believable, repeatable history for screenshots and benchmarks (never for the app itself).

Each working day has reminders; each reminder is answered the way people do: started and
completed most of the time (often with a tension check-in), sometimes snoozed first, skipped,
stopped early, or replaced by a natural break. Tension drifts down slowly on days with more
breaks, so the charts have something honest-looking to show.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from backbreak.core.events import EventKind, LogEntry

ROUTINES = (  # (id, category, seconds)
    ("neck-release", "stretch", 180),
    ("upper-back-reset", "stretch", 240),
    ("posture-reset", "posture", 20),
    ("lower-back-seated", "stretch", 300),
    ("box-breathing", "breathing", 120),
    ("walk-break", "exercise", 300),
    ("shoulder-release", "stretch", 90),
    ("desk-setup-check", "posture", 60),
)


def demo_history(
    end: datetime, days: int, reminders_per_day: int = 8, seed: int = 7
) -> Iterator[LogEntry]:
    """Events for `days` days ending on `end`'s date (events after `end` are left out)."""
    rng = random.Random(seed)
    tension = 6.5
    for offset in range(days - 1, -1, -1):
        day = (end - timedelta(days=offset)).replace(hour=8, minute=30, second=0, microsecond=0)
        if day.weekday() >= 5 and rng.random() < 0.85:
            continue  # most weekends off
        if rng.random() < 0.06:
            continue  # a sick day or a holiday
        at = day + timedelta(minutes=rng.randint(0, 40))
        done = 0
        reminders = max(1, reminders_per_day + rng.randint(-2, 2))
        for _ in range(reminders):
            at += timedelta(minutes=rng.randint(35, 70) * 7 / max(7, reminders_per_day))
            if at > end:
                return
            rid, category, seconds = ROUTINES[rng.randrange(len(ROUTINES))]
            base = {
                "routine_id": rid,
                "routine_version": 1,
                "category": category,
                "planned_seconds": float(seconds),
            }
            yield LogEntry(EventKind.REMINDED, at, **base)
            roll = rng.random()
            if roll < 0.12:
                yield LogEntry(EventKind.SKIPPED, at + timedelta(seconds=8), **base)
                continue
            if roll < 0.16:
                yield LogEntry(EventKind.NATURAL_BREAK, at, detail="away 12 min")
                continue
            if roll < 0.32:
                yield LogEntry(
                    EventKind.SNOOZED, at + timedelta(seconds=5), detail="10 min", **base
                )
                at += timedelta(minutes=10)
            yield LogEntry(EventKind.STARTED, at + timedelta(seconds=10), **base)
            if roll > 0.96:
                yield LogEntry(
                    EventKind.ABANDONED,
                    at + timedelta(seconds=70),
                    actual_seconds=60.0,
                    steps_done=1,
                    steps_total=4,
                    **base,
                )
                continue
            done += 1
            asked = seconds >= 60 and rng.random() < 0.6
            before = round(min(10, max(0, rng.gauss(tension, 1.2)))) if asked else None
            after = max(0, before - rng.choice((0, 1, 1, 2))) if before is not None else None
            yield LogEntry(
                EventKind.COMPLETED,
                at + timedelta(seconds=10 + seconds),
                actual_seconds=float(seconds + rng.randint(-5, 15)),
                checkin_before=before,
                checkin_after=after,
                **base,
            )
        # Tension eases on good days and creeps back on poor ones, within a sane range.
        tension = min(8.0, max(2.0, tension + (-0.06 if done >= 5 else 0.04)))
