"""The last page of a completed routine: how long it took and whether the log has it."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from backbreak.core.model import format_duration
from backbreak.ui.widgets import scaled_font


class FinishPage(QWidget):
    """Says "done" truthfully: the window passes on why the session could not be saved."""

    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.done_label = QLabel()
        self.done_label.setFont(scaled_font(self, 1.6, bold=True))
        self.done_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_label.setWordWrap(True)
        self.note_label = QLabel()
        self.note_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note_label.setWordWrap(True)
        self.close_button = QPushButton("Close")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.close_requested.emit)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.done_label)
        layout.addWidget(self.note_label)
        layout.addSpacing(20)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def show_result(self, title: str, elapsed: timedelta, history_problem: str | None) -> None:
        self.done_label.setText(
            f"Done: {format_duration(elapsed.total_seconds())}, {title.lower()}"
        )
        self.note_label.setText(
            "Nicely done. It is in your history."
            if history_problem is None
            else f"Nicely done. It could not be saved to your history: {history_problem}."
        )
