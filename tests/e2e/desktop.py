"""A real little desktop for end-to-end tests: Xvfb, a session bus, dunst and trayer.

Every daemon runs in its own process group under a private temp folder and is stopped
even when a test fails. dunst runs a script for every notification it receives, which
writes it as one JSON line: the tests check what the daemon really got.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REQUIRED = ("Xvfb", "dbus-daemon", "dbus-send", "dunst", "trayer", "xdotool", "xwininfo")
INSTALL_HINT = "apt-get install xvfb dbus dunst trayer xdotool x11-utils"

NOTIFY_SCRIPT = """\
import json, os
keys = ("DUNST_APP_NAME", "DUNST_SUMMARY", "DUNST_BODY", "DUNST_ICON_PATH", "DUNST_URGENCY")
record = {k[6:].lower(): os.environ.get(k, "") for k in keys}
with open(os.environ["BB_NOTIFY_LOG"], "a", encoding="utf-8") as f:
    f.write(json.dumps(record) + "\\n")
"""


#: A two-step routine of 6 s (id e2e-quick), so a test or the soak does not wait long.
QUICK_ROUTINE = """\
id = "e2e-quick"
version = 3
title = "Quick check"
category = "posture"
summary = "Two short steps, so the test does not wait long."
duration_seconds = 6
safety = ["Gentle."]

[[steps]]
title = "Sit tall"
instruction = "Sit tall and let your shoulders drop."
seconds = 3
image = "illustrations/sit-tall.svg"

[[steps]]
title = "Breathe"
instruction = "One slow breath out."
seconds = 3

[[sources]]
file = "000_1b5c86ec2cb6c9dd.txt"
quote = "take short breaks to stretch and adjust your position regularly"
"""


def quick_profile(root: Path, schedule: str, more: str = "") -> Path:
    """A profile folder under `root` whose breaks play the quick routine: `schedule` is the
    [schedule] table's lines, `more` any further tables."""
    home = root / "profile"
    (home / "config").mkdir(parents=True)
    (home / "data" / "routines").mkdir(parents=True)
    (home / "config" / "settings.toml").write_text(
        f'[schedule]\n{schedule}\n\n[breaks]\nroutines = ["e2e-quick"]\n{more}'
    )
    (home / "data" / "routines" / "e2e-quick.toml").write_text(QUICK_ROUTINE)
    return home


def missing_tools() -> list[str]:
    return [tool for tool in REQUIRED if shutil.which(tool) is None]


