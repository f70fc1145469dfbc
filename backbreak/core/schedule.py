"""The break policy: when the next stretch break is due, and what each answer does to it.

Pure: every method takes `now`. The driver (APScheduler in the UI layer) only wakes the
app at `wake_at()`; it never decides anything, so a sleep, a clock jump or a restart can
always be answered by asking the policy again (`observe`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

from backbreak.core.fixed import FixedReminder, next_fixed
from backbreak.core.working_hours import WorkingHours


class Phase(StrEnum):
    WAITING = "waiting"  # counting down to the next break
    PROMPTING = "prompting"  # the break prompt is open, waiting for an answer
    IN_BREAK = "in_break"  # a routine is playing


class Gap(StrEnum):
    """What a jump in wall-clock time meant, as `observe` reports it."""

    NONE = "none"
    SLEPT = "slept"  # asleep at least a break's length: counts as a break taken
    NATURAL_BREAK = "natural_break"  # away from keyboard and mouse at least a break's length
    CLOCK_BACK = "clock_back"  # the clock went backwards


#: The clock going back by more than this is a clock change, not jitter.
JUMP_TOLERANCE = timedelta(seconds=90)
#: Away from the computer (asleep) at least this long counts as a break taken.
NATURAL_BREAK = timedelta(minutes=5)
#: Idle this long means the user is away: a due reminder waits until they are back.
AWAY = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the tray shows: the phase, when the next break is due, until when paused."""

    phase: Phase
    next_due: datetime
    paused_until: datetime | None
    snoozes: int
    away: bool = False

    def paused(self, now: datetime) -> bool:
        return self.paused_until is not None and now < self.paused_until


FOREVER = datetime.max


