"""What every login-item writer shares: the protocol, its error, and the command to run.

`PLATFORM` is read at call time (`base.PLATFORM`), so tests can set it for every writer.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path
from typing import Protocol

from backbreak import APP_NAME
from backbreak.platform import Availability

#: A variable, not sys.platform itself, so type checkers keep every branch.
PLATFORM: str = sys.platform


class AutostartError(Exception):
    """Starting at login could not be switched; the message says why and what to do."""


class Autostart(Protocol):
    name: str

    def availability(self) -> Availability: ...

    def is_enabled(self) -> bool: ...

    def enable(self, command: list[str]) -> None: ...

    def disable(self) -> None: ...


def launch_command(
    *,
    frozen: bool | None = None,
    executable: str | None = None,
    script_dirs: list[Path] | None = None,
    platform: str | None = None,
) -> list[str]:
    """What to run at login: the frozen app, this install's console script, or `-m`.

    Only scripts of the running interpreter count (not whatever `backbreak` is first on
    PATH), so the entry starts the same installation that wrote it. On Windows the console
    script would open a terminal window at every login: use `pythonw -m backbreak` instead.
    """
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    executable = executable or sys.executable
    platform = platform or PLATFORM
    if frozen:  # PyInstaller: sys.executable is the app itself
        return [str(Path(executable).absolute())]
    if platform == "win32":
        pythonw = Path(executable).with_name("pythonw.exe")  # not translated: a file name
        return [str(pythonw if pythonw.is_file() else Path(executable)), "-m", APP_NAME]
    for folder in script_dirs if script_dirs is not None else _script_dirs(executable):
        script = folder / APP_NAME
        if script.is_file() and os.access(script, os.X_OK):
            return [str(script.absolute())]
    return [str(Path(executable).absolute()), "-m", APP_NAME]


def _script_dirs(executable: str) -> list[Path]:
    folders = [Path(executable).parent]
    for scheme in (None, f"{os.name}_user"):
        try:
            path = (
                sysconfig.get_path("scripts", scheme) if scheme else sysconfig.get_path("scripts")
            )
        except KeyError:
            continue
        if path:
            folders.append(Path(path))
    return list(dict.fromkeys(folders))
