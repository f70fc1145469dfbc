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


ACCENTS = str.maketrans("aeiouAEIOU", "áéîõüÁÉÎÕÜ")


def pseudo(text: str) -> str:
    """The pseudo-locale: accented and 40 % longer, as a long translation would be (German
    runs about 30 % longer than English); rich text keeps its tags."""
    if not any(ch.isalpha() for ch in text):
        return text  # numbers ("0" to "10" on the check-in) are not translated
    said = text if "<" in text else text.translate(ACCENTS)
    extra = -(-len(text) * 2 // 5)  # 40 %, rounded up
    if extra <= 1:
        return said + "ŵ"
    # In words of up to eight letters, as a language's words are: a paragraph 40 % longer
    # wraps, it does not become one unbreakable word of hundreds of letters.
    padding = "ŵ" * (extra - 1)
    return said + " " + " ".join(padding[i : i + 8] for i in range(0, len(padding), 8))


def lengthen_every_text() -> None:
    """Every label, button and tick box says its words 40 % longer, from the start: set
    before any window is made, so layouts size themselves to the long words."""
    from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel, QPushButton

    for cls in (QLabel, QAbstractButton, QPushButton, QCheckBox):
        set_text, init = cls.setText, cls.__init__

        def longer_set(self, text, _set=set_text):  # type: ignore[no-untyped-def]
            _set(self, pseudo(text))

        def longer_init(self, *args, _init=init, **kwargs):  # type: ignore[no-untyped-def]
            if args and isinstance(args[0], str):
                args = (pseudo(args[0]), *args[1:])
            _init(self, *args, **kwargs)

        cls.setText = longer_set  # type: ignore[method-assign]
        cls.__init__ = longer_init  # type: ignore[method-assign]


def words_width(button: object) -> int:
    """What a button's words need: the text, its padding, a tick box's box (not the style's
    minimum width for buttons, which a "0" on the check-in does not need)."""
    from PySide6.QtWidgets import QCheckBox, QPushButton

    if isinstance(button, QCheckBox):
        return int(button.sizeHint().width())
    assert isinstance(button, QPushButton)
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return int(button.fontMetrics().horizontalAdvance(text)) + 12


def clipped(window: object) -> list[str]:
    """Text that does not fit the room its widget has: a button or a line narrower than its
    words, a wrapped label shorter than its lines."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

    assert isinstance(window, QWidget)
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.width() <= 1:
            continue
        if isinstance(widget, QLabel) and widget.text().strip() and widget.pixmap().isNull():
            if widget.wordWrap():
                need = widget.heightForWidth(widget.width())
                if need > widget.height() + 1:
                    found.append(f"label {widget.text()[:30]!r}: {need} > {widget.height()} high")
            elif widget.sizeHint().width() > widget.width() + 1:
                found.append(
                    f"label {widget.text()[:30]!r}: {widget.sizeHint().width()} > "
                    f"{widget.width()} wide"
                )
        elif (
            isinstance(widget, QAbstractButton)
            and widget.text().strip()
            and words_width(widget) > widget.width() + 1
        ):
            found.append(
                f"button {widget.text()[:30]!r}: {words_width(widget)} > {widget.width()} wide"
            )
    return found


def mnemonic_clashes(window: object) -> list[str]:
    """Letters that two visible buttons of the window both take as their Alt key: the second
    never gets pressed (a translation that lost the care the English took)."""
    import re as re_

    from PySide6.QtWidgets import QAbstractButton, QWidget

    assert isinstance(window, QWidget)
    seen: dict[str, str] = {}
    clashes = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window):
            continue
        found = re_.search(r"&(?!&)(\w)", button.text())
        if found is None:
            continue
        key = found.group(1).casefold()
        if key in seen:
            clashes.append(f"{key}: {seen[key]!r} and {button.text()!r}")
        seen[key] = button.text()
    return clashes


def main() -> None:
    if "--long" in sys.argv:
        lengthen_every_text()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

    app = QApplication(["backbreak"])
    if "--lang" in sys.argv:  # the windows in a shipped language (its catalog and Qt's)
        from backbreak.ui.language import speak

        speak(app, sys.argv[sys.argv.index("--lang") + 1], {})
    if "--rtl" in sys.argv:  # a right-to-left language's layout: everything mirrored
        from PySide6.QtCore import Qt

        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    from backbreak.content.loader import load_library
    from backbreak.core.i18n import current_language
    from backbreak.core.settings import CHECKIN, THEME, Settings
    from backbreak.storage.paths import assets_dir, shipped_routines_dir
    from tests.helpers.desk import Desk
    from tests.helpers.fakes import FakeClock

    area = app.primaryScreen().availableGeometry()
    library = load_library(shipped_routines_dir(), None, assets_dir(), language=current_language())
    theme = "dark" if "--dark" in sys.argv else "light"
    settings = Settings().replace({CHECKIN: False, THEME: theme})
    desk = Desk(FakeClock(), library, settings, tray_available=True)
    desk.start()
    found: dict[str, object] = {"area": [area.width(), area.height()], "windows": []}

    def record(name: str, window: QWidget) -> None:
        for _ in range(3):
            app.processEvents()
        shots = os.environ.get("SCALE_PROBE_SHOTS")  # a folder: look at what was measured
        if shots:
            window.grab().save(str(Path(shots) / f"{name.replace(':', '-')}.png"))
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
                "clipped": clipped(window),
                "clashes": mnemonic_clashes(window),
                "rtl": window.layoutDirection().name == "RightToLeft",
                "dark": window.palette().window().color().lightness() < 128,
                "layout_min": [
                    window.layout().minimumSize().width(),
                    window.layout().minimumSize().height(),
                ]
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
    shell.start_routine_by_id("heat-therapy")
    record("player:safety page", player)  # heat starts with its checklist
    player.stop()
    shell.store.update({CHECKIN: True}, shell.clock.now())
    shell.start_routine_by_id("neck-release")
    record("player:check-in", player)
    player.checkin_skip.click()
    shell.clock.advance(15 * 60)
    player.findChild(QTimer, "sessionTimer").timeout.emit()
    record("player:finish page", player)
    player.close()
    shell.start_routine_by_id("neck-release")
    player.checkin_page.red_flag_button.click()
    record("player:red flag", player)  # a yes to tingling or numbness stops it there
    player.close()
    shell.show_main_window()  # nothing waits or plays: the status window comes
    record("status window", shell.status_window)
    windows = shell.windows
    windows.show_history()
    record("history", windows.history)
    windows.show_settings()
    record("settings", windows.settings_dialog)
    windows.show_care()
    record("care note", windows.care)
    print(json.dumps(found))
    desk.close()


if __name__ == "__main__":
    main()
