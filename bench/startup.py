"""Start-up: from launch until the tray icon is docked in a real tray host (Xvfb + trayer).

Compares backbreak with a bare PySide6 tray icon, the same with APScheduler, plyer and
platformdirs imported, and the peers Workrave and Safe Eyes (where installed), in the same
run and interleaved, so drift in the machine's load hits every case alike and the ratios
hold on a noisy machine. Each is started as a user starts it (the toolkit picks its own
platform: QT_QPA_PLATFORM unset) from a profile that has started once before.
Run: python bench/startup.py [--runs 5] [--json out.json]. Needs Xvfb, trayer, dunst, xdotool.
Target: backbreak at most 1.8x the bare tray icon.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.idle import settled_profile  # noqa: E402
from bench.peers import (  # noqa: E402
    PEERS,
    launch,
    peer_env,
    settle,
    stop_tree,
    system_bus,
    wait_docked,
)
from tests.e2e.desktop import Desktop, missing_tools  # noqa: E402

TARGET_RATIO = 1.8
BARE = "bare tray icon"


@dataclass
class Case:
    argv: list[str]
    wm_class: str
    env: dict[str, str]


def time_to_tray(desktop: Desktop, name: str, case: Case) -> float:
    """Seconds from launch until the icon is inside trayer; the case is stopped after."""
    start = time.monotonic()
    proc = launch(case.argv, case.env)
    try:
        return wait_docked(desktop, case.wm_class, proc, name, 60) - start
    finally:
        stop_tree(proc)
        deadline = time.monotonic() + 10  # gone from the tray before the next one starts
        while desktop.tray_icon_embedded(case.wm_class) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)


def cases(desktop: Desktop, tmp: Path, bus: str) -> tuple[dict[str, Case], dict[str, str]]:
    """Every case that can run, and each peer's status."""
    home = tmp / "home"
    settled_profile(home, desktop, bus)
    # As a user starts it: Qt chooses xcb itself, so backbreak's check for Qt's libraries
    # runs too.
    env = desktop.env(BACKBREAK_HOME=str(home), DBUS_SYSTEM_BUS_ADDRESS=bus)
    env.pop("QT_QPA_PLATFORM", None)
    bare = [sys.executable, str(ROOT / "bench" / "bare_tray.py")]
    found = {
        BARE: Case(bare, "bare-tray", env),
        "bare tray + stack imports": Case([*bare, "--with-stack"], "bare-stack", env),
        "backbreak": Case([sys.executable, "-m", "backbreak"], "backbreak", env),
    }
    status = {}
    for peer in PEERS:
        if not peer.installed():
            status[peer.name] = "not installed"
            continue
        peer_home = tmp / f"home-{peer.binary}"
        try:
            settle(desktop, peer, peer_home, bus, tmp / f"{peer.binary}.log")
        except RuntimeError as exc:
            status[peer.name] = f"could not be measured: {exc}"
            continue
        found[peer.name] = Case([peer.binary], peer.wm_class, peer_env(desktop, peer_home, bus))
        status[peer.name] = "measured"
    return found, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if missing_tools():
        print(f"cannot run: missing {', '.join(missing_tools())}", file=sys.stderr)
        return 2
    with (
        tempfile.TemporaryDirectory() as tmp,
        Desktop(Path(tmp) / "desktop") as desktop,
        system_bus(Path(tmp) / "bus") as bus,
    ):
        found, status = cases(desktop, Path(tmp), bus)
        results: dict[str, list[float]] = {name: [] for name in found}
        for _ in range(args.runs):  # interleaved, so drift in machine load hits all alike
            for name, case in found.items():
                if status.get(name, "measured") != "measured":
                    continue  # a peer that failed once is left out from then on
                try:
                    results[name].append(time_to_tray(desktop, name, case))
                except RuntimeError as exc:
                    if name not in status:
                        raise  # backbreak or a floor: the measurement is void
                    status[name] = f"could not be measured: {exc}"
        results = {
            n: v for n, v in results.items() if v and status.get(n, "measured") == "measured"
        }
    floor = statistics.median(results[BARE])
    print(f"{'case':<28}{'median s':>10}{'min s':>8}{'ratio':>8}")
    summary: dict[str, object] = {}
    for name, values in results.items():
        median = statistics.median(values)
        summary[name] = {"median_s": median, "min_s": min(values), "ratio": median / floor}
        print(f"{name:<28}{median:>10.3f}{min(values):>8.3f}{median / floor:>8.2f}")
    for name, said in status.items():
        if said != "measured":
            print(f"{name}: {said}")
    app = statistics.median(results["backbreak"])
    ratio = app / floor
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    print(
        f"\nbackbreak {verdict} the target of at most {TARGET_RATIO}x the bare tray icon "
        f"({ratio:.2f}x); the acceptance bound is 2 s ({app:.2f} s)."
    )
    if args.json:
        args.json.write_text(json.dumps({**summary, "peers": status}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
