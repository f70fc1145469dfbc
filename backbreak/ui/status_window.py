"""A small main window: shown when there is no tray, and when a second launch asks."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from backbreak.core.i18n import _
from backbreak.ui.tray import TrayMenu
from backbreak.ui.widgets import scaled_font


class StatusWindow(QWidget):
    quit_requested = Signal()

    def __init__(self, menu: TrayMenu, tray_available: bool) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle(_("Status"))
        self.setObjectName("statusWindow")
        self._tray_available = tray_available
        self._menu = menu
        self.status_label = QLabel()
        self.status_label.setFont(scaled_font(self, 1.3, bold=True))
        self.status_label.setWordWrap(True)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        if not tray_available:
            self.note_label.setText(
                _(
                    "Your desktop has no system tray, so backbreak lives in this window. "
                    "Keep it open (minimised is fine): reminders still come on time."
                )
            )
        else:
            self.note_label.setText(_("backbreak is running in your system tray."))

        self.start_button = QPushButton(_("Start a break now"))
        self.start_button.setMenu(menu.start_menu)
        self.pause_button = QPushButton(_("Pause reminders"))
        self.pause_button.setMenu(menu.pause_menu)
        self.history_button = QPushButton(_("History"))
        self.history_button.clicked.connect(menu.history_requested.emit)
        self.settings_button = QPushButton(_("Settings…"))
        self.settings_button.clicked.connect(menu.settings_requested.emit)
        self.quit_button = QPushButton(_("Quit backbreak"))
        self.quit_button.clicked.connect(self.quit_requested.emit)

        row1 = QHBoxLayout()
        row1.addWidget(self.start_button)
        row1.addWidget(self.pause_button)
        row2 = QHBoxLayout()
        row2.addWidget(self.history_button)
        row2.addWidget(self.settings_button)
        row2.addStretch(1)
        row2.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(self.status_label)
        layout.addWidget(self.note_label)
        layout.addLayout(row1)
        layout.addLayout(row2)
        self.setMinimumWidth(420)

    def refresh(self, status: str) -> None:
        self.status_label.setText(status)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if not self._tray_available:
            # Without a tray this window is the app: closing it would leave nothing to click.
            event.ignore()
            self.showMinimized()
            return
        super().closeEvent(event)
