"""The last two ways to announce a break: the tray icon's balloon and the app's own popup."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QSystemTrayIcon, QVBoxLayout, QWidget

from backbreak.adapters import Availability
from backbreak.adapters.notify import Notice, NotifyError


class TrayMessageNotifier:
    """QSystemTrayIcon.showMessage: reaches the daemon on StatusNotifier hosts."""

    name = "tray-message"

    def __init__(self, tray: QSystemTrayIcon | None) -> None:
        self._tray = tray

    def availability(self) -> Availability:
        if self._tray is None or not self._tray.isVisible():
            return Availability.no("there is no tray icon")
        if not QSystemTrayIcon.supportsMessages():
            return Availability.no("this tray cannot show messages")
        return Availability.yes()

    def notify(self, notice: Notice) -> None:
        if self._tray is None:
            raise NotifyError("tray-message: no tray icon")
        self._tray.showMessage(notice.title, notice.body, self._tray.icon(), notice.timeout_ms)


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


class PopupNotifier:
    """The app's own popup: always works while there is a screen."""

    name = "popup"

    def __init__(self) -> None:
        self._toast: Toast | None = None

    def availability(self) -> Availability:
        if QGuiApplication.primaryScreen() is None:
            return Availability.no("there is no screen")
        return Availability.yes()

    def notify(self, notice: Notice) -> None:
        self._toast = Toast(notice)
        self._toast.show_in_corner()
