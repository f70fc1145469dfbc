"""Every window fits a 1366×768 laptop with a panel: it opens no larger than the screen
shows, and its pages need no more room than that."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from backbreak.content.loader import load_library
from backbreak.storage.paths import assets_dir, shipped_routines_dir
from backbreak.ui.placement import FRAME, fitted, screen_area
from backbreak.ui.player import RoutinePlayer

LAPTOP = QSize(1366, 768 - 32)  # a bottom panel of 32 px


def test_a_window_asks_for_no_more_than_the_screen_shows_and_no_less_than_its_minimum():
    assert fitted(QSize(820, 860), QSize(400, 300), LAPTOP) == QSize(820, 736 - FRAME.height())
    assert fitted(QSize(560, 720), QSize(530, 600), QSize(800, 600)) == QSize(560, 600)
    assert fitted(QSize(500, 400), QSize(300, 200), LAPTOP) == QSize(500, 400)


def test_the_player_fits_a_laptop_for_every_shipped_routine(qtbot, clock):
    """The player's minimum, and what every routine's pages need (the longest text, the
    safety checklist, a breathing pacer), leave room for a title bar on 1366×768."""
    room = LAPTOP - FRAME
    player = RoutinePlayer(clock)
    qtbot.addWidget(player)
    assert player.minimumWidth() <= room.width() and player.minimumHeight() <= room.height()
    library = load_library(shipped_routines_dir(), None, assets_dir())
    for routine in library:
        player.play(routine)
        needed = player.minimumSizeHint().expandedTo(player.layout().minimumSize())
        assert needed.height() <= room.height(), (routine.id, needed)
        assert needed.width() <= room.width(), (routine.id, needed)
        player.stop()


@pytest.mark.parametrize("which", ["history", "settings", "care"])
def test_the_history_and_settings_windows_open_inside_the_screen(qtbot, desk, which):
    windows = desk.shell.windows
    if which == "history":
        windows.show_history()
        window = windows.history
    elif which == "care":
        windows.show_care()
        window = windows.care
    else:
        windows.show_settings()
        window = windows.settings_dialog
    area = screen_area(window)
    assert window is not None and area is not None
    assert window.width() + FRAME.width() <= area.width()
    assert window.height() + FRAME.height() <= area.height()
