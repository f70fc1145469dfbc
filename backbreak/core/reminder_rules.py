"""What the settings say about reminders, resolved once into plain values the agenda reads.

Pure. Durations are real elapsed time and are only ever added to UTC instants; the zone
(`hours.tz`, always a zone with DST rules) is consulted only at working-hours edges, for
fixed clock times and for display.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

from backbreak.core.fixed import FixedReminder
from backbreak.core.i18n import N_, _
from backbreak.core.model import Routine
from backbreak.core.rotation import reminder_pool
from backbreak.core.settings import (
    BREAK_SHOWS,
    FIXED,
    MICRO_EVERY,
    MICRO_ON,
    MICRO_ROUTINES,
    NATURAL_BREAK,
    NOTICE_BEFORE,
    NOTIFY,
    SKIP_FRICTION,
    SNOOZE,
    SNOOZE_LIMIT,
    STRETCH_CATEGORY,
    STRETCH_EVERY,
    STRETCH_ROUTINES,
    WHEN_BACK,
    Settings,
    parse_duration,
    working_hours,
)
from backbreak.core.strictness import (
    FULL_SCREEN,
    NOT_HELD,
    SKIP_AFTER,
    STRICTNESS,
    BreakMode,
    Strictness,
)
from backbreak.core.text import brief
from backbreak.core.working_hours import WorkingHours, local_instant

#: The user is away (a due reminder waits) after this long without input, or after the
#: natural-break length when that is shorter.
AWAY_AFTER = timedelta(seconds=60)
#: How far ahead a working period is searched for (a range shorter than the interval
#: never holds a break; after this many tries there is none to come).
SETTLE_TRIES = 32
#: Breaks that come due this close together are one break (see `Rules.fold_window`).
FOLD = timedelta(minutes=5)
#: A pause "until tomorrow" without working hours ends at this local time.
MORNING = timedelta(hours=6)


@dataclass(frozen=True)
class Rules:
    """Everything the agenda needs from settings and routines, and nothing else."""

    interval: timedelta = timedelta(minutes=50)
    snooze: timedelta = timedelta(minutes=5)
    snooze_limit: int = 3
    micro: timedelta | None = None
    """Time between micro posture checks; None when they are off."""
    notice_before: timedelta = timedelta(0)
    natural_break: timedelta = timedelta(minutes=5)
    restart_when_back: bool = False
    hours: WorkingHours = field(default_factory=WorkingHours)
    fixed: tuple[FixedReminder, ...] = ()
    skip_friction: int = 3
    notify: bool = True
    mode: BreakMode = NOT_HELD
    """Full screen and strictness of a due break."""
    window: str = "both"
    """How a due break asks: "both", "window" or "notification" (see `asks_with`)."""
    routines: tuple[Routine, ...] = field(default=(), repr=False)
    """Every routine there is (fixed reminders and "Not this one" choose among them)."""
    stretch_pool: tuple[Routine, ...] = field(default=(), repr=False)
    micro_pool: tuple[Routine, ...] = field(default=(), repr=False)

    @property
    def tz(self) -> tzinfo:
        return self.hours.tz

    @property
    def away_after(self) -> timedelta:
        return min(AWAY_AFTER, self.natural_break)

    def fold_window(self, interval: timedelta | None) -> timedelta:
        """A break of this rhythm that comes due this close after another reminder is folded
        into it (five minutes, or a quarter of the interval when that is shorter)."""
        return min(FOLD, interval / 4) if interval else timedelta(0)

    @property
    def asks_with(self) -> tuple[bool, bool]:
        """(notification, window) for a due break. Notifications off, the window always
        shows; notification only, the window waits unless the notification cannot answer."""
        if self.mode.full_screen:  # a full-screen break is a window, on every screen
            return self.notify and self.window != "window", True
        notification = self.notify and self.window != "window"
        return notification, not notification or self.window != "notification"

    def routine(self, routine_id: str) -> Routine | None:
        return next((r for r in self.routines if r.id == routine_id), None)


FULL_SCREEN_HEADS_UP = timedelta(seconds=30)


def heads_up(chosen: timedelta, full_screen: bool) -> timedelta:
    """The heads-up before a break. Peers warn by default (Stretchly 30 s before a break,
    Safe Eyes 10 s, Workrave's prelude) because their breaks take the screen; backbreak's
    small window takes nothing and waits, so by default it comes unannounced, and only a
    full-screen break, which does take the screen, gets 30 seconds to finish a sentence."""
    if chosen > timedelta(0) or not full_screen:
        return chosen
    return FULL_SCREEN_HEADS_UP


def rules_from_settings(settings: Settings, tz: tzinfo, routines: Iterable[Routine]) -> Rules:
    """The one place settings become reminder rules (the app and `backbreak plan` share it)."""
    everything = tuple(routines)
    stretch_ids: tuple[str, ...] = settings[STRETCH_ROUTINES]
    micro_ids: tuple[str, ...] = settings[MICRO_ROUTINES]
    return Rules(
        interval=settings[STRETCH_EVERY],
        snooze=settings[SNOOZE],
        snooze_limit=settings[SNOOZE_LIMIT],
        micro=settings[MICRO_EVERY] if settings[MICRO_ON] else None,
        notice_before=heads_up(settings[NOTICE_BEFORE], settings[FULL_SCREEN]),
        natural_break=settings[NATURAL_BREAK],
        restart_when_back=settings[WHEN_BACK] == "restart",
        hours=working_hours(settings, tz),
        fixed=settings[FIXED],
        skip_friction=settings[SKIP_FRICTION],
        notify=settings[NOTIFY],
        window=settings[BREAK_SHOWS],
        mode=BreakMode(
            settings[FULL_SCREEN], Strictness(settings[STRICTNESS]), settings[SKIP_AFTER]
        ),
        routines=everything,
        stretch_pool=tuple(reminder_pool(everything, stretch_ids, settings[STRETCH_CATEGORY])),
        micro_pool=tuple(reminder_pool(everything, micro_ids)),
    )


def later(moment: datetime, delta: timedelta) -> datetime | None:
    """`moment + delta` in absolute time, or None past the end of the calendar."""
    try:
        return moment.astimezone(UTC) + delta
    except OverflowError:
        return None


def settle(candidate: datetime | None, interval: timedelta, hours: WorkingHours) -> datetime | None:
    """A due moment that falls outside working hours moves to one interval after they next
    begin: the count starts afresh each working period. None: no working period ahead holds
    one (every range is shorter than the interval, or there are no ranges)."""
    for _try in range(SETTLE_TRIES):
        if candidate is None or hours.contains(candidate):
            return candidate
        begin = hours.next_start(candidate)
        if begin is None:
            return None
        candidate = later(begin, interval)
    return None


def tomorrow_morning(now: datetime, rules: Rules) -> datetime:
    """Where "pause until tomorrow" ends: tomorrow's working hours, else 06:00 local."""
    local = now.astimezone(rules.tz)
    tomorrow = local.date() + timedelta(days=1)
    naive = datetime(tomorrow.year, tomorrow.month, tomorrow.day) + MORNING
    morning = local_instant(naive, rules.tz)
    if rules.hours.enabled:
        return rules.hours.next_start(morning) or morning
    return morning


#: What the tray's Pause menu offers: the word (`backbreak pause` takes the same) and label.
PAUSE_MENU: tuple[tuple[str, str], ...] = (
    ("30m", N_("For 30 minutes")),
    ("1h", N_("For 1 hour")),
    ("2h", N_("For 2 hours")),
    ("tomorrow", N_("Until tomorrow")),
    ("forever", N_("Until I resume")),
)
_UNTIL_TOMORROW = ("tomorrow", "until-tomorrow")


def pause_word(text: str) -> str:
    """`text` as a pause word ("off" resumes), in lower case; ValueError with the reason and
    the hint for a negative, empty or unknown length. One reading for the tray, the CLI and
    the socket."""
    word = text.strip().lower()
    if word in ("off", "forever", *_UNTIL_TOMORROW):
        return word
    # Each message ends with the words that work (whole sentences, one for each reason).
    shown = f'"{brief(text, 40)}"'
    if word.startswith("-"):
        raise ValueError(
            # TRANSLATORS: keep 30m, 1h30m, until-tomorrow, forever, off (backbreak pause's words)
            _(
                'a pause cannot be negative ({text}); write it like "30m" or "1h30m", or '
                "until-tomorrow, forever or off"
            ).format(text=shown)
        )
    try:
        length = parse_duration(word)
    except ValueError as exc:
        if isinstance(exc.__context__, OverflowError):  # (parse_duration's "longer than any …")
            raise ValueError(
                # TRANSLATORS: keep forever (a word backbreak pause takes)
                _("{text} is longer than any calendar; use forever instead").format(text=shown)
            ) from None
        raise ValueError(
            # TRANSLATORS: keep 30m, 1h30m, until-tomorrow, forever, off (backbreak pause's words)
            _(
                '{text} is not a length of time backbreak can pause for; write it like "30m" '
                'or "1h30m", or until-tomorrow, forever or off'
            ).format(text=shown)
        ) from None
    if length <= timedelta(0):
        raise ValueError(
            # TRANSLATORS: keep 30m, 1h30m, until-tomorrow, forever, off (backbreak pause's words)
            _(
                '{text} is no time at all; write it like "30m" or "1h30m", or until-tomorrow, '
                "forever or off"
            ).format(text=shown)
        )
    return word


def pause_end(choice: str, now: datetime, rules: Rules) -> datetime | None:
    """The end of a pause the tray menu or `backbreak pause` names (None: until resumed).

    Raises ValueError with a message for words it does not know, and for "off" (resuming
    is not a pause: the caller resumes).
    """
    word = pause_word(choice)
    if word == "off":
        raise ValueError(
            # TRANSLATORS: keep "off" (a word backbreak pause takes)
            _('"off" resumes reminders; it is not a length of time')
        )
    if word == "forever":
        return None
    if word in _UNTIL_TOMORROW:
        return tomorrow_morning(now, rules)
    length = parse_duration(word)
    end = later(now, length)
    if end is None:
        raise ValueError(
            # TRANSLATORS: keep forever (a word backbreak pause takes)
            _('"{text}" is longer than the calendar; use forever instead').format(
                text=brief(choice, 40)
            )
        )
    return end
