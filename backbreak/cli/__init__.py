"""Command line: `backbreak` starts the tray app; subcommands work without a display.

Nothing here imports Qt: the tray app is imported only when it is started, so
`backbreak --version` or `backbreak history` run on a headless server in a blink. One module
per command group; each command is a function that writes to the stream it is given.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from backbreak.cli.config import cmd_config
from backbreak.cli.log import (
    cmd_delete_history,
    cmd_export,
    cmd_history,
    cmd_import,
    cmd_stats,
)
from backbreak.cli.parser import build_parser, refusal, shown
from backbreak.cli.plan import cmd_plan
from backbreak.cli.routines import (
    cmd_routines_list,
    cmd_routines_new,
    cmd_routines_show,
    cmd_routines_validate,
)
from backbreak.cli.running import cmd_paths, cmd_remote

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line; its exit status: 0 done, 1 bad input or refused, 2 a usage
    error (argparse exits with it itself), 3 the running app was needed and none runs."""
    words = list(sys.argv[1:] if argv is None else argv)
    refused = refusal(words)
    if refused:
        print(f"backbreak: {refused}", file=sys.stderr)
        return 2
    args = build_parser().parse_args(words)
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
            return cmd_config(args)
        if args.command == "status":
            return cmd_remote("status", {}, sys.stdout)
        if args.command == "pause":
            return cmd_remote("pause", {"length": args.length}, sys.stdout)
        if args.command == "start":
            return cmd_remote("start", {"routine": args.id}, sys.stdout)
        if args.command == "export":
            return cmd_export(args.format, args.out, sys.stdout, args.force)
        if args.command == "import":
            return cmd_import(args.file, sys.stdout)
        if args.command == "stats":
            return cmd_stats(args.days, args.json, sys.stdout)
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
    except OSError as exc:  # a file the command did not expect to fail (a name too long, …)
        named = isinstance(exc.filename, str | bytes)
        where = f"{shown(os.fsdecode(exc.filename))}: " if named else ""
        print(f"backbreak: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    return 2
