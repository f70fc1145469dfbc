"""`backbreak status|pause|start` (asking the running app) and `backbreak paths`."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TextIO

from backbreak.cli.parser import printable


def cmd_remote(command: str, args: Mapping[str, str], out: TextIO) -> int:
    """Ask the running app: 0 when it did it, 1 when it refused or failed, 3 when none runs.
    Its reply is printed with control characters escaped: it comes from another process."""
    from backbreak.adapters.ipc import request
    from backbreak.storage.paths import AppPaths

    reply = request(str(AppPaths.from_environment().data_dir), command, args)
    if reply is None:
        print("backbreak is not running. Start it with: backbreak", file=sys.stderr)
        return 3
    if not reply.ok:
        print(f"backbreak: {printable(reply.text)}", file=sys.stderr)
        return 1
    print(printable(reply.text), file=out)
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
