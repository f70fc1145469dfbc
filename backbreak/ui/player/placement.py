"""Where the player opens and how big: the size the user left it, on the screen they use."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget


def open_centred(window: QWidget, size_file: Path | None) -> None:
    """Resize to the remembered size and centre on the screen under the pointer (the one
    the user is looking at)."""
    window.adjustSize()
    size = saved_size(size_file)
    if size is not None:
        window.resize(size.expandedTo(window.minimumSize()))
    screen: QScreen | None = (  # None when no screen is attached (it happens)
        QGuiApplication.screenAt(QCursor.pos())
        or window.screen()
        or QGuiApplication.primaryScreen()
    )
    if screen is None:
        return
    frame = window.frameGeometry()
    frame.moveCenter(screen.availableGeometry().center())
    window.move(frame.topLeft())


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
