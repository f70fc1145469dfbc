"""The lines between the tray app and its window process when a break's windows live there.

A break's prompt and player run in the window process (ui/window_host.py), so the widgets,
fonts and Qt classes they load leave when the break is over. The app stays the one place
that decides and logs (the reminder engine); the process only shows, and tells what the
user did. Each message is one line of JSON, `{"kind": ..., ...fields}`. Both sides read
the other's lines as untrusted: a line that is too long, not JSON, of an unknown kind or
with a field of the wrong type is dropped (None), and nothing changes.

Pure: no Qt, so every message round-trips under hypothesis.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from backbreak.core.session import SessionEnd
from backbreak.core.strictness import BreakMode, Strictness

MAX_MESSAGE = 8192
"""No message of either side comes near this (a finish page's few lines are the longest)."""
MAX_TEXT = 1000
MAX_COUNT = 10_000_000
"""Counts and the player's session numbers (one a routine played: never near this)."""
MAX_SECONDS = 10 * 24 * 3600.0

# app -> process
PROMPT, WITHDRAW, BRING_UP, ANSWER = "prompt", "withdraw", "bring-up", "answer"
PLAY, STOP, SHOW_PLAYER, FINISH = "play", "stop", "show-player", "finish"
REQUESTS = frozenset({PROMPT, WITHDRAW, BRING_UP, ANSWER, PLAY, STOP, SHOW_PLAYER, FINISH})

# process -> app
ANSWERED, BEGAN, ENDED, CANCELLED = "answered", "began", "ended", "cancelled"
CHECKIN_AFTER, FELT, STEP, RED_FLAG = "checkin-after", "felt", "step", "red-flag"
SHOWING, LEFT, UNKNOWN_ROUTINE = "showing", "left", "unknown-routine"
ANSWERS = frozenset(
    {
        ANSWERED,
        BEGAN,
        ENDED,
        CANCELLED,
        CHECKIN_AFTER,
        FELT,
        STEP,
        RED_FLAG,
        SHOWING,
        LEFT,
        UNKNOWN_ROUTINE,
    }
)

PROMPT_ANSWERS = ("start", "snooze", "skip", "other", "dismiss", "escape")
NOTIFICATION_ACTIONS = ("start", "snooze", "skip", "default")

_FIELDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    PROMPT: {
        "routine": str,
        "minutes": float,
        "left": int,
        "confirm_skip": bool,
        "window": bool,
        "mode": dict,
    },
    WITHDRAW: {},
    BRING_UP: {},
    ANSWER: {"action": str},
    PLAY: {"routine": str, "mode": (dict, type(None)), "session": int},
    STOP: {},
    SHOW_PLAYER: {},
    FINISH: {"problem": (str, type(None)), "details": list},
    ANSWERED: {"answer": str},
    BEGAN: {"checkin": (int, type(None)), "session": int},
    ENDED: {"end": dict, "session": int},
    CANCELLED: {"session": int},
    CHECKIN_AFTER: {"value": int, "session": int},
    FELT: {"word": str, "session": int},
    STEP: {"index": int, "session": int},
    RED_FLAG: {"before": bool, "session": int},
    SHOWING: {"prompt": bool, "player": bool},
    LEFT: {"title": str, "step": float, "total": float, "running": bool, "session": int},
    UNKNOWN_ROUTINE: {"routine": str},
}


def encode(kind: str, **fields: Any) -> str:
    """One message as a line (with its newline)."""
    import json  # only once a break talks to the process: not in an app that waits

    return json.dumps({"kind": kind, **fields}, separators=(",", ":"), allow_nan=False) + "\n"


