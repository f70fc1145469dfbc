"""The app's own popup note, for when no notification daemon or tray balloon answers.

Its own module: its widget classes load only on a desktop that needs it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from backbreak.platform.notify import Notice


class Toast(QWidget):
    """A small frameless note in the screen corner that fades away on its own."""

    def __init__(self, notice: Notice) -> None:
        super().__init__(
            None,
            Qt.WindowType.ToolTip
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint,
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("toast")
        self.setAccessibleName(f"{notice.title}. {notice.body}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        title = QLabel(f"<b>{notice.title}</b>")
        body = QLabel(notice.body)
        body.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(body)
        self.setFixedWidth(320)
        QTimer.singleShot(notice.timeout_ms, self.close)

    def show_in_corner(self) -> None:
        screen = QGuiApplication.primaryScreen()
        self.adjustSize()
        if screen is not None:
            area = screen.availableGeometry()
            self.move(area.bottomRight() - QPoint(self.width() + 24, self.height() + 24))
        self.show()
