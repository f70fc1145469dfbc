"""The last two ways to announce a break (the tray icon's balloon and the app's own popup),
and the watcher that turns a click on a notification into the break prompt."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSystemTrayIcon

from backbreak.core.i18n import _
from backbreak.platform import Availability
from backbreak.platform.notify import Notice, NotifierChain, NotifyError

if TYPE_CHECKING:
    from backbreak.platform.notify.toast import Toast

log = logging.getLogger(__name__)


class TrayMessageNotifier:
    """QSystemTrayIcon.showMessage: reaches the daemon on StatusNotifier hosts."""

    name = "tray-message"

    def __init__(self, tray: QSystemTrayIcon | None) -> None:
        self._tray = tray

    def availability(self) -> Availability:
        if self._tray is None or not self._tray.isVisible():
            return Availability.no(_("there is no tray icon"))
        if not QSystemTrayIcon.supportsMessages():
            return Availability.no(_("this tray cannot show messages"))
        return Availability.yes()

    def notify(self, notice: Notice) -> None:
        if self._tray is None:
            raise NotifyError("tray-message: no tray icon")  # not translated: for the log
        self._tray.showMessage(notice.title, notice.body, self._tray.icon(), notice.timeout_ms)


class PopupNotifier:
    """The app's own popup: always works while there is a screen."""

    name = "popup"

    def __init__(self) -> None:
        self._toast: Toast | None = None

    def availability(self) -> Availability:
        if QGuiApplication.primaryScreen() is None:
            return Availability.no(_("there is no screen"))
        return Availability.yes()

    def notify(self, notice: Notice) -> None:
        from backbreak.platform.notify.toast import Toast  # the last resort: loaded if used

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
