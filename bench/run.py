"""Run every benchmark, print the figures beside the floors and the peers, and write them.

    python bench/run.py [--quick] [--json bench/results/latest.json]
    python bench/run.py --setup      # apt-get install the peers, Workrave and Safe Eyes

Each benchmark runs in its own process (a fresh interpreter, so imports and caches do not
leak from one into the next) and writes its own JSON; this script puts them together.

The full run takes about 78 minutes. Idle and away (10 min), the day (4 min) and the
prompt's latency (3 min) run first and alone: PSS divides shared library pages among the
processes mapping them, so another PySide app would lower it. Then the working hour
(hour.py, 60 min) starts on a desktop of its own, and start-up, timer, history and routine
loading (about 4 min) run beside it in its first 10 minutes, while its app only waits for
the first break. The hour measures CPU time and RSS of its own process tree, which sharing
the machine does not change; it is concurrent, not interleaved, so nothing else is
measured while its breaks play.
--quick (about 14 minutes, nothing side by side) shortens the samples: idle 90 s, away
1-3 min, the day's rest 60 s, start-up 5 runs, the hour 6 minutes with a break every
minute: a first look, not for the README's figures.

The peers run where installed (bench/peers.py); .ci/run does not install them. Needs the
end-to-end Debian packages: xvfb trayer dunst xdotool x11-utils dbus.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))

from bench.peers import setup  # noqa: E402
from bench.table import Row, figures_table, ratio_table, verdict  # noqa: E402

RSS_MARGIN_MIB = 5.0
STARTUP_RATIO = 1.8
PEERS = ("Workrave", "Safe Eyes")


class Job:
    """One benchmark in its own process, writing its figures as JSON."""

    def __init__(self, name: str, *args: str) -> None:
        self.name, self.args = name, args
        self._tmp = tempfile.TemporaryDirectory(prefix="backbreak-bench-")
        self.out = Path(self._tmp.name) / "out.json"
        env = {k: v for k, v in os.environ.items() if k != "BACKBREAK_HOME"}
        print(f"  running {name} {' '.join(args)} ...", flush=True)
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, str(BENCH / name), "--json", str(self.out), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )

    def result(self) -> tuple[dict[str, Any] | None, str]:
        """Wait for it; its figures (None if it could not run) and its output."""
        stdout, stderr = self.proc.communicate()
        took = time.monotonic() - self.started
        failed = "" if self.out.exists() else f"; it failed:\n{stderr[-1500:]}"
        print(f"    {self.name} done in {took:.0f} s{failed}", flush=True)
        data = json.loads(self.out.read_text()) if self.out.exists() else None
        self._tmp.cleanup()
        return data, stdout + stderr


def peer_cells(status: dict[str, str], measured: dict[str, Any]) -> dict[str, str]:
    """What a peer's cell says when it has no figure: not installed, or not measured."""
    return {
        p: ("not installed" if status.get(p) == "not installed" else "not measured")
        for p in PEERS
        if p not in measured
    }


def startup_rows(data: dict[str, Any]) -> list[Row]:
    keys = {
        "bare": "bare tray icon",
        "floor": "bare tray + stack imports",
        "backbreak": "backbreak",
    }
    keys.update({p: p for p in PEERS})
    found = {k: data[name] for k, name in keys.items() if name in data}
    cells = peer_cells(data.get("peers", {}), found)
    for key, case in found.items():
        ratio = f" ({case['ratio']:.2f}x)" if key == "backbreak" else ""
        cells[key] = f"{case['median_s']:.3f} s{ratio}"
    app = found["backbreak"]["ratio"]
    return [
        Row(
            "start-up to tray icon docked (median)",
            cells,
            f"≤ {STARTUP_RATIO}x bare",
            verdict(app <= STARTUP_RATIO),
            {k: c["median_s"] for k, c in found.items()},
        )
    ]


def idle_rows(data: dict[str, Any]) -> list[Row]:
    r = data["results"]
    found = {
        "bare": r["bare tray icon"],
        "floor": r["bare tray + stack imports"],
        "backbreak": r["backbreak"],
    }
    found.update({p: r[p] for p in PEERS if p in r})
    blank = peer_cells(data.get("peers", {}), found)
    app, floor, safe_eyes = found["backbreak"], found["floor"], found.get("Safe Eyes")
    long_s = data.get("long_s", 300)
    long_label = f"{long_s / 60:.0f} min" if long_s >= 120 else f"{long_s:.0f} s"
    rows = []

    def row(key: str, figure: str, unit: str, digits: int, target: str, met: bool | None) -> None:
        values = {k: v[key] for k, v in found.items() if key in v}
        cells = {**blank, **{k: f"{v:.{digits}f}{unit}" for k, v in values.items()}}
        rows.append(Row(figure, cells, target, "n/a" if met is None else verdict(met), values))

    for label, when in (("30s", "30 s"), ("long", long_label)):
        over = app[f"rss_{label}_mib"] - floor[f"rss_{label}_mib"]
        row(f"rss_{label}_mib", f"RSS after {when}", " MiB", 1, "≤ floor + 5 MiB", over <= 5)
        rows[-1].cells["backbreak"] += f" ({over:+.1f})"
        pss = app[f"pss_{label}_mib"]
        theirs = None if safe_eyes is None else safe_eyes[f"pss_{label}_mib"]
        met = None if theirs is None else pss < theirs
        row(f"pss_{label}_mib", f"PSS after {when}", " MiB", 1, "< Safe Eyes", met)
    window = data.get("away_window_s")
    for prefix, what in (("", "idle, 30-90 s"), ("away_", "away")):
        if f"{prefix}cpu_ms_per_min" not in app:
            continue
        if prefix and window:
            what = f"away, {window[0] / 60:.0f}-{window[1] / 60:.0f} min"
        cpu, wake = app[f"{prefix}cpu_ms_per_min"], app[f"{prefix}wakeups_per_s"]
        row(f"{prefix}cpu_ms_per_min", f"CPU, {what}", " ms/min", 1, "< 10 ms/min", cpu < 10)
        row(f"{prefix}wakeups_per_s", f"wake-ups, {what}", "/s", 2, "< 0.5/s", wake < 0.5)
    return rows


