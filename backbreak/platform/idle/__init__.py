"""How long the user has been away from keyboard and mouse, per platform.

Each source answers `availability()`; `idle()` returns the idle time, or None when it cannot
tell right now (the app then treats the user as present: a reminder is never lost to a
broken sensor). Tried in order: X11 screen-saver extension, GNOME's Mutter idle monitor,
the freedesktop screen saver, Windows GetLastInputInfo, macOS HID idle time; on Wayland,
GNOME's and the freedesktop monitors, then wlroots' protocols through swayidle.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
from datetime import timedelta
from typing import Any, Protocol

from backbreak.core.i18n import _
from backbreak.platform import Availability
from backbreak.platform.dbus import BusError, call

log = logging.getLogger(__name__)
#: A variable, not sys.platform itself, so type checkers keep every branch (and tests can
#: pretend to be another system).
PLATFORM: str = sys.platform


class IdleSource(Protocol):
    name: str

    def availability(self) -> Availability: ...

    def idle(self) -> timedelta | None: ...


class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    ]


class X11Idle:
    """XScreenSaverQueryInfo from libXss, through ctypes (no extra Python package)."""

    name = "x11"

    def __init__(self, display: str | None = None) -> None:
        self._display_name = display
        self._display: int | None = None
        self._xlib: Any = None
        self._xss: Any = None
        self._info: Any = None
        self._why_not = ""
        self._open()

    def _open(self) -> None:
        if not PLATFORM.startswith("linux"):
            self._why_not = _("this is not an X11 desktop")
            return
        if not (self._display_name or os.environ.get("DISPLAY")):
            self._why_not = _("there is no X11 display (DISPLAY is not set)")
            return
        x11, xss = ctypes.util.find_library("X11"), ctypes.util.find_library("Xss")
        if not x11 or not xss:
            self._why_not = _("libX11 or libXss is missing (Debian: apt-get install libxss1)")
            return
        try:
            self._xlib, self._xss = ctypes.CDLL(x11), ctypes.CDLL(xss)
            self._xlib.XOpenDisplay.restype = ctypes.c_void_p
            self._xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
            self._xlib.XDefaultRootWindow.restype = ctypes.c_ulong
            self._xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
            self._xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_XScreenSaverInfo)
            self._xss.XScreenSaverQueryExtension.argtypes = [
                ctypes.c_void_p,
                ctypes.POINTER(ctypes.c_int),
                ctypes.POINTER(ctypes.c_int),
            ]
            self._xss.XScreenSaverQueryInfo.argtypes = [
                ctypes.c_void_p,
                ctypes.c_ulong,
                ctypes.POINTER(_XScreenSaverInfo),
            ]
            name = self._display_name.encode() if self._display_name else None
            display = self._xlib.XOpenDisplay(name)
            if not display:
                self._why_not = _("the X11 display cannot be opened")
                return
            event, error = ctypes.c_int(), ctypes.c_int()
            if not self._xss.XScreenSaverQueryExtension(
                display, ctypes.byref(event), ctypes.byref(error)
            ):
                self._why_not = _("the X server has no screen-saver extension")
                return
            self._display = display
            self._info = self._xss.XScreenSaverAllocInfo()
        except (OSError, AttributeError) as exc:
            self._why_not = _("libXss could not be used ({error})").format(error=exc)

    @property
    def display_name(self) -> str | None:
        """The display asked for (None: $DISPLAY), for a watch on the same server."""
        return self._display_name

    def availability(self) -> Availability:
        return (
            Availability.yes(_("X11 screen saver"))
            if self._display
            else Availability.no(self._why_not or _("X11 idle time is not available"))
        )

    def idle(self) -> timedelta | None:
        if not self._display:
            return None
        root = self._xlib.XDefaultRootWindow(self._display)
        if not self._xss.XScreenSaverQueryInfo(self._display, root, self._info):
            return None
        return timedelta(milliseconds=int(self._info.contents.idle))


class DBusIdle:
    """A session-bus idle query: GNOME's Mutter monitor or the freedesktop screen saver."""

    def __init__(
        self, name: str, bus_name: str, path: str, interface: str, method: str, unit_ms: bool
    ) -> None:
        self.name = name
        self._target = (bus_name, path, interface, method)
        self._unit_ms = unit_ms
        self._why_not = ""
        self._works: bool | None = None

    def availability(self) -> Availability:
        if not PLATFORM.startswith("linux"):
            return Availability.no(_("D-Bus idle monitors are a Linux thing"))
        if self._works is None:
            self._works = self._query() is not None
        return (
            Availability.yes("D-Bus")
            if self._works
            else Availability.no(
                self._why_not or _("{service} does not answer").format(service=self._target[0])
            )
        )

    def idle(self) -> timedelta | None:
        return self._query()

    def _query(self) -> timedelta | None:
        try:
            body = call(*self._target)
        except BusError as exc:
            self._why_not = str(exc)
            return None
        if not body:
            self._why_not = _("{service} gave no idle time").format(service=self._target[0])
            return None
        value = int(body[0])
        return timedelta(milliseconds=value) if self._unit_ms else timedelta(seconds=value)


