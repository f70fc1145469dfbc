"""What the tray, its tooltip, the status window and `backbreak status` say: read off the
agenda's state, so what the user sees is what the engine holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from backbreak.core.model import format_duration

if TYPE_CHECKING:
    from backbreak.core.agenda_model import State


@dataclass(frozen=True, slots=True)
class StatusView:
    text: str
    icon: str
    """"active", "paused" or "due" (a prompt waits)."""
    paused: bool
    in_meeting: bool
    in_break: bool


def clock_text(when: datetime, now: datetime, tz: tzinfo) -> str:
    """ "14:05", "tomorrow 09:50" or "Mon 30 Nov 09:50", in `tz` with its real offset."""
    local, today = when.astimezone(tz), now.astimezone(tz).date()
    if local.date() == today:
        return local.strftime("%H:%M")
    if local.date() == today + timedelta(days=1):
        return local.strftime("tomorrow %H:%M")
    return local.strftime("%a %d %b %H:%M")


#: The playing step's title, the time left in it (what the window's ring shows) and in the
#: whole session.
SessionLeft = tuple[str, timedelta, timedelta]


def status(
    state: State, now: datetime, tz: tzinfo, session_left: SessionLeft | None = None
) -> StatusView:
    """`tz`: the zone to show clock times in. `session_left`: the player's current step and
    what is left of it and of the session, for a heat or cold timer with its window hidden."""
    at = now.astimezone(UTC)
    paused, held = state.paused(at), state.held(at)
    icon = "paused" if paused else "due" if state.pending is not None else "active"
    in_break = state.session is not None
    return StatusView(_text(state, at, tz, session_left), icon, paused, held, in_break)


def _text(state: State, at: datetime, tz: tzinfo, session_left: SessionLeft | None) -> str:
    if state.held_until is not None and state.held(at):
        return f"In a meeting until {clock_text(state.held_until, at, tz)}"
    if state.pause is not None and state.paused(at):
        if state.pause.until is None:
            return "Reminders paused"
        return f"Reminders paused until {clock_text(state.pause.until, at, tz)}"
    session = state.session
    if session is not None:
        if session_left is not None and session.routine.thermal is not None:
            title, step, total = session_left
            said = f"{title} · {format_duration(step.total_seconds())} left"
            if total > step:  # the window's ring counts the step: the tray says it first
                said += f", {format_duration(total.total_seconds())} in all"
            return said
        return "Break in progress" if session.began else "Getting ready for a break"
    if state.pending is not None:
        return "A break is waiting for you"
    due = state.stretch.due
    if due is not None and due <= at:
        if state.away:
            return "A break is due when you are back"
        if state.busy:
            return "A break is due after this (a call, do not disturb or full screen)"
    hours = state.rules.hours
    if hours.enabled and not hours.contains(at):
        if due is None:
            return "Outside working hours"
        return f"Outside working hours · next break {clock_text(due, at, tz)}"
    if due is None:
        return "No stretch break ahead: each working period is shorter than the interval"
    left = due - at
    if left < timedelta(minutes=1):
        return "Next break in less than a minute"
    return f"Next break in {format_duration(left.total_seconds())} (at {clock_text(due, at, tz)})"
