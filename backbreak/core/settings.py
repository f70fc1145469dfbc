"""Every setting declared once: name, type, default, bounds, help.

The same table validates the settings file, writes its commented template and (later)
builds the settings dialog, so an option can never be documented one way and read another.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Generic, TypeVar, cast

from backbreak.core.fixed import Cron, FixedReminder, parse_clock, parse_days
from backbreak.core.working_hours import DAYS, TimeRange, WorkingHours

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


def _duration_option(
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


def _bool_option(key: str, default: bool, help: str, label: str) -> Option[bool]:
    def parse(raw: Any) -> bool:
        if not isinstance(raw, bool):
            raise ValueError("must be true or false")
        return raw

    return Option(key, default, help, parse, lambda v: v, label)


def _choice_option(
    key: str, default: str, choices: tuple[str, ...], help: str, label: str
) -> Option[str]:
    def parse(raw: Any) -> str:
        if raw not in choices:
            raise ValueError("must be one of " + ", ".join(f'"{c}"' for c in choices))
        return str(raw)

    return Option(key, default, help, parse, str, label, choices)


def _int_option(key: str, default: int, low: int, high: int, help: str, label: str) -> Option[int]:
    def parse(raw: Any) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(f"must be a whole number from {low} to {high}")
        if not low <= raw <= high:
            raise ValueError(f"must be from {low} to {high}")
        return raw

    return Option(key, default, help, parse, lambda v: v, label)


def _id_list_option(key: str, help: str, label: str) -> Option[tuple[str, ...]]:
    def parse(raw: Any) -> tuple[str, ...]:
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise ValueError('must be a list of routine ids, like ["neck-release"]')
        return tuple(cast(list[str], raw))

    return Option(key, (), help, parse, list, label)


STRETCH_EVERY = _duration_option(
    "schedule.stretch_every",
    "50m",
    "5s",
    "8h",
    'Time between stretch breaks. Write durations like "50m", "1h30m" or "90s".',
    "Stretch break every",
)
NATURAL_BREAK = _duration_option(
    "schedule.natural_break",
    "5m",
    "5s",
    "1h",
    "Away from keyboard and mouse this long counts as a break: the next one is a full "
    "interval after you come back.",
    "Natural break after",
)
SNOOZE = _duration_option(
    "schedule.snooze",
    "5m",
    "5s",
    "2h",
    'How long "Snooze" puts a break off.',
    "Snooze for",
)
WHEN_BACK = _choice_option(
    "schedule.when_back",
    "show",
    ("show", "restart"),
    'A break that came due while you were briefly away: "show" it when you are back, or '
    '"restart" the count from your return. (Away longer than natural_break always '
    "restarts it.)",
    "When you are back",
)
NOTICE_BEFORE = _duration_option(
    "schedule.notice_before",
    "0s",
    "0s",
    "5m",
    'A heads-up notification this long before each break ("30s"); "0s" for none.',
    "Notice before a break",
)
SNOOZE_LIMIT = _int_option(
    "schedule.snooze_limit",
    3,
    0,
    10,
    "How many times one break can be snoozed; after that only Start or Skip remain.",
    "Snoozes per break",
)
SKIP_FRICTION = _int_option(
    "breaks.skip_friction",
    3,
    0,
    10,
    "After this many skips in a row, Skip asks once more before skipping; 0 never asks.",
    "Ask before skipping after",
)
STRETCH_CATEGORY = _choice_option(
    "breaks.category",
    "",
    ("", "posture", "stretch", "exercise", "breathing", "relaxation"),
    'Draw stretch-break routines from one category (when breaks.routines is empty); "" '
    "rotates through stretch, posture and exercise routines.",
    "Routine category",
)
STRETCH_ROUTINES = _id_list_option(
    "breaks.routines",
    "Routine ids that reminders rotate through, in order. Empty: every stretch and posture "
    "routine. `backbreak routines list` shows the ids.",
    "Routines for reminders",
)
MICRO_ON = _bool_option(
    "micro.enabled",
    False,
    "Short posture checks between stretch breaks (about 20 seconds each).",
    "Micro posture checks",
)
MICRO_EVERY = _duration_option(
    "micro.every",
    "20m",
    "1m",
    "4h",
    "Time at the computer between micro posture checks.",
    "Micro check every",
)
MICRO_ROUTINES: Option[tuple[str, ...]] = Option(
    "micro.routines",
    ("posture-reset", "neck-micro"),
    "Routine ids that micro checks rotate through.",
    STRETCH_ROUTINES.parse,
    list,
    "Routines for micro checks",
)
NOTIFY = _bool_option(
    "notifications.enabled",
    True,
    "Announce a due break with a desktop notification as well as the break window.",
    "Desktop notifications",
)


def _ranges_option(day: str, default: list[str]) -> Option[tuple[TimeRange, ...]]:
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
        f'Working hours on {DAY_NAMES[day]}: time ranges like "09:00-12:30"; none for a day off.',
        parse,
        lambda v: [str(r) for r in v],
        DAY_NAMES[day],
    )


def _timezone_option() -> Option[str]:
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


DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
WORKING_HOURS_ON = _bool_option(
    "working_hours.enabled",
    False,
    "Only remind during working hours (the day ranges below); outside them, no reminders.",
    "Only during working hours",
)
WORKING_DAYS: dict[str, Option[tuple[TimeRange, ...]]] = {
    day: _ranges_option(day, ["09:00-17:30"] if day not in ("sat", "sun") else []) for day in DAYS
}
TIMEZONE = _timezone_option()


def _fixed_option() -> Option[tuple[FixedReminder, ...]]:
    def parse(raw: Any) -> tuple[FixedReminder, ...]:
        if not isinstance(raw, dict):
            raise ValueError("must be a table of named reminders")
        out = []
        for name, entry in raw.items():
            where = f"{name}: "
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


FIXED = _fixed_option()

SOUND_VOLUME = _int_option(
    "sound.volume",
    0,
    0,
    100,
    "Volume of the soft chime at each step and at the end, 0 to 100; 0 is silent. Needs "
    "the sound extra: pip install 'backbreak[sound]'.",
    "Chime volume",
)
SPOKEN_CUES = _bool_option(
    "sound.spoken_cues",
    False,
    "Speak each step's short cue, to follow with your eyes closed (where the system has a "
    "voice; needs the sound extra).",
    "Spoken cues",
)
DAILY_TARGET = _int_option(
    "history.daily_target",
    6,
    1,
    30,
    "Breaks a day that count as a good day, for the streak and adherence figures.",
    "Daily target",
)
CHECKIN = _bool_option(
    "checkin.enabled",
    True,
    "Before and after each routine of a minute or more, ask how tense or sore your neck and "
    "back are (0-10, one click to skip); your history shows whether it goes down.",
    "Tension check-in",
)
REDUCE_MOTION = _bool_option(
    "appearance.reduce_motion",
    False,
    "Calm progress bars instead of moving shapes (the breathing pacer).",
    "Reduce motion",
)

THEME = _choice_option(
    "appearance.theme",
    "system",
    ("system", "light", "dark"),
    "Colours of backbreak's windows: follow the system, or always light or dark.",
    "Theme",
)
TRAY_ICON = _choice_option(
    "appearance.tray_icon",
    "colour",
    ("colour", "light", "dark"),
    'The tray icon: "colour" (teal, grey when paused, a red dot when a break is due), or '
    'a plain "light" icon for dark panels or "dark" for light ones (pause bars and a dot '
    "show the state).",
    "Tray icon",
)

OPTIONS: tuple[Option[Any], ...] = (
    STRETCH_EVERY,
    NATURAL_BREAK,
    WHEN_BACK,
    NOTICE_BEFORE,
    SNOOZE,
    SNOOZE_LIMIT,
    STRETCH_ROUTINES,
    STRETCH_CATEGORY,
    SKIP_FRICTION,
    MICRO_ON,
    MICRO_EVERY,
    MICRO_ROUTINES,
    WORKING_HOURS_ON,
    *WORKING_DAYS.values(),
    TIMEZONE,
    FIXED,
    CHECKIN,
    DAILY_TARGET,
    NOTIFY,
    SOUND_VOLUME,
    SPOKEN_CUES,
    THEME,
    TRAY_ICON,
    REDUCE_MOTION,
)
_BY_KEY: dict[str, Option[Any]] = {o.key: o for o in OPTIONS}
_TABLES = frozenset(o.table for o in OPTIONS if o.name)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in a settings file, said so a user can fix it."""

    key: str
    message: str
    severity: str = "error"  # "error": the default was used; "warning": kept as is

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