def decode(line: str | bytes, kinds: frozenset[str]) -> tuple[str, dict[str, Any]] | None:
    """A message of one of `kinds` with fields of the right types, or None."""
    import json

    if len(line) > MAX_MESSAGE:
        return None
    try:
        message = json.loads(line, parse_constant=_refuse)
    except (ValueError, RecursionError):
        return None
    if not isinstance(message, dict):
        return None
    kind = message.pop("kind", None)
    if not isinstance(kind, str) or kind not in kinds:
        return None
    expected = _FIELDS[kind]
    if set(message) != set(expected):
        return None
    for name, kinds_of in expected.items():
        allowed = kinds_of if isinstance(kinds_of, tuple) else (kinds_of,)
        value = message[name]
        if isinstance(value, bool) and bool not in allowed:
            return None  # JSON's true is not a count
        if float in allowed and isinstance(value, int) and not isinstance(value, bool):
            value = message[name] = float(value)
        if not isinstance(value, allowed) or not _fits(value):
            return None
    return kind, message


def _refuse(constant: str) -> None:
    raise ValueError(f"not a number: {constant}")


def _fits(value: object) -> bool:
    """Short text, modest numbers, finite floats (nested values are checked when read)."""
    if isinstance(value, str):
        return len(value) <= MAX_TEXT
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return -1 <= value <= MAX_COUNT
    if isinstance(value, float):
        return math.isfinite(value) and -1.0 <= value <= MAX_SECONDS
    if isinstance(value, list):
        return len(value) <= 20 and all(isinstance(v, str) and len(v) <= MAX_TEXT for v in value)
    return isinstance(value, dict | type(None))


def counted_down(
    step: float, total: float, running: bool, told_at: float, now: float
) -> tuple[float, float]:
    """What is left of the step and of the session (seconds) by `now`, counted down from a
    `left` told at `told_at` (monotonic seconds): the app's count, which the window process
    also works out to know when it must tell again. A paused routine's count stands still."""
    gone = max(0.0, now - told_at) if running else 0.0
    return max(0.0, step - gone), max(0.0, total - gone)


def mode_fields(mode: BreakMode) -> dict[str, Any]:
    return {
        "full_screen": mode.full_screen,
        "strictness": mode.strictness.value,
        "skip_after": mode.skip_after.total_seconds(),
    }


def read_mode(fields: object) -> BreakMode | None:
    if not isinstance(fields, dict) or set(fields) != {"full_screen", "strictness", "skip_after"}:
        return None
    full, strictness, after = fields["full_screen"], fields["strictness"], fields["skip_after"]
    if not isinstance(full, bool) or strictness not in {s.value for s in Strictness}:
        return None
    if not _seconds(after):
        return None
    return BreakMode(full, Strictness(strictness), timedelta(seconds=after))


def end_fields(end: SessionEnd) -> dict[str, Any]:
    return {
        "completed": end.completed,
        "steps_done": end.steps_done,
        "steps_total": end.steps_total,
        "elapsed": end.elapsed.total_seconds(),
        "spent": end.spent.total_seconds(),
        "planned": end.planned.total_seconds(),
        "escaped": end.escaped,
    }


def read_end(fields: object) -> SessionEnd | None:
    names = {"completed", "steps_done", "steps_total", "elapsed", "spent", "planned", "escaped"}
    if not isinstance(fields, dict) or set(fields) != names:
        return None
    flags = (fields["completed"], fields["escaped"])
    counts = (fields["steps_done"], fields["steps_total"])
    times = (fields["elapsed"], fields["spent"], fields["planned"])
    if not all(isinstance(f, bool) for f in flags):
        return None
    if not all(_count(c) for c in counts):
        return None
    if counts[0] > counts[1] or not all(_seconds(t) for t in times):
        return None
    elapsed, spent, planned = (timedelta(seconds=float(t)) for t in times)
    return SessionEnd(
        completed=flags[0],
        steps_done=counts[0],
        steps_total=counts[1],
        elapsed=elapsed,
        spent=spent,
        planned=planned,
        escaped=flags[1],
    )


def _seconds(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 <= value <= MAX_SECONDS
    )


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT
