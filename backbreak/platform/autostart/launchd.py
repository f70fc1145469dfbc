"""macOS: a LaunchAgent property list (launchd wants an argument list, not a line)."""

from __future__ import annotations

import plistlib
from pathlib import Path
from typing import Any

from backbreak import APP_ID
from backbreak.core.i18n import _
from backbreak.fs.atomic import write_atomic
from backbreak.platform import Availability
from backbreak.platform.autostart import base
from backbreak.platform.autostart.base import AutostartError


class LaunchAgentAutostart:
    """`~/Library/LaunchAgents/<id>.plist` with RunAtLoad: launchd starts it at login.

    (SMAppService is Apple's newer API, but it needs a signed app bundle; a LaunchAgent works
    for every way of installing.)
    """

    name = "launchagent"

    def __init__(self, folder: Path | None = None) -> None:
        self._explicit = folder is not None
        self.folder = folder or Path.home() / "Library" / "LaunchAgents"
        self.path = self.folder / f"{APP_ID}.plist"

    def availability(self) -> Availability:
        if not self._explicit and base.PLATFORM != "darwin":
            return Availability.no(_("LaunchAgents are a macOS thing"))
        return Availability.yes(str(self.path))

    def agent(self, command: list[str]) -> dict[str, Any]:
        if not command:
            raise ValueError("the command is empty")  # not translated: programmer error
        return {
            "Label": APP_ID,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "KeepAlive": False,
            "ProcessType": "Interactive",
            "LimitLoadToSessionType": "Aqua",  # the graphical login, not SSH sessions
        }

    def is_enabled(self) -> bool:
        try:
            with self.path.open("rb") as source:
                agent = plistlib.load(source)
        except FileNotFoundError:
            return False
        except (OSError, plistlib.InvalidFileException, ValueError) as exc:
            raise AutostartError(
                _(
                    "Could not read {path} ({error}). Delete it and switch "
                    "starting at login on again."
                ).format(path=self.path, error=exc)
            ) from exc
        return (
            isinstance(agent, dict)
            and agent.get("RunAtLoad") is True
            and agent.get("Disabled") is not True
        )

    def enable(self, command: list[str]) -> None:
        data = plistlib.dumps(self.agent(command), fmt=plistlib.FMT_XML)
        try:
            write_atomic(self.path, data, mode=0o644)
        except OSError as exc:
            raise AutostartError(
                _(
                    "Could not write {path} ({error}). Add backbreak under "
                    "System Settings > General > Login Items instead."
                ).format(path=self.path, error=exc.strerror or exc)
            ) from exc

    def disable(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            raise AutostartError(
                _("Could not remove {path} ({error}). Delete the file by hand.").format(
                    path=self.path, error=exc.strerror or exc
                )
            ) from exc
