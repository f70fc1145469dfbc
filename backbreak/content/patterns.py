"""The paced parts of a routine file: its `[breathing]` pattern and its `[thermal]` phases,
read by the same checker as the rest of the file (every problem names its field)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backbreak.content.checks import PROSE, Checker
from backbreak.core.i18n import _
from backbreak.core.model import BreathingPattern, ThermalKind, ThermalPhase, ThermalPlan

BREATHING_KEYS = ("inhale", "hold_in", "exhale", "hold_out", "cycles")
THERMAL_KEYS = ("repeats", "phases")
PHASE_KEYS = ("kind", "minutes", "instruction")
PHASES = "thermal.phases"  # not translated: the routine file's key path


def parse_breathing(c: Checker, data: Mapping[str, Any]) -> BreathingPattern | None:
    """The `[breathing]` table: seconds per phase of one breath, and how many breaths."""
    raw = c.get(data, "breathing", dict, "", required=False)
    if raw is None:
        return None
    c.keys(raw, BREATHING_KEYS, "breathing.")
    inhale = c.integer(raw, "inhale", "breathing.", 1, 20)
    exhale = c.integer(raw, "exhale", "breathing.", 1, 30)
    hold_in = c.integer(raw, "hold_in", "breathing.", 0, 30, required=False) or 0
    hold_out = c.integer(raw, "hold_out", "breathing.", 0, 30, required=False) or 0
    cycles = c.integer(raw, "cycles", "breathing.", 1, 100)
    if inhale is None or exhale is None or cycles is None:
        return None
    return BreathingPattern(inhale, exhale, hold_in, hold_out, cycles)


def parse_thermal(c: Checker, data: Mapping[str, Any]) -> ThermalPlan | None:
    """The `[thermal]` table: heat, cold and rest phases, each no longer than one
    application should last."""
    raw = c.get(data, "thermal", dict, "", required=False)
    if raw is None:
        return None
    c.keys(raw, THERMAL_KEYS, "thermal.")
    repeats = c.integer(raw, "repeats", "thermal.", 1, 5, required=False) or 1
    phases: list[ThermalPhase] = []
    raw_phases = c.get(raw, "phases", list, "thermal.", default=[])
    if not raw_phases and "phases" in raw:
        c.add(PHASES, _("needs at least one phase ([[thermal.phases]])"))
    for i, phase in enumerate(raw_phases):
        where = f"{PHASES}[{i + 1}]."
        if not isinstance(phase, dict):
            c.add(where[:-1], _("must be a table ([[thermal.phases]])"))
            continue
        c.keys(phase, PHASE_KEYS, where)
        kind = c.choice(phase, "kind", where, ThermalKind, [k.value for k in ThermalKind])
        # Heat or cold: 15 to 20 minutes at most per application (CONTENT.md).
        longest = 60 if kind is ThermalKind.REST else 20
        minutes = c.integer(phase, "minutes", where, 1, longest)
        instruction = c.text(phase, "instruction", where, 400, required=False, allow=PROSE) or ""
        if kind is not None and minutes is not None:
            phases.append(ThermalPhase(kind, minutes, instruction))
    return ThermalPlan(tuple(phases), repeats) if phases else None
