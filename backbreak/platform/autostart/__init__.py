"""Start backbreak at login: an XDG autostart entry, the Windows Run key or a LaunchAgent.

There is no maintained library for this, and the formats have traps: the desktop-entry
spec quotes Exec arguments its own way (`shlex.quote` output fails `desktop-file-validate`),
Windows parses a command line by MSVCRT rules, launchd wants an argument list. Each writer
answers `availability()` like the other adapters, and every failure the user can fix is an
`AutostartError` whose message says what to do, never a traceback.
"""

from __future__ import annotations

import importlib
import os
import plistlib
import subprocess
import sys
import sysconfig
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from backbreak import APP_DISPLAY_NAME, APP_ID, APP_NAME
from backbreak.fs.atomic import write_atomic
from backbreak.platform import Availability

#: A variable, not sys.platform itself, so type checkers keep every branch.
PLATFORM: str = sys.platform

ENTRY_NAME = f"{APP_NAME}.desktop"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
#: Task Manager's "Startup apps" switch: a value here whose first byte is odd means disabled.
APPROVED_KEY = r"Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"
RUN_VALUE = APP_DISPLAY_NAME
#: Windows caps a Run value at 260 characters.
RUN_MAX = 260

#: Characters that force an Exec argument into double quotes (desktop-entry spec, "Exec key").
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
#: Inside double quotes these four are escaped with a backslash.
_QUOTED_ESCAPES = frozenset('"`$\\')


class AutostartError(Exception):
    """Starting at login could not be switched; the message says why and what to do."""


class Autostart(Protocol):
    name: str

    def availability(self) -> Availability: ...

    def is_enabled(self) -> bool: ...

    def enable(self, command: list[str]) -> None: ...

    def disable(self) -> None: ...


# --- the command that starts the app -------------------------------------------------------


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
        pythonw = Path(executable).with_name("pythonw.exe")
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


# --- Linux and other freedesktop systems ---------------------------------------------------


def quote_exec_argument(argument: str) -> str:
    """One argument of an Exec value, quoted and escaped as the desktop-entry spec says.

    Two layers: the quoting rule (double quotes; backslash before `"`, backtick, `$`, and
    backslash), then the string-value escapes (`\\\\`, `\\n`, `\\t`, `\\r`), then `%` doubled
    so it is not read as a field code. A literal backslash therefore becomes four.
    """
    if any((ord(c) < 0x20 and c not in "\t\n\r") or c == "\x7f" for c in argument):
        raise AutostartError(
            f"The path {argument!r} contains a control character, which a "
            "desktop entry cannot hold. Move backbreak to a plainer folder."
        )
    if argument and not any(c in _RESERVED for c in argument):
        return argument.replace("%", "%%")
    quoted = "".join(f"\\{c}" if c in _QUOTED_ESCAPES else c for c in argument)
    escaped = (
        quoted.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    )
    return '"' + escaped.replace("%", "%%") + '"'


def exec_value(command: list[str]) -> str:
    """The Exec value for a command line.

    GLib (GNOME's autostart) looks the program up *before* it turns `%%` back into `%`, so a
    program whose path holds a percent sign would never start: `env` runs it instead.
    """
    if not command:
        raise ValueError("the command is empty")
    if "%" in command[0]:
        command = ["env", *command]
    return " ".join(quote_exec_argument(a) for a in command)


