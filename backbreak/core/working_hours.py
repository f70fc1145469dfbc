"""Working hours: the times of the week when reminders may come at all.

Pure: times are combined with dates in the user's time zone (a `tzinfo` with DST rules;
the app resolves an empty setting to the computer's zone), so a DST change moves nothing:
09:00 stays 09:00 local. Everything returned is a UTC instant.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from backbreak.core.i18n import _

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True, slots=True, order=True)
class TimeRange:
    """From `start` up to (not including) `end`; an `end` of None means midnight."""

    start: time
    end: time | None

    @classmethod
    def parse(cls, text: str) -> TimeRange:
        match = _RANGE_RE.match(text)
        if not match:
            raise ValueError(
                _('"{text}" is not a time range; write it like "09:00-12:30"').format(text=text)
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2):
            raise ValueError(_('"{text}" has a time that does not exist').format(text=text))
        start = time(h1, m1)
        end = None if h2 == 24 else time(h2, m2)
        if end is not None and end <= start:
            raise ValueError(
                _(
                    '"{text}" ends before it starts; ranges cannot cross midnight, '
                    "split them into two days"
                ).format(text=text)
            )
        return cls(start, end)

    def __str__(self) -> str:
        end = "24:00" if self.end is None else self.end.strftime("%H:%M")
        return f"{self.start.strftime('%H:%M')}-{end}"


@dataclass(frozen=True)
class WorkingHours:
    """Ranges per weekday (0 = Monday) in the zone `tz`. Disabled: every moment is working time.

    Boundaries are local clock times turned into UTC instants once, here. A boundary that the
    spring-forward night skips is read with the offset before the change (02:30 becomes the
    real moment 03:30 names); one the fall-back night repeats means its first occurrence.
    """

    days: Mapping[int, tuple[TimeRange, ...]] = field(default_factory=dict)
    enabled: bool = False
    tz: tzinfo = UTC

    def _at(self, day: date, moment: time | None) -> datetime:
        naive = datetime.combine(day, moment or time(0))
        if moment is None:  # 24:00: the next day's midnight
            naive += timedelta(days=1)
        return local_instant(naive, self.tz)

    def _windows(self, day: date) -> list[tuple[datetime, datetime]]:
        return [
            (self._at(day, r.start), self._at(day, r.end))
            for r in sorted(self.days.get(day.weekday(), ()))
        ]

    def contains(self, when: datetime) -> bool:
        if not self.enabled:
            return True
        today = when.astimezone(self.tz).date()
        return any(start <= when < end for start, end in self._windows(today))

    def next_start(self, when: datetime) -> datetime | None:
        """`when` if inside working hours, else the next moment they begin (None: never)."""
        if not self.enabled or self.contains(when):
            return when
        day = when.astimezone(self.tz).date()
        for offset in range(8):
            for start, _end in self._windows(day + timedelta(days=offset)):
                if start > when:
                    return start
        return None

    def next_change(self, when: datetime) -> datetime | None:
        """The next moment working hours begin or end after `when` (the tray's words change
        then); None when they are off or never change."""
        if not self.enabled:
            return None
        day = when.astimezone(self.tz).date()
        edges = (
            edge
            for offset in range(-1, 8)
            for window in self._windows(day + timedelta(days=offset))
            for edge in window
        )
        return min((edge for edge in edges if edge > when), default=None)


def local_instant(naive: datetime, tz: tzinfo) -> datetime:
    """The UTC instant a local wall-clock time names in `tz` (fold 0: see `WorkingHours`)."""
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
