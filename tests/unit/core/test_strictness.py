"""The stronger break's rules: when leaving works, and what a held break logs."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from backbreak.core import agenda_model as a
from backbreak.core.events import EventKind
from backbreak.core.session import SessionEnd
from backbreak.core.strictness import BreakMode, Strictness
from tests.helpers.engine import MIN, SEC, Engine
from tests.helpers.fakes import START

modes = st.builds(
    BreakMode,
    st.booleans(),
    st.sampled_from(Strictness),
    st.integers(1, 300).map(lambda s: timedelta(seconds=s)),
)
times = st.integers(0, 600).map(lambda s: timedelta(seconds=s))


@given(modes, times, times)
def test_leaving_once_allowed_stays_allowed_and_the_wait_says_when(mode, first, second):
    early, late = sorted((first, second))
    if mode.may_leave(early):
        assert mode.may_leave(late)
    wait = mode.wait_left(early)
    if wait is not None:  # the countdown ends exactly when leaving starts to work
        assert not mode.may_leave(early) and wait > timedelta(0)
        assert mode.may_leave(early + wait) and not mode.may_leave(early + wait - SEC / 1000)
    expected = {
        Strictness.SKIPPABLE: True,
        Strictness.DELAYED: early >= mode.skip_after,
        Strictness.STRICT: False,
    }[mode.strictness]
    assert mode.may_leave(early) == expected
    assert mode.has_escape == (mode.strictness is Strictness.STRICT)  # never locked in
    assert mode.holds == (mode.strictness is not Strictness.SKIPPABLE)
    # Time before the break came (a clock set back) counts as none, never as more to wait.
    assert mode.may_leave(-early) == mode.may_leave(timedelta(0))
    assert mode.wait_left(-early) == mode.wait_left(timedelta(0))


def test_a_due_break_plays_held_and_a_routine_from_the_tray_does_not():
    strict = BreakMode(True, Strictness.STRICT)
    e = Engine(mode=strict)
    e.at(START + 50 * MIN)
    [notice] = [n for n in e.of(a.Notify) if n.opens_prompt]
    assert "snooze" not in notice.body and "Start in the backbreak window" in notice.body
    e.answer(a.Answer.START)
    assert e.of(a.Play)[-1].held
    e.send(a.Began(None))
    e.send(a.Ended(SessionEnd(False, 1, 3, 20 * SEC, escaped=True)))
    assert e.records()[-1] is EventKind.ABANDONED
    assert e.of(a.Record)[-1].entry.detail == "emergency exit"
    e.send(a.StartRoutine(e.state.rules.routines[0]))
    assert not e.of(a.Play)[-1].held


def test_the_emergency_exit_is_a_skip_that_says_so():
    e = Engine(mode=BreakMode(True, Strictness.STRICT))
    e.at(START + 50 * MIN)
    e.answer(a.Answer.ESCAPE)
    assert e.records()[-1] is EventKind.SKIPPED
    assert e.of(a.Record)[-1].entry.detail == "emergency exit"
    assert e.wake() == START + 100 * MIN  # the next break as after any skip


def test_a_full_screen_break_is_announced_by_default_and_the_small_window_is_not():
    from backbreak.core.reminder_rules import rules_from_settings
    from backbreak.core.settings import NOTICE_BEFORE, Settings
    from backbreak.core.strictness import FULL_SCREEN

    def notice(changes: dict) -> timedelta:
        settings = Settings().replace(changes)
        return rules_from_settings(settings, START.tzinfo, ()).notice_before

    assert notice({}) == timedelta(0)
    assert notice({FULL_SCREEN: True}) == timedelta(seconds=30)
    assert notice({FULL_SCREEN: True, NOTICE_BEFORE: timedelta(seconds=10)}) == 10 * SEC
    assert notice({NOTICE_BEFORE: timedelta(seconds=45)}) == 45 * SEC
