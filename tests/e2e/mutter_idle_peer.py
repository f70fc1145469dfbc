"""A scripted stand-in for GNOME's org.gnome.Mutter.IdleMonitor on a session bus: answers
GetIdletime (milliseconds, uint64) with the number in the file given as its argument, so a
test decides how long the user has been away. Run as a program; stops with its bus."""

from __future__ import annotations

import sys
from pathlib import Path

from jeepney import HeaderFields, MessageType, new_error, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

NAME = "org.gnome.Mutter.IdleMonitor"
PATH = "/org/gnome/Mutter/IdleMonitor/Core"


def main() -> None:
    idle_file = Path(sys.argv[1])
    with open_dbus_connection(bus="SESSION") as conn:
        conn.send_and_get_reply(message_bus.RequestName(NAME, 4))  # 4: do not queue
        print("ready", flush=True)
        while True:
            message = conn.receive()
            fields = message.header.fields
            if message.header.message_type is not MessageType.method_call:
                continue
            if fields.get(HeaderFields.path) == PATH and fields.get(HeaderFields.member) == (
                "GetIdletime"
            ):
                milliseconds = int(idle_file.read_text().strip() or 0)
                conn.send(new_method_return(message, "t", (milliseconds,)))
            else:
                conn.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod"))


if __name__ == "__main__":
    main()
