"""The last two ways to announce a break (the tray icon's balloon and the app's own popup),
and the watcher that turns a click on a notification into the break prompt."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QPoint, QSocketNotifier, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QSystemTrayIcon, QVBoxLayout, QWidget

from backbreak.platform import Availability
from backbreak.platform.notify import Notice, NotifierChain, NotifyError

log = logging.getLogger(__name__)


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


class ClickWatcher(QObject):
    """Listens on each notifier that can report clicks (a socket, read on the GUI thread):
    `clicked` when a reminder's notification was clicked, `answered("start"|"snooze"|
    "skip")` when one of its buttons was."""

    def __init__(
        self,
        chain: NotifierChain,
        clicked: Callable[[], None],
        parent: QObject | None = None,
        answered: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._chain = chain
        self._clicked = clicked
        self._answered = answered
        self._watchers: dict[int, QSocketNotifier] = {}

    def watch(self) -> None:
        live = {}
        for source in self._chain.click_sources():
            fd = source.fileno()
            if fd is None:
                continue
            watcher = self._watchers.pop(fd, None)
            if watcher is None:
                watcher = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
                # activated(socket, type): take both, or they would overwrite `s`.
                watcher.activated.connect(lambda *_sig, s=source: self._read(s))
            live[fd] = watcher
        for stale in self._watchers.values():  # connections that were closed
            stale.setEnabled(False)
            stale.deleteLater()
        self._watchers = live

    def _read(self, source: Any) -> None:
        clicks = source.take_clicks()
        if source.fileno() not in self._watchers:
            self.watch()  # the connection was lost: stop watching its old socket
        for tag, action in clicks:
            if tag != "prompt":
                continue
            if action == "default" or self._answered is None:
                log.info("notification clicked: showing the break prompt")
                self._clicked()
            else:
                log.info("notification answered: %s", action)
                self._answered(action)
