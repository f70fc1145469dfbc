"""End to end on a real X server: the app as a subprocess, a real tray host and dunst."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backbreak.core.events import EventKind
from backbreak.storage.db import read_log
from tests.e2e.desktop import INSTALL_HINT, QUICK_ROUTINE, Desktop, missing_tools, wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        bool(missing_tools()),
        reason=f"needs {', '.join(missing_tools())} for a real X desktop ({INSTALL_HINT})",
    ),
]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "profile"
    (home / "config").mkdir(parents=True)
    (home / "data" / "routines").mkdir(parents=True)
    (home / "config" / "settings.toml").write_text(
        '[schedule]\nstretch_every = "5s"\n\n[breaks]\nroutines = ["e2e-quick"]\n'
    )
    (home / "data" / "routines" / "e2e-quick.toml").write_text(QUICK_ROUTINE)
    return home


@pytest.fixture
def desktop(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Desktop]:
    tray = getattr(request, "param", True)
    with Desktop(tmp_path / "desktop", tray=tray) as running:
        yield running
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            shot = tmp_path / "failure.png"
            if running.screenshot(shot):
                print(f"screenshot of the desktop: {shot}")
            print(running.logs())


def launch(desktop: Desktop, home: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "backbreak"],
        env=desktop.env(BACKBREAK_HOME=str(home)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=home,
    )


def stop(app: subprocess.Popen[str], how: int = signal.SIGKILL) -> tuple[str, str]:
    """Signal the app (if still running) and collect its output, closing the pipes."""
    if app.poll() is None:
        app.send_signal(how)
    return app.communicate(timeout=15)


def app_log(home: Path) -> str:
    log = home / "logs" / "backbreak.log"
    return log.read_text() if log.exists() else "(no log file)"


def logged(home: Path) -> list[tuple[EventKind, str | None]]:
    with read_log(home / "data" / "history.sqlite3") as log:
        return [] if log is None else [(e.kind, e.routine_id) for e in reversed(log.recent(50))]


def test_tray_reminder_notification_and_a_completed_break(desktop: Desktop, home: Path):
    app = launch(desktop, home)
    try:
        wait_for(
            lambda: desktop.tray_icon_embedded("backbreak"),
            20,
            "the tray icon inside trayer",
            lambda: desktop.tree() + app_log(home),
        )
        said = "System tray: available: the system tray protocol (XEmbed)"
        wait_for(lambda: said in app_log(home), 15, "About's tray line", lambda: app_log(home))

        note = desktop.wait_for_notification(lambda n: n["app_name"] == "backbreak", 30)
        assert note["summary"] == "Time for a stretch break"
        assert "Quick check" in note["body"]
        assert note["icon_path"].endswith(".png") and Path(note["icon_path"]).is_file()

        # Clicking the notification (dunst's default action) brings the break prompt up.
        subprocess.run(["dunstctl", "action", "0"], env=desktop.env(), check=True, timeout=10)
        wait_for(
            lambda: "notification clicked: showing the break prompt" in app_log(home),
            15,
            "the app hearing the click",
            lambda: app_log(home),
        )

        prompt = desktop.find_window("^Break time", 10)
        time.sleep(1.2)  # keys are ignored for a second, so typing cannot answer the prompt
        desktop.press(prompt, "Return")  # Start is the default button
        desktop.find_window("^Done: Quick check", 30)
        rows = logged(home)
        assert (EventKind.COMPLETED, "e2e-quick") in rows, (rows, app_log(home))

        # The row was durable the moment "Done" showed: killing the app loses nothing.
        stop(app, signal.SIGKILL)
        assert app.returncode == -signal.SIGKILL
        assert logged(home) == rows
        assert rows[:3] == [
            (EventKind.REMINDED, "e2e-quick"),
            (EventKind.STARTED, "e2e-quick"),
            (EventKind.COMPLETED, "e2e-quick"),
        ]
    finally:
        stop(app)


def test_a_second_launch_shows_the_first_and_exits(desktop: Desktop, home: Path):
    (home / "config" / "settings.toml").write_text('[schedule]\nstretch_every = "1h"\n')
    first = launch(desktop, home)
    try:
        wait_for(
            lambda: desktop.tray_icon_embedded("backbreak"),
            20,
            "the first tray icon",
            lambda: app_log(home),
        )
        second = launch(desktop, home)
        out, err = second.communicate(timeout=30)  # it must exit by itself
        assert second.returncode == 0, err
        assert "already running" in out
        desktop.find_window("^Status", 10)  # the running one showed itself
        assert first.poll() is None

        def cli(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "backbreak", *args],
                text=True,
                capture_output=True,
                timeout=30,
                env=desktop.env(BACKBREAK_HOME=str(home)),
            )

        assert cli("status").stdout.startswith("Next break in")
        assert cli("pause", "30m").stdout.startswith("Reminders paused until")
        assert cli("status").stdout.startswith("Reminders paused until")
        assert cli("pause", "off").stdout.startswith("Next break in")

        # `config set` reaches the running app: the 1 h interval becomes 20 min at once.
        changed = cli("config", "set", "schedule.stretch_every", "20m")
        assert "the running backbreak uses it now" in changed.stdout, changed.stderr
        status = cli("status").stdout
        minutes = re.match(r"Next break in (\d+) min", status)
        assert minutes is not None and int(minutes[1]) <= 20, status
        assert cli("start", "e2e-quick").stdout.strip() == "started Quick check"
    finally:
        stop(first, signal.SIGTERM)
    assert first.returncode == 0  # SIGTERM quits cleanly


def test_the_first_start_welcomes_and_writes_the_settings_file(desktop: Desktop, tmp_path: Path):
    fresh = tmp_path / "fresh"  # no settings file yet: backbreak's first start here
    fresh.mkdir()
    app = launch(desktop, fresh)
    try:
        wait_for(
            lambda: desktop.tray_icon_embedded("backbreak"),
            20,
            "the tray icon",
            lambda: app_log(fresh),
        )
        welcome = desktop.find_window("^Welcome to backbreak", 20)
        assert (fresh / "config" / "settings.toml").is_file()
        desktop.press(welcome, "Return")  # OK closes it; the app goes on in the tray
        wait_for(
            lambda: not _visible(desktop, "^Welcome to backbreak"),
            10,
            "the welcome to close",
        )
        assert app.poll() is None
    finally:
        stop(app, signal.SIGTERM)
    assert app.returncode == 0


def _visible(desktop: Desktop, name_regex: str) -> bool:
    return bool(desktop.windows_named(name_regex))


@pytest.mark.parametrize("desktop", [False], indirect=True, ids=["no-tray-host"])
def test_without_a_tray_host_the_app_says_so_and_shows_a_window(desktop: Desktop, home: Path):
    app = launch(desktop, home)
    try:
        desktop.find_window("^Status", 20)
        assert "no system tray" in app_log(home)
    finally:
        stop(app, signal.SIGTERM)


def test_idle_time_on_x11_counts_as_a_natural_break(desktop: Desktop, home: Path):
    (home / "config" / "settings.toml").write_text(
        '[schedule]\nstretch_every = "12s"\nnatural_break = "5s"\n\n'
        '[breaks]\nroutines = ["e2e-quick"]\n'
    )
    app = launch(desktop, home)
    try:
        # Nobody touches the X server: after 5 s the app logs a natural break, and the
        # reminder due at 12 s does not come while the user is away.
        wait_for(
            lambda: (EventKind.NATURAL_BREAK, None) in logged(home),
            20,
            "a natural break in the log",
            lambda: app_log(home),
        )
        time.sleep(8)
        assert desktop.notifications() == [], "a reminder fired while the user was away"
        assert "idle detection: available (x11)" in app_log(home)

        # Back at the keyboard (pointer moves keep the idle time short): the interval
        # counts afresh from now, so the reminder comes about 12 s later.
        back = time.monotonic()

        def active_and_reminded() -> bool:
            desktop.nudge()
            return any(n["app_name"] == "backbreak" for n in desktop.notifications())

        wait_for(active_and_reminded, 30, "the reminder after coming back", lambda: app_log(home))
        assert time.monotonic() - back >= 9  # a fresh interval, not the stale due time
    finally:
        stop(app, signal.SIGTERM)


def test_dunst_do_not_disturb_holds_the_reminder(desktop: Desktop, home: Path):
    import shutil

    if shutil.which("dunstctl") is None:
        pytest.skip("dunstctl is missing (it comes with dunst)")

    def dunstctl(*args: str) -> None:
        subprocess.run(["dunstctl", *args], env=desktop.env(), check=True, timeout=10)

    (home / "config" / "settings.toml").write_text(
        '[schedule]\nstretch_every = "6s"\n\n[breaks]\nroutines = ["e2e-quick"]\n'
    )
    dunstctl("set-paused", "true")
    app = launch(desktop, home)
    try:
        wait_for(
            lambda: "Do not disturb: available" in app_log(home),
            20,
            "the app's report",
            lambda: app_log(home),
        )
        time.sleep(10)  # the break came due at 6 s, while notifications are paused
        assert (EventKind.REMINDED, "e2e-quick") not in logged(home), app_log(home)
        dunstctl("set-paused", "false")
        wait_for(
            lambda: logged(home).count((EventKind.REMINDED, "e2e-quick")) == 1,
            20,
            "one reminder after do-not-disturb ended",
            lambda: app_log(home),
        )
        desktop.find_window("^Break time", 10)
    finally:
        stop(app, signal.SIGTERM)


def test_a_fullscreen_window_counts_as_busy(desktop: Desktop):
    from backbreak.platform.busy import X11Fullscreen

    def xprop(*args: str) -> None:
        subprocess.run(["xprop", *args], env=desktop.env(), check=True, timeout=10)

    window = subprocess.Popen(
        ["xmessage", "-geometry", "200x80", "presentation"],
        env=desktop.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ids = wait_for(
            lambda: subprocess.run(
                ["xdotool", "search", "--class", "xmessage"],
                capture_output=True,
                text=True,
                env=desktop.env(),
            ).stdout.split(),
            10,
            "the xmessage window",
        )
        source = X11Fullscreen(display=desktop.display)
        assert source.availability().available
        xprop("-root", "-f", "_NET_ACTIVE_WINDOW", "32x", "-set", "_NET_ACTIVE_WINDOW", ids[0])
        assert source.busy() is False
        xprop(
            "-id",
            ids[0],
            "-f",
            "_NET_WM_STATE",
            "32a",
            "-set",
            "_NET_WM_STATE",
            "_NET_WM_STATE_FULLSCREEN",
        )
        assert source.busy() is True
    finally:
        window.terminate()
        window.wait(timeout=10)


def window_rect(desktop: Desktop, window: str) -> tuple[int, int, int, int]:
    """x, y, width, height of an X window, as xdotool reports it."""
    shell = subprocess.run(
        ["xdotool", "getwindowgeometry", "--shell", window],
        env=desktop.env(),
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
    ).stdout
    values = dict(line.split("=", 1) for line in shell.split())
    return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])


def overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def test_the_notification_never_covers_the_prompt(desktop: Desktop, home: Path):
    """dunst puts its bubble top right, where the prompt used to open: a click meant for
    Snooze landed on the bubble. Both on screen at once, their rectangles do not meet."""
    app = launch(desktop, home)
    try:
        desktop.wait_for_notification(lambda n: n["app_name"] == "backbreak", 30)
        prompt = desktop.find_window("^Break time", 10)
        bubbles = desktop.find_windows_of_class("Dunst", 10)
        assert bubbles, "dunst showed no window"
        shown = window_rect(desktop, prompt)
        for bubble in bubbles:
            assert not overlap(shown, window_rect(desktop, bubble)), (shown, bubble)
    finally:
        stop(app)


EDITOR = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication, QPlainTextEdit
app = QApplication(sys.argv)
out = Path(sys.argv[1])
editor = QPlainTextEdit()
editor.setWindowTitle("Someone's editor")
editor.textChanged.connect(lambda: out.write_text(editor.toPlainText()))
editor.resize(500, 300)
editor.show()
app.exec()
"""


