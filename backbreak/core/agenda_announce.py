"""What is due now, and how the agenda announces it: the fixed queue first, then the stretch
break, then the micro check; rotation, notification, the prompt and the heads-up.

Pure helpers of `core.agenda`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from backbreak.core.agenda_counters import blocked, fold, interval_of, restart, with_counter
from backbreak.core.agenda_model import (
    ROTATION_KEYS,
    Counter,
    Effect,
    Kind,
    Note,
    Notify,
    Pending,
    Remember,
    ShowPrompt,
    State,
    record,
)
from backbreak.core.events import AT_A_FIXED_TIME, MICRO_CHECK, EventKind
from backbreak.core.i18n import _, mid_sentence
from backbreak.core.model import format_duration
from backbreak.core.reminder_rules import settle


def notice_at(state: State) -> datetime | None:
    """When the heads-up for the next stretch break is due, if one is still to come."""
    lead = state.rules.notice_before
    due = state.stretch.due
    if not lead or due is None or state.noticed_for == due or blocked(state, Kind.STRETCH):
        return None
    return due - lead


def snoozes_left(state: State, pending: Pending) -> int:
    return max(0, state.rules.snooze_limit - pending.snoozes)


def confirm_skip(state: State) -> bool:
    friction = state.rules.skip_friction
    return bool(friction) and state.skips >= friction


def announce(state: State, now: datetime, at: datetime, fx: list[Effect]) -> State:
    if state.on_screen() or state.paused(at) or state.held(at) or state.away or state.busy:
        return state
    rules = state.rules
    for pending in sorted(state.queue, key=lambda p: p.due):
        if pending.due <= at:
            queue = tuple(p for p in state.queue if p is not pending)
            state = fold(replace(state, queue=queue), Kind.FIXED, at, fx)
            return show(state, replace(pending, due=at), now, fx)
    for kind in (Kind.STRETCH, Kind.MICRO):
        counter = state.counter(kind)
        if counter is None or counter.due is None or counter.due > at:
            continue
        interval = interval_of(rules, kind)
        assert interval is not None
        if rules.hours.enabled and not rules.hours.contains(at):
            # Held past the end of working hours (a meeting, away): it is let go.
            state = with_counter(state, kind, Counter(at, settle(at, interval, rules.hours)))
            continue
        if kind is Kind.MICRO:
            stretch_due = state.stretch.due
            if stretch_due is not None and stretch_due - at <= rules.fold_window(rules.micro):
                fx.append(
                    Note(  # not translated: a line for the app's log file, not for the user
                        f"micro check folded into the stretch break at {stretch_due}"
                    )
                )
                state = restart(state, frozenset({Kind.MICRO}), at)
                continue
        return remind(state, kind, now, at, fx)
    return heads_up(state, at, fx)


def remind(state: State, kind: Kind, now: datetime, at: datetime, fx: list[Effect]) -> State:
    rules = state.rules
    pool = rules.stretch_pool if kind is Kind.STRETCH else rules.micro_pool
    if not pool:
        fx.append(
            Note(  # not translated: a line for the app's log file, not for the user
                "a break is due but there are no routines to offer"
            )
        )
        return restart(state, frozenset({kind}), at)
    counter = state.counter(kind)
    assert counter is not None
    if counter.snoozed is not None and counter.snoozed in pool:
        routine = counter.snoozed  # the snoozed break comes back as itself; turns stay put
    else:
        slot = 0 if kind is Kind.STRETCH else 1
        index = state.cursors[slot]
        routine = pool[index % len(pool)]
        following = (index + 1) % len(pool)
        cursors = (following, state.cursors[1]) if slot == 0 else (state.cursors[0], following)
        fx.append(Remember(ROTATION_KEYS[kind.value], str(following)))
        state = replace(state, cursors=cursors)
    state = fold(state, kind, at, fx)
    return show(state, Pending(kind, routine, at, counter.snoozes), now, fx)


def show(state: State, pending: Pending, now: datetime, fx: list[Effect]) -> State:
    routine = pending.routine
    detail = {
        Kind.STRETCH: None,
        Kind.MICRO: MICRO_CHECK,
        Kind.FIXED: AT_A_FIXED_TIME.format(name=pending.fixed),
    }[pending.kind]
    fx.append(record(EventKind.REMINDED, now, routine, detail=detail))
    notification, window = state.rules.asks_with
    if notification:
        title = {
            Kind.STRETCH: _("Time for a stretch break"),
            Kind.MICRO: _("Time for a posture check"),
            Kind.FIXED: _("Time for {routine}").format(routine=mid_sentence(routine.title)),
        }[pending.kind]
        length = format_duration(routine.duration_seconds)
        body = {  # (a strict break, the window shows too): what the answers are, and where
            (True, True): _("{title} · {length}. Start in the backbreak window."),
            (True, False): _("{title} · {length}. Start."),
            (False, True): _("{title} · {length}. Start, snooze or skip in the backbreak window."),
            (False, False): _("{title} · {length}. Start, snooze or skip."),
        }[state.rules.mode.has_escape, window].format(title=routine.title, length=length)
        # Alone, the notification stays until answered (0: no timeout).
        fx.append(Notify(title, body, opens_prompt=True, seconds=None if window else 0))
    state = replace(state, pending=pending, noticed_for=None)
    left = snoozes_left(state, pending)
    fx.append(ShowPrompt(pending, left, confirm_skip(state), new=True, window=window))
    return state


def heads_up(state: State, at: datetime, fx: list[Effect]) -> State:
    notice, due = notice_at(state), state.stretch.due
    if notice is None or due is None or not notice <= at < due:
        return state
    if state.rules.notify:
        left = (due - at).total_seconds()
        fx.append(
            Notify(
                _("Stretch break in {duration}").format(duration=format_duration(left)),
                _("Finish what you are typing; backbreak will ask in a moment."),
                seconds=left,
            )
        )
    return replace(state, noticed_for=due)