def _string_value(text: str) -> str:
    """A plain string value (Name, Icon): only the string-level escapes apply."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def _read_entry(path: Path) -> dict[str, str]:
    """The keys of the [Desktop Entry] group (values unescaped only as far as we need)."""
    keys: dict[str, str] = {}
    group = ""
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
        elif group == "Desktop Entry" and "=" in line:
            key, _, value = line.partition("=")
            keys[key.strip()] = value.strip()
    return keys


def _in_flatpak(environ: Mapping[str, str]) -> bool:
    return bool(environ.get("FLATPAK_ID")) or Path("/.flatpak-info").exists()


class XdgAutostart:
    """`$XDG_CONFIG_HOME/autostart/backbreak.desktop`, read by GNOME, KDE, Xfce, LXQt, …"""

    name = "xdg"

    def __init__(
        self,
        folder: Path | None = None,
        *,
        icon: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._environ = os.environ if environ is None else environ
        self._explicit = folder is not None
        if folder is None:
            config = self._environ.get("XDG_CONFIG_HOME", "").strip()
            base = (
                Path(config)
                if config and Path(config).is_absolute()
                else Path(self._environ.get("HOME") or Path.home()) / ".config"
            )
            folder = base / "autostart"
        self.folder = folder
        self.path = folder / ENTRY_NAME
        self._icon = icon or APP_ID

    def availability(self) -> Availability:
        if not self._explicit and PLATFORM in ("win32", "darwin"):
            return Availability.no("XDG autostart entries are for Linux and BSD desktops")
        if not self._explicit and _in_flatpak(self._environ):
            return Availability.no(
                "backbreak runs in a Flatpak sandbox, which cannot write "
                "~/.config/autostart; add it in your desktop's startup "
                "settings instead"
            )
        existing = next((p for p in (self.folder, *self.folder.parents) if p.exists()), None)
        if existing is not None and (not existing.is_dir() or not os.access(existing, os.W_OK)):
            return Availability.no(f"{existing} is not a writable folder")
        return Availability.yes(str(self.path))

    def is_enabled(self) -> bool:
        """True unless the entry is missing or switched off (GNOME Tweaks, KDE settings)."""
        try:
            keys = _read_entry(self.path)
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise AutostartError(f"Could not read {self.path} ({exc.strerror or exc}).") from exc
        return (
            keys.get("Hidden", "false").lower() != "true"
            and keys.get("X-GNOME-Autostart-enabled", "true").lower() != "false"
        )

    def entry(self, command: list[str]) -> str:
        return "\n".join(
            [
                "[Desktop Entry]",
                "Type=Application",
                f"Name={_string_value(APP_DISPLAY_NAME)}",
                "Comment=Posture and stretch break reminders",
                f"Exec={exec_value(command)}",
                f"Icon={_string_value(self._icon)}",
                "Terminal=false",
                "StartupNotify=false",
                "X-GNOME-Autostart-enabled=true",
                # Give the panel (the tray host) a moment, so the icon lands in the tray.
                "X-GNOME-Autostart-Delay=5",
                "X-KDE-autostart-after=panel",
                "",
            ]
        )

    def enable(self, command: list[str]) -> None:
        data = self.entry(command).encode("utf-8")
        try:
            write_atomic(self.path, data, mode=0o644)
        except OSError as exc:
            raise AutostartError(
                f"Could not write {self.path} ({exc.strerror or exc}). Make sure "
                f"{self.folder} is a folder you can write to, or add backbreak to your "
                "desktop's startup applications by hand."
            ) from exc

    def disable(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            raise AutostartError(
                f"Could not remove {self.path} ({exc.strerror or exc}). Delete the file by "
                "hand, or switch backbreak off in your desktop's startup settings."
            ) from exc


# --- Windows --------------------------------------------------------------------------------


class WindowsAutostart:
    """A value under HKCU\\...\\Run: per user, no administrator rights needed.

    `winreg` is passed in (the standard module on Windows) so the writer is tested with a
    fake on any system.
    """

    name = "windows"

    def __init__(self, winreg: Any = None) -> None:
        if winreg is None and PLATFORM == "win32":
            winreg = importlib.import_module("winreg")
        self._reg = winreg

    def availability(self) -> Availability:
        if self._reg is None:
            return Availability.no("the Windows registry exists only on Windows")
        return Availability.yes(f"HKEY_CURRENT_USER\\{RUN_KEY}")

    def _require(self) -> Any:
        if self._reg is None:
            raise AutostartError("Starting at login through the registry works only on Windows.")
        return self._reg

    def is_enabled(self) -> bool:
        reg = self._require()
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_READ) as key:
                value, _kind = reg.QueryValueEx(key, RUN_VALUE)
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise AutostartError(f"Could not read the registry ({exc}).") from exc
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
                f"The command to start backbreak is {len(line)} characters "
                f"long; Windows allows {RUN_MAX}. Install backbreak in a "
                "folder with a shorter path."
            )
        try:
            with reg.CreateKeyEx(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
                reg.SetValueEx(key, RUN_VALUE, 0, reg.REG_SZ, line)
        except OSError as exc:
            raise AutostartError(
                f"Could not write the registry ({exc}). Add backbreak to "
                "Settings > Apps > Startup by hand instead."
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
                f"Could not change the registry ({exc}). Switch backbreak "
                "off in Task Manager > Startup apps instead."
            ) from exc


# --- macOS ----------------------------------------------------------------------------------


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
        if not self._explicit and PLATFORM != "darwin":
            return Availability.no("LaunchAgents are a macOS thing")
        return Availability.yes(str(self.path))

    def agent(self, command: list[str]) -> dict[str, Any]:
        if not command:
            raise ValueError("the command is empty")
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
                f"Could not read {self.path} ({exc}). Delete it and switch "
                "starting at login on again."
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
                f"Could not write {self.path} ({exc.strerror or exc}). Add backbreak under "
                "System Settings > General > Login Items instead."
            ) from exc

    def disable(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            raise AutostartError(
                f"Could not remove {self.path} ({exc.strerror or exc}). Delete the file by hand."
            ) from exc


# --- elsewhere ------------------------------------------------------------------------------


class NoAutostart:
    name = "none"

    def __init__(self, why: str) -> None:
        self._why = why

    def availability(self) -> Availability:
        return Availability.no(self._why)

    def is_enabled(self) -> bool:
        return False

    def enable(self, command: list[str]) -> None:
        raise AutostartError(f"Starting at login is not supported here: {self._why}.")

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
    platform = platform or PLATFORM
    if platform == "win32":
        return WindowsAutostart(winreg)
    if platform == "darwin":
        return LaunchAgentAutostart(home / "Library" / "LaunchAgents" if home else None)
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos")):
        env = os.environ if environ is None else environ
        if home is not None and not env.get("XDG_CONFIG_HOME"):
            return XdgAutostart(home / ".config" / "autostart", environ=env)
        return XdgAutostart(environ=env)
    return NoAutostart(f"backbreak does not know how {platform} starts programs at login")
