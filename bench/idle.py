"""Memory and idle cost in the tray, against the bare tray icon, all three running at once.

Starts a real little desktop (Xvfb, trayer, dunst), launches the bare tray icon, the bare
icon with APScheduler, plyer and platformdirs imported (the floor this stack allows) and
backbreak side by side, waits until each icon is docked, then:

- memory: RSS and PSS of each whole process tree, 30 s and 5 min after docking;
- idle cost: CPU seconds and context switches (wake-ups) over 60 s, from 30 s to 90 s.

Run: python bench/idle.py [--json out.json] [--long 300] [--idle 60]
Targets: RSS within 2.5 MiB of the floor; under 10 ms CPU per minute; under 0.5 wake-ups/s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.desktop import Desktop, missing_tools  # noqa: E402

RSS_MARGIN_MIB = 2.5
CPU_MS_PER_MIN = 10.0
WAKEUPS_PER_S = 0.5
CLOCK_TICKS = 100  # USER_HZ: the unit of utime/stime in /proc/<pid>/stat on Linux

BARE = "bare tray icon"
FLOOR = "bare tray + stack imports"
APP = "backbreak"


def tree(pid: int) -> list[int]:
    """The process and all its descendants (a helper process counts against the app)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """RSS and PSS of the process tree in KiB (smaps_rollup: PSS shares libraries fairly)."""
    rss = pss = 0
    for member in tree(pid):
        for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key == "Rss":
                rss += int(rest.split()[0])
            elif key == "Pss":
                pss += int(rest.split()[0])
    return rss, pss


def cpu_and_switches(pid: int) -> tuple[float, int]:
    """CPU seconds and context switches of every thread in the tree.

    CPU time comes from the scheduler's own count (se.sum_exec_runtime, in ms with six
    decimals): at 10 ms per tick, utime and stime could not tell 0 from 10 ms in a minute,
    which is the very target. (schedstat reads 0 on kernels without schedstats.)
    """
    seconds, switches = 0.0, 0
    for member in tree(pid):
        for task in Path(f"/proc/{member}/task").glob("*"):
            try:
                stat = (task / "stat").read_text()
                status = (task / "status").read_text()
            except OSError:
                continue  # a thread that just ended
            runtime = _exec_runtime_ms(task)
            if runtime is not None:
                seconds += runtime / 1000
            else:
                fields = stat.rsplit(")", 1)[1].split()
                seconds += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
            for line in status.splitlines():
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    switches += int(line.split()[1])
    return seconds, switches


def _exec_runtime_ms(task: Path) -> float | None:
    try:
        for line in (task / "sched").read_text().splitlines():
            if line.startswith("se.sum_exec_runtime"):
                return float(line.split(":")[1])
    except (OSError, ValueError):
        pass
    return None


@dataclass
class Case:
    name: str
    argv: list[str]
    wm_class: str
    proc: subprocess.Popen[bytes] | None = None
    docked_at: float = 0.0


def settled_profile(home: Path) -> None:
    """A profile that has been used before: no welcome window, defaults otherwise."""
    subprocess.run(
        [sys.executable, "-m", "backbreak", "config", "set", "appearance.theme", "system"],
        env={**os.environ, "BACKBREAK_HOME": str(home)},
        check=True,
        capture_output=True,
    )


