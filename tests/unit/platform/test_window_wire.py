"""The lines between the app and its window process for a break: every message the two
sides build reads back the same, and anything else (junk, wrong types, non-finite numbers,
huge or deep lines) reads as nothing."""

from __future__ import annotations

import json
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from backbreak.core.session import SessionEnd
from backbreak.core.strictness import BreakMode, Strictness
from backbreak.platform.ipc import window_wire as wire

seconds = st.floats(min_value=0, max_value=wire.MAX_SECONDS, allow_nan=False)
modes = st.builds(
    BreakMode,
    st.booleans(),
    st.sampled_from(list(Strictness)),
    seconds.map(lambda s: timedelta(seconds=s)),
)


@st.composite
def ends(draw: st.DrawFn) -> SessionEnd:
    total = draw(st.integers(0, 500))
    return SessionEnd(
        completed=draw(st.booleans()),
        steps_done=draw(st.integers(0, total)),
        steps_total=total,
        elapsed=timedelta(seconds=draw(seconds)),
        spent=timedelta(seconds=draw(seconds)),
        planned=timedelta(seconds=draw(seconds)),
        escaped=draw(st.booleans()),
    )


def read(kind: str, kinds: frozenset[str], **fields: object) -> dict[str, object]:
    decoded = wire.decode(wire.encode(kind, **fields), kinds)
    assert decoded is not None and decoded[0] == kind
    return decoded[1]


@given(modes)
def test_a_break_mode_reads_back_as_sent(mode: BreakMode) -> None:
    fields = read(wire.PLAY, wire.REQUESTS, routine="neck", mode=wire.mode_fields(mode), session=1)
    back = wire.read_mode(fields["mode"])
    assert back is not None
    assert (back.full_screen, back.strictness) == (mode.full_screen, mode.strictness)
    assert abs(back.skip_after - mode.skip_after) < timedelta(milliseconds=1)


@given(ends())
def test_a_sessions_outcome_reads_back_as_sent(end: SessionEnd) -> None:
    fields = read(wire.ENDED, wire.ANSWERS, end=wire.end_fields(end), session=3)
    back = wire.read_end(fields["end"])
    assert back is not None
    assert (back.completed, back.steps_done, back.steps_total, back.escaped) == (
        end.completed,
        end.steps_done,
        end.steps_total,
        end.escaped,
    )
    assert abs(back.elapsed - end.elapsed) < timedelta(milliseconds=1)


def test_each_side_reads_only_its_own_kinds() -> None:
    prompt = wire.encode(
        wire.PROMPT,
        routine="neck",
        minutes=5,
        left=2,
        confirm_skip=False,
        window=True,
        mode=wire.mode_fields(BreakMode()),
    )
    assert wire.decode(prompt, wire.REQUESTS) is not None
    assert wire.decode(prompt, wire.ANSWERS) is None  # the process never sends a prompt
    answered = wire.encode(wire.ANSWERED, answer="start")
    assert wire.decode(answered, wire.REQUESTS) is None
    assert wire.decode(answered, wire.ANSWERS) == ("answered", {"answer": "start"})


def test_wrong_types_and_odd_values_read_as_nothing() -> None:
    bad = [
        "",
        "null",
        "[]",
        '{"kind": "stop", "extra": 1}',  # a field too many
        '{"kind": "answer"}',  # one missing
        '{"kind": "answer", "action": 1}',
        '{"kind": "step", "index": true, "session": 1}',  # JSON's true is not a step
        '{"kind": "step", "index": 99999999999, "session": 1}',
        '{"kind": "step", "index": 1}',  # whose routine?
        '{"kind": "began", "checkin": false, "session": 1}',
        '{"kind": "left", "title": "x", "step": NaN, "total": 1, "running": true, "session": 1}',
        '{"kind": "left", "title": "x", "step": Infinity, "total": 1, "running": true, '
        '"session": 1}',
        '{"kind": "left", "title": "x", "step": 1e300, "total": 1, "running": true, "session": 1}',
        '{"kind": "felt", "word": "' + "x" * (wire.MAX_TEXT + 1) + '", "session": 1}',
        '{"kind": "finish", "problem": null, "details": [1, 2]}',
        '{"kind": "finish", "problem": null, "details": ' + json.dumps(["x"] * 21) + "}",
        '{"kind": "nonsense"}',
        '{"kind": ["stop"]}',
        "[" * 100_000,  # deep: refused before it is parsed
        "[" * 4000 + "]" * 4000,  # deep, and short enough to be parsed
        b"\xff\xfe{",
    ]
    for line in bad:
        assert wire.decode(line, wire.REQUESTS | wire.ANSWERS) is None, line[:60]


def test_a_mode_or_an_outcome_that_makes_no_sense_reads_as_nothing() -> None:
    good_mode = wire.mode_fields(BreakMode())
    assert wire.read_mode(good_mode) == BreakMode()
    for mode in (
        None,
        {},
        {**good_mode, "strictness": "harsh"},
        {**good_mode, "skip_after": -1},
        {**good_mode, "skip_after": float("inf")},
        {**good_mode, "full_screen": 1},
        {**good_mode, "more": 1},
    ):
        assert wire.read_mode(mode) is None, mode
    end = SessionEnd(True, 3, 3, timedelta(seconds=60))
    good_end = wire.end_fields(end)
    assert wire.read_end(good_end) == end
    for fields in (
        {**good_end, "steps_done": 4},  # more done than there are
        {**good_end, "steps_total": -1},
        {**good_end, "elapsed": float("nan")},
        {**good_end, "completed": "yes"},
        {**good_end, "steps_done": True},
        [],
    ):
        assert wire.read_end(fields) is None, fields


@given(st.text(max_size=300) | st.binary(max_size=300))
def test_no_line_makes_it_raise(line: str | bytes) -> None:
    wire.decode(line, wire.REQUESTS | wire.ANSWERS)
