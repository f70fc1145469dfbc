"""Run every benchmark, print one table beside the bare tray icon, and write the figures as JSON.

    python bench/run.py [--quick] [--json bench/results/latest.json]

Each benchmark runs in its own process (a fresh interpreter, so imports and caches do not
leak from one into the next) and writes its own JSON; this script puts them together. The
whole run takes about 8 minutes, most of it the 5-minute memory sample; --quick shortens
that sample to 90 s and the repeat counts, for a first look (not for the README's figures).
Needs the end-to-end Debian packages: xvfb trayer dunst xdotool x11-utils dbus.
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
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


@dataclass
class Row:
    figure: str
    bare: str
    floor: str
    backbreak: str
    target: str
    verdict: str  # "meets", "MISSES" or "n/a"


def run_script(name: str, *args: str) -> tuple[dict[str, Any] | None, str]:
    """Run one benchmark with --json; returns its figures (None if it could not run)."""
    with tempfile.TemporaryDirectory(prefix="backbreak-bench-") as tmp:
        out = Path(tmp) / "out.json"
        env = {k: v for k, v in os.environ.items() if k != "BACKBREAK_HOME"}
        print(f"  running {name} {' '.join(args)} ...", flush=True)
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, str(BENCH / name), "--json", str(out), *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
        )
        took = time.monotonic() - started
        print(
            f"    done in {took:.0f} s"
            + ("" if out.exists() else f"; it failed:\n{result.stderr[-1500:]}"),
            flush=True,
        )
        if not out.exists():
            return None, result.stdout + result.stderr
        return json.loads(out.read_text()), result.stdout


def verdict(met: bool) -> str:
    return "meets" if met else "MISSES"


def startup_rows(data: dict[str, Any]) -> list[Row]:
    bare, floor, app = (
        data[k] for k in ("bare tray icon", "bare tray + stack imports", "backbreak")
    )
    return [
        Row(
            "start-up to tray icon docked (median)",
            f"{bare['median_s']:.3f} s",
            f"{floor['median_s']:.3f} s ({floor['ratio']:.2f}x)",
            f"{app['median_s']:.3f} s ({app['ratio']:.2f}x)",
            "≤ 2x bare",
            verdict(app["ratio"] <= 2.0),
        )
    ]


def idle_rows(data: dict[str, Any], long_label: str) -> list[Row]:
    r = data["results"]
    bare, floor, app = r["bare tray icon"], r["bare tray + stack imports"], r["backbreak"]
    rows = []
    for key, label in (
        ("rss_30s_mib", "RSS after 30 s"),
        ("pss_30s_mib", "PSS after 30 s"),
        ("rss_long_mib", f"RSS after {long_label}"),
        ("pss_long_mib", f"PSS after {long_label}"),
    ):
        over = app[key] - floor[key]
        is_rss = key.startswith("rss")
        rows.append(
            Row(
                label,
                f"{bare[key]:.1f} MiB",
                f"{floor[key]:.1f} MiB",
                f"{app[key]:.1f} MiB ({over:+.1f})",
                "≤ floor + 2.5 MiB" if is_rss else "(reported)",
                verdict(over <= 2.5) if is_rss else "n/a",
            )
        )
    rows.append(
        Row(
            "idle CPU over 60 s",
            f"{bare['cpu_ms_per_min']:.1f} ms/min",
            f"{floor['cpu_ms_per_min']:.1f} ms/min",
            f"{app['cpu_ms_per_min']:.1f} ms/min",
            "< 10 ms/min",
            verdict(app["cpu_ms_per_min"] < 10),
        )
    )
    rows.append(
        Row(
            "wake-ups (context switches) over 60 s",
            f"{bare['wakeups_per_s']:.2f}/s",
            f"{floor['wakeups_per_s']:.2f}/s",
            f"{app['wakeups_per_s']:.2f}/s",
            "< 0.5/s",
            verdict(app["wakeups_per_s"] < 0.5),
        )
    )
    return rows


def timer_rows(data: dict[str, Any]) -> list[Row]:
    if "backbreak" not in data:
        return [Row("timer accuracy", "-", "-", "wake-ups missing", "≤ 1 s", "MISSES")]
    floor, app = data["floor"], data["backbreak"]
    return [
        Row(
            f"reminder lateness, worst of {data['count']}",
            "-",
            f"{floor['worst_s'] * 1000:.1f} ms (APScheduler alone)",
            f"{app['worst_s'] * 1000:.1f} ms (median {app['median_s'] * 1000:.1f})",
            "≤ 1 s",
            verdict(data["met"]),
        )
    ]


def history_rows(data: dict[str, Any]) -> list[Row]:
    rows = []
    floor = f"{data['floor_median_s'] * 1000:.0f} ms (one SQL pass)"
    for case in data["cases"]:
        rows.append(
            Row(
                f"{case['name']} ({data['events']:,} events)",
                "-",
                floor if case["name"].startswith("stats") else "-",
                f"{case['median_s'] * 1000:.0f} ms",
                f"< {case['target_s'] * 1000:.0f} ms",
                verdict(case["met"]),
            )
        )
    return rows


def routine_rows(data: dict[str, Any]) -> list[Row]:
    return [
        Row(
            "loading 200 routine files",
            "-",
            f"{data['floor_median_s'] * 1000:.0f} ms (tomllib alone)",
            f"{data['median_s'] * 1000:.0f} ms",
            "< 100 ms",
            verdict(data["met"]),
        )
    ]


def print_table(rows: list[Row]) -> None:
    headers = Row(
        "figure", "bare tray icon", "bare + stack (floor)", "backbreak", "target", "verdict"
    )
    cells = [list(asdict(r).values()) for r in (headers, *rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(cells[0]))]
    for n, line in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="shorter samples and fewer repeats (a first look)"
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=BENCH / "results" / "latest.json",
        help="where to write every figure (default bench/results/latest.json)",
    )
    args = parser.parse_args()
    long_s = 90 if args.quick else 300
    runs = "3" if args.quick else "7"
    print("backbreak benchmarks" + (" (quick)" if args.quick else ""), flush=True)
    raw: dict[str, Any] = {}
    rows: list[Row] = []
    failures: list[str] = []
    plan = [
        ("startup", "startup.py", ["--runs", "5" if args.quick else "9"], startup_rows),
        (
            "idle",
            "idle.py",
            ["--long", str(long_s)],
            lambda d: idle_rows(d, f"{long_s // 60} min" if long_s >= 120 else f"{long_s} s"),
        ),
        ("timer_accuracy", "timer_accuracy.py", ["--count", "20"], timer_rows),
        ("history_stats", "history_stats.py", ["--runs", runs], history_rows),
        ("routine_loading", "routine_loading.py", [], routine_rows),
    ]
    for key, script, script_args, to_rows in plan:
        data, output = run_script(script, *script_args)
        if data is None:
            failures.append(f"{script} could not run:\n{output[-800:]}")
            continue
        raw[key] = data
        rows += to_rows(data)
    print()
    print_table(rows)
    missed = [r.figure for r in rows if r.verdict == "MISSES"]
    print()
    if missed:
        print("Targets MISSED: " + "; ".join(missed))
    else:
        print("Every target met.")
    for failure in failures:
        print(f"\nCOULD NOT MEASURE: {failure}")
    raw["table"] = [asdict(r) for r in rows]
    raw["machine"] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "quick": args.quick,
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    try:
        import PySide6

        raw["machine"]["pyside6"] = PySide6.__version__
    except ImportError:
        pass
    args.json.write_text(json.dumps(raw, indent=2) + "\n")
    print(f"\nAll figures: {args.json}")
    return 1 if missed or failures else 0


if __name__ == "__main__":
    sys.exit(main())
