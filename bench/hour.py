"""A working hour: what backbreak costs while it does its job, not only while it waits.

A break every 10 minutes for 60 minutes on a real X desktop (Xvfb, trayer, dunst). The
person at the desk moves the pointer every 30 s (so backbreak sees someone working, not a
natural break) and answers each prompt with Start (xdotool); the quick two-step routine
plays to its end and its Done window is closed. The CPU time and context switches of the
app's whole process tree are counted from docking to the end of the hour, and RSS and PSS
read at the end. The floor (the bare icon with the stack imported) runs beside it.

Run: python bench/hour.py [--minutes 60] [--interval 10] [--json out.json]
(--minutes 6 --interval 1 is run.py's --quick). No target of its own: the figures are
reported next to the idle ones (under 10 ms CPU a minute at idle).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.drive import StepError, Steps, answer_prompt, app_log, finish, visible  # noqa: E402
from bench.idle import cpu_and_switches, memory_kib  # noqa: E402
from bench.peers import launch, stop_tree, system_bus, wait_docked  # noqa: E402
from tests.e2e.desktop import Desktop, missing_tools, quick_profile  # noqa: E402

NUDGE_EVERY_S = 30.0
POLL_S = 2.0


def run(minutes: float, interval_min: float, verbose: bool = False) -> dict[str, object]:
    steps = Steps(verbose)
    with (
        tempfile.TemporaryDirectory() as tmp,
        Desktop(Path(tmp) / "desktop") as desktop,
        system_bus(Path(tmp) / "bus") as bus,
    ):
        home = quick_profile(Path(tmp), f'stretch_every = "{interval_min:g}m"')
        env = desktop.env(BACKBREAK_HOME=str(home), DBUS_SYSTEM_BUS_ADDRESS=bus)
        floor_argv = [sys.executable, str(ROOT / "bench" / "bare_tray.py"), "--with-stack"]
        procs = []
        prompts = 0
        try:
            with steps.step("start backbreak and the floor", desktop.logs):
                app = launch([sys.executable, "-m", "backbreak"], env)
                procs.append(app)
                floor = launch(floor_argv, env)
                procs.append(floor)
                wait_docked(desktop, "backbreak", app, "backbreak", 60)
                wait_docked(desktop, "bare-stack", floor, "the floor", 60)
            start = time.monotonic()
            counters = {
                "backbreak": cpu_and_switches(app.pid),
                "floor": cpu_and_switches(floor.pid),
            }
            end = start + minutes * 60
            next_nudge = start
            while time.monotonic() < end:
                for name, proc in (("backbreak", app), ("floor", floor)):
                    if proc.poll() is not None:
                        raise StepError(f"{name} exited ({proc.returncode}) during the hour")
                if time.monotonic() >= next_nudge:
                    desktop.nudge()  # someone is working at the desk
                    next_nudge += NUDGE_EVERY_S
                if visible(desktop, "^Break time"):
                    prompts += 1
                    said = f"prompt {prompts}: Start, play, close Done"
                    with steps.step(said, lambda: app_log(home)):
                        answer_prompt(desktop, 10)
                        finish(desktop, "Quick check", 40, feel=False)
                time.sleep(POLL_S)
            taken = time.monotonic() - start
            result: dict[str, object] = {
                "minutes": minutes,
                "interval_min": interval_min,
                "prompts": prompts,
                "expected_prompts": int(minutes // interval_min),
            }
            for name, proc in (("backbreak", app), ("floor", floor)):
                cpu, switches = cpu_and_switches(proc.pid)
                rss, pss = memory_kib(proc.pid)
                cpu0, switches0 = counters[name]
                result[name] = {
                    "cpu_ms_per_min": (cpu - cpu0) * 1000 * 60 / taken,
                    "wakeups_per_s": (switches - switches0) / taken,
                    "rss_end_mib": rss / 1024,
                    "pss_end_mib": pss / 1024,
                }
        finally:
            for proc in procs:
                stop_tree(proc)
    return result


def problems(result: dict[str, object]) -> list[str]:
    """A lost reminder makes the hour's figures meaningless: say so."""
    prompts, expected = result["prompts"], result["expected_prompts"]
    assert isinstance(prompts, int) and isinstance(expected, int)
    # The prompt after the last answer may fall just past the end of the hour: allow one.
    if prompts < expected - 1:
        return [f"only {prompts} prompts in the hour; about {expected} were due"]
    return []


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--interval", type=float, default=10.0, help="minutes between breaks")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--verbose", action="store_true", help="print every prompt")
    args = parser.parse_args()
    if missing_tools():
        print(f"cannot run: missing {', '.join(missing_tools())}", file=sys.stderr)
        return 2
    try:
        result = run(args.minutes, args.interval, args.verbose)
    except StepError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    app, floor = result["backbreak"], result["floor"]
    assert isinstance(app, dict) and isinstance(floor, dict)
    print(
        f"{result['prompts']} breaks in {args.minutes:g} min (one every {args.interval:g} min)\n"
        f"backbreak: {app['cpu_ms_per_min']:.1f} ms CPU a minute, "
        f"{app['wakeups_per_s']:.2f} wake-ups/s, RSS at the end {app['rss_end_mib']:.1f} MiB "
        f"(PSS {app['pss_end_mib']:.1f})\n"
        f"the floor: {floor['cpu_ms_per_min']:.1f} ms CPU a minute, "
        f"RSS {floor['rss_end_mib']:.1f} MiB"
    )
    found = problems(result)
    for problem in found:
        print(f"PROBLEM: {problem}")
    if args.json:
        args.json.write_text(json.dumps({**result, "problems": found}, indent=2))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
