"""Command line: `backbreak` starts the tray app; subcommands work without a display.

Nothing here imports Qt: the tray app is imported only when it is started, so
`backbreak --version` or `backbreak history` run on a headless server in a blink.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from backbreak import __version__

if TYPE_CHECKING:
    from backbreak.core.settings import Option, Settings

EPILOG = """\
With no command, backbreak starts in the system tray (or in a small window when the
desktop has no tray). Set BACKBREAK_HOME to keep settings, history and logs in one
folder (portable mode).
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backbreak",
        description="Posture and stretch breaks for desk-bound necks and backs.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"backbreak {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    routines = commands.add_parser(
        "routines",
        help="list, show, check and write routines",
        description="The routines backbreak can guide you through.",
    )
    routines.set_defaults(routines_command="list", json=False, category=None)
    routine_commands = routines.add_subparsers(dest="routines_command", metavar="ACTION")
    listing = routine_commands.add_parser("list", help="list routines (the default)")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.add_argument("--category", help="only this category (stretch, posture, …)")
    show = routine_commands.add_parser("show", help="everything about one routine")
    show.add_argument("id", help="a routine id from `backbreak routines list`")
    validate = routine_commands.add_parser(
        "validate",
        help="check routine files (exit 0 when all are valid)",
        description="Check routine files and report every problem. With no PATH: the shipped "
        "routines and yours.",
    )
    validate.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    new = routine_commands.add_parser(
        "new", help="write a commented template into your routines folder"
    )
    new.add_argument(
        "id", nargs="?", default="my-routine", help="the new routine's id (default: my-routine)"
    )

    history = commands.add_parser(
        "history",
        help="show the most recent entries of the log",
        description="The most recent breaks, newest first.",
    )
    history.add_argument(
        "-n",
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="at most N entries (default 20, or all of them with --days)",
    )
    history.add_argument(
        "--days", type=int, default=None, metavar="N", help="only the last N days (today is day 1)"
    )
    history.add_argument("--json", action="store_true", help="machine-readable output")
    history.add_argument(
        "--delete-all",
        action="store_true",
        help="delete your whole history (asks first; see --yes)",
    )
    history.add_argument(
        "--yes", action="store_true", help="with --delete-all: do not ask (for scripts)"
    )

    planning = commands.add_parser(
        "plan",
        help="the reminders your settings will produce",
        description="The reminders the current settings produce in a time window, assuming you "
        "are at the computer throughout and answer each at once. Default: the rest "
        "of today.",
    )
    planning.add_argument(
        "--from", dest="start", metavar="ISO", help="start, like 2026-11-30T08:00 (default: now)"
    )
    planning.add_argument(
        "--until", metavar="ISO", help="end, like 2026-12-05T20:00 (default: midnight tonight)"
    )
    planning.add_argument("--json", action="store_true", help="machine-readable output")
    planning.add_argument(
        "--answer",
        choices=("skip", "start"),
        default="skip",
        help="how the simulated you answers each reminder: skip it at once (the default), "
        "or start it and complete the routine in its own length",
    )
    commands.add_parser(
        "status",
        help="what the running app is doing",
        description="Ask the running backbreak when the next break is.",
    )
    pause = commands.add_parser(
        "pause",
        help="pause the running app's reminders",
        description="Pause reminders in the running backbreak.",
    )
    pause.add_argument(
        "length",
        metavar="DURATION|until-tomorrow|forever|off",
        help='like "30m" or "1h30m"; until-tomorrow; forever; off resumes',
    )
    start = commands.add_parser("start", help="start a routine in the running app")
    start.add_argument("id", help="a routine id from `backbreak routines list`")
    stats = commands.add_parser(
        "stats",
        help="streaks, adherence and the tension summary",
        description="The figures the history window shows.",
    )
    stats.add_argument(
        "--days", type=int, default=30, metavar="N", help="how many days of adherence (default 30)"
    )
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    export = commands.add_parser("export", help="write your whole history as CSV or JSON")
    export.add_argument("--format", choices=("csv", "json"), default="json")
    export.add_argument("--out", metavar="FILE", help="a file (default: standard output)")
    restore = commands.add_parser("import", help="add an export back (twice adds nothing)")
    restore.add_argument("file", metavar="FILE")
    config = commands.add_parser(
        "config",
        help="show and change settings from a terminal",
        description="Read and change the settings file. `set` and `reset` tell a running "
        "backbreak to use the new values at once.",
        epilog="Values as you would type them: durations like 45m or 1h30m, true/false "
        "(yes/no, on/off), numbers, one of the listed words, comma-separated lists "
        "(routine ids, or working-hours ranges like 09:00-12:30,13:30-18:00; none for "
        "an empty list).",
    )
    config.set_defaults(config_command="show", json=False, key=None)
    config_commands = config.add_subparsers(dest="config_command", metavar="ACTION")
    config_commands.add_parser("path", help="the settings file's path")
    config_show = config_commands.add_parser(
        "show", help="every option and its value; * marks a change (the default action)"
    )
    config_show.add_argument(
        "key",
        nargs="?",
        metavar="KEY",
        help="only this option, with its help, like schedule.stretch_every",
    )
    config_show.add_argument("--json", action="store_true", help="machine-readable output")
    config_set = config_commands.add_parser(
        "set",
        help="change one option",
        description="Change one option, like: backbreak config set schedule.stretch_every 45m",
    )
    config_set.add_argument("key", metavar="KEY", help="like schedule.stretch_every")
    config_set.add_argument(
        "value", nargs="+", metavar="VALUE", help="as you would type it; several words make a list"
    )
    config_reset = config_commands.add_parser(
        "reset", help="put one option (or --all) back to its default"
    )
    config_reset.add_argument("key", nargs="?", metavar="KEY", help="like schedule.snooze")
    config_reset.add_argument(
        "--all",
        action="store_true",
        help="every option (asks first; keys backbreak does not know stay)",
    )
    config_reset.add_argument(
        "--yes", action="store_true", help="with --all: do not ask (for scripts)"
    )
    commands.add_parser("paths", help="show where settings, history and logs live")
    commands.add_parser("safety", help="when to see a professional")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from backbreak.app import run

            return run()
        if args.command == "routines":
            if args.routines_command == "show":
                return cmd_routines_show(args.id, sys.stdout)
            if args.routines_command == "validate":
                return cmd_routines_validate(args.paths, sys.stdout)
            if args.routines_command == "new":
                return cmd_routines_new(args.id, sys.stdout)
            return cmd_routines_list(args.json, args.category, sys.stdout)
        if args.command == "history":
            if args.delete_all:
                return cmd_delete_history(args.yes, sys.stdin, sys.stdout)
            return cmd_history(args.limit, args.days, args.json, sys.stdout)
        if args.command == "paths":
            return cmd_paths(sys.stdout)
        if args.command == "config":
            return _config(args)
        if args.command in ("status", "pause", "start"):
            line = {
                "status": "status",
                "pause": f"pause {getattr(args, 'length', '')}",
                "start": f"start {getattr(args, 'id', '')}",
            }[args.command]
            return cmd_remote(line, sys.stdout)
        if args.command == "export":
            return cmd_export(args.format, args.out, sys.stdout)
        if args.command == "import":
            return cmd_import(args.file, sys.stdout)
        if args.command == "stats":
            return cmd_stats(max(1, args.days), args.json, sys.stdout)
        if args.command == "plan":
            return cmd_plan(args.start, args.until, args.json, sys.stdout, args.answer)
        if args.command == "safety":
            from backbreak.content import safety

            sys.stdout.write(safety.as_text())
            return 0
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
        json.dump(
            [
                {
                    "id": r.id,
                    "version": r.version,
                    "title": r.title,
                    "category": r.category.value,
                    "summary": r.summary,
                    "duration_seconds": r.duration_seconds,
                    "difficulty": r.difficulty.value,
                    "guidance": r.guidance.value,
                    "steps": len(r.played_steps),
                    "origin": r.origin,
                    "path": r.path,
                    "overrides": r.overrides,
                }
                for r in routines
            ],
            out,
            indent=2,
        )
        out.write("\n")
        return 0
    if not routines:
        print(
            "No routines found." if category is None else f'No routines in category "{category}".',
            file=out,
        )
        return 0
    width = max(len(r.id) for r in routines)
    for r in routines:
        origin = (
            ""
            if r.origin == "shipped"
            else ("  [yours, replaces the shipped one]" if r.overrides else "  [yours]")
        )
        print(
            f"{r.id:<{width}}  {r.category.value:<11}{format_duration(r.duration_seconds):>10}"
            f"  {r.title}{origin}",
            file=out,
        )
    return 0


def _library() -> Any:
    from backbreak.content.loader import load_library
    from backbreak.storage.paths import AppPaths, assets_dir, shipped_routines_dir

    return load_library(
        shipped_routines_dir(), AppPaths.from_environment().user_routines, assets_dir()
    )


def cmd_routines_show(routine_id: str, out: TextIO) -> int:
    from backbreak.core.model import Side, format_duration

    library = _library()
    routine = library.get(routine_id)
    if routine is None:
        skipped = [p for p in library.problems if Path(p.path).stem == routine_id]
        for problem in skipped:
            print(f"backbreak: {problem}", file=sys.stderr)
        if not skipped:
            known = ", ".join(sorted(library.routines)) or "none"
            print(f'backbreak: no routine "{routine_id}". Known: {known}', file=sys.stderr)
        return 1
    origin = (
        "shipped with backbreak"
        if routine.origin == "shipped"
        else (
            "yours, replacing the shipped one at " + routine.overrides
            if routine.overrides
            else "yours"
        )
    )
    lines = [
        f"{routine.title}  ({routine.id}, version {routine.version})",
        routine.summary,
        "",
        f"Category:   {routine.category.value}, {routine.difficulty.value}, "
        f"{format_duration(routine.duration_seconds)}",
        f"Guidance:   {routine.guidance.value}",
    ]
    if routine.body_areas:
        lines.append(f"Body areas: {', '.join(routine.body_areas)}")
    lines += [f"File:       {routine.path} ({origin})", ""]
    if routine.checklist:
        lines.append("Before you start, check:")
        lines += [f"  [ ] {item}" for item in routine.checklist]
        lines.append("")
    for number, step in enumerate(routine.steps, 1):
        side = {Side.BOTH: ", each side", Side.LEFT: ", left side", Side.RIGHT: ", right side"}.get(
            step.side, ""
        )
        reps = f", {step.reps} times" if step.reps else ""
        lines.append(f"{number}. {step.title} ({step.seconds} s{side}{reps})")
        lines.append(
            textwrap.fill(step.instruction, 88, initial_indent="   ", subsequent_indent="   ")
        )
    if routine.breathing:
        b = routine.breathing
        pattern = " / ".join(f"{name.lower()} {secs} s" for name, secs in b.phases())
        lines.append(f"Breathing: {pattern}; {b.cycles} breaths")
    if routine.thermal:
        t = routine.thermal
        plan = " → ".join(f"{p.kind.value} {p.minutes} min" for p in t.phases)
        lines.append(f"Phases: {plan}" + (f", {t.repeats} times" if t.repeats > 1 else ""))
    if routine.safety:
        lines += ["", "Safety:"] + [f"  • {s}" for s in routine.safety]
    lines += ["", "Sources:"] + [f'  • {s.file}: "{s.quote}"' for s in routine.sources]
    lines += ["", "When to see a professional: backbreak safety"]
    print("\n".join(lines), file=out)
    return 0


def cmd_routines_validate(paths: list[str], out: TextIO) -> int:
    from backbreak.content.loader import Problem, load_file, load_library
    from backbreak.storage.paths import AppPaths, assets_dir, shipped_routines_dir

    problems: list[Problem] = []
    checked = 0
    if not paths:
        library = load_library(
            shipped_routines_dir(), AppPaths.from_environment().user_routines, assets_dir()
        )
        problems = library.problems
        checked = len(library) + len({p.path for p in problems})
    else:
        files: list[Path] = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                files += sorted(path.glob("*.toml"))
            elif path.exists():
                files.append(path)
            else:
                problems.append(Problem(name, "", "no such file or folder"))
        seen: dict[str, str] = {}
        for file in files:
            routine, found = load_file(file, assets_dir())
            problems += found
            if routine is not None and routine.id in seen:
                problems.append(
                    Problem(
                        str(file),
                        "id",
                        f'"{routine.id}" is also used by {seen[routine.id]}; ids must be unique',
                    )
                )
            elif routine is not None:
                seen[routine.id] = str(file)
        checked = len(files)
    for problem in problems:
        print(f"{problem}", file=sys.stderr)
    bad = len({p.path for p in problems})
    if problems:
        print(
            f"{bad} of {max(checked, bad)} file(s) have problems ({len(problems)} in all).",
            file=sys.stderr,
        )
        return 1
    print(f"{checked} routine file(s) checked: all valid.", file=out)
    return 0


TEMPLATE = """\
# A backbreak routine. Every key is explained here; `backbreak routines validate` checks it.
# Keep movements gentle: "to mild tension, never pain", no bouncing.

id = "{id}"                  # lowercase letters, digits, hyphens; the same as the file name
version = 1                 # raise it when you change the routine
title = "My routine"        # short, shown in menus
category = "stretch"        # posture, stretch, breathing, thermal, relaxation, exercise
summary = "One line that says what it does and for whom."
duration_seconds = 50       # must equal the steps' seconds; a "both" step counts twice
difficulty = "gentle"       # gentle or moderate
guidance = "stretch"        # stretch, checklist, breathing (add [breathing]) or thermal
tags = ["neck"]
body_areas = ["neck"]       # neck, shoulders, upper-back, lower-back, chest, whole-body
safety = [
  "Move slowly and only to mild tension, never into pain.",
  "Stop if pain sharpens, shoots or spreads.",
]

[[steps]]
title = "Side tilt"
instruction = "Sit tall. Let your ear sink towards your shoulder and breathe slowly."
seconds = 20                # 3 to 3600
side = "both"               # none, left, right, or both (played left, then right)
image = "illustrations/neck-side-tilt.svg"   # optional, a picture under backbreak's assets
cue = "Ear to shoulder"     # optional short cue

[[steps]]
title = "Settle"
instruction = "Roll your shoulders back and down, and breathe out slowly."
seconds = 10

# A breathing routine has guidance = "breathing" and a pattern instead of (or after) steps:
# [breathing]
# inhale = 4
# hold_in = 0
# exhale = 6
# hold_out = 0
# cycles = 10

[[sources]]
file = "where the advice comes from"
quote = "a short quote from it"
"""


def cmd_routines_new(routine_id: str, out: TextIO) -> int:
    import re

    from backbreak.storage.paths import AppPaths, make_private_dir

    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", routine_id):
        print(
            f'backbreak: "{routine_id}" cannot be an id: use lowercase letters, digits and '
            "single hyphens, like my-neck-break",
            file=sys.stderr,
        )
        return 2
    folder = AppPaths.from_environment().user_routines
    target = folder / f"{routine_id}.toml"
    if target.exists():
        print(
            f"backbreak: {target} already exists; choose another id or edit that file",
            file=sys.stderr,
        )
        return 1
    try:
        make_private_dir(folder)
        with target.open("x", encoding="utf-8") as handle:
            handle.write(TEMPLATE.format(id=routine_id))
    except OSError as exc:
        print(f"backbreak: could not write {target}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(
        f"Wrote {target}\nEdit it, then check it with: backbreak routines validate {target}",
        file=out,
    )
    return 0


def cmd_history(limit: int | None, days: int | None, as_json: bool, out: TextIO) -> int:
    from datetime import timedelta

    from backbreak.storage.db import LogUnavailableError, read_log
    from backbreak.storage.paths import AppPaths

    paths = AppPaths.from_environment()
    since = None
    if days is not None:
        midnight = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        since = midnight - timedelta(days=max(1, days) - 1)
    count = max(1, limit) if limit is not None else 20 if since is None else 10**9
    try:
        with read_log(paths.database) as log:
            entries = [] if log is None else log.recent(count, since)
    except LogUnavailableError as exc:
        print(f"backbreak: {exc}", file=sys.stderr)
        return 1
    if as_json:
        json.dump(
            [
                {
                    "at": e.at.isoformat(),
                    "kind": e.kind.value,
                    "routine_id": e.routine_id,
                    "routine_version": e.routine_version,
                    "category": e.category,
                    "planned_seconds": e.planned_seconds,
                    "actual_seconds": e.actual_seconds,
                    "steps_done": e.steps_done,
                    "steps_total": e.steps_total,
                    "detail": e.detail,
                    "checkin_before": e.checkin_before,
                    "checkin_after": e.checkin_after,
                    "uid": e.uid,
                }
                for e in entries
            ],
            out,
            indent=2,
        )
        out.write("\n")
        return 0
    if not entries:
        when = "yet" if since is None else f"in the last {max(1, days or 1)} day(s)"
        print(f"No breaks logged {when}. (History lives in {paths.database})", file=out)
        return 0
    for entry in entries:
        took = (
            f"{_minutes(entry.actual_seconds):>6}" if entry.actual_seconds is not None else " " * 6
        )
        print(f"{_when(entry.at)}  {took}  {entry.describe()}", file=out)
    return 0


def _minutes(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _when(at: datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def cmd_plan(
    start_text: str | None, until_text: str | None, as_json: bool, out: TextIO, answer: str = "skip"
) -> int:
    """The agenda run forward (core.planning): exactly the engine the app runs."""
    from datetime import UTC, timedelta

    from backbreak.adapters.localzone import resolve_zone, system_zone
    from backbreak.core.agenda_model import Memory
    from backbreak.core.planning import Reply, plan
    from backbreak.core.reminder_rules import rules_from_settings
    from backbreak.core.settings import TIMEZONE
    from backbreak.core.working_hours import local_instant
    from backbreak.services.reminders import remembered
    from backbreak.storage.db import LogUnavailableError, read_log
    from backbreak.storage.paths import AppPaths
    from backbreak.storage.settings_file import load_settings

    paths = AppPaths.from_environment()
    now = datetime.now().astimezone()
    loaded = load_settings(paths.settings_file, now, read_only=True)
    for notice in loaded.notices:
        print(f"backbreak: {notice}", file=sys.stderr)
    settings = loaded.settings
    tz, problem = resolve_zone(settings[TIMEZONE], system_zone())
    if problem:
        print(f"backbreak: {problem}", file=sys.stderr)

    def moment(text: str | None, default: datetime) -> datetime:
        if text is None:
            return default
        value = datetime.fromisoformat(text.strip())
        if value.tzinfo is None:  # local to the plan's zone; a skipped time moves forward
            return local_instant(value, tz)
        return value.astimezone(UTC)

    try:
        start = moment(start_text, now.astimezone(UTC))
        local = start.astimezone(tz)
        try:
            midnight = local_instant(
                datetime.combine(local.date() + timedelta(days=1), datetime.min.time()), tz
            )
        except OverflowError:
            midnight = datetime.max.replace(tzinfo=UTC)
        until = moment(until_text, midnight)
    except (ValueError, OverflowError) as exc:
        print(f"backbreak: {exc}; write times like 2026-11-30T08:00", file=sys.stderr)
        return 2
    if until <= start:
        print("backbreak: --until must be after --from", file=sys.stderr)
        return 2
    memory = Memory()
    try:
        with read_log(paths.database) as event_log:
            if event_log is not None:
                memory = remembered(event_log, start)  # as a pause stands at --from
    except LogUnavailableError as exc:
        print(f"backbreak: {exc} The plan ignores any pause.", file=sys.stderr)
    rules = rules_from_settings(settings, tz, _library())
    result = plan(rules, start, until, memory, Reply(answer))
    if result.truncated:
        print(
            f"backbreak: stopped after {len(result.reminders)} reminders; choose a shorter "
            "window with --from and --until",
            file=sys.stderr,
        )
    if as_json:
        rows = [
            {
                "at": r.at.astimezone(tz).isoformat(timespec="seconds"),
                "kind": r.kind,
                "routine_id": r.routine_id,
            }
            for r in result.reminders
        ]
        json.dump(rows, out, indent=2)
        out.write("\n")
        return 0
    if not result.reminders:
        print("No reminders in that window.", file=out)
    for r in result.reminders:
        shown = r.at.astimezone(tz)
        print(f"{shown.strftime('%a %Y-%m-%d %H:%M %z')}  {r.kind:<16} {r.routine_id}", file=out)
    return 0


def cmd_stats(days: int, as_json: bool, out: TextIO) -> int:
    from datetime import timedelta

    from backbreak.core.settings import DAILY_TARGET
    from backbreak.core.stats import stats_from_tallies
    from backbreak.storage.db import LogUnavailableError, read_log
    from backbreak.storage.paths import AppPaths
    from backbreak.storage.settings_file import load_settings

    paths = AppPaths.from_environment()
    now = datetime.now().astimezone()
    target = load_settings(paths.settings_file, now, read_only=True).settings[DAILY_TARGET]
    try:
        with read_log(paths.database) as log:
            # Streaks reach back before the period: the day tallies cover the whole log.
            day_tallies, routine_tallies = (
                ([], [])
                if log is None
                else log.tallies(now.date() - timedelta(days=days - 1), routines_by_day=False)
            )
    except LogUnavailableError as exc:
        print(f"backbreak: {exc}", file=sys.stderr)
        return 1
    stats = stats_from_tallies(day_tallies, routine_tallies, now.date(), days, target)
    if as_json:
        json.dump(stats_json(stats), out, indent=2)
        out.write("\n")
        return 0
    print(
        f"Today: {stats.today_done} of {stats.target} breaks, "
        f"{stats.today_minutes:.0f} min of stretching",
        file=out,
    )
    print(f"Streak: {stats.current_streak} day(s); best {stats.best_streak}", file=out)
    print(
        f"Last {days} days: {stats.period_completed} breaks, "
        f"{stats.period_minutes:.0f} min; target met on {stats.adherence:.0%} of the days",
        file=out,
    )
    if stats.by_routine:
        print("Done most:", file=out)
        for rid, completed, skipped in stats.by_routine[:5]:
            print(f"  {rid:<28} {completed:>4} done {skipped:>4} skipped", file=out)
    if stats.most_skipped:
        print("Skipped most:", file=out)
        for rid, completed, skipped in stats.most_skipped[:3]:
            print(f"  {rid:<28} {completed:>4} done {skipped:>4} skipped", file=out)
    if stats.by_category:
        print(
            "By kind: "
            + ", ".join(f"{name} {completed}" for name, completed, _skipped in stats.by_category),
            file=out,
        )
    print(stats.tension_trend, file=out)
    print(stats.tension_summary, file=out)
    return 0


def stats_json(stats: Any) -> dict[str, Any]:
    """The documented JSON of `backbreak stats --json`: the window's figures."""

    def one(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    return {
        "today": {
            "done": stats.today_done,
            "target": stats.target,
            "minutes": round(stats.today_minutes, 1),
        },
        "streak": {"current": stats.current_streak, "best": stats.best_streak},
        "adherence": round(stats.adherence, 3),
        "period": {
            "days": len(stats.days),
            "completed": stats.period_completed,
            "minutes": round(stats.period_minutes, 1),
        },
        "days": [
            {
                "day": d.day.isoformat(),
                "completed": d.completed,
                "skipped": d.skipped,
                "snoozed": d.snoozed,
                "minutes": round(d.minutes, 1),
                "tension_before": one(d.tension_before),
                "tension_after": one(d.tension_after),
            }
            for d in stats.days
        ],
        "by_routine": [
            {"routine_id": r, "completed": c, "skipped": s} for r, c, s in stats.by_routine
        ],
        "by_category": [
            {"category": r, "completed": c, "skipped": s} for r, c, s in stats.by_category
        ],
        "tension_trend": stats.tension_trend,
        "tension_summary": stats.tension_summary,
    }


def _writable_log(path: Path) -> Any:
    """Open the log for writing (creating or migrating it); notices go to stderr."""
    from backbreak.storage.db import open_log

    opened = open_log(path, datetime.now().astimezone())
    for notice in opened.notices:
        print(f"backbreak: {notice}", file=sys.stderr)
    return opened.log


def cmd_delete_history(confirmed: bool, answers: TextIO, out: TextIO) -> int:
    from backbreak.storage.db import LogWriteError
    from backbreak.storage.paths import AppPaths

    paths = AppPaths.from_environment()
    if not paths.database.exists():
        print("There is no history to delete.", file=out)
        return 0
    if not confirmed:
        print(
            f"This deletes every break in {paths.database} for good. Consider "
            "'backbreak export' first. Type delete to go on: ",
            end="",
            file=out,
            flush=True,
        )
        if answers.readline().strip().lower() != "delete":
            print("Nothing was deleted.", file=out)
            return 1
    log = _writable_log(paths.database)
    if log is None:
        return 1
    with log:
        try:
            count = log.delete_all()
        except LogWriteError as exc:
            print(f"backbreak: {exc}", file=sys.stderr)
            return 1
    print(f"Deleted {count} events. Your settings and routines are untouched.", file=out)
    return 0


def cmd_export(fmt: str, target: str | None, out: TextIO) -> int:
    from datetime import timedelta

    from backbreak.storage.db import LogUnavailableError, read_log
    from backbreak.storage.exchange import to_csv, to_json
    from backbreak.storage.paths import AppPaths

    paths = AppPaths.from_environment()
    try:
        with read_log(paths.database) as log:
            entries = (
                []
                if log is None
                else log.since(datetime.now().astimezone() - timedelta(days=365 * 100))
            )
    except LogUnavailableError as exc:
        print(f"backbreak: {exc}", file=sys.stderr)
        return 1
    text = to_csv(entries) if fmt == "csv" else to_json(entries)
    if target is None:
        out.write(text)
        return 0
    try:
        Path(target).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"backbreak: could not write {target}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Exported {len(entries)} events to {target}", file=out)
    return 0


def cmd_import(source: str, out: TextIO) -> int:
    from backbreak.storage.db import LogWriteError
    from backbreak.storage.exchange import ImportProblemError, parse
    from backbreak.storage.paths import AppPaths

    try:
        entries = parse(Path(source).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"backbreak: could not read {source}: {exc}", file=sys.stderr)
        return 1
    except ImportProblemError as exc:
        print(f"backbreak: {source}: {exc}. Nothing was imported.", file=sys.stderr)
        return 1
    paths = AppPaths.from_environment()
    log = _writable_log(paths.database)
    if log is None:
        return 1
    with log:
        try:
            added = log.record_many(entries)  # one transaction: all of it or nothing
        except LogWriteError as exc:
            print(f"backbreak: {exc}", file=sys.stderr)
            return 1
    print(f"Imported {added} new events ({len(entries) - added} were already there).", file=out)
    return 0


def cmd_remote(line: str, out: TextIO) -> int:
    from backbreak.adapters.ipc import request
    from backbreak.storage.paths import AppPaths

    reply = request(str(AppPaths.from_environment().data_dir), line)
    if reply is None:
        print("backbreak is not running. Start it with: backbreak", file=sys.stderr)
        return 3
    if reply.startswith("error: "):
        print(f"backbreak: {reply[7:]}", file=sys.stderr)
        return 1
    print(reply, file=out)
    return 0


def cmd_paths(out: TextIO) -> int:
    from backbreak.storage.paths import AppPaths, shipped_routines_dir

    paths = AppPaths.from_environment()
    rows = [
        ("settings", paths.settings_file),
        ("history", paths.database),
        ("your routines", paths.user_routines),
        ("logs", paths.log_file),
        ("shipped routines", shipped_routines_dir()),
    ]
    for label, path in rows:
        print(f"{label + ':':<18}{path}", file=out)
    if paths.portable:
        print("(portable mode: BACKBREAK_HOME is set)", file=out)
    return 0


# -- backbreak config -----------------------------------------------------------------
# The settings file as a terminal sees it: values typed the way a shell passes them (45m,
# yes, 09:00-12:30,13:30-18:00) are turned into the TOML value the file holds, and the
# option's own parse() judges them, so the CLI can never accept what the app would reject.

_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})
_EMPTY_LIST = frozenset({"", "none", "[]"})


def _config(args: argparse.Namespace) -> int:
    action = args.config_command
    if action == "path":
        return cmd_config_path(sys.stdout)
    if action == "set":
        return cmd_config_set(args.key, args.value, sys.stdout)
    if action == "reset":
        if args.all == (args.key is not None):
            print(
                "backbreak: name one option to reset (like schedule.snooze), or --all",
                file=sys.stderr,
            )
            return 2
        if args.all:
            return cmd_config_reset_all(args.yes, sys.stdin, sys.stdout)
        return cmd_config_reset(args.key, sys.stdout)
    return cmd_config_show(args.key, args.json, sys.stdout)


def _settings_path() -> Path:
    from backbreak.storage.paths import AppPaths

    return AppPaths.from_environment().settings_file


def cmd_config_path(out: TextIO) -> int:
    print(_settings_path(), file=out)
    return 0


def _option(key: str) -> Option[Any] | None:
    """The option called `key`, or None after saying which keys come close."""
    import difflib

    from backbreak.core.settings import OPTIONS

    for option in OPTIONS:
        if option.key == key:
            return option

    def closest(word: str, candidates: list[str]) -> list[str]:
        # Only the near-best: "schedule.x" is somewhat like every schedule option.
        scores = {c: difflib.SequenceMatcher(None, word, c).ratio() for c in candidates}
        best = max(scores.values())
        return [
            c
            for c, score in sorted(scores.items(), key=lambda kv: -kv[1])
            if score >= max(0.6, best - 0.1)
        ]

    last = key.rsplit(".", 1)[-1]
    names = {o.key: o.name for o in OPTIONS if o.name}
    known_table = "." in key and key.split(".", 1)[0] in {o.table for o in OPTIONS}
    by_name = (
        [] if known_table else [k for k in names if names[k] in closest(last, list(names.values()))]
    )
    suggestions = list(dict.fromkeys(closest(key, [o.key for o in OPTIONS]) + by_name))[:4]
    hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else "."
    print(
        f'backbreak: there is no setting "{key}"{hint} `backbreak config show` lists them all',
        file=sys.stderr,
    )
    return None


def _settable(key: str) -> Option[Any] | None:
    """An option `set` and `reset` can change on one line, or None after saying why not."""
    option = _option(key)
    if option is not None and not option.name:
        print(
            f"backbreak: [{option.key}] holds entries you name yourself; edit them in "
            f"{_settings_path()} (`backbreak config show {option.key}` explains the format)",
            file=sys.stderr,
        )
        return None
    return option


def _raw_value(option: Option[Any], words: Sequence[str]) -> Any:
    """The TOML value that words typed in a terminal stand for (for the option's parse())."""
    import re
    import tomllib

    kind = option.dump(option.default)
    text = (",".join(words) if isinstance(kind, list) else " ".join(words)).strip()
    if text[:1] in ('"', "'", "["):  # a TOML value copied from the file works too
        try:
            return tomllib.loads(f"value = {text}")["value"]
        except tomllib.TOMLDecodeError:
            pass
    if isinstance(kind, bool):
        low = text.lower()
        return True if low in _TRUE else False if low in _FALSE else text
    if isinstance(kind, int):
        return int(text) if re.fullmatch(r"[+-]?\d+", text) else text
    if isinstance(kind, list):
        if text.lower() in _EMPTY_LIST:
            return []
        return [p.strip().strip("\"'") for p in text.split(",") if p.strip().strip("\"'")]
    return text.lower() if option.choices else text


def _typed(raw: Any) -> str:
    """A value from the file as it would be typed after `backbreak config set KEY`."""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, list | dict):  # a dict: the named entries of a whole-table option
        return ", ".join(str(x) for x in raw) if raw else "none"
    return str(raw) if raw != "" else '""'


