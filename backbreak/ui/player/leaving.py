"""Ways out of a playing routine that are not immediate: a held break's wait, and the
question a heat or cold timer's Stop asks. Kept apart from the window, which only asks
"may I leave now?" and "ask before stopping this timer"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from backbreak.core.clock import Clock
from backbreak.core.i18n import _
from backbreak.core.strictness import NOT_HELD, BreakMode
from backbreak.ui.player.step_page import StepPage


class Hold:
    """The break mode of the playing routine, timed on the monotonic clock: setting the
    wall clock back must never make a held break hold longer."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self.mode = NOT_HELD
        self._since = clock.monotonic()

    def begin(self) -> None:
        """The routine's first step starts now: the wait counts from here."""
        self._since = self._clock.monotonic()

    def held_for(self) -> timedelta:
        return timedelta(seconds=self._clock.monotonic() - self._since)

    def may_leave(self, playing: bool) -> bool:
        return not playing or self.mode.may_leave(self.held_for())

    def show_on(self, page: StepPage, playing: bool) -> None:
        """Stop and Next as the mode allows them now, with the wait or the emergency exit."""
        held = not self.may_leave(playing)
        wait = self.mode.wait_left(self.held_for()) if held else None
        page.hold(held, wait, self.mode.has_escape and playing)

    def reset(self, mode: BreakMode = NOT_HELD) -> None:
        self.mode = mode


class StopQuestion:
    """Asks before a heat or cold timer stops (a pack is on the skin, and the timer says
    when to take it off). At most one question is open; it answers only for the session
    it was asked about."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self.box: QMessageBox | None = None

    def ask(self, title: str, stop: Callable[[], None]) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Stop the timer?"),
            _(
                "Stop {title} now? It is logged as stopped early. Take the pack off and check "
                "your skin."
            ).format(title=title),
            parent=self._parent,
        )
        yes = box.addButton(_("Stop the timer"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("Keep going"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: stop() if button is yes else None)
        self.drop()
        self.box = box
        box.open()

    def drop(self) -> None:
        """Close the question, if one is open (the timer ran out, or the session ended)."""
        box, self.box = self.box, None
        if box is not None and shiboken6.isValid(box):
            box.close()
