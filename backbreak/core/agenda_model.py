"""The reminder engine's values: its state, the events it takes and the effects it asks for.

Pure data (frozen dataclasses); the rules that move between them live in `core.agenda`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from backbreak.core.events import EventKind, LogEntry
from backbreak.core.model import Routine
from backbreak.core.reminder_rules import Rules
from backbreak.core.session import SessionEnd

#: The clock going back by more than this is a clock change, not jitter.
JUMP_TOLERANCE = timedelta(seconds=90)
PAUSE_KEY = "paused_until"
LONG_AGO = datetime(1, 1, 1, tzinfo=UTC)
ROTATION_KEYS = {  # not translated: keys of the log's state table
    "stretch": "rotation_index",
    "micro": "rotation_index:micro",
}


class Kind(StrEnum):
    STRETCH = "stretch"
    MICRO = "micro"
    FIXED = "fixed"


class Answer(StrEnum):
    START = "start"
    SNOOZE = "snooze"
    SKIP = "skip"
    OTHER = "other"
    """"Not this one": offer the routine of the most similar length instead."""
    DISMISS = "dismiss"
    """Esc or the close button: a snooze while snoozes are left, a skip after that."""
    ESCAPE = "escape"
    """The emergency exit of a strict break: a skip, logged as such."""


@dataclass(frozen=True, slots=True)
class Pending:
    """A reminder on screen (or waiting in the fixed queue), not yet answered."""

    kind: Kind
    routine: Routine
    due: datetime
    snoozes: int = 0
    fixed: str | None = None
    """The fixed reminder's name."""


@dataclass(frozen=True, slots=True)
class Counter:
    """One interval rhythm: when its current interval began and when it is due."""

    since: datetime
    due: datetime | None
    """None: no working period ahead holds a break."""
    snoozes: int = 0
    snoozed: Routine | None = None
    """The routine a snooze put off: it comes back as itself, not as the next in turn."""


@dataclass(frozen=True, slots=True)
class Session:
    """A routine in the player: preparing (safety checklist, check-in) until `began`."""

    routine: Routine
    moves: frozenset[Kind]
    """The counters that start afresh when it ends (a micro check moves only its own)."""
    began: datetime | None = None
    checkin_before: int | None = None
    resume: Pending | None = None
    """The prompt it came from: shown again when the session is left before it begins."""
    then: Routine | None = None
    """Start this one once the player has ended (a replacement the user asked for)."""
    asked: Routine | None = None
    """Waiting for the user to say whether a heat or cold timer may be stopped for this."""


@dataclass(frozen=True, slots=True)
class Pause:
    since: datetime
    until: datetime | None
    """None: until resumed."""


@dataclass(frozen=True, slots=True)
class Memory:
    """What survives a restart (kept by the app in the log's state table)."""

    pause: Pause | None = None
    cursors: tuple[int, int] = (0, 0)
    """Rotation positions of the stretch and micro pools."""


@dataclass(frozen=True)
class State:
    rules: Rules
    stretch: Counter
    micro: Counter | None
    fixed_next: tuple[tuple[str, datetime], ...]
    """Each fixed reminder's next occurrence."""
    queue: tuple[Pending, ...] = ()
    """Fixed reminders that came due (or were snoozed) and wait their turn."""
    pending: Pending | None = None
    session: Session | None = None
    pause: Pause | None = None
    held_until: datetime | None = None
    away: bool = False
    natural: bool = False
    """In a natural break (idle at least `natural_break`)."""
    busy: bool = False
    noticed_for: datetime | None = None
    cursors: tuple[int, int] = (0, 0)
    skips: int = 0
    """Interval breaks skipped in a row (for skip friction)."""
    last_seen: datetime = LONG_AGO

    def paused(self, now: datetime) -> bool:
        return self.pause is not None and (self.pause.until is None or now < self.pause.until)

    def held(self, now: datetime) -> bool:
        return self.held_until is not None and now < self.held_until

    def on_screen(self) -> bool:
        return self.pending is not None or self.session is not None

    def counter(self, kind: Kind) -> Counter | None:
        return self.stretch if kind is Kind.STRETCH else self.micro if kind is Kind.MICRO else None