class BreakPlanner:
    """Interval stretch breaks with snooze, skip and pause."""

    def __init__(
        self,
        interval: timedelta,
        snooze: timedelta,
        now: datetime,
        paused_until: datetime | None = None,
        hours: WorkingHours | None = None,
    ) -> None:
        if interval <= timedelta(0) or snooze <= timedelta(0):
            raise ValueError("interval and snooze must be positive")
        self._interval = interval
        self._snooze = snooze
        self._phase = Phase.WAITING
        self._next_due = now + interval
        self._snoozes = 0
        self._paused_until = paused_until if paused_until and paused_until > now else None
        self._last_seen = now
        self._away = False
        self._in_natural_break = False
        self._held_until: datetime | None = None
        self._busy = False
        self._hours = hours
        self._normalize()

    # -- what the UI reads -------------------------------------------------------------
    @property
    def interval(self) -> timedelta:
        return self._interval

    @property
    def snooze_length(self) -> timedelta:
        return self._snooze

    def snapshot(self) -> Snapshot:
        return Snapshot(self._phase, self._next_due, self._paused_until, self._snoozes, self._away)

    def wake_at(self) -> datetime | None:
        """When the driver must wake the app next, or None when nothing is timed."""
        if self._phase is not Phase.WAITING or self._next_due.year == FOREVER.year:
            return None
        wake = self._next_due
        if self._held_until is not None:
            wake = max(wake, self._held_until)
        if self._paused_until is not None:
            if self._paused_until >= FOREVER.replace(tzinfo=self._paused_until.tzinfo):
                return None
            wake = max(wake, self._paused_until)
        return wake

    @property
    def hours(self) -> WorkingHours | None:
        return self._hours

    def set_hours(self, hours: WorkingHours | None) -> None:
        self._hours = hours
        self._normalize()

    def _normalize(self) -> None:
        """A break that would fall outside working hours moves to one interval after they
        next begin: the count starts afresh each working period."""
        hours = self._hours
        if hours is None or not hours.enabled:
            return
        candidate = self._next_due
        for _ in range(32):  # a range shorter than the interval can push it days ahead
            if hours.contains(candidate):
                self._next_due = candidate
                return
            start = hours.next_start(candidate)
            if start is None:
                break
            candidate = start + self._interval
        self._next_due = FOREVER.replace(tzinfo=self._next_due.tzinfo)

    def is_due(self, now: datetime) -> bool:
        """Due and the user is here: a reminder nobody sees waits for them to come back."""
        return (
            self._phase is Phase.WAITING
            and not self._is_paused(now)
            and not self.held(now)
            and not self._away
            and not self._busy
            and now >= self._next_due
        )

    @property
    def busy(self) -> bool:
        return self._busy

    def set_busy(self, busy: bool) -> None:
        """Do-not-disturb or a fullscreen window: a due break waits and comes once after."""
        self._busy = busy

    def held(self, now: datetime) -> bool:
        return self._held_until is not None and now < self._held_until

    @property
    def held_until(self) -> datetime | None:
        return self._held_until

    def hold(self, now: datetime, until: datetime | None) -> None:
        """In a meeting (or presenting) until `until`: reminders wait, and a break that
        comes due meanwhile is shown once afterwards. None ends the hold now."""
        self._held_until = until if until is not None and until > now else None
        self._last_seen = now

    def time_left(self, now: datetime) -> timedelta:
        return max(timedelta(0), self._next_due - now)

    # -- events ------------------------------------------------------------------------
    def observe(self, now: datetime) -> Gap:
        """Called on every wake-up: ends a pause that ran out, notices the clock going back."""
        gap = Gap.NONE
        if now < self._last_seen - JUMP_TOLERANCE:
            gap = Gap.CLOCK_BACK
            # Do not make the user wait for a due time that drifted into the far future.
            self._next_due = min(self._next_due, now + self._interval)
        self._last_seen = now
        if self._paused_until is not None and now >= self._paused_until:
            self._paused_until = None
            self._next_due = max(self._next_due, now + self._interval)
        if self._held_until is not None and now >= self._held_until:
            self._held_until = None  # a break that came due meanwhile is shown now, once
        self._normalize()
        return gap

    def account_sleep(
        self, now: datetime, asleep: timedelta, break_length: timedelta = NATURAL_BREAK
    ) -> Gap:
        """The computer was suspended for `asleep` (the driver measures it).

        Asleep at least a break's length counts as a break taken: the interval starts
        afresh, so no stale reminder fires the moment the lid opens.
        """
        self._last_seen = now
        if asleep < break_length or self._phase is not Phase.WAITING:
            return Gap.NONE
        self._next_due = now + self._interval
        self._snoozes = 0
        self._normalize()
        return Gap.SLEPT

    def observe_idle(
        self,
        now: datetime,
        idle: timedelta | None,
        break_length: timedelta = NATURAL_BREAK,
        restart_when_back: bool = False,
    ) -> Gap:
        """The user's idle time (None: unknown, treated as present).

        Interval breaks count time at the computer: idle at least `break_length` is a
        natural break, and the interval starts afresh when activity resumes. Shorter idle
        only holds a due reminder until the user is back.
        """
        away_after = min(AWAY, break_length)
        was_away = self._away
        self._away = idle is not None and idle >= away_after
        if (
            restart_when_back
            and was_away
            and not self._away
            and idle is not None
            and self._phase is Phase.WAITING
            and now >= self._next_due
        ):
            self._next_due = now - idle + self._interval  # count afresh from the return
            self._normalize()
        if idle is None or self._phase is not Phase.WAITING:
            return Gap.NONE
        if idle >= break_length:
            first = not self._in_natural_break
            self._in_natural_break = True
            self._snoozes = 0
            self._next_due = max(self._next_due, now + self._interval)
            self._normalize()
            return Gap.NATURAL_BREAK if first else Gap.NONE
        if self._in_natural_break:
            self._in_natural_break = False
            self._next_due = now - idle + self._interval
            self._normalize()
        return Gap.NONE

    def prompted(self, now: datetime) -> None:
        """The prompt is on screen: nothing else fires until it is answered."""
        self._phase = Phase.PROMPTING
        self._last_seen = now

    def snoozed(self, now: datetime) -> None:
        self._phase = Phase.WAITING
        self._snoozes += 1
        self._next_due = now + self._snooze
        self._last_seen = now
        self._normalize()

    def skipped(self, now: datetime) -> None:
        self._restart(now)

    def started(self, now: datetime) -> None:
        """A routine started, from the prompt or from the tray menu."""
        self._phase = Phase.IN_BREAK
        self._last_seen = now

    def finished(self, now: datetime) -> None:
        """A routine ended (completed or abandoned): the next interval starts now."""
        self._restart(now)

    def pause(self, now: datetime, until: datetime | None) -> None:
        """Pause until a moment, or indefinitely when `until` is None."""
        self._paused_until = until if until is not None else FOREVER.replace(tzinfo=now.tzinfo)
        self._last_seen = now

    def resume(self, now: datetime) -> None:
        if self._paused_until is None:
            return
        self._paused_until = None
        self._next_due = max(self._next_due, now + self._interval)
        self._last_seen = now
        self._normalize()

    def reconfigure(self, interval: timedelta, snooze: timedelta, now: datetime) -> None:
        """New settings: keep the time already worked, re-plan the next break."""
        started = self._next_due - self._interval
        self._interval, self._snooze = interval, snooze
        if self._phase is Phase.WAITING and self._snoozes == 0:
            self._next_due = max(now, started + interval)
        self._normalize()

    def _restart(self, now: datetime) -> None:
        self._phase = Phase.WAITING
        self._snoozes = 0
        self._next_due = now + self._interval
        self._last_seen = now
        self._normalize()

    def _is_paused(self, now: datetime) -> bool:
        return self._paused_until is not None and now < self._paused_until


