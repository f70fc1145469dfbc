"""The tension check-in, before and after a routine: 0 (none) to 10 (very).

One click (or a digit key, which the window forwards) answers; Skip is one click too, so
the question never stands between the user and the break.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from backbreak.ui.widgets import scaled_font

BEFORE = "Before you start: how tense or sore are your neck and back right now?"
AFTER = "And now? How tense or sore are your neck and back?"


class CheckinPage(QWidget):
    """The same scale asks both questions; the window knows which one is on screen."""

    answered = Signal(object)
    """The value chosen (int 0-10), or None for Skip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = QLabel()
        self.question.setFont(scaled_font(self, 1.3, bold=True))
        self.question.setWordWrap(True)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scale = QHBoxLayout()
        scale.setSpacing(4)
        self.buttons: list[QPushButton] = []
        for value in range(11):
            button = QPushButton(str(value))
            button.setFixedWidth(38)
            button.setAccessibleName(f"{value} out of 10")
            button.clicked.connect(lambda _=False, v=value: self.answered.emit(v))
            scale.addWidget(button)
            self.buttons.append(button)
        ends = QHBoxLayout()
        ends.addWidget(QLabel("0 = not at all"))
        ends.addStretch(1)
        ends.addWidget(QLabel("10 = very"))
        self.skip_button = QPushButton("Skip")
        self.skip_button.setAccessibleName("Skip the check-in")
        self.skip_button.clicked.connect(lambda: self.answered.emit(None))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.question)
        layout.addSpacing(16)
        layout.addLayout(scale)
        layout.addLayout(ends)
        layout.addSpacing(16)
        layout.addWidget(self.skip_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def ask(self, after: bool) -> None:
        self.question.setText(AFTER if after else BEFORE)
