"""The history window's side of `Windows`: opening it, reading the log for it, catching up
when a break is logged, and the export and delete the window and the settings ask for."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer

from backbreak.core.i18n import _, ngettext
from backbreak.core.settings import DAILY_TARGET
from backbreak.storage.db import LogError
from backbreak.ui.placement import open_fitted

if TYPE_CHECKING:
    from backbreak.content.loader import Library
    from backbreak.core.clock import Clock
    from backbreak.storage.db import EventLog
    from backbreak.storage.paths import AppPaths
    from backbreak.storage.settings_store import SettingsStore
    from backbreak.ui.history_view import HistoryWindow
    from backbreak.ui.log_watch import LogWatch

log = logging.getLogger(__name__)
HISTORY_SIZE = QSize(820, 860)


class HistoryActions:
    """Mixed into `Windows`, which holds the state named here and the message boxes."""

    clock: Clock
    paths: AppPaths
    store: SettingsStore
    library: Library
    event_log: EventLog | None
    history: HistoryWindow | None
    log_watch: LogWatch | None
    _refresh_queued: bool

    def tell_user(self, message: str, problem: bool = True) -> None:
        raise NotImplementedError  # Windows's

    def confirm(self, title: str, text: str, action: str) -> bool:
        raise NotImplementedError  # Windows's

    def show_care(self) -> None:
        raise NotImplementedError  # Windows's

    def show_history(self) -> None:
        if self.history is None:
            from backbreak.ui.history_view import HistoryWindow

            self.history = HistoryWindow()
            self.history.export_requested.connect(self.export_history)
            self.history.care_requested.connect(self.show_care)
            if self.event_log is not None:  # whoever writes the log, the window catches up
                from backbreak.ui.log_watch import LogWatch

                held = self.event_log
                watch = LogWatch(held.path, held.data_version, self.history_changed)
                self.log_watch = watch
                self.history.visible_changed.connect(
                    lambda shown: watch.start() if shown else watch.stop()
                )
            open_fitted(self.history, HISTORY_SIZE)  # first time: as big as a laptop allows
        self._refresh_history()
        self.history.show()
        self.history.raise_()
        self.history.activateWindow()

    def _refresh_history(self) -> None:
        """Read the log once (day tallies, the longest period's routines, recent events)."""
        from backbreak.ui.history_view import PERIODS, HistoryData

        self._refresh_queued = False
        if self.history is None:
            return
        if self.log_watch is not None:
            self.log_watch.reading()
        now = self.clock.now()
        data = HistoryData(
            now, self.store.current[DAILY_TARGET], titles={r.id: r.title for r in self.library}
        )
        skipped = ""
        if self.event_log is None:
            data.unavailable = _(
                "History is not available: the database could not be opened (see {path})."
            ).format(path=self.paths.log_file)
        else:
            try:
                data.day_tallies, data.routine_tallies = self.event_log.tallies(
                    now.date() - timedelta(days=max(PERIODS) - 1)
                )
                counted = self.event_log.skipped
                data.recent = self.event_log.recent(200)
                listed = self.event_log.skipped  # (the two reads overlap: say the larger)
                worse = counted if counted.count >= listed.count else listed
                skipped = worse.sentence(self.event_log.path)
            except LogError as exc:
                log.error("could not read the history database: %s", exc)
                data.unavailable = _("History could not be read: {error}").format(error=exc)
            if skipped:
                log.warning("%s", skipped)
        self.history.show_history(data)
        if skipped:  # the figures and the list show the rest
            self.history.show_message(_sentence(skipped))

    def history_changed(self) -> None:
        """Something was logged: an open history window catches up (once per burst)."""
        if self.history is None or not self.history.isVisible() or self._refresh_queued:
            return
        self._refresh_queued = True
        QTimer.singleShot(0, self._refresh_history)

    def export_history(self, path: str, fmt: str) -> None:
        """Write the whole log as CSV or JSON (services.history, as `backbreak export`). The
        save dialog has asked before replacing a file; backbreak's own files are refused."""
        from backbreak.services import history

        if self.event_log is None:
            self._history_message(
                _("Nothing was exported: the history database could not be opened.")
            )
            return
        try:
            done = history.export_to(self.event_log, Path(path), self.paths, fmt, replace=True)
        except history.HistoryActionError as exc:
            self._history_message(_("Nothing was exported: {reason}.").format(reason=exc))
            return
        said = ngettext(
            "Exported {count} event to {path}.", "Exported {count} events to {path}.", done.count
        ).format(count=done.count, path=path)
        self._history_message(f"{said} {_sentence(done.skipped)}" if done.skipped else said)

    def _history_message(self, text: str) -> None:
        if self.history is not None and self.history.isVisible():
            self.history.show_message(text)
        else:
            self.tell_user(text)

    def delete_history(self) -> None:
        """ "Delete all my history" from the settings: asks, then forgets every event."""
        from backbreak.services import history

        if self.event_log is None:
            self.tell_user(_("There is no history to delete: the database could not be opened."))
            return
        try:
            count = history.count(self.event_log)
        except history.HistoryActionError as exc:
            self.tell_user(_sentence(str(exc)))
            return
        if not count:
            self.tell_user(_("Your history is already empty."), problem=False)
            return
        if not self.confirm(
            _("Delete all my history?"),
            ngettext(
                "This deletes all {count} event in {path} for good: "
                "streaks, check-ins and the log. It cannot be undone. Export it first from "
                "the History window if you may want it back. Your settings and routines are "
                "kept.",
                "This deletes all {count} events in {path} for good: "
                "streaks, check-ins and the log. It cannot be undone. Export it first from "
                "the History window if you may want it back. Your settings and routines are "
                "kept.",
                count,
            ).format(count=count, path=self.event_log.path),
            _("Delete all"),
        ):
            return
        try:
            deleted = history.delete_all(self.event_log)
        except history.HistoryActionError as exc:
            self.tell_user(_sentence(str(exc)))
            return
        self.tell_user(
            ngettext(
                "Deleted {count} event. Your settings and routines are untouched.",
                "Deleted {count} events. Your settings and routines are untouched.",
                deleted,
            ).format(count=deleted),
            problem=False,
        )
        if self.history is not None and self.history.isVisible():
            self._refresh_history()


def _sentence(clause: str) -> str:
    """A reason worded to follow a colon, said on its own: capitalised, with a full stop."""
    return f"{clause[:1].upper()}{clause[1:]}."