def measure(long_s: float, idle_s: float) -> dict[str, dict[str, float]]:
    cases = [
        Case(BARE, [sys.executable, str(ROOT / "bench" / "bare_tray.py")], "bare-tray"),
        Case(
            FLOOR,
            [sys.executable, str(ROOT / "bench" / "bare_tray.py"), "--with-stack"],
            "bare-stack",
        ),
        Case(APP, [sys.executable, "-m", "backbreak"], "backbreak"),
    ]
    results: dict[str, dict[str, float]] = {c.name: {} for c in cases}
    with tempfile.TemporaryDirectory() as tmp, Desktop(Path(tmp) / "desktop") as desktop:
        home = Path(tmp) / "home"
        settled_profile(home)
        try:
            for case in cases:
                case.proc = subprocess.Popen(
                    case.argv,
                    env=desktop.env(BACKBREAK_HOME=str(home)),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                start = time.monotonic()
                while not desktop.tray_icon_embedded(case.wm_class):
                    if time.monotonic() - start > 30 or case.proc.poll() is not None:
                        raise RuntimeError(f"{case.name} never docked a tray icon")
                    time.sleep(0.05)
                case.docked_at = time.monotonic()
            last = cases[-1].docked_at
            _sleep_until(last + 30)
            counters = {}
            for case in cases:
                assert case.proc is not None
                rss, pss = memory_kib(case.proc.pid)
                results[case.name].update(rss_30s_mib=rss / 1024, pss_30s_mib=pss / 1024)
                counters[case.name] = cpu_and_switches(case.proc.pid)
            _sleep_until(last + 30 + idle_s)
            for case in cases:
                assert case.proc is not None
                cpu, switches = cpu_and_switches(case.proc.pid)
                cpu0, switches0 = counters[case.name]
                results[case.name].update(
                    cpu_ms_per_min=(cpu - cpu0) * 1000 * 60 / idle_s,
                    wakeups_per_s=(switches - switches0) / idle_s,
                )
            _sleep_until(last + long_s)
            for case in cases:
                assert case.proc is not None
                rss, pss = memory_kib(case.proc.pid)
                results[case.name].update(rss_long_mib=rss / 1024, pss_long_mib=pss / 1024)
        finally:
            for case in cases:
                if case.proc is not None:
                    case.proc.terminate()
                    case.proc.wait(timeout=10)
    return results


def _sleep_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def verdicts(results: dict[str, dict[str, float]], long_s: float) -> list[str]:
    app, floor = results[APP], results[FLOOR]
    lines = []
    for key, when in (("rss_30s_mib", "after 30 s"), ("rss_long_mib", f"after {long_s:.0f} s")):
        over = app[key] - floor[key]
        lines.append(
            f"RSS {when}: {over:+.1f} MiB over the floor: "
            f"{'meets' if over <= RSS_MARGIN_MIB else 'MISSES'} the "
            f"{RSS_MARGIN_MIB} MiB target"
        )
    cpu = app["cpu_ms_per_min"]
    lines.append(
        f"idle CPU {cpu:.1f} ms/min: "
        f"{'meets' if cpu < CPU_MS_PER_MIN else 'MISSES'} the {CPU_MS_PER_MIN:.0f} "
        "ms/min target"
    )
    wake = app["wakeups_per_s"]
    lines.append(
        f"wake-ups {wake:.2f}/s: "
        f"{'meets' if wake < WAKEUPS_PER_S else 'MISSES'} the {WAKEUPS_PER_S}/s target"
    )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--long",
        type=float,
        default=300.0,
        help="seconds after docking for the second memory sample",
    )
    parser.add_argument(
        "--idle",
        type=float,
        default=60.0,
        help="seconds over which idle CPU and wake-ups are counted",
    )
    args = parser.parse_args()
    if missing_tools():
        print(f"cannot run: missing {', '.join(missing_tools())}", file=sys.stderr)
        return 2
    results = measure(max(args.long, 30 + args.idle), args.idle)
    keys = [
        "rss_30s_mib",
        "pss_30s_mib",
        "rss_long_mib",
        "pss_long_mib",
        "cpu_ms_per_min",
        "wakeups_per_s",
    ]
    print(f"{'case':<28}" + "".join(f"{k:>16}" for k in keys))
    for name, values in results.items():
        print(f"{name:<28}" + "".join(f"{values[k]:>16.2f}" for k in keys))
    lines = verdicts(results, args.long)
    print("\n" + "\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps({"results": results, "verdicts": lines}, indent=2))
    return 1 if any("MISSES" in line for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
