"""Composition root: clock, paths, stores, adapters, policy, then the UI.

Everything the app needs is built here once and passed in; nothing below reads the
environment or the clock on its own.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from backbreak.core.i18n import _
from backbreak.platform.display import display_problem
from backbreak.storage.log_file import LogFile
from backbreak.storage.paths import AppPaths

if TYPE_CHECKING:
    from backbreak.platform.ipc import Reply, Request
    from backbreak.ui.shell import Shell
    from backbreak.ui.window_process import WindowProcess

log = logging.getLogger("backbreak")

READY_MESSAGE = "backbreak is ready"  # not translated: for the log (tests wait for it)


def setup_logging(paths: AppPaths) -> OSError | None:
    """A rotating log file in the log folder; returns why when it cannot be written (told
    once the language is chosen)."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING if not os.environ.get("BACKBREAK_DEBUG") else logging.DEBUG)
    console.setFormatter(logging.Formatter("backbreak: %(message)s"))
    root.addHandler(console)
    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True)
        handler = LogFile(paths.log_file)
    except OSError as exc:
        return exc
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return None


def run() -> int:
    """Start the tray app. Returns the process exit status."""
    from backbreak.core import i18n

    # What is said before the settings are read is said in the system's language.
    i18n.apply("system", os.environ)
    problem = display_problem(os.environ)
    if problem:
        print(f"backbreak: {problem}", file=sys.stderr)
        return 1
    paths = AppPaths.from_environment()
    from backbreak.platform.ipc import request

    # Before Qt is even loaded: a second launch only asks the running one to show itself.
    if request(str(paths.data_dir), "show", timeout=2) is not None:
        print(_("backbreak is already running; it has been asked to show itself."))
        return 0
    # Folders first, so the log folder, too, is created user-only.
    folder_problem: OSError | None = None
    try:
        paths.ensure()
    except OSError as exc:
        folder_problem = exc
    log_problem = setup_logging(paths)
    _import_before_qt()

    from PySide6.QtWidgets import QApplication, QSystemTrayIcon

    from backbreak.ui.import_hook import spare_module_sources

    spare_module_sources()
    from backbreak import APP_ID, APP_NAME
    from backbreak.platform.ipc.qt import InstanceServer, server_name

    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(APP_NAME)
    # Wayland and the notification daemon match windows to io.github.backbreak.backbreak.desktop.
    QApplication.setDesktopFileName(APP_ID)
    QApplication.setQuitOnLastWindowClosed(False)
    app = QApplication([APP_NAME])  # argv[0] names the X11 WM_CLASS instance

    server = InstanceServer(server_name(str(paths.data_dir)))
    server.listen()

    from backbreak.core.clock import SystemClock
    from backbreak.core.settings import TRAY_ICON, WAIT_IN_CALLS
    from backbreak.services.profile import read_routines_and_log, read_settings

    clock = SystemClock()
    now = clock.now()
    from backbreak.core.settings import LANGUAGE
    from backbreak.ui.language import speak

    # In the file's language from the first word: its own problems included.
    loaded, more = read_settings(paths, now, lambda chosen: speak(app, chosen, dict(os.environ)))
    notices: list[str] = []
    if log_problem is not None:
        notices.append(
            _("The log file {path} cannot be written ({reason}).").format(
                path=paths.log_file, reason=log_problem.strerror or log_problem
            )
        )
    if folder_problem is not None:
        notices.append(
            _("The data folders could not be created ({reason}).").format(
                reason=folder_problem.strerror or folder_problem
            )
        )
    notices += more

    # The icon first: the user sees the app in the tray at once, while routines, the log
    # and the adapters load (its menu is attached when the shell is made).
    tray_available = QSystemTrayIcon.isSystemTrayAvailable()
    early_icon: QSystemTrayIcon | None = None
    from backbreak.ui.icons import use_cache

    use_cache(paths.cache_dir)  # icons as PNGs rendered once: no SVG renderer at idle
    if tray_available:
        from backbreak.ui.icons import tray_icon

        early_icon = QSystemTrayIcon(tray_icon("active", loaded.settings[TRAY_ICON]))
        early_icon.setToolTip(_("{name} is starting…").format(name=APP_NAME))
        early_icon.show()
        app.processEvents()  # send the dock request to the tray host now

    from backbreak.platform import busy, idle, notify, zone
    from backbreak.platform.busy.calls import call_sources
    from backbreak.platform.dbus import tray_kind
    from backbreak.platform.memory import give_back
    from backbreak.platform.notify.qt import PopupNotifier, TrayMessageNotifier
    from backbreak.storage.settings_store import SettingsStore
    from backbreak.ui.icons import app_icon, notification_icon_file, prepare_tray_icons
    from backbreak.ui.shell import Shell
    from backbreak.ui.waker import SchedulerWaker

    library, opened, more = read_routines_and_log(paths, now)
    notices += more

    app.setWindowIcon(app_icon())
    if not tray_available:
        log.warning("no system tray found: showing the status window instead")
    notifier = notify.NotifierChain(notify.for_this_system())
    idle_monitor = idle.IdleMonitor(idle.for_this_system())
    store = SettingsStore(paths.settings_file, loaded.settings)
    calls = call_sources(lambda: bool(store.current[WAIT_IN_CALLS]))
    busy_monitor = busy.BusyMonitor([*busy.for_this_system(), *calls])
    log.info("idle detection: %s", idle_monitor.availability())
    from backbreak.platform.idle.qt import back_watch_for

    back_watch = back_watch_for(idle_monitor)  # opens nothing until a break waits for you
    app.aboutToQuit.connect(back_watch.close)
    local_zone = zone.for_this_system()
    shell = Shell(
        clock,
        paths,
        store,
        library,
        opened.log,
        notifier,
        SchedulerWaker(clock),
        local_zone,
        tray_available,
        icon_file=notification_icon_file(paths.cache_dir),
        idle_monitor=idle_monitor,
        busy_monitor=busy_monitor,
        tray_icon=early_icon,
        give_back=give_back,
        back_watch=back_watch,
    )
    shell.window_process = _window_process(shell)
    notifier.add(TrayMessageNotifier(shell.tray.icon if shell.tray else None))
    notifier.add(PopupNotifier())
    server.handler = lambda request: _answer(shell, request)
    from backbreak.platform.sleep.qt import SleepWatcher

    sleep_watcher = SleepWatcher(shell)
    sleep_watcher.resumed.connect(shell.waker.check_clock)
    app.aboutToQuit.connect(server.close)
    app.aboutToQuit.connect(sleep_watcher.close)
    _quit_on_signals(lambda: shell.quit(ask=False))

    shell.start()
    if shell.tray is not None:  # a first start renders the day's icons now, not at its break
        prepare_tray_icons(shell.tray.style)
    # After start(): the tray icon is only visible from then on, and the tray balloon's
    # availability depends on it (asked earlier, About said "no tray icon" with one).
    shell.diagnostics[:] = [
        (_("Notifications"), "; ".join(f"{name}: {a}" for name, a in notifier.report())),
        (_("Idle time"), str(idle_monitor.availability())),
        (_("Back at the desk"), back_watch.describe()),
        (_("Do not disturb"), str(busy_monitor.availability())),
        (_("Calls"), "; ".join(f"{source.name}: {source.availability()}" for source in calls)),
        (
            _("Sleep and resume"),
            _("{availability}; a clock check every minute catches the rest").format(
                availability=sleep_watcher.availability()
            ),
        ),
        (_("System tray"), tray_kind(tray_available)),
        (_("Time zone"), str(local_zone.availability())),
        (_("Sound"), _sound()),
        (_("Language"), _language(loaded.settings[LANGUAGE])),
    ]
    for name, status in shell.diagnostics:
        log.info("%s: %s", name, status)
    if loaded.first_run:
        where = _("in your system tray") if shell.tray is not None else _("in its own small window")
        shell.windows.show_welcome(where, shell.state.rules.interval)
    for notice in notices:
        shell.windows.tell_user(notice)
    log.info(READY_MESSAGE)
    return app.exec()


