"""Care signals: when the user's own check-ins say "see someone", say it, kindly and once.

The sources name the signals (CONTENT.md, "when to see a professional"); the log holds the
user's tension check-ins and red-flag answers. Each rule here is a pure function of the
days' figures, so its exact condition is tested over generated histories. Never a
diagnosis: each observation says what the numbers were and which source asks to see a
professional about it, nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from backbreak.core.events import EventKind
from backbreak.core.i18n import N_, _, decimal
from backbreak.core.option_kinds import bool_option, int_option
from backbreak.core.stats import DayTally

RED_FLAG_ON = bool_option(
    "care.red_flag_question",  # not translated: the setting's key
    True,
    N_(
        "With the tension check-in, one optional question: any tingling, numbness, or pain "
        "spreading into an arm or leg? A yes stops the routine and shows when to see a "
        "professional."
    ),
    N_("Ask about tingling and numbness"),
)
NUDGES_ON = bool_option(
    "care.nudges",  # not translated: the setting's key
    True,
    N_(
        "When your own check-ins show a pattern (high tension for weeks, no lower although you "
        "take your breaks, a yes to the question above), say so once in a calm window. It is "
        "worked out on this computer from your history and never leaves it."
    ),
    N_("Say when check-ins suggest seeing someone"),
)
HIGH_TENSION = int_option(
    "care.high_tension",  # not translated: the setting's key
    6,
    3,
    10,
    N_("Tension (0-10) before a break that counts as high for the note above."),
    N_("High tension from"),
)
WEEKS = int_option(
    "care.weeks",  # not translated: the setting's key
    3,
    2,
    12,
    N_("How many weeks a pattern must last before the note says so."),
    N_("Pattern over (weeks)"),
)
OPTIONS = (RED_FLAG_ON, NUDGES_ON, HIGH_TENSION, WEEKS)

SNOOZE_DAYS = 30
""""Remind me in a month"; a note shown and closed without an answer waits as long."""
MODERATE = 4.0
"""Tension that does not go down is only worth a note from here on (0-10)."""
NEXT_KEY = "care.next"  # not translated: a key of the log's state table
"""The state key: the first day a note may show again (ISO date)."""


@dataclass(frozen=True, slots=True)
class Trace:
    """Where a sentence the feature shows comes from: a seed document's words, or
    "safety" (backbreak's own safety text, content/safety.py)."""

    file: str
    quote: str


RED_FLAG_QUESTION = N_("Any tingling, numbness, or pain spreading into an arm or leg?")
RED_FLAG_STOPPED = N_(
    "This routine stopped because you said yes to tingling, numbness, or pain spreading "
    "into an arm or leg."
)
NUDGE_HEADING = N_("Your check-ins suggest talking to a professional")
# The sources' own words, quoted as the English documents wrote them (like the routines'
# cited quotes, which their catalogs leave alone too): a quotation is not translated.
TINGLING = Trace(
    "003_c24ff6686491771a.txt",  # not translated: a source's file and its words, quoted
    "potentially causing tingling sensations in the legs and feet",
)
RADIATING = Trace(
    "001_f64e3b39cde1f7ce.txt",  # not translated: a source's file and its words, quoted
    "the pain can sometimes radiate down the arms",
)
PERSISTENT = Trace(
    "000_1b5c86ec2cb6c9dd.txt",  # not translated: a source's file and its words, quoted
    "If you’re experiencing persistent back or neck pain, it’s crucial to consult an expert.",
)
NOT_HEALING = Trace(
    "003_c24ff6686491771a.txt",  # not translated: a source's file and its words, quoted
    "strained muscles and other issues may require physical therapy or other interventions "
    "to heal effectively",
)


class Rule(StrEnum):
    HIGH = "high"
    NOT_LOWER = "not-lower"
    RED_FLAG = "red-flag"


TEMPLATES: dict[Rule, str] = {
    Rule.HIGH: N_(
        "Your neck and back tension before a break was {threshold} or more on {high} of "
        "{rated} days with a check-in over the last {weeks} weeks (average {mean} out "
        "of 10)."
    ),
    Rule.NOT_LOWER: N_(
        "You met your daily target on {met} of the last {days} days, and your tension before "
        "a break went from {first} in the first week to {last} in the last: no lower."
    ),
    Rule.RED_FLAG: N_(
        "You said yes to tingling, numbness, or pain spreading into an arm or leg on {flags} "
        "of the last {days} days."
    ),
}
"""The observations, with the numbers filled in (`observe`, in the current language)."""
SOURCES: dict[Rule, tuple[Trace, ...]] = {
    # not translated: quotes ("safety": never shown, found in the English safety text)
    Rule.HIGH: (PERSISTENT,),
    Rule.NOT_LOWER: (Trace("safety", "even with regular breaks and stretching"), NOT_HEALING),
    Rule.RED_FLAG: (TINGLING, RADIATING),
}
FIXED_TEXTS: dict[str, tuple[Trace, ...]] = {
    # not translated: quotes ("safety": never shown, found in the English safety text)
    RED_FLAG_QUESTION: (TINGLING, RADIATING, Trace("safety", "spreads into an arm or a leg")),
    RED_FLAG_STOPPED: (TINGLING, RADIATING, Trace("safety", "spreading pain")),
    NUDGE_HEADING: (PERSISTENT, Trace("safety", "See a doctor or physiotherapist")),
}
"""Every other sentence the feature shows, with what it rests on (a content test checks)."""


@dataclass(frozen=True, slots=True)
class CareDay:
    """One local day's figures, as the rules read them."""

    day: date
    tension: float | None = None
    """The mean check-in before a break (0-10); None: no check-in that day."""
    completed: int = 0
    red_flags: int = 0


@dataclass(frozen=True, slots=True)
class Observation:
    rule: Rule
    text: str
    sources: tuple[Trace, ...]


def care_days(tallies: Iterable[DayTally]) -> dict[date, CareDay]:
    """The log's day tallies (storage or core.stats.tally) as the rules read them."""
    out: dict[date, CareDay] = {}
    for t in tallies:
        day = out.get(t.day) or CareDay(t.day)
        if t.kind is EventKind.COMPLETED:
            tension = t.before_total / t.before_count if t.before_count else None
            day = CareDay(t.day, tension, day.completed + t.count, day.red_flags)
        elif t.kind is EventKind.RED_FLAG:
            day = CareDay(t.day, day.tension, day.completed, day.red_flags + t.count)
        out[t.day] = day
    return out


def window(days: dict[date, CareDay], today: date, weeks: int) -> list[list[CareDay]]:
    """The last `weeks` weeks up to today, oldest week first, each seven days (empty days
    filled in)."""
    first = today - timedelta(days=7 * weeks - 1)
    every = [
        days.get(first + timedelta(days=n)) or CareDay(first + timedelta(days=n))
        for n in range(7 * weeks)
    ]
    return [every[7 * w : 7 * w + 7] for w in range(weeks)]


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def observe(
    days: dict[date, CareDay], today: date, weeks: int, threshold: int, target: int
) -> tuple[Observation, ...]:
    """What the last `weeks` weeks show, by rule (none: nothing worth a note).

    - HIGH: a check-in in every week, and tension at or above `threshold` on more than half
      of the days with one.
    - NOT_LOWER: a check-in in the first and the last week, the daily target met on at
      least half the days, and the last week's tension no lower than the first's and at
      least MODERATE.
    - RED_FLAG: a yes to the red-flag question on any day.
    """
    blocks = window(days, today, weeks)
    flat = [d for block in blocks for d in block]
    rated = [d.tension for d in flat if d.tension is not None]
    found: list[Observation] = []

    def note(rule: Rule, **numbers: float | str) -> None:
        found.append(Observation(rule, _(TEMPLATES[rule]).format(**numbers), SOURCES[rule]))

    if all(any(d.tension is not None for d in block) for block in blocks):
        high = sum(t >= threshold for t in rated)
        if 2 * high > len(rated):
            note(
                Rule.HIGH,
                threshold=threshold,
                high=high,
                rated=len(rated),
                weeks=weeks,
                mean=decimal(_mean(rated)),
            )
    first = [d.tension for d in blocks[0] if d.tension is not None]
    last = [d.tension for d in blocks[-1] if d.tension is not None]
    met = sum(d.completed >= target for d in flat)
    if first and last and 2 * met >= len(flat):
        early, late = _mean(first), _mean(last)
        if late >= early and late >= MODERATE:
            note(Rule.NOT_LOWER, met=met, days=len(flat), first=decimal(early), last=decimal(late))
    flags = sum(d.red_flags > 0 for d in flat)
    if flags:
        note(Rule.RED_FLAG, flags=flags, days=len(flat))
    return tuple(found)


def has_data(days: dict[date, CareDay], day: date) -> bool:
    """Whether `day` has a check-in or a red-flag answer: a note only comes on such a day,
    right after what it is about."""
    found = days.get(day)
    return found is not None and (found.tension is not None or found.red_flags > 0)


def nudge_due(
    days: dict[date, CareDay],
    today: date,
    weeks: int,
    threshold: int,
    target: int,
    next_day: date | None,
) -> tuple[Observation, ...]:
    """The observations to show now (none: no note): only on a day with data, and not
    before `next_day` (the snooze). The caller sets the snooze when it shows them."""
    if not has_data(days, today) or (next_day is not None and today < next_day):
        return ()
    return observe(days, today, weeks, threshold, target)


def snoozed_until(today: date) -> date:
    return today + timedelta(days=SNOOZE_DAYS)


def parse_next(text: str | None) -> date | None:
    """The stored snooze; one that cannot be read counts as none (a note may show)."""
    if not text or len(text) > 20:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
