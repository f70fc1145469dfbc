"""The reminder engine: one pure state machine that decides what comes next.

`step(state, event, now) -> (state, effects)`, shaped like `core.session`. It owns the
stretch and micro counters, the fixed-time queue, the heads-up, the fold rule, the routine
rotation, pauses, meetings, the away/busy/asleep holds, skip friction, the prompt on screen
(`Pending`) and the routine in the player (`Session`). The Qt shell only carries out the
effects; `backbreak plan` is this machine run forward (`core.planning`), so the two cannot
disagree. Its values are in `core.agenda_model`; its parts in `agenda_counters`
(interval rhythms), `agenda_announce` (what is due, shown how) and `agenda_answers`.

Time: every stored instant is UTC and durations are added to UTC instants only; local time
exists at working-hours edges and fixed clock times (`core.working_hours`), and in records,
which carry the caller's `now` with its local offset.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from backbreak.core.agenda_announce import announce, notice_at, snoozes_left
from backbreak.core.agenda_answers import (
    answered,
    began,
    cancelled,
    ended,
    pause,
    red_flag,
    start_routine,
)
from backbreak.core.agenda_counters import (
    blocked,
    fixed_after,
    fresh,
    interval_of,
    pull_in,
    push_out,
    reconfigure,
    restart,
    with_counter,
)
from backbreak.core.agenda_model import (
    ALL,
    FEELINGS,
    JUMP_TOLERANCE,
    PAUSE_KEY,
    Answered,
    Began,
    Cancelled,
    CheckinAfter,
    Effect,
    Ended,
    Event,
    Felt,
    Kind,
    Meeting,
    Memory,
    Note,
    PauseUntil,
    Pending,
    Quit,
    RecordCheckinAfter,
    RecordFelt,
    RedFlag,
    Remember,
    ReplaceAnswered,
    Resume,
    RulesChanged,
    StartRoutine,
    State,
    StopPlayer,
    Tick,
    record,
)
from backbreak.core.events import ASLEEP_FOR, AWAY_FOR, EventKind
from backbreak.core.model import format_duration
from backbreak.core.reminder_rules import Rules

__all__ = ["next_wake", "notice_at", "snoozes_left", "start", "step", "waiting"]


def start(rules: Rules, now: datetime, memory: Memory | None = None) -> State:
    """The engine as the app starts: every interval counts from `now`."""
    memory = memory or Memory()
    at = now.astimezone(UTC)
    pause = memory.pause
    if pause is not None and pause.until is not None and pause.until <= at:
        pause = None
    return State(
        rules=rules,
        stretch=fresh(at, rules.interval, rules),
        micro=fresh(at, rules.micro, rules) if rules.micro else None,
        fixed_next=fixed_after(rules.fixed, at, rules),
        pause=pause,
        cursors=memory.cursors,
        last_seen=at,
    )


def step(state: State, event: Event, now: datetime) -> tuple[State, list[Effect]]:
    """Apply one event at `now` (aware; its offset is what records carry).

    Time is observed first (a clock that went back, fixed times that passed, a pause or a
    meeting that ran out), then the event, then whatever is due is announced: every step
    leaves the engine settled, so nothing waits for a wake-up that may never come.
    """
    at = now.astimezone(UTC)
    fx: list[Effect] = []
    state = _observe(state, at, fx)
    state = _apply(state, event, now, at, fx)
    state = announce(state, now, at, fx)
    return state, fx


def next_wake(state: State, now: datetime) -> datetime | None:
    """The next moment the engine must be asked again (None: nothing is timed)."""
    at = now.astimezone(UTC)
    times = [t for _name, t in state.fixed_next] + [p.due for p in state.queue]
    if state.held_until is not None:  # also under a pause: the tray's words change then
        times.append(state.held_until)
    if state.pause is not None:
        if state.pause.until is not None:
            times.append(state.pause.until)
    else:
        for kind in (Kind.STRETCH, Kind.MICRO):
            counter = state.counter(kind)
            if counter is not None and counter.due is not None and not blocked(state, kind):
                times.append(counter.due)
        notice = notice_at(state)
        if notice is not None:
            times.append(notice)
        change = state.rules.hours.next_change(at)  # "Outside working hours" starts or ends
        if change is not None:
            times.append(change)
    future = [t for t in times if t > at]
    return min(future) if future else None


def due(state: State, now: datetime) -> bool:
    """Something is due now (or overdue): only then does being busy (a call, do not
    disturb) matter, so only then is it looked at."""
    at = now.astimezone(UTC)
    times = [c.due for c in (state.stretch, state.micro) if c is not None and c.due is not None]
    return any(t <= at for t in times + [p.due for p in state.queue])


def waiting(state: State, now: datetime) -> bool:
    """A reminder is due and waits only for the user to be back or free: look often."""
    at = now.astimezone(UTC)
    if state.on_screen() or state.paused(at) or state.held(at):
        return False
    due = [c.due for c in (state.stretch, state.micro) if c is not None and c.due is not None]
    due += [p.due for p in state.queue]
    return (state.away or state.busy) and any(d <= at for d in due)


def _observe(state: State, at: datetime, fx: list[Effect]) -> State:
    rules = state.rules
    if at < state.last_seen - JUMP_TOLERANCE:
        fx.append(
            Note(  # not translated: a line for the app's log file, not for the user
                f"the clock went back by {state.last_seen - at}"
            )
        )
        # Do not make the user wait for a due time that drifted into the far future.
        state = replace(
            state,
            stretch=pull_in(state.stretch, at, rules.interval, rules),
            micro=pull_in(state.micro, at, rules.micro, rules)
            if state.micro and rules.micro
            else state.micro,
        )
    state = replace(state, last_seen=at)
    state = _collect_fixed(state, at, fx)  # before a pause ends: its times are let go
    if state.pause is not None and state.pause.until is not None and at >= state.pause.until:
        state = _unpause(state, state.pause.until)  # counted from its end, however late seen
        fx.append(Remember(PAUSE_KEY, None))
    if state.held_until is not None and at >= state.held_until:
        state = replace(state, held_until=None)  # what came due meanwhile is shown now, once
    return state


def _collect_fixed(state: State, at: datetime, fx: list[Effect]) -> State:
    """Fixed times that passed join the queue, one per reminder even after a long absence;
    those that fell in a pause are let go."""
    if not any(when <= at for _name, when in state.fixed_next):
        return state
    rules = state.rules
    queue = list(state.queue)
    waiting_names = {p.fixed for p in queue} | {state.pending.fixed if state.pending else None}
    upcoming: list[tuple[str, datetime]] = []
    for name, when in state.fixed_next:
        reminder = next((r for r in rules.fixed if r.name == name), None)
        if reminder is None:
            continue
        if when <= at:
            routine = rules.routine(reminder.routine_id)
            if _paused_at(state, when):
                fx.append(
                    Note(  # not translated: a line for the app's log file, not for the user
                        f'fixed reminder "{name}" let go: reminders were paused'
                    )
                )
            elif routine is None:
                fx.append(
                    Note(  # not translated: a line for the app's log file, not for the user
                        f'fixed reminder "{name}" names a routine that does not exist: '
                        f"{reminder.routine_id}"
                    )
                )
            elif name not in waiting_names:
                queue.append(Pending(Kind.FIXED, routine, when, fixed=name))
            following = reminder.next_after(at, rules.tz)
            if following is None:
                continue
            when = following
        upcoming.append((name, when))
    return replace(state, fixed_next=tuple(upcoming), queue=tuple(queue))


def _paused_at(state: State, when: datetime) -> bool:
    pause = state.pause
    return pause is not None and pause.since <= when and (pause.until is None or when < pause.until)


def _unpause(state: State, at: datetime) -> State:
    rules = state.rules
    return replace(
        state,
        pause=None,
        stretch=push_out(state.stretch, at, rules.interval, rules),
        micro=push_out(state.micro, at, rules.micro, rules)
        if state.micro and rules.micro
        else state.micro,
    )


def _apply(state: State, event: Event, now: datetime, at: datetime, fx: list[Effect]) -> State:
    match event:
        case Tick():
            return _tick(state, event, now, at, fx)
        case Answered(answer=answer):
            return answered(state, answer, now, at, fx)
        case StartRoutine(routine=routine):
            return start_routine(state, routine, fx)
        case ReplaceAnswered(stop_timer=stop):
            session = state.session
            if session is None or session.asked is None:
                return state
            if not stop:
                return replace(state, session=replace(session, asked=None))
            fx.append(StopPlayer())
            return replace(state, session=replace(session, then=session.asked, asked=None))
        case Began(checkin_before=checkin):
            return began(state, checkin, now, at, fx)
        case Ended():
            return ended(state, event, now, at, fx)
        case Cancelled():
            return cancelled(state, fx)
        case CheckinAfter(value=value):
            fx.append(RecordCheckinAfter(value))
            return state
        case Felt(word=word):
            if word in FEELINGS:
                fx.append(RecordFelt(word))
            return state
        case RedFlag(routine=routine, before=before):
            return red_flag(state, routine, before, now, at, fx)
        case PauseUntil(until=until):
            return pause(state, until, now, at, fx)
        case Resume():
            if state.pause is None:
                return state
            fx.append(record(EventKind.RESUMED, now))
            fx.append(Remember(PAUSE_KEY, None))
            return _unpause(state, at)
        case Meeting(until=until):
            held = until.astimezone(UTC) if until is not None and until > at else None
            fx.append(
                Note(  # not translated: a line for the app's log file, not for the user
                    f"in a meeting until {held}" if held else "the meeting is over"
                )
            )
            return replace(state, held_until=held)
        case RulesChanged(rules=rules):
            return _new_rules(state, rules, at)
        case Quit():
            if state.session is not None:
                fx.append(StopPlayer())
            return state


def _tick(state: State, tick: Tick, now: datetime, at: datetime, fx: list[Effect]) -> State:
    rules = state.rules
    state = replace(state, busy=tick.busy)
    if tick.asleep >= rules.natural_break and not state.on_screen():
        # Asleep at least a break's length counts as a break taken: no stale reminder fires
        # the moment the lid opens.
        seconds = tick.asleep.total_seconds()
        fx.append(
            record(
                EventKind.SLEPT,
                now,
                actual_seconds=seconds,
                detail=ASLEEP_FOR.format(duration=format_duration(seconds, english=True)),
            )
        )
        state = restart(state, ALL, at)
    idle = tick.idle
    was_away = state.away
    state = replace(state, away=idle is not None and idle >= rules.away_after)
    if idle is None or state.on_screen():
        return state
    back = at - idle  # the last input: where the count starts afresh
    if rules.restart_when_back and was_away and not state.away:
        for kind in (Kind.STRETCH, Kind.MICRO):
            counter = state.counter(kind)
            if counter is not None and counter.due is not None and counter.due <= at:
                state = with_counter(state, kind, fresh(back, interval_of(rules, kind), rules))
    if idle >= rules.natural_break:
        if not state.natural:
            seconds = idle.total_seconds()
            fx.append(
                record(
                    EventKind.NATURAL_BREAK,
                    now,
                    actual_seconds=seconds,
                    detail=AWAY_FOR.format(duration=format_duration(seconds, english=True)),
                )
            )
        state = replace(
            state,
            natural=True,
            stretch=push_out(state.stretch, at, rules.interval, rules, reset=True),
            micro=push_out(state.micro, at, rules.micro, rules, reset=True)
            if state.micro and rules.micro
            else state.micro,
        )
    elif state.natural:
        state = restart(replace(state, natural=False), ALL, back)
    return state


def _new_rules(state: State, rules: Rules, at: datetime) -> State:
    """New settings: keep the time already worked, re-plan the next break."""
    old = state.rules
    state = replace(state, rules=rules)
    stretch = reconfigure(state.stretch, rules.interval, rules, at)
    if rules.micro is None:
        micro = None
    elif state.micro is None or old.micro is None:
        micro = fresh(at, rules.micro, rules)
    else:
        micro = reconfigure(state.micro, rules.micro, rules, at)
    names = {r.name for r in rules.fixed}
    fixed_next = state.fixed_next
    if rules.fixed != old.fixed or rules.tz != old.tz:
        fixed_next = fixed_after(rules.fixed, at, rules)
    return replace(
        state,
        stretch=stretch,
        micro=micro,
        fixed_next=fixed_next,
        queue=tuple(p for p in state.queue if p.fixed in names),
    )
