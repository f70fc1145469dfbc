"""Wakes the app when the agenda says: APScheduler for the moment, a heartbeat as safety net.

The waker decides nothing. It emits `woke` exactly once per wake-up (the planned moment, a
heartbeat, or the clock found to have jumped) and the shell runs the agenda once for it.
APScheduler waits on a monotonic clock that stops during suspend, so every wake-up compares
wall and monotonic time and reports how long the machine slept; the agenda then re-plans
instead of trusting the scheduler's backlog. The APScheduler job only emits a Qt signal (it
runs on the scheduler's thread; the signal is queued to the GUI thread).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from apscheduler.executors.debug import DebugExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger
from PySide6.QtCore import QObject, QTimer, Signal

from backbreak.core.clock import Clock

log = logging.getLogger(__name__)

JOB_ID = "next-wake"
#: Wall time that ran ahead of monotonic time by more than this was a suspend or clock change.
JUMP_SECONDS = 30.0
DEFAULT_POLL = 60.0


@dataclass(frozen=True, slots=True)
class Wake:
    asleep: timedelta = timedelta(0)
    """How far wall time ran ahead of monotonic time since the last wake-up (a suspend, or
    the clock set forward); zero otherwise."""


class Scheduler(Protocol):
    """The part of APScheduler's BackgroundScheduler the waker uses (tests stand in for it)."""

    running: bool

    def start(self) -> None: ...
    def shutdown(self, wait: bool = ...) -> None: ...
    def get_job(self, job_id: str) -> object | None: ...
    def remove_job(self, job_id: str) -> None: ...
    def add_job(self, func: Callable[[], None], trigger: Any, **kwargs: Any) -> object: ...


def background_scheduler() -> Scheduler:
    """The scheduler's own thread runs the job (APScheduler's inline executor): the job only
    queues a signal, and the default pool would keep a second idle thread, with its stack
    and its C library arena, for the whole day."""
    scheduler: Scheduler = BackgroundScheduler(
        executors={"default": DebugExecutor()},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    return scheduler


class SchedulerWaker(QObject):
    woke = Signal(object)
    """A `Wake`: ask the agenda what is due, once."""
    _fired = Signal()

    def __init__(
        self,
        clock: Clock,
        parent: QObject | None = None,
        scheduler: Callable[[], Scheduler] = background_scheduler,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._scheduler = scheduler()
        self._fired.connect(self._wake)  # queued when the job runs on the scheduler's thread
        self._timer = QTimer(self)
        # Qt's default coarse timer (5 % slack) lets the heartbeat share wake-ups; asking for
        # a very coarse one would load all of Qt's namespace enums (1 MiB) for it.
        self._timer.setInterval(int(DEFAULT_POLL * 1000))
        self._timer.timeout.connect(self._wake)
        self._last_wall = clock.now()
        self._last_mono = clock.monotonic()
        self._planned: datetime | None = None

    @property
    def scheduler(self) -> Scheduler:
        return self._scheduler

    @property
    def planned(self) -> datetime | None:
        return self._planned

    @property
    def poll_seconds(self) -> float:
        return self._timer.interval() / 1000

    def start(self) -> None:
        self._scheduler.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._scheduler.running:
            # Remove the job first: shutdown() marks the scheduler stopped without its lock,
            # and a job its thread is just finishing would then fail to remove itself (an
            # exception in APScheduler's thread). remove_job waits for that lock.
            with contextlib.suppress(JobLookupError):
                self._scheduler.remove_job(JOB_ID)
            self._scheduler.shutdown(wait=False)

    def wake_at(self, when: datetime | None, poll_seconds: float = DEFAULT_POLL) -> None:
        """Replace the single pending wake-up (None: nothing planned) and set how often the
        heartbeat looks at the clock and the user's idle time."""
        interval = max(1000, int(poll_seconds * 1000))
        if interval != self._timer.interval():
            self._timer.setInterval(interval)
        if when == self._planned and (when is None or self._scheduler.get_job(JOB_ID)):
            return  # unchanged: do not churn the scheduler on every heartbeat
        self._planned = when
        # The scheduler's thread removes a job that has just fired: it may be gone by now.
        with contextlib.suppress(JobLookupError):
            self._scheduler.remove_job(JOB_ID)
        if when is None:
            return
        run_at = max(when, self._clock.now())
        self._scheduler.add_job(
            self._fired.emit, DateTrigger(run_date=run_at), id=JOB_ID, replace_existing=True
        )
        log.debug("next wake-up at %s", run_at.isoformat(timespec="seconds"))

    def check_clock(self) -> None:
        """Wake now (the OS said it resumed from suspend)."""
        self._wake()

    def beat(self) -> None:
        """What the heartbeat timer does (tests that run the clock call it)."""
        self._wake()

    def _wake(self) -> None:
        wall, mono = self._clock.now(), self._clock.monotonic()
        drift = (wall - self._last_wall).total_seconds() - (mono - self._last_mono)
        self._last_wall, self._last_mono = wall, mono
        asleep = timedelta(0)
        if abs(drift) > JUMP_SECONDS:
            log.info(
                "wall clock moved %+.0f s against monotonic time (sleep or clock change)", drift
            )
            if drift > 0:
                asleep = timedelta(seconds=drift)
        self.woke.emit(Wake(asleep))
