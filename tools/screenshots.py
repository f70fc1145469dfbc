"""Screenshots for the README, taken from the real windows.

Run under an X server (Xvfb) so fonts and styles are what users see:
    Xvfb :99 & DISPLAY=:99 QT_QPA_PLATFORM=xcb python tools/screenshots.py [--dark] [--lang de]
`--rtl` lays every window out right to left; `--long` makes every text 40 % longer and
accented (the pseudo-locale the tests use): name-long-rtl.png shows both.
Uses a throwaway profile and a fixed clock, so the pictures do not change from run to run.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backbreak.platform import Availability

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


class FixedClock:
    def __init__(self) -> None:
        self.t = datetime(2026, 11, 24, 10, 12, tzinfo=timezone(timedelta(hours=1)))

    def now(self) -> datetime:
        return self.t

    def monotonic(self) -> float:
        return self.t.timestamp()


class HeldScheduler:
    """APScheduler's surface that the waker uses, never firing: on a fixed clock in the
    past the real one would run every planned wake-up at once. The script wakes the app."""

    running = False

    def start(self) -> None:
        self.running = True

    def shutdown(self, wait: bool = True) -> None:
        self.running = False

    def get_job(self, job_id: str) -> object | None:
        return None

    def remove_job(self, job_id: str) -> None:
        pass

    def add_job(self, func: object, trigger: object, **kwargs: object) -> None:
        pass


class Quiet:
    """A notifier that shows nothing: the pictures are of the windows."""

    name = "quiet"

    def availability(self) -> Availability:
        from backbreak.platform import Availability

        return Availability.yes()

    def notify(self, notice: object) -> None:
        pass


def main() -> None:
    # A fixed folder, emptied first: About shows the profile's paths, and a random name
    # made about.png differ on every run.
    home = Path(tempfile.gettempdir()) / "backbreak-shots"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir()
    os.environ["BACKBREAK_HOME"] = str(home)
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from backbreak.content.loader import load_library
    from backbreak.core.settings import CHECKIN, STRETCH_ROUTINES, THEME, Settings
    from backbreak.core.strictness import FULL_SCREEN, STRICTNESS
    from backbreak.platform.notify import NotifierChain
    from backbreak.platform.zone import LocalZone
    from backbreak.storage.db import open_log
    from backbreak.storage.paths import AppPaths, assets_dir, shipped_routines_dir
    from backbreak.storage.settings_store import SettingsStore
    from backbreak.ui.icons import app_icon
    from backbreak.ui.shell import Shell
    from backbreak.ui.theme import apply_theme
    from backbreak.ui.waker import SchedulerWaker

    if "--long" in sys.argv:  # the pseudo-locale: every text accented and 40 % longer
        from tests.helpers.scale_probe import lengthen_every_text

        lengthen_every_text()
    app = QApplication(["backbreak"])
    if "--rtl" in sys.argv:  # a right-to-left language's layout, as Qt mirrors it
        from PySide6.QtCore import Qt

        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    app.setApplicationDisplayName("backbreak")
    app.setWindowIcon(app_icon())
    dark = "--dark" in sys.argv
    apply_theme(app, "dark" if dark else "light")
    # `--lang de`: the windows in German, saved as name-de.png (name-de-dark.png).
    from backbreak.ui.language import speak

    lang = sys.argv[sys.argv.index("--lang") + 1] if "--lang" in sys.argv else "en"
    speak(app, lang, {})
    suffix = (
        ("" if lang == "en" else f"-{lang}")
        + ("-long" if "--long" in sys.argv else "")
        + ("-rtl" if "--rtl" in sys.argv else "")
        + ("-dark" if dark else "")
    )
    paths = AppPaths.from_environment()
    paths.ensure()
    clock = FixedClock()
    library = load_library(shipped_routines_dir(), None, assets_dir(), language=lang)
    log = open_log(paths.database, clock.now()).log
    assert log is not None
    # Four months of believable history, so the history window has something to show.
    from tools.demo_history import demo_history

    log.record_many(demo_history(clock.now(), 120))
    # The prompt's routine; the check-in (on by default) is shown on its own, further down,
    # so the player and finish shots show the routine itself.
    settings = Settings().replace(
        {STRETCH_ROUTINES: ("neck-release",), CHECKIN: False, THEME: "dark" if dark else "light"}
    )  # the theme in the settings too: the shell applies the settings' theme to its windows
    # ... and in the file: a change below is made on top of what the file says.
    from backbreak.storage.settings_file import save_settings

    save_settings(paths.settings_file, settings)
    # The real shell, as app.py builds it, without a tray and with nobody to notify.
    shell = Shell(
        clock,
        paths,
        SettingsStore(paths.settings_file, settings),
        library,
        log,
        NotifierChain([Quiet()]),  # type: ignore[list-item]
        SchedulerWaker(clock, scheduler=HeldScheduler),  # type: ignore[arg-type]
        LocalZone(clock.t.tzinfo, "fixed", True),  # type: ignore[arg-type]
        False,
    )
    OUT.mkdir(parents=True, exist_ok=True)
    player = shell.player
    timer = player.findChild(QTimer, "sessionTimer")

    def tick(seconds: float) -> None:
        """Time passes in the routine, as the player's timer would see it."""
        clock.t += timedelta(seconds=seconds)
        timer.timeout.emit()

    def save(widget: QWidget, name: str) -> None:
        widget.show()
        for _ in range(5):
            app.processEvents()
        widget.grab().save(str(OUT / f"{name}{suffix}.png"))
        print(f"wrote {name}{suffix}.png")

    shell.start()
    save(shell.status_window, "status")
    shell.status_window.hide()
    clock.t += shell.state.rules.interval  # the first break comes due
    shell.waker.beat()
    assert shell.prompt.isVisible(), "no reminder came"
    save(shell.prompt, "prompt")
    shell.prompt.start_button.click()  # neck release, the one routine the rotation holds
    tick(20 + 25 + 25 + 9)  # into the right side of "Side tilt"
    save(player, "player")
    tick(5 * 60)
    save(player, "finished")
    player.close()
    shell.store.update({CHECKIN: True}, clock.now())
    shell.start_routine_by_id("upper-back-reset")
    save(player, "checkin")
    player.checkin_page.red_flag_button.click()  # yes to tingling or numbness: it stops
    save(player, "red-flag-stop")
    player.close()
    shell.store.update({CHECKIN: False}, clock.now())
    shell.start_routine_by_id("box-breathing")
    tick(12)  # into the first in-breath
    save(player, "breathing")
    player.stop()
    shell.start_routine_by_id("contrast-therapy")
    save(player, "safety")  # heat and cold start with their safety checklist
    player.safety_page.start_button.click()
    tick(3 * 60)  # three minutes into the first heat phase
    save(player, "thermal")
    player.stop()
    shell.start_routine_by_id("desk-setup-check")
    player.checks[0].setChecked(True)
    save(player, "checklist")
    player.stop()
    windows = shell.windows
    windows.show_history()
    assert windows.history is not None
    save(windows.history, "history")  # at the size it opens with on a 1366×768 screen
    windows.history.hide()
    windows.show_settings()
    assert windows.settings_dialog is not None
    save(windows.settings_dialog, "settings")
    windows.settings_dialog.hide()
    # Three tense weeks (and the red flag above): the note with what it would say then.
    from backbreak.core.events import EventKind, LogEntry

    for back in range(21):
        for _ in range(3):
            at = clock.now() - timedelta(days=back)
            log.record(LogEntry(EventKind.COMPLETED, at, "neck-release", checkin_before=8))
    windows.show_care()
    assert windows.care is not None
    save(windows.care, "care-note")
    windows.care.hide()
    # The message boxes: the first start's welcome, About with its details, the safety page.
    from PySide6.QtWidgets import QMessageBox

    def save_boxes(name: str) -> None:
        for _ in range(5):
            app.processEvents()
        boxes = [w for w in app.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        save(boxes[-1], name)
        for box in boxes:
            box.close()

    windows.show_welcome("in the system tray (top right)", shell.state.rules.interval)
    save_boxes("welcome")
    windows.diagnostics = [("Notifications", "freedesktop: available (D-Bus session bus)")]
    windows.show_about()
    save_boxes("about")
    windows.show_safety()
    save_boxes("professional")
    shell.menu.refresh()
    shell.menu.popup(QPoint(900, 30))
    save(shell.menu, "tray-menu")
    shell.menu.hide()
    # A strict full-screen break: the whole screen, as the user sees it.
    shell.store.update({FULL_SCREEN: True, STRICTNESS: "strict"}, clock.now())
    clock.t += shell.state.rules.interval + timedelta(minutes=5)
    shell.waker.beat()
    assert shell.prompt.isVisible(), "no full-screen reminder came"
    for _ in range(10):
        app.processEvents()
    screen = app.primaryScreen()
    screen.grabWindow(0).save(str(OUT / f"full-screen{suffix}.png"))
    print(f"wrote full-screen{suffix}.png")
    shell.waker.stop()


if __name__ == "__main__":
    main()
