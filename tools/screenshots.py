"""Screenshots for the README, taken from the real windows.

Run under an X server (Xvfb) so fonts and styles are what users see:
    Xvfb :99 & DISPLAY=:99 QT_QPA_PLATFORM=xcb python tools/screenshots.py
Uses a throwaway profile and a fixed clock, so the pictures do not change from run to run.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

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


def main() -> None:
    os.environ["BACKBREAK_HOME"] = tempfile.mkdtemp(prefix="backbreak-shots-")
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication, QWidget

    from backbreak.adapters.notify import NotifierChain
    from backbreak.content.loader import load_library
    from backbreak.core.session import Event
    from backbreak.core.settings import Settings
    from backbreak.storage.db import open_log
    from backbreak.storage.paths import AppPaths, assets_dir, shipped_routines_dir
    from backbreak.ui.controller import Controller
    from backbreak.ui.icons import app_icon
    from backbreak.ui.theme import apply_theme

    app = QApplication(["backbreak"])
    app.setApplicationDisplayName("backbreak")
    app.setWindowIcon(app_icon())
    dark = "--dark" in sys.argv
    apply_theme(app, "dark" if dark else "light")
    suffix = "-dark" if dark else ""
    paths = AppPaths.from_environment()
    paths.ensure()
    clock = FixedClock()
    library = load_library(shipped_routines_dir(), None, assets_dir())
    log = open_log(paths.database, clock.now()).log
    assert log is not None
    # Four months of believable history, so the history window has something to show.
    from tools.demo_history import demo_history

    log.record_many(demo_history(clock.now(), 120))
    ctl = Controller(clock, paths, Settings(), library, log, NotifierChain([]), False)
    OUT.mkdir(parents=True, exist_ok=True)

    def save(widget: QWidget, name: str) -> None:
        widget.show()
        for _ in range(5):
            app.processEvents()
        widget.grab().save(str(OUT / f"{name}{suffix}.png"))
        print(f"wrote {name}{suffix}.png")

    ctl.start()
    save(ctl.status_window, "status")
    ctl.status_window.hide()
    routine = library.get("neck-release")
    assert routine is not None
    ctl.prompt.show_for(routine, 5, 3)
    save(ctl.prompt, "prompt")
    ctl.prompt.hide()
    ctl.start_routine(library.get("upper-back-reset"))  # type: ignore[arg-type]
    ctl.player.play(routine)
    clock.t += timedelta(seconds=20 + 25 + 25 + 9)  # into the right side of "Side tilt"
    ctl.player._send(Event.TICK)
    save(ctl.player, "player")
    clock.t += timedelta(minutes=5)
    ctl.player._send(Event.TICK)
    save(ctl.player, "finished")
    ctl.player.hide()
    ctl.player.checkin_enabled = True
    ctl.player.play(library.get("upper-back-reset"))  # type: ignore[arg-type]
    save(ctl.player, "checkin")
    ctl.player.hide()
    ctl.player.checkin_enabled = False
    breathing = library.get("box-breathing")
    assert breathing is not None
    ctl.player.play(breathing)
    clock.t += timedelta(seconds=12)  # into the first in-breath
    ctl.player._send(Event.TICK)
    save(ctl.player, "breathing")
    ctl.player.stop()
    thermal = library.get("contrast-therapy")
    assert thermal is not None
    ctl.player.play(thermal)
    save(ctl.player, "safety")  # heat and cold start with their safety checklist
    ctl.player.safety_page.start_button.click()
    clock.t += timedelta(minutes=3)  # three minutes into the first heat phase
    ctl.player._send(Event.TICK)
    save(ctl.player, "thermal")
    ctl.player.stop()
    checklist = library.get("desk-setup-check")
    assert checklist is not None
    ctl.player.play(checklist)
    ctl.player.checks[0].setChecked(True)
    save(ctl.player, "checklist")
    ctl.player.hide()
    ctl.show_history()
    ctl._history.resize(860, 1020)
    save(ctl._history, "history")
    ctl._history.hide()
    ctl.show_settings()
    save(ctl._settings_dialog, "settings")
    ctl._settings_dialog.hide()
    ctl.menu.refresh()
    ctl.menu.popup(QPoint(900, 30))
    save(ctl.menu, "tray-menu")
    ctl.menu.hide()
    ctl.driver.stop()


if __name__ == "__main__":
    main()