def test_typing_into_another_window_while_a_break_comes_answers_nothing(
    desktop: Desktop, home: Path, tmp_path: Path
):
    """Someone types in their editor as the break comes: every key reaches the editor, and
    none starts, snoozes or skips the break (the prompt takes no focus)."""
    typed = tmp_path / "typed.txt"
    editor = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(typed)],
        env=desktop.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    app = launch(desktop, home)
    try:
        window = desktop.find_window("^Someone's editor", 20)
        subprocess.run(
            ["xdotool", "windowfocus", "--sync", window], env=desktop.env(), check=True, timeout=10
        )
        words = "the quick brown fox jumps over the lazy dog and then presses return "
        text = words * 4
        typing = subprocess.Popen(
            ["xdotool", "type", "--delay", "60", text + "\n" + " " * 20 + "s n k t\n"],
            env=desktop.env(),
        )
        desktop.find_window("^Break time", 30)  # the break comes while the typing goes on
        typing.wait(timeout=120)
        wait_for(lambda: typed.exists() and "s n k t" in typed.read_text(), 10, "every key")
        assert typed.read_text().startswith(text.rstrip())
        time.sleep(1)
        rows = logged(home)
        assert rows == [(EventKind.REMINDED, "e2e-quick")], (rows, app_log(home))
        desktop.find_window("^Break time", 5)  # still waiting for an answer
    finally:
        stop(app)
        editor.terminate()
        editor.wait(timeout=10)


