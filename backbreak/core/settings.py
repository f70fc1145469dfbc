"""Every setting declared once: name, type, default, bounds, help.

The same table validates the settings file, writes its commented template and (later)
builds the settings dialog, so an option can never be documented one way and read another.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from backbreak.core.care import OPTIONS as CARE
from backbreak.core.i18n import language_option
from backbreak.core.option_kinds import Option as Option  # the table's type, for its readers
from backbreak.core.option_kinds import (
    bool_option,
    choice_option,
    duration_option,
    fixed_option,
    id_list_option,
    int_option,
    ranges_option,
    timezone_option,
)
from backbreak.core.option_kinds import format_duration_setting as format_duration_setting
from backbreak.core.option_kinds import parse_duration as parse_duration
from backbreak.core.strictness import OPTIONS as BREAK_SCREEN
from backbreak.core.text import brief
from backbreak.core.toml_text import toml_key, toml_value
from backbreak.core.working_hours import DAYS, TimeRange, WorkingHours

T = TypeVar("T")

STRETCH_EVERY = duration_option(
    "schedule.stretch_every",
    "50m",
    "5s",
    "8h",
    'Time between stretch breaks. Write durations like "50m", "1h30m", "90s" or "45 minutes".',
    "Stretch break every",
)
NATURAL_BREAK = duration_option(
    "schedule.natural_break",
    "5m",
    "5s",
    "1h",
    "Away from keyboard and mouse this long counts as a break: the next one is a full "
    "interval after you come back.",
    "Natural break after",
)
SNOOZE = duration_option(
    "schedule.snooze",
    "5m",
    "5s",
    "2h",
    'How long "Snooze" puts a break off.',
    "Snooze for",
)
WHEN_BACK = choice_option(
    "schedule.when_back",
    "show",
    ("show", "restart"),
    "A break that came due while you were briefly away: show it when you are back, or start "
    "counting again from your return. (Away longer than a natural break always starts the "
    "count again.)",
    "When you are back",
    ("Show the break", "Start counting again"),
)
NOTICE_BEFORE = duration_option(
    "schedule.notice_before",
    "0s",
    "0s",
    "5m",
    'A heads-up notification this long before each break ("30s"). "0s": none for the '
    "small window, which waits for you anyway; a full-screen break still gets 30 seconds.",
    "Notice before a break",
)
WAIT_IN_CALLS = bool_option(
    "schedule.wait_in_calls",
    True,
    "Hold a due break while your microphone or camera is in use (a call, a recording) and "
    "show it afterwards. Only whether they are in use is read, never what they hear or see.",
    "Wait while in a call",
)
SNOOZE_LIMIT = int_option(
    "schedule.snooze_limit",
    3,
    0,
    10,
    "How many times one break can be snoozed; after that only Start or Skip remain.",
    "Snoozes per break",
)
SKIP_FRICTION = int_option(
    "breaks.skip_friction",
    3,
    0,
    10,
    "After this many skips in a row, Skip asks once more before skipping; 0 never asks.",
    "Ask before skipping after",
)
STRETCH_CATEGORY = choice_option(
    "breaks.category",
    "",
    ("", "posture", "stretch", "exercise", "breathing", "relaxation"),
    "When no routines are chosen for reminders: take them from one category, or rotate "
    "through stretch, posture and exercise routines.",
    "Routine category",
    ("Any (rotate)", "Posture", "Stretch", "Exercise", "Breathing", "Relaxation"),
)
STRETCH_ROUTINES = id_list_option(
    "breaks.routines",
    "The routines stretch breaks take turns with, in the order chosen. None chosen: every "
    "stretch, posture and exercise routine (or the category below).",
    "Routines for reminders",
)
MICRO_ON = bool_option(
    "micro.enabled",
    False,
    "Short posture checks between stretch breaks (about 20 seconds each).",
    "Micro posture checks",
)
MICRO_EVERY = duration_option(
    "micro.every",
    "20m",
    "1m",
    "4h",
    "Time at the computer between micro posture checks.",
    "Micro check every",
)
MICRO_ROUTINES = id_list_option(
    "micro.routines",
    "The routines micro posture checks take turns with, in the order chosen.",
    "Routines for micro checks",
    ("posture-reset", "neck-micro"),
)
NOTIFY = bool_option(
    "notifications.enabled",
    True,
    "Announce a due break with a desktop notification as well as the break window.",
    "Desktop notifications",
)
BREAK_SHOWS = choice_option(
    "notifications.break_shows",
    "both",
    ("both", "window", "notification"),
    "How a due break asks: with its small window and a notification, with the window "
    "alone, or with the notification alone (Start, Snooze and Skip on it; it stays until "
    "answered). Where notifications cannot carry buttons the window comes anyway.",
    "A break asks with",
    ("Window and notification", "The window only", "The notification only"),
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
WORKING_HOURS_ON = bool_option(
    "working_hours.enabled",
    False,
    "Only remind during working hours (the day ranges below); outside them, no reminders.",
    "Only during working hours",
)
WORKING_DAYS: dict[str, Option[tuple[TimeRange, ...]]] = {
    day: ranges_option(day, DAY_NAMES[day], ["09:00-17:30"] if day not in ("sat", "sun") else [])
    for day in DAYS
}
TIMEZONE = timezone_option()


FIXED = fixed_option()

SOUND_VOLUME = int_option(
    "sound.volume",
    40,
    0,
    100,
    "Volume of the soft chime when a break comes and at each step, 0 to 100; 0 is silent.",
    "Chime volume",
)
SPOKEN_CUES = bool_option(
    "sound.spoken_cues",
    False,
    "Speak each step's short cue, to follow with your eyes closed (where the system has a "
    "voice; needs the sound extra).",
    "Spoken cues",
)
DAILY_TARGET = int_option(
    "history.daily_target",
    6,
    1,
    30,
    "Breaks a day that count as a good day, for the streak and adherence figures.",
    "Daily target",
)
CHECKIN = bool_option(
    "checkin.enabled",
    True,
    "Before and after each routine of a minute or more, ask how tense or sore your neck and "
    "back are (0-10, one click to skip); your history shows whether it goes down.",
    "Tension check-in",
)
REDUCE_MOTION = bool_option(
    "appearance.reduce_motion",
    False,
    "Calm progress bars instead of moving shapes (the breathing pacer).",
    "Reduce motion",
)

THEME = choice_option(
    "appearance.theme",
    "system",
    ("system", "light", "dark"),
    "Colours of backbreak's windows: follow the system, or always light or dark.",
    "Theme",
    ("Like the system", "Light", "Dark"),
)
LANGUAGE = language_option()
TRAY_ICON = choice_option(
    "appearance.tray_icon",
    "colour",
    ("colour", "light", "dark"),
    'The tray icon: "colour" (teal, grey when paused, a red dot when a break is due), or '
    'a plain "light" icon for dark panels or "dark" for light ones (pause bars and a dot '
    "show the state).",
    "Tray icon",
    ("In colour", "Light, for dark panels", "Dark, for light panels"),
)

OPTIONS: tuple[Option[Any], ...] = (
    STRETCH_EVERY,
    NATURAL_BREAK,
    WHEN_BACK,
    WAIT_IN_CALLS,
    NOTICE_BEFORE,
    SNOOZE,
    SNOOZE_LIMIT,
    STRETCH_ROUTINES,
    STRETCH_CATEGORY,
    SKIP_FRICTION,
    *BREAK_SCREEN,
    MICRO_ON,
    MICRO_EVERY,
    MICRO_ROUTINES,
    WORKING_HOURS_ON,
    *WORKING_DAYS.values(),
    TIMEZONE,
    FIXED,
    CHECKIN,
    *CARE,
    DAILY_TARGET,
    NOTIFY,
    BREAK_SHOWS,
    SOUND_VOLUME,
    SPOKEN_CUES,
    THEME,
    LANGUAGE,
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
        # Both may quote the file (an unknown key, a bad value): never raw, never a megabyte.
        return f"{brief(self.key, 80)}: {brief(self.message, 300)}"


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
                problems.append(Problem(table, f"{brief(str(exc))}; none of [{table}] is used"))
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
                    Problem(
                        key,
                        f"{brief(str(exc))}; using the default "
                        f"({toml_value(option.dump(option.default))})",
                    )
                )
    return Settings(values, unknown), problems


def reference_problems(settings: Settings, routine_ids: Iterable[str]) -> list[Problem]:
    """Routine ids the settings name that no routine has (a typo, a routine deleted or
    skipped): warnings, since the rest still works, but said, or reminders quietly fall
    back to other routines and a fixed reminder never plays the one that was asked for."""
    known = frozenset(routine_ids)
    problems = []
    # Micro checks that are off play nothing: their list matters once they are turned on.
    for option in (STRETCH_ROUTINES, MICRO_ROUTINES) if settings[MICRO_ON] else (STRETCH_ROUTINES,):
        unknown = [rid for rid in settings[option] if rid not in known]
        if unknown:
            problems.append(Problem(option.key, _unknown_ids(unknown), "warning"))
    for reminder in settings[FIXED]:
        if reminder.routine_id not in known:
            problems.append(
                Problem(
                    f"{FIXED.key}.{reminder.name}", _unknown_ids([reminder.routine_id]), "warning"
                )
            )
    return problems


def _unknown_ids(ids: list[str]) -> str:
    names = ", ".join(f'"{rid}"' for rid in ids)
    return (
        f"no routine has the id {names}; `backbreak routines list` shows the ids "
        "(a routine file with problems is skipped: `backbreak routines validate`)"
    )


def to_toml(settings: Settings, header: Iterable[str] = ()) -> str:
    """The whole settings file, every option with its help as a comment."""
    lines = [f"# {h}" if h else "#" for h in header]
    # Top-level keys must come before any table in TOML.
    lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in settings.unknown.get("", {}).items()]
    tables: dict[str, list[Option[Any]]] = {}
    for option in OPTIONS:
        tables.setdefault(option.table, []).append(option)
    for table in [*tables, *(t for t in settings.unknown if t not in tables and t)]:
        lines += ["", f"[{toml_key(table)}]"]
        for option in tables.get(table, []):
            lines.append(f"# {option.help}")
            if not option.name:  # a whole table: one line per entry
                lines += [
                    f"{toml_key(k)} = {toml_value(v)}"
                    for k, v in option.dump(settings[option]).items()
                ]
                continue
            lines.append(f"# Default: {toml_value(option.dump(option.default))}")
            lines.append(f"{option.name} = {toml_value(option.dump(settings[option]))}")
        for name, value in settings.unknown.get(table, {}).items():
            lines.append(f"{toml_key(name)} = {toml_value(value)}")
    return "\n".join(lines).lstrip("\n") + "\n"
