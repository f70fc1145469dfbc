"""Drive the pure agenda by hand: events in, effects collected, time moved on."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from backbreak.core import agenda
from backbreak.core import agenda_model as a
from backbreak.core.events import EventKind
from backbreak.core.reminder_rules import Rules
from backbreak.core.working_hours import WorkingHours
from tests.helpers.fakes import START
from tests.helpers.routines import STANDARD, make_micro, make_routine

MIN = timedelta(minutes=1)
SEC = timedelta(seconds=1)


def rules(**changes: Any) -> Rules:
    """Default rules over the standard test routines (two stretches, a micro, a thermal)."""
    base = Rules(
        hours=WorkingHours(tz=START.tzinfo or UTC),
        routines=STANDARD,
        stretch_pool=(make_routine(), make_routine("upper-back-reset")),
        micro_pool=(make_micro(),),
    )
    return replace(base, **changes)


class Engine:
    def __init__(
        self, now: datetime = START, memory: a.Memory | None = None, **changes: Any
    ) -> None:
        self.now = now
        self.state = agenda.start(rules(**changes), now, memory)
        self.effects: list[a.Effect] = []

    def send(self, event: a.Event) -> list[a.Effect]:
        self.state, effects = agenda.step(self.state, event, self.now)
        self.effects += effects
        return effects

    def at(self, moment: datetime, event: a.Event | None = None) -> list[a.Effect]:
        self.now = moment
        return self.send(event or a.Tick())

    def after(self, delta: timedelta, event: a.Event | None = None) -> list[a.Effect]:
        return self.at(self.now + delta, event)

    def wake(self) -> datetime | None:
        return agenda.next_wake(self.state, self.now)

    def answer(self, answer: a.Answer) -> list[a.Effect]:
        return self.send(a.Answered(answer))

    # -- what happened -------------------------------------------------------------------
    def prompts(self) -> list[a.ShowPrompt]:
        return [e for e in self.effects if isinstance(e, a.ShowPrompt) and e.new]

    def records(self) -> list[EventKind]:
        return [e.entry.kind for e in self.effects if isinstance(e, a.Record)]

    def of(self, kind: type) -> list[Any]:
        return [e for e in self.effects if isinstance(e, kind)]
