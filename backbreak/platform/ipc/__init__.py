"""Talking to the running app from another process (a second launch, `backbreak status`).

The app listens on a local socket (platform/ipc/qt.py); the two sides speak the format in
platform/ipc/frames.py (re-exported here), and this module is the client, in plain Python so
CLI commands reach the app without Qt.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import socket
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from backbreak.core.i18n import N_, _
from backbreak.platform.ipc.frames import (
    MAX_DEPTH,
    MAX_REPLY,
    MAX_REQUEST,
    MAX_TEXT,
    FrameReader,
    ProtocolError,
    Reply,
    Request,
    decode_reply,
    decode_request,
    encode_reply,
    encode_request,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_REPLY",
    "MAX_REQUEST",
    "MAX_TEXT",
    "FrameReader",
    "ProtocolError",
    "Reply",
    "Request",
    "decode_reply",
    "decode_request",
    "encode_reply",
    "encode_request",
    "endpoint",
    "request",
    "same_user",
    "sha256_hex",
]


# -- the client --------------------------------------------------------------------------


def sha256_hex(data: bytes) -> str:
    """SHA-256 from Python's built-in implementation where it has one.

    hashlib maps OpenSSL's libcrypto on import: half a MiB that the tray app would keep all
    day for one hash at start. The digest is the same either way.
    """
    for name in ("_sha2", "_sha256"):  # Python 3.12+, 3.11
        try:
            built_in = importlib.import_module(name)
        except ImportError:
            continue
        return str(built_in.sha256(data).hexdigest())
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _user() -> str:
    """getpass.getuser(), without getpass (it loads termios for its password prompt, which
    the resident app would keep): the same variables, then the password database."""
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if user := os.environ.get(name):
            return user
    if sys.platform == "win32":
        import getpass

        return getpass.getuser()
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name


def endpoint(profile: str) -> str:
    """Per user and per profile folder, so portable copies do not see each other.

    On Unix a socket path in the temp folder (short: socket paths are limited to about 100
    bytes); on Windows the name of a local pipe.
    """
    digest = sha256_hex(f"{_user()}\0{profile}".encode())[:16]
    name = f"backbreak-{digest}"
    if sys.platform == "win32":
        return name
    return str(Path(tempfile.gettempdir()) / f"{name}.sock")


NO_ANSWER = N_("backbreak is running but did not answer in time; see its log file")
FOREIGN = N_(
    "the running backbreak answered in a way this version cannot read (is an older version "
    "still running? Quit it and start it again)"
)


def request(
    profile: str,
    command: str,
    args: Mapping[str, str] | None = None,
    timeout: float = 3.0,
) -> Reply | None:
    """Ask the running app; its reply, or None when no app listens. An app that takes the
    connection but does not answer sensibly in `timeout` seconds gets an error reply."""
    name = endpoint(profile)
    if sys.platform != "win32" and not Path(name).exists():
        return None  # nobody listens: the usual first launch, answered without any encoding
    payload = encode_request(Request(command, dict(args or {})))
    if sys.platform == "win32":
        return pipe_request(rf"\\.\pipe\{name}", payload, timeout)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(name)
        except OSError:  # refused (a crashed app's socket file), gone, or timed out
            return None
        if not same_user(sock, name):  # another user's socket: not our app
            return None
        deadline = time.monotonic() + timeout
        received = bytearray()
        try:
            sock.sendall(payload)
            while b"\n" not in received and len(received) <= MAX_REPLY:
                sock.settimeout(max(0.01, deadline - time.monotonic()))
                chunk = sock.recv(4096)
                if not chunk:
                    break
                received += chunk
        except OSError:  # TimeoutError included
            if not received:
                return Reply.error(_(NO_ANSWER))
        return _reply(bytes(received))


def open_pipe(path: str) -> BinaryIO:
    """Windows: connect to a named pipe as a file (a seam the tests replace)."""
    return Path(path).open("r+b", buffering=0)


def pipe_request(path: str, payload: bytes, timeout: float) -> Reply | None:
    """Windows: the request over a named pipe. Reading a pipe cannot time out, so it runs
    on a helper thread: an app that takes the request and never answers gets the same
    "did not answer" as on Unix, instead of a CLI that hangs."""
    try:
        pipe = open_pipe(path)
    except OSError:
        return None  # no pipe of that name: nobody listens
    answer: list[bytes] = []

    def talk() -> None:
        try:
            pipe.write(payload)
            answer.append(pipe.readline(MAX_REPLY + 1))
        except OSError:
            answer.append(b"")

    worker = threading.Thread(target=talk, name="backbreak-pipe", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive() or not answer:
        with contextlib.suppress(OSError):
            pipe.close()  # the daemon thread is left to the pipe's end
        return Reply.error(_(NO_ANSWER))
    pipe.close()
    return _reply(answer[0])


def same_user(sock: socket.socket, path: str) -> bool:
    """The process at the other end of a local socket runs as this user, so another user
    cannot pose as the app, nor talk to it. Linux says who the peer is; elsewhere the socket
    file's owner stands in (its mode lets only the owner connect)."""
    option = getattr(socket, "SO_PEERCRED", None)
    try:
        if option is not None:
            _pid, uid, _gid = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, option, 12))
        else:
            uid = Path(path).stat().st_uid
    except OSError:
        return False
    return bool(uid == os.getuid())


def _reply(raw: bytes) -> Reply:
    line = raw.split(b"\n", 1)[0]
    if not line.strip():
        return Reply.error(_(NO_ANSWER))
    try:
        return decode_reply(line)
    except ProtocolError:
        return Reply.error(_(FOREIGN))
