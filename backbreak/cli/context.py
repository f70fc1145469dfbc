"""What every command works with: the profile's paths, a clock and the streams.

`main` builds one from the environment; a test hands in its own (a temporary profile, a
fixed clock, StringIO streams) and runs any command in-process, at any date it likes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from backbreak.core.clock import Clock
    from backbreak.storage.paths import AppPaths


@dataclass(frozen=True, slots=True)
class Context:
    paths: AppPaths
    clock: Clock
    out: TextIO
    err: TextIO
    answers: TextIO
    """Where a typed confirmation comes from (standard input)."""

    @classmethod
    def from_environment(cls) -> Context:
        from backbreak.core.clock import SystemClock
        from backbreak.storage.paths import AppPaths

        return cls(AppPaths.from_environment(), SystemClock(), sys.stdout, sys.stderr, sys.stdin)

    def now(self) -> datetime:
        """The clock's time, in the computer's local zone."""
        return self.clock.now().astimezone()

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def fail(self, message: str) -> None:
        """One line on the error stream, prefixed the way every backbreak error is."""
        print(f"backbreak: {message}", file=self.err)

    def ask(self, question: str, word: str) -> bool:
        """Whether the user typed `word` after `question` (nothing typed is a no)."""
        from backbreak.core.i18n import _

        told = _("Type {word} to go on:").format(word=word)
        print(question, told, end=" ", file=self.out, flush=True)
        return self.answers.readline().strip().lower() == word
