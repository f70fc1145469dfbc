"""Full-screen breaks: a calm cover over every screen, the break itself in the middle.

The prompt or the player stays the one window that answers; the covers only dim each
screen and say where the break is, so there is a single place where Skip, Stop and the
emergency exit live. A screen added or removed while a break shows gets (or loses) its cover.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QMouseEvent, QScreen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from backbreak.core.i18n import _
from backbreak.ui.widgets import scaled_font

if TYPE_CHECKING:
    from backbreak.ui.player import RoutinePlayer
    from backbreak.ui.prompt import BreakPrompt

COVER_STYLE = "QWidget#breakCover { background: #14202a; } QLabel { color: #e8f1f4; }"
"""Dark in both themes: a dimmed screen, with light text well above 4.5:1 (about 14:1)."""


class Cover(QWidget):
    """One screen's cover. Keys and clicks on it bring the break's window forward."""

    def __init__(self, screen: QScreen, main: bool, forward: Callable[[], None]) -> None:
        flags = (
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        super().__init__(None, flags)
        self.setObjectName("breakCover")
        self.setStyleSheet(COVER_STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setWindowTitle(_("Break cover"))
        self._forward = forward
        heading = QLabel(_("Time for a break"))
        heading.setFont(scaled_font(self, 2.0, bold=True))
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        words = (
            _("Your neck and back will thank you.")
            if main
            else _("Your break is on the main screen.")
        )
        line = QLabel(words)
        line.setFont(scaled_font(self, 1.2))
        line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 60, 40, 40)
        layout.addWidget(heading)
        layout.addWidget(line)
        layout.addStretch(1)
        self.place_on(screen)

    def place_on(self, screen: QScreen) -> None:
        self.setScreen(screen)
        self.setGeometry(screen.geometry())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self._forward()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        self._forward()  # keys never close a cover: the break's window answers
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        event.ignore()  # the app takes covers down when the break ends


class BreakCovers:
    """The covers of one full-screen break, one per screen."""

    def __init__(self, forward: Callable[[], None]) -> None:
        self._forward = forward
        self._covers: dict[QScreen, Cover] = {}
        self.shown = False
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(lambda _screen: self._sync())
            app.screenRemoved.connect(lambda _screen: self._sync())

    def covers(self) -> list[Cover]:
        return list(self._covers.values())

    def show(self) -> None:
        if not self.shown:
            self.shown = True
            self._sync()

    def hide(self) -> None:
        if self.shown:
            self.shown = False
            self._sync()

    def _sync(self) -> None:
        screens = QGuiApplication.screens() if self.shown else []
        main = QGuiApplication.primaryScreen()
        for screen in [s for s in self._covers if s not in screens]:
            cover = self._covers.pop(screen)
            cover.hide()
            cover.deleteLater()
        for screen in screens:
            if screen not in self._covers:
                self._covers[screen] = Cover(screen, screen is main, self._forward)
            self._covers[screen].place_on(screen)
            self._covers[screen].show()


def follow_break(
    covers: BreakCovers | None,
    prompt: BreakPrompt | None,
    player: RoutinePlayer | None,
    forward: Callable[[], None],
) -> BreakCovers | None:
    """Cover every screen while a full-screen break asks or plays, and only then; the
    break's window goes above the covers when they come. Returns the covers (made on
    first use: most users never turn full-screen breaks on)."""
    asking = prompt is not None and prompt.asking and prompt.isVisible()
    playing = (
        player is not None
        and player.mode.full_screen
        and (player.playing or player.preparing)
        and player.isVisible()
    )
    wanted = (asking and prompt is not None and prompt.mode.full_screen) or playing
    if not wanted:
        if covers is not None:
            covers.hide()
        return covers
    covers = covers or BreakCovers(forward)
    if not covers.shown:
        covers.show()
        for window in (prompt, player):
            if window is not None and window.isVisible():
                window.raise_()  # above its cover, without taking the keyboard
    return covers
