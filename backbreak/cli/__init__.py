"""Command line: `backbreak` starts the tray app; subcommands work without a display.

Nothing here imports Qt: the tray app is imported only when it is started, so
`backbreak --version` or `backbreak history` run on a headless server in a blink. One module
per command group; each command is a function of a Context (paths, clock, streams) and
its parsed arguments, so a test runs any of them in-process at any date.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from backbreak.cli.config import cmd_config
from backbreak.cli.context import Context
from backbreak.cli.exchange import cmd_delete_history, cmd_export, cmd_import
from backbreak.cli.history import cmd_history, cmd_stats
from backbreak.cli.parser import build_parser, refusal, shown
from backbreak.cli.plan import cmd_plan
from backbreak.cli.routines import (
    cmd_routines_list,
    cmd_routines_new,
    cmd_routines_show,
    cmd_routines_validate,
)
from backbreak.cli.running import cmd_paths, cmd_remote
from backbreak.platform.ipc.commands import REMOTE

__all__ = ["Context", "build_parser", "main"]

Command = Callable[[Context, argparse.Namespace], int]

#: Each command line's function, by its words ("routines show"); the parser knows the words.
COMMANDS: dict[str, Command] = {
    "routines list": cmd_routines_list,
    "routines show": cmd_routines_show,
    "routines validate": cmd_routines_validate,
    "routines new": cmd_routines_new,
    "history": cmd_history,
    "history --delete-all": cmd_delete_history,
    "stats": cmd_stats,
    "export": cmd_export,
    "import": cmd_import,
    "plan": cmd_plan,
    "config": cmd_config,
    "paths": cmd_paths,
    "safety": lambda ctx, _args: _safety(ctx),
}


def _remote(name: str) -> Command:
    """A typed remote command: its arguments, by the table's names, sent to the running app."""
    names = [argument.name for argument in REMOTE[name].arguments]
    return lambda ctx, args: cmd_remote(ctx, name, {n: getattr(args, n) for n in names})


COMMANDS.update({name: _remote(name) for name, remote in REMOTE.items() if remote.typed})


def _safety(ctx: Context) -> int:
    from backbreak.content import safety

    ctx.out.write(safety.as_text())
    return 0


def _words(args: argparse.Namespace) -> str:
    if args.command == "routines":
        return f"routines {args.routines_command or 'list'}"
    if args.command == "history" and args.delete_all:
        return "history --delete-all"
    return str(args.command)


def main(argv: Sequence[str] | None = None, context: Context | None = None) -> int:
    """Run one command line; its exit status: 0 done, 1 bad input or refused, 2 a usage
    error (argparse exits with it itself), 3 the running app was needed and none runs.
    `context` (paths, clock, streams) comes from the environment unless a test gives one."""
    words = list(sys.argv[1:] if argv is None else argv)
    refused = refusal(words)
    err = context.err if context is not None else sys.stderr
    if refused:
        print(f"backbreak: {refused}", file=err)
        return 2
    args = build_parser().parse_args(words)
    try:
        if args.command is None:
            from backbreak.app import run

            return run()
        command = COMMANDS.get(_words(args))
        if command is None:
            return 2
        return command(context or Context.from_environment(), args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `backbreak history | head`
        return 0
    except OSError as exc:  # a file the command did not expect to fail (a name too long, …)
        named = isinstance(exc.filename, str | bytes)
        where = f"{shown(os.fsdecode(exc.filename))}: " if named else ""
        print(f"backbreak: {where}{exc.strerror or exc}", file=err)
        return 1
