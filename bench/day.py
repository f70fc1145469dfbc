"""After a day: backbreak's memory at rest once every window has been opened and closed.

Idle figures are taken from an app that has shown nothing. By evening it has shown the
prompt, played routines, asked the check-ins and opened History and Settings; whatever
those left behind (Qt's caches, Python's heap) is what the desktop carries from then on.
On a real X desktop (Xvfb, trayer, dunst), driven with xdotool as a person would:

  a. a break: the profile's short interval brings the prompt; Start; the quick routine
     plays to its end; "how did that feel" is answered on the finish page; Done is closed;
  b. a shipped routine of a minute or more, started with `backbreak start <id>` against the
     running app: the tension check-in before (a digit), the steps, the check-in after,
     the feel question, Done closed;
  c. History, then d. Settings, each opened from the tray menu and closed with Esc.

The profile has started once before (as idle.py's has), so the first start's work is not
counted. Then, with no window open and an 8 h interval (no break comes), RSS and PSS are read 60 s
later and again after --settle seconds more: the growth at rest. The floor (the bare icon
with the stack imported) runs beside it for reference.

Run: python bench/day.py [--settle 120] [--json out.json] (about 5 minutes)
Targets: RSS within 5 MiB of the floor; PSS below Safe Eyes's idle PSS (run.py compares
it with idle.py's figure from the same run).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.drive import (  # noqa: E402
    StepError,
    Steps,
    answer_prompt,
    app_log,
    cli,
    completed_rows,
    finish,
    logged,
    open_from_tray_menu,
    open_windows,
    visible,
    wait_gone,
)
from bench.idle import RSS_MARGIN_MIB, memory_kib, settled_profile  # noqa: E402
from bench.peers import launch, stop_tree, system_bus, wait_docked  # noqa: E402
from tests.e2e.desktop import Desktop, missing_tools, quick_profile  # noqa: E402

INTERVAL = "15s"
PREFERRED_ROUTINE = "neck-micro"
CHECKIN_MIN_SECONDS = 60  # the player asks the check-ins of routines this long or longer


def pick_routine(desktop: Desktop, home: Path) -> dict[str, object]:
    """A short shipped routine that plays by itself and asks the check-ins: neck-micro, or
    else the shortest of a minute or more that is neither a checklist nor heat or cold."""
    routines: list[dict[str, object]] = json.loads(cli(desktop, home, "routines", "list", "--json"))
    usable = [
        r
        for r in routines
        if r.get("origin") == "shipped"
        and int(str(r["duration_seconds"])) >= CHECKIN_MIN_SECONDS
        and r.get("guidance") != "checklist"
        and r.get("category") != "thermal"
    ]
    if not usable:
        raise RuntimeError("no shipped routine of a minute or more that plays by itself")
    preferred = [r for r in usable if r["id"] == PREFERRED_ROUTINE]
    return (preferred or sorted(usable, key=lambda r: int(str(r["duration_seconds"]))))[0]


def play_with_checkins(desktop: Desktop, routine: dict[str, object]) -> None:
    """Check-in before (5), the steps to their end, check-in after (3), feel, close."""
    title = str(routine["title"])
    seconds = int(str(routine["duration_seconds"]))
    first = desktop.find_window(f"^{re.escape(title)}", 20)  # the check-in before is on screen
    time.sleep(0.5)
    desktop.press(first, "5")
    began = time.monotonic()
    time.sleep(max(0.0, seconds - 2))
    deadline = began + seconds + 60
    while True:  # digits do nothing on the steps: press until the check-in after takes one
        if visible(desktop, f"^Done: {re.escape(title)}"):
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"{title} did not reach its finish page in {seconds + 60} s")
        desktop.press(first, "3")
        time.sleep(2)
    finish(desktop, title, 10)


def run(settle_s: float, verbose: bool = True) -> dict[str, object]:
    steps = Steps(verbose)
    result: dict[str, object] = {"settle_s": settle_s, "steps": steps.done}
    with (
        tempfile.TemporaryDirectory() as tmp,
        Desktop(Path(tmp) / "desktop") as desktop,
        system_bus(Path(tmp) / "bus") as bus,
    ):
        home = quick_profile(Path(tmp), f'stretch_every = "{INTERVAL}"')
        # Started once before, as idle.py's profile and the peers' are: a first start's
        # work (rendering the icons into the cache) is not a day's.
        settled_profile(home, desktop, bus)
        env = desktop.env(BACKBREAK_HOME=str(home), DBUS_SYSTEM_BUS_ADDRESS=bus)
        floor_argv = [sys.executable, str(ROOT / "bench" / "bare_tray.py"), "--with-stack"]
        procs = []
        try:
            with steps.step("start backbreak and the floor", desktop.logs):
                app = launch([sys.executable, "-m", "backbreak"], env, Path(tmp) / "app.out")
                procs.append(app)
                floor = launch(floor_argv, env)
                procs.append(floor)
                wait_docked(desktop, "backbreak", app, "backbreak", 60)
                wait_docked(desktop, "bare-stack", floor, "the floor", 60)

            def explain() -> str:
                return app_log(home)

            with steps.step("a. the break prompt comes; Start", explain):
                answer_prompt(desktop, 60)
            with steps.step("a. the quick routine plays; feel; close Done", explain):
                finish(desktop, "Quick check", 40)
            with steps.step("set an 8 h interval, so no other break comes", explain):
                cli(desktop, home, "config", "set", "schedule.stretch_every", "8h")
            with steps.step("b. pick a shipped routine with check-ins", explain):
                routine = pick_routine(desktop, home)
                result["routine"] = routine["id"]
            with steps.step(f"b. backbreak start {routine['id']}", explain):
                cli(desktop, home, "start", str(routine["id"]))
            with steps.step(f"b. {routine['id']}: check-ins, steps, feel, close", explain):
                play_with_checkins(desktop, routine)
            for letter, item in (("c", "History"), ("d", "Settings")):
                with steps.step(f"{letter}. {item} from the tray menu; Esc", explain):
                    window = open_from_tray_menu(desktop, item)
                    time.sleep(2.0)  # let it build and paint everything
                    desktop.press(window, "Escape")
                    wait_gone(desktop, f"^{item}", f"{item} to close")
            with steps.step("no window is left open"):
                left = open_windows(desktop)
                if left:
                    raise RuntimeError(f"still open: {left}")
            rows = logged(home)
            result["rows"] = rows
            with steps.step("the log holds both breaks, the check-ins and the feel", explain):
                done = completed_rows(home)
                wanted = [
                    ("e2e-quick", None, None, "felt better"),
                    (routine["id"], 5, 3, "felt better"),
                ]
                if done != wanted:
                    raise RuntimeError(f"completed rows {done}, expected {wanted}; all: {rows}")
            at_rest = time.monotonic()
            for label, moment in (("60s", 60.0), ("later", 60.0 + settle_s)):
                with steps.step(f"memory {moment:.0f} s after the last window closed"):
                    time.sleep(max(0.0, at_rest + moment - time.monotonic()))
                    for name, proc in (("backbreak", app), ("floor", floor)):
                        if proc.poll() is not None:
                            raise RuntimeError(f"{name} exited ({proc.returncode})")
                        rss, pss = memory_kib(proc.pid)
                        figures = result.setdefault(name, {})
                        assert isinstance(figures, dict)
                        figures[f"rss_{label}_mib"] = rss / 1024
                        figures[f"pss_{label}_mib"] = pss / 1024
        finally:
            for proc in procs:
                stop_tree(proc)
    return result


def summary(result: dict[str, object]) -> list[str]:
    app, floor = result["backbreak"], result["floor"]
    assert isinstance(app, dict) and isinstance(floor, dict)
    growth = app["rss_later_mib"] - app["rss_60s_mib"]
    over = app["rss_later_mib"] - floor["rss_later_mib"]
    return [
        f"backbreak at rest after the day: RSS {app['rss_60s_mib']:.1f} → "
        f"{app['rss_later_mib']:.1f} MiB ({growth:+.2f} MiB in {result['settle_s']:.0f} s), "
        f"PSS {app['pss_60s_mib']:.1f} → {app['pss_later_mib']:.1f} MiB",
        f"the floor: RSS {floor['rss_later_mib']:.1f} MiB, PSS {floor['pss_later_mib']:.1f} MiB",
        f"RSS {over:+.1f} MiB over the floor: "
        f"{'meets' if over <= RSS_MARGIN_MIB else 'MISSES'} the {RSS_MARGIN_MIB} MiB target",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--settle", type=float, default=120.0, help="seconds between the two readings"
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument("--quiet", action="store_true", help="do not print each step")
    args = parser.parse_args()
    if missing_tools():
        print(f"cannot run: missing {', '.join(missing_tools())}", file=sys.stderr)
        return 2
    try:
        result = run(args.settle, not args.quiet)
    except StepError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    lines = summary(result)
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps({**result, "verdicts": lines}, indent=2))
    return 1 if any("MISSES" in line for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
