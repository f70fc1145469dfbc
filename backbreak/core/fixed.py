"""Reminders at clock times: "breathing at 10:30 and 15:30 on weekdays", or a cron line.

Pure. Times are local to the user's zone (a tzinfo with its DST rules): a reminder set for
09:00 stays at 09:00 across DST changes; one set inside the hour that a spring-forward
night skips comes as much later as the clocks jumped (02:30 -> 03:30), and one inside the
repeated autumn hour comes once, at its first occurrence. Instants returned are UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from backbreak.core.i18n import _
from backbreak.core.working_hours import DAYS, local_instant

DAY_GROUPS = {"daily": range(7), "weekdays": range(5), "weekends": range(5, 7)}
_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def parse_clock(text: str) -> time:
    match = _TIME_RE.match(text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(
            _('"{text}" is not a time of day; write it like "10:30"').format(text=text)
        )
    return time(int(match.group(1)), int(match.group(2)))


def parse_days(value: str | list[str]) -> frozenset[int]:
    """ "weekdays", "mon-fri", ["mon", "wed"], … -> weekday numbers (0 = Monday)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ValueError(
            # TRANSLATORS: keep the quoted words as they are: they are what the settings file takes
            _('days must be words like "weekdays", "mon-fri" or ["mon", "thu"]')
        )
    days: set[int] = set()
    for item in items:
        word = item.strip().lower()
        if word in DAY_GROUPS:
            days.update(DAY_GROUPS[word])
        elif "-" in word and all(p in DAYS for p in word.split("-", 1)):
            first, last = (DAYS.index(p) for p in word.split("-", 1))
            days.update(
                range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
            )
        elif word in DAYS:
            days.add(DAYS.index(word))
        else:
            raise ValueError(
                # TRANSLATORS: keep mon … sun and the quoted words: the settings file takes them
                _(
                    '"{item}" is not a day; use mon … sun, a range like "mon-fri", '
                    '"weekdays", "weekends" or "daily"'
                ).format(item=item)
            )
    return frozenset(days)


def _cron_field(text: str, low: int, high: int, name: str) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        step = 1
        if "/" in part:
            part, step_text = part.split("/", 1)
            if not step_text.isdigit() or int(step_text) == 0:
                raise ValueError(
                    _('cron {name} step "{step}" must be a positive number').format(
                        name=name, step=step_text
                    )
                )
            step = int(step_text)
        if part == "*":
            first, last = low, high
        elif "-" in part:
            a, b = part.split("-", 1)
            if not (a.isdigit() and b.isdigit()):
                raise ValueError(
                    _('cron {name} "{part}" is not a range of numbers').format(name=name, part=part)
                )
            first, last = int(a), int(b)
        elif part.isdigit():
            first = last = int(part)
        else:
            raise ValueError(
                _('cron {name} "{part}" is not a number, range or *').format(name=name, part=part)
            )
        if not low <= first <= last <= high:
            raise ValueError(
                _("cron {name} must be within {low}-{high}").format(name=name, low=low, high=high)
            )
        values.update(range(first, last + 1, step))
    return frozenset(values)


@dataclass(frozen=True, slots=True)
class Cron:
    """Five cron fields: minute hour day-of-month month day-of-week (0 or 7 = Sunday)."""

    minutes: frozenset[int]
    hours: frozenset[int]
    month_days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Monday, as Python counts
    any_month_day: bool
    any_weekday: bool
    text: str = ""
    """The line as the user wrote it."""

    @classmethod
    def parse(cls, text: str) -> Cron:
        fields = text.split()
        if len(fields) != 5:
            raise ValueError(
                _('cron "{text}" needs five fields: minute hour day month weekday').format(
                    text=text
                )
            )
        # TRANSLATORS: the five fields of a cron line, named in its error messages ("cron
        # minute must be within 0-59"), as "needs five fields: minute hour day month weekday"
        # names them.
        minutes = _cron_field(fields[0], 0, 59, _("minute"))
        hours = _cron_field(fields[1], 0, 23, _("hour"))
        month_days = _cron_field(fields[2], 1, 31, _("day"))
        months = _cron_field(fields[3], 1, 12, _("month"))
        cron_days = _cron_field(fields[4], 0, 7, _("weekday"))
        weekdays = frozenset((d - 1) % 7 for d in cron_days)  # cron 1 = Monday -> 0
        return cls(
            minutes,
            hours,
            month_days,
            months,
            weekdays,
            fields[2] == "*",
            fields[4] == "*",
            " ".join(fields),
        )

    def matches_day(self, day: date) -> bool:
        if day.month not in self.months:
            return False
        by_month_day = day.day in self.month_days
        by_weekday = day.weekday() in self.weekdays
        if self.any_month_day and self.any_weekday:
            return True
        if self.any_month_day:
            return by_weekday
        if self.any_weekday:
            return by_month_day
        return by_month_day or by_weekday  # cron's rule when both are restricted

    def times(self) -> list[time]:
        return sorted(time(h, m) for h in self.hours for m in self.minutes)


@dataclass(frozen=True, slots=True)
class FixedReminder:
    """One named clock-time reminder of one routine."""

    name: str
    routine_id: str
    times: tuple[time, ...] = ()
    days: frozenset[int] = frozenset(range(7))
    cron: Cron | None = None

    def _day_times(self, day: date) -> list[time]:
        if self.cron is not None:
            return self.cron.times() if self.cron.matches_day(day) else []
        return sorted(self.times) if day.weekday() in self.days else []

    def next_after(self, after: datetime, tz: tzinfo) -> datetime | None:
        """The first moment strictly after `after` (None when it never comes in a year)."""
        first_day = after.astimezone(tz).date() - timedelta(days=1)  # a 24:00-ish DST edge
        for offset in range(372):
            day = first_day + timedelta(days=offset)
            for moment in self._day_times(day):
                when = local_instant(datetime.combine(day, moment), tz)
                if when > after:
                    return when
        return None


def next_fixed(
    reminders: tuple[FixedReminder, ...], after: datetime, tz: tzinfo
) -> tuple[datetime, FixedReminder] | None:
    """The soonest of several fixed reminders after a moment."""
    found = [(when, r) for r in reminders if (when := r.next_after(after, tz)) is not None]
    return min(found, key=lambda pair: pair[0]) if found else None
