"""Talking to the running app from another process (a second launch, `backbreak status`).

The app listens on a local socket (Qt's QLocalServer in the UI layer); this client side is
plain Python, so CLI commands reach the app without importing Qt. One request line, one
reply line, UTF-8.
"""

from __future__ import annotations

import getpass
import hashlib
import socket
import sys
import tempfile
from pathlib import Path

from backbreak.adapters import Availability


def endpoint(profile: str) -> str:
    """Per user and per profile folder, so portable copies do not see each other.

    On Unix a socket path in the temp folder (short: socket paths are limited to about 100
    bytes); on Windows the name of a local pipe.
    """
    digest = hashlib.sha256(f"{getpass.getuser()}\0{profile}".encode()).hexdigest()[:16]
    name = f"backbreak-{digest}"
    if sys.platform == "win32":
        return name
    return str(Path(tempfile.gettempdir()) / f"{name}.sock")


def availability() -> Availability:
    if sys.platform == "win32":
        return Availability.yes("local pipe")
    return Availability.yes("Unix socket")


def request(profile: str, line: str, timeout: float = 3.0) -> str | None:
    """Send one command to the running app; its reply, or None when no app answers."""
    name = endpoint(profile)
    payload = line.strip().encode() + b"\n"
    try:
        if sys.platform == "win32":
            with Path(rf"\\.\pipe\{name}").open("r+b", buffering=0) as pipe:
                pipe.write(payload)
                return pipe.readline().decode(errors="replace").strip()
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(name)
            sock.sendall(payload)
            reply = b""
            while not reply.endswith(b"\n"):
                chunk = sock.recv(4096)
                if not chunk:
                    break
                reply += chunk
            return reply.decode(errors="replace").strip()
    except (OSError, TimeoutError):
        return None
