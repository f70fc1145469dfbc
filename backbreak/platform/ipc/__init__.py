"""Talking to the running app from another process (a second launch, `backbreak status`).

The app listens on a local socket (ui/single_instance.py); this module holds the wire format
both sides speak, and the client, in plain Python so CLI commands reach the app without Qt.

One request per connection: a JSON object on one line, and one reply the same way::

    {"command": "start", "args": {"routine": "neck-release"}}
    {"ok": true, "text": "started Neck release"}      or      {"ok": false, "error": "…"}

The line end frames the request: JSON never holds a raw newline (inside a string it travels
as the two characters ``\\n``), so a newline typed into an argument cannot start a second
command, which the old protocol of text lines allowed. A newline rather than a length prefix
because an older app still running answers a line (with an error) instead of waiting for
more bytes, so a second launch still sees that one runs. Everything is bounded: the bytes of
a request and a reply, the nesting depth, the text (UTF-8 only, no lone surrogates), and the
shape (an object with a command name and an object of string arguments). Anything else is a
`ProtocolError`, which the server turns into an error reply without acting on it; whether the
command and its arguments exist is judged by the command table (ui/commands.py).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import socket
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from backbreak.core.i18n import N_, _

MAX_REQUEST = 16 * 1024
"""Bytes of one request, its newline included: backbreak's own are under 1 KiB."""
MAX_REPLY = 64 * 1024
"""Bytes of one reply; the client reads no more."""
MAX_TEXT = 4000
"""Characters of a reply's text; longer text is cut (a status line is under 100)."""
MAX_DEPTH = 4
"""Nesting of arrays and objects: a request needs 2 (the request, its arguments)."""
COMMAND_NAME = re.compile(r"[a-z][a-z-]{0,31}")


class ProtocolError(ValueError):
    """A request or reply that is not one well-formed message (the socket's one error type).
    Its words stay English: backbreak's own CLI never sends such a message, so they are read
    only by whoever writes another client."""


@dataclass(frozen=True, slots=True)
class Request:
    command: str
    args: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reply:
    ok: bool
    text: str
    """The answer when `ok`, else why not (one line, for a person)."""

    @classmethod
    def done(cls, text: str) -> Reply:
        return cls(True, text)

    @classmethod
    def error(cls, text: str) -> Reply:
        return cls(False, text)


# -- the wire format ---------------------------------------------------------------------


def encode_request(request: Request) -> bytes:
    import json  # here and below: a tray app that is never asked does not load json

    message = {"command": request.command, "args": dict(request.args)}
    return json.dumps(message, ensure_ascii=True).encode("ascii") + b"\n"


def encode_reply(reply: Reply) -> bytes:
    import json

    text = reply.text if len(reply.text) <= MAX_TEXT else reply.text[: MAX_TEXT - 1] + "…"
    message = {"ok": True, "text": text} if reply.ok else {"ok": False, "error": text}
    return json.dumps(message, ensure_ascii=True).encode("ascii") + b"\n"


def decode_request(frame: bytes) -> Request:
    """One request line (without its newline) -> the request; ProtocolError says why not."""
    message = _decode(frame, MAX_REQUEST)
    unknown = sorted(set(message) - {"command", "args"})
    if unknown:
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            f"unknown field {_shown(unknown[0])}; a request has command and args"
        )
    command = message.get("command")
    if not isinstance(command, str) or not COMMAND_NAME.fullmatch(command):
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            "the command must be a name like status"
        )
    args = message.get("args", {})
    if not isinstance(args, dict):
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            "args must be an object of names and texts"
        )
    for name, value in args.items():
        if not isinstance(value, str):
            raise ProtocolError(  # not translated: a protocol error, for a client's author
                f"the argument {_shown(name)} must be a text"
            )
    return Request(command, args)


def decode_reply(frame: bytes) -> Reply:
    message = _decode(frame, MAX_REPLY)
    ok = message.get("ok")
    text = message.get("text" if ok is True else "error")
    if not isinstance(ok, bool) or not isinstance(text, str):
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            "a reply holds ok and its text or error"
        )
    return Reply(ok, text)


def _decode(frame: bytes, limit: int) -> dict[str, Any]:
    if len(frame) > limit:
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            f"the message is longer than {limit} bytes"
        )
    try:
        text = frame.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            "the message is not UTF-8 text"
        ) from None
    if _depth(text) > MAX_DEPTH:
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            f"the message is nested deeper than {MAX_DEPTH} levels"
        )
    import json

    try:
        message = json.loads(text, object_pairs_hook=_unique, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            f"the message is not one JSON object ({_reason(exc)})"
        ) from None
    if not isinstance(message, dict):
        raise ProtocolError(  # not translated: a protocol error, for a client's author
            "the message must be a JSON object"
        )
    return message


def _depth(text: str) -> int:
    """How deep arrays and objects nest, brackets inside strings not counted (checked
    before parsing: json's parser recurses, and a deep enough document exhausts the stack)."""
    deepest = depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are distinct texts (a repeated key could hide a second value)."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(  # not translated: a protocol error, for a client's author
                f"the key {_shown(key)} appears twice"
            )
        for text in (key, value):
            if isinstance(text, str) and _SURROGATE.search(text):
                raise ValueError(  # not translated: a protocol error, for a client's author
                    "a text holds a lone surrogate (\\ud800-\\udfff)"
                )
        found[key] = value
    return found


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_constant(name: str) -> Any:
    raise ValueError(  # not translated: a protocol error, for a client's author
        f"{name} is not a number JSON allows"
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "too deeply nested"  # not translated: a protocol error, for a client's author
    return str(exc).split(": line ")[0][:80]


def _shown(text: str) -> str:
    """A name from a message, quoted for an error message: escaped and short."""
    return ascii(text[:40])


class FrameReader:
    """Collects one frame (one line) from chunks as they arrive, holding at most `limit`
    bytes: a client that sends forever is told so, not buffered."""

    def __init__(self, limit: int = MAX_REQUEST) -> None:
        self.limit = limit
        self._buffer = bytearray()

    def feed(self, chunk: bytes) -> bytes | None:
        """The frame once its newline arrived; an empty chunk (the end of the stream) ends
        it too. ProtocolError: too long, nothing at all, or bytes after the newline."""
        if not chunk:
            if not self._buffer.strip():
                raise ProtocolError(  # not translated: a protocol error, for a client's author
                    "the connection closed before a request"
                )
            return bytes(self._buffer)
        self._buffer += chunk
        end = self._buffer.find(b"\n")
        if end < 0:
            if len(self._buffer) > self.limit:
                raise ProtocolError(  # not translated: a protocol error, for a client's author
                    f"the request is longer than {self.limit} bytes"
                )
            return None
        if end + 1 > self.limit:
            raise ProtocolError(  # not translated: a protocol error, for a client's author
                f"the request is longer than {self.limit} bytes"
            )
        if self._buffer[end + 1 :].strip():
            raise ProtocolError(  # not translated: a protocol error, for a client's author
                "one request per connection"
            )
        return bytes(self._buffer[:end])


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
