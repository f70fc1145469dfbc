"""The thin Qt shell: carries out the agenda's effects and owns the windows.

Every decision (what is due, what an answer or a closed window means, what the log gets)
is the agenda's (`core.agenda`, kept by `services.reminders`). The shell turns clicks,
signals and wake-ups into events, and effects into windows, notifications and wake-ups.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from backbreak.content.loader import Library
from backbreak.core import agenda_model as a
from backbreak.core.clock import Clock
from backbreak.core.reminder_rules import pause_end
from backbreak.core.settings import TRAY_ICON
from backbreak.core.status import SessionLeft, StatusView
from backbreak.platform.busy import BusyMonitor
from backbreak.platform.idle import IdleMonitor
from backbreak.platform.notify import NotifierChain
from backbreak.platform.notify.qt import ClickWatcher
from backbreak.platform.zone import LocalZone
from backbreak.services.care import CareCheck
from backbreak.services.reminders import Reminders
from backbreak.storage.db import EventLog
from backbreak.storage.paths import AppPaths
from backbreak.storage.settings_store import SettingsStore
from backbreak.ui import shell_routine, shell_status
from backbreak.ui.break_remote import RemotePlayer, RemotePrompt
from backbreak.ui.break_windows import (
    idle_player,
    idle_prompt,
    local_player,
    local_prompt,
    make_player,
    make_prompt,
    stale_player,
    stale_prompt,
)
from backbreak.ui.shell_effects import carry_out
from backbreak.ui.shell_rest import care_note, let_go_at_rest, poll_seconds
from backbreak.ui.shell_settings import SettingsFollower, Theming
from backbreak.ui.tray import TrayIcon, TrayMenu
from backbreak.ui.waker import SchedulerWaker, Wake

if TYPE_CHECKING:
    from collections.abc import Callable

    from backbreak.core.model import Routine
    from backbreak.core.session import SessionEnd
    from backbreak.platform.idle.qt import BackWatch
    from backbreak.platform.sound.qt import Cues
    from backbreak.ui.break_cover import BreakCovers
    from backbreak.ui.player import RoutinePlayer
    from backbreak.ui.prompt import BreakPrompt
    from backbreak.ui.status_window import StatusWindow
    from backbreak.ui.window_process import WindowProcess
    from backbreak.ui.windows import Windows

log = logging.getLogger(__name__)


class Built(NamedTuple):
    prompt: BreakPrompt | RemotePrompt | None
    player: RoutinePlayer | RemotePlayer | None
    status_window: StatusWindow | None


class Shell(QObject):
    reminded = Signal(object)
    """A reminder came now (an `agenda_model.Pending`): the prompt is showing it."""
    ready = Signal()

    def __init__(
        self,
        clock: Clock,
        paths: AppPaths,
        store: SettingsStore,
        library: Library,
        event_log: EventLog | None,
        notifier: NotifierChain,
        waker: SchedulerWaker,
        local_zone: LocalZone,
        tray_available: bool,
        icon_file: str = "",
        idle_monitor: IdleMonitor | None = None,
        busy_monitor: BusyMonitor | None = None,
        tray_icon: QSystemTrayIcon | None = None,
        give_back: Callable[[], None] | None = None,
        back_watch: BackWatch | None = None,
    ) -> None:
        super().__init__()
        self.clock, self.paths, self.store, self.library = clock, paths, store, library
        self.notifier, self.icon_file = notifier, icon_file
        self.idle_monitor, self.busy_monitor = idle_monitor, busy_monitor
        self.back_watch = back_watch
        """Wakes the app at the user's return while a break waits for them (platform.idle.qt);
        None, or one that cannot watch here: the app looks every few seconds instead."""
        self.local_zone = local_zone
        self._give_back = give_back
        """Returns freed memory to the system after windows are let go (platform.memory in
        the app; tests, whose process is large, leave it out: a full collection is slow)."""
        self.event_log = event_log
        self._windows: Windows | None = None
        self.window_process: WindowProcess | None = None
        """Where History and Settings open when the app gives one (ui/window_process.py);
        None: here, in this process (tests, and the fallback)."""
        self.diagnostics: list[tuple[str, str]] = []
        """What each OS adapter answered (shown in About), set by the composition root."""
        self.follower = SettingsFollower(self)
        self.theming = Theming(store)
        self.reminders = Reminders(
            self.follower.rules(store.current), clock, event_log, self._carry_out
        )
        self.reminders.on_write_failed = self._write_failed
        self.reminders.on_history_changed = self._history_changed
        self.care = CareCheck(event_log)
        """Whether the check-ins call for a care note (services.care), asked at rest."""
        self.waker = waker
        waker.woke.connect(self._woke)
        if back_watch is not None:
            back_watch.on_back = waker.beat
        self.menu = TrayMenu(self.status_text)
        self.menu.set_routines(library)
        self.menu.routine_chosen.connect(self.start_routine_by_id)
        self.menu.pause_chosen.connect(self.pause)
        self.menu.meeting_chosen.connect(self.meeting)
        self.menu.resume_chosen.connect(lambda: self.dispatch(a.Resume()))
        self.menu.history_requested.connect(lambda: self.open_window("history"))
        self.menu.settings_requested.connect(lambda: self.open_window("settings"))
        self.menu.about_requested.connect(lambda: self.windows.show_about())
        self.menu.safety_requested.connect(lambda: self.windows.show_safety())
        self.menu.quit_requested.connect(self.quit)
        self.menu.status_requested.connect(self.show_main_window)
        self._tray_available = tray_available
        style = store.current[TRAY_ICON]
        self.tray = TrayIcon(self.menu, self, style, tray_icon) if tray_available else None
        self._status_window: StatusWindow | None = None
        self._prompt: BreakPrompt | RemotePrompt | None = None
        self._player: RoutinePlayer | RemotePlayer | None = None
        self._cues: Cues | None = None
        self._covers: BreakCovers | None = None
        self.clicks = ClickWatcher(
            notifier, self.show_main_window, self, answered=self._answered_in_notification
        )
        self.menu.aboutToShow.connect(self._menu_about_to_show)
        self._unsubscribe = store.subscribe(self.follower.changed)

    def _menu_about_to_show(self) -> None:
        if self.tray is None or self.tray.menu_drawn_here():  # (a host may draw it: tray.py)
            self.theming.apply_to_menu()

    def theme_windows(self, sheet: bool = True) -> None:
        """Light or dark, once something is about to show (ui/shell_settings.py)."""
        self.theming.apply(sheet)

    # -- windows made on first use: a tray app that idles all day should not pay for them --
    @property
    def windows(self) -> Windows:
        """History, settings and the message boxes (their module and Qt classes load then)."""
        if self._windows is None:
            from backbreak.ui.windows import Windows

            self.theme_windows()
            self._windows = Windows(
                self.clock, self.paths, self.store, self.library, self.event_log
            )
            self._windows.diagnostics = self.diagnostics
        return self._windows

    def open_window(self, name: str) -> None:
        """History or settings (the tray menu, `backbreak open`): in their own process where
        there is one, so their code and Qt's caches leave when they close."""
        if self.window_process is not None:
            self.window_process.open(name)
        else:
            self.open_window_here(name)

    def open_window_here(self, name: str) -> None:
        self.windows.show_named(name)

    @property
    def windows_made(self) -> Windows | None:
        """The secondary windows' owner if made (looking does not make it)."""
        return self._windows

    def _history_changed(self) -> None:
        self.care.history_changed()
        if self.window_process is not None:
            self.window_process.tell("history-changed")
        made = self.windows_made
        if made is not None:  # no history window was ever opened: nothing to redo
            made.history_changed()

    @property
    def prompt(self) -> BreakPrompt | RemotePrompt:
        """The break's prompt: in the window process where there is one (ui/break_windows.py)."""
        if self._prompt is not None and stale_prompt(self, self._prompt):
            self._prompt.deleteLater()
            self._prompt = None
        if self._prompt is None:
            self._prompt = make_prompt(self)
        return self._prompt

    @property
    def player(self) -> RoutinePlayer | RemotePlayer:
        if self._player is not None and stale_player(self, self._player):
            self._player.deleteLater()
            self._player = None
        if self._player is None:
            self._player = make_player(self)
        return self._player

    @property
    def status_window(self) -> StatusWindow:
        """The window that stands in for the tray (or that a second launch brings up)."""
        if self._status_window is None:
            from backbreak.ui.status_window import StatusWindow

            self.theme_windows()
            self._status_window = StatusWindow(self.menu, self._tray_available)
            self._status_window.quit_requested.connect(self.quit)
            self._status_window.refresh(self.status_text())
        return self._status_window

    @property
    def cues(self) -> Cues:
        """Chimes and spoken cues, made when a routine first plays (most users never hear
        one, and an idle tray app should not carry the sound module)."""
        if self._cues is None:
            from backbreak.platform.sound.qt import Cues

            self._cues = Cues(self.paths.cache_dir, lambda: self.store.current)
        return self._cues

    @property
    def state(self) -> a.State:
        return self.reminders.state

    def built(self) -> Built:
        """The windows made so far; looking does not make one (tests, the soak's sweep)."""
        return Built(self._prompt, self._player, self._status_window)

    # -- life cycle --------------------------------------------------------------------
    def start(self) -> None:
        self.follower.tell()
        if self.tray is not None:
            self.tray.show()
        else:
            self.status_window.show()
        self.waker.start()
        self.dispatch(a.Tick())
        self.ready.emit()

    def quit(self, ask: bool = True) -> None:
        """Quit; a heat or cold timer is stopped only after asking (`ask`: from the menu)."""
        if ask and not shell_routine.may_quit(self):
            return
        self.dispatch(a.Quit())
        if isinstance(self._player, RemotePlayer):
            self._player.settle()  # its outcome reaches the log before the app goes
        if self.window_process is not None:
            self.window_process.close()
        self.waker.stop()
        self._unsubscribe()
        if self.tray is not None:
            self.tray.hide()
        if self.reminders.event_log is not None:
            self.reminders.event_log.close()
        # exit(), not quit(): Qt 6's quit() first asks every window to close, and the
        # no-tray status window refuses (it minimises instead), which would cancel quitting.
        QApplication.exit(0)

    def show_main_window(self) -> None:
        shell_status.show_main_window(self)

    # -- events in ---------------------------------------------------------------------
    def dispatch(self, event: a.Event) -> None:
        """Every event goes through here: the engine steps, then the wake-up is re-armed."""
        self.reminders.dispatch(event)
        self._rearm()

    def drop_windows(self) -> None:
        """Delete the prompt, the player and the secondary windows (each is made again when
        next needed: ui/shell_rest.py decides when), then give the memory back."""
        for window in (self._prompt, self._player, self._windows):
            if window is not None:
                window.deleteLater()
        self._prompt = self._player = self._windows = None
        if self._give_back is not None:
            QTimer.singleShot(1000, self._give_back)  # once the deletions have run

    def _woke(self, wake: Wake) -> None:
        self.follower.take_edit()  # a hand-edited settings file: its rules count from now
        # Busy (a call, do not disturb) only matters for a break that is due: asking costs
        # file reads (and a D-Bus call), so an idle day does not pay for it every minute.
        monitor = self.busy_monitor
        busy = monitor.busy() if monitor is not None and self.reminders.due() else False
        idle = self.idle_monitor.idle() if self.idle_monitor is not None else None
        self.dispatch(a.Tick(idle, busy, wake.asleep))
        care_note(self)
        let_go_at_rest(self)

    def start_routine_by_id(self, routine_id: str) -> Routine | None:
        routine = self.library.get(routine_id)
        if routine is not None:
            self.dispatch(a.StartRoutine(routine))
        return routine

    def pause(self, choice: str) -> None:
        """A pause word from the tray menu or `backbreak pause` (ValueError: unknown)."""
        now = self.clock.now()
        self.dispatch(a.PauseUntil(pause_end(choice, now, self.state.rules)))

    def meeting(self, minutes: int) -> None:
        """'I'm in a meeting': hold reminders; one due meanwhile comes afterwards."""
        until = self.clock.now() + timedelta(minutes=minutes) if minutes > 0 else None
        self.dispatch(a.Meeting(until))

    def session_ended(self, end: SessionEnd) -> None:
        shell_routine.session_ended(self, end)

    # -- effects out -------------------------------------------------------------------
    def _carry_out(self, effect: a.Effect) -> None:
        carry_out(self, effect)

    def _rearm(self) -> None:
        self.waker.wake_at(self.reminders.next_wake(), poll_seconds(self))
        self.refresh()

    # -- what the tray shows (ui/shell_status.py) ----------------------------------------
    def view(self) -> StatusView:
        return shell_status.status_view(self)

    def status_text(self) -> str:
        return shell_status.status_view(self).text

    def refresh(self) -> None:
        shell_status.refresh(self)

    def cover_screens(self) -> None:
        """Full-screen breaks: every screen covered while a due break asks or plays."""
        if self._covers is not None or self.state.rules.mode.full_screen:
            from backbreak.ui.break_cover import follow_break

            self.theme_windows()
            self._covers = follow_break(
                self._covers,
                local_prompt(self._prompt),
                local_player(self._player),
                self.show_main_window,
            )

    @property
    def covers(self) -> BreakCovers | None:
        """The full-screen covers, once a full-screen break has shown them."""
        return self._covers

    def session_left(self) -> SessionLeft | None:
        return shell_status.session_left(self)

    def _answered_in_notification(self, action: str) -> None:
        if self._prompt is not None:
            self._prompt.answer_from_notification(action)

    def finish_details(self) -> list[str]:
        return shell_routine.finish_details(self)

    # -- settings (ui/shell_settings.py follows them) ----------------------------------
    def forget_idle_break_windows(self) -> None:
        """The prompt, the player and the status window keep the words they were made with:
        idle ones are let go, and made again (in the language spoken now) when next needed."""
        prompt, player = self._prompt, self._player
        if prompt is not None and idle_prompt(prompt):
            prompt.deleteLater()
            self._prompt = None
        if player is not None and idle_player(player):
            player.deleteLater()
            self._player = None
        status_window = self._status_window  # the status window, too, while it is hidden
        if status_window is not None and not status_window.isVisible():
            status_window.deleteLater()
            self._status_window = None

    def _write_failed(self, reason: str) -> None:
        shell_routine.write_failed(self, reason)

    # -- a playing routine -------------------------------------------------------------
    def step_started(self, routine: Routine, index: int) -> None:
        shell_routine.step_started(self, routine, index)
