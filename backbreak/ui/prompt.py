"""The break prompt: a small window near the tray with Start / Snooze / Skip."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backbreak.core.model import Routine, format_duration
from backbreak.ui.widgets import Illustration, scaled_font

PROMPT_TITLE = "Break time"  # Qt appends " — backbreak"


class BreakPrompt(QDialog):
    """Asks once per due break. Closing the window counts as a snooze: nothing is lost."""

    start_requested = Signal()
    snooze_requested = Signal()
    skip_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle(PROMPT_TITLE)
        self.setObjectName("breakPrompt")
        self.setModal(False)
        # Do not take the keyboard from what the user is typing.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self._answered = False
        self._can_snooze = True

        self._heading = QLabel("Time for a break")
        self._heading.setFont(scaled_font(self, 1.35, bold=True))
        self._title = QLabel()
        self._title.setFont(scaled_font(self, 1.1, bold=True))
        self._summary = QLabel()
        self._summary.setWordWrap(True)
        self._image = Illustration(96)

        self.start_button = QPushButton("&Start")
        self.start_button.setDefault(True)
        self.start_button.setAccessibleName("Start the break")
        self.snooze_button = QPushButton("Snooze")
        self.skip_button = QPushButton("S&kip")
        self.skip_button.setAccessibleName("Skip this break")
        for button in (self.snooze_button, self.skip_button):
            button.setAutoDefault(False)  # Return means Start, whichever button has focus
        self.start_button.clicked.connect(lambda: self._answer(self.start_requested))
        self.snooze_button.clicked.connect(lambda: self._answer(self.snooze_requested))
        self.skip_button.clicked.connect(lambda: self._answer(self.skip_requested))

        text = QVBoxLayout()
        text.addWidget(self._heading)
        text.addWidget(self._title)
        text.addWidget(self._summary)
        text.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self._image, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(12)
        top.addLayout(text, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.snooze_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addLayout(buttons)
        self.setMinimumWidth(440)
        QWidget.setTabOrder(self.start_button, self.snooze_button)
        QWidget.setTabOrder(self.snooze_button, self.skip_button)

    def show_for(self, routine: Routine, snooze_minutes: float, snoozes_left: int = 1) -> None:
        self._answered = False
        self._title.setText(f"{routine.title} · {format_duration(routine.duration_seconds)}")
        self._summary.setText(routine.summary)
        first = routine.steps[0]
        self._image.show_image(first.image, first.title)
        self._image.setVisible(first.image is not None)
        label = format_duration(snooze_minutes * 60)
        left = f" ({snoozes_left} left)" if 0 < snoozes_left <= 2 else ""
        self.snooze_button.setText(f"S&nooze {label}{left}")
        self.snooze_button.setAccessibleName(f"Snooze for {label}{left}")
        self.snooze_button.setVisible(snoozes_left > 0)
        self._can_snooze = snoozes_left > 0
        self.setAccessibleName(f"Time for a break: {routine.title}")
        self.adjustSize()
        self._place_near_tray()
        self.show()
        self.raise_()
        self.start_button.setFocus()

    def _place_near_tray(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        self.move(area.topRight() + QPoint(-self.width() - 24, 48))

    def _dismissed(self) -> None:
        """Closing the window snoozes while snoozes are left, and skips after that."""
        self._answer(self.snooze_requested if self._can_snooze else self.skip_requested)

    def _answer(self, signal: Signal) -> None:
        if self._answered:
            return
        self._answered = True
        self.hide()
        signal.emit()  # type: ignore[attr-defined]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Escape:
            self._dismissed()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self.isVisible() and not self._answered:
            self._dismissed()
        super().closeEvent(event)
