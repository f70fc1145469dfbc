"""Run in a child process with a 1366×768 offscreen screen and a QT_SCALE_FACTOR: opens every
window and prints, as JSON, what a test needs to tell whether each fits and shows all of
its content (scale factors only take effect before the QApplication exists, so each scale
needs its own process)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ["BACKBREAK_HOME"] = tempfile.mkdtemp(prefix="backbreak-scale-")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> None:
    from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

    app = QApplication(["backbreak"])
    from backbreak.content.loader import load_library
    from backbreak.core.settings import CHECKIN, Settings
    from backbreak.storage.paths import assets_dir, shipped_routines_dir
    from tests.helpers.desk import Desk
    from tests.helpers.fakes import FakeClock

    area = app.primaryScreen().availableGeometry()
    library = load_library(shipped_routines_dir(), None, assets_dir())
    desk = Desk(FakeClock(), library, Settings().replace({CHECKIN: False}), tray_available=True)
    desk.start()
    found: dict[str, object] = {"area": [area.width(), area.height()], "windows": []}

    def record(name: str, window: QWidget) -> None:
        for _ in range(3):
            app.processEvents()
        scroll = window.findChild(QScrollArea, "pageScroll")
        inner = scroll.widget() if scroll is not None else None
        found["windows"].append(  # type: ignore[union-attr]
            {
                "name": name,
                "size": [window.width(), window.height()],
                "content": None
                if inner is None
                else [inner.height(), inner.minimumSizeHint().height()],
                "scrolls": scroll is not None and scroll.verticalScrollBar().isVisible(),
                "layout_min": [window.layout().minimumSize().width(),
                               window.layout().minimumSize().height()]
                if scroll is None and window.layout() is not None
                else None,
            }
        )

    shell = desk.shell
    desk.run_for(shell.state.rules.interval)
    record("prompt", shell.prompt)
    player = shell.player
    for routine in library:
        shell.start_routine_by_id(routine.id)
        if player.preparing and player.page.value == "safety":
            player.safety_page.start_button.click()
        record(f"player:{routine.id}", player)
        player.stop()
    windows = shell.windows
    windows.show_history()
    record("history", windows.history)
    windows.show_settings()
    record("settings", windows.settings_dialog)
    print(json.dumps(found))
    desk.close()


if __name__ == "__main__":
    main()
