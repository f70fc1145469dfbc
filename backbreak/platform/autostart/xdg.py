"""Linux and other freedesktop systems: an XDG autostart entry (a desktop file).

The desktop-entry spec quotes Exec arguments its own way (`shlex.quote` output fails
`desktop-file-validate`): `quote_exec_argument` follows it to the letter.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from backbreak import APP_DISPLAY_NAME, APP_ID, APP_NAME
from backbreak.core.i18n import _
from backbreak.fs.atomic import write_atomic
from backbreak.platform import Availability
from backbreak.platform.autostart import base
from backbreak.platform.autostart.base import AutostartError

ENTRY_NAME = f"{APP_NAME}.desktop"
#: Characters that force an Exec argument into double quotes (desktop-entry spec, "Exec key").
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
#: Inside double quotes these four are escaped with a backslash.
_QUOTED_ESCAPES = frozenset('"`$\\')


def quote_exec_argument(argument: str) -> str:
    """One argument of an Exec value, quoted and escaped as the desktop-entry spec says.

    Two layers: the quoting rule (double quotes; backslash before `"`, backtick, `$`, and
    backslash), then the string-value escapes (`\\\\`, `\\n`, `\\t`, `\\r`), then `%` doubled
    so it is not read as a field code. A literal backslash therefore becomes four.
    """
    if any((ord(c) < 0x20 and c not in "\t\n\r") or c == "\x7f" for c in argument):
        raise AutostartError(
            _(
                "The path {path} contains a control character, which a "
                "desktop entry cannot hold. Move backbreak to a plainer folder."
            ).format(path=repr(argument))
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
        raise ValueError("the command is empty")  # not translated: programmer error
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
        elif group == "Desktop Entry" and "=" in line:  # not translated: the file's group
            key, _equals, value = line.partition("=")
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
        if not self._explicit and base.PLATFORM in ("win32", "darwin"):
            return Availability.no(_("XDG autostart entries are for Linux and BSD desktops"))
        if not self._explicit and _in_flatpak(self._environ):
            return Availability.no(
                _(
                    "backbreak runs in a Flatpak sandbox, which cannot write "
                    "~/.config/autostart; add it in your desktop's startup "
                    "settings instead"
                )
            )
        existing = next((p for p in (self.folder, *self.folder.parents) if p.exists()), None)
        if existing is not None and (not existing.is_dir() or not os.access(existing, os.W_OK)):
            return Availability.no(_("{path} is not a writable folder").format(path=existing))
        return Availability.yes(str(self.path))

    def is_enabled(self) -> bool:
        """True unless the entry is missing or switched off (GNOME Tweaks, KDE settings)."""
        try:
            keys = _read_entry(self.path)
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise AutostartError(
                _("Could not read {path} ({error}).").format(
                    path=self.path, error=exc.strerror or exc
                )
            ) from exc
        return (
            keys.get("Hidden", "false").lower() != "true"
            and keys.get("X-GNOME-Autostart-enabled", "true").lower() != "false"
        )

    def entry(self, command: list[str]) -> str:
        """The desktop entry's text: a file format's keys, and an English Comment (a desktop
        shows its own translations only from Comment[xx] keys, which this entry has none of)."""
        return "\n".join(  # not translated: a desktop entry's keys and values
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
                _(
                    "Could not write {path} ({error}). Make sure "
                    "{folder} is a folder you can write to, or add backbreak to your "
                    "desktop's startup applications by hand."
                ).format(path=self.path, error=exc.strerror or exc, folder=self.folder)
            ) from exc

    def disable(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            raise AutostartError(
                _(
                    "Could not remove {path} ({error}). Delete the file by "
                    "hand, or switch backbreak off in your desktop's startup settings."
                ).format(path=self.path, error=exc.strerror or exc)
            ) from exc
