"""Small shared pieces for backbreak's windows: scaled fonts, illustrations."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImageReader,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QLabel, QWidget

from backbreak.core.i18n import _
from backbreak.core.model import Phase
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


def photo(path: Path, size: QSize, ratio: float) -> QPixmap:
    """A PNG or JPEG scaled into `size`, read at most at that size (a phone photo of a
    handout is 12 megapixels); empty when it cannot be read."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # a photo taken upright shows upright
    pixels = size * ratio
    found = reader.size()
    if found.isValid():
        reader.setScaledSize(found.scaled(pixels, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return QPixmap()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


class Illustration(QLabel):
    """Shows a step's picture at a fixed logical size (blank when there is none): an SVG
    from assets/, or a user routine's own SVG, PNG or JPEG."""

    def __init__(self, side: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._side = side
        self.setFixedSize(side, side)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._current: tuple[str | None, bool] | None = None
        self._description = ""

    def set_side(self, side: int) -> None:
        """Another size (a short screen): the picture is drawn again, sharp at it."""
        if side == self._side:
            return
        self._side = side
        self.setFixedSize(side, side)
        current, self._current = self._current, None
        if current is not None:
            self.show_image(current[0], self._description, current[1])

    def show_image(self, relative: str | None, description: str, mirrored: bool = False) -> None:
        """`mirrored` flips the picture, so a right-side step does not show the left side."""
        self._description = description
        self.setAccessibleName(_("Illustration: {description}").format(description=description))
        key = (relative, mirrored)
        if key == self._current:
            return
        self._current = key
        # A user routine's own picture arrives as the absolute path the loader checked.
        path = (
            (Path(relative) if Path(relative).is_absolute() else asset(relative))
            if relative
            else None
        )
        if path is None or not path.is_file():
            self.clear()
            return
        size, ratio = QSize(self._side, self._side), self.devicePixelRatioF()
        pixmap = (
            render_svg(path, size, ratio) if path.suffix == ".svg" else photo(path, size, ratio)
        )
        if mirrored:
            ratio = pixmap.devicePixelRatio()
            pixmap = QPixmap.fromImage(pixmap.toImage().flipped(Qt.Orientation.Horizontal))
            pixmap.setDevicePixelRatio(ratio)
        self.setPixmap(pixmap)


class CountdownRing(QWidget):
    """Time left in a step: a ring that empties, with the seconds in the middle."""

    def __init__(self, side: int = 132, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fraction = 0.0
        self._text = ""
        self.setFixedSize(side, side)
        self.setFont(scaled_font(self, 2.2, bold=True))

    def text(self) -> str:
        return self._text

    def set_state(self, fraction_left: float, text: str) -> None:
        fraction_left = min(1.0, max(0.0, fraction_left))
        if abs(fraction_left - self._fraction) < 0.002 and text == self._text:
            return
        self._fraction, self._text = fraction_left, text
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        width = max(6.0, self.width() / 14)
        rect = QRectF(self.rect()).adjusted(width, width, -width, -width)
        track = QColor(palette.color(QPalette.ColorRole.WindowText))
        track.setAlphaF(0.15)
        painter.setPen(QPen(track, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawEllipse(rect)
        if self._fraction > 0:
            accent = palette.color(QPalette.ColorRole.Highlight)
            painter.setPen(QPen(accent, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawArc(rect, 90 * 16, int(-360 * 16 * self._fraction))
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._text)
        painter.end()


class BreathingPacer(QWidget):
    """A circle that grows on the in-breath, holds, and shrinks on the out-breath.

    It only paints; the player sets the phase and how far into it we are. With reduce
    motion on it draws a calm bar that fills instead of a moving shape.
    """

    def __init__(self, side: int = 220, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(side, side)
        self._size = 0.3  # 0..1 of the largest circle
        self._fraction = 0.0
        self.reduce_motion = False

    @staticmethod
    def size_for(phase: Phase, fraction: float) -> float:
        """How big the circle is `fraction` of the way through a phase."""
        small, big = 0.3, 1.0
        if phase is Phase.BREATHE_IN:
            return small + (big - small) * fraction
        if phase is Phase.BREATHE_OUT:
            return big - (big - small) * fraction
        return big if phase is Phase.HOLD_IN else small  # a hold keeps the size it had

    def set_phase(self, phase: Phase, fraction: float) -> None:
        self._fraction = min(1.0, max(0.0, fraction))
        self._size = self.size_for(phase, self._fraction)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        if self.reduce_motion:
            bar = QRectF(10, self.height() / 2 - 8, self.width() - 20, 16)
            track = QColor(accent)
            track.setAlphaF(0.2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(track)
            painter.drawRoundedRect(bar, 8, 8)
            painter.setBrush(accent)
            painter.drawRoundedRect(
                QRectF(bar.x(), bar.y(), bar.width() * self._fraction, bar.height()), 8, 8
            )
        else:
            radius = self.width() / 2 * self._size
            centre = QRectF(self.rect()).center()
            glow = QColor(accent)
            glow.setAlphaF(0.25)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(glow)
            painter.drawEllipse(centre, radius, radius)
            painter.setBrush(accent)
            painter.drawEllipse(centre, radius * 0.82, radius * 0.82)
        painter.end()