def wait_for(
    check: Callable[[], Any], timeout: float, what: str, explain: Callable[[], str] = lambda: ""
) -> Any:
    """Poll `check` until it returns something truthy; fail with `what` and details."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}. {explain()}")
        time.sleep(0.1)


class Desktop:
    def __init__(
        self, root: Path, tray: bool = True, screens: tuple[str, ...] = ("1280x800",)
    ) -> None:
        self.root = root
        self.screens = screens
        """One X screen per size: two make two monitors (Qt sees a QScreen for each)."""
        self.with_tray = tray
        self.display = ""
        self.bus = ""
        self.notify_log = root / "notifications.jsonl"
        self.menu_pick = root / "menu-pick"
        """The word the stand-in dmenu looks for in dunst's context menu."""
        self._procs: list[tuple[str, subprocess.Popen[bytes]]] = []
        self._files: list[Any] = []

    # -- life cycle ----------------------------------------------------------------------
    def start(self) -> Desktop:
        self.root.mkdir(parents=True, exist_ok=True)
        self._start_xvfb()
        self._start_bus()
        self._start_dunst()
        if self.with_tray:
            self._spawn(
                "trayer",
                [
                    "trayer",
                    "--edge",
                    "top",
                    "--align",
                    "right",
                    "--widthtype",
                    "request",
                    "--height",
                    "24",
                    "--SetDockType",
                    "true",
                    "--transparent",
                    "false",
                ],
            )
            wait_for(lambda: '("panel" "trayer")' in self.tree(), 10, "trayer's panel", self.logs)
        return self

    def stop(self) -> None:
        for _name, proc in reversed(self._procs):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for _name, proc in reversed(self._procs):
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
            if proc.stdout is not None:
                proc.stdout.close()
        self._procs.clear()
        for handle in self._files:
            handle.close()
        self._files.clear()

    def __enter__(self) -> Desktop:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def env(self, **extra: str) -> dict[str, str]:
        """The environment a program on this desktop gets (no inherited offscreen Qt)."""
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
        }
        env.update(DISPLAY=self.display, DBUS_SESSION_BUS_ADDRESS=self.bus, QT_QPA_PLATFORM="xcb")
        env.update(extra)  # DISPLAY=":1.1": the second X screen
        return env

    # -- what the tests look at ----------------------------------------------------------
    def tree(self) -> str:
        result = subprocess.run(
            ["xwininfo", "-root", "-tree"],
            capture_output=True,
            text=True,
            env=self.env(),
            timeout=10,
        )
        return result.stdout

    def tray_icon_embedded(self, wm_class: str) -> bool:
        """True when a window of `wm_class` sits inside trayer's panel (really docked)."""
        return self.tray_icon_window(wm_class) is not None

    def tray_icon_window(self, wm_class: str) -> str | None:
        """The X id of the `wm_class` window inside trayer's panel, or None."""
        lines = self.tree().splitlines()
        for i, line in enumerate(lines):
            if '("panel" "trayer")' not in line:
                continue
            depth = len(line) - len(line.lstrip())
            for inner in lines[i + 1 :]:
                if inner.strip() and len(inner) - len(inner.lstrip()) <= depth:
                    break
                if f'("{wm_class}" ' in inner:
                    return inner.split()[0]
        return None

    def top_level_windows(self, wm_class: str) -> list[str]:
        return [
            line.strip()
            for line in self.tree().splitlines()
            if f'("{wm_class}" ' in line and len(line) - len(line.lstrip()) <= 5
        ]

    def tray_items(self) -> str:
        """What the session's StatusNotifierWatcher holds (the registered tray items)."""
        result = subprocess.run(
            [
                "dbus-send",
                "--session",
                "--print-reply",
                "--dest=org.kde.StatusNotifierWatcher",
                "/StatusNotifierWatcher",
                "org.freedesktop.DBus.Properties.Get",
                "string:org.kde.StatusNotifierWatcher",
                "string:RegisteredStatusNotifierItems",
            ],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=10,
        )
        return result.stdout

    def notifications(self) -> list[dict[str, str]]:
        if not self.notify_log.exists():
            return []
        return [json.loads(line) for line in self.notify_log.read_text().splitlines() if line]

    def wait_for_notification(
        self, match: Callable[[dict[str, str]], bool], timeout: float
    ) -> dict[str, str]:
        return wait_for(
            lambda: next((n for n in self.notifications() if match(n)), None),
            timeout,
            "a notification in dunst",
            lambda: f"dunst received: {self.notifications()}\n{self.logs()}",
        )

    def windows_named(self, name_regex: str) -> list[str]:
        """Every visible window whose title matches, now (xdotool's ids)."""
        return self._visible_windows("--name", name_regex)

    def _visible_windows(self, by: str, pattern: str) -> list[str]:
        result = subprocess.run(
            ["xdotool", "search", "--onlyvisible", by, pattern],
            capture_output=True,
            text=True,
            env=self.env(),
            timeout=10,
        )
        return result.stdout.split()

    def find_window(self, name_regex: str, timeout: float) -> str:
        def search() -> str:
            ids = self.windows_named(name_regex)
            return ids[0] if ids else ""

        return str(
            wait_for(
                search,
                timeout,
                f"a window named /{name_regex}/",
                lambda: "windows:\n" + self.tree(),
            )
        )

    def find_windows_of_class(self, wm_class: str, timeout: float) -> list[str]:
        """Every visible window of a WM class (dunst's bubbles: "Dunst"), waiting for one."""

        def search() -> list[str]:
            return self._visible_windows("--class", wm_class)

        found = wait_for(search, timeout, f"a window of class {wm_class}", self.tree)
        return list(found)

    def press(self, window: str, *keys: str) -> None:
        """Focus the window (there is no window manager) and type keys with XTEST."""
        subprocess.run(
            ["xdotool", "windowfocus", "--sync", window], env=self.env(), check=True, timeout=10
        )
        subprocess.run(
            ["xdotool", "key", "--delay", "50", *keys], env=self.env(), check=True, timeout=10
        )

    def choose_in_tray_menu(self, wm_class: str, downs: int) -> None:
        """Click the docked icon (its menu pops up at the pointer), press Down `downs` times
        (the disabled status line is skipped) and Return, as a person with a mouse would."""
        icon = self.tray_icon_window(wm_class)
        if icon is None:
            raise AssertionError(f"no {wm_class} icon inside trayer")
        for args in (["mousemove", "--window", icon, "8", "8"], ["click", "1"]):
            subprocess.run(["xdotool", *args], env=self.env(), check=True, timeout=10)
        time.sleep(0.8)  # the menu grabs the keyboard once it is up
        subprocess.run(
            ["xdotool", "key", "--delay", "80", *["Down"] * downs, "Return"],
            env=self.env(),
            check=True,
            timeout=15,
        )

    def window_pid(self, window: str) -> int:
        """The process that owns an X window (_NET_WM_PID, which Qt sets)."""
        done = subprocess.run(
            ["xdotool", "getwindowpid", window],
            env=self.env(),
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
        return int(done.stdout.strip())

    def nudge(self) -> None:
        """Move the pointer a little: real input, so the X server's idle time restarts."""
        subprocess.run(
            ["xdotool", "mousemove_relative", "--", "3", "0"],
            env=self.env(),
            check=True,
            timeout=10,
        )
        subprocess.run(
            ["xdotool", "mousemove_relative", "--", "-3", "0"],
            env=self.env(),
            check=True,
            timeout=10,
        )

    def screenshot(self, path: Path) -> bool:
        if shutil.which("import") is None:
            return False
        result = subprocess.run(
            ["import", "-window", "root", str(path)],
            env=self.env(),
            capture_output=True,
            timeout=30,
        )
        return result.returncode == 0

    def logs(self) -> str:
        parts = []
        for log in sorted(self.root.glob("*.log")):
            text = log.read_text(errors="replace").strip()
            if text:
                parts.append(f"--- {log.name}\n{text[-2000:]}")
        return "\n".join(parts)

    # -- starting the daemons ------------------------------------------------------------
    def _spawn(
        self, name: str, argv: list[str], env: dict[str, str] | None = None, **kw: Any
    ) -> subprocess.Popen[bytes]:
        log = (self.root / f"{name}.log").open("wb")
        self._files.append(log)
        proc = subprocess.Popen(
            argv,
            stdout=kw.pop("stdout", log),
            stderr=log,
            env=env or self.env(),
            start_new_session=True,
            **kw,
        )
        self._procs.append((name, proc))
        return proc

    def _start_xvfb(self) -> None:
        read_fd, write_fd = os.pipe()
        self._spawn(
            "xvfb",
            [
                "Xvfb",
                "-displayfd",
                str(write_fd),
                *(
                    word
                    for number, size in enumerate(self.screens)
                    for word in ("-screen", str(number), f"{size}x24")
                ),
                "-nolisten",
                "tcp",
                "-noreset",
            ],
            env=dict(os.environ),
            pass_fds=(write_fd,),
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number.isdigit():
            raise RuntimeError(f"Xvfb did not start: {self.logs()}")
        self.display = f":{number}"
        wait_for(
            lambda: (
                subprocess.run(
                    ["xwininfo", "-root"], env=self.env(), capture_output=True
                ).returncode
                == 0
            ),
            10,
            "the X server",
            self.logs,
        )

    def _start_bus(self) -> None:
        proc = self._spawn(
            "dbus",
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
            env=dict(os.environ),
            stdout=subprocess.PIPE,
        )
        assert proc.stdout is not None
        address = proc.stdout.readline().decode().strip()
        if not address:
            raise RuntimeError(f"dbus-daemon did not start: {self.logs()}")
        self.bus = address

    def _start_dunst(self) -> None:
        script = self.root / "record-notification"
        script.write_text(f"#!/bin/sh\nexec {sys.executable} -c '{NOTIFY_SCRIPT}'\n")
        script.chmod(0o755)
        # dunst's context menu (`dunstctl context`) asks a dmenu for the action: this one
        # picks the first line holding the word written to `menu_pick` (a test's choice).
        picker = self.root / "pick-action"
        picker.write_text(f'#!/bin/sh\nexec grep -m1 -i -- "$(cat {self.menu_pick})"\n')
        picker.chmod(0o755)
        self.menu_pick.write_text("Start")
        config = self.root / "dunstrc"
        config.write_text(
            f"[global]\n    font = DejaVu Sans 9\n    dmenu = {picker}\n\n[record]\n"
            f'    appname = "*"\n    script = {script}\n'
        )
        self._spawn(
            "dunst",
            ["dunst", "-config", str(config)],
            env=self.env(BB_NOTIFY_LOG=str(self.notify_log)),
        )

        def owned() -> bool:
            result = subprocess.run(
                [
                    "dbus-send",
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.Notifications",
                ],
                env=self.env(),
                capture_output=True,
                text=True,
                timeout=10,
            )
            return bool(re.search(r"boolean true", result.stdout))

        wait_for(owned, 10, "dunst on the session bus", self.logs)
