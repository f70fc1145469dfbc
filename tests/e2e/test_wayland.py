"""End to end on a real Wayland compositor (sway, headless): the tray item registers as a
StatusNotifierItem, a break comes as a window sway manages, and dunst receives the
notification; a second launch finds the first; being away holds a break. sway 1.7 offers
only KDE's idle protocol, which backbreak does not speak yet, so idle time comes from GNOME's
IdleMonitor D-Bus interface answered by a scripted peer (mutter_idle_peer.py): the real
interface and the real app, a stand-in for GNOME Shell, which is not run here."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backbreak.core.events import EventKind
from backbreak.storage.db import read_log
from tests.e2e.desktop import quick_profile, wait_for
from tests.e2e.wayland import INSTALL_HINT, SwayDesktop, missing_tools

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        bool(missing_tools()),
        reason=f"needs {', '.join(missing_tools())} for a Wayland desktop ({INSTALL_HINT})",
    ),
]


@pytest.fixture
def sway(tmp_path: Path) -> Iterator[SwayDesktop]:
    with SwayDesktop(tmp_path / "desktop") as running:
        yield running


def test_on_wayland_the_tray_registers_and_a_break_comes_with_its_notification(
    sway: SwayDesktop, tmp_path: Path
):
    home = quick_profile(tmp_path, 'stretch_every = "6s"')
    app = subprocess.Popen(
        [sys.executable, "-m", "backbreak"],
        env=sway.env(BACKBREAK_HOME=str(home)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=home,
    )
    log = home / "logs" / "backbreak.log"

    def explain() -> str:
        said = log.read_text() if log.exists() else "(no app log)"
        return f"{said}\n{sway.logs()}"

    try:
        wait_for(lambda: "/StatusNotifierItem" in sway.tray_items(), 30, "the tray item", explain)
        said = "System tray: available: a StatusNotifierItem (D-Bus)"
        wait_for(lambda: said in explain(), 15, "the app's report", explain)
        wait_for(
            lambda: any(t.startswith("Break time") for t in sway.window_titles()),
            30,
            "the break prompt as a sway window",
            explain,
        )
        # The prompt cannot place itself on Wayland: sway floats it, whole, on the screen,
        # at its own size (not tiled over half the desktop).
        (prompt,) = [w for w in sway.windows() if str(w["name"]).startswith("Break time")]
        rect = prompt["rect"]
        assert prompt["type"] == "floating_con", prompt
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= 1366, rect  # type: ignore[index]
        assert rect["y"] >= 0 and rect["y"] + rect["height"] <= 768, rect  # type: ignore[index]
        assert rect["width"] < 700 and rect["height"] < 300, rect  # type: ignore[index]
        notice = sway.wait_for_notification(lambda n: n["app_name"] == "backbreak", 15)
        assert notice["summary"] == "Time for a stretch break"
        with read_log(home / "data" / "history.sqlite3") as history:
            assert history is not None
            assert [e.kind for e in history.recent(5)] == [EventKind.REMINDED]
        # A second launch on the same desktop finds the first and exits.
        second = subprocess.run(
            [sys.executable, "-m", "backbreak"],
            env=sway.env(BACKBREAK_HOME=str(home)),
            capture_output=True,
            text=True,
            timeout=60,
            cwd=home,
        )
        assert second.returncode == 0, second.stderr
    finally:
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)
        _out, err = app.communicate(timeout=20)
        assert "Traceback" not in err, err


def test_on_wayland_being_away_holds_a_break_until_you_are_back(sway: SwayDesktop, tmp_path: Path):
    """Idle time from GNOME's IdleMonitor interface, answered by a scripted peer on the
    session bus (sway itself offers none backbreak speaks): away for two minutes when the
    break comes due, the break waits; back, it comes within seconds."""
    idle = tmp_path / "idle-ms"
    idle.write_text("0")
    peer = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("mutter_idle_peer.py")), str(idle)],
        env=sway.env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    home = quick_profile(tmp_path, 'stretch_every = "10s"')
    log = home / "logs" / "backbreak.log"
    app = None
    try:
        assert peer.stdout is not None and peer.stdout.readline().strip() == "ready"
        app = subprocess.Popen(
            [sys.executable, "-m", "backbreak"],
            env=sway.env(BACKBREAK_HOME=str(home)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=home,
        )

        def explain() -> str:
            return log.read_text() if log.exists() else "(no app log)"

        wait_for(lambda: "Idle time: available" in explain(), 20, "idle from the peer", explain)
        idle.write_text("120000")  # away for two minutes: more than away, less than a break
        time.sleep(16)  # the break came due at 10 s
        assert not any(t.startswith("Break time") for t in sway.window_titles()), explain()
        with read_log(home / "data" / "history.sqlite3") as history:
            assert history is not None and history.recent(5) == []
        idle.write_text("0")  # back
        wait_for(
            lambda: any(t.startswith("Break time") for t in sway.window_titles()),
            15,
            "the break once you are back",
            explain,
        )
    finally:
        for process in (app, peer):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=20)
        if peer.stdout is not None:
            peer.stdout.close()


def test_gnomes_do_not_disturb_holds_a_break_until_it_is_switched_off(
    sway: SwayDesktop, tmp_path: Path
):
    """GNOME's Do Not Disturb is the show-banners setting, read with gsettings; here from a
    keyfile backend the test writes with gsettings too (a GNOME session keeps it in dconf)."""
    import shutil

    if shutil.which("gsettings") is None:
        pytest.skip("gsettings is missing (libglib2.0-bin)")
    config = tmp_path / "xdg-config"
    gnome = sway.env(XDG_CURRENT_DESKTOP="GNOME", GSETTINGS_BACKEND="keyfile")
    gnome["XDG_CONFIG_HOME"] = str(config)

    def banners(value: str) -> None:
        subprocess.run(
            ["gsettings", "set", "org.gnome.desktop.notifications", "show-banners", value],
            env=gnome,
            check=True,
            timeout=10,
        )

    try:
        banners("false")
    except subprocess.CalledProcessError:
        pytest.skip("the org.gnome.desktop.notifications schema is missing")
    home = quick_profile(tmp_path, 'stretch_every = "8s"')
    log = home / "logs" / "backbreak.log"
    app = subprocess.Popen(
        [sys.executable, "-m", "backbreak"],
        env={**gnome, "BACKBREAK_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=home,
    )

    def explain() -> str:
        return log.read_text() if log.exists() else "(no app log)"

    try:
        wait_for(lambda: "gnome-do-not-disturb" in explain(), 20, "GNOME's DND seen", explain)
        time.sleep(14)  # the break came due at 8 s, in do-not-disturb
        assert not any(t.startswith("Break time") for t in sway.window_titles()), explain()
        banners("true")
        wait_for(
            lambda: any(t.startswith("Break time") for t in sway.window_titles()),
            15,
            "the break once do-not-disturb is off",
            explain,
        )
    finally:
        app.terminate()
        app.wait(timeout=20)


def test_on_wlroots_idle_time_comes_from_swayidle_and_input_ends_it(
    sway: SwayDesktop, tmp_path: Path
):
    """sway's own idle protocol, through swayidle: with nobody at the headless desk a
    natural break is logged; the app says where its idle time comes from."""
    import shutil

    if shutil.which("swayidle") is None:
        pytest.skip("swayidle is missing (apt-get install swayidle)")
    home = quick_profile(tmp_path, 'stretch_every = "20s"\nnatural_break = "5s"')
    log = home / "logs" / "backbreak.log"

    def explain() -> str:
        return log.read_text() if log.exists() else "(no app log)"

    def kinds() -> list[EventKind]:
        with read_log(home / "data" / "history.sqlite3") as history:
            return [] if history is None else [e.kind for e in history.recent(10)]

    app = subprocess.Popen(
        [sys.executable, "-m", "backbreak"],
        env=sway.env(BACKBREAK_HOME=str(home)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=home,
    )
    try:
        wait_for(
            lambda: "idle detection: available (swayidle)" in explain(), 20, "swayidle", explain
        )
        wait_for(lambda: EventKind.NATURAL_BREAK in kinds(), 30, "a natural break", explain)
        assert EventKind.REMINDED not in kinds()
    finally:
        app.terminate()
        app.wait(timeout=20)
    # The app's swayidle goes with it, even when the app is killed.
    app = subprocess.Popen(
        [sys.executable, "-m", "backbreak"],
        env=sway.env(BACKBREAK_HOME=str(home)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=home,
    )
    wait_for(lambda: watchers(home), 20, "the app's swayidle", explain)
    app.kill()
    app.wait(timeout=20)
    wait_for(lambda: not watchers(home), 10, "swayidle to go with the app", explain)


def watchers(home: Path) -> list[int]:
    """swayidle processes started by the backbreak of `home` (by their command line and the
    profile in their environment: tests on other cores run swayidles of their own)."""
    found = subprocess.run(["pgrep", "-f", "swayidle timeout 1"], capture_output=True, text=True)
    mine = f"BACKBREAK_HOME={home}".encode()
    pids = []
    for pid in map(int, found.stdout.split()):
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if mine in environ:
            pids.append(pid)
    return pids
