"""Icons from the SVGs in assets/, rendered crisply at any size.

Once the app has told where its cache is (`use_cache`), each size is rendered once into a
PNG there and Qt loads a size only when it draws it: a session that finds the PNGs never
loads the SVG renderer, and keeps no pixmap of a size no one shows.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSize
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
    # Only when there is something to render. Without Qt's namespace (`Qt.GlobalColor`,
    # `Qt.AspectRatioMode`): importing it builds 1 MiB of enums, which a tray app that
    # renders its "due" icon once would then carry all day.
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(path))
    width = round(size.width() * device_pixel_ratio)
    height = round(size.height() * device_pixel_ratio)
    image = QImage(QSize(width, height), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)  # transparent: 0 is no colour and no alpha in a premultiplied ARGB pixel
    if renderer.isValid():
        view_width, view_height = fit_size(renderer.defaultSize(), width, height)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(
            painter,
            QRectF((width - view_width) / 2, (height - view_height) / 2, view_width, view_height),
        )
        painter.end()
    else:
        log.warning("could not render %s", path)
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


def fit_size(natural: QSize, width: int, height: int) -> tuple[int, int]:
    """`natural` scaled to fit width x height, keeping its aspect ratio, in whole pixels as
    `QSize.scaled(..., Qt.KeepAspectRatio)` would give it."""
    if natural.width() <= 0 or natural.height() <= 0:
        return width, height
    fitted_width = height * natural.width() // natural.height()
    if fitted_width <= width:
        return fitted_width, height
    return width, width * natural.height() // natural.width()


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
    # Imported here: a start that finds its PNGs never needs them (their bindings: 50 KiB).
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

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
    return svg_icon(_tray_file(state, style))


def _tray_file(state: str, style: str) -> str:
    relative = TRAY_ICONS.get(state, TRAY_ICONS["active"])
    if style in ("light", "dark"):
        relative = relative.replace(".svg", f"-{style}.svg")
    return relative


def prepare_tray_icons(style: str) -> None:
    """Render now whatever PNG a tray state still lacks in the cache (a first start, an
    update with new icons), so the day's "due" and "paused" icons are read from files: the
    SVG renderer, once loaded for them, would stay in the tray app until it quits. With
    every PNG there (most starts), a look at each file and nothing made."""
    if _cache:
        for state in TRAY_ICONS:
            relative = _tray_file(state, style)
            path = asset(relative)
            if path.is_file():
                for side in SIZES:
                    _cached_png(path, relative, side)


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
