"""`backbreak status|pause|start` (asking the running app) and `backbreak paths`."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING

from backbreak.cli.parser import printable
from backbreak.core.i18n import _

if TYPE_CHECKING:
    from backbreak.cli.context import Context


def cmd_remote(ctx: Context, command: str, args: Mapping[str, str]) -> int:
    """Ask the running app: 0 when it did it, 1 when it refused or failed, 3 when none runs.
    Its reply is printed with control characters escaped: it comes from another process."""
    from backbreak.platform.ipc import request

    reply = request(str(ctx.paths.data_dir), command, args)
    if reply is None:
        print(_("backbreak is not running. Start it with: backbreak"), file=ctx.err)
        return 3
    if not reply.ok:
        ctx.fail(printable(reply.text))
        return 1
    ctx.say(printable(reply.text))
    return 0


def cmd_open(ctx: Context, args: argparse.Namespace) -> int:
    """`backbreak open history|settings`: the running app opens it (in its window process),
    so there is one of each; with no app running, this process shows it until it closes,
    and a later `open` brings its windows up instead of opening them twice."""
    name = str(args.window)
    if not args.from_app:
        from backbreak.platform.ipc import request
        from backbreak.platform.ipc.commands import standalone_windows

        profile = str(ctx.paths.data_dir)
        reply = request(profile, "open", {"window": name})
        if reply is not None:
            if not reply.ok:
                ctx.fail(printable(reply.text))
                return 1
            return 0
        # No app: one started alone may show a window already (it brings this one up).
        # Anything but its yes (it is ending, it is not ours) opens the window here.
        alone = request(standalone_windows(profile), "open", {"window": name}, timeout=2)
        if alone is not None and alone.ok:
            return 0
    from backbreak.app import run_window

    return run_window(name, from_app=bool(args.from_app))


def cmd_paths(ctx: Context, _args: argparse.Namespace) -> int:
    from backbreak.storage.paths import shipped_routines_dir

    paths, out = ctx.paths, ctx.out
    rows = [
        (_("settings:"), paths.settings_file),
        (_("history:"), paths.database),
        (_("your routines:"), paths.user_routines),
        (_("logs:"), paths.log_file),
        (_("shipped routines:"), shipped_routines_dir()),
    ]
    width = max(len(label) for label, _path in rows) + 1
    for label, path in rows:
        print(f"{label:<{width}}{path}", file=out)
    if paths.portable:
        print(_("(portable mode: BACKBREAK_HOME is set)"), file=out)
    return 0
