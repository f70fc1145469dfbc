"""The agenda under random users and systems: a state machine checked after every step.

A model player honours the player's contract (Play -> preparing; Began; Ended or Cancelled;
StopPlayer ends what runs), so every way out of every window is exercised. Invariants: the
engine is never stuck, every STARTED row has exactly one ending, sessions and prompts never
overlap, and nothing is announced while paused.
"""

from __future__ import annotations

from collections import deque
from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from backbreak.core import agenda
from backbreak.core import agenda_model as a
from backbreak.core.events import EventKind
from backbreak.core.reminder_rules import Rules
from backbreak.core.session import SessionEnd
from backbreak.core.status import status
from tests.helpers.routines import STANDARD
from tests.helpers.strategies import reminder_rules, transitions

ENDINGS = (EventKind.COMPLETED, EventKind.ABANDONED)


class AgendaMachine(RuleBasedStateMachine):
    @initialize(
        rules=reminder_rules(), offset=st.integers(-3 * 24 * 60, 24 * 60), pick=st.integers(0, 50)
    )
    def begin(self, rules: Rules, offset: int, pick: int) -> None:
        pivots = transitions(getattr(rules.tz, "key", "UTC"))
        self.now = pivots[pick % len(pivots)] + timedelta(minutes=offset)
        self.state = agenda.start(rules, self.now)
        self.rows: list[EventKind] = []
        self.player: str = "idle"  # idle | preparing | running
        self.events: deque[a.Event] = deque()
        self.idle: timedelta | None = None
        self.busy = False

    # -- plumbing ----------------------------------------------------------------------
    def send(self, event: a.Event) -> None:
        self.events.append(event)
        while self.events:
            self.state, effects = agenda.step(self.state, self.events.popleft(), self.now)
            for effect in effects:
                self.carry_out(effect)

    def carry_out(self, effect: a.Effect) -> None:
        match effect:
            case a.Record(entry=entry):
                self.rows.append(entry.kind)
                if self.state.paused(self.now.astimezone(UTC)):
                    assert entry.kind is not EventKind.REMINDED, "reminded while paused"
            case a.Play():
                if self.player != "idle":  # the real player stops what it had first
                    self.stop_player()
                self.player = "preparing"
            case a.StopPlayer():
                self.stop_player()

    def stop_player(self) -> None:
        if self.player == "running":
            self.events.append(a.Ended(SessionEnd(False, 0, 3, timedelta(seconds=5))))
        elif self.player == "preparing":
            self.events.append(a.Cancelled())
        self.player = "idle"

    # -- the world -----------------------------------------------------------------------
    @rule(minutes=st.integers(0, 240), seconds=st.integers(0, 59))
    def time_passes(self, minutes: int, seconds: int) -> None:
        self.now += timedelta(minutes=minutes, seconds=seconds)
        self.send(a.Tick(self.idle, self.busy))

    @rule()
    def the_next_wake_up_comes(self) -> None:
        wake = agenda.next_wake(self.state, self.now)
        if wake is not None:
            self.now = max(self.now, wake)
        self.send(a.Tick(self.idle, self.busy))

    @rule(
        idle=st.none() | st.integers(0, 900).map(lambda s: timedelta(seconds=s)), busy=st.booleans()
    )
    def the_user_comes_and_goes(self, idle: timedelta | None, busy: bool) -> None:
        self.idle, self.busy = idle, busy
        self.send(a.Tick(idle, busy))

    @rule(hours=st.integers(0, 14))
    def the_laptop_sleeps(self, hours: int) -> None:
        asleep = timedelta(hours=hours, minutes=7)
        self.now += asleep
        self.send(a.Tick(self.idle, self.busy, asleep))

    @rule(minutes=st.integers(2, 300))
    def the_clock_is_set_back(self, minutes: int) -> None:
        self.now -= timedelta(minutes=minutes)
        self.send(a.Tick(self.idle, self.busy))

    @rule(answer=st.sampled_from(a.Answer))
    def the_prompt_is_answered(self, answer: a.Answer) -> None:
        self.send(a.Answered(answer))

    @rule(routine=st.sampled_from(STANDARD))
    def a_routine_is_started_from_the_tray(self, routine: object) -> None:
        self.send(a.StartRoutine(routine))  # type: ignore[arg-type]

    @rule(stop=st.booleans())
    def the_timer_question_is_answered(self, stop: bool) -> None:
        self.send(a.ReplaceAnswered(stop))

    @rule(checkin=st.none() | st.integers(0, 10))
    def the_first_step_begins(self, checkin: int | None) -> None:
        if self.player == "preparing":
            self.player = "running"
            self.send(a.Began(checkin))

    @rule(completed=st.booleans())
    def the_routine_ends(self, completed: bool) -> None:
        if self.player == "running":
            self.player = "idle"
            self.send(
                a.Ended(SessionEnd(completed, 3 if completed else 1, 3, timedelta(minutes=1)))
            )

    @rule()
    def the_window_is_left_before_it_begins(self) -> None:
        if self.player == "preparing":
            self.player = "idle"
            self.send(a.Cancelled())

    @rule(minutes=st.none() | st.integers(1, 600))
    def pause(self, minutes: int | None) -> None:
        until = None if minutes is None else self.now + timedelta(minutes=minutes)
        self.send(a.PauseUntil(until))

    @rule()
    def resume(self) -> None:
        self.send(a.Resume())

    @rule(minutes=st.integers(0, 120))
    def meeting(self, minutes: int) -> None:
        self.send(a.Meeting(self.now + timedelta(minutes=minutes) if minutes else None))

    @rule(rules=reminder_rules())
    def settings_change(self, rules: Rules) -> None:
        self.send(a.RulesChanged(rules))

    @rule()
    def quit(self) -> None:
        self.send(a.Quit())

    # -- invariants ----------------------------------------------------------------------
    @invariant()
    def every_start_has_exactly_one_ending(self) -> None:
        open_sessions = 0
        for kind in self.rows:
            if kind is EventKind.STARTED:
                assert open_sessions == 0, "a session started while another was open"
                open_sessions = 1
            elif kind in ENDINGS:
                assert open_sessions == 1, "an ending without a start"
                open_sessions = 0
        session = self.state.session
        began = session is not None and session.began is not None
        assert open_sessions == (1 if began else 0)
        assert (self.player == "running") == began

    @invariant()
    def a_prompt_and_a_session_never_overlap(self) -> None:
        assert not (self.state.pending is not None and self.state.session is not None)
        assert (self.player != "idle") == (self.state.session is not None)

    @invariant()
    def never_stuck(self) -> None:
        """Not paused and nothing on screen: the next reminder is scheduled, within
        interval + snooze, or one interval after working hours next begin."""
        state, at = self.state, self.now.astimezone(UTC)
        if state.on_screen() or state.paused(at):
            return
        rules = state.rules
        due = state.stretch.due
        if due is None:
            assert rules.hours.enabled, "no break planned without working hours"
            return
        limit = max(at, state.last_seen) + rules.interval + rules.snooze
        if due > limit:
            began = due - rules.interval
            assert rules.hours.enabled and rules.hours.contains(began), (due, at)
            assert not rules.hours.contains(began - timedelta(seconds=1)), (due, at)
        if due > at:
            wake = agenda.next_wake(state, self.now)
            assert wake is not None and wake <= due

    @invariant()
    def the_tray_says_what_the_engine_holds(self) -> None:
        view = status(self.state, self.now, self.state.rules.tz)
        assert (view.icon == "due") == (self.state.pending is not None and not view.paused)
        assert view.in_break == (self.state.session is not None)


AgendaMachine.TestCase.settings = AgendaMachine.TestCase.settings  # the profile decides
TestAgenda = AgendaMachine.TestCase


def test_the_machine_starts_at_a_real_moment() -> None:
    assert transitions("Europe/Berlin")[0].tzinfo is UTC
    assert datetime(2027, 3, 28, 1, tzinfo=UTC) in transitions("Europe/Berlin")