def _language(setting: str) -> str:
    """About's line: what is spoken, and why ("the system's", or the setting's)."""
    from backbreak.core.i18n import LANGUAGES, current_language

    spoken = LANGUAGES[current_language()]
    asked = os.environ.get("LANG") or _("nothing")
    said = (
        _("{language} (as the system prefers; the system asks for {system})")
        if setting == "system"
        else _("{language} (set in the settings; the system asks for {system})")
    )
    return said.format(language=spoken, system=asked)


def run_window(name: str, from_app: bool) -> int:
    """`backbreak open history|settings`: the window process (ui/window_host.py)."""
    from backbreak.ui.window_host import run_window as run

    return run(name, from_app)


def _window_process(shell: Shell) -> WindowProcess:
    """History and Settings in a process of their own (ui/window_process.py)."""
    from backbreak.ui.window_process import WindowProcess

    def settings_changed() -> None:  # the settings dialog wrote the file
        for notice in shell.store.reload(shell.clock.now()):
            log.warning("%s", notice)

    return WindowProcess(shell.open_window_here, settings_changed, busy=_busy_cursor)


def _busy_cursor(on: bool) -> None:
    """Over backbreak's own windows, while a window process starts (half a second), when
    one of them asked (the status or About window). Asked from the tray menu, the pointer
    is over the desktop, not over a window of ours: Qt's namespace of enums, which naming
    the cursor's shape loads for the rest of the day (1 MiB), stays unloaded."""
    from PySide6.QtGui import QCursor, QGuiApplication
    from PySide6.QtWidgets import QApplication

    if on and QGuiApplication.overrideCursor() is None:
        if QApplication.activeWindow() is None:
            return
        from PySide6.QtCore import Qt

        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))
    elif not on and QGuiApplication.overrideCursor() is not None:
        QGuiApplication.restoreOverrideCursor()