def test_a_break_is_answered_from_the_notifications_own_snooze(desktop: Desktop, home: Path):
    """dunst shows the reminder with Start, Snooze and Skip; choosing Snooze in its menu
    snoozes the break, as the window's button would, and the window goes away."""
    import shutil

    if shutil.which("dunstctl") is None:
        pytest.skip("dunstctl is missing (it comes with dunst)")
    app = launch(desktop, home)
    try:
        desktop.wait_for_notification(lambda n: n["app_name"] == "backbreak", 30)
        desktop.find_window("^Break time", 10)
        desktop.menu_pick.write_text("Snooze")
        subprocess.run(["dunstctl", "context"], env=desktop.env(), check=True, timeout=10)
        wait_for(
            lambda: (EventKind.SNOOZED, "e2e-quick") in logged(home),
            15,
            "the snooze in the log",
            lambda: app_log(home),
        )
        assert "notification answered: snooze" in app_log(home)
        assert logged(home) == [(EventKind.REMINDED, "e2e-quick"), (EventKind.SNOOZED, "e2e-quick")]
    finally:
        stop(app)


def test_with_the_notification_alone_a_break_asks_there_and_starts_from_it(
    desktop: Desktop, home: Path
):
    """`break_shows = "notification"`: dunst (which shows actions) asks alone, and stays;
    no window comes; Start in its menu plays the routine."""
    import shutil

    if shutil.which("dunstctl") is None:
        pytest.skip("dunstctl is missing (it comes with dunst)")
    settings = home / "config" / "settings.toml"
    settings.write_text(settings.read_text() + '\n[notifications]\nbreak_shows = "notification"\n')
    app = launch(desktop, home)
    try:
        desktop.wait_for_notification(lambda n: n["app_name"] == "backbreak", 30)
        time.sleep(3)  # the window would have come by now
        with pytest.raises(AssertionError):
            desktop.find_window("^Break time", 1)
        assert logged(home) == [(EventKind.REMINDED, "e2e-quick")]
        desktop.menu_pick.write_text("Start")
        subprocess.run(["dunstctl", "context"], env=desktop.env(), check=True, timeout=10)
        wait_for(
            lambda: (EventKind.STARTED, "e2e-quick") in logged(home),
            15,
            "the routine started from the notification",
            lambda: app_log(home),
        )
        desktop.find_window("Quick check", 10)
    finally:
        stop(app)


