from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backbreak.core import session as s
from backbreak.core.model import Category, Difficulty, Guidance, Routine, Side, Source, Step
from tests.helpers.fakes import START

SEC = timedelta(seconds=1)
MOVES = st.lists(
    st.tuples(
        st.sampled_from([s.Event.NEXT, s.Event.BACK, s.Event.TICK, s.Event.TOGGLE_PAUSE]),
        st.integers(0, 40),
    ),
    max_size=30,
)
"""What a user does to a playing routine, each after some seconds: Next, Back, Space, or
nothing (a tick)."""


def routine(*steps: Step) -> Routine:
    steps = steps or (Step("Tilt", "Tilt your head.", 10, Side.BOTH), Step("Roll", "Roll.", 20))
    total = sum(x.seconds * (2 if x.side is Side.BOTH else 1) for x in steps)
    return Routine(
        "neck",
        1,
        "Neck",
        Category.STRETCH,
        "Neck things.",
        total,
        Difficulty.GENTLE,
        Guidance.STRETCH,
        tuple(steps),
        (Source("000.txt", "stretch"),),
    )


def test_both_sides_expand_to_left_then_right():
    state = s.start(routine(), START)
    assert [(x.title, x.side) for x in state.steps] == [
        ("Tilt", Side.LEFT),
        ("Tilt", Side.RIGHT),
        ("Roll", Side.NONE),
    ]


def test_steps_advance_on_their_own_and_complete_with_the_true_duration():
    state = s.start(routine(), START)
    state, effects = s.advance(state, s.Event.TICK, START + 10.2 * SEC)
    assert state.index == 1 and effects == [s.StepChanged(1)]
    assert state.step_remaining(START + 10.2 * SEC) == 9.8 * SEC
    state, effects = s.advance(state, s.Event.TICK, START + 45 * SEC)
    assert state.status is s.Status.COMPLETED
    assert effects[-1] == s.Completed(40 * SEC)


def test_a_late_tick_walks_through_every_step_it_missed():
    state = s.start(routine(), START)
    state, effects = s.advance(state, s.Event.TICK, START + 25 * SEC)
    assert state.index == 2
    assert effects == [s.StepChanged(1), s.StepChanged(2)]
    assert state.step_remaining(START + 25 * SEC) == 15 * SEC


def test_pause_freezes_the_countdown():
    state = s.start(routine(), START)
    state, _ = s.advance(state, s.Event.TOGGLE_PAUSE, START + 4 * SEC)
    assert state.status is s.Status.PAUSED
    state, effects = s.advance(state, s.Event.TICK, START + 60 * SEC)
    assert effects == [] and state.index == 0
    state, _ = s.advance(state, s.Event.TOGGLE_PAUSE, START + 60 * SEC)
    assert state.step_remaining(START + 61 * SEC) == 5 * SEC


def test_next_and_back_move_between_steps():
    state = s.start(routine(), START)
    state, _ = s.advance(state, s.Event.NEXT, START + SEC)
    state, _ = s.advance(state, s.Event.NEXT, START + 2 * SEC)
    assert state.index == 2 and state.steps_done == 2
    state, effects = s.advance(state, s.Event.BACK, START + 3 * SEC)
    assert state.index == 1 and effects == [s.StepChanged(1)]
    assert state.step_remaining(START + 3 * SEC) == 10 * SEC


def test_next_on_the_last_step_completes_once_its_time_was_spent():
    state = s.start(routine(Step("Only", "Do it.", 30)), START)
    state, effects = s.advance(state, s.Event.NEXT, START + 24 * SEC)  # 80 % of 30 s
    assert state.status is s.Status.COMPLETED
    assert effects == [s.Completed(24 * SEC)]


def test_next_through_a_routine_in_no_time_is_stopped_early_not_done():
    """Seventeen seconds for a three-minute routine is not a break taken."""
    state = s.start(routine(Step("A", "Do it.", 90), Step("B", "Do it.", 90)), START)
    state, _ = s.advance(state, s.Event.NEXT, START + 10 * SEC)
    state, effects = s.advance(state, s.Event.NEXT, START + 17 * SEC)
    assert state.status is s.Status.ABANDONED
    assert effects == [s.Abandoned(steps_done=2, elapsed=17 * SEC)]
    end = s.session_end(state)
    assert not end.completed and end.rushed
    assert (end.spent, end.planned) == (17 * SEC, 180 * SEC)


