"""The tension check-in, before and after a routine: 0 (none) to 10 (very).

One click (or a digit key, which the window forwards) answers; Skip is one click too, so
the question never stands between the user and the break. Below the scale, when on, the
optional red-flag question (core.care): its one button is the only way to answer yes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from backbreak.core.care import RED_FLAG_QUESTION
from backbreak.core.i18n import N_, _
from backbreak.ui.widgets import scaled_font

BEFORE = N_("Before you start: how tense or sore are your neck and back right now?")
AFTER = N_("And now? How tense or sore are your neck and back?")


class CheckinPage(QWidget):
    """The same scale asks both questions; the window knows which one is on screen."""

    answered = Signal(object)
    """The value chosen (int 0-10), or None for Skip."""
    red_flag = Signal()
    """Yes to the red-flag question."""

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
            button.setAccessibleName(_("{value} out of 10").format(value=value))
            button.clicked.connect(lambda _checked=False, v=value: self.answered.emit(v))
            scale.addWidget(button)
            self.buttons.append(button)
        ends = QHBoxLayout()
        ends.addWidget(QLabel(_("0 = not at all")))
        ends.addStretch(1)
        ends.addWidget(QLabel(_("10 = very")))
        self.skip_button = QPushButton(_("Skip"))
        self.skip_button.setAccessibleName(_("Skip the check-in"))
        self.skip_button.clicked.connect(lambda: self.answered.emit(None))
        self.red_flag_question = QLabel(_(RED_FLAG_QUESTION))
        self.red_flag_question.setWordWrap(True)
        self.red_flag_question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.red_flag_button = QPushButton(_("&Yes"))
        self.red_flag_button.setAccessibleName(
            _("Yes: tingling, numbness, or pain spreading into an arm or leg")
        )
        self.red_flag_button.setAutoDefault(False)
        self.red_flag_button.clicked.connect(self.red_flag.emit)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.question)
        layout.addSpacing(16)
        layout.addLayout(scale)
        layout.addLayout(ends)
        layout.addSpacing(16)
        layout.addWidget(self.skip_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(24)
        layout.addWidget(self.red_flag_question)
        layout.addWidget(self.red_flag_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.show_red_flag(True)

    def show_red_flag(self, on: bool) -> None:
        """The red-flag question under the scale, or not (care.red_flag_question)."""
        self.red_flag_question.setVisible(on)
        self.red_flag_button.setVisible(on)

    def ask(self, after: bool) -> None:
        self.question.setText(_(AFTER if after else BEFORE))
