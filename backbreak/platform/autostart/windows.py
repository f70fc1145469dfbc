"""Windows: the Run key of the current user, honouring Task Manager's "Startup apps" switch.

Windows parses a command line by MSVCRT rules (`subprocess.list2cmdline`).
"""

from __future__ import annotations

import importlib
import subprocess
from typing import Any

from backbreak import APP_DISPLAY_NAME
from backbreak.core.i18n import _
from backbreak.platform import Availability
from backbreak.platform.autostart import base
from backbreak.platform.autostart.base import AutostartError

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
#: Task Manager's "Startup apps" switch: a value here whose first byte is odd means disabled.
APPROVED_KEY = r"Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"
RUN_VALUE = APP_DISPLAY_NAME
#: Windows caps a Run value at 260 characters.
RUN_MAX = 260


class WindowsAutostart:
    """A value under HKCU\\...\\Run: per user, no administrator rights needed.

    `winreg` is passed in (the standard module on Windows) so the writer is tested with a
    fake on any system.
    """

    name = "windows"

    def __init__(self, winreg: Any = None) -> None:
        if winreg is None and base.PLATFORM == "win32":
            winreg = importlib.import_module("winreg")
        self._reg = winreg

    def availability(self) -> Availability:
        if self._reg is None:
            return Availability.no(_("the Windows registry exists only on Windows"))
        return Availability.yes(f"HKEY_CURRENT_USER\\{RUN_KEY}")

    def _require(self) -> Any:
        if self._reg is None:
            raise AutostartError(_("Starting at login through the registry works only on Windows."))
        return self._reg

    def is_enabled(self) -> bool:
        reg = self._require()
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_READ) as key:
                value, _kind = reg.QueryValueEx(key, RUN_VALUE)
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise AutostartError(
                _("Could not read the registry ({error}).").format(error=exc)
            ) from exc
        return bool(str(value).strip()) and not self._switched_off_in_task_manager()

    def _switched_off_in_task_manager(self) -> bool:
        reg = self._require()
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, APPROVED_KEY, 0, reg.KEY_READ) as key:
                value, _kind = reg.QueryValueEx(key, RUN_VALUE)
        except OSError:
            return False
        return isinstance(value, bytes | bytearray) and len(value) > 0 and value[0] % 2 == 1

    def enable(self, command: list[str]) -> None:
        reg = self._require()
        line = subprocess.list2cmdline(command)
        if len(line) > RUN_MAX:
            raise AutostartError(
                _(
                    "The command to start backbreak is {length} characters "
                    "long; Windows allows {limit}. Install backbreak in a "
                    "folder with a shorter path."
                ).format(length=len(line), limit=RUN_MAX)
            )
        try:
            with reg.CreateKeyEx(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
                reg.SetValueEx(key, RUN_VALUE, 0, reg.REG_SZ, line)
        except OSError as exc:
            raise AutostartError(
                _(
                    "Could not write the registry ({error}). Add backbreak to "
                    "Settings > Apps > Startup by hand instead."
                ).format(error=exc)
            ) from exc
        # Switching it on here overrides an earlier "disabled" in Task Manager.
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, APPROVED_KEY, 0, reg.KEY_SET_VALUE) as key:
                reg.DeleteValue(key, RUN_VALUE)
        except OSError:
            pass

    def disable(self) -> None:
        reg = self._require()
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
                reg.DeleteValue(key, RUN_VALUE)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise AutostartError(
                _(
                    "Could not change the registry ({error}). Switch backbreak "
                    "off in Task Manager > Startup apps instead."
                ).format(error=exc)
            ) from exc