@dataclass(frozen=True)
class Settings:
    """Validated settings. Read with `settings[OPTION]`; unknown keys ride along untouched."""

    values: Mapping[str, Any] = field(default_factory=dict)
    unknown: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __getitem__(self, option: Option[T]) -> T:
        return cast(T, self.values.get(option.key, option.default))

    def replace(self, changes: Mapping[Option[Any], Any]) -> Settings:
        values = dict(self.values)
        values.update({o.key: v for o, v in changes.items()})
        return Settings(values, self.unknown)


def working_hours(settings: Settings, tz: Any = None) -> WorkingHours:
    """The working-hours policy object the settings describe (`tz`: a tzinfo, or None)."""
    days = {i: settings[WORKING_DAYS[day]] for i, day in enumerate(DAYS)}
    return WorkingHours(days, settings[WORKING_HOURS_ON], tz)


def validate(raw: Mapping[str, Any]) -> tuple[Settings, list[Problem]]:
    """Check a parsed TOML document against the table. Never raises on bad content."""
    values: dict[str, Any] = {}
    unknown: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    for table, body in raw.items():
        whole = _BY_KEY.get(table)
        if whole is not None:  # an option that is a whole table, like [fixed]
            try:
                values[table] = whole.parse(body)
            except ValueError as exc:
                problems.append(Problem(table, f"{exc}; none of [{table}] is used"))
            continue
        if not isinstance(body, dict):
            # `appearance = "dark"` is not kept: written back, it would clash with [appearance].
            if table in _TABLES:
                problems.append(
                    Problem(
                        table,
                        f"must be a table: write [{table}] on its own "
                        "line, then its settings; ignored",
                    )
                )
                continue
            unknown.setdefault("", {})[table] = body
            problems.append(Problem(table, "unknown setting, kept as is", "warning"))
            continue
        for name, value in body.items():
            key = f"{table}.{name}"
            option = _BY_KEY.get(key)
            if option is None:
                unknown.setdefault(table, {})[name] = value
                problems.append(Problem(key, "unknown setting, kept as is", "warning"))
                continue
            try:
                values[key] = option.parse(value)
            except ValueError as exc:
                problems.append(
                    Problem(key, f"{exc}; using the default ({_show(option.dump(option.default))})")
                )
    return Settings(values, unknown), problems


