"""PySide6's import hook, made cheaper: both backbreak processes (the tray app and the
window process) call it as soon as PySide6 is imported."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path


def spare_module_sources() -> None:
    """Keep PySide6's import hook from caching the source of every module imported after it.

    The hook asks each new module whether its source mentions PySide6 (for `from __feature__
    import`), through `inspect.getsource`, which keeps every file's lines in `linecache`
    for the life of the process: about 4 MiB of backbreak's resident memory. The same
    question is answered here by reading the file once, without keeping it. Where the hook
    is not there (another PySide6 version), nothing changes.
    """
    feature = sys.modules.get("shibokensupport.feature")  # not translated: a module name
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return

    def uses_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return False
        try:
            return b"PySide6" in Path(path).read_bytes()
        except OSError:
            return False

    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 (a private hook)
    # What the hook kept before this (PySide6's own modules, the caller's): freed now, at
    # start-up, the memory serves what loads next instead of staying a cache of text.
    linecache.clearcache()
