"""What each kind of routine means, in one table: the loader, the player, the shell and the
CLI ask it instead of each knowing the kinds.

A kind may own one table of the routine file ([breathing], [thermal]) that the player turns
into timed steps (`model.breathing_steps`, `model.thermal_steps`), each marked with its
`Phase`; it may require precautions confirmed before it starts; and it names the player page
that plays it. Adding a kind: a `Guidance` value, a row here, the parser of its table in
content/loader.py and, if it paces anything new, a `Phase`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from backbreak.core.i18n import N_
from backbreak.core.model import Guidance, Routine


class PlayPage(StrEnum):
    """The player page a routine plays on (the player maps each to a widget)."""

    STEPS = "steps"
    """One timed step after another: picture or breathing pacer, countdown, Next/Back."""
    CHECKLIST = "checklist"
    """All items at once, ticked off in any order."""


@dataclass(frozen=True, slots=True)
class Kind:
    guidance: Guidance
    table: str | None
    """The routine file's table only this kind may have, and must have."""
    steps_required: bool
    """Whether the file must list [[steps]] (a paced kind may have none)."""
    needs_precautions: bool
    """Never started before its safety checklist is confirmed (heat and cold)."""
    page: PlayPage
    description: str
    """One line for `routines new` and the README (N_-marked: `_(kind.description)`)."""


_ROWS = (
    Kind(
        Guidance.STRETCH,
        table=None,
        steps_required=True,
        needs_precautions=False,
        page=PlayPage.STEPS,
        description=N_("timed steps, with pictures"),
    ),
    Kind(
        Guidance.CHECKLIST,
        table=None,
        steps_required=True,
        needs_precautions=False,
        page=PlayPage.CHECKLIST,
        description=N_("things to check, ticked off in any order"),
    ),
    Kind(
        Guidance.BREATHING,
        table="breathing",
        steps_required=False,
        needs_precautions=False,
        page=PlayPage.STEPS,
        description=N_("a breathing pattern, paced by a growing and shrinking circle"),
    ),
    Kind(
        Guidance.THERMAL,
        table="thermal",
        steps_required=False,
        needs_precautions=True,
        page=PlayPage.STEPS,
        description=N_("heat and cold phases, timed, after a safety checklist"),
    ),
)
KINDS: dict[Guidance, Kind] = {k.guidance: k for k in _ROWS}
assert set(KINDS) == set(Guidance), (  # not translated: programmer error
    "every kind of guidance has its row"
)

#: The tables a kind may own, and which kind owns each.
OWNER = {k.table: k.guidance for k in KINDS.values() if k.table is not None}


def kind_of(routine: Routine) -> Kind:
    return KINDS[routine.guidance]


def needs_precautions(routine: Routine) -> bool:
    """Whether the player must show the safety checklist before the first step."""
    return kind_of(routine).needs_precautions or bool(routine.precautions)


def check_playable(routine: Routine) -> None:
    """ValueError for a routine the player cannot play (the loader never lets one through:
    a programmer's mistake)."""
    if not routine.played_steps:
        raise ValueError(  # not translated: programmer error
            f"routine {routine.id} has no steps"
        )
    if kind_of(routine).needs_precautions and not routine.precautions:
        raise ValueError(  # not translated: programmer error
            f"routine {routine.id} has no safety checklist to confirm first"
        )
