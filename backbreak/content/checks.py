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
                self.add(f"{where}{key}", f"unknown key; allowed here: {hint}")

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
                self.add(f"{where}{key}", "missing; add it")
            return default
        value = table[key]
        # bool is an int in Python; a TOML true is never a number here.
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
            self.add(f"{where}{key}", f"must be {_kind_name(kind)}, not {_toml_type(value)}")
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
            self.add(where, "must not be empty")
        elif len(value) > max_len:
            self.add(where, f"is {len(value)} characters; keep it to {max_len}")
        elif control:
            self.add(where, f"contains a control character ({control}); remove it")
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
            self.add(f"{where}{key}", f"is {_number(value)}; must be between {low} and {high}")
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
            self.add(f"{where}{key}", f'"{value}" is not one of: {", ".join(options)}')
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
                self.add(f"{where}{key}[{i}]", "must be a non-empty string")
            elif self.printable(item, f"{where}{key}[{i}]", max_len):
                out.append(item)
        return tuple(out)


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {
        str: "a string",
        int: "a whole number",
        list: "a list",
        dict: "a table",
        bool: "true or false",
        float: "a number",
    }
    return " or ".join(names.get(k, k.__name__) for k in _as_tuple(kind))


def _toml_type(value: Any) -> str:
    return {
        bool: "true/false",
        int: "a number",
        float: "a decimal number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def _number(value: int) -> str:
    """A number for a message: a 300-digit one as its first digits and its length."""
    text = str(value)
    return text if len(text) <= 15 else f"{text[:6]}… ({len(text.lstrip('-'))} digits)"