def _describe(option: Option[Any], settings: Settings) -> dict[str, Any]:
    value, default = option.dump(settings[option]), option.dump(option.default)
    return {
        "key": option.key,
        "value": value,
        "default": default,
        "changed": value != default,
        "label": option.label,
        "help": option.help,
        "choices": list(option.choices),
    }


def cmd_config_show(key: str | None, as_json: bool, out: TextIO) -> int:
    from backbreak.core.settings import OPTIONS
    from backbreak.storage.settings_file import load_settings

    path = _settings_path()
    options: tuple[Option[Any], ...] = OPTIONS
    if key is not None:
        option = _option(key)
        if option is None:
            return 2
        options = (option,)
    # read_only: showing never creates, rewrites or moves the file, even a broken one.
    loaded = load_settings(path, datetime.now().astimezone(), read_only=True)
    rows = [_describe(o, loaded.settings) for o in options]
    problems = [p for p in loaded.problems if key is None or p.key == key]
    if as_json:
        document: dict[str, Any] = {
            "path": str(path),
            "exists": path.exists(),
            "options": rows,
            "problems": [
                {"key": p.key, "message": p.message, "severity": p.severity} for p in problems
            ],
            "notices": loaded.notices,
        }
        json.dump(
            rows[0] | {"problems": document["problems"], "notices": loaded.notices}
            if key is not None
            else document,
            out,
            indent=2,
        )
        out.write("\n")
        return 0
    if key is not None:
        row = rows[0]
        changed = f"   (default {_typed(row['default'])})" if row["changed"] else "   (the default)"
        print(f"{row['key']} = {_typed(row['value'])}{changed}", file=out)
        print(row["help"], file=out)
        if row["choices"]:
            print("One of: " + ", ".join(_typed(c) for c in row["choices"]), file=out)
        if not options[0].name:
            print(f"Edit it in {path}", file=out)
    else:
        where = "" if path.exists() else " (not there yet: every option has its default)"
        print(
            f"Settings file: {path}{where}\n* marks a value that differs from the default\n",
            file=out,
        )
        width = max(len(r["key"]) for r in rows)
        for row in rows:
            mark = "*" if row["changed"] else " "
            was = f"   (default {_typed(row['default'])})" if row["changed"] else ""
            print(f"{mark} {row['key']:<{width}}  {_typed(row['value'])}{was}", file=out)
    if problems or loaded.notices:
        print("\nProblems in the file:", file=out)
        for line in [*loaded.notices, *map(str, problems)]:
            print(f"  {line}", file=out)
    return 0


