"""The player's pages, one on screen at a time, in a scroll area: on a short screen (a
1366×768 laptop at 125 % or 150 %) the page scrolls instead of being cut off."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QStackedWidget, QWidget

from backbreak.ui.player.checkin_page import CheckinPage
from backbreak.ui.player.checklist_page import ChecklistPage
from backbreak.ui.player.finish_page import FinishPage
from backbreak.ui.player.red_flag_page import RedFlagPage
from backbreak.ui.player.safety_page import SafetyPage
from backbreak.ui.player.step_page import StepPage


class Page(StrEnum):
    """What the player shows; tests and the app name pages, never stack indices."""

    SAFETY = "safety"
    CHECKIN_BEFORE = "checkin_before"
    STEPS = "steps"
    CHECKLIST = "checklist"
    CHECKIN_AFTER = "checkin_after"
    FINISH = "finish"
    RED_FLAG = "red_flag"


class PageStack(QScrollArea):
    """Every page made once; `show_page` puts one on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageScroll")
        self.safety_page = SafetyPage()
        self.checkin_page = CheckinPage()
        self.step_page = StepPage()
        self.checklist_page = ChecklistPage()
        self.finish_page = FinishPage()
        self.red_flag_page = RedFlagPage()
        self._widgets: dict[Page, QWidget] = {
            Page.SAFETY: self.safety_page,
            Page.CHECKIN_BEFORE: self.checkin_page,
            Page.STEPS: self.step_page,
            Page.CHECKLIST: self.checklist_page,
            Page.CHECKIN_AFTER: self.checkin_page,
            Page.FINISH: self.finish_page,
            Page.RED_FLAG: self.red_flag_page,
        }
        self._stack = QStackedWidget()
        for widget in dict.fromkeys(self._widgets.values()):
            self._stack.addWidget(widget)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(self._stack)

    def show_page(self, page: Page) -> None:
        """Only the page on screen counts for the size: a short page never scrolls because
        another page is tall."""
        shown = self._widgets[page]
        for widget in dict.fromkeys(self._widgets.values()):
            policy = QSizePolicy.Policy.Preferred if widget is shown else QSizePolicy.Policy.Ignored
            widget.setSizePolicy(policy, policy)
        self._stack.setCurrentWidget(shown)
        self._stack.adjustSize()
