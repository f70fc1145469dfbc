"""The routine model: what a break contains, as frozen data the loader builds from TOML."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import StrEnum

from backbreak.core.i18n import N_, _, keep_english


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
    title: str = ""
    """The document's title as it gives it: what people read ("file" is the reference)."""

    @property
    def cited(self) -> str:
        return self.title or self.file


class Phase(StrEnum):
    """What a played step is, decided where the step is made (a written step, one part of a
    breath, a heat/cold phase), so no player or cue has to guess it from the title."""

    MOVE = "move"
    """A written step: a stretch, a position to hold, an item to check."""
    BREATHE_IN = "breathe in"  # not translated: an identifier (BREATH_TITLES is the words)
    HOLD_IN = "hold in"  # not translated: an identifier
    """The hold after an in-breath (the lungs stay full)."""
    BREATHE_OUT = "breathe out"  # not translated: an identifier
    HOLD_OUT = "hold out"  # not translated: an identifier
    HEAT = "heat"
    COLD = "cold"
    REST = "rest"

    @property
    def is_breath(self) -> bool:
        return self in (Phase.BREATHE_IN, Phase.HOLD_IN, Phase.BREATHE_OUT, Phase.HOLD_OUT)


#: How each part of a breath reads on screen and is spoken.
BREATH_TITLES = {
    Phase.BREATHE_IN: N_("Breathe in"),
    Phase.HOLD_IN: N_("Hold"),
    Phase.BREATHE_OUT: N_("Breathe out"),
    Phase.HOLD_OUT: N_("Hold"),
}


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
    phase: Phase = Phase.MOVE
    sides: tuple[str, str] = ("left", "right")  # {side}/{other} in its words; translated

    @property
    def duration(self) -> timedelta:
        return timedelta(seconds=self.seconds)


@dataclass(frozen=True, slots=True)
class BreathingPattern:
    """One breath as data (seconds per phase) and how many: the player paces any pattern."""

    inhale: int
    exhale: int
    hold_in: int = 0
    hold_out: int = 0
    cycles: int = 1

    @property
    def cycle_seconds(self) -> int:
        return self.inhale + self.hold_in + self.exhale + self.hold_out

    @property
    def total_seconds(self) -> int:
        return self.cycle_seconds * self.cycles

    def phases(self) -> tuple[tuple[Phase, int], ...]:
        """(phase, seconds) for one breath, without empty holds."""
        parts = (
            (Phase.BREATHE_IN, self.inhale),
            (Phase.HOLD_IN, self.hold_in),
            (Phase.BREATHE_OUT, self.exhale),
            (Phase.HOLD_OUT, self.hold_out),
        )
        return tuple((phase, secs) for phase, secs in parts if secs > 0)


class ThermalKind(StrEnum):
    HEAT = "heat"
    COLD = "cold"
    REST = "rest"


@dataclass(frozen=True, slots=True)
class ThermalPhase:
    kind: ThermalKind
    minutes: int
    instruction: str = ""


@dataclass(frozen=True, slots=True)
class ThermalPlan:
    """Heat, cold and rest phases in order, repeated; the checklist is confirmed first."""

    phases: tuple[ThermalPhase, ...]
    repeats: int = 1

    @property
    def total_seconds(self) -> int:
        return sum(p.minutes for p in self.phases) * 60 * self.repeats