def pause_until_tomorrow(now: datetime, day_starts: timedelta = timedelta(hours=6)) -> datetime:
    """Tomorrow morning, local time: the first moment a paused user wants reminders again."""
    tomorrow = (now + timedelta(days=1)).date()
    naive = datetime(tomorrow.year, tomorrow.month, tomorrow.day) + day_starts
    return naive.replace(tzinfo=now.tzinfo)


@dataclass(frozen=True, slots=True)
class PlannedReminder:
    at: datetime
    kind: str
    routine_id: str | None


def plan(
    interval: timedelta,
    snooze: timedelta,
    hours: WorkingHours | None,
    start: datetime,
    until: datetime,
    rotation: tuple[str, ...] = (),
    fixed: tuple[FixedReminder, ...] = (),
    tz: tzinfo | None = None,
    micro: timedelta | None = None,
    micro_rotation: tuple[str, ...] = (),
) -> list[PlannedReminder]:
    """The reminders the policy will produce between `start` and `until`, assuming the user
    is at the computer throughout and answers each one at once (`backbreak plan`).
    Fixed-time reminders come on their own clock, working hours or not."""
    timed = [*_interval_plan(interval, snooze, hours, start, until, rotation)]
    if micro is not None:
        # A micro check close to a stretch break is folded into it (as the app does).
        window = min(timedelta(minutes=5), micro / 4)
        stretches = [r.at for r in timed]
        timed += [
            PlannedReminder(r.at, "micro", r.routine_id)
            for r in _interval_plan(micro, snooze, hours, start, until, micro_rotation)
            if not any(timedelta(0) <= s - r.at <= window or r.at == s for s in stretches)
        ]
    moment = start
    while len(timed) < 20_000 and (found := next_fixed(fixed, moment, tz)) is not None:
        moment, entry = found
        if moment > until:
            break
        timed.append(PlannedReminder(moment, f"fixed:{entry.name}", entry.routine_id))
    return sorted(timed, key=lambda r: r.at)


def _interval_plan(
    interval: timedelta,
    snooze: timedelta,
    hours: WorkingHours | None,
    start: datetime,
    until: datetime,
    rotation: tuple[str, ...],
) -> list[PlannedReminder]:
    planner = BreakPlanner(interval, snooze, start, hours=hours)
    out: list[PlannedReminder] = []
    while len(out) < 10_000:
        when = planner.wake_at()
        if when is None or when > until:
            break
        planner.observe(when)
        if planner.is_due(when):
            routine = rotation[len(out) % len(rotation)] if rotation else None
            out.append(PlannedReminder(when, "stretch", routine))
            planner.prompted(when)
            planner.skipped(when)
    return out
