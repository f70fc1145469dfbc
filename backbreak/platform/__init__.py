"""OS seams. Each adapter answers `availability()`: available, or "not here, because …"."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Availability:
    available: bool
    reason: str = ""

    @classmethod
    def yes(cls, how: str = "") -> Availability:
        return cls(True, how)

    @classmethod
    def no(cls, because: str) -> Availability:
        return cls(False, because)

    def __str__(self) -> str:
        return (
            ("available" + (f" ({self.reason})" if self.reason else ""))
            if self.available
            else f"not here, because {self.reason}"
        )