def _answer(shell: Shell, request: Request) -> Reply:
    """A request from another process, answered by the command table (imported on the first
    request: most tray sessions never get one)."""
    from backbreak.ui.commands import handle

    return handle(shell, request)


def _sound() -> str:
    """How the chime plays here (Qt Multimedia is looked for, not loaded)."""
    import importlib.util

    from backbreak.platform import sound

    return sound.describe(importlib.util.find_spec("PySide6.QtMultimedia") is not None)


def _import_before_qt() -> None:
    """Import the Qt-free libraries the app needs before PySide6 itself.

    Once PySide6 is imported, its import hook reads the source of every module imported
    after it (to look for `from __feature__ import`). APScheduler alone brings ~150 modules
    (asyncio, email, importlib.metadata): imported first, they cost less time and their text
    never sits in memory. backbreak's own modules are few and mostly load after the tray
    icon shows, so they stay where they are needed.
    """
    import sqlite3  # noqa: F401
    import tomllib  # noqa: F401
    import zoneinfo  # noqa: F401

    import apscheduler.jobstores.base
    import apscheduler.schedulers.background
    import apscheduler.triggers.date  # noqa: F401

    if sys.platform.startswith("linux"):
        import jeepney.io.blocking  # noqa: F401

    # What the tray icon needs before it shows: the settings (its style) and the clock.
    import backbreak.core.clock
    import backbreak.core.settings
    import backbreak.services.profile
    import backbreak.storage.settings_file  # noqa: F401


def _quit_on_signals(quit_app: Callable[[], None]) -> None:
    """Ctrl+C and SIGTERM quit cleanly, without a polling timer that wakes the CPU.

    Python runs signal handlers only between bytecodes, and Qt's loop may sleep for hours:
    the C-level handler writes to a socket that Qt watches, which wakes the loop.
    """
    from PySide6.QtCore import QSocketNotifier, QTimer

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    try:
        signal.set_wakeup_fd(writer.fileno())
    except ValueError:  # not the main thread
        return
    watcher = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)
    watcher.activated.connect(lambda *_args: reader.recv(64))
    _keep_alive.extend([reader, writer, watcher])
    # Queued, so a signal that lands before the event loop starts still quits once it runs.
    signal.signal(signal.SIGINT, lambda *_args: QTimer.singleShot(0, quit_app))
    signal.signal(signal.SIGTERM, lambda *_args: QTimer.singleShot(0, quit_app))


_keep_alive: list[object] = []
