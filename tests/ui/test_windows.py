"""Settings dialog, history window, message boxes, working hours in the tray, and
single-instance messaging, through the real shell on a simulated clock."""

import contextlib
from datetime import timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox

from backbreak.core.events import EventKind
from backbreak.core.settings import STRETCH_EVERY, WORKING_DAYS, validate
from backbreak.platform.ipc import Reply, Request
from backbreak.storage.settings_file import load_settings
from backbreak.ui import commands
from tests.helpers.desk import BERLIN

MIN = timedelta(minutes=1)


def tick(player, clock, seconds: float = 0) -> None:
    clock.advance(seconds)
    player.findChild(QTimer, "sessionTimer").timeout.emit()


def message_boxes() -> list[QMessageBox]:
    """The message boxes on screen now, as a user sees them."""
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_settings_dialog_validates_live_and_apply_replans(qtbot, desk, clock):
    desk.start()
    desk.shell.windows.show_settings()
    dialog = desk.shell.windows.settings_dialog
    editor = dialog.editor(STRETCH_EVERY)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert isinstance(editor, QLineEdit) and editor.text() == "50m"
    editor.setText("fifty")
    assert not ok.isEnabled()
    editor.setText("20m")
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert desk.shell.reminders.next_wake() == clock.now() + 20 * MIN
    assert desk.waker.planned == clock.now() + 20 * MIN
    assert desk.shell.status_text().startswith("Next break in 20 min")
    saved = load_settings(desk.paths.settings_file, clock.now())
    assert saved.settings[STRETCH_EVERY] == 20 * MIN


def test_history_window_shows_todays_breaks(qtbot, desk, clock):
    desk.start()
    desk.shell.start_routine_by_id("neck-release")
    tick(desk.shell.player, clock, 60)
    assert desk.shell.player.page == "finish"
    desk.shell.windows.show_history()
    window = desk.shell.windows.history
    assert window.isVisible()
    assert window.summary.text() == "Today: 1 break done, 1 min in breaks"
    assert window.table.rowCount() == 2
    assert window.table.item(0, 1).text().startswith("Completed · Neck release")
    assert desk.rows() == [EventKind.STARTED, EventKind.COMPLETED]


def test_cli_requests_reach_the_app_and_get_an_answer(qtbot, desk, tmp_path):
    import threading

    from backbreak.platform.ipc import request
    from backbreak.platform.ipc.qt import InstanceServer, server_name

    desk.start()
    server = InstanceServer(
        server_name(str(tmp_path)), handler=lambda r: commands.handle(desk.shell, r)
    )
    assert server.listen()

    def ask(command: str, **args: str) -> Reply | None:
        replies: list[Reply | None] = []
        thread = threading.Thread(
            target=lambda: replies.append(request(str(tmp_path), command, args))
        )
        thread.start()
        qtbot.waitUntil(lambda: bool(replies), timeout=5000)
        thread.join()
        return replies[0]

    assert ask("status").text.startswith("Next break in 50 min")
    assert ask("pause", length="45m").text.startswith("Reminders paused until")
    refused = ask("pause", length="soon")
    assert refused is not None and not refused.ok and '"soon"' in refused.text
    assert ask("pause", length="off").text.startswith("Next break in")
    assert ask("start", routine="nope").text.startswith('no routine "nope"')
    assert ask("start", routine="neck-release") == Reply.done("started Neck release")
    assert desk.shell.player.isVisible()
    assert ask("dance").text.startswith("unknown request")
    server.close()
    assert request(str(tmp_path), "status", timeout=1) is None


def test_show_request_opens_the_status_window(qtbot, desk):
    desk.start()
    desk.shell.status_window.hide()
    assert commands.handle(desk.shell, Request("show")) == Reply.done("ok")
    assert desk.shell.status_window.isVisible()


def test_the_first_start_welcomes_with_the_safety_words(qtbot, desk):
    desk.start()
    # What app.py does on the first start (no settings file yet), without a tray here.
    desk.shell.windows.show_welcome("in its own small window", desk.shell.state.rules.interval)
    [box] = message_boxes()
    assert "runs in its own small window" in box.text()
    assert "not medical advice" in box.text() and "50 min" in box.text()
    box.close()


def test_when_to_see_a_professional_is_reachable_from_the_menu_and_every_routine(qtbot, desk):
    from backbreak.content.safety import RED_FLAGS

    labels = [a.text() for a in desk.shell.menu.actions()]
    assert "When to see a professional" in labels
    desk.shell.start_routine_by_id("neck-release")
    qtbot.mouseClick(desk.shell.player.safety_button, Qt.MouseButton.LeftButton)
    [box] = message_boxes()
    assert box.windowTitle().startswith("When to see a professional")
    for flag in RED_FLAGS:
        assert flag in box.text()
    assert desk.shell.player.playing  # reading it does not end the routine
    box.close()


def test_outside_working_hours_the_tray_says_when_the_next_break_comes(qtbot, make_desk, clock):
    clock.advance(timedelta(days=4, hours=1))  # Saturday 28 November, 10:00
    desk = make_desk(**{"working_hours.enabled": True}).start()
    assert desk.shell.status_text().startswith("Outside working hours · next break")
    assert desk.shell.reminders.next_wake().astimezone(BERLIN).weekday() == 0  # Monday
    desk.run_for(timedelta(days=1))  # all Sunday: nothing comes
    assert desk.notifier.sent == [] and desk.rows() == []


