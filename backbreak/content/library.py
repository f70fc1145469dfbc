"""The routines in effect: what the app, the CLI and the window process all read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backbreak.content.checks import Problem
from backbreak.core.model import Routine


@dataclass
class Library:
    """The routines in effect, in a stable order, plus what was skipped and why."""

    routines: dict[str, Routine] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    english: dict[str, Routine] = field(default_factory=dict)  # as their files say them
    folders: list[Path] = field(default_factory=list)  # where translation catalogs are
    language: str = "en"
    missing: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id → English fields
    translation_problems: list[Problem] = field(default_factory=list)

    def use_language(self, language: str) -> None:
        """Every routine in `language` where its catalogs translate it (string by string,
        English elsewhere), in place: the tray, the windows and the engine share this."""
        from backbreak.content.translations import load_catalogs, translate

        self.language, self.missing, self.translation_problems = language, {}, []
        if language == "en":
            self.routines.update(self.english)
            return
        catalog = load_catalogs(self.folders, language)
        self.translation_problems = catalog.problems
        for routine_id, routine in self.english.items():
            outcome = translate(routine, catalog)
            self.routines[routine_id] = outcome.routine
            if outcome.missing:
                self.missing[routine_id] = outcome.missing

    def get(self, routine_id: str) -> Routine | None:
        return self.routines.get(routine_id)

    def __iter__(self) -> Any:
        return iter(self.routines.values())

    def __len__(self) -> int:
        return len(self.routines)
