"""The app's behaviour, wiring the pure policy to windows, the log and notifications.

Every event that changes the plan goes through one path: update the policy, write the log,
re-arm the driver, refresh the tray. The log is written before the UI says anything happened.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from backbreak import __version__
from backbreak.adapters.dnd import BusyMonitor
from backbreak.adapters.idle import IdleMonitor
from backbreak.adapters.notify import Notice, NotifierChain
from backbreak.content import safety
from backbreak.content.loader import Library
from backbreak.core.clock import Clock
from backbreak.core.fixed import FixedReminder, next_fixed
from backbreak.core.history import EventKind, LogEntry
from backbreak.core.model import Routine, format_duration
from backbreak.core.rotation import reminder_pool
from backbreak.core.schedule import BreakPlanner, Gap, Phase, pause_until_tomorrow
from backbreak.core.settings import (
    CHECKIN,
    DAILY_TARGET,
    FIXED,
    MICRO_EVERY,
    MICRO_ON,
    MICRO_ROUTINES,
    NATURAL_BREAK,
    NOTICE_BEFORE,
    NOTIFY,
    REDUCE_MOTION,
    SKIP_FRICTION,
    SNOOZE,
    SNOOZE_LIMIT,
    SOUND_VOLUME,
    SPOKEN_CUES,
    STRETCH_CATEGORY,
    STRETCH_EVERY,
    STRETCH_ROUTINES,
    THEME,
    TIMEZONE,
    TRAY_ICON,
    WHEN_BACK,
    Settings,
    parse_duration,
    working_hours,
)
from backbreak.core.working_hours import WorkingHours
from backbreak.storage.db import EventLog, LogWriteError
from backbreak.storage.paths import AppPaths
from backbreak.storage.settings_file import save_settings
from backbreak.ui.driver import SchedulerDriver
from backbreak.ui.theme import apply_theme
from backbreak.ui.tray import TrayIcon, TrayMenu

if TYPE_CHECKING:
    from backbreak.adapters.autostart import Autostart
    from backbreak.ui.history_view import HistoryWindow
    from backbreak.ui.player import RoutinePlayer
    from backbreak.ui.prompt import BreakPrompt
    from backbreak.ui.settings_dialog import SettingsDialog
    from backbreak.ui.sound import Chime, Voice
    from backbreak.ui.status_window import StatusWindow

log = logging.getLogger(__name__)

PAUSE_KEY = "paused_until"
WAITING_HEARTBEAT = 5.0  # seconds between looks while a due reminder waits
ROTATION_KEY = "rotation_index"
SAFETY_HTML = safety.as_html()


class Controller(QObject):
    break_due = Signal(str)
    """A reminder fired for this routine id (the prompt is showing)."""
    ready = Signal()

    def __init__(
        self,
        clock: Clock,
        paths: AppPaths,
        settings: Settings,
        library: Library,
        event_log: EventLog | None,
        notifier: NotifierChain,
        tray_available: bool,
        icon_file: str = "",
        idle_monitor: IdleMonitor | None = None,
        busy_monitor: BusyMonitor | None = None,
        tray_icon: QSystemTrayIcon | None = None,
    ) -> None:
        super().__init__()
        self.clock = clock
        self.paths = paths
        self.settings = settings
        self.library = library
        self.event_log = event_log
        self.notifier = notifier
        self.icon_file = icon_file
        self.idle_monitor = idle_monitor
        self.busy_monitor = busy_monitor
        self._pending_notices: list[str] = []
        self._told_unsaved = False
        self._unsaved_reason: str | None = None
        self.diagnostics: list[tuple[str, str]] = []
        """What each OS adapter answered (shown in About), set by the composition root."""
        self._tz: tzinfo | None = None
        self._fixed_next: tuple[datetime, FixedReminder] | None = None
        self._noticed_for: datetime | None = None
        now = clock.now()
        self.planner = BreakPlanner(
            settings[STRETCH_EVERY],
            settings[SNOOZE],
            now,
            paused_until=self._stored_pause(now),
            hours=self._working_hours(settings),
        )
        self.micro = self._micro_planner(settings, now)
        self._prompted_planner: BreakPlanner | None = None
        self._session_planners: list[BreakPlanner] = []
        self._skips_in_a_row = 0
        self._last_completed: str | None = None
        self._chime: Chime | None = None
        self._voice: Voice | None = None
        self.driver = SchedulerDriver(clock, self)
        self.driver.woke.connect(self.on_wake)
        self.driver.slept.connect(self.on_slept)
        self.driver.heartbeat.connect(self.on_wake)
        self._set_heartbeat()

        self.menu = TrayMenu(self.status_text)
        self.menu.set_routines(library)
        self.menu.routine_chosen.connect(self.start_routine_by_id)
        self.menu.pause_chosen.connect(self.pause)
        self.menu.meeting_chosen.connect(self.meeting)
        self.menu.resume_chosen.connect(self.resume)
        self.menu.history_requested.connect(self.show_history)
        self.menu.settings_requested.connect(self.show_settings)
        self.menu.about_requested.connect(self.show_about)
        self.menu.safety_requested.connect(self.show_safety)
        self.menu.quit_requested.connect(self.quit)

        self.tray: TrayIcon | None = (
            TrayIcon(self.menu, self, settings[TRAY_ICON], tray_icon) if tray_available else None
        )
        self._tray_available = tray_available
        self._status_window: StatusWindow | None = None
        self._prompt: BreakPrompt | None = None
        self._player: RoutinePlayer | None = None
        self._prompted: Routine | None = None
        self._prompted_fixed: FixedReminder | None = None
        self._fixed_pending: list[tuple[datetime, FixedReminder]] = []
        self._plan_fixed(now)
        self._history: HistoryWindow | None = None
        self._history_refresh_queued = False
        self._autostart: Autostart | None = None
        self._click_watchers: dict[int, QSocketNotifier] = {}
        self._settings_dialog: SettingsDialog | None = None

    # -- windows made on first use: a tray app that idles all day should not pay for them --
    @property
    def prompt(self) -> BreakPrompt:
        if self._prompt is None:
            from backbreak.ui.prompt import BreakPrompt

            self._prompt = BreakPrompt()
            self._prompt.start_requested.connect(self.on_prompt_start)
            self._prompt.snooze_requested.connect(self.on_prompt_snooze)
            self._prompt.skip_requested.connect(self.on_prompt_skip)
            self._prompt.other_requested.connect(self.offer_other)
        return self._prompt

    @property
    def player(self) -> RoutinePlayer:
        if self._player is None:
            from backbreak.ui.player import RoutinePlayer

            self._player = RoutinePlayer(self.clock)
            self._player.pacer.reduce_motion = self.settings[REDUCE_MOTION]
            self._player.checkin_enabled = self.settings[CHECKIN]
            self._player.size_file = self.paths.cache_dir / "player-size"
            self._player.checkin_after_given.connect(self.on_checkin_after)
            self._player.session_completed.connect(self.on_completed)
            self._player.session_abandoned.connect(self.on_abandoned)
            self._player.safety_requested.connect(self.show_safety)
            self._player.step_started.connect(self.on_step_started)
            self._player.hidden_running.connect(self.refresh)
        return self._player

    @property
    def status_window(self) -> StatusWindow:
        """The window that stands in for the tray (or that a second launch brings up)."""
        if self._status_window is None:
            from backbreak.ui.status_window import StatusWindow

            self._status_window = StatusWindow(self.menu, self._tray_available)
            self._status_window.quit_requested.connect(self.quit)
            self._status_window.refresh(self.status_text())
        return self._status_window

    @property
    def playing(self) -> bool:
        return self._player is not None and self._player.playing

    # -- life cycle --------------------------------------------------------------------
    def start(self) -> None:
        for notice in self._pending_notices:
            self.tell_user(notice)
        self._pending_notices.clear()
        if self.tray is not None:
            self.tray.show()
        else:
            self.status_window.show()
        self.driver.start()
        self.replan()
        log.info(
            "backbreak %s ready (tray: %s, next break at %s)",
            __version__,
            "yes" if self.tray is not None else "no",
            self.planner.snapshot().next_due.isoformat(timespec="seconds"),
        )
        self.ready.emit()

    def quit(self) -> None:
        if self.playing:
            self.player.stop()  # records the session as abandoned
        self.driver.stop()
        if self.tray is not None:
            self.tray.hide()
        if self.event_log is not None:
            self.event_log.close()
        # exit(), not quit(): Qt 6's quit() first asks every window to close, and the
        # no-tray status window refuses (it minimises instead), which would cancel quitting.
        QApplication.exit(0)

    def show_main_window(self) -> None:
        """What a second launch asks for: the prompt if a break waits, else the status."""
        if self.planner.snapshot().phase is Phase.PROMPTING and self._prompted is not None:
            self.prompt.show()
            self.prompt.raise_()
            self.prompt.activateWindow()
            return
        if self.playing:
            self.player.show()
            self.player.raise_()
            self.player.activateWindow()
            return
        self.refresh()
        self.status_window.showNormal()
        self.status_window.raise_()
        self.status_window.activateWindow()

    def handle_command(self, line: str) -> str:
        """One request from another process (a second launch or the CLI); one reply line."""
        log.info("request from another process: %s", line)
        command, _, argument = line.strip().partition(" ")
        argument = argument.strip()
        if command == "show":
            self.show_main_window()
            return "ok"
        if command == "status":
            return self.status_text()
        if command == "resume" or (command == "pause" and argument == "off"):
            if self.planner.snapshot().paused(self.clock.now()):
                self.resume()
            return self.status_text()
        if command == "pause":
            choice = {
                "until-tomorrow": "tomorrow",
                "tomorrow": "tomorrow",
                "forever": "forever",
                "": "forever",
            }.get(argument)
            if choice is None:
                try:
                    length = parse_duration(argument)
                except ValueError as exc:
                    return f"error: {exc}, or until-tomorrow, forever or off"
                self.pause_until(self.clock.now() + length)
                return self.status_text()
            self.pause(choice)
            return self.status_text()
        if command == "start":
            routine = self.library.get(argument)
            if routine is None:
                return f'error: no routine "{argument}"; see backbreak routines list'
            self.start_routine(routine)
            return f"started {routine.title}" if self.playing else "not started"
        if command == "reload":  # `backbreak config set/reset` changed the file
            from backbreak.storage.settings_file import load_settings

            # read_only: a file that does not parse is left for the user, not replaced.
            loaded = load_settings(self.paths.settings_file, self.clock.now(), read_only=True)
            if loaded.notices:
                return "error: " + " ".join(loaded.notices)
            self.apply_settings(loaded.settings)
            return self.status_text()
        return f'error: unknown request "{command}"'

    # -- the plan ----------------------------------------------------------------------
    def on_slept(self, seconds: float) -> None:
        now = self.clock.now()
        if self.micro is not None:
            self.micro.account_sleep(now, timedelta(seconds=seconds))
        if self.planner.account_sleep(now, timedelta(seconds=seconds)) is Gap.SLEPT:
            self._record(
                LogEntry(
                    EventKind.SLEPT,
                    now,
                    actual_seconds=seconds,
                    detail=f"asleep for {format_duration(seconds)}",
                )
            )
        self.replan()

    def on_wake(self) -> None:
        """The planned moment, a heartbeat or a clock jump: ask the policy what is due."""
        now = self.clock.now()
        busy = self.busy_monitor.busy() if self.busy_monitor is not None else False
        for planner in self._planners():
            planner.observe(now)
            planner.set_busy(busy)
        idle = self.idle_monitor.idle() if self.idle_monitor is not None else None
        restart = self.settings[WHEN_BACK] == "restart"
        if self.micro is not None:
            self.micro.observe_idle(now, idle, self.settings[NATURAL_BREAK], restart)
        gap = self.planner.observe_idle(now, idle, self.settings[NATURAL_BREAK], restart)
        if gap is Gap.NATURAL_BREAK and idle is not None:
            self._record(
                LogEntry(
                    EventKind.NATURAL_BREAK,
                    now,
                    actual_seconds=idle.total_seconds(),
                    detail=f"away for {format_duration(idle.total_seconds())}",
                )
            )
        self._collect_fixed(now)
        self._maybe_notice(now)
        if not self._prompt_open() and not self.playing:
            ready = self._ready_fixed(now)
            if ready is not None:
                self.announce_fixed(ready, now)
            elif self.planner.is_due(now):
                self.announce_break(now)
            elif self.micro is not None and self.micro.is_due(now):
                stretch_at = self.planner.wake_at()
                if stretch_at is not None and stretch_at - now <= self._absorb_window():
                    log.info(
                        "micro check absorbed by the stretch break at %s",
                        stretch_at.isoformat(timespec="minutes"),
                    )
                    self.micro.skipped(now)
                else:
                    self.announce_break(now, self.micro)
        self.replan()

    def _absorb_window(self) -> timedelta:
        """A micro check this close to a stretch break is folded into it."""
        micro = self.settings[MICRO_EVERY]
        return min(timedelta(minutes=5), micro / 4)

    def _notice_at(self) -> datetime | None:
        """When the heads-up for the next interval break is due, if one is still to come."""
        lead = self.settings[NOTICE_BEFORE]
        wake = self.planner.wake_at()
        if not lead or wake is None or self._noticed_for == wake:
            return None
        return wake - lead

    def _maybe_notice(self, now: datetime) -> None:
        notice_at = self._notice_at()
        wake = self.planner.wake_at()
        if notice_at is None or wake is None or not notice_at <= now < wake:
            return
        snap = self.planner.snapshot()
        if (
            snap.paused(now)
            or self.planner.held(now)
            or snap.away
            or self.planner.busy
            or self._prompt_open()
        ):
            return
        self._noticed_for = wake
        if self.settings[NOTIFY]:
            self.notifier.notify(
                Notice(
                    title=f"Stretch break in {format_duration((wake - now).total_seconds())}",
                    body="Finish what you are typing; backbreak will ask in a moment.",
                    icon=self.icon_file,
                    timeout_ms=int((wake - now).total_seconds() * 1000),
                )
            )

    def replan(self) -> None:
        wake = self.planner.wake_at()
        times = [
            t
            for t in (
                wake,
                self._notice_at(),
                self.micro.wake_at() if self.micro is not None else None,
                self._fixed_next[0] if self._fixed_next else None,
                *(due for due, _ in self._fixed_pending),
            )
            if t is not None
        ]
        now = self.clock.now()
        future = [t for t in times if t > now]
        # Only future moments go to the scheduler. Something already due but held back (the
        # user is away, busy or answering another prompt) has no moment of its own: a quicker
        # heartbeat looks again, instead of a scheduler that fires and re-fires at once.
        self.driver.wake_at(min(future) if future else None)
        self._set_heartbeat(waiting=len(future) < len(times))
        self.refresh()

    # -- reminders at clock times ------------------------------------------------------
    def _prompt_open(self) -> bool:
        return self._prompt is not None and self._prompt.isVisible()

    def _plan_fixed(self, now: datetime) -> None:
        self._fixed_next = next_fixed(self.settings[FIXED], now, self._tz)

    def _collect_fixed(self, now: datetime) -> None:
        """Fixed times that passed join the queue (one each, even after a long absence);
        during a pause they are let go."""
        while self._fixed_next is not None and now >= self._fixed_next[0]:
            when, entry = self._fixed_next
            paused = self.planner.snapshot().paused(when)
            if not paused and all(e.name != entry.name for _, e in self._fixed_pending):
                self._fixed_pending.append((when, entry))
            self._fixed_next = next_fixed(self.settings[FIXED], when, self._tz)

    def _ready_fixed(self, now: datetime) -> FixedReminder | None:
        snap = self.planner.snapshot()
        if snap.paused(now) or self.planner.held(now) or snap.away or self.planner.busy:
            return None
        for index, (due, entry) in enumerate(self._fixed_pending):
            if due <= now:
                del self._fixed_pending[index]
                return entry
        return None

    def announce_fixed(self, entry: FixedReminder, now: datetime) -> None:
        routine = self.library.get(entry.routine_id)
        if routine is None:
            log.warning(
                'fixed reminder "%s" names a routine that does not exist: %s',
                entry.name,
                entry.routine_id,
            )
            return
        self._prompted, self._prompted_fixed = routine, entry
        self._record(
            LogEntry(
                EventKind.REMINDED,
                now,
                routine.id,
                routine.version,
                routine.category.value,
                planned_seconds=routine.duration_seconds,
                detail=f"at a fixed time ({entry.name})",
            )
        )
        if self.settings[NOTIFY]:
            self.notifier.notify(
                Notice(
                    title=f"Time for {routine.title.lower()}",
                    body=f"{routine.title} · {format_duration(routine.duration_seconds)}. "
                    "Start, snooze or skip in the backbreak window.",
                    icon=self.icon_file,
                    tag="prompt",
                    action="Open the break",
                )
            )
            self._watch_clicks()
        self._show_prompt(routine, None)
        self.break_due.emit(routine.id)

    def announce_break(self, now: datetime, planner: BreakPlanner | None = None) -> None:
        planner = planner or self.planner
        micro = planner is self.micro
        routine = self.next_routine(micro)
        if routine is None:
            log.warning("a break is due but there are no routines to offer")
            planner.skipped(now)
            return
        self._prompted, self._prompted_planner = routine, planner
        planner.prompted(now)
        if not micro and self.micro is not None:
            micro_at = self.micro.wake_at()
            if micro_at is not None and micro_at - now <= self._absorb_window():
                self.micro.skipped(now)  # the stretch break covers the posture check
        self._record(
            LogEntry(
                EventKind.REMINDED,
                now,
                routine.id,
                routine.version,
                routine.category.value,
                planned_seconds=routine.duration_seconds,
                detail="micro posture check" if micro else None,
            )
        )
        if self.settings[NOTIFY]:
            self.notifier.notify(
                Notice(
                    title="Time for a posture check" if micro else "Time for a stretch break",
                    body=f"{routine.title} · {format_duration(routine.duration_seconds)}. "
                    "Start, snooze or skip in the backbreak window.",
                    icon=self.icon_file,
                    tag="prompt",
                    action="Open the break",
                )
            )
            self._watch_clicks()
        self._show_prompt(routine, planner)
        self.break_due.emit(routine.id)

    def _watch_clicks(self) -> None:
        """Listen on each notifier that can report clicks (a socket, read on the GUI thread)."""
        live = {}
        for source in self.notifier.click_sources():
            fd = source.fileno()
            if fd is None:
                continue
            watcher = self._click_watchers.pop(fd, None)
            if watcher is None:
                watcher = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
                # activated(socket, type): take both, or they would overwrite `s`.
                watcher.activated.connect(lambda *_signal, s=source: self._notification_clicked(s))
            live[fd] = watcher
        for stale in self._click_watchers.values():  # connections that were closed
            stale.setEnabled(False)
            stale.deleteLater()
        self._click_watchers = live

    def _notification_clicked(self, source: Any) -> None:
        tags = source.take_clicks()
        if source.fileno() not in self._click_watchers:
            self._watch_clicks()  # the connection was lost: stop watching its old socket
        if "prompt" in tags:
            log.info("notification clicked: showing the break prompt")
            self.show_main_window()

    def _show_prompt(self, routine: Routine, planner: BreakPlanner | None) -> None:
        snoozes = planner.snapshot().snoozes if planner is not None else 0
        left = max(0, self.settings[SNOOZE_LIMIT] - snoozes)
        friction = self.settings[SKIP_FRICTION]
        self.prompt.show_for(
            routine,
            self.settings[SNOOZE].total_seconds() / 60,
            left,
            confirm_skip=bool(friction) and self._skips_in_a_row >= friction,
        )

    def offer_other(self) -> None:
        """'Not this one': the routine of the most similar length from the same kind."""
        current = self._prompted
        if current is None:
            return
        micro = self.micro is not None and self._prompted_planner is self.micro
        wanted = self.settings[MICRO_ROUTINES if micro else STRETCH_ROUTINES]
        pool = [
            r
            for r in reminder_pool(
                self.library, wanted, "" if micro else self.settings[STRETCH_CATEGORY]
            )
            if r.id != current.id
        ] or [r for r in self.library if r.id != current.id and r.category is current.category]
        if not pool:
            return
        other = min(pool, key=lambda r: (abs(r.duration_seconds - current.duration_seconds), r.id))
        log.info("not this one: %s instead of %s", other.id, current.id)
        self._prompted = other
        self._show_prompt(other, self._prompted_planner)

    def next_routine(self, micro: bool = False) -> Routine | None:
        wanted = self.settings[MICRO_ROUTINES if micro else STRETCH_ROUTINES]
        missing = [rid for rid in wanted if self.library.get(rid) is None]
        if missing:
            log.warning("breaks.routines names routines that do not exist: %s", ", ".join(missing))
        pool = reminder_pool(self.library, wanted, "" if micro else self.settings[STRETCH_CATEGORY])
        if not pool:
            return None
        key = f"{ROTATION_KEY}:micro" if micro else ROTATION_KEY
        index = 0
        if self.event_log is not None:
            try:
                index = int(self.event_log.get_state(key) or 0)
            except ValueError:
                index = 0
        routine = pool[index % len(pool)]
        if self.event_log is not None:
            self._safely(
                lambda: self.event_log.set_state(  # type: ignore[union-attr]
                    key, str((index + 1) % len(pool))
                )
            )
        return routine

    # -- answers to the prompt ---------------------------------------------------------
    def on_prompt_start(self) -> None:
        if self._prompted is not None:
            self.start_routine(self._prompted)

    def on_prompt_snooze(self) -> None:
        now = self.clock.now()
        routine = self._prompted
        length = format_duration(self.settings[SNOOZE].total_seconds())
        if self._prompted_fixed is not None:
            self._fixed_pending.append((now + self.settings[SNOOZE], self._prompted_fixed))
            self._record(
                LogEntry(
                    EventKind.SNOOZED, now, *self._routine_fields(routine), detail=f"for {length}"
                )
            )
            self._answered_fixed()
            return
        (self._prompted_planner or self.planner).snoozed(now)
        self._record(
            LogEntry(EventKind.SNOOZED, now, *self._routine_fields(routine), detail=f"for {length}")
        )
        self._prompted = self._prompted_planner = None
        self.replan()

    def on_prompt_skip(self) -> None:
        now = self.clock.now()
        routine = self._prompted
        if self._prompted_fixed is not None:
            self._record(LogEntry(EventKind.SKIPPED, now, *self._routine_fields(routine)))
            self._answered_fixed()
            return
        (self._prompted_planner or self.planner).skipped(now)
        self._skips_in_a_row += 1
        self._record(LogEntry(EventKind.SKIPPED, now, *self._routine_fields(routine)))
        self._prompted = self._prompted_planner = None
        QTimer.singleShot(0, self.on_wake)  # another kind of reminder may be waiting

    def _answered_fixed(self) -> None:
        self._prompted = self._prompted_fixed = None
        QTimer.singleShot(0, self.on_wake)  # an interval break may be waiting its turn

    # -- playing -----------------------------------------------------------------------
    def start_routine_by_id(self, routine_id: str) -> None:
        routine = self.library.get(routine_id)
        if routine is not None:
            self.start_routine(routine)

    def confirm_checklist(self, routine: Routine) -> bool:
        """Heat and cold start only after the safety checklist is confirmed (CONTENT.md)."""
        items = "".join(f"<li>{item}</li>" for item in routine.checklist)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            f"Before {routine.title.lower()}",
            f"<p><b>Check before you start:</b></p><ul>{items}</ul>",
        )
        start = box.addButton("All checked, start", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(start)
        box.exec()
        return box.clickedButton() is start

    def start_routine(self, routine: Routine) -> None:
        if routine.checklist and not self.confirm_checklist(routine):
            return
        now = self.clock.now()
        if self.playing:
            self.player.stop()  # the one playing is abandoned, and logged as such
        if self._prompt is not None and self._prompt.isVisible():
            self._prompt.hide()
        # A micro check moves only its own counter; any other break moves every counter.
        micro = self.micro is not None and self._prompted_planner is self.micro
        self._session_planners = [self.micro] if micro and self.micro else self._planners()
        self._prompted = self._prompted_fixed = self._prompted_planner = None
        for planner in self._session_planners:
            planner.started(now)
        self._record(
            LogEntry(
                EventKind.STARTED,
                now,
                *self._routine_fields(routine),
                steps_total=len(routine.played_steps),
            )
        )
        self.player.play(routine)
        self.replan()

    def on_step_started(self, routine: Routine, index: int) -> None:
        """A chime and the spoken cue at each step; heat and cold phases also notify,
        since their window may be hidden."""
        step = routine.played_steps[index]
        self._cue(step.cue or step.title)
        if routine.thermal is None:
            return
        step = routine.played_steps[index]
        self.notifier.notify(Notice(title=step.title, body=step.instruction, icon=self.icon_file))

    def _cue(self, words: str) -> None:
        volume = self.settings[SOUND_VOLUME]
        if volume:
            if self._chime is None:
                from backbreak.ui.sound import Chime

                self._chime = Chime(self.paths.cache_dir, volume / 100)
            self._chime.volume = volume / 100
            self._chime.play()
        if self.settings[SPOKEN_CUES]:
            if self._voice is None:
                from backbreak.ui.sound import Voice

                self._voice = Voice()
            self._voice.say(words)

    def on_completed(self, routine: Routine, elapsed: timedelta) -> None:
        now = self.clock.now()
        self._cue(f"Done: {routine.title}")
        if routine.thermal is not None:
            self.notifier.notify(
                Notice(
                    title="Take the pack off now",
                    body=f"{routine.title} is done. Check your skin and let it rest.",
                    icon=self.icon_file,
                )
            )
        steps = len(routine.played_steps)
        self._last_completed = self._record(
            LogEntry(
                EventKind.COMPLETED,
                now,
                *self._routine_fields(routine),
                actual_seconds=elapsed.total_seconds(),
                steps_done=steps,
                steps_total=steps,
                checkin_before=self.player.checkin_before,
            )
        )
        if self._last_completed is None:  # the finish screen must not say it was saved
            self.player.history_problem = (
                self._unsaved_reason
                or "the history database could not be opened when backbreak started"
            )
        self._skips_in_a_row = 0
        self._finish_session(now)

    def on_abandoned(self, routine: Routine, steps_done: int, elapsed: timedelta) -> None:
        now = self.clock.now()
        self._record(
            LogEntry(
                EventKind.ABANDONED,
                now,
                *self._routine_fields(routine),
                actual_seconds=elapsed.total_seconds(),
                steps_done=steps_done,
                steps_total=len(routine.played_steps),
                checkin_before=self.player.checkin_before,
            )
        )
        self._finish_session(now)

    def on_checkin_after(self, value: int) -> None:
        uid = self._last_completed
        if uid is not None and self.event_log is not None:
            self._safely(lambda: self.event_log.set_checkin_after(uid, value))  # type: ignore[union-attr]

    def _finish_session(self, now: datetime) -> None:
        for planner in self._session_planners or self._planners():
            planner.finished(now)
        self._session_planners = []
        self.replan()

    # -- pause -------------------------------------------------------------------------
    def pause(self, choice: str) -> None:
        now = self.clock.now()
        until = {
            "30m": now + timedelta(minutes=30),
            "1h": now + timedelta(hours=1),
            "2h": now + timedelta(hours=2),
            "tomorrow": self._tomorrow(now),
            "forever": None,
        }[choice]
        self.pause_until(until)

    def pause_until(self, until: datetime | None) -> None:
        """Pause until a moment (None: until resumed); survives a restart."""
        now = self.clock.now()
        for planner in self._planners():
            planner.pause(now, until)
        text = "indefinitely" if until is None else f"until {_clock_text(until, now)}"
        self._record(LogEntry(EventKind.PAUSED, now, detail=text))
        stored = "forever" if until is None else until.isoformat()
        if self.event_log is not None:
            self._safely(lambda: self.event_log.set_state(PAUSE_KEY, stored))  # type: ignore[union-attr]
        self.replan()

    def _tomorrow(self, now: datetime) -> datetime:
        """Tomorrow's working hours when they are set, else tomorrow morning."""
        morning = pause_until_tomorrow(now)
        hours = self.planner.hours
        if hours is not None and hours.enabled:
            return hours.next_start(morning) or morning
        return morning

    def meeting(self, minutes: int) -> None:
        """'I'm in a meeting': hold reminders; one due meanwhile comes afterwards."""
        now = self.clock.now()
        until = now + timedelta(minutes=minutes) if minutes > 0 else None
        for planner in self._planners():
            planner.hold(now, until)
        log.info("in a meeting until %s", until.isoformat(timespec="minutes") if until else "-")
        self.replan()

    def resume(self) -> None:
        now = self.clock.now()
        for planner in self._planners():
            planner.resume(now)
        self._record(LogEntry(EventKind.RESUMED, now))
        if self.event_log is not None:
            self._safely(lambda: self.event_log.set_state(PAUSE_KEY, None))  # type: ignore[union-attr]
        self.replan()

    def _stored_pause(self, now: datetime) -> datetime | None:
        if self.event_log is None:
            return None
        text = self.event_log.get_state(PAUSE_KEY)
        if not text:
            return None
        if text == "forever":
            return datetime.max.replace(tzinfo=now.tzinfo)
        try:
            until = datetime.fromisoformat(text)
        except ValueError:
            return None
        return until if until > now else None

    # -- what the tray shows -----------------------------------------------------------
    def status_text(self) -> str:
        now = self.clock.now()
        snap = self.planner.snapshot()
        held = self.planner.held_until
        if held is not None and self.planner.held(now):
            return f"In a meeting until {_clock_text(held, now)}"
        if snap.paused(now):
            assert snap.paused_until is not None
            if snap.paused_until.year == datetime.max.year:
                return "Reminders paused"
            return f"Reminders paused until {_clock_text(snap.paused_until, now)}"
        if snap.phase is Phase.IN_BREAK:
            left = self._player.time_left() if self._player is not None else None
            state = self._player.state if self._player is not None else None
            if left is not None and state is not None and state.routine.thermal is not None:
                return f"{state.step.title} · {format_duration(left.total_seconds())} left"
            return "Break in progress"
        if snap.phase is Phase.PROMPTING:
            return "A break is waiting for you"
        if snap.away and self.planner.time_left(now) <= timedelta(0):
            return "A break is due when you are back"
        if self.planner.busy and self.planner.time_left(now) <= timedelta(0):
            return "A break is due after this (do not disturb or fullscreen)"
        hours = self.planner.hours
        if hours is not None and hours.enabled and not hours.contains(now):
            if self.planner.wake_at() is None:
                return "Outside working hours"
            return f"Outside working hours · next break {_clock_text(snap.next_due, now)}"
        left = self.planner.time_left(now)
        if left < timedelta(minutes=1):
            return "Next break in less than a minute"
        return (
            f"Next break in {format_duration(left.total_seconds())}"
            f" (at {_clock_text(snap.next_due, now)})"
        )

    def refresh(self) -> None:
        now = self.clock.now()
        snap = self.planner.snapshot()
        status = self.status_text()
        self.menu.set_paused(snap.paused(now))
        self.menu.set_in_meeting(self.planner.held(now))
        self.menu.refresh()
        if self._status_window is not None:
            self._status_window.refresh(status)
        if self.tray is not None:
            state = (
                "paused"
                if snap.paused(now)
                else "due"
                if snap.phase is Phase.PROMPTING
                else "active"
            )
            self.tray.update(state, f"backbreak\n{status}")

    # -- windows -----------------------------------------------------------------------
    def show_history(self) -> None:
        if self._history is None:
            from backbreak.ui.history_view import HistoryWindow

            self._history = HistoryWindow()
            self._history.export_requested.connect(self.export_history)
        self._refresh_history()
        self._history.show()
        self._history.raise_()
        self._history.activateWindow()

    def _refresh_history(self) -> None:
        """Read the log once (day tallies, the longest period's routines, recent events)."""
        from backbreak.ui.history_view import PERIODS, HistoryData

        self._history_refresh_queued = False
        if self._history is None:
            return
        now = self.clock.now()
        data = HistoryData(
            now, self.settings[DAILY_TARGET], titles={r.id: r.title for r in self.library}
        )
        if self.event_log is None:
            data.unavailable = (
                "History is not available: the database could not be opened "
                f"(see {self.paths.log_file})."
            )
        else:
            try:
                data.day_tallies, data.routine_tallies = self.event_log.tallies(
                    now.date() - timedelta(days=max(PERIODS) - 1)
                )
                data.recent = self.event_log.recent(200)
            except sqlite3.Error as exc:
                log.error("could not read the history database: %s", exc)
                data.unavailable = f"History could not be read ({exc})."
        self._history.show_history(data)

    def _history_changed(self) -> None:
        """Something was logged: an open history window catches up (once per burst)."""
        if self._history is None or not self._history.isVisible() or self._history_refresh_queued:
            return
        self._history_refresh_queued = True
        QTimer.singleShot(0, self._refresh_history)

    def export_history(self, path: str, fmt: str) -> None:
        """Write the whole log as CSV or JSON (the same files `backbreak export` writes)."""
        from backbreak.storage.atomic import write_atomic
        from backbreak.storage.exchange import to_csv, to_json

        if self.event_log is None:
            self._history_message("Nothing was exported: the history database could not be opened.")
            return
        try:
            entries = self.event_log.since(datetime(1970, 1, 1, tzinfo=UTC))
            write_atomic(Path(path), to_csv(entries) if fmt == "csv" else to_json(entries))
        except (OSError, sqlite3.Error) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            self._history_message(
                f"Could not export to {path}: {reason}. Choose another folder or file name."
            )
            return
        self._history_message(f"Exported {plural_events(len(entries))} to {path}.")

    def _history_message(self, text: str) -> None:
        if self._history is not None and self._history.isVisible():
            self._history.show_message(text)
        else:
            self.tell_user(text)

    def confirm(self, title: str, text: str, action: str) -> bool:
        """Ask before something that cannot be undone; No is the default. Tests replace it."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text)
        go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is go

    def delete_history(self) -> None:
        """ "Delete all my history" from the settings: asks, then forgets every event."""
        if self.event_log is None:
            self.tell_user("There is no history to delete: the database could not be opened.")
            return
        count = self.event_log.count()
        if not count:
            self.tell_user("Your history is already empty.", problem=False)
            return
        if not self.confirm(
            "Delete all my history?",
            f"This deletes all {plural_events(count)} in {self.event_log.path} for good: "
            "streaks, check-ins and the log. It cannot be undone. Export it first from "
            "the History window if you may want it back. Your settings and routines are "
            "kept.",
            "Delete all",
        ):
            return
        try:
            deleted = self.event_log.delete_all()
        except LogWriteError as exc:
            self.tell_user(f"The history could not be deleted: {exc}.")
            return
        self.tell_user(
            f"Deleted {plural_events(deleted)}. Your settings and routines are untouched.",
            problem=False,
        )
        if self._history is not None and self._history.isVisible():
            self._refresh_history()

    def show_settings(self) -> None:
        from backbreak.ui.settings_dialog import SettingsDialog

        if self._settings_dialog is not None and self._settings_dialog.isVisible():
            self._settings_dialog.raise_()
            return
        dialog = SettingsDialog(self.settings, self.paths, autostart=self.autostart())
        dialog.settings_accepted.connect(self.apply_settings)
        dialog.delete_history_requested.connect(self.delete_history)
        dialog.history_requested.connect(self.show_history)
        self._settings_dialog = dialog
        dialog.show()

    def autostart(self) -> Autostart:
        """The start-at-login writer for this system (made on first use; tests replace it)."""
        if self._autostart is None:
            from backbreak.adapters.autostart import for_platform

            self._autostart = for_platform()
        return self._autostart

    def apply_settings(self, settings: Settings) -> None:
        try:
            save_settings(self.paths.settings_file, settings)
        except OSError as exc:
            self.tell_user(
                f"The settings could not be saved to {self.paths.settings_file}: "
                f"{exc.strerror or exc}. They apply until backbreak quits."
            )
        self.settings = settings
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, settings[THEME])
        if self.tray is not None:
            self.tray.set_style(settings[TRAY_ICON])
        if self._player is not None:
            self._player.pacer.reduce_motion = settings[REDUCE_MOTION]
            self._player.checkin_enabled = settings[CHECKIN]
        self.planner.set_hours(self._working_hours(settings))
        self._plan_fixed(self.clock.now())
        for notice in self._pending_notices:
            self.tell_user(notice)
        self._pending_notices.clear()
        now = self.clock.now()
        self.planner.reconfigure(settings[STRETCH_EVERY], settings[SNOOZE], now)
        if self.micro is None or not settings[MICRO_ON]:
            self.micro = self._micro_planner(settings, now)
        else:
            self.micro.set_hours(self.planner.hours)
            self.micro.reconfigure(settings[MICRO_EVERY], settings[SNOOZE], now)
        self._set_heartbeat()
        self.replan()

    def show_welcome(self) -> None:
        """Once, on the first start: where backbreak lives, and the safety words."""
        where = "in your system tray" if self.tray is not None else "in its own small window"
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Welcome to backbreak",
            f"<h3>Welcome to backbreak</h3><p>backbreak runs {where}. Your first "
            f"stretch break comes in "
            f"{format_duration(self.settings[STRETCH_EVERY].total_seconds())}; "
            "<i>Start a break now</i> in the menu starts one at any time.</p>" + SAFETY_HTML,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setModal(False)
        box.show()
        self._welcome = box

    def show_safety(self) -> None:
        """ "When to see a professional": reachable from the menu and from every routine."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "When to see a professional",
            "<h3>When to see a professional</h3>" + SAFETY_HTML,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setModal(False)
        box.show()
        self._safety_box = box

    def show_about(self) -> None:
        QMessageBox.about(
            None,
            "About backbreak",
            f"<h3>backbreak {__version__}</h3>"
            "<p>Posture and stretch breaks for desk-bound necks and backs.</p>"
            + SAFETY_HTML
            + f"<p>Settings: {self.paths.settings_file}<br>History: {self.paths.database}<br>"
            f"Logs: {self.paths.log_file}</p>"
            + "".join(
                f"<p><b>{name}:</b> {escape(status)}</p>" for name, status in self.diagnostics
            )
            + "<p>Free software under the GNU GPL, version 3 or later.</p>",
        )

    def tell_user(self, message: str, problem: bool = True) -> None:
        """Something the user should know about (a problem unless told), without blocking."""
        (log.warning if problem else log.info)("%s", message)
        box = QMessageBox(
            QMessageBox.Icon.Warning if problem else QMessageBox.Icon.Information,
            "backbreak",
            message,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setModal(False)
        box.show()
        self._notice_boxes = [b for b in getattr(self, "_notice_boxes", []) if b.isVisible()]
        self._notice_boxes.append(box)

    # -- helpers -----------------------------------------------------------------------
    def _working_hours(self, settings: Settings) -> WorkingHours:
        name = settings[TIMEZONE]
        tz: tzinfo | None = None
        if name:
            try:
                tz = ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                self._pending_notices.append(
                    f'The time zone "{name}" in the settings is not known here; working hours '
                    "use the computer's own time zone."
                )
        self._tz = tz
        return working_hours(settings, tz)

    def _micro_planner(self, settings: Settings, now: datetime) -> BreakPlanner | None:
        """Micro posture checks: a second interval with its own rhythm, when enabled."""
        if not settings[MICRO_ON]:
            return None
        return BreakPlanner(
            settings[MICRO_EVERY],
            settings[SNOOZE],
            now,
            paused_until=self.planner.snapshot().paused_until,
            hours=self.planner.hours,
        )

    def _planners(self) -> list[BreakPlanner]:
        return [self.planner] + ([self.micro] if self.micro is not None else [])

    def _set_heartbeat(self, waiting: bool = False) -> None:
        """Once a minute, or often enough to notice a short natural break; every few seconds
        while a due reminder waits for the user to come back or to be free."""
        natural = self.settings[NATURAL_BREAK].total_seconds()
        seconds = min(60.0, max(1.0, natural / 3))
        self.driver.set_heartbeat(min(seconds, WAITING_HEARTBEAT) if waiting else seconds)

    def _record(self, entry: LogEntry) -> str | None:
        """Write one event; its uid, or None when the log is unavailable or the write failed."""
        log.info("%s", entry.describe())
        if self.event_log is None:
            return None
        try:
            uid = self.event_log.record(entry)
        except LogWriteError as exc:
            self._write_failed(exc)
            return None
        self._write_worked()
        self._history_changed()
        return uid

    def _safely(self, write: Callable[[], object]) -> None:
        try:
            write()
        except LogWriteError as exc:
            self._write_failed(exc)
        else:
            self._write_worked()

    def _write_failed(self, exc: LogWriteError) -> None:
        """Tell the user once per run of failures: a full disk fails every write until it is
        freed, and a box after every break would only nag."""
        log.error("could not write to the history database: %s", exc)
        self._unsaved_reason = exc.reason
        if self._told_unsaved:
            return
        self._told_unsaved = True
        self.tell_user(
            f"Your breaks could not be saved to the history: {exc.reason}. "
            "backbreak keeps reminding you, and saves again as soon as it can; "
            "breaks taken meanwhile are missing from the history."
        )

    def _write_worked(self) -> None:
        if self._told_unsaved:
            log.info("the history database can be written again")
        self._told_unsaved = False
        self._unsaved_reason = None

    @staticmethod
    def _routine_fields(
        routine: Routine | None,
    ) -> tuple[str | None, int | None, str | None, float | None]:
        if routine is None:
            return None, None, None, None
        return routine.id, routine.version, routine.category.value, routine.duration_seconds


def plural_events(count: int) -> str:
    return f"{count} event{'' if count == 1 else 's'}"


def _clock_text(when: datetime, now: datetime) -> str:
    local = when.astimezone(now.tzinfo)
    if local.date() == now.date():
        return local.strftime("%H:%M")
    if local.date() == (now + timedelta(days=1)).date():
        return local.strftime("tomorrow %H:%M")
    return local.strftime("%a %d %b %H:%M")