def _alive(pid: int) -> bool:
    """Running (a zombie that nobody reaped yet has ended too)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


@pytest.mark.parametrize("end", [signal.SIGTERM, signal.SIGKILL], ids=["quit", "crash"])
def test_history_and_settings_open_in_a_process_that_ends_with_them(
    desktop: Desktop, home: Path, end: signal.Signals
):
    """The tray menu's History opens in a process of the app's own, Esc ends it; `backbreak
    open settings` reaches the running app the same way, and when the app quits or dies,
    its window goes with it."""
    (home / "config" / "settings.toml").write_text('[schedule]\nstretch_every = "1h"\n')
    app = launch(desktop, home)
    settings_pid = 0
    try:
        wait_for(
            lambda: desktop.tray_icon_embedded("backbreak"),
            20,
            "the tray icon",
            lambda: app_log(home),
        )
        desktop.choose_in_tray_menu("backbreak", 4)  # status line, start, pause, meeting, History
        history = desktop.find_window("^History", 30)
        history_pid = desktop.window_pid(history)
        assert history_pid != app.pid and _parent(history_pid) == app.pid
        desktop.press(history, "Escape")
        wait_for(lambda: not _alive(history_pid), 15, "the History process to end")

        opened = subprocess.run(
            [sys.executable, "-m", "backbreak", "open", "settings"],
            text=True,
            capture_output=True,
            timeout=30,
            env=desktop.env(BACKBREAK_HOME=str(home)),
        )
        assert opened.returncode == 0, opened.stderr
        settings = desktop.find_window("^Settings", 30)
        settings_pid = desktop.window_pid(settings)
        assert _parent(settings_pid) == app.pid
    finally:
        stop(app, end)
    assert app.returncode == (0 if end == signal.SIGTERM else -signal.SIGKILL)
    wait_for(lambda: not _alive(settings_pid), 15, "the Settings window to go with the app")
    assert "window could not open" not in app_log(home)


def test_a_second_open_with_no_app_running_brings_up_the_first_ones_window(
    desktop: Desktop, home: Path
):
    """No app runs: `backbreak open settings` shows Settings itself. A second `open
    settings` brings that dialog up and ends (two dialogs would overwrite each other's
    edits); `open history` joins the same process; Esc on both ends it."""
    env = desktop.env(BACKBREAK_HOME=str(home))
    command = [sys.executable, "-m", "backbreak", "open"]
    first = subprocess.Popen(
        [*command, "settings"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        settings = desktop.find_window("^Settings", 30)
        for name in ("settings", "history"):
            again = subprocess.run(
                [*command, name], env=env, capture_output=True, text=True, timeout=30
            )
            assert again.returncode == 0, again.stderr
        history = desktop.find_window("^History", 30)
        assert desktop.window_pid(history) == desktop.window_pid(settings) == first.pid
        assert len(desktop.windows_named("^Settings")) == 1
        desktop.press(history, "Escape")
        desktop.press(settings, "Escape")
        first.wait(timeout=15)  # its last window closed: it ends
    finally:
        stop(first)
    assert first.returncode == 0


def test_settings_shown_alone_before_the_app_started_stay_the_one_settings(
    desktop: Desktop, home: Path
):
    """`backbreak open settings` with no app, then the app starts: Settings from the app
    (here through `backbreak open`, as its tray menu does) brings up that same dialog
    rather than a second one over the same file."""
    (home / "config" / "settings.toml").write_text('[schedule]\nstretch_every = "1h"\n')
    env = desktop.env(BACKBREAK_HOME=str(home))
    alone = subprocess.Popen(
        [sys.executable, "-m", "backbreak", "open", "settings"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    app = launch(desktop, home)
    try:
        settings = desktop.find_window("^Settings", 30)
        wait_for(
            lambda: desktop.tray_icon_embedded("backbreak"),
            20,
            "the tray icon",
            lambda: app_log(home),
        )
        opened = subprocess.run(
            [sys.executable, "-m", "backbreak", "open", "settings"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert opened.returncode == 0, opened.stderr
        wait_for(lambda: _children(app.pid), 15, "the app's window process", lambda: app_log(home))
        wait_for(  # it asked the one alone, showed nothing, and ended (a 2nd Settings keeps it)
            lambda: not _children(app.pid),
            20,
            "the app's window process to end with nothing shown",
            lambda: app_log(home),
        )
        assert desktop.windows_named("^Settings") == [settings]
        assert "could not open" not in app_log(home)
        desktop.press(settings, "Escape")
        alone.wait(timeout=15)
    finally:
        stop(alone)
        stop(app, signal.SIGTERM)
    assert alone.returncode == 0 and app.returncode == 0


def _children(pid: int) -> list[int]:
    """The processes `pid` started that still run (the app's window process)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return [child for child in found if _alive(child)]


def test_a_break_asks_and_plays_in_the_apps_window_process(desktop: Desktop, home: Path):
    """The prompt and the player are windows of a process the app started; the break's
    outcome is the app's to log. That process dying mid-routine ends the session as
    stopped, and the app carries on."""
    app = launch(desktop, home)
    try:
        prompt = desktop.find_window("^Break time", 40)
        prompt_pid = desktop.window_pid(prompt)
        assert prompt_pid != app.pid and _parent(prompt_pid) == app.pid
        time.sleep(1.2)  # keys are ignored for a second after a prompt shows
        desktop.press(prompt, "Return")
        player = desktop.find_window("^Quick check", 15)
        assert desktop.window_pid(player) == prompt_pid  # the same process plays it
        subprocess.run(["kill", "-KILL", str(prompt_pid)], check=True, timeout=10)
        wait_for(
            lambda: (EventKind.ABANDONED, "e2e-quick") in logged(home),
            15,
            "the routine logged as stopped",
            lambda: str(logged(home)) + app_log(home),
        )
        assert app.poll() is None  # the app lives on
        assert "the window process ended while e2e-quick played" in app_log(home)
        prompt = desktop.find_window("^Break time", 40)  # the next break comes as usual
        assert _parent(desktop.window_pid(prompt)) == app.pid
    finally:
        stop(app, signal.SIGTERM)
    assert app.returncode == 0


def test_a_yes_to_tingling_stops_the_routine_in_the_window_process(desktop: Desktop, home: Path):
    """On a real desktop, keyboard only: a routine of three minutes asks the check-in; Alt+Y
    answers the red-flag question; the routine stops there, the page says when to see
    someone, the app logs the answer, and Esc closes it, ending the window process."""
    (home / "config" / "settings.toml").write_text('[schedule]\nstretch_every = "1h"\n')
    app = launch(desktop, home)
    try:
        wait_for(lambda: desktop.tray_icon_embedded("backbreak"), 20, "the tray icon")
        started = subprocess.run(
            [sys.executable, "-m", "backbreak", "start", "neck-release"],
            env=desktop.env(BACKBREAK_HOME=str(home)),
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert started.stdout.strip() == "started Neck release", started.stderr
        checkin = desktop.find_window("^Neck release", 20)
        process = desktop.window_pid(checkin)
        assert _parent(process) == app.pid  # in the app's window process
        desktop.press(checkin, "alt+y")
        stopped = desktop.find_window("^Stopped: Neck release", 15)
        wait_for(
            lambda: (EventKind.RED_FLAG, "neck-release") in logged(home),
            15,
            "the red flag in the log",
            lambda: str(logged(home)) + app_log(home),
        )
        assert (EventKind.STARTED, "neck-release") not in logged(home)  # no step was shown
        desktop.press(stopped, "Escape")
        wait_for(lambda: not _alive(process), 15, "the window process to end")
        assert app.poll() is None
        assert cli_status(desktop, home).startswith("Next break in")
    finally:
        stop(app, signal.SIGTERM)
    assert app.returncode == 0


def cli_status(desktop: Desktop, home: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "backbreak", "status"],
        env=desktop.env(BACKBREAK_HOME=str(home)),
        capture_output=True,
        text=True,
        timeout=30,
    )
    return done.stdout
