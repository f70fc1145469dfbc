"""Timer accuracy: how late the waker (APScheduler + Qt signal) wakes the app.

Plans 20 wake-ups at short intervals through the real SchedulerWaker and measures, on the
GUI thread, how late each arrives. Target: every one within 1 s (typically milliseconds).
The floor, measured in the same run: a bare APScheduler job, timed on its own worker thread
(no hop to the GUI thread).
Run: python bench/timer_accuracy.py [--count 20] [--gap 0.5] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QTimer

from backbreak.core.clock import SystemClock
from backbreak.ui.waker import SchedulerWaker, Wake


def bare_scheduler(count: int, gap: float) -> list[float]:
    """The floor: how late a plain BackgroundScheduler date job runs, on its own thread."""
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.date import DateTrigger

    scheduler = BackgroundScheduler()
    scheduler.start()
    lateness: list[float] = []
    done = threading.Event()

    def fired(planned: datetime) -> None:
        lateness.append((datetime.now().astimezone() - planned).total_seconds())
        if len(lateness) >= count:
            done.set()
        else:
            plan()

    def plan() -> None:
        planned = datetime.now().astimezone() + timedelta(seconds=gap)
        scheduler.add_job(fired, DateTrigger(run_date=planned), args=[planned])

    plan()
    done.wait(count * gap + 30)
    scheduler.shutdown(wait=False)
    return lateness


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--gap", type=float, default=0.5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    floor = bare_scheduler(args.count, args.gap)
    time.sleep(0.2)
    app = QCoreApplication([])
    clock = SystemClock()
    driver = SchedulerWaker(clock)
    lateness: list[float] = []
    planned = [clock.now()]

    def plan_next() -> None:
        planned[0] = clock.now() + timedelta(seconds=args.gap)
        driver.wake_at(planned[0])

    def woke(_wake: Wake) -> None:
        lateness.append((clock.now() - planned[0]).total_seconds())
        if len(lateness) >= args.count:
            app.quit()
        else:
            plan_next()

    driver.woke.connect(woke)
    driver.start()
    QTimer.singleShot(0, plan_next)
    QTimer.singleShot(int((args.count * args.gap + 30) * 1000), app.quit)
    app.exec()
    driver.stop()
    if len(lateness) < args.count:
        print(f"only {len(lateness)} of {args.count} wake-ups arrived: MISSES the target")
        if args.json:
            args.json.write_text(json.dumps({"met": False, "arrived": len(lateness)}))
        return 1
    worst = max(lateness)
    print(
        f"bare APScheduler job: median {statistics.median(floor) * 1000:.1f} ms late, "
        f"worst {max(floor) * 1000:.1f} ms"
    )
    print(
        f"{args.count} wake-ups: median {statistics.median(lateness) * 1000:.1f} ms late, "
        f"worst {worst * 1000:.1f} ms ({'meets' if worst < 1 else 'MISSES'} the 1 s target)"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "count": args.count,
                    "gap_s": args.gap,
                    "floor": {"median_s": statistics.median(floor), "worst_s": max(floor)},
                    "backbreak": {"median_s": statistics.median(lateness), "worst_s": worst},
                    "met": worst < 1,
                },
                indent=2,
            )
        )
    return 0 if worst < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
