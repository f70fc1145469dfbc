"""The reminder engine: one pure state machine that decides what comes next.

`step(state, event, now) -> (state, effects)`, shaped like `core.session`. It owns the
stretch and micro counters, the fixed-time queue, the heads-up, the absorb rule, the routine
rotation, pauses, meetings, the away/busy/asleep holds, skip friction, the prompt on screen
(`Pending`) and the routine in the player (`Session`). The Qt shell only carries out the
effects; `backbreak plan` is this machine run forward (`core.planning`), so the two cannot
disagree. The values it works on are in `core.agenda_model`.

Time: every stored instant is UTC and durations are added to UTC instants only; local time
exists at working-hours edges and fixed clock times (`core.working_hours`), and in records,
which carry the caller's `now` with its local offset.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from backbreak.core.agenda_model import (
    ALL,
    JUMP_TOLERANCE,
    PAUSE_KEY,
    ROTATION_KEYS,
    Answer,
    Answered,
    AskReplace,
    Began,
    Cancelled,
    CheckinAfter,
    Counter,
    Effect,
    Ended,
    Event,
    HidePrompt,
    Kind,
    Meeting,
    Memory,
    Note,
    Notify,
    Pause,
    PauseUntil,
    Pending,
    Play,
    Quit,
    Record,
    RecordCheckinAfter,
    Remember,
    ReplaceAnswered,
    Resume,
    RulesChanged,
    Session,
    ShowPrompt,
    StartRoutine,
    State,
    StopPlayer,
    Tick,
)
from backbreak.core.fixed import FixedReminder
from backbreak.core.history import EventKind, LogEntry
from backbreak.core.model import Routine, format_duration
from backbreak.core.reminder_rules import Rules, later, settle
from backbreak.core.status import clock_text

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
        stretch=_fresh(at, rules.interval, rules),
        micro=_fresh(at, rules.micro, rules) if rules.micro else None,
        fixed_next=_fixed_after(rules.fixed, at, rules),
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
    state = _announce(state, now, at, fx)
    return state, fx


# -- queries -------------------------------------------------------------------------------
def next_wake(state: State, now: datetime) -> datetime | None:
    """The next moment the engine must be asked again (None: nothing is timed)."""
    at = now.astimezone(UTC)
    times = [t for _name, t in state.fixed_next] + [p.due for p in state.queue]
    if state.pause is not None:
        if state.pause.until is not None:
            times.append(state.pause.until)
    else:
        if state.held_until is not None:
            times.append(state.held_until)
        for kind in (Kind.STRETCH, Kind.MICRO):
            counter = state.counter(kind)
            if counter is not None and counter.due is not None and not _blocked(state, kind):
                times.append(counter.due)
        notice = notice_at(state)
        if notice is not None:
            times.append(notice)
    future = [t for t in times if t > at]
    return min(future) if future else None


def waiting(state: State, now: datetime) -> bool:
    """A reminder is due and waits only for the user to be back or free: look often."""
    at = now.astimezone(UTC)
    if state.on_screen() or state.paused(at) or state.held(at):
        return False
    due = [c.due for c in (state.stretch, state.micro) if c is not None and c.due is not None]
    due += [p.due for p in state.queue]
    return (state.away or state.busy) and any(d <= at for d in due)


def notice_at(state: State) -> datetime | None:
    """When the heads-up for the next stretch break is due, if one is still to come."""
    lead = state.rules.notice_before
    due = state.stretch.due
    if not lead or due is None or state.noticed_for == due or _blocked(state, Kind.STRETCH):
        return None
    return due - lead


def snoozes_left(state: State, pending: Pending) -> int:
    return max(0, state.rules.snooze_limit - pending.snoozes)


# -- time passing ------------------------------------------------------------------------
def _observe(state: State, at: datetime, fx: list[Effect]) -> State:
    rules = state.rules
    if at < state.last_seen - JUMP_TOLERANCE:
        fx.append(Note(f"the clock went back by {state.last_seen - at}"))
        # Do not make the user wait for a due time that drifted into the far future.
        state = replace(
            state,
            stretch=_pull_in(state.stretch, at, rules.interval, rules),
            micro=_pull_in(state.micro, at, rules.micro, rules)
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
                fx.append(Note(f'fixed reminder "{name}" let go: reminders were paused'))
            elif routine is None:
                fx.append(
                    Note(
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
        stretch=_push_out(state.stretch, at, rules.interval, rules),
        micro=_push_out(state.micro, at, rules.micro, rules)
        if state.micro and rules.micro
        else state.micro,
    )


# -- events ------------------------------------------------------------------------------
def _apply(state: State, event: Event, now: datetime, at: datetime, fx: list[Effect]) -> State:
    match event:
        case Tick():
            return _tick(state, event, now, at, fx)
        case Answered(answer=answer):
            return _answered(state, answer, now, at, fx)
        case StartRoutine(routine=routine):
            return _start_routine(state, routine, fx)
        case ReplaceAnswered(stop_timer=stop):
            session = state.session
            if session is None or session.asked is None:
                return state
            if not stop:
                return replace(state, session=replace(session, asked=None))
            fx.append(StopPlayer())
            return replace(state, session=replace(session, then=session.asked, asked=None))
        case Began(checkin_before=checkin):
            return _began(state, checkin, now, at, fx)
        case Ended():
            return _ended(state, event, now, at, fx)
        case Cancelled():
            return _cancelled(state, fx)
        case CheckinAfter(value=value):
            fx.append(RecordCheckinAfter(value))
            return state
        case PauseUntil(until=until):
            return _pause(state, until, now, at, fx)
        case Resume():
            if state.pause is None:
                return state
            fx.append(_record(EventKind.RESUMED, now))
            fx.append(Remember(PAUSE_KEY, None))
            return _unpause(state, at)
        case Meeting(until=until):
            held = until.astimezone(UTC) if until is not None and until > at else None
            fx.append(Note(f"in a meeting until {held}" if held else "the meeting is over"))
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
            _record(
                EventKind.SLEPT,
                now,
                actual_seconds=seconds,
                detail=f"asleep for {format_duration(seconds)}",
            )
        )
        state = _restart(state, ALL, at)
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
                state = _set(state, kind, _fresh(back, _interval(rules, kind), rules))
    if idle >= rules.natural_break:
        if not state.natural:
            seconds = idle.total_seconds()
            fx.append(
                _record(
                    EventKind.NATURAL_BREAK,
                    now,
                    actual_seconds=seconds,
                    detail=f"away for {format_duration(seconds)}",
                )
            )
        state = replace(
            state,
            natural=True,
            stretch=_push_out(state.stretch, at, rules.interval, rules, reset=True),
            micro=_push_out(state.micro, at, rules.micro, rules, reset=True)
            if state.micro and rules.micro
            else state.micro,
        )
    elif state.natural:
        state = _restart(replace(state, natural=False), ALL, back)
    return state


def _answered(state: State, answer: Answer, now: datetime, at: datetime, fx: list[Effect]) -> State:
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
        other = _other_routine(state.rules, pending)
        if other is None:
            return state
        fx.append(Note(f"not this one: {other.id} instead of {pending.routine.id}"))
        pending = replace(pending, routine=other)
        fx.append(ShowPrompt(pending, left, _confirm_skip(state), new=False))
        return replace(state, pending=pending)
    fx.append(HidePrompt())
    state = _fold(replace(state, pending=None), pending.kind, at, fx)
    if answer is Answer.START:
        moves = frozenset({Kind.MICRO}) if pending.kind is Kind.MICRO else ALL
        fx.append(Play(pending.routine))
        return replace(state, session=Session(pending.routine, moves, resume=pending))
    rules = state.rules
    if answer is Answer.SNOOZE:
        fx.append(
            _record(
                EventKind.SNOOZED,
                now,
                pending.routine,
                detail=f"for {format_duration(rules.snooze.total_seconds())}",
            )
        )
        if pending.kind is Kind.FIXED:
            due = later(at, rules.snooze)
            if due is None:
                return state
            snoozed = replace(pending, due=due, snoozes=pending.snoozes + 1)
            return replace(state, queue=(*state.queue, snoozed))
        interval = _interval(rules, pending.kind)
        counter = state.counter(pending.kind)
        if counter is None or interval is None:  # micro checks were turned off meanwhile
            return state
        due = settle(later(at, rules.snooze), interval, rules.hours)
        return _set(state, pending.kind, replace(counter, due=due, snoozes=pending.snoozes + 1))
    fx.append(_record(EventKind.SKIPPED, now, pending.routine))
    if pending.kind is Kind.FIXED:
        return state
    state = _restart(state, frozenset({pending.kind}), at)
    return replace(state, skips=state.skips + 1)


def _start_routine(state: State, routine: Routine, fx: list[Effect]) -> State:
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


def _began(
    state: State, checkin: int | None, now: datetime, at: datetime, fx: list[Effect]
) -> State:
    session = state.session
    if session is None or session.began is not None:
        fx.append(Note("the player began a routine the agenda did not start; ignored"))
        return state
    routine = session.routine
    fx.append(_record(EventKind.STARTED, now, routine, steps_total=len(routine.played_steps)))
    return replace(state, session=replace(session, began=at, checkin_before=checkin, resume=None))


def _ended(state: State, ended: Ended, now: datetime, at: datetime, fx: list[Effect]) -> State:
    session = state.session
    if session is None or session.began is None:
        fx.append(Note("the player ended a routine that had not begun; ignored"))
        return state
    end, routine = ended.end, session.routine
    fx.append(
        _record(
            EventKind.COMPLETED if end.completed else EventKind.ABANDONED,
            now,
            routine,
            actual_seconds=end.elapsed.total_seconds(),
            steps_done=end.steps_done,
            steps_total=end.steps_total,
            checkin_before=session.checkin_before,
        )
    )
    if routine.thermal is not None:
        how = "is done" if end.completed else "was stopped"
        fx.append(
            Notify(
                "Take the pack off now", f"{routine.title} {how}. Check your skin and let it rest."
            )
        )
    state = replace(state, session=None, skips=0 if end.completed else state.skips)
    state = _restart(state, session.moves, at)
    if session.then is not None:
        fx.append(Play(session.then))
        state = replace(state, session=Session(session.then, ALL))
    return state


def _cancelled(state: State, fx: list[Effect]) -> State:
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
    fx.append(ShowPrompt(pending, snoozes_left(state, pending), _confirm_skip(state), new=False))
    return state


def _pause(
    state: State, until: datetime | None, now: datetime, at: datetime, fx: list[Effect]
) -> State:
    end = until.astimezone(UTC) if until is not None else None
    if end is not None and end <= at:
        fx.append(Note("a pause that ends in the past was ignored"))
        return state
    text = "indefinitely" if end is None else f"until {clock_text(end, now, state.rules.tz)}"
    fx.append(_record(EventKind.PAUSED, now, detail=text))
    fx.append(Remember(PAUSE_KEY, "forever" if end is None else end.isoformat()))
    return replace(state, pause=Pause(at, end))


def _new_rules(state: State, rules: Rules, at: datetime) -> State:
    """New settings: keep the time already worked, re-plan the next break."""
    old = state.rules
    state = replace(state, rules=rules)
    stretch = _reconfigure(state.stretch, rules.interval, rules, at)
    if rules.micro is None:
        micro = None
    elif state.micro is None or old.micro is None:
        micro = _fresh(at, rules.micro, rules)
    else:
        micro = _reconfigure(state.micro, rules.micro, rules, at)
    names = {r.name for r in rules.fixed}
    fixed_next = state.fixed_next
    if rules.fixed != old.fixed or rules.tz != old.tz:
        fixed_next = _fixed_after(rules.fixed, at, rules)
    return replace(
        state,
        stretch=stretch,
        micro=micro,
        fixed_next=fixed_next,
        queue=tuple(p for p in state.queue if p.fixed in names),
    )


# -- announcing --------------------------------------------------------------------------
def _announce(state: State, now: datetime, at: datetime, fx: list[Effect]) -> State:
    if state.on_screen() or state.paused(at) or state.held(at) or state.away or state.busy:
        return state
    rules = state.rules
    for pending in sorted(state.queue, key=lambda p: p.due):
        if pending.due <= at:
            queue = tuple(p for p in state.queue if p is not pending)
            state = _fold(replace(state, queue=queue), Kind.FIXED, at, fx)
            return _show(state, replace(pending, due=at), now, fx)
    for kind in (Kind.STRETCH, Kind.MICRO):
        counter = state.counter(kind)
        if counter is None or counter.due is None or counter.due > at:
            continue
        interval = _interval(rules, kind)
        assert interval is not None
        if rules.hours.enabled and not rules.hours.contains(at):
            # Held past the end of working hours (a meeting, away): it is let go.
            state = _set(state, kind, Counter(at, settle(at, interval, rules.hours)))
            continue
        if kind is Kind.MICRO:
            stretch_due = state.stretch.due
            if stretch_due is not None and stretch_due - at <= rules.fold_window(rules.micro):
                fx.append(Note(f"micro check folded into the stretch break at {stretch_due}"))
                state = _restart(state, frozenset({Kind.MICRO}), at)
                continue
        return _remind(state, kind, now, at, fx)
    return _heads_up(state, at, fx)


def _remind(state: State, kind: Kind, now: datetime, at: datetime, fx: list[Effect]) -> State:
    rules = state.rules
    pool = rules.stretch_pool if kind is Kind.STRETCH else rules.micro_pool
    if not pool:
        fx.append(Note("a break is due but there are no routines to offer"))
        return _restart(state, frozenset({kind}), at)
    slot = 0 if kind is Kind.STRETCH else 1
    index = state.cursors[slot]
    routine = pool[index % len(pool)]
    following = (index + 1) % len(pool)
    cursors = (following, state.cursors[1]) if slot == 0 else (state.cursors[0], following)
    fx.append(Remember(ROTATION_KEYS[kind.value], str(following)))
    counter = state.counter(kind)
    assert counter is not None
    state = _fold(replace(state, cursors=cursors), kind, at, fx)
    return _show(state, Pending(kind, routine, at, counter.snoozes), now, fx)


def _show(state: State, pending: Pending, now: datetime, fx: list[Effect]) -> State:
    routine = pending.routine
    detail = {
        Kind.STRETCH: None,
        Kind.MICRO: "micro posture check",
        Kind.FIXED: f"at a fixed time ({pending.fixed})",
    }[pending.kind]
    fx.append(_record(EventKind.REMINDED, now, routine, detail=detail))
    if state.rules.notify:
        title = {
            Kind.STRETCH: "Time for a stretch break",
            Kind.MICRO: "Time for a posture check",
            Kind.FIXED: f"Time for {routine.title.lower()}",
        }[pending.kind]
        body = (
            f"{routine.title} · {format_duration(routine.duration_seconds)}. "
            "Start, snooze or skip in the backbreak window."
        )
        fx.append(Notify(title, body, opens_prompt=True))
    state = replace(state, pending=pending, noticed_for=None)
    fx.append(ShowPrompt(pending, snoozes_left(state, pending), _confirm_skip(state), new=True))
    return state


def _heads_up(state: State, at: datetime, fx: list[Effect]) -> State:
    notice, due = notice_at(state), state.stretch.due
    if notice is None or due is None or not notice <= at < due:
        return state
    if state.rules.notify:
        left = (due - at).total_seconds()
        fx.append(
            Notify(
                f"Stretch break in {format_duration(left)}",
                "Finish what you are typing; backbreak will ask in a moment.",
                seconds=left,
            )
        )
    return replace(state, noticed_for=due)


#: Which rhythms a reminder of each kind covers when they come due at about the same time.
FOLDS = {
    Kind.STRETCH: (Kind.MICRO,),
    Kind.FIXED: (Kind.STRETCH, Kind.MICRO),
    Kind.MICRO: (),
}


def _fold(state: State, shown: Kind, at: datetime, fx: list[Effect]) -> State:
    """Breaks due now, or within their fold window, are covered by the reminder shown (or
    just answered): one prompt for them all, never two in a row."""
    rules = state.rules
    for kind in FOLDS[shown]:
        counter = state.counter(kind)
        interval = _interval(rules, kind)
        if counter is None or counter.due is None or interval is None:
            continue
        if counter.due - at <= rules.fold_window(interval):
            fx.append(Note(f"{kind} break folded into the {shown} reminder"))
            state = _restart(state, frozenset({kind}), at)
    return state


# -- helpers -----------------------------------------------------------------------------
def _blocked(state: State, kind: Kind) -> bool:
    """The counter is not counting: its prompt is on screen, or its break is being taken."""
    if state.pending is not None and state.pending.kind is kind:
        return True
    return state.session is not None and kind in state.session.moves


def _interval(rules: Rules, kind: Kind) -> timedelta | None:
    return rules.interval if kind is Kind.STRETCH else rules.micro if kind is Kind.MICRO else None


def _set(state: State, kind: Kind, counter: Counter) -> State:
    return (
        replace(state, stretch=counter) if kind is Kind.STRETCH else replace(state, micro=counter)
    )


def _fresh(since: datetime, interval: timedelta | None, rules: Rules) -> Counter:
    if interval is None:
        return Counter(since, None)
    return Counter(since, settle(later(since, interval), interval, rules.hours))


def _restart(state: State, kinds: frozenset[Kind], at: datetime) -> State:
    rules = state.rules
    if Kind.STRETCH in kinds:
        state = replace(state, stretch=_fresh(at, rules.interval, rules))
    if Kind.MICRO in kinds and state.micro is not None:
        state = replace(state, micro=_fresh(at, rules.micro, rules))
    return state


def _push_out(
    counter: Counter, at: datetime, interval: timedelta, rules: Rules, reset: bool = False
) -> Counter:
    """At least a whole interval from `at` (after a pause, during a natural break)."""
    fresh = later(at, interval)
    due = counter.due if counter.due is None or fresh is None else max(counter.due, fresh)
    snoozes = 0 if reset else counter.snoozes
    return Counter(at, settle(due, interval, rules.hours), snoozes)


def _pull_in(counter: Counter, at: datetime, interval: timedelta, rules: Rules) -> Counter:
    """After the clock went back: no later than a whole interval from now."""
    fresh = later(at, interval)
    due = fresh if counter.due is None or fresh is None else min(counter.due, fresh)
    return Counter(min(counter.since, at), settle(due, interval, rules.hours), counter.snoozes)


def _reconfigure(counter: Counter, interval: timedelta, rules: Rules, at: datetime) -> Counter:
    if counter.snoozes:  # a snoozed break stays snoozed, for at most the new snooze length
        target = later(at, rules.snooze)
        if counter.due is not None and target is not None:
            target = max(at, min(counter.due, target))
        return replace(counter, due=settle(target, interval, rules.hours))
    due = later(counter.since, interval)
    due = at if due is None or due < at else due
    return replace(counter, due=settle(due, interval, rules.hours))


def _fixed_after(
    fixed: tuple[FixedReminder, ...], after: datetime, rules: Rules
) -> tuple[tuple[str, datetime], ...]:
    found = ((r.name, r.next_after(after, rules.tz)) for r in fixed)
    return tuple((name, when) for name, when in found if when is not None)


def _other_routine(rules: Rules, pending: Pending) -> Routine | None:
    """'Not this one': the routine of the most similar length from the same pool or kind."""
    current = pending.routine
    pool = rules.micro_pool if pending.kind is Kind.MICRO else rules.stretch_pool
    choices = [r for r in pool if r.id != current.id] or [
        r for r in rules.routines if r.id != current.id and r.category is current.category
    ]
    if not choices:
        return None
    return min(choices, key=lambda r: (abs(r.duration_seconds - current.duration_seconds), r.id))


def _confirm_skip(state: State) -> bool:
    friction = state.rules.skip_friction
    return bool(friction) and state.skips >= friction


def _record(
    kind: EventKind,
    now: datetime,
    routine: Routine | None = None,
    *,
    detail: str | None = None,
    actual_seconds: float | None = None,
    steps_done: int | None = None,
    steps_total: int | None = None,
    checkin_before: int | None = None,
) -> Record:
    return Record(
        LogEntry(
            kind,
            now,
            routine.id if routine else None,
            routine.version if routine else None,
            routine.category.value if routine else None,
            float(routine.duration_seconds) if routine else None,
            actual_seconds,
            steps_done,
            steps_total,
            detail,
            checkin_before=checkin_before,
        )
    )