def day_rows(data: dict[str, Any], idle: dict[str, Any] | None) -> list[Row]:
    app, floor = data["backbreak"], data["floor"]
    safe_eyes = None if idle is None else idle["results"].get("Safe Eyes")
    theirs = None if safe_eyes is None else safe_eyes["pss_long_mib"]
    settle = data["settle_s"]
    over = app["rss_later_mib"] - floor["rss_later_mib"]
    growth = app["rss_later_mib"] - app["rss_60s_mib"]
    pss_cells = {"floor": f"{floor['pss_later_mib']:.1f} MiB"}
    pss_values = {"floor": floor["pss_later_mib"], "backbreak": app["pss_later_mib"]}
    if theirs is not None:
        pss_cells["Safe Eyes"] = f"{theirs:.1f} MiB (idle)"
        pss_values["Safe Eyes"] = theirs
    pss_cells["backbreak"] = f"{app['pss_later_mib']:.1f} MiB"
    when = f"after a day ({60 + settle:.0f} s at rest)"
    return [
        Row(
            f"RSS {when}",
            {
                "floor": f"{floor['rss_later_mib']:.1f} MiB",
                "backbreak": f"{app['rss_later_mib']:.1f} MiB ({over:+.1f})",
            },
            "≤ floor + 5 MiB",
            verdict(over <= RSS_MARGIN_MIB),
            {"floor": floor["rss_later_mib"], "backbreak": app["rss_later_mib"]},
        ),
        Row(
            f"PSS {when}",
            pss_cells,
            "< Safe Eyes idle",
            "n/a" if theirs is None else verdict(app["pss_later_mib"] < theirs),
            pss_values,
        ),
        Row(
            f"after a day: RSS growth, 60-{60 + settle:.0f} s",
            {"backbreak": f"{growth:+.2f} MiB"},
            "(reported)",
            "n/a",
        ),
    ]


def hour_rows(data: dict[str, Any]) -> list[Row]:
    app, floor = data["backbreak"], data["floor"]
    what = f"{data['minutes']:g} min, {data['prompts']} breaks"
    rows = []
    for key, figure, unit, digits in (
        ("cpu_ms_per_min", f"working hour ({what}): CPU", " ms/min", 1),
        ("wakeups_per_s", "working hour: wake-ups", "/s", 2),
        ("rss_end_mib", "working hour: RSS at the end", " MiB", 1),
    ):
        rows.append(
            Row(
                figure,
                {
                    "floor": f"{floor[key]:.{digits}f}{unit}",
                    "backbreak": f"{app[key]:.{digits}f}{unit}",
                },
                "(reported)",
                "MISSES" if data.get("problems") else "n/a",
                {"floor": floor[key], "backbreak": app[key]},
            )
        )
    return rows


def timer_rows(data: dict[str, Any]) -> list[Row]:
    if "backbreak" not in data:
        return [Row("timer accuracy", {"backbreak": "wake-ups missing"}, "≤ 1 s", "MISSES")]
    floor, app = data["floor"], data["backbreak"]
    median = f"median {app['median_s'] * 1000:.1f}"
    return [
        Row(
            f"reminder lateness, worst of {data['count']}",
            {
                "floor": f"{floor['worst_s'] * 1000:.1f} ms (APScheduler)",
                "backbreak": f"{app['worst_s'] * 1000:.1f} ms ({median})",
            },
            "≤ 1 s",
            verdict(data["met"]),
        )
    ]


def history_rows(data: dict[str, Any]) -> list[Row]:
    floor = f"{data['floor_median_s'] * 1000:.0f} ms (one SQL pass)"
    events = f"{data['events'] / 1000:.0f}k events"
    return [
        Row(
            f"{case['name']} ({events})",
            {
                "floor": floor if case["name"].startswith("stats") else "-",
                "backbreak": f"{case['median_s'] * 1000:.0f} ms",
            },
            f"< {case['target_s'] * 1000:.0f} ms",
            verdict(case["met"]),
        )
        for case in data["cases"]
    ]


