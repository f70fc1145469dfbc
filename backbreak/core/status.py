"""What the tray, its tooltip, the status window and `backbreak status` say: read off the
agenda's state, so what the user sees is what the engine holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from backbreak.core.i18n import N_, _, keep_english
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


WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
MONTHS = (
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
)  # fmt: skip
"""Abbreviated names, translated where shown (not strftime's: that speaks the C locale)."""
TOMORROW, DATE_AND_TIME = N_("tomorrow {time}"), N_("{weekday} {day} {month} {time}")
DAY, DAY_MONTH, MONTH_YEAR = (
    N_("{weekday} {day} {month}"),
    N_("{day} {month}"),
    N_("{month} {year}"),
)
DAY_YEAR = N_("{weekday} {day} {month} {year}")
"""A date in each language's order: "Mon 30 Nov", "Mo., 30. Nov.", "11月30日(月)"."""


PERCENT = N_("{value}%")


def percent_text(fraction: float) -> str:
    """ "85%", or "85 %" where the language puts a space before the sign."""
    return _(PERCENT).format(value=round(fraction * 100))


def weekday_text(day: date) -> str:
    return _(WEEKDAYS[day.weekday()])


def day_text(day: date, weekday: bool = True, year: bool = False) -> str:
    """ "Mon 30 Nov" (without the weekday "30 Nov", with the year "Mon 30 Nov 2026"), in
    the current language."""
    month = _(MONTHS[day.month - 1])
    if not weekday:
        return _(DAY_MONTH).format(day=day.day, month=month)
    template = DAY_YEAR if year else DAY
    return _(template).format(weekday=weekday_text(day), day=day.day, month=month, year=day.year)


def month_text(day: date, year: bool = False) -> str:
    """ "Nov", or "Nov 2026", in the current language."""
    month = _(MONTHS[day.month - 1])
    return _(MONTH_YEAR).format(month=month, year=day.year) if year else month


def clock_text(when: datetime, now: datetime, tz: tzinfo, english: bool = False) -> str:
    """ "14:05", "tomorrow 09:50" or "Mon 30 Nov 09:50" (in the current language), in `tz`
    with its real offset. `english`: for the log's details (data, not words on screen)."""
    say = keep_english if english else _
    local, today = when.astimezone(tz), now.astimezone(tz).date()
    time = local.strftime("%H:%M")
    if local.date() == today:
        return time
    if local.date() == today + timedelta(days=1):
        return say(TOMORROW).format(time=time)
    return say(DATE_AND_TIME).format(
        weekday=say(WEEKDAYS[local.weekday()]),
        day=local.day,
        month=say(MONTHS[local.month - 1]),
        time=time,
    )


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
        return _("In a meeting until {time}").format(time=clock_text(state.held_until, at, tz))
    if state.pause is not None and state.paused(at):
        if state.pause.until is None:
            return _("Reminders paused")
        return _("Reminders paused until {time}").format(time=clock_text(state.pause.until, at, tz))
    session = state.session
    if session is not None:
        if session_left is not None and session.routine.thermal is not None:
            title, step, total = session_left
            step_left = format_duration(step.total_seconds())
            if total > step:  # the window's ring counts the step: the tray says it first
                return _("{title} · {left} left, {total} in all").format(
                    title=title, left=step_left, total=format_duration(total.total_seconds())
                )
            return _("{title} · {left} left").format(title=title, left=step_left)
        return _("Break in progress") if session.began else _("Getting ready for a break")
    if state.pending is not None:
        return _("A break is waiting for you")
    due = state.stretch.due
    if due is not None and due <= at:
        if state.away:
            return _("A break is due when you are back")
        if state.busy:
            return _("A break is due after this (a call, do not disturb or full screen)")
    hours = state.rules.hours
    if hours.enabled and not hours.contains(at):
        if due is None:
            return _("Outside working hours")
        return _("Outside working hours · next break {time}").format(time=clock_text(due, at, tz))
    if due is None:
        return _("No stretch break ahead: each working period is shorter than the interval")
    left = due - at
    if left < timedelta(minutes=1):
        return _("Next break in less than a minute")
    return _("Next break in {left} (at {time})").format(
        left=format_duration(left.total_seconds()), time=clock_text(due, at, tz)
    )
