"""The guided-session state machine: (state, event, now) -> (state, effects).

The player window only renders a `SessionState` and feeds events in; every rule about
steps, pauses and what counts as done lives here, where a fake `now` can test it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from backbreak.core.model import Routine, Step

COMPLETE_SHARE = 0.8
"""A session that reaches its end counts as completed when at least this share of its
planned time was spent in its steps (pauses do not count). Pressing Next through a
three-minute routine in 17 s, or Finish on a 15-minute heat timer after 27 s, is an honest
"stopped early", not a break taken."""


class Status(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


class Event(StrEnum):
    TICK = "tick"  # time passed; the timer's only job is to send this
    NEXT = "next"
    BACK = "back"
    PAUSE = "pause"
    RESUME = "resume"
    TOGGLE_PAUSE = "toggle_pause"
    ABANDON = "abandon"
    FINISH = "finish"  # the user confirms a checklist as done


@dataclass(frozen=True, slots=True)
class StepChanged:
    index: int


@dataclass(frozen=True, slots=True)
class Completed:
    """The routine is done: write it to the log before showing the finish screen."""

    elapsed: timedelta


@dataclass(frozen=True, slots=True)
class Abandoned:
    steps_done: int
    elapsed: timedelta


Effect = StepChanged | Completed | Abandoned


@dataclass(frozen=True, slots=True)
class SessionEnd:
    """How a session that began came out, whichever way it ended: one value carries what
    the log row needs, so a window has one "ended" signal instead of one per outcome."""

    completed: bool
    steps_done: int
    steps_total: int
    elapsed: timedelta
    spent: timedelta = field(default=timedelta(0), compare=False)
    """Time in the steps, pauses left out (what the finish page tells; not the outcome)."""
    planned: timedelta = field(default=timedelta(0), compare=False)
    """What the played steps add up to."""
    escaped: bool = False
    """Left by a strict break's emergency exit (the log says so)."""

    @property
    def rushed(self) -> bool:
        """Every step was seen, but too quickly to count as done."""
        return not self.completed and self.steps_done == self.steps_total


@dataclass(frozen=True, slots=True)
class SessionState:
    routine: Routine
    steps: tuple[Step, ...]
    index: int
    status: Status
    started_at: datetime
    step_started_at: datetime
    """When the current step's clock last (re)started."""
    step_banked: timedelta
    """Time spent in the current step before the last pause."""
    steps_done: int
    """How many steps were finished (timer ran out or Next pressed), for "abandoned"."""
    ended_at: datetime | None = None
    spent_before: timedelta = timedelta(0)
    """Time spent in the steps left behind (by Next, Back or their timer), pauses left out."""

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    @property
    def finished(self) -> bool:
        return self.status in (Status.COMPLETED, Status.ABANDONED)

    def step_elapsed(self, now: datetime) -> timedelta:
        if self.status is Status.RUNNING:
            return self.step_banked + (now - self.step_started_at)
        return self.step_banked

    def step_remaining(self, now: datetime) -> timedelta:
        return max(timedelta(0), self.step.duration - self.step_elapsed(now))

    def elapsed(self, now: datetime) -> timedelta:
        return (self.ended_at or now) - self.started_at

    def left(self, now: datetime) -> timedelta:
        """What is left of the whole session: this step's rest and every later step."""
        later = sum((step.duration for step in self.steps[self.index + 1 :]), timedelta(0))
        return self.step_remaining(now) + later

    def spent(self, now: datetime) -> timedelta:
        """Time in the steps so far, pauses left out."""
        return self.spent_before + self.step_elapsed(now)

    @property
    def planned(self) -> timedelta:
        return sum((step.duration for step in self.steps), timedelta(0))

    def enough(self, now: datetime) -> bool:
        """Whether the time spent so far is enough for the session to count as done."""
        return self.spent(now) >= self.planned * COMPLETE_SHARE


