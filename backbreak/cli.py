"""Command line: `backbreak` starts the tray app; subcommands work without a display.

Nothing here imports Qt: the tray app is imported only when it is started, so
`backbreak --version` or `backbreak history` run on a headless server in a blink.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import TextIO

from backbreak import __version__

EPILOG = """\
With no command, backbreak starts in the system tray (or in a small window when the
desktop has no tray). Set BACKBREAK_HOME to keep settings, history and logs in one
folder (portable mode).
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backbreak",
        description="Posture and stretch breaks for desk-bound necks and backs.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"backbreak {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    routines = commands.add_parser("routines", help="list the routines in effect",
                                   description="The routines backbreak can guide you through.")
    routine_commands = routines.add_subparsers(dest="routines_command", metavar="ACTION")
    listing = routine_commands.add_parser("list", help="list routines (the default)")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.add_argument("--category", help="only this category (stretch, posture, …)")

    history = commands.add_parser("history", help="show the most recent entries of the log",
                                  description="The most recent breaks, newest first.")
    history.add_argument("-n", "--limit", type=int, default=20, metavar="N",
                         help="how many entries (default 20)")
    history.add_argument("--json", action="store_true", help="machine-readable output")

    commands.add_parser("paths", help="show where settings, history and logs live")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from backbreak.app import run

            return run()
        if args.command == "routines":
            return cmd_routines_list(args.json, args.category, sys.stdout)
        if args.command == "history":
            return cmd_history(args.limit, args.json, sys.stdout)
        if args.command == "paths":
            return cmd_paths(sys.stdout)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `backbreak history | head`
        return 0
    return 2


def cmd_routines_list(as_json: bool, category: str | None, out: TextIO) -> int:
    from backbreak.content.loader import load_library
    from backbreak.core.model import format_duration
    from backbreak.storage.paths import AppPaths, assets_dir, shipped_routines_dir

    paths = AppPaths.from_environment()
    library = load_library(shipped_routines_dir(), paths.user_routines, assets_dir())
    routines = [r for r in library if category is None or r.category == category]
    for problem in library.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    if as_json:
        json.dump([{
            "id": r.id, "version": r.version, "title": r.title, "category": r.category.value,
            "summary": r.summary, "duration_seconds": r.duration_seconds,
            "difficulty": r.difficulty.value, "guidance": r.guidance.value,
            "steps": len(r.played_steps), "origin": r.origin, "path": r.path,
            "overrides": r.overrides,
        } for r in routines], out, indent=2)
        out.write("\n")
        return 0
    if not routines:
        print("No routines found." if category is None
              else f'No routines in category "{category}".', file=out)
        return 0
    width = max(len(r.id) for r in routines)
    for r in routines:
        origin = "" if r.origin == "shipped" else \
            ("  [yours, replaces the shipped one]" if r.overrides else "  [yours]")
        print(f"{r.id:<{width}}  {r.category.value:<10} {format_duration(r.duration_seconds):>8}"
              f"  {r.title}{origin}", file=out)
    return 0


def cmd_history(limit: int, as_json: bool, out: TextIO) -> int:
    from backbreak.storage.db import LogUnavailableError, read_log
    from backbreak.storage.paths import AppPaths

    paths = AppPaths.from_environment()
    try:
        with read_log(paths.database) as log:
            entries = [] if log is None else log.recent(max(1, limit))
    except LogUnavailableError as exc:
        print(f"backbreak: {exc}", file=sys.stderr)
        return 1
    if as_json:
        json.dump([{
            "at": e.at.isoformat(), "kind": e.kind.value, "routine_id": e.routine_id,
            "routine_version": e.routine_version, "category": e.category,
            "planned_seconds": e.planned_seconds, "actual_seconds": e.actual_seconds,
            "steps_done": e.steps_done, "steps_total": e.steps_total, "detail": e.detail,
            "uid": e.uid,
        } for e in entries], out, indent=2)
        out.write("\n")
        return 0
    if not entries:
        print(f"No breaks logged yet. (History lives in {paths.database})", file=out)
        return 0
    for entry in entries:
        took = f"{_minutes(entry.actual_seconds):>6}" if entry.actual_seconds is not None \
            else " " * 6
        print(f"{_when(entry.at)}  {took}  {entry.describe()}", file=out)
    return 0


def _minutes(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _when(at: datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def cmd_paths(out: TextIO) -> int:
    from backbreak.storage.paths import AppPaths, shipped_routines_dir

    paths = AppPaths.from_environment()
    rows = [("settings", paths.settings_file), ("history", paths.database),
            ("your routines", paths.user_routines), ("logs", paths.log_file),
            ("shipped routines", shipped_routines_dir())]
    for label, path in rows:
        print(f"{label + ':':<18}{path}", file=out)
    if paths.portable:
        print("(portable mode: BACKBREAK_HOME is set)", file=out)
    return 0
