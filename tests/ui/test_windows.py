"""Settings dialog, history window, the driver and single-instance messaging."""

import contextlib
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from backbreak.core.history import EventKind
from backbreak.core.settings import STRETCH_EVERY
from backbreak.storage.settings_file import load_settings


def test_settings_dialog_validates_live_and_apply_replans(qtbot, controller, clock):
    controller.start()
    controller.show_settings()
    dialog = controller._settings_dialog
    qtbot.addWidget(dialog)
    editor = dialog.editor(STRETCH_EVERY)
    assert isinstance(editor, QLineEdit) and editor.text() == "50m"
    editor.setText("fifty")
    ok = dialog.buttons.buttons()[0]
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    editor.setText("20m")
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert ok is not None
    assert controller.planner.wake_at() == clock.now() + timedelta(minutes=20)
    saved = load_settings(controller.paths.settings_file, clock.now())
    assert saved.settings[STRETCH_EVERY] == timedelta(minutes=20)


def test_history_window_shows_todays_breaks(qtbot, controller, clock):
    controller.start()
    controller.start_routine_by_id("neck-release")
    clock.advance(60)
    qtbot.waitUntil(lambda: controller.player.state.finished)
    controller.show_history()
    window = controller._history
    qtbot.addWidget(window)
    assert window.summary.text() == "Today: 1 break done, 1 min of stretching"
    assert window.table.rowCount() == 2
    assert window.table.item(0, 1).text().startswith("Completed · Neck release")
    assert [e.kind for e in controller.event_log.recent(2)] == [
        EventKind.COMPLETED,
        EventKind.STARTED,
    ]


def test_the_driver_wakes_the_app_at_the_planned_moment(qtbot):
    from backbreak.core.clock import SystemClock
    from backbreak.ui.driver import SchedulerDriver

    clock = SystemClock()
    driver = SchedulerDriver(clock)
    driver.start()
    try:
        with qtbot.waitSignal(driver.woke, timeout=5000):
            driver.wake_at(clock.now() + timedelta(milliseconds=300))
        driver.wake_at(None)
        with qtbot.assertNotEmitted(driver.woke, wait=600):
            pass
    finally:
        driver.stop()


def test_cli_requests_reach_the_app_and_get_an_answer(qtbot, controller, tmp_path):
    import threading

    from backbreak.adapters.ipc import request
    from backbreak.ui.single_instance import InstanceServer, server_name

    controller.start()
    server = InstanceServer(server_name(str(tmp_path)), handler=controller.handle_command)
    assert server.listen()

    def ask(line: str) -> str | None:
        replies: list[str | None] = []
        thread = threading.Thread(target=lambda: replies.append(request(str(tmp_path), line)))
        thread.start()
        qtbot.waitUntil(lambda: bool(replies), timeout=5000)
        thread.join()
        return replies[0]

    assert ask("status").startswith("Next break in 50 min")
    assert ask("pause 45m").startswith("Reminders paused until")
    assert ask("pause soon").startswith("error: ")
    assert ask("pause off").startswith("Next break in")
    assert ask("start nope").startswith('error: no routine "nope"')
    assert ask("start neck-release") == "started Neck release"
    assert ask("dance").startswith("error: unknown request")
    server.close()
    assert request(str(tmp_path), "status", timeout=1) is None


def test_show_request_opens_the_status_window(qtbot, controller):
    controller.start()
    controller.status_window.hide()
    assert controller.handle_command("show") == "ok"
    assert controller.status_window.isVisible()


def test_the_first_start_welcomes_with_the_safety_words(qtbot, controller):
    controller.start()
    controller.show_welcome()
    box = controller._welcome
    assert box.isVisible()
    assert "runs in its own small window" in box.text()
    assert "not medical advice" in box.text() and "50 min" in box.text()
    box.close()


def test_when_to_see_a_professional_is_reachable_from_the_menu_and_every_routine(qtbot, controller):
    from backbreak.content.safety import RED_FLAGS

    labels = [a.text() for a in controller.menu.actions()]
    assert "When to see a professional" in labels
    controller.start_routine_by_id("neck-release")
    qtbot.mouseClick(controller.player.safety_button, Qt.MouseButton.LeftButton)
    box = controller._safety_box
    assert box.isVisible()
    for flag in RED_FLAGS:
        assert flag in box.text()
    box.close()