def routine_rows(data: dict[str, Any]) -> list[Row]:
    return [
        Row(
            "loading 200 routine files",
            {
                "floor": f"{data['floor_median_s'] * 1000:.0f} ms (tomllib)",
                "backbreak": f"{data['median_s'] * 1000:.0f} ms",
            },
            "< 100 ms",
            verdict(data["met"]),
        )
    ]


def prompt_rows(data: dict[str, Any]) -> list[Row]:
    worst, median = data["worst_s"] * 1000, data["median_s"] * 1000
    return [
        Row(
            f"break prompt on screen after the reminder, worst of {data['count']}",
            {"backbreak": f"{worst:.0f} ms (median {median:.0f})"},
            "≤ 1 s",
            verdict(data["met"]),
        )
    ]


def compile_backbreak() -> None:
    """Byte-compile backbreak first, as installing it does (pip, or a Debian package like
    Safe Eyes's). In a checkout with PYTHONDONTWRITEBYTECODE set (this machine sets it),
    every start would otherwise compile its hundred modules again: 40 ms and more of each
    start-up and window figure that no installed copy pays. Python reads the files even
    where it may not write them."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "backbreak")], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="shorter samples and fewer repeats (a first look)"
    )
    parser.add_argument(
        "--setup", action="store_true", help="apt-get install the peers (Workrave, Safe Eyes)"
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=BENCH / "results" / "latest.json",
        help="where to write every figure (default bench/results/latest.json)",
    )
    args = parser.parse_args()
    if args.setup:
        return setup()
    quick = args.quick
    print("backbreak benchmarks" + (" (quick)" if quick else ""), flush=True)
    compile_backbreak()
    began = time.monotonic()
    raw: dict[str, Any] = {}
    failures: list[str] = []

    def collect(key: str, job: Job) -> dict[str, Any] | None:
        data, output = job.result()
        if data is None:
            failures.append(f"{job.name} could not run:\n{output[-800:]}")
        else:
            raw[key] = data
        return data

    # PSS shares a library's pages among the processes that map it: another backbreak
    # running would lower every PySide process's PSS. So idle and the day run alone first.
    idle_args = ("--long", "90", "--away", "180") if quick else ("--long", "300", "--away", "600")
    collect("idle", Job("idle.py", *idle_args))
    collect("day", Job("day.py", "--settle", "60", "--quiet"))
    collect("prompt_latency", Job("prompt_latency.py", "--count", "3" if quick else "5", "--quiet"))
    # The hour's first break comes after 10 minutes (--quick: 1 minute): until then its app
    # only waits, and the short timed benchmarks run beside it.
    hour_args = ("--minutes", "6", "--interval", "1") if quick else ()
    # The full hour's first break comes after 10 minutes: until then its app only waits,
    # and the short timed benchmarks run beside it. --quick's hour has a break every minute,
    # so it runs after them instead (it would disturb their timings).
    hour = None if quick else Job("hour.py", *hour_args)
    if hour is not None:
        time.sleep(10)  # past its start-up
    collect("startup", Job("startup.py", "--runs", "5" if quick else "9"))
    collect("timer_accuracy", Job("timer_accuracy.py", "--count", "20"))
    collect("history_stats", Job("history_stats.py", "--runs", "3" if quick else "7"))
    collect("routine_loading", Job("routine_loading.py"))
    collect("hour", hour or Job("hour.py", *hour_args))

    rows: list[Row] = []
    for key, to_rows in (
        ("startup", startup_rows),
        ("idle", idle_rows),
        ("day", lambda d: day_rows(d, raw.get("idle"))),
        ("hour", hour_rows),
        ("timer_accuracy", timer_rows),
        ("prompt_latency", prompt_rows),
        ("history_stats", history_rows),
        ("routine_loading", routine_rows),
    ):
        if key in raw:
            rows += to_rows(raw[key])
    print()
    print(figures_table(rows))
    print()
    print(ratio_table(rows))
    for key in ("startup", "idle"):
        for peer, said in raw.get(key, {}).get("peers", {}).items():
            if said != "measured":
                print(f"\n{peer} ({key}): {said}")
    for problem in raw.get("hour", {}).get("problems", []):
        print(f"\nworking hour: {problem}")
    missed = [r.figure for r in rows if r.verdict == "MISSES"]
    print()
    print("Targets MISSED: " + "; ".join(missed) if missed else "Every target met.")
    for failure in failures:
        print(f"\nCOULD NOT MEASURE: {failure}")
    raw["table"] = [r.as_dict() for r in rows]
    raw["machine"] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "quick": quick,
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "minutes": round((time.monotonic() - began) / 60, 1),
    }
    try:
        import PySide6

        raw["machine"]["pyside6"] = PySide6.__version__
    except ImportError:
        pass
    args.json.write_text(json.dumps(raw, indent=2) + "\n")
    print(f"\nAll figures: {args.json} (the run took {raw['machine']['minutes']} min)")
    return 1 if missed or failures else 0


if __name__ == "__main__":
    sys.exit(main())
