"""Hypothesis strategies for reminder settings, zones and windows around DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from backbreak.core.agenda_model import Memory, Pause
from backbreak.core.fixed import Cron, FixedReminder
from backbreak.core.reminder_rules import Rules
from backbreak.core.working_hours import TimeRange, WorkingHours
from tests.helpers.engine import rules as base_rules

ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",  # a 30-minute DST change
    "Asia/Kathmandu",  # +05:45, no DST
    "America/Santiago",  # changes at midnight
    "UTC",
)
CRON_LINES = (
    "30 2 * * *",  # inside the hour a spring night skips or an autumn night repeats
    "0 */3 * * 1-5",
    "15 10 1,15 * *",
    "*/45 9-17 * * *",
    "0 0 * * 0",
)


@cache
def transitions(zone: str) -> tuple[datetime, ...]:
    """The UTC instants at which the zone's offset changes in 2026-2028."""
    tz = ZoneInfo(zone)
    found = []
    t = datetime(2026, 1, 1, tzinfo=UTC)
    before = t.astimezone(tz).utcoffset()
    while t < datetime(2028, 12, 31, tzinfo=UTC):
        t += timedelta(minutes=30)
        offset = t.astimezone(tz).utcoffset()
        if offset != before:
            found.append(t)
            before = offset
    return tuple(found) or (datetime(2027, 3, 28, tzinfo=UTC),)


@st.composite
def day_ranges(draw: st.DrawFn) -> tuple[TimeRange, ...]:
    """0-3 sorted, non-overlapping ranges on a 15-minute grid (the last may end at 24:00)."""
    count = draw(st.integers(0, 3))
    cuts = sorted(draw(st.sets(st.integers(0, 96), min_size=2 * count, max_size=2 * count)))
    ranges = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=True):
        first = time(start // 4, start % 4 * 15)
        last = None if end == 96 else time(end // 4, end % 4 * 15)
        ranges.append(TimeRange(first, last))
    return tuple(ranges)


@st.composite
def fixed_reminders(draw: st.DrawFn) -> tuple[FixedReminder, ...]:
    out = []
    for index in range(draw(st.integers(0, 3))):
        name = f"fixed{index}"
        if draw(st.booleans()):
            out.append(
                FixedReminder(name, "contrast", cron=Cron.parse(draw(st.sampled_from(CRON_LINES))))
            )
            continue
        quarters = draw(st.sets(st.integers(0, 95), min_size=1, max_size=3))
        times = tuple(sorted(time(q // 4, q % 4 * 15) for q in quarters))
        days = draw(st.frozensets(st.integers(0, 6), min_size=1))
        out.append(FixedReminder(name, "contrast", times, days))
    return tuple(out)


@st.composite
def reminder_rules(draw: st.DrawFn, zone: str | None = None) -> Rules:
    tz = ZoneInfo(zone or draw(st.sampled_from(ZONES)))
    minutes = st.integers(1, 180).map(lambda m: timedelta(minutes=m))
    interval = draw(st.integers(5, 180).map(lambda m: timedelta(minutes=m)))
    hours = WorkingHours({day: draw(day_ranges()) for day in range(7)}, draw(st.booleans()), tz)
    return base_rules(
        interval=interval,
        snooze=draw(minutes),
        snooze_limit=draw(st.integers(0, 4)),
        micro=draw(st.none() | st.integers(1, 120).map(lambda m: timedelta(minutes=m))),
        notice_before=draw(st.sampled_from([timedelta(0), timedelta(seconds=30)])),
        natural_break=draw(st.sampled_from([timedelta(minutes=5), timedelta(minutes=2)])),
        restart_when_back=draw(st.booleans()),
        hours=hours,
        fixed=draw(fixed_reminders()),
        skip_friction=draw(st.integers(0, 3)),
    )


@st.composite
def windows(draw: st.DrawFn, rules: Rules) -> tuple[datetime, datetime]:
    """A window near one of the zone's DST changes, long enough for a few reminders."""
    key = getattr(rules.tz, "key", "UTC")
    pivot = draw(st.sampled_from(transitions(key)))
    start = pivot + timedelta(minutes=draw(st.integers(-3 * 24 * 60, 24 * 60)))
    length = timedelta(minutes=draw(st.integers(30, 3 * 24 * 60)))
    return start, start + length


@st.composite
def memories(draw: st.DrawFn, start: datetime) -> Memory:
    if not draw(st.booleans()):
        return Memory(cursors=(draw(st.integers(0, 5)), draw(st.integers(0, 5))))
    until = draw(st.none() | st.integers(1, 600).map(lambda m: start + timedelta(minutes=m)))
    return Memory(Pause(start.astimezone(UTC), until))
