"""The reminder service: the agenda kept, with the log behind it (no Qt)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backbreak.core import agenda_model as a
from backbreak.core.events import EventKind, LogEntry
from backbreak.core.session import SessionEnd
from backbreak.services.reminders import ORPHAN_DETAIL, Reminders, remembered
from backbreak.storage.db import EventLog, LogWriteError, open_log
from backbreak.storage.paths import AppPaths
from tests.helpers.engine import rules
from tests.helpers.fakes import START, FakeClock
from tests.helpers.routines import make_routine


@pytest.fixture
def event_log():
    paths = AppPaths.from_environment()
    paths.ensure()
    opened = open_log(paths.database, START)
    assert opened.log is not None
    yield opened.log
    opened.log.close()


def service(clock: FakeClock, event_log: EventLog | None) -> tuple[Reminders, list[a.Effect]]:
    shown: list[a.Effect] = []
    return Reminders(rules(), clock, event_log, shown.append), shown


def kinds(event_log: EventLog) -> list[EventKind]:
    return [e.kind for e in reversed(event_log.recent(100))]


def test_a_routine_left_playing_by_a_crash_gets_its_ending_at_the_next_start(event_log):
    clock = FakeClock()
    first, _ = service(clock, event_log)
    first.dispatch(a.StartRoutine(make_routine()))
    first.dispatch(a.Began(5))
    # The process dies here: no Ended ever arrives.
    clock.advance(timedelta(hours=2))
    service(clock, event_log)
    rows = event_log.recent(2)
    assert [r.kind for r in reversed(rows)] == [EventKind.STARTED, EventKind.ABANDONED]
    ending = rows[0]
    assert ending.detail == ORPHAN_DETAIL and ending.routine_id == "neck-release"
    assert ending.at == START + timedelta(seconds=55)  # dated at its planned end
    service(clock, event_log)  # and only once
    assert kinds(event_log).count(EventKind.ABANDONED) == 1


def test_the_pause_and_the_rotation_survive_a_restart(event_log):
    clock = FakeClock()
    first, _ = service(clock, event_log)
    first.dispatch(a.PauseUntil(START + timedelta(hours=1)))
    clock.advance(timedelta(minutes=10))
    again, _ = service(clock, event_log)
    assert again.state.paused(clock.now())
    assert again.next_wake() == START + timedelta(hours=1)
    clock.advance(timedelta(hours=1, minutes=50))
    again.dispatch(a.Tick())
    assert again.state.pending is not None
    assert remembered(event_log, clock.now()).cursors == (1, 0)


@pytest.mark.parametrize("stored", ["tomorrow", "2026-13-40T00:00", "2026-11-24T12:00", "x" * 500])
def test_a_stored_pause_that_makes_no_sense_is_no_pause(event_log, stored):
    event_log.set_state(a.PAUSE_KEY, stored)
    event_log.set_state("rotation_index", "9" * 40)
    memory = remembered(event_log, START)
    assert memory.pause is None and memory.cursors == (0, 0)


def test_a_failed_write_is_told_once_and_the_finish_page_learns_why(event_log, monkeypatch):
    clock = FakeClock()
    told: list[str] = []
    reminders, _ = service(clock, event_log)
    reminders.on_write_failed = told.append

    def full(entry: LogEntry) -> str:
        raise LogWriteError("no", "the disk is full")

    monkeypatch.setattr(event_log, "record", full)
    reminders.dispatch(a.StartRoutine(make_routine()))
    reminders.dispatch(a.Began(None))
    reminders.dispatch(a.Ended(SessionEnd(True, 3, 3, timedelta(seconds=55))))
    assert told == ["the disk is full"]
    assert reminders.completed_problem == "the disk is full"
    monkeypatch.undo()
    reminders.dispatch(a.StartRoutine(make_routine()))
    reminders.dispatch(a.Began(None))
    reminders.dispatch(a.Ended(SessionEnd(True, 3, 3, timedelta(seconds=55))))
    assert reminders.completed_problem is None and reminders.unsaved is None


def test_without_a_log_reminders_still_come(event_log):
    clock = FakeClock()
    reminders, shown = service(clock, None)
    clock.advance(timedelta(minutes=50))
    reminders.dispatch(a.Tick())
    assert any(isinstance(e, a.ShowPrompt) for e in shown)


def test_events_raised_while_effects_are_carried_out_queue_in_order(event_log):
    clock = FakeClock()
    order: list[str] = []
    reminders: Reminders

    def sink(effect: a.Effect) -> None:
        order.append(type(effect).__name__)
        if isinstance(effect, a.StopPlayer):  # the player ends as it is told to stop
            reminders.dispatch(a.Ended(SessionEnd(False, 1, 3, timedelta(seconds=9))))
            order.append("after")

    reminders = Reminders(rules(), clock, event_log, sink)
    reminders.dispatch(a.StartRoutine(make_routine()))
    reminders.dispatch(a.Began(None))
    reminders.dispatch(a.StartRoutine(make_routine("upper-back-reset")))
    assert order == ["Play", "StopPlayer", "after", "Play"]
    assert kinds(event_log) == [EventKind.STARTED, EventKind.ABANDONED]
