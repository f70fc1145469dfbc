"""Start backbreak at login: an XDG autostart entry, the Windows Run key or a LaunchAgent.

There is no maintained library for this, and the formats have traps: the desktop-entry
spec quotes Exec arguments its own way (`shlex.quote` output fails `desktop-file-validate`),
Windows parses a command line by MSVCRT rules, launchd wants an argument list. Each writer
answers `availability()` like the other adapters, and every failure the user can fix is an
`AutostartError` whose message says what to do, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from backbreak.core.i18n import _
from backbreak.platform import Availability
from backbreak.platform.autostart import base
from backbreak.platform.autostart.base import Autostart, AutostartError, launch_command
from backbreak.platform.autostart.launchd import LaunchAgentAutostart
from backbreak.platform.autostart.windows import APPROVED_KEY, RUN_KEY, WindowsAutostart
from backbreak.platform.autostart.xdg import XdgAutostart, exec_value, quote_exec_argument

__all__ = [
    "APPROVED_KEY",
    "RUN_KEY",
    "Autostart",
    "AutostartError",
    "LaunchAgentAutostart",
    "NoAutostart",
    "WindowsAutostart",
    "XdgAutostart",
    "exec_value",
    "for_this_system",
    "launch_command",
    "quote_exec_argument",
]


class NoAutostart:
    name = "none"

    def __init__(self, why: str) -> None:
        self._why = why

    def availability(self) -> Availability:
        return Availability.no(self._why)

    def is_enabled(self) -> bool:
        return False

    def enable(self, command: list[str]) -> None:
        raise AutostartError(
            _("Starting at login is not supported here: {reason}.").format(reason=self._why)
        )

    def disable(self) -> None:
        return None


def for_this_system(
    platform: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    winreg: Any = None,
    home: Path | None = None,
) -> Autostart:
    """The writer for this system (or for `platform`, with its seams passed in for tests)."""
    platform = platform or base.PLATFORM
    if platform == "win32":
        return WindowsAutostart(winreg)
    if platform == "darwin":
        return LaunchAgentAutostart(home / "Library" / "LaunchAgents" if home else None)
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos")):
        env = os.environ if environ is None else environ
        if home is not None and not env.get("XDG_CONFIG_HOME"):
            return XdgAutostart(home / ".config" / "autostart", environ=env)
        return XdgAutostart(environ=env)
    return NoAutostart(
        _("backbreak does not know how {system} starts programs at login").format(system=platform)
    )
