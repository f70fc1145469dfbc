"""OS seams. Each adapter answers `availability()`: available, or "not here, because …"."""

from __future__ import annotations

from dataclasses import dataclass

from backbreak.core.i18n import _


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
        if not self.available:
            return _("not here, because {reason}").format(reason=self.reason)
        if self.reason:
            return _("available ({how})").format(how=self.reason)
        return _("available")