def cmd_config_set(key: str, words: Sequence[str], out: TextIO) -> int:
    option = _settable(key)
    if option is None:
        return 2
    try:
        value = option.parse(_raw_value(option, words))
    except ValueError as exc:
        print(
            f"backbreak: {option.key}: {exc}. Nothing was changed.\n  {option.help}",
            file=sys.stderr,
        )
        return 1
    return _change({option: value}, out)


def cmd_config_reset(key: str, out: TextIO) -> int:
    option = _settable(key)
    if option is None:
        return 2
    return _change({option: option.default}, out)


def _unreadable(path: Path) -> str | None:
    """Why the file at `path` cannot be read as TOML, or None (a missing file is fine)."""
    import tomllib

    try:
        tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return f"is not valid TOML ({exc})"
    return None


def _change(changes: dict[Option[Any], Any], out: TextIO) -> int:
    """Write `changes` into the settings file (atomically) and tell a running app."""
    from backbreak.storage.settings_file import load_settings, save_settings

    path = _settings_path()
    broken = _unreadable(path)
    if broken:  # rewriting it would silently throw away whatever the user wrote there
        print(
            f"backbreak: the settings file {path} {broken}, so nothing was changed. Fix it in "
            "a text editor, or run `backbreak config reset --all` to start afresh (it keeps "
            "a copy of the old file)",
            file=sys.stderr,
        )
        return 1
    loaded = load_settings(path, datetime.now().astimezone(), read_only=True)
    before = loaded.settings
    try:
        save_settings(path, before.replace(changes))
    except OSError as exc:
        print(
            f"backbreak: could not write {path}: {exc.strerror or exc}. Nothing was changed.",
            file=sys.stderr,
        )
        return 1
    for option, value in changes.items():
        old, new = _typed(option.dump(before[option])), _typed(option.dump(value))
        default = " (the default)" if option.dump(value) == option.dump(option.default) else ""
        print(
            f"{option.key} = {new}{default}" + (f"   (was {old})" if old != new else ""), file=out
        )
    keys = {o.key for o in changes}
    for problem in loaded.problems:  # the file now holds the default the app was using
        if problem.severity == "error" and problem.key not in keys:
            print(f"backbreak: note: {problem}, which the file now holds", file=sys.stderr)
    _tell_running_app(out)
    return 0


