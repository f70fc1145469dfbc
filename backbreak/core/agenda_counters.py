"""The agenda's interval rhythms (stretch and micro): when each is due, starting afresh,
pushed out, pulled in, re-planned, and folded into a reminder shown at about the same time.

Pure helpers of `core.agenda`; every instant is UTC and every duration is added in real time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from backbreak.core.agenda_model import Counter, Effect, Kind, Note, State
from backbreak.core.fixed import FixedReminder
from backbreak.core.reminder_rules import Rules, later, settle


def blocked(state: State, kind: Kind) -> bool:
    """The counter is not counting: its prompt is on screen, or its break is being taken."""
    if state.pending is not None and state.pending.kind is kind:
        return True
    return state.session is not None and kind in state.session.moves


def interval_of(rules: Rules, kind: Kind) -> timedelta | None:
    return rules.interval if kind is Kind.STRETCH else rules.micro if kind is Kind.MICRO else None


def with_counter(state: State, kind: Kind, counter: Counter) -> State:
    return (
        replace(state, stretch=counter) if kind is Kind.STRETCH else replace(state, micro=counter)
    )


def fresh(since: datetime, interval: timedelta | None, rules: Rules) -> Counter:
    if interval is None:
        return Counter(since, None)
    return Counter(since, settle(later(since, interval), interval, rules.hours))


def restart(state: State, kinds: frozenset[Kind], at: datetime) -> State:
    rules = state.rules
    if Kind.STRETCH in kinds:
        state = replace(state, stretch=fresh(at, rules.interval, rules))
    if Kind.MICRO in kinds and state.micro is not None:
        state = replace(state, micro=fresh(at, rules.micro, rules))
    return state


def push_out(
    counter: Counter, at: datetime, interval: timedelta, rules: Rules, reset: bool = False
) -> Counter:
    """At least a whole interval from `at` (after a pause, during a natural break)."""
    fresh = later(at, interval)
    due = counter.due if counter.due is None or fresh is None else max(counter.due, fresh)
    if reset:
        return Counter(at, settle(due, interval, rules.hours))
    return Counter(at, settle(due, interval, rules.hours), counter.snoozes, counter.snoozed)


def pull_in(counter: Counter, at: datetime, interval: timedelta, rules: Rules) -> Counter:
    """After the clock went back: no later than a whole interval from now."""
    fresh = later(at, interval)
    due = fresh if counter.due is None or fresh is None else min(counter.due, fresh)
    return Counter(
        min(counter.since, at), settle(due, interval, rules.hours), counter.snoozes, counter.snoozed
    )


def reconfigure(counter: Counter, interval: timedelta, rules: Rules, at: datetime) -> Counter:
    if counter.snoozes:  # a snoozed break stays snoozed, for at most the new snooze length
        target = later(at, rules.snooze)
        if counter.due is not None and target is not None:
            target = max(at, min(counter.due, target))
        return replace(counter, due=settle(target, interval, rules.hours))
    due = later(counter.since, interval)
    due = at if due is None or due < at else due
    return replace(counter, due=settle(due, interval, rules.hours))


def fixed_after(
    fixed: tuple[FixedReminder, ...], after: datetime, rules: Rules
) -> tuple[tuple[str, datetime], ...]:
    found = ((r.name, r.next_after(after, rules.tz)) for r in fixed)
    return tuple((name, when) for name, when in found if when is not None)


#: Which rhythms a reminder of each kind covers when they come due at about the same time.
FOLDS = {
    Kind.STRETCH: (Kind.MICRO,),
    Kind.FIXED: (Kind.STRETCH, Kind.MICRO),
    Kind.MICRO: (),
}


def fold(state: State, shown: Kind, at: datetime, fx: list[Effect]) -> State:
    """Breaks due now, or within their fold window, are covered by the reminder shown (or
    just answered): one prompt for them all, never two in a row."""
    rules = state.rules
    for kind in FOLDS[shown]:
        counter = state.counter(kind)
        interval = interval_of(rules, kind)
        if counter is None or counter.due is None or interval is None:
            continue
        if counter.due - at <= rules.fold_window(interval):
            fx.append(
                Note(  # not translated: a line for the app's log file, not for the user
                    f"{kind} break folded into the {shown} reminder"
                )
            )
            state = restart(state, frozenset({kind}), at)
    return state
