"""The kinds of setting: how each reads a value from the file and writes it back.

settings.py declares the table from these builders; keeping them here keeps the table short
enough to read in one go. Every `parse` raises ValueError with words for the user and
nothing else, so one bad value never costs the others.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Generic, TypeVar

from backbreak.core.fixed import Cron, FixedReminder, parse_clock, parse_days
from backbreak.core.text import ID, brief, control_in
from backbreak.core.working_hours import DAYS, TimeRange

T = TypeVar("T")

_DURATION_RE = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?\s*$")


def parse_duration(text: str) -> timedelta:
    """Parse "50m", "1h30m", "90s", "1h 5min": units are required, so "50" is an error."""
    match = _DURATION_RE.match(text.lower())
    if not match or not any(match.groups()):
        raise ValueError(f'"{text}" is not a duration; write it like "50m", "1h30m" or "90s"')
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    try:
        return timedelta(hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError:
        raise ValueError(f'"{text}" is longer than any calendar; write it like "50m"') from None


def format_duration_setting(value: timedelta) -> str:
    """The inverse of `parse_duration`, shortest form: 3000 s -> "50m"."""
    total = int(value.total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [
        f"{hours}h" if hours else "",
        f"{minutes}m" if minutes else "",
        f"{seconds}s" if seconds else "",
    ]
    return "".join(parts) or "0s"


@dataclass(frozen=True, slots=True)
class Option(Generic[T]):
    """One setting. `key` is "table.name" as it appears in the TOML file."""

    key: str
    default: T
    help: str
    parse: Callable[[Any], T]
    """Turns the raw TOML value into T, or raises ValueError with a message for the user."""
    dump: Callable[[T], Any]
    """Turns T back into a TOML value."""
    label: str = ""
    choices: tuple[str, ...] = ()
    """For options that take one of a few words: the words."""

    @property
    def table(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def name(self) -> str:
        """ "" for an option that is a whole table (its entries are the user's names)."""
        return self.key.split(".", 1)[1] if "." in self.key else ""


def duration_option(
    key: str, default: str, minimum: str, maximum: str, help: str, label: str
) -> Option[timedelta]:
    low, high = parse_duration(minimum), parse_duration(maximum)

    def parse(raw: Any) -> timedelta:
        if not isinstance(raw, str):
            raise ValueError(f'must be a duration in quotes, like "{default}"')
        value = parse_duration(raw)
        if not low <= value <= high:
            raise ValueError(f"must be between {minimum} and {maximum}")
        return value

    return Option(key, parse_duration(default), help, parse, format_duration_setting, label)


def bool_option(key: str, default: bool, help: str, label: str) -> Option[bool]:
    def parse(raw: Any) -> bool:
        if not isinstance(raw, bool):
            raise ValueError("must be true or false")
        return raw

    return Option(key, default, help, parse, lambda v: v, label)


def choice_option(
    key: str, default: str, choices: tuple[str, ...], help: str, label: str
) -> Option[str]:
    def parse(raw: Any) -> str:
        if raw not in choices:
            raise ValueError("must be one of " + ", ".join(f'"{c}"' for c in choices))
        return str(raw)

    return Option(key, default, help, parse, str, label, choices)


def int_option(key: str, default: int, low: int, high: int, help: str, label: str) -> Option[int]:
    def parse(raw: Any) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(f"must be a whole number from {low} to {high}")
        if not low <= raw <= high:
            raise ValueError(f"must be from {low} to {high}")
        return raw

    return Option(key, default, help, parse, lambda v: v, label)


def _routine_id(raw: Any) -> str:
    """A routine id as the settings name one, or ValueError (never a control character)."""
    if not isinstance(raw, str) or not ID.fullmatch(raw):
        shown = f'"{brief(raw, 40)}"' if isinstance(raw, str) else "that"
        raise ValueError(
            f"{shown} is not a routine id (lowercase letters, digits and hyphens, like "
            '"neck-release")'
        )
    return raw


def id_list_option(key: str, help: str, label: str) -> Option[tuple[str, ...]]:
    def parse(raw: Any) -> tuple[str, ...]:
        if not isinstance(raw, list):
            raise ValueError('must be a list of routine ids, like ["neck-release"]')
        return tuple(_routine_id(x) for x in raw)

    return Option(key, (), help, parse, list, label)


def ranges_option(day: str, name: str, default: list[str]) -> Option[tuple[TimeRange, ...]]:
    def parse(raw: Any) -> tuple[TimeRange, ...]:
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise ValueError('must be a list of time ranges, like ["09:00-12:30", "13:30-18:00"]')
        ranges = sorted(TimeRange.parse(x) for x in raw)
        for before, after in itertools.pairwise(ranges):
            if before.end is None or after.start < before.end:
                raise ValueError(f"{before} and {after} overlap")
        return tuple(ranges)

    return Option(
        f"working_hours.{day}",
        tuple(TimeRange.parse(x) for x in default),
        f'Working hours on {name}: time ranges like "09:00-12:30"; none for a day off.',
        parse,
        lambda v: [str(r) for r in v],
        name,
    )


def timezone_option() -> Option[str]:
    def parse(raw: Any) -> str:
        if not isinstance(raw, str) or (raw and not re.fullmatch(r"[A-Za-z0-9_+\-/]+", raw)):
            raise ValueError(
                'must be a time zone name like "Europe/Berlin", or "" for the computer\'s own'
            )
        return raw

    return Option(
        "working_hours.timezone",
        "",
        'Time zone for working hours, like "Europe/Berlin"; "" uses the computer\'s.',
        parse,
        str,
        "Time zone",
    )


def fixed_option() -> Option[tuple[FixedReminder, ...]]:
    def parse(raw: Any) -> tuple[FixedReminder, ...]:
        if not isinstance(raw, dict):
            raise ValueError("must be a table of named reminders")
        out = []
        for name, entry in raw.items():
            where = f"{brief(name, 40)}: "
            if control_in(name):
                raise ValueError(
                    f"{where}a name must not hold a control character ({control_in(name)})"
                )
            if not isinstance(entry, dict):
                raise ValueError(
                    f'{where}write it like {name} = {{ routine = "box-breathing",'
                    ' at = ["10:30"], days = "weekdays" }'
                )
            extra = set(entry) - {"routine", "at", "days", "cron"}
            if extra:
                raise ValueError(
                    f"{where}unknown key {sorted(extra)[0]}; use routine, at, days or cron"
                )
            routine = entry.get("routine")
            if not isinstance(routine, str) or not routine:
                raise ValueError(f'{where}needs routine = "<id>"')
            try:
                _routine_id(routine)
                if "cron" in entry:
                    if "at" in entry or "days" in entry:
                        raise ValueError("use either cron or at/days, not both")
                    out.append(FixedReminder(name, routine, cron=Cron.parse(str(entry["cron"]))))
                    continue
                at = entry.get("at")
                if isinstance(at, str):
                    at = [at]
                if not isinstance(at, list) or not at:
                    raise ValueError('needs at = ["10:30", …]')
                times = tuple(sorted({parse_clock(str(t)) for t in at}))
                days = parse_days(entry.get("days", "daily"))
            except ValueError as exc:
                raise ValueError(f"{where}{exc}") from exc
            out.append(FixedReminder(name, routine, times, days))
        return tuple(out)

    def dump(value: tuple[FixedReminder, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for r in value:
            if r.cron is not None:
                out[r.name] = {"routine": r.routine_id, "cron": r.cron.text}
            else:
                out[r.name] = {
                    "routine": r.routine_id,
                    "at": [t.strftime("%H:%M") for t in r.times],
                    "days": [DAYS[d] for d in sorted(r.days)],
                }
        return out

    return Option(
        "fixed",
        (),
        "Routines at clock times, one line each, like: breathing = "
        '{ routine = "box-breathing", at = ["10:30", "15:30"], days = "weekdays" }; '
        'or with cron = "30 10 * * 1-5". Times follow working_hours.timezone.',
        parse,
        dump,
        "Routines at fixed times",
    )
