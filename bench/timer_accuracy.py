"""Timer accuracy: how late the driver (APScheduler + Qt signal) wakes the app.

Plans 20 wake-ups at short intervals through the real SchedulerDriver and measures, on the
GUI thread, how late each arrives. Target: every one within 1 s (typically milliseconds).
Run: python bench/timer_accuracy.py [--count 20] [--gap 0.5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QTimer

from backbreak.core.clock import SystemClock
from backbreak.ui.driver import SchedulerDriver


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--gap", type=float, default=0.5)
    args = parser.parse_args()
    app = QCoreApplication([])
    clock = SystemClock()
    driver = SchedulerDriver(clock)
    lateness: list[float] = []
    planned = [clock.now()]

    def plan_next() -> None:
        planned[0] = clock.now() + timedelta(seconds=args.gap)
        driver.wake_at(planned[0])

    def woke() -> None:
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
        return 1
    worst = max(lateness)
    print(f"{args.count} wake-ups: median {statistics.median(lateness) * 1000:.1f} ms late, "
          f"worst {worst * 1000:.1f} ms ({'meets' if worst < 1 else 'MISSES'} the 1 s target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
