"""The next keystroke or mouse move on X11, announced by the server: an XSync alarm on the
IDLETIME counter (libXext, through ctypes).

While a break waits for the user to come back, the app would otherwise ask the idle time
every few seconds. The alarm fires once when the idle time drops back below a millisecond,
which only input does, so the app sleeps until the user is back. It has its own X
connection, opened at the first watch (most days never need one) and read on the GUI thread
only: `fileno()` is what a socket notifier watches, `fired()` reads what came.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
from typing import Any

from backbreak.core.i18n import _
from backbreak.platform import Availability

log = logging.getLogger(__name__)

IDLETIME = b"IDLETIME"
ALARM_NOTIFY = 1  # XSyncAlarmNotify, added to the extension's first event number
_ABSOLUTE, _NEGATIVE_TRANSITION = 0, 1  # XSyncAbsolute, XSyncNegativeTransition
# XSyncCACounter | XSyncCAValueType | XSyncCAValue | XSyncCATestType | XSyncCADelta | Events
_ALARM_FIELDS = 0b111111


class _Value(ctypes.Structure):  # XSyncValue: a 64-bit number in two halves
    _fields_ = [("hi", ctypes.c_int), ("lo", ctypes.c_uint)]


class _SystemCounter(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("counter", ctypes.c_ulong), ("resolution", _Value)]


class _Trigger(ctypes.Structure):
    _fields_ = [
        ("counter", ctypes.c_ulong),
        ("value_type", ctypes.c_int),
        ("wait_value", _Value),
        ("test_type", ctypes.c_int),
    ]


class _AlarmAttributes(ctypes.Structure):
    _fields_ = [
        ("trigger", _Trigger),
        ("delta", _Value),
        ("events", ctypes.c_int),
        ("state", ctypes.c_int),
    ]


def _no_alarm() -> str:
    return _("the X server has no idle alarm (the SYNC extension's IDLETIME counter)")


_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_x_errors: list[int] = []


def _note_x_error(_display: int | None, event: int | None) -> int:
    """Xlib's own handler ends the process on any X error: note it and go on instead."""
    code = ctypes.c_ubyte.from_address(event + 32).value if event else 0  # XErrorEvent.error_code
    _x_errors.append(code)
    return 0


_on_x_error = _ERROR_HANDLER(_note_x_error)


