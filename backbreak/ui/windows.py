"""The app's secondary windows: history (with export and delete), settings, and the message
boxes (welcome, safety, about, problems, questions). Made on first use; none decides when a
reminder comes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from backbreak import __version__
from backbreak.content import safety
from backbreak.content.loader import Library
from backbreak.core.clock import Clock
from backbreak.core.i18n import _
from backbreak.core.model import Routine, format_duration
from backbreak.storage.db import EventLog
from backbreak.storage.paths import AppPaths
from backbreak.storage.settings_store import SettingsStore
from backbreak.ui.placement import open_fitted
from backbreak.ui.windows_history import HistoryActions

if TYPE_CHECKING:
    from backbreak.platform.autostart import Autostart
    from backbreak.ui.care_window import CareWindow
    from backbreak.ui.history_view import HistoryWindow
    from backbreak.ui.log_watch import LogWatch
    from backbreak.ui.settings_dialog import SettingsDialog

log = logging.getLogger(__name__)


class Windows(HistoryActions, QObject):
    """Owns every window that is not the prompt, the player or the tray."""

    def __init__(
        self,
        clock: Clock,
        paths: AppPaths,
        store: SettingsStore,
        library: Library,
        event_log: EventLog | None,
    ) -> None:
        super().__init__()
        self.clock = clock
        self.paths = paths
        self.store = store
        self.library = library
        self.event_log = event_log
        self.diagnostics: list[tuple[str, str]] = []
        """What each OS adapter answered (shown in About), set by the composition root."""
        self.history: HistoryWindow | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.care: CareWindow | None = None
        self._autostart: Autostart | None = None
        self.log_watch: LogWatch | None = None
        self._refresh_queued = False
        self._boxes: list[QMessageBox] = []
        self.replace_question: QMessageBox | None = None

    # -- message boxes (never modal: reminders keep coming while one is open) -------------
    def _box(self, icon: QMessageBox.Icon, title: str, text: str, show: bool = True) -> QMessageBox:
        box = QMessageBox(icon, title, text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setModal(False)
        self._boxes = [b for b in self._boxes if _alive(b)]
        self._boxes.append(box)
        if show:  # (a box shown before its buttons are added gets an OK button of its own)
            box.show()
        return box

    def tell_user(self, message: str, problem: bool = True) -> None:
        """Something the user should know about (a problem unless told), without blocking."""
        (log.warning if problem else log.info)("%s", message)
        icon = QMessageBox.Icon.Warning if problem else QMessageBox.Icon.Information
        self._box(icon, "backbreak", message)

    def show_welcome(self, where: str, first_break: timedelta) -> None:
        """Once, on the first start: where backbreak lives, and the safety words."""
        self._box(
            QMessageBox.Icon.Information,
            _("Welcome to backbreak"),
            "<h3>"
            + escape(_("Welcome to backbreak"))
            + "</h3><p>"
            + escape(
                _(
                    "backbreak runs {where}. Your first stretch break comes in {duration}; "
                    "“{menu}” in the menu starts one at any time."
                ).format(
                    where=where,
                    duration=format_duration(first_break.total_seconds()),
                    menu=_("Start a break now"),
                )
            )
            + "</p>"
            + safety.as_html(),
        )

    def show_safety(self) -> None:
        """ "When to see a professional": reachable from the menu and from every routine."""
        self._box(
            QMessageBox.Icon.Information,
            _("When to see a professional"),
            "<h3>" + escape(_("When to see a professional")) + "</h3>" + safety.as_html(),
        )

    def show_about(self) -> None:
        """What backbreak is, the safety words and where its files are; what works on this
        desktop (notifications, idle time, …) is for whoever debugs it, behind Show Details."""
        paths = self.paths
        box = self._box(
            QMessageBox.Icon.Information,
            _("About backbreak"),
            f"<h3>backbreak {__version__}</h3>"
            + "<p>"
            + escape(_("Posture and stretch breaks for desk-bound necks and backs."))
            + "</p>"
            + safety.as_html()
            + "<p>"
            + escape(_("Settings: {path}").format(path=paths.settings_file))
            + "<br>"
            + escape(_("History: {path}").format(path=paths.database))
            + "<br>"
            + escape(_("Logs: {path}").format(path=paths.log_file))
            + "</p>"
            + "<p>"
            + escape(_("Free software under the GNU GPL, version 3 or later."))
            + "</p>",
            show=False,
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        if self.diagnostics:
            box.setDetailedText(
                _("What works on this desktop:")
                + "\n"
                + "\n".join(f"{name}: {text}" for name, text in self.diagnostics)
            )
        box.show()

    def confirm(self, title: str, text: str, action: str) -> bool:
        """Ask before something that cannot be undone; Cancel is the default. Tests replace
        it. Modal on purpose: nothing may happen to the data while the question is open."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text)
        go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is go

    def ask_replace(
        self, running: Routine, new: Routine, left: str, answer: Callable[[bool], None]
    ) -> None:
        """A heat or cold timer runs and another routine was asked for: stop it first? Any
        way of closing the question keeps the timer."""
        box = self._box(
            QMessageBox.Icon.Question,
            _("A timer is running"),
            "<p>"
            + escape(_("{title} is running{left}.")).format(
                title=f"<b>{escape(running.title)}</b>", left=escape(left)
            )
            + "</p><p>"
            + escape(_("Stop it and start {title}? Take the pack off first.")).format(
                title=f"<b>{escape(new.title)}</b>"
            )
            + "</p>",
            show=False,
        )
        stop = box.addButton(_("Stop the timer and start"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(_("Keep the timer"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        answered: list[bool] = []

        def done(button: object) -> None:
            if not answered:
                answered.append(button is stop)
                answer(button is stop)

        box.buttonClicked.connect(done)
        box.finished.connect(lambda _result: done(None))
        self.drop_replace_question()
        self.replace_question = box
        box.show()

    def drop_replace_question(self) -> None:
        """The timer ended (or was stopped) while the question was open: it is moot now."""
        box, self.replace_question = self.replace_question, None
        if box is not None and _alive(box) and box.isVisible():
            box.blockSignals(True)
            box.close()

    def show_named(self, name: str) -> None:
        """One of the windows `backbreak open` names (platform.ipc.commands.WINDOW_NAMES)."""
        if name == "history":
            self.show_history()
        elif name == "care":
            self.show_care()
        else:
            self.show_settings()

    # -- the care note (core.care) ---------------------------------------------------------
    def show_care(self) -> None:
        """What the check-ins show now, and when to see a professional. Its answers are kept
        in the log's state ("Remind me in a month") and the settings ("Don't show this
        again"), where the app reads them."""
        from backbreak.core.care import NUDGES_ON
        from backbreak.services import care
        from backbreak.ui.care_window import CareWindow

        made = self.care is None or not _alive(self.care)
        if self.care is None or made:
            self.care = CareWindow()
            self.care.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.care.remind_later.connect(self._care_later)
            self.care.never_again.connect(self._care_never)
        today = self.clock.now().date()
        settings = self.store.current
        self.care.show_observations(
            care.observations(self.event_log, settings, today), settings[NUDGES_ON]
        )
        if made:  # as tall as what it says needs, within the screen
            open_fitted(self.care, self.care.fitting_size())
        self.care.show()
        self.care.raise_()
        self.care.activateWindow()

    def _care_later(self) -> None:
        from backbreak.services import care

        if self.event_log is not None:
            problem = care.snooze(self.event_log, self.clock.now().date())
            if problem:
                self.tell_user(
                    _("backbreak could not save your answer: {problem}").format(problem=problem)
                )

    def _care_never(self) -> None:
        from backbreak.core.care import NUDGES_ON

        problem = self.store.update({NUDGES_ON: False}, self.clock.now())
        if problem:
            self.tell_user(problem)

    # -- settings ------------------------------------------------------------------------
    def show_settings(self) -> None:
        from backbreak.ui.settings_dialog import SettingsDialog

        dialog = self.settings_dialog
        if dialog is not None and _alive(dialog) and dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
            return
        dialog = SettingsDialog(
            self.store,
            self.paths,
            self.clock,
            autostart=self.autostart(),
            routines=[(r.id, r.title) for r in self.library],
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.delete_history_requested.connect(self.delete_history)
        dialog.history_requested.connect(self.show_history)
        self.settings_dialog = dialog
        open_fitted(dialog, dialog.size())
        dialog.show()

    def autostart(self) -> Autostart:
        """The start-at-login writer for this system (made on first use; tests replace it)."""
        if self._autostart is None:
            from backbreak.platform import autostart

            self._autostart = autostart.for_this_system()
        return self._autostart

    @property
    def open_boxes(self) -> list[QMessageBox]:
        """Message boxes and questions still on screen, oldest first."""
        return [b for b in self._boxes if _alive(b) and b.isVisible()]

    def at_rest(self) -> bool:
        """No window or question of these is on screen (the shell may then let them go)."""
        shown = [
            w for w in (self.history, self.settings_dialog, self.care, self.replace_question) if w
        ]
        return not self.open_boxes and not any(_alive(w) and w.isVisible() for w in shown)

    def deleteLater(self) -> None:  # noqa: N802 (Qt's name)
        """Let go of the windows with their owner (history is kept only as an attribute)."""
        for window in (self.history, self.settings_dialog, self.care, *self._boxes):
            if window is not None and _alive(window):
                window.deleteLater()
        super().deleteLater()

    def close_all(self) -> None:
        for window in (self.history, self.settings_dialog, self.care, *self._boxes):
            if window is not None and _alive(window):
                window.hide()


def _alive(widget: QWidget) -> bool:
    """False once Qt has deleted the C++ object behind it (WA_DeleteOnClose)."""
    from shiboken6 import isValid

    return bool(isValid(widget))
