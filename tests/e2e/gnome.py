"""A real GNOME Shell session for end-to-end tests: `gnome-shell --headless --wayland` with a
virtual 1366×768 monitor (no GPU), its AppIndicator extension as the tray host, and GNOME's
own notification service, on a private session bus.

What a container lacks is stood in for, never GNOME itself: a private "system" bus (GNOME
Shell's login manager wants one; nothing answers on it), and settings in a keyfile the test
can read and write with gsettings (a session keeps them in dconf).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.e2e.desktop import Desktop, wait_for

REQUIRED = ("gnome-shell", "gjs", "gsettings", "dbus-daemon", "dbus-send")
INSTALL_HINT = "apt-get install gnome-shell gnome-shell-extension-appindicator gjs"
APPINDICATOR = "ubuntu-appindicators@ubuntu.com"


def missing_tools() -> list[str]:
    missing = [tool for tool in REQUIRED if shutil.which(tool) is None]
    if not Path(f"/usr/share/gnome-shell/extensions/{APPINDICATOR}").is_dir():
        missing.append("gnome-shell-extension-appindicator")
    return missing


class GnomeDesktop(Desktop):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.runtime = root / "xdg-runtime"
        self.config = root / "xdg-config"
        self.system_bus = ""

    def start(self) -> GnomeDesktop:
        self.root.mkdir(parents=True, exist_ok=True)
        self.runtime.mkdir(mode=0o700, exist_ok=True)
        self.config.mkdir(exist_ok=True)
        self._start_bus()
        self.system_bus = self.bus  # a stand-in: GNOME Shell only needs to connect
        self._start_bus()
        self.gsettings("set", "org.gnome.shell", "enabled-extensions", f"['{APPINDICATOR}']")
        self._spawn(
            "gnome-shell",
            [
                "gnome-shell",
                "--headless",
                "--wayland",
                "--no-x11",
                "--virtual-monitor",
                "1366x768",
            ],
        )
        wait_for(
            lambda: self.has_owner("org.gnome.Mutter.IdleMonitor"),
            60,
            "GNOME Shell on the session bus",
            self.logs,
        )
        # GNOME's notification service is started on demand; start it now, as a first
        # notification would.
        self._bus_call("StartServiceByName", "string:org.gnome.Shell.Notifications", "uint32:0")
        wait_for(
            lambda: self.has_owner("org.freedesktop.Notifications"),
            30,
            "GNOME's notification service",
            self.logs,
        )
        wait_for(
            lambda: self.has_owner("org.kde.StatusNotifierWatcher"),
            30,
            "the AppIndicator extension's tray watcher",
            self.logs,
        )
        return self

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
        }
        env.update(
            WAYLAND_DISPLAY="wayland-0",
            XDG_RUNTIME_DIR=str(self.runtime),
            XDG_CONFIG_HOME=str(self.config),
            XDG_CURRENT_DESKTOP="GNOME",
            XDG_SESSION_TYPE="wayland",
            GSETTINGS_BACKEND="keyfile",
            DBUS_SESSION_BUS_ADDRESS=self.bus,
            QT_QPA_PLATFORM="wayland",
        )
        if self.system_bus:
            env["DBUS_SYSTEM_BUS_ADDRESS"] = self.system_bus
        env.update(extra)
        return env

    def nudge(self) -> None:
        """Move the pointer through Mutter's remote-desktop interface: real input, so the
        session's idle time starts again (nobody else touches a headless session)."""
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        name = "org.gnome.Mutter.RemoteDesktop"
        with open_dbus_connection(bus=self.bus) as conn:
            manager = DBusAddress("/org/gnome/Mutter/RemoteDesktop", name, name)
            path = conn.send_and_get_reply(new_method_call(manager, "CreateSession")).body[0]
            session = DBusAddress(path, name, f"{name}.Session")
            conn.send_and_get_reply(new_method_call(session, "Start"))
            conn.send_and_get_reply(
                new_method_call(session, "NotifyPointerMotionRelative", "dd", (5.0, 5.0))
            )
            conn.send_and_get_reply(new_method_call(session, "Stop"))

    def idle_ms(self) -> int:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        name = "org.gnome.Mutter.IdleMonitor"
        with open_dbus_connection(bus=self.bus) as conn:
            core = DBusAddress("/org/gnome/Mutter/IdleMonitor/Core", name, name)
            return int(conn.send_and_get_reply(new_method_call(core, "GetIdletime")).body[0])

    def gsettings(self, *args: str) -> str:
        return subprocess.run(
            ["gsettings", *args], env=self.env(), capture_output=True, text=True, timeout=10
        ).stdout

    def _bus_call(self, method: str, *args: str) -> str:
        return subprocess.run(
            [
                "dbus-send",
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                f"org.freedesktop.DBus.{method}",
                *args,
            ],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout

    def has_owner(self, name: str) -> bool:
        return "boolean true" in self._bus_call("NameHasOwner", f"string:{name}")

    def owner_command(self, name: str) -> str:
        """The command line of the process that holds `name` on the bus."""
        said = self._bus_call("GetConnectionUnixProcessID", f"string:{name}")
        pid = said.split()[-1] if said.strip() else ""
        if not pid.isdigit():
            return ""
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
