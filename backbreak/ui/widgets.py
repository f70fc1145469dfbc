"""Small shared pieces for backbreak's windows: scaled fonts, illustrations."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from backbreak.storage.paths import asset
from backbreak.ui.icons import render_svg


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    """The system font, bigger or smaller: windows scale with the user's font setting."""
    font = QFont(widget.font())
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * factor)
    else:
        font.setPixelSize(round(font.pixelSize() * factor))
    font.setBold(bold)
    return font


class Illustration(QLabel):
    """Shows an SVG from assets/ at a fixed logical size (blank when there is none)."""

    def __init__(self, side: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._side = side
        self.setFixedSize(side, side)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._current: tuple[str | None, bool] | None = None

    def show_image(self, relative: str | None, description: str, mirrored: bool = False) -> None:
        """`mirrored` flips the picture, so a right-side step does not show the left side."""
        self.setAccessibleName(f"Illustration: {description}")
        key = (relative, mirrored)
        if key == self._current:
            return
        self._current = key
        path = asset(relative) if relative else None
        if path is None or not path.is_file():
            self.clear()
            return
        pixmap = render_svg(path, QSize(self._side, self._side), self.devicePixelRatioF())
        if mirrored:
            ratio = pixmap.devicePixelRatio()
            pixmap = QPixmap.fromImage(pixmap.toImage().flipped(Qt.Orientation.Horizontal))
            pixmap.setDevicePixelRatio(ratio)
        self.setPixmap(pixmap)
