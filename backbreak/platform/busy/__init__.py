"""Is now a bad moment? Do-not-disturb switched on, or a fullscreen window in front.

Each source answers `availability()`; `busy()` returns True/False, or None when it cannot
tell (treated as "not busy": a reminder is never lost to a broken sensor).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any, Protocol

from backbreak.core.i18n import _
from backbreak.platform import Availability
from backbreak.platform.dbus import BusError, get_property

log = logging.getLogger(__name__)
PLATFORM: str = sys.platform


class BusySource(Protocol):
    name: str

    def availability(self) -> Availability: ...

    def busy(self) -> bool | None: ...


class X11Fullscreen:
    """The active window (EWMH _NET_ACTIVE_WINDOW) is fullscreen: a talk, a call, a film."""

    name = "x11-fullscreen"

    def __init__(self, display: str | None = None) -> None:
        self._why_not = ""
        self._x: Any = None
        self._display: int | None = None
        if not PLATFORM.startswith("linux"):
            self._why_not = _("this is not an X11 desktop")
            return
        if not (display or os.environ.get("DISPLAY")):
            self._why_not = _("there is no X11 display (DISPLAY is not set)")
            return
        path = ctypes.util.find_library("X11")
        if not path:
            self._why_not = _("libX11 is missing")
            return
        x = ctypes.CDLL(path)
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XInternAtom.restype = ctypes.c_ulong
        x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x.XGetWindowProperty.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_long,
            ctypes.c_long,
            ctypes.c_int,
            ctypes.c_ulong,
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_void_p),
        ]
        x.XFree.argtypes = [ctypes.c_void_p]
        handle = x.XOpenDisplay(display.encode() if display else None)
        if not handle:
            self._why_not = _("the X11 display cannot be opened")
            return
        self._x, self._display = x, handle
        self._atoms = {
            name: x.XInternAtom(handle, name.encode(), 0)
            for name in ("_NET_ACTIVE_WINDOW", "_NET_WM_STATE", "_NET_WM_STATE_FULLSCREEN")
        }

    def availability(self) -> Availability:
        return (
            Availability.no(self._why_not)
            if self._why_not
            else Availability.yes(_("EWMH fullscreen state"))
        )

    def _property(self, window: int, atom: str) -> list[int]:
        x = self._x
        actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
        count, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = x.XGetWindowProperty(
            self._display,
            window,
            self._atoms[atom],
            0,
            64,
            0,
            0,
            ctypes.byref(actual_type),
            ctypes.byref(actual_format),
            ctypes.byref(count),
            ctypes.byref(after),
            ctypes.byref(data),
        )
        if status != 0 or not data.value:
            return []
        try:
            if actual_format.value != 32:
                return []
            values = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))
            return [int(values[i]) for i in range(count.value)]
        finally:
            x.XFree(data)

    def busy(self) -> bool | None:
        if self._display is None:
            return None
        root = self._x.XDefaultRootWindow(self._display)
        active = self._property(root, "_NET_ACTIVE_WINDOW")
        if not active or not active[0]:
            return False
        return self._atoms["_NET_WM_STATE_FULLSCREEN"] in self._property(active[0], "_NET_WM_STATE")


class DBusFlag:
    """A boolean D-Bus property: dunst's "paused", or the freedesktop "Inhibited" (KDE)."""

    def __init__(self, name: str, bus_name: str, path: str, interface: str, prop: str) -> None:
        self.name = name
        self._target = (bus_name, path, interface, prop)
        self._why_not = ""
        self._works: bool | None = None

    def availability(self) -> Availability:
        if not PLATFORM.startswith("linux"):
            return Availability.no(_("D-Bus notification settings are a Linux thing"))
        if self._works is None:
            self._works = self.busy() is not None
        return (
            Availability.yes("D-Bus")
            if self._works
            else Availability.no(
                self._why_not or _("{service} does not answer").format(service=self._target[0])
            )
        )

    def busy(self) -> bool | None:
        try:
            return bool(get_property(*self._target))
        except BusError as exc:
            self._why_not = str(exc)
            return None


class GnomeBanners:
    """GNOME's do-not-disturb: Settings → Notifications → Do Not Disturb switches the
    org.gnome.desktop.notifications show-banners key off. Read with `gsettings` (GLib's own
    reader, so dconf, keyfile and memory backends all work), only while a break is due."""

    name = "gnome-do-not-disturb"
    SCHEMA = "org.gnome.desktop.notifications"  # not translated: a GSettings schema

    def __init__(self, run: Callable[[list[str]], str | None] | None = None) -> None:
        self._run = run or _output

    def availability(self) -> Availability:
        if not PLATFORM.startswith("linux"):
            return Availability.no(_("GNOME settings are a Linux thing"))
        desktops = os.environ.get("XDG_CURRENT_DESKTOP", "").upper().split(":")
        if not any(d in ("GNOME", "UBUNTU", "UNITY", "POP") for d in desktops):
            return Availability.no(_("this is not a GNOME desktop (XDG_CURRENT_DESKTOP)"))
        if self.busy() is None:
            return Availability.no(
                _("gsettings cannot read {key}").format(key=f"{self.SCHEMA} show-banners")
            )
        return Availability.yes("gsettings show-banners")  # not translated: a command's words

    def busy(self) -> bool | None:
        said = self._run(["gsettings", "get", self.SCHEMA, "show-banners"])
        if said is None or said.strip() not in ("true", "false"):
            return None
        return said.strip() == "false"


def _output(argv: list[str]) -> str | None:
    """A short command's output, or None when it is missing, fails or takes too long."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=2)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


class BusyMonitor:
    """Busy when any available source says so."""

    def __init__(self, sources: list[BusySource]) -> None:
        self._sources = sources
        self._usable: list[BusySource] | None = None

    @property
    def usable(self) -> list[BusySource]:
        if self._usable is None:
            self._usable = [s for s in self._sources if s.availability().available]
        return self._usable

    def availability(self) -> Availability:
        names = ", ".join(s.name for s in self.usable)
        return (
            Availability.yes(names)
            if names
            else Availability.no(
                _("neither do-not-disturb nor fullscreen windows can be seen on this desktop")
            )
        )

    def report(self) -> list[tuple[str, Availability]]:
        return [(s.name, s.availability()) for s in self._sources]

    def busy(self) -> bool:
        for source in self.usable:
            try:
                if source.busy():
                    return True
            except Exception:  # a sensor must never break the reminders
                log.exception("busy source %s failed", source.name)
        return False


def for_this_system() -> list[BusySource]:
    return [  # not translated: D-Bus names
        X11Fullscreen(),
        GnomeBanners(),
        DBusFlag(
            "dunst",
            "org.freedesktop.Notifications",
            "/org/freedesktop/Notifications",
            "org.dunstproject.cmd0",
            "paused",
        ),
        DBusFlag(
            "freedesktop",
            "org.freedesktop.Notifications",
            "/org/freedesktop/Notifications",
            "org.freedesktop.Notifications",
            "Inhibited",
        ),
    ]