def test_time_spent_paused_does_not_count_toward_done():
    state = s.start(routine(Step("Only", "Do it.", 100)), START)
    state, _ = s.advance(state, s.Event.PAUSE, START + 10 * SEC)
    state, _ = s.advance(state, s.Event.RESUME, START + 500 * SEC)  # a long pause
    state, _ = s.advance(state, s.Event.NEXT, START + 520 * SEC)
    assert state.status is s.Status.ABANDONED  # 30 s of 100 in the step
    assert s.session_end(state).spent == 30 * SEC


@given(MOVES)
def test_a_session_only_ever_completes_with_its_time_spent(moves):
    """Whatever the order of Next, Back, pauses and ticks: an end that reaches the last step
    is completed exactly when 80 % of the planned time was spent in the steps."""
    state = s.start(routine(Step("A", "Do it.", 30), Step("B", "Do it.", 20)), START)
    now = START
    for event, seconds in moves:
        now += seconds * SEC
        state, _ = s.advance(state, event, now)
        if state.finished:
            end = s.session_end(state)
            assert end.steps_done == end.steps_total
            assert end.completed == (end.spent >= end.planned * s.COMPLETE_SHARE)
            assert end.spent <= end.elapsed
            break


@given(MOVES)
def test_what_is_left_is_this_steps_rest_and_every_later_step(moves):
    """What the tray shows for a hidden routine: never negative, never more than planned,
    and running down second for second while the step runs."""
    state = s.start(routine(Step("A", "Do it.", 30), Step("B", "Do it.", 20)), START)
    assert state.left(START) == state.planned == 50 * SEC
    now = START
    for event, seconds in moves:
        now += seconds * SEC
        state, _ = s.advance(state, event, now)
        if state.finished:
            break
        left = state.left(now)
        assert timedelta(0) <= left <= state.planned
        later = state.left(now + SEC)
        step_runs = state.status is s.Status.RUNNING and state.step_remaining(now) >= SEC
        assert later == (left - SEC if step_runs else left)


def test_abandon_reports_steps_done_and_ignores_later_events():
    state = s.start(routine(), START)
    state, _ = s.advance(state, s.Event.TICK, START + 12 * SEC)
    state, effects = s.advance(state, s.Event.ABANDON, START + 15 * SEC)
    assert effects == [s.Abandoned(steps_done=1, elapsed=15 * SEC)]
    assert s.advance(state, s.Event.NEXT, START + 16 * SEC) == (state, [])


def test_a_routine_without_steps_cannot_start():
    from dataclasses import replace

    with pytest.raises(ValueError, match="no steps"):
        s.start(replace(routine(), steps=()), START)


def test_session_end_says_how_a_completed_session_came_out():
    state = s.start(routine(), START)
    state, _ = s.advance(state, s.Event.TICK, START + 45 * SEC)
    assert s.session_end(state) == s.SessionEnd(
        completed=True, steps_done=3, steps_total=3, elapsed=40 * SEC
    )


def test_session_end_of_an_abandoned_session_counts_the_steps_finished():
    state = s.start(routine(), START)
    state, _ = s.advance(state, s.Event.NEXT, START + 3 * SEC)
    state, _ = s.advance(state, s.Event.ABANDON, START + 7 * SEC)
    assert s.session_end(state) == s.SessionEnd(
        completed=False, steps_done=1, steps_total=3, elapsed=7 * SEC
    )


def test_finish_counts_every_step_as_done():
    """A checklist confirmed as done is done: its log row must not say "1 of 3 steps"."""
    state = s.start(routine(), START)
    state, _ = s.advance(state, s.Event.NEXT, START + 2 * SEC)
    state, effects = s.advance(state, s.Event.FINISH, START + 4 * SEC)
    assert effects == [s.Completed(4 * SEC)]
    assert s.session_end(state) == s.SessionEnd(True, 3, 3, 4 * SEC)


def test_a_running_session_has_no_end_yet():
    with pytest.raises(ValueError, match="not ended"):
        s.session_end(s.start(routine(), START))
