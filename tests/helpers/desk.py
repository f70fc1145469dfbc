"""A real Shell on a simulated clock: the agenda, the service, the waker and the windows
are the app's own; only time, APScheduler's thread and the person are stand-ins.

The waker keeps its real heartbeat logic; its APScheduler is replaced by a stand-in that the
simulation fires at the planned moment (optionally a little late, like a worker thread).
Days of schedule run in seconds, and no test depends on today's date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.jobstores.base import JobLookupError
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from backbreak.content.loader import Library
from backbreak.core import agenda_model as a
from backbreak.core.settings import Settings
from backbreak.platform.notify import NotifierChain
from backbreak.platform.zone import LocalZone
from backbreak.storage.db import EventLog, open_log
from backbreak.storage.paths import AppPaths
from backbreak.storage.settings_file import save_settings
from backbreak.storage.settings_store import SettingsStore
from tests.helpers.fakes import FakeBackWatch, FakeBusy, FakeClock, FakeIdle, FakeNotifier

BERLIN = ZoneInfo("Europe/Berlin")


class StandInScheduler:
    """APScheduler's surface that the waker uses; the simulation runs the job itself."""

    def __init__(self) -> None:
        self.jobs: dict[str, tuple[datetime, Callable[[], None]]] = {}
        self.running = False

    def start(self) -> None:
        self.running = True

    def shutdown(self, wait: bool = True) -> None:
        self.running = False

    def get_job(self, job_id: str) -> object | None:
        return self.jobs.get(job_id)

    def remove_job(self, job_id: str) -> None:
        if job_id not in self.jobs:
            raise JobLookupError(job_id)
        del self.jobs[job_id]

    def add_job(self, func: Callable[[], None], trigger: Any, **kwargs: Any) -> None:
        self.jobs[kwargs["id"]] = (trigger.run_date, func)

    def next_run(self) -> datetime | None:
        return min((when for when, _ in self.jobs.values()), default=None)


@dataclass
class Desk:
    """The app as the user has it, on a clock the test moves."""

    clock: FakeClock
    library: Library
    settings: Settings = field(default_factory=Settings)
    zone: tzinfo = BERLIN
    notifier: FakeNotifier = field(default_factory=FakeNotifier)
    idle: FakeIdle = field(default_factory=FakeIdle)
    busy: FakeBusy = field(default_factory=FakeBusy)
    back: FakeBackWatch | None = None
    """The desktop's word that the user is back (None: a desktop that cannot say)."""
    lateness: timedelta = timedelta(0)
    """How late the stand-in scheduler fires (a real worker thread is ~1 ms late)."""
    tray_available: bool = False
    give_back: Callable[[], None] | None = None
    """What the app does to return memory after windows are let go (None: nothing)."""

    def __post_init__(self) -> None:
        from backbreak.ui.shell import Shell
        from backbreak.ui.waker import SchedulerWaker

        self.paths = AppPaths.from_environment()
        self.paths.ensure()
        save_settings(self.paths.settings_file, self.settings)
        opened = open_log(self.paths.database, self.clock.now())
        assert opened.log is not None, opened.notices
        self.event_log: EventLog = opened.log
        self.scheduler = StandInScheduler()
        self.waker = SchedulerWaker(self.clock, scheduler=lambda: self.scheduler)
        self.store = SettingsStore(self.paths.settings_file, self.settings)
        self.shell = Shell(
            self.clock,
            self.paths,
            self.store,
            self.library,
            self.event_log,
            NotifierChain([self.notifier]),
            self.waker,
            LocalZone(self.zone, "test", True),
            self.tray_available,
            idle_monitor=self.idle,  # type: ignore[arg-type]
            busy_monitor=self.busy,  # type: ignore[arg-type]
            give_back=self.give_back,
            back_watch=self.back,  # type: ignore[arg-type]
        )
        self.reminded: list[a.Pending] = []
        self.reminded_at: list[datetime] = []
        self.shell.reminded.connect(self._reminded)
        self.last_beat = self.clock.now()
        self.closed = False

    def _reminded(self, pending: a.Pending) -> None:
        self.reminded.append(pending)
        self.reminded_at.append(self.clock.now())

    def start(self) -> Desk:
        self.shell.start()
        self.last_beat = self.clock.now()
        return self

    # -- time --------------------------------------------------------------------------
    def next_event(self) -> tuple[datetime, str]:
        """The next thing the app would wake up for: its job, or its heartbeat."""
        beat = self.last_beat + timedelta(seconds=self.waker.poll_seconds)
        job = self.scheduler.next_run()
        if job is not None:
            job = max(job, self.clock.now()) + self.lateness
            if job <= beat:
                return job, "job"
        return beat, "beat"

    def step(self) -> str:
        """Move the clock to the next wake-up and fire it."""
        when, what = self.next_event()
        self.clock.advance(max(timedelta(0), when - self.clock.now()))
        if what == "job":
            _run_at, func = self.scheduler.jobs.pop("next-wake")
            func()  # the job emits the waker's signal, as APScheduler's thread would
        else:
            self.last_beat = self.clock.now()
            self.waker.beat()
        return what

    def run_until(self, moment: datetime, after_each: Callable[[], None] | None = None) -> None:
        while True:
            when, _ = self.next_event()
            if when > moment:
                self.clock.advance(max(timedelta(0), moment - self.clock.now()))
                return
            self.step()
            if after_each is not None:
                after_each()

    def run_for(self, delta: timedelta, after_each: Callable[[], None] | None = None) -> None:
        self.run_until(self.clock.now() + delta, after_each)

    def wake(self) -> None:
        """A wake-up right now (what the heartbeat does)."""
        self.last_beat = self.clock.now()
        self.waker.beat()

    def settle(self) -> None:
        """What the app's event loop does between wake-ups, deferred deletions included
        (processEvents alone keeps every window let go at rest alive)."""
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    # -- what the person sees ----------------------------------------------------------
    def rows(self, limit: int = 1000) -> list[Any]:
        return [e.kind for e in reversed(self.event_log.recent(limit))]

    def close(self) -> None:
        """Stop the app and free its windows (examples in a loop must not pile them up)."""
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QWidget

        if self.closed:  # already (a test that restarts the app)
            return
        self.closed = True
        self.waker.stop()
        shell = self.shell
        if shell.windows_made is not None:  # (asking for shell.windows would make them)
            shell.windows_made.close_all()
        for window in (*shell.built(), shell.menu):
            if isinstance(window, QWidget):  # (a break in a window process has stand-ins)
                window.hide()
            if window is not None:
                window.deleteLater()
        shell.deleteLater()
        self.waker.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.event_log.close()