def _tell_running_app(out: TextIO) -> None:
    """A running backbreak re-reads the file at once; without one, say when it applies."""
    from backbreak.adapters.ipc import request
    from backbreak.storage.paths import AppPaths

    reply = request(str(AppPaths.from_environment().data_dir), "reload")
    if reply is None:
        print("saved; backbreak will use it when it starts", file=out)
    elif reply.startswith("error: "):
        print(
            f"saved, but the running backbreak did not take it ({reply[7:]}); quit it and "
            "start it again to use it",
            file=out,
        )
    else:
        print(f"saved; the running backbreak uses it now. {reply}", file=out)


def cmd_config_reset_all(confirmed: bool, answers: TextIO, out: TextIO) -> int:
    """Every option back to its default; keys backbreak does not know are kept, because
    they may belong to a newer version or be the user's own and change nothing here."""
    from backbreak.core.settings import Settings
    from backbreak.storage.atomic import backup_name
    from backbreak.storage.settings_file import load_settings, save_settings

    path = _settings_path()
    if not path.exists():
        print(
            f"Every option already has its default (there is no settings file yet; it "
            f"will be {path}).",
            file=out,
        )
        return 0
    broken = _unreadable(path)
    if not confirmed:
        if broken:
            what = f"{path} {broken}. This moves it aside (a copy is kept) and writes the defaults"
        else:
            what = (
                f"This puts every option in {path} back to its default (keys backbreak "
                "does not know are kept)"
            )
        print(f"{what}. Type reset to go on: ", end="", file=out, flush=True)
        if answers.readline().strip().lower() != "reset":
            print("Nothing was changed.", file=out)
            return 1
    now = datetime.now().astimezone()
    try:
        if broken:
            backup = backup_name(path, now, "corrupt")
            path.rename(backup)
            print(f"The old file was kept as {backup}.", file=out)
            fresh = Settings()
        else:
            fresh = Settings(unknown=load_settings(path, now, read_only=True).settings.unknown)
        save_settings(path, fresh)
    except OSError as exc:
        print(f"backbreak: could not write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print("Every option is back to its default.", file=out)
    _tell_running_app(out)
    return 0
