"""The kinds of setting: how each reads a value from the file and writes it back.

settings.py declares the table from these builders; keeping them here keeps the table short
enough to read in one go. Every `parse` raises ValueError with words for the user and
nothing else, so one bad value never costs the others.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Generic, TypeVar

from backbreak.core.i18n import _
from backbreak.core.text import brief

T = TypeVar("T")

_PART = re.compile(r"\s*(\d{1,30})\s*([a-z]*)\s*,?")
_UNITS = {
    **dict.fromkeys(("d", "day", "days"), 86400),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3600),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
}
_NEXT_UNIT = {86400: 3600, 3600: 60, 60: 1}


def parse_duration(text: str) -> timedelta:
    """A duration as people write it: "50m", "1h30m", "90s", "45 minutes", "1 h 30",
    "1 hour 5 min", "1d". Units are required, except that a last bare number counts in the
    unit after the one before it ("1 h 30" is 90 minutes), so "50" alone is an error."""
    words = text.strip().lower()
    seconds, pos, last_unit = 0, 0, 0
    while pos < len(words):
        match = _PART.match(words, pos)
        if match is None:
            break
        number, unit = int(match.group(1)), match.group(2)
        if unit:
            if unit not in _UNITS or (last_unit and _UNITS[unit] >= last_unit):
                break  # an unknown unit, or units out of order ("5m 1h")
            last_unit = _UNITS[unit]
        elif last_unit in _NEXT_UNIT and match.end() == len(words):
            last_unit = _NEXT_UNIT[last_unit]
        else:
            break
        seconds += number * last_unit
        pos = match.end()
    if pos != len(words) or not words:
        raise ValueError(
            # TRANSLATORS: durations are typed with English units: keep "50m", "45 minutes"
            # and "1 h 30" as they are.
            _('"{text}" is not a duration; write it like "50m", "45 minutes" or "1 h 30"').format(
                text=brief(text, 40)
            )
        )
    try:
        return timedelta(seconds=seconds)
    except OverflowError:
        raise ValueError(
            _('"{text}" is longer than any calendar; write it like "50m"').format(
                text=brief(text, 40)
            )
        ) from None


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


def typed_text(dumped: Any) -> str:
    """A value in its file form, written the way a person types it (`Option.from_text`)."""
    if isinstance(dumped, bool):
        return "true" if dumped else "false"
    if isinstance(dumped, list | dict):  # a dict: the named entries of a whole-table option
        return ", ".join(str(x) for x in dumped) if dumped else "none"
    return str(dumped) if dumped != "" else '""'


class Kind(enum.Enum):
    """What sort of value an option holds: decides the editor the dialog builds and how
    words typed in a terminal or a line edit become the value (`Option.from_text`)."""

    DURATION = "duration"  # "50m", "1h30m"
    SWITCH = "switch"  # true or false
    CHOICE = "choice"  # one of a few words
    NUMBER = "number"  # a whole number between bounds
    IDS = "ids"  # a list of routine ids
    RANGES = "ranges"  # a list of time ranges
    ZONE = "zone"  # a time zone name
    TABLE = "table"  # entries the user names (fixed reminders): edited in the file


_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})
_NONE = frozenset({"", "none", "[]"})
#: Brackets in a value typed as TOML: a list of ranges needs a handful, and tomllib
#: recurses (thousands of "[" would exhaust the stack).
MAX_TYPED_NESTING = 64


@dataclass(frozen=True, slots=True)
class Option(Generic[T]):
    """One setting, described well enough that the dialog and the CLI need no guessing:
    `key` is "table.name" as in the TOML file, `kind` what it holds, `bounds` and `choices`
    what it may be."""

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
    kind: Kind = Kind.CHOICE
    bounds: tuple[int, int] | None = None
    """For a NUMBER: the lowest and highest value."""
    choice_labels: tuple[str, ...] = ()
    """For a CHOICE: the words as a person reads them, in the order of `choices`."""
    help_in_language: Callable[[], str] | None = None
    """For a help text the catalog holds as a template (its TOML example a {placeholder},
    since a catalog reads braces as one): the help in the current language."""

    def __post_init__(self) -> None:
        if (self.kind is Kind.CHOICE) != bool(self.choices):
            raise TypeError(  # not translated: programmer error
                f"{self.key}: a choice, and only a choice, lists its choices"
            )
        if (self.kind is Kind.NUMBER) != (self.bounds is not None):
            raise TypeError(  # not translated: programmer error
                f"{self.key}: a number, and only a number, has bounds"
            )

    @property
    def table(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def name(self) -> str:
        """ "" for an option that is a whole table (its entries are the user's names)."""
        return self.key.split(".", 1)[1] if "." in self.key else ""

    @property
    def is_list(self) -> bool:
        return self.kind in (Kind.IDS, Kind.RANGES)

    def from_text(self, text: str) -> Any:
        """The file value that `text`, as a person types it, stands for: "45m", "yes",
        "09:00-12:30, 13:30-18:00", "none", or a TOML value copied from the file. Not yet
        checked: `parse` judges it, so no way of typing can pass what the file could not."""
        text = text.strip()
        if text[:1] in ('"', "'", "[") and (text.count("[") + text.count("{") <= MAX_TYPED_NESTING):
            import tomllib

            try:
                return tomllib.loads(f"value = {text}")["value"]
            except tomllib.TOMLDecodeError:
                pass
        low = text.lower()
        if self.kind is Kind.SWITCH:
            return True if low in _TRUE else False if low in _FALSE else text
        if self.kind is Kind.NUMBER:
            return int(text) if re.fullmatch(r"[+-]?\d{1,30}", text) else text
        if self.is_list:
            if low in _NONE:
                return []
            parts = (p.strip().strip("\"'").strip() for p in text.split(","))
            return [p for p in parts if p]
        if self.kind is Kind.CHOICE:
            labels = [label.lower() for label in self.choice_labels]
            return self.choices[labels.index(low)] if low in labels else low
        return text

    def read_text(self, text: str) -> T:
        """`from_text`, then `parse`: the value, or ValueError with words for the user."""
        return self.parse(self.from_text(text))

    def to_text(self, value: T) -> str:
        """`value` written as `from_text` reads it back ("50m", "true", "a, b", "none")."""
        return typed_text(self.dump(value))

    def choice_label(self, choice: str) -> str:
        """How a choice reads on screen, in the current language."""
        if self.choice_labels and choice in self.choices:
            label = self.choice_labels[self.choices.index(choice)]
            return _(label) if label else label
        return choice

    def shown_label(self) -> str:
        """The label in the current language; the key for an option without one.
        (`label`, `help` and `choice_labels` hold the English, marked with N_: the table
        is built before the language is chosen.)"""
        return _(self.label) if self.label else self.key

    def shown_help(self) -> str:
        """The help text in the current language."""
        if self.help_in_language is not None:
            return self.help_in_language()
        return _(self.help) if self.help else self.help  # _("") is the catalog's header


def duration_option(
    key: str, default: str, minimum: str, maximum: str, help: str, label: str
) -> Option[timedelta]:
    low, high = parse_duration(minimum), parse_duration(maximum)

    def parse(raw: Any) -> timedelta:
        if not isinstance(raw, str):
            raise ValueError(
                _('must be a duration in quotes, like "{example}"').format(example=default)
            )
        value = parse_duration(raw)
        if not low <= value <= high:
            raise ValueError(
                _("must be between {minimum} and {maximum}").format(
                    minimum=minimum, maximum=maximum
                )
            )
        return value

    return Option(
        key,
        parse_duration(default),
        help,
        parse,
        format_duration_setting,
        label,
        (),
        Kind.DURATION,
    )


def bool_option(key: str, default: bool, help: str, label: str) -> Option[bool]:
    def parse(raw: Any) -> bool:
        if not isinstance(raw, bool):
            # TRANSLATORS: true and false are written in the file as they are.
            raise ValueError(_("must be true or false"))
        return raw

    return Option(key, default, help, parse, lambda v: v, label, (), Kind.SWITCH)


def choice_option(
    key: str,
    default: str,
    choices: tuple[str, ...],
    help: str,
    label: str,
    labels: tuple[str, ...] = (),
) -> Option[str]:
    def parse(raw: Any) -> str:
        if raw not in choices:
            words = ", ".join(f'"{c}"' for c in choices)
            raise ValueError(_("must be one of {choices}").format(choices=words))
        return str(raw)

    return Option(key, default, help, parse, str, label, choices, Kind.CHOICE, None, labels)


def int_option(key: str, default: int, low: int, high: int, help: str, label: str) -> Option[int]:
    def parse(raw: Any) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(
                _("must be a whole number from {low} to {high}").format(low=low, high=high)
            )
        if not low <= raw <= high:
            raise ValueError(_("must be from {low} to {high}").format(low=low, high=high))
        return raw

    return Option(key, default, help, parse, lambda v: v, label, (), Kind.NUMBER, (low, high))
