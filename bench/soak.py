"""Real-time soak: the app on a real X desktop for 30 minutes with 10-second intervals.

A break is due every 10 seconds. The script answers each prompt with xdotool the way a
person would (mostly Start, sometimes Snooze or Skip; a started routine plays to its end and
its "Done" window is closed), samples the memory of the app's process tree every 15 s, and
at the end checks:

- every reminder fired: no gap between an answer and the next prompt longer than the
  interval plus a margin, and each prompt shown has one REMINDED row and one notification;
- memory does not grow: the median RSS of the last five minutes is within 1 MiB of the
  median of the five minutes after warm-up;
- the database is intact (PRAGMA integrity_check) and holds every answer given.

Not part of the test suite (it takes half an hour). Run:
    python bench/soak.py [--minutes 30] [--json soak.json]
Needs the end-to-end packages (xvfb trayer dunst xdotool x11-utils dbus).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.idle import memory_kib  # noqa: E402
from tests.e2e.desktop import QUICK_ROUTINE, Desktop, missing_tools, wait_for  # noqa: E402

INTERVAL_S = 10
#: An answer to the next prompt: the interval, the notification round trip and slack for a
#: loaded machine. A lost reminder shows up as a wait far longer than this.
NEXT_PROMPT_WITHIN_S = INTERVAL_S + 20
GROWTH_LIMIT_MIB = 1.0
SAMPLE_EVERY_S = 15


#: What the simulated person answers, in turn: mostly Start, with a snooze and a skip.
ANSWERS = ("start", "start", "snooze", "start", "start", "skip")


def profile(home: Path) -> None:
    (home / "config").mkdir(parents=True)
    (home / "data" / "routines").mkdir(parents=True)
    (home / "config" / "settings.toml").write_text(
        f'[schedule]\nstretch_every = "{INTERVAL_S}s"\nsnooze = "{INTERVAL_S}s"\n\n'
        '[breaks]\nroutines = ["e2e-quick"]\n'
    )
    (home / "data" / "routines" / "e2e-quick.toml").write_text(QUICK_ROUTINE)


def run(minutes: float, verbose: bool = False) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp, Desktop(Path(tmp) / "desktop") as desktop:
        home = Path(tmp) / "home"
        profile(home)
        app = subprocess.Popen(
            [sys.executable, "-m", "backbreak"],
            env=desktop.env(BACKBREAK_HOME=str(home)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started = time.monotonic()
        samples: list[tuple[float, float, float]] = []
        answers: dict[str, int] = {a: 0 for a in ANSWERS}
        waits: list[float] = []
        problems: list[str] = []
        prompts = 0
        next_sample = started
        try:
            wait_for(lambda: desktop.tray_icon_embedded("backbreak"), 30, "the tray icon")
            answered_at = time.monotonic()
            while time.monotonic() - started < minutes * 60:
                if app.poll() is not None:
                    problems.append(f"the app exited with status {app.returncode}")
                    break
                if time.monotonic() >= next_sample:
                    rss, pss = memory_kib(app.pid)
                    samples.append((time.monotonic() - started, rss / 1024, pss / 1024))
                    next_sample += SAMPLE_EVERY_S
                try:
                    prompt = desktop.find_window("^Break time", NEXT_PROMPT_WITHIN_S)
                except AssertionError:
                    problems.append(
                        f"no prompt within {NEXT_PROMPT_WITHIN_S} s of the last "
                        f"answer (at {time.monotonic() - started:.0f} s)"
                    )
                    break
                waits.append(time.monotonic() - answered_at)
                prompts += 1
                answer = ANSWERS[(prompts - 1) % len(ANSWERS)]
                time.sleep(1.1)  # keys are ignored for a second after the prompt shows
                desktop.press(
                    prompt, {"start": "Return", "snooze": "alt+n", "skip": "alt+k"}[answer]
                )
                answers[answer] += 1
                if verbose:
                    print(
                        f"{time.monotonic() - started:7.1f} s  prompt {prompts}: {answer}",
                        flush=True,
                    )
                wait_for(
                    lambda: not _visible(desktop, "^Break time"),
                    10,
                    "the prompt to close after the answer",
                )
                if answer == "start":
                    done = desktop.find_window("^Done: Quick check", 30)
                    time.sleep(0.3)
                    desktop.press(done, "Escape")
                    wait_for(
                        lambda: not _visible(desktop, "^Done: Quick check"),
                        10,
                        "the Done window to close",
                    )
                answered_at = time.monotonic()
        finally:
            app.terminate()
            app.wait(timeout=15)
        time.sleep(0.5)
        notes = len(
            [n for n in desktop.notifications() if n["summary"] == "Time for a stretch break"]
        )
        return _verdict(home, samples, answers, waits, prompts, notes, problems, minutes)


def _visible(desktop: Desktop, name_regex: str) -> bool:
    return bool(desktop.windows_named(name_regex))


def _verdict(
    home: Path,
    samples: list[tuple[float, float, float]],
    answers: dict[str, int],
    waits: list[float],
    prompts: int,
    notes: int,
    problems: list[str],
    minutes: float,
) -> dict[str, object]:
    database = sqlite3.connect(home / "data" / "history.sqlite3")
    try:
        integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
        counts = dict(database.execute("SELECT kind, count(*) FROM events GROUP BY kind"))
    finally:
        database.close()
    if integrity != "ok":
        problems.append(f"database integrity check: {integrity}")
    reminded = counts.get("reminded", 0)
    # The last prompt may have fired while the script was stopping, unanswered: allow one.
    if not prompts <= reminded <= prompts + 1:
        problems.append(f"{prompts} prompts answered but {reminded} REMINDED rows")
    if abs(notes - reminded) > 1:
        problems.append(f"{reminded} reminders but dunst received {notes} notifications")
    for kind, key in (("completed", "start"), ("snoozed", "snooze"), ("skipped", "skip")):
        if counts.get(kind, 0) != answers[key]:
            problems.append(
                f"{answers[key]} answers '{key}' but {counts.get(kind, 0)} {kind.upper()} rows"
            )
    warm = [rss for t, rss, _ in samples if 60 <= t < 360]
    last = [rss for t, rss, _ in samples if t >= minutes * 60 - 300]
    growth = statistics.median(last) - statistics.median(warm) if warm and last else 0.0
    if warm and last and growth > GROWTH_LIMIT_MIB:
        problems.append(f"RSS grew by {growth:.2f} MiB (limit {GROWTH_LIMIT_MIB} MiB)")
    return {
        "minutes": minutes,
        "interval_s": INTERVAL_S,
        "prompts": prompts,
        "answers": answers,
        "rows": counts,
        "notifications": notes,
        "longest_wait_s": max(waits, default=0.0),
        "median_wait_s": statistics.median(waits) if waits else 0.0,
        "rss_first_mib": samples[0][1] if samples else None,
        "rss_warm_median_mib": statistics.median(warm) if warm else None,
        "rss_last_median_mib": statistics.median(last) if last else None,
        "rss_max_mib": max((s[1] for s in samples), default=None),
        "rss_growth_mib": growth,
        "integrity": integrity,
        "samples": samples,
        "problems": problems,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--verbose", action="store_true", help="print every answer")
    args = parser.parse_args()
    if missing_tools():
        print(f"cannot run: missing {', '.join(missing_tools())}", file=sys.stderr)
        return 2
    result = run(args.minutes, args.verbose)
    print(
        f"{result['prompts']} prompts in {args.minutes:g} min at {INTERVAL_S} s intervals; "
        f"answers {result['answers']}; rows {result['rows']}; "
        f"{result['notifications']} notifications"
    )
    print(
        f"wait for the next prompt: median {result['median_wait_s']:.1f} s, "
        f"longest {result['longest_wait_s']:.1f} s"
    )
    if result["rss_warm_median_mib"] is not None:
        print(
            f"RSS: {result['rss_first_mib']:.1f} MiB at start, median "
            f"{result['rss_warm_median_mib']:.1f} MiB after warm-up, "
            f"{result['rss_last_median_mib']:.1f} MiB in the last 5 min "
            f"({result['rss_growth_mib']:+.2f} MiB), peak {result['rss_max_mib']:.1f} MiB"
        )
    problems = result["problems"]
    assert isinstance(problems, list)
    print(
        "PASS: every reminder fired and memory did not grow"
        if not problems
        else "FAIL:\n" + "\n".join(f"  - {p}" for p in problems)
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
