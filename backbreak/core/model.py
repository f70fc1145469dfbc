"""The routine model: what a break contains, as frozen data the loader builds from TOML."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum


class Category(StrEnum):
    POSTURE = "posture"
    STRETCH = "stretch"
    BREATHING = "breathing"
    THERMAL = "thermal"
    RELAXATION = "relaxation"
    EXERCISE = "exercise"


class Guidance(StrEnum):
    """How the player guides the routine."""

    STRETCH = "stretch"
    CHECKLIST = "checklist"
    BREATHING = "breathing"
    THERMAL = "thermal"


class Difficulty(StrEnum):
    GENTLE = "gentle"
    MODERATE = "moderate"


class Side(StrEnum):
    NONE = "none"
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


@dataclass(frozen=True, slots=True)
class Source:
    """A seed document that motivates a routine, with the words it says."""

    file: str
    quote: str


@dataclass(frozen=True, slots=True)
class Step:
    """One thing to do for a while. Played steps are never "both": see `played_steps`."""

    title: str
    instruction: str
    seconds: int
    side: Side = Side.NONE
    reps: int | None = None
    image: str | None = None
    cue: str | None = None

    @property
    def duration(self) -> timedelta:
        return timedelta(seconds=self.seconds)


@dataclass(frozen=True, slots=True)
class Routine:
    id: str
    version: int
    title: str
    category: Category
    summary: str
    duration_seconds: int
    difficulty: Difficulty
    guidance: Guidance
    steps: tuple[Step, ...]
    sources: tuple[Source, ...]
    tags: tuple[str, ...] = ()
    body_areas: tuple[str, ...] = ()
    safety: tuple[str, ...] = ()
    origin: str = "shipped"
    """"shipped" or "user": which folder the routine in effect came from."""
    path: str = ""
    overrides: str | None = field(default=None, compare=False)
    """Path of the shipped file a user routine replaces, if any."""

    @property
    def duration(self) -> timedelta:
        return timedelta(seconds=self.duration_seconds)

    @property
    def played_steps(self) -> tuple[Step, ...]:
        """The steps as the player shows them: a "both" step becomes left, then right."""
        out: list[Step] = []
        for step in self.steps:
            if step.side is Side.BOTH:
                for side in (Side.LEFT, Side.RIGHT):
                    out.append(
                        Step(step.title, step.instruction, step.seconds, side,
                             step.reps, step.image, step.cue)
                    )
            else:
                out.append(step)
        return tuple(out)


def format_duration(seconds: float) -> str:
    """Short human duration: "45 s", "3 min", "1 h 5 min"."""
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        if secs and minutes < 10:
            return f"{minutes} min {secs} s"
        return f"{minutes + (1 if secs >= 30 else 0)} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"