def test_pause_until_tomorrow_waits_for_tomorrows_working_hours(qtbot, make_desk, clock):
    wednesday, problems = validate({"working_hours": {"wed": ["10:00-16:00"]}})
    assert problems == []
    clock.advance(timedelta(hours=5))  # Tuesday 24 November, 14:00
    desk = make_desk(
        **{"working_hours.enabled": True, "working_hours.wed": wednesday[WORKING_DAYS["wed"]]}
    ).start()
    desk.shell.menu.pause_menu.actions()[3].trigger()  # "Until tomorrow"
    until = desk.shell.state.pause.until.astimezone(BERLIN)
    assert (until.weekday(), until.hour, until.minute) == (2, 10, 0)
    assert desk.shell.status_text() == "Reminders paused until tomorrow 10:00"


def test_the_player_remembers_its_size(qtbot, desk):
    desk.shell.start_routine_by_id("neck-release")
    player = desk.shell.player
    player.resize(700, 650)
    player.stop()
    assert (desk.paths.cache_dir / "player-size").read_text().split() == ["700", "650"]
    desk.shell.start_routine_by_id("upper-back-reset")
    assert (player.width(), player.height()) == (700, 650)
    player.stop()


def test_logind_resume_is_heard_on_the_system_bus(qtbot, monkeypatch, tmp_path):
    import shutil
    import subprocess

    import pytest

    if shutil.which("dbus-daemon") is None or shutil.which("dbus-send") is None:
        pytest.skip("needs dbus-daemon and dbus-send (apt-get install dbus)")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        address = daemon.stdout.readline().strip()
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", address)
        from backbreak.platform.sleep.qt import SleepWatcher

        watcher = SleepWatcher()
        assert watcher.availability().available
        with qtbot.waitSignal(watcher.resumed, timeout=5000):
            subprocess.run(
                [
                    "dbus-send",
                    f"--bus={address}",
                    "--type=signal",
                    "/org/freedesktop/login1",
                    "org.freedesktop.login1.Manager.PrepareForSleep",
                    "boolean:false",
                ],
                check=True,
                timeout=10,
            )
        watcher.close()
    finally:
        daemon.terminate()
        daemon.communicate(timeout=10)


def test_a_system_bus_that_goes_away_ends_the_watch_without_spinning(qtbot, monkeypatch):
    """The socket then reads as closed forever: the watcher must stop watching it, or the
    event loop would wake for it without end."""
    import shutil
    import subprocess

    import pytest

    if shutil.which("dbus-daemon") is None:
        pytest.skip("needs dbus-daemon (apt-get install dbus)")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    address = daemon.stdout.readline().strip()
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", address)
    from backbreak.platform.sleep.qt import SleepWatcher

    watcher = SleepWatcher()
    assert watcher.availability().available
    daemon.terminate()
    daemon.communicate(timeout=10)
    qtbot.waitUntil(lambda: not watcher.availability().available, timeout=5000)
    assert watcher.availability().reason == "the system bus connection was lost"


def test_sleep_watching_elsewhere_says_why_not(qtbot, monkeypatch):
    from backbreak.platform.sleep import qt as sleep_watch

    monkeypatch.setattr(sleep_watch.sys, "platform", "win32")
    assert sleep_watch.SleepWatcher().availability().reason == "logind is a Linux service"


def test_the_app_socket_is_private_and_replaces_a_crashed_instances(qtbot, desk, tmp_path):
    """Only this user may talk to the app; a socket file left by a crash does not stop the
    next start from listening, and a flood of bytes from elsewhere is cut off."""
    import socket
    import stat
    import threading
    from pathlib import Path

    from backbreak.platform.ipc import request
    from backbreak.platform.ipc.qt import InstanceServer, server_name

    desk.start()
    name = server_name(str(tmp_path))
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(name)  # bound and never listening: what a killed instance leaves behind
    stale.close()
    server = InstanceServer(name, handler=lambda r: commands.handle(desk.shell, r))
    assert server.listen()
    try:
        assert stat.S_IMODE(Path(name).stat().st_mode) == 0o600
        replies: list[str | None] = []
        thread = threading.Thread(target=lambda: replies.append(request(str(tmp_path), "status")))
        thread.start()
        qtbot.waitUntil(lambda: bool(replies), timeout=5000)
        thread.join()
        assert replies[0] and replies[0].text.startswith("Next break")

        flood = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        flood.connect(name)
        flood.setblocking(False)
        sent = 0
        with contextlib.suppress(BlockingIOError, BrokenPipeError, ConnectionResetError):
            while sent < 1_000_000:
                sent += flood.send(b"x" * 65536)
                qtbot.wait(5)
        qtbot.waitUntil(lambda: server.clients == 0, timeout=5000)
        flood.close()
    finally:
        server.close()
    assert not Path(name).exists()


def test_about_keeps_the_desktop_diagnostics_behind_show_details(qtbot, desk):
    """A user reads what backbreak is and where its files are; "plyer: not here, because
    dbus-python is missing" is for whoever debugs it, one click away."""
    windows = desk.shell.windows
    windows.diagnostics = [("Notifications", "plyer: not here, because dbus-python is missing")]
    windows.show_about()
    about = windows.open_boxes[-1]
    assert "Posture and stretch breaks" in about.text() and "plyer" not in about.text()
    assert "Notifications: plyer: not here" in about.detailedText()
    assert any("Details" in b.text() for b in about.buttons())