# -- events ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Tick:
    """A wake-up: the planned moment, a heartbeat, or the clock noticed jumping."""

    idle: timedelta | None = None
    busy: bool = False
    asleep: timedelta = timedelta(0)


@dataclass(frozen=True, slots=True)
class Answered:
    answer: Answer


@dataclass(frozen=True, slots=True)
class StartRoutine:
    """From the tray menu, the CLI or a second launch."""

    routine: Routine


@dataclass(frozen=True, slots=True)
class ReplaceAnswered:
    stop_timer: bool


@dataclass(frozen=True, slots=True)
class Began:
    checkin_before: int | None = None


@dataclass(frozen=True, slots=True)
class Ended:
    end: SessionEnd


@dataclass(frozen=True, slots=True)
class Cancelled:
    """The player was left before its first step."""


@dataclass(frozen=True, slots=True)
class CheckinAfter:
    value: int


FEELINGS = ("better", "the same", "worse")  # not translated: words the log keeps (felt better)
"""The finish page's one-click "how did that feel" answers."""


@dataclass(frozen=True, slots=True)
class Felt:
    """How the finished routine felt, one of FEELINGS; kept with its row in the log."""

    word: str


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A yes to the red-flag question (core.care) on the check-in before (`before`) or
    after `routine`: logged; before, the break counts as taken, since stretching into
    nerve symptoms is what the question is there to stop."""

    routine: Routine | None
    before: bool


@dataclass(frozen=True, slots=True)
class PauseUntil:
    until: datetime | None


@dataclass(frozen=True, slots=True)
class Resume:
    pass


@dataclass(frozen=True, slots=True)
class Meeting:
    until: datetime | None


@dataclass(frozen=True, slots=True)
class RulesChanged:
    rules: Rules


@dataclass(frozen=True, slots=True)
class Quit:
    pass


Event = (
    Tick
    | Answered
    | StartRoutine
    | ReplaceAnswered
    | Began
    | Ended
    | Cancelled
    | CheckinAfter
    | Felt
    | RedFlag
    | PauseUntil
    | Resume
    | Meeting
    | RulesChanged
    | Quit
)


# -- effects -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Notify:
    title: str
    body: str
    opens_prompt: bool = False
    seconds: float | None = None
    """How long it should stay (None: the daemon's default; 0: until answered)."""


@dataclass(frozen=True, slots=True)
class ShowPrompt:
    pending: Pending
    snoozes_left: int
    confirm_skip: bool
    new: bool
    """A reminder coming now (False: the same one shown again, with another routine)."""
    window: bool = True
    """False: the notification asks alone; the window shows only if it cannot answer."""


@dataclass(frozen=True, slots=True)
class HidePrompt:
    pass


@dataclass(frozen=True, slots=True)
class Play:
    routine: Routine
    held: bool = False
    """A due break taken: it plays as the rules' break mode says (full screen, strict)."""


@dataclass(frozen=True, slots=True)
class StopPlayer:
    pass


@dataclass(frozen=True, slots=True)
class AskReplace:
    """A heat or cold timer runs: may it be stopped to start `new`?"""

    running: Routine
    new: Routine


@dataclass(frozen=True, slots=True)
class Record:
    entry: LogEntry


@dataclass(frozen=True, slots=True)
class RecordCheckinAfter:
    value: int


@dataclass(frozen=True, slots=True)
class RecordFelt:
    word: str


@dataclass(frozen=True, slots=True)
class Remember:
    key: str
    value: str | None


@dataclass(frozen=True, slots=True)
class Note:
    """A line for the app's log file, not for the user."""

    text: str


Effect = (
    Notify
    | ShowPrompt
    | HidePrompt
    | Play
    | StopPlayer
    | AskReplace
    | Record
    | RecordCheckinAfter
    | RecordFelt
    | Remember
    | Note
)
ALL = frozenset(Kind)


def record(
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
