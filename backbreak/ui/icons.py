"""Icons from the SVGs in assets/, rendered crisply at any size.

Once the app has told where its cache is (`use_cache`), each size is rendered once into a
PNG there and Qt loads a size only when it draws it: a session that finds the PNGs never
loads the SVG renderer, and keeps no pixmap of a size no one shows.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QIcon, QPixmap

from backbreak.fs.atomic import write_atomic
from backbreak.storage.paths import asset

log = logging.getLogger(__name__)
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
_cache: list[Path] = []
"""Where rendered PNGs go (empty: render into memory, as tests do)."""

APP_ICON = "icons/backbreak.svg"  # not translated: a file name
TRAY_ICONS = {  # not translated: file names
    "active": "icons/tray.svg",
    "paused": "icons/tray-paused.svg",
    "due": "icons/tray-due.svg",
}


def render_svg(path: Path, size: QSize, device_pixel_ratio: float = 1.0) -> QPixmap:
    """Render an SVG to a pixmap of `size` (logical pixels), keeping its aspect ratio."""
    # Only when there is something to render (Qt's namespace alone is 1 MiB of enums).
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(path))
    pixels = QSize(
        round(size.width() * device_pixel_ratio), round(size.height() * device_pixel_ratio)
    )
    image = QImage(pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    if renderer.isValid():
        view = renderer.defaultSize().scaled(pixels, Qt.AspectRatioMode.KeepAspectRatio)
        left = (pixels.width() - view.width()) / 2
        top = (pixels.height() - view.height()) / 2
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(left, top, view.width(), view.height()))
        painter.end()
    else:
        log.warning("could not render %s", path)
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


def use_cache(folder: Path) -> None:
    """Keep rendered icon sizes as PNGs in `folder` (the app's cache folder)."""
    _cache[:] = [folder / "icons"]


def svg_icon(relative: str) -> QIcon:
    """A QIcon with every size, so it does not depend on Qt's SVG icon plugin."""
    path = asset(relative)
    icon = QIcon()
    if not path.is_file():
        log.warning("icon %s is missing", path)
        return icon
    for side in SIZES:
        size = QSize(side, side)
        png = _cached_png(path, relative, side)
        if png is not None:
            icon.addFile(str(png), size)  # with its size given, read when first drawn
        else:
            icon.addPixmap(render_svg(path, size))
    return icon


def _cached_png(source: Path, relative: str, side: int) -> Path | None:
    """The PNG of one size in the cache, rendered now if missing or older than the SVG;
    None without a cache or when it cannot be written (then the icon is drawn in memory)."""
    if not _cache:
        return None
    name = relative.removesuffix(".svg").replace("/", "-")
    target = _cache[0] / f"{name}-{side}.png"
    try:
        if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
            return target
        data = _png(render_svg(source, QSize(side, side)))
        if data is None:
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    except OSError:
        return None
    return target


def _png(pixmap: QPixmap) -> bytes | None:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not pixmap.save(buffer, "PNG"):
        return None
    return bytes(data.data())


def app_icon() -> QIcon:
    return svg_icon(APP_ICON)


def tray_icon(state: str, style: str = "colour") -> QIcon:
    """The tray icon for a state ("active", "paused", "due") in a style ("colour", or the
    plain "light" and "dark" variants for dark and light panels)."""
    relative = TRAY_ICONS.get(state, TRAY_ICONS["active"])
    if style in ("light", "dark"):
        relative = relative.replace(".svg", f"-{style}.svg")
    return svg_icon(relative)


def notification_icon_file(cache_dir: Path) -> str:
    """A PNG of the app icon for notification daemons (not all of them read SVG).

    Written atomically: a PNG cut short by a full disk would look current and be sent
    with every notification from then on.
    """
    target = cache_dir / "backbreak-128.png"
    source = asset(APP_ICON)
    try:
        if not target.is_file() or target.stat().st_mtime < source.stat().st_mtime:
            data = _png(render_svg(source, QSize(128, 128)))
            if data is None:
                return str(source)
            write_atomic(target, data)
    except OSError:
        return str(source) if source.is_file() else ""
    return str(target)
