"""What the completion log holds, as pure data (the figures over it live in core.stats)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class EventKind(StrEnum):
    REMINDED = "reminded"  # the break prompt was shown
    STARTED = "started"
    COMPLETED = "completed"
    ABANDONED = "abandoned"
    SKIPPED = "skipped"
    SNOOZED = "snoozed"
    NATURAL_BREAK = "natural_break"  # idle long enough to count as a break
    SLEPT = "slept"  # the computer slept through a whole interval
    PAUSED = "paused"
    RESUMED = "resumed"


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One row of the log. `at` is aware; the store keeps it as UTC plus the local offset."""

    kind: EventKind
    at: datetime
    routine_id: str | None = None
    routine_version: int | None = None
    category: str | None = None
    planned_seconds: float | None = None
    actual_seconds: float | None = None
    steps_done: int | None = None
    steps_total: int | None = None
    detail: str | None = None
    uid: str | None = None
    """Stable id across export and import; the store fills it in when missing."""
    checkin_before: int | None = None
    """How tense or sore (0-10) before the routine; None when skipped."""
    checkin_after: int | None = None

    def describe(self, title: str | None = None) -> str:
        """One line for the CLI and the history window (`title` replaces the routine id)."""
        what = {
            EventKind.REMINDED: "Break reminder shown",
            EventKind.STARTED: "Started",
            EventKind.COMPLETED: "Completed",
            EventKind.ABANDONED: "Stopped early",
            EventKind.SKIPPED: "Skipped",
            EventKind.SNOOZED: "Snoozed",
            EventKind.NATURAL_BREAK: "Natural break (away from the computer)",
            EventKind.SLEPT: "Computer asleep: counted as a break",
            EventKind.PAUSED: "Reminders paused",
            EventKind.RESUMED: "Reminders resumed",
        }[self.kind]
        parts = [what]
        if self.routine_id:
            parts.append(title or self.routine_id)
        if self.kind is EventKind.ABANDONED and self.steps_total:
            parts.append(f"{self.steps_done or 0} of {self.steps_total} steps")
        if self.detail and self.kind in (EventKind.PAUSED, EventKind.SNOOZED):
            parts.append(self.detail)
        return " · ".join(parts)