class XSyncBack:
    """One-shot watches for the user's next input on an X11 display."""

    name = "x11-sync"

    def __init__(self, display: str | None = None) -> None:
        self._display_name = display if display is not None else os.environ.get("DISPLAY", "")
        self._display: int | None = None
        self._xlib: Any = None
        self._xext: Any = None
        self._idletime = 0
        self._first_event = 0
        self._alarm = 0
        self._opened = False
        self._why_not = ""

    def label(self) -> str:
        return _("X11 idle alarm")

    def availability(self) -> Availability:
        self._open()
        if self._display is None:
            return Availability.no(self._why_not or _("X11 idle alarms are not available"))
        return Availability.yes(self.label())

    def fileno(self) -> int | None:
        """The X connection's socket: readable when the server has something for us."""
        self._open()
        return None if self._display is None else int(self._xlib.XConnectionNumber(self._display))

    def arm(self) -> bool:
        """Watch for the next input (replacing a watch already set); False: cannot here."""
        self._open()
        if self._display is None:
            return False
        self.disarm()
        attributes = _AlarmAttributes()
        attributes.trigger.counter = self._idletime
        attributes.trigger.value_type = _ABSOLUTE
        attributes.trigger.wait_value = _Value(0, 1)  # idle time falls below 1 ms: input
        attributes.trigger.test_type = _NEGATIVE_TRANSITION
        attributes.delta = _Value(0, 0)
        attributes.events = 1
        errors = len(_x_errors)
        alarm = int(self._xext.XSyncCreateAlarm(self._display, _ALARM_FIELDS, attributes) or 0)
        self._xlib.XSync(self._display, 0)  # a round trip: any error has come back by now
        if not alarm or len(_x_errors) > errors:
            log.info("X11 idle alarm: the server refused it (X error %s)", _x_errors[errors:])
            return False
        self._alarm = alarm
        return True

    def fired(self) -> bool:
        """Read what the server sent; True once the watch's alarm has gone off (it is then
        taken down: watches are one-shot)."""
        if self._display is None:
            return False
        event = (ctypes.c_long * 24)()  # XEvent is a union of 24 longs
        fired = False
        while self._xlib.XPending(self._display):
            self._xlib.XNextEvent(self._display, event)
            kind = ctypes.c_int.from_buffer(event).value
            fired = fired or (kind == self._first_event + ALARM_NOTIFY and self._alarm != 0)
        if fired:
            self.disarm()
        return fired

    def disarm(self) -> None:
        if self._display is not None and self._alarm:
            self._xext.XSyncDestroyAlarm(self._display, self._alarm)
            self._xlib.XFlush(self._display)
        self._alarm = 0

    def close(self) -> None:
        self.disarm()
        if self._display is not None:
            self._xlib.XCloseDisplay(self._display)
        self._display = None

    # -- opening, once ------------------------------------------------------------------
    def _open(self) -> None:
        if self._opened:
            return
        self._opened = True
        if not self._display_name:
            self._why_not = _("there is no X11 display (DISPLAY is not set)")
            return
        x11, xext = ctypes.util.find_library("X11"), ctypes.util.find_library("Xext")
        if not x11 or not xext:
            self._why_not = _("libX11 or libXext is missing (Debian: apt-get install libxext6)")
            return
        try:
            self._xlib, self._xext = ctypes.CDLL(x11), ctypes.CDLL(xext)
            _declare(self._xlib, self._xext)
        except (OSError, AttributeError) as exc:
            self._why_not = _("libXext could not be used ({error})").format(error=exc)
            return
        display = self._xlib.XOpenDisplay(self._display_name.encode())
        if not display:
            self._why_not = _("the X11 display cannot be opened")
            return
        self._xlib.XSetErrorHandler(_on_x_error)
        counter = self._idle_counter(display)
        if not counter:
            self._xlib.XCloseDisplay(display)
            return
        self._display, self._idletime = display, counter

    def _idle_counter(self, display: int) -> int:
        event, error, major, minor = (ctypes.c_int() for _i in range(4))
        if not self._xext.XSyncQueryExtension(display, ctypes.byref(event), ctypes.byref(error)):
            self._why_not = _no_alarm()
            return 0
        if not self._xext.XSyncInitialize(display, ctypes.byref(major), ctypes.byref(minor)):
            self._why_not = _no_alarm()
            return 0
        self._first_event = event.value
        count = ctypes.c_int()
        counters = self._xext.XSyncListSystemCounters(display, ctypes.byref(count))
        found = 0
        try:
            for index in range(count.value if counters else 0):
                if counters[index].name == IDLETIME:
                    found = int(counters[index].counter)
        finally:
            if counters:
                self._xext.XSyncFreeSystemCounterList(counters)
        if not found:
            self._why_not = _no_alarm()
        return found


def _declare(xlib: Any, xext: Any) -> None:
    """Argument and result types: ctypes would otherwise cut the pointers to ints."""
    pointer, int_p = ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)
    xlib.XOpenDisplay.restype = pointer
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XCloseDisplay.argtypes = [pointer]
    xlib.XConnectionNumber.argtypes = [pointer]
    xlib.XSync.argtypes = [pointer, ctypes.c_int]
    xlib.XFlush.argtypes = [pointer]
    xlib.XPending.argtypes = [pointer]
    xlib.XNextEvent.argtypes = [pointer, pointer]
    xlib.XSetErrorHandler.argtypes = [_ERROR_HANDLER]
    xlib.XSetErrorHandler.restype = pointer
    xext.XSyncQueryExtension.argtypes = [pointer, int_p, int_p]
    xext.XSyncInitialize.argtypes = [pointer, int_p, int_p]
    xext.XSyncListSystemCounters.argtypes = [pointer, int_p]
    xext.XSyncListSystemCounters.restype = ctypes.POINTER(_SystemCounter)
    xext.XSyncFreeSystemCounterList.argtypes = [ctypes.POINTER(_SystemCounter)]
    xext.XSyncCreateAlarm.argtypes = [pointer, ctypes.c_ulong, ctypes.POINTER(_AlarmAttributes)]
    xext.XSyncCreateAlarm.restype = ctypes.c_ulong
    xext.XSyncDestroyAlarm.argtypes = [pointer, ctypes.c_ulong]
