"""The care note's reads and writes: the log's day tallies into `core.care`'s rules, and its
snooze in the log's state table (so "Remind me in a month" outlives a restart).

Used by the app (whether a note is due), the note's window and `backbreak stats`; a log that
cannot be read means no note, never an error in the user's face.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from backbreak.core.care import (
    HIGH_TENSION,
    NEXT_KEY,
    NUDGES_ON,
    WEEKS,
    CareDay,
    Observation,
    care_days,
    nudge_due,
    observe,
    parse_next,
    snoozed_until,
)
from backbreak.core.settings import DAILY_TARGET, Settings
from backbreak.storage.eventlog import LogError

if TYPE_CHECKING:
    from backbreak.storage.eventlog import EventLog

log = logging.getLogger(__name__)


def read_days(event_log: EventLog, today: date) -> dict[date, CareDay] | None:
    """Every day's check-ins and red flags (None: the log cannot be read)."""
    try:
        days, _routines = event_log.tallies(today, routines_by_day=False)
    except LogError as exc:
        log.info("the care note cannot read the history: %s", exc)
        return None
    return care_days(days)


def observations(
    event_log: EventLog | None, settings: Settings, today: date
) -> tuple[Observation, ...]:
    """What the check-ins show now, snooze or not (the window, the CLI, the history)."""
    days = read_days(event_log, today) if event_log is not None else None
    if days is None:
        return ()
    return observe(days, today, settings[WEEKS], settings[HIGH_TENSION], settings[DAILY_TARGET])


def snooze(event_log: EventLog, today: date) -> str | None:
    """No note before a month from `today`. Returns why it could not be saved, or None."""
    try:
        event_log.set_state(NEXT_KEY, snoozed_until(today).isoformat())
    except LogError as exc:
        log.warning("could not save when the care note may come again: %s", exc)
        return str(exc)
    return None


class CareCheck:
    """The app's side: after the history changes, at the next moment of rest, a note if the
    rules find one and none was shown within the snooze. Reads the log only then."""

    def __init__(self, event_log: EventLog | None) -> None:
        self.event_log = event_log
        self._changed = True  # at start: a note may be due from before
        self._version: int | None = None
        """The log's `data_version` when last asked: another process's write (`backbreak
        import`, a window's delete) changes it, and nobody tells the app of those."""

    def history_changed(self) -> None:
        self._changed = True

    def due(self, settings: Settings, today: date) -> tuple[Observation, ...]:
        """The observations to show now (none: no note); showing them starts the snooze,
        so a note comes at most once a month however it is closed."""
        if self.event_log is None:
            return ()
        version = self.event_log.data_version()
        if version != self._version:
            self._changed = self._changed or self._version is not None
            self._version = version
        if not self._changed:
            return ()
        self._changed = False
        if not settings[NUDGES_ON]:
            return ()
        days = read_days(self.event_log, today)
        if days is None:
            return ()
        found = nudge_due(
            days,
            today,
            settings[WEEKS],
            settings[HIGH_TENSION],
            settings[DAILY_TARGET],
            parse_next(self.event_log.get_state(NEXT_KEY)),
        )
        if found and snooze(self.event_log, today) is not None:
            return ()  # a note that could not be snoozed would come back every minute
        return found
