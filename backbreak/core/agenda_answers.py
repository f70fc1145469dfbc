"""What each answer means: the prompt's buttons (and closing it), starting a routine from the
tray or the CLI, and every way out of the player (began, ended, left before it began).

Pure helpers of `core.agenda`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from backbreak.core.agenda_announce import confirm_skip, snoozes_left
from backbreak.core.agenda_counters import fold, interval_of, restart, with_counter
from backbreak.core.agenda_model import (
    ALL,
    PAUSE_KEY,
    Answer,
    AskReplace,
    Effect,
    Ended,
    HidePrompt,
    Kind,
    Note,
    Notify,
    Pause,
    Pending,
    Play,
    Remember,
    Session,
    ShowPrompt,
    State,
    StopPlayer,
    record,
)
from backbreak.core.events import (
    AFTER_THE_ROUTINE,
    BEFORE_THE_ROUTINE,
    EMERGENCY_EXIT,
    FOR,
    INDEFINITELY,
    UNTIL,
    EventKind,
)
from backbreak.core.i18n import _
from backbreak.core.model import Routine, format_duration
from backbreak.core.reminder_rules import Rules, later, settle
from backbreak.core.status import clock_text


def answered(state: State, answer: Answer, now: datetime, at: datetime, fx: list[Effect]) -> State:
    pending = state.pending
    if pending is None:
        return state  # a second click, or an answer from a stale window
    state = replace(state, away=False)  # whoever answers is here
    left = snoozes_left(state, pending)
    if answer is Answer.DISMISS:
        answer = Answer.SNOOZE if left else Answer.SKIP
    if answer is Answer.SNOOZE and not left:
        answer = Answer.SKIP
    if answer is Answer.OTHER:
        other = other_routine(state.rules, pending)
        if other is None:
            return state
        fx.append(
            Note(  # not translated: a line for the app's log file, not for the user
                f"not this one: {other.id} instead of {pending.routine.id}"
            )
        )
        pending = replace(pending, routine=other)
        fx.append(ShowPrompt(pending, left, confirm_skip(state), new=False))
        return replace(state, pending=pending)
    fx.append(HidePrompt())
    state = fold(replace(state, pending=None), pending.kind, at, fx)
    if answer is Answer.START:
        moves = frozenset({Kind.MICRO}) if pending.kind is Kind.MICRO else ALL
        fx.append(Play(pending.routine, held=True))
        return replace(state, session=Session(pending.routine, moves, resume=pending))
    rules = state.rules
    if answer is Answer.SNOOZE:
        fx.append(
            record(
                EventKind.SNOOZED,
                now,
                pending.routine,
                detail=FOR.format(
                    duration=format_duration(rules.snooze.total_seconds(), english=True)
                ),
            )
        )
        if pending.kind is Kind.FIXED:
            due = later(at, rules.snooze)
            if due is None:
                return state
            snoozed = replace(pending, due=due, snoozes=pending.snoozes + 1)
            return replace(state, queue=(*state.queue, snoozed))
        interval = interval_of(rules, pending.kind)
        counter = state.counter(pending.kind)
        if counter is None or interval is None:  # micro checks were turned off meanwhile
            return state
        due = settle(later(at, rules.snooze), interval, rules.hours)
        again = replace(counter, due=due, snoozes=pending.snoozes + 1, snoozed=pending.routine)
        return with_counter(state, pending.kind, again)
    detail = EMERGENCY_EXIT if answer is Answer.ESCAPE else None
    fx.append(record(EventKind.SKIPPED, now, pending.routine, detail=detail))
    if pending.kind is Kind.FIXED:
        return state
    state = restart(state, frozenset({pending.kind}), at)
    return replace(state, skips=state.skips + 1)


def start_routine(state: State, routine: Routine, fx: list[Effect]) -> State:
    session = state.session
    if session is not None:
        if session.began is not None and session.routine.thermal is not None:
            # A pack is on the user's skin: never end its timer without asking.
            fx.append(AskReplace(session.routine, routine))
            return replace(state, session=replace(session, asked=routine))
        fx.append(StopPlayer())  # its outcome arrives as Ended or Cancelled, then `then` plays
        return replace(state, session=replace(session, then=routine, asked=None))
    resume = state.pending
    if resume is not None:
        fx.append(HidePrompt())  # the break the prompt offered is taken with this routine
    fx.append(Play(routine))
    return replace(state, pending=None, session=Session(routine, ALL, resume=resume))


def began(
    state: State, checkin: int | None, now: datetime, at: datetime, fx: list[Effect]
) -> State:
    session = state.session
    if session is None or session.began is not None:
        fx.append(
            Note(  # not translated: a line for the app's log file, not for the user
                "the player began a routine the agenda did not start; ignored"
            )
        )
        return state
    routine = session.routine
    fx.append(record(EventKind.STARTED, now, routine, steps_total=len(routine.played_steps)))
    return replace(state, session=replace(session, began=at, checkin_before=checkin, resume=None))


def ended(state: State, ended: Ended, now: datetime, at: datetime, fx: list[Effect]) -> State:
    session = state.session
    if session is None or session.began is None:
        fx.append(
            Note(  # not translated: a line for the app's log file, not for the user
                "the player ended a routine that had not begun; ignored"
            )
        )
        return state
    end, routine = ended.end, session.routine
    fx.append(
        record(
            EventKind.COMPLETED if end.completed else EventKind.ABANDONED,
            now,
            routine,
            detail=EMERGENCY_EXIT if end.escaped else None,
            actual_seconds=end.elapsed.total_seconds(),
            steps_done=end.steps_done,
            steps_total=end.steps_total,
            checkin_before=session.checkin_before,
        )
    )
    if routine.thermal is not None:
        how = (
            _("{title} is done. Check your skin and let it rest.")
            if end.completed
            else _("{title} was stopped. Check your skin and let it rest.")
        )
        fx.append(Notify(_("Take the pack off now"), how.format(title=routine.title)))
    state = replace(state, session=None, skips=0 if end.completed else state.skips)
    state = restart(state, session.moves, at)
    if session.then is not None:
        fx.append(Play(session.then))
        state = replace(state, session=Session(session.then, ALL))
    return state


def cancelled(state: State, fx: list[Effect]) -> State:
    session = state.session
    if session is None or session.began is not None:
        return state
    if session.then is not None:
        fx.append(Play(session.then))
        return replace(state, session=Session(session.then, ALL, resume=session.resume))
    if session.resume is None:
        return replace(state, session=None)
    pending = session.resume  # back to the prompt it came from: snooze or skip from there
    state = replace(state, session=None, pending=pending)
    fx.append(ShowPrompt(pending, snoozes_left(state, pending), confirm_skip(state), new=False))
    return state


def red_flag(
    state: State,
    routine: Routine | None,
    before: bool,
    now: datetime,
    at: datetime,
    fx: list[Effect],
) -> State:
    """Logged; a routine still preparing ends there (its `Cancelled` then finds no session),
    and the break it answered counts as taken: the next one is a full interval away."""
    detail = BEFORE_THE_ROUTINE if before else AFTER_THE_ROUTINE
    fx.append(record(EventKind.RED_FLAG, now, routine, detail=detail))
    session = state.session
    if not before or session is None or session.began is not None:
        return state
    if session.then is not None:  # asked from the tray as the question was answered
        # Not played: the user has just said yes to nerve symptoms. The log says why.
        fx.append(
            Note(  # not translated: a line for the app's log file, not for the user
                f"{session.then.id} was not started: a red flag was answered"
            )
        )
    return restart(replace(state, session=None, pending=None), session.moves, at)


def pause(
    state: State, until: datetime | None, now: datetime, at: datetime, fx: list[Effect]
) -> State:
    end = until.astimezone(UTC) if until is not None else None
    if end is not None and end <= at:
        fx.append(Note("a pause that ends in the past was ignored"))  # not translated: the log file
        return state
    text = (
        INDEFINITELY
        if end is None
        else UNTIL.format(time=clock_text(end, now, state.rules.tz, english=True))
    )
    fx.append(record(EventKind.PAUSED, now, detail=text))
    fx.append(Remember(PAUSE_KEY, "forever" if end is None else end.isoformat()))
    return replace(state, pause=Pause(at, end))


def other_routine(rules: Rules, pending: Pending) -> Routine | None:
    """'Not this one': the routine of the most similar length from the same pool or kind."""
    current = pending.routine
    pool = rules.micro_pool if pending.kind is Kind.MICRO else rules.stretch_pool
    choices = [r for r in pool if r.id != current.id] or [
        r for r in rules.routines if r.id != current.id and r.category is current.category
    ]
    if not choices:
        return None
    return min(choices, key=lambda r: (abs(r.duration_seconds - current.duration_seconds), r.id))
