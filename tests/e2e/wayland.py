"""A real Wayland desktop for end-to-end tests: sway on its headless backend (wlroots with
the pixman renderer: no GPU, no input devices), swaybar as the StatusNotifierItem host, and
dunst drawing notifications with a layer surface, all on a private session bus.

sway refuses to run as root, and CI runs as root: there it runs as `nobody`, in a folder
of its own that nobody may enter, and the session bus lets every user on (the app and the
test stay root). As any other user everything simply runs as that user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.e2e.desktop import Desktop, wait_for

REQUIRED = ("sway", "swaybar", "swaymsg", "dbus-daemon", "dunst", "setpriv")
INSTALL_HINT = "apt-get install sway dunst dbus util-linux"
NOBODY = 65534
BUS_CONFIG = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
SWAY_CONFIG = """\
output HEADLESS-1 resolution 1366x768
bar {
    status_command while true; do date +%H:%M; sleep 60; done
    tray_output *
}
"""


def missing_tools() -> list[str]:
    return [tool for tool in REQUIRED if shutil.which(tool) is None]


class SwayDesktop(Desktop):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.share = Path(tempfile.mkdtemp(prefix="backbreak-sway-"))  # nobody can enter
        self.share.chmod(0o755)
        self.sway_runtime = self.share / "run"
        self.app_runtime = root / "xdg-runtime"

    def start(self) -> SwayDesktop:
        self.root.mkdir(parents=True, exist_ok=True)
        self.app_runtime.mkdir(mode=0o700, exist_ok=True)
        self._start_shared_bus()
        self._start_sway()
        self._start_dunst()
        return self

    def stop(self) -> None:
        super().stop()
        shutil.rmtree(self.share, ignore_errors=True)

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
        }
        env.update(
            WAYLAND_DISPLAY=str(self.sway_runtime / "wayland-1"),
            XDG_RUNTIME_DIR=str(self.app_runtime),
            DBUS_SESSION_BUS_ADDRESS=self.bus,
            QT_QPA_PLATFORM="wayland",
        )
        env.update(extra)
        return env

    def _start_shared_bus(self) -> None:
        socket = self.share / "bus"
        config = self.share / "bus.conf"
        config.write_text(BUS_CONFIG.format(socket=socket))
        self._spawn("dbus", ["dbus-daemon", f"--config-file={config}", "--nofork"])
        wait_for(socket.exists, 10, "the session bus", self.logs)
        socket.chmod(0o777)
        self.bus = f"unix:path={socket}"

    def _start_sway(self) -> None:
        as_nobody = os.geteuid() == 0
        self.sway_runtime.mkdir(mode=0o700)
        if as_nobody:
            os.chown(self.sway_runtime, NOBODY, NOBODY)
        config = self.share / "sway.conf"
        config.write_text(SWAY_CONFIG)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.share),
            "XDG_RUNTIME_DIR": str(self.sway_runtime),
            "DBUS_SESSION_BUS_ADDRESS": self.bus,
            "WLR_BACKENDS": "headless",
            "WLR_RENDERER": "pixman",
            "WLR_LIBINPUT_NO_DEVICES": "1",
        }
        drop = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        self._spawn("sway", [*(drop if as_nobody else []), "sway", "-c", str(config)], env=env)
        wait_for(
            lambda: (self.sway_runtime / "wayland-1").exists() and self.sway_socket(),
            20,
            "sway's Wayland and IPC sockets",
            self.logs,
        )

    def sway_socket(self) -> str:
        found = sorted(self.sway_runtime.glob("sway-ipc.*.sock"))
        return str(found[0]) if found else ""

    def windows(self) -> list[dict[str, object]]:
        """Every window sway manages (its tree, read over sway's IPC): name, type ("con"
        tiled, "floating_con" floating) and rect."""
        import json

        result = subprocess.run(
            ["swaymsg", "-s", self.sway_socket(), "-t", "get_tree", "-r"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        found: list[dict[str, object]] = []

        def walk(node: dict[str, object]) -> None:
            if node.get("type") in ("con", "floating_con") and node.get("name"):
                found.append(node)
            for key in ("nodes", "floating_nodes"):
                for child in node.get(key, []) or []:  # type: ignore[attr-defined]
                    walk(child)

        if result.returncode == 0:
            walk(json.loads(result.stdout))
        return found

    def window_titles(self) -> list[str]:
        return [str(w["name"]) for w in self.windows()]
