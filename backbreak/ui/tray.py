"""The tray icon and its menu. It shows state; every decision is the agenda's."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QCursor
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from backbreak.core.i18n import _, ngettext
from backbreak.core.model import Category, Routine, format_duration
from backbreak.core.reminder_rules import PAUSE_MENU
from backbreak.core.stats_words import CATEGORY_LABELS
from backbreak.ui.icons import prepare_tray_icons, tray_icon

FLAT_MENU_LIMIT = 8
CATEGORY_ORDER = (
    Category.POSTURE,
    Category.STRETCH,
    Category.EXERCISE,
    Category.BREATHING,
    Category.RELAXATION,
    Category.THERMAL,
)
MEETING_CHOICES: tuple[int, ...] = (15, 30, 60, 90)


class TrayMenu(QMenu):
    """The menu shared by the tray icon and the no-tray status window."""

    routine_chosen = Signal(str)
    pause_chosen = Signal(str)  # a word of core.reminder_rules.PAUSE_MENU
    meeting_chosen = Signal(int)  # minutes; 0 ends the meeting
    resume_chosen = Signal()
    history_requested = Signal()
    settings_requested = Signal()
    about_requested = Signal()
    safety_requested = Signal()
    quit_requested = Signal()
    status_requested = Signal()
    """The status line was chosen: it names a routine running in a hidden window."""

    def __init__(self, status: Callable[[], str]) -> None:
        super().__init__()
        self._status = status
        self.status_action = QAction("", self)
        self.status_action.setEnabled(False)
        self.status_action.triggered.connect(self.status_requested.emit)
        self.addAction(self.status_action)
        self.addSeparator()
        self.start_menu = self.addMenu("")
        self.pause_menu = self.addMenu("")
        self._pause_actions: list[QAction] = []
        for key, _label in PAUSE_MENU:
            action = self.pause_menu.addAction("")
            action.triggered.connect(lambda _checked=False, k=key: self.pause_chosen.emit(k))
            self._pause_actions.append(action)
        self.pause_menu.addSeparator()
        self.resume_action = self.pause_menu.addAction("")
        self.resume_action.triggered.connect(self.resume_chosen.emit)
        self.meeting_menu = self.addMenu("")
        self._meeting_actions: list[QAction] = []
        for minutes in MEETING_CHOICES:
            action = self.meeting_menu.addAction("")
            action.triggered.connect(lambda _checked=False, m=minutes: self.meeting_chosen.emit(m))
            self._meeting_actions.append(action)
        self.meeting_menu.addSeparator()
        self.meeting_over_action = self.meeting_menu.addAction("")
        self.meeting_over_action.triggered.connect(lambda: self.meeting_chosen.emit(0))
        self.addSeparator()
        self.history_action = self.addAction("", self.history_requested.emit)
        self.settings_action = self.addAction("", self.settings_requested.emit)
        self.safety_action = self.addAction("", self.safety_requested.emit)
        self.about_action = self.addAction("", self.about_requested.emit)
        self.addSeparator()
        self.quit_action = self.addAction("", self.quit_requested.emit)
        self.aboutToShow.connect(self.refresh)
        self._routines: list[Routine] = []
        self.retranslate()

    def retranslate(self) -> None:
        """Every word of the menu in the language spoken now (also after it changes)."""
        self.start_menu.setTitle(_("Start a break now"))
        self.pause_menu.setTitle(_("Pause reminders"))
        for action, (_key, label) in zip(self._pause_actions, PAUSE_MENU, strict=True):
            action.setText(_(label))
        self.resume_action.setText(_("Resume reminders"))
        self.meeting_menu.setTitle(_("I'm in a meeting"))
        for action, minutes in zip(self._meeting_actions, MEETING_CHOICES, strict=True):
            if minutes < 60 or minutes % 60:
                label = ngettext("For {count} minute", "For {count} minutes", minutes)
                action.setText(label.format(count=minutes))
            else:
                label = ngettext("For {count} hour", "For {count} hours", minutes // 60)
                action.setText(label.format(count=minutes // 60))
        self.meeting_over_action.setText(_("The meeting is over"))
        self.history_action.setText(_("History"))
        self.settings_action.setText(_("Settings…"))
        self.safety_action.setText(_("When to see a professional"))
        self.about_action.setText(_("About"))
        self.quit_action.setText(_("Quit"))
        self.set_routines(self._routines)

    def set_routines(self, routines: Iterable[Routine]) -> None:
        """A flat list when there are few; one submenu per category when there are many."""
        self._routines = list(routines)
        self.start_menu.clear()
        ordered = sorted(
            self._routines,
            key=lambda r: (
                CATEGORY_ORDER.index(r.category) if r.category in CATEGORY_ORDER else 99,
                r.duration_seconds,
                r.title,
            ),
        )
        grouped = len(ordered) > FLAT_MENU_LIMIT
        submenus: dict[Category, QMenu] = {}
        for routine in ordered:
            menu = self.start_menu
            if grouped:
                if routine.category not in submenus:
                    submenus[routine.category] = self.start_menu.addMenu(
                        _(CATEGORY_LABELS.get(routine.category, routine.category.value.title()))
                    )
                menu = submenus[routine.category]
            length = format_duration(routine.duration_seconds)
            if routine.origin == "user":
                label = _("{title}  ({length}) · yours").format(title=routine.title, length=length)
            else:
                label = _("{title}  ({length})").format(title=routine.title, length=length)
            action = menu.addAction(label)
            action.setToolTip(routine.summary)
            action.triggered.connect(
                lambda _checked=False, rid=routine.id: self.routine_chosen.emit(rid)
            )
        self.start_menu.setEnabled(not self.start_menu.isEmpty())

    def set_paused(self, paused: bool) -> None:
        self.resume_action.setEnabled(paused)

    def set_session_hidden(self, hidden: bool) -> None:
        """A heat or cold timer runs with its window closed: its line brings it back."""
        self.status_action.setEnabled(hidden)

    def set_in_meeting(self, in_meeting: bool) -> None:
        self.meeting_over_action.setEnabled(in_meeting)

    def refresh(self) -> None:
        self.status_action.setText(self._status())


class TrayIcon(QObject):
    """Owns the QSystemTrayIcon: icon by state, tooltip with the next break."""

    def __init__(
        self,
        menu: TrayMenu,
        parent: QObject | None = None,
        style: str = "colour",
        icon: QSystemTrayIcon | None = None,
    ) -> None:
        """`icon`: one already showing (the app shows it before the rest has loaded)."""
        super().__init__(parent)
        self.menu = menu
        self._style = style
        if icon is None:
            icon = QSystemTrayIcon(tray_icon("active", style), self)
        else:
            icon.setParent(self)
        self.icon = icon
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(self._activated)
        self._state = "active"
        self._popping = False

    @property
    def state(self) -> str:
        """ "active", "paused" or "due": which icon shows."""
        return self._state

    @property
    def style(self) -> str:
        return self._style

    def set_style(self, style: str) -> None:
        """Colour, or the plain light or dark variant (a setting: panels differ)."""
        if style != self._style:
            self._style = style
            self.icon.setIcon(tray_icon(self._state, style))
            prepare_tray_icons(style)  # its other states, before the day needs them

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def update(self, state: str, tooltip: str) -> None:
        if state != self._state:
            self._state = state
            self.icon.setIcon(tray_icon(state, self._style))
        if self.icon.toolTip() != tooltip:
            self.icon.setToolTip(tooltip)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.MiddleClick,
        ):
            self._popping = True  # this popup is drawn here, whatever the tray host is
            try:
                self.menu.popup(QCursor.pos())
            finally:
                self._popping = False

    def menu_drawn_here(self) -> bool:
        """Whether the menu about to show is drawn by this process (and so wants the theme).

        On Linux, a tray host that speaks StatusNotifierItem (KDE, GNOME's AppIndicator,
        waybar) is handed the menu over D-Bus and draws it itself: theming it here would
        only load the Fusion style and Qt's enums (1.3 MiB) into a process that never draws.
        Qt draws it only for the X11 system tray (its QSystemTrayIconSys widget), for the
        popup opened on a left click, and on the other systems.
        """
        if self._popping or not sys.platform.startswith("linux"):
            return True
        return any(
            widget.metaObject().className() == "QSystemTrayIconSys"  # not translated: a class
            for widget in QApplication.topLevelWidgets()
        )