def _show(value: Any) -> str:
    return _toml_value(value)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        # TOML strings may not hold control characters raw: a file we write must read back.
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return '"' + _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_value(key)


def to_toml(settings: Settings, header: Iterable[str] = ()) -> str:
    """The whole settings file, every option with its help as a comment."""
    lines = [f"# {h}" if h else "#" for h in header]
    # Top-level keys must come before any table in TOML.
    lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in settings.unknown.get("", {}).items()]
    tables: dict[str, list[Option[Any]]] = {}
    for option in OPTIONS:
        tables.setdefault(option.table, []).append(option)
    for table in [*tables, *(t for t in settings.unknown if t not in tables and t)]:
        lines += ["", f"[{_toml_key(table)}]"]
        for option in tables.get(table, []):
            lines.append(f"# {option.help}")
            if not option.name:  # a whole table: one line per entry
                lines += [
                    f"{_toml_key(k)} = {_toml_value(v)}"
                    for k, v in option.dump(settings[option]).items()
                ]
                continue
            lines.append(f"# Default: {_toml_value(option.dump(option.default))}")
            lines.append(f"{option.name} = {_toml_value(option.dump(settings[option]))}")
        for name, value in settings.unknown.get(table, {}).items():
            lines.append(f"{_toml_key(name)} = {_toml_value(value)}")
    return "\n".join(lines).lstrip("\n") + "\n"
