"""`backbreak plan`: the agenda itself, run forward on a simulated clock.

There is no second copy of any rule here: a simulated user answers each reminder the moment
it comes (skips it, or starts it and completes it in the routine's own length), and the
reminders the engine shows are the plan. The running app drives the same engine with a real
clock; a differential test checks that the two agree instant for instant.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from backbreak.core import agenda
from backbreak.core.agenda_model import (
    Answer,
    Answered,
    Began,
    Ended,
    Event,
    Kind,
    Memory,
    Play,
    ShowPrompt,
    State,
    Tick,
)
from backbreak.core.reminder_rules import Rules
from backbreak.core.session import SessionEnd

#: More reminders than anyone plans for: a runaway window stops here (and says so).
MAX_REMINDERS = 20_000


class Reply(StrEnum):
    """How the simulated user answers every reminder."""

    SKIP = "skip"
    START = "start"
    """Start it and complete it, taking exactly the routine's length."""


@dataclass(frozen=True, slots=True)
class PlannedReminder:
    at: datetime
    """UTC."""
    kind: str
    """"stretch", "micro" or "fixed:<name>"."""
    routine_id: str


@dataclass(frozen=True, slots=True)
class Plan:
    reminders: tuple[PlannedReminder, ...]
    truncated: bool
    """Stopped at MAX_REMINDERS before the window ended."""


def plan(
    rules: Rules,
    start: datetime,
    until: datetime,
    memory: Memory | None = None,
    reply: Reply = Reply.SKIP,
    state: State | None = None,
) -> Plan:
    """The reminders between `start` and `until` (inclusive). `state`: run on from a live
    engine (the running app's) instead of starting afresh at `start`."""
    now = start.astimezone(UTC)
    end = until.astimezone(UTC)
    if state is None:
        state = agenda.start(rules, now, memory)
    found: list[PlannedReminder] = []
    session_end: datetime | None = None
    state, session_end = _feed(state, Tick(), now, reply, found, session_end)
    while len(found) < MAX_REMINDERS:
        wake = agenda.next_wake(state, now)
        moments = [t for t in (wake, session_end) if t is not None]
        if not moments or min(moments) > end:
            break
        now = min(moments)
        event: Event = Tick()
        if session_end is not None and now >= session_end and state.session is not None:
            routine = state.session.routine
            steps = len(routine.played_steps)
            event = Ended(
                SessionEnd(True, steps, steps, timedelta(seconds=routine.duration_seconds))
            )
            session_end = None
        state, session_end = _feed(state, event, now, reply, found, session_end)
    truncated = len(found) >= MAX_REMINDERS
    return Plan(tuple(r for r in found if r.at <= end), truncated)


def _feed(
    state: State,
    event: Event,
    now: datetime,
    reply: Reply,
    found: list[PlannedReminder],
    session_end: datetime | None,
) -> tuple[State, datetime | None]:
    """One event, then the simulated user's immediate answers to whatever it showed."""
    events: deque[Event] = deque([event])
    while events:
        state, effects = agenda.step(state, events.popleft(), now)
        for effect in effects:
            if isinstance(effect, ShowPrompt) and effect.new:
                pending = effect.pending
                kind = f"fixed:{pending.fixed}" if pending.kind is Kind.FIXED else pending.kind
                found.append(PlannedReminder(now, str(kind), pending.routine.id))
                answer = Answer.START if reply is Reply.START else Answer.SKIP
                events.append(Answered(answer))
            elif isinstance(effect, Play):
                events.append(Began(None))
                session_end = now + timedelta(seconds=effect.routine.duration_seconds)
    return state, session_end