def session_end(state: SessionState) -> SessionEnd:
    """The outcome of a finished session; asking while it still runs is a bug."""
    if state.ended_at is None or not state.finished:
        raise ValueError("the session has not ended")  # not translated: programmer error
    return SessionEnd(
        completed=state.status is Status.COMPLETED,
        steps_done=state.steps_done,
        steps_total=len(state.steps),
        elapsed=state.ended_at - state.started_at,
        spent=state.spent(state.ended_at),
        planned=state.planned,
    )


def start(routine: Routine, now: datetime) -> SessionState:
    steps = routine.played_steps
    if not steps:
        raise ValueError(f"routine {routine.id} has no steps")  # not translated: programmer error
    return SessionState(routine, steps, 0, Status.RUNNING, now, now, timedelta(0), 0)


def advance(state: SessionState, event: Event, now: datetime) -> tuple[SessionState, list[Effect]]:
    """Apply one event. Finished sessions ignore everything."""
    if state.finished:
        return state, []
    if event is Event.TOGGLE_PAUSE:
        event = Event.RESUME if state.status is Status.PAUSED else Event.PAUSE
    if event is Event.TICK:
        return _tick(state, now)
    if event is Event.PAUSE and state.status is Status.RUNNING:
        return replace(state, status=Status.PAUSED, step_banked=state.step_elapsed(now)), []
    if event is Event.RESUME and state.status is Status.PAUSED:
        return replace(state, status=Status.RUNNING, step_started_at=now), []
    if event is Event.NEXT:
        return _goto(state, state.index + 1, now, finished_one=True)
    if event is Event.BACK:
        return _goto(state, max(0, state.index - 1), now, finished_one=False)
    if event is Event.FINISH:
        # The user confirms every item as done, ticked or not: a completed session always
        # counts all its steps, however it completed.
        ended = replace(
            state,
            status=Status.COMPLETED,
            ended_at=now,
            step_banked=state.step_elapsed(now),
            steps_done=len(state.steps),
        )
        return ended, [Completed(ended.elapsed(now))]
    if event is Event.ABANDON:
        ended = replace(
            state, status=Status.ABANDONED, ended_at=now, step_banked=state.step_elapsed(now)
        )
        return ended, [Abandoned(state.steps_done, ended.elapsed(now))]
    return state, []


def _tick(state: SessionState, now: datetime) -> tuple[SessionState, list[Effect]]:
    effects: list[Effect] = []
    # Several steps may have ended since the last tick (a late timer): walk through them.
    while state.status is Status.RUNNING and state.step_remaining(now) <= timedelta(0):
        step_end = state.step_started_at + (state.step.duration - state.step_banked)
        state, more = _goto(state, state.index + 1, step_end, finished_one=True)
        effects += more
    return state, effects


def _goto(
    state: SessionState, index: int, now: datetime, finished_one: bool
) -> tuple[SessionState, list[Effect]]:
    done = max(state.steps_done, state.index + 1) if finished_one else state.steps_done
    spent = state.spent(now)
    if index >= len(state.steps):
        # The end: a break taken if its time was spent, else stopped early with every step
        # seen. The clock stops here either way (the current step's time is banked).
        status = Status.COMPLETED if state.enough(now) else Status.ABANDONED
        ended = replace(
            state,
            status=status,
            steps_done=len(state.steps),
            ended_at=now,
            step_banked=state.step_elapsed(now),
        )
        if status is Status.ABANDONED:
            return ended, [Abandoned(len(state.steps), ended.elapsed(now))]
        return ended, [Completed(ended.elapsed(now))]
    if index == state.index:
        return replace(state, step_started_at=now, step_banked=timedelta(0), spent_before=spent), []
    # Moving keeps a pause: a paused user stepping back stays paused on the new step.
    moved = replace(
        state,
        index=index,
        step_started_at=now,
        step_banked=timedelta(0),
        steps_done=done,
        spent_before=spent,
    )
    return moved, [StepChanged(index)]
