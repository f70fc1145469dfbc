"""Can Qt open a window here? Asked before Qt is loaded: where it cannot, Qt aborts the
process with a core dump instead of an error a user can act on."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping

from backbreak.core.i18n import _


def display_problem(
    environ: Mapping[str, str],
    platform: str = sys.platform,
    find_library: Callable[[str], str | None] | None = None,
) -> str | None:
    """Why Qt could not open a window here, said before Qt aborts the process with a core dump.

    On Linux Qt needs a display, and its xcb platform needs libxcb-cursor0 (not on every
    fresh system). Returns None when starting looks fine.
    """
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        return _(
            "backbreak needs a graphical desktop, and none was found (DISPLAY and "
            "WAYLAND_DISPLAY are not set). Start it from your desktop session. Without one, "
            "`backbreak routines list` and `backbreak history` still work."
        )
    if environ.get("WAYLAND_DISPLAY"):
        return None  # Qt uses its Wayland platform, which does not need xcb-cursor
    if find_library is None:
        find_library = _loadable
    if find_library("xcb-cursor") is None:
        return _(
            "Qt needs the library libxcb-cursor0 to open windows on X11, and it is not "
            "installed. Install it (on Debian or Ubuntu: sudo apt-get install "
            "libxcb-cursor0) and start backbreak again."
        )
    return None


def _loadable(name: str) -> str | None:
    """The library's soname if the dynamic linker loads it (Qt is about to load it anyway).

    ctypes.util.find_library would run ldconfig in a subprocess: 15 ms of every start.
    """
    import ctypes

    soname = f"lib{name}.so.0"
    try:
        ctypes.CDLL(soname)
    except OSError:
        return None
    return soname
