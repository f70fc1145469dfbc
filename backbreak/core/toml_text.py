"""Values and keys written as TOML text (the standard library reads TOML, it does not write it).

Only what settings hold is supported; anything else is a programming error (TypeError), never
a file that cannot be read back.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        # TOML strings may not hold control characters raw: a file we write must read back.
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return '"' + _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    raise TypeError(  # not translated: programmer error
        f"cannot write {type(value).__name__} to TOML"
    )


def toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else toml_value(key)
