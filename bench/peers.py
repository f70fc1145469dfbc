"""The peers: Workrave and Safe Eyes, measured in the same run as backbreak and the floors.

Comparing with the bare tray icon says what backbreak adds to Qt; comparing with the break
apps people already use says whether that is a lot. Each peer gets a fresh HOME and XDG
folders of its own and is started once before it is measured ("a profile that has started
before"), as backbreak is. A peer that is not installed is left out, and said so.

    python bench/peers.py --setup     # apt-get install the peers (.ci/run does not)

Two things the peers need that the e2e desktop does not give (neither is a change to them):
- Safe Eyes calls `dbus.SystemBus()` at start and dies without one, before its GTK loop
  runs. Every case (backbreak and the floors too) gets the same stand-in system bus: a
  private dbus-daemon named by DBUS_SYSTEM_BUS_ADDRESS, as every real desktop has one.
- Safe Eyes's tray icon is an AppIndicator. With no StatusNotifierWatcher (trayer is an
  XEmbed host only), libayatana-appindicator falls back to a GtkStatusIcon, which docks in
  trayer as WM_CLASS "safeeyes_2". That library comes with Safe Eyes's Recommends
  (gir1.2-ayatanaappindicator3-0.1); without it Safe Eyes runs with no icon at all.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.desktop import Desktop  # noqa: E402

#: What `--setup` installs: the peers, and what Safe Eyes needs for a tray icon (its
#: Recommends, spelled out for machines that install without them).
PACKAGES = ("workrave", "safeeyes", "gir1.2-ayatanaappindicator3-0.1", "xprintidle")
DOCK_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Peer:
    name: str
    binary: str
    wm_class: str
    """The WM_CLASS instance of the window it docks in trayer (xwininfo -tree)."""

    def installed(self) -> bool:
        return shutil.which(self.binary) is not None


WORKRAVE = Peer("Workrave", "workrave", "workrave")
SAFE_EYES = Peer("Safe Eyes", "safeeyes", "safeeyes_2")
PEERS = (WORKRAVE, SAFE_EYES)


def peer_env(desktop: Desktop, home: Path, system_bus: str) -> dict[str, str]:
    """The desktop's environment with a private HOME and XDG folders, as a user starts it
    (Qt's and GTK's platform chosen by the toolkit itself)."""
    home.mkdir(parents=True, exist_ok=True)
    env = desktop.env(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_RUNTIME_DIR=str(home / "run"),
        DBUS_SYSTEM_BUS_ADDRESS=system_bus,
        NO_AT_BRIDGE="1",  # no accessibility bus here: GTK would wait for it
    )
    (home / "run").mkdir(mode=0o700, exist_ok=True)
    env.pop("QT_QPA_PLATFORM", None)
    return env


@contextmanager
def system_bus(root: Path) -> Iterator[str]:
    """A private dbus-daemon standing in for the system bus; yields its address."""
    root.mkdir(parents=True, exist_ok=True)
    log = (root / "system-bus.log").open("wb")
    proc = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=log,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        address = proc.stdout.readline().decode().strip()
        if not address:
            raise RuntimeError("the stand-in system bus (dbus-daemon) did not start")
        yield address
    finally:
        stop_tree(proc)
        if proc.stdout is not None:
            proc.stdout.close()
        log.close()


def launch(
    argv: list[str], env: dict[str, str], log: Path | None = None
) -> subprocess.Popen[bytes]:
    """Start a case in its own session (process group), so stop_tree can end all of it."""
    out = log.open("ab") if log is not None else subprocess.DEVNULL
    try:
        return subprocess.Popen(
            argv, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    finally:
        if log is not None and not isinstance(out, int):
            out.close()


def stop_tree(proc: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """SIGTERM to the process group, SIGKILL after `timeout`: helpers go with the app."""
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=timeout)
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # what is left of the group (it may be gone)
    if proc.poll() is None:
        proc.wait(timeout=5)


def wait_docked(
    desktop: Desktop, wm_class: str, proc: subprocess.Popen[bytes], what: str, timeout: float
) -> float:
    """Poll trayer until a window of `wm_class` is inside it; the moment (monotonic)."""
    start = time.monotonic()
    while not desktop.tray_icon_embedded(wm_class):
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited (status {proc.returncode}) before docking")
        if time.monotonic() - start > timeout:
            raise RuntimeError(f"{what} did not dock a tray icon ({wm_class}) in {timeout:.0f} s")
        time.sleep(0.05)
    return time.monotonic()


def settle(desktop: Desktop, peer: Peer, home: Path, bus: str, log: Path | None = None) -> None:
    """Start the peer once in `home`, wait for its icon, stop it: its first-start work
    (writing its configuration) is then behind it when it is measured."""
    proc = launch([peer.binary], peer_env(desktop, home, bus), log)
    try:
        wait_docked(desktop, peer.wm_class, proc, peer.name, DOCK_TIMEOUT_S)
        time.sleep(1.0)  # let it write what it writes at start
    finally:
        stop_tree(proc)
    _wait_undocked(desktop, peer.wm_class)


def _wait_undocked(desktop: Desktop, wm_class: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while desktop.tray_icon_embedded(wm_class) and time.monotonic() < deadline:
        time.sleep(0.1)


def setup() -> int:
    """apt-get update and install the peers (sudo only when not root)."""
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for argv in (["apt-get", "update"], ["apt-get", "install", "-y", *PACKAGES]):
        print("+ " + " ".join(prefix + argv), flush=True)
        if subprocess.run(prefix + argv, env=env).returncode != 0:
            return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--setup", action="store_true", help="install the peers with apt-get")
    args = parser.parse_args()
    if args.setup:
        return setup()
    for peer in PEERS:
        print(f"{peer.name:<10} {'installed' if peer.installed() else 'not installed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
