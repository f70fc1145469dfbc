"""Wakes the app when the policy says: APScheduler for the moment, a heartbeat as safety net.

The APScheduler job only emits a Qt signal (it runs on a worker thread; the signal arrives
on the GUI thread). APScheduler waits on a monotonic clock that stops during suspend, so a
coarse heartbeat compares wall and monotonic time and reports jumps; the app then asks the
policy again instead of trusting the scheduler's backlog.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from backbreak.core.clock import Clock

log = logging.getLogger(__name__)

JOB_ID = "next-wake"
HEARTBEAT_MS = 60_000
#: Wall time that ran ahead of monotonic time by more than this was a suspend or clock change.
JUMP_SECONDS = 30.0


class SchedulerDriver(QObject):
    woke = Signal()
    """The planned moment came (or the clock jumped): ask the policy what is due."""
    heartbeat = Signal()
    """About once a minute, for countdowns in the tray."""
    slept = Signal(float)
    """Wall time ran ahead of monotonic time by this many seconds: the machine was asleep."""

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._scheduler = BackgroundScheduler(
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
        )
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._timer.setInterval(HEARTBEAT_MS)
        self._timer.timeout.connect(self._beat)
        self._last_wall = clock.now()
        self._last_mono = clock.monotonic()
        self._planned: datetime | None = None

    def start(self) -> None:
        self._scheduler.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._scheduler.running:
            # Remove the job first: shutdown() marks the scheduler stopped without its lock,
            # and a job the worker is just finishing would then fail to remove itself (an
            # exception in APScheduler's thread). remove_job waits for that lock.
            with contextlib.suppress(JobLookupError):
                self._scheduler.remove_job(JOB_ID)
            self._scheduler.shutdown(wait=False)

    @property
    def planned(self) -> datetime | None:
        return self._planned

    def set_heartbeat(self, seconds: float) -> None:
        """How often to look at the clock and the user's idle time (default once a minute)."""
        interval = max(1000, int(seconds * 1000))
        if interval != self._timer.interval():
            self._timer.setInterval(interval)

    def wake_at(self, when: datetime | None) -> None:
        """Replace the single pending wake-up (None: nothing planned)."""
        if when == self._planned and (when is None or self._scheduler.get_job(JOB_ID)):
            return  # unchanged: do not churn the scheduler on every heartbeat
        self._planned = when
        # The worker thread removes a job that has just fired: it may be gone by now.
        with contextlib.suppress(JobLookupError):
            self._scheduler.remove_job(JOB_ID)
        if when is None:
            return
        run_at = max(when, self._clock.now())
        self._scheduler.add_job(
            self.woke.emit, DateTrigger(run_date=run_at), id=JOB_ID, replace_existing=True
        )
        log.debug("next wake-up at %s", run_at.isoformat(timespec="seconds"))

    def check_clock(self) -> None:
        """Compare wall and monotonic time now (also called on resume from the OS)."""
        self._beat()

    def _beat(self) -> None:
        wall, mono = self._clock.now(), self._clock.monotonic()
        drift = (wall - self._last_wall).total_seconds() - (mono - self._last_mono)
        self._last_wall, self._last_mono = wall, mono
        if abs(drift) > JUMP_SECONDS:
            log.info(
                "wall clock moved %+.0f s against monotonic time (sleep or clock change)", drift
            )
            if drift > 0:
                self.slept.emit(drift)
            self.woke.emit()
        elif self._planned is not None and wall >= self._planned:
            self.woke.emit()  # the scheduler missed it: never leave a break unannounced
        self.heartbeat.emit()
