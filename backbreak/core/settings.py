"""Every setting declared once: name, type, default, bounds, help.

The same table validates the settings file, writes its commented template and (later)
builds the settings dialog, so an option can never be documented one way and read another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from backbreak.core.care import OPTIONS as CARE
from backbreak.core.i18n import N_, _, language_option
from backbreak.core.option_kinds import Option as Option  # the table's type, for its readers
from backbreak.core.option_kinds import bool_option, choice_option, duration_option, int_option
from backbreak.core.option_kinds import format_duration_setting as format_duration_setting
from backbreak.core.option_kinds import parse_duration as parse_duration
from backbreak.core.option_tables import (
    fixed_option,
    id_list_option,
    ranges_option,
    timezone_option,
)
from backbreak.core.strictness import OPTIONS as BREAK_SCREEN
from backbreak.core.text import brief
from backbreak.core.toml_text import toml_value
from backbreak.core.working_hours import DAYS, TimeRange, WorkingHours

T = TypeVar("T")

STRETCH_EVERY = duration_option(
    "schedule.stretch_every",  # not translated: a setting's key
    "50m",
    "5s",
    "8h",
    N_('Time between stretch breaks. Write durations like "50m", "1h30m", "90s" or "45 minutes".'),
    N_("Stretch break every"),
)
NATURAL_BREAK = duration_option(
    "schedule.natural_break",  # not translated: a setting's key
    "5m",
    "5s",
    "1h",
    N_(
        "Away from keyboard and mouse this long counts as a break: the next one is a full "
        "interval after you come back."
    ),
    N_("Natural break after"),
)
SNOOZE = duration_option(
    "schedule.snooze",  # not translated: a setting's key
    "5m",
    "5s",
    "2h",
    N_('How long "Snooze" puts a break off.'),
    N_("Snooze for"),
)
WHEN_BACK = choice_option(
    "schedule.when_back",  # not translated: a setting's key
    "show",
    ("show", "restart"),
    N_(
        "A break that came due while you were briefly away: show it when you are back, or start "
        "counting again from your return. (Away longer than a natural break always starts the "
        "count again.)"
    ),
    N_("When you are back"),
    (N_("Show the break"), N_("Start counting again")),
)
NOTICE_BEFORE = duration_option(
    "schedule.notice_before",  # not translated: a setting's key
    "0s",
    "0s",
    "5m",
    N_(
        'A heads-up notification this long before each break ("30s"). "0s": none for the '
        "small window, which waits for you anyway; a full-screen break still gets 30 seconds."
    ),
    N_("Notice before a break"),
)
WAIT_IN_CALLS = bool_option(
    "schedule.wait_in_calls",  # not translated: a setting's key
    True,
    N_(
        "Hold a due break while your microphone or camera is in use (a call, a recording) and "
        "show it afterwards. Only whether they are in use is read, never what they hear or see."
    ),
    N_("Wait while in a call"),
)
SNOOZE_LIMIT = int_option(
    "schedule.snooze_limit",  # not translated: a setting's key
    3,
    0,
    10,
    N_("How many times one break can be snoozed; after that only Start or Skip remain."),
    N_("Snoozes per break"),
)
SKIP_FRICTION = int_option(
    "breaks.skip_friction",  # not translated: a setting's key
    3,
    0,
    10,
    N_("After this many skips in a row, Skip asks once more before skipping; 0 never asks."),
    N_("Ask before skipping after"),
)
STRETCH_CATEGORY = choice_option(
    "breaks.category",  # not translated: a setting's key
    "",
    ("", "posture", "stretch", "exercise", "breathing", "relaxation"),
    N_(
        "When no routines are chosen for reminders: take them from one category, or rotate "
        "through stretch, posture and exercise routines."
    ),
    N_("Routine category"),
    (
        N_("Any (rotate)"),
        N_("Posture"),
        N_("Stretch"),
        N_("Exercise"),
        N_("Breathing"),
        N_("Relaxation"),
    ),
)
STRETCH_ROUTINES = id_list_option(
    "breaks.routines",  # not translated: a setting's key
    N_(
        "The routines stretch breaks take turns with, in the order chosen. None chosen: every "
        "stretch, posture and exercise routine (or the category below)."
    ),
    N_("Routines for reminders"),
)
MICRO_ON = bool_option(
    "micro.enabled",  # not translated: a setting's key
    False,
    N_("Short posture checks between stretch breaks (about 20 seconds each)."),
    N_("Micro posture checks"),
)
MICRO_EVERY = duration_option(
    "micro.every",  # not translated: a setting's key
    "20m",
    "1m",
    "4h",
    N_("Time at the computer between micro posture checks."),
    N_("Micro check every"),
)
MICRO_ROUTINES = id_list_option(
    "micro.routines",  # not translated: a setting's key
    N_("The routines micro posture checks take turns with, in the order chosen."),
    N_("Routines for micro checks"),
    ("posture-reset", "neck-micro"),
)
NOTIFY = bool_option(
    "notifications.enabled",  # not translated: a setting's key
    True,
    N_("Announce a due break with a desktop notification as well as the break window."),
    N_("Desktop notifications"),
)
BREAK_SHOWS = choice_option(
    "notifications.break_shows",  # not translated: a setting's key
    "both",
    ("both", "window", "notification"),
    N_(
        "How a due break asks: with its small window and a notification, with the window "
        "alone, or with the notification alone (Start, Snooze and Skip on it; it stays until "
        "answered). Where notifications cannot carry buttons the window comes anyway."
    ),
    N_("A break asks with"),
    (N_("Window and notification"), N_("The window only"), N_("The notification only")),
)


DAY_NAMES = {
    "mon": N_("Monday"),
    "tue": N_("Tuesday"),
    "wed": N_("Wednesday"),
    "thu": N_("Thursday"),
    "fri": N_("Friday"),
    "sat": N_("Saturday"),
    "sun": N_("Sunday"),
}
DAY_HELP = {  # one sentence each: a language may say "on Monday" in its own way per day
    "mon": N_('Working hours on Monday: time ranges like "09:00-12:30"; none for a day off.'),
    "tue": N_('Working hours on Tuesday: time ranges like "09:00-12:30"; none for a day off.'),
    "wed": N_('Working hours on Wednesday: time ranges like "09:00-12:30"; none for a day off.'),
    "thu": N_('Working hours on Thursday: time ranges like "09:00-12:30"; none for a day off.'),
    "fri": N_('Working hours on Friday: time ranges like "09:00-12:30"; none for a day off.'),
    "sat": N_('Working hours on Saturday: time ranges like "09:00-12:30"; none for a day off.'),
    "sun": N_('Working hours on Sunday: time ranges like "09:00-12:30"; none for a day off.'),
}
WORKING_HOURS_ON = bool_option(
    "working_hours.enabled",  # not translated: a setting's key
    False,
    N_("Only remind during working hours (the day ranges below); outside them, no reminders."),
    N_("Only during working hours"),
)
WORKING_DAYS: dict[str, Option[tuple[TimeRange, ...]]] = {
    day: ranges_option(
        day,
        DAY_NAMES[day],
        DAY_HELP[day],
        ["09:00-17:30"] if day not in ("sat", "sun") else [],
    )
    for day in DAYS
}
TIMEZONE = timezone_option()


FIXED = fixed_option()

SOUND_VOLUME = int_option(
    "sound.volume",  # not translated: a setting's key
    40,
    0,
    100,
    N_("Volume of the soft chime when a break comes and at each step, 0 to 100; 0 is silent."),
    N_("Chime volume"),
)
SPOKEN_CUES = bool_option(
    "sound.spoken_cues",  # not translated: a setting's key
    False,
    N_(
        "Speak each step's short cue, to follow with your eyes closed (where the system has a "
        "voice; needs the sound extra)."
    ),
    N_("Spoken cues"),
)
DAILY_TARGET = int_option(
    "history.daily_target",  # not translated: a setting's key
    6,
    1,
    30,
    N_("Breaks a day that count as a good day, for the streak and adherence figures."),
    N_("Daily target"),
)
CHECKIN = bool_option(
    "checkin.enabled",  # not translated: a setting's key
    True,
    N_(
        "Before and after each routine of a minute or more, ask how tense or sore your neck and "
        "back are (0-10, one click to skip); your history shows whether it goes down."
    ),
    N_("Tension check-in"),
)
REDUCE_MOTION = bool_option(
    "appearance.reduce_motion",  # not translated: a setting's key
    False,
    N_("Calm progress bars instead of moving shapes (the breathing pacer)."),
    N_("Reduce motion"),
)

THEME = choice_option(
    "appearance.theme",  # not translated: a setting's key
    "system",
    ("system", "light", "dark"),
    N_("Colours of backbreak's windows: follow the system, or always light or dark."),
    N_("Theme"),
    (N_("Like the system"), N_("Light"), N_("Dark")),
)
LANGUAGE = language_option()
TRAY_ICON = choice_option(
    "appearance.tray_icon",  # not translated: a setting's key
    "colour",
    ("colour", "light", "dark"),
    N_(
        'The tray icon: "colour" (teal, grey when paused, a red dot when a break is due), or '
        'a plain "light" icon for dark panels or "dark" for light ones (pause bars and a dot '
        "show the state)."
    ),
    N_("Tray icon"),
    (N_("In colour"), N_("Light, for dark panels"), N_("Dark, for light panels")),
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
                problems.append(
                    Problem(
                        table,
                        _("{problem}; none of [{table}] is used").format(
                            problem=brief(str(exc)), table=table
                        ),
                    )
                )
            continue
        if not isinstance(body, dict):
            # `appearance = "dark"` is not kept: written back, it would clash with [appearance].
            if table in _TABLES:
                problems.append(
                    Problem(
                        table,
                        _(
                            "must be a table: write [{table}] on its own "
                            "line, then its settings; ignored"
                        ).format(table=table),
                    )
                )
                continue
            unknown.setdefault("", {})[table] = body
            problems.append(Problem(table, _("unknown setting, kept as is"), "warning"))
            continue
        for name, value in body.items():
            key = f"{table}.{name}"
            option = _BY_KEY.get(key)
            if option is None:
                unknown.setdefault(table, {})[name] = value
                problems.append(Problem(key, _("unknown setting, kept as is"), "warning"))
                continue
            try:
                values[key] = option.parse(value)
            except ValueError as exc:
                problems.append(
                    Problem(
                        key,
                        _("{problem}; using the default ({default})").format(
                            problem=brief(str(exc)),
                            default=toml_value(option.dump(option.default)),
                        ),
                    )
                )
    return Settings(values, unknown), problems
