"""One blocking call on the D-Bus session bus (jeepney: pure Python, typed signatures).

Shared by the notification, idle-time and do-not-disturb adapters, which each make one
short call now and then; any failure becomes a BusError with a reason to show users.
"""

from __future__ import annotations

from typing import Any

from backbreak.core.i18n import _


class BusError(Exception):
    """No bus, no such service, an error reply or a timeout; the message says which."""


def call(
    bus_name: str,
    path: str,
    interface: str,
    method: str,
    signature: str | None = None,
    body: tuple[Any, ...] = (),
    timeout: float = 1.0,
) -> tuple[Any, ...]:
    """Call a method and return the reply's body."""
    try:
        from jeepney import DBusAddress, MessageType, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        address = DBusAddress(path, bus_name=bus_name, interface=interface)
        message = new_method_call(address, method, signature, body)
        with open_dbus_connection(bus="SESSION") as conn:
            reply = conn.send_and_get_reply(message, timeout=timeout)
    except Exception as exc:  # no bus, no service, timeout, jeepney missing
        raise BusError(
            _("{service} is not reachable ({error})").format(
                service=bus_name, error=type(exc).__name__
            )
        ) from exc
    if reply.header.message_type is MessageType.error:
        raise BusError(
            _("{service} answered with an error: {error}").format(
                service=bus_name, error=repr(reply.body)
            )
        )
    return tuple(reply.body)


def get_property(bus_name: str, path: str, interface: str, name: str, timeout: float = 1.0) -> Any:
    """Read one property (org.freedesktop.DBus.Properties.Get)."""
    body = call(  # not translated: D-Bus names
        bus_name, path, "org.freedesktop.DBus.Properties", "Get", "ss", (interface, name), timeout
    )
    if not body:
        raise BusError(
            _("{service} has no {property} property").format(service=bus_name, property=name)
        )
    _signature, value = body[0]
    return value


def has_owner(bus_name: str, timeout: float = 1.0) -> bool:
    """Whether something on the session bus holds `bus_name` (False: no bus, or nobody)."""
    try:
        body = call(  # not translated: D-Bus names
            "org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus",
            "NameHasOwner",
            "s",
            (bus_name,),
            timeout,
        )
    except BusError:
        return False
    return bool(body and body[0])


def tray_kind(tray_available: bool) -> str:
    """How the tray icon is shown, for About: Qt uses a StatusNotifierItem where a watcher
    is on the bus (KDE, GNOME's AppIndicator extension, swaybar, waybar), else the X11
    system tray (XEmbed), else backbreak shows its status window."""
    if not tray_available:
        return _("not here, a window instead")
    if has_owner("org.kde.StatusNotifierWatcher"):  # not translated: a D-Bus name
        return _("available: a StatusNotifierItem (D-Bus)")
    return _("available: the system tray protocol (XEmbed)")
