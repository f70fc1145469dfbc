"""CPU cost of the breathing pacer, and of the app idling with the player closed.

Runs the real player (box breathing, 25 frames a second) for N seconds, then the real
shell (agenda, waker, tray menu) with no window open for N seconds, and reports CPU time as
a share of one core.
Targets: pacer under 15 % of a core; idle near zero.
Run: python bench/pacer_cpu.py [--seconds 60]   (QT_QPA_PLATFORM=xcb under Xvfb to include
real painting; offscreen by default)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("BACKBREAK_HOME", tempfile.mkdtemp(prefix="backbreak-bench-"))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from backbreak.content.loader import load_library
from backbreak.core.clock import SystemClock
from backbreak.core.settings import CHECKIN, Settings
from backbreak.platform import zone
from backbreak.platform.notify import NotifierChain
from backbreak.storage.paths import AppPaths, assets_dir, shipped_routines_dir
from backbreak.storage.settings_store import SettingsStore
from backbreak.ui.shell import Shell
from backbreak.ui.waker import SchedulerWaker


def measure(app: QApplication, seconds: float) -> float:
    """CPU seconds the whole process used while the event loop ran for `seconds`."""
    start = time.process_time()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    app = QApplication(["backbreak"])
    paths = AppPaths.from_environment()
    paths.ensure()
    library = load_library(shipped_routines_dir(), None, assets_dir())
    settings = Settings().replace({CHECKIN: False})  # straight into the pacer
    clock = SystemClock()
    shell = Shell(
        clock,
        paths,
        SettingsStore(paths.settings_file, settings),
        library,
        None,
        NotifierChain([]),
        SchedulerWaker(clock),
        zone.for_this_system(),
        False,
    )
    shell.start()
    shell.status_window.hide()
    shell.start_routine_by_id("long-exhale-breathing")  # 190 s: outlasts the measurement
    assert shell.player.playing, "the routine did not start"  # the pacer follows "Settle"
    pacer = measure(app, args.seconds)
    shell.player.stop()
    idle = measure(app, args.seconds)
    shell.waker.stop()
    for name, cpu, target in (
        ("breathing pacer", pacer, 0.15),
        ("idle, player closed", idle, 0.01),
    ):
        share = cpu / args.seconds
        verdict = "meets" if share < target else "MISSES"
        print(
            f"{name:<22} {cpu:6.2f} CPU s in {args.seconds:.0f} s = {share * 100:5.1f} % "
            f"of a core ({verdict} the {target * 100:.0f} % target)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
