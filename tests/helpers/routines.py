"""Small routines for tests: a stretch, a micro check, a heat/cold timer."""

from __future__ import annotations

from dataclasses import replace

from backbreak.core.model import (
    Category,
    Difficulty,
    Guidance,
    Routine,
    Side,
    Source,
    Step,
    ThermalKind,
    ThermalPhase,
    ThermalPlan,
)

SOURCE = (Source("000_1b5c86ec2cb6c9dd.txt", "take short breaks to stretch"),)


def make_routine(rid: str = "neck-release", category: Category = Category.STRETCH) -> Routine:
    steps = (
        Step("Side tilt", "Tilt your ear towards your shoulder.", 20, Side.BOTH),
        Step("Chin tuck", "Draw your chin straight back.", 15, reps=5),
    )
    return Routine(
        rid,
        2,
        rid.replace("-", " ").capitalize(),
        category,
        "Loosen a stiff neck.",
        55,
        Difficulty.GENTLE,
        Guidance.STRETCH,
        steps,
        SOURCE,
    )


def make_micro(rid: str = "posture-reset") -> Routine:
    step = Step("Sit tall", "Roll your shoulders back and sit tall.", 20)
    return replace(
        make_routine(rid, Category.POSTURE), steps=(step,), duration_seconds=20, title="Posture"
    )


def make_thermal(rid: str = "contrast", minutes: tuple[int, int] = (1, 1)) -> Routine:
    plan = ThermalPlan(
        (ThermalPhase(ThermalKind.HEAT, minutes[0]), ThermalPhase(ThermalKind.COLD, minutes[1]))
    )
    return replace(
        make_routine(rid, Category.THERMAL),
        steps=(),
        guidance=Guidance.THERMAL,
        thermal=plan,
        duration_seconds=plan.total_seconds,
        precautions=("A cloth between skin and pack",),
        title="Contrast therapy",
    )


def library_of(*routines: Routine):  # -> backbreak.content.loader.Library
    from backbreak.content.loader import Library

    lib = Library()
    for routine in routines:
        lib.routines[routine.id] = routine
    return lib


STANDARD = (make_routine(), make_routine("upper-back-reset"), make_micro(), make_thermal())
