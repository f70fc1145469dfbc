"""Light and dark: follow the system colour scheme, or the user's choice in the settings."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from backbreak.storage.paths import asset

DARK = {
    QPalette.ColorRole.Window: "#23252b",
    QPalette.ColorRole.WindowText: "#e8e9ec",
    QPalette.ColorRole.Base: "#1b1c21",
    QPalette.ColorRole.AlternateBase: "#2a2c33",
    QPalette.ColorRole.ToolTipBase: "#2f3139",
    QPalette.ColorRole.ToolTipText: "#e8e9ec",
    QPalette.ColorRole.PlaceholderText: "#8b8f99",
    QPalette.ColorRole.Text: "#e8e9ec",
    QPalette.ColorRole.Button: "#30333b",
    QPalette.ColorRole.ButtonText: "#e8e9ec",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#2a9d8f",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#6cc4b8",
}
LIGHT_ACCENT = "#21867a"
TICK_BOXES = """
QCheckBox::indicator {{ width: 15px; height: 15px; border: 2px solid {edge};
    border-radius: 3px; background: palette(base); }}
QCheckBox::indicator:checked {{ background: palette(highlight); border-color: palette(highlight);
    image: url({tick}); }}
QCheckBox::indicator:disabled {{ border-color: palette(mid); }}
QCheckBox::indicator:focus {{ border-color: palette(highlight); }}
"""  # not translated: a style sheet
"""Fusion draws a tick box's edge darker than the window: on a dark window it vanishes.
An edge of at least 3:1 against the window in both themes (WCAG's rule for controls)."""
EDGES = {True: "#9a9ea8", False: "#6b6f78"}


_FUSION_SET: set[int] = set()
"""The applications whose style is Fusion already (a new QStyle repolishes everything)."""


def system_prefers_dark() -> bool:
    # Imported here: the Qt namespace builds all its ~100 enums at its first use (1 MiB of
    # Python objects for the rest of the day), and a light or dark choice never needs it.
    from PySide6.QtCore import Qt

    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, choice: str, sheet: bool = True) -> bool:
    """Apply "system", "light" or "dark". Returns True when the result is dark. `sheet`
    False: without the tick boxes' style sheet (a menu alone does not need it)."""
    dark = choice == "dark" or (choice == "system" and system_prefers_dark())
    # Each of these repolishes every widget there is: only what changes is set.
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None and id(app) not in _FUSION_SET:
        app.setStyle(fusion)
        _FUSION_SET.add(id(app))
    palette = fusion.standardPalette() if fusion is not None else QPalette()
    if dark:
        for role, colour in DARK.items():
            palette.setColor(role, QColor(colour))
        for role in (
            QPalette.ColorRole.WindowText,
            QPalette.ColorRole.Text,
            QPalette.ColorRole.ButtonText,
        ):
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#80838c"))
    else:
        palette.setColor(QPalette.ColorRole.Highlight, QColor(LIGHT_ACCENT))
        palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    if app.palette() != palette:
        app.setPalette(palette)
    tick = asset("icons/check-mark.svg").as_posix()  # not translated: a file name
    wanted = TICK_BOXES.format(edge=EDGES[dark], tick=tick) if sheet else ""
    if app.styleSheet() != wanted:
        app.setStyleSheet(wanted)
    return dark