def test_outside_working_hours_the_tray_says_when_the_next_break_comes(qtbot, clock, library):
    from datetime import datetime

    from backbreak.adapters.notify import NotifierChain
    from backbreak.core.settings import validate
    from backbreak.storage.paths import AppPaths
    from backbreak.ui.controller import Controller

    settings, problems = validate({"working_hours": {"enabled": True}})
    assert problems == []
    clock._now = datetime(2026, 11, 28, 10, 0, tzinfo=clock.now().tzinfo)  # a Saturday
    ctl = Controller(
        clock, AppPaths.from_environment(), settings, library, None, NotifierChain([]), False
    )
    assert ctl.status_text().startswith("Outside working hours · next break")
    assert ctl.planner.wake_at().weekday() == 0  # Monday
    ctl.driver.stop()


def test_the_scheduler_job_never_runs_app_code_off_the_gui_thread(qtbot):
    from PySide6.QtCore import QThread

    from backbreak.core.clock import SystemClock
    from backbreak.ui.driver import SchedulerDriver

    clock = SystemClock()
    driver = SchedulerDriver(clock)
    threads = []
    driver.woke.connect(lambda: threads.append(QThread.currentThread()))
    driver.start()
    try:
        with qtbot.waitSignal(driver.woke, timeout=5000):
            driver.wake_at(clock.now() + timedelta(milliseconds=200))
    finally:
        driver.stop()
    assert threads == [QThread.currentThread()]  # the test runs on the GUI thread


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
        from backbreak.ui.sleep_watch import SleepWatcher

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
    finally:
        daemon.terminate()
        daemon.communicate(timeout=10)


def test_sleep_watching_elsewhere_says_why_not(qtbot, monkeypatch):
    from backbreak.ui import sleep_watch

    monkeypatch.setattr(sleep_watch.sys, "platform", "win32")
    assert sleep_watch.SleepWatcher().availability().reason == "logind is a Linux service"


def test_pause_until_tomorrow_waits_for_tomorrows_working_hours(qtbot, clock, library):
    from datetime import datetime

    from backbreak.adapters.notify import NotifierChain
    from backbreak.core.settings import validate
    from backbreak.storage.paths import AppPaths
    from backbreak.ui.controller import Controller

    settings, _ = validate({"working_hours": {"enabled": True, "wed": ["10:00-16:00"]}})
    clock._now = datetime(2026, 11, 24, 14, 0).astimezone()  # a Tuesday afternoon
    ctl = Controller(
        clock, AppPaths.from_environment(), settings, library, None, NotifierChain([]), False
    )
    ctl.pause("tomorrow")
    until = ctl.planner.snapshot().paused_until
    assert (until.weekday(), until.hour, until.minute) == (2, 10, 0)
    ctl.driver.stop()


def test_the_player_remembers_its_size(qtbot, controller):
    controller.start_routine_by_id("neck-release")
    player = controller.player
    player.resize(700, 800)
    player.stop()
    assert (controller.paths.cache_dir / "player-size").read_text().split() == ["700", "800"]
    controller.start_routine_by_id("upper-back-reset")
    assert (player.width(), player.height()) == (700, 800)
    player.stop()


def test_the_app_socket_is_private_and_replaces_a_crashed_instances(qtbot, controller, tmp_path):
    """Only this user may talk to the app; a socket file left by a crash does not stop the
    next start from listening, and a flood of bytes from elsewhere is cut off."""
    import socket
    import stat
    import threading
    from pathlib import Path

    from backbreak.adapters.ipc import request
    from backbreak.ui.single_instance import InstanceServer, server_name

    name = server_name(str(tmp_path))
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(name)  # bound and never listening: what a killed instance leaves behind
    stale.close()
    server = InstanceServer(name, handler=controller.handle_command)
    assert server.listen()
    try:
        assert stat.S_IMODE(Path(name).stat().st_mode) == 0o600
        replies: list[str | None] = []
        thread = threading.Thread(target=lambda: replies.append(request(str(tmp_path), "status")))
        thread.start()
        qtbot.waitUntil(lambda: bool(replies), timeout=5000)
        thread.join()
        assert replies[0] and replies[0].startswith("Next break")

        flood = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        flood.connect(name)
        flood.setblocking(False)
        sent = 0
        with contextlib.suppress(BlockingIOError, BrokenPipeError, ConnectionResetError):
            while sent < 1_000_000:
                sent += flood.send(b"x" * 65536)
                qtbot.wait(5)
        qtbot.waitUntil(lambda: not server._clients, timeout=5000)
        flood.close()
    finally:
        server.close()
    assert not Path(name).exists()
