"""Which routines the reminders rotate through."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from backbreak.core.model import Category, Routine

REMINDER_CATEGORIES = (Category.STRETCH, Category.POSTURE, Category.EXERCISE)


def reminder_pool(
    routines: Iterable[Routine], wanted: Sequence[str], category: str = ""
) -> list[Routine]:
    """The routines named in the settings (in that order), else those of the chosen category,
    else every stretch, posture and exercise routine, else anything there is."""
    by_id = {r.id: r for r in routines}
    pool = [by_id[rid] for rid in wanted if rid in by_id]
    if pool:
        return pool
    if category:
        pool = [r for r in by_id.values() if r.category.value == category]
        if pool:
            return pool
    return [r for r in by_id.values() if r.category in REMINDER_CATEGORIES] or list(by_id.values())
