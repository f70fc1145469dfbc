"""PySide6's import hook must not keep the source of every module the app imports."""

import importlib
import linecache
import sys

import pytest
from PySide6 import QtWidgets  # noqa: F401 (the hook is installed with PySide6)

from backbreak.ui.import_hook import spare_module_sources

HOOK = "_mod_uses_pyside"  # PySide6's question: does this module's source name PySide6?


def _hook():
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(vars(feature).get(HOOK)):
        pytest.skip("this PySide6 has no such hook")
    return feature


def test_modules_imported_afterwards_leave_no_text_behind():
    feature = _hook()
    spare_module_sources()
    assert linecache.cache == {}  # what the hook had kept is freed at start-up
    sys.modules.pop("colorsys", None)
    module = importlib.import_module("colorsys")
    assert module.__file__ not in linecache.cache
    # The hook's question is still answered: does the module's source mention PySide6?
    uses_pyside = vars(feature)[HOOK]
    assert uses_pyside(sys.modules[__name__]) is True
    assert uses_pyside(module) is False
