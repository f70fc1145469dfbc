"""The stronger break, for those who ask for it: full screen, and how hard it is to skip.

Off by default. Peers show both sides of this in their trackers: strict modes "too easy to
bypass" and "too rigid". So there are three levels, chosen by the user, and even the
strictest keeps an emergency exit that is always there and always logged: nobody is ever
locked out of their computer by a break app.

What may be done when is decided here, from the time a break has been on screen, so the
prompt, the player and the tests ask one function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from backbreak.core.i18n import N_
from backbreak.core.option_kinds import bool_option, choice_option, duration_option


class Strictness(StrEnum):
    SKIPPABLE = "skippable"
    DELAYED = "delayed"
    """Skip, snooze and close come after `skip_after` on screen."""
    STRICT = "strict"
    """No skip, snooze or close: the routine, or the logged emergency exit."""


FULL_SCREEN = bool_option(
    "break_screen.full_screen",  # not translated: the setting's key
    False,
    N_(
        "Show a due break over every screen, with the routine in the middle of the main one, "
        "instead of the small window. Routines you start yourself stay in their window."
    ),
    N_("Full-screen breaks"),
)
STRICTNESS = choice_option(
    "break_screen.strictness",  # not translated: the setting's key
    "skippable",
    tuple(level.value for level in Strictness),
    N_(
        "How firmly a due break holds you: skip it any time; skip it only after a short wait; "
        "or no skipping (an emergency exit stays, and is logged)."
    ),
    N_("Skipping a break"),
    (N_("Any time"), N_("After a short wait"), N_("Not at all (emergency exit only)")),
)
SKIP_AFTER = duration_option(
    "break_screen.skip_after",  # not translated: the setting's key
    "15s",
    "1s",
    "5m",
    N_('With "after a short wait": how long a break stays before Skip, Snooze and Stop work.'),
    N_("Skip allowed after"),
)
OPTIONS = (FULL_SCREEN, STRICTNESS, SKIP_AFTER)


@dataclass(frozen=True, slots=True)
class BreakMode:
    """How a due break is shown and held (the routines a user starts are never held)."""

    full_screen: bool = False
    strictness: Strictness = Strictness.SKIPPABLE
    skip_after: timedelta = timedelta(seconds=15)

    @property
    def holds(self) -> bool:
        """Whether leaving is ever refused (the prompt and the player then watch the time)."""
        return self.strictness is not Strictness.SKIPPABLE

    @property
    def has_escape(self) -> bool:
        """The strictest level offers an emergency exit in place of Skip and Stop."""
        return self.strictness is Strictness.STRICT

    def may_leave(self, on_screen: timedelta) -> bool:
        """Whether Skip, Snooze, Stop, Esc and the close button work after `on_screen`."""
        if self.strictness is Strictness.SKIPPABLE:
            return True
        if self.strictness is Strictness.DELAYED:
            return max(timedelta(0), on_screen) >= self.skip_after
        return False

    def wait_left(self, on_screen: timedelta) -> timedelta | None:
        """How long until leaving works (None: it works now, or never will)."""
        on_screen = max(timedelta(0), on_screen)  # (measure it on a monotonic clock)
        if self.strictness is not Strictness.DELAYED or on_screen >= self.skip_after:
            return None
        return self.skip_after - on_screen


NOT_HELD = BreakMode()
