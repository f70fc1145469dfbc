"""The settings file as text: every option with its help as a comment, keys and values as
TOML writes them, and what the app does not know kept as it was."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from backbreak.core.i18n import _
from backbreak.core.settings import OPTIONS, Option, Settings
from backbreak.core.toml_text import toml_key, toml_value


def to_toml(settings: Settings, header: Iterable[str] = ()) -> str:
    """The whole settings file, every option with its help as a comment (in the current
    language: comments are for the person editing the file; keys and values are not)."""
    lines = [f"# {h}" if h else "#" for h in header]
    # Top-level keys must come before any table in TOML.
    lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in settings.unknown.get("", {}).items()]
    tables: dict[str, list[Option[Any]]] = {}
    for option in OPTIONS:
        tables.setdefault(option.table, []).append(option)
    for table in [*tables, *(t for t in settings.unknown if t not in tables and t)]:
        lines += ["", f"[{toml_key(table)}]"]
        for option in tables.get(table, []):
            lines.append(f"# {_comment(option.shown_help())}")
            if not option.name:  # a whole table: one line per entry
                lines += [
                    f"{toml_key(k)} = {toml_value(v)}"
                    for k, v in option.dump(settings[option]).items()
                ]
                continue
            default = _("Default: {value}").format(value=toml_value(option.dump(option.default)))
            lines.append(f"# {_comment(default)}")
            lines.append(f"{option.name} = {toml_value(option.dump(settings[option]))}")
        for name, value in settings.unknown.get(table, {}).items():
            lines.append(f"{toml_key(name)} = {toml_value(value)}")
    return "\n".join(lines).lstrip("\n") + "\n"


def _comment(text: str) -> str:
    """`text` on one comment line, whatever line breaks a translation holds."""
    return " ".join(text.splitlines())