THERMAL_TEXT = {
    ThermalKind.HEAT: (
        N_("Heat on"),
        N_(
            "Put the warm pack, wrapped in a cloth, on the sore area. Check your skin now and then."
        ),
    ),
    ThermalKind.COLD: (
        N_("Cold on"),
        N_(
            "Put the cold pack, wrapped in a cloth, on the sore area. Check your skin now and then."
        ),
    ),
    ThermalKind.REST: (N_("Pack off"), N_("Take the pack off and let your skin rest.")),
}


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
    breathing: BreathingPattern | None = None
    thermal: ThermalPlan | None = None
    precautions: tuple[str, ...] = ()
    """Things to confirm before starting: the heat/cold safety checklist (`checklist = […]`
    in the routine file). Not to be confused with `Guidance.CHECKLIST`, a routine that *is*
    a list of things to check."""

    @property
    def duration(self) -> timedelta:
        return timedelta(seconds=self.duration_seconds)

    @property
    def played_steps(self) -> tuple[Step, ...]:
        """The steps as the player shows them: a "both" step becomes left, then right; then
        whatever the routine's kind of guidance adds (breaths, heat and cold phases)."""
        out: list[Step] = []
        for step in self.steps:
            if step.side is Side.BOTH:
                out += [sided(step, side) for side in (Side.LEFT, Side.RIGHT)]
            else:
                out.append(sided(step, step.side))
        if self.breathing is not None:
            out += breathing_steps(self.breathing)
        if self.thermal is not None:
            out += thermal_steps(self.thermal)
        return tuple(out)


def sided(step: Step, side: Side) -> Step:
    """The step for one side, its words naming it: "your {side} ear towards your {side}
    shoulder" reads "your left ear towards your left shoulder", never just "Left side"."""
    if side not in (Side.LEFT, Side.RIGHT):
        return step
    left, right = step.sides
    this, other = (left, right) if side is Side.LEFT else (right, left)

    def said(text: str) -> str:
        return text.replace("{side}", this).replace("{other}", other)

    cue = said(step.cue) if step.cue else step.cue
    return replace(step, side=side, instruction=said(step.instruction), cue=cue)


def breathing_steps(pattern: BreathingPattern) -> list[Step]:
    """Each phase of each breath as a timed step, so any player can pace the pattern."""
    steps = []
    for cycle in range(1, pattern.cycles + 1):
        for phase, seconds in pattern.phases():
            title = _(BREATH_TITLES[phase])
            cue = _("Breath {cycle} of {cycles}").format(cycle=cycle, cycles=pattern.cycles)
            steps.append(Step(title, cue, seconds, cue=title, phase=phase))
    return steps


_THERMAL_PHASE = {
    ThermalKind.HEAT: Phase.HEAT,
    ThermalKind.COLD: Phase.COLD,
    ThermalKind.REST: Phase.REST,
}


def thermal_steps(plan: ThermalPlan) -> list[Step]:
    steps = []
    for round_ in range(1, plan.repeats + 1):
        for part in plan.phases:
            title, text = (_(words) for words in THERMAL_TEXT[part.kind])
            if plan.repeats > 1:
                title = _("{title} (round {round} of {rounds})").format(
                    title=title, round=round_, rounds=plan.repeats
                )
            steps.append(
                Step(
                    title,
                    part.instruction or text,
                    part.minutes * 60,
                    cue=title,
                    phase=_THERMAL_PHASE[part.kind],
                )
            )
    return steps


def format_duration(seconds: float, english: bool = False) -> str:
    """Short human duration in the current language: "45 s", "3 min", "1 h 5 min".
    `english`: for the log's details, which are data (exported, read back), not words on
    screen, and stay English whatever language is spoken."""
    say = keep_english if english else _
    total = round(seconds)
    if total < 60:
        return say(SECONDS).format(seconds=total)
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        if secs and minutes < 10:
            return say(MINUTES_SECONDS).format(minutes=minutes, seconds=secs)
        return say(MINUTES).format(minutes=minutes + (1 if secs >= 30 else 0))
    hours, minutes = divmod(minutes, 60)
    if minutes:
        return say(HOURS_MINUTES).format(hours=hours, minutes=minutes)
    return say(HOURS).format(hours=hours)


SECONDS, MINUTES_SECONDS, MINUTES = (
    N_("{seconds} s"),
    N_("{minutes} min {seconds} s"),
    N_("{minutes} min"),
)
HOURS_MINUTES, HOURS = N_("{hours} h {minutes} min"), N_("{hours} h")
"""The durations' words, marked here and translated where used (or not: the log's)."""
