"""core/text.py: what counts as a control character, how one is named and shown."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backbreak.core.text import CONTROL, ID, brief, control_in, visible


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("a\x1b[2J", "U+001B, an escape (ESC)"),
        ("\x9b2J", "U+009B, a terminal command introducer (CSI)"),
        ("abc\u202edef", "U+202E, right-to-left override"),
        ("a\u2028b", "U+2028"),
        ("a\x07", "U+0007, a control character"),
        ("a\nb", "U+000A, a line break"),
    ],
)
def test_each_control_character_is_named(text, named):
    found = control_in(text)
    assert found is not None and found.startswith(named)


def test_allowed_controls_and_ordinary_text_pass():
    assert control_in("Sit tall.\nBreathe.\tSlowly.", allowed="\n\t") is None
    assert control_in("Nacken – entspannen 🙂 ‍ عربى") is None


def test_visible_escapes_every_control_and_keeps_the_rest():
    assert visible("a\x1b[31mb\u202ec") == "a\\x1b[31mb\\u202ec"
    assert visible("plain – text") == "plain – text"


@given(st.text())
def test_nothing_visible_can_drive_a_terminal(text):
    assert not CONTROL.search(visible(text))
    assert not CONTROL.search(brief(text, 20)) and len(brief(text, 20)) <= max(20, len(text))


def test_brief_cuts_long_values_to_one_readable_line():
    assert brief("x" * 1000, 50) == "x" * 49 + "…"
    assert brief("short") == "short"


@pytest.mark.parametrize("good", ["neck-release", "a", "box-breathing-2"])
def test_ids_are_lowercase_words_joined_by_single_hyphens(good):
    assert ID.fullmatch(good)


@pytest.mark.parametrize("bad", ["", "Neck", "a--b", "-a", "a-", "a\n", "a b", "a\x1b"])
def test_anything_else_is_not_an_id(bad):
    assert not ID.fullmatch(bad)


def test_a_rows_detail_is_said_in_its_one_line_but_a_reminders_kind_is_not():
    from datetime import UTC, datetime

    from backbreak.core.events import EventKind, LogEntry

    at = datetime(2026, 11, 30, 9, tzinfo=UTC)
    felt = LogEntry(EventKind.COMPLETED, at, "neck-release", detail="felt better")
    assert felt.describe("Neck release") == "Completed · Neck release · felt better"
    escaped = LogEntry(EventKind.SKIPPED, at, "neck-release", detail="emergency exit")
    assert escaped.describe() == "Skipped · neck-release · emergency exit"
    micro = LogEntry(EventKind.REMINDED, at, "posture-reset", detail="micro posture check")
    assert micro.describe() == "Break reminder shown · posture-reset"
