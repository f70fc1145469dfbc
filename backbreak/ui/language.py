"""Qt's own words (a standard button's "OK" and "Cancel", a text field's menu) in the
language backbreak speaks (core.i18n); English needs nothing loaded."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from backbreak.core import i18n

_installed: list[QTranslator] = []


def speak(app: QCoreApplication, setting: str, environ: dict[str, str]) -> str:
    """backbreak's catalogs and Qt's in the chosen language; returns the language spoken."""
    language = i18n.apply(setting, environ)
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language != "en":
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{language}", folder):
            app.installTranslator(translator)
            _installed.append(translator)
    return language
