"""Routine ids the settings name that no routine has: warnings, said where settings are
read (the app, `backbreak config`), since the rest still works."""

from __future__ import annotations

from collections.abc import Iterable

from backbreak.core.i18n import ngettext
from backbreak.core.settings import (
    FIXED,
    MICRO_ON,
    MICRO_ROUTINES,
    STRETCH_ROUTINES,
    Problem,
    Settings,
)


def reference_problems(settings: Settings, routine_ids: Iterable[str]) -> list[Problem]:
    """Routine ids the settings name that no routine has (a typo, a routine deleted or
    skipped): warnings, since the rest still works, but said, or reminders quietly fall
    back to other routines and a fixed reminder never plays the one that was asked for."""
    known = frozenset(routine_ids)
    problems = []
    # Micro checks that are off play nothing: their list matters once they are turned on.
    for option in (STRETCH_ROUTINES, MICRO_ROUTINES) if settings[MICRO_ON] else (STRETCH_ROUTINES,):
        unknown = [rid for rid in settings[option] if rid not in known]
        if unknown:
            problems.append(Problem(option.key, _unknown_ids(unknown), "warning"))
    for reminder in settings[FIXED]:
        if reminder.routine_id not in known:
            problems.append(
                Problem(
                    f"{FIXED.key}.{reminder.name}", _unknown_ids([reminder.routine_id]), "warning"
                )
            )
    return problems


def _unknown_ids(ids: list[str]) -> str:
    names = ", ".join(f'"{rid}"' for rid in ids)
    # TRANSLATORS: English says "the id" for one or more; {ids} are quoted routine ids.
    return ngettext(
        "no routine has the id {ids}; `backbreak routines list` shows the ids "
        "(a routine file with problems is skipped: `backbreak routines validate`)",
        "no routine has the id {ids}; `backbreak routines list` shows the ids "
        "(a routine file with problems is skipped: `backbreak routines validate`)",
        len(ids),
    ).format(ids=names)
