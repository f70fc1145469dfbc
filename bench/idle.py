"""Memory and idle cost in the tray, against the bare tray icon and the peers, all at once.

Starts a real little desktop (Xvfb, trayer, dunst), launches side by side the bare tray
icon, the bare icon with APScheduler, plyer and platformdirs imported (the floor this stack
allows), backbreak, Workrave and Safe Eyes (the peers, where installed; bench/peers.py),
waits until each icon is docked, then, counting from the moment the last one docked:

- memory: RSS and PSS of each whole process tree, 30 s and 5 min after docking;
- idle cost: CPU time and context switches (wake-ups) over 60 s, from 30 s to 90 s;
- away: the same from 60 s to 10 min. Nobody touches this X server, so the user counts as
  away from backbreak's natural-break time (5 min) on: the cost of a desk left alone.

Run: python bench/idle.py [--json out.json] [--long 300] [--idle 60] [--away 600]
Targets: RSS within 5 MiB of the floor and PSS below Safe Eyes's; under 10 ms CPU per
minute and under 0.5 wake-ups/s, at idle and away.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.peers import (  # noqa: E402
    PEERS,
    SAFE_EYES,
    launch,
    peer_env,
    settle,
    stop_tree,
    system_bus,
    wait_docked,
)
from tests.e2e.desktop import Desktop, missing_tools  # noqa: E402

RSS_MARGIN_MIB = 5.0
CPU_MS_PER_MIN = 10.0
WAKEUPS_PER_S = 0.5
CLOCK_TICKS = 100  # USER_HZ: the unit of utime/stime in /proc/<pid>/stat on Linux
AWAY_FROM_S = 60.0

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
        try:
            text = Path(f"/proc/{member}/smaps_rollup").read_text()
        except OSError:
            continue  # a helper that just ended
        for line in text.splitlines():
            key, _, rest = line.partition(":")
            if key == "Rss":
                rss += int(rest.split()[0])
            elif key == "Pss":
                pss += int(rest.split()[0])
    return rss, pss


def cpu_and_switches(pid: int) -> tuple[float, int]:
    """CPU seconds and context switches of every thread in the tree, and the CPU time of
    helpers that ended meanwhile (their context switches are not kept by the kernel).

    CPU time comes from the scheduler's own count (se.sum_exec_runtime, in ms with six
    decimals): at 10 ms per tick, utime and stime could not tell 0 from 10 ms in a minute,
    which is the very target. (schedstat reads 0 on kernels without schedstats.)
    """
    seconds, switches = 0.0, 0
    try:  # helpers that ended and were waited for (the window process): their CPU time
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        seconds += (int(fields[13]) + int(fields[14])) / CLOCK_TICKS  # cutime, cstime
    except (OSError, IndexError, ValueError):
        pass
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
    env: dict[str, str]
    peer: bool = False
    proc: subprocess.Popen[bytes] | None = None


def settled_profile(home: Path, desktop: Desktop | None = None, bus: str = "") -> None:
    """A profile that has been used before, as the peers' are: no welcome window, defaults
    otherwise, and (given the desktop) started once until its icon docked, so its icons are
    already rendered into the cache, as on any second start."""
    subprocess.run(
        [sys.executable, "-m", "backbreak", "config", "set", "appearance.theme", "system"],
        env={**os.environ, "BACKBREAK_HOME": str(home)},
        check=True,
        capture_output=True,
    )
    if desktop is None:
        return
    env = desktop.env(BACKBREAK_HOME=str(home), DBUS_SYSTEM_BUS_ADDRESS=bus)
    proc = launch([sys.executable, "-m", "backbreak"], env)
    try:
        wait_docked(desktop, "backbreak", proc, "backbreak (its first start)", 60)
        # Until it is ready: the icons are rendered after the tray icon docks.
        log, deadline = home / "logs" / "backbreak.log", time.monotonic() + 30
        while time.monotonic() < deadline and (
            not log.exists() or "backbreak is ready" not in log.read_text(errors="replace")
        ):
            time.sleep(0.1)
    finally:
        stop_tree(proc)
    deadline = time.monotonic() + 10  # gone from the tray before the measured start
    while desktop.tray_icon_embedded("backbreak") and time.monotonic() < deadline:
        time.sleep(0.05)


def own_cases(desktop: Desktop, home: Path, bus: str) -> list[Case]:
    """The bare icon, the floor and backbreak, started as before (QT_QPA_PLATFORM=xcb)."""
    env = desktop.env(BACKBREAK_HOME=str(home), DBUS_SYSTEM_BUS_ADDRESS=bus)
    bare = [sys.executable, str(ROOT / "bench" / "bare_tray.py")]
    return [
        Case(BARE, bare, "bare-tray", env),
        Case(FLOOR, [*bare, "--with-stack"], "bare-stack", env),
        Case(APP, [sys.executable, "-m", "backbreak"], "backbreak", env),
    ]


def measure(
    long_s: float, idle_s: float, away_s: float
) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    """Every figure of every case that docked, and each peer's status (measured, not
    installed, or why it could not be measured)."""
    results: dict[str, dict[str, float]] = {}
    status: dict[str, str] = {}
    with (
        tempfile.TemporaryDirectory() as tmp,
        Desktop(Path(tmp) / "desktop") as desktop,
        system_bus(Path(tmp) / "bus") as bus,
    ):
        home = Path(tmp) / "home"
        settled_profile(home, desktop, bus)
        cases = own_cases(desktop, home, bus)
        for peer in PEERS:
            if not peer.installed():
                status[peer.name] = "not installed"
                continue
            peer_home = Path(tmp) / f"home-{peer.binary}"
            log = Path(tmp) / f"{peer.binary}.log"
            try:
                settle(desktop, peer, peer_home, bus, log)
            except RuntimeError as exc:
                status[peer.name] = f"could not be measured: {exc}"
                continue
            env = peer_env(desktop, peer_home, bus)
            cases.append(Case(peer.name, [peer.binary], peer.wm_class, env, peer=True))
        try:
            docked = []
            for case in cases:
                case.proc = launch(case.argv, case.env)
                try:
                    wait_docked(desktop, case.wm_class, case.proc, case.name, 60)
                except RuntimeError as exc:
                    if not case.peer:
                        raise
                    status[case.name] = f"could not be measured: {exc}"
                    stop_tree(case.proc)
                    continue
                docked.append(case)
                results[case.name] = {}
                if case.peer:
                    status[case.name] = "measured"
            _timeline(docked, results, status, time.monotonic(), long_s, idle_s, away_s)
        finally:
            for case in cases:
                if case.proc is not None:
                    stop_tree(case.proc)
    return results, status


def _timeline(
    cases: list[Case],
    results: dict[str, dict[str, float]],
    status: dict[str, str],
    last: float,
    long_s: float,
    idle_s: float,
    away_s: float,
) -> None:
    """Take every reading at its moment after `last` (all docked), earliest first. A peer
    that exits is dropped and said so; backbreak or a floor that exits voids the run."""
    counters: dict[tuple[str, str], tuple[float, int]] = {}

    def memory(label: str) -> Callable[[], None]:
        def read() -> None:
            for case in cases:
                assert case.proc is not None
                rss, pss = memory_kib(case.proc.pid)
                results[case.name].update(
                    {f"rss_{label}_mib": rss / 1024, f"pss_{label}_mib": pss / 1024}
                )

        return read

    def start(window: str) -> Callable[[], None]:
        def read() -> None:
            for case in cases:
                assert case.proc is not None
                counters[(case.name, window)] = cpu_and_switches(case.proc.pid)

        return read

    def end(window: str, seconds: float) -> Callable[[], None]:
        def read() -> None:
            for case in cases:
                assert case.proc is not None
                cpu, switches = cpu_and_switches(case.proc.pid)
                cpu0, switches0 = counters[(case.name, window)]
                prefix = "" if window == "idle" else "away_"
                results[case.name].update(
                    {
                        f"{prefix}cpu_ms_per_min": (cpu - cpu0) * 1000 * 60 / seconds,
                        f"{prefix}wakeups_per_s": (switches - switches0) / seconds,
                    }
                )

        return read

    plan = [
        (30.0, 0, memory("30s")),
        (30.0, 1, start("idle")),
        (30.0 + idle_s, 2, end("idle", idle_s)),
        (long_s, 3, memory("long")),
    ]
    if away_s > AWAY_FROM_S:
        plan += [
            (AWAY_FROM_S, 1, start("away")),
            (away_s, 2, end("away", away_s - AWAY_FROM_S)),
        ]
    for moment, _order, read in sorted(plan, key=lambda p: (p[0], p[1])):
        time.sleep(max(0.0, last + moment - time.monotonic()))
        for case in list(cases):
            assert case.proc is not None
            if case.proc.poll() is None:
                continue
            said = f"exited (status {case.proc.returncode}) during the measurement"
            if not case.peer:
                raise RuntimeError(f"{case.name} {said}")
            status[case.name] = f"could not be measured: it {said}"
            results.pop(case.name, None)
            cases.remove(case)
        read()


def verdicts(results: dict[str, dict[str, float]], long_s: float) -> list[str]:
    app, floor = results[APP], results[FLOOR]
    safe_eyes = results.get(SAFE_EYES.name)
    lines = []
    for label, when in (("30s", "after 30 s"), ("long", f"after {long_s:.0f} s")):
        over = app[f"rss_{label}_mib"] - floor[f"rss_{label}_mib"]
        lines.append(
            f"RSS {when}: {over:+.1f} MiB over the floor: "
            f"{'meets' if over <= RSS_MARGIN_MIB else 'MISSES'} the {RSS_MARGIN_MIB} MiB target"
        )
        pss = app[f"pss_{label}_mib"]
        if safe_eyes is None:
            lines.append(f"PSS {when}: {pss:.1f} MiB (no Safe Eyes in this run to compare)")
        else:
            theirs = safe_eyes[f"pss_{label}_mib"]
            lines.append(
                f"PSS {when}: {pss:.1f} MiB against Safe Eyes's {theirs:.1f} MiB: "
                f"{'meets' if pss < theirs else 'MISSES'} the target (below Safe Eyes)"
            )
    for prefix, what in (("", "idle"), ("away_", "away")):
        if f"{prefix}cpu_ms_per_min" not in app:
            continue
        cpu, wake = app[f"{prefix}cpu_ms_per_min"], app[f"{prefix}wakeups_per_s"]
        lines.append(
            f"{what} CPU {cpu:.1f} ms/min: {'meets' if cpu < CPU_MS_PER_MIN else 'MISSES'} "
            f"the {CPU_MS_PER_MIN:.0f} ms/min target"
        )
        lines.append(
            f"{what} wake-ups {wake:.2f}/s: "
            f"{'meets' if wake < WAKEUPS_PER_S else 'MISSES'} the {WAKEUPS_PER_S}/s target"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--long", type=float, default=300.0, help="seconds after docking for the second memory"
    )
    parser.add_argument(
        "--idle", type=float, default=60.0, help="seconds over which idle CPU is counted"
    )
    parser.add_argument(
        "--away",
        type=float,
        default=600.0,
        help=f"end of the away window, seconds after docking (it starts at {AWAY_FROM_S:.0f};"
        " 0: no away window)",
    )
    args = parser.parse_args()
    if missing_tools():
        print(f"cannot run: missing {', '.join(missing_tools())}", file=sys.stderr)
        return 2
    long_s = max(args.long, 30 + args.idle)
    results, status = measure(long_s, args.idle, args.away)
    keys = sorted({k for values in results.values() for k in values})
    print(f"{'case':<28}" + "".join(f"{k:>20}" for k in keys))
    for name, values in results.items():
        print(f"{name:<28}" + "".join(f"{values.get(k, float('nan')):>20.2f}" for k in keys))
    for name, said in status.items():
        print(f"{name}: {said}")
    lines = verdicts(results, long_s)
    print("\n" + "\n".join(lines))
    if args.json:
        summary = {
            "results": results,
            "peers": status,
            "long_s": long_s,
            "away_window_s": [AWAY_FROM_S, args.away] if args.away > AWAY_FROM_S else None,
            "verdicts": lines,
        }
        args.json.write_text(json.dumps(summary, indent=2))
    return 1 if any("MISSES" in line for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
