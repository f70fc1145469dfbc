"""`backbreak status|pause|start` (asking the running app) and `backbreak paths`."""

from __future__ import annotations

import sys
from typing import TextIO


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
