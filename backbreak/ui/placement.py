"""Where a window opens and how big: the size the user left it (or the one it asks for),
never more than the screen they use can show: a 1366×768 laptop with a panel included."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

FRAME = QSize(16, 48)
"""Room for the title bar and borders a window manager adds (unknown until shown)."""


def fitted(wanted: QSize, minimum: QSize, area: QSize) -> QSize:
    """The size to open at: `wanted`, shrunk to what `area` (the screen less its panels)
    shows with a frame around it, but never below the window's `minimum`."""
    room = QSize(area.width() - FRAME.width(), area.height() - FRAME.height())
    return wanted.boundedTo(room).expandedTo(minimum)


def screen_area(window: QWidget) -> QRect | None:
    """The usable part of the screen under the pointer (the one the user is looking at)."""
    screen: QScreen | None = (  # None when no screen is attached (it happens)
        QGuiApplication.screenAt(QCursor.pos())
        or window.screen()
        or QGuiApplication.primaryScreen()
    )
    return None if screen is None else screen.availableGeometry()


def open_fitted(window: QWidget, wanted: QSize) -> None:
    """Size the window to `wanted` as far as the screen allows, and centre it there."""
    area = screen_area(window)
    if area is None:
        window.resize(wanted)
        return
    window.resize(fitted(wanted, window.minimumSize(), area.size()))
    frame = window.frameGeometry()
    frame.moveCenter(area.center())
    window.move(frame.topLeft())


def open_centred(window: QWidget, size_file: Path | None, default: QSize) -> None:
    """Open at the remembered size (else `default`), fitted to the screen, centred."""
    open_fitted(window, saved_size(size_file) or default)


def saved_size(size_file: Path | None) -> QSize | None:
    if size_file is None:
        return None
    try:
        width, height = (int(x) for x in size_file.read_text().split())
    except (OSError, ValueError):
        return None
    return QSize(width, height)


def remember_size(window: QWidget, size_file: Path | None) -> None:
    """Remembering the size is a nicety, never a reason to fail."""
    if size_file is None:
        return
    try:
        size_file.parent.mkdir(parents=True, exist_ok=True)
        size_file.write_text(f"{window.width()} {window.height()}\n")
    except OSError:
        pass
