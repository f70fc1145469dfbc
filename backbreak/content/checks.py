"""Reading typed, bounded, printable values out of one parsed routine file.

Every check adds a `Problem` that names the field and says what to do, instead of raising:
one file reports all its mistakes at once. Text that could drive a terminal or reorder what
a window shows (ESC [ …, bidi overrides) is refused with the field it is in, so `routines
list` and the player never show it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from backbreak.core.i18n import _, ngettext
from backbreak.core.text import brief, control_in, visible

#: Controls a long text may hold: a line break or a tab in an instruction or a quote.
PROSE = "\n\t"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one routine file, said so its author can fix it."""

    path: str
    where: str  # "line 12" or a field path like "steps[2].seconds"
    message: str

    def __str__(self) -> str:
        # All three may quote the file (or be its name): never raw, never a megabyte.
        where = f": {brief(self.where, 80)}" if self.where else ""
        return f"{visible(self.path)}{where}: {brief(self.message, 400)}"


class Checker:
    """Collects field problems for one file; `need` and friends read typed values."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.path, where, message))

    def keys(self, table: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
        allowed = set(allowed)
        for key in table:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.add(f"{where}{key}", _("unknown key; allowed here: {keys}").format(keys=hint))

    def get(
        self,
        table: Mapping[str, Any],
        key: str,
        kind: type | tuple[type, ...],
        where: str,
        required: bool = True,
        default: Any = None,
    ) -> Any:
        if key not in table:
            if required:
                self.add(f"{where}{key}", _("missing; add it"))
            return default
        value = table[key]
        # bool is an int in Python; a TOML true is never a number here.
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
            # TRANSLATORS: "must be a whole number, not a string": what a routine file's value
            # should be, and what it is.
            wrong = _("must be {expected}, not {found}")
            self.add(
                f"{where}{key}", wrong.format(expected=_kind_name(kind), found=_toml_type(value))
            )
            return default
        return value

    def text(
        self,
        table: Mapping[str, Any],
        key: str,
        where: str,
        max_len: int,
        required: bool = True,
        allow: str | None = "",
    ) -> str | None:
        """A non-empty string of at most `max_len` characters, with no control characters
        but those in `allow` (PROSE: line breaks and tabs; None: the caller checks them)."""
        value = self.get(table, key, str, where, required)
        if value is None:
            return None
        self.printable(value, f"{where}{key}", max_len, allow)
        return str(value)

    def printable(self, value: str, where: str, max_len: int, allow: str | None = "") -> bool:
        """Whether `value` is fit to show; a problem for `where` when it is not."""
        control = None if allow is None else control_in(value, allow)
        if not value.strip():
            self.add(where, _("must not be empty"))
        elif len(value) > max_len:
            self.add(
                where,
                ngettext(
                    "is {count} character; keep it to {limit}",
                    "is {count} characters; keep it to {limit}",
                    len(value),
                ).format(count=len(value), limit=max_len),
            )
        elif control:
            self.add(
                where,
                _("contains a control character ({character}); remove it").format(
                    character=control
                ),
            )
        else:
            return True
        return False

    def integer(
        self,
        table: Mapping[str, Any],
        key: str,
        where: str,
        low: int,
        high: int,
        required: bool = True,
    ) -> int | None:
        value = self.get(table, key, int, where, required)
        if value is None:
            return None
        if not low <= value <= high:
            self.add(
                f"{where}{key}",
                _("is {value}; must be between {low} and {high}").format(
                    value=_number(value), low=low, high=high
                ),
            )
        return int(value)

    def choice(
        self,
        table: Mapping[str, Any],
        key: str,
        where: str,
        make: Callable[[str], Any],
        options: Iterable[str],
        required: bool = True,
        default: Any = None,
    ) -> Any:
        value = self.get(table, key, str, where, required)
        if value is None:
            return default
        try:
            return make(value)
        except ValueError:
            self.add(
                f"{where}{key}",
                _('"{value}" is not one of: {options}').format(
                    value=value, options=", ".join(options)
                ),
            )
            return default

    def strings(
        self,
        table: Mapping[str, Any],
        key: str,
        where: str,
        required: bool = False,
        max_len: int = 400,
    ) -> tuple[str, ...]:
        value = self.get(table, key, list, where, required, default=[])
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.add(f"{where}{key}[{i}]", _("must be a non-empty string"))
            elif self.printable(item, f"{where}{key}[{i}]", max_len):
                out.append(item)
        return tuple(out)


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    """What a value must be, in words ("a whole number"; "a string or a list")."""
    names = {
        str: _("a string"),
        int: _("a whole number"),
        list: _("a list"),
        dict: _("a table"),
        # TRANSLATORS: true and false are words a routine file writes as they are (TOML's).
        bool: _("true or false"),
        float: _("a number"),
    }
    said = ""
    for k in _as_tuple(kind):
        name = names.get(k, k.__name__)
        # TRANSLATORS: a choice of what a value may be: "a string or a list".
        said = _("{one} or {other}").format(one=said, other=name) if said else name
    return said


def _toml_type(value: Any) -> str:
    """What a value is, in words: the words of a routine file (TOML)."""
    return {
        # TRANSLATORS: true and false are words a routine file writes as they are (TOML's).
        bool: _("true/false"),
        int: _("a number"),
        float: _("a decimal number"),
        str: _("a string"),
        list: _("a list"),
        dict: _("a table"),
    }.get(type(value), type(value).__name__)


def _number(value: int) -> str:
    """A number for a message: a 300-digit one as its first digits and its length."""
    text = str(value)
    if len(text) <= 15:
        return text
    digits = len(text.lstrip("-"))
    return ngettext("{start}… ({count} digit)", "{start}… ({count} digits)", digits).format(
        start=text[:6], count=digits
    )
