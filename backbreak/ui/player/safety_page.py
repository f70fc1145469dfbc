"""The heat and cold safety checklist, confirmed before a thermal routine starts (CONTENT.md).

A page of the player rather than a modal box: a modal `exec()` nests an event loop inside
the app, and its close button was one more way out that nobody was told about. Here
every way out goes through the window, which turns it into "cancelled".
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backbreak.core.i18n import N_, _, mid_sentence
from backbreak.core.model import Routine
from backbreak.ui.widgets import scaled_font

INTRO = N_("Check before you start:")


class SafetyPage(QWidget):
    """The routine's checklist as plain, wrapped text, and two ways on: start or cancel."""

    confirmed = Signal()
    """"All checked, start"."""
    cancelled = Signal()
    """"Cancel"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setFont(scaled_font(self, 1.5, bold=True))
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.intro = QLabel(_(INTRO))
        self.intro.setFont(scaled_font(self, 1.1, bold=True))
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(12)
        self._grid.setColumnStretch(1, 1)
        self.items: list[QLabel] = []
        self.start_button = QPushButton(_("All checked, start"))
        self.start_button.setAccessibleName(_("All checked: start the routine"))
        self.start_button.setDefault(True)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel: do not start"))
        # Outside a dialog Return presses a focused button only when it is auto-default:
        # without this, Return on a focused Cancel would reach the window and start.
        for button in (self.start_button, self.cancel_button):
            button.setAutoDefault(True)
            button.setMinimumWidth(110)
        box = QDialogButtonBox()  # the platform's order for "go" and "cancel"
        box.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.confirmed.emit)
        box.rejected.connect(self.cancelled.emit)
        # The list and its buttons together, a little above the middle: no empty half
        # window between what to check and the button that says it was checked.
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.heading)
        layout.addSpacing(12)
        layout.addWidget(self.intro)
        layout.addSpacing(4)
        layout.addLayout(self._grid)
        layout.addSpacing(24)
        layout.addWidget(box)
        layout.addStretch(2)

    def show_for(self, routine: Routine) -> None:
        """Show this routine's checklist; the text is plain (user routines may hold '<')."""
        self.heading.setText(_("Before {routine}").format(routine=mid_sentence(routine.title)))
        self.items = []
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for row, text in enumerate(routine.precautions):
            bullet = QLabel("•")
            bullet.setFont(scaled_font(self, 1.1, bold=True))
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setFont(scaled_font(self, 1.05))
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._grid.addWidget(bullet, row, 0, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(label, row, 1)
            self.items.append(label)
        self._reserve_text_height()

    def _reserve_text_height(self) -> None:
        """QStackedWidget does not pass on height-for-width: give each wrapped item the
        height it needs at the current width, so none is cut off."""
        width = max(320, self.width() - 40)
        for label in self.items:
            label.setMinimumHeight(max(0, label.heightForWidth(width)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._reserve_text_height()
