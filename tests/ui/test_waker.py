"""The waker wakes; it never decides. One wake-up, one run of the agenda."""

from __future__ import annotations

from datetime import timedelta

from backbreak.ui.waker import JOB_ID, SchedulerWaker, Wake
from tests.helpers.desk import StandInScheduler
from tests.helpers.fakes import START, FakeClock


def make(clock: FakeClock) -> tuple[SchedulerWaker, StandInScheduler, list[Wake]]:
    scheduler = StandInScheduler()
    waker = SchedulerWaker(clock, scheduler=lambda: scheduler)
    woke: list[Wake] = []
    waker.woke.connect(woke.append)
    waker.start()
    return waker, scheduler, woke


def test_a_heartbeat_with_a_clock_jump_wakes_once_and_says_how_long_it_slept(qtbot):
    """Bug: the heartbeat emitted `woke` and `heartbeat`, both connected to the policy, so a
    jump or a missed job ran it twice."""
    clock = FakeClock()
    waker, _scheduler, woke = make(clock)
    clock.jump_wall(timedelta(hours=3))  # a suspend: wall time moves, monotonic time does not
    waker.beat()
    assert woke == [Wake(timedelta(hours=3))]
    clock.advance(60)
    waker.beat()
    assert woke[-1] == Wake() and len(woke) == 2
    waker.stop()


def test_a_missed_job_is_caught_by_the_next_heartbeat_once(qtbot):
    clock = FakeClock()
    waker, scheduler, woke = make(clock)
    waker.wake_at(START + timedelta(minutes=1))
    assert scheduler.jobs[JOB_ID][0] == START + timedelta(minutes=1)
    clock.advance(90)  # the job never ran (a worker thread that stalled)
    waker.beat()
    assert len(woke) == 1
    waker.stop()


def test_the_job_wakes_once_and_an_unchanged_plan_does_not_churn_the_scheduler(qtbot):
    clock = FakeClock()
    waker, scheduler, woke = make(clock)
    moment = START + timedelta(minutes=50)
    waker.wake_at(moment, poll_seconds=20)
    job = scheduler.jobs[JOB_ID]
    waker.wake_at(moment, poll_seconds=20)
    assert scheduler.jobs[JOB_ID] is job and waker.poll_seconds == 20
    clock.advance(timedelta(minutes=50))
    scheduler.jobs.pop(JOB_ID)[1]()
    assert woke == [Wake()]
    waker.wake_at(None)
    assert scheduler.jobs == {} and waker.planned is None
    waker.stop()


# -- the real APScheduler on its own thread -----------------------------------------------------
def test_the_real_scheduler_wakes_the_app_at_the_planned_moment(qtbot):
    from backbreak.core.clock import SystemClock

    clock = SystemClock()
    waker = SchedulerWaker(clock)
    waker.start()
    try:
        with qtbot.waitSignal(waker.woke, timeout=5000):
            waker.wake_at(clock.now() + timedelta(milliseconds=300))
        waker.wake_at(None)
        with qtbot.assertNotEmitted(waker.woke, wait=600):
            pass
    finally:
        waker.stop()


def test_the_scheduler_job_never_runs_app_code_off_the_gui_thread(qtbot):
    from PySide6.QtCore import QThread

    from backbreak.core.clock import SystemClock

    clock = SystemClock()
    waker = SchedulerWaker(clock)
    threads = []
    waker.woke.connect(lambda _wake: threads.append(QThread.currentThread()))
    waker.start()
    try:
        with qtbot.waitSignal(waker.woke, timeout=5000):
            waker.wake_at(clock.now() + timedelta(milliseconds=200))
    finally:
        waker.stop()
    assert threads == [QThread.currentThread()]  # the test runs on the GUI thread


def test_a_day_of_wake_ups_keeps_one_scheduler_thread_and_no_job_pool(qtbot):
    """The job runs on the scheduler's own thread: no pool thread stays behind all day."""
    import threading

    from backbreak.core.clock import SystemClock

    before = set(threading.enumerate())
    clock = SystemClock()
    waker = SchedulerWaker(clock)
    waker.start()
    try:
        for _ in range(3):
            with qtbot.waitSignal(waker.woke, timeout=5000):
                waker.wake_at(clock.now() + timedelta(milliseconds=100))
        added = set(threading.enumerate()) - before
    finally:
        waker.stop()
    assert [thread.name for thread in added] == ["APScheduler"]
