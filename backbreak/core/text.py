"""Characters that must never reach a terminal or a window raw, and how to show them.

A routine file or a settings file is text anyone can write or share. Control characters in
it can move the cursor, clear the screen, set a window title or reorder what is shown
(ESC [ …, CSI, bidi overrides), so validators refuse them in names and titles, and every
message that quotes what a file holds shows them escaped.
"""

from __future__ import annotations

import re

from backbreak.core.i18n import N_, _

#: C0 and C1 controls and DEL; the bidi embeddings, overrides and isolates; the line and
#: paragraph separators (a line break in disguise).
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

#: The shape of an id: lowercase letters and digits in words joined by single hyphens
#: (a routine's id is also its file's name). Use with fullmatch: "$" would let a "\n" in.
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_NAMES = {
    "\x00": N_("a NUL"),
    "\t": N_("a tab"),
    "\n": N_("a line break"),
    "\r": N_("a carriage return"),
    "\x1b": N_("an escape (ESC), which terminals read as a command"),
    "\x7f": N_("a delete (DEL)"),
    "\x9b": N_("a terminal command introducer (CSI)"),
}
"""The controls a message names in words (translated there); Unicode names the others."""


def control_in(text: str, allowed: str = "") -> str | None:
    """What the first control character in `text` is ("U+001B, an escape …"), or None.

    `allowed` lists controls that are fine here (a line break in a long instruction).
    """
    for match in CONTROL.finditer(text):
        char = match.group()
        if char in allowed:
            continue
        import unicodedata  # only when there is something to name: it is large to keep loaded

        if char in _NAMES:
            name = _(_NAMES[char])
        else:  # the character's Unicode name ("right-to-left override") is English only
            name = unicodedata.name(char, "").lower() or _("a control character")
        return f"U+{ord(char):04X}, {name}"
    return None


def visible(text: str) -> str:
    """`text` with every control character written as an escape (\\x1b, \\u202e), so a
    message that quotes a hostile file cannot drive the terminal that shows it."""
    return CONTROL.sub(_escape, text)


def brief(text: str, limit: int = 200) -> str:
    """`text` made visible and cut to about `limit` characters: a message quoting a value
    from a file stays one readable line even when the value is a megabyte long."""
    shown = visible(text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
