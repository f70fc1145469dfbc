"""Prompt latency: how long after a break is due its window is on screen.

The break's prompt lives in the app's window process (ui/break_host.py), which is started
when a break comes: this measures what the user waits for, from the moment the app logged
"Break reminder shown" (it sends the notification in the same step) to the prompt being
visible on the X desktop (xdotool, polled every 10 ms). Each break is answered with Start,
the quick routine plays, Done is closed, and the window process ends before the next break
comes: every sample is a cold start of that process.

Run: python bench/prompt_latency.py [--count 5] [--json out.json]
Target: within 1 s (as a reminder's lateness).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.drive import Steps, answer_prompt, app_log, finish, visible  # noqa: E402
from bench.idle import settled_profile  # noqa: E402
from bench.peers import launch, stop_tree, system_bus, wait_docked  # noqa: E402
from tests.e2e.desktop import Desktop, missing_tools, quick_profile  # noqa: E402

TARGET_S = 1.0
INTERVAL = "20s"
SHOWN = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) INFO .*Break reminder shown", re.M)


def shown_at(home: Path) -> list[float]:
    """When the app logged each reminder (its log's local time, to the millisecond)."""
    return [
        datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f").timestamp()
        for stamp in SHOWN.findall(app_log(home, tail=100_000))
    ]


def run(count: int, verbose: bool = True) -> dict[str, object]:
    steps = Steps(verbose)
    samples: list[float] = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        Desktop(Path(tmp) / "desktop") as desktop,
        system_bus(Path(tmp) / "bus") as bus,
    ):
        home = quick_profile(Path(tmp), f'stretch_every = "{INTERVAL}"')
        settled_profile(home, desktop, bus)
        env = desktop.env(BACKBREAK_HOME=str(home), DBUS_SYSTEM_BUS_ADDRESS=bus)
        app = launch([sys.executable, "-m", "backbreak"], env)
        try:
            with steps.step("start backbreak", lambda: app_log(home)):
                wait_docked(desktop, "backbreak", app, "backbreak", 60)
            for n in range(1, count + 1):
                with steps.step(f"break {n}: until its prompt shows", lambda: app_log(home)):
                    deadline = time.monotonic() + 90
                    while not visible(desktop, "^Break time"):
                        if time.monotonic() > deadline:
                            raise RuntimeError("no prompt within 90 s")
                        time.sleep(0.01)
                    seen = time.time()
                    logged = shown_at(home)
                    if len(logged) < n:
                        raise RuntimeError(f"the log has {len(logged)} reminders, expected {n}")
                    samples.append(seen - logged[n - 1])
                with steps.step(f"break {n}: Start, play, close Done", lambda: app_log(home)):
                    answer_prompt(desktop, 10)
                    finish(desktop, "Quick check", 40, feel=False)
        finally:
            stop_tree(app)
    worst = max(samples)
    return {
        "count": count,
        "samples_s": [round(s, 3) for s in samples],
        "median_s": statistics.median(samples),
        "worst_s": worst,
        "target_s": TARGET_S,
        "met": worst <= TARGET_S,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5, help="breaks to time (default 5)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--quiet", action="store_true", help="no step-by-step progress")
    args = parser.parse_args()
    if missing_tools():
        print(f"needs {', '.join(missing_tools())} (an X desktop)", file=sys.stderr)
        return 2
    result = run(args.count, verbose=not args.quiet)
    print(
        f"prompt on screen after the reminder: median {result['median_s'] * 1000:.0f} ms, "
        f"worst {result['worst_s'] * 1000:.0f} ms of {args.count} "
        f"(target {TARGET_S:g} s): {'meets' if result['met'] else 'MISSES'}"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
