"""The agenda, kept: it holds the engine's state, feeds it events in order, writes what must
survive (log rows, the pause, the rotation) and hands every other effect to the shell.

Qt-free, so the reminder behaviour of the whole app can be driven by a test, and `backbreak
plan` can start from the same remembered pause and rotation as the app.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from backbreak.core import agenda
from backbreak.core.agenda_model import (
    PAUSE_KEY,
    ROTATION_KEYS,
    Effect,
    Event,
    Memory,
    Note,
    Pause,
    Record,
    RecordCheckinAfter,
    RecordFelt,
    Remember,
    State,
)
from backbreak.core.clock import Clock
from backbreak.core.events import FELT, ORPHANED, EventKind, LogEntry
from backbreak.core.i18n import _
from backbreak.core.reminder_rules import Rules
from backbreak.core.stats import stats_from_tallies
from backbreak.storage.db import EventLog, LogError, LogWriteError

log = logging.getLogger(__name__)

ORPHAN_DETAIL = ORPHANED
"""The ending row's detail (the log's words: stored and exported in English)."""


def remembered(event_log: EventLog | None, now: datetime) -> Memory:
    """The pause and the rotation positions the log's state table holds (bad values: none)."""
    if event_log is None:
        return Memory()
    pause: Pause | None = None
    text = event_log.get_state(PAUSE_KEY)
    if text == "forever":
        pause = Pause(now.astimezone(UTC), None)
    elif text:
        try:
            until = datetime.fromisoformat(text)
        except ValueError:
            until = None
        if until is not None and until.tzinfo is not None and until > now:
            pause = Pause(now.astimezone(UTC), until.astimezone(UTC))
    cursors = []
    for key in (ROTATION_KEYS["stretch"], ROTATION_KEYS["micro"]):
        value = event_log.get_state(key) or "0"
        cursors.append(int(value) if value.isdigit() and len(value) < 10 else 0)
    return Memory(pause, (cursors[0], cursors[1]))


def close_orphan(event_log: EventLog, now: datetime) -> LogEntry | None:
    """A routine that was playing when backbreak last stopped gets its ending row, so every
    STARTED row has exactly one. Dated at its planned end (or now, if that is earlier)."""
    started = event_log.open_session()
    if started is None:
        return None
    planned = timedelta(seconds=started.planned_seconds or 0)
    at = min(now, started.at + planned) if started.at <= now else now
    ending = LogEntry(
        EventKind.ABANDONED,
        at,
        started.routine_id,
        started.routine_version,
        started.category,
        started.planned_seconds,
        steps_total=started.steps_total,
        detail=ORPHAN_DETAIL,
    )
    event_log.record(ending)
    return ending


class Reminders:
    """The reminder engine of the running app (one instance; the shell owns it)."""

    def __init__(
        self,
        rules: Rules,
        clock: Clock,
        event_log: EventLog | None,
        sink: Callable[[Effect], None],
    ) -> None:
        self.clock = clock
        self.event_log = event_log
        self._sink = sink
        now = clock.now()
        if event_log is not None:
            try:
                ended = close_orphan(event_log, now)
            except LogWriteError as exc:
                log.error("could not close the session left open: %s", exc)
            else:
                if ended is not None:
                    log.warning(
                        "the last routine (%s) had no ending: logged as stopped early",
                        ended.routine_id,
                    )
        self.state: State = agenda.start(rules, now, remembered(event_log, now))
        self._queue: deque[Event] = deque()
        self._running = False
        self._completed_uid: str | None = None
        self.unsaved: str | None = None
        """Why the last write failed (None once writing works again)."""
        self.completed_problem: str | None = None
        """Why the last completed routine is not in the history (None: it is)."""
        self.on_write_failed: Callable[[str], None] = lambda _reason: None
        """Called once per run of failed writes, with the reason in the user's words."""
        self.on_history_changed: Callable[[], None] = lambda: None

    @property
    def rules(self) -> Rules:
        return self.state.rules

    def dispatch(self, event: Event) -> None:
        """Feed one event. Events raised while effects are carried out (the player ending
        because it was told to stop) queue behind it, so the engine sees them in order."""
        self._queue.append(event)
        if self._running:
            return
        self._running = True
        try:
            while self._queue:
                self.state, effects = agenda.step(
                    self.state, self._queue.popleft(), self.clock.now()
                )
                for effect in effects:
                    self._carry_out(effect)
        finally:
            self._running = False

    def done_today(self, now: datetime) -> int | None:
        """Breaks completed since local midnight (the finish page); None: cannot tell."""
        if self.event_log is None:
            return None
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        try:
            return sum(e.kind is EventKind.COMPLETED for e in self.event_log.since(midnight))
        except LogError:
            return None

    def streak(self, now: datetime, target: int) -> int | None:
        """Days in a row that met the daily target, today included once it has (the
        finish page); None: cannot tell."""
        if self.event_log is None:
            return None
        try:
            days, routines = self.event_log.tallies(now.date(), routines_by_day=False)
        except LogError:
            return None
        return stats_from_tallies(days, routines, now.date(), 1, target).current_streak

    def next_wake(self) -> datetime | None:
        return agenda.next_wake(self.state, self.clock.now())

    def due(self) -> bool:
        return agenda.due(self.state, self.clock.now())

    def waiting(self) -> bool:
        return agenda.waiting(self.state, self.clock.now())

    def _carry_out(self, effect: Effect) -> None:
        match effect:
            case Record(entry=entry):
                log.info("%s", entry.describe())
                uid = self._write(entry.describe(), lambda log_: log_.record(entry))
                if entry.kind is EventKind.COMPLETED:
                    self._completed_uid = uid
                    self.completed_problem = (
                        None
                        if uid is not None
                        else (
                            self.unsaved
                            or _("the history database could not be opened when backbreak started")
                        )
                    )
            case RecordCheckinAfter(value=checkin):
                uid = self._completed_uid
                if uid is not None:
                    self._write("check-in", lambda log_: log_.set_checkin_after(uid, checkin))
            case RecordFelt(word=word):
                row = self._completed_uid
                if row is not None:
                    felt = FELT.get(word, f"felt {word}")  # not translated: the log's words
                    self._write(  # not translated: what the developer log names
                        "how it felt", lambda log_: log_.set_detail(row, felt)
                    )
            case Remember(key=key, value=text):
                self._write(key, lambda log_: log_.set_state(key, text), history=False)
            case Note(text=text):
                log.info("%s", text)
            case _:
                self._sink(effect)

    def _write(
        self, what: str, write: Callable[[EventLog], object], history: bool = True
    ) -> str | None:
        if self.event_log is None:
            return None
        try:
            result = write(self.event_log)
        except LogWriteError as exc:
            log.error("could not write %s to the history database: %s", what, exc)
            if self.unsaved is None:
                self.unsaved = exc.reason
                self.on_write_failed(exc.reason)
            return None
        if self.unsaved is not None:
            log.info("the history database can be written again")
        self.unsaved = None
        if history:
            self.on_history_changed()
        return result if isinstance(result, str) else None
