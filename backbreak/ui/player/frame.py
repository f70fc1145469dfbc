"""The player's window without the session: its pages, its size and place on the screen,
and the names the app and the tests reach its widgets by. What the session does on each
page, and how every way out ends, is ui/player/window.py."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QHideEvent, QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from backbreak.core.i18n import _
from backbreak.ui.placement import FRAME, open_centred, remember_size, screen_area
from backbreak.ui.player.pages import Page, PageStack
from backbreak.ui.widgets import BreathingPacer

DEFAULT_SIZE = QSize(560, 720)  # where the screen has room
MINIMUM_SIZE = QSize(530, 600)  # the pages' own size; a shorter screen scrolls them
COMPACT_BELOW = 600  # window height under which pictures shrink


class PlayerFrame(QWidget):
    """A top-level window holding the page stack, shown at the page asked for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._page = Page.STEPS
        self.size_file: Path | None = None
        """Where the window's size is remembered between sessions."""
        self.setObjectName("routinePlayer")
        self.setWindowTitle(_("Break"))  # Qt appends " — backbreak"

        # The pages fit in 530×600 (the longest routine's text included): a 1366×768 laptop
        # with a panel shows them whole. On a shorter screen (the same laptop at 125 % or
        # 150 %) the window shrinks to it and the page scrolls: nothing is ever cut off.
        self.pages = PageStack()
        self.safety_page = self.pages.safety_page
        self.checkin_page = self.pages.checkin_page
        self.step_page = self.pages.step_page
        self.checklist_page = self.pages.checklist_page
        self.finish_page = self.pages.finish_page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.pages)
        self.setMinimumSize(MINIMUM_SIZE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        # The widgets the app and older tests reach for, under their old names.
        self.pacer: BreathingPacer = self.step_page.pacer
        self.back_button = self.step_page.back_button
        self.pause_button = self.step_page.pause_button
        self.next_button = self.step_page.next_button
        self.stop_button = self.step_page.stop_button
        self.safety_button = self.step_page.safety_button
        self.checkin_buttons = self.checkin_page.buttons
        self.checkin_skip = self.checkin_page.skip_button
        self.checklist_done = self.checklist_page.done_button
        self.close_button = self.finish_page.close_button

    @property
    def page(self) -> Page:
        return self._page

    def _present(self, page: Page, title: str) -> None:
        """Show `page`, the window opened (centred, at its remembered size) and focused."""
        self._page = page
        self.pages.show_page(page)
        self.setWindowTitle(title)
        if not self.isVisible():
            area = screen_area(self)
            if area is not None:  # never larger than the screen: the page scrolls instead
                self.setMinimumSize(MINIMUM_SIZE.boundedTo(area.size() - FRAME))
            open_centred(self, self.size_file, DEFAULT_SIZE)
        self.show()
        self.raise_()
        self.activateWindow()
        if page is Page.SAFETY:
            self.safety_page.start_button.setFocus()  # Return starts, Tab reaches Cancel
        else:
            self.setFocus()  # Space, arrows and digits reach keyPressEvent

    def _switch(self, page: Page, title: str) -> None:
        """Change the page without showing the window: a heat timer may end while hidden."""
        self._page = page
        self.pages.show_page(page)
        self.setWindowTitle(title)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        self.step_page.set_compact(self.height() < COMPACT_BELOW)
        super().resizeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        remember_size(self, self.size_file)
        super().hideEvent(event)
