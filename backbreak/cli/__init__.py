"""Command line: `backbreak` starts the tray app; subcommands work without a display.

Nothing here imports Qt: the tray app is imported only when it is started, so
`backbreak --version` or `backbreak history` run on a headless server in a blink. One module
per command group; each command is a function that writes to the stream it is given.
"""

from __future__ import annotations

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
from backbreak.cli.parser import build_parser
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
            return cmd_config(args)
        if args.command in ("status", "pause", "start"):
            line = {
                "status": "status",
                "pause": f"pause {getattr(args, 'length', '')}",
                "start": f"start {getattr(args, 'id', '')}",
            }[args.command]
            return cmd_remote(line, sys.stdout)
        if args.command == "export":
            return cmd_export(args.format, args.out, sys.stdout, args.force)
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
