"""What the completion log holds, as pure data (the figures over it live in core.stats)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cache

from backbreak.core.i18n import N_, _, ngettext


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
    RED_FLAG = "red_flag"  # a yes to "any tingling, numbness, or spreading pain?" (core.care)


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
        parts = [_(WHAT[self.kind])]
        if self.routine_id:
            parts.append(title or self.routine_id)
        if self.kind is EventKind.ABANDONED and self.steps_total:
            total = self.steps_total
            steps = ngettext("{done} of {total} step", "{done} of {total} steps", total)
            parts.append(steps.format(done=self.steps_done or 0, total=total))
        # "for 5 min", "felt better", "emergency exit": said; a reminder's kind is not. The
        # log keeps them in English (data); they are shown in the language spoken.
        if self.detail and self.kind is not EventKind.REMINDED:
            parts.append(detail_text(self.detail))
        return " · ".join(parts)


# -- what a row may hold -------------------------------------------------------------------
# One table for every boundary that brings rows in (import files, the database itself): a
# value outside it could not be shown, counted or exported later (a year-1 date has no local
# time west of UTC, an infinite duration no minutes, an infinity no JSON), so it is refused
# where it enters, with the field named, instead of failing a read months later.

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
"""The first moment a row may be dated (the log is written by a running computer)."""
LATEST = datetime(3000, 1, 1, tzinfo=UTC)
"""The first moment past the last one a row may be dated (far from datetime's year 9999)."""
MAX_OFFSET = timedelta(hours=18)
"""The widest UTC offset (real zones stay within 14 hours)."""

NUMBER_RANGES: dict[str, tuple[int, int]] = {
    "routine_version": (0, 1_000_000),
    "planned_seconds": (0, 1_000_000_000),  # ~31 years: a computer asleep for a long while
    "actual_seconds": (0, 1_000_000_000),
    "steps_done": (0, 100_000),
    "steps_total": (0, 100_000),
    "checkin_before": (0, 10),
    "checkin_after": (0, 10),
}
"""Each number's inclusive bounds; the durations may be fractions, the rest are whole."""
WHOLE_NUMBERS = frozenset(NUMBER_RANGES) - {"planned_seconds", "actual_seconds"}

FOR, ASLEEP_FOR, AWAY_FOR, UNTIL = (
    N_("for {duration}"),
    N_("asleep for {duration}"),
    N_("away for {duration}"),
    N_("until {time}"),
)
AT_A_FIXED_TIME, MICRO_CHECK = N_("at a fixed time ({name})"), N_("micro posture check")
EMERGENCY_EXIT, INDEFINITELY = N_("emergency exit"), N_("indefinitely")
BEFORE_THE_ROUTINE, AFTER_THE_ROUTINE = N_("before the routine"), N_("after the routine")
FELT = {  # not translated: the keys are FEELINGS, the answers' words
    "better": N_("felt better"),
    "the same": N_("felt the same"),
    "worse": N_("felt worse"),
}
ORPHANED = N_("backbreak stopped while it was playing (a crash, a kill or a power cut)")
DETAILS = (
    FOR, ASLEEP_FOR, AWAY_FOR, UNTIL, AT_A_FIXED_TIME, MICRO_CHECK, EMERGENCY_EXIT,
    INDEFINITELY, BEFORE_THE_ROUTINE, AFTER_THE_ROUTINE, *FELT.values(), ORPHANED,
)  # fmt: skip
"""The log's details: written in English (data, exported and read back), formatted from
these templates, and shown in the language spoken by `detail_text`."""
_PLACE = re.compile(r"\\\{(\w+)\\\}")


def detail_text(detail: str) -> str:
    """A detail from the log in the current language, when it was made from one of DETAILS
    (its values, a duration or a time, stay as the log has them); else as it is."""
    for template in DETAILS:
        found = _pattern(template).fullmatch(detail)
        if found is not None:
            return _(template).format(**found.groupdict())
    return detail


@cache
def _pattern(template: str) -> re.Pattern[str]:
    return re.compile(_PLACE.sub(r"(?P<\1>.+)", re.escape(template)))


WHAT = {
    EventKind.REMINDED: N_("Break reminder shown"),
    EventKind.STARTED: N_("Started"),
    EventKind.COMPLETED: N_("Completed"),
    EventKind.ABANDONED: N_("Stopped early"),
    EventKind.SKIPPED: N_("Skipped"),
    EventKind.SNOOZED: N_("Snoozed"),
    EventKind.NATURAL_BREAK: N_("Natural break (away from the computer)"),
    EventKind.SLEPT: N_("Computer asleep: counted as a break"),
    EventKind.PAUSED: N_("Reminders paused"),
    EventKind.RESUMED: N_("Reminders resumed"),
    EventKind.RED_FLAG: N_("Said yes to tingling, numbness or spreading pain"),
}
"""Each kind of entry in words, translated where shown."""

TEXT_LIMITS: dict[str, int] = {"uid": 200, "routine_id": 1000, "category": 200, "detail": 10_000}
"""Each text's longest length, in characters."""


def number_problem(name: str, value: object) -> str | None:
    """Why `value` cannot be the number `name` (None: it can). Booleans are no numbers."""
    low, high = NUMBER_RANGES[name]
    whole = name in WHOLE_NUMBERS
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _("{name} must be a number").format(name=name)
    if isinstance(value, float):
        if not math.isfinite(value):
            return _("{name} {value} is not a finite number").format(name=name, value=repr(value))
        if whole and not value.is_integer():
            return _("{name} {value} must be a whole number").format(name=name, value=repr(value))
    if not low <= value <= high:
        said = _("{name} {value} is out of range ({low} to {high})")
        return said.format(name=name, value=repr(value), low=low, high=high)
    return None


def text_problem(name: str, value: object) -> str | None:
    """Why `value` cannot be the text `name` (None: it can)."""
    if not isinstance(value, str):
        return _("{name} must be text").format(name=name)
    if len(value) > TEXT_LIMITS[name]:
        said = _("{name} is longer than {count} characters")
        return said.format(name=name, count=TEXT_LIMITS[name])
    return None


def time_problem(at: datetime) -> str | None:
    """Why `at` cannot date a row (None: it can)."""
    offset = at.utcoffset()
    if offset is None:
        return _("at {time} has no UTC offset").format(time=repr(at.isoformat()))
    if abs(offset) > MAX_OFFSET or offset % timedelta(minutes=1):
        said = _("at {time} has an offset that is not whole minutes within 18 hours")
        return said.format(time=repr(at.isoformat()))
    if not EARLIEST <= at < LATEST:
        said = _("at {time} is out of range ({low} to {high})")
        return said.format(time=repr(at.isoformat()), low=EARLIEST.year, high=LATEST.year - 1)
    return None


def entry_problem(entry: LogEntry) -> str | None:
    """The first field of `entry` that breaks the table above, in words (None: all fit)."""
    if not entry.uid:
        return _("uid is missing")
    problem = time_problem(entry.at)
    for name in TEXT_LIMITS:
        value = getattr(entry, name)
        if problem is None and value is not None:
            problem = text_problem(name, value)
    for name in NUMBER_RANGES:
        value = getattr(entry, name)
        if problem is None and value is not None:
            problem = number_problem(name, value)
    return problem
