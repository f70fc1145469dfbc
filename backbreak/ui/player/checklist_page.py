"""Routines that are a list of things to check (posture, desk set-up, `Guidance.CHECKLIST`).

No countdown: each tick is a finished step, and the last tick (or Done) completes the
routine. The window turns the page's signals into session events.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QVBoxLayout, QWidget

from backbreak.core.i18n import _
from backbreak.core.model import Routine
from backbreak.ui.widgets import scaled_font

DETAIL_WIDTH = 460  # the text width at the player's minimum size


class ChecklistPage(QWidget):
    """One check box per played step, its instruction below it."""

    ticked = Signal()
    """One more item was ticked (each counts once)."""
    done = Signal()
    """The user confirmed the whole list as done."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setFont(scaled_font(self, 1.4, bold=True))
        self.title.setWordWrap(True)
        hint = QLabel(_("Tick each one as you check it."))
        self._items = QVBoxLayout()
        self._items.setSpacing(10)
        self.done_button = QPushButton(_("Done"))
        self.done_button.setDefault(True)
        self.done_button.setAccessibleName(_("All checked: done"))
        self.done_button.clicked.connect(self.done.emit)
        self.checks: list[QCheckBox] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(hint)
        layout.addSpacing(8)
        layout.addLayout(self._items)
        layout.addStretch(1)
        layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignRight)

    def fill(self, routine: Routine) -> None:
        """Replace the items with this routine's, all unticked."""
        while self._items.count():
            item = self._items.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.checks = []
        self.title.setText(routine.title)
        for step in routine.played_steps:
            box = QCheckBox(step.title)
            box.setFont(scaled_font(self, 1.05, bold=True))
            box.setAccessibleName(step.title)
            box.setAccessibleDescription(step.instruction)
            box.toggled.connect(self._toggled)
            detail = QLabel(step.instruction)
            detail.setWordWrap(True)
            detail.setContentsMargins(26, 0, 0, 6)
            # The stacked widget passes on no height-for-width: reserve the wrapped height.
            detail.setMinimumHeight(max(0, detail.heightForWidth(DETAIL_WIDTH)))
            self._items.addWidget(box)
            self._items.addWidget(detail)
            self.checks.append(box)

    def _toggled(self, checked: bool) -> None:
        box = self.sender()
        if not isinstance(box, QCheckBox):
            return
        if not checked:  # a tick counts once, and stays: readable, not greyed out
            box.blockSignals(True)
            box.setChecked(True)
            box.blockSignals(False)
            return
        self.ticked.emit()