class WindowsIdle:
    name = "windows"

    def availability(self) -> Availability:
        if PLATFORM != "win32":
            return Availability.no(_("this is not Windows"))
        return Availability.yes()

    def idle(self) -> timedelta | None:
        if PLATFORM != "win32":
            return None

        class LastInputInfo(ctypes.Structure):
            _fields_ = [("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint)]

        info = LastInputInfo(ctypes.sizeof(LastInputInfo), 0)
        windll: Any = getattr(ctypes, "windll")  # noqa: B009 (only exists on Windows)
        if not windll.user32.GetLastInputInfo(ctypes.byref(info)):
            return None
        return timedelta(milliseconds=int(windll.kernel32.GetTickCount()) - info.dwTime)


class MacIdle:
    name = "macos"
    HID_IDLE = 0xFFFFFFFF  # kCGAnyInputEventType

    def availability(self) -> Availability:
        if PLATFORM != "darwin":
            return Availability.no(_("this is not macOS"))
        return (
            Availability.yes()
            if ctypes.util.find_library("ApplicationServices")
            else Availability.no(_("ApplicationServices is missing"))
        )

    def idle(self) -> timedelta | None:
        path = ctypes.util.find_library("ApplicationServices")
        if PLATFORM != "darwin" or not path:
            return None
        services = ctypes.CDLL(path)
        services.CGEventSourceSecondsSinceLastEventType.restype = ctypes.c_double
        seconds = services.CGEventSourceSecondsSinceLastEventType(1, self.HID_IDLE)
        return timedelta(seconds=float(seconds))


class IdleMonitor:
    """The first available source; `report()` says why the others were passed over."""

    def __init__(self, sources: list[IdleSource]) -> None:
        self._sources = sources
        self._chosen: IdleSource | None = None
        self._checked = False

    @property
    def source(self) -> IdleSource | None:
        if not self._checked:
            self._checked = True
            for source in self._sources:
                availability = source.availability()
                if availability.available:
                    self._chosen = source
                    break
                log.info("idle source %s: %s", source.name, availability)
        return self._chosen

    def availability(self) -> Availability:
        chosen = self.source
        if chosen is None:
            return Availability.no(
                _("no idle-time source works on this desktop; breaks count wall-clock time")
            )
        return Availability.yes(chosen.name)

    def report(self) -> list[tuple[str, Availability]]:
        return [(s.name, s.availability()) for s in self._sources]

    def idle(self) -> timedelta | None:
        chosen = self.source
        if chosen is None:
            return None
        try:
            return chosen.idle()
        except Exception:  # a sensor must never break the reminders
            log.exception("idle source %s failed", chosen.name)
            return None


def for_this_system() -> list[IdleSource]:
    gnome = DBusIdle(  # not translated: D-Bus names
        "gnome",
        "org.gnome.Mutter.IdleMonitor",
        "/org/gnome/Mutter/IdleMonitor/Core",
        "org.gnome.Mutter.IdleMonitor",
        "GetIdletime",
        unit_ms=True,
    )
    freedesktop = DBusIdle(  # not translated: D-Bus names
        "freedesktop",
        "org.freedesktop.ScreenSaver",
        "/ScreenSaver",
        "org.freedesktop.ScreenSaver",
        "GetSessionIdleTime",
        unit_ms=False,
    )
    sources: list[IdleSource] = [X11Idle(), gnome, freedesktop, WindowsIdle(), MacIdle()]
    if os.environ.get("WAYLAND_DISPLAY"):  # X11 idle under Xwayland sees only X11 clients
        from backbreak.platform.idle.wayland import SwayIdle

        sources = [gnome, freedesktop, SwayIdle(), *sources[:1]]
    return sources
