"""Start-up: from launch until the tray icon is docked in a real tray host (Xvfb + trayer).

Compares backbreak with a bare PySide6 tray icon (and the same with APScheduler, plyer and
platformdirs imported) in the same run, so the ratio holds on a noisy machine.
Run: python bench/startup.py [--runs 5] [--json out.json]. Needs Xvfb, trayer, dunst, xdotool.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.desktop import Desktop, missing_tools  # noqa: E402

TARGET_RATIO = 2.0


def time_to_tray(desktop: Desktop, argv: list[str], wm_class: str, home: Path) -> float:
    start = time.monotonic()
    # As a user starts it: Qt chooses xcb itself (QT_QPA_PLATFORM unset), so backbreak's
    # own check for Qt's libraries runs too.
    env = desktop.env(BACKBREAK_HOME=str(home))
    env.pop("QT_QPA_PLATFORM", None)
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not desktop.tray_icon_embedded(wm_class):
            if time.monotonic() - start > 30:
                raise RuntimeError(f"{argv} never docked a tray icon")
            time.sleep(0.02)
        return time.monotonic() - start
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        time.sleep(0.3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if missing_tools():
        print(f"cannot run: missing {', '.join(missing_tools())}", file=sys.stderr)
        return 2
    cases = {
        "bare tray icon": ([sys.executable, str(ROOT / "bench" / "bare_tray.py")], "bare-tray"),
        "bare tray + stack imports": (
            [sys.executable, str(ROOT / "bench" / "bare_tray.py"), "--with-stack"],
            "bare-stack",
        ),
        "backbreak": ([sys.executable, "-m", "backbreak"], "backbreak"),
    }
    results: dict[str, list[float]] = {name: [] for name in cases}
    with tempfile.TemporaryDirectory() as tmp, Desktop(Path(tmp) / "desktop") as desktop:
        home = Path(tmp) / "home"
        for _ in range(args.runs):  # interleaved, so drift in machine load hits all alike
            for name, (argv, wm_class) in cases.items():
                results[name].append(time_to_tray(desktop, argv, wm_class, home))
    floor = statistics.median(results["bare tray icon"])
    print(f"{'case':<28}{'median s':>10}{'min s':>8}{'ratio':>8}")
    summary = {}
    for name, values in results.items():
        median = statistics.median(values)
        summary[name] = {"median_s": median, "min_s": min(values), "ratio": median / floor}
        print(f"{name:<28}{median:>10.3f}{min(values):>8.3f}{median / floor:>8.2f}")
    ratio = summary["backbreak"]["ratio"]
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    seconds = summary["backbreak"]["median_s"]
    print(
        f"\nbackbreak {verdict} the target of at most {TARGET_RATIO}x the bare tray icon "
        f"({ratio:.2f}x); the acceptance bound is 2 s ({seconds:.2f} s)."
    )
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
