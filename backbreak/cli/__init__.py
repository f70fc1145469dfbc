"""Command line: `backbreak` starts the tray app; subcommands work without a display.

Nothing here imports Qt: the tray app is imported only when it is started, so
`backbreak --version` or `backbreak history` run on a headless server in a blink. One module
per command group; each command is a function of a Context (paths, clock, streams) and
its parsed arguments, so a test runs any of them in-process at any date.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from backbreak.platform.ipc.commands import FOR_A_BREAK, REMOTE, WINDOW_NAMES

if TYPE_CHECKING:
    import argparse

    from backbreak.cli.context import Context
    from backbreak.cli.parser import build_parser

__all__ = ["Context", "build_parser", "main"]


def __getattr__(name: str) -> Any:
    """`Context` and `build_parser`, loaded when asked for: `backbreak` alone starts the tray
    app, which needs neither the parser of every command nor the CLI's context."""
    if name == "Context":
        from backbreak.cli.context import Context

        return Context
    if name == "build_parser":
        from backbreak.cli.parser import build_parser

        return build_parser
    raise AttributeError(  # not translated: programmer error
        f"module {__name__!r} has no attribute {name!r}"
    )


Command = Callable[["Context", "argparse.Namespace"], int]  # not translated: type names


# Each command is imported when it runs: the tray app (`backbreak` alone) and a one-off
# command load only what they use, which keeps the resident app's memory down. (Plain
# import statements, so PyInstaller and the dead-code check see every command.)
def _routines_list(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.cli.routines import cmd_routines_list

    return cmd_routines_list(ctx, args)


def _routines_show(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.cli.routines import cmd_routines_show

    return cmd_routines_show(ctx, args)


def _routines_validate(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.cli.routines import cmd_routines_validate

    return cmd_routines_validate(ctx, args)


def _routines_new(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.cli.routine_template import cmd_routines_new

    return cmd_routines_new(ctx, args)


def _history(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.cli.history import cmd_history

    return cmd_history(ctx, args)


def _delete_history(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.cli.exchange import cmd_delete_history

    return cmd_delete_history(ctx, args)


def _stats(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.cli.history import cmd_stats

    return cmd_stats(ctx, args)


def _export(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.cli.exchange import cmd_export

    return cmd_export(ctx, args)


def _import(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.cli.exchange import cmd_import

    return cmd_import(ctx, args)


def _plan(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.cli.plan import cmd_plan

    return cmd_plan(ctx, args)


def _config(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.cli.config import cmd_config

    return cmd_config(ctx, args)


def _paths(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.cli.running import cmd_paths

    return cmd_paths(ctx, args)


def _open(ctx: Context, args: argparse.Namespace) -> int:
    from backbreak.cli.running import cmd_open

    return cmd_open(ctx, args)


#: Each command line's function, by its words ("routines show"); the parser knows the words.
COMMANDS: dict[str, Command] = {  # not translated: the command line's words
    "routines list": _routines_list,
    "routines show": _routines_show,
    "routines validate": _routines_validate,
    "routines new": _routines_new,
    "history": _history,
    "history --delete-all": _delete_history,
    "stats": _stats,
    "export": _export,
    "import": _import,
    "plan": _plan,
    "config": _config,
    "paths": _paths,
    "open": _open,
    "safety": lambda ctx, _args: _safety(ctx),
}


def _remote(name: str) -> Command:
    """A typed remote command: its arguments, by the table's names, sent to the running app."""
    names = [argument.name for argument in REMOTE[name].arguments]

    def command(ctx: Context, args: argparse.Namespace) -> int:
        from backbreak.cli.running import cmd_remote

        return cmd_remote(ctx, name, {n: getattr(args, n) for n in names})

    return command


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


def _speak(ctx: Context) -> None:
    """The language the settings (or the system) name, for every message of the command."""
    from backbreak.core import i18n
    from backbreak.core.settings import LANGUAGE
    from backbreak.storage.settings_file import load_settings

    try:
        setting = load_settings(ctx.paths.settings_file, ctx.now(), read_only=True).settings
    except OSError:
        i18n.apply("system", os.environ)
        return
    i18n.apply(setting[LANGUAGE], os.environ)


def main(argv: Sequence[str] | None = None, context: Context | None = None) -> int:
    """Run one command line; its exit status: 0 done, 1 bad input or refused, 2 a usage
    error (argparse exits with it itself), 3 the running app was needed and none runs.
    `context` (paths, clock, streams) comes from the environment unless a test gives one."""
    words = list(sys.argv[1:] if argv is None else argv)
    if not words and context is None:
        return _tray_app()
    if context is None and _from_app(words):  # the tray app is waiting for the window
        from backbreak.app import run_window

        return run_window(words[1], from_app=True)
    from backbreak.cli.context import Context
    from backbreak.cli.parser import build_parser, refusal

    err = context.err if context is not None else sys.stderr
    try:
        ctx = context or Context.from_environment()
        _speak(ctx)  # before the refusal and the parser: their help and errors are words too
        refused = refusal(words)
        if refused:
            print(f"backbreak: {refused}", file=err)
            return 2
        args = build_parser().parse_args(words)
        if args.command is None:
            return _tray_app()
        command = COMMANDS.get(_words(args))
        if command is None:
            return 2
        return command(ctx, args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `backbreak history | head`
        return 0
    except OSError as exc:  # a file the command did not expect to fail (a name too long, …)
        return _os_error(exc, err)


def _from_app(words: list[str]) -> bool:
    """The tray app's own `open history|settings|break --from-app`: started without the
    parser of every command (about 50 ms of the half second before the window shows)."""
    return (
        len(words) == 3
        and words[0] == "open"
        and words[1] in (*WINDOW_NAMES, FOR_A_BREAK)
        and (words[2] == "--from-app")
    )


def _tray_app() -> int:
    from backbreak.app import run

    try:
        return run()
    except KeyboardInterrupt:  # Ctrl+C before the app's own handler is in place
        return 130
    except OSError as exc:  # a file the app did not expect to fail: one line, no traceback
        return _os_error(exc, sys.stderr)


def _os_error(exc: OSError, err: Any) -> int:
    from backbreak.cli.parser import shown

    named = isinstance(exc.filename, str | bytes)
    where = f"{shown(os.fsdecode(exc.filename))}: " if named else ""
    print(f"backbreak: {where}{exc.strerror or exc}", file=err)
    return 1
